# netns.sh - a private network, host name and /dev/log for daemon tests.
#
# Source after test-lib.sh.  The daemons of the end-to-end tests (family
# 4 and 6) run, with their clients, inside one set of namespaces that a
# holder process keeps open: a network namespace whose only interface is
# lo (all of 127.0.0.0/8 and ::1, nothing else: a name lookup that falls
# through to DNS, or a relay attempt, fails at once instead of leaving
# the machine), a UTS namespace whose host name is mail.example.test, and
# a mount namespace whose /dev/log is a datagram socket feeding
# $TRASH/syslog (so the daemons' syslog lines can be checked), and whose
# /etc/hosts and /etc/nsswitch.conf are the test's: the C library looks
# host names and addresses up in that hosts file only ("hosts: files"),
# so a client address's name is known or definitely unknown, never a
# DNS timeout.
#
#   netns_setup [HOSTS]  start the holder; HOSTS (a file) is appended to
#                        the private /etc/hosts (127.0.0.1 localhost,
#                        ::1 localhost6); sets the NETNS prerequisite
#                        (root, unshare -m -n -u and nsenter needed)
#   netns_run CMD...     run CMD inside, in the current directory (nsenter
#                        without a fork: CMD gets its pid)
#   netns_daemon NAME BIN CF ARGS...
#                        start BIN -bD -C CF ARGS inside, listening on a
#                        free port of 127.0.0.1 (Name=MTA), queue NAME.q/,
#                        pid file NAME.pid, stdout+stderr NAME.err; waits
#                        until it accepts; the port goes to NAME.port
#   netns_port NAME      print NAME's port
#   netns_stop NAME      SIGTERM to NAME's daemon (the pid its pid file
#                        names); waits for it to exit
#   netns_cleanup        stop every daemon started here and the holder
#                        (call before test_done)
#   wait_until SECS CMD...  run CMD every 0.1 s until it succeeds (1) or
#                        SECS pass (0)

NETNS_HOST=mail.example.test

netns_setup() {
	test "$(id -u)" = 0 || return 1
	command -v nsenter >/dev/null 2>&1 || return 1
	: >"$TRASH/syslog"
	printf '127.0.0.1\tlocalhost\n::1\tlocalhost6\n' >"$TRASH/.etc.hosts" &&
	{ test -z "$1" || cat "$1" >>"$TRASH/.etc.hosts"; } &&
	{ grep -v '^hosts:' /etc/nsswitch.conf 2>/dev/null; echo 'hosts: files'; } \
		>"$TRASH/.etc.nsswitch" || return 1
	# the holder: lo up, the host name, /dev with a log socket; then
	# it sleeps (same pid, so the syslog reader keeps its parent; the
	# trash directory on its command line marks it as ours)
	cat >"$TRASH/.holder.sh" <<-\EOF
	hostname "$1" && ip link set lo up || exit 1
	d=$(mktemp -d "$TRASH/.dev.XXXXXX") || exit 1
	mount -t tmpfs none "$d" || exit 1
	for f in null zero random urandom full tty; do
		test -e /dev/$f && touch "$d/$f" && mount --bind /dev/$f "$d/$f"
	done
	ln -s /proc/self/fd "$d/fd"
	ln -s /proc/self/fd/0 "$d/stdin"
	ln -s /proc/self/fd/1 "$d/stdout"
	ln -s /proc/self/fd/2 "$d/stderr"
	python3 "$SRCDIR/test/lib/syslogd.py" "$d/log" "$TRASH/syslog" &
	while ! test -S "$d/log"; do sleep 0.05; done
	mount --bind "$d" /dev || exit 1
	mount --bind "$TRASH/.etc.hosts" /etc/hosts || exit 1
	mount --bind "$TRASH/.etc.nsswitch" /etc/nsswitch.conf || exit 1
	echo ready >"$TRASH/.netns.ready"
	exec python3 -c "import time; time.sleep(10 ** 6)" "$TRASH/.netns.ready"
	EOF
	unshare -m -n -u sh "$TRASH/.holder.sh" "$NETNS_HOST" >"$TRASH/.holder.err" 2>&1 </dev/null &
	NETNS_PID=$!
	echo $NETNS_PID >>"$TRASH/.netns.pids"
	wait_until 10 test -s "$TRASH/.netns.ready" || return 1
	test "$(netns_run hostname)" = "$NETNS_HOST" || return 1
	test_set_prereq NETNS
}

netns_run() {
	nsenter -t "$NETNS_PID" -m -n -u -F --wd="$PWD" "$@"
}

wait_until() {
	_wu_n=$(( $1 * 10 )); shift
	while test $_wu_n -gt 0; do
		"$@" && return 0
		sleep 0.1
		_wu_n=$((_wu_n - 1))
	done
	return 1
}

# _netns_accepts PORT - something accepts on 127.0.0.1:PORT inside
_netns_accepts() {
	netns_run python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$1" 2>/dev/null
}

netns_daemon() {
	_nd_name=$1 _nd_bin=$2 _nd_cf=$3
	shift 3
	_nd_port=$(netns_run python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])') || return 1
	mkdir -p "$TRASH/$_nd_name.q" || return 1
	rm -f "$TRASH/$_nd_name.pid"
	# nsenter itself, not netns_run: a function run in the background
	# is a subshell, whose pid is not the daemon's
	nsenter -t "$NETNS_PID" -m -n -u -F --wd="$PWD" \
		"$_nd_bin" -bD -C "$_nd_cf" -O QueueDirectory="$TRASH/$_nd_name.q" \
		-O PidFile="$TRASH/$_nd_name.pid" \
		-O DaemonPortOptions=Port=$_nd_port,Addr=127.0.0.1,Name=MTA "$@" \
		>"$TRASH/$_nd_name.err" 2>&1 </dev/null &
	echo $! >"$TRASH/$_nd_name.dpid"
	echo $! >>"$TRASH/.netns.pids"
	echo $_nd_port >"$TRASH/$_nd_name.port"
	wait_until 20 _netns_accepts $_nd_port || return 1
	# the daemon's own pid, from its pid file (a wrapper may have forked)
	wait_until 10 test -s "$TRASH/$_nd_name.pid" &&
	head -n 1 "$TRASH/$_nd_name.pid" >"$TRASH/$_nd_name.dpid" &&
	cat "$TRASH/$_nd_name.dpid" >>"$TRASH/.netns.pids"
}

netns_port() {
	cat "$TRASH/$1.port"
}

netns_stop() {
	_ns_pid=$(cat "$TRASH/$1.dpid") || return 1
	kill -TERM "$_ns_pid" 2>/dev/null || return 0
	wait "$_ns_pid" 2>/dev/null
	wait_until 20 eval '! kill -0 '"$_ns_pid"' 2>/dev/null'
}

netns_cleanup() {
	test -f "$TRASH/.netns.pids" || return 0
	for _nc_p in $(cat "$TRASH/.netns.pids"); do
		# only ours: the command line still names this trash directory
		{ tr '\0' ' ' <"/proc/$_nc_p/cmdline"; } 2>/dev/null | grep -q "$TRASH/" &&
			kill "$_nc_p" 2>/dev/null
	done
	return 0
}
