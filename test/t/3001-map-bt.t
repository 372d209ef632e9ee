#!/bin/sh
# 3001-map-bt - -bt's /map over every map class and K-line flag, and $( $)
# lookups from rules (arguments, defaults, -a, -T, quotes), against the
# real sendmail 8.17, byte for byte.
test_description='maps: /map and $( $) differential'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-map.sh"

map_setup

test_expect_success BT '/map: every class and flag' '
	map_diff "$TRASH/map.cf" "$TRASH/classes.in"
'

test_expect_success BT '$( $) from rules: %n, defaults, -a, -T, dequote' '
	map_diff "$TRASH/map.cf" "$TRASH/rules.in"
'

test_expect_success BT '$[ $], /canon and /mx through HostsFile' '
	map_diff "$TRASH/map.cf" "$TRASH/canon.in"
'

test_expect_success BT 'a missing map file is a message, not a crash' '
	map_bt "$SENDMAIL" "$TRASH/map.cf" "$TRASH/classes.in" out &&
	grep "hash map \"hmiss\": missing map file $TRASH/nosuch.db: No such file or directory\$" out &&
	! grep -i "sanitizer\|runtime error" out
'

test_done
