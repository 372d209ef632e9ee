#!/bin/sh
# 6104-queue-only-aliases - DeliveryMode queue (-odq) and defer (-odd):
# a command-line submission (arguments or -t) is expanded before it is
# queued, as the real sendmail 8.17 does: aliases, :include: files
# (their lines in order) and .forward files become the qf's
# recipients, each with the r line of the recipient it came from, flag
# A when an alias listed it, P when it is all that recipient came to,
# (a duplicate dropped gives its P to the one kept) and a C line
# "user:uid:gid:from" (a local user controls itself, root nobody:
# ":from"; an alias's programs and files "alias:DefaultUid:0", an
# :include: file's its owner, root's ":from"); duplicates once; an
# unknown member fails at once (67, "MUser unknown", ErrorMode says how
# it is reported: -oeq not at all, -oem a bounce then, "(expanded from:
# ALIAS)", p on the terminal and in ~/dead.letter); a list with an
# owner- alias has the owner as envelope sender.  Over SMTP (-bs, and
# the daemon: measured by hand with the real one in the sandbox, the
# same qf lines as -bs) nothing is expanded: the qf keeps the
# recipients as given.  A program that fails at the queue run is
# bounced "(expanded from: ALIAS)", the alias read from the C line.
#
# The same submissions go through the real sendmail and ours, in the
# sandbox, with minimal.mc's local mailer made our mail.local
# (EMAIL_LOCAL_SPOOL) and private aliases, :include: and .forward
# files: the qf files are compared masked (ids, dates), mailq (-bp) of
# both queues by both, and the mailboxes, program output and files
# after each queue is run by its own sendmail and by the other one.
test_description='-odq: aliases, :include:, .forward expanded into the qf as sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-smtp.sh"

smtp_setup minimal
ML=$OBJDIR/mail.local/mail.local
test -x "$ML" || test_skip_all "no $ML"
test_have_prereq BT || test_skip_all 'our sendmail does not load minimal.cf'
python3 -c 'import mailbox' 2>/dev/null || test_skip_all 'no python3 mailbox module'
test "$(id -u)" = 0 || test_skip_all 'needs root (deliveries to daemon, bin and root)'
for _u in daemon bin; do
	getent passwd $_u >/dev/null || test_skip_all "no user $_u"
done

mkdir spool fwd out st.real st.ours && chmod 1777 spool out || exit 1
sed -e "s|P=/usr/bin/procmail,|P=$ML,|" -e 's|A=procmail -a $h -d $u|A=mail.local -d $u|' \
	-e "s|^O AliasFile=.*|O AliasFile=$TRASH/aliases|" \
	-e "s|^O ForwardPath=.*|O ForwardPath=$TRASH/fwd/\$u|" "$TRASH/minimal.cf" >t.cf &&
echo "EMAIL_LOCAL_SPOOL=$TRASH/spool" >>t.cf || exit 1

cat >aliases <<EOF
two: root, daemon
pf: "|/bin/cat >>$TRASH/out/prog", $TRASH/out/file
inc: :include:$TRASH/inc.list
list: root, bin
owner-list: daemon
unk: nosuchuser, root
dup: root, root, two
one: root
a1: a2
a2: root, bin
b1: b2
b2: root
pfail: "|exit 1", root
EOF
printf 'daemon\nbin\n"|/bin/cat >>%s/out/incprog"\n' "$TRASH" >inc.list &&
printf '\\daemon, bin\n' >fwd/daemon || exit 1
DAEMON_IDS=$(id -u daemon):$(id -g daemon)
BIN_IDS=$(id -u bin):$(id -g bin)
DEF_UID=$(id -u daemon)	# DefaultUser's default (1:1 when there is a daemon)

# bin_of real|ours - the sendmail binary
bin_of() {
	if test "$1" = real; then echo "$REAL_SENDMAIL"; else echo "$SENDMAIL"; fi
}
# q_mask - a qf masked as lib-smtp's smtp_mask, and a Received date alone
q_mask() {
	smtp_mask | sed -E "s/^	[A-Z][a-z]{2}, [0-9]+ [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [A-Z]+$/	DATE/"
}
# settle DIR - wait (10 s at most) until DIR has a qf: after an error
# the real one finishes in a child of its own
settle() {
	for _i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		ls "$1" | grep -q "^qf" && return 0
		sleep 0.5
	done
	return 1
}
# sub WHO N ARGS... - "case N" submitted by WHO (-odq -oeq ARGS) into
# st.WHO; its output, exit status and masked qf into case.N.WHO
sub() {
	_w=$1 _n=$2
	shift 2
	rm -f st.$_w/*
	printf 'Subject: case %s\n\nbody of case %s\n' "$_n" "$_n" |
		sandbox_run timeout 60 "$(bin_of $_w)" -C t.cf -O QueueDirectory="$TRASH/st.$_w" \
		-odq -oeq "$@" >case.$_n.$_w 2>&1
	echo "exit $?" >>case.$_n.$_w
	for _f in st.$_w/qf*; do
		test -f "$_f" || continue
		q_mask <"$_f" >>case.$_n.$_w
	done
}
# both N ARGS... - case N through both; the same output and qf; the
# files then join queue rq (the real one's) and oq (ours)
both() {
	_n=$1
	shift
	sub real $_n "$@" && sub ours $_n "$@" &&
	test_cmp case.$_n.real case.$_n.ours &&
	mv st.real/* rq/ && mv st.ours/* oq/
}

test_expect_success 'the real sendmail builds the aliases' '
	sandbox_run "$REAL_SENDMAIL" -C t.cf -bi >bi.out &&
	grep "13 aliases" bi.out
'

test_expect_success 'an alias to two local users, one of them forwarding' '
	both 1 two &&
	grep -x "Cbin:$BIN_IDS:daemon" case.1.ours &&
	grep -x "RFD:bin" case.1.ours &&
	grep -x "Cdaemon:$DAEMON_IDS:daemon" case.1.ours &&
	grep -Fx "RFD:\\daemon" case.1.ours &&
	grep -x "C:two" case.1.ours &&
	grep -x "RFDA:root" case.1.ours &&
	test $(grep -c "^rRFC822; two@mail.example.test$" case.1.ours) = 3 &&
	grep -x "P900[0-9][0-9]" case.1.ours
'

test_expect_success 'an alias to a program and a file' '
	both 2 pf &&
	grep -x "Cpf:$DEF_UID:0:pf" case.2.ours &&
	grep -x "RFDA:$TRASH/out/file" case.2.ours &&
	grep -x "RFDA:\"|/bin/cat >>$TRASH/out/prog\"" case.2.ours
'

test_expect_success ':include: - its lines in order, no A flag' '
	both 3 inc &&
	grep "^R" case.3.ours >r &&
	printf "%s\n" "RFD:bin" "RFD:\\daemon" "RFD:\"|/bin/cat >>$TRASH/out/incprog\"" >expect &&
	test_cmp expect r &&
	grep -x "C::include:$TRASH/inc.list" case.3.ours
'

test_expect_success 'a list with an owner-: the owner is the sender' '
	both 4 list &&
	grep -x "Sdaemon" case.4.ours &&
	grep -x "Cbin:$BIN_IDS:list" case.4.ours
'

test_expect_success 'an unknown member fails at submission (67), the rest is queued' '
	both 5 unk &&
	grep -x "exit 67" case.5.ours &&
	grep -x "MUser unknown" case.5.ours &&
	grep -x "RPFDA:root" case.5.ours &&
	! grep nosuchuser case.5.ours
'

test_expect_success 'duplicates once; a single-member alias keeps P' '
	both 6 dup pf &&
	test $(grep -c "^R.*:root$" case.6.ours) = 1 &&
	both 7 daemon &&
	both 8 one bin &&
	grep -x "RPFDA:root" case.8.ours &&
	grep -x "RPFD:bin" case.8.ours
'

test_expect_success 'a duplicate that was all its recipient came to gives its P to the one kept' '
	test_when_finished "rm -f st.real/* st.ours/*" &&
	sub real 11 a1 b1 && sub ours 11 a1 b1 &&
	test_cmp case.11.real case.11.ours &&
	grep -x "RPFDA:root" case.11.ours && grep -x "RFDA:bin" case.11.ours
'

test_expect_success 'a remote recipient is not expanded (bare C line)' '
	test_when_finished "rm -f st.real/* st.ours/*" &&
	sub real 9 bob@example.org two && sub ours 9 bob@example.org two &&
	test_cmp case.9.real case.9.ours &&
	grep -A2 -x "C" case.9.ours | grep -x "RPFD:bob@example.org"
'

test_expect_success '-odd: expanded as well' '
	test_when_finished "rm -f st.real/* st.ours/*" &&
	sub real 10 -odd two pf && sub ours 10 -odd two pf &&
	test_cmp case.10.real case.10.ours &&
	grep -x "Cpf:$DEF_UID:0:pf" case.10.ours
'

test_expect_success '-t: header recipients too; a failure there is printed, no s flag' '
	for w in real ours; do
		rm -f st.$w/* &&
		printf "To: two, unk\nCc: pf\nSubject: t\n\nbody\n" | sandbox_run "$(bin_of $w)" \
			-C t.cf -O QueueDirectory="$TRASH/st.$w" -odq -oeq -t >t.$w 2>&1
		echo "exit $?" >>t.$w &&
		cat st.$w/qf* | q_mask >>t.$w && rm -f st.$w/* || return 1
	done &&
	test_cmp t.real t.ours &&
	grep -x "nosuchuser... User unknown" t.ours &&
	grep -x "Fb" t.ours &&
	grep -x "RFDA:$TRASH/out/file" t.ours
'

test_expect_success 'mailq lists both queues the same, read by either' '
	for w in real ours; do
		for q in rq oq; do
			sandbox_run "$(bin_of $w)" -C t.cf -O QueueDirectory="$TRASH/$q" -bp \
				>bp.$q.$w 2>&1 || return 1
		done
	done &&
	test_cmp bp.rq.real bp.rq.ours &&
	test_cmp bp.oq.real bp.oq.ours &&
	grep "Total requests: 8" bp.oq.ours &&
	sed -E "s/^[0-9A-Za-z]{14} /QUEUEID /; s/[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{5}/DATE/" \
		bp.rq.real | sort >bp.r &&
	sed -E "s/^[0-9A-Za-z]{14} /QUEUEID /; s/[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{5}/DATE/" \
		bp.oq.ours | sed "s|/oq (|/rq (|" | sort >bp.o &&
	test_cmp bp.r bp.o
'

# summary - every message in the mailboxes, the program output and the
# file: where, its subject, envelope sender and body
cat >summary.py <<\PY
import mailbox, os
out = []
for d in ("spool", "out"):
    for f in sorted(os.listdir(d)):
        for m in mailbox.mbox(os.path.join(d, f), create=False):
            out.append("%s/%s: %s | from %s | %s" % (d, f, m["Subject"],
                (m.get_from() or "-").split()[0], m.get_payload().strip()))
print("\n".join(sorted(out)))
PY
# run WHO Q OUT - WHO's sendmail runs queue Q (in the foreground); the
# summary into OUT; the mailboxes emptied
run() {
	if test $1 = real; then _qf=-qf; else _qf=-q; fi
	sandbox_run timeout 120 "$(bin_of $1)" -C t.cf -O QueueDirectory="$TRASH/$2" $_qf \
		>run.$3.log 2>&1 &&
	python3 summary.py >$3 &&
	rm -f spool/* out/*
}

test_expect_success 'each sendmail delivers its own queue the same' '
	cp -p rq/* st.ours/ && cp -p oq/* st.real/ &&
	run real rq sum.real &&
	run ours oq sum.ours &&
	test_cmp sum.real sum.ours &&
	! ls rq oq | grep qf &&
	grep -x "spool/root: case 4 | from daemon | body of case 4" sum.ours &&
	grep -x "spool/daemon: case 7 | from root | body of case 7" sum.ours &&
	grep -x "out/prog: case 6 | from root | body of case 6" sum.ours &&
	grep -x "out/file: case 2 | from root | body of case 2" sum.ours &&
	grep -x "out/incprog: case 3 | from root | body of case 3" sum.ours &&
	test $(wc -l <sum.ours) = 20
'

test_expect_success 'ours delivers the real one'"'"'s queue, the real one ours' '
	run ours st.ours sum.x1 &&
	run real st.real sum.x2 &&
	test_cmp sum.real sum.x1 &&
	test_cmp sum.real sum.x2 &&
	! ls st.real st.ours | grep qf
'

cat >notice.py <<\PY
import mailbox, sys
for m in mailbox.mbox(sys.argv[1], create=False):
    if m.is_multipart():
        print(m.get_payload()[0].get_payload().split("\n", 1)[1])
PY
test_expect_success 'a queued program that fails: the bounce names the alias (the C line)' '
	for w in real ours; do
		rm -f st.$w/* &&
		printf "Subject: pfail\n\nbody\n" | sandbox_run "$(bin_of $w)" -C t.cf \
			-O QueueDirectory="$TRASH/st.$w" -odq -oeq pfail &&
		grep -x "Cpfail:$DEF_UID:0:pfail" st.$w/qf* &&
		if test $w = real; then qf=-qf; else qf=-q; fi &&
		sandbox_run timeout 120 "$(bin_of $w)" -C t.cf -O QueueDirectory="$TRASH/st.$w" \
			$qf >pfail.$w.log 2>&1
		python3 notice.py spool/root >notice.$w &&
		rm -f spool/* out/* &&
		! ls st.$w | grep qf || return 1
	done &&
	test_cmp notice.real notice.ours &&
	grep -x "    (expanded from: pfail)" notice.ours &&
	grep -x "554 5.3.0 unknown mailer error 1" notice.ours
'

test_expect_success '-oem: the unknown member is bounced at once, expanded from the alias' '
	for w in real ours; do
		rm -f st.$w/* &&
		printf "Subject: em\n\nbody\n" | sandbox_run "$(bin_of $w)" -C t.cf \
			-O QueueDirectory="$TRASH/st.$w" -odq -oem unk >em.$w 2>&1
		echo "exit $?" >>em.$w &&
		settle st.$w && sleep 1 &&
		cat st.$w/qf* | q_mask >>em.$w &&
		mv spool/root bounce.$w || return 1
	done &&
	test_cmp em.real em.ours &&
	for w in real ours; do
		sed -n "/^--/,\$p" bounce.$w | grep -v "^--\|Date: \|received at" | q_mask >b.$w || return 1
	done &&
	test_cmp b.real b.ours &&
	grep -x "    (expanded from: unk)" b.ours &&
	grep -x "550 5.1.1 nosuchuser... User unknown" b.ours
'

test_expect_success BS 'over SMTP (-bs) the recipients stay as given' '
	printf "%s\n" "EHLO client.example.org" "MAIL FROM:<root@mail.example.test>" \
		"RCPT TO:<two>" "RCPT TO:<unk>" "RCPT TO:<pf>" DATA "Subject: s" "" b . QUIT >bs.in &&
	rm -f rq/* oq/* &&
	smtp_run "$REAL_SENDMAIL" rq t.cf bs.in bs.real &&
	smtp_run "$SENDMAIL" oq t.cf bs.in bs.ours &&
	test_cmp bs.real bs.ours &&
	grep -h "^[RCMr]" rq/qf* >rl.real &&
	grep -h "^[RCMr]" oq/qf* >rl.ours &&
	test_cmp rl.real rl.ours &&
	grep -x "RPFD:<two>" rl.ours && ! grep "^C" rl.ours
'

test_expect_success BS 'the daemon (-bD -odq) queues them as given too, as -bs' '
	rm -f oq/* &&
	PORT=$(free_port) &&
	{ "$SENDMAIL" -bD -C t.cf -odq -O QueueDirectory="$TRASH/oq" \
		-O PidFile="$TRASH/d.pid" -O AuthMechanisms= \
		-O DaemonPortOptions=Port=$PORT,Addr=127.0.0.1 >d.err 2>&1 </dev/null &
	  DPID=$!; } &&
	test_when_finished "kill $DPID 2>/dev/null; wait $DPID 2>/dev/null; :" &&
	for i in $(seq 1 200); do test -s d.pid && break; sleep 0.05; done &&
	python3 - $PORT >d.out <<-\EOF &&
	import smtplib, sys
	s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
	s.ehlo("client.example.org")
	s.sendmail("root@mail.example.test", ["two", "unk", "pf"], "Subject: s\r\n\r\nb\r\n")
	s.quit()
	EOF
	for i in $(seq 1 100); do ls oq | grep -q "^qf" && break; sleep 0.1; done &&
	# outside the sandbox: $j is the host name
	grep -h "^[RCMr]" oq/qf* | sed "s/^\(r.*@\).*/\1J/" >rl.daemon &&
	sed "s/^\(r.*@\).*/\1J/" rl.real >rl.expect &&
	test_cmp rl.expect rl.daemon &&
	! grep -E "Sanitizer|runtime error" d.err
'

# ErrorMode=p: the invoking user's passwd home bind-mounted to a
# directory of the trash (dead.letter lands there), as in 6200
HOMEDIR=$(getent passwd "$(id -u)" | cut -d: -f6)
mkdir home.probe home.real home.ours || exit 1
test "$(id -u)" = 0 && test -d "$HOMEDIR" &&
unshare -m sh -c "mount --make-rprivate / && mount --bind '$TRASH/home.probe' '$HOMEDIR' &&
	touch '$HOMEDIR/probe'" 2>/dev/null && test -f home.probe/probe &&
	test_set_prereq DEADHOME

test_expect_success DEADHOME 'ErrorMode=p: the unknown member on the terminal and in dead.letter' '
	for w in real ours; do
		rm -f st.$w/* &&
		printf "Subject: dl\n\nbody\n" | unshare -m -n -u sh -c "mount --make-rprivate / &&
			mount --bind \"\$1\" \"\$2\" && hostname mail.example.test &&
			shift 2 && exec \"\$@\"" sh "$TRASH/home.$w" "$HOMEDIR" \
			"$(bin_of $w)" -C t.cf -O QueueDirectory="$TRASH/st.$w" -odq unk >dl.$w 2>&1
		echo "exit $?" >>dl.$w &&
		settle st.$w &&
		grep "^Subject:" home.$w/dead.letter >>dl.$w &&
		cat st.$w/qf* | q_mask >>dl.$w || return 1
	done &&
	test_cmp dl.real dl.ours &&
	grep -x "nosuchuser... User unknown" dl.ours &&
	grep -x "$HOMEDIR/dead.letter... Saved message in $HOMEDIR/dead.letter" dl.ours
'

test_done
