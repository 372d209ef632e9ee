#!/bin/sh
# 2950-bad-config - broken input: truncated and garbage .cf lines, unknown
# options, unbalanced $( $) and $[ $], recursive rulesets, missing map files,
# 100 KiB lines in a .cf and 100 KiB addresses on -bt.  Ours must give a
# clear error (file: line N: for each line the real sendmail 8.17 refuses,
# worded as the real one words it), never crash, hang or trip a sanitizer;
# and where the real sendmail loads the file cleanly, print exactly what it
# prints.
#
# The broken files are test/data/badcf/*.cf (hand-written); long.cf is made
# here from base.cf with 100 KiB R, D and C lines.
test_description='bad configuration and hostile -bt input'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

BADCF=$SRCDIR/test/data/badcf
oracle_setup || say_diag "no oracle: only the no-crash checks run"
test_have_prereq SANDBOX ||
	test_skip_all "no network/UTS namespaces (unshare -n -u) to run sendmail hermetically"

mkdir -p etc mqueue &&
cp "$SRCDIR/test/data/mc/hosts" "$SRCDIR/test/data/mc/service.switch" etc/ &&
: >etc/statistics || exit 1
for f in "$BADCF"/*.cf; do
	sed "s|@TRASH@|$TRASH|g" "$f" >"$(basename "$f")" || exit 1
done

# big N CHAR - N bytes of CHAR
big() { awk -v n="$1" -v c="$2" 'BEGIN { s = c; while (length(s) < n) s = s s; print substr(s, 1, n) }'; }
K100=102400

# long.cf: base.cf with a 100 KiB rule, macro and class line
{
	sed '/^S0/,$d' base.cf
	printf 'S5\nR%s\t\t$@ long\n' "$(big $K100 'a.')"
	printf 'Dz%s\n' "$(big $K100 z)"
	printf 'Cy%s\n' "$(big $K100 'y ')"
	printf 'S0\nR$+\t\t$#local $: $1\n'
	grep '^M' base.cf
} >long.cf

# the same -bt input for every file: the rulesets the broken files define,
# map lookups, then 100 KiB addresses of every shape
{
	printf '%s\n' '3,0 user@example.com' '0 user < @ mail . example . test . >' \
		'10 a' '12 a' '13 a b c' '14 a' '15 a' 'loop a' '5 a' '$z' '$=y' \
		'/map access key' '/map optional key' '/map text key' '/map seq key' \
		'/map impl key' '/map host mail' '=M'
	printf '3,0 %s@example.com\n' "$(big $K100 a)"
	printf '3,0 user@%s\n' "$(big $K100 'b.')"
	printf '3,0 %s\n' "$(big $K100 '<')" "$(big $K100 '>')" "$(big $K100 '(')" \
		"$(big $K100 '"')" "$(big $K100 '\\')" "$(big $K100 '@')" \
		"$(big $K100 '<@a,')" "$(big $K100 'a!')" "$(big $K100 'a%')"
	printf '/parse %s\n' "$(big $K100 'a ')"
	printf '/try esmtp %s\n' "$(big $K100 x)"
	printf '.Dx%s\n$x\n' "$(big $K100 x)"
	printf '3,0 user@example.com\n'
} >bad.in

if test -x "$SENDMAIL" &&
   echo /quit | sandbox_run "$SENDMAIL" -bt -C base.cf >/dev/null 2>&1; then
	test_set_prereq BT
else
	say_diag "our sendmail does not answer -bt yet ($SENDMAIL); its checks are skipped"
fi

# no_crash OUT - OUT (from bt_run) shows no signal, hang or sanitizer report
no_crash() {
	_st=$(sed -n '$s/^exit //p' "$1")
	if test "$_st" -gt 128 || test "$_st" = 99 || test "$_st" = 124; then
		echo "exit status $_st: crash, sanitizer or hang" >&2
		return 1
	fi
	if grep -a -n 'Sanitizer\|runtime error:\|LeakSanitizer' "$1" >&2; then
		return 1
	fi
	return 0
}

# same_error_lines CF EXPECT ACTUAL - every "CF: line N:" of EXPECT is in ACTUAL
same_error_lines() {
	grep -a -o "^$1: line [0-9]*:" "$2" | sort -u >lines.expect
	grep -a -o "^$1: line [0-9]*:" "$3" | sort -u >lines.actual
	comm -23 lines.expect lines.actual >lines.missing
	test -s lines.missing || return 0
	echo "no error reported for:" >&2
	cat lines.missing >&2
	return 1
}

# Ours stops after listing every error of a broken .cf (DESIGN.md: "exit
# non-zero for bad configuration") where the real sendmail goes on into
# test mode, so the whole output is compared only for the files the real
# one loads without a word; for the others the error lines are.
for cf in base truncated garbage options unbalanced recursive missingmap long; do
	test_expect_success ORACLE "$cf.cf: the real sendmail runs it (harness check)" "
		bt_run \"\$REAL_SENDMAIL\" $TRASH/$cf.cf bad.in expect.$cf &&
		no_crash expect.$cf
	"
	test_expect_success BT "$cf.cf: ours neither crashes nor hangs" "
		bt_run \"\$SENDMAIL\" $TRASH/$cf.cf bad.in actual.$cf &&
		no_crash actual.$cf &&
		{ test \"\$(tail -n 1 actual.$cf)\" = 'exit 0' ||
		  test \$(wc -l <actual.$cf) -gt 1; }
	"
	case $cf in
	base|recursive)
		test_expect_success ORACLE,BT "$cf.cf: ours prints what the real sendmail prints" "
			test_cmp expect.$cf actual.$cf
		"
		;;
	*)
		test_expect_success ORACLE,BT "$cf.cf: ours reports each bad line the real one reports" "
			same_error_lines $TRASH/$cf.cf expect.$cf actual.$cf
		"
		test_expect_success ORACLE,BT "$cf.cf: ours words the errors as the real one" "
			grep -a '^$TRASH/$cf.cf: line' expect.$cf >errors.expect.$cf
			grep -a '^$TRASH/$cf.cf: line' actual.$cf >errors.actual.$cf
			test_cmp errors.expect.$cf errors.actual.$cf
		"
		;;
	esac
done

test_done
