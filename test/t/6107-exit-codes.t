#!/bin/sh
# 6107-exit-codes - a program mailer's exit status, every sysexits code
# (64..78), ours against the real sendmail 8.17.
#
# Aliases pN: "|exit N"; one message to all of them and root, delivered
# with -odi, and queued with -odq and then run with -q, each in fresh
# mount, network and UTS namespaces (host mail.example.test) whose
# /dev/log is read back (test/lib/with_syslog.sh).  Compared after
# masking ids and times: each "to=" line (dsn=, stat=: 64 is "dsn=5.0.0,
# stat=Command line usage error"; 71, 74 and 75 are deferred), the DSN
# line, what stays in the queue, and the bounce: each failure's reason
# (the stat= text), its transcript line (64 "500 5.0.0 Command line usage
# error", 65 "501 5.6.0 ...", 66, 67, 68, 73 and 77 "550 ..." naming the
# address, the others "554 ..." without it), its Status: (64 5.5.4, 65
# 5.5.2, 69, 70, 72, 76 and 78 5.5.0, 73 and 77 5.3.0) and its
# Diagnostic-Code ("X-Unix; N").
#
# Known differences, left out of the comparison: the real transcript
# also has lines for the deferred ones ("451 4.0.0 I/O error", "... Deferred:
# ..."), ours only the failures (dsn.c: no xf transcript); in a queue
# run, the bounce's priority (dsn.c: its size is 5 less).
test_description='a program mailer'"'"'s sysexits codes against sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
ML=$OBJDIR/mail.local/mail.local
test -x "$ML" || test_skip_all "no $ML"
test "$(id -u)" = 0 || test_skip_all 'needs root (the real sendmail in a mount namespace)'
unshare -m true 2>/dev/null || test_skip_all 'no mount namespaces'
test_have_prereq BT || test_skip_all 'our sendmail does not load minimal.cf'
test_have_prereq ORACLE || test_skip_all 'no real sendmail to compare with'

mkdir spool home rq oq && chmod 1777 spool || exit 1
sed -e "s|P=/usr/bin/procmail,|P=$ML,|" -e 's|A=procmail -a $h -d $u|A=mail.local -d $u|' \
	-e "s|^O AliasFile=.*|O AliasFile=$TRASH/aliases|" "$TRASH/minimal.cf" >t.cf &&
echo "EMAIL_LOCAL_SPOOL=$TRASH/spool" >>t.cf || exit 1
for n in $(seq 64 78); do printf 'p%s: "|exit %s"\n' $n $n; done >aliases
RCPTS="$(seq 64 78 | sed 's/^/p/' | tr '\n' ' ')root"
printf 'Subject: x\n\nbody\n' >msg

# box LOG CMD... - CMD in the namespaces, syslog appended to LOG; then
# until LOG stops growing
box() {
	_log=$1
	shift
	unshare -m -n -u sh -c 'hostname mail.example.test && ip link set lo up &&
		mount --bind "$TRASH/home" /root &&
		exec sh "$SRCDIR/test/lib/with_syslog.sh" "$@"' sh "$_log" \
		sh -c '"$@"; st=$?; n=-1; i=0
			while test $i -lt 40; do
				sleep 0.3; m=$(wc -c <"$BOX_LOG")
				test "$m" = "$n" && break; n=$m; i=$((i + 1))
			done; exit $st' sh "$@"
}

# mask - the delivery lines of a log, ids and times away
mask() {
	sed -E 's/^<[0-9]+>[A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} sendmail\[[0-9]+\]: //
		s/^sendmail: //; s/\b[0-9A-Za-z]{8}[0-9]{6}\b/QID/g
		s/delay=[0-9+:]+/delay=T/g' |
	grep -E '^QID: (to=|QID: DSN:)' | grep -v -e 'stat=queued$' -e ', reply=' | sort
}

# bounce.py: the text and the delivery-status fields of each report in
# spool/, dates away, the transcript lines of deferred deliveries left out
cat >bounce.py <<\PY
import mailbox, os, re
for box in sorted(os.listdir("spool")):
    for m in mailbox.mbox(os.path.join("spool", box), create=False):
        print("== %s: %s" % (box, m["Subject"]))
        for part in m.walk():
            ct = part.get_content_type()
            if ct == "message/delivery-status":
                for blk in part.get_payload():
                    for k, v in blk.items():
                        if not k.endswith("-Date"):
                            print("%s: %s" % (k, v))
                    print("--")
            elif ct == "text/plain" and m.is_multipart():
                for l in part.get_payload().split("\n"):
                    if re.match(r'^(451 |"\|exit 75"\.\.\. Deferred)', l):
                        continue
                    print(re.sub(r"received at .*", "received at DATE", l))
PY

# run WHO NAME ARGS... - msg through WHO (rq: the real one, oq: ours)
# with ARGS, then -q when QRUN is set; NAME.WHO: exit status, log
# lines, the queue's files; NAME.bounce.WHO: the bounce
run() {
	_w=$1 _n=$2
	shift 2
	if test $_w = rq; then _b=$REAL_SENDMAIL; else _b=$SENDMAIL; fi
	rm -rf spool/* home/* $_w/* && : >$_w.log || return 1
	BOX_LOG=$TRASH/$_w.log box "$TRASH/$_w.log" "$_b" -C t.cf \
		-O QueueDirectory="$TRASH/$_w" "$@" <msg >$_n.out.$_w 2>&1
	_st=$?
	if test -n "$QRUN"; then
		BOX_LOG=$TRASH/$_w.log box "$TRASH/$_w.log" "$_b" -C t.cf \
			-O QueueDirectory="$TRASH/$_w" -q >>$_n.out.$_w 2>&1 || return 1
	fi
	{
		echo "exit $_st"
		cat $_w.log $_n.out.$_w | mask
		ls $_w | sed -E 's/^([dq]f).*/\1QID/'
	} >$_n.$_w &&
	python3 bounce.py >$_n.bounce.$_w
}

test_expect_success 'the real sendmail builds the aliases' '
	sandbox_run "$REAL_SENDMAIL" -C t.cf -bi >bi.out &&
	grep "aliases: 15 aliases" bi.out
'

test_expect_success '-odi: each exit code logged as the real one logs it' '
	run rq i -odi -oem $RCPTS && run oq i -odi -oem $RCPTS &&
	test_cmp i.rq i.oq &&
	grep "to=\"|exit 64\", .*, dsn=5.0.0, stat=Command line usage error$" i.oq &&
	grep "to=\"|exit 71\", .*, dsn=4.0.0, stat=Operating system error$" i.oq &&
	grep "to=\"|exit 78\", .*, dsn=5.3.5, stat=Local configuration error$" i.oq &&
	grep "^qfQID" i.oq
'

test_expect_success '-odi: the bounce as the real one writes it' '
	test_cmp i.bounce.rq i.bounce.oq &&
	grep -x "    (reason: Command line usage error)" i.bounce.oq &&
	grep -x "500 5.0.0 Command line usage error" i.bounce.oq &&
	grep -x "550 5.0.0 \"|exit 77\"... Insufficient permission" i.bounce.oq &&
	grep -x "Diagnostic-Code: X-Unix; 64" i.bounce.oq &&
	sed -n "/X-Unix; |exit 65$/,/^--/p" i.bounce.oq >blk &&
	grep -x "Status: 5.5.2" blk &&
	grep -c "^Action: failed" i.bounce.oq >n && test "$(cat n)" = 12
'

test_expect_success '-odq, then -q: the same log lines and bounce' '
	QRUN=1 run rq q -odq -oem $RCPTS && QRUN=1 run oq q -odq -oem $RCPTS &&
	sed "/to=root,/s/pri=[0-9]*/pri=P/" q.rq >expect &&
	sed "/to=root,/s/pri=[0-9]*/pri=P/" q.oq >actual &&
	test_cmp expect actual &&
	test_cmp q.bounce.rq q.bounce.oq &&
	grep "to=\"|exit 64\", .*, dsn=5.0.0, stat=Command line usage error$" q.oq &&
	grep -x "Diagnostic-Code: X-Unix; 78" q.bounce.oq
'

test_done
