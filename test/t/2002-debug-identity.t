#!/bin/sh
# 2002-debug-identity - -d0.1 and -d0.10: the version, compile options,
# paths and the SYSTEM IDENTITY block; the identity macros and classes
# ($w $j $m $k $_ $v ${opMode}, class w k m) as the real sendmail 8.17 sets them.
test_description='-d0.x report and the system identity'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
CF=$TRASH/minimal.cf

# identity_block FILE - the SYSTEM IDENTITY block and what follows
identity_block() {
	sed -n '/^============ SYSTEM IDENTITY/,$p' "$1"
}

test_expect_success ORACLE,SANDBOX,BT '-d0.1: the SYSTEM IDENTITY block and banner as sendmail' '
	sandbox_run "$REAL_SENDMAIL" -d0.1 -bt -C "$CF" </dev/null >real.out &&
	sandbox_run "$SENDMAIL" -d0.1 -bt -C "$CF" </dev/null >our.out &&
	identity_block real.out >expect && identity_block our.out >actual &&
	test_cmp expect actual
'

test_expect_success ORACLE,SANDBOX,BT '-d0.1: Version line, then " Compiled with:", wrapped with two tabs' '
	head -n 1 real.out >expect && head -n 1 our.out >actual && test_cmp expect actual &&
	sed -n 2p our.out | grep "^ Compiled with: " &&
	sed -n "3,/^$/p" our.out | sed "/^$/d" | grep -v "^		[A-Z]" >bad;
	test_must_fail test -s bad
'

test_expect_success ORACLE,SANDBOX,BT '-d0.10: defaults, a.k.a. and the selected cf, in sendmail order' '
	sandbox_run "$SENDMAIL" -d0.10 -bt -C "$CF" </dev/null >our10.out &&
	sandbox_run "$REAL_SENDMAIL" -d0.10 -bt -C "$CF" </dev/null >real10.out &&
	grep "^Canonical name: mail.example.test$" our10.out &&
	grep "^ UUCP nodename: mail.example.test$" our10.out &&
	grep "	a.k.a.: \[127.0.0.1\]$" our10.out &&
	grep "^     Conf file:	$CF (selected)$" our10.out &&
	grep -E "^(Canonical|  *(UUCP|a\.k\.a|Conf file:.*selected))" real10.out | sed "s/^	*//" >expect &&
	grep -E "^(Canonical|  *(UUCP|a\.k\.a|Conf file:.*selected))" our10.out | sed "s/^	*//" >actual &&
	test_cmp expect actual &&
	identity_block real10.out >expect && identity_block our10.out >actual &&
	test_cmp expect actual
'

test_expect_success ORACLE,SANDBOX,BT 'identity macros and classes as sendmail sets them' '
	printf "%s\n" "\$w" "\$j" "\$m" "\$k" "\$_" "\$v" "\${opMode}" "\${addr_type}" \
		"\$=w" "\$=k" "\$=m" >in.ident &&
	bt_diff "$CF" in.ident
'

test_done
