#!/bin/sh
# bt-rewrite.sh - benchmark: ruleset 3,0 over 100,000 addresses in one -bt run,
# ours against the real sendmail 8.17, same .cf, same sandbox.
#
#   sh test/bench/bt-rewrite.sh [MC]
#
# MC is a name in test/data/mc (default maps: access_db, virtusertable,
# mailertable, genericstable, masquerading).  The addresses are the corpus
# test/data/bt/addresses (lines of at most 256 bytes, '#' lines skipped)
# repeated in order until there are BENCH_N (100000) of them: the same input
# on every run.  Each binary runs BENCH_RUNS (3) times; the best wall time
# counts (wall clock, and user+system CPU from /usr/bin/time, steadier on a
# busy machine); the two binaries alternate.  Ours is the optimized build
# obj.<os>.<release>.<arch>/ (`sh Build` is run first), never the sanitizer
# build; set SENDMAIL to time another binary.  Prints both times and "ours/sendmail RATIO" (the target is
# 0.5 or less), and whether the two outputs are identical.  Not a test: it
# never fails on time.
SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
MC=${1:-maps}
BENCH_N=${BENCH_N:-100000}
BENCH_RUNS=${BENCH_RUNS:-3}
LC_ALL=C TZ=UTC
export LC_ALL TZ SRCDIR

# the few test-lib.sh helpers that oracle.sh and lib-bt.sh use
say() { printf '%s\n' "$*"; }
say_diag() { printf '%s\n' "$*" | sed 's/^/# /'; }
_prereqs=" "
test_set_prereq() { _prereqs="$_prereqs$1 "; }
test_have_prereq() { case "$_prereqs" in *" $1 "*) return 0 ;; esac; return 1; }
test_skip_all() { say "bt-rewrite: skipped: $*"; exit 0; }

TRASH=$(mktemp -d "${TMPDIR:-/tmp}/bench.bt-rewrite.XXXXXX") || exit 1
chmod 755 "$TRASH"
trap 'cd / && rm -rf "$TRASH"' EXIT
trap 'exit 130' INT TERM
cd "$TRASH" || exit 1

# Ours: the optimized build, brought up to date (make does nothing when it is).
if test -z "$SENDMAIL"; then
	SENDMAIL=$SRCDIR/obj.$(uname -s).$(uname -r).$(uname -m)/sendmail/sendmail
	say "bt-rewrite: sh Build (the optimized binary)"
	(cd "$SRCDIR" && sh Build) >build.log 2>&1 || {
		cat build.log
		say "bt-rewrite: sh Build failed"
		exit 1
	}
fi
export SENDMAIL

. "$SRCDIR/test/t/lib-bt.sh"
bt_setup "$MC"

grep -av '^#' "$BT_DATA/addresses" | awk 'length($0) <= 256' |
awk -v n="$BENCH_N" '{ a[NR] = $0 } END { for (i = 0; i < n; i++) print "3,0 " a[i % NR + 1] }' >bench.in

# run_time BIN OUT - "WALL CPU": seconds of one run of BIN over bench.in,
# wall clock and user+system CPU (CPU is 0 without /usr/bin/time)
run_time() {
	rm -f cpu.time
	_t0=$(date +%s.%N)
	if test -x /usr/bin/time; then
		sandbox_run /usr/bin/time -f '%U %S' -o cpu.time \
			"$1" -bt -C "$TRASH/$MC.cf" <bench.in >"$2" 2>&1
	else
		sandbox_run "$1" -bt -C "$TRASH/$MC.cf" <bench.in >"$2" 2>&1
	fi
	_t1=$(date +%s.%N)
	_cpu=$(awk '{ c = $1 + $2 } END { printf "%.3f", c + 0 }' cpu.time 2>/dev/null)
	echo "$_t0 $_t1 ${_cpu:-0}" | awk '{ printf "%.3f %.3f\n", $2 - $1, $3 }'
}

# min A B - the smaller of two times (B may be empty)
min() { echo "$1 $2" | awk '{ print ($2 == "" || $1 < $2) ? $1 : $2 }'; }

say "bt-rewrite: 3,0 over $(wc -l <bench.in) addresses, $MC.cf, best of $BENCH_RUNS"
# Ours counts only when it loads the .cf as the real one does.
echo /quit | sandbox_run "$REAL_SENDMAIL" -bt -C "$TRASH/$MC.cf" >load.real 2>&1
echo /quit | sandbox_run "$SENDMAIL" -bt -C "$TRASH/$MC.cf" >load.ours 2>&1
have_ours=
if cmp -s load.real load.ours; then
	have_ours=yes
else
	say "ours: $SENDMAIL does not load $MC.cf as sendmail does; no ratio:"
	head -n 5 load.ours
fi
# Alternate the two binaries so that a change in machine load hits both;
# the CPU times say more than the wall times on a busy machine.
real= ours= realcpu= ourscpu= i=0
while test $i -lt "$BENCH_RUNS"; do
	set -- $(run_time "$REAL_SENDMAIL" out.real)
	real=$(min "$1" "$real"); realcpu=$(min "$2" "$realcpu")
	say "  run $((i + 1)): sendmail $1 s wall, $2 s cpu"
	if test -n "$have_ours"; then
		set -- $(run_time "$SENDMAIL" out.ours)
		ours=$(min "$1" "$ours"); ourscpu=$(min "$2" "$ourscpu")
		say "  run $((i + 1)): ours     $1 s wall, $2 s cpu"
	fi
	i=$((i + 1))
done
printf '%-24s %8.3f s wall %8.3f s cpu\n' "sendmail 8.17 (Debian)" "$real" "$realcpu"
test -n "$have_ours" || exit 0
printf '%-24s %8.3f s wall %8.3f s cpu  (%s)\n' "ours" "$ours" "$ourscpu" "$SENDMAIL"
if cmp -s out.real out.ours; then
	say "outputs: identical"
else
	say "outputs: DIFFERENT ($(diff out.real out.ours | grep -c '^[<>]') lines differ)"
fi
echo "$ours $real $ourscpu $realcpu" | awk '{
	printf "ours/sendmail %.2f\n", $1 / $2
	if ($4 > 0) printf "ours/sendmail (cpu) %.2f\n", $3 / $4 }'
