#!/bin/sh
# 4011-smtp-etrn - ETRN against the real sendmail 8.17 in -bs mode: the
# replies of its forms (node, @domain, #queuegroup), and the queue run
# it starts in the background: only the messages for that node are
# tried (their qf N line goes from 0 to 1), "@domain" takes every
# recipient holding the domain, as the real one does; the same through
# our daemon (-bD on a free port of 127.0.0.1).  Also what the
# check rulesets see of the session: $i from the greeting on (a new id
# at RSET and after a message, kept by a refused MAIL and a plain EHLO)
# and ${deliveryMode}.
test_description='ETRN (-bs) against sendmail 8.17: replies and queue runs'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-smtp.sh"

smtp_setup minimal
M=$TRASH/minimal.cf
P3=ORACLE,SANDBOX,BS
RCPTS="u@example.com u@sub.example.com u@example.community example.com@other.org u@EXAMPLE.COM u@example.org"

# queue_msgs BIN Q - one message per $RCPTS recipient into queue Q
queue_msgs() {
	{
		echo "EHLO c"
		for _r in $RCPTS; do
			printf '%s\n' "MAIL FROM:<a@mail.example.test>" "RCPT TO:<$_r>" DATA \
				"Subject: $_r" "" x .
		done
		echo QUIT
	} >queue.in &&
	smtp_run "$1" "$2" "$M" queue.in "queue.$2.out" &&
	test $(ls "$2" | grep -c "^qf") = 6
}

# tried Q - "N R" of every qf of Q, sorted (N: delivery attempts)
tried() {
	for _f in "$1"/qf*; do
		printf '%s %s\n' "$(sed -n 's/^N//p' "$_f")" "$(sed -n 's/^R[A-Z]*://p' "$_f")"
	done | sort -k2
}

# wait_tried Q N - until N messages of Q were tried (30 s at most)
wait_tried() {
	_n=0
	while test $_n -lt 60; do
		test "$(tried "$1" | grep -c "^1 ")" -ge "$2" && return 0
		sleep 0.5
		_n=$((_n + 1))
	done
	return 1
}

# etrn_diff NAME ARG TRIED - queue, ETRN ARG, wait for TRIED attempts,
# in both queues; compare the replies and which messages were tried
etrn_diff() {
	rm -f rq/* oq/* &&
	queue_msgs "$REAL_SENDMAIL" rq && queue_msgs "$SENDMAIL" oq &&
	printf '%s\n' "EHLO c" "ETRN $2" QUIT >"$1.in" &&
	smtp_run "$REAL_SENDMAIL" rq "$M" "$1.in" "expect.$1" &&
	smtp_run "$SENDMAIL" oq "$M" "$1.in" "actual.$1" &&
	test_cmp "expect.$1" "actual.$1" &&
	wait_tried rq "$3" && wait_tried oq "$3" &&
	sleep 1 &&
	tried rq >"expect.$1.tried" && tried oq >"actual.$1.tried" &&
	test_cmp "expect.$1.tried" "actual.$1.tried"
}

test_expect_success $P3 'ETRN replies: node, @domain, #queuegroup, errors' '
	printf "%s\n" "ETRN" "EHLO c" "ETRN #mqueue" "ETRN #nosuch" "ETRN #" "ETRN @" \
		"ETRN a b" "ETRN [127.0.0.1]" QUIT >forms.in &&
	smtp_diff forms "$M"
'

test_expect_success $P3 'ETRN node: a queue run for the recipients at @node' '
	etrn_diff node example.com 3 &&
	grep "^0 <u@example.org>" actual.node.tried &&
	grep "^1 <u@example.com>" actual.node.tried
'

test_expect_success $P3 'ETRN @domain: every recipient holding the domain' '
	etrn_diff domain @example.com 5 &&
	grep "^1 <u@sub.example.com>" actual.domain.tried &&
	grep "^0 <u@example.org>" actual.domain.tried
'

test_expect_success $P3 'ETRN #mqueue: the whole queue' '
	etrn_diff group "#mqueue" 6
'

test_expect_success $P3 'ETRN to our daemon (-bD): the run happens, the session goes on' '
	rm -f oq/* &&
	queue_msgs "$SENDMAIL" oq &&
	port=$(free_port) &&
	test -n "$port" &&
	{ "$SENDMAIL" -bD -C "$M" -O QueueDirectory="$TRASH/oq" -O PidFile="$TRASH/d.pid" \
		-O DaemonPortOptions=Port=$port,Addr=127.0.0.1,Name=TST -O LogLevel=0 \
		>d.err 2>&1 </dev/null & } &&
	dpid=$! &&
	test_when_finished "kill $dpid; wait $dpid" &&
	for i in $(seq 1 200); do test -s d.pid && break; sleep 0.05; done &&
	test -s d.pid &&
	python3 - "$port" >d.out <<-\EOF &&
	import smtplib, sys
	s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=30)
	s.ehlo("client.example.org")
	print(s.docmd("ETRN", "example.com"))
	print(s.noop())
	s.quit()
	EOF
	grep "250, b.2.0.0 Queuing for node example.com started" d.out &&
	grep "250, b.2.0.0 OK" d.out &&
	wait_tried oq 3 && sleep 1 &&
	tried oq >actual.daemon &&
	grep "^0 <u@example.org>" actual.daemon &&
	grep "^0 <u@sub.example.com>" actual.daemon &&
	test $(grep -c "^1 " actual.daemon) = 3
'

# number_ids - each distinct queue id becomes ID1, ID2 ... in order
number_ids() {
	perl -pe 's/\b([0-9A-Za-x]{8}[0-9]{6,})\b/$n{$1} ||= "ID" . ++$c/ge'
}

test_expect_success $P3 'check_etrn and friends see $i (new at RSET and after a message) and ${deliveryMode}' '
	sed -e "/^Scheck_mail/a\\
R\$* probe \$*	\$#error \$: 550 mail i=\$&i dm=\$&{deliveryMode}" "$M" >mac.cf &&
	printf "%s\n" "Scheck_etrn" "R\$*	\$#error \$: 550 etrn i=\$&i dm=\$&{deliveryMode}" >>mac.cf &&
	printf "%s\n" "ETRN x" RSET "ETRN x" "EHLO c" "ETRN x" \
		"MAIL FROM:<probe@mail.example.test>" "ETRN x" \
		"MAIL FROM:<a@mail.example.test>" "ETRN x" "EHLO d" "ETRN x" \
		"MAIL FROM:<a@mail.example.test>" "RCPT TO:<root>" DATA "Subject: i" "" x . \
		"ETRN x" QUIT >ids.in &&
	rm -f rq/* oq/* &&
	smtp_run "$REAL_SENDMAIL" rq "$TRASH/mac.cf" ids.in ids.r &&
	smtp_run "$SENDMAIL" oq "$TRASH/mac.cf" ids.in ids.o &&
	number_ids <ids.r.raw | smtp_mask >expect.ids &&
	number_ids <ids.o.raw | smtp_mask >actual.ids &&
	test_cmp expect.ids actual.ids &&
	grep "250 2.0.0 ID3 Message accepted" actual.ids &&
	grep "etrn i= ID4 dm= q" actual.ids &&
	printf "%s\n" "ETRN x" QUIT >dm.in &&
	for dm in i b; do
		smtp_run "$REAL_SENDMAIL" rq "$TRASH/mac.cf" dm.in expect.dm.$dm -od$dm &&
		smtp_run "$SENDMAIL" oq "$TRASH/mac.cf" dm.in actual.dm.$dm -od$dm &&
		test_cmp expect.dm.$dm actual.dm.$dm &&
		grep "i= QUEUEID dm= $dm" actual.dm.$dm || return 1
	done
'

test_done
