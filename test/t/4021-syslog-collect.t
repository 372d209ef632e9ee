#!/bin/sh
# 4021-syslog-collect - what the SMTP server logs and answers while it
# reads a message, against the real sendmail 8.17, line for line (masked
# as in 4020): a bare LF or bare CR in the header or the body (the
# reading stops there: "collect: ... info=Bare linefeed (LF) not
# allowed, where=body, status=tempfail", from= with the bytes stored
# before it), a DATA timeout (Timeout.datablock: "SYSERR(root): collect:
# ... info=read timeout", exit 70 for -bs), a header over
# MaxHeadersLength ("headers too large (N max) from HOST during message
# collect", a to= line per recipient, the msgid of the completed
# header), a message over MaxMessageSize, a connection lost inside the
# text (no msgid, the body type kept); -bs at LogLevel 9 and 1, the
# daemon at 14 (the real one's SASL, STARTTLS, AUTH and milter lines,
# which we do not have, left out of both).  Then the VRFY/EXPN count:
# each VRFY answered 250/252 and each member an EXPN meets counts as a
# recipient of the session's next transaction (from= nrcpts=, the qf's
# P line), until RSET, HELO or that transaction's end; and the free
# space: one statfs per -bs session (strace), at its first MAIL.
test_description='syslog lines while a message is read, VRFY counts, free space checks'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-smtp.sh"

smtp_setup maps
. "$SRCDIR/test/t/lib-syslog.sh"
X=$TRASH/maps.cf
P4=ORACLE,SANDBOX,BS,SYSLOG
command -v strace >/dev/null 2>&1 && test_set_prereq STRACE
# the real one's lines about what we do not have (SASL, STARTTLS, AUTH,
# milters) and its command line, at LogLevel 11 and up
HIGH='safesasl|engine=|STARTTLS:|AUTH: available|Milter: no active|started as:'

# text NAME RAW...: a -bs dialogue whose DATA text is sent as RAW lines
text() {
	_n=$1
	shift
	printf "%s\n" "EHLO client.example.org" "MAIL FROM:<a@example.com> BODY=8BITMIME" \
		"RCPT TO:<root>" "RCPT TO:<daemon>" "RAW DATA\\r\\n" "$@" QUIT >$_n.in
}

test_expect_success $P4 'bare LF and bare CR: the reading stops there, logged as sendmail' '
	text hlf "RAW Subject: x\\nFoo: y\\r\\n\\r\\nbody\\r\\n.\\r\\n" &&
	text hcr "RAW Subject: x\\rFoo: y\\r\\n\\r\\nbody\\r\\n.\\r\\n" &&
	text blf "RAW Subject: x\\r\\nMessage-Id: <a@b>\\r\\n\\r\\nbody\\r\\n.abc\\n.\\r\\n" &&
	text bcr "RAW Subject: x\\r\\n\\r\\nbody\\r\\r\\n.\\r\\n" &&
	for n in hlf hcr blf bcr; do
		bs_diff $n "$X" -O LogLevel=9 || return 1
	done &&
	grep "^<21>ID1: collect: relay=localhost, from=<a@example.com>, info=Bare linefeed (LF) not allowed, where=header, status=tempfail\$" hlf.ours.log &&
	grep "^<22>ID1: from=<a@example.com>, size=10, class=0, nrcpts=2, bodytype=8BITMIME, proto=ESMTP, relay=root@localhost\$" hlf.ours.log &&
	grep "info=Bare carriage return (CR) not allowed, where=header" hcr.ours.log &&
	grep "where=body, status=tempfail\$" blf.ours.log &&
	grep "from=<a@example.com>, size=38, class=0, nrcpts=2, bodytype" blf.ours.log &&
	grep "^421 4.5.0 Bare linefeed (LF) not allowed" blf.ours.out &&
	! grep "^2[25]0 2.0.0" blf.ours.out &&
	grep "^421 4.5.0 Bare carriage return (CR) not allowed" bcr.ours.out &&
	cp blf.in blf1.in &&
	bs_diff blf1 "$X" -O LogLevel=1 &&
	test $(wc -l <blf1.ours.log) = 1
'

test_expect_success $P4 'a DATA timeout: SYSERR line, from= without msgid, exit 70' '
	text tmo "RAW Subject: x\\r\\nMessage-Id: <a@b>\\r\\n\\r\\nbody\\r\\n" "RAW " "RAW " &&
	bs_diff tmo "$X" -O LogLevel=9 -O Timeout.datablock=2s &&
	grep "^<18>ID1: SYSERR(root): collect: relay=localhost, from=<a@example.com>, info=read timeout\$" tmo.ours.log &&
	grep "^<22>ID1: from=<a@example.com>, size=35, class=0, nrcpts=2, bodytype=8BITMIME, proto=ESMTP, relay=root@localhost\$" tmo.ours.log &&
	grep "^421 4.4.1 collect: relay=localhost, from=<a@example.com>, info=read timeout" tmo.ours.out &&
	grep "^exit 70" tmo.real.out && grep "^exit 70" tmo.ours.out
'

test_expect_success $P4 'headers too large, message too big, lost in the text (LogLevel 9)' '
	long=$(printf "%017000d" 0) &&
	big=$(printf "%030000d" 0) &&
	printf "%s\n" "EHLO client.example.org" "MAIL FROM:<a@example.com>" "RCPT TO:<root>" \
		"RCPT TO:<daemon>" DATA "Subject: x" "X-Long: $long" "Message-Id: <a@b>" "" body . \
		"MAIL FROM:<b@example.com>" "RCPT TO:<root>" DATA "Message-Id: <c@d>" \
		"X-Long: $long" "X-After: y" "" body . \
		"MAIL FROM:<c@example.com>" "RCPT TO:<root>" DATA "Message-Id: <e@f>" "" "$big" . \
		"MAIL FROM:<d@example.com> BODY=8BITMIME" "RCPT TO:<root>" "RAW DATA\\r\\n" \
		"RAW Subject: x\\r\\nMessage-Id: <g@h>\\r\\n\\r\\nhalf\\r\\n" >hdr.in &&
	bs_diff hdr "$X" -O LogLevel=9 -O MaxHeadersLength=16384 -O MaxMessageSize=20000 &&
	grep -c "^552 5.6.0 Headers too large (16384 max)" hdr.ours.out >n && test $(cat n) = 2 &&
	grep "^<21>ID1: headers too large (16384 max) from localhost during message collect\$" hdr.ours.log &&
	grep "^<22>ID1: from=<a@example.com>, size=17044, class=0, nrcpts=2, msgid=<STAMP.ID1@mail.example.test>," hdr.ours.log &&
	grep "^<22>ID1: to=<daemon>, delay=D, pri=77044, stat=Headers too large (16384 max)\$" hdr.ours.log &&
	grep "^<22>ID2: from=<b@example.com>, size=17044, class=0, nrcpts=1, msgid=<c@d>," hdr.ours.log &&
	grep "^<21>ID3: message size (30020) exceeds maximum (20000)\$" hdr.ours.log &&
	grep "^<21>ID4: collect: relay=localhost, from=<d@example.com>, info=unexpected close\$" hdr.ours.log &&
	grep "^<22>ID4: from=<d@example.com>, size=35, class=0, nrcpts=1, bodytype=8BITMIME, proto=ESMTP, relay=root@localhost\$" hdr.ours.log
'

test_expect_success $P4 'the daemon at LogLevel 14: timeout, bare LF, headers, size, lost channel' '
	printf "%s\n" "EHLO x" "MAIL FROM:<a@example.com>" "RCPT TO:<root>" "RAW DATA\\r\\n" >h &&
	{ cat h && printf "%s\n" "RAW Subject: x\\r\\nMessage-Id: <a@b>\\r\\n\\r\\nbody\\r\\n" \
		"SLEEP 3" QUIT; } >d1.in &&
	{ cat h && printf "%s\n" "RAW Subject: x\\r\\n\\r\\nbo\\ndy\\r\\n.\\r\\n" QUIT; } >d2.in &&
	{ cat h && printf "%s\n" "RAW Subject: x\\r\\nX-Long: $(printf "%017000d" 0)\\r\\n\\r\\nbody\\r\\n.\\r\\n" \
		"MAIL FROM:<b@example.com>" "RCPT TO:<root>" DATA "Subject: y" "" \
		"$(printf "%030000d" 0)" . QUIT; } >d3.in &&
	{ cat h && printf "%s\n" "RAW Subject: x\\r\\nMessage-Id: <a@b>\\r\\n\\r\\nbody\\r\\n" EOF; } >d4.in &&
	DOPTS="-O LogLevel=14 -O Timeout.datablock=2s -O MaxHeadersLength=16384 -O MaxMessageSize=20000" &&
	SYSLOG_DROP=$HIGH &&
	export DOPTS SYSLOG_DROP &&
	daemon_diff d "$X" d1.in d2.in d3.in d4.in &&
	grep "^<18>ID1: SYSERR(root): collect: relay=localhost, from=<a@example.com>, info=read timeout\$" d.ours.log &&
	grep "^<21>ID2: collect: relay=localhost, from=<a@example.com>, info=Bare linefeed (LF) not allowed, where=body, status=tempfail\$" d.ours.log &&
	grep "^<21>ID3: headers too large (16384 max) from localhost during message collect\$" d.ours.log &&
	grep "^<21>ID4: message size (30013) exceeds maximum (20000)\$" d.ours.log &&
	grep "^<21>ID5: collect: relay=localhost, from=<a@example.com>, info=unexpected close\$" d.ours.log &&
	grep -c "NOQUEUE: connect from localhost \[127.0.0.1\]" d.ours.log >n && test $(cat n) = 4 &&
	grep "^421 4.4.1 collect: relay=localhost, from=<a@example.com>, info=read timeout" d.ours.out
'

test_expect_success $P4 'VRFY and EXPN count as recipients of the next transaction' '
	printf "%s\n" "single: root" "list: a@example.com, b@example.com, daemon" \
		"unknown: root, nosuchuser, a@example.com" >etc/al.txt &&
	sandbox_run "$REAL_SENDMAIL" -C "$X" -O AliasFile="$TRASH/etc/al.txt" -bi >/dev/null &&
	T="MAIL FROM:<a@example.com>" R="RCPT TO:<root>" &&
	printf "%s\n" "HELO x" "VRFY root" "VRFY nosuchuser" "EXPN root" "$T" "$R" DATA "" 1 . \
		"$T" "VRFY root" "$R" "VRFY <a@elsewhere.example.net>" DATA "" 2 . \
		"VRFY root" RSET "$T" "$R" DATA "" 3 . QUIT >vrfy1.in &&
	printf "%s\n" "HELO x" "EXPN list" "EXPN unknown" "VRFY single" "$T" "$R" DATA "" 4 . \
		"VRFY root" "HELO y" "$T" "$R" DATA "" 5 . \
		"$T" "$R" "VRFY root" RSET "$T" "$R" DATA "" 6 . QUIT >vrfy2.in &&
	for t in real ours; do
		b=$REAL_SENDMAIL && test $t = real || b=$SENDMAIL
		for n in vrfy1 vrfy2; do
			bs_log "$b" $t $n "$X" -O LogLevel=5 -O AliasFile="$TRASH/etc/al.txt" &&
			cat q.$t/qf* | grep "^P" >>vrfy.$t.p || return 1
		done
		cat vrfy1.$t.log vrfy2.$t.log >vrfy.$t.log &&
		sort -o vrfy.$t.p vrfy.$t.p || return 1
	done &&
	test_cmp vrfy.real.log vrfy.ours.log &&
	test_cmp vrfy.real.p vrfy.ours.p &&
	grep -o "nrcpts=[0-9]*" vrfy.ours.log | tr "\n" " " >n &&
	test "$(cat n)" = "nrcpts=3 nrcpts=3 nrcpts=1 nrcpts=6 nrcpts=1 nrcpts=2 nrcpts=1 " &&
	printf "%s\n" P180003 P30003 P30003 P30003 P90003 P90003 >want &&
	test_cmp want vrfy.ours.p
'

test_expect_success $P4,STRACE 'free space: one statfs per -bs session, at its first MAIL' '
	printf "%s\n" "EHLO x" "MAIL FROM:<a@example.com>" "RCPT TO:<root>" DATA "" 1 . \
		"MAIL FROM:<b@example.com> SIZE=100" RSET "MAIL FROM:<c@example.com>" QUIT >df.in &&
	for t in real ours; do
		b=$REAL_SENDMAIL && test $t = real || b=$SENDMAIL
		mkdir -p q.$t && rm -f q.$t/* &&
		sandbox_run strace -f -o df.$t.st -e trace=statfs,statfs64 \
			python3 "$SMTP_DRIVER" df.in "$b" -C "$X" -O QueueDirectory="$TRASH/q.$t" \
			-O StatusFile="$TRASH/etc/statistics" -O AuthMechanisms= -odq \
			-O MinFreeBlocks=100 -bs >df.$t.out 2>df.$t.err &&
		grep -c "statfs" df.$t.st >df.$t.n || return 1
	done &&
	test "$(cat df.real.n)" = 1 &&
	test "$(cat df.ours.n)" = 1 &&
	grep -c "^250 2.1.0" df.ours.out >n && test $(cat n) = 3
'

test_done
