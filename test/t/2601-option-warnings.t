#!/bin/sh
# 2601-option-warnings - the warnings options give on stdout, against the
# real sendmail 8.17, byte for byte: "Warning: MaxHeadersLength: headers
# length limit set lower than 16384" (each time a limit of 1..16383 is
# set, from the cf or -O), the two of MaxMimeHeaderLength (header below
# 128, field below 40), "Warning: MustQuoteChars too long, ignored." (40
# characters or more), and, once every option is set, SuperSafe=
# interactive without DeliveryMode=interactive, HostStatusDirectory with
# ConnectionCacheSize=0, SingleThreadDelivery without HostStatusDirectory;
# in -bt and before the greeting of -bs.
#
# Known difference, not compared: the real one sets -O options before it
# reads the cf, ours after; so with the same option in both, its cf
# line's warning (which the real one skips, the option being set from
# the command line) is printed by ours, and a cf line's warning comes
# before a command line's.
test_description='option warnings against sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
test_have_prereq BT || test_skip_all 'our sendmail does not load minimal.cf'
test_have_prereq ORACLE,SANDBOX || test_skip_all 'no real sendmail to compare with'
mkdir q || exit 1
sed '/^O MaxHeadersLength/d' minimal.cf >two.cf &&
printf 'O MaxHeadersLength=1000\nO MaxHeadersLength=2000\nO MaxMimeHeaderLength=100\n' >>two.cf ||
	exit 1
L39=012345678901234567890123456789012345678
L40=${L39}9

# bt BIN OUT ARGS... - "$j" through BIN -bt with ARGS; all it prints
bt() {
	_b=$1 _o=$2
	shift 2
	echo '$j' | sandbox_run "$_b" -O QueueDirectory="$TRASH/q" "$@" -bt >"$_o" 2>&1
	echo "exit $?" >>"$_o"
}

# both NAME ARGS... - the real one and ours the same; NAME.out is ours
both() {
	_n=$1
	shift
	bt "$REAL_SENDMAIL" $_n.real "$@" && bt "$SENDMAIL" $_n.out "$@" &&
	test_cmp $_n.real $_n.out
}

test_expect_success 'MaxHeadersLength below 16384: one warning each time it is set' '
	both mh1 -C minimal.cf -O MaxHeadersLength=1000 &&
	grep -x "Warning: MaxHeadersLength: headers length limit set lower than 16384" mh1.out &&
	both mh2 -C minimal.cf -O MaxHeadersLength=16383 -O MaxHeadersLength=16384 &&
	both mh3 -C minimal.cf -O MaxHeadersLength=16384 &&
	! grep Warning mh3.out &&
	both mh4 -C minimal.cf -O MaxHeadersLength=0 &&
	! grep Warning mh4.out &&
	both mh5 -C two.cf &&
	grep -c "^Warning: MaxHeadersLength" mh5.out >n && test "$(cat n)" = 2 &&
	grep "^Warning: MaxMimeHeaderLength: header length limit set lower than 128" mh5.out
'

test_expect_success 'MaxMimeHeaderLength and MustQuoteChars' '
	both mm1 -C minimal.cf -O MaxMimeHeaderLength=100/10 &&
	both mm2 -C minimal.cf -O MaxMimeHeaderLength=0/10 &&
	both mq1 -C minimal.cf -O MustQuoteChars=$L39 &&
	! grep Warning mq1.out &&
	both mq2 -C minimal.cf -O MustQuoteChars=$L40 &&
	grep -x "Warning: MustQuoteChars too long, ignored." mq2.out
'

test_expect_success 'SuperSafe, HostStatusDirectory, SingleThreadDelivery' '
	both ss1 -C minimal.cf -O SuperSafe=interactive &&
	grep -x "WARNING: SuperSafe=interactive should only be used with" ss1.out &&
	both ss2 -C minimal.cf -O SuperSafe=interactive -odi &&
	! grep WARNING ss2.out &&
	both hs1 -C minimal.cf -O HostStatusDirectory=/nonexistent -O ConnectionCacheSize=0 \
		-O SingleThreadDelivery=true -O MaxHeadersLength=10 &&
	sed -n "/^Warning/p" hs1.out >got &&
	cat >want <<-\EOF &&
	Warning: MaxHeadersLength: headers length limit set lower than 16384
	Warning: HostStatusDirectory disabled with ConnectionCacheSize = 0
	Warning: HostStatusDirectory required for SingleThreadDelivery
	EOF
	test_cmp want got
'

test_expect_success '-bs: the warnings come before the greeting' '
	printf "QUIT\r\n" >quit &&
	for b in real ours; do
		bin=$REAL_SENDMAIL && test $b = real || bin=$SENDMAIL
		sandbox_run "$bin" -C minimal.cf -O QueueDirectory="$TRASH/q" \
			-O MaxHeadersLength=100 -O SuperSafe=interactive -bs <quit >bs.$b 2>&1 ||
		return 1
		sed -E "s/; [A-Z][a-z]{2}, .*/; DATE/" bs.$b | tr -d "\r" >bs.$b.m || return 1
	done &&
	test_cmp bs.real.m bs.ours.m &&
	head -n 1 bs.ours.m | grep "^Warning: MaxHeadersLength"
'

test_done
