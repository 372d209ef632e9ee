#!/bin/sh
# 4012-smtp-slowdown - a client that repeats VRFY/EXPN or NOOP is slowed
# down as sendmail 8.17 slows it (-bs, ours against the real one): the
# first five VRFY/EXPN (counted together) are answered at once, the 6th
# after 1 s, the 7th after 2 s; the first 19 NOOPs at once, the 20th
# after 1 s; the 3rd HELO/EHLO (counted together) after 1 s; the 8th
# ETRN after 1 s.  Each reply is timed in whole seconds, and the
# replies are compared too.  About 15 s in all: keep the counts this low.
test_description='VRFY/EXPN, NOOP, HELO/EHLO and ETRN slow-down (-bs) against sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-smtp.sh"

smtp_setup minimal
M=$TRASH/minimal.cf
P3=ORACLE,SANDBOX,BS

# timed.py CMDS CMD... - send each "|"-separated command after the
# previous reply; print "seconds-taken reply" per command
cat >timed.py <<\PY
import subprocess, sys, time
p = subprocess.Popen(sys.argv[2:], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
def reply():
    while True:
        l = p.stdout.readline().decode()
        if len(l) < 4 or l[3] != "-":
            return l.rstrip()
reply()
for c in sys.argv[1].split("|"):
    t = time.time()
    p.stdin.write((c + "\r\n").encode())
    p.stdin.flush()
    r = reply()
    print("%d %s" % (int(time.time() - t), r))
p.stdin.close()
p.wait()
PY

# timed BIN NAME CMDS - CMDS through BIN -bs into NAME.BIN (real/ours)
timed() {
	sandbox_run timeout 120 python3 timed.py "$3" "$1" -C "$M" \
		-O QueueDirectory="$TRASH/$4" -O AuthMechanisms= -odq -bs >"$2"
}

test_expect_success $P3 'the 6th VRFY/EXPN waits 1 s, the 7th 2 s; the 5th none' '
	cmds="HELO x|VRFY root|EXPN root|VRFY root|VRFY daemon|EXPN root|VRFY root|EXPN root|QUIT" &&
	timed "$REAL_SENDMAIL" vrfy.real "$cmds" rq &&
	timed "$SENDMAIL" vrfy.ours "$cmds" oq &&
	cut -d" " -f2- vrfy.real >expect && cut -d" " -f2- vrfy.ours >actual &&
	test_cmp expect actual &&
	cut -d" " -f1 vrfy.real >expect && cut -d" " -f1 vrfy.ours >actual &&
	printf "%s\n" 0 0 0 0 0 0 1 2 0 >want &&
	test_cmp want expect &&
	test_cmp want actual
'

test_expect_success $P3 'the 20th NOOP waits 1 s, the 19th none; NOOPs do not slow VRFY' '
	cmds="HELO x" &&
	for i in $(seq 1 20); do cmds="$cmds|NOOP"; done &&
	cmds="$cmds|VRFY root|QUIT" &&
	timed "$REAL_SENDMAIL" noop.real "$cmds" rq &&
	timed "$SENDMAIL" noop.ours "$cmds" oq &&
	test_cmp noop.real noop.ours &&
	sed -n "20p;21p;22p" noop.ours | cut -d" " -f1 >actual &&
	printf "%s\n" 0 1 0 >want &&
	test_cmp want actual
'

test_expect_success $P3 'HELO/EHLO (counted together): the 3rd waits 1 s, the 2nd none' '
	cmds="HELO a|EHLO b|HELO c|QUIT" &&
	timed "$REAL_SENDMAIL" helo.real "$cmds" rq &&
	timed "$SENDMAIL" helo.ours "$cmds" oq &&
	cut -d" " -f2- helo.real >expect && cut -d" " -f2- helo.ours >actual &&
	test_cmp expect actual &&
	cut -d" " -f1 helo.real >expect && cut -d" " -f1 helo.ours >actual &&
	printf "%s\n" 0 0 1 0 >want &&
	test_cmp want expect &&
	test_cmp want actual
'

# The real one's wait at the 8th ETRN varies (0 or 1 s measured: the
# ETRN queue runs ending seem to cut its sleep short), so only ours is
# timed there.
test_expect_success $P3 'the 8th ETRN waits 1 s (ours), the 7th none' '
	cmds="HELO x" &&
	for i in 1 2 3 4 5 6 7 8; do cmds="$cmds|ETRN foo"; done &&
	cmds="$cmds|QUIT" &&
	timed "$REAL_SENDMAIL" etrn.real "$cmds" rq &&
	timed "$SENDMAIL" etrn.ours "$cmds" oq &&
	cut -d" " -f2- etrn.real >expect && cut -d" " -f2- etrn.ours >actual &&
	test_cmp expect actual &&
	cut -d" " -f1 etrn.ours >actual &&
	printf "%s\n" 0 0 0 0 0 0 0 0 1 0 >want &&
	test_cmp want actual
'

test_done
