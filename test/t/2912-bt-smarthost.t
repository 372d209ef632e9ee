#!/bin/sh
# 2912-bt-smarthost - -bt of smarthost.mc (SMART_HOST, nouucp reject,
# stickyhost, always_add_domain, OperatorChars with =) against the real
# sendmail 8.17: the address corpus through 3,0, /parse and /try esmtp,
# and every ruleset script in test/data/bt/scripts.
test_description='-bt differential: smarthost.mc'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup smarthost
bt_address_tests "$TRASH/smarthost.cf" 25
bt_script_tests "$TRASH/smarthost.cf"
test_done
