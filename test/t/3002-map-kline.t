#!/bin/sh
# 3002-map-kline - bad K lines: the same "file: line N: ..." messages as
# sendmail 8.17, and no crash.  Our binary may stop at a bad configuration
# where sendmail goes on, so only the messages are compared.
test_description='maps: K line errors'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-map.sh"

map_setup

cat >"$TRASH/bad.cf" <<EOT
V10
Dj mail.example.test
O DontBlameSendmail=TrustStickyBit
Mlocal, P=/bin/true, F=lsDFMAw5:/|@qm9, S=10, R=20, A=mail.local -l
K
K_x text /a
Knoclass
Kbadclass nosuch $TRASH/x
Knofile hash
Kill text -X -l $TRASH/text.src
Kbadre regex ^(ab
Kseq sequence nosuch alsonot
Kdnsnot dns -A
Kdnsbad dns -RBOGUS
EOT
echo /quit >"$TRASH/quit.in"

test_expect_success BT 'K line errors as sendmail words them' '
	map_bt "$REAL_SENDMAIL" "$TRASH/bad.cf" "$TRASH/quit.in" real.out &&
	map_bt "$SENDMAIL" "$TRASH/bad.cf" "$TRASH/quit.in" our.out &&
	grep "^$TRASH/bad.cf: line" real.out >expect &&
	grep "^$TRASH/bad.cf: line" our.out >actual &&
	test_cmp expect actual &&
	! grep -i "sanitizer\|runtime error" our.out
'

test_done
