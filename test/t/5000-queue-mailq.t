#!/bin/sh
# 5000-queue-mailq - the queue on disk and -bp/mailq against the real
# sendmail 8.17: our mailq lists a queue the real one wrote (-t and ESMTP
# with DSN and 8BITMIME) with the same bytes as the real mailq; the real
# mailq lists a queue our queue_commit wrote (test/unit/queue.t write);
# empty and missing queues, locked entries ('*'), qf/ df/ xf/
# subdirectories, sort orders and -q limits, odd entries, the real
# sendmail running our qf, the program name mailq, and the fsync order
# of a commit.
test_description='queue files and mailq against sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
CF=$TRASH/minimal.cf
QWRITER=$OBJDIR/test/unit/queue.t
test -x "$QWRITER" && test_set_prereq QWRITER
command -v strace >/dev/null 2>&1 && strace -o /dev/null true 2>/dev/null &&
	test_set_prereq STRACE
command -v flock >/dev/null 2>&1 && test_set_prereq FLOCK

# real_q DIR ARGS... - the real sendmail on queue DIR, in the sandbox
real_q() {
	_d=$1; shift
	sandbox_run "$REAL_SENDMAIL" -C "$CF" -O QueueDirectory="$TRASH/$_d" "$@"
}
# our_q DIR ARGS... - ours, the same way
our_q() {
	_d=$1; shift
	sandbox_run "$SENDMAIL" -C "$CF" -O QueueDirectory="$TRASH/$_d" "$@"
}
# both_bp DIR - -bp of both into expect.DIR / actual.DIR (with the exit
# code) and compare them
both_bp() {
	_n=$(echo "$1" | tr / _)
	real_q "$1" -bp >"expect.$_n" 2>&1; echo "exit $?" >>"expect.$_n"
	our_q "$1" -bp >"actual.$_n" 2>&1; echo "exit $?" >>"actual.$_n"
	test_cmp "expect.$_n" "actual.$_n"
}

# smtp_session CMDS - feed CMDS (one command per line; DATA's text up to
# ".") to `sendmail -bs` of the real one on queue $2, waiting for replies
smtp_session() {
	sandbox_run python3 - "$1" "$REAL_SENDMAIL" -C "$CF" -O QueueDirectory="$TRASH/$2" -odq -bs <<'EOF'
import subprocess, sys
lines = open(sys.argv[1], 'rb').read().split(b'\n')
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def reply():
    while True:
        l = p.stdout.readline()
        sys.stdout.buffer.write(l)
        if not l or l[3:4] == b' ':
            return
reply()
data = False
for l in lines:
    if not l and not data:
        continue
    p.stdin.write(l + b'\r\n'); p.stdin.flush()
    if data and l != b'.':
        continue
    data = l == b'DATA'
    reply()
p.stdin.close(); p.wait()
EOF
}

test_expect_success 'the real sendmail writes a queue (-t, several recipients)' '
	mkdir real &&
	printf "%s\n" "Subject: hi" "To: bob@example.com, carol@example.com" \
		"Cc: \"Dave X\" <dave@other.test>, root" "" "body line" >msg &&
	printf "line2" >>msg &&
	real_q real -odq -t <msg &&
	printf "Subject: second\n\nx\n" | real_q real -odq -f "<>" postmaster@example.com &&
	ls real/qf* >list && test $(wc -l <list) = 2
'

test_expect_success 'the real sendmail writes ESMTP mail with DSN and 8BITMIME' '
	printf "%s\n" "EHLO client.example.org" \
		"MAIL FROM:<alice@mx.example.org> BODY=8BITMIME ENVID=abc+2Bdef RET=HDRS SIZE=100" \
		"RCPT TO:<bob@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Bob+40example.com" \
		"RCPT TO:<carol@example.com> NOTIFY=NEVER" "RCPT TO:<dave@example.com> NOTIFY=DELAY" \
		"DATA" "Subject: 8bit $(printf "\303\251")" "" "body" "..dot" "." "QUIT" >session &&
	smtp_session session real >transcript &&
	grep "^250 2.0.0 .* Message accepted for delivery" transcript &&
	grep -l "^B8BITMIME" real/qf* >/dev/null
'

test_expect_success 'the real sendmail queues alias expansions (C lines)' '
	printf "%s\n" "pipes: \"|/bin/true\", \"|/bin/cat\", bob@example.com, $TRASH/fileout" >al.txt &&
	sandbox_run "$REAL_SENDMAIL" -C "$CF" -O AliasFile="$TRASH/al.txt" -bi >/dev/null &&
	printf "Subject: c\n\nx\n" |
		real_q real -O AliasFile="$TRASH/al.txt" -odq pipes root &&
	grep -l "^C$" real/qf* >/dev/null
'

test_expect_success 'our mailq lists the real queue as the real mailq does' '
	both_bp real
'

test_expect_success 'our mailq reads the real queue with -O Verbose=true too' '
	real_q real -bp -O Verbose=true >expect.v 2>&1 &&
	our_q real -bp -O Verbose=true >actual.v 2>&1 &&
	test_cmp expect.v actual.v
'

test_expect_success QWRITER 'queue_commit writes a queue the real mailq lists' '
	mkdir ours &&
	"$QWRITER" write "$TRASH/ours" 4 >ids &&
	test $(wc -l <ids) = 4 &&
	real_q ours -bp >expect.ours 2>&1 &&
	grep "(4 requests)" expect.ours &&
	for id in $(cat ids); do grep "^$id " expect.ours || return 1; done
'

test_expect_success QWRITER 'both mailqs print the same lines for our queue' '
	both_bp ours
'

test_expect_success QWRITER 'our queue files: modes 0600, no tf left, df as written' '
	for f in ours/qf* ours/df*; do
		test "$(stat -c %a "$f")" = 600 || return 1
	done &&
	! ls ours/tf* 2>/dev/null &&
	id=$(head -n 1 ids) &&
	printf "hello\nworld\n" >expect.df && test_cmp expect.df ours/df$id &&
	id=$(sed -n 2p ids) &&
	printf "no final newline" >expect.df2 && test_cmp expect.df2 ours/df$id
'

test_expect_success QWRITER 'one queue with both writers: the same lines' '
	mkdir mixed && cp -p real/qf* real/df* ours/qf* ours/df* mixed/ &&
	both_bp mixed
'

test_expect_success QWRITER 'QueueSortOrder priority, time, host, filename, modification, none' '
	for o in priority time host filename modification none; do
		real_q mixed -bp -O QueueSortOrder=$o -O Verbose=true >expect.$o 2>&1 &&
		our_q mixed -bp -O QueueSortOrder=$o -O Verbose=true >actual.$o 2>&1 &&
		test_cmp expect.$o actual.$o || return 1
	done
'

test_expect_success QWRITER '-bp limits -qR -qS -qI (and -q!) as the real mailq applies them' '
	for lim in -qRbob "-q!Rbob -qSroot" -qI6 -qSALICE "-q!Iqf" -qRnobody; do
		{ real_q mixed -bp $lim >expect.lim 2>&1; echo "exit $?" >>expect.lim; } &&
		{ "$QWRITER" list "$TRASH/mixed" $lim >actual.lim 2>&1; echo "exit $?" >>actual.lim; } &&
		test_cmp expect.lim actual.lim || return 1
	done
'

test_expect_success QWRITER 'the real sendmail runs our queue file and rewrites it' '
	# -v keeps the queue run in the foreground (no child still working)
	mkdir run &&
	"$QWRITER" write "$TRASH/run" 1 >runid &&
	id=$(cat runid) &&
	{ real_q run -q -v >run.out 2>&1; echo "queue run exit $?" >>run.out; } &&
	grep "^N1$" run/qf$id && grep "^MDeferred: " run/qf$id &&
	both_bp run &&
	"$QWRITER" dump run/qf$id >dumped && test_cmp run/qf$id dumped
'

test_expect_success 'an empty queue: "<dir> is empty" and Total requests: 0' '
	mkdir empty &&
	both_bp empty &&
	grep "^$TRASH/empty is empty$" actual.empty
'

test_expect_success 'a missing queue: "can not chdir(<dir>/): ..." and exit 78' '
	both_bp nosuch &&
	grep "^exit 78$" actual.nosuch &&
	: >afile && both_bp afile
'

test_expect_success FLOCK 'a locked entry is marked with *' '
	id=$(ls real | sed -n "s/^qf//p" | head -n 1) &&
	{ flock -x "real/qf$id" sleep 30 & } &&
	pid=$! &&
	test_when_finished "pkill -P $pid 2>/dev/null; kill $pid 2>/dev/null; wait $pid 2>/dev/null; :" &&
	sleep 1 &&
	both_bp real &&
	grep "^$id\*" actual.real &&
	real_q real -bp -O QueueSortOrder=host >expect.lockhost 2>&1 &&
	our_q real -bp -O QueueSortOrder=host >actual.lockhost 2>&1 &&
	test_cmp expect.lockhost actual.lockhost
'

test_expect_success QWRITER 'qf/ df/ xf/ subdirectories, written by both' '
	mkdir -p sub/qf sub/df sub/xf &&
	printf "Subject: sub\n\nhello\n" | real_q sub -odq bob@example.com &&
	"$QWRITER" write "$TRASH/sub" 2 >subids &&
	ls sub/qf/qf* >/dev/null && ls sub/df/df* >/dev/null &&
	test -z "$(find sub -maxdepth 1 -type f)" &&
	both_bp sub &&
	grep "^		$TRASH/sub/df (3 requests)" actual.sub
'

test_expect_success 'only a qf/ subdirectory: df files stay in the queue directory' '
	mkdir -p qonly/qf &&
	printf "Subject: q\n\nhello\n" | real_q qonly -odq bob@example.com &&
	ls qonly/df* >/dev/null &&
	both_bp qonly
'

test_expect_success QWRITER 'our reader writes every real qf back byte for byte' '
	for f in real/qf* sub/qf/qf* qonly/qf/qf*; do
		test -f "$f" || continue
		"$QWRITER" dump "$f" >dumped && test_cmp "$f" dumped || return 1
	done
'

test_expect_success 'odd entries: a qf without df, an empty qf, a directory qf*' '
	mkdir odd odd/qfDIR && cp -p real/qf* real/df* odd/ &&
	printf "V8\nP5\nSsomeone\nRP:x@y\n.\n" >odd/qfNOTIME0000002 &&
	: >odd/qfEMPTY00000001 && printf x >odd/tfLEFTOVER && chmod 600 odd/* &&
	both_bp odd &&
	grep "^gatherq: $TRASH/odd/qfDIR is not a regular file$" actual.odd &&
	grep "^NOTIME0000002readqf: cannot open ./dfNOTIME0000002: " actual.odd &&
	mkdir -p oddsub/qf oddsub/df && cp -p odd/qfNOTIME0000002 oddsub/qf/ &&
	both_bp oddsub
'

test_expect_success 'mailq as the program name is -bp' '
	ln -s "$SENDMAIL" mailq &&
	sandbox_run ./mailq -C "$CF" -O QueueDirectory="$TRASH/real" >actual.mailq 2>&1 &&
	real_q real -bp >expect.mailq 2>&1 &&
	test_cmp expect.mailq actual.mailq
'

test_expect_success QWRITER,STRACE 'commit: fsync(df), fsync(tf), rename(tf, qf), fsync(dir)' '
	mkdir traced &&
	ASAN_OPTIONS=detect_leaks=0 strace -f -y -o trace \
		-e trace=fsync,fdatasync,rename,renameat,renameat2 \
		"$QWRITER" write "$TRASH/traced" 1 >tid &&
	id=$(cat tid) &&
	sed -n -e "s/^[0-9]* *//" \
		-e "s|^fsync([0-9]*<$TRASH/traced/df$id>).*|df|p" \
		-e "s|^fsync([0-9]*<$TRASH/traced/tf$id>).*|tf|p" \
		-e "s|^fsync([0-9]*<$TRASH/traced/qf$id>).*|tf|p" \
		-e "s|^rename.*tf$id\", .*qf$id\".*|rename|p" \
		-e "s|^fsync([0-9]*<$TRASH/traced>).*|dir|p" trace >order &&
	printf "%s\n" df tf rename dir >expect.order &&
	test_cmp expect.order order
'

test_done
