#!/bin/sh
# 6102-delay-warning - delay warnings (Timeout.queuewarn) and return
# receipts (NOTIFY=SUCCESS): queue runs over hand-written version-8 qf/df
# pairs (as 6100 does: minimal.cf's local mailer made our mail.local,
# MAIL_LOCAL_SPOOL into the trash), the notice read back from the
# sender's mbox with Python's mailbox and email modules: multipart/report,
# Subject and Auto-Submitted, the warning banner and transcript, Action
# and Status of the delivery-status part, Will-Retry-Until, the original
# message (or its headers); the qf 'w' flag and M line, sent once; none
# for NOTIFY=NEVER, NOTIFY without DELAY, a "<>" sender or Precedence:
# bulk; the 'n' flag of a bulk message; the log lines ("sender notify:",
# "DSN: Return receipt" at LogLevel 6 and up); a receipt
# through -bs with RCPT NOTIFY=SUCCESS; and, as root, the same queue run
# by the real sendmail 8.17 in a sandbox gives notices of the same shape.
test_description='delay warnings and return receipts'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
ML=$OBJDIR/mail.local/mail.local
test -x "$ML" || test_skip_all "no $ML"
test "$(id -u)" = 0 && unshare -m true 2>/dev/null ||
	test_skip_all 'needs root and mount namespaces (the -q lines are read from syslog)'
. "$SRCDIR/test/lib/syslog_capture.sh"
ME=$(id -un)
python3 -c 'import mailbox, email' 2>/dev/null || test_skip_all "no python3 mailbox"
test "$(id -u)" = 0 && test_set_prereq ROOT

mkdir spool mq rq && chmod 1777 spool || exit 1
# t.cf: minimal.cf with the local mailer made our mail.local
sed -e "s|P=/usr/bin/procmail,|P=$ML,|" -e 's|A=procmail -a $h -d $u|A=mail.local -d $u|' \
	"$TRASH/minimal.cf" >t.cf &&
echo "EMAIL_LOCAL_SPOOL=$TRASH/spool" >>t.cf || exit 1
cat >aliases <<EOF
soft: "|/bin/sh -c 'exit 75'"
postmaster: $ME
EOF

# mkq DIR ID SENDER AGE RLINE... - qfID/dfID in DIR, AGE seconds old,
# with the given R lines (MKQ_HDR: one more header line)
mkq() {
	_d=$1 _id=$2 _s=$3 _age=$4
	shift 4
	{
		printf 'V8\nT%s\nK0\nN0\nP30000\n$_root@localhost\n$rESMTP\n' \
			"$(( $(date +%s) - _age ))"
		printf '$sclient.example.org\nS%s\n' "$_s"
		for _r; do printf '%s\n' "$_r"; done
		printf 'H?P?Return-Path: <\201g>\nH?D?Date: Mon, 23 Nov 2026 14:16:48 GMT\n'
		printf 'H?F?From: alice@example.org\nH?M?Message-Id: <%s@mail.example.test>\n' "$_id"
		test -n "$MKQ_HDR" && printf 'H??%s\n' "$MKQ_HDR"
		printf 'H??Subject: test %s\n.\n' "$_id"
	} >"$_d/qf$_id" &&
	printf 'Hello %s\nbye\n' "$_id" >"$_d/df$_id"
}
H5=18000	# five hours: past the cf's Timeout.queuewarn=4h
# run ARGS... - our sendmail -q on mq/, its stderr and syslog lines into log
run() {
	syslog_capture log "$SENDMAIL" -C t.cf -O QueueDirectory="$TRASH/mq" \
		-O AliasFile="$TRASH/aliases" "$@" >stdout
}
# notices MBOX - one paragraph per message of MBOX: the parts that matter
cat >notices.py <<\PY
import mailbox, re, sys
for m in mailbox.mbox(sys.argv[1], create=False):
    print("From_ %s" % m.get_from().split(" ")[0])
    for h in ("To", "Subject", "Auto-Submitted"):
        print("%s: %s" % (h, re.sub("@[^@>]*>$", "@HOST>", str(m[h]))))
    print("type %s" % m.get_content_type())
    for p in (m.get_payload() if m.is_multipart() else []):
        t = p.get_content_type()
        print("part %s" % t)
        if t == "text/plain":
            for l in p.get_payload().split("\n"):
                if re.match(r"    \*\*|Warning:|Will keep|   -----|<.*>(\.\.\. |  \()", l):
                    print("  " + re.sub(r"\.\.\. Deferred: .*", "... Deferred: X", l))
        if t == "message/delivery-status":
            for b in p.get_payload()[1:]:
                for k in ("Action", "Status", "Will-Retry-Until"):
                    if b[k]:
                        v = b[k]
                        if k == "Status": v = v[:2] + "x.x"
                        if k == "Will-Retry-Until": v = "yes"
                        print("  %s: %s" % (k, v))
        if t == "message/rfc822":
            print("  Subject: %s" % p.get_payload()[0]["Subject"])
        if t == "text/rfc822-headers":
            hs = [l for l in p.get_payload().split("\n") if l.startswith("Subject:")]
            print("  " + " ".join(hs))
PY
notices() { python3 notices.py "$@"; }
count() {
	python3 -c 'import mailbox, sys; print(len(mailbox.mbox(sys.argv[1], create=False)))' "$1"
}

cat >expect.warning <<EOF
From_ MAILER-DAEMON
To: <$ME@HOST>
Subject: Warning: could not send message for past 4 hours
Auto-Submitted: auto-generated (warning-timeout)
type multipart/report
part text/plain
      **********************************************
      **      THIS IS A WARNING MESSAGE ONLY      **
      **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **
      **********************************************
     ----- Transcript of session follows -----
  <bob@[192.0.2.1]>... Deferred: X
  Warning: message still undelivered after 4 hours
  Will keep trying until message is 5 days old
part message/delivery-status
  Action: delayed
  Status: 4.x.x
  Will-Retry-Until: yes
part message/rfc822
  Subject: test 6ANW00000A
EOF

test_expect_success 'newaliases builds aliases.db' '
	"$SENDMAIL" -C t.cf -O AliasFile="$TRASH/aliases" -bi >out.bi 2>&1 &&
	test -f aliases.db
'

test_expect_success 'a message deferred past Timeout.queuewarn: one warning to the sender' '
	: >spool/$ME &&
	mkq mq 6ANW00000A "<$ME@localhost>" $H5 "RPFD:<bob@[192.0.2.1]>" &&
	run -q &&
	notices spool/$ME >actual &&
	test_cmp expect.warning actual &&
	grep -a "^Fw" mq/qf6ANW00000A &&
	grep -a "^MWarning: could not send message for past 4 hours\$" mq/qf6ANW00000A &&
	grep "^sendmail: 6ANW00000A: [^ ]*: sender notify: Warning: could not send message for past 4 hours\$" \
		log &&
	run -q &&
	test "$(count spool/$ME)" = 1 &&
	! grep "sender notify" log &&
	test -e mq/qf6ANW00000A
'

test_expect_success 'a deferred alias (program exit 75) is warned about too' '
	: >spool/$ME &&
	mkq mq 6ANW00000B "<$ME@localhost>" $H5 "RPFD:soft" &&
	run -qI6ANW00000B &&
	notices spool/$ME >actual &&
	grep -x "Subject: Warning: could not send message for past 4 hours" actual &&
	grep -x "  Action: delayed" actual &&
	grep -x "  Subject: test 6ANW00000B" actual
'

test_expect_success 'no warning: NOTIFY=NEVER, NOTIFY without DELAY, <>, Precedence: bulk' '
	: >spool/$ME &&
	mkq mq 6ANW00000C "<$ME@localhost>" $H5 "RPN:<bob@[192.0.2.1]>" &&
	mkq mq 6ANW00000D "<$ME@localhost>" $H5 "RPNF:<bob@[192.0.2.1]>" &&
	mkq mq 6ANW00000E "<$ME@localhost>" $H5 "RPF:<bob@[192.0.2.1]>" &&
	mkq mq 6ANW00000F "<>" $H5 "RPFD:<bob@[192.0.2.1]>" &&
	MKQ_HDR="Precedence: bulk" mkq mq 6ANW00000G "<$ME@localhost>" $H5 "RPFD:<bob@[192.0.2.1]>" &&
	mkq mq 6ANW00000H "<$ME@localhost>" 60 "RPFD:<bob@[192.0.2.1]>" &&
	run -q -O Timeout.queuewarn.non-urgent=1h &&
	! test -s spool/$ME &&
	! grep "sender notify" log &&
	for i in C D E F G H; do
		test -e mq/qf6ANW00000$i && ! grep -a "^Fw" mq/qf6ANW00000$i || return 1
	done
'

test_expect_success 'NOTIFY=SUCCESS,DELAY and Timeout.queuewarn=1h30m' '
	: >spool/$ME &&
	rm -f mq/* &&
	mkq mq 6ANW00000I "<$ME@localhost>" $H5 "RPNSD:<bob@[192.0.2.1]>" &&
	run -q -O Timeout.queuewarn=1h30m &&
	notices spool/$ME >actual &&
	grep -x "Subject: Warning: could not send message for past 1 hour, 30 minutes" actual &&
	grep -x "  Warning: message still undelivered after 1 hour, 30 minutes" actual &&
	test "$(count spool/$ME)" = 1
'

test_expect_success 'the notice log lines need LogLevel 6, as sendmail' '
	: >spool/$ME &&
	rm -f mq/* &&
	mkq mq 6ANW00000K "<$ME@localhost>" $H5 "RPFD:<bob@[192.0.2.1]>" &&
	mkq mq 6ANW00000L "<$ME@localhost>" $H5 "RPFD:<bob@[192.0.2.1]>" &&
	run -qI6ANW00000K -O LogLevel=5 &&
	! grep "sender notify" log &&
	run -qI6ANW00000L -O LogLevel=6 &&
	grep "6ANW00000L: [^ ]*: sender notify:" log &&
	test "$(count spool/$ME)" = 2
'

test_expect_success 'Timeout.queuereturn: "Cannot send message for 1 hour, 1 minute, 5 seconds"' '
	: >spool/$ME &&
	rm -f mq/* &&
	mkq mq 6ANW00000J "<$ME@localhost>" $H5 "RPFD:<bob@[192.0.2.1]>" &&
	run -q -O Timeout.queuereturn=1h1m5s &&
	! test -e mq/qf6ANW00000J &&
	grep "6ANW00000J: [^ ]*: DSN: Cannot send message for 1 hour, 1 minute, 5 seconds\$" log &&
	notices spool/$ME >actual &&
	grep -x "Subject: Returned mail: see transcript for details" actual &&
	! grep -x "  Action: delayed" actual
'

test_expect_success 'Precedence: bulk: the qf gets the n flag, the bounce the header only' '
	: >spool/$ME &&
	rm -f mq/* &&
	MKQ_HDR="Precedence: bulk" mkq mq 6ANW00000M "<$ME@localhost>" 60 \
		"RPFD:<bob@[192.0.2.1]>" &&
	MKQ_HDR="Precedence: junk" mkq mq 6ANW00000N "<$ME@localhost>" 60 "RPFD:nosuchuser" &&
	run -q &&
	grep -a "^Fn\$" mq/qf6ANW00000M &&
	notices spool/$ME >actual &&
	grep -x "Subject: Returned mail: see transcript for details" actual &&
	grep -x "part text/rfc822-headers" actual &&
	grep -x "  Subject: test 6ANW00000N" actual
'

cat >expect.receipt <<EOF
From_ MAILER-DAEMON
To: <$ME@HOST>
Subject: Return receipt
Auto-Submitted: auto-generated (return-receipt)
type multipart/report
part text/plain
     ----- The following addresses had successful delivery notifications -----
  <$ME@mail.example.test>  (successfully delivered to mailbox)
     ----- Transcript of session follows -----
  <$ME@mail.example.test>... Successfully delivered
part message/delivery-status
  Action: delivered (to mailbox)
  Status: 2.x.x
part text/rfc822-headers
  Subject: test 6ANS00000A
EOF

# real_run - the real sendmail -qf on rq/ in the sandbox (no fork per
# job); ours_run - ours -q on mq/ there (stderr and syslog lines into ours.log)
real_run() {
	sandbox_run "$REAL_SENDMAIL" -C t.cf -O QueueDirectory="$TRASH/rq" "$@" -qf >real.out 2>&1
}
ours_run() {
	syslog_capture ours.log unshare -n -u sh -c 'hostname "$0" && ip link set lo up; exec "$@"' \
		"$SANDBOX_HOST" "$SENDMAIL" -C t.cf -O QueueDirectory="$TRASH/mq" \
		-O AliasFile="$TRASH/aliases" "$@" -q >ours.out
}
subjects() {
	python3 -c "import mailbox, sys; [print(m[\"Subject\"]) for m in mailbox.mbox(sys.argv[1])]" "$1"
}

test_expect_success SANDBOX 'NOTIFY=SUCCESS: a return receipt after local delivery' '
	: >spool/$ME &&
	rm -f mq/* &&
	mkq mq 6ANS00000A "<$ME@mail.example.test>" 60 "RPNS:<$ME@mail.example.test>" &&
	mkq mq 6ANS00000B "<$ME@mail.example.test>" 60 "RPFD:<$ME@mail.example.test>" &&
	ours_run &&
	subjects spool/$ME | sort >actual &&	# equal priorities: readdir order
	printf "%s\n" "Return receipt" "test 6ANS00000A" "test 6ANS00000B" >expect &&
	test_cmp expect actual &&
	python3 -c "import mailbox, sys; mb = mailbox.mbox(sys.argv[1])
[mb.remove(k) for k, m in list(mb.items()) if m[\"Subject\"] != \"Return receipt\"]
mb.flush()" spool/$ME &&
	notices spool/$ME >actual &&
	test_cmp expect.receipt actual &&
	grep "^sendmail: 6ANS00000A: [^ ]*: DSN: Return receipt\$" ours.log &&
	! grep "6ANS00000B: [^ ]*: DSN" ours.log &&
	! test -e mq/qf6ANS00000A && ! test -e mq/qf6ANS00000B
'

test_expect_success SANDBOX 'RCPT NOTIFY=SUCCESS through -bs -odi: a receipt' '
	: >spool/$ME &&
	rm -f mq/* &&
	printf "%s\n" "HELO x" "MAIL FROM:<$ME@mail.example.test>" \
		"RCPT TO:<$ME@mail.example.test> NOTIFY=SUCCESS" DATA "Subject: via smtp" "" hi . \
		QUIT >bs.in &&
	sandbox_run python3 "$SRCDIR/test/lib/smtp_dialogue.py" bs.in "$SENDMAIL" -C t.cf \
		-O QueueDirectory="$TRASH/mq" -O AliasFile="$TRASH/aliases" -odi -bs >bs.out 2>bs.err &&
	grep "^250 2.0.0 .* Message accepted for delivery" bs.out &&
	subjects spool/$ME >actual &&
	printf "%s\n" "via smtp" "Return receipt" >expect &&
	test_cmp expect actual &&
	! grep -E "Sanitizer|runtime error" bs.err
'

test_expect_success ROOT,SANDBOX 'the real sendmail: a warning of the same shape' '
	: >spool/$ME &&
	rm -f mq/* rq/* &&
	mkq rq 6ANW00000A "<$ME@mail.example.test>" $H5 "RPFD:<bob@[192.0.2.1]>" &&
	real_run &&
	notices spool/$ME >expect &&
	: >spool/$ME &&
	mkq mq 6ANW00000A "<$ME@mail.example.test>" $H5 "RPFD:<bob@[192.0.2.1]>" &&
	ours_run &&
	notices spool/$ME >actual &&
	test_cmp expect actual &&
	test_cmp expect.warning actual
'

test_expect_success ROOT,SANDBOX 'the real sendmail: a return receipt of the same shape' '
	: >spool/$ME &&
	rm -f mq/* rq/* &&
	mkq rq 6ANS00000A "<$ME@mail.example.test>" 60 "RPNS:<$ME@mail.example.test>" &&
	real_run &&
	notices spool/$ME >expect &&
	: >spool/$ME &&
	mkq mq 6ANS00000A "<$ME@mail.example.test>" 60 "RPNS:<$ME@mail.example.test>" &&
	ours_run &&
	notices spool/$ME >actual &&
	test_cmp expect actual
'

test_done
