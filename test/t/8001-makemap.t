#!/bin/sh
# 8001-makemap - our makemap on its own: options, dumps, diagnostics and
# exit codes as sendmail 8.17's makemap(8) has them (texts taken from the
# real one; 8002 runs both side by side).
test_description='makemap'
. "$(dirname "$0")/../lib/test-lib.sh"

MM="$MAKEMAP -C /dev/null"

test_expect_success 'usage: no arguments, one argument, three, a bad option' '
	cat >expect <<-\EOF &&
	Usage: makemap [-C cffile] [-N] [-c cachesize] [-D commentchar]
	               [-d] [-e] [-f] [-i type] [-l] [-o] [-r] [-s] [-t delimiter]
	               [-u] [-v] type mapname
	EOF
	test_expect_code 64 $MAKEMAP 2>err &&
	test_cmp expect err &&
	test_expect_code 64 $MM hash 2>err &&
	test_cmp expect err &&
	test_expect_code 64 $MM hash a b 2>err &&
	test_cmp expect err &&
	test_expect_code 64 $MM -z hash a 2>err &&
	grep "invalid option -- .z." err &&
	tail -n 3 err >err.tail &&
	test_cmp expect err.tail
'

test_expect_success '-l, -x and -L list the types' '
	printf "hash\nbtree\nimplicit\n" >expect &&
	$MAKEMAP -l >out &&
	test_cmp expect out &&
	printf "hash:db\nbtree:db\nimplicit:\n" >expect &&
	$MAKEMAP -x >out &&
	test_cmp expect out &&
	printf "cf\nCF\nhash\nbtree\nimplicit\n" >expect &&
	$MAKEMAP -L >out &&
	test_cmp expect out
'

cat >input <<\EOF
# a comment
Key1	Value One
kEy2 value two  with  spaces 
key3		tabbed

MixedCase@Example.COM	OK
EOF

test_expect_success 'hash: build, then -u dumps every pair, keys folded' '
	$MM hash map <input &&
	test -f map.db &&
	! test -f map &&
	$MM -u hash map | sort >out &&
	printf "%s\t%s\n" key1 "Value One" key2 "value two  with  spaces " \
		key3 tabbed mixedcase@example.com OK >expect &&
	test_cmp expect out
'

test_expect_success 'btree: -u dumps in key order; the name may end in .db' '
	$MM btree bt.db <input &&
	$MM -u btree bt >out &&
	printf "%s\t%s\n" key1 "Value One" key2 "value two  with  spaces " \
		key3 tabbed mixedcase@example.com OK >expect &&
	test_cmp expect out
'

test_expect_success 'implicit writes hash and reads either' '
	$MM implicit imp <input &&
	$MM -u hash imp >/dev/null &&
	$MM -u implicit bt >out &&
	test_line_count() { test $(wc -l <"$2") -eq "$1"; } &&
	test_line_count 4 out
'

test_expect_success '-f keeps case, -t sets the delimiter for input and dump' '
	printf "A:b c\nB:d\n" | $MM -f -t: btree fc &&
	$MM -u -t: btree fc >out &&
	printf "A:b c\nB:d\n" >expect &&
	test_cmp expect out &&
	$MM -u btree fc >out &&
	printf "A\tb c\nB\td\n" >expect &&
	test_cmp expect out
'

test_expect_success '-D sets the comment character, -e allows empty values' '
	printf "%%c x\n#k v\nempty\n" | $MM -D% -e btree dc &&
	$MM -u btree dc >out &&
	printf "#k\tv\nempty\t\n" >expect &&
	test_cmp expect out
'

test_expect_success 'bad lines: each reported, the good ones stored, exit 65' '
	printf " lead x\nnorhs\nnorhs2   \ngood 1\nGood 2\n" >bad &&
	test_expect_code 65 $MM hash badmap <bad 2>err &&
	cat >expect <<-\EOF &&
	makemap: badmap: line 1: syntax error (leading space)
	makemap: badmap: line 2: no RHS for LHS norhs
	makemap: badmap: line 3: no RHS for LHS norhs2
	makemap: badmap: line 5: key good: duplicate key
	EOF
	test_cmp expect err &&
	$MM -u hash badmap >out &&
	printf "good\t1\n" >expect &&
	test_cmp expect out
'

test_expect_success '-r replaces, -d keeps both' '
	printf "a 1\na 2\n" | $MM -r hash rep &&
	$MM -u hash rep >out &&
	printf "a\t2\n" >expect &&
	test_cmp expect out &&
	printf "a 1\na 2\n" | $MM -d btree dup &&
	$MM -u btree dup >out &&
	printf "a\t1\na\t2\n" >expect &&
	test_cmp expect out
'

test_expect_success '-o appends, without it the map is emptied first' '
	printf "a 1\n" | $MM btree app &&
	printf "b 2\n" | $MM -o btree app &&
	printf "a\t1\nb\t2\n" >expect &&
	$MM -u btree app >out &&
	test_cmp expect out &&
	printf "c 3\n" | $MM btree app &&
	$MM -u btree app >out &&
	printf "c\t3\n" >expect &&
	test_cmp expect out
'

test_expect_success '-o on a missing map fails as the real one does' '
	test_expect_code 73 $MM -o btree nothere </dev/null 2>err &&
	echo "makemap: error opening type btree map nothere: No such file or directory" >expect &&
	test_cmp expect err
'

test_expect_success '-v prints each pair as it is stored' '
	printf "Ab cd\n" | $MM -v hash verb >out &&
	echo "key=\`ab'"'"', val=\`cd'"'"'" >expect &&
	test_cmp expect out
'

test_expect_success '-N stores the NUL; the dump stops at it' '
	printf "k v\n" | $MM -N hash nul &&
	$MM -u hash nul >out &&
	printf "k\tv\n" >expect &&
	test_cmp expect out &&
	$PRALIASES -f hash:nul k >out &&
	echo "k:v" >expect &&
	test_cmp expect out
'

test_expect_success 'unknown and unsupported types' '
	test_expect_code 73 $MM foo m </dev/null 2>err &&
	echo "makemap: error opening type foo map m: Unknown database type" >expect &&
	test_cmp expect err &&
	test_expect_code 73 $MM dbm m </dev/null 2>err &&
	echo "makemap: Need to recompile with -DNDBM for dbm support" >expect &&
	test_cmp expect err &&
	test_expect_code 73 $MM cdb m </dev/null 2>err &&
	echo "makemap: Need to recompile with -DCDB for cdb support" >expect &&
	test_cmp expect err
'

test_expect_success 'missing map, missing directory, wrong type' '
	test_expect_code 73 $MM -u hash nothere 2>err &&
	echo "makemap: error opening type hash map nothere: No such file or directory" >expect &&
	test_cmp expect err &&
	test_expect_code 73 $MM hash nodir/m </dev/null 2>err &&
	echo "makemap: error opening type hash map nodir/m: No such file or directory" >expect &&
	test_cmp expect err &&
	test_expect_code 73 $MM -u hash bt 2>err &&
	echo "makemap: error opening type hash map bt: Invalid argument" >expect &&
	test_cmp expect err &&
	echo junk >junk.db &&
	test_expect_code 73 $MM -u implicit junk 2>err &&
	echo "makemap: error opening type implicit map junk: Unknown database type" >expect &&
	test_cmp expect err
'

test_expect_success 'links and non-files are refused unless -s' '
	ln -s bt.db sym.db &&
	test_expect_code 73 $MM -u btree sym 2>err &&
	echo "makemap: error opening type btree map sym: Symbolic links not allowed" >expect &&
	test_cmp expect err &&
	$MM -s -u btree sym >/dev/null &&
	ln bt.db hard.db &&
	test_expect_code 73 $MM btree hard </dev/null 2>err &&
	echo "makemap: error opening type btree map hard: Hard links not allowed" >expect &&
	test_cmp expect err &&
	mkdir dir.db &&
	test_expect_code 73 $MM -u hash dir 2>err &&
	echo "makemap: error opening type hash map dir: Regular files only" >expect &&
	test_cmp expect err
'

test_expect_success 'over-long lines: reported per 1023-byte chunk, the rest read on' '
	awk "BEGIN { s = \"\"; for (i = 0; i < 3000; i++) s = s \"k\"; print s \" v\"; print \"ok 1\" }" >long &&
	test_expect_code 65 $MM hash long <long 2>err &&
	cat >expect <<-\EOF &&
	makemap: long: line 1: line too long (1024 bytes max)
	makemap: long: line 2: line too long (1024 bytes max)
	EOF
	test_cmp expect err &&
	$MM -u hash long | cut -c1-3 | sort >out &&
	printf "kkk\nok\t\n" >expect &&
	test_cmp expect out
'

test_expect_success 'a 100 KiB key: errors, no crash' '
	awk "BEGIN { s = \"\"; for (i = 0; i < 102400; i++) s = s \"K\"; print s \" big\"; print \"a b\" }" >huge &&
	test_expect_code 65 $MM btree huge <huge 2>err &&
	test $(grep -c "line too long (1024 bytes max)" err) = 100 &&
	$MM -u btree huge >out &&
	test $(wc -l <out) = 2
'

test_expect_success 'a last line without newline counts' '
	printf "nonl value" | $MM hash nonl &&
	$MM -u hash nonl >out &&
	printf "nonl\tvalue\n" >expect &&
	test_cmp expect out
'

test -w /dev/full && test_set_prereq DEVFULL
test_expect_success DEVFULL 'a dump that cannot be written is an error (exit 74)' '
	test_expect_code 74 $MM -u hash map >/dev/full 2>err &&
	echo "makemap: standard output: No space left on device" >expect &&
	test_cmp expect err
'

test_expect_success 'missing cf: exit 66 when the cf is read' '
	test_expect_code 66 $MAKEMAP -C "$TRASH/nonexistent.cf" cf m </dev/null 2>err &&
	echo "makemap: $TRASH/nonexistent.cf: No such file or directory" >expect &&
	test_cmp expect err
'

test_expect_success 'type cf: the class comes from the K line naming the map' '
	cat >k.cf <<-\EOF &&
	Kaccess btree -T<TMPF> access
	Kmailertable hash -o /etc/mail/mailertable.db
	EOF
	printf "a b\n" | $MAKEMAP -C k.cf cf access &&
	$MM -u btree access >/dev/null &&
	printf "a b\n" | $MAKEMAP -C k.cf CF mailertable &&
	$MM -u hash mailertable >/dev/null &&
	test_expect_code 65 $MAKEMAP -C k.cf cf nothing </dev/null 2>err &&
	echo "makemap: mapfile nothing: not found in k.cf" >expect &&
	test_cmp expect err &&
	printf "a b\n" | $MAKEMAP -C k.cf -i btree cf nothing &&
	$MM -u btree nothing >/dev/null
'

if test "$(id -u)" = 0 && id nobody >/dev/null 2>&1; then
	test_set_prereq ROOT
fi

test_expect_success ROOT 'as root, the map goes to the TrustedUser' '
	echo "O TrustedUser=nobody" >t.cf &&
	printf "a b\n" | $MAKEMAP -C t.cf hash owned &&
	test "$(stat -c %U owned.db)" = nobody &&
	echo "O TrustedUser=nosuchuser" >t2.cf &&
	printf "a b\n" | $MAKEMAP -C t2.cf hash owned2 2>err &&
	echo "TrustedUser: unknown user nosuchuser" >expect &&
	test_cmp expect err &&
	test "$(stat -c %U owned2.db)" = root
'

test_expect_success 'a map being written is locked against a second writer' '
	printf "a b\n" | $MM hash locked &&
	( flock -x 9 && : >held && sleep 1 && : >released ) 9<locked.db &
	i=0 && while ! test -f held && test $i -lt 100; do sleep 0.1; i=$((i + 1)); done &&
	test -f held &&
	printf "c d\n" | $MM hash locked &&
	test -f released &&
	wait
'

test_done
