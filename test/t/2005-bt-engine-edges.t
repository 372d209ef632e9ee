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
		sandbox_run "$REAL_SENDMAIL" -bt -C "$CF" $o <in.dm >expect.dm$o 2>&1 &&
		sandbox_run "$SENDMAIL" -bt -C "$CF" $o <in.dm >actual.dm$o 2>&1 &&
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
	bt_diff loglev.cf in.warn &&
	bt_diff uuser.cf in.warn &&
	bt_diff nolocal.cf in.warn
'

test_expect_success ORACLE,SANDBOX,BT 'interface names join class w with their [name] form' '
	small 10 "" >ifnames.cf &&
	small 10 "Cwlocalhost\n" >ifnames2.cf &&
	printf "%s\n" "\$=w" >in.w &&
	bt_diff ifnames.cf in.w &&
	bt_diff ifnames2.cf in.w
'

test_expect_success ORACLE,SANDBOX,BT '/parse: a too long address is named, shortened' '
	awk "BEGIN { s = \"\"; for (i = 0; i < 150; i++) s = s \"b.\"; print \"/parse \" s \"b\" }" >in.long &&
	awk "BEGIN { s = \"\"; for (i = 0; i < 270; i++) s = s \" \"; print \"/parse \\\"\" s \"\\\"@example.com\" }" >>in.long &&
	bt_diff "$CF" in.long
'

test_done
