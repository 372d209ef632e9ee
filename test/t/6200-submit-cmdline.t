#!/bin/sh
# 6200-submit-cmdline - mail submitted on the command line (-bm, the
# default mode): `sendmail [-t] [-i] [-f from] [-F name] [-N ..] [-R ..]
# [-V ..] [-B ..] addr... <message`.
#
# First against the real sendmail 8.17 with -odq: the same command and
# input through both, in the sandbox (host mail.example.test), then
# stdout, the exit status and the qf and df files they queued are
# compared byte for byte after masking queue ids and dates (smtp_mask):
# senders, full names, -t, ordering, dots, CRLF, 8-bit, DSN flags, the
# error texts and exit codes, header rewriting, NoRecipientAction,
# Precedence, MaxMessageSize.
# Unknown local users are only tried with -oeq there: in ErrorMode=p the
# real one saves a copy in the invoking user's ~/dead.letter, which is
# tried apart, with that home directory bind-mounted to the trash
# directory in a mount namespace of its own; -n (an alias is no user).
#
# Then our own end to end: minimal.mc's local mailer made our mail.local
# (MAIL_LOCAL_SPOOL through an E line) and the recipient the runner's
# login: -odi (and -v) delivers before exit, the default (background)
# delivers from a child, -odq leaves it for `sendmail -q`; unknown users
# with ErrorMode p and m; a mailx-like `-t -oi`
# and a cron-like `-FCronDaemon -i -B8BITMIME -oem` submission; the mbox
# is read with Python's mailbox module.
test_description='command-line submission (-bm, -t, -f, -N, -R, -V, -B)'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-smtp.sh"

bt_setup minimal
mkdir rq oq || exit 1
ME=$(id -un)

# sub_run BIN Q NAME OUT ARGS... - BIN -C minimal.cf -odq ARGS <NAME.in on
# queue Q in the sandbox; stdout+stderr, "exit N", then every file of Q
# (masked: smtp_mask, sub_mask) into OUT
sub_run() {
	_bin=$1 _q=$2 _in=$3 _o=$4
	shift 4
	rm -f "$TRASH/$_q"/*
	sandbox_run timeout 60 "$_bin" -C "$TRASH/minimal.cf" \
		-O QueueDirectory="$TRASH/$_q" -O StatusFile="$TRASH/etc/statistics" \
		-odq "$@" <"$_in.in" >"$_o" 2>&1
	echo "exit $?" >>"$_o"
	for _f in "$TRASH/$_q"/*; do
		test -e "$_f" || continue
		echo "== $(basename "$_f" | cut -c1-2)"
		smtp_mask <"$_f" | sub_mask
	done >>"$_o"
}
# sub_mask - also the date on a Received line of its own (no "for")
sub_mask() {
	sed -E "s/^	[A-Z][a-z]{2}, [0-9]+ [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [A-Z]+$/	DATE/"
}

# sub_diff NAME ARGS... - NAME.in through the real sendmail and ours
sub_diff() {
	_n=$1
	shift
	sub_run "$REAL_SENDMAIL" rq "$_n" "expect.$_n" "$@" &&
	sub_run "$SENDMAIL" oq "$_n" "actual.$_n" "$@" &&
	test_cmp "expect.$_n" "actual.$_n"
}

# msg NAME TEXT - NAME.in holds TEXT (printf format)
msg() { printf "$2" >"$1.in"; }

msg plain 'Subject: hi\n\nbody line\n'
msg tmsg 'To: bob@example.org, carol@c.org\nCc: dave@x.org\nBcc: eve@y.org\nSubject: hi\n\nbody line\n'
msg resent 'To: a@x.org\nResent-To: z@x.org\nResent-Cc: c@x.org\nResent-Bcc: d@x.org\nSubject: hi\n\nbody\n'
msg bcconly 'Bcc: d@x.org\nSubject: hi\n\nbody\n'
msg dots 'Subject: hi\n\nline1\n..two dots\n.foo\n.\nafter dot\n'
msg crlf 'Subject: hi\r\nX-A: b\r\n\r\nline1\r\nbare\rcr\r\n.\r\nafter\r\n'
msg eight 'Subject: h\351\n\nline1 caf\303\251\nno newline'
msg fromline 'From alice Mon Nov 23 10:00:00 2026\nSubject: hi\n\nbody\0nul\n'
msg nohdr 'hello world\nSubject: x\n\nfoo\n'
msg empty ''
msg lists 'To: A Person <a@x.org>,   (c) b@x.org, "Q, R" <q@x.org>,c@x.org\nCc: aaaaaaaaaaaaaaa@xxxxxxxxxxxx.org, bbbbbbbbbbbbbbbbbbbb@xxxxxxxxxxxxxx.org, ccccccccccccccccccc@xxxxxxxxxxx.org, dddddddddddddddd@xxxxxxxxxx.org\nReply-To: a@x.org,\n\tb@x.org\nX-Foo: a@x.org,  b@x.org\nSubject: hi\n\nbody\n'
msg group 'To: Group: a@x.org, b@y.org;\nCc: z@x.org, a@x.org, m@X.org\nSubject: hi\n\nbody\n'
msg unknown 'To: bob@example.org, nosuchuser6200\nSubject: hi\n\nbody\n'
msg big 'Subject: hi\n\n0123456789\n0123456789\n'
msg undisc 'To: undisclosed-recipients:;\nBcc: b@x.org\nSubject: hi\n\nbody\n'
msg bulk 'Precedence: bulk\nSubject: hi\n\nbody\n'
msg resentat 'To: a@x.org\nResent-Apparently-To: b@x.org\nResent-Errors-To: c@x.org\nSubject: hi\n\nbody\n'
msg own 'Return-Path: <evil@x.org>\nFull-Name: Some <one>\nDate: Mon, 1 Jan 2026 00:00:00 +0000\nMessage-Id: <abc@def>\nResent-Date: x\nSubject: hi\n\nbody\n'

test_expect_success ORACLE,SANDBOX 'plain: sender, Received, From, Full-Name, A line' '
	sub_diff plain bob@example.org
'
test_expect_success ORACLE,SANDBOX '-bm is the default mode' '
	sub_diff plain -bm bob@example.org
'
test_expect_success ORACLE,SANDBOX '-f: S line as given, $g through rulesets 3 and 4' '
	sub_diff plain -f alice@example.org bob@example.org &&
	sub_diff plain -f "Alice <alice@a.org>" bob@example.org &&
	sub_diff plain -f root@localhost bob@example.org &&
	sub_diff plain -f "\"a b\"@x.org" bob@example.org &&
	sub_diff plain -r alice bob@example.org
'
test_expect_success ORACLE,SANDBOX '-f "<>" and -f "": the null sender, no From' '
	sub_diff plain -f "<>" bob@example.org &&
	sub_diff plain -f "" bob@example.org
'
test_expect_success ORACLE,SANDBOX '-f a local user: $x from passwd' '
	sub_diff plain -f daemon bob@example.org
'
test_expect_success ORACLE,SANDBOX '-F: the full name, quoted when it must be' '
	sub_diff plain -F "Big Boss" bob@example.org &&
	sub_diff plain -F "J. Doe" bob@example.org &&
	sub_diff plain -F "a<b>" bob@example.org &&
	sub_diff plain -F "x (y.z)" bob@example.org &&
	sub_diff plain -F "" -f alice bob@example.org
'
test_expect_success ORACLE,SANDBOX '-t: To, Cc, Bcc; the b flag' '
	sub_diff tmsg -t
'
test_expect_success ORACLE,SANDBOX '-t plus arguments: both kept, duplicates once' '
	sub_diff tmsg -t carol@c.org frank@z.org
'
test_expect_success ORACLE,SANDBOX '-t with Resent- headers, and with Bcc only' '
	sub_diff resent -t &&
	sub_diff bcconly -t
'
test_expect_success ORACLE,SANDBOX 'order: each list last first, sorted by host, local first' '
	sub_diff plain z@x.org a@x.org m@X.org b@a.org root "q@x.org, r@x.org" &&
	sub_diff group -t
'
test_expect_success ORACLE,SANDBOX 'duplicates: the user'"'"'s case counts for esmtp; r lines: canonical hosts' '
	sub_diff plain x@relay X@relay.example.net x@relay.example.net root@mail ROOT &&
	grep "^rRFC822; X@relay.example.net$" actual.plain &&
	grep "^rRFC822; x@relay.example.net$" actual.plain &&
	test $(grep -c "^R" actual.plain) = 3
'
test_expect_success ORACLE,SANDBOX 'Resent-Apparently-To, Resent-Errors-To: no resent message' '
	sub_diff resentat -t &&
	grep "^RPFD:a@x.org$" actual.resentat &&
	! grep "Resent-From" actual.resentat
'
# Debian's "list" (gecos "Mailing List Manager") and "_apt" (no gecos)
test "$(getent passwd list | cut -d: -f5)" = "Mailing List Manager" &&
test "$(getent passwd _apt | cut -d: -f5)" = "" && test_set_prereq DEBUSERS
test_expect_success ORACLE,SANDBOX '-f a local user in upper case: $x from passwd' '
	sub_diff plain -f ROOT bob@example.org &&
	grep "^H?x?Full-Name: root$" actual.plain
'
test_expect_success ORACLE,SANDBOX,DEBUSERS '-f local users with a gecos name and with none' '
	sub_diff plain -f list@LocalHost bob@example.org &&
	grep "^H?F?From: Mailing List Manager <list@mail.example.test>$" actual.plain &&
	sub_diff plain -f _apt bob@example.org &&
	! grep "Full-Name" actual.plain
'
test_expect_success ORACLE,SANDBOX 'without -i: "." ends the text, ".." loses a dot' '
	sub_diff dots bob@example.org
'
test_expect_success ORACLE,SANDBOX '-i and -oi: dots are text' '
	sub_diff dots -i bob@example.org &&
	sub_diff dots -oi bob@example.org
'
test_expect_success ORACLE,SANDBOX 'CRLF input, bare CR, NUL, "From " line, no header' '
	sub_diff crlf bob@example.org &&
	sub_diff fromline bob@example.org &&
	sub_diff nohdr bob@example.org &&
	sub_diff empty bob@example.org
'
test_expect_success ORACLE,SANDBOX '8-bit text: F8; -B 8BITMIME and 7BIT' '
	sub_diff eight bob@example.org &&
	sub_diff eight -B 8BITMIME bob@example.org &&
	sub_diff eight -B 7BIT bob@example.org &&
	sub_diff plain -B 8bitmime bob@example.org
'
test_expect_success ORACLE,SANDBOX '-N, -R, -V: the R line letters, F d/n, Z line' '
	sub_diff plain -N never bob@example.org &&
	sub_diff plain -N success,FAILURE,delay bob@example.org a@x.org &&
	sub_diff plain -R hdrs bob@example.org &&
	sub_diff plain -R full -V abc+2Bdef bob@example.org
'
test_expect_success ORACLE,SANDBOX 'bad -N, -R, -V, -B: messages and exit codes' '
	sub_diff plain -N bogus bob@example.org &&
	sub_diff plain -N never,success bob@example.org &&
	sub_diff plain -R hdrs -R full bob@example.org &&
	sub_diff plain -N x -R y -V "a b" bob@example.org &&
	sub_diff plain -B foo bob@example.org
'
test_expect_success ORACLE,SANDBOX 'no recipients: -t and plain' '
	sub_diff plain -t &&
	grep "^No recipient addresses found in header$" actual.plain &&
	grep "^exit 0$" actual.plain &&
	sub_diff plain &&
	grep "^Recipient names must be specified$" actual.plain &&
	grep "^exit 64$" actual.plain
'
test_expect_success ORACLE,SANDBOX 'address lists in the header are rewritten' '
	sub_diff lists bob@example.org
'
test_expect_success ORACLE,SANDBOX 'unknown local user (-oeq): reported, exit 67, rest queued' '
	sub_diff plain -oeq nosuchuser6200 bob@example.org &&
	sub_diff unknown -oeq -t &&
	grep "^exit 67$" actual.unknown
'
test_expect_success ORACLE,SANDBOX 'NoRecipientAction for a header that names nobody' '
	sub_diff plain -O NoRecipientAction=add-to "Z <z@x.org>" a@x.org b@y.org &&
	sub_diff plain -O NoRecipientAction=add-apparently-to a@x.org b@y.org &&
	sub_diff plain -O NoRecipientAction=add-bcc a@x.org &&
	sub_diff plain -O NoRecipientAction=add-to-undisclosed a@x.org &&
	sub_diff bcconly -O NoRecipientAction=add-to a@x.org
'
test_expect_success ORACLE,SANDBOX 'Precedence: the class in the priority, n flag' '
	sub_diff bulk bob@example.org a@x.org
'
test_expect_success ORACLE,SANDBOX 'the message'"'"'s own Return-Path, Full-Name, Date, Message-Id' '
	sub_diff own -F Boss bob@example.org
'
test_expect_success ORACLE,SANDBOX 'programs, files and bad addresses are refused (-oeq)' '
	sub_diff plain -oeq "|/bin/cat" "/tmp/x6200" bob@example.org &&
	sub_diff plain -oeq "a@" bob@example.org
'
test_expect_success ORACLE,SANDBOX '-t: a bad header address is reported even with -oeq' '
	sub_diff undisc -oeq -t
'
test_expect_success ORACLE,SANDBOX 'MaxMessageSize: message, exit 0, nothing queued (-oeq)' '
	sub_diff big -O MaxMessageSize=20 -oeq bob@example.org &&
	grep "^Message exceeds maximum fixed size (20)$" actual.big
'

# dl_run BIN OUT ARGS... - sub_run's BIN on plain.in in ErrorMode=p, in a
# mount namespace of its own where the invoking user's passwd home is
# $TRASH/home.BIN (so dead.letter lands there, never in the real home);
# OUT gets stdout, "exit N" and that dead.letter (masked)
HOMEDIR=$(getent passwd "$(id -u)" | cut -d: -f6)
mkdir home.probe home.real home.ours || exit 1
test "$(id -u)" = 0 && test -d "$HOMEDIR" &&
unshare -m sh -c "mount --make-rprivate / && mount --bind '$TRASH/home.probe' '$HOMEDIR' &&
	touch '$HOMEDIR/probe'" 2>/dev/null && test -f home.probe/probe &&
	test_set_prereq DEADHOME
# home_run DIR CMD... - CMD in the sandbox with DIR mounted on $HOMEDIR
home_run() {
	_hr=$1
	shift
	unshare -m -n -u sh -c 'mount --make-rprivate / && mount --bind "$1" "$2" &&
		hostname mail.example.test && ip link set lo up 2>/dev/null; shift 2 &&
		exec "$@"' sh "$_hr" "$HOMEDIR" "$@"
}
dl_run() {
	_b=$1 _o=$2 _h=$TRASH/home.$2
	shift 2
	rm -f "$TRASH/oq"/* "$_h/dead.letter"
	home_run "$_h" timeout 60 "$_b" -C "$TRASH/minimal.cf" -O QueueDirectory="$TRASH/oq" \
		-O StatusFile="$TRASH/etc/statistics" -odq "$@" <plain.in >"$_o" 2>&1
	echo "exit $?" >>"$_o"
	echo "== dead.letter" >>"$_o"
	test -f "$_h/dead.letter" && smtp_mask <"$_h/dead.letter" | sub_mask |
		sed -E "s/^From ([^ ]*) .*/From \1 DATE/" >>"$_o"
	return 0
}
test_expect_success ORACLE,DEADHOME 'ErrorMode=p: a failed recipient, a copy in ~/dead.letter' '
	printf "alias6200x: root\n" >>etc/aliases &&
	sandbox_run "$REAL_SENDMAIL" -C "$TRASH/minimal.cf" -bi >/dev/null &&
	for args in "nosuchuser6200 bob@example.org" "a@ bob@example.org" "alias6200x" \
		"-n alias6200x" "-n alias6200x bob@example.org"; do
		dl_run "$REAL_SENDMAIL" real $args &&
		dl_run "$SENDMAIL" ours $args &&
		test_cmp real ours || return 1
	done &&
	grep "^$HOMEDIR/dead.letter... Saved message in $HOMEDIR/dead.letter$" ours &&
	grep "^Subject: hi$" ours &&
	dl_run "$SENDMAIL" ours -oeq nosuchuser6200 bob@example.org &&
	! grep "^Subject:" ours
'

# ------------------------------------------------ end to end, our own
ML=$OBJDIR/mail.local/mail.local
test -x "$ML" && python3 -c 'import mailbox' 2>/dev/null && test_set_prereq E2E
mkdir spool mq && chmod 1777 spool || exit 1
sed -e "s|P=/usr/bin/procmail,|P=$ML,|" -e 's|A=procmail -a $h -d $u|A=mail.local -d $u|' \
	-e "s|^O AliasFile=.*|O AliasFile=$TRASH/aliases|" "$TRASH/minimal.cf" >t.cf &&
echo "EMAIL_LOCAL_SPOOL=$TRASH/spool" >>t.cf &&
printf 'alias6200: %s\n' "$ME" >aliases || exit 1
cat >mbox.py <<\PY
import mailbox, sys
for m in mailbox.mbox(sys.argv[1], create=False):
    if m.is_multipart():
        body = "multipart"
    else:
        body = m.get_payload(decode=True).decode("latin-1").rstrip("\n").replace("\n", "/")
    print("%s|%s|%s|%s|%s" % (m.get_from().split(" ")[0], m["From"], m["To"],
        m["Subject"], body))
PY
# sm ARGS... - our sendmail on t.cf and queue mq/, in the sandbox (with
# home.sm/ as the invoking user's home when DEADHOME: a dead.letter goes
# there; without DEADHOME the tests that would write one are skipped)
mkdir home.sm || exit 1
sm() {
	if test_have_prereq DEADHOME; then
		home_run "$TRASH/home.sm" timeout 60 "$SENDMAIL" -C "$TRASH/t.cf" \
			-O QueueDirectory="$TRASH/mq" -O StatusFile="$TRASH/etc/statistics" "$@"
	else
		sandbox_run timeout 60 "$SENDMAIL" -C "$TRASH/t.cf" -O QueueDirectory="$TRASH/mq" \
			-O StatusFile="$TRASH/etc/statistics" "$@"
	fi
}
# wait_mbox N - until the runner's mbox holds N messages (10 s at most)
wait_mbox() {
	_i=0
	while test $_i -lt 100; do
		test -f "spool/$ME" &&
		test "$(python3 mbox.py "spool/$ME" | wc -l)" -ge "$1" && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

test_expect_success E2E 'newaliases for the end-to-end cf' '
	sm -bi >out.bi 2>&1 && test -f aliases.db
'
test_expect_success E2E,SANDBOX '-odi: delivered into the mbox before exit' '
	: >spool/$ME &&
	printf "Subject: odi\n\nhello\n.\nnot this\n" | sm -odi -f alice@example.org "$ME" >out 2>&1 &&
	! test -s out &&
	echo "alice@example.org|alice@example.org|None|odi|hello" >expect &&
	python3 mbox.py spool/$ME >actual &&
	test_cmp expect actual &&
	test -z "$(ls mq)"
'
test_expect_success E2E,SANDBOX 'default (background): a child delivers it' '
	: >spool/$ME &&
	printf "Subject: bg\n\nhello\n" | sm "$ME" >out 2>&1 &&
	! test -s out &&
	wait_mbox 1 &&
	echo "root|root <root>|None|bg|hello" >expect &&
	python3 mbox.py spool/$ME >actual &&
	sed "s/^$ME|$ME <$ME>|/root|root <root>|/" actual >actual.n &&
	test_cmp expect actual.n
'
test_expect_success E2E,SANDBOX '-odq queues it, sendmail -q delivers it' '
	: >spool/$ME &&
	printf "Subject: queued\n\nlater\n" | sm -odq "$ME" &&
	ls mq | grep "^qf" >qfs && test "$(wc -l <qfs)" = 1 &&
	! test -s spool/$ME &&
	sm -q >out 2>&1 &&
	test -z "$(ls mq)" &&
	python3 mbox.py spool/$ME | cut -d"|" -f4,5 >actual &&
	echo "queued|later" >expect &&
	test_cmp expect actual
'
test_expect_success E2E,SANDBOX '-v delivers at once, even after -odq' '
	: >spool/$ME &&
	printf "Subject: verbose\n\nhi\n" | sm -odq -v "$ME" >out 2>&1 &&
	python3 mbox.py spool/$ME | cut -d"|" -f4 >actual &&
	echo verbose >expect &&
	test_cmp expect actual &&
	test -z "$(ls mq)"
'
test_expect_success E2E,SANDBOX 'mailx-like: -t -oi, a "." line kept, Bcc once' '
	: >spool/$ME &&
	printf "To: %s\nBcc: %s\nSubject: mailx\n\nline\n.\nend\n" "$ME" "$ME" |
		sm -odi -t -oi >out 2>&1 &&
	! test -s out &&
	python3 mbox.py spool/$ME | cut -d"|" -f3- >actual &&
	echo "$ME|mailx|line/./end" >expect &&
	test_cmp expect actual
'
test_expect_success E2E,SANDBOX 'delivery drops Bcc: (the qf has the b flag)' '
	grep "^To: $ME$" spool/$ME &&
	! grep "^Bcc:" spool/$ME
'
test_expect_success E2E,SANDBOX 'cron-like: -FCronDaemon -i -B8BITMIME -oem' '
	: >spool/$ME &&
	printf "Subject: Cron <root@host> run-parts\n\ncaf\303\251 done\n" |
		sm -odi -FCronDaemon -i -B8BITMIME -oem "$ME" >out 2>&1 &&
	! test -s out &&
	python3 mbox.py spool/$ME >actual &&
	grep "|CronDaemon <$ME>|None|Cron <root@host> run-parts|caf" actual &&
	grep "^From: CronDaemon <$ME>$" spool/$ME
'
test_expect_success E2E,SANDBOX,DEADHOME '-odi with an unknown user: reported, saved, exit 67, rest delivered' '
	: >spool/$ME &&
	printf "Subject: partly\n\nhi\n" >in &&
	test_expect_code 67 sm -odi nosuchuser6200 "$ME" <in >out 2>&1 &&
	printf "%s\n" "nosuchuser6200... User unknown" \
		"$HOMEDIR/dead.letter... Saved message in $HOMEDIR/dead.letter" >expect &&
	test_cmp expect out &&
	grep "^Subject: partly$" home.sm/dead.letter &&
	python3 mbox.py spool/$ME | cut -d"|" -f4 >actual &&
	echo partly >expect &&
	test_cmp expect actual
'
test_expect_success E2E,SANDBOX '-oem with an unknown user: one bounce to the sender' '
	: >spool/$ME &&
	test_expect_code 67 sm -odi -oem nosuchuser6200 "$ME" <in >out 2>&1 &&
	! test -s out &&
	python3 mbox.py spool/$ME | cut -d"|" -f1,4 | sort >actual &&
	printf "%s\n" "MAILER-DAEMON|Returned mail: see transcript for details" \
		"$ME|partly" >expect &&
	test_cmp expect actual &&
	grep "^Final-Recipient: RFC822; nosuchuser6200@mail.example.test$" spool/$ME &&
	grep "^Status: 5.1.1$" spool/$ME
'
test_expect_success E2E,SANDBOX 'an alias is not an unknown user' '
	: >spool/$ME &&
	printf "Subject: alias\n\nhi\n" | sm -odi alias6200 >out 2>&1 &&
	! grep "User unknown" out &&
	wait_mbox 1 &&
	python3 mbox.py spool/$ME | cut -d"|" -f4 >actual &&
	echo alias >expect &&
	test_cmp expect actual
'

test_done
