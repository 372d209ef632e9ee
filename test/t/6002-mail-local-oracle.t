#!/bin/sh
# 6002-mail-local-oracle - our mail.local against Debian's sendmail 8.17
# one, byte for byte: mailboxes (the date in the From line aside), LMTP
# transcripts, refusal texts and exit codes, a full disk.  Root only: both
# run in a private mount namespace with a tmpfs over /var/mail and a copy
# of /etc/passwd naming a test user, bind-mounted over the real one; the
# host sees none of it.  Inputs hold no "From " body lines: there we
# escape and Debian's build does not (see mail.local(8)).
test_description='mail.local differential'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/lib/oracle.sh"

ML=$OBJDIR/mail.local/mail.local
test -x "$ML" || test_skip_all "no $ML"
test "$(id -u)" = 0 || test_skip_all 'needs root (a user and /var/mail in a mount namespace)'
unshare -m true 2>/dev/null || test_skip_all 'no mount namespaces'
oracle_setup || test_skip_all 'the real mail.local is not available'
unset MAIL_LOCAL_SPOOL

U=mltest6002
cp /etc/passwd passwd && echo "$U:x:46002:46002::$TRASH/home:/bin/sh" >>passwd &&
cp /etc/group group && echo "$U:x:46002:" >>group || exit 1

# in_ns SIZE SCRIPT - run sh SCRIPT with a SIZE tmpfs over /var/mail and
# the test user known; $REAL and $OURS name the two programs
in_ns() {
	REAL=$REAL_MAIL_LOCAL OURS=$ML U=$U unshare -m sh -c '
		mount -t tmpfs -o size=$0,mode=1777 tmpfs /var/mail &&
		mount --bind passwd /etc/passwd && mount --bind group /etc/group &&
		exec sh "$1"' "$1" "$2"
}
undate() {
	sed "s/^\(From [^ ]*\) [A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 1-3][0-9] [0-9:]\{8\} [0-9]\{4\}\$/\1 DATE/" "$@"
}

mkdir in
printf 'Subject: plain\nTo: x@y\n\nbody\nmore\n' >in/plain
printf 'From someone Mon\nSubject: from first\n\nbody\n' >in/fromline
printf 'Subject: crlf\r\nContent-Length: 999\r\n\r\nbody\r\n' >in/crlf
printf 'just a header line\n' >in/nobody
printf 'A: b\n\n' >in/empty
printf 'Subject: dots\n\n.\n..\n. x\n' >in/dots
printf 'Subject: fold\nContent-Length: 5\n  continued\nX: y\n\n>From quoted\n' >in/cl
printf 'content-length: 7\nCONTENT-LENGTH:8\nContent-Lengthy: 9\n\nbody\n' >in/case

cat >mbox.sh <<\SH
for f in in/*; do
	for p in REAL OURS; do
		eval prog=\$$p
		"$prog" -f sender@example.com "$U" <"$f"; echo "rc=$?" >>"out.$p"
		cat "/var/mail/$U" >>"out.$p"; rm "/var/mail/$U"
		printf 'x\n' | "$prog" -r '' "$U"; cat "/var/mail/$U" >>"out.$p"
		ls -ln /var/mail | awk 'NR > 1 { print $1, $3, $4, $5 }' >>"out.$p"
		rm "/var/mail/$U"
	done
done
SH

test_expect_success 'mailboxes: the same bytes, mode and owner' '
	in_ns 1m mbox.sh &&
	undate out.REAL >real && undate out.OURS >ours &&
	test_cmp real ours &&
	grep "^  continued\$" ours
'

printf '%s\r\n' "LHLO client" "MAIL FROM:<a@b>" "RCPT TO:<$U>" "RCPT TO:<nosuch@x.y>" \
	"RCPT TO:<$U@example.com>" "RCPT TO:<@a,@b:$U@c>" "RCPT TO:<\"$U\"@x>" \
	"DATA" "Subject: l" "" "body" "..dot" "." "RSET" "NOOP" "VRFY x" "FOO" \
	"DATA" "RCPT TO:<x>" "MAIL FROM:<>" "MAIL FROM:<>" "DATA" "RCPT TO:<nosuch>" \
	"DATA" "LHLO x" "HELO x" "MAIL FROM:<a> SIZE=10" "MAIL" "RCPT" \
	"rset" "mail from:a" "mail from: <a>" "mail from:<a> BODY=8BITMIME" \
	"rcpt to:$U" "rcpt to:<$U> NOTIFY=NEVER" "rcpt to:<$(echo $U | tr a-z A-Z)>" \
	"data" "line1" "line2" "." "QUIT" >lmtp.in
cat >lmtp.sh <<\SH
for p in REAL OURS; do
	eval prog=\$$p
	"$prog" -l <lmtp.in >"lmtp.$p"; echo "rc=$?" >>"lmtp.$p"
	"$prog" -7 -l <lmtp.in >>"lmtp.$p"; echo "rc=$?" >>"lmtp.$p"
	"$prog" -l "$U" </dev/null >>"lmtp.$p"; echo "rc=$?" >>"lmtp.$p"
	cat "/var/mail/$U" >>"lmtp.$p"; rm "/var/mail/$U"
done
SH

test_expect_success 'LMTP: the same transcript and mailbox' '
	in_ns 1m lmtp.sh &&
	undate lmtp.REAL >real && undate lmtp.OURS >ours &&
	test_cmp real ours &&
	grep "Duplicate LHLO" ours
'

cat >refuse.sh <<\SH
for p in REAL OURS; do
	eval prog=\$$p
	exec >"refuse.$p" 2>&1
	echo x | "$prog" nosuch-6002; echo "rc=$?"
	echo x | "$prog" -f a "$U" nosuch-6002; echo "rc=$?"
	rm "/var/mail/$U"
	ln -s /nonexistent "/var/mail/$U"; echo x | "$prog" "$U"; echo "rc=$?"; rm "/var/mail/$U"
	: >/var/mail/other; ln /var/mail/other "/var/mail/$U"
	echo x | "$prog" "$U"; echo "rc=$?"; rm "/var/mail/$U" /var/mail/other
	mkdir "/var/mail/$U"; echo x | "$prog" "$U"; echo "rc=$?"; rmdir "/var/mail/$U"
	: >"/var/mail/$U"; echo x | "$prog" "$U"; echo "rc=$?"; rm "/var/mail/$U"
	mkfifo "/var/mail/$U"; echo x | "$prog" "$U"; echo "rc=$?"; rm "/var/mail/$U"
	"$prog" </dev/null; echo "rc=$?"
	"$prog" -f a -f b "$U" </dev/null; echo "rc=$?"
	"$prog" -D nodb "$U" </dev/null; echo "rc=$?"
	ls /var/mail
done
SH

test_expect_success 'refusals: the same texts and exit codes' '
	in_ns 1m refuse.sh &&
	test_cmp refuse.REAL refuse.OURS &&
	grep "irregular file" refuse.OURS &&
	grep "too many links" refuse.OURS &&
	grep "wrong ownership (0)" refuse.OURS
'

cat >home.sh <<\SH
for p in REAL OURS; do
	eval prog=\$$p
	exec >"home.$p" 2>&1
	printf 'Subject: home\n\nbody\n' | "$prog" -f a -h box "$U"; echo "rc=$?"
	cat home/box; ls -ln home | awk 'NR > 1 { print $1, $3, $4, $5, $9 }'
	rm home/box; ls /var/mail
done
SH

test_expect_success '-h: the mailbox in the home directory' '
	mkdir home && chown 46002:46002 home &&
	in_ns 1m home.sh &&
	undate home.REAL >real && undate home.OURS >ours &&
	test_cmp real ours &&
	grep "^-rw------- 46002 46002 .* box\$" ours
'

cat >full.sh <<\SH
awk 'BEGIN { for (i = 0; i < 600; i++) print "a line of text in a big message " i }' >body
{ printf "%s\r\n" "LHLO c" "MAIL FROM:<a>" "RCPT TO:<$U>" "RCPT TO:<$U>" "DATA" "Subject: big" ""
  sed "s/\$/\r/" body; printf ".\r\nQUIT\r\n"; } >full.in
for p in REAL OURS; do
	eval prog=\$$p
	exec >"full.$p" 2>&1
	printf "Subject: small\n\nsmall\n" | "$prog" -f a "$U"
	head -c 40000 /dev/zero >/var/mail/filler 2>/dev/null
	cp "/var/mail/$U" "before.$p"
	{ printf "Subject: big\n\n"; cat body; } | "$prog" -f a "$U"; echo "rc=$?"
	cmp "before.$p" "/var/mail/$U" && echo unchanged
	"$prog" -l <full.in; echo "rc=$?"
	"$prog" -b -l <full.in; echo "rc=$?"
	cmp "before.$p" "/var/mail/$U" && echo unchanged
	rm /var/mail/*
done
SH

test_expect_success 'a full disk: the same replies, the mailbox unchanged' '
	in_ns 48k full.sh &&
	test_cmp full.REAL full.OURS &&
	grep "^450 4.2.0 Write /var/mail/$U: No space left on device" full.OURS &&
	grep -c unchanged full.OURS >n && echo 2 >expect && test_cmp expect n
'

test_done
