#!/bin/sh
# 2914-bt-policy - -bt of policy.mc (delay_checks, require_rdns, block_bad_helo,
# conncontrol, ratecontrol, redirect, local_lmtp, LUSER_RELAY, uucp and
# procmail mailers) against the real sendmail 8.17: the address
# corpus through 3,0, /parse and /try esmtp, and every ruleset script in
# test/data/bt/scripts.
test_description='-bt differential: policy.mc'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup policy
bt_address_tests "$TRASH/policy.cf" 25
bt_script_tests "$TRASH/policy.cf"
test_done
