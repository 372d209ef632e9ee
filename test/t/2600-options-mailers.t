#!/bin/sh
# 2600-options-mailers - O and M lines against the real sendmail 8.17:
# -bt's =M for Debian-generated and hand-written mailers, and the texts
# of bad O and M lines, byte for byte.
test_description='options and mailers: =M and config errors against the oracle'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/lib/oracle.sh"

oracle_setup ||
	test_skip_all "the real sendmail 8.17 could not be fetched (apt-get download failed)"
test_have_prereq SANDBOX ||
	test_skip_all "no network/UTS namespaces (unshare -n -u) to run sendmail hermetically"
mkdir -p q

# run BIN CF OUT [ARGS] - =M through BIN -bt, everything it prints in OUT
run() {
	_bin=$1 _cf=$2 _out=$3
	shift 3
	echo '=M' | sandbox_run "$_bin" -C "$_cf" -bt -O QueueDirectory="$TRASH/q" \
		-O StatusFile="$TRASH/st" "$@" >"$_out" 2>&1
	echo "exit $?" >>"$_out"
}

# messages OUT - only the "file: line N: ..." lines
messages() { grep -E '^[^ ]+: line [0-9]+: ' "$1"; }

printf 'V10\nMlocal, P=/bin/true, A=true $u\n' >probe.cf
if test -x "$SENDMAIL" && run "$SENDMAIL" probe.cf probe.out &&
   grep '^mailer 3 (local)' probe.out >/dev/null; then
	test_set_prereq BT
else
	say_diag "our sendmail does not answer =M yet; tests skipped"
fi

cat >debian.mc <<'EOT'
OSTYPE(linux)dnl
MAILER(local)dnl
MAILER(smtp)dnl
MAILER(procmail)dnl
MAILER(uucp)dnl
MAILER(usenet)dnl
MAILER(fax)dnl
MAILER(pop)dnl
MAILER(qpage)dnl
MAILER(mail11)dnl
MAILER(phquery)dnl
MAILER(cyrusv2)dnl
EOT

test_expect_success BT '=M of a Debian-generated cf with twelve mailer files' '
	real_m4 debian.mc >debian.cf &&
	run "$REAL_SENDMAIL" debian.cf expect &&
	run "$SENDMAIL" debian.cf actual &&
	test_cmp expect actual
'

test_expect_success BT '=M of Debian'"'"'s submit.cf (the MSP: prog over [IPC])' '
	real_m4 "$REAL_CF/cf/submit.mc" |
		sed "/^O RunAsUser/d; /^O TrustedUser/d; /^F/d" >submit.cf &&
	run "$REAL_SENDMAIL" submit.cf expect &&
	run "$SENDMAIL" submit.cf actual &&
	test_cmp expect actual
'

# Every option line the m4 tree can write: its commented "#O Name=default"
# lines, uncommented (unknown users and DANE give the same errors in both).
test_expect_success BT 'every O line m4 can write: the same messages' '
	real_m4 debian.mc | sed "s/^#O /O /" >allo.cf &&
	test $(grep -c "^O " allo.cf) -gt 150 &&
	run "$REAL_SENDMAIL" allo.cf real.out &&
	run "$SENDMAIL" allo.cf ours.out &&
	messages real.out >expect &&
	messages ours.out >actual &&
	test_cmp expect actual
'

# Valid but odd M lines: munchstring escapes, quotes, numbers read with
# atoi, U= by name and number, T= defaults, [IPC] defaults, F=L, redefinition.
cat >odd.cf <<'EOT'
V10
Sparse=0
SEnvToL
Mlocal, P=/bin/true, F=lsDFMAw5:/|@qPSXfmnz9, S=10/30, R=20/40, T=DNS/RFC822/X-Unix, A=true
Mx1, P=[IPC], F=L, A=TCP $h
Mx2, P=[IPC], F=mDFMuX, A=FILE /tmp/sock
Mx3, P=/bin/cat, F=\200\377~ab, A=cat "a b" '$u' \"q\" $$u $$ ${foo} $&x $?x$|$. x\ty\001z, E=\r\n\t\b\f\q\\
Mx5, P=/bin/cat, R=EnvToL/99, S=newname, A=cat, M=12345x, L=-5, r=7, m=3, N=5, D=/tmp, C=utf-8, W=5m, U=0:0, T=//
Mx6, P=/bin/cat, A=cat, U=1:2, T=a
Mx7, P=/bin/cat, A=cat, U=root, T=a/b
Mx10, P=/bin/cat, A=cat, U=5
Mx11, P=/bin/cat, A=cat, U=0x10:010
Mf, P=/bin/cat, E=x	y, A=cat	x
Mg, P=/bin/cat, E="x,y", A="cat, $u"
Mi, P=/bin/cat, A=cat é ü
Mq, P=/bin/x, A=x, S=foo/bar/baz
Mu, P=/bin/x, A=x, S=foo bar, R= 12
Mw, P=/bin/x, A=x, F=, L=abc, M=-5, r=-3, m=x
My , P=/bin/x, A=x
Mx1, P=/bin/redef, A=redef
Mprog, P=[IPC], F=lmDFMuXk5, S=EnvFromL/HdrFromL, R=EnvToL/HdrToL, D=$z:/, A=TCP $h
M*file*, P=[FILE], F=lmsu, A=FILE $u
M*include*, P=/dev/null, F=msu, A=INCLUDE $u
EOT

test_expect_success BT '=M of odd but valid M lines' '
	run "$REAL_SENDMAIL" odd.cf expect &&
	run "$SENDMAIL" odd.cf actual &&
	test_cmp expect actual
'

cat >badm.cf <<'EOT'
V10
Mlocal, P=/bin/true, A=true $u
M
Ma P=/bin/x A=x
Mb, P=/bin/x, A=x, Z=3
Mc, P=/bin/x, A=x, P
Md, A=x
Me, P=[TCP], A=TCP $h
Mf, P=[IPC], A=TCP
Mi, P=[FILE], A=FILE
Mj, P=[FILE], A=FILE a b
Mk, P=[FILE], A=FOO a
Mm, P=/bin/x, A=x, S=123
Mn, P=/bin/x, A=x, S=-1
Mo, P=/bin/x, A=x, S=_foo
Mp, P=/bin/x, A=x, S=foo/
Mr, P=/bin/x, A=x, W=1x, D=, Q=, /=
Mx,P=/bin/x,A=x,,,
Mx4, P=/bin/cat, E=, A=cat
Mx6, P=/bin/cat, A=cat, C=
Mx8, P=/bin/cat, A=cat, U=daemon:nosuchgroup_x
Mx9, P=/bin/cat, A=cat, U=:mail
Mxa, P=/bin/cat, A=cat, U=nosuchuser_x
EOT

test_expect_success BT 'bad M lines: sendmail'"'"'s messages' '
	run "$REAL_SENDMAIL" badm.cf real.out &&
	run "$SENDMAIL" badm.cf ours.out &&
	messages real.out >expect &&
	messages ours.out >actual &&
	test_cmp expect actual
'

cat >bado.cf <<'EOT'
V10
Mlocal, P=/bin/true, A=true $u
O Bogus=1
O AliasWait=xyz
O Timeout.bogus=5m
O Timeout.queuewarn=3x
O QueueSortOrder=zzz
O PrivacyOptions=goaway,bogus
O DontBlameSendmail=foo
O   LogLevel   =   12
O Milter.bogus=1
O Milter.macros.bogus=1
O Milter=3
O #comment
O =5
OW
O1
O.
O DefaultUser=nosuchuser_x
O DefaultUser=1:nosuchgroup_x
O RunAsUser=nosuchuser_x
O TrustedUser=nosuchuser_x
O ResolverOptions=+bogus -RECURSE HasWildcardMX
O Timeout.resolver.retrans=abc
O Timeout.queuereturn.bogus=5d
O DaemonPortOptions=Name=MTA, Bogus=1
O DaemonPortOptions=Family=bogus
O NoRecipientAction=bogus
O DeliverByMin=xx
O RejectLogInterval=bad
O LogLevel=abc
O MinFreeBlocks=lots
O MaxMessageSize=12abc
O TempFileMode=999
O DaemonPortOptions=Port=notanumber,Name=MTA
O LogLev=5
O Max=1
O Dont=1
O .x=3
O Timeout=15m,command=1h, bogus=3,rcpt:2x, junk
O QueueTimeout=2x/3y
O ServerSSLOptions=+SSL_OP_ALL,-ssl_op_no_ticket 0x10	x -
O ClientSSLOptions=bogus
O SmtpUTF8=False
O SmtpUTF8
OM
EOT

test_expect_success BT 'bad O lines: sendmail'"'"'s messages' '
	run "$REAL_SENDMAIL" bado.cf real.out &&
	run "$SENDMAIL" bado.cf ours.out &&
	messages real.out >expect &&
	messages ours.out >actual &&
	test_cmp expect actual
'

test_expect_success BT '-O with an unknown name: sendmail'"'"'s message' '
	run "$REAL_SENDMAIL" probe.cf real.out -O Bogus=1 &&
	run "$SENDMAIL" probe.cf ours.out -O Bogus=1 &&
	grep "unknown option name" real.out >expect &&
	grep "unknown option name" ours.out >actual &&
	test_cmp expect actual
'

test_expect_success BT 'a bad O line makes the config bad (exit 78)' '
	printf "V10\nMlocal, P=/bin/true, A=true \$u\nO Bogus=1\n" >bad.cf &&
	run "$SENDMAIL" bad.cf out &&
	grep "^bad.cf: line 3: readcf: unknown option name Bogus\$" out &&
	tail -n 1 out >code &&
	echo "exit 78" >want &&
	test_cmp want code
'

test_done
