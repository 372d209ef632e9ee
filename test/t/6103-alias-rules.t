#!/bin/sh
# 6103-alias-rules - alias loops, self references, depth and error:
# entries delivered from the queue, ours against the real sendmail 8.17.
# One queue of hand-written qf/df pairs (sender root@localhost, so the
# bounces come back to a local mailbox) is run by each sendmail (-q) with
# minimal.mc's local mailer made our mail.local (MAIL_LOCAL_SPOOL) and
# the same aliases and .forward files; then, per message, who got it and
# what its bounce says (the Status: codes of its failed recipients, the
# failure texts) must be the same; and the whole text of every bounce
# (dates, ids and the boundary masked) byte for byte: the failing
# address itself, with "(expanded from: ALIAS)" where an alias expanded
# to it, named in X-Actual-Recipient; a block for each failure ("self:
# self, root" fails twice); an error: entry's text; a program's exit
# code ("|exit 1": reason 1, X-Unix diagnostics); the loop log lines
# too; a list half delivered bounces for the rest.  Root only: the
# real one runs in mount, network and UTS namespaces with /dev/log read
# back, as in 4020.
test_description='alias loops and self references against sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-deliver.sh"

deliver_setup fwd

cat >aliases <<\EOF
self: self, root
a1: a2
a2: a1, root
l1: l2
l2: l3
l3: l1
z1: z2, z3
z2: z3
z3: z2
k1: k2, root
k2: k3
k3: k2
bad: error:5.1.1 no such person here
bad2: error:nouser No such user
x1: y1
x2: y1
y1: root
s0: self
bq0: bin
bin: bq1
bq1: bin, root
fl1: fl2
fl2: fl1
c1: c2
c2: c3
c3: c4
c4: c5
c5: c6
c6: c7
c7: c8
c8: c9
c9: c10
c10: c11
c11: c12
c12: root
pf: "|exit 1"
mx: root, nosuch2
EOF
printf 'fl1, root\n' >fwd/daemon

# mkq DIR ID RCPT... - qfID/dfID in DIR from root@localhost to RCPTs
mkq() {
	_d=$1 _id=$2
	shift 2
	{
		printf 'V8\nT%s\nK0\nN0\nP30000\n$_root@localhost\n$rESMTP\n' "$(date +%s)"
		printf 'S<root@localhost>\n'
		for _r; do printf 'RPF:%s\n' "$_r"; done
		printf 'H?P?Return-Path: <\201g>\nH?D?Date: Mon, 23 Nov 2026 14:16:48 GMT\n'
		printf 'H?F?From: root@localhost\nH?M?Message-Id: <%s@mail.example.test>\n' "$_id"
		printf 'H??Subject: test %s\n.\n' "$_id"
	} >"$_d/qf$_id" &&
	printf 'Hello %s\n' "$_id" >"$_d/df$_id"
}
# queue DIR - one message per case
queue() {
	mkq "$1" 6ANA00000A self &&
	mkq "$1" 6ANA00000B a1 &&
	mkq "$1" 6ANA00000C l1 root &&
	mkq "$1" 6ANA00000D z1 &&
	mkq "$1" 6ANA00000E k1 &&
	mkq "$1" 6ANA00000F c1 &&
	mkq "$1" 6ANA00000G c3 &&
	mkq "$1" 6ANA00000H bad bad2 &&
	mkq "$1" 6ANA00000I x1 x2 &&
	mkq "$1" 6ANA00000J s0 &&
	mkq "$1" 6ANA00000K bq0 &&
	mkq "$1" 6ANA00000L daemon &&
	mkq "$1" 6ANA00000M nosuch &&
	mkq "$1" 6ANA00000N pf &&
	mkq "$1" 6ANA00000O mx
}
# summary - per message: the mailboxes it reached, its bounce's statuses
# and failure texts
cat >summary.py <<\PY
import mailbox, os, re, sys
out = set()
texts = re.compile(r"aliasing/forwarding loop broken( \(\d+ aliases deep; \d+ max\))?|User unknown")
for box in sorted(os.listdir("spool")):
    for m in mailbox.mbox(os.path.join("spool", box), create=False):
        if not m.is_multipart():
            out.add("%s reached %s" % (m["Subject"], box))
            continue
        subj, status, found = "?", [], set()
        for p in m.get_payload():
            t = p.get_content_type()
            if t == "message/rfc822":
                subj = p.get_payload()[0]["Subject"]
            elif t == "message/delivery-status":
                status += [b["Status"] for b in p.get_payload() if b["Status"]]
            elif t == "text/plain":
                found |= set(x.group(0) for x in texts.finditer(p.get_payload()))
        out.add("%s bounced to %s: %s; %s" % (subj, box, " ".join(sorted(set(status))),
            " | ".join(sorted(found))))
print("\n".join(sorted(out)))
PY
# bounces.py SPOOL OUT - each bounce in SPOOL, dates, ids, the boundary
# and Content-Length masked, into OUT.ID (ID: the returned message's)
cat >bounces.py <<\PY
import mailbox, os, re, sys
for box in sorted(os.listdir(sys.argv[1])):
    for m in mailbox.mbox(os.path.join(sys.argv[1], box), create=False):
        if not m.is_multipart():
            continue
        orig = [p for p in m.get_payload() if p.get_content_type() == "message/rfc822"]
        qid = orig[0].get_payload()[0]["Subject"].split()[-1] if orig else "none"
        t = m.as_string().replace(m.get_boundary(), "BOUNDARY")
        t = re.sub(r"^From MAILER-DAEMON .*", "From MAILER-DAEMON DATE", t, flags=re.M)
        t = re.sub(r"[A-Z][a-z]{2}, \d+ [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [-+A-Z0-9]+", "DATE", t)
        t = re.sub(r"<\d{12}\.[0-9A-Za-z]{14}@", "<MSGID@", t)
        t = re.sub(r"\bid [0-9A-Za-z]{14};", "id QID;", t)
        t = re.sub(r"Content-Length: \d+", "Content-Length: N", t)
        t = re.sub(r"\(8\.17[^)]*\)", "(VERSION)", t)
        with open("%s.%s" % (sys.argv[2], qid), "a") as f:
            f.write("bounce to %s\n%s" % (box, t))
PY
# in_box LOG CMD... - CMD in network, UTS and mount namespaces, syslog to LOG
in_box() {
	_log=$1
	shift
	unshare -m -n -u sh -c 'hostname mail.example.test && ip link set lo up &&
		exec sh "$SRCDIR/test/lib/with_syslog.sh" "$@"' sh "$_log" "$@"
}

test_expect_success 'the real sendmail builds the aliases and runs the queue' '
	sandbox_run "$REAL_SENDMAIL" -C t.cf -bi >bi.out &&
	queue rq &&
	in_box "$TRASH/real.log" "$REAL_SENDMAIL" -C t.cf -O QueueDirectory="$TRASH/rq" -qf >real.out 2>&1 &&
	python3 summary.py >expect &&
	python3 bounces.py spool real &&
	grep "bounced" expect &&
	rm -f spool/*
'

test_expect_success 'ours delivers and bounces the same' '
	queue oq &&
	in_box "$TRASH/ours.raw" "$SENDMAIL" -C t.cf -O QueueDirectory="$TRASH/oq" -q 2>ours.err &&
	sleep 0.5 && cat ours.err >ours.log &&
	sed -E "s/^<[0-9]+>[A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} sendmail\[[0-9]+\]: /sendmail: /" \
		ours.raw >>ours.log &&
	python3 summary.py >actual &&
	python3 bounces.py spool ours &&
	test_cmp expect actual
'

test_expect_success 'the outcomes themselves, as measured' '
	grep -x "test 6ANA00000A bounced to root: 5.1.1; User unknown" actual &&
	grep "6ANA00000A: to=self, .*stat=User unknown" ours.log >self.log &&
	test $(wc -l <self.log) = 2 &&
	grep -x "test 6ANA00000A reached root" actual &&
	grep -x "test 6ANA00000B reached root" actual &&
	grep -x "test 6ANA00000C bounced to root: 5.4.6; aliasing/forwarding loop broken" actual &&
	grep -x "test 6ANA00000D bounced to root: 5.4.6; aliasing/forwarding loop broken" actual &&
	! grep "6ANA00000E bounced" actual &&
	grep -x "test 6ANA00000F bounced to root: 5.4.6; aliasing/forwarding loop broken (11 aliases deep; 10 max)" actual &&
	grep -x "test 6ANA00000G reached root" actual &&
	grep -x "test 6ANA00000H bounced to root: 5.1.1; User unknown" actual &&
	grep -c "6ANA00000H: to=error:.*stat=User unknown" ours.log >n && test $(cat n) = 2 &&
	grep -x "test 6ANA00000K reached bin" actual &&
	grep -x "test 6ANA00000L reached daemon" actual &&
	grep -x "test 6ANA00000L reached root" actual &&
	grep -x "test 6ANA00000O bounced to root: 5.1.1; User unknown" actual &&
	grep -x "test 6ANA00000O reached root" actual &&
	! ls oq | grep qf
'

test_expect_success 'every bounce is the real one, byte for byte (masked)' '
	ls real.6ANA* >bounced &&
	test $(wc -l <bounced) = 9 &&
	for f in $(cat bounced); do
		test_cmp $f ours.${f#real.} || return 1
	done &&
	grep -x "   ----- Transcript of session follows -----" ours.6ANA00000M &&
	grep -x "550 5.1.1 nosuch... User unknown" ours.6ANA00000M &&
	grep -x "    (reason: 550 5.1.1 User unknown)" ours.6ANA00000M &&
	grep -x "X-Actual-Recipient: rfc822; nosuch@mail.example.test" ours.6ANA00000M &&
	grep -x "554 5.4.6 aliasing/forwarding loop broken" ours.6ANA00000C &&
	grep -x "Final-Recipient: RFC822; c1@mail.example.test" ours.6ANA00000F &&
	grep -x "X-Actual-Recipient: rfc822; c11@mail.example.test" ours.6ANA00000F &&
	grep -x "    (expanded from: c10)" ours.6ANA00000F &&
	grep -x "550 5.1.1 error:nouser No such user... User unknown" ours.6ANA00000H &&
	test $(grep -c "^Final-Recipient: RFC822; self@" ours.6ANA00000A) = 2 &&
	grep -x "    (reason: 1)" ours.6ANA00000N &&
	grep -x "554 5.3.0 unknown mailer error 1" ours.6ANA00000N &&
	grep -x "X-Actual-Recipient: X-Unix; |exit 1" ours.6ANA00000N &&
	grep -x "Diagnostic-Code: X-Unix; 1" ours.6ANA00000N
'

test_expect_success 'a loop is logged as the real one logs it (deliver.c)' '
	grep "6ANA00000C: .*DSN: aliasing/forwarding loop broken" real.log &&
	! grep "to=.*stat=aliasing/forwarding loop broken" real.log &&
	! grep "to=.*stat=aliasing/forwarding loop broken" ours.log &&
	grep "6ANA00000F: aliasing/forwarding loop broken:  (11 aliases deep; 10 max)\$" real.log &&
	grep "^sendmail: 6ANA00000F: aliasing/forwarding loop broken:  (11 aliases deep; 10 max)\$" ours.log
'

# expn_cmp NAME ADDR... - EXPN of each ADDR (five at most: the sixth
# would be slowed) in one -bs session of each, the replies compared
expn_cmp() {
	_n=$1
	shift
	{ printf 'EXPN %s\n' "$@"; echo QUIT; } >"$_n.in" &&
	for _b in real ours; do
		if test $_b = real; then _s=$REAL_SENDMAIL; else _s=$SENDMAIL; fi
		sandbox_run timeout 60 python3 "$SRCDIR/test/lib/smtp_dialogue.py" "$_n.in" \
			"$_s" -C t.cf -O QueueDirectory="$TRASH/$_b.q" -odq -bs |
			sed '1d; s/\r$//' >"$_n.$_b" || return 1
	done
	test_cmp "$_n.real" "$_n.ours"
}

test_expect_success 'EXPN follows the same rules (smtp_vrfy.c)' '
	mkdir -p real.q ours.q &&
	expn_cmp e1 a1 k1 self l1 z1 &&
	expn_cmp e2 c1 bq0 bin s0 bad &&
	grep -x "250 2.1.5 root <root@mail.example.test>" e1.ours &&
	grep -x "554 5.4.6 aliasing/forwarding loop broken" e1.ours &&
	grep -x "250-2.1.5 bin <bin@mail.example.test>" e2.ours
'

test_done
