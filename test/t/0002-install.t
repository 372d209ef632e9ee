#!/bin/sh
# 0002-install - `sh Build install` layout under DESTDIR.
test_description='install with DESTDIR'
. "$(dirname "$0")/../lib/test-lib.sh"

test_expect_success 'install puts sendmail setgid 2555 and the links in DESTDIR' '
	DESTDIR=$TRASH/root sh "$SRCDIR/devtools/bin/install.sh" "$OBJDIR" >log 2>&1 &&
	test -x root/usr/sbin/sendmail &&
	test "$(stat -c %a root/usr/sbin/sendmail)" = 2555 &&
	for l in newaliases mailq hoststat purgestat; do
		test "$(readlink root/usr/bin/$l)" = /usr/sbin/sendmail || return 1
	done &&
	test "$(stat -c %a root/var/spool/clientmqueue)" = 770 &&
	test "$(stat -c %a root/var/spool/mqueue)" = 700
'

test_expect_success 'sendmail is group smmsp when installed by root' '
	if test "$(id -u)" = 0; then
		test "$(stat -c %G root/usr/sbin/sendmail)" = smmsp
	fi
'

test_expect_success 'install refuses an empty build directory' '
	mkdir empty &&
	test_must_fail sh "$SRCDIR/devtools/bin/install.sh" "$TRASH/empty" 2>err &&
	grep "nothing built" err
'

test_done
