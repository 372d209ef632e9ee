#!/bin/sh
# 2001-cmdline - sendmail's command line: -b modes, -C, -O/-o, -d, program
# names, and what a missing or broken cf does (sendmail(8), compared with
# the real sendmail 8.17 where it answers the same way).
test_description='command line, modes and configuration errors'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
CF=$TRASH/minimal.cf

# run_both NAME ARGS... - the real sendmail and ours with ARGS, stdin empty;
# output and exit status in expect.NAME and actual.NAME
run_both() {
	_n=$1; shift
	sandbox_run "$REAL_SENDMAIL" "$@" </dev/null >expect.$_n 2>/dev/null
	echo "exit $?" >>expect.$_n
	sandbox_run "$SENDMAIL" "$@" </dev/null >actual.$_n 2>/dev/null
	echo "exit $?" >>actual.$_n
}

test_expect_success ORACLE,SANDBOX,BT '-bz: frozen configurations unsupported (EX_USAGE)' '
	run_both bz -C "$CF" -bz && test_cmp expect.bz actual.bz
'

test_expect_success ORACLE,SANDBOX,BT '-bq: invalid operation mode (EX_USAGE)' '
	run_both bq -C "$CF" -bq && test_cmp expect.bq actual.bq
'

test_expect_success ORACLE,SANDBOX,BT '-C with a missing file: line 0: cannot open (EX_OSFILE)' '
	run_both nocf -C "$TRASH/nonexistent.cf" -bt && test_cmp expect.nocf actual.nocf
'

test_expect_success ORACLE,SANDBOX,BT 'an illegal flag exits EX_USAGE' '
	run_both badflag -C "$CF" -bt -Y &&
	tail -n 1 expect.badflag >e && tail -n 1 actual.badflag >a && test_cmp e a
'

test_expect_success ORACLE,SANDBOX,BT '-O and -o are accepted and reach the options' '
	run_both opts -C "$CF" -bt -O LogLevel=12 -oL12 -OMeToo=true &&
	test_cmp expect.opts actual.opts
'

test_expect_success ORACLE,SANDBOX,BT '-M defines macros, -f and -F change nothing in -bt' '
	printf "%s\n" "\$x" "\${foo}" "\$f" "\$s" >in.M &&
	sandbox_run "$REAL_SENDMAIL" -C "$CF" -bt -Mxabc -M{foo}bar -f a@b -F "Joe Doe" <in.M >expect.M &&
	sandbox_run "$SENDMAIL" -C "$CF" -bt -Mxabc -M{foo}bar -f a@b -F "Joe Doe" <in.M >actual.M &&
	test_cmp expect.M actual.M
'

test_expect_success BT 'modes of a later issue are refused with EX_USAGE' '
	for m in a C h H m P; do
		test_expect_code 64 sandbox_run "$SENDMAIL" -C "$CF" -b$m </dev/null >out.$m ||
		return 1
	done &&
	test_expect_code 64 sandbox_run "$SENDMAIL" -C "$CF" -q30m </dev/null >out.q
'

test_expect_success ORACLE,SANDBOX,BT 'program name mailq means -bp, output as sendmail' '
	ln -s "$SENDMAIL" mailq &&
	run_both bp -C "$CF" -bp &&
	sandbox_run ./mailq -C "$CF" </dev/null >actual.mailq 2>/dev/null &&
	echo "exit $?" >>actual.mailq &&
	test_cmp expect.bp actual.mailq
'

test_expect_success ORACLE,SANDBOX,BT 'program name newaliases means -bi, output as sendmail' '
	printf "a: b\nroot: c, d\n" >aliases.txt &&
	ln -s "$SENDMAIL" newaliases &&
	sandbox_run "$REAL_SENDMAIL" -bi -C "$CF" -O AliasFile="$TRASH/aliases.txt" >expect.bi &&
	rm -f aliases.txt.db &&
	sandbox_run ./newaliases -C "$CF" -O AliasFile="$TRASH/aliases.txt" >actual.bi &&
	test_cmp expect.bi actual.bi &&
	test -s aliases.txt.db
'

test_expect_success BT 'a cf with errors: "file: line N: ..." and EX_CONFIG, no crash' '
	printf "V10/Berkeley\nXbad line\nDjmail.example.test\nS\nR\$* foo\n" >bad.cf &&
	test_expect_code 78 sandbox_run "$SENDMAIL" -C bad.cf -bt </dev/null >out.bad &&
	grep "^bad.cf: line 4: invalid ruleset name: \"\"\$" out.bad &&
	! grep "ADDRESS TEST MODE" out.bad
'

test_expect_success BT 'an unknown -O option is a configuration error (EX_CONFIG)' '
	test_expect_code 78 sandbox_run "$SENDMAIL" -C "$CF" -bt -O NoSuchOption=1 </dev/null >out.opt &&
	grep NoSuchOption out.opt
'

test_expect_success BT '-d0.1 -bt: a bare -d in test mode turns on 0-99.1 and the finis line' '
	printf -- "-d\n" | sandbox_run "$SENDMAIL" -C "$CF" -bt >out.d &&
	grep "^====finis: stat 0 " out.d
'

test_done
