#!/bin/sh
# 1010-cf-load - every .cf our tree makes loads without a warning, in the
# real sendmail 8.17 and (when it runs -bt) in ours; options match Debian's.
test_description='cf/ m4 tree: generated .cf files load cleanly'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/lib/oracle.sh"
oracle_setup
. "$SRCDIR/test/data/cf/compare.sh"

MCS="generic full smarthost relay inbound friend nullclient submit masq tlsauth hub hub2 policy nouucp"
SAMPLES="sendmail submit generic-linux smarthost nullclient"

test_expect_success 'generate our .cf for the test and sample .mc files' '
	cf_maps &&
	for n in $MCS; do
		cf_ours "$CF_DATA/$n.mc" >t-$n.cf && cf_localize t-$n.cf || return 1
	done &&
	for n in $SAMPLES; do
		cf_ours "$SRCDIR/cf/cf/$n.mc" >s-$n.cf && cf_localize s-$n.cf || return 1
	done
'

test_expect_success ORACLE 'generate our .cf for Debian stock sendmail.mc and submit.mc' '
	for n in sendmail submit; do
		cf_debian_mc $n >debian-$n.mc &&
		cf_ours debian-$n.mc >d-$n.cf && cf_localize d-$n.cf || return 1
	done
'

# The MSP runs as smmsp and Debian's MTA trusts smmta; a system without
# those users makes sendmail say so for any such .cf, ours or Debian's:
# that is the system, not the cf.
NOUSER='^$'
for u in smmsp smmta; do
	id $u >/dev/null 2>&1 || NOUSER="$NOUSER|unknown user $u\$"
done

# quiet CF - the real sendmail reads CF and says nothing but its banner.
quiet() {
	cf_bt "$1" </dev/null >out 2>&1
	grep -v "^ADDRESS TEST MODE (ruleset 3 NOT automatically invoked)\$" out |
		grep -v "^Enter <ruleset> <address>\$" | grep -v "^> *\$" |
		grep -Ev "$NOUSER" >noise
	if test -s noise; then echo "$1:"; cat noise; return 1; fi
}

test_expect_success ORACLE,SANDBOX 'the real sendmail loads each .cf without a warning' '
	for cf in t-*.cf s-*.cf d-*.cf; do quiet $cf || return 1; done
'

test_expect_success ORACLE,SANDBOX 'the active O lines equal those of Debian sendmail-cf for the same .mc' '
	for n in $MCS; do
		cf_theirs "$CF_DATA/$n.mc" >r-$n.cf &&
		grep "^O " t-$n.cf | sed "s|$TRASH/etc/|/etc/mail/|g" | sort >ours.$n &&
		grep "^O " r-$n.cf | sort >theirs.$n &&
		test_cmp theirs.$n ours.$n || return 1
	done
'

test_expect_success ORACLE,SANDBOX 'the same maps, classes and mailers as Debian sendmail-cf' '
	for n in $MCS; do
		for k in "^K" "^C" "^F" "^D[^Z]" "^M"; do
			grep "$k" t-$n.cf | sed "s|$TRASH/etc/|/etc/mail/|g" | sort >ours.$n &&
			grep "$k" r-$n.cf | grep -v "^C{Src}" | sort >theirs.$n &&
			test_cmp theirs.$n ours.$n || { echo "$n: $k"; return 1; }
		done
	done
'

test_expect_success ORACLE,SANDBOX 'each OSTYPE: loads cleanly, same options, mailers and classes as Debian sendmail-cf' '
	for os in linux debian bsd4.4 freebsd6 openbsd solaris8 solaris11 darwin; do
		printf "OSTYPE(\`%s'"'"')dnl\nDOMAIN(\`generic'"'"')dnl\nMAILER(\`local'"'"')dnl\nMAILER(\`smtp'"'"')dnl\n" \
			$os >os-$os.mc &&
		cf_ours os-$os.mc >os-$os.cf &&
		if test $os = debian; then cf_theirs_debian os-$os.mc; else cf_theirs os-$os.mc; fi >ros-$os.cf &&
		grep "^O \|^M\|^[[:space:]]*[TA]=\|^F\|^K\|^C" os-$os.cf | sort >ours.$os &&
		grep "^O \|^M\|^[[:space:]]*[TA]=\|^F\|^K\|^C" ros-$os.cf | grep -v "^C{Src}" | sort >theirs.$os &&
		test_cmp theirs.$os ours.$os &&
		cf_localize os-$os.cf && quiet os-$os.cf || { echo "OSTYPE $os"; return 1; }
	done
'

# Our binary: only once it runs -bt (in the sandbox when there is one,
# so that the host name is qualified, as for the real sendmail).
mkdir -p q
our_bt() {
	_cf=$1; shift
	if test_have_prereq SANDBOX; then
		sandbox_run timeout 60 "$SENDMAIL" -bt -C "$_cf" -O QueueDirectory="$TRASH/q" \
			-O StatusFile="$TRASH/q/st" $CF_BT_OPTS "$@"
	else
		timeout 60 "$SENDMAIL" -bt -C "$_cf" -O QueueDirectory="$TRASH/q" \
			-O StatusFile="$TRASH/q/st" $CF_BT_OPTS "$@"
	fi
}
if test -x "$SENDMAIL" && test -f t-generic.cf &&
	our_bt t-generic.cf </dev/null >/dev/null 2>&1; then
	test_set_prereq OURBT
fi

test_expect_success OURBT 'our sendmail loads each .cf without a warning' '
	for cf in t-*.cf s-*.cf d-*.cf; do
		our_bt $cf </dev/null >out 2>&1 || { cat out; return 1; }
		grep -v "^ADDRESS TEST MODE (ruleset 3 NOT automatically invoked)\$" out |
			grep -v "^Enter <ruleset> <address>\$" | grep -v "^> *\$" |
			grep -Ev "$NOUSER" >noise
		if test -s noise; then echo "$cf:"; cat noise; return 1; fi
	done
'

test_done
