#!/bin/sh
# 2005-bt-engine-edges - corners of the engine found while closing the
# differential corpus, each against the real sendmail 8.17: a hosts-file
# short name only for names in our own domain ($m); -bt's delivery mode
# (interactive unless the command line says otherwise; $[ $] deferred in
# -odd); the byte after $ $& $= $~ in raw input named by sendmail's
# one-byte macro ids; remotename's expansion of operator bytes; "$$" in a
# D value; the V line's effects ($w short name from level 5, ColonOkInAddr,
# the flags old cfs imply); warnings that leave -bt running; the names of
# the interfaces in class w.
test_description='-bt engine corners against sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
CF=$TRASH/minimal.cf

# small - a small cf of version $1 with extra lines $2 (printf format)
small() {
	printf 'V%s\nDjmail.example.test\nO HostsFile=%s/etc/hosts\n' "$1" "$TRASH"
	printf 'O ServiceSwitchFile=%s/etc/service.switch\n' "$TRASH"
	printf 'Mlocal, P=/bin/true, F=l, A=x\n'
	printf 'Mesmtp, P=[IPC], F=mDFMuX, A=TCP $h\n'
	printf 'S0\nR$*\t$#local $: $1\nS3\nR$*\t$@ $1\n'
	printf "$2"
}

test_expect_success ORACLE,SANDBOX,BT 'hosts file: a short name matches only in $m' '
	printf "%s\n" "/canon relay" "/canon relay.example.org" \
		"/canon relay.example.test" "/canon relay.example.test." \
		"/map host relay.example.org" "3,0 u@relay.example.org" \
		"3,0 u@relay" >in.hosts &&
	bt_diff "$CF" in.hosts
'

test_expect_success ORACLE,SANDBOX,BT 'delivery mode: interactive in -bt, -od wins' '
	printf "%s\n" "\${deliveryMode}" "3,0 a@mail" >in.dm &&
	bt_diff "$CF" in.dm &&
	sed "s/^O DeliveryMode=.*/O DeliveryMode=deferred/" "$CF" >dm.cf &&
	bt_diff dm.cf in.dm &&
	for o in -odd -odq -odb; do
		sandbox_run "$REAL_SENDMAIL" -bt -C "$CF" $o <in.dm >expect.dm$o 2>&1
		echo "exit $?" >>expect.dm$o
		sandbox_run "$SENDMAIL" -bt -C "$CF" $o <in.dm >actual.dm$o 2>&1
		echo "exit $?" >>actual.dm$o
		test_cmp expect.dm$o actual.dm$o || return 1
	done
'

test_expect_success ORACLE,SANDBOX,BT 'raw bytes after $ $& $= $~ and $1 as sendmail shows them' '
	small 10 "HX-A: \${auth_type} \${verify}\nC{Foo}a b\nD{bar}\$&{baz}\n" >ids.cf &&
	for lead in 201 202 223 224 225; do
		for b in 001 101 177 200 202 240 242 243 244 245 246 247 250 377; do
			printf "/try esmtp a\\$lead\\${b}z\n"
		done
	done >in.ids &&
	printf "/try esmtp \200\201@example.com\n" >>in.ids &&
	bt_diff ids.cf in.ids &&
	bt_diff "$CF" in.ids
'

test_expect_success ORACLE,SANDBOX,BT 'remotename and /expand expand operator bytes; addr_type after /try' '
	printf "/try esmtp a\201%sz\n" "#" j 1 "{" w "&" >in.expand &&
	printf "/try esmtp a\232jX\233Y\234z\n/try esmtp a\232xX\233Y\234z\n" >>in.expand &&
	printf "/try esmtp a\234z\n/try esmtp a\233z\n/expand a\201j\232xX\233Y\234z\n" >>in.expand &&
	printf "%s\n" "/tryflags hs" "/try esmtp x@y" "\${addr_type}" >>in.expand &&
	bt_diff "$CF" in.expand
'

test_expect_success ORACLE,SANDBOX,BT '$$ in a D value and in .D shows one $' '
	small 10 "D{Z}a\$\$b\n" >dollar.cf &&
	printf "%s\n" "\${Z}" ".DYa\$\$b" "\$Y" ".DXa\$jb" "\$X" >in.dollar &&
	bt_diff dollar.cf in.dollar
'

test_expect_success ORACLE,SANDBOX,BT 'the V line: $w, ColonOkInAddr, implied mailer flags' '
	printf "%s\n" "\$w" "=M" "/parse a:b@c" "/parse list: a, b;" >in.v &&
	for v in 0 2 4 5 6 7 10; do
		small $v "Mprog, P=/bin/sh, F=l, A=sh -c \$u\n" >v$v.cf &&
		bt_diff v$v.cf in.v || return 1
	done &&
	{ echo "Dwfoo.bar"; small 10 ""; } >dw1.cf &&
	small 10 "Dwfoo.bar\n" >dw2.cf &&
	bt_diff dw1.cf in.v &&
	bt_diff dw2.cf in.v
'

test_expect_success ORACLE,SANDBOX,BT 'warnings leave -bt running, with sendmail'"'"'s exit status' '
	printf "%s\n" "=M" "3,0 a" >in.warn &&
	small 10 "O LogLev=5\n" >loglev.cf &&
	small 10 "Mcyr, P=/bin/true, F=l, U=nosuchuser_x:mail, A=x\n" >uuser.cf &&
	printf "V10\nDjmail.example.test\nS0\nR\$*\t\$@ \$1\n" >nolocal.cf &&
	small 10 "O DefaultUser=nosuchuser_x\nO TrustedUser=nosuchuser_y\n" >ouser.cf &&
	bt_diff loglev.cf in.warn &&
	bt_diff uuser.cf in.warn &&
	bt_diff ouser.cf in.warn &&
	bt_diff nolocal.cf in.warn
'

test_expect_success ORACLE,SANDBOX,BT 'interface names join class w with their [name] form' '
	small 10 "" >ifnames.cf &&
	small 10 "Cwlocalhost\n" >ifnames2.cf &&
	printf "%s\n" "\$=w" >in.w &&
	bt_diff ifnames.cf in.w &&
	bt_diff ifnames2.cf in.w
'

test_expect_success ORACLE,SANDBOX,BT 'dns map: -R -r -Z take their value after a blank' '
	small 10 "Kd1 dns -R A -T<TMP>\nKd2 dns -r 3 -R MX -z, -Z 2\nKd3 dns -RA -T <TMP>\n" >dns.cf &&
	printf "%s\n" "/map d1 a" "/map d2 a" "/map d3 a" >in.dns &&
	bt_diff dns.cf in.dns
'

test_expect_success ORACLE,SANDBOX,BT 'dequote map: only its first flag counts' '
	small 10 "Kdq2 dequote -s+ -d.\nKdq3 dequote -a.X\nKdq4 dequote -d. -a.X\nKdq5 dequote -S_\n" >dq.cf &&
	printf "%s\n" "/map dq2 \"a b\"" "/map dq3 \"ab\"" "/map dq4 \"ab\"" "/map dq5 \"a b\"" >in.dq &&
	bt_diff dq.cf in.dq
'

test_expect_success ORACLE,SANDBOX,BT 'ResolverOptions reach the resolver; [] and timeouts' '
	printf "hosts\tdns files\n" >etc/switch.dns &&
	sed "s|^O ServiceSwitchFile=.*|O ServiceSwitchFile=$TRASH/etc/switch.dns|" "$CF" >dns1.cf &&
	sed "s|^O ServiceSwitchFile=.*|O ServiceSwitchFile=$TRASH/etc/switch.dns\nO ResolverOptions=-DNSRCH -DEFNAMES|" "$CF" >dns2.cf &&
	printf "%s\n" "/map host mail" "/map host www.example" "/map host []" \
		"/map host [192.0.2.1]" "/canon mail" "3,0 u@[]" "/parse u@[]" \
		"/parse u@mail" >in.res &&
	bt_diff dns1.cf in.res &&
	bt_diff dns2.cf in.res
'

test_expect_success ORACLE,SANDBOX,BT '-d21.2 -d21.3 -d21.4 -d21.10 -d21.12: rule traces' '
	cat "$BT_DATA/scripts/check_rcpt.bt" "$BT_DATA/scripts/check_mail.bt" \
		"$BT_DATA/scripts/rulesets.bt" >in.d21 &&
	for d in -d21.2 -d21.3 -d21.4 -d21.10 -d21.12; do
		sandbox_run "$REAL_SENDMAIL" -bt $d -C "$CF" <in.d21 >expect.d21$d 2>&1
		echo "exit $?" >>expect.d21$d
		sandbox_run "$SENDMAIL" -bt $d -C "$CF" <in.d21 >actual.d21$d 2>&1
		echo "exit $?" >>actual.d21$d
		test_cmp expect.d21$d actual.d21$d || return 1
	done
'

test_expect_success ORACLE,SANDBOX,BT 'macro map: an empty $@ defines the macro as empty' '
	small 10 "Kmac macro\nSt\nR\$*\t\$: \$(mac {x} \$@ \$) \$&{x}\nSu\nR\$*\t\$: \$(mac {x} \$) \$&{x}\nSv\nR\$*\t\$: \$(mac {x} \$@ val \$) \$&{x}\n" >mac.cf &&
	printf "%s\n" "v a" "\${x}" "t a" "\${x}" "u a" "\${x}" >in.mac &&
	bt_diff mac.cf in.mac
'

test_expect_success ORACLE,SANDBOX,BT '/parse: a too long address is named, shortened' '
	awk "BEGIN { s = \"\"; for (i = 0; i < 150; i++) s = s \"b.\"; print \"/parse \" s \"b\" }" >in.long &&
	awk "BEGIN { s = \"\"; for (i = 0; i < 270; i++) s = s \" \"; print \"/parse \\\"\" s \"\\\"@example.com\" }" >>in.long &&
	bt_diff "$CF" in.long
'

test_done
