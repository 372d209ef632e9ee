#!/bin/sh
# 6501-deliver-agents - the daemon's delivery agents (deliver_agent.c)
# and the LMTP connection cache (mailer_lmtp.c), as a user sees them:
# our daemon (-bD, DeliveryMode background) with a cf from our cf/ tree
# whose local mailer is FEATURE(local_lmtp) pointing at our mail.local
# (through a wrapper that notes every start), in the private namespaces
# of test/lib/netns.sh.  Checked: every message smtplib sends reaches the
# mbox (parsed with Python's mailbox); one mail.local serves many
# messages (starts counted) while the to= lines come from the agents;
# after ConnectionCacheTimeout the idle mail.local is gone; a mailbox
# mail.local refuses (a directory) bounces with its 5.2.0 and the
# cached mail.local goes on with the next message; an agent killed with SIGKILL is replaced and mail
# flows on; messages held by an agent whose mail.local hangs stay in
# the queue when the agent is killed and `sendmail -q` delivers them
# all (the qf lock went with the message and came back); SIGTERM to the
# daemon ends the agents and their mail.local.
test_description='delivery agents and the LMTP connection cache'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/lib/netns.sh"

ML=$OBJDIR/mail.local/mail.local
test -x "$ML" || test_skip_all "no $ML"
python3 -c 'import mailbox, smtplib' 2>/dev/null || test_skip_all "no python3 mailbox/smtplib"
netns_setup || test_skip_all "needs root, unshare -m -n -u and nsenter (namespaces)"
ME=$(id -un)

mkdir etc spool && chmod 1777 spool || exit 1
cp "$SRCDIR/test/data/mc/service.switch" etc/ &&
sed 's/^127\.0\.0\.1.*/127.0.0.1	localhost localhost.localdomain/' \
	"$SRCDIR/test/data/mc/hosts" >etc/hosts &&
printf '192.0.2.30\texample.org\n' >>etc/hosts &&
printf 'localhost\nmail.example.test\n' >etc/local-host-names &&
: >etc/statistics && printf 'postmaster: %s\nghost: nosuchuser\n' "$ME" >etc/aliases || exit 1

# the local mailer: a wrapper that notes its pid, then is mail.local -l;
# while the file "hang" exists it hangs instead
cat >ml-wrap <<EOF
#!/bin/sh
echo \$\$ >>"$TRASH/ml.starts"
test -e "$TRASH/hang" && exec sleep 300
exec "$ML" "\$@"
EOF
chmod 755 ml-wrap || exit 1

cat >agents.mc <<EOF
divert(0)dnl
define(\`confCF_VERSION', \`agents')dnl
define(\`MAIL_SETTINGS_DIR', \`$TRASH/etc/')dnl
define(\`QUEUE_DIR', \`$TRASH/mqueue')dnl
define(\`STATUS_FILE', \`$TRASH/etc/statistics')dnl
define(\`confPID_FILE', \`$TRASH/sendmail.pid')dnl
define(\`confSERVICE_SWITCH_FILE', \`$TRASH/etc/service.switch')dnl
define(\`confHOSTS_FILE', \`$TRASH/etc/hosts')dnl
define(\`confDONT_BLAME_SENDMAIL', \`TrustStickyBit')dnl
define(\`ALIAS_FILE', \`$TRASH/etc/aliases')dnl
define(\`confFORWARD_PATH', \`')dnl
OSTYPE(\`linux')dnl
FEATURE(\`local_lmtp', \`$TRASH/ml-wrap')dnl
MAILER(\`local')dnl
MAILER(\`smtp')dnl
EOF
m4 "$SRCDIR/cf/m4/cf.m4" agents.mc >agents.cf 2>m4.err &&
echo "EMAIL_LOCAL_SPOOL=$TRASH/spool" >>agents.cf &&
"$SENDMAIL" -C agents.cf -bi >bi.out 2>&1 || {
	cat m4.err bi.out >&2
	test_skip_all "agents.cf could not be made"
}

cat >count.py <<\EOF
import mailbox, os, sys
print(len(mailbox.mbox(sys.argv[1], create=False)) if os.path.exists(sys.argv[1]) else 0)
EOF
has() { test "$(python3 count.py "$1")" = "$2"; }
starts() { if test -f ml.starts; then wc -l <ml.starts | tr -d ' '; else echo 0; fi; }

# send N TAG [RCPTS [SENDER]]: N messages in one session, Subject "TAG
# i", for RCPTS (comma-separated)
cat >send.py <<\EOF
import smtplib, sys
port, n, tag = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rcpt, sender = sys.argv[4], sys.argv[5]
s = smtplib.SMTP("127.0.0.1", port)
s.ehlo("client.example.org")
for i in range(n):
    s.sendmail(sender, rcpt.split(","),
               b"Subject: %s %d\r\n\r\nmessage %d of %s\r\n" % (tag.encode(), i, i, tag.encode()))
s.quit()
EOF
send() {
	netns_run python3 send.py "$(netns_port d)" "$1" "$2" "${3:-$ME@localhost}" \
		"${4:-sender@example.org}"
}

# agents: the daemon's children that are there between sessions
agents() { ps -o pid= --ppid "$(cat d.dpid)" | tr -d ' ' | sort; }
# lmtp_kids: the mail.local (wrapper) processes the agents run now
lmtp_kids() { for a in $(agents); do ps -o pid= --ppid "$a"; done | tr -d ' '; }
no_lmtp_kids() { test -z "$(lmtp_kids)"; }

test_expect_success NETNS 'the daemon starts with its agents' '
	netns_daemon d "$SENDMAIL" agents.cf -O ConnectionCacheTimeout=3s &&
	wait_until 10 eval "test \$(agents | wc -l) -ge 2" &&
	agents >agents.1 &&
	test $(wc -l <agents.1) -le 4
'

test_expect_success NETNS '40 messages in 4 sessions: all delivered, a few mail.local starts' '
	for s in 1 2 3 4; do send 10 s$s || return 1; done &&
	wait_until 60 has spool/$ME 40 &&
	test $(starts) -le 4 &&
	grep -c "to=<$ME@localhost>.*mailer=local.*stat=Sent" syslog >sent &&
	test $(cat sent) = 40 &&
	grep "to=<$ME@localhost>.*stat=Sent" syslog |
		sed -E "s/.*sendmail\\[([0-9]+)\\].*/\\1/" | sort -u >senders &&
	comm -12 senders agents.1 >by_agents &&
	test_cmp senders by_agents &&
	! ls d.q | grep .
'

test_expect_success NETNS 'an idle mail.local is closed after ConnectionCacheTimeout' '
	wait_until 2 eval "! no_lmtp_kids" &&
	wait_until 15 no_lmtp_kids &&
	B=$(starts) &&
	send 1 after-idle &&
	wait_until 30 has spool/$ME 41 &&
	test $(starts) = $((B + 1))
'

test_expect_success NETNS 'mail.local refuses one mailbox of two: the other gets it, a 5.2.0 bounce' '
	mkdir spool/daemon &&
	B=$(starts) &&
	send 1 refused daemon@localhost,$ME@localhost $ME@localhost &&
	send 1 known &&
	wait_until 30 has spool/$ME 44 &&
	grep "^Subject: refused 0" spool/$ME &&
	grep "to=<daemon@localhost>.*mailer=local.*dsn=5.2.0, stat=" syslog &&
	grep "^Status: 5.2.0" spool/$ME &&
	grep "spool/daemon: too many links" spool/$ME &&
	test $(starts) = $B
'

test_expect_success NETNS 'an agent killed with SIGKILL is replaced; mail flows on' '
	agents >before &&
	victim=$(head -n 1 before) &&
	kill -KILL $victim &&
	wait_until 15 eval "agents | grep -qvx $victim && test \$(agents | wc -l) -ge \$(wc -l <before)" &&
	! agents | grep -qx $victim &&
	send 10 after-kill &&
	wait_until 60 has spool/$ME 54 &&
	! ls d.q | grep .
'

test_expect_success NETNS 'messages held by a killed agent stay queued; -q delivers them' '
	wait_until 15 no_lmtp_kids &&
	: >hang &&
	send 6 held &&
	wait_until 10 eval "ls d.q | grep -q ^qf" &&
	sleep 0.5 &&
	ls d.q | grep -c ^qf >queued &&
	test $(cat queued) = 6 &&
	agents >held.agents && lmtp_kids >held.kids &&
	for a in $(cat held.agents); do kill -KILL $a; done &&
	for k in $(cat held.kids); do kill -KILL $k; done &&
	rm -f hang &&
	wait_until 15 eval "test \$(agents | wc -l) -ge 2" &&
	netns_run "$SENDMAIL" -C agents.cf -O QueueDirectory="$TRASH/d.q" -q &&
	wait_until 30 has spool/$ME 60 &&
	! ls d.q | grep . &&
	python3 -c "
import mailbox
subj = sorted(m[\"Subject\"] for m in mailbox.mbox(\"spool/$ME\") if m[\"Subject\"].startswith(\"held\"))
assert subj == [\"held %d\" % i for i in range(6)], subj
"
'

test_expect_success NETNS 'SIGTERM: the agents and their mail.local end too' '
	send 1 last &&
	wait_until 30 has spool/$ME 61 &&
	agents >final && lmtp_kids >final.kids &&
	netns_stop d &&
	for p in $(cat final final.kids); do
		wait_until 10 eval "! kill -0 $p 2>/dev/null" || return 1
	done &&
	! grep -E "Sanitizer|runtime error" d.err
'

netns_cleanup
test_done
