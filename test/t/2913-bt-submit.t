#!/bin/sh
# 2913-bt-submit - -bt of submit.mc (the MSP: the msp feature relaying to
# [127.0.0.1]) against the real sendmail 8.17: the address corpus through
# 3,0, /parse and /try esmtp, and every ruleset script in
# test/data/bt/scripts.
test_description='-bt differential: submit.mc'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup submit
bt_address_tests "$TRASH/submit.cf" 25
bt_script_tests "$TRASH/submit.cf"
test_done
