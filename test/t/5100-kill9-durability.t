#!/bin/sh
# 5100-kill9-durability - nothing accepted is lost when the daemon dies.
#
# Our daemon (-bD, DeliveryMode background, the local mailer our
# mail.local into spool/) receives 2000 messages from six concurrent SMTP
# sessions (test/lib/smtp_flood.py: each message has its own Message-Id
# and X-Seq header and a last body line "end of SEQ"; the client notes
# the queue id of every 250 after DATA and sends again what got none).
# Meanwhile test/lib/crashloop.py kills the daemon with SIGKILL, together
# with every process it started (SMTP children, deliveries, mail.local;
# found through /proc/PID/task/TID/children below a child subreaper),
# four times at random moments (when random numbers of messages between
# 5 and 90 percent have been acknowledged), restarts it on the same
# queue and port each time (over its stale pid file), and kills it once
# more when the client is done.  Then `sendmail -q` runs until no qf is
# left, and:
#   - every acknowledged message is in the mbox, complete, under the
#     queue id of its 250 (the Received header names it);
#   - duplicates (a kill between the mailbox write and the qf removal, or
#     a 250 lost in a kill and the message sent again) and copies cut
#     short by a kill are counted and reported, not failed;
#   - no qf is left; df and tf files that are left (a kill before the
#     commit, or between the removal of the qf and of the df) are counted
#     and reported, and none of them belongs to an acknowledged message
#     that was not delivered;
#   - nothing reports a sanitizer error.
# The real sendmail leaves such tf and df files alone as well (a queue
# run and mailq ignore them; compared at the end).  The daemon runs in
# its own mount and UTS namespaces (host name mail.example.test, syslog
# into sendmail.log) when unshare works, else as it is.  The counts go
# to the TAP output as comments.
test_description='kill -9 during a flow of mail: nothing acknowledged is lost'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
ML=$OBJDIR/mail.local/mail.local
test -x "$ML" || test_skip_all "no $ML"
python3 -c 'import mailbox, ctypes' 2>/dev/null || test_skip_all "no python3 mailbox"
test -r /proc/$$/task/$$/children ||
	test_skip_all "no /proc/PID/task/TID/children to find the daemon's processes"
ME=$(id -un)
N=2000
exec 3>&1	# say_diag >&3 inside a test reaches the TAP output
FLOOD=$SRCDIR/test/lib/smtp_flood.py
CRASH=$SRCDIR/test/lib/crashloop.py

mkdir spool q && chmod 1777 spool || exit 1
sed -e "s|P=/usr/bin/procmail,|P=$ML,|" -e 's|A=procmail -a $h -d $u|A=mail.local -d $u|' \
	-e "s|^O AliasFile=.*|O AliasFile=$TRASH/aliases|" "$TRASH/minimal.cf" >t.cf &&
echo "EMAIL_LOCAL_SPOOL=$TRASH/spool" >>t.cf &&
printf 'postmaster: %s\nMAILER-DAEMON: %s\n' "$ME" "$ME" >aliases || exit 1

# ns.sh LOG CMD...: in new mount and UTS namespaces, host name
# mail.example.test and a /dev/log feeding LOG, exec CMD
cat >ns.sh <<'EOF'
log=$1; shift
hostname mail.example.test || exit 1
d=$(mktemp -d "$TRASH/dev.XXXXXX") || exit 1
mount -t tmpfs none "$d" || exit 1
for f in null zero random urandom full tty; do
	test -e /dev/$f && touch "$d/$f" && mount --bind /dev/$f "$d/$f"
done
ln -s /proc/self/fd "$d/fd"
python3 "$SRCDIR/test/lib/syslogd.py" "$d/log" "$log" &
while ! test -S "$d/log"; do sleep 0.05; done
mount --bind "$d" /dev || exit 1
exec "$@"
EOF
WRAP=
if test "$(id -u)" = 0 && unshare -m -u sh ns.sh "$TRASH/probe.log" true 2>/dev/null; then
	WRAP="unshare -m -u sh $TRASH/ns.sh $TRASH/sendmail.log"
else
	say_diag "no mount/UTS namespaces: the daemon runs as it is, without a syslog"
fi

# sm ARGS...: our sendmail on t.cf and q/ (in the namespaces when we can)
sm() {
	$WRAP "$SENDMAIL" -C "$TRASH/t.cf" -O QueueDirectory="$TRASH/q" "$@"
}

# check.py ACKED MBOX: per acknowledged message, a complete copy under its
# queue id; prints the counts, and "LOST seq id" lines for what is missing
cat >check.py <<'EOF'
import mailbox, re, sys
acked = [l.split() for l in open(sys.argv[1])]
copies, ids, cut = {}, {}, 0
for m in mailbox.mbox(sys.argv[2], create=False):
    seq = m["X-Seq"]
    body = m.get_payload()
    if seq is None or not body.rstrip("\n").endswith("end of %s" % seq):
        cut += 1
        continue
    copies[seq] = copies.get(seq, 0) + 1
    r = re.search(r"with ESMTP id (\S+)", str(m["Received"]).replace("\n", " "))
    ids.setdefault(seq, set()).add(r.group(1) if r else None)
lost = [(s, q) for s, q in acked if q not in ids.get(s, ())]
print("acked %d" % len(acked))
print("delivered %d" % len(copies))
print("duplicates %d" % sum(1 for n in copies.values() if n > 1))
print("extra_copies %d" % sum(n - 1 for n in copies.values()))
print("cut_copies %d" % cut)
for s, q in lost:
    print("LOST %s %s" % (s, q))
EOF

test_expect_success 'newaliases' '
	sm -bi >bi.out 2>&1 &&
	test -f aliases.db
'

test_expect_success '2000 messages, the daemon killed -9 four times meanwhile' '
	PORT=$(free_port) &&
	python3 "$CRASH" --pidfile "$TRASH/d.pid" --kills 4 \
		--progress "$TRASH/acked:$N" --timeout 240 --final kill \
		--client "python3 $FLOOD --port $PORT --count $N --sessions 6 \
			--per-conn 10 --from flood@mail.example.test --to $ME@localhost \
			--acked $TRASH/acked --log $TRASH/flood.log --timeout 200 \
			--io-timeout 30 >$TRASH/flood.out" \
		-- $WRAP "$SENDMAIL" -bD -C "$TRASH/t.cf" -O QueueDirectory="$TRASH/q" \
		-O PidFile="$TRASH/d.pid" -O DeliveryMode=background \
		-O DaemonPortOptions=Port=$PORT,Addr=127.0.0.1,Name=TST \
		>crash.out 2>d.err &&
	cat crash.out flood.out &&
	say_diag "$(grep "^kill " crash.out | tr "\n" ";")" >&3 &&
	grep "^kills 4\$" crash.out &&
	grep "^unacked 0\$" flood.out &&
	test "$(wc -l <acked)" = $N
'

# queue_files KIND: the names of KIND files (qf, df, tf) in q/
queue_files() { (cd q && ls | grep "^$1") || :; }

test_expect_success 'what the kills left in the queue' '
	queue_files qf >left.qf && queue_files df >left.df && queue_files tf >left.tf &&
	say_diag "left by the last kill: $(wc -l <left.qf) qf, $(wc -l <left.df) df, $(wc -l <left.tf) tf" >&3
'

test_expect_success 'sendmail -q until the queue holds no qf' '
	for i in 1 2 3 4 5 6; do
		sm -q >>q.out 2>&1 || break
		test -n "$(queue_files qf)" || break
		sleep 1
	done &&
	queue_files qf >qf.after &&
	! test -s qf.after || { cat qf.after; false; }
'

test_expect_success 'every acknowledged message is in the mbox, complete' '
	python3 check.py acked "spool/$ME" >check.out &&
	cat check.out &&
	! grep "^LOST" check.out &&
	grep "^acked $N\$" check.out &&
	say_diag "$(tr "\n" " " <check.out)" >&3 &&
	say_diag "client: $(grep -E "^(sent|resent|conn_errors|tempfails|seconds)" flood.out | tr "\n" " ")" >&3
'

test_expect_success 'left df and tf files: none of an undelivered acknowledged message' '
	queue_files df | sed "s/^df//" >df.ids &&
	queue_files tf | sed "s/^tf//" >tf.ids &&
	say_diag "after the queue runs: $(wc -l <df.ids) df, $(wc -l <tf.ids) tf without a qf" >&3 &&
	cut -d" " -f2 acked | sort >acked.ids &&
	sort df.ids tf.ids | comm -12 - acked.ids >acked.left &&
	: >undelivered &&
	for id in $(cat acked.left); do
		grep -q "with ESMTP id $id\$" "spool/$ME" || echo "$id" >>undelivered
	done &&
	! test -s undelivered || { cat undelivered; false; }
'

test_expect_success 'no sanitizer report' '
	! grep -E "Sanitizer|runtime error" d.err q.out
'

# stray BIN DIR: a queue DIR holding only a tf and a df three days old;
# BIN -q, then BIN -bp, in the sandbox; what is left
stray() {
	mkdir "$2" && echo junk >"$2/tf6ANA000009" && echo body >"$2/df6ANA000008" &&
	touch -d "-3 days" "$2/tf6ANA000009" "$2/df6ANA000008" &&
	sandbox_run "$1" -C "$TRASH/t.cf" -O QueueDirectory="$TRASH/$2" -q 2>&1 &&
	sandbox_run "$1" -C "$TRASH/t.cf" -O QueueDirectory="$TRASH/$2" -bp 2>&1 |
		sed "s|$TRASH/$2|QUEUE|" &&
	ls "$2"
}

test_expect_success 'stray tf and df files: left alone, as the real sendmail does' '
	stray "$REAL_SENDMAIL" rq >expect.stray &&
	stray "$SENDMAIL" oq >actual.stray &&
	test_cmp expect.stray actual.stray &&
	grep "^tf6ANA000009\$" actual.stray
'

test_done
