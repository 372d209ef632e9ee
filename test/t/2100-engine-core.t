#!/bin/sh
# 2100-engine-core - the engine core (conf_read, rewrite, tokens, classes)
# on small hand-written sendmail.cf files, against the real sendmail 8.17:
# diagnostics for broken lines, rule matching and substitution, $> calls,
# loop and recursion limits, $& macros, $( $) maps, F classes, =S and $=X.
# Without the oracle only the robustness checks run.
test_description='engine core: cf reading and rewriting'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/lib/oracle.sh"

oracle_setup >/dev/null 2>&1
test_have_prereq SANDBOX && test_have_prereq ORACLE && test_set_prereq DIFF

# core_run BIN CF IN OUT - BIN -bt on CF with IN; output and "exit N" to OUT
core_run() {
	sandbox_run timeout 60 "$1" -bt -C "$2" -O QueueDirectory="$TRASH" \
		-O StatusFile="$TRASH/st" <"$3" >"$4" 2>&1
	printf "\nexit %s\n" $? >>"$4"
}

# core_diff CF IN - ours and the real one print the same, exit aside
core_diff() {
	core_run "$REAL_SENDMAIL" "$1" "$2" expect.raw &&
	core_run "$SENDMAIL" "$1" "$2" actual.raw &&
	grep -v '^exit ' expect.raw >expect &&
	grep -v '^exit ' actual.raw >actual &&
	test_cmp expect actual &&
	! grep -q 'Sanitizer' actual.raw
}

# core_diag CF - ours prints the real one's diagnostics, then exits 78
core_diag() {
	printf '/quit\n' >in.quit &&
	core_run "$REAL_SENDMAIL" "$1" in.quit expect.raw &&
	core_run "$SENDMAIL" "$1" in.quit actual.raw &&
	sed -n '/^ADDRESS TEST MODE/q;p' expect.raw >expect &&
	grep -v '^exit ' actual.raw | sed '${/^$/d;}' >actual &&
	test_cmp expect actual &&
	grep -q '^exit 78$' actual.raw
}

# cf NAME - write stdin to NAME with "^" standing for a tab
cf() {
	tr '^' '\t' >"$1"
}

cf rules.cf <<'EOF'
V10/Berkeley
Dj mail.example.test
Mlocal, P=/bin/true, F=lsDFMAw5:/|q, A=mail.local -l
CX b.c d
C{Multi} a.b.c x
C{Copy}$=X extra
SLoop
R$*^$: $1 x
SLocal_check_relay_long
R$+^$: $>Loop $1
R$*^$@ $1
Sinf
R$*^$1
S10
R$* < $=X > $*^$1 ok $2 $3
R$~X^$@ not
R$={Multi} $*^$@ multi $1 rest $2
SEmpty
SF
R$*^$@ f $1
Sskip
R$*^$@ $>Empty $>F $1
Srec
R$*^$@ $>rec x $1
Sunk
R$*^$@ $>nosuch $1
Sbad
R$*^$@ $>150 $1
Slong
R$*^$1 $1
Snet
R$*^$#local $@ h $: $1
R$*^$@ never
Sdefer
R$&x^$@ matched $&{y}
R$*^$@ $x $&x $?x yes $| no $.
Sor
R$* $| $*^$@ $2 $| $1
Squote
R$*^$: $>"F" $1
Smany
R$*^$@ $>F $>F $>F $>F $>F $>F $>F $>F $>F $>F $>F $>F $>F $>F $>F $>F $1
Sfew
R$*^$@ $>F $>F $>F $>F $>F $>F $>F $>F $>F $>F $>F $>F $>F $>F $>F $1
EOF

cat >rules.in <<'EOF'
Local_check_relay_long a
inf x
10 z <b . c> q
10 x
10 a <d>
10 a.b.c tail
10 a . b . c
skip a
rec a
unk a
bad a
long a b c
net a
defer q
.Dxrun.time
.D{y}why
defer run.time
defer other
or a $| b
=Squote
quote a
=Squote
=S10
=Snet
$=X
$={Multi}
$={Copy}
$=e
many a
few a
EOF

test_expect_success DIFF 'rules: matching, calls, limits, macros, =S' '
	core_diff rules.cf rules.in
'

cf maps.cf <<'EOF'
V10/Berkeley
Mlocal, P=/bin/true, F=lsDFMAw5:/|q, A=mail.local -l
Karith arith
Kdq dequote
Kmac macro
Fc|/bin/echo one two three
Smaps
R$*^$: $(arith + $@ 1 $@ 2 $) $(nosuch $1 $: dflt $) $(dq "a b" $) $(dq "ab" $) $(arith / $@ 1 $@ 0 $: <$1> $)
Sset
R$*^$: $(mac {x} $@ hello $) $&x
EOF
printf 'maps q r\nset a\nset b\n$=c\n=Smaps\n' >maps.in

test_expect_success DIFF 'maps: $( $) arguments and defaults, F|program' '
	core_diff maps.cf maps.in
'

cf broken.cf <<'EOF'
V10/Berkeley
R$*^x
Sfoo
R$* $( a^$: $1
R$1^$2
R$*^$@ $9
S999
S
Sfoo=3
R$* foo
Zjunk
Fw/nonexistent/file
Fw-o /nonexistent/file
HFoo
H:x
Pbad
D{}
Lfoo
Q
X
Sbar
R$*^$@ ${unclosed
R$* $* $* $* $* $* $* $* $* $*^x
R$*^$[ $( x $) $]
Qq1 bad
Qq2, Z=1
Xf1
Xf2 bad
Xf1, Z=1
D{a-b}x
D{abcdefghijklmnopqrstuvwxyz}z
R$* a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a^x
EOF

test_expect_success DIFF 'broken lines: sendmail texts, exit 78' '
	core_diag broken.cf
'

test_expect_success DIFF 'version and vendor warnings' '
	printf "V11/Foo\nMlocal, P=/bin/true, A=x\nR\$*\tx\n" >v11.cf &&
	core_diag v11.cf
'

test_expect_success 'garbage cf: a clear error, exit 78, no crash' '
	head -c 20000 /dev/urandom | tr "\000" x >garbage.cf &&
	printf "/quit\n" >in.quit &&
	core_run "$SENDMAIL" garbage.cf in.quit out &&
	grep -q "^garbage.cf: line [0-9]*: " out &&
	grep -q "^exit 78$" out &&
	! grep -q Sanitizer out
'

test_expect_success 'truncated cf lines: exit 78, no crash' '
	printf "V10\nSfoo\nR\$\nR\$*\t\$\nR\$=\nD\nC\nF\nK\nM\nO\nH\nS\nR\$*\t\$(\nR\$*\t\$>\n" >trunc.cf &&
	printf "/quit\n" >in.quit &&
	core_run "$SENDMAIL" trunc.cf in.quit out &&
	grep -q "^exit 78$" out &&
	! grep -q Sanitizer out
'

test_expect_success 'long and hostile addresses: no crash' '
	printf "V10/Berkeley\nMlocal, P=/bin/true, A=x\nSfoo\nR\$* < \$* > \$*\t\$@ \$2\nR\$*\t\$: \$1\n" >h.cf &&
	{
		printf "foo <<<<<<a\n" &&
		printf "foo %0102400d\n" 0 &&
		printf "foo %s\n" "$(printf "a.%.0s" $(seq 1 600))" &&
		printf "foo \"unclosed\n" &&
		printf "foo (((((\n" &&
		printf "foo a)))b\n"
	} >h.in &&
	core_run "$SENDMAIL" h.cf h.in out &&
	! grep -q Sanitizer out &&
	grep -q "^exit 0$" out
'

test_done
