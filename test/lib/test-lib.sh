# test-lib.sh - TAP helpers for test/t/NNNN-name.t scripts (git's names).
#
# A test script sets test_description, sources this file, runs
# test_expect_success blocks and ends with test_done.  Each script runs in
# its own trash directory ($TRASH, also the cwd), removed on success.
# Commands in a block are eval'd in the trash directory; chain them with &&.
#
# Environment (set by `sh Build check`, or derived here):
#   SRCDIR      top of the source tree
#   OBJDIR      the build directory holding the binaries
#   SENDMAIL, MAKEMAP, PRALIASES   our binaries
#   SM_ORACLE_CACHE  where test/lib/oracle.sh caches the real sendmail
#
# Prerequisites: test_set_prereq NAME; test_expect_success NAME 'desc' 'cmds'
# skips (TAP "ok N # skip") when NAME is not set.  test_have_prereq NAME.

: "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
if test -z "$OBJDIR"; then
	OBJDIR=$(ls -d "$SRCDIR"/obj.*.check 2>/dev/null | head -n 1)
	test -n "$OBJDIR" || OBJDIR=$(ls -d "$SRCDIR"/obj.* 2>/dev/null | head -n 1)
fi
test -d "$OBJDIR" && OBJDIR=$(cd "$OBJDIR" && pwd)
: "${SENDMAIL:=$OBJDIR/sendmail/sendmail}"
: "${MAKEMAP:=$OBJDIR/makemap/makemap}"
: "${PRALIASES:=$OBJDIR/praliases/praliases}"
export SRCDIR OBJDIR SENDMAIL MAKEMAP PRALIASES
# Sanitizers: fail hard, no leak noise from setgid tricks.
: "${ASAN_OPTIONS:=abort_on_error=0:detect_leaks=1:exitcode=99}"
: "${UBSAN_OPTIONS:=print_stacktrace=1:halt_on_error=1:exitcode=99}"
export ASAN_OPTIONS UBSAN_OPTIONS
LC_ALL=C
TZ=UTC
export LC_ALL TZ

test_count=0
test_failed=0
test_prereqs=" "
_test_name=$(basename "$0" .t)
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/trash.$_test_name.XXXXXX") || exit 1
chmod 755 "$TRASH"
cd "$TRASH" || exit 1
HOME=$TRASH
export HOME TRASH

say() { printf '%s\n' "$*"; }
say_diag() { printf '%s\n' "$*" | sed 's/^/# /'; }

test_set_prereq() { test_prereqs="$test_prereqs$1 "; }
test_have_prereq() {
	for _p in $(printf '%s' "$1" | tr ',' ' '); do
		case "$test_prereqs" in *" $_p "*) ;; *) return 1 ;; esac
	done
	return 0
}

# test_when_finished CMD - run CMD after the current test, pass or fail.
test_when_finished() { test_cleanup="{ $*
	} && (exit \"\$eval_ret\"); eval_ret=\$?; $test_cleanup"; }

# _test_run BODY - eval BODY in a subshell, then the cleanups that
# test_when_finished registered inside it; the status is BODY's, or the
# cleanup's when a cleanup fails.
_test_run() {
	(
		test_cleanup=:
		eval "$1"
		eval_ret=$?
		eval "$test_cleanup"
		exit $eval_ret
	) >"$TRASH/.out" 2>&1 </dev/null
}

# _test_start [PREREQ] DESC - count a test; false (and a TAP skip line)
# when PREREQ is missing.  Sets _desc and _body from the arguments.
_test_start() {
	_prereq=
	if test $# = 3; then _prereq=$1; shift; fi
	_desc=$1 _body=$2
	test_count=$((test_count + 1))
	if test -n "$_prereq" && ! test_have_prereq "$_prereq"; then
		say "ok $test_count # skip $_desc (missing $_prereq)"
		return 1
	fi
	return 0
}

test_expect_success() {
	_test_start "$@" || return 0
	if _test_run "$_body"; then
		say "ok $test_count - $_desc"
	else
		test_failed=$((test_failed + 1))
		say "not ok $test_count - $_desc"
		say_diag "$_body"
		sed 's/^/# | /' "$TRASH/.out" | head -n 200
	fi
}

# test_expect_failure - a known breakage: TAP TODO, does not fail the run.
test_expect_failure() {
	_test_start "$@" || return 0
	if _test_run "$_body"; then
		say "ok $test_count - $_desc # TODO known breakage vanished"
	else
		say "not ok $test_count - $_desc # TODO known breakage"
	fi
}

test_must_fail() {
	"$@"
	_st=$?
	if test $_st = 0; then echo "test_must_fail: command succeeded: $*" >&2; return 1; fi
	if test $_st -gt 128 || test $_st = 99; then
		echo "test_must_fail: died by signal or sanitizer ($_st): $*" >&2; return 1
	fi
	return 0
}

# test_expect_code N CMD... - CMD exits with status N exactly.
test_expect_code() {
	_want=$1; shift
	"$@"
	_st=$?
	test $_st = "$_want" && return 0
	echo "test_expect_code: want $_want, got $_st: $*" >&2
	return 1
}

test_cmp() { diff -u "$1" "$2"; }

# test_skip_all REASON - skip the whole script with a clear message.
test_skip_all() {
	say "1..0 # SKIP $*"
	cd / && rm -rf "$TRASH"
	exit 0
}

test_done() {
	say "1..$test_count"
	if test $test_failed = 0; then
		cd / && rm -rf "$TRASH"
		exit 0
	fi
	say_diag "failed $test_failed of $test_count; trash kept in $TRASH"
	exit 1
}

# free_port - print a TCP port on 127.0.0.1 nobody listens on.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
