#!/bin/sh
# 4020-smtp-syslog - the syslog lines of the SMTP server against the real
# sendmail 8.17's, line for line (priority and text; queue ids, dates and
# pids masked, ids numbered by first appearance so that a rejection and
# the from= line of one transaction must share theirs): from= of queued,
# discarded and abandoned transactions (size, class from Precedence,
# nrcpts, msgid, bodytype, proto, daemon, relay), check_mail/check_rcpt
# rejections and discards, "lost input channel", "did not issue
# MAIL/EXPN/VRFY/ETRN", "timeout waiting for input", VRFY/EXPN/ETRN
# command lines, "possible SMTP attack" (and the new queue id of a
# second HELO), a text too big or cut short, pipelining errors,
# "NOQUEUE: connect from", and the LogLevel each needs.
# -bs runs and a -bD daemon on 127.0.0.1, both in a sandbox (no network,
# host mail.example.test) whose /dev/log is a socket read back into
# NAME.TAG.log (prerequisite SYSLOG: root and unshare -m); the helpers
# are test/t/lib-syslog.sh's.  The lines written while a message is
# read are 4021's.
test_description='SMTP server syslog lines against sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-smtp.sh"

smtp_setup minimal policy maps
M=$TRASH/minimal.cf
P=$TRASH/policy.cf
X=$TRASH/maps.cf

. "$SRCDIR/test/t/lib-syslog.sh"
P4=ORACLE,SANDBOX,BS,SYSLOG
printf "%s\n" "HELO x" NOOP >"$TRASH/nomail.in"

test_expect_success $P4 'from= of queued mail: msgid, bodytype, class, nrcpts' '
	printf "%s\n" "EHLO client.example.org" \
		"MAIL FROM:<a@mail.example.test> BODY=8BITMIME" "RCPT TO:<root>" DATA \
		"Subject: x" "Message-Id: <abc@def>" "" body . \
		"MAIL FROM:<b@mail.example.test> BODY=7BIT SIZE=20" "RCPT TO:<root>" \
		"RCPT TO:<root>" "RCPT TO:<daemon>" DATA "Subject: y" "Precedence: bulk" "" \
		body2 . "HELO plain.example.org" "MAIL FROM:<>" "RCPT TO:<root>" DATA \
		"Subject: z" "" body3 . QUIT >queued.in &&
	bs_diff queued "$M" &&
	grep -c "from=" queued.ours.log >n && test "$(cat n)" = 3 &&
	grep "bodytype=8BITMIME" queued.ours.log &&
	grep "class=-60, nrcpts=2," queued.ours.log
'

test_expect_success $P4 'rejections, discards and abandoned transactions (policy.cf)' '
	printf "%s\n" "EHLO client.example.org" "MAIL FROM:<spammer@example.com>" \
		"RCPT TO:<root>" "RCPT TO:<nobody@example.test>" "RCPT TO:<blocked@foo>" \
		RSET "MAIL FROM:<x@discard.example.com>" "RCPT TO:<root>" DATA \
		"Subject: d" "" hi . "MAIL FROM:<a@example.com>" "RCPT TO:<root>" \
		"HELO again" "MAIL FROM:<c@example.com>" QUIT >policy.in &&
	bs_diff policy "$P" &&
	grep "reject=550 5.7.1 <root>... Access denied" policy.ours.log &&
	grep ", discard\$" policy.ours.log && grep ": discarded\$" policy.ours.log
'

test_expect_success $P4 'check_mail rejection keeps the id for the next MAIL (maps.cf)' '
	printf "%s\n" "HELO x" "MAIL FROM:<spammer@example.com>" "MAIL FROM:<a@example.com>" \
		"RCPT TO:<x@elsewhere.example.net>" "RCPT TO:<root>" RSET \
		"MAIL FROM:<b@mail.example.test>" RSET QUIT >ids.in &&
	bs_diff ids "$X" &&
	grep "^<21>ID1: ruleset=check_mail, arg1=<spammer@example.com>" ids.ours.log &&
	grep "^<22>ID1: from=<a@example.com>, size=0, class=0, nrcpts=2, proto=SMTP" ids.ours.log
'

test_expect_success $P4 'lost input channel; did not issue MAIL/EXPN/VRFY/ETRN; VRFY logged' '
	printf "%s\n" "HELO x" "MAIL FROM:<a@example.com>" "RCPT TO:<root>" >lost.in &&
	bs_diff lost "$X" &&
	grep "lost input channel from root@localhost to stdin after rcpt\$" lost.ours.log &&
	bs_diff nomail "$X" &&
	grep "root@localhost did not issue MAIL/EXPN/VRFY/ETRN during connection to stdin\$" \
		nomail.ours.log &&
	printf "%s\n" "HELO x" "VRFY root" "EXPN root" "VRFY  <daemon> x" "ETRN foo" EXPN QUIT \
		>vrfy.in &&
	bs_diff vrfy "$X" &&
	! grep "did not issue" vrfy.ours.log &&
	grep "^<22>ID1: root@localhost: VRFY  <daemon> x\$" vrfy.ours.log &&
	bs_diff vrfy "$X" -O LogLevel=5 &&
	! test -s vrfy.ours.log
'

test_expect_success $P4 'refused text (too big, cut short), pipelining errors, their LogLevels' '
	printf "%s\n" "HELO x" "MAIL FROM:<a@example.com>" "RCPT TO:<root>" "RCPT TO:<daemon>" \
		DATA "Subject: big" "" "$(printf "%0300d" 0)" . QUIT >big.in &&
	printf "%s\n" "HELO x" "MAIL FROM:<a@example.com>" "RCPT TO:<root>" "RAW DATA\\r\\n" \
		"RAW Subject: x\\r\\n\\r\\nhalf\\r\\n" >cut.in &&
	printf "%s\n" "RAW HELO x\\r\\nNOOP\\r\\n" QUIT >pipe.in &&
	printf "%s\n" "HELO x" \
		"RAW MAIL FROM:<a@example.com>\\r\\nRCPT TO:<root>\\r\\nDATA\\r\\nSubject: x\\r\\n" \
		QUIT >pipe2.in &&
	for n in big.7 big.9 cut.2 cut.9 pipe.0 pipe2.9; do
		bs_diff ${n%.*} "$X" -O MaxMessageSize=100 -O LogLevel=${n#*.} || return 1
	done &&
	grep "^<21>ID1: message size (315) exceeds maximum (100)\$" big.ours.log &&
	grep "^<22>ID1: to=<daemon>, delay=.*, stat=Message exceeds maximum fixed size (100)\$" \
		big.ours.log &&
	grep "^<20>ID1: collect: premature EOM: unexpected close\$" cut.ours.log &&
	grep "rejecting server HELO from localhost \[0\] due to traffic before response" pipe.ours.log &&
	grep "rejecting server DATA from localhost \[0\]" pipe2.ours.log
'

test_expect_success $P4 'possible SMTP attack: VRFY/EXPN, NOOP, ETRN, HELO/EHLO (once each)' '
	{
		echo "HELO x" &&
		for i in 1 2 3 4 5 6; do echo "EXPN root"; done &&
		echo "VRFY root" &&
		for i in $(seq 1 20); do echo NOOP; done &&
		for i in $(seq 1 8); do echo "ETRN foo"; done &&
		printf "%s\n" "HELO y" "EHLO z" QUIT
	} >attack.in &&
	bs_diff attack "$M" &&
	grep "^<22>ID1: root@localhost: possible SMTP attack: command=EXPN, count=6\$" \
		attack.ours.log &&
	grep -c "possible SMTP attack" attack.ours.log >n && test "$(cat n)" = 4 &&
	grep -A1 "command=EXPN, count=6" attack.ours.log | grep "EXPN root\$" &&
	grep "command=NOOP, count=20\$" attack.ours.log &&
	grep "command=ETRN, count=8\$" attack.ours.log &&
	grep "^<22>ID2: root@localhost: possible SMTP attack: command=HELO/EHLO, count=3\$" \
		attack.ours.log &&
	printf "%s\n" "VRFY root" "HELO x" "VRFY root" "HELO y" "VRFY root" "EHLO z" \
		"VRFY root" QUIT >helo-id.in &&
	bs_diff helo-id "$M" &&
	grep "^<22>ID3: root@localhost: VRFY root\$" helo-id.ours.log &&
	bs_diff helo-id "$M" -O LogLevel=5 &&
	! test -s helo-id.ours.log
'

printf "%s\n" "HELO x" "MAIL FROM:<spammer@example.com>" "MAIL FROM:<a@example.com>" \
	"RCPT TO:<root>" DATA "Subject: x" "" hi . "MAIL FROM:<b@example.com>" \
	"RCPT TO:<root>" >"$TRASH/levels.in"
for L in 2 4 5 6 10; do
	test_expect_success $P4 "LogLevel=$L: the same lines as sendmail" "
		cp levels.in lvl$L.in &&
		bs_diff lvl$L \"\$X\" -O LogLevel=$L &&
		cp nomail.in nm$L.in &&
		bs_diff nm$L \"\$X\" -O LogLevel=$L
	"
done

test_expect_success $P4 'the daemon: daemon=, relay=name [addr], lost channel, rejections' '
	printf "%s\n" "EHLO client.example.org" "MAIL FROM:<a@example.com>" "RCPT TO:<root>" \
		DATA "Subject: x" "" hi . QUIT >d1.in &&
	printf "%s\n" "EHLO client.example.org" NOOP QUIT >d2.in &&
	printf "%s\n" "EHLO client.example.org" "MAIL FROM:<a@example.com>" \
		"RCPT TO:<root>" EOF >d3.in &&
	printf "%s\n" "HELO client.example.org" "MAIL FROM:<spammer@example.com>" \
		"MAIL FROM:<a@example.com>" "RCPT TO:<x@elsewhere.example.net>" QUIT >d4.in &&
	daemon_log "$REAL_SENDMAIL" real d "$X" d1.in d2.in d3.in d4.in &&
	daemon_log "$SENDMAIL" ours d "$X" d1.in d2.in d3.in d4.in &&
	test_cmp d.real.log d.ours.log &&
	grep "daemon=MTA, relay=localhost \[127.0.0.1\]\$" d.ours.log &&
	grep "lost input channel from localhost \[127.0.0.1\] to MTA after rcpt" d.ours.log
'

test_expect_success $P4 'the daemon: timeout waiting for input (Timeout.command)' '
	printf "%s\n" "HELO x" "MAIL FROM:<a@example.com>" "RCPT TO:<root>" "SLEEP 4" >t1.in &&
	printf "%s\n" "HELO x" "SLEEP 4" >t2.in &&
	DOPTS="-O Timeout.command=2s" &&
	export DOPTS &&
	daemon_log "$REAL_SENDMAIL" real t "$X" t1.in t2.in &&
	daemon_log "$SENDMAIL" ours t "$X" t1.in t2.in &&
	test_cmp t.real.log t.ours.log &&
	grep -c "timeout waiting for input from localhost during server cmd read" t.ours.log >n &&
	test "$(cat n)" = 2
'

test_done
