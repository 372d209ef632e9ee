#!/bin/sh
# smtp-source.sh - benchmark: SMTP in, local delivery out; ours against the
# real sendmail 8.17 and postfix 3.7, side by side in one run.
#
#   sh test/bench/smtp-source.sh
#
# Each MTA listens on 127.0.0.1 and receives, from postfix's smtp-source
# (one connection per message, as smtp-source does without -d),
#
#   smtp-source -s S -m BENCH_N -l 4096 -f FROM -t benchrcpt@mail.example.test
#
# for S in BENCH_SESSIONS ("1 20"), BENCH_N (5000) messages of 4 KiB, all
# for one local user whose mbox is in the bench's spool.  Two rates per
# run: messages/s accepted (the wall time of smtp-source: every 250 after
# DATA) and messages/s delivered (from the start until the mbox holds all
# BENCH_N messages and the queue is empty).  Then a table and the ratios
# ours/sendmail and ours/postfix (above 1: ours is faster).
#
# The same ground for all three:
#  - one private mount, network, UTS and pid namespace (unshare, so root
#    only): host name mail.example.test, only lo, no DNS server to reach
#    (client names come from /etc/hosts), a syslog socket over /dev/log
#    feeding BENCH_DIR/syslog, the bench's spool bound over /var/mail (so
#    Debian's mail.local, which knows only /var/mail, writes there too),
#    and a passwd/group with the recipient benchrcpt and postfix's
#    postfix/postdrop added when missing - only inside the namespace,
#    nothing on the machine changes.  When the namespace's first process
#    ends, the kernel kills whatever is left in it: no daemon survives.
#  - durability: sendmail's and ours' default SuperSafe=True (df and qf
#    fsync'd before 250), postfix's default fsync of its queue file.
#  - local delivery by a mail.local-like program: ours runs our
#    mail.local, the real sendmail Debian's mail.local (its library path
#    through an E line of the cf), postfix its local(8) (biff off:
#    neither mail.local notifies comsat here).  BENCH_LOCAL=lmtp (the
#    default) gives both sendmails FEATURE(local_lmtp): "mail.local -l"
#    in LMTP, started per delivery by the real one, kept running by our
#    delivery agents; BENCH_LOCAL=pipe "mail.local -d $u", one process
#    per message for both.
#  - the same .mc (below) turned into a .cf by Debian's m4 tree for ours
#    and the real sendmail, differing only in the mail.local path: local
#    and smtp mailers, DeliveryMode background (the default), QueueLA and
#    RefuseLA raised to 100 so that a loaded 2-core machine does not
#    switch either sendmail to queue-only; both daemons run -q1m, postfix
#    retries deferred mail after a minute too.  The listener is
#    DaemonPortOptions=...,Listen=BENCH_LISTEN (100): with sendmail's
#    default listen queue of 10, 20 sessions that reconnect at once
#    overflow it, the dropped SYNs are retried by the client after 1 s,
#    and both sendmails fall to some 12 messages/s - a measure of TCP's
#    retransmission timer, not of the MTA (the run says how many
#    connections were dropped so, if any).
#  - postfix from Debian's package unpacked by test/lib/postfix.sh, run
#    with a private config, queue and data directory (postfix -c DIR
#    start/stop), smtpd on 127.0.0.1, no chroot (the upstream default;
#    Debian's chroot needs copies of /etc files), default process limits.
#
# Ours is the optimized build obj.<os>.<release>.<arch>/ (`sh Build` is run
# first), never the sanitizer build; set SENDMAIL to time another binary
# (its mail.local is ../mail.local/mail.local next to it, or MAIL_LOCAL).
# BENCH_MTAS ("ours sendmail postfix") picks the MTAs, BENCH_TIMEOUT (900)
# bounds the wait for delivery, BENCH_KEEP=1 keeps the work directory
# (queues, mboxes, syslog) for a look afterwards.  BENCH_WRAP is a command
# put before both sendmail daemons, for profiling: e.g.
#   BENCH_WRAP="strace -f -c -o /tmp/st.out"  or
#   BENCH_WRAP="perf record -g -o /tmp/perf.data --"
# (then the rates are not worth much).  Not a test: it never fails on time.
SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
BENCH_N=${BENCH_N:-5000}
BENCH_SESSIONS=${BENCH_SESSIONS:-1 20}
BENCH_MTAS=${BENCH_MTAS:-ours sendmail postfix}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-900}
BENCH_LISTEN=${BENCH_LISTEN:-100}
BENCH_LOCAL=${BENCH_LOCAL:-lmtp}
BENCH_SIZE=4096
RCPT_USER=benchrcpt
LC_ALL=C TZ=UTC
export LC_ALL TZ SRCDIR BENCH_N BENCH_SESSIONS BENCH_MTAS BENCH_TIMEOUT \
	BENCH_LISTEN BENCH_LOCAL BENCH_SIZE RCPT_USER BENCH_WRAP

say() { printf '%s\n' "$*"; }
say_diag() { printf '%s\n' "$*" | sed 's/^/# /'; }
_prereqs=" "
test_set_prereq() { _prereqs="$_prereqs$1 "; }
test_have_prereq() { case "$_prereqs" in *" $1 "*) return 0 ;; esac; return 1; }

# ------------------------------------------------------------ inside

# ns_setup - the namespace's host name, lo, syslog, spool and users
ns_setup() {
	hostname mail.example.test && ip link set lo up || return 1
	# /dev with a syslog socket of our own
	mkdir "$BENCH_DIR/dev" && mount -t tmpfs none "$BENCH_DIR/dev" || return 1
	for _f in null zero random urandom full tty; do
		test -e /dev/$_f && touch "$BENCH_DIR/dev/$_f" &&
			mount --bind /dev/$_f "$BENCH_DIR/dev/$_f"
	done
	ln -s /proc/self/fd "$BENCH_DIR/dev/fd"
	mkdir "$BENCH_DIR/dev/shm" && chmod 1777 "$BENCH_DIR/dev/shm"
	python3 "$BENCH_DIR/syslogd.py" "$BENCH_DIR/dev/log" "$BENCH_DIR/syslog" &
	while ! test -S "$BENCH_DIR/dev/log"; do sleep 0.05; done
	mount --bind "$BENCH_DIR/dev" /dev || return 1
	# the spool
	mkdir -m 1777 "$BENCH_DIR/spool" && chmod 1777 "$BENCH_DIR/spool" &&
	mount --bind "$BENCH_DIR/spool" /var/mail || return 1
	# the users
	cp /etc/passwd "$BENCH_DIR/passwd" && cp /etc/group "$BENCH_DIR/group" || return 1
	mkdir -m 755 "$BENCH_DIR/home"
	getent group postdrop >/dev/null || echo "postdrop:x:64090:" >>"$BENCH_DIR/group"
	getent group postfix >/dev/null || echo "postfix:x:64091:" >>"$BENCH_DIR/group"
	getent group $RCPT_USER >/dev/null || echo "$RCPT_USER:x:64092:" >>"$BENCH_DIR/group"
	getent passwd postfix >/dev/null ||
		echo "postfix:x:64091:64091:postfix:/nonexistent:/usr/sbin/nologin" >>"$BENCH_DIR/passwd"
	getent passwd $RCPT_USER >/dev/null ||
		echo "$RCPT_USER:x:64092:64092:bench:$BENCH_DIR/home:/bin/sh" >>"$BENCH_DIR/passwd"
	mount --bind "$BENCH_DIR/passwd" /etc/passwd &&
	mount --bind "$BENCH_DIR/group" /etc/group
}

# mc_local MAIL_LOCAL - the local mailer's lines for BENCH_LOCAL
mc_local() {
	case $BENCH_LOCAL in
	lmtp)
		echo "FEATURE(\`local_lmtp', \`$1')dnl" ;;
	*)
		echo "define(\`LOCAL_MAILER_PATH', \`$1')dnl"
		echo "define(\`LOCAL_MAILER_ARGS', \`mail.local -d \$u')dnl"
		echo "define(\`LOCAL_MAILER_FLAGS', \`SPfhn9')dnl" ;;
	esac
}

# mc_write DIR MAIL_LOCAL PORT - DIR/bench.mc for a sendmail in DIR
mc_write() {
	cat >"$1/bench.mc" <<EOF
divert(0)dnl
define(\`confCF_VERSION', \`bench')dnl
define(\`MAIL_SETTINGS_DIR', \`$1/etc/')dnl
define(\`QUEUE_DIR', \`$1/mqueue')dnl
define(\`STATUS_FILE', \`$1/etc/statistics')dnl
define(\`confPID_FILE', \`$1/sendmail.pid')dnl
define(\`confSERVICE_SWITCH_FILE', \`$1/etc/service.switch')dnl
define(\`confHOSTS_FILE', \`$1/etc/hosts')dnl
define(\`confDONT_BLAME_SENDMAIL', \`TrustStickyBit')dnl
define(\`confQUEUE_LA', \`100')dnl
define(\`confREFUSE_LA', \`100')dnl
OSTYPE(\`linux')dnl
$(mc_local "$2")
FEATURE(\`no_default_msa')dnl
DAEMON_OPTIONS(\`Port=$3, Addr=127.0.0.1, Name=MTA, Listen=$BENCH_LISTEN')dnl
MAILER(\`local')dnl
MAILER(\`smtp')dnl
EOF
}

# sm_setup NAME BIN MAIL_LOCAL PORT [ELINE] - a sendmail tree in BENCH_DIR/NAME
sm_setup() {
	_d=$BENCH_DIR/$1
	mkdir -p "$_d/etc" && mkdir -m 700 "$_d/mqueue" || return 1
	printf 'hosts\tfiles\naliases\tfiles\n' >"$_d/etc/service.switch"
	printf '127.0.0.1\tlocalhost\n192.0.2.1\tmail.example.test mail\n' >"$_d/etc/hosts"
	printf 'postmaster: root\nMAILER-DAEMON: postmaster\n' >"$_d/etc/aliases"
	: >"$_d/etc/statistics"
	: >"$_d/etc/local-host-names"
	mc_write "$_d" "$3" "$4" &&
	m4 -D_CF_DIR_="$REAL_CF/" "$REAL_CF/m4/cf.m4" "$_d/bench.mc" >"$_d/bench.cf" || return 1
	test -z "$5" || echo "$5" >>"$_d/bench.cf"
	"$2" -C "$_d/bench.cf" -bi >"$_d/newaliases.out" 2>&1 || {
		say "$1: newaliases failed:"; cat "$_d/newaliases.out"; return 1
	}
}

# sm_start NAME BIN - the daemon (-bD, -q1m); sets MTA_PID
sm_start() {
	$BENCH_WRAP "$2" -bD -q1m -C "$BENCH_DIR/$1/bench.cf" >"$BENCH_DIR/$1/daemon.out" 2>&1 </dev/null &
	MTA_PID=$!
	_i=0
	while ! test -s "$BENCH_DIR/$1/sendmail.pid"; do
		_i=$((_i + 1))
		test $_i -lt 200 && kill -0 $MTA_PID 2>/dev/null || {
			say "$1: the daemon did not start:"; cat "$BENCH_DIR/$1/daemon.out"
			return 1
		}
		sleep 0.05
	done
}

# sm_stop NAME - SIGTERM to the daemon (and to BENCH_WRAP's command), wait
sm_stop() {
	_p=$(awk '{ print $1; exit }' "$BENCH_DIR/$1/sendmail.pid" 2>/dev/null)
	kill -TERM $MTA_PID ${_p:+"$_p"} 2>/dev/null
	wait $MTA_PID 2>/dev/null
	MTA_PID=
}

# pf_conf PORT - postfix's config, queue and data directories in BENCH_DIR/postfix
pf_conf() {
	_d=$BENCH_DIR/postfix
	mkdir -p "$_d/etc" "$_d/queue" "$_d/data" && chown postfix "$_d/data" || return 1
	cp "$POSTFIX_ROOT/etc/postfix/postfix-files" "$POSTFIX_ROOT/usr/share/postfix/dynamicmaps.cf" \
		"$_d/etc/" && mkdir -p "$_d/etc/postfix-files.d" "$_d/etc/dynamicmaps.cf.d" || return 1
	cat >"$_d/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $_d/queue
data_directory = $_d/data
meta_directory = $_d/etc
command_directory = $POSTFIX_ROOT/usr/sbin
daemon_directory = $POSTFIX_ROOT/usr/lib/postfix/sbin
shlib_directory = $POSTFIX_ROOT/usr/lib/postfix
sendmail_path = $POSTFIX_ROOT/usr/sbin/sendmail
newaliases_path = $POSTFIX_ROOT/usr/bin/newaliases
mailq_path = $POSTFIX_ROOT/usr/bin/mailq
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.example.test
mydomain = example.test
myorigin = \$myhostname
mydestination = \$myhostname, localhost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps = hash:$_d/etc/aliases
alias_database = hash:$_d/etc/aliases
mail_spool_directory = /var/mail
biff = no
queue_run_delay = 60s
minimal_backoff_time = 60s
import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C LD_LIBRARY_PATH=$POSTFIX_ROOT/usr/lib/postfix
EOF
	# Debian's master.cf, without chroot, smtpd on 127.0.0.1:PORT only
	awk -v port="$1" '
		/^#/ || /^[ \t]*$/ { next }
		/^[ \t]/ { if (keep) print; next }
		$1 == "smtp" && $2 == "inet" { $1 = "127.0.0.1:" port; $5 = "n"; keep = 1; print; next }
		$2 == "inet" { keep = 0; next }
		{ if ($5 == "y") $5 = "n"; keep = 1; print }
	' "$POSTFIX_ROOT/usr/share/postfix/master.cf.dist" >"$_d/etc/master.cf" || return 1
	printf 'postmaster: root\nMAILER-DAEMON: postmaster\n' >"$_d/etc/aliases"
	pf_cmd postalias "$_d/etc/aliases"
}

# pf_cmd CMD ARGS... - a postfix command from the unpacked package, our config
pf_cmd() {
	_c=$1; shift
	LD_LIBRARY_PATH=$POSTFIX_ROOT/usr/lib/postfix MAIL_CONFIG=$BENCH_DIR/postfix/etc \
		"$POSTFIX_ROOT/usr/sbin/$_c" "$@"
}

# pf_start - postfix start; sets MTA_PID (the master)
pf_start() {
	pf_cmd postfix -c "$BENCH_DIR/postfix/etc" start >"$BENCH_DIR/postfix/start.out" 2>&1 || {
		say "postfix: start failed:"; cat "$BENCH_DIR/postfix/start.out"; return 1
	}
	MTA_PID=$(awk '{ print $1; exit }' "$BENCH_DIR/postfix/queue/pid/master.pid")
}

# pf_stop - postfix stop
pf_stop() {
	test -n "$MTA_PID" || return 0
	pf_cmd postfix -c "$BENCH_DIR/postfix/etc" stop >>"$BENCH_DIR/postfix/start.out" 2>&1
	MTA_PID=
}

# listen_drops - TcpExt ListenDrops of the namespace: SYNs dropped on a
# full listen queue (each costs the client a 1 s retransmission)
listen_drops() {
	awk '$1 == "TcpExt:" { if (!n) { for (i = 2; i <= NF; i++) f[i] = $i; n = 1; next }
		for (i = 2; i <= NF; i++) if (f[i] == "ListenDrops") print $i }' /proc/net/netstat
}

# now - seconds since the epoch, to the nanosecond
now() { date +%s.%N; }

# queue_dirs NAME - the directories holding NAME's queued messages
queue_dirs() {
	case $1 in
	postfix)
		_q=$BENCH_DIR/postfix/queue
		echo "$_q/maildrop $_q/incoming $_q/active $_q/deferred $_q/hold" ;;
	*)	echo "$BENCH_DIR/$1/mqueue" ;;
	esac
}

# run_one NAME PORT S - one smtp-source run of BENCH_N messages in S
# sessions; appends "NAME S ACCEPTED/s DELIVERED/s" to BENCH_DIR/results
run_one() {
	rm -f "/var/mail/$RCPT_USER" "/var/mail/$RCPT_USER.lock"
	_drops=$(listen_drops)
	_t0=$(now)
	"$SMTP_SOURCE" -s "$3" -m "$BENCH_N" -l "$BENCH_SIZE" -f "sender@mail.example.test" \
		-t "$RCPT_USER@mail.example.test" "127.0.0.1:$2" >"$BENCH_DIR/$1/source.$3" 2>&1
	_rc=$?
	_t1=$(now)
	if test $_rc != 0; then
		say "  $1, $3 sessions: smtp-source failed (exit $_rc):"
		tail -n 5 "$BENCH_DIR/$1/source.$3"
		echo "$1 $3 - -" >>"$BENCH_DIR/results"
		return 1
	fi
	# until the mbox holds BENCH_N messages and the queue is empty
	_t2=$(python3 "$SRCDIR/test/bench/mbox-wait.py" "/var/mail/$RCPT_USER" \
		"$BENCH_N" "$BENCH_TIMEOUT" $(queue_dirs "$1") 2>"$BENCH_DIR/wait.err") ||
		say "  $1, $3 sessions: not all delivered after $BENCH_TIMEOUT s" \
			"($(cat "$BENCH_DIR/wait.err") in the mbox)"
	_drops=$(( $(listen_drops) - _drops ))
	test $_drops = 0 ||
		say "  $1, $3 sessions: $_drops connections dropped on a full listen queue"
	echo "$_t0 $_t1 $_t2" | awk -v n="$BENCH_N" -v name="$1" -v s="$3" '{
		acc = n / ($2 - $1)
		if ($3 == "") { printf "%s %s %.1f -\n", name, s, acc; exit }
		printf "%s %s %.1f %.1f\n", name, s, acc, n / ($3 - $1) }' >>"$BENCH_DIR/results"
	tail -n 1 "$BENCH_DIR/results" | awk '{
		printf "  %-8s %2s sessions: %8s msg/s accepted %8s msg/s delivered\n", $1, $2, $3, $4 }'
}

# bench_mta NAME - set up, start, run every session count, stop
bench_mta() {
	case $1 in
	ours)
		sm_setup ours "$SENDMAIL" "$MAIL_LOCAL" 10025 || return 1
		sm_start ours "$SENDMAIL" || return 1
		_port=10025 ;;
	sendmail)
		sm_setup sendmail "$REAL_SENDMAIL" "$REAL_ROOT/usr/libexec/sendmail/mail.local" 10026 \
			"ELD_LIBRARY_PATH=$REAL_ROOT/usr/lib/x86_64-linux-gnu" || return 1
		sm_start sendmail "$REAL_SENDMAIL" || return 1
		_port=10026 ;;
	postfix)
		pf_conf 10027 && pf_start || return 1
		_port=10027 ;;
	esac
	for _s in $BENCH_SESSIONS; do
		run_one "$1" $_port "$_s"
	done
	mta_stop
}

# mta_stop - stop CUR_MTA when it runs
mta_stop() {
	test -n "$MTA_PID" || return 0
	case $CUR_MTA in
	postfix) pf_stop ;;
	*) sm_stop "$CUR_MTA" ;;
	esac
}

# inner - the benchmark proper, as the first process of the namespaces
inner() {
	trap 'mta_stop' EXIT
	# the first process of a pid namespace gets only the signals it handles
	trap 'exit 130' INT TERM
	ns_setup || { say "smtp-source: the namespace setup failed"; exit 1; }
	: >"$BENCH_DIR/results"
	for CUR_MTA in $BENCH_MTAS; do
		say "$CUR_MTA:"
		MTA_PID=
		bench_mta "$CUR_MTA"
	done
	CUR_MTA=
}

if test -n "$BENCH_INNER"; then
	inner
	exit 0
fi

# ------------------------------------------------------------ outside

test "$(id -u)" = 0 || { say "smtp-source: skipped: needs root (mount namespace, /var/mail)"; exit 0; }
unshare -m -n -u -p -f --mount-proc true 2>/dev/null ||
	{ say "smtp-source: skipped: no mount/network/pid namespaces (unshare)"; exit 0; }

# Ours: the optimized build, brought up to date (make does nothing when it is).
if test -z "$SENDMAIL"; then
	SENDMAIL=$SRCDIR/obj.$(uname -s).$(uname -r).$(uname -m)/sendmail/sendmail
	say "smtp-source: sh Build (the optimized binary)"
	(cd "$SRCDIR" && sh Build) >/dev/null 2>&1 || { say "smtp-source: sh Build failed"; exit 1; }
fi
: "${MAIL_LOCAL:=$(dirname "$SENDMAIL")/../mail.local/mail.local}"
test -x "$SENDMAIL" && test -x "$MAIL_LOCAL" ||
	{ say "smtp-source: no $SENDMAIL or $MAIL_LOCAL"; exit 1; }
SENDMAIL=$(cd "$(dirname "$SENDMAIL")" && pwd)/$(basename "$SENDMAIL")
MAIL_LOCAL=$(cd "$(dirname "$MAIL_LOCAL")" && pwd)/$(basename "$MAIL_LOCAL")
export SENDMAIL MAIL_LOCAL

. "$SRCDIR/test/lib/oracle.sh"
. "$SRCDIR/test/lib/postfix.sh"
oracle_setup || { say "smtp-source: skipped: no real sendmail (apt-get download)"; exit 0; }
postfix_setup || { say "smtp-source: skipped: no postfix (apt-get download postfix)"; exit 0; }
export SMTP_SOURCE POSTFIX_ROOT

BENCH_DIR=$(mktemp -d "${TMPDIR:-/tmp}/bench.smtp-source.XXXXXX") || exit 1
chmod 755 "$BENCH_DIR"
export BENCH_DIR
if test -n "$BENCH_KEEP"; then
	trap 'say "kept $BENCH_DIR"' EXIT
else
	trap 'cd / && rm -rf "$BENCH_DIR"' EXIT
fi
trap 'exit 130' INT TERM

# syslogd.py SOCKET OUT - a datagram syslog writing every line to OUT
cat >"$BENCH_DIR/syslogd.py" <<'EOF'
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o666)
out = open(sys.argv[2], 'ab')
while True:
    out.write(s.recv(65536) + b'\n')
    out.flush()
EOF

say "smtp-source: $BENCH_N messages of $BENCH_SIZE bytes, sessions: $BENCH_SESSIONS"
say "  $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
say "  ours: $SENDMAIL"
# unshare ignores INT and TERM while its child runs; on either, SIGKILL
# to unshare kills the child (--kill-child), and with it the namespace
BENCH_INNER=1 unshare -m -n -u -p -f --mount-proc --kill-child sh "$0" &
UNSHARE_PID=$!
trap 'kill -KILL $UNSHARE_PID 2>/dev/null; exit 130' INT TERM
wait $UNSHARE_PID
trap 'exit 130' INT TERM
test -s "$BENCH_DIR/results" || exit 1
say "  load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
say
printf '%-24s %8s %14s %14s\n' MTA sessions accepted/s delivered/s
awk '{ printf "%-24s %8s %14s %14s\n", $1, $2, $3, $4 }' "$BENCH_DIR/results"
# ratios: ours over each other MTA, per session count, accepted and delivered
awk '
	{ acc[$1, $2] = $3; del[$1, $2] = $4; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
	function r(a, b) { return (a == "-" || b == "-" || b == 0) ? "-" : sprintf("%.2f", a / b) }
	END {
		for (i = 1; i <= n; i++) {
			s = order[i]
			for (o = 1; o <= 2; o++) {
				m = o == 1 ? "sendmail" : "postfix"
				if (!(("ours", s) in acc) || !((m, s) in acc)) continue
				printf "ours/%s %s (accepted), %s (delivered) at %s sessions\n", m,
					r(acc["ours", s], acc[m, s]), r(del["ours", s], del[m, s]), s
			}
		}
	}' "$BENCH_DIR/results"
