#!/bin/sh
# 4500-daemon-core - sendmail -bD/-bd: listeners from DaemonPortOptions (two at
# once, inet6 on ::1), the greeting through a forked child, the pid file
# (pid, then the command line; compared with the real sendmail's in a
# sandbox, as is SIGTERM: exit 0, pid file removed), the syslog lines
# ("starting daemon (8.17.1.9): SMTP+queueing@..." under the -L tag),
# MaxDaemonChildren (the listener closes: connection refused, as the real
# sendmail does, and opens again after 15 s), ConnectionRateThrottle,
# RefuseLA and DelayLA (only on a loaded machine), SIGHUP (re-exec with a
# changed cf, same pid), -bd detaching, a port already in use, the
# ${daemon_flags} the child hands to the SMTP server (in the qf), the
# queue runs of -q3s, and a bad -q interval.  Our daemon listens on high
# ports of 127.0.0.1/::1 only; its syslog goes to a socket bound over
# /dev/log in a private mount namespace (prerequisite SYSLOG: root and
# unshare -m), read back from NAME.log.
test_description='the SMTP daemon (-bD, -bd)'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
CF=$TRASH/minimal.cf
mkdir -p "$TRASH/q" || exit 1

if test "$(id -u)" = 0 && unshare -m sh "$SRCDIR/test/lib/with_syslog.sh" "$TRASH/probe.log" \
	logger -t probe hello 2>/dev/null && sleep 0.5 && grep -q hello "$TRASH/probe.log"; then
	test_set_prereq SYSLOG
fi

# start_daemon NAME ARGS...: our sendmail -bD -C minimal.cf on a free port
# of 127.0.0.1 (daemon name TST unless ARGS set DaemonPortOptions), queue
# q/, pid file NAME.pid, syslog NAME.log, stdout+stderr NAME.err; sets
# PORT and DPID (the daemon's pid: unshare and sh exec into it); returns
# when the pid file is there
start_daemon() {
	_n=$1; shift
	PORT=$(free_port)
	: >"$_n.log"
	unshare -m sh "$SRCDIR/test/lib/with_syslog.sh" "$TRASH/$_n.log" \
		"$SENDMAIL" -bD -C "$CF" -O QueueDirectory="$TRASH/q" \
		-O PidFile="$TRASH/$_n.pid" \
		-O DaemonPortOptions=Port=$PORT,Addr=127.0.0.1,Name=TST "$@" \
		>"$_n.err" 2>&1 </dev/null &
	DPID=$!
	echo $DPID >>"$TRASH/daemons"
	wait_file "$_n.pid"
}

# wait_file FILE: until FILE is there and not empty (10 s); the pid file
# is written once every listener is open, and waiting for it makes no
# connection that would count as a child
wait_file() {
	for _i in $(seq 1 200); do
		test -s "$1" && return 0
		sleep 0.05
	done
	return 1
}

# wait_port PORT: until something accepts on 127.0.0.1:PORT (10 s)
wait_port() {
	python3 - "$1" <<'EOF'
import socket, sys, time
for i in range(200):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
EOF
}

# stop_daemon: SIGTERM to DPID and its exit status
stop_daemon() {
	kill -TERM $DPID 2>/dev/null
	wait $DPID
}

# no_sanitizer NAME: no ASan/UBSan/LSan report from the daemon or its children
no_sanitizer() {
	! grep -E "Sanitizer|runtime error" "$1.err"
}

# wait_port_once PORT: one connection attempt
wait_port_once() {
	python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$1"
}

# greet PORT: print the greeting's code and text, then QUIT's reply code
greet() {
	python3 - "$1" <<'EOF'
import smtplib, sys
s = smtplib.SMTP()
code, msg = s.connect("127.0.0.1", int(sys.argv[1]))
print(code, msg.decode())
print(s.docmd("QUIT")[0])
EOF
}

test_expect_success SYSLOG 'the greeting arrives through a child, QUIT gets 221' '
	start_daemon basic -q30m -L mytag &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	greet $PORT >out &&
	head -n 1 out | grep "^220 " &&
	sed -n 2p out >quit && echo 221 >expect && test_cmp expect quit &&
	stop_daemon &&
	no_sanitizer basic
'

test_expect_success SYSLOG 'the pid file: the pid, then the command line' '
	start_daemon pidf -q30m &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	{
		echo $DPID &&
		echo "$SENDMAIL -bD -C $CF -O QueueDirectory=$TRASH/q -O PidFile=$TRASH/pidf.pid -O DaemonPortOptions=Port=$PORT,Addr=127.0.0.1,Name=TST -q30m"
	} >expect &&
	test_cmp expect pidf.pid &&
	stop_daemon
'

test_expect_success SYSLOG 'syslog: the startup line under the -L tag' '
	start_daemon slog -q30m -L mytag &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	stop_daemon &&
	grep "mytag\[$DPID\]: starting daemon (8.17.1.9): SMTP+queueing@00:30:00\$" slog.log &&
	grep "^<22>" slog.log &&
	start_daemon slog2 &&
	stop_daemon &&
	grep "sendmail\[$DPID\]: starting daemon (8.17.1.9): SMTP\$" slog2.log
'

test_expect_success SYSLOG 'SIGTERM: exit 0, pid file removed, listener closed' '
	start_daemon term &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	test -f term.pid &&
	stop_daemon &&
	! test -e term.pid &&
	test_must_fail wait_port_once $PORT &&
	no_sanitizer term
'

test_expect_success SYSLOG 'MaxDaemonChildren: the listener refuses while the children are busy' '
	start_daemon maxc -O MaxDaemonChildren=2 &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	python3 - $PORT >held <<-\EOF &&
	import socket, sys, time
	port = int(sys.argv[1])
	held = []
	for i in range(4):
	    try:
	        s = socket.create_connection(("127.0.0.1", port), 2)
	        s.settimeout(5)
	        print(i, s.recv(4).decode())
	        held.append(s)
	    except OSError as e:
	        print(i, "refused" if isinstance(e, ConnectionRefusedError) else e)
	    time.sleep(0.5)
	for s in held:
	    f = s.makefile("rb")
	    f.readline()
	    s.send(b"QUIT\r\n")
	    print(f.readline()[:4].decode())
	EOF
	printf "%s\n" "0 220 " "1 220 " "2 refused" "3 refused" "221 " "221 " >expect &&
	test_cmp expect held &&
	stop_daemon &&
	grep "sendmail\[$DPID\]: rejecting connections on daemon TST: 2 children, max 2\$" maxc.log &&
	no_sanitizer maxc
'

test_expect_success SYSLOG 'ConnectionRateThrottle: more per second are deferred, not refused' '
	start_daemon crt -O ConnectionRateThrottle=1 &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	python3 - $PORT >got <<-\EOF &&
	import socket, sys
	for i in range(4):
	    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 5)
	    s.settimeout(10)
	    print(s.recv(4).decode())
	    s.send(b"QUIT\r\n")
	    s.recv(100)
	    s.close()
	EOF
	printf "220 \n220 \n220 \n220 \n" >expect &&
	test_cmp expect got &&
	stop_daemon &&
	grep "deferring connections on daemon TST: 1 per second\$" crt.log
'

test_expect_success SYSLOG 'SIGHUP: the same pid serves again with the changed cf' '
	cp "$CF" hup.cf &&
	CF=$TRASH/hup.cf &&
	start_daemon hup &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	greet $PORT >before &&
	! grep Changed before &&
	echo "O SmtpGreetingMessage=\$j Changed greeting" >>hup.cf &&
	kill -HUP $DPID &&
	sleep 1 && wait_port $PORT &&
	greet $PORT >after &&
	grep "Changed greeting" after &&
	test "$(head -n 1 hup.pid)" = $DPID &&
	stop_daemon &&
	grep "restarting $SENDMAIL due to signal\$" hup.log &&
	test $(grep -c "starting daemon" hup.log) = 2 &&
	no_sanitizer hup
'

test_expect_success SYSLOG '-bd detaches: the pid file names the daemon, which serves' '
	P=$(free_port) &&
	unshare -m sh "$SRCDIR/test/lib/with_syslog.sh" "$TRASH/bd.log" \
		"$SENDMAIL" -bd -C "$CF" -O QueueDirectory="$TRASH/q" \
		-O PidFile="$TRASH/bd.pid" \
		-O DaemonPortOptions=Port=$P,Addr=127.0.0.1,Name=TST >bd.err 2>&1 &&
	wait_port $P &&
	DPID=$(head -n 1 bd.pid) &&
	echo $DPID >>daemons &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	kill -0 $DPID &&
	greet $P >out && head -n 1 out | grep "^220 " &&
	kill -TERM $DPID &&
	for i in 1 2 3 4 5 6 7 8 9 10; do
		test -e bd.pid || break; sleep 0.2
	done &&
	! test -e bd.pid
'

test_expect_success SYSLOG 'two listeners: MTA and MSA (M=E), each answers' '
	P2=$(free_port) &&
	start_daemon two -O DaemonPortOptions=Port=$P2,Addr=127.0.0.1,Name=MSA,M=E &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	wait_port $P2 &&
	greet $PORT >one && greet $P2 >two &&
	head -n 1 one | grep "^220 " && head -n 1 two | grep "^220 " &&
	stop_daemon
'

# start_second NAME: another daemon on $PORT, outside any namespace; sets PID2
start_second() {
	"$SENDMAIL" -bD -C "$CF" -O QueueDirectory="$TRASH/q" -O PidFile="$TRASH/$1.pid" \
		-O DaemonPortOptions=Port=$PORT,Addr=127.0.0.1,Name=TST >"$1.err" 2>&1 </dev/null &
	PID2=$!
	echo $PID2 >>"$TRASH/daemons"
}

test_expect_success SYSLOG 'a port in use by another daemon is not taken over' '
	start_daemon busy &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	start_second busy2 &&
	test_when_finished "kill $PID2 2>/dev/null || :" &&
	sleep 1 &&
	kill -0 $PID2 && ! test -e busy2.pid &&
	test "$(head -n 1 busy.pid)" = $DPID &&
	grep "cannot bind" busy2.err &&
	kill $PID2 && stop_daemon
'

# send PORT RCPT [HOST]: one message from root@mail.example.test
send() {
	python3 - "$@" <<'EOF'
import smtplib, sys
s = smtplib.SMTP(sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1", int(sys.argv[1]))
s.ehlo("client.example.org")
s.sendmail("root@mail.example.test", [sys.argv[2]], "Subject: x\r\n\r\nhi\r\n")
s.quit()
EOF
}

test_expect_success SYSLOG 'the child passes the listener on: ${daemon_flags} in the qf' '
	mkdir qf1 &&
	P=$(free_port) &&
	start_daemon flags -odq -O QueueDirectory=$TRASH/qf1 \
		-O DaemonPortOptions=Port=$P,Addr=127.0.0.1,Name=MSA,M=Eh &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	wait_port $P &&
	send $P root@mail.example.test &&
	grep -a "^\${daemon_flags}" qf1/qf* >flags &&
	echo "\${daemon_flags}EE h" >expect &&
	test_cmp expect flags &&
	! grep -a "^\${if_addr}" qf1/qf* &&
	stop_daemon &&
	no_sanitizer flags
'

test_expect_success SYSLOG '-q3s: the daemon forks queue runs every interval' '
	mkdir qr &&
	start_daemon qrun -q3s -odq -O QueueDirectory=$TRASH/qr &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	send $PORT bob@example.com &&
	grep -a "^N0\$" qr/qf* &&
	sleep 7 &&
	grep -a "^N[2-9]\$" qr/qf* &&
	stop_daemon &&
	grep "starting daemon (8.17.1.9): SMTP+queueing@00:00:03\$" qrun.log &&
	grep "to=<bob@example.com>.*stat=Deferred" qrun.log >deferred &&
	! grep "sendmail\[$DPID\]" deferred &&
	no_sanitizer qrun
'

python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null &&
	test_set_prereq IPV6

test_expect_success SYSLOG,IPV6 'Family=inet6 on ::1: the peer is [IPv6:::1]' '
	P6=$(free_port) &&
	start_daemon v6 -O DaemonPortOptions=Family=inet6,Port=$P6,Addr=::1,Name=V6 &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	python3 - $P6 >ehlo <<-\EOF &&
	import smtplib, sys, time
	for i in range(100):
	    try:
	        s = smtplib.SMTP("::1", int(sys.argv[1]))
	        break
	    except OSError:
	        time.sleep(0.05)
	print(s.ehlo("client.example.org")[1].decode().split("\n")[0])
	s.quit()
	EOF
	grep "Hello .*\[IPv6:::1\], pleased to meet you" ehlo &&
	stop_daemon
'

test_expect_success SYSLOG 'after a refusal the listener opens again (15 s)' '
	start_daemon again -O MaxDaemonChildren=1 &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	python3 - $PORT <<-\EOF &&
	import socket, sys, time
	port = int(sys.argv[1])
	a = socket.create_connection(("127.0.0.1", port), 2)
	a.recv(100)
	time.sleep(0.5)
	try:
	    socket.create_connection(("127.0.0.1", port), 2)
	    sys.exit("not refused")
	except ConnectionRefusedError:
	    pass
	a.close()
	for i in range(40):
	    try:
	        b = socket.create_connection(("127.0.0.1", port), 2)
	        sys.exit(0 if b.recv(4) == b"220 " else "no greeting")
	    except ConnectionRefusedError:
	        time.sleep(0.5)
	sys.exit("never reopened")
	EOF
	stop_daemon &&
	grep "accepting connections again for daemon TST\$" again.log
'

# RefuseLA and DelayLA need a load: only when the 1-minute average is
# well above 1 (RefuseLA=1 then holds for the whole test)
awk '{ exit !($1 >= 1.5) }' /proc/loadavg 2>/dev/null && test_set_prereq LOADED

test_expect_success SYSLOG,LOADED 'RefuseLA: the listener closes, with sendmail'"'"'s log line' '
	start_daemon rla -O RefuseLA=1 &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	sleep 0.5 &&
	test_must_fail wait_port_once $PORT &&
	stop_daemon &&
	grep "rejecting connections on daemon TST: load average: [0-9]*\$" rla.log
'

test_expect_success SYSLOG,LOADED 'DelayLA: connections wait, with sendmail'"'"'s log line' '
	start_daemon dla -O DelayLA=1 &&
	test_when_finished "kill $DPID 2>/dev/null || :" &&
	greet $PORT >out && head -n 1 out | grep "^220 " &&
	stop_daemon &&
	grep "delaying connections on daemon TST: load average=[0-9]* >= 1\$" dla.log
'

test_expect_success 'a bad -q interval: sendmail'"'"'s message and EX_USAGE' '
	LD_LIBRARY_PATH=$REAL_ROOT/usr/lib/x86_64-linux-gnu \
		sandbox_run "$REAL_ROOT/usr/libexec/sendmail/sendmail" -bD -q3x4y -C "$CF" \
		-O PidFile="$TRASH/badq.pid" >expect 2>&1
	echo "exit $?" >>expect &&
	sandbox_run "$SENDMAIL" -bD -q3x4y -C "$CF" -O PidFile="$TRASH/badq.pid" >actual 2>&1
	echo "exit $?" >>actual &&
	test_cmp expect actual &&
	! test -e badq.pid
'

# life BIN: in a sandbox, start BIN -bD -q30m on port 2525, keep its
# pid file (the pid replaced by PID, BIN by SENDMAIL), stop it with
# SIGTERM and note its exit status and whether the pid file is gone
life() {
	sandbox_run sh -c '
		"$1" -bD -q30m -C "$2" -O QueueDirectory="$3/q" -O PidFile="$3/$4.pid" \
			-O DaemonPortOptions=Port=2525,Addr=127.0.0.1,Name=TST >"$3/$4.err" 2>&1 </dev/null &
		pid=$!
		for i in $(seq 1 100); do test -s "$3/$4.pid" && break; sleep 0.1; done
		sed -e "1s/^$pid\$/PID/" -e "s|$1|SENDMAIL|" "$3/$4.pid"
		kill -TERM $pid; wait $pid; echo "exit $?"
		test -e "$3/$4.pid" && echo "pid file left"
		true' sh "$1" "$CF" "$TRASH" life
}

test_expect_success 'pid file and SIGTERM as the real sendmail (sandbox)' '
	LD_LIBRARY_PATH=$REAL_ROOT/usr/lib/x86_64-linux-gnu \
		life "$REAL_ROOT/usr/libexec/sendmail/sendmail" >expect &&
	life "$SENDMAIL" >actual &&
	test_cmp expect actual &&
	grep "^exit 0\$" actual
'

# test_when_finished runs inside the test body's subshell, so a failed
# body leaves its daemon behind: stop every daemon started here
# (only those whose command line still names this trash directory)
test -f "$TRASH/daemons" && for _p in $(cat "$TRASH/daemons"); do
	{ tr '\0' ' ' <"/proc/$_p/cmdline"; } 2>/dev/null | grep -q "$TRASH/" &&
		kill $_p 2>/dev/null
done

test_done
