#!/bin/sh
# 4000-smtp-bs - the SMTP server (sendmail -bs) against the real sendmail
# 8.17, reply for reply: greeting and EHLO keywords, every verb, ESMTP
# parameters and their errors, PrivacyOptions, MaxMessageSize,
# MaxRecipientsPerMessage, the check_* rulesets of policy.mc (access db),
# pipelining and its synchronisation errors, over-long lines, bad
# commands, NUL bytes, bare CR/LF and the smuggling end-of-data variants
# (replies, df and qf), a refused DATA with its text pipelined, source
# routes (kept in replies and qf), 10,000 recipients, and the queue files
# (the real mailq lists what ours queued).
test_description='SMTP server (-bs) against sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-smtp.sh"

smtp_setup minimal policy
M=$TRASH/minimal.cf
P=$TRASH/policy.cf
P3=ORACLE,SANDBOX,BS

test_expect_success $P3 'greeting, EHLO keywords, every verb' '
	printf "%s\n" "EHLO client.example.org" HELP "HELP mail" "HELP nosuch" \
		"MAIL FROM:<a@mail.example.test> SIZE=100 BODY=8BITMIME" \
		"MAIL FROM:<x@mail.example.test>" "RCPT TO:<root>" \
		"RCPT TO:<nosuch@example.com>" "RCPT TO:<bob@mail.example.test>" \
		"RCPT TO:<c> FOO=bar" DATA "Subject: x" "" body ..dot . \
		NOOP RSET "VRFY root" "VRFY nosuch" "VRFY a@example.com" "EXPN root" \
		"ETRN foo" ETRN XYZZY "SEND foo" "TURN" "HELO bar" "EHLO baz" "" \
		"MAIL FROM:<a@mail.example.test> SIZE=99999999999999" \
		"MAIL FROM:<a@mail.example.test> RET=FOO" "MAIL FROM:a@mail.example.test" \
		RSET "RCPT TO:<x>" DATA VRFY EXPN "NOOP foo" QUIT >verbs.in &&
	smtp_diff verbs "$M"
'

test_expect_success $P3 'MAIL and RCPT syntax and ESMTP parameters' '
	printf "%s\n" HELO EHLO "HELO a\"b" "HELO a b" "MAIL FROM:<a@mail.example.test>" \
		"RCPT TO:<root>" "HELO x" "RCPT TO:<root>" "MAIL FROM:" "MAIL FROM:<>" \
		"RCPT TO:<root> NOTIFY=FOO" "RCPT TO:<root> NOTIFY=NEVER,SUCCESS" \
		"RCPT TO:<root> NOTIFY" "RCPT TO:<root> ORCPT=bad" \
		"RCPT TO:<root> ORCPT=rfc822;a+40b ORCPT=rfc822;x" \
		"RCPT TO:<a@b> ORCPT=rfc822;a+4" "RCPT TO:" "RCPT TO:<>" "RCPT TO:<a b>" \
		"RCPT TO:root" "RCPT TO: <root>" "RCPT to : <root>" \
		"RCPT TO:<root@[1.2.3.4]>" "RCPT TO:<@x:root>" "RCPT TO:<<root>>" \
		"RCPT TO:<root" RSET "MAIL FROM:<a@b> ENVID=x ENVID=y" \
		"MAIL FROM:<a@mail.example.test> ENVID=x+zz" \
		"MAIL FROM:<a@mail.example.test> BODY=FOO" "MAIL FROM:<a@mail.example.test> BODY" \
		"MAIL FROM:<a@mail.example.test> SIZE" MAIL "MAIL FROM" "MAIL TO:<x>" RSET \
		"MAIL FROM :<a@mail.example.test> RET=HDRS RET=FULL" RSET \
		"MAIL FROM:<a@mail.example.test> BY=x" RSET \
		"MAIL FROM:<a@mail.example.test> SIZE=1000 BODY=7bit ENVID=abc RET=full" \
		"RCPT TO:<root> NOTIFY=SUCCESS,FOO" \
		"RCPT TO:<root> NOTIFY=success,delay ORCPT=rfc822;root+40x" QUIT >syntax.in &&
	smtp_diff syntax "$M"
'

limits_in() {
	printf "%s\n" "VRFY root" "EXPN root" "MAIL FROM:<a@mail.example.test>" "ETRN x" \
		"HELO x" "VRFY root" "VRFY nosuch" "VRFY <daemon>" "EXPN root" "ETRN x" \
		ETRN VERB "EHLO x" "MAIL FROM:<a@mail.example.test> SIZE=2000" \
		"MAIL FROM:<a@mail.example.test> SIZE=500" "RCPT TO:<root>" \
		"RCPT TO:<root@mail.example.test>" "RCPT TO:<daemon>" "RCPT TO:<bin>" \
		DATA "Subject: big" "" "$(printf "%01000d" 0)" . QUIT
}

test_expect_success $P3 'PrivacyOptions=goaway, MaxMessageSize, MaxRecipientsPerMessage' '
	limits_in >goaway.in &&
	smtp_diff goaway "$M" -O PrivacyOptions=goaway -O MaxMessageSize=1000 \
		-O MaxRecipientsPerMessage=2
'

test_expect_success $P3 'PrivacyOptions noexpn,novrfy,noetrn,noverb,needmailhelo; BadRcptThrottle' '
	limits_in >privacy.in &&
	smtp_diff privacy "$M" -O PrivacyOptions=noexpn,novrfy,noetrn,noverb,needmailhelo \
		-O MaxMessageSize=1000 -O BadRcptThrottle=1
'

test_expect_success $P3 'PrivacyOptions needexpnhelo,needvrfyhelo,noreceipts' '
	printf "%s\n" "VRFY root" "EXPN root" "HELO x" "VRFY a@example.com" "EHLO x" QUIT \
		>needhelo.in &&
	smtp_diff needhelo "$M" -O PrivacyOptions=needexpnhelo,needvrfyhelo,noreceipts
'

test_expect_success $P3 'policy.mc: check_mail and check_rcpt through the access db' '
	printf "%s\n" "EHLO c.example.org" "MAIL FROM:<spammer@example.com>" \
		"MAIL FROM:<x@spam.example.net>" "MAIL FROM:<x@discard.example.com>" \
		"RCPT TO:<root>" "RCPT TO:<nobody@example.test>" RSET \
		"MAIL FROM:<a@example.com>" "RCPT TO:<nobody@example.test>" \
		"RCPT TO:<blocked@example.test>" "RCPT TO:<x@other.example.com>" \
		"RCPT TO:<x@relay.example.org>" "RCPT TO:<luser@example.test>" \
		"RCPT TO:<root>" "RCPT TO:<nosuchuser>" "RCPT TO:<nosuchuser@example.test>" \
		DATA "Subject: p" "" b . "MAIL FROM:<>" "RCPT TO:<root>" QUIT >policy.in &&
	smtp_diff policy "$P"
'

test_expect_success $P3 'policy.mc: DISCARD accepts and drops the message' '
	printf "%s\n" "EHLO c" "MAIL FROM:<x@discard.example.com>" "RCPT TO:<root>" DATA \
		"Subject: d" "" x . "MAIL FROM:<a@example.com>" "RCPT TO:<hater@example.test>" \
		QUIT >discard.in &&
	smtp_diff discard "$P" &&
	! ls oq | grep . && ! ls rq | grep .
'

test_expect_success $P3 'the macros check rulesets see in -bs ($s $r from MAIL on, ${client_addr} 0)' '
	cp "$M" mac.cf &&
	printf "%s\n" "Scheck_vrfy" \
		"R\$*	\$#error \$: 550 ca=\$&{client_addr} cn=\$&{client_name} cp=\$&{client_port} dn=\$&{daemon_name} df=\$&{daemon_flags} s=\$&s r=\$&r u=\$&_ f=\$&f" \
		"Scheck_expn" \
		"R\$*	\$#error \$@ 5.7.0 \$: 550 nr=\$&{nrcpts} ma=\$&{mail_addr} mh=\$&{mail_host} mm=\$&{mail_mailer} ra=\$&{rcpt_addr} at=\$&{addr_type}" \
		>>mac.cf &&
	printf "%s\n" "VRFY x" "EHLO c" "VRFY x" "MAIL FROM:<a@mail.example.test>" \
		"RCPT TO:<root>" "RCPT TO:<b@example.com>" "VRFY x" "EXPN y" QUIT >mac.in &&
	smtp_diff mac "$TRASH/mac.cf"
'

test_expect_success $P3 'RCPT and VRFY of local names: passwd and the aliases db' '
	printf "%s\n" "postmaster: root" "bob: root" "list: a@example.com, b@example.com" \
		>etc/al.txt &&
	sandbox_run "$REAL_SENDMAIL" -C "$M" -O AliasFile="$TRASH/etc/al.txt" -bi >/dev/null &&
	printf "%s\n" "EHLO c" "MAIL FROM:<a@mail.example.test>" "RCPT TO:<bob>" \
		"RCPT TO:<Bob@mail.example.test>" "RCPT TO:<list>" "RCPT TO:<carol>" \
		"RCPT TO:<postmaster>" "VRFY bob" "VRFY carol" QUIT >alias.in &&
	smtp_diff alias "$M" -O AliasFile="$TRASH/etc/al.txt"
'

test_expect_success $P3 'check_mail: a sender domain that does not resolve' '
	printf "%s\n" "EHLO x" "MAIL FROM:<a@b.example>" QUIT >nodomain.in &&
	smtp_diff nodomain "$M"
'

test_expect_success $P3 'pipelining: MAIL, RCPT, DATA in one packet after EHLO' '
	printf "%s\n" "EHLO c" \
		"RAW MAIL FROM:<a@mail.example.test>\r\nRCPT TO:<root>\r\nDATA\r\n" \
		"RAW Subject: x\r\n\r\nbody\r\n.\r\nNOOP\r\n" QUIT >pipe-ok.in &&
	smtp_diff pipe-ok "$M"
'

test_expect_success $P3 'pipelining: text sent before the 354 is a protocol error' '
	printf "%s\n" "EHLO c" \
		"RAW MAIL FROM:<a@mail.example.test>\r\nRCPT TO:<root>\r\nDATA\r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n" \
		>pipe-data.in &&
	smtp_diff pipe-data "$M" &&
	! ls oq | grep . 
'

test_expect_success $P3 'pipelining: a refused DATA (503) and its text in one write' '
	printf "%s\n" "RAW DATA\r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n" >pipe-503a.in &&
	smtp_diff pipe-503a "$M" &&
	printf "%s\n" "EHLO c" "RAW DATA\r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n" \
		>pipe-503b.in &&
	smtp_diff pipe-503b "$M" &&
	printf "%s\n" "HELO c" "MAIL FROM:<a@mail.example.test>" "RCPT TO:<nosuch>" \
		"RAW DATA\r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n" >pipe-503c.in &&
	smtp_diff pipe-503c "$M" &&
	grep "^503 5.0.0 Need RCPT (recipient)" actual.pipe-503c &&
	grep "^500 5.5.1 Command unrecognized: \"body\"" actual.pipe-503c &&
	! ls oq | grep .
'

test_expect_success $P3 'pipelining after HELO; commands before the greeting' '
	printf "%s\n" "HELO c" "RAW MAIL FROM:<a@mail.example.test>\r\nRCPT TO:<root>\r\n" \
		"RAW EHLO x\r\nNOOP\r\n" NOOP "MAIL FROM:<a@mail.example.test>" VRFY HELP QUIT \
		>pipe-helo.in &&
	smtp_diff pipe-helo "$M" &&
	printf "EHLO c\r\nMAIL FROM:<a@mail.example.test>\r\nRCPT TO:<root>\r\nDATA\r\nSubject: t\r\n\r\nx\r\n.\r\nNOOP\r\nRSET\r\nQUIT\r\n" >early.raw &&
	sandbox_run "$REAL_SENDMAIL" -C "$M" -O QueueDirectory="$TRASH/rq" -odq -bs <early.raw |
		smtp_mask >expect.early &&
	sandbox_run "$SENDMAIL" -C "$M" -O QueueDirectory="$TRASH/oq" -odq -bs <early.raw |
		smtp_mask >actual.early &&
	test_cmp expect.early actual.early
'

test_expect_success $P3 'over-long command lines, too many bad commands, NUL, bare LF and CR' '
	long=$(printf "%02041d" 0) &&
	printf "%s\n" "EHLO c" "RAW NOOP $long\r\n" "RAW NOOP ${long}1\n" \
		"RAW NOOP\nNOOP\r\n" "RAW NO\0OP\r\n" "RAW NOOP\rX\r\n" "RAW NOOP ${long}12\r\n" \
		>long.in &&
	smtp_diff long "$M" &&
	{ echo "EHLO c"; i=0; while test $i -lt 30; do echo "BOGUS$i"; i=$((i+1)); done; } >bad.in &&
	smtp_diff bad "$M"
'

# body_case N TEXT - the DATA text TEXT (python escapes) in a session
body_case() {
	printf "%s\n" "EHLO c" "MAIL FROM:<a@mail.example.test>" "RCPT TO:<root>" \
		"RAW DATA\r\n" "RAW $2" QUIT >"body$1.in"
}
# body_diff N - replies the same, and the df and qf files too
body_diff() {
	smtp_diff "body$1" "$M" &&
	for f in rq/df*; do test -f "$f" || continue; cmp "$f" oq/df* || return 1; done &&
	for f in rq/qf*; do test -f "$f" || continue
		smtp_mask <"$f" >"expect.qf$1" && cat oq/qf* | smtp_mask >"actual.qf$1" &&
		test_cmp "expect.qf$1" "actual.qf$1" || return 1
	done &&
	test "$(ls rq | wc -l)" = "$(ls oq | wc -l)"
}

n=0
for text in 'x\n.\nstill\r\n.\r\n' 'x\r.\r\nmore\r\n.\r\n' 'x\n.\r\nmore\r\n.\r\n' \
	'x\r\n.\nmore\r\n.\r\n' 'a\x00b\r\n.\r\n' 'a\rb\r\n\r\nS: h\r\n.\r\n' \
	'Subject: a\r\n  cont\r\nX-H : y\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nbody\r\n..x\r\n.\r\n' \
	'notaheader\r\nx\r\n.\r\n' '.\r\n' 'x\r\n.\r\nNOOP\r\n' \
	'Subject: 8bit \xc3\xa9\r\n\r\n\xc3\xa9t\xc3\xa9\r\n.\r\n' \
	'From: Me <me@example.org>\r\nMessage-Id: <x@y>\r\nResent-From: r@example.org\r\n\r\nb\r\n.\r\n'
do
	n=$((n + 1))
	body_case $n "$text"
	test_expect_success $P3 "message text $n: replies, df and qf as sendmail's" "body_diff $n"
done

# qf_diff NAME CF [ARGS] - smtp_diff, then the qf files of both queues
# (masked, a Received date on a line of its own too, in the order of
# their ids) compared too
qf_mask() {
	smtp_mask | sed -E "s/^	[A-Z][a-z]{2}, [0-9]+ [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [A-Z]+$/	DATE/"
}
qf_diff() {
	smtp_diff "$@" &&
	for f in rq/qf*; do qf_mask <"$f"; done >"expect.$1.qf" &&
	for f in oq/qf*; do qf_mask <"$f"; done >"actual.$1.qf" &&
	grep "^V8$" "actual.$1.qf" >/dev/null &&
	test_cmp "expect.$1.qf" "actual.$1.qf"
}
# msg_in SENDER [HEADER] - a transaction from SENDER to root
msg_in() {
	printf "%s\n" "MAIL FROM:$1" "RCPT TO:<root>" DATA ${2:+"$2"} "Subject: $1" "" body .
}

test_expect_success $P3 'the sender: $g, and $x and From for a local one; none for <>' '
	{
		echo "EHLO c" &&
		for f in "<root@localhost>" "<ROOT@LocalHost>" "<root>" "<nosuch@localhost>" \
			"<daemon@mail.example.test>" "<bin@[127.0.0.1]>" "<>" \
			"<a@mail.example.test>"; do
			msg_in "$f" || return 1
		done &&
		msg_in "<root@localhost>" "From: Some One <one@example.org>" &&
		msg_in "<>" "Full-Name: Other Name" &&
		msg_in "<daemon>" "Full-Name: Other Name" &&
		echo QUIT
	} >sender.in &&
	qf_diff sender "$M" &&
	grep "^H?F?From: root <root@mail.example.test>$" actual.sender.qf &&
	grep "^H?F?From: root <ROOT@mail.example.test>$" actual.sender.qf &&
	grep "^H?F?From: Other Name <>$" actual.sender.qf &&
	test $(grep -c "^H?x?Full-Name: " actual.sender.qf) = 8 &&
	test $(grep -c "From: " actual.sender.qf) = 10
'

test_expect_success $P3 'the qf: recipients sorted by host, local first; duplicates; r lines' '
	printf "%s\n" "EHLO c" "MAIL FROM:<a@mail.example.test>" "RCPT TO:<x@mx.example.org>" \
		"RCPT TO:<root>" "RCPT TO:<y@relay.example.net>" "RCPT TO:<z@Example.COM>" \
		"RCPT TO:<daemon@localhost>" "RCPT TO:<w@relay.example.net>" \
		"RCPT TO:<v@example.com>" "RCPT TO:<bin@mail.example.test>" \
		"RCPT TO:<u@[192.0.2.9]>" "RCPT TO:<t@relay>" "RCPT TO:<X@mx.example.org>" \
		"RCPT TO:<DAEMON>" DATA "Subject: order" "" body . QUIT >order.in &&
	qf_diff order "$M" &&
	grep "^R" actual.order.qf >actual.order.R &&
	printf "RPFD:<%s>\n" root daemon@localhost bin@mail.example.test u@[192.0.2.9] \
		z@Example.COM v@example.com x@mx.example.org X@mx.example.org \
		y@relay.example.net w@relay.example.net t@relay >expect.order.R &&
	test_cmp expect.order.R actual.order.R &&
	grep "^rRFC822; t@relay.example.net$" actual.order.qf
'

test_expect_success $P3 'source routes are kept: replies, S and R lines' '
	printf "%s\n" "EHLO c" "MAIL FROM:<@relay.example.net:a@mail.example.test>" \
		"RCPT TO:<@relay.example.net:x@mx.example.org>" "RCPT TO:<@x:root>" \
		"RCPT TO: <@x:daemon>" "RCPT TO:<@x:nosuch>" "RCPT TO:@x:bin" \
		"RCPT TO:<@a.example.net,@b.example.net:y@mx.example.org> NOTIFY=SUCCESS" \
		"RCPT TO:<@x:root@mail.example.test>" "RCPT TO:<@[1.2.3.4]:e@mx.example.org>" \
		"RCPT TO:<@x:<f@mx.example.org>>" DATA "Subject: x" "" body . \
		"MAIL FROM: <@x:a@mail.example.test>" RSET \
		"MAIL FROM:<@x,@y:b@mx.example.org>" QUIT >route.in &&
	qf_diff route "$M" &&
	grep "^250 2.1.5 <@relay.example.net:x@mx.example.org>... Recipient ok" actual.route &&
	grep "^S<@relay.example.net:a@mail.example.test>\$" actual.route.qf &&
	grep "^RPFD:<@relay.example.net:x@mx.example.org>\$" actual.route.qf &&
	grep "^rRFC822; @x:root\$" actual.route.qf
'

test_expect_success $P3 'Resent-Apparently-To and other Resent- fields do not make it resent' '
	{
		echo "EHLO c" &&
		for h in Resent-Apparently-To Resent-Errors-To Resent-Comments Resent-Reply-To \
			Resent-Sender Resent-Message-Id; do
			msg_in "<a@mail.example.test>" "$h: x@example.org" || return 1
		done &&
		echo QUIT
	} >resent.in &&
	qf_diff resent "$M" &&
	test $(grep -c "^H?F?Resent-From: " actual.resent.qf) = 3
'

test_expect_success $P3 'a message over MaxMessageSize is read to its end, then refused' '
	printf "%s\n" "EHLO c" "MAIL FROM:<a@mail.example.test>" "RCPT TO:<root>" DATA \
		"Subject: big" "" "$(printf "%02000d" 0)" "$(printf "%02000d" 0)" . NOOP QUIT \
		>big.in &&
	smtp_diff big "$M" -O MaxMessageSize=3000 &&
	! ls oq | grep .
'

test_expect_success $P3 'a header over MaxHeadersLength is refused after the text' '
	{
		printf "%s\n" "EHLO c" "MAIL FROM:<a@mail.example.test>" "RCPT TO:<root>" DATA &&
		awk "BEGIN { s = sprintf(\"%0900d\", 0); print \"Subject: \" s;
			for (i = 0; i < 20; i++) print \" \" s }" &&
		printf "%s\n" "X-A: b" "" body . NOOP QUIT
	} >hdr.in &&
	smtp_diff hdr "$M" -O MaxHeadersLength=16384 &&
	grep "^552 5.6.0 Headers too large (16384 max)" actual.hdr &&
	! ls oq | grep .
'

# timed_session BIN Q OUT ARGS - a client that stops talking in the middle
timed_session() {
	_b=$1 _q=$2 _o=$3
	shift 3
	{ sleep 1; printf "HELO x\r\n"; sleep 0.3; printf "MAIL FROM:<a@mail.example.test>\r\n";
	  sleep 0.3; printf "RCPT TO:<root>\r\n"; sleep 0.3; printf "DATA\r\n"; sleep 0.3;
	  printf "Subject: x\r\n"; sleep 4; } |
	sandbox_run "$_b" -C "$M" -O QueueDirectory="$TRASH/$_q" -odq "$@" -bs | smtp_mask >"$_o"
}

test_expect_success $P3 'Timeout.datablock and Timeout.command' '
	timed_session "$REAL_SENDMAIL" rq expect.tdata -O Timeout.datablock=2s &&
	timed_session "$SENDMAIL" oq actual.tdata -O Timeout.datablock=2s &&
	test_cmp expect.tdata actual.tdata &&
	grep "info=read timeout" actual.tdata &&
	{ sleep 1; printf "NOOP\r\n"; sleep 4; } |
		sandbox_run "$SENDMAIL" -C "$M" -O QueueDirectory="$TRASH/oq" -O Timeout.command=2s \
		-bs | smtp_mask >actual.tcmd &&
	{ sleep 1; printf "NOOP\r\n"; sleep 4; } |
		sandbox_run "$REAL_SENDMAIL" -C "$M" -O QueueDirectory="$TRASH/rq" -O Timeout.command=2s \
		-bs | smtp_mask >expect.tcmd &&
	test_cmp expect.tcmd actual.tcmd
'

test_expect_success $P3 '10,000 recipients' '
	{
		echo "EHLO c" && echo "MAIL FROM:<a@mail.example.test>" &&
		awk "BEGIN { for (i = 0; i < 10000; i++) printf \"RCPT TO:<u%d@example.com>\\n\", i }" &&
		printf "%s\n" DATA "Subject: many" "" x . QUIT
	} >many.in &&
	smtp_diff many "$M" &&
	test $(grep -c "^R" oq/qf*) = 10000
'

test_expect_success $P3 'the real mailq lists the message ours queued' '
	rm -f oq/* &&
	printf "%s\n" "EHLO c" "MAIL FROM:<a@mail.example.test>" "RCPT TO:<root>" \
		"RCPT TO:<bob@example.com>" DATA "Subject: q" "" body . QUIT >mq.in &&
	smtp_run "$SENDMAIL" oq "$M" mq.in mq.out &&
	id=$(sed -n "s/^250 2.0.0 \([^ ]*\) Message accepted.*/\1/p" mq.out.raw) &&
	test -n "$id" && test -f "oq/qf$id" && test -f "oq/df$id" &&
	sandbox_run "$REAL_SENDMAIL" -C "$M" -O QueueDirectory="$TRASH/oq" -bp >mailq.out &&
	grep "^$id " mailq.out && grep "<root>" mailq.out && grep "<bob@example.com>" mailq.out &&
	grep "Total requests: 1" mailq.out
'

test_expect_success $P3 'python smtplib sends a message through -bs on a socketpair' '
	cat >pysmtp.py <<-\PY &&
	import smtplib, socket, subprocess, sys
	a, b = socket.socketpair()
	p = subprocess.Popen(sys.argv[1:], stdin=b.fileno(), stdout=b.fileno())
	b.close()
	s = smtplib.SMTP()
	s.sock = a
	code, msg = s.getreply()
	assert code == 220, msg
	s.ehlo("client.example.org")
	assert s.has_extn("pipelining") and s.has_extn("8bitmime") and s.has_extn("dsn")
	r = s.sendmail("a@mail.example.test", ["root", "bob@example.com"],
		"Subject: smtplib\r\n\r\nhello\r\n.dot\r\n", rcpt_options=["NOTIFY=SUCCESS"])
	assert r == {}, r
	s.quit()
	p.wait()
	print("ok", p.returncode)
	PY
	rm -f oq/* &&
	sandbox_run python3 pysmtp.py "$SENDMAIL" -C "$M" -O QueueDirectory="$TRASH/oq" -odq -bs >py.out &&
	grep "^ok 0" py.out &&
	grep -l "^RPNS:<bob@example.com>" oq/qf* &&
	printf "hello\n..dot\n" >expect.df && cat oq/df* >actual.df &&
	printf "hello\n.dot\n" >expect.df && test_cmp expect.df actual.df
'

command -v swaks >/dev/null 2>&1 && test_set_prereq SWAKS
test_expect_success $P3,SWAKS 'swaks --pipe: a message with PIPELINING' '
	rm -f oq/* &&
	sandbox_run swaks --pipe "$SENDMAIL -C $M -O QueueDirectory=$TRASH/oq -odq -bs" \
		--from a@mail.example.test --to root --pipeline --body "swaks body" >swaks.out 2>&1 &&
	grep "^<-  250 2.0.0 .* Message accepted for delivery" swaks.out &&
	grep -c "swaks body" oq/df*
'

test_expect_success $P3 'input before the greeting: only HELO/EHLO followed by more is an error' '
	for raw in "QUIT" "NOOP\r\nQUIT" "MAIL FROM:<a@mail.example.test>\r\nQUIT" \
		"EHLO x\r\nQUIT"; do
		printf "$raw\r\n" >pre.raw &&
		sandbox_run "$REAL_SENDMAIL" -C "$M" -O QueueDirectory="$TRASH/rq" -odq -bs \
			<pre.raw | smtp_mask >expect.pre &&
		sandbox_run "$SENDMAIL" -C "$M" -O QueueDirectory="$TRASH/oq" -odq -bs \
			<pre.raw | smtp_mask >actual.pre &&
		test_cmp expect.pre actual.pre &&
		grep "^221 " actual.pre || return 1
	done
'

test_expect_success $P3 '8-bit commands: replies 7-bit, the qf as given; exit status after User unknown' '
	y=$(printf "\303\277") &&
	printf "%s\n" "NOOP $y" "VRFY r${y}oot" "HELO ${y}x" "EHLO a" \
		"MAIL FROM:<a$y@mail.example.test>" "RCPT TO:<r${y}oot>" \
		"RCPT TO:<root>" DATA "Subject: 8" "" x . "HELP $y" "XYZ$y" QUIT \
		>eight.in &&
	smtp_diff eight "$M" &&
	grep "<aC?@mail.example.test>... Sender ok" actual.eight &&
	grep "^exit 0" actual.eight &&
	grep -h "^S" rq/qf* >expect.eight.S && grep -h "^S" oq/qf* >actual.eight.S &&
	test_cmp expect.eight.S actual.eight.S &&
	printf "S<a%s@mail.example.test>\n" "$y" >want.S &&
	test_cmp want.S actual.eight.S
'

test_done
