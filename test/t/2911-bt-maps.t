#!/bin/sh
# 2911-bt-maps - -bt of maps.mc (access_db, virtusertable, mailertable,
# genericstable, domaintable, masquerading, relay domains) against the real
# sendmail 8.17: the address corpus through 3,0, /parse and /try esmtp, and
# every ruleset script in test/data/bt/scripts.
test_description='-bt differential: maps.mc'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup maps
bt_address_tests "$TRASH/maps.cf" 25
bt_script_tests "$TRASH/maps.cf"
test_done
