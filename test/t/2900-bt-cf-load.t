#!/bin/sh
# 2900-bt-cf-load - .cf files made by Debian's m4 tree from test/data/mc
# load in ours exactly as in the real sendmail 8.17: no warning, and the
# same rulesets (=S), mailers (=M), classes and macros.
test_description='-bt differential: loading generated .cf files'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

test_expect_success 'the address corpus has 300+ addresses in every category' '
	test $(grep -avc "^#" "$SRCDIR/test/data/bt/addresses") -ge 300 &&
	for c in "quoted" "comments" "route" "percent" "bang" "IP literals" \
		"8-bit" "unbalanced" "long" "empty"; do
		grep -a "^# .*$c" "$SRCDIR/test/data/bt/addresses" >/dev/null || return 1
	done
'

bt_setup minimal maps smarthost submit policy nullclient
bt_cf_tests minimal maps smarthost submit policy nullclient
test_done
