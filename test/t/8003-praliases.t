#!/bin/sh
# 8003-praliases - our praliases: the alias files from -f or the cf's
# AliasFile options, "key:value" lines, key lookups, and the real
# sendmail 8.17 praliases' texts and exit codes for every error.
test_description='praliases'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/lib/oracle.sh"
. "$SRCDIR/test/data/db/lib-db.sh"

oracle_setup

# an aliases.db as newaliases writes it: keys and values with their NUL
printf 'root admin@example.com, bob\npostmaster root\nmailer-daemon postmaster\n@ @\n' >al.txt
$MAKEMAP -C /dev/null -N hash aliases <al.txt
printf 'list a, b\n' | $MAKEMAP -C /dev/null btree lists

cat >p.cf <<EOF
V10
# not an alias line
O AliasWait=10
O AliasFile=$TRASH/aliases, hash:$TRASH/aliases,nis:mail.aliases, btree:$TRASH/nonexist , hash: , :foo, dbm:$TRASH/aliases,hash:-N $TRASH/aliases,btree:$TRASH/lists
OA$TRASH/aliases
EOF

test_expect_success 'all entries of -f FILE, as key:value lines' '
	$PRALIASES -f aliases | sort >out &&
	cat >expect <<-\EOF &&
	@:@
	mailer-daemon:postmaster
	postmaster:root
	root:admin@example.com, bob
	EOF
	test_cmp expect out
'

test_expect_success 'keys: found as typed or with the NUL; missing ones said on stdout' '
	$PRALIASES -f hash:aliases root nobody ROOT @ >out &&
	cat >expect <<-\EOF &&
	root:admin@example.com, bob
	nobody: No such key
	ROOT: No such key
	@:@
	EOF
	test_cmp expect out
'

test_expect_success 'usage and a missing cf' '
	test_expect_code 64 $PRALIASES -z 2>err &&
	tail -n 1 err >err.last &&
	echo "usage: praliases [-C cffile] [-f aliasfile] [key ...]" >expect &&
	test_cmp expect err.last &&
	test_expect_code 66 $PRALIASES -C "$TRASH/none.cf" 2>err &&
	echo "praliases: $TRASH/none.cf: No such file or directory" >expect &&
	test_cmp expect err
'

test_expect_success 'bad specifications: reported, exit 0' '
	$PRALIASES -f foo:bar 2>err &&
	$PRALIASES -f :bar 2>>err &&
	$PRALIASES -f hash: 2>>err &&
	$PRALIASES -f "$TRASH/nonexist" 2>>err &&
	$PRALIASES -f "btree:$TRASH/aliases" 2>>err &&
	grep -v "^WARNING: .* writable directory" err >err.mine &&
	mv err.mine err &&
	cat >expect <<-EOF &&
	praliases: Skipping non-file based alias type foo
	praliases: illegal alias specification: :bar
	praliases: illegal alias specification: hash:
	praliases: $TRASH/nonexist: open: Unknown database type
	praliases: $TRASH/aliases: open: Invalid argument
	EOF
	test_cmp expect err
'

test_expect_success 'every AliasFile spec of the cf, in order' '
	$PRALIASES -C p.cf root list >out 2>err &&
	cat >expect <<-\EOF &&
	root:admin@example.com, bob
	list: No such key
	root:admin@example.com, bob
	list: No such key
	root:admin@example.com, bob
	list: No such key
	root: No such key
	list:a, b
	root:admin@example.com, bob
	list: No such key
	EOF
	test_cmp expect out
'

# writable directories on the way: the real one warns (as root)
mkdir ww gw && chmod 777 ww && chmod 775 gw &&
cp aliases.db ww/ && cp aliases.db gw/

test_expect_success 'as root, writable directories on the way are warned about' '
	$PRALIASES -f "$TRASH/ww/aliases" >out 2>err &&
	n=$(grep -c "^WARNING: World writable directory $TRASH/ww\$" err || :) &&
	if test "$(id -u)" = 0; then test $n = 2; else test $n = 0; fi &&
	$PRALIASES -f "$TRASH/gw/aliases" >out 2>err &&
	g=$(grep -c "^WARNING: Group writable directory $TRASH/gw\$" err || :) &&
	if test "$(id -u)" = 0; then test $g = 2; else test $g = 0; fi
'

test_expect_success ORACLE 'the same as the real praliases, -f and -C' '
	T=$TRASH &&
	for args in "-f $T/aliases" "-f hash:$T/aliases root x @" \
		"-f btree:$T/lists" "-f foo:bar" "-f :bar" "-f hash:" \
		"-f $T/nonexist" "-f btree:$T/aliases" "-C $T/p.cf" \
		"-C $T/p.cf root nobody ROOT @ list" "-C $T/none.cf" "-z" "-f" \
		"-f $T/ww/aliases" "-f btree:$T/ww/aliases" "-f $T/ww/none" \
		"-f $T/gw/aliases" "-f $T/ww/../aliases"; do
		db_run r pr $REAL_PRALIASES $args &&
		db_run o pr $PRALIASES $args &&
		db_same pr || exit 1
	done
'

test_expect_success ORACLE 'the real praliases reads our maps, ours reads the real makemap'"'"'s' '
	$REAL_PRALIASES -f aliases >real 2>/dev/null &&
	$PRALIASES -f aliases >ours &&
	test_cmp real ours &&
	$REAL_MAKEMAP -C /dev/null -N hash realal <al.txt &&
	$REAL_PRALIASES -f realal >real 2>/dev/null &&
	$PRALIASES -f realal >ours &&
	test_cmp real ours
'

test_done
