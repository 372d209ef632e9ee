#!/bin/sh
# 6105-delivery-log - what a delivery logs and how its failures reach
# the sender, ours against the real sendmail 8.17.
#
# The same message goes through both (minimal.mc's local mailer made our
# mail.local, MAIL_LOCAL_SPOOL; the same aliases and .forward files),
# each in fresh mount, network and UTS namespaces (host
# mail.example.test) whose /dev/log is read back (test/lib/with_syslog.sh)
# and whose /root is a directory here (a dead.letter stays in the trash
# directory).  Per run, compared after masking ids and times: the exit
# status, what it printed, every "to=" and "DSN:" log line (ctladdr=,
# delay, xdelay, mailer=, pri=, relay=, dsn=, stat=), whether a qf is
# left, who got what mail and whether ~/dead.letter was written:
#
#  - ErrorMode after an interactive delivery (-odi) that fails: q sends
#    nothing, p saves ~/dead.letter ("... Saved message in ..."), m and
#    w bounce, all exit 69; e bounces and exits 0; in background (-odb)
#    each of them bounces; the same for an unknown user at submission,
#    which only p prints ("nosuch... User unknown", in background too);
#    the DSN log line names the last delivery failure;
#  - programs ("|exit 1": dsn=5.3.0 in the log, 5.0.0 in the bounce;
#    75 deferred; 67 User unknown), files and local users, through
#    aliases and a .forward: ctladdr= is the alias (DefaultUser's uid,
#    gid 0) or the .forward's owner for programs and files, and the
#    envelope sender for local users (a local user with its ids; from
#    the command line anyone but <> with the invoking user's);
#  - pri=: the first attempt logs the P of the qf; each queue run adds
#    RetryFactor (90000) before its attempt and keeps it in the qf; a
#    report's is the returned message's size + 1024 + RecipientFactor
#    (no size when it returns the header only: -R hdrs, receipts).
#
# Not compared (known differences outside delivery): the from=, the
# "stat=queued" and the "reply=" lines a submission logs, the priority of a submission
# whose aliases expand to more recipients than it was given, the size
# behind a bounce's priority in a queue run (ours: df and header bytes),
# and our -q logging to stderr instead of syslog (both are read here).
test_description='delivery log lines and ErrorMode against sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-deliver.sh"

deliver_setup fwd files home && chmod 1777 files || exit 1
cat >aliases <<EOF
p1: "|exit 1"
p67: "|exit 67"
p75: "|exit 75"
x1: p1
lu: bin
fok: $TRASH/files/out
fbad: /nonexistent/dir/file
EOF
printf '"|exit 0"\n' >fwd/daemon && chown daemon:daemon fwd/daemon &&
printf 'root\n' >fwd/bin && chown bin:bin fwd/bin || exit 1
printf 'Subject: x\n\nbody\n' >msg

# box LOG CMD... - CMD in the namespaces, syslog appended to LOG; then
# until LOG stops growing (a background delivery logs after CMD exits)
box() {
	_log=$1
	shift
	unshare -m -n -u sh -c 'hostname mail.example.test && ip link set lo up &&
		mount --bind "$TRASH/home" /root &&
		exec sh "$SRCDIR/test/lib/with_syslog.sh" "$@"' sh "$_log" \
		sh -c '"$@"; st=$?; n=-1; i=0
			while test $i -lt 40; do
				sleep 0.3; m=$(wc -c <"$BOX_LOG")
				test "$m" = "$n" && break; n=$m; i=$((i + 1))
			done; exit $st' sh "$@"
}

# mask - ids, times and the syslog or stderr prefix away; the delivery
# lines only
mask() {
	sed -E 's/^<[0-9]+>[A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} sendmail\[[0-9]+\]: //
		s/^sendmail: //; s/\b[0-9A-Za-z]{8}[0-9]{6}\b/QID/g
		s/delay=[0-9+:]+/delay=T/g' |
	grep -E '^QID: (to=|QID: DSN:)' | grep -v -e 'stat=queued$' -e ', reply=' | sort
}

# summary WHO EXIT OUT - the outcome of one run into stdout
cat >mail.py <<\PY
import mailbox, os
for box in sorted(os.listdir("spool")):
    subj = [m["Subject"] for m in mailbox.mbox(os.path.join("spool", box), create=False)]
    print("%s: %s" % (box, " | ".join(subj)))
PY
summary() {
	echo "exit $2"
	grep -v "^sendmail: [0-9A-Za-z]\{14\}: " "$3" | sed -E 's/\b[0-9A-Za-z]{8}[0-9]{6}\b/QID/g'
	echo "== log"
	cat "$1.log" "$3" | mask
	echo "== queue"
	ls "$1" | sed -E 's/^([dq]f).*/\1QID/'
	echo "== mail"
	python3 mail.py
	echo "== home"
	ls home
}

# run WHO NAME ARGS... - msg through WHO (rq: the real one, oq: ours)
# with ARGS; its summary into NAME.WHO; -q when QRUN is set (after
# ARGS, which then should hold -odq): the queue run's lines too
run() {
	_w=$1 _n=$2
	shift 2
	if test $_w = rq; then _b=$REAL_SENDMAIL; else _b=$SENDMAIL; fi
	rm -rf spool/* home/* $_w/* $_n.pri.$_w && : >$_w.log || return 1
	BOX_LOG=$TRASH/$_w.log box "$TRASH/$_w.log" "$_b" -C t.cf \
		-O QueueDirectory="$TRASH/$_w" "$@" <msg >$_n.out.$_w 2>&1
	_st=$?
	for _q in $QRUN; do
		BOX_LOG=$TRASH/$_w.log box "$TRASH/$_w.log" "$_b" -C t.cf \
			-O QueueDirectory="$TRASH/$_w" -q >>$_n.out.$_w 2>&1 || return 1
		grep "^P" $_w/qf* >>$_n.pri.$_w 2>/dev/null
	done
	summary $_w $_st $_n.out.$_w >$_n.$_w
}

# both NAME ARGS... - run the real one and ours; the same outcome
both() {
	run rq "$@" && run oq "$@" && test_cmp "$1.rq" "$1.oq"
}

test_expect_success 'the real sendmail builds the aliases' '
	sandbox_run "$REAL_SENDMAIL" -C t.cf -bi >bi.out &&
	grep "aliases: 7 aliases" bi.out
'

for em in q p m w e; do
	test_expect_success "-odi -oe$em: a program fails, root is delivered" "
		both i$em -odi -oe$em p1 root
	"
done

test_expect_success 'the outcomes themselves (dsn.c, transcript.c)' '
	grep -x "exit 69" iq.oq && grep -x "root: x" iq.oq &&
	! grep "Returned mail" iq.oq && ! grep DSN iq.oq && ! grep dead.letter iq.oq &&
	grep -x "/root/dead.letter... Saved message in /root/dead.letter" ip.oq &&
	grep -x "dead.letter" ip.oq && grep -x "exit 69" ip.oq && grep -x "root: x" ip.oq &&
	grep -x "root: x | Returned mail: see transcript for details" im.oq &&
	grep -x "exit 69" im.oq && grep -x "exit 69" iw.oq &&
	grep -x "exit 0" ie.oq &&
	grep -x "root: x | Returned mail: see transcript for details" ie.oq &&
	grep "QID: to=\"|exit 1\", ctladdr=p1 (1/0), .*, mailer=prog, pri=60017, dsn=5.3.0, stat=unknown mailer error 1" im.oq &&
	grep "QID: to=root, ctladdr=root (0/0), .*, mailer=local, pri=60017, dsn=2.0.0, stat=Sent" im.oq &&
	grep "QID: QID: DSN: unknown mailer error 1" im.oq &&
	grep "QID: to=root, delay=T, xdelay=T, mailer=local, pri=31041, dsn=2.0.0, stat=Sent" im.oq
'

for em in q p m w e; do
	for dm in i b; do
		test_expect_success "-od$dm -oe$em: an unknown user at submission" "
			both u$em$dm -od$dm -oe$em nosuch root
		"
	done
done

test_expect_success 'the outcomes themselves (submit.c)' '
	grep -x "nosuch... User unknown" upi.oq && grep -x dead.letter upi.oq &&
	grep -x "nosuch... User unknown" upb.oq && ! grep -x dead.letter upb.oq &&
	grep -x "root: x | Returned mail: see transcript for details" upb.oq &&
	! grep "User unknown" uwi.out.oq && test -f uwi.out.oq && grep -x "root: x | Returned mail: see transcript for details" uwi.oq &&
	grep -x "root: x" uqi.oq && grep -x "exit 67" uqi.oq &&
	grep -x "root: x | Returned mail: see transcript for details" uqb.oq &&
	grep -x "exit 0" uei.oq && grep -x "exit 0" ueb.oq && grep -x "exit 67" umi.oq &&
	grep "QID: QID: DSN: User unknown" umb.oq
'

test_expect_success '-odi -oem: the DSN line names the delivery failure, not the one at submission' '
	both um2 -odi -oem nosuch p1 root &&
	grep "QID: QID: DSN: unknown mailer error 1" um2.oq
'

for em in q p; do
	test_expect_success "-odb -oe$em: bounced all the same" "
		both b$em -odb -oe$em p1 root &&
		grep -x 'exit 0' b$em.oq &&
		grep -x 'root: x | Returned mail: see transcript for details' b$em.oq
	"
done

test_expect_success 'a report that returns the header only: no size in its priority' '
	both r1 -odi -oem -R hdrs p1 root &&
	grep "QID: to=root, delay=T, xdelay=T, mailer=local, pri=30000, " r1.oq &&
	both r2 -odi -N success root &&
	grep "QID: QID: DSN: Return receipt" r2.oq &&
	grep "QID: to=root, delay=T, xdelay=T, mailer=local, pri=30000, " r2.oq
'

test_expect_success 'programs, files, aliases and a .forward from the command line' '
	both c1 -odi -oem p67 p75 fok fbad x1 daemon &&
	grep "to=\"|exit 0\", ctladdr=daemon (1/1), " c1.oq &&
	grep "to=\"|exit 1\", ctladdr=p1 (1/0), " c1.oq &&
	grep "to=/nonexistent/dir/file, ctladdr=fbad (1/0), .*, mailer=\*file\*, .*, dsn=5.0.0, stat=Can.t create output" c1.oq &&
	grep "to=\"|exit 75\", .*, dsn=4.0.0, stat=Deferred: prog mailer (/bin/sh) exited with EX_TEMPFAIL" c1.oq &&
	grep "to=\"|exit 67\", .*, dsn=5.1.1, stat=User unknown" c1.oq &&
	grep -x "exit 67" c1.oq
'

test_expect_success 'local users: the sender is their ctladdr (-f local, remote, <>)' '
	both c2 -odi -oeq -f bin lu &&
	grep "to=root, ctladdr=bin (2/2), " c2.oq &&
	both c3 -odi -oeq -f nobody@example.org lu &&
	grep "to=root, ctladdr=nobody@example.org (0/0), " c3.oq &&
	both c4 -odi -oeq -f "<>" root &&
	grep "to=root, delay=" c4.oq
'

test_expect_success 'queue runs: pri grows by RetryFactor before each attempt' '
	QRUN="1 2" both q1 -odq p75 root &&
	test_cmp q1.pri.rq q1.pri.oq &&
	printf "P150017\nP240017\n" >expect &&
	test_cmp expect q1.pri.oq &&
	grep "to=\"|exit 75\", ctladdr=p75 (1/0), .*, pri=240017, dsn=4.0.0" q1.oq &&
	grep "to=root, ctladdr=root (0/0), .*, pri=150017, dsn=2.0.0, stat=Sent" q1.oq &&
	ls oq | grep "^qf"
'

test_expect_success 'an interactive attempt that defers keeps the P of the qf' '
	both d1 -odi -oeq p75 &&
	grep "^P" rq/qf* >expect && grep "^P" oq/qf* >actual &&
	test_cmp expect actual && grep -x P30017 actual
'

test_done
