#!/bin/sh
# 6101-deliver-prog-file - program and file deliveries from a queue run:
# programs through smrsh when the prog mailer's P= is smrsh (SMRSH_CMDDIR
# through an E line), the mailer's exit status as the recipient's
# status, files under SafeFileEnvironment, symbolic links refused unless
# DontBlameSendmail=FileDeliveryToSymlink, and programs, files and
# :include:s given directly by the sender refused (5.7.1), and the local
# mailer spoken to in LMTP when it has F=z (Debian's "mail.local -l").
test_description='program and file deliveries'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
ML=$OBJDIR/mail.local/mail.local
SMRSH=$OBJDIR/smrsh/smrsh
test -x "$ML" && test -x "$SMRSH" || test_skip_all "no mail.local or smrsh built"
test "$(id -u)" = 0 && unshare -m true 2>/dev/null ||
	test_skip_all 'needs root and mount namespaces (the -q lines are read from syslog)'
. "$SRCDIR/test/lib/syslog_capture.sh"
ME=$(id -un)

mkdir spool out safe smrsh.d mq && chmod 1777 spool out safe || exit 1
sed -e "s|P=/usr/bin/procmail,|P=$ML,|" -e 's|A=procmail -a $h -d $u|A=mail.local -d $u|' \
	-e "s|^Mprog,\([^P]*\)P=/bin/sh,|Mprog,\1P=$SMRSH,|" -e 's|A=sh -c $u|A=smrsh -c $u|' \
	-e "s|^O AliasFile=.*|O AliasFile=$TRASH/aliases|" "$TRASH/minimal.cf" >t.cf &&
printf 'EMAIL_LOCAL_SPOOL=%s/spool\nESMRSH_CMDDIR=%s/smrsh.d\n' "$TRASH" "$TRASH" >>t.cf &&
grep -q "^Mprog,.*P=$SMRSH," t.cf || exit 1
printf '#!/bin/sh\ncat >%s/out/catout.$1\n' "$TRASH" >smrsh.d/catout &&
printf '#!/bin/sh\nexit %s\n' 67 >smrsh.d/nouser &&
chmod 755 smrsh.d/catout smrsh.d/nouser || exit 1

mkq() {
	_id=$1; shift
	{
		printf 'V8\nT%s\nK0\nN0\nP30000\n$_root@localhost\n$rESMTP\n' "$(date +%s)"
		printf 'S<alice@example.org>\n'
		for _r; do printf 'RPF:%s\n' "$_r"; done
		printf 'H?P?Return-Path: <\201g>\nH??Subject: test %s\n.\n' "$_id"
	} >"mq/qf$_id" &&
	printf 'Hello %s\n' "$_id" >"mq/df$_id"
}
run() {
	syslog_capture log "$SENDMAIL" -C t.cf -O QueueDirectory="$TRASH/mq" "$@" >stdout
}
logline() { grep "^sendmail: $1: to=$2," log | sed 's/delay=[^,]*, xdelay=[^,]*, //'; }

cat >aliases <<EOF
viasmrsh: "|catout one"
badprog: "|nouser"
notallowed: "|/bin/echo hi"
safe1: $TRASH/safe/one.mbox
safe2: /two.mbox
unsafe: $TRASH/out/three.mbox
link: $TRASH/out/link.mbox
EOF
ln -s "$TRASH/out/target.mbox" out/link.mbox

test_expect_success 'setup: aliases.db' '
	"$SENDMAIL" -C t.cf -bi >out.bi 2>&1 && test -f aliases.db
'

test_expect_success 'programs through smrsh; exit status 67 is User unknown' '
	mkq 6ANC000001 viasmrsh badprog notallowed &&
	run -q &&
	grep "^Subject: test 6ANC000001" out/catout.one &&
	echo "sendmail: 6ANC000001: to=\"|nouser\", ctladdr=badprog (1/1), mailer=prog, pri=120000, dsn=5.1.1, stat=User unknown" >expect &&
	logline 6ANC000001 "\"|nouser\"" | sed "s/ctladdr=badprog ([0-9]*\/[0-9]*)/ctladdr=badprog (1\/1)/" >actual &&
	test_cmp expect actual &&
	logline 6ANC000001 "\"|/bin/echo hi\"" | grep "mailer=prog, .*dsn=5.0.0, stat=" &&
	! test -e mq/qf6ANC000001
'

test_expect_success 'files under SafeFileEnvironment' '
	mkq 6ANC000002 safe1 safe2 unsafe &&
	run -q -O SafeFileEnvironment="$TRASH/safe" &&
	grep "^Subject: test 6ANC000002" safe/one.mbox &&
	grep "^Subject: test 6ANC000002" safe/two.mbox &&
	! test -e out/three.mbox &&
	logline 6ANC000002 "$TRASH/out/three.mbox" | grep "dsn=5.0.0, stat=Can.t create output"
'

test_expect_success 'a symbolic link is refused unless DontBlameSendmail says so' '
	mkq 6ANC000003 link &&
	run -q &&
	! test -e out/target.mbox &&
	grep "6ANC000003: to=$TRASH/out/link.mbox,.*stat=Can.t create output" log &&
	mkq 6ANC000004 link &&
	run -q -O DontBlameSendmail=FileDeliveryToSymlink &&
	grep "^Subject: test 6ANC000004" out/target.mbox
'

test_expect_success 'programs, files and :include:s from the sender are refused' '
	mkq 6ANC000005 "\"|/bin/echo hi\"" "$TRASH/out/direct.mbox" ":include:$TRASH/aliases" &&
	run -q &&
	! test -e out/direct.mbox &&
	grep -c "6ANC000005: .*dsn=5.7.1, stat=Cannot mail directly to" log >n &&
	test "$(cat n)" = 3 &&
	grep "stat=Cannot mail directly to programs" log &&
	grep "stat=Cannot mail directly to files" log &&
	grep "stat=Cannot mail directly to :include:s" log
'

test_expect_success 'F=z: LMTP to mail.local -l, duplicates once, dots' '
	sed -e "/^Mlocal,/s/F=[^,]*,/F=lsDFMAw5:\/|@qPSXfmnz9,/" \
		-e "s/A=mail.local -d \$u/A=mail.local -l/" t.cf >lmtp.cf &&
	grep "^Mlocal,.*F=lsDFMAw5:/|@qPSXfmnz9," lmtp.cf &&
	grep "A=mail.local -l$" lmtp.cf &&
	printf "dup: %s\n" "$ME" >>aliases &&
	"$SENDMAIL" -C lmtp.cf -bi >out.bi 2>&1 &&
	mkq 6ANC000006 "$ME" dup "<$ME@localhost>" &&
	printf ".a dot line\n..two\n" >>mq/df6ANC000006 &&
	syslog_capture log "$SENDMAIL" -C lmtp.cf -O QueueDirectory="$TRASH/mq" -q >stdout &&
	! test -e mq/qf6ANC000006 &&
	grep -c "6ANC000006: .*mailer=local, .*stat=Sent" log >n &&
	test "$(cat n)" = 1 &&
	python3 -c "import mailbox,sys; m=list(mailbox.mbox(sys.argv[1])); print(len(m)); sys.stdout.write(m[-1].get_payload())" \
		spool/$ME >actual &&
	printf "1\nHello 6ANC000006\n.a dot line\n..two\n" >expect &&
	test_cmp expect actual
'

test_done
