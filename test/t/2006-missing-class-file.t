#!/bin/sh
# 2006-missing-class-file - an F line whose file is missing is reported and
# -bt goes on, as sendmail 8.17 does (a newcomer's first cf has such lines).
test_description='missing class file'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/lib/oracle.sh"
oracle_setup

cat >x.cf <<EOF
V10
Dj mail.example.test
Fw $TRASH/no-such-file
Ft -o $TRASH/no-such-file-either
Mlocal, P=/bin/true, F=l, A=true
Scanonify=3
R\$* @ \$*	\$@ \$1 < @ \$2 >
EOF

test_expect_success 'ours goes on into -bt and exits 71' '
	echo "3 a@b" | test_expect_code 71 "$SENDMAIL" -bt -C x.cf >out 2>&1 &&
	grep "x.cf: line 3: fileclass: cannot open .*no-such-file.: " out &&
	grep "^ADDRESS TEST MODE" out &&
	grep "returns: a < @ b >" out &&
	! grep no-such-file-either out
'

test_expect_success ORACLE,SANDBOX 'the same output and exit status as the real sendmail' '
	echo "3 a@b" | sandbox_run "$REAL_SENDMAIL" -bt -C x.cf >expect 2>&1
	echo "exit $?" >>expect &&
	echo "3 a@b" | sandbox_run "$SENDMAIL" -bt -C x.cf >actual 2>&1
	echo "exit $?" >>actual &&
	test_cmp expect actual
'

test_done
