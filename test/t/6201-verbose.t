#!/bin/sh
# 6201-verbose - the verbose delivery transcript: `sendmail -v addr`
# and `sendmail -q -v` print what delivery does on stdout ("addr...
# aliased to ...", "addr... Connecting to local...", "addr... Sent",
# deferrals, "Running dir/ID (sequence i of n)").
#
# Differential: the same command through the real sendmail 8.17 and
# ours in the sandbox, minimal.mc's local mailer made our mail.local
# (MAIL_LOCAL_SPOOL through an E line), the recipient the runner's
# login, an alias list with a program and a file, a program that defers
# (exit 75); stdout and the exit status compared byte for byte (queue
# ids masked).  Failures are only tried with -oeq/-oem so that nothing
# lands in the invoking user's ~/dead.letter.  Then our own: the mbox
# really got the message, no transcript without -v, a permanent failure
# not echoed.
#
# VERB in an SMTP session (-bs, test/lib/smtp_dialogue.py): the real
# one, even under -odq, expands each RCPT at once ("050 <list>... aliased
# to ..." before its 250) and delivers before the 250 after the text,
# the transcript as "050 " lines; compared byte for byte with the real
# one, with a deferring program, a failing one whose bounce goes to
# "<root>" and the session's exit status (69).  The exit status after
# an interactive delivery that failed for good (-odi, -v, -bs -odi):
# 69 for a failed program, 67 for an alias to an unknown user.
#
# After `sendmail -v -oem` the bounce goes to the sender as given
# ("root... Connecting to local...", no brackets), as the real one's.
test_description='verbose delivery transcript (-v, -q -v, VERB)'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-smtp.sh"

bt_setup minimal
ME=$(id -un)
ML=$OBJDIR/mail.local/mail.local
test -x "$ML" && python3 -c 'import mailbox' 2>/dev/null && test_set_prereq E2E
mkdir spool mq rq out && chmod 1777 spool out || exit 1
sed -e "s|P=/usr/bin/procmail,|P=$ML,|" -e 's|A=procmail -a $h -d $u|A=mail.local -d $u|' \
	-e "s|^O AliasFile=.*|O AliasFile=$TRASH/aliases|" "$TRASH/minimal.cf" >t.cf &&
echo "EMAIL_LOCAL_SPOOL=$TRASH/spool" >>t.cf || exit 1
cat >aliases <<EOF || exit 1
prog1: "|/bin/sh -c 'cat > $TRASH/out/prog.out'"
file1: $TRASH/out/file.mbox
list: $ME, prog1, file1
bad1: "|/bin/sh -c 'exit 1'"
tmp1: "|/bin/sh -c 'exit 75'"
u1: nosuchuser6201
EOF
printf 'Subject: v\n\nhi\n' >msg.in

# sm BIN Q ARGS... - BIN on t.cf and queue Q in the sandbox, msg.in in
sm() {
	_b=$1 _q=$2
	shift 2
	sandbox_run timeout 60 "$_b" -C "$TRASH/t.cf" -O QueueDirectory="$TRASH/$_q" \
		-O StatusFile="$TRASH/etc/statistics" "$@" <"$TRASH/msg.in"
}
# v_run BIN Q OUT ARGS... - stdout (queue ids masked) and "exit N" into
# OUT, stderr into OUT.err; the spool and the queue Q emptied first
v_run() {
	_b=$1 _q=$2 _o=$3
	shift 3
	rm -f "$TRASH/$_q"/* "$TRASH"/spool/* "$TRASH"/out/*
	sm "$_b" "$_q" "$@" >"$_o.raw" 2>"$_o.err"
	echo "exit $?" >>"$_o.raw"
	smtp_mask <"$_o.raw" >"$_o"
}
# v_diff NAME ARGS... - ARGS through the real sendmail and ours
v_diff() {
	_n=$1
	shift
	v_run "$REAL_SENDMAIL" rq "expect.$_n" "$@" &&
	v_run "$SENDMAIL" mq "actual.$_n" "$@" &&
	test_cmp "expect.$_n" "actual.$_n"
}
# mbox - the runner's mbox: "From_ sender|Subject" per message
mbox() {
	python3 -c 'import mailbox, sys
for m in mailbox.mbox(sys.argv[1], create=False):
    print("%s|%s" % (m.get_from().split(" ")[0], m["Subject"]))' "spool/$ME"
}

test_expect_success ORACLE,SANDBOX,E2E 'alias databases for both' '
	sm "$REAL_SENDMAIL" rq -bi >/dev/null 2>&1 &&
	sm "$SENDMAIL" mq -bi >/dev/null 2>&1 &&
	test -f aliases.db
'
test_expect_success ORACLE,SANDBOX,E2E '-v to a local user: Connecting to local, Sent' '
	v_diff user -v "$ME" &&
	printf "%s\n" "$ME... Connecting to local..." "$ME... Sent" "exit 0" >expect &&
	test_cmp expect actual.user &&
	mbox >actual.mbox &&
	echo "$ME|v" >expect.mbox &&
	test_cmp expect.mbox actual.mbox
'
test_expect_success ORACLE,SANDBOX,E2E '-v to an alias list: aliased to, program, file, user' '
	v_diff list -v list &&
	grep -F "list... aliased to $ME, prog1, file1" actual.list &&
	grep -F "... Connecting to prog..." actual.list &&
	grep -F "$TRASH/out/file.mbox... Sent" actual.list &&
	test -s out/prog.out && test -s out/file.mbox
'
test_expect_success ORACLE,SANDBOX,E2E '-v with a deferring program: its Deferred text' '
	v_diff defer -v tmp1 &&
	grep -F "... Deferred: prog mailer (/bin/sh) exited with EX_TEMPFAIL" actual.defer &&
	ls mq | grep "^qf"
'
test_expect_success ORACLE,SANDBOX,E2E '-v -oeq with an unknown user: the rest, exit 67' '
	v_diff unknown -v -oeq nosuchuser6201 "$ME" &&
	grep "^exit 67$" actual.unknown
'
test_expect_success ORACLE,SANDBOX,E2E '-q -v: Running line, then the transcript' '
	for b in "$REAL_SENDMAIL rq expect" "$SENDMAIL mq actual"; do
		set -- $b &&
		rm -f "$TRASH/$2"/* spool/* &&
		sm "$1" "$2" -odq "$ME" &&
		sm "$1" "$2" -q -v >"$3.qv.raw" 2>/dev/null &&
		sed "s|$TRASH|TRASH|; s|/[rm]q/|/Q/|" <"$3.qv.raw" | smtp_mask >"$3.qv" ||
		return 1
	done &&
	test_cmp expect.qv actual.qv &&
	grep "^Running TRASH/Q/QUEUEID (sequence 1 of 1)$" actual.qv &&
	test -z "$(ls mq)"
'
test_expect_success SANDBOX,E2E 'no transcript without -v (-odi)' '
	v_run "$SENDMAIL" mq quiet -odi "$ME" &&
	echo "exit 0" >expect &&
	test_cmp expect quiet &&
	mbox >actual.mbox &&
	echo "$ME|v" >expect.mbox &&
	test_cmp expect.mbox actual.mbox
'
test_expect_success SANDBOX,E2E '-v -oem with a failing program: not echoed, bounced' '
	v_run "$SENDMAIL" mq bad -v -oem bad1 &&
	grep -F "bad1... aliased to" bad &&
	grep -F "... Connecting to prog..." bad &&
	! grep "mailer error" bad &&
	grep "Connecting to local" bad &&
	mbox >actual.mbox &&
	grep "^MAILER-DAEMON|" actual.mbox
'
test_expect_success ORACLE,SANDBOX,E2E '-odi with a failing program or an unknown user: exit 69, 67' '
	v_diff odibad -odi -oem bad1 &&
	grep "^exit 69$" actual.odibad &&
	v_diff odibad2 -odi -oeq bad1 "$ME" &&
	grep "^exit 69$" actual.odibad2 &&
	v_diff odiu1 -odi -oem u1 &&
	grep "^exit 67$" actual.odiu1 &&
	v_diff odidefer -odi -oem tmp1 &&
	grep "^exit 0$" actual.odidefer
'
test_expect_success ORACLE,SANDBOX,E2E '-v -oem with a failing program or an unknown user: exit 69, 67' '
	v_run "$REAL_SENDMAIL" rq expect.vbad -v -oem bad1 tmp1 &&
	v_run "$SENDMAIL" mq actual.vbad -v -oem bad1 tmp1 &&
	tail -n 1 expect.vbad >expect &&
	tail -n 1 actual.vbad >actual &&
	test_cmp expect actual &&
	echo "exit 69" >expect &&
	test_cmp expect actual &&
	v_run "$SENDMAIL" mq actual.vu1 -v -oem u1 &&
	grep "^exit 67$" actual.vu1
'
test_expect_success ORACLE,SANDBOX,E2E '-v -oem: the bounce goes to root..., not <root>...' '
	v_diff vbad2 -v -oem bad1
'

# verb_run BIN Q NAME - NAME.in through BIN -bs on t.cf (the spool, the
# program and file outputs emptied first) into NAME.BIN-kind; the trash
# path masked
verb_run() {
	rm -f "$TRASH"/spool/* "$TRASH"/out/* "$TRASH/$2"/* &&
	smtp_run "$1" "$2" "$TRASH/t.cf" "$3.in" "$4.raw2" &&
	sed "s|$TRASH|TRASH|g" <"$4.raw2" >"$4"
}
# verb_diff NAME - NAME.in through the real sendmail and ours
verb_diff() {
	verb_run "$REAL_SENDMAIL" rq "$1" "expect.$1" &&
	verb_run "$SENDMAIL" mq "$1" "actual.$1" &&
	test_cmp "expect.$1" "actual.$1"
}

test_expect_success ORACLE,SANDBOX,E2E 'VERB: 050 lines before the 250, delivered despite -odq' '
	printf "%s\n" "HELO x" VERB "MAIL FROM:<$ME>" "RCPT TO:<$ME>" DATA \
		"Subject: verb" "" hi . QUIT >verb1.in &&
	verb_diff verb1 &&
	sed -n "/^354 /,/^250 /p" actual.verb1 >actual &&
	printf "%s\r\n" "354 End data with <CR><LF>.<CR><LF>" \
		"050 <$ME>... Connecting to local..." "050 <$ME>... Sent" \
		"250 2.0.0 QUEUEID Message accepted for delivery" >expect &&
	test_cmp expect actual &&
	test -z "$(ls mq)" &&
	mbox >actual.mbox &&
	echo "$ME|verb" >expect.mbox &&
	test_cmp expect.mbox actual.mbox
'
test_expect_success ORACLE,SANDBOX,E2E 'VERB: aliased to at RCPT, program, file, deferral, bounce, exit 69' '
	printf "%s\n" "HELO x" VERB "MAIL FROM:<$ME>" "RCPT TO:<list>" "RCPT TO:<tmp1>" \
		DATA "Subject: l" "" hi . \
		"MAIL FROM:<$ME>" "RCPT TO:<bad1>" DATA "Subject: b" "" hi . QUIT >verb2.in &&
	verb_diff verb2 &&
	grep "^050 <list>... aliased to $ME, prog1, file1" actual.verb2 &&
	grep "^050 .*exit 75.*Deferred: prog mailer" actual.verb2 &&
	grep "^050 <$ME>... Sent" actual.verb2 &&
	grep "^exit 69$" actual.verb2 &&
	test -s out/prog.out && test -s out/file.mbox &&
	test "$(ls mq | grep -c "^qf")" = 1 &&
	mbox >actual.mbox &&
	grep "^$ME|l$" actual.mbox &&
	grep "^MAILER-DAEMON|" actual.mbox
'
test_expect_success ORACLE,SANDBOX,E2E '-bs -odi without VERB: no 050 lines, exit 69 after a failure' '
	printf "%s\n" "HELO x" "MAIL FROM:<$ME>" "RCPT TO:<bad1>" DATA "Subject: b" "" hi . \
		QUIT >bsodi.in &&
	rm -f spool/* rq/* mq/* &&
	smtp_run "$REAL_SENDMAIL" rq "$TRASH/t.cf" bsodi.in expect.bsodi -odi &&
	rm -f spool/* &&
	smtp_run "$SENDMAIL" mq "$TRASH/t.cf" bsodi.in actual.bsodi -odi &&
	test_cmp expect.bsodi actual.bsodi &&
	! grep "^050" actual.bsodi &&
	grep "^exit 69$" actual.bsodi
'
test_done
