#!/bin/sh
# 6106-submit-log - what a command-line submission and a command-line
# queue run log, ours against the real sendmail 8.17.
#
# The programs read their input (the real one may fail "putbody: write
# error: Broken pipe" on one that does not).
# The same message goes through both (minimal.mc, the local mailer made
# our mail.local with MAIL_LOCAL_SPOOL, the same aliases and .forward
# files), each in fresh mount, network and UTS namespaces (host
# mail.example.test) whose /dev/log is read back (test/lib/with_syslog.sh)
# and whose /root and /var/mail are a directory here.  Compared per run, after masking
# queue ids (ID1, ID2 ... by first appearance), dates, pids, delays and
# Message-Id stamps: every syslog line with its priority, the exit status,
# what was printed, and the P line of each qf left:
#
#  - "from=SENDER, size=N, class=C, nrcpts=N, msgid=<..>[, bodytype=B],
#    relay=root@localhost" (LogLevel 5) for -f, -f <>, -t, -B, 8-bit text;
#  - after -odq/-odd a "to=ADDR, delay=, mailer=, pri=, stat=queued" line
#    per recipient (LogLevel 9), the aliases and .forward files expanded;
#  - what fails at submission, before from=, in the order the addresses
#    were given: "ADDR... User unknown" and "... Cannot mail directly to
#    files" at notice (LogLevel 4; not for -t's header addresses), and
#    "to=ADDR[, ctladdr=..], delay=, mailer=local, pri=0, dsn=5.1.1,
#    reply=550 5.1.1 User unknown, stat=User unknown" (LogLevel 7);
#  - "NOQUEUE: connect from root@localhost" at LogLevel 10;
#  - another user's X-Authentication-Warning headers, each logged
#    ("NOQUEUE: Authentication-Warning: ... with -C ...", "... Processed
#    from queue ..." at once, "ID: ... set sender to X using -f" with
#    the id, first); a trusted one (daemon) gets the -C one only;
#  - the priority counts the recipients after alias and .forward
#    expansion in every DeliveryMode (P90017 for "p75 three");
#  - sendmail -q (-q -v, -qf) logs its delivery lines to syslog and
#    prints nothing else (-v: the transcript on stdout).
#
# With NOOUT, the exit status and the output are not compared: ours
# exits 64 where a refused file comes with an unknown user (the real
# one 67), and prints a .forward's unknown member without the "FILE:
# line N: " the real one puts before it (and logs it so, at notice).
#
# Known differences left out (not logging): the stdout of -v (the real
# one expands at submission and says so), of an address refused beside
# an unknown one (order, exit 64 against 67); a message too big (our
# "Operating system error" line, the bounce's priority); -odi/-odb with
# an unknown header address (the real one queues the rest).
test_description='syslog lines of command-line submissions and queue runs against sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-deliver.sh"

deliver_setup fwd files home && chmod 1777 files || exit 1
cat >aliases <<EOF
p1: "|cat >/dev/null; exit 1"
p75: "|cat >/dev/null; exit 75"
three: root, bin, daemon
two: root, bin
fok: $TRASH/files/out
bad: nosuchu
mixed: root, nosuchv
EOF
printf '"|cat >/dev/null"\n' >fwd/daemon && chown daemon:daemon fwd/daemon &&
printf 'root\n' >fwd/bin && chown bin:bin fwd/bin &&
printf 'nosuchz\n' >fwd/mail && chown mail:mail fwd/mail || exit 1
printf 'Subject: x\n\nbody\n' >msg
printf 'Subject: x\n\nb\351dy\n' >msg8
printf 'To: three, p75\nSubject: x\n\nbody\n' >msgt
printf 'To: nosuchw, root\nSubject: x\n\nbody\n' >msgtu
printf 'Subject: x\n\nbody\n' >msgnone

# mask.py LOG [DROP] - priority and text of each line; ids ID1, ID2 ...
# by first appearance; delays and Message-Id stamps out; lines matching
# the regex DROP left out
cat >mask.py <<\PY
import os, re, sys
ids = {}
def qid(m):
    ids.setdefault(m.group(0), "ID%d" % (len(ids) + 1))
    return ids[m.group(0)]
drop = sys.argv[2] if len(sys.argv) > 2 else None
for l in open(sys.argv[1], errors="replace"):
    l = re.sub(r'^(<\d+>)[A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [^\[]+\[\d+\]: ', r'\1', l)
    l = re.sub(r'[0-9A-Za-x]{8}[0-9]{6}', qid, l)
    l = re.sub(r'(x?delay)=[0-9:+]+', r'\1=D', l)
    l = re.sub(r'<\d{12}\.', '<STAMP.', l)
    for q in ("rq", "oq"):
        l = l.replace(os.path.join(os.environ["TRASH"], q), "QDIR")
    if drop and re.search(drop, l):
        continue
    sys.stdout.write(l)
PY

# box LOG CMD... - CMD in the namespaces, syslog appended to LOG; then
# until LOG stops growing (a background delivery logs after CMD exits)
box() {
	_log=$1
	shift
	unshare -m -n -u sh -c 'hostname mail.example.test && ip link set lo up &&
		mount --bind "$TRASH/home" /root && mount --bind "$TRASH/home" /var/mail &&
		exec sh "$SRCDIR/test/lib/with_syslog.sh" "$@"' sh "$_log" \
		sh -c 'log=$1; shift; "$@"; st=$?; n=-1; i=0
			while test $i -lt 40; do
				sleep 0.2; m=$(wc -c <"$log")
				test "$m" = "$n" && break; n=$m; i=$((i + 1))
			done; exit $st' sh "$_log" "$@"
}

# run WHO NAME IN ARGS... - IN through WHO (rq: the real one, oq: ours)
# with ARGS, the queue as it is; NAME.WHO: exit status and output
# (unless NOOUT is set; the queue directory as QDIR, ids as QID), P lines of the
# qfs left, masked log (less DROP's lines); as user AS when set
run() {
	_w=$1 _n=$2 _in=$3
	shift 3
	if test $_w = rq; then _b=$REAL_SENDMAIL; else _b=$SENDMAIL; fi
	_as=
	test -z "$AS" || _as="setpriv --reuid=$AS --regid=$AS --clear-groups"
	: >$_n.$_w.log &&
	box "$TRASH/$_n.$_w.log" $_as "$_b" -C "$TRASH/t.cf" -O QueueDirectory="$TRASH/$_w" "$@" \
		<$_in >$_n.$_w.out 2>&1
	_st=$?
	! grep -E "Sanitizer|runtime error" $_n.$_w.out &&
	{
		test -n "$NOOUT" || echo "exit $_st"
		test -n "$NOOUT" || sed -E "s|$TRASH/[ro]q/|QDIR/|; s/[0-9A-Za-x]{8}[0-9]{6}/QID/g" \
			$_n.$_w.out
		cat $_w/qf* 2>/dev/null | grep "^P"
		python3 mask.py $_n.$_w.log ${DROP:+"$DROP"}
	} >$_n.$_w
}

# both NAME IN ARGS... - a fresh queue each; the same outcome
both() {
	rm -rf rq/* oq/* spool/* home/* files/* &&
	run rq "$@" && run oq "$@" && test_cmp "$1.rq" "$1.oq"
}

test_expect_success 'the real sendmail builds the aliases' '
	sandbox_run "$REAL_SENDMAIL" -C t.cf -bi >bi.out &&
	grep "aliases: 7 aliases" bi.out
'

test_expect_success '-odq: from= and a stat=queued line' '
	both s1 msg -odq root &&
	cat >expect <<-\EOF &&
	exit 0
	P30017
	<22>ID1: from=root, size=17, class=0, nrcpts=1, msgid=<STAMP.ID1@mail.example.test>, relay=root@localhost
	<22>ID1: to=root, delay=D, mailer=local, pri=30017, stat=queued
	EOF
	test_cmp expect s1.oq
'

test_expect_success '-f, -F, -f <>, -B, 8-bit text' '
	both s2 msg -odq -f bin -F "Joe Q" root &&
	grep "ID1: from=bin, size=17, " s2.oq &&
	both s3 msg -odq -f nobody@example.org root &&
	both s4 msg -odq -f "<>" root &&
	grep "ID1: from=<>, size=17, " s4.oq &&
	both s5 msg8 -odq -B 8bitmime root &&
	both s7 msg8 -odq root &&
	! grep bodytype= s7.oq &&
	grep ", bodytype=8bitmime, relay=root@localhost" s5.oq &&
	both s6 msg -odq -N never -R hdrs -V abc user@example.org root &&
	grep "to=user@example.org, delay=D, mailer=esmtp, pri=60017, stat=queued" s6.oq
'

test_expect_success '-t, -odd: the expanded recipients are counted and logged' '
	both t1 msgt -odq -t &&
	grep -x P90032 t1.oq &&
	grep "nrcpts=3, " t1.oq &&
	both t2 msg -odd p1 fok &&
	grep "to=\"|cat >/dev/null; exit 1\", delay=D, mailer=prog, pri=60017, stat=queued" t2.oq &&
	both t3 msgnone -odq -t &&
	grep "ID1: from=root, size=17, class=0, nrcpts=0, msgid=" t3.oq
'

test_expect_success 'unknown users and refused files at submission' '
	both u1 msg -odq nosuch root &&
	grep "^<21>ID1: nosuch... User unknown\$" u1.oq &&
	grep "^<22>ID1: to=nosuch, delay=D, mailer=local, pri=0, dsn=5.1.1, reply=550 5.1.1 User unknown, stat=User unknown\$" u1.oq &&
	NOOUT=1 both u2 msg -odq nosuch /tmp/x nosuch2 root &&
	grep -x P120017 u2.oq &&
	grep "^<21>ID1: /tmp/x... Cannot mail directly to files\$" u2.oq &&
	NOOUT=1 both u3 msg -odq nosuch,/tmp/x,nosuch2,root &&
	both u4 msg -odq nosuch &&
	both u5 msg -odi -oeq nosuch &&
	both u6 msg -odb -oem nosuch root &&
	both u7 msgtu -odq -t &&
	! grep "<21>" u7.oq
'

test_expect_success 'an alias or a .forward member unknown (-odq)' '
	both a1 msg -odq bad root &&
	grep "to=nosuchu, ctladdr=bad (1/0), delay=D, mailer=local, pri=0, dsn=5.1.1, reply=" a1.oq &&
	both a2 msg -odq mixed &&
	NOOUT=1 DROP="^<21>" both a3 msg -odq mail root &&
	grep "to=nosuchz, ctladdr=mail (8/8), " a3.oq
'

test_expect_success '-odi, -odb, -v: the priority counts the expansion' '
	both i1 msg -odi p75 three &&
	grep -x P90017 i1.oq &&
	grep "to=root, ctladdr=root (0/0), delay=D, xdelay=D, mailer=local, pri=90017, dsn=2.0.0, stat=Sent" i1.oq &&
	both i2 msg -odb p75 three &&
	both i3 msg -odi two root &&
	NOOUT=1 both i4 msg -odi -v p75 three &&
	grep -x P90017 i4.oq &&
	NOOUT=1 both i5 msg -odq -v p75 three &&
	grep -x P90017 i5.oq
'

test_expect_success 'LogLevel: 4 the notices, 7 the failures, 9 queued, 10 connect' '
	NOOUT=1 both l4 msg -odq -O LogLevel=4 nosuch /tmp/x root &&
	printf "P90017\n<21>ID1: nosuch... User unknown\n<21>ID1: /tmp/x... Cannot mail directly to files\n" >expect &&
	test_cmp expect l4.oq &&
	NOOUT=1 both l7 msg -odq -O LogLevel=7 nosuch root &&
	! grep stat=queued l7.oq &&
	both l10 msg -odq -O LogLevel=10 root &&
	grep "^<22>NOQUEUE: connect from root@localhost\$" l10.oq
'

test_expect_success 'a message too big: from=, the size line, to= per recipient' '
	NOOUT=1 DROP="^<..>ID2: " both b1 msg -odq -O MaxMessageSize=5 root &&
	grep "^<21>ID1: message size (17) exceeds maximum (5)\$" b1.oq &&
	grep "^<22>ID1: to=root, delay=D, pri=30017, stat=Message exceeds maximum fixed size (5)\$" b1.oq
'

test_expect_success 'another user: its Authentication-Warning lines, -f with the id' '
	chmod 1777 rq oq &&
	AS=mail both w1 msg -odq -f nobody@example.org root &&
	grep "^<22>NOQUEUE: Authentication-Warning: mail.example.test: Processed by mail with -C $TRASH/t.cf\$" w1.oq &&
	grep "^<22>NOQUEUE: Authentication-Warning: mail.example.test: Processed from queue QDIR\$" w1.oq &&
	grep "^<22>ID1: Authentication-Warning: mail.example.test: mail set sender to nobody@example.org using -f\$" w1.oq &&
	grep "relay=mail@localhost\$" w1.oq &&
	AS=daemon both w2 msg -odq -f nobody@example.org root &&
	grep -c Authentication-Warning w2.oq >n && test $(cat n) = 1
'

# qrun NAME ARGS... - both queues hold "p75 root" (-odq), then -q ARGS
# runs each; NAME.WHO holds the run's outcome
qrun() {
	_qn=$1
	shift
	rm -rf rq/* oq/* spool/* &&
	run rq $_qn.0 msg -odq p75 root && run oq $_qn.0 msg -odq p75 root &&
	run rq $_qn msg "$@" && run oq $_qn msg "$@" && test_cmp $_qn.rq $_qn.oq
}

test_expect_success 'sendmail -q logs to syslog and prints nothing' '
	qrun q1 -q &&
	cat >expect <<-\EOF &&
	exit 0
	P150017
	<22>ID1: to="|cat >/dev/null; exit 75", ctladdr=p75 (1/0), delay=D, xdelay=D, mailer=prog, pri=150017, dsn=4.0.0, stat=Deferred: prog mailer (/bin/sh) exited with EX_TEMPFAIL
	<22>ID1: to=root, ctladdr=root (0/0), delay=D, xdelay=D, mailer=local, pri=150017, dsn=2.0.0, stat=Sent
	EOF
	test_cmp expect q1.oq
'

test_expect_success 'sendmail -q -v: the transcript on stdout, the log in syslog' '
	qrun q2 -q -v &&
	grep "exit 75\"... Deferred: prog mailer" q2.oq &&
	grep "^<22>ID1: to=root, ctladdr=root (0/0), " q2.oq &&
	! grep "^sendmail: " q2.oq
'

test_expect_success 'sendmail -qf, -qI: the same' '
	qrun q3 -qf &&
	grep "^<22>ID1: to=\"|cat >/dev/null; exit 75\"" q3.oq &&
	qrun q4 -qIzzz &&
	printf "exit 0\nP60017\n" >expect &&
	test_cmp expect q4.oq
'

test_done
