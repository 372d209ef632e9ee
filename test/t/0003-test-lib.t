#!/bin/sh
# 0003-test-lib - the test harness itself: cleanups, prerequisites, TODO.
test_description='test-lib.sh'
. "$(dirname "$0")/../lib/test-lib.sh"

test_expect_success 'test_when_finished runs after success and failure, and a failing cleanup fails' '
	cat >inner.t <<-EOT &&
	. "$SRCDIR/test/lib/test-lib.sh"
	test_expect_success "a" "test_when_finished \"echo ran >$TRASH/c1\" && true"
	test_expect_success "b" "test_when_finished \"echo ran >$TRASH/c2\" && false"
	test_expect_success "c" "test_when_finished false && true"
	test_done
	EOT
	test_must_fail sh inner.t >out &&
	test -f c1 && test -f c2 &&
	grep "^ok 1 - a" out && grep "^not ok 2 - b" out && grep "^not ok 3 - c" out
'

test_expect_success 'a missing prerequisite skips' '
	cat >inner.t <<-\EOT &&
	. "$SRCDIR/test/lib/test-lib.sh"
	test_expect_success NOPE "x" "false"
	test_done
	EOT
	sh inner.t >out &&
	grep "^ok 1 # skip x (missing NOPE)" out
'

test_done
