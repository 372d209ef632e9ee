#!/bin/sh
# 6100-deliver-local - queue runs deliver locally: `sendmail -q` over a
# queue of hand-written version-8 qf/df pairs, with minimal.mc's local
# mailer pointed at our mail.local (MAIL_LOCAL_SPOOL through an E line of
# the cf) and the recipient the test runner's own login: the mbox parses
# with Python's mailbox module; aliases (lists, programs, files,
# :include:, error: (a local user, as in sendmail: 6103), a name inside
# itself), duplicates, User unknown,
# .forward through ForwardPath, deferrals kept in the rewritten qf, a
# locked qf skipped, -qI/-qR/-qS limits with '!', Timeout.queuereturn,
# and the per-delivery log lines (delay warnings: 6102).
test_description='local delivery from the queue'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
ML=$OBJDIR/mail.local/mail.local
test -x "$ML" || test_skip_all "no $ML"
test "$(id -u)" = 0 && unshare -m true 2>/dev/null ||
	test_skip_all 'needs root and mount namespaces (the -q lines are read from syslog)'
. "$SRCDIR/test/lib/syslog_capture.sh"
ME=$(id -un)
python3 -c 'import mailbox' 2>/dev/null || test_skip_all "no python3 mailbox"
command -v flock >/dev/null 2>&1 && test_set_prereq FLOCK

mkdir spool out fwd mq && chmod 1777 spool out && chmod 755 fwd
# t.cf: minimal.cf with the local mailer made our mail.local
sed -e "s|P=/usr/bin/procmail,|P=$ML,|" -e 's|A=procmail -a $h -d $u|A=mail.local -d $u|' \
	-e "s|^O AliasFile=.*|O AliasFile=$TRASH/aliases|" "$TRASH/minimal.cf" >t.cf &&
echo "EMAIL_LOCAL_SPOOL=$TRASH/spool" >>t.cf || exit 1

# mkq ID RCPT... - qfID/dfID in mq/ from alice to RCPTs
mkq() {
	_id=$1; shift
	{
		printf 'V8\nT%s\nK0\nN0\nP30000\n$_root@localhost\n$rESMTP\n' "$(date +%s)"
		printf '$sclient.example.org\nS%s\n' "${MKQ_SENDER:-<alice@example.org>}"
		for _r; do printf 'RPF:%s\n' "$_r"; done
		printf 'H?P?Return-Path: <\201g>\nH?D?Date: Mon, 23 Nov 2026 14:16:48 GMT\n'
		printf 'H?F?From: alice@example.org\nH?M?Message-Id: <%s@mail.example.test>\n' "$_id"
		printf 'H??Subject: test %s\n.\n' "$_id"
	} >"mq/qf$_id" &&
	printf 'Hello %s\nFrom here\nbye\n' "$_id" >"mq/df$_id"
}
# run ARGS... - our sendmail -q on mq/, its stderr and syslog lines into log
run() {
	syslog_capture log "$SENDMAIL" -C t.cf -O QueueDirectory="$TRASH/mq" \
		-O ForwardPath="$TRASH/fwd/\$u" "$@" >stdout
}
cat >mbox.py <<\PY
import mailbox, sys
msgs = list(mailbox.mbox(sys.argv[1], create=False))
for m in msgs:
    print("%s|%s|%s" % (m.get_from().split(" ")[0], m["Subject"], m.get_payload().split("\n")[1]))
PY
mbox() { python3 mbox.py "$@"; }
# logline ID TO - the log line's text after delay/xdelay for ID and TO
logline() { grep "^sendmail: $1: to=$2," log | sed 's/delay=[^,]*, xdelay=[^,]*, //'; }

cat >aliases <<EOF
list: $ME, prog1, file1
prog1: "|/bin/sh -c 'cat > $TRASH/out/prog.out'"
file1: $TRASH/out/file.mbox
bad: error:5.1.1 no such person here
inc: :include:$TRASH/inc.txt
self: self, $ME
postmaster: $ME
team: $ME, nosuchuser3
owner-team: $ME
soft: $ME, "|/bin/sh -c 'exit 75'"
EOF
printf '%s\n# a comment\nfile1\n' "$ME" >inc.txt

test_expect_success 'newaliases builds aliases.db' '
	"$SENDMAIL" -C t.cf -bi >out.bi 2>&1 &&
	test -f aliases.db
'

test_expect_success 'one message to the runner: mbox, queue emptied, log line' '
	mkq 6ANA000001 "<$ME@localhost>" &&
	run -q &&
	echo "alice@example.org|test 6ANA000001|>From here" >expect &&
	mbox spool/$ME >actual &&
	test_cmp expect actual &&
	! test -e mq/qf6ANA000001 && ! test -e mq/df6ANA000001 &&
	echo "sendmail: 6ANA000001: to=<$ME@localhost>, mailer=local, pri=120000, dsn=2.0.0, stat=Sent" >expect &&
	logline 6ANA000001 "<$ME@localhost>" >actual &&
	test_cmp expect actual &&
	grep "^Return-Path: <alice@example.org>$" spool/$ME
'

test_expect_success 'aliases: list, program, file, :include:, duplicates, errors' '
	: >spool/$ME &&
	mkq 6ANA000002 list inc "$ME" bad nosuchuser self &&
	run -q &&
	mbox spool/$ME >actual &&
	test_line_count() { test "$(wc -l <"$2")" -eq "$1"; } &&
	test_line_count 1 actual &&
	grep "^Subject: test 6ANA000002" out/prog.out &&
	grep "^From alice@example.org " out/prog.out &&
	python3 mbox.py out/file.mbox >actual &&
	echo "alice@example.org|test 6ANA000002|>From here" >expect &&
	test_cmp expect actual &&
	logline 6ANA000002 nosuchuser >actual &&
	echo "sendmail: 6ANA000002: to=nosuchuser, pri=120000, dsn=5.1.1, stat=User unknown" >expect &&
	test_cmp expect actual &&
	logline 6ANA000002 "error:5.1.1 no such person here" >actual &&
	echo "sendmail: 6ANA000002: to=error:5.1.1 no such person here, pri=120000, dsn=5.1.1, stat=User unknown" >expect &&
	test_cmp expect actual &&
	grep -c "mailer=local" log >n && test "$(cat n)" = 1 &&
	grep -c "mailer=\*file\*" log >n && test "$(cat n)" = 1 &&
	! test -e mq/qf6ANA000002
'

test_expect_success 'a deferred program stays in the rewritten qf' '
	: >spool/$ME &&
	mkq 6ANA000003 soft &&
	run -q &&
	mbox spool/$ME >actual && test "$(wc -l <actual)" = 1 &&
	grep "stat=Deferred" log &&
	grep -a "^N1$" mq/qf6ANA000003 &&
	grep -a "^P120000$" mq/qf6ANA000003 &&
	grep -a "^R.*:\"|/bin/sh -c .exit 75.\"$" mq/qf6ANA000003 >r &&
	test "$(wc -l <r)" = 1 &&
	test -e mq/df6ANA000003 &&
	run -q &&
	mbox spool/$ME >actual && test "$(wc -l <actual)" = 1 &&
	grep -a "^N2$" mq/qf6ANA000003
'

test_expect_success 'Timeout.queuewarn=now sends no warning, as sendmail (6102 has them)' '
	run -q -O Timeout.queuewarn=now &&
	! grep "Warning: could not send" log &&
	! grep -a "^Fw" mq/qf6ANA000003
'

test_expect_success 'Timeout.queuereturn=now fails what is deferred' '
	run -q -O Timeout.queuereturn=now &&
	! test -e mq/qf6ANA000003 && ! test -e mq/df6ANA000003 &&
	grep "6ANA000003: [^ ]*: DSN: Cannot send message for too long\$" log
'

test_expect_success FLOCK 'a locked qf is skipped, then delivered' '
	: >spool/$ME &&
	mkq 6ANA000004 "$ME" &&
	flock mq/qf6ANA000004 sh -c "\"$SENDMAIL\" -C t.cf -O QueueDirectory=$TRASH/mq -q 2>log" &&
	test -e mq/qf6ANA000004 && ! test -s spool/$ME &&
	run -q &&
	! test -e mq/qf6ANA000004 &&
	mbox spool/$ME >actual && test "$(wc -l <actual)" = 1
'

test_expect_success '-qI, -qR, -qS and ! limits' '
	: >spool/$ME &&
	mkq 6ANB000005 "$ME" && mkq 6ANB000006 "<$ME@localhost>" &&
	run -qI6ANB000005 &&
	! test -e mq/qf6ANB000005 && test -e mq/qf6ANB000006 &&
	run -qSnobody &&
	test -e mq/qf6ANB000006 &&
	run "-q!R$ME@" &&
	test -e mq/qf6ANB000006 &&
	run -qSalice -qRnomatch &&
	test -e mq/qf6ANB000006 &&
	run "-q!Ixyz" -qR"$ME@LOCALHOST" &&
	! test -e mq/qf6ANB000006 &&
	mbox spool/$ME >actual && test "$(wc -l <actual)" = 2 &&
	test_expect_code 64 run -qXfoo
'

test_expect_success '.forward through ForwardPath, \\user stops it' '
	: >spool/$ME &&
	printf "\\\\%s, %s/out/fwd.mbox\\n" "$ME" "$TRASH" >fwd/$ME &&
	mkq 6ANA000007 "$ME" &&
	run -q &&
	mbox spool/$ME >actual && test "$(wc -l <actual)" = 1 &&
	python3 mbox.py out/fwd.mbox >actual && test "$(wc -l <actual)" = 1 &&
	rm fwd/$ME
'

cat >dsn.py <<\PY
import mailbox, re, sys
for m in mailbox.mbox(sys.argv[1], create=False):
    print("From_ %s" % re.sub("@.*", "@HOST", m.get_from().split(" ")[0]))
    for h in ("From", "To", "Subject", "Auto-Submitted"):
        print("%s: %s" % (h, re.sub("@[^@>]*>$", "@HOST>", str(m[h]))))
    print("type %s" % m.get_content_type())
    for p in (m.get_payload() if m.is_multipart() else []):
        print("part %s" % p.get_content_type())
        if p.get_content_type() == "message/delivery-status":
            for b in p.get_payload():
                for k in ("Final-Recipient", "Action", "Status"):
                    if b[k]:
                        print("  %s: %s" % (k, re.sub("@.*", "@HOST", b[k])))
        if p.get_content_type() == "message/rfc822":
            print("  Subject: %s" % p.get_payload()[0]["Subject"])
PY

test_expect_success 'a failure is bounced to a local sender (RFC 3464)' '
	: >spool/$ME &&
	MKQ_SENDER="<$ME@localhost>" mkq 6AND000008 nosuchuser "$ME" &&
	run -q &&
	! test -e mq/qf6AND000008 &&
	python3 dsn.py spool/$ME >actual &&
	cat >expect <<-EOF &&
	From_ $ME@HOST
	From: alice@example.org
	To: None
	Subject: test 6AND000008
	Auto-Submitted: None
	type text/plain
	From_ MAILER-DAEMON
	From: Mail Delivery Subsystem <MAILER-DAEMON>
	To: <$ME@HOST>
	Subject: Returned mail: see transcript for details
	Auto-Submitted: auto-generated (failure)
	type multipart/report
	part text/plain
	part message/delivery-status
	  Final-Recipient: RFC822; nosuchuser@HOST
	  Action: failed
	  Status: 5.1.1
	part message/rfc822
	  Subject: test 6AND000008
	EOF
	test_cmp expect actual
'

test_expect_success 'null sender: double bounce to postmaster, then dropped' '
	: >spool/$ME &&
	MKQ_SENDER="<>" mkq 6AND000009 nosuchuser &&
	run -q &&
	python3 dsn.py spool/$ME | grep -x "To: <postmaster>" &&
	MKQ_SENDER="<>" mkq 6AND000010 nosuchuser &&
	run -q -O DoubleBounceAddress=nosuchuser2 &&
	grep "double bounce dropped" log &&
	! test -e mq/qf6AND000010
'

test_expect_success 'failures inside a list go to its owner- alias' '
	: >spool/$ME &&
	mkq 6AND000011 team &&
	run -q &&
	! test -e mq/qf6AND000011 &&
	grep -c "^sendmail: 6AND000011: [^ ]*: DSN: User unknown" log >n &&
	test "$(cat n)" = 1 &&
	python3 dsn.py spool/$ME >actual &&
	grep -x "To: <owner-team>" actual &&
	grep -x "  Final-Recipient: RFC822; nosuchuser3@HOST" actual &&
	grep -x "Subject: test 6AND000011" actual
'

test_done
