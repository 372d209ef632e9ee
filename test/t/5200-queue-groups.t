#!/bin/sh
# 5200-queue-groups - queue groups (Q lines, QUEUE_GROUP) against the real
# sendmail 8.17: where the qf and df files of a message land when its
# recipients are in several groups (the envelope split: which group keeps
# the original id, the new ids in group order, the df shared by hard
# links, the 's' flag), chosen by a LOCAL_RULESETS queuegroup ruleset and
# by a mailer's Q=; -bp over several groups (each directory, a directory
# shared by two groups, -qGname, an unknown group, the total line),
# byte for byte; a P= outside QueueDirectory or missing (-bp and -q
# refuse with exit 78); ETRN #group's replies.  Then ours alone: -qGname
# delivers only that group's messages (mail.local into an mbox), -q every
# group, and a daemon on 127.0.0.1 takes a message over SMTP, splits it
# into the groups' directories and runs one group on ETRN #group.
test_description='queue groups against sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
ML=$OBJDIR/mail.local/mail.local
ME=$(id -un)
test -x "$ML" && python3 -c 'import mailbox' 2>/dev/null && test_set_prereq MLOCAL
P=ORACLE,SANDBOX,BT

# qg.mc: minimal.mc with two groups below the queue directory and a
# queuegroup ruleset over the recipient's user part
sed -e "s|@TRASH@|$TRASH|g" -e '/^OSTYPE/i\
QUEUE_GROUP(`fast'"'"', `P=@Q@/fast, F=f, R=2'"'"')dnl\
QUEUE_GROUP(`slow'"'"', `P=@Q@/slow, I=1h'"'"')dnl' \
	"$SRCDIR/test/data/mc/minimal.mc" | sed "s|@Q@|$TRASH/mqueue|" >qg.mc &&
printf '%s\n' LOCAL_RULESETS Squeuegroup \
	'R$+ @ $* other.test	$# slow' 'R$+ @ $* example.com	$# fast' \
	'R$+ @ $* mq.test	$# mqueue' 'R fastbox	$# fast' 'R slowbox	$# slow' 'R mqbox	$# mqueue' >>qg.mc &&
real_m4 qg.mc >qg.cf &&
# q2.cf: the local mailer in group fast through Q=; same.cf: a third
# group without P=, sharing mqueue's directory
sed 's/^\(Mlocal.*\)$/\1 Q=fast,/' qg.cf >q2.cf &&
sed 's/^Qslow.*/&\nQsame, F=f/' qg.cf >same.cf &&
mkdir -p mqueue/fast mqueue/slow || exit 1

# clean - empty every queue directory
clean() {
	rm -f mqueue/?f* mqueue/fast/?f* mqueue/slow/?f*
}
# shape - where each qf is (directory, ORIG when it has the id of the
# Received: line, new when split off), its F P R lines; then how many df
# files each directory holds and how many links the dfs have
shape() {
	for _f in $(find mqueue -name 'qf*' | sort); do
		_o=$(grep -o 'id [^;]*' "$_f" | head -n 1)
		_n=${_f##*/qf}
		test "id $_n" = "$_o" && _m=ORIG || _m=new
		echo "${_f%/qf*} $_m $(grep '^[FPR]' "$_f" | tr '\n' ' ')"
	done | sort
	find mqueue -name 'df*' -printf '%h %n\n' | sort | uniq -c
}
# split_diff CF RCPT... - both sendmails queue one message to RCPTs
# (-odq); the shapes of their queues must be the same
split_diff() {
	_cf=$1; shift
	clean &&
	printf 'Subject: groups\n\nbody\n' |
		sandbox_run "$REAL_SENDMAIL" -C "$_cf" -odq "$@" &&
	shape >expect.shape &&
	clean &&
	printf 'Subject: groups\n\nbody\n' | sandbox_run "$SENDMAIL" -C "$_cf" -odq "$@" &&
	shape >actual.shape &&
	test_cmp expect.shape actual.shape
}
# bp_diff CF ARGS... - -bp ARGS of both on the queue as it is
bp_diff() {
	_cf=$1; shift
	{ sandbox_run "$REAL_SENDMAIL" -C "$_cf" -bp "$@" >expect.bp 2>&1; echo "exit $?" >>expect.bp; } &&
	{ sandbox_run "$SENDMAIL" -C "$_cf" -bp "$@" >actual.bp 2>&1; echo "exit $?" >>actual.bp; } &&
	test_cmp expect.bp actual.bp
}

test_expect_success $P 'the real sendmail splits an envelope by queue group' '
	split_diff qg.cf bob@example.com carol@other.test root dave@example.com &&
	grep "^mqueue ORIG P[0-9]* Fs RPFD:root \$" expect.shape &&
	grep "^mqueue/fast new P[0-9]* Fs RPFD:bob@example.com RPFD:dave@example.com" expect.shape &&
	grep "^mqueue/slow new P[0-9]* Fs RPFD:carol@other.test" expect.shape &&
	grep "1 mqueue/slow 3$" expect.shape
'

test_expect_success $P 'the envelope keeps its first recipient group, the rest split' '
	split_diff qg.cf carol@other.test bob@example.com &&
	grep "^mqueue/fast ORIG" actual.shape &&
	split_diff qg.cf root carol@aa.other.test bob@example.com &&
	split_diff qg.cf carol@aa.other.test bob@example.com &&
	split_diff qg.cf carol@other.test &&
	split_diff qg.cf root &&
	grep "^mqueue ORIG P[0-9]* Fs RPFD:root" actual.shape
'

test_expect_success $P 'a mailer Q= chooses the group; recipients without one join the envelope' '
	split_diff q2.cf bob@example.com root carol@other.test &&
	grep "^mqueue/fast ORIG P[0-9]* Fs RPFD:root RPFD:bob@example.com" actual.shape &&
	split_diff q2.cf x@mq.test root &&
	split_diff q2.cf carol@other.test x@mq.test &&
	split_diff q2.cf x@mq.test carol@other.test bob@example.com &&
	split_diff q2.cf carol@other.test bob@example.com
'

test_expect_success $P 'an SMTP message is split the same way' '
	printf "%s\n" "EHLO c" "MAIL FROM:<a@mail.example.test>" "RCPT TO:<bob@example.com>" \
		"RCPT TO:<root>" "RCPT TO:carol@other.test" DATA "Subject: s" "" b . QUIT >smtp.in &&
	clean &&
	sandbox_run python3 "$SRCDIR/test/lib/smtp_dialogue.py" smtp.in "$REAL_SENDMAIL" \
		-C qg.cf -odq -O AuthMechanisms= -bs >smtp.expect &&
	shape >expect.shape &&
	clean &&
	sandbox_run python3 "$SRCDIR/test/lib/smtp_dialogue.py" smtp.in "$SENDMAIL" \
		-C qg.cf -odq -O AuthMechanisms= -bs >smtp.actual &&
	shape >actual.shape &&
	test_cmp expect.shape actual.shape &&
	test $(find mqueue -name "qf*" | wc -l) = 3
'

test_expect_success $P '-bp lists every group, then the total, as the real one' '
	clean &&
	printf "Subject: a\n\nx\n" | sandbox_run "$REAL_SENDMAIL" -C qg.cf -odq \
		carol@other.test bob@example.com root &&
	printf "Subject: b\n\nxy\n" | sandbox_run "$REAL_SENDMAIL" -C qg.cf -odq bob@example.com &&
	bp_diff qg.cf &&
	grep "^		$TRASH/mqueue/fast (2 requests)" actual.bp &&
	grep "^		Total requests: 4" actual.bp
'

test_expect_success $P '-bp -qGname lists one group; an unknown group' '
	bp_diff qg.cf -qGfast &&
	! grep Total actual.bp &&
	bp_diff qg.cf -qGmqueue &&
	bp_diff qg.cf -qGnosuch &&
	grep "^Queue group nosuch unknown" actual.bp &&
	bp_diff qg.cf -qRbob
'

test_expect_success $P '-bp: a group sharing mqueue directory is listed twice' '
	bp_diff same.cf &&
	test $(grep -c "^		$TRASH/mqueue (1 request)" actual.bp) = 2 &&
	bp_diff same.cf -qGsame
'

test_expect_success $P 'empty groups: each "is empty", Total requests: 0' '
	clean &&
	bp_diff qg.cf &&
	grep "^$TRASH/mqueue/slow is empty" actual.bp
'

test_expect_success $P 'a P= outside QueueDirectory or missing: -bp and -q refuse' '
	mkdir -p outside &&
	sed "s|^Qslow, P=[^,]*|Qslow, P=$TRASH/outside|" qg.cf >bad1.cf &&
	sed "s|^Qfast, P=[^,]*|Qfast, P=$TRASH/other|" bad1.cf >bad2.cf &&
	sed "s|^Qslow, P=[^,]*|Qslow, P=$TRASH/mqueue/nosuch|" qg.cf >bad3.cf &&
	for cf in bad1.cf bad2.cf bad3.cf; do
		bp_diff $cf </dev/null && cp actual.bp actual.bp.$cf || return 1
		{ sandbox_run "$REAL_SENDMAIL" -C $cf -q >expect.q 2>&1 </dev/null; echo "exit $?" >>expect.q; } &&
		{ sandbox_run "$SENDMAIL" -C $cf -q >actual.q 2>&1 </dev/null; echo "exit $?" >>actual.q; } &&
		test_cmp expect.q actual.q || return 1
	done &&
	grep "^QueuePath $TRASH/outside not subpath of QueueDirectory $TRASH/mqueue/: " actual.bp.bad1.cf &&
	grep "^QueuePath $TRASH/outside not subpath of QueueDirectory $TRASH/mqueue/\$" actual.bp.bad2.cf &&
	grep "^can not opendir($TRASH/mqueue/nosuch): No such file or directory" actual.bp.bad3.cf &&
	grep "^exit 78" actual.q
'

test_expect_success $P 'ETRN #group for each group and an unknown one' '
	printf "%s\n" "EHLO c" "ETRN #fast" "ETRN #slow" "ETRN #nosuch" "ETRN #mqueue" QUIT >etrn.in &&
	sandbox_run python3 "$SRCDIR/test/lib/smtp_dialogue.py" etrn.in "$REAL_SENDMAIL" \
		-C qg.cf -odq -O AuthMechanisms= -bs | sed 1d >expect.etrn &&
	sandbox_run python3 "$SRCDIR/test/lib/smtp_dialogue.py" etrn.in "$SENDMAIL" \
		-C qg.cf -odq -O AuthMechanisms= -bs | sed 1d >actual.etrn &&
	sed -n "/^250 2.0.0 Q/,\$p" expect.etrn >e2 && sed -n "/^250 2.0.0 Q/,\$p" actual.etrn >a2 &&
	test_cmp e2 a2 &&
	grep "^250 2.0.0 Queuing for queue group fast started" a2 &&
	grep "^459 4.5.4 Queue nosuch unknown" a2
'

# local.cf: qg.cf delivering through our mail.local into spool/;
# fastbox, slowbox and mqbox (one per group) are aliases of the
# runner's login
sed -e "s|P=/usr/bin/procmail,|P=$ML,|" -e 's|A=procmail -a $h -d $u|A=mail.local -d $u|' \
	-e "s|^O AliasFile=.*|O AliasFile=$TRASH/aliases|" qg.cf >local.cf &&
echo "EMAIL_LOCAL_SPOOL=$TRASH/spool" >>local.cf &&
printf 'fastbox: %s\nslowbox: %s\nmqbox: %s\n' "$ME" "$ME" "$ME" >aliases &&
mkdir spool && chmod 1777 spool || exit 1
cat >subjects.py <<\PY
import mailbox, sys
try:
    print("\n".join(sorted(m["Subject"] for m in mailbox.mbox(sys.argv[1], create=False))))
except FileNotFoundError:
    pass
PY
# queued D - the qf files in directory D
queued() { ls "$1" | grep -c "^qf"; }
# start_daemon [-odX] - ours, -bD (-odq unless told) on a free port of
# 127.0.0.1 (PORT), its pid in DPID, output in d.err; returns once the
# pid file is written
start_daemon() {
	PORT=$(free_port)
	"$SENDMAIL" -bD -C local.cf ${1:--odq} -O PidFile="$TRASH/d.pid" \
		-O DaemonPortOptions=Port=$PORT,Addr=127.0.0.1,Name=TST >d.err 2>&1 </dev/null &
	DPID=$!
	for _i in $(seq 1 200); do
		test -s d.pid && return 0
		sleep 0.05
	done
	return 1
}

test_expect_success MLOCAL 'ours: one message to three groups, -qGfast delivers one' '
	clean &&
	sandbox_run "$SENDMAIL" -C local.cf -bi >bi.out 2>&1 &&
	# over SMTP: on the command line -odq expands the aliases before
	# queueing (as 8.17 does, 6104), all three to one recipient
	printf "%s\n" "HELO client.example.org" "MAIL FROM:<a@mail.example.test>" \
		"RCPT TO:<fastbox>" "RCPT TO:<slowbox>" "RCPT TO:<mqbox>" DATA \
		"Subject: three" "" body . QUIT >three.in &&
	sandbox_run python3 "$SRCDIR/test/lib/smtp_dialogue.py" three.in "$SENDMAIL" \
		-C local.cf -odq -bs >three.out &&
	test $(queued mqueue) = 1 && test $(queued mqueue/fast) = 1 &&
	test $(queued mqueue/slow) = 1 &&
	grep "^R.*:<fastbox>$" mqueue/fast/qf* &&
	sandbox_run "$SENDMAIL" -C local.cf -qGfast >q.out 2>&1 &&
	test $(queued mqueue/fast) = 0 && ! ls mqueue/fast/df* 2>/dev/null &&
	test $(queued mqueue) = 1 && test $(queued mqueue/slow) = 1 &&
	echo three >expect &&
	python3 subjects.py spool/$ME >actual &&
	test_cmp expect actual
'

test_expect_success MLOCAL 'ours: -q runs every group; -qGnosuch runs none' '
	sandbox_run "$SENDMAIL" -C local.cf -qGnosuch >q.out 2>&1 &&
	echo "Queue group nosuch unknown" >expect && test_cmp expect q.out &&
	test $(queued mqueue/slow) = 1 &&
	sandbox_run "$SENDMAIL" -C local.cf -q >q.out 2>&1 &&
	test $(queued mqueue) = 0 && test $(queued mqueue/slow) = 0 &&
	test -z "$(find mqueue -name "df*")" &&
	printf "three\nthree\nthree\n" >expect &&
	python3 subjects.py spool/$ME >actual &&
	test_cmp expect actual
'

test_expect_success MLOCAL 'the daemon splits SMTP mail into the groups; ETRN #slow runs one' '
	rm -f spool/$ME &&
	start_daemon &&
	test_when_finished "kill $DPID 2>/dev/null; wait $DPID 2>/dev/null; :" &&

	python3 - $PORT "$ME" >smtp.out <<-\EOF &&
	import smtplib, sys, time
	s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
	s.ehlo("client.example.org")
	s.sendmail("a@mail.example.test", ["fastbox", "slowbox", "mqbox"],
	    "Subject: daemon\r\n\r\nhello\r\n")
	print(s.docmd("ETRN", "#slow"))
	s.quit()
	EOF
	grep "250, b.2.0.0 Queuing for queue group slow started" smtp.out &&
	for i in $(seq 1 100); do
		test "$(python3 subjects.py spool/$ME)" = daemon && break; sleep 0.1
	done &&
	echo daemon >expect && python3 subjects.py spool/$ME >actual && test_cmp expect actual &&
	test $(queued mqueue/slow) = 0 &&
	test $(queued mqueue) = 1 && test $(queued mqueue/fast) = 1 &&
	! grep -E "Sanitizer|runtime error" d.err
'

test_expect_success MLOCAL 'split parts are delivered at once too: -odi' '
	clean && rm -f spool/$ME &&
	printf "Subject: odi\n\nbody\n" |
		sandbox_run "$SENDMAIL" -C local.cf -odi fastbox slowbox mqbox 2>odi.err &&
	test $(queued mqueue) = 0 && test $(queued mqueue/fast) = 0 &&
	test $(queued mqueue/slow) = 0 && test -z "$(find mqueue -name "df*")" &&
	printf "odi\nodi\nodi\n" >expect &&
	python3 subjects.py spool/$ME >actual &&
	test_cmp expect actual &&
	! grep -E "Sanitizer|runtime error" odi.err
'

test_expect_success MLOCAL 'split parts are delivered at once too: background, daemon and -odb' '
	clean && rm -f spool/$ME d.pid &&
	start_daemon -odb &&
	test_when_finished "kill $DPID 2>/dev/null; wait $DPID 2>/dev/null; :" &&
	python3 - $PORT >bg.out <<-\EOF &&
	import smtplib, sys
	s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
	s.ehlo("client.example.org")
	s.sendmail("a@mail.example.test", ["fastbox", "slowbox", "mqbox"],
	    "Subject: daemon-bg\r\n\r\nhello\r\n")
	s.quit()
	EOF
	printf "Subject: odb\n\nbody\n" |
		sandbox_run "$SENDMAIL" -C local.cf -odb fastbox slowbox mqbox &&
	for i in $(seq 1 100); do
		test "$(python3 subjects.py spool/$ME | wc -l)" = 6 &&
		test -z "$(find mqueue -name "[qd]f*")" && break
		sleep 0.1
	done &&
	printf "daemon-bg\ndaemon-bg\ndaemon-bg\nodb\nodb\nodb\n" >expect &&
	python3 subjects.py spool/$ME >actual &&
	test_cmp expect actual &&
	test -z "$(find mqueue -name "[qd]f*")" &&
	! grep -E "Sanitizer|runtime error" d.err
'

test_done
