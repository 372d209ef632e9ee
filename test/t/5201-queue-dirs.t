#!/bin/sh
# 5201-queue-dirs - several queue directories per queue group (a
# QueueDirectory or P= ending in '*') and the queue groups' runners,
# against the real sendmail 8.17 where it can be observed: which
# directories a '*' path names (its parent's entries starting with the
# prefix that are directories or links to one, in readdir order: a
# plain file and a non-matching directory are not), new messages spread
# over them at random (qf and df side by side, qf/ and df/
# subdirectories honoured), -bp over them byte for byte, the errors when
# nothing matches (exit 78), the order -q -v runs the groups in (more R=
# runners first) and the entries of a group (one sequence over its
# directories), R=0 groups left out of -q but run by -qGname, and the
# "multiple queue runners" warning for R= without F=f (F= letters add up).  Then ours alone,
# as a daemon (-bD -q1h) whose syslog goes to a private /dev/log: a group
# with I=2s is run every two seconds while mqueue waits for its hour, by
# R=2 runner processes sharing the entries (F=f), one runner without F=f
# or with MaxQueueChildren=1, J=1 entries per run, none for R=0, N=7
# seen by a program the runner delivers to.
test_description='queue directories and runners of queue groups'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
P=ORACLE,SANDBOX,BT

# wq.cf: QueueDirectory wq/q*; gq.cf: that plus group fast over
# wq/q1/f*, chosen by the queuegroup ruleset for example.com
sed "s|^O QueueDirectory=.*|O QueueDirectory=$TRASH/wq/q*|" minimal.cf >wq.cf &&
sed "/^O QueueDirectory/a\\
Qfast, P=$TRASH/wq/q1/f*, F=f, R=2" wq.cf >gq.cf &&
printf '%s\n' Squeuegroup 'R$+ @ $* example.com	$# fast' >>gq.cf || exit 1

# fresh - an empty wq/ with q1 q2 (q1 holding f1, and f2 with qf/ and
# df/), a directory "other" linked as qlink, a plain file qplain
fresh() {
	rm -rf wq &&
	mkdir -p wq/q1/f1 wq/q1/f2/qf wq/q1/f2/df wq/q2 wq/other &&
	ln -s "$TRASH/wq/other" wq/qlink &&
	: >wq/qplain
}
# queue BIN CF N RCPT... - BIN queues N messages to RCPTs (-odq)
queue() {
	_b=$1 _c=$2 _n=$3; shift 3
	for _i in $(seq 1 $_n); do
		printf 'Subject: m%s\n\nbody\n' $_i |
			sandbox_run "$_b" -C "$_c" -odq "$@" || return 1
	done
}
# where - "DIR N" for each directory holding qf files
where() {
	find wq -name 'qf*' -type f | sed 's|/[^/]*$||' | sort | uniq -c |
		awk '{print $2, $1}'
}
# paired - every qf has its df: beside it, or in ../df when in qf/
paired() {
	for _q in $(find wq -name 'qf*' -type f); do
		_d=${_q%/qf*} _id=${_q##*/qf}
		case $_d in */qf) _d=${_d%/qf}/df ;; esac
		test -f "$_d/df$_id" || { echo "no df for $_q"; return 1; }
	done
}
# both_diff CF ARGS... - the output and exit status of both on the queue
# as it is
both_diff() {
	_cf=$1; shift
	{ sandbox_run "$REAL_SENDMAIL" -C "$_cf" "$@" >expect.out 2>&1 </dev/null
	  echo "exit $?" >>expect.out; } &&
	{ sandbox_run "$SENDMAIL" -C "$_cf" "$@" >actual.out 2>&1 </dev/null
	  echo "exit $?" >>actual.out; } &&
	test_cmp expect.out actual.out
}
# running_diff CF ARGS... - the "Running" lines of -q -v ARGS of both,
# each on a copy of the queue as it is (both defer every message)
running_diff() {
	_cf=$1; shift
	rm -rf wq.saved && cp -a wq wq.saved &&
	sandbox_run "$REAL_SENDMAIL" -C "$_cf" -q -v "$@" </dev/null 2>&1 |
		grep -a '^Running' >expect.run
	rm -rf wq && cp -a wq.saved wq &&
	sandbox_run "$SENDMAIL" -C "$_cf" -q -v "$@" </dev/null 2>&1 |
		grep -a '^Running' >actual.run
	rm -rf wq && mv wq.saved wq &&
	test_cmp expect.run actual.run
}

test_expect_success $P 'the real one spreads new messages over the q* directories' '
	fresh &&
	queue "$REAL_SENDMAIL" wq.cf 12 bob@example.com &&
	where >real.where &&
	! grep -v -E "^wq/(q1|q2|other) [0-9]+\$" real.where &&
	test $(wc -l <real.where) -ge 2 &&
	both_diff wq.cf -bp &&
	grep "^		$TRASH/wq/qlink (" actual.out &&
	grep "^		Total requests: 12" actual.out
'

test_expect_success $P 'ours spreads them the same way; -bp reads them as the real one' '
	fresh &&
	queue "$SENDMAIL" wq.cf 12 bob@example.com &&
	where >ours.where &&
	! grep -v -E "^wq/(q1|q2|other) [0-9]+\$" ours.where &&
	test $(wc -l <ours.where) -ge 2 &&
	paired &&
	both_diff wq.cf -bp &&
	both_diff wq.cf -bp -qGmqueue &&
	both_diff wq.cf -bp -qRbob
'

test_expect_success $P 'P= with a star: the group split into its directories, qf/ df/ inside' '
	fresh &&
	queue "$REAL_SENDMAIL" gq.cf 4 bob@example.com root &&
	queue "$SENDMAIL" gq.cf 4 bob@example.com root &&
	paired &&
	test $(find wq/q1/f1 wq/q1/f2/qf -type f -name "qf*" | wc -l) = 8 &&
	test $(grep -l "^R.*:bob@example.com" $(find wq/q1/f1 wq/q1/f2 -type f -name "qf*") |
		wc -l) = 8 &&
	test $(find wq/q1/f2 -maxdepth 1 -type f | wc -l) = 0 &&
	test $(find wq/q1 wq/q2 wq/other -maxdepth 1 -type f -name "qf*" | wc -l) = 8 &&
	both_diff gq.cf -bp &&
	grep "^		$TRASH/wq/q1/f2/df (" actual.out &&
	both_diff gq.cf -bp -qGfast
'

test_expect_success $P '-q -v: groups with more runners first, one sequence per group' '
	running_diff gq.cf &&
	head -n 1 actual.run | grep "/wq/q1/f[12]/.*(sequence 1 of 8)" &&
	grep "(sequence 8 of 8)" actual.run &&
	sed "s/^Qfast.*/&, R=1/" gq.cf >r1.cf &&
	running_diff r1.cf &&
	head -n 1 actual.run | grep -v "/wq/q1/f" &&
	sed "s/^Qfast.*/&, R=0/" gq.cf >r0.cf &&
	running_diff r0.cf &&
	! grep "/wq/q1/f" actual.run &&
	running_diff r0.cf -qGfast &&
	test $(grep -c "/wq/q1/f" actual.run) = 8
'

test_expect_success $P 'no directory matches, the parent is missing: -bp and -q refuse' '
	sed "s|^O QueueDirectory=.*|O QueueDirectory=$TRASH/wq/none*|" minimal.cf >e1.cf &&
	sed "s|^O QueueDirectory=.*|O QueueDirectory=$TRASH/nosuch/q*|" minimal.cf >e2.cf &&
	sed "s|^Qfast, P=[^,]*|Qfast, P=$TRASH/wq/q1/z*|" gq.cf >e3.cf &&
	sed "s|^Qfast, P=[^,]*|Qfast, P=$TRASH/wq/nosuch/z*|" gq.cf >e4.cf &&
	sed "s|^Qfast, P=[^,]*|Qfast, P=$TRASH/wq/other/f|" gq.cf >e5.cf &&
	mkdir -p wq/other/f &&
	for cf in e1 e2 e3 e4 e5; do
		both_diff $cf.cf -bp && cp actual.out $cf.bp || return 1
	done &&
	for cf in e1 e2 e3 e4; do
		both_diff $cf.cf -q || return 1
	done &&
	grep "^can not opendir($TRASH/wq/none): No such file or directory" e1.bp &&
	grep "^can not chdir($TRASH/nosuch/): No such file or directory" e2.bp &&
	grep "^can not opendir($TRASH/wq/q1/z): No such file or directory" e3.bp &&
	grep "^can not opendir($TRASH/wq/nosuch): No such file or directory" e4.bp &&
	grep "^exit 78" e1.bp &&
	grep "Total requests" e5.bp
'

test_expect_success $P 'R= above 1 without F=f: the "multiple queue runners" warning' '
	sed "s/^Qfast.*/&, R=3, R=4, F=abc/; s/F=f, //" gq.cf >w1.cf &&
	both_diff w1.cf -bv root &&
	grep "^Warning: Q=fast: R=4: multiple queue runners specified" actual.out &&
	sed "s/^Qfast.*/&, R=3, F=abc/" gq.cf >w3.cf &&
	both_diff w3.cf -bv root &&
	! grep Warning actual.out &&
	sed "s/^Qfast.*/O MaxRunnersPerQueue=3\n&/; s/, F=f, R=2//" gq.cf >w2.cf &&
	both_diff w2.cf -bv root &&
	! grep Warning actual.out
'

# ---------------------------------------------------------- the daemon

if test "$(id -u)" = 0 && unshare -m sh "$SRCDIR/test/lib/with_syslog.sh" "$TRASH/probe.log" \
	logger -t probe hello 2>/dev/null && sleep 0.5 && grep -q hello "$TRASH/probe.log"; then
	test_set_prereq SYSLOG
fi

# dq.cf: QueueDirectory dq/q*; group fast over dq/q1/f* every 2 s (its
# other equates from the test), the queuegroup ruleset as in gq.cf
dq_cf() {
	sed -e "s|^O QueueDirectory=.*|O QueueDirectory=$TRASH/dq/q*|" \
	    -e "/^O QueueDirectory/a\\
Qfast, P=$TRASH/dq/q1/f*, I=2s$1" minimal.cf >dq.cf &&
	printf '%s\n' Squeuegroup 'R$+ @ $* example.com	$# fast' >>dq.cf &&
	rm -rf dq && mkdir -p dq/q1/f1 dq/q1/f2 dq/q2
}
# start_daemon NAME ARGS... - ours, -bD -q1h on dq.cf and a free port of
# 127.0.0.1, syslog NAME.log, output NAME.err; DPID; back once the pid
# file is written
start_daemon() {
	_n=$1; shift
	PORT=$(free_port)
	: >"$_n.log"
	unshare -m sh "$SRCDIR/test/lib/with_syslog.sh" "$TRASH/$_n.log" \
		"$SENDMAIL" -bD -q1h -C "$TRASH/dq.cf" -O PidFile="$TRASH/$_n.pid" \
		-O DaemonPortOptions=Port=$PORT,Addr=127.0.0.1,Name=TST "$@" \
		>"$_n.err" 2>&1 </dev/null &
	DPID=$!
	for _i in $(seq 1 200); do
		test -s "$_n.pid" && return 0
		sleep 0.05
	done
	return 1
}
# runs NAME N - wait (15 s at most) until NAME.log has N deferrals of
# bob@example.com (fast's), stop the daemon, write NAME.runs: "PID RCPT"
# for each deferral
runs() {
	for _i in $(seq 1 150); do
		test $(grep -c "to=bob@example.com,.*stat=Deferred" "$1.log") -ge $2 && break
		sleep 0.1
	done
	kill $DPID && wait $DPID
	sed -n "s/.*sendmail\[\([0-9]*\)\]: [^ ]*: to=\([^,]*\),.*stat=Deferred.*/\1 \2/p" \
		"$1.log" >"$1.runs" &&
	! grep -q -E "Sanitizer|runtime error" "$1.err" &&
	! grep -q "sendmail\[$DPID\]: .*to=" "$1.log"
}
# per_pid NAME RCPT - how many deferrals of RCPT each runner made, one
# count a line, sorted
per_pid() {
	grep " $2\$" "$1.runs" | cut -d" " -f1 | sort | uniq -c | awk '{print $1}' | sort -n
}
# queue_dq - 4 messages for fast, 2 for mqueue, queued by ours
queue_dq() {
	queue "$SENDMAIL" dq.cf 4 bob@example.com &&
	queue "$SENDMAIL" dq.cf 2 carol@other.test &&
	test $(find dq/q1/f1 dq/q1/f2 -name "qf*" | wc -l) = 4
}

test_expect_success SYSLOG 'daemon: fast every I=2s by R=2 runners sharing it, mqueue once' '
	dq_cf ", F=f, R=2" && queue_dq &&
	start_daemon r2 &&
	test_when_finished "kill $DPID 2>/dev/null; :" &&
	runs r2 12 &&
	test $(grep -c " bob@example.com\$" r2.runs) -ge 12 &&
	test $(cut -d" " -f1 r2.runs | sort -u | wc -l) -ge 7 &&
	per_pid r2 bob@example.com | uniq >counts && echo 2 >expect &&
	test_cmp expect counts &&
	per_pid r2 carol@other.test >counts && echo 2 >expect &&
	test_cmp expect counts &&
	grep "starting daemon (8.17.1.9): SMTP+queueing@01:00:00" r2.log
'

test_expect_success SYSLOG 'daemon: without F=f, or MaxQueueChildren=1, one runner a run' '
	dq_cf ", R=2" && queue_dq &&
	start_daemon nof &&
	test_when_finished "kill $DPID 2>/dev/null; :" &&
	runs nof 8 &&
	grep "^Warning: Q=fast: R=2: multiple queue runners specified" nof.err &&
	per_pid nof bob@example.com | uniq >counts && echo 4 >expect &&
	test_cmp expect counts &&
	dq_cf ", R=2, F=f" && queue_dq &&
	start_daemon mqc -O MaxQueueChildren=1 &&
	test_when_finished "kill $DPID 2>/dev/null; :" &&
	runs mqc 8 &&
	per_pid mqc bob@example.com | uniq >counts &&
	test_cmp expect counts &&
	per_pid mqc carol@other.test >counts && echo 2 >expect &&
	test_cmp expect counts
'

test_expect_success SYSLOG 'daemon: J=1 takes one entry a run; R=0 runs none of the group' '
	dq_cf ", J=1" && queue_dq &&
	start_daemon j1 &&
	test_when_finished "kill $DPID 2>/dev/null; :" &&
	runs j1 3 &&
	per_pid j1 bob@example.com | uniq >counts && echo 1 >expect &&
	test_cmp expect counts &&
	dq_cf ", R=0" && queue_dq &&
	start_daemon r0 &&
	test_when_finished "kill $DPID 2>/dev/null; :" &&
	for i in $(seq 1 50); do
		test $(grep -c "carol@other.test" r0.log) = 2 && break; sleep 0.1
	done &&
	sleep 1 &&
	runs r0 0 &&
	! grep bob@example.com r0.runs &&
	test $(grep -c carol@other.test r0.runs) = 2
'

# (niceq is an alias: the message is in fast when it keeps the alias in
# its qf, in mqueue when it holds the program; both groups have N=7)
test_expect_success SYSLOG 'daemon: N=7 renices the runners of the group' '
	dq_cf ", N=7" &&
	printf "R niceq\t\$# fast\nQmqueue, N=7\n" >>dq.cf &&
	echo "niceq: \"|/usr/bin/nice >>$TRASH/nice.out\"" >etc/aliases &&
	: >nice.out && chmod 666 nice.out &&
	sandbox_run "$SENDMAIL" -C dq.cf -bi >bi.out 2>&1 &&
	queue "$SENDMAIL" dq.cf 1 niceq &&
	test $(find dq -type f -name "qf*" | wc -l) = 1 &&
	start_daemon nice &&
	test_when_finished "kill $DPID 2>/dev/null; :" &&
	for i in $(seq 1 100); do test -s nice.out && break; sleep 0.1; done &&
	runs nice 0 &&
	echo 7 >expect &&
	test_cmp expect nice.out
'

test_done
