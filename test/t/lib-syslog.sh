# lib-syslog.sh - syslog lines of the SMTP server, ours against the real
# sendmail 8.17's (test/t/402*.t).
#
# Sourced after lib-smtp.sh and smtp_setup.  Each run is sandboxed (no
# network, host mail.example.test) with a /dev/log socket read back into a
# file (test/lib/with_syslog.sh); the lines are then masked: priority and
# text kept, dates, hosts and pids dropped, queue ids numbered ID1, ID2 ...
# by first appearance, Message-Id stamps and delay= values replaced, and
# lines matching the Python regex $SYSLOG_DROP (when set) left out.
#
#   SYSLOG (prereq)         root, unshare -m, and a logger line comes back
#   in_box LOG CMD...       CMD in the sandbox logging to LOG
#   bs_log BIN TAG NAME CF [ARGS]  NAME.in through BIN -bs (smtp_dialogue.py);
#                           NAME.TAG.log (masked), NAME.TAG.out (replies)
#   bs_diff NAME CF [ARGS]  both -bs runs; their masked logs are equal
#   daemon_log BIN TAG NAME CF SCRIPT...  BIN -bD on a free port of
#                           127.0.0.1 (DOPTS: more options), each SCRIPT
#                           through client.py, then SIGTERM; NAME.TAG.log,
#                           the client's replies in NAME.TAG.out
#   daemon_diff NAME CF SCRIPT...  both daemons; their masked logs are equal
#
# client.py PORT SCRIPT talks in lock step: a line is sent with CRLF and
# its reply read; after DATA the lines up to "." go as one block; "SLEEP
# n" waits n seconds and then reads what came; "RAW <python escapes>"
# sends those bytes and reads replies until 1.5 s of silence; "EOF"
# hangs up.  Replies are printed.

# mask.py LOG: priority and text; ids ID1, ID2 ... by first appearance
cat >"$TRASH/mask.py" <<'PYEOF'
import os, re, sys
drop = os.environ.get("SYSLOG_DROP")
ids = {}
def qid(m):
    ids.setdefault(m.group(0), "ID%d" % (len(ids) + 1))
    return ids[m.group(0)]
for l in open(sys.argv[1], errors="replace"):
    if drop and re.search(drop, l):
        continue
    l = re.sub(r'^(<\d+>)[A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [^\[]+\[\d+\]: ', r'\1', l)
    l = re.sub(r'[0-9A-Za-x]{8}[0-9]{6,}', qid, l)
    l = re.sub(r', delay=[0-9:+]+,', ', delay=D,', l)
    sys.stdout.write(re.sub(r'<\d{12}\.', '<STAMP.', l))
PYEOF
cat >"$TRASH/client.py" <<'PYEOF'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 15)
out = sys.stdout.buffer
buf = b""
def line(timeout):
    global buf
    end = time.time() + timeout
    while b"\n" not in buf:
        t = end - time.time()
        if t <= 0:
            return None
        s.settimeout(t)
        try:
            d = s.recv(65536)
        except socket.timeout:
            return None
        except OSError:
            d = b""
        if not d:
            l, buf = buf, b""
            return l or None
        buf += d
    l, buf = buf.split(b"\n", 1)
    return l + b"\n"
def rep(timeout=15):
    while True:
        l = line(timeout)
        if l is None:
            return False
        out.write(l)
        if l[3:4] != b"-":
            return True
def send(b):
    try:
        s.sendall(b)
        return True
    except OSError:
        return False
lines = open(sys.argv[2]).read().split("\n")
rep()
i = 0
while i < len(lines):
    l = lines[i]; i += 1
    if l == "EOF":
        break
    if l.startswith("SLEEP "):
        time.sleep(float(l[6:])); rep(0.5); continue
    if l.startswith("RAW "):
        if not send(eval("b'" + l[4:] + "'")):
            break
        while rep(1.5):
            pass
        continue
    if l == "":
        continue
    if not send(l.encode() + b"\r\n"):
        break
    if l.upper() == "DATA":
        rep()
        blk = b""
        while i < len(lines):
            blk += lines[i].encode() + b"\r\n"; i += 1
            if lines[i - 1] == ".":
                break
        if not send(blk):
            break
    rep()
s.close()
PYEOF
if test "$(id -u)" = 0 && unshare -m sh "$SRCDIR/test/lib/with_syslog.sh" "$TRASH/probe.log" \
	logger -t probe hello 2>/dev/null && sleep 0.5 && grep -q hello "$TRASH/probe.log"; then
	test_set_prereq SYSLOG
fi

in_box() {
	_log=$1; shift
	: >"$_log"
	unshare -m -n -u sh -c 'hostname mail.example.test && ip link set lo up &&
		exec sh "$SRCDIR/test/lib/with_syslog.sh" "$@"' sh "$_log" "$@"
}

bs_log() {
	_b=$1 _t=$2 _n=$3 _c=$4
	shift 4
	mkdir -p "$TRASH/q.$_t" && rm -f "$TRASH/q.$_t"/* &&
	in_box "$TRASH/$_n.$_t.raw" timeout 120 python3 "$SMTP_DRIVER" "$_n.in" "$_b" -C "$_c" \
		-O QueueDirectory="$TRASH/q.$_t" -O StatusFile="$TRASH/etc/statistics" \
		-O AuthMechanisms= -odq "$@" -bs >"$_n.$_t.out" 2>"$_n.$_t.err" &&
	sleep 0.3 &&
	python3 mask.py "$_n.$_t.raw" >"$_n.$_t.log" &&
	! grep -E "Sanitizer|runtime error" "$_n.$_t.err"
}

bs_diff() {
	_n=$1 _c=$2
	shift 2
	bs_log "$REAL_SENDMAIL" real "$_n" "$_c" "$@" &&
	bs_log "$SENDMAIL" ours "$_n" "$_c" "$@" &&
	test_cmp "$_n.real.log" "$_n.ours.log"
}

daemon_log() {
	_b=$1 _t=$2 _n=$3 _c=$4
	shift 4
	mkdir -p "$TRASH/q.$_t" && rm -f "$TRASH/q.$_t"/* &&
	in_box "$TRASH/$_n.$_t.raw" sh -c '
		b=$1 c=$2 q=$3 port=$4; shift 4
		"$b" -bD -C "$c" -O QueueDirectory="$q" -O StatusFile="$TRASH/etc/statistics" \
			-O AuthMechanisms= -odq -O DaemonPortOptions=Port=$port,Addr=127.0.0.1,Name=MTA \
			-O PidFile="$q.pid" $DOPTS >"$q.err" 2>&1 &
		pid=$!
		for i in $(seq 100); do test -s "$q.pid" && break; sleep 0.1; done
		for sc; do python3 "$TRASH/client.py" $port "$sc"; done
		sleep 1
		kill $pid; wait $pid' sh "$_b" "$_c" "$TRASH/q.$_t" "$(free_port)" "$@" \
		>"$_n.$_t.out" &&
	sleep 0.3 &&
	python3 mask.py "$_n.$_t.raw" >"$_n.$_t.log" &&
	! grep -E "Sanitizer|runtime error" "$TRASH/q.$_t.err"
}

daemon_diff() {
	_n=$1 _c=$2
	shift 2
	daemon_log "$REAL_SENDMAIL" real "$_n" "$_c" "$@" &&
	daemon_log "$SENDMAIL" ours "$_n" "$_c" "$@" &&
	test_cmp "$_n.real.log" "$_n.ours.log"
}
