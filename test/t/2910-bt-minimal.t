#!/bin/sh
# 2910-bt-minimal - -bt of minimal.mc (local and SMTP mailers only)
# against the real sendmail 8.17: the address corpus through 3,0, /parse
# and /try esmtp, and every ruleset script in test/data/bt/scripts.
test_description='-bt differential: minimal.mc'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
bt_address_tests "$TRASH/minimal.cf" 25
bt_script_tests "$TRASH/minimal.cf"
test_done
