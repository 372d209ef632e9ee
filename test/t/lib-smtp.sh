# lib-smtp.sh - differential SMTP server tests: ours against the real
# sendmail 8.17 in -bs mode.
#
# Sourced by test/t/4*.t after test-lib.sh; builds on lib-bt.sh (the
# oracle, the hermetic cfs made from test/data/mc, sandbox_run).
#
#   smtp_setup MC...      bt_setup MC..., Debian's helpfile into etc/ (the
#                         cfs' HelpFile), queues rq/ (real) and oq/ (ours);
#                         sets BS when our binary answers QUIT on -bs
#   smtp_run BIN Q CF SCRIPT OUT [ARGS]  SCRIPT through test/lib/smtp_dialogue.py
#                         against BIN -bs -C CF on queue Q, in the sandbox;
#                         replies (ids and dates masked) and "exit N" to OUT
#   smtp_diff NAME CF [ARGS]  NAME.in through both (queues emptied first);
#                         compare expect.NAME with actual.NAME byte for byte
#   smtp_mask             the masking filter: queue ids -> QUEUEID, the
#                         greeting's date -> DATE, qf T lines and $t stamps
#
# Every run gets -odq and -O AuthMechanisms= (the real one is built with
# SASL and would offer AUTH; we do not have AUTH yet).

. "$SRCDIR/test/t/lib-bt.sh"

SMTP_DRIVER=$SRCDIR/test/lib/smtp_dialogue.py

smtp_setup() {
	bt_setup "$@"
	cp "$REAL_ROOT/etc/mail/helpfile" "$TRASH/etc/helpfile" || exit 1
	mkdir -p "$TRASH/rq" "$TRASH/oq" || exit 1
	printf 'QUIT\n' >"$TRASH/quit.in"
	if test_have_prereq BT &&
	   smtp_run "$SENDMAIL" oq "$TRASH/minimal.cf" "$TRASH/quit.in" "$TRASH/quit.out" &&
	   grep -q '^221 ' "$TRASH/quit.out"; then
		test_set_prereq BS
	else
		say_diag "our sendmail does not answer -bs yet; SMTP tests skipped"
	fi
}

smtp_mask() {
	sed -E 's/[0-9A-Za-x]{8}[0-9]{6,}/QUEUEID/g
		s/; [A-Z][a-z]{2}, [0-9]+ [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [A-Z]+/; DATE/
		s/: [A-Z][a-z]{2}, [0-9]+ [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [A-Z]+$/: DATE/
		s/^T[0-9]+$/T/
		s/<[0-9]{12}\./<STAMP./'
}

smtp_run() {
	_bin=$1 _q=$2 _cf=$3 _s=$4 _o=$5
	shift 5
	sandbox_run timeout 300 python3 "$SMTP_DRIVER" "$_s" "$_bin" -C "$_cf" \
		-O QueueDirectory="$TRASH/$_q" -O StatusFile="$TRASH/etc/statistics" \
		-O AuthMechanisms= -odq "$@" -bs >"$_o.raw" &&
	smtp_mask <"$_o.raw" >"$_o"
}

smtp_diff() {
	_n=$1 _cf=$2
	shift 2
	rm -f "$TRASH"/rq/* "$TRASH"/oq/*
	smtp_run "$REAL_SENDMAIL" rq "$_cf" "$_n.in" "expect.$_n" "$@" &&
	smtp_run "$SENDMAIL" oq "$_cf" "$_n.in" "actual.$_n" "$@" &&
	test_cmp "expect.$_n" "actual.$_n"
}
