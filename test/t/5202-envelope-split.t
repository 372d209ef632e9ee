#!/bin/sh
# 5202-envelope-split - one message, several qf files, as sendmail 8.17
# splits it: by the r= of a queue group (an envelope keeps the first r=
# recipients of its group, each further r= go to a qf of their own
# under the next ids, the df shared by hard links, the same P line;
# "split: maxrcpts=..." logged), after the split by queue group; only
# an r= on the Q line splits (MaxRecipientsPerMessage does not); and by
# owner (-odq expands the aliases at submission: every owner- list other
# than the sender gets a qf of its own with the owner as its sender,
# "clone: owner=X" logged; when nothing is left to the original its id
# is not queued).  Over SMTP (-bs) the r= parts are written without
# the s flag.  The same submissions go through the real sendmail and
# ours in the sandbox with their syslog captured; the qf files (masked,
# ids named in the order they appear in the Received: line and the
# log), where they lie, the df links and the log lines must be the
# same; -bp of each queue by both; then each queue is run by its own
# sendmail, and by the other one, through our mail.local and the
# mailboxes (subject, envelope sender) compared.
#
# Not here: with -odi/-odb the real one delivers only the first
# envelope at once and leaves the parts split off for a queue run
# (measured by hand); ours delivers them all (deliver.c, test/t/5200).
test_description='envelope split by r= and by owner- list against sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
ML=$OBJDIR/mail.local/mail.local
test -x "$ML" || test_skip_all "no $ML"
test "$(id -u)" = 0 || test_skip_all 'needs root (deliveries to system users, the syslog mount)'
python3 -c 'import mailbox' 2>/dev/null || test_skip_all 'no python3 mailbox module'
for _u in daemon bin sys sync games man lp mail news nobody; do
	getent passwd $_u >/dev/null || test_skip_all "no user $_u"
done
unshare -m sh "$SRCDIR/test/lib/with_syslog.sh" "$TRASH/probe.log" logger -t probe hello \
	2>/dev/null && sleep 0.5 && grep -q hello "$TRASH/probe.log" ||
	test_skip_all 'no private /dev/log (unshare -m and a bind mount) to read the syslog'
P=ORACLE,SANDBOX,BT

# g.cf: minimal.mc delivering through our mail.local into spool/, its
# own aliases and .forward directory, two groups (small: r=2, tiny:
# r=1) chosen by the local user's name; nq.cf the same without the Q
# lines; mq.cf with "Qmqueue, r=2" added
mkdir -p spool fwd mqueue/small mqueue/tiny && chmod 1777 spool || exit 1
sed -e "s|@TRASH@|$TRASH|g" -e '/^OSTYPE/i\
QUEUE_GROUP(`small'"'"', `P=@Q@/small, r=2'"'"')dnl\
QUEUE_GROUP(`tiny'"'"', `P=@Q@/tiny, r=1'"'"')dnl' \
	"$SRCDIR/test/data/mc/minimal.mc" | sed "s|@Q@|@TRASH@/mqueue|; s|@TRASH@|$TRASH|g" >g.mc &&
printf '%s\n' LOCAL_RULESETS Squeuegroup 'R$+ @ $* small.test	$# small' \
	'R$+ @ $* tiny.test	$# tiny' 'R daemon	$# small' 'R bin	$# small' 'R sys	$# small' \
	'R sync	$# small' 'R games	$# small' 'R man	$# tiny' 'R lp	$# tiny' >>g.mc &&
real_m4 g.mc >g.m4.cf &&
sed -e "s|P=/usr/bin/procmail,|P=$ML,|" -e 's|A=procmail -a $h -d $u|A=mail.local -d $u|' \
	-e "s|^O AliasFile=.*|O AliasFile=$TRASH/aliases|" \
	-e "s|^O ForwardPath=.*|O ForwardPath=$TRASH/fwd/\$u|" g.m4.cf >g.cf &&
echo "EMAIL_LOCAL_SPOOL=$TRASH/spool" >>g.cf &&
grep -v '^Qsmall\|^Qtiny' g.cf >nq.cf &&
sed 's/^Qsmall.*/Qmqueue, r=2\n&/' g.cf >mq.cf &&
cat >aliases <<-EOF || exit 1
	l1: bin, sys, sync
	owner-l1: daemon
	l2: man, lp
	owner-l2: root
	l3: games, mail
	owner-l3: owner3@example.org
	l4: daemon, bin, sys, sync, games
	owner-l4: owner4
	owner4: news
	plain: news, mail
EOF

# canon.py LOG QUEUE [OUT...] - the split and clone lines of LOG, every qf
# of QUEUE (masked, named by its place in the tree) and the links of
# each df, then each OUT (dates masked); every queue id becomes ID<n>,
# n the order in which it first appears in the Received: line, then the
# log, then the file names
cat >canon.py <<\PY
import os, re, sys
log, queue = sys.argv[1], sys.argv[2]
IDRE = re.compile(r'\b[0-9A-Za-x]{8}[0-9]{6,}\b')
names = {}
def reg(i):
    if i not in names:
        names[i] = 'ID%d' % (len(names) + 1)
    return names[i]
def name(m):
    return reg(m.group(0))
files = []
for d, _, fs in os.walk(queue):
    for f in fs:
        files.append(os.path.join(d, f))
files.sort()
for f in files:
    if os.path.basename(f).startswith('qf'):
        m = re.search(r' id ([0-9A-Za-x]{8}[0-9]{6,})\b', open(f, errors='replace').read())
        if m:
            reg(m.group(1))
        break
lines = []
for l in open(log, errors='replace'):
    m = re.search(r'sendmail\[\d+\]: (.*(split:|clone:).*)', l)
    if m:
        lines.append(IDRE.sub(name, m.group(1)))
for f in files:
    IDRE.sub(name, os.path.basename(f))
out = lines[:]
def key(f):
    b = os.path.basename(f)
    return (int(names.get(b[2:], 'ID0')[2:]), b[:2])
for f in sorted(files, key=key):
    rel = os.path.relpath(os.path.dirname(f), queue)
    b = os.path.basename(f)
    if b.startswith('df'):
        out.append('%s/df%s links=%d' % (rel, names.get(b[2:], '?'), os.stat(f).st_nlink))
        continue
    out.append('== %s/qf%s' % (rel, names.get(b[2:], '?')))
    for l in open(f, errors='replace'):
        l = l.rstrip('\n')
        l = re.sub(r'^T\d+$', 'T', l)
        l = re.sub(r'[A-Z][a-z]{2}, \d+ [A-Z][a-z]{2} \d{4} [\d:]{8} [A-Z]+', 'DATE', l)
        l = re.sub(r'<\d{12}\.', '<STAMP.', l)
        out.append(IDRE.sub(name, l))
for x in sys.argv[3:]:
    for l in open(x, errors='replace'):
        l = re.sub(r'[A-Z][a-z]{2}, \d+ [A-Z][a-z]{2} \d{4} [\d:]{8} [-+A-Z0-9 ()]+$', 'DATE', l.rstrip('\n'))
        out.append(IDRE.sub(name, l))
print('\n'.join(out))
PY

# bin_of real|ours - the sendmail binary
bin_of() {
	if test "$1" = real; then echo "$REAL_SENDMAIL"; else echo "$SENDMAIL"; fi
}
# sub WHO CF ARGS... - a message to ARGS queued (-odq) by WHO's sendmail
# into the empty queue q.WHO (mqueue/ of the cf moved there), its syslog
# in log.WHO; the canonical picture in case.WHO
sub() {
	_w=$1 _cf=$2
	shift 2
	rm -rf q.$_w && mkdir -p q.$_w/small q.$_w/tiny && : >log.$_w &&
	sed "s|$TRASH/mqueue|$TRASH/q.$_w|g" $_cf >$_w.cf &&
	printf 'Subject: %s\n\nbody\n' "$*" |
		unshare -m -n -u sh -c 'hostname mail.example.test && ip link set lo up 2>/dev/null
			exec sh "$@"' sh "$SRCDIR/test/lib/with_syslog.sh" "$TRASH/log.$_w" \
		timeout 60 "$(bin_of $_w)" -C $_w.cf -odq "$@" >out.$_w 2>&1
	echo "exit $?" >>out.$_w &&
	sleep 0.3 &&
	python3 canon.py log.$_w q.$_w out.$_w >case.$_w
}
# sub_smtp WHO CF IN - the session of file IN through WHO's -bs (-odq),
# as sub does
sub_smtp() {
	_w=$1 _cf=$2 _in=$3
	rm -rf q.$_w && mkdir -p q.$_w/small q.$_w/tiny && : >log.$_w &&
	sed "s|$TRASH/mqueue|$TRASH/q.$_w|g" $_cf >$_w.cf &&
	unshare -m -n -u sh -c 'hostname mail.example.test && ip link set lo up 2>/dev/null
		exec sh "$@"' sh "$SRCDIR/test/lib/with_syslog.sh" "$TRASH/log.$_w" \
		timeout 60 python3 "$SRCDIR/test/lib/smtp_dialogue.py" $_in "$(bin_of $_w)" \
		-C $_w.cf -odq -O AuthMechanisms= -bs >out.$_w 2>&1
	echo "exit $?" >>out.$_w &&
	sleep 0.3 &&
	python3 canon.py log.$_w q.$_w out.$_w >case.$_w
}
# both CF ARGS... - the same submission through both; the same picture
both() {
	sub real "$@" && sub ours "$@" &&
	test_cmp case.real case.ours
}
# smtp_in USER... - an SMTP session to USERs, on stdout
smtp_in() {
	printf '%s\n' "EHLO client.example.org" "MAIL FROM:<a@mail.example.test>"
	for _u in "$@"; do
		echo "RCPT TO:<$_u>"
	done
	printf '%s\n' DATA "Subject: smtp" "" body . QUIT
}

# mbox.py DIR - each message of each mailbox in DIR: box, subject,
# envelope sender
cat >mbox.py <<\PY
import mailbox, os, sys
out = []
for f in sorted(os.listdir(sys.argv[1])):
    for m in mailbox.mbox(os.path.join(sys.argv[1], f), create=False):
        out.append('%s: %s | from %s' % (f, m['Subject'], (m.get_from() or '-').split()[0]))
print('\n'.join(sorted(out)))
PY
test_expect_success $P 'the real sendmail builds the aliases' '
	sandbox_run "$REAL_SENDMAIL" -C g.cf -bi >bi.out &&
	grep "10 aliases" bi.out
'

test_expect_success $P 'r=2: five recipients of one group make three qf files' '
	both g.cf daemon bin sys sync games &&
	grep -x "ID1: split: maxrcpts=2, rcpts=5, count=2, ids=ID2; ID3" case.ours &&
	test $(grep -c "^== small/qfID" case.ours) = 3 &&
	test $(grep -c "^small/dfID. links=3" case.ours) = 3 &&
	sed -n "/^== small\/qfID3/,/^\./p" case.ours | grep -x "RPFD:games"
'

test_expect_success $P 'r= after the split by group: each part, then the group line, then the first' '
	both g.cf root daemon bin sys man lp &&
	grep -x "ID2: split: maxrcpts=1, rcpts=2, count=1, id=ID3" case.ours &&
	grep -x "ID4: split: maxrcpts=2, rcpts=3, count=1, id=ID5" case.ours &&
	grep -x "ID1: split: count=2, ids=ID2; ID4" case.ours &&
	grep -x "== tiny/qfID3" case.ours && grep -x "== small/qfID5" case.ours &&
	both g.cf daemon bin sys man lp root &&
	both g.cf daemon bin sys sync games man lp
'

test_expect_success $P 'Qmqueue r= splits; MaxRecipientsPerMessage does not' '
	both mq.cf root mail news &&
	grep -x "ID1: split: maxrcpts=2, rcpts=3, count=1, id=ID2" case.ours &&
	both nq.cf -O MaxRecipientsPerMessage=1 root mail news &&
	! grep split case.ours &&
	both g.cf -O LogLevel=8 daemon bin sys &&
	! grep split case.ours
'

test_expect_success $P 'over SMTP (-bs) r= splits the same way, its parts without s' '
	smtp_in daemon bin sys sync games >smtp.in &&
	sub_smtp real g.cf smtp.in && sub_smtp ours g.cf smtp.in &&
	test_cmp case.real case.ours &&
	grep -x "ID1: split: maxrcpts=2, rcpts=5, count=2, ids=ID2; ID3" case.ours &&
	test $(grep -c "^Fs" case.ours) = 1 &&
	grep -x "250 2.0.0 ID1 Message accepted for delivery" case.ours &&
	smtp_in root daemon bin sys man lp >smtp2.in &&
	sub_smtp real g.cf smtp2.in && sub_smtp ours g.cf smtp2.in &&
	test_cmp case.real case.ours &&
	test $(grep -c "^Fs" case.ours) = 3
'

test_expect_success $P 'owner- lists: a qf per owner other than the sender' '
	both nq.cf l1 l3 root &&
	grep -x "ID1: ID2: clone: owner=owner3@example.org" case.ours &&
	grep -x "ID1: ID3: clone: owner=daemon" case.ours &&
	grep -x "Sowner3@example.org" case.ours &&
	both nq.cf l3 l1 plain &&
	both nq.cf l2 l1 &&
	both nq.cf l4 &&
	grep -x "Sowner4" case.ours
'

test_expect_success $P 'one list alone: its clone is queued, not the original id' '
	both nq.cf l1 &&
	grep -x "ID1: ID2: clone: owner=daemon" case.ours &&
	! grep "^== ./qfID1" case.ours &&
	grep -x "./dfID2 links=1" case.ours
'

test_expect_success $P 'the owner is the sender: no clone' '
	both nq.cf -f daemon l1 &&
	! grep clone case.ours &&
	both nq.cf -f "<daemon>" l1 &&
	grep clone case.ours
'

test_expect_success $P 'owners and groups: parts split off take their first owner' '
	both g.cf l4 root &&
	both g.cf l1 l3 root &&
	both g.cf l2 man
'

# queue_all WHO - the messages of every case below queued by WHO into
# q.WHO (kept between them)
queue_all() {
	rm -rf q.$1 && mkdir -p q.$1/small q.$1/tiny &&
	sed "s|$TRASH/mqueue|$TRASH/q.$1|g" g.cf >$1.cf &&
	for args in "daemon bin sys sync games" "root daemon bin sys man lp" "l1 l3 root" \
		"l1" "l4 root" "l2 man"; do
		printf "Subject: %s\n\nbody\n" "$args" |
			sandbox_run "$(bin_of $1)" -C $1.cf -odq $args || return 1
	done
}

test_expect_success $P '-bp: both list each queue the same' '
	queue_all real && queue_all ours &&
	for w in real ours; do
		for q in real ours; do
			sandbox_run "$(bin_of $w)" -C $q.cf -bp >bp.$q.$w 2>&1 || return 1
		done
	done &&
	test_cmp bp.real.real bp.real.ours &&
	test_cmp bp.ours.real bp.ours.ours &&
	grep "Total requests: 21" bp.ours.ours &&
	sed -E "s/^[0-9A-Za-x]{8}[0-9]{6,}/ID/; s/[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{5}/DATE/" \
		bp.real.real | sort >bp.r &&
	sed -E "s/^[0-9A-Za-x]{8}[0-9]{6,}/ID/; s/[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{5}/DATE/" \
		bp.ours.ours | sed "s|/q.ours|/q.real|" | sort >bp.o &&
	test_cmp bp.r bp.o
'

test_expect_success $P 'each queue run by its own sendmail: the same mailboxes' '
	rm -rf spool/* &&
	sandbox_run timeout 120 "$REAL_SENDMAIL" -C real.cf -qf >run.real 2>&1 &&
	python3 mbox.py spool >mb.real && rm -rf spool/* &&
	sandbox_run timeout 120 "$SENDMAIL" -C ours.cf -q >run.ours 2>&1 &&
	python3 mbox.py spool >mb.ours && rm -rf spool/* &&
	test_cmp mb.real mb.ours &&
	test -z "$(find q.real q.ours -name "[qd]f*")" &&
	grep -x "games: daemon bin sys sync games | from root" mb.ours &&
	grep -x "sync: l1 | from daemon" mb.ours &&
	grep -x "mail: l1 l3 root | from owner3@example.org" mb.ours &&
	test $(wc -l <mb.ours) = 28 &&
	! grep -E "Sanitizer|runtime error" run.ours
'

test_expect_success $P 'ours runs the real one'"'"'s queue, the real one ours: the same' '
	queue_all real && queue_all ours &&
	sandbox_run timeout 120 "$SENDMAIL" -C real.cf -q >run.x1 2>&1 &&
	python3 mbox.py spool >mb.x1 && rm -rf spool/* &&
	sandbox_run timeout 120 "$REAL_SENDMAIL" -C ours.cf -qf >run.x2 2>&1 &&
	python3 mbox.py spool >mb.x2 && rm -rf spool/* &&
	test_cmp mb.real mb.x1 &&
	test_cmp mb.real mb.x2 &&
	test -z "$(find q.real q.ours -name "[qd]f*")"
'

test_done
