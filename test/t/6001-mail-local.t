#!/bin/sh
# 6001-mail-local - our mail.local on its own, in a spool under the trash
# directory (MAIL_LOCAL_SPOOL): the mbox it writes parses with Python's
# mailbox module, From lines and ">From " escaping, the mailbox mode and
# owner, refusals (unknown user, symbolic and hard links), exit codes and
# texts as sendmail 8.17's mail.local has them, the dot-lock (stale locks,
# waiting for a live one, 50 deliveries at once), and LMTP.  The full-disk
# test runs as root only, on a small tmpfs in a private mount namespace;
# the over-quota test makes write(2) fail with EDQUOT through a small
# LD_PRELOAD shim, since this kernel offers no quota-capable file system.
test_description='mail.local'
. "$(dirname "$0")/../lib/test-lib.sh"

ML=$OBJDIR/mail.local/mail.local
test -x "$ML" || test_skip_all "no $ML"
ME=$(id -un)
MAIL_LOCAL_SPOOL=$TRASH/spool
export MAIL_LOCAL_SPOOL
mkdir spool && chmod 1777 spool
test "$(id -u)" = 0 && test_set_prereq ROOT
unshare -m true 2>/dev/null && test_set_prereq MOUNTNS
python3 -c 'import mailbox' 2>/dev/null && test_set_prereq PYTHON

# mbox_check FILE N - Python reads FILE as an mbox of N messages; print
# each message's sender line and body, one block per message
cat >mbox.py <<\PY
import mailbox, sys
box = mailbox.mbox(sys.argv[1], create=False)
msgs = list(box)
if len(msgs) != int(sys.argv[2]):
    sys.exit("want %s messages, got %d" % (sys.argv[2], len(msgs)))
for m in msgs:
    print("== " + m.get_from().split(" ")[0])
    sys.stdout.write(m.get_payload())
PY
mbox_check() { python3 mbox.py "$@"; }

printf 'Subject: one\n\nFrom the start\nplain\n\nFrom after a blank\n>From quoted\nlast line\n' >msg1
printf 'Subject: two\r\nContent-Length: 9999\r\n\r\nbody two\r\n' >msg2
printf 'Subject: three\n\nno newline at the end' >msg3

test_expect_success 'usage, duplicate -f, unknown -D, users with -l' '
	echo "mail.local: usage: mail.local [-7] [-b] [-d] [-l] [-f from|-r from] [-h filename] user ..." >expect &&
	test_expect_code 69 $ML </dev/null 2>err &&
	test_cmp expect err &&
	test_expect_code 69 $ML -f a -r b $ME </dev/null 2>err &&
	{ echo "mail.local: Multiple -f options" && cat expect; } >expect2 &&
	test_cmp expect2 err &&
	test_expect_code 69 $ML -D ldap $ME </dev/null 2>err &&
	echo "mail.local: Can not open mailbox database ldap: Service unavailable" >expect &&
	test_cmp expect err &&
	test_expect_code 75 $ML -l $ME </dev/null >out &&
	printf "421 Users should not be specified in command line if LMTP required\r\n" >expect &&
	test_cmp expect out &&
	! test -e spool/$ME
'

test_expect_success 'three deliveries: From lines, Content-Length, a blank line after each' '
	$ML -f alice@example.com $ME <msg1 &&
	$ML -r bob $ME <msg2 &&
	$ML -d -f "" $ME <msg3 &&
	sed "s/^\(From [^ ]*\) [A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 1-3][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] [0-9][0-9][0-9][0-9]\$/\1 DATE/" \
		spool/$ME >got &&
	cat >expect <<-\EOF &&
	From alice@example.com DATE
	Subject: one
	Content-Length: 66

	>From the start
	plain

	>From after a blank
	>From quoted
	last line

	From bob DATE
	Subject: two
	Content-Length: 9

	body two

	From  DATE
	Subject: three
	Content-Length: 22

	no newline at the end

	EOF
	test_cmp expect got
'

# Python's mbox class splits at every "From " line and keeps the ">".
test_expect_success PYTHON 'the mailbox parses as an mbox of three messages' '
	mbox_check spool/$ME 3 >got &&
	cat >expect <<-\EOF &&
	== alice@example.com
	>From the start
	plain

	>From after a blank
	>From quoted
	last line
	== bob
	body two
	== 
	no newline at the end
	EOF
	test_cmp expect got
'

test_expect_success 'a new mailbox is mode 0600 and belongs to the user' '
	test "$(stat -c %a:%U spool/$ME)" = "600:$ME"
'

test_expect_success 'unknown user: 69 and the real text; the others still get it' '
	rm -f spool/$ME &&
	test_expect_code 69 $ML -f x no-such-user-6001 $ME <msg2 2>err &&
	echo "mail.local: no-such-user-6001: User unknown" >expect &&
	test_cmp expect err &&
	grep -c "^From x " spool/$ME >n && echo 1 >expect && test_cmp expect n
'

test_expect_success 'a symbolic link as mailbox is refused, its target untouched' '
	rm -f spool/$ME && echo keep >target &&
	ln -s "$TRASH/target" spool/$ME &&
	test_expect_code 69 $ML $ME <msg1 2>err &&
	echo "mail.local: $MAIL_LOCAL_SPOOL/$ME: irregular file" >expect &&
	test_cmp expect err &&
	echo keep >expect && test_cmp expect target &&
	rm spool/$ME
'

test_expect_success 'a mailbox with two links, or a directory, is refused' '
	: >spool/other && ln spool/other spool/$ME &&
	test_expect_code 69 $ML $ME <msg1 2>err &&
	echo "mail.local: $MAIL_LOCAL_SPOOL/$ME: too many links" >expect &&
	test_cmp expect err &&
	test ! -s spool/other &&
	rm spool/$ME spool/other && mkdir spool/$ME &&
	test_expect_code 69 $ML $ME <msg1 2>err &&
	test_cmp expect err &&
	rmdir spool/$ME
'

test_expect_success ROOT 'a mailbox owned by someone else is refused' '
	: >spool/$ME && chown 54321 spool/$ME &&
	test_expect_code 69 $ML $ME <msg1 2>err &&
	echo "mail.local: $MAIL_LOCAL_SPOOL/$ME: wrong ownership (54321)" >expect &&
	test_cmp expect err &&
	test ! -s spool/$ME && rm spool/$ME
'

test_expect_success 'a stale dot-lock (dead pid) is broken and removed' '
	sh -c "echo \$\$" >deadpid &&
	cp deadpid spool/$ME.lock &&
	$ML -f stale $ME <msg2 &&
	! test -e spool/$ME.lock &&
	grep "^From stale " spool/$ME
'

test_expect_success 'a live dot-lock is waited for' '
	rm -f spool/$ME &&
	sleep 30 & holder=$! &&
	echo $holder >spool/$ME.lock &&
	{ $ML -f waiter $ME <msg2 & } &&
	sleep 1 && ! test -e spool/$ME &&
	rm spool/$ME.lock && kill $holder &&
	wait && grep "^From waiter " spool/$ME &&
	! test -e spool/$ME.lock
'

test_expect_success PYTHON '50 deliveries at once: 50 whole messages' '
	rm -f spool/$ME &&
	awk "BEGIN { for (i = 0; i < 2000; i++) print \"line \" i \" of a long body\" }" >body &&
	i=0 && while test $i -lt 50; do
		{ printf "Subject: m%d\n\n" $i; cat body; } >in.$i &&
		{ $ML -f s$i $ME <in.$i & } && i=$((i + 1))
	done && wait &&
	mbox_check spool/$ME 50 >got &&
	grep -c "^== s" got >n && echo 50 >expect && test_cmp expect n &&
	grep -c "^line 1999 of a long body" got >n && test_cmp expect n &&
	grep -c "^line " got >n && echo 100000 >expect && test_cmp expect n &&
	ls spool >names && echo $ME >expect && test_cmp expect names
'

test_expect_success 'LMTP: the dialogue and per-recipient replies' '
	rm -f spool/$ME &&
	printf "%s\r\n" "LHLO client.example" "MAIL FROM:<a@example.com> BODY=8BITMIME" \
		"RCPT TO:<$ME@example.com>" "RCPT TO:<no-such-user-6001>" \
		"RCPT TO:<@relay.example:$ME@example.com>" "RCPT TO: <$ME>" \
		"DATA" "Subject: lmtp" "" "..dot" "From x" "." \
		"DATA" "RCPT TO:<$ME>" "MAIL FROM:<>" "MAIL FROM:<>" "DATA" \
		"RSET" "NOOP" "VRFY x" "HELO x" "LHLO again" "MAIL FROM:x" "QUIT" >in &&
	$ML -l <in >out &&
	h=$(hostname) &&
	printf "%s\r\n" "220 $h LMTP ready" "250-$h" "250-8BITMIME" \
		"250-ENHANCEDSTATUSCODES" "250 PIPELINING" "250 2.5.0 Ok" \
		"250 2.1.5 Ok" "550 5.1.1 User unknown" "250 2.1.5 Ok" \
		"501 5.5.4 Syntax error in parameters" "354 Go ahead" \
		"250 2.1.5 $ME Ok" "250 2.1.5 $ME Ok" \
		"503 5.5.1 No recipients" "503 5.5.1 Need MAIL command" \
		"250 2.5.0 Ok" "503 5.5.1 Nested MAIL command" "503 5.5.1 No recipients" \
		"250 2.0.0 Ok" "250 2.0.0 Ok" "252 2.3.3 Try RCPT to attempt delivery" \
		"500 5.5.2 Syntax error" "503 $h Duplicate LHLO" \
		"501 5.5.4 Syntax error in parameters" "221 2.0.0 Bye" >expect &&
	test_cmp expect out &&
	grep -c "^From a@example.com " spool/$ME >n && echo 2 >expect && test_cmp expect n &&
	grep -c "^\.dot\$" spool/$ME >n && test_cmp expect n &&
	grep -c "^>From x\$" spool/$ME >n && test_cmp expect n
'

test_expect_success 'LMTP: -7 drops 8BITMIME; end of input inside DATA delivers nothing' '
	rm -f spool/$ME &&
	printf "%s\r\n" "LHLO c" "MAIL FROM:<a>" "RCPT TO:<$ME>" "DATA" "partial" >in &&
	$ML -7 -l <in >out &&
	! grep 8BITMIME out &&
	tail -n 1 out | grep "^354 Go ahead" &&
	! test -e spool/$ME
'

# full_disk CMD - run CMD with a 64k tmpfs over spool/, in a private
# mount namespace, after filling it to a few kilobytes of room
cat >fulldisk.sh <<\SH
mount -t tmpfs -o size=64k,mode=1777 tmpfs "$MAIL_LOCAL_SPOOL" || exit 1
printf "Subject: first\n\nsmall\n" | "$ML" -f first "$ME" || exit 1
head -c 50000 /dev/zero >"$MAIL_LOCAL_SPOOL/filler" 2>/dev/null
cp "$MAIL_LOCAL_SPOOL/$ME" before
awk 'BEGIN { for (i = 0; i < 400; i++) print "a line of text in a big message " i }' >bigbody
{ printf "Subject: big\n\n"; cat bigbody; } >big
{ printf "%s\r\n" "LHLO c" "MAIL FROM:<a>" "RCPT TO:<$ME>" "RCPT TO:<$ME>" "DATA"
  sed "s/\$/\r/" big; printf ".\r\nQUIT\r\n"; } >lmtp.in
"$ML" -f big "$ME" <big 2>err; echo $? >rc
cp "$MAIL_LOCAL_SPOOL/$ME" after
"$ML" -b -l <lmtp.in >lmtp.out
cp "$MAIL_LOCAL_SPOOL/$ME" after2
ls "$MAIL_LOCAL_SPOOL" >names
SH

test_expect_success ROOT,MOUNTNS 'a full disk: 75, the text, the mailbox as it was' '
	ML=$ML ME=$ME unshare -m sh fulldisk.sh &&
	echo 75 >expect && test_cmp expect rc &&
	echo "mail.local: Write $MAIL_LOCAL_SPOOL/$ME: No space left on device" >expect &&
	test_cmp expect err &&
	test_cmp before after &&
	test_cmp before after2 &&
	printf "%s\r\n" "450 4.2.0 Write $MAIL_LOCAL_SPOOL/$ME: No space left on device" \
		"450 4.2.0 Write $MAIL_LOCAL_SPOOL/$ME: No space left on device" \
		"221 2.0.0 Bye" >expect &&
	tail -n 3 lmtp.out >got && test_cmp expect got &&
	printf "%s\n" filler $ME >expect && test_cmp expect names &&
	! test -e spool/filler
'

test_expect_success PYTHON 'a 3 MiB message (past the memory copy) arrives whole, plain and LMTP' '
	rm -f spool/$ME &&
	awk "BEGIN { for (i = 0; i < 40000; i++) printf \"%06d %s\\n\", i, \"x\" }" |
		sed "s/x\$/$(printf "%070d" 0)/" >hugebody &&
	test $(wc -c <hugebody) -gt 3000000 &&
	{ printf "Subject: huge\n\n"; cat hugebody; } >huge &&
	$ML -f big $ME <huge &&
	{ printf "%s\r\n" "LHLO c" "MAIL FROM:<big>" "RCPT TO:<$ME>" "DATA" &&
	  sed "s/\$/\r/" huge && printf ".\r\nQUIT\r\n"; } >huge.in &&
	$ML -l <huge.in >out &&
	grep -c "^250 2.1.5 $ME Ok" out >n && test $(cat n) = 1 &&
	{ echo "== big" && cat hugebody && echo "== big" && cat hugebody; } >expect &&
	mbox_check spool/$ME 2 >actual &&
	test_cmp expect actual
'

# The kernel gives no disk quotas here (tmpfs and loop mounts lack them),
# so an LD_PRELOAD shim makes write(2) on a regular file fail with EDQUOT
# once the file would pass $QUOTA_BYTES, as a quota does.
cat >edquot.c <<\C
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
ssize_t write(int fd, const void *p, size_t n)
{
	static ssize_t (*next)(int, const void *, size_t);
	const char *lim = getenv("QUOTA_BYTES");
	struct stat sb;

	if (next == NULL)
		next = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	if (lim != NULL && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size + (off_t)n > atoll(lim)) {
		errno = EDQUOT;
		return -1;
	}
	return next(fd, p, n);
}
C
cc -shared -fPIC -o edquot.so edquot.c -ldl 2>/dev/null && test_set_prereq SHIM

test_expect_success SHIM 'over quota: 75 and 450 4.2.0; with -b 69 and 552 5.2.2' '
	rm -f spool/$ME && $ML -f first $ME <msg2 && cp spool/$ME before &&
	size=$(wc -c <before) &&
	q() { LD_PRELOAD=$TRASH/edquot.so QUOTA_BYTES=$((size + 40)) \
		ASAN_OPTIONS=$ASAN_OPTIONS:verify_asan_link_order=0 "$ML" "$@"; } &&
	test_expect_code 75 q -f big $ME <msg1 2>err &&
	echo "mail.local: Write $MAIL_LOCAL_SPOOL/$ME: Disk quota exceeded" >expect &&
	test_cmp expect err && test_cmp before spool/$ME &&
	test_expect_code 69 q -b -f big $ME <msg1 2>err &&
	test_cmp expect err && test_cmp before spool/$ME &&
	printf "%s\r\n" "LHLO c" "MAIL FROM:<a>" "RCPT TO:<$ME>" "DATA" "Subject: q" "" \
		"a body line long enough to pass the quota" "." "QUIT" >in &&
	q -l <in >out && q -b -l <in >>out &&
	grep "^[45]" out >got &&
	printf "%s\r\n" "450 4.2.0 Write $MAIL_LOCAL_SPOOL/$ME: Disk quota exceeded" \
		"552 5.2.2 Write $MAIL_LOCAL_SPOOL/$ME: Disk quota exceeded" >expect &&
	test_cmp expect got && test_cmp before spool/$ME
'

test_done
