#!/bin/sh
# 2915-bt-nullclient - -bt of nullclient.mc (everything to the hub
# relay.example.net) against the real sendmail 8.17: the address
# corpus through 3,0, /parse and /try esmtp, and every ruleset script in
# test/data/bt/scripts.
test_description='-bt differential: nullclient.mc'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup nullclient
bt_address_tests "$TRASH/nullclient.cf" 25
bt_script_tests "$TRASH/nullclient.cf"
test_done
