#!/bin/sh
# 4600-relay-access - relay control through the daemon: FEATURE(access_db)
# with an access map made by our makemap (Connect: for an address and a
# prefix, RELAY and REJECT; To: RELAY for a domain and OK for an address;
# From: REJECT for a domain, DISCARD for an address, ERROR: with a
# custom text).  Clients connect to the daemon on 127.0.0.1 from other
# loopback addresses (127.0.0.2, 127.0.3.4, 127.0.0.9, 127.0.0.5: all of
# 127/8 is lo's) and the replies are compared byte for byte (dates and
# ids masked) with those of the real sendmail 8.17 running the same cf
# as a daemon in the same namespaces; the cf is made once by our cf/
# tree and once by Debian's sendmail-cf.  Then the outcomes: relayed
# mail waits in the queue (there is no SMTP client yet: its recipients
# are deferred), local mail reaches the mbox, DISCARDed mail is accepted
# and goes nowhere.  test/lib/netns.sh keeps everything on lo.
test_description='relay control through the daemon (access_db)'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/lib/oracle.sh"
. "$SRCDIR/test/lib/netns.sh"

oracle_setup ||
	test_skip_all "the real sendmail 8.17 could not be fetched (it is the reference)"
ML=$OBJDIR/mail.local/mail.local
test -x "$ML" || test_skip_all "no $ML"
# the clients' names (127.0.3.4 and 127.0.0.10 have none), for the C
# library inside the namespaces and for the cf's HostsFile
# (127.0.0.11's name has a second address, 127.0.0.12: not forged)
printf '%s\n' '127.0.0.2	relay.example.org' '127.0.0.5	stranger.example.com' \
	'127.0.0.9	bad.example.net' '127.0.0.12	twice.example.org' \
	'127.0.0.11	twice.example.org' >clients.hosts
netns_setup clients.hosts ||
	test_skip_all "needs root, unshare -m -n -u and nsenter (namespaces)"
ME=$(id -un)

mkdir etc && cp "$SRCDIR/test/data/mc/service.switch" etc/ &&
sed 's/^127\.0\.0\.1.*/127.0.0.1	localhost localhost.localdomain/' \
	"$SRCDIR/test/data/mc/hosts" >etc/hosts &&
printf '%s\n' '192.0.2.30	example.org' '192.0.2.31	example.net' \
	'192.0.2.32	example.com' '192.0.2.33	spam.example' \
	'192.0.2.34	elsewhere.example' >>etc/hosts &&
cat clients.hosts >>etc/hosts &&
printf 'localhost\nmail.example.test\n' >etc/local-host-names &&
: >etc/statistics && : >etc/aliases || exit 1

cat >relay.mc.in <<\EOF
divert(-1)
# relay.mc - the relay test's MTA: access_db, local and smtp mailers.
divert(0)dnl
define(`confCF_VERSION', `relay')dnl
define(`MAIL_SETTINGS_DIR', `@TRASH@/etc/')dnl
define(`QUEUE_DIR', `@TRASH@/mqueue')dnl
define(`STATUS_FILE', `@TRASH@/etc/statistics')dnl
define(`confPID_FILE', `@TRASH@/sendmail.pid')dnl
define(`confSERVICE_SWITCH_FILE', `@TRASH@/etc/service.switch')dnl
define(`confHOSTS_FILE', `@TRASH@/etc/hosts')dnl
define(`confDONT_BLAME_SENDMAIL', `TrustStickyBit')dnl
define(`ALIAS_FILE', `@TRASH@/etc/aliases')dnl
OSTYPE(`linux')dnl
define(`LOCAL_MAILER_PATH', `@ML@')dnl
define(`LOCAL_MAILER_ARGS', `mail.local -d $u')dnl
FEATURE(`access_db', `hash -T<TMPF> -o @TRASH@/etc/access')dnl
MAILER(`local')dnl
MAILER(`smtp')dnl
EOF
sed -e "s|@TRASH@|$TRASH|g" -e "s|@ML@|$ML|g" relay.mc.in >relay.mc &&
m4 "$SRCDIR/cf/m4/cf.m4" relay.mc >ours.cf 2>ours.m4err &&
real_m4 relay.mc >theirs.cf 2>theirs.m4err || {
	cat ours.m4err theirs.m4err >&2
	test_skip_all "an m4 tree failed on relay.mc"
}

cat >access <<\EOF
# the relay test's access map
Connect:127.0.0.2		RELAY
Connect:127.0.3			RELAY
Connect:127.0.0.9		REJECT
To:example.net			RELAY
To:postmaster@example.com	OK
From:spam.example		REJECT
From:bad@example.org		DISCARD
From:ugly@example.org		ERROR:"550 5.7.1 go away"
EOF

# session.py PORT SRC CMD...: connect from SRC to 127.0.0.1:PORT, send
# each CMD after the previous reply ("DATA" sends a small message
# after its 354), print every reply line; stops when the server closes
cat >session.py <<\EOF
import socket, sys
port, src, cmds = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
s = socket.socket()
s.bind((src, 0))
s.connect(("127.0.0.1", port))
s.settimeout(20)
f = s.makefile("rb")
def reply():
    while True:
        l = f.readline()
        if not l:
            print("(closed)")
            return None
        sys.stdout.write(l.decode("latin-1").rstrip("\r\n") + "\n")
        if l[3:4] != b"-":
            return l[:3]
if reply() is None:
    sys.exit(0)
for c in cmds:
    s.sendall(c.encode() + b"\r\n")
    code = reply()
    if code is None:
        break
    if c == "DATA" and code == b"354":
        s.sendall(b"Subject: relay test from " + src.encode() + b"\r\n\r\nbody\r\n.\r\n")
        if reply() is None:
            break
EOF

# sessions PORT: the test's clients, one after the other
sessions() {
	_p=$1
	for _s in \
		"127.0.0.5|MAIL FROM:<a@example.org>|RCPT TO:<user@example.com>|RCPT TO:<user@example.net>|RCPT TO:<user@sub.example.net>|RCPT TO:<postmaster@example.com>|RCPT TO:<$ME@localhost>|DATA|QUIT" \
		"127.0.0.5|MAIL FROM:<x@spam.example>|MAIL FROM:<bad@example.org>|RCPT TO:<$ME@localhost>|DATA|MAIL FROM:<ugly@example.org>|MAIL FROM:<good@example.org>|RCPT TO:<user@example.com>|QUIT" \
		"127.0.0.2|EHLO relay.example.org|MAIL FROM:<a@example.org>|RCPT TO:<user@example.com>|RCPT TO:<other@example.org>|DATA|QUIT" \
		"127.0.3.4|HELO relay.example.org|MAIL FROM:<b@example.org>|RCPT TO:<user@example.com>|DATA|QUIT" \
		"127.0.3.4|MAIL FROM:<bad@example.org>|RCPT TO:<user@example.com>|QUIT" \
		"127.0.0.9|EHLO client.example.org|MAIL FROM:<a@example.org>|RCPT TO:<$ME@localhost>|QUIT" \
		"127.0.0.9|HELO client.example.org|NOOP|RSET|VRFY $ME|EXPN $ME|ETRN example.org|DATA|QUIT" \
		"127.0.0.10|MAIL FROM:<a@example.org>|RCPT TO:<user@example.com>|QUIT" \
		"127.0.0.11|EHLO twice.example.org|MAIL FROM:<a@example.org>|RCPT TO:<user@example.com>|RCPT TO:<$ME@localhost>|QUIT"
	do
		_src=${_s%%|*}
		echo "== from $_src"
		_old=$IFS; IFS='|'
		# shellcheck disable=SC2086
		set -- ${_s#*|}
		IFS=$_old
		netns_run python3 session.py $_p $_src "$@" || return 1
	done
}

# mask: the greeting's date, queue ids
mask() {
	sed -E -e 's/[0-9A-Za-x]{8}[0-9]{6}/QUEUEID/g' \
		-e 's/[A-Z][a-z]{2}, [0-9]+ [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [-+A-Z0-9]+/DATE/' "$@"
}

# replies NAME BIN CF: BIN's daemon (with CF and a fresh access.db made
# by our makemap) through the sessions, masked, into NAME.out
replies() {
	mkdir -p spool.$1 && chmod 1777 spool.$1 &&
	{ cat "$3" && echo "EMAIL_LOCAL_SPOOL=$TRASH/spool.$1"; } >$1.cf &&
	netns_daemon $1 "$2" $1.cf -O AuthMechanisms= -odq || return 1
	sessions $(netns_port $1) >$1.raw
	_r=$?
	netns_stop $1
	test $_r = 0 && mask $1.raw >$1.out
}

test_expect_success 'our makemap builds the access map' '
	"$MAKEMAP" -C ours.cf hash etc/access <access &&
	test -f etc/access.db &&
	"$MAKEMAP" -C ours.cf -u hash etc/access >dump &&
	grep "^connect:127.0.3	RELAY\$" dump
'

for cf in ours theirs; do
	test_expect_success NETNS "$cf.cf: the replies of the real sendmail 8.17" "
		replies real.$cf \"\$REAL_SENDMAIL\" $cf.cf &&
		grep -x '550 5.7.1 <user@example.com>... Relaying denied' real.$cf.out &&
		grep -x '550 5.7.1 <user@example.com>... Relaying denied. IP name lookup failed \[127.0.0.10\]' real.$cf.out &&
		grep -x '550 5.7.1 <x@spam.example>... Access denied' real.$cf.out &&
		grep -x '550 5.7.1 <ugly@example.org>... go away' real.$cf.out &&
		grep -x '250 2.1.5 <user@example.net>... Recipient ok' real.$cf.out &&
		test \$(grep -c -x '550 5.7.1 Access denied' real.$cf.out) = 6
	"

	test_expect_success NETNS "$cf.cf: ours gives the same replies, byte for byte" "
		replies ours.$cf \"\$SENDMAIL\" $cf.cf &&
		test_cmp real.$cf.out ours.$cf.out &&
		! grep -E 'Sanitizer|runtime error' ours.$cf.err
	"
done

# deliveries: ours in the default (background) delivery mode, ours.cf
test_expect_success NETNS 'outcomes: relayed mail waits in the queue, local mail is delivered, DISCARD drops' '
	"$SENDMAIL" -C ours.cf -bi >bi.out 2>&1 && test -f etc/aliases.db &&
	mkdir -p spool.out && chmod 1777 spool.out &&
	{ cat ours.cf && echo "EMAIL_LOCAL_SPOOL=$TRASH/spool.out"; } >out.cf &&
	netns_daemon out "$SENDMAIL" out.cf &&
	P=$(netns_port out) &&
	netns_run python3 session.py $P 127.0.0.2 "EHLO relay.example.org" \
		"MAIL FROM:<a@example.org>" "RCPT TO:<user@example.com>" DATA QUIT >s1 &&
	netns_run python3 session.py $P 127.0.0.5 "EHLO stranger.example.com" \
		"MAIL FROM:<good@example.org>" "RCPT TO:<$ME@localhost>" \
		"RCPT TO:<user@example.net>" DATA QUIT >s2 &&
	netns_run python3 session.py $P 127.0.0.5 "EHLO stranger.example.com" \
		"MAIL FROM:<bad@example.org>" "RCPT TO:<$ME@localhost>" DATA QUIT >s3 &&
	grep -c "^250 2.0.0 .* Message accepted for delivery" s1 s2 s3 >n &&
	printf "s1:1\ns2:1\ns3:1\n" >expect && test_cmp expect n &&
	wait_until 30 test -s spool.out/$ME &&
	wait_until 30 eval "test \$(grep -la \"^N1\\\$\" out.q/qf* 2>/dev/null | wc -l) = 2" &&
	sleep 1 &&
	netns_stop out &&
	grep -c "^From good@example.org " spool.out/$ME >n && test $(cat n) = 1 &&
	! grep "bad@example.org" spool.out/$ME &&
	ls out.q | grep -c "^qf" >n && test $(cat n) = 2 &&
	grep -la "^RPFD:<user@example.com>\$" out.q/qf* &&
	grep -la "^RPFD:<user@example.net>\$" out.q/qf* &&
	! grep -la "bad@example.org" out.q/* &&
	"$SENDMAIL" -C out.cf -O QueueDirectory="$TRASH/out.q" -bp >mailq &&
	grep "<user@example.com>" mailq && grep "<user@example.net>" mailq &&
	grep "Total requests: 2" mailq &&
	! grep -E "Sanitizer|runtime error" out.err
'

netns_cleanup
test_done
