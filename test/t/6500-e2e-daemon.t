#!/bin/sh
# 6500-e2e-daemon - receive, queue, deliver, end to end: the daemon
# (sendmail -bD on a free port of 127.0.0.1) runs with a cf made from
# one .mc (OSTYPE linux, access_db, the local and smtp mailers, the
# local mailer pointed at our mail.local) by our cf/ m4 tree, then by
# Debian's sendmail-cf tree; real clients send to it -- swaks, Python's
# smtplib and postfix's smtp-source (5 sessions, 50 messages) -- and the
# mail is delivered in the background (also while the client keeps its
# session open after DATA) to the test runner's mbox (parsed
# with Python's mailbox: message count, envelope sender, headers, body
# byte for byte with a leading "From " escaped, an 8-bit body, a long
# message with dot-stuffed lines), to a program and a file through
# aliases (aliases.db made by our newaliases), through :include: and a
# .forward (ForwardPath into the trash directory).  The mbox our daemon
# writes for a set of messages with assorted address headers equals the
# one the real sendmail 8.17 writes with the same cf (ids and dates
# masked).  Everything runs in the namespaces of test/lib/netns.sh: no
# traffic leaves lo, the host name is mail.example.test, and the syslog
# lines are read back.
test_description='end to end through the daemon: clients in, mboxes out'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/lib/oracle.sh"
. "$SRCDIR/test/lib/netns.sh"
. "$SRCDIR/test/lib/postfix.sh"

oracle_setup ||
	test_skip_all "the real sendmail 8.17 could not be fetched (its cf tree is needed)"
ML=$OBJDIR/mail.local/mail.local
test -x "$ML" || test_skip_all "no $ML"
python3 -c 'import mailbox, smtplib' 2>/dev/null || test_skip_all "no python3 mailbox/smtplib"
netns_setup || test_skip_all "needs root, unshare -m -n -u and nsenter (namespaces)"
command -v swaks >/dev/null 2>&1 && test_set_prereq SWAKS
postfix_setup || say_diag "postfix's smtp-source could not be fetched; its test is skipped"
ME=$(id -un)

mkdir etc out fwd && chmod 1777 out && chmod 755 fwd || exit 1
cp "$SRCDIR/test/data/mc/service.switch" etc/ &&
sed 's/^127\.0\.0\.1.*/127.0.0.1	localhost localhost.localdomain/' \
	"$SRCDIR/test/data/mc/hosts" >etc/hosts &&
printf '192.0.2.30\texample.org\n192.0.2.31\texample.net\n' >>etc/hosts &&
printf 'localhost\nmail.example.test\n' >etc/local-host-names &&
: >etc/statistics && : >etc/access || exit 1

# e2e.mc: every path in the trash directory, local mail through mail.local
cat >e2e.mc.in <<\EOF
divert(-1)
# e2e.mc - the end-to-end test's MTA: local and smtp mailers, access_db,
# local delivery by our mail.local.
divert(0)dnl
define(`confCF_VERSION', `e2e')dnl
define(`MAIL_SETTINGS_DIR', `@TRASH@/etc/')dnl
define(`QUEUE_DIR', `@TRASH@/mqueue')dnl
define(`STATUS_FILE', `@TRASH@/etc/statistics')dnl
define(`confPID_FILE', `@TRASH@/sendmail.pid')dnl
define(`confSERVICE_SWITCH_FILE', `@TRASH@/etc/service.switch')dnl
define(`confHOSTS_FILE', `@TRASH@/etc/hosts')dnl
define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit')dnl
define(`ALIAS_FILE', `@TRASH@/etc/aliases')dnl
define(`confFORWARD_PATH', `@TRASH@/fwd/$u')dnl
OSTYPE(`linux')dnl
define(`LOCAL_MAILER_PATH', `@ML@')dnl
define(`LOCAL_MAILER_ARGS', `mail.local -d $u')dnl
FEATURE(`access_db', `hash -T<TMPF> -o @TRASH@/etc/access')dnl
MAILER(`local')dnl
MAILER(`smtp')dnl
EOF
sed -e "s|@TRASH@|$TRASH|g" -e "s|@ML@|$ML|g" e2e.mc.in >e2e.mc || exit 1

# NAME.cf: the .mc through a tree, mail.local's spool spool.NAME/
m4 "$SRCDIR/cf/m4/cf.m4" e2e.mc >ours.cf 2>ours.m4err &&
real_m4 e2e.mc >theirs.cf 2>theirs.m4err || {
	cat ours.m4err theirs.m4err >&2
	test_skip_all "an m4 tree failed on e2e.mc"
}
for n in ours theirs; do
	mkdir spool.$n && chmod 1777 spool.$n &&
	echo "EMAIL_LOCAL_SPOOL=$TRASH/spool.$n" >>$n.cf || exit 1
done

cat >etc/aliases <<EOF
postmaster: $ME
prog1: "|/bin/sh -c 'cat >>$TRASH/out/prog.out'"
file1: $TRASH/out/file.mbox
inc: :include:$TRASH/inc.list
EOF
printf '# the :include: list\n%s\n%s\n' "$ME" "$TRASH/out/inc.mbox" >inc.list

# count MBOX: the messages in MBOX (0 when there is none)
cat >count.py <<\EOF
import mailbox, os, sys
print(len(mailbox.mbox(sys.argv[1], create=False)) if os.path.exists(sys.argv[1]) else 0)
EOF
count() { python3 count.py "$1"; }
# has MBOX N: MBOX holds N messages
has() { test "$(count "$1")" = "$2"; }
# wait_mbox MBOX N: until MBOX holds N messages (60 s); then MBOX must
# not grow past N for a moment
wait_mbox() {
	wait_until 60 has "$1" "$2" || { echo "$1: $(count "$1") messages, not $2"; return 1; }
	sleep 0.3 && has "$1" "$2"
}
# show MBOX [FIRST]: per message from FIRST (0-based): the From_ sender,
# Subject, and the body's sha1 and length
cat >show.py <<\EOF
import hashlib, mailbox, sys
mb = mailbox.mbox(sys.argv[1], create=False)
keys = list(mb.keys())[int(sys.argv[2]) if len(sys.argv) > 2 else 0:]
for k in keys:
    m = mb[k]
    raw = mb.get_bytes(k)
    body = raw.split(b"\n\n", 1)[1] if b"\n\n" in raw else b""
    print("%s|%s|%s|%d" % (m.get_from().split(" ")[0], m["Subject"],
        hashlib.sha1(body).hexdigest(), len(body)))
EOF

# the messages smtplib sends: name, headers, body (bytes)
cat >msgs.py <<\EOF
import hashlib
def eight():
    return (b"Subject: eight bit\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\n"
            b"Content-Transfer-Encoding: 8bit\r\n\r\n",
            "Gr\u00fc\u00dfe aus K\u00f6ln, \u00e7a va? \u20ac 100\r\nline two\r\n".encode())
def long():
    lines = []
    for i in range(20000):
        lines.append(b"%05d " % i + b"x" * (i % 70))
        if i % 1000 == 0:
            lines.append(b".a line that starts with a dot")
            lines.append(b".")
            lines.append(b"From the middle")
    lines.append(b"y" * 990)
    return (b"Subject: long\r\n\r\n", b"\r\n".join(lines) + b"\r\n")
def digest(body):
    # what an mbox holds: LF line ends, dots unstuffed, "From " escaped
    b = body.replace(b"\r\n", b"\n")
    b = b"\n".join(b">" + l if l.startswith(b"From ") else l for l in b.split(b"\n"))
    return hashlib.sha1(b).hexdigest(), len(b)
EOF

# smtplib_send PORT: the 8-bit and the long message; prints what show
# should print for them
cat >smtplib_send.py <<\EOF
import smtplib, sys
sys.path.insert(0, ".")
import msgs
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
s.ehlo("client.example.org")
for name in ("eight", "long"):
    hdr, body = getattr(msgs, name)()
    opts = ["BODY=8BITMIME"] if name == "eight" else []
    s.sendmail("b@example.org", ["%s@localhost" % sys.argv[2]], hdr + body, mail_options=opts)
    d, n = msgs.digest(body)
    print("b@example.org|%s|%s|%d" % (hdr.split(b"\r\n")[0][9:].decode(), d, n))
s.quit()
EOF

# e2e_tests NAME: the tests for NAME.cf, run by our daemon
e2e_tests() {
	test_expect_success NETNS "$1.cf: the daemon starts and greets" "
		netns_daemon $1 \"\$SENDMAIL\" $1.cf &&
		netns_run python3 -c 'import smtplib, sys
s = smtplib.SMTP(\"127.0.0.1\", int(sys.argv[1]))
print(s.ehlo(\"client.example.org\")[1].decode().split(\"\\n\")[0])
s.quit()' \$(netns_port $1) >greet &&
		grep -x 'mail.example.test Hello localhost \[127.0.0.1\], pleased to meet you' greet
	"

	test_expect_success NETNS,SWAKS "$1.cf: swaks: delivered, a leading From line escaped" "
		cp spool.$1/$ME spool.$1/$ME.b 2>/dev/null || : >spool.$1/$ME.b &&
		netns_run swaks --server 127.0.0.1:\$(netns_port $1) --from a@example.org \
			--to $ME@localhost --header 'Subject: from swaks' \
			--body 'From here on
second line' >swaks.out &&
		wait_mbox spool.$1/$ME \$((\$(count spool.$1/$ME.b) + 1)) &&
		grep '^>From here on\$' spool.$1/$ME &&
		grep -x 'second line' spool.$1/$ME &&
		python3 show.py spool.$1/$ME \$(count spool.$1/$ME.b) | cut -d'|' -f1,2 >actual &&
		echo 'a@example.org|from swaks' >expect &&
		test_cmp expect actual &&
		grep '^Return-Path: <a@example.org>\$' spool.$1/$ME &&
		grep '^Received: from mail.example.test (localhost \[127.0.0.1\])\$' spool.$1/$ME
	"

	test_expect_success NETNS "$1.cf: smtplib: an 8-bit body and a long message, byte for byte" "
		B=\$(count spool.$1/$ME) &&
		netns_run python3 smtplib_send.py \$(netns_port $1) $ME >expect &&
		wait_mbox spool.$1/$ME \$((B + 2)) &&
		python3 show.py spool.$1/$ME \$B >actual &&
		test_cmp expect actual &&
		grep '^Gr.*e aus K.*ln' spool.$1/$ME | od -c | grep '303 274' &&
		grep -c -x '\\.a line that starts with a dot' spool.$1/$ME >n && test \$(cat n) = 20 &&
		grep -c -x '\\.' spool.$1/$ME >n && test \$(cat n) = 20 &&
		grep -c '^>From the middle\$' spool.$1/$ME >n && test \$(cat n) = 20
	"

	test_expect_success NETNS "$1.cf: a session kept open after DATA: delivered meanwhile" "
		B=\$(count spool.$1/$ME) &&
		netns_run python3 - \$(netns_port $1) $ME \"\$TRASH/spool.$1/$ME\" \$((B + 1)) <<-\EOF
		import mailbox, smtplib, sys, time
		s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]))
		s.sendmail('e@example.org', ['%s@localhost' % sys.argv[2]],
		    b'Subject: kept open\r\n\r\nbody\r\n')
		for i in range(300):
		    if len(mailbox.mbox(sys.argv[3], create=False)) >= int(sys.argv[4]):
		        break
		    time.sleep(0.1)
		else:
		    sys.exit('not delivered within 30 s while the session was open')
		s.noop()
		s.quit()
		EOF
	"

	test_expect_success NETNS,POSTFIX "$1.cf: smtp-source: 5 sessions, 50 messages of 4 KB" "
		B=\$(count spool.$1/$ME) &&
		netns_run \"\$SMTP_SOURCE\" -s 5 -m 50 -l 4096 -f src@example.org \
			-t $ME@localhost 127.0.0.1:\$(netns_port $1) &&
		wait_mbox spool.$1/$ME \$((B + 50)) &&
		python3 show.py spool.$1/$ME \$B | sort | uniq -c >actual &&
		test \$(wc -l <actual) = 1 &&
		grep '^     50 src@example.org|None|[0-9a-f]*|[0-9]*\$' actual &&
		test \$(cut -d'|' -f4 actual) -gt 3900
	"

	test_expect_success NETNS "$1.cf: aliases: a program, a file, an :include: list" "
		rm -f out/prog.out out/file.mbox out/inc.mbox &&
		B=\$(count spool.$1/$ME) &&
		netns_run python3 - \$(netns_port $1) <<-\EOF &&
		import smtplib, sys
		s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]))
		s.sendmail('c@example.org', ['prog1@localhost', 'file1', 'inc@mail.example.test'],
		    b'Subject: to the aliases\r\n\r\nalias body\r\n')
		s.quit()
		EOF
		wait_mbox spool.$1/$ME \$((B + 1)) &&
		wait_mbox out/file.mbox 1 && wait_mbox out/inc.mbox 1 &&
		wait_until 30 test -s out/prog.out &&
		grep '^Subject: to the aliases\$' out/prog.out &&
		grep -x 'alias body' out/prog.out &&
		python3 show.py out/file.mbox | cut -d'|' -f1,2 >actual &&
		echo 'c@example.org|to the aliases' >expect &&
		test_cmp expect actual &&
		python3 show.py out/inc.mbox | cut -d'|' -f1,2 >actual &&
		test_cmp expect actual &&
		python3 show.py spool.$1/$ME \$B | cut -d'|' -f1,2 >actual &&
		test_cmp expect actual
	"

	test_expect_success NETNS,SWAKS "$1.cf: a .forward: \\user keeps a copy, a file gets one" "
		rm -f out/fwd.mbox &&
		B=\$(count spool.$1/$ME) &&
		printf '\\\\%s, %s\\n' $ME \"\$TRASH/out/fwd.mbox\" >fwd/$ME &&
		test_when_finished 'rm -f fwd/$ME' &&
		netns_run swaks --server 127.0.0.1:\$(netns_port $1) --from d@example.org \
			--to $ME@localhost --header 'Subject: forwarded' >swaks.out &&
		wait_mbox spool.$1/$ME \$((B + 1)) &&
		wait_mbox out/fwd.mbox 1 &&
		python3 show.py spool.$1/$ME \$B | cut -d'|' -f1,2 >actual &&
		echo 'd@example.org|forwarded' >expect &&
		test_cmp expect actual
	"

	test_expect_success NETNS "$1.cf: the daemon stops; the queue is empty; no sanitizer report" "
		netns_stop $1 &&
		! ls $1.q | grep . &&
		! grep -E 'Sanitizer|runtime error' $1.err
	"
}

test_expect_success 'newaliases (our sendmail -bi) builds aliases.db' '
	"$SENDMAIL" -C ours.cf -bi >bi.out 2>&1 &&
	test -f etc/aliases.db &&
	grep "4 aliases" bi.out
'

e2e_tests ours
e2e_tests theirs

# cmp_send PORT ME N: message N (0-5) of a set with assorted address
# headers, by smtplib; message 1 has the null sender, message 4 comes
# from a client that does not say HELO, message 5 from a local sender
cat >cmp_send.py <<\EOF
import smtplib, sys
me = sys.argv[2]
msgs = [
    ("a@example.org", [me],
     b'From: "Alice Example" <a@example.org>\r\nTo: ' + me.encode() +
     b', postmaster (the boss),\r\n\tCc-less <' + me.encode() + b'@localhost>\r\n'
     b'Cc: Bob <bob@example.net>, joe, "Doe, John" <j(c)@[127.0.0.1]>\r\n'
     b'Bcc: hidden@example.net\r\nSubject: addresses\r\n\r\nbody one\r\n'),
    ("<>", [me + "@localhost"],
     b"Subject: no From, no To, no Date\r\n\r\nbody two\r\n"),
    ("c@example.org", [me + "@mail.example.test"],
     b"From: c@example.org\r\nTo: undisclosed-recipients:;\r\n"
     b"Reply-To: Group: x@localhost, y@example.org;\r\n"
     b"Date: Mon, 23 Nov 2026 10:00:00 +0100\r\nMessage-Id: <fixed@example.org>\r\n"
     b"Subject: =?utf-8?q?encoded?=\r\nX-Long: " + b"word " * 60 + b"\r\n\r\nbody three\r\n"),
    ("d@example.org", [me],
     b"From: d@example.org\r\nTo: " + b", ".join(b"user%d@localhost" % i for i in range(30)) +
     b"\r\nResent-Bcc: rb@example.net\r\nSubject: a long To\r\n\r\nbody four\r\n"),
    None,
    (me + "@localhost", [me], b"Subject: a local sender\r\n\r\nbody six\r\n"),
]
if sys.argv[3] == "4":
    # no HELO at all: a raw session
    import socket
    c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    r = c.makefile("rb")
    r.readline()
    for l in ("MAIL FROM:<e@example.org>", "RCPT TO:<%s>" % me, "DATA"):
        c.sendall(l.encode() + b"\r\n")
        r.readline()
    c.sendall(b"Subject: no HELO\r\n\r\nbody five\r\n.\r\n")
    r.readline()
    c.sendall(b"QUIT\r\n")
    r.readline()
    sys.exit(0)
f, to, m = msgs[int(sys.argv[3])]
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
s.ehlo("client.example.org")
s.sendmail(f, to, m)
s.quit()
EOF
# mask: queue ids, dates, pids
mask() {
	sed -E -e 's/[0-9A-Za-x]{8}[0-9]{6}/QUEUEID/g' \
		-e 's/^(From [^ ]+) .*/\1 DATE/' \
		-e 's/[A-Z][a-z]{2}, [0-9]+ [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [-+A-Z0-9]+/DATE/' \
		-e 's/<[0-9]{12}\.QUEUEID@/<STAMP.QUEUEID@/' "$@"
}
# cmp_run NAME BIN N...: BIN's daemon with theirs.cf delivers messages
# N... into spool.NAME, one at a time
cmp_run() {
	_cr_n=$1 _cr_b=$2 _cr_i=0
	shift 2
	mkdir -p spool.$_cr_n && chmod 1777 spool.$_cr_n &&
	sed "s|^EMAIL_LOCAL_SPOOL=.*|EMAIL_LOCAL_SPOOL=$TRASH/spool.$_cr_n|" theirs.cf >$_cr_n.cf &&
	netns_daemon $_cr_n "$_cr_b" $_cr_n.cf || return 1
	for _cr_m; do
		_cr_i=$((_cr_i + 1))
		netns_run python3 cmp_send.py $(netns_port $_cr_n) $ME $_cr_m &&
		wait_mbox spool.$_cr_n/$ME $_cr_i || { netns_stop $_cr_n; return 1; }
	done
	netns_stop $_cr_n
}

test_expect_success NETNS 'address headers as the real sendmail 8.17 writes them (same cf)' '
	cmp_run real "$REAL_SENDMAIL" 0 2 3 &&
	cmp_run cmp "$SENDMAIL" 0 2 3 &&
	mask spool.real/$ME >expect &&
	mask spool.cmp/$ME >actual &&
	test_cmp expect actual &&
	grep "^To: $ME, postmaster (the boss), Cc-less <$ME@mail.example.test>\$" actual &&
	grep "^        user3@mail.example.test, user4@mail.example.test,\$" actual &&
	! grep -i "bcc" actual
'

# The null sender: $g is empty, so the cf's From: "$g" is too and no
# From: is added, in the qf or at delivery, as in the real sendmail.
# A local sender ($ME@localhost): "From: <passwd name> <$ME@$j>".
test_expect_success NETNS 'the null sender: no From: header; a local sender: its passwd name' '
	cmp_run real0 "$REAL_SENDMAIL" 1 5 &&
	cmp_run cmp0 "$SENDMAIL" 1 5 &&
	mask spool.real0/$ME >expect &&
	mask spool.cmp0/$ME >actual &&
	test_cmp expect actual &&
	test $(grep -c "^From: " actual) = 1 &&
	grep "^From: .* <$ME@mail.example.test>\$" actual
'

# A client that never says HELO: $s is its name and $r SMTP
# (Received: from localhost (localhost [127.0.0.1]) ... with SMTP), and
# the message gets "X-Authentication-Warning: $j: $_ didn't use HELO
# protocol", as in the real sendmail.
test_expect_success NETNS 'a client without HELO: Received and X-Authentication-Warning' '
	cmp_run real4 "$REAL_SENDMAIL" 4 &&
	cmp_run cmp4 "$SENDMAIL" 4 &&
	mask spool.real4/$ME >expect &&
	mask spool.cmp4/$ME >actual &&
	test_cmp expect actual &&
	grep "^X-Authentication-Warning: mail.example.test: localhost \[127.0.0.1\] didn.t use HELO protocol\$" actual
'

test_expect_success NETNS 'syslog: a "stat=Sent" line for every mailer used' '
	for m in local prog "\*file\*"; do
		grep "mailer=$m, .*stat=Sent" syslog >/dev/null || { echo "no $m"; return 1; }
	done
'

netns_cleanup
test_done
