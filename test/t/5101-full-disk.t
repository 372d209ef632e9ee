#!/bin/sh
# 5101-full-disk - a full queue file system loses nothing.
#
# The queue is a 1 MB tmpfs in a private mount namespace (with private
# network and UTS namespaces: host name mail.example.test, only lo), the
# rest of it filled with files to leave a chosen number of 4 kB blocks.
# Compared with the real sendmail 8.17, through -bs and through the
# daemon (-bD on 127.0.0.1:2525 of the private network), reply for reply:
#   - MAIL with a SIZE= that does not fit beside MinFreeBlocks (the size
#     rounded up to whole blocks), and MAIL on a full queue: "452 4.4.5
#     Insufficient disk space; try again later";
#   - a full queue with MinFreeBlocks=0: the same 452 after the text;
#   - a df write failing with ENOSPC while a long message is read:
#     "421 4.3.1 Out of disk space for temp file", the session ends (exit
#     74 for -bs);
# and for the daemon, which measures the free space in its parent at its
# start (then every 5 minutes; strace: its children do not, for MAIL):
#   - a queue filled after its start: MAIL passes, the text fails (421);
#   - started short of MinFreeBlocks: "452 4.4.5 ..." on its stdout, and
#     MAIL, RCPT, DATA, VRFY, EXPN, HELP, VERB, SEND, TURN answered with
#     that 452 (HELO, EHLO, ETRN, RSET, NOOP, QUIT as usual), even once
#     room is made; with MinFreeBlocks free exactly, MAIL passes;
# and for ours alone, since the real one gives up the session without a
# reply there: a qf that cannot be written (ENOSPC) gets "452 4.3.1
# Insufficient system storage" and the session goes on.  Each time the
# message accepted before is intact (md5sum), nothing else (no qf, tf or
# df) is left, the daemon still runs, and mail is accepted again once
# there is room.
test_description='a full queue file system: sendmail'"'"'s replies, nothing lost'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-smtp.sh"

smtp_setup minimal
test "$(id -u)" = 0 || test_skip_all "not root: no tmpfs can be mounted for the queue"
mkdir fq probe || exit 1
unshare -m sh -c 'mount -t tmpfs -o size=64k none "$0"' "$TRASH/probe" 2>/dev/null ||
	test_skip_all "unshare -m and mount -t tmpfs do not work here"
P3=ORACLE,SANDBOX,BS

# inq.sh BIN SCENARIO: inside unshare -m -n -u: host name, lo, the queue
# fq/ on a 1 MB tmpfs, then SCENARIO (a shell file) with the helpers below
cat >inq.sh <<'EOF'
bin=$1 scen=$2
Q=$TRASH/fq
export Q
hostname mail.example.test && ip link set lo up 2>/dev/null
mount -t tmpfs -o size=1m,mode=0700 none "$Q" || exit 1
# bs MINFREE SCRIPT: BIN -bs through smtp_dialogue.py
bs() {
	python3 "$SRCDIR/test/lib/smtp_dialogue.py" "$TRASH/$2" "$bin" \
		-C "$TRASH/minimal.cf" -O QueueDirectory="$Q" \
		-O StatusFile="$TRASH/etc/statistics" -O AuthMechanisms= -odq \
		-O MinFreeBlocks=$1 -bs 2>>"$TRASH/bs.err"
}
# daemon_start MINFREE: BIN -bD on 127.0.0.1:2525 (through $DWRAP when
# set); sets DPID; what it prints goes to d.out
daemon_start() {
	rm -f "$TRASH/d.pid" "$TRASH/d.out"
	$DWRAP "$bin" -bD -C "$TRASH/minimal.cf" -O QueueDirectory="$Q" \
		-O StatusFile="$TRASH/etc/statistics" -O AuthMechanisms= -odq \
		-O MinFreeBlocks=$1 -O PidFile="$TRASH/d.pid" \
		-O DaemonPortOptions=Port=2525,Addr=127.0.0.1,Name=MTA \
		>"$TRASH/d.out" 2>>"$TRASH/daemon.err" </dev/null &
	DPID=$!
	for i in $(seq 1 100); do test -s "$TRASH/d.pid" && return 0; sleep 0.1; done
	echo "no daemon"
}
# daemon_stop: SIGTERM, and whether it was still running
daemon_stop() {
	kill -0 $DPID 2>/dev/null && echo "daemon running"
	kill -TERM $(head -n 1 "$TRASH/d.pid") && wait $DPID
}
# tcp SCRIPT: the dialogue with the daemon
tcp() { python3 "$TRASH/tcp_dialogue.py" 2525 "$TRASH/$1"; }
# fill_to N: fill the queue's file system up to N free blocks
fill_to() {
	_n=$(( $(stat -f -c %a "$Q") - $1 ))
	test $_n -le 0 || dd if=/dev/zero of="$Q/fill.$(date +%s%N)" \
		bs=$(stat -f -c %S "$Q") count=$_n 2>/dev/null
	echo "free $(stat -f -c %a "$Q")"
}
unfill() { rm -f "$Q"/fill.*; }
# files: the kinds of the queue's files (qf, df, tf ...) but the fillers
files() { (cd "$Q" && ls | grep -v '^fill\.' | cut -c1-2 || :); }
# keep, kept: md5sums of the queue files now; whether they are unchanged
keep() { (cd "$Q" && md5sum [qd]f* >"$TRASH/kept.md5"); }
kept() { (cd "$Q" && md5sum -c --quiet "$TRASH/kept.md5") && echo "kept intact"; }
. "$TRASH/$scen"
EOF

# run BIN SCENARIO OUT: the scenario in new namespaces, masked into OUT
run() {
	unshare -m -n -u sh "$TRASH/inq.sh" "$1" "$2" >"$3.raw" 2>&1
	echo "exit $?" >>"$3.raw"
	tr -d "\r" <"$3.raw" | smtp_mask >"$3"
}

# tcp_dialogue.py PORT SCRIPT: smtp_dialogue.py's lock step over TCP;
# "!CMD" lines run CMD (sh -c) between commands; stops when the server
# closes the connection ("closed")
cat >tcp_dialogue.py <<'EOF'
import socket, subprocess, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), 10)
s.settimeout(30)
f = s.makefile("rb")
def reply():
    """reply - print one reply; its code, or None when the server closed"""
    while True:
        l = f.readline()
        if not l:
            print("closed")
            return None
        sys.stdout.write(l.decode("latin-1").rstrip("\r\n") + "\n")
        if l[3:4] != b"-":
            return l[:3]
lines = open(sys.argv[2]).read().split("\n")
code = reply()
i = 0
while code is not None and i < len(lines):
    l = lines[i]
    i += 1
    if l == "":
        continue
    if l.startswith("!"):
        subprocess.call(["sh", "-c", l[1:]])
        continue
    try:
        s.sendall(l.encode() + b"\r\n")
        code = reply()
        if l.upper() == "DATA" and code == b"354":
            text = []
            while i < len(lines) and lines[i] != ".":
                text.append(lines[i])
                i += 1
            i += 1
            s.sendall("".join(t + "\r\n" for t in text).encode() + b".\r\n")
            code = reply()
    except OSError:
        print("closed")
        break
sys.stdout.flush()
EOF

# the dialogues
printf '%s\n' "EHLO client.example.org" "MAIL FROM:<root@mail.example.test>" \
	"RCPT TO:<root@mail.example.test>" DATA "Subject: one" "" "hello" . \
	NOOP QUIT >one.in
printf '%s\n' "EHLO client.example.org" "MAIL FROM:<root@mail.example.test> SIZE=900000" \
	"MAIL FROM:<root@mail.example.test> SIZE=100" RSET QUIT >size.in
# edge.in: with MinFreeBlocks+1 blocks free, 4096 bytes fit, 4097 do not
printf '%s\n' "EHLO client.example.org" "MAIL FROM:<root@mail.example.test> SIZE=4096" \
	RSET "MAIL FROM:<root@mail.example.test> SIZE=4097" RSET QUIT >edge.in
# big.in: a 50 kB body; big5.in: 500 kB
for n in 700 7000; do
	{
		printf '%s\n' "EHLO client.example.org" "MAIL FROM:<root@mail.example.test>" \
			"RCPT TO:<root@mail.example.test>" DATA "Subject: big" ""
		awk -v n=$n 'BEGIN { for (i = 0; i < n; i++) printf "%05d %070d\n", i, 0 }'
		printf '%s\n' . NOOP QUIT
	} >big$n.in
done
# hdr.in: a small message whose header makes its qf take two blocks
# (about 3.7 kB of header: the size check wants one block); then, in the
# same session, room is made ("!" lines are for tcp_dialogue.py only)
{
	printf '%s\n' "EHLO client.example.org" "MAIL FROM:<root@mail.example.test>" \
		"RCPT TO:<root@mail.example.test>" DATA "Subject: pad"
	awk 'BEGIN { for (i = 0; i < 50; i++) printf "X-Pad-%02d: %060d\n", i, 0 }'
	printf '%s\n' "" x . NOOP
} >hdr.in
cp hdr.in hdr2.in
printf '%s\n' '!rm -f "$Q"/fill.*' "MAIL FROM:<root@mail.example.test>" \
	"RCPT TO:<root@mail.example.test>" DATA "Subject: two" "" "hello" . QUIT >>hdr2.in
echo QUIT >>hdr.in

cat >bs.scen <<'EOF'
echo "# room: a message is queued"
bs 100 one.in; keep; files
echo "# a SIZE that does not fit beside MinFreeBlocks=100"
bs 100 size.in
echo "# MinFreeBlocks+1 free: SIZE=4096 fits, 4097 does not"
fill_to 101; bs 100 edge.in
echo "# a full queue: MAIL is refused"
fill_to 0; bs 100 one.in
echo "# a full queue, MinFreeBlocks=0: refused after the text"
bs 0 one.in
echo "# 4 blocks free, a 50 kB message: the df write fails"
unfill; fill_to 4; bs 0 big700.in
echo "# nothing left but the first message, unchanged"
files; kept
echo "# room again"
unfill; bs 100 one.in; files | wc -l
EOF

test_expect_success $P3 '-bs on a full queue: replies as sendmail'"'"'s, nothing lost' '
	run "$REAL_SENDMAIL" bs.scen expect.bs &&
	run "$SENDMAIL" bs.scen actual.bs &&
	test_cmp expect.bs actual.bs &&
	grep -c "^452 4.4.5 Insufficient disk space; try again later" actual.bs >n &&
	test "$(cat n)" = 4 &&
	grep "^421 4.3.1 Out of disk space for temp file" actual.bs &&
	grep "^exit 74" actual.bs &&
	grep "^kept intact" actual.bs
'

cat >qf.scen <<'EOF'
bs 100 one.in >/dev/null; keep
fill_to 2; bs 0 hdr.in
echo "# left:"; files; kept
unfill; bs 0 hdr.in | grep "Message accepted"; files | wc -l
EOF

test_expect_success SANDBOX,BS '-bs: a qf that does not fit gets 452 4.3.1, no tf or df stays' '
	run "$SENDMAIL" qf.scen actual.qf &&
	sed -n -e "/^354 /,/^221 /p" -e "/^# left/,\$p" actual.qf >got.qf &&
	cat >want <<-\EOF &&
	354 End data with <CR><LF>.<CR><LF>
	452 4.3.1 Insufficient system storage
	250 2.0.0 OK
	221 2.0.0 mail.example.test closing connection
	# left:
	df
	qf
	kept intact
	250 2.0.0 QUEUEID Message accepted for delivery
	4
	exit 0
	EOF
	test_cmp want got.qf
'

# short.in: what a daemon short of space refuses, and what not
printf '%s\n' "EHLO client.example.org" "VRFY root" "EXPN root" \
	"RCPT TO:<root@mail.example.test>" DATA "Subject: one" "" . \
	"MAIL FROM:<root@mail.example.test> SIZE=10" HELP VERB "SEND FROM:<root>" TURN \
	"ETRN nosuch.example" \
	RSET "HELO client.example.org" "MAIL FROM:<root@mail.example.test>" \
	"RCPT TO:<root" NOOP QUIT >short.in
cat >daemon.scen <<'EOF'
daemon_start 100
echo "# room: a message is queued"
tcp one.in; keep; files
echo "# a SIZE that does not fit"
tcp size.in
echo "# 104 blocks free (MAIL passes), 500 kB: the df write fails"
unfill; fill_to 104; tcp big7000.in
echo "# nothing left but the first message, unchanged"
sleep 1; files; kept
echo "# full after the start: MAIL passes on its measure, the text fails"
fill_to 0; tcp one.in | sed "/^250-/d"
echo "# room again"
unfill; tcp one.in; files | wc -l
daemon_stop
echo "# started on a full queue: it says so, and its sessions get 452"
fill_to 0; daemon_start 100; cat "$TRASH/d.out"; tcp short.in | sed "/^250-/d"
echo "# room now, the daemon still goes by its measure"
unfill; tcp one.in | sed "/^250-/d"
daemon_stop
for n in 99 100 101; do
	echo "# started with $n blocks free, MinFreeBlocks=100"
	fill_to $n; daemon_start 100; cat "$TRASH/d.out"; tcp edge.in | sed "/^250-/d"
	tcp one.in | grep -c "^452"
	daemon_stop; unfill
done
EOF

test_expect_success $P3 'the daemon on a full queue: replies as sendmail'"'"'s, it keeps running' '
	run "$REAL_SENDMAIL" daemon.scen expect.daemon &&
	run "$SENDMAIL" daemon.scen actual.daemon &&
	test_cmp expect.daemon actual.daemon &&
	grep -c "^421 4.3.1 Out of disk space for temp file" actual.daemon >n &&
	test "$(cat n)" = 2 &&
	grep "^closed" actual.daemon &&
	grep "^daemon running" actual.daemon &&
	grep "^kept intact" actual.daemon
'

test_expect_success $P3 'a daemon short of space: all but HELO, EHLO, ETRN, RSET, NOOP, QUIT get 452' '
	sed -n "/^# started on a full queue/,/^# room now/p" actual.daemon >got &&
	cat >want <<-\EOF &&
	# started on a full queue: it says so, and its sessions get 452
	free 0
	452 4.4.5 Insufficient disk space; try again later
	220 mail.example.test ESMTP Sendmail 8.17.1.9/8.17.1.9/minimal; DATE
	250 HELP
	452 4.4.5 Insufficient disk space; try again later
	452 4.4.5 Insufficient disk space; try again later
	452 4.4.5 Insufficient disk space; try again later
	452 4.4.5 Insufficient disk space; try again later
	500 5.5.1 Command unrecognized: "Subject: one"
	500 5.5.1 Command unrecognized: "."
	452 4.4.5 Insufficient disk space; try again later
	452 4.4.5 Insufficient disk space; try again later
	452 4.4.5 Insufficient disk space; try again later
	452 4.4.5 Insufficient disk space; try again later
	452 4.4.5 Insufficient disk space; try again later
	250 2.0.0 Queuing for node nosuch.example started
	250 2.0.0 Reset state
	250 mail.example.test Hello localhost [127.0.0.1], pleased to meet you
	452 4.4.5 Insufficient disk space; try again later
	452 4.4.5 Insufficient disk space; try again later
	250 2.0.0 OK
	221 2.0.0 mail.example.test closing connection
	# room now, the daemon still goes by its measure
	EOF
	test_cmp want got &&
	sed -n "/^# started with 99/,\$p" actual.daemon | grep -c "^452 4.4.5" >n &&
	test "$(cat n)" = 6
'

cat >daemonqf.scen <<'EOF'
daemon_start 0
tcp one.in >/dev/null; keep
fill_to 2; tcp hdr2.in
echo "# left:"; files | wc -l; kept
daemon_stop
EOF

test_expect_success SANDBOX,BS 'the daemon: a qf that does not fit, then room in the same session' '
	run "$SENDMAIL" daemonqf.scen actual.dqf &&
	sed -n "/^354 /,\$p" actual.dqf >got.dqf &&
	cat >want <<-\EOF &&
	354 End data with <CR><LF>.<CR><LF>
	452 4.3.1 Insufficient system storage
	250 2.0.0 OK
	250 2.1.0 <root@mail.example.test>... Sender ok
	250 2.1.5 <root@mail.example.test>... Recipient ok
	354 End data with <CR><LF>.<CR><LF>
	250 2.0.0 QUEUEID Message accepted for delivery
	221 2.0.0 mail.example.test closing connection
	# left:
	4
	kept intact
	daemon running
	exit 0
	EOF
	test_cmp want got.dqf
'

# straced.scen: our daemon under strace (LeakSanitizer cannot work so)
cat >straced.scen <<'EOF'
export ASAN_OPTIONS=detect_leaks=0
DWRAP="strace -f -o $TRASH/st.out -e trace=statfs,statfs64"
daemon_start 100; cp "$TRASH/d.pid" "$TRASH/d.pid.keep"
tcp one.in | grep "Message accepted"; tcp one.in | grep "Message accepted"
daemon_stop
EOF
command -v strace >/dev/null 2>&1 && test_set_prereq STRACE

test_expect_success SANDBOX,BS,STRACE 'the daemon measures the free space in its parent, once at its start' '
	run "$SENDMAIL" straced.scen actual.st &&
	grep -c "Message accepted" actual.st >n && test "$(cat n)" = 2 &&
	grep "statfs(" st.out >calls &&
	test "$(wc -l <calls)" = 1 &&
	awk "{ print \$1 }" calls >pids &&
	head -n 1 d.pid.keep >want &&
	test_cmp want pids
'

test_expect_success 'no sanitizer report' '
	! grep -E "Sanitizer|runtime error" bs.err daemon.err
'

test_done
