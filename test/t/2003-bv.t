#!/bin/sh
# 2003-bv - sendmail -bv: each address parsed (rulesets 3, 0, 2, R=, 4)
# and reported as "addr... deliverable: mailer M, host H, user U", or with
# the error mailer's text, as the real sendmail 8.17 prints it.
test_description='-bv address verification'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
CF=$TRASH/minimal.cf

# bv_diff NAME ADDR... - -bv ADDR... in both, compared with the exit status
bv_diff() {
	_n=$1; shift
	sandbox_run "$REAL_SENDMAIL" -C "$CF" -bv "$@" </dev/null >expect.$_n 2>&1
	echo "exit $?" >>expect.$_n
	sandbox_run "$SENDMAIL" -C "$CF" -bv "$@" </dev/null >actual.$_n 2>&1
	echo "exit $?" >>actual.$_n
	test_cmp expect.$_n actual.$_n
}

i=0
for a in 'nobody' 'a@[1.2.3.4]' 'Joe <a@[1.2.3.4]>' '<nobody>' 'nobody (Nobody)' \
	'a@[1.2.3.4], b@[1.2.3.4]' 'a, b' '"quoted name"@[1.2.3.4]'; do
	i=$((i + 1))
	test_expect_success ORACLE,SANDBOX,BT "-bv '$a'" "bv_diff a$i '$a'"
done

test_expect_success ORACLE,SANDBOX,BT '-bv with several lists: blanks, then commas, duplicates, host order' '
	bv_diff multi "nobody daemon" "a@[1.2.3.9], b@[1.2.3.4], nobody" "<a@[1.2.3.9]>," "root,Root"
'

test_expect_success ORACLE,SANDBOX,BT '-bv without an address' '
	bv_diff none
'

test_expect_success ORACLE,SANDBOX,BT '-bv with 100 KiB addresses: no crash, as sendmail' '
	big=$(awk "BEGIN { s = \"a\"; while (length(s) < 102400) s = s s; print substr(s, 1, 102400) }") &&
	bv_diff big "$big@x" "<$big" "$big, b"
'

test_done
