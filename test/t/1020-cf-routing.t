#!/bin/sh
# 1020-cf-routing - routing equivalence with Debian's sendmail-cf: for each
# test .mc, the same maps and 340+ addresses, the 3,0 resolution and the
# check_relay, check_mail and check_rcpt verdicts (for several clients)
# of our .cf equal those of the .cf Debian's m4 tree makes, both run by
# the real sendmail 8.17.
test_description='cf/ m4 tree: routing and policy equal to sendmail-cf'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/lib/oracle.sh"
oracle_setup
. "$SRCDIR/test/data/cf/compare.sh"

test_expect_success ORACLE,SANDBOX 'maps and the -bt script' '
	cf_maps &&
	cf_script >script &&
	test $(grep -c "^3,0 " script) -ge 300
'

# same NAME [MC [THEIRS-CMD]] - ours and theirs give the same results.
same() {
	cf_ours "${2:-$CF_DATA/$1.mc}" >ours.$1.cf &&
	${3:-cf_theirs} "${2:-$CF_DATA/$1.mc}" >theirs.$1.cf &&
	cf_localize ours.$1.cf && cf_localize theirs.$1.cf &&
	{ cf_bt ours.$1.cf <script >bt.ours.$1 & } &&
	cf_bt theirs.$1.cf <script >bt.theirs.$1 && wait &&
	cf_results <bt.ours.$1 >ours.$1 &&
	cf_results <bt.theirs.$1 >theirs.$1 &&
	test $(grep -c "^[0-9]*: canonify input: " theirs.$1) -ge 300 &&
	test_cmp theirs.$1 ours.$1
}

for mc in generic full smarthost relay inbound friend nullclient submit masq tlsauth hub hub2 policy nouucp delayhater openrelay; do
	desc=$(sed -n "2s/^# //p" "$CF_DATA/$mc.mc")
	test_expect_success ORACLE,SANDBOX "$mc.mc: $desc" "same $mc"
done

# The equivalence above is not vacuous: the HOWTO behaviours are there.
has() { grep -F -- "$2" "ours.$1" >/dev/null || { echo "ours.$1 lacks: $2"; return 1; }; }
test_expect_success ORACLE,SANDBOX 'the HOWTO verdicts: relaying for 192.168.1, custom refusals, routing' '
	has relay "check_rcpt input: user @ example . com => accept" &&
	has relay "check_rcpt input: user @ example . com => \$# error \$@ 5 . 7 . 1 \$: \"550 Relaying denied\"" &&
	has full "check_mail input: user @ spammer . example . org => \$# error \$@ 5 . 7 . 1 \$: 550 No spam please" &&
	has full "check_rcpt input: blocked @ example . com => \$# error \$@ 5 . 2 . 1 \$: \"550 Mailbox disabled for this recipient\"" &&
	has full "test_relay input: spam . example . net / 10 . 0 . 0 . 66 => \$# error \$: 550 Go away spammer" &&
	has full "canonify input: info @ example . com => \$# esmtp" &&
	has full "canonify input: user @ virt . example . com => \$# local \$: catchall" &&
	has full "canonify input: user @ special . example . net => \$# smtp \$@ [ 10 . 1 . 2 . 3 ]" &&
	has smarthost "canonify input: user @ example . com => \$# relay \$@ smarthost . example . net" &&
	has nullclient "canonify input: joe => \$# relay \$@ hub . example . net" &&
	has submit "canonify input: joe => \$# relay \$@ [ 127 . 0 . 0 . 1 ]"
'

for mc in sendmail submit; do
	test_expect_success ORACLE,SANDBOX "Debian's stock $mc.mc from sendmail-cf" "
		cf_debian_mc $mc >debian-$mc.mc &&
		same debian-$mc debian-$mc.mc cf_theirs_debian
	"
done

test_done
