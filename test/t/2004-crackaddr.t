#!/bin/sh
# 2004-crackaddr - /parse's "Cracked address" line (sendmail's crackaddr:
# comments and phrase kept, the address proper replaced by $g, a phrase
# with specials quoted) against the real sendmail 8.17.
test_description='-bt /parse: crackaddr'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
CF=$TRASH/minimal.cf

cat >forms <<'EOT'
a@b
a@b (Joe)
(Joe) a@b
Joe <a@b>
"Joe Q" <a@b>
Joe Q. Public <a@b>
Joe (x) <a@b> (y)
<a@b>
a@b <c@d>
list: a, b;
<a
a>
a (b
"a
a\@b
Joe, Jr <a@b>
a@b  
a  @  b
Joe <a@b> extra
<@x:a@b>
Jo"e" <a@b>
Joe\ Q <a@b>
(a)(b) c
a@b (Joe) (Q)
EOT
sed 's|^|/parse |' forms >in.crack

test_expect_success ORACLE,SANDBOX,BT '/parse: Cracked address lines as sendmail' '
	bt_run "$REAL_SENDMAIL" "$CF" in.crack real.out &&
	bt_run "$SENDMAIL" "$CF" in.crack our.out &&
	grep "Cracked address = " real.out | sed "s/^> //" >expect &&
	grep "Cracked address = " our.out | sed "s/^> //" >actual &&
	test_cmp expect actual
'

test_done
