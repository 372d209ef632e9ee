#!/bin/sh
# 8002-makemap-oracle - our makemap against the real sendmail 8.17 one:
# the same arguments and input give the same stdout, stderr and exit code;
# each reads the other's hash and btree files, and their -u dumps (hash
# order included) are byte for byte the same.
test_description='makemap differential'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/lib/oracle.sh"
. "$SRCDIR/test/data/db/lib-db.sh"

oracle_setup || test_skip_all 'the real makemap is not available'

cat >input <<\EOF
# comment
Foo bar
BAZ	Qux Quux  
 lead x
norhs
norhs2   
%pct value

k2	v
Foo dup
a:b c:d
EOF
awk 'BEGIN {
	for (i = 0; i < 3000; i++) {
		s = ""; for (j = 0; j < (i * 7) % 41; j++) s = s "X"
		v = ""; for (j = 0; j < (i * 13) % 211; j++) v = v "v"
		printf "Key%d%s value-%d %s\n", i, s, i, v
	}
}' >big
awk 'BEGIN {
	s = ""; for (i = 0; i < 3000; i++) s = s "k"; print s " v"
	print "ok 1"
	s = ""; for (i = 0; i < 1022; i++) s = s "x"; print s
	s = ""; for (i = 0; i < 1023; i++) s = s "y"; print s
	s = ""; for (i = 0; i < 1021; i++) s = s "z"; print s " w"
	s = ""; for (i = 0; i < 102400; i++) s = s "K"; print s " big"
}' >long
printf 'nonl value' >nonl
printf 'a\000b c\nd e\n' >nul
printf '\304\326X b\n\351A c\n' >latin
printf ' \n\t\n' >blank

# one test per (input, arguments) row, both programs in fresh directories
while read -r in args; do
	test_expect_success "same output, errors, exit: <$in makemap $args" "
		rm -rf r o &&
		DB_IN=\$TRASH/$in mm_diff run $args &&
		if test -f r/m.db; then
			db_run r dump \$REAL_MAKEMAP -C /dev/null -u implicit m &&
			db_run o dump \$MAKEMAP -C /dev/null -u implicit m &&
			db_same dump
		fi
	"
done <<\EOF
input
input -l
input -x
input -L
input -z
input hash
input foo m
input dbm m
input cdb m
input hash m
input btree m
input implicit m
input -v hash m
input -r btree m
input -d hash m
input -d btree m
input -N -e -f -t: hash m
input -D% hash m
input -D% -e btree m
input -t "" hash m
input -u hash m
input -o hash m
input hash nodir/m
input "" m
input -v -i btree "" m
long hash m
long -v btree m
nonl hash m
nul hash m
latin hash m
latin -f btree m
blank hash m
big hash m
big btree m
big -N hash m
EOF

test_expect_success 'a symlink, a hard link and a directory are refused alike' '
	rm -rf r o && mkdir r o &&
	for d in r o; do
		printf "a b\n" | $REAL_MAKEMAP -C /dev/null btree $d/t &&
		ln -s t.db $d/sym.db && ln $d/t.db $d/hard.db && mkdir $d/dir.db || return 1
	done &&
	mm_diff sym -u btree sym &&
	mm_diff sym2 btree sym &&
	mm_diff sym3 -s -u btree sym &&
	mm_diff hard btree hard &&
	mm_diff dir -u hash dir &&
	mm_diff wrongtype -u hash t
'

test_expect_success 'an empty .db file: -o and -u refuse it, a rebuild takes it' '
	for type in hash btree implicit; do
		for opt in -o -u ""; do
			rm -rf r o && mkdir r o && : >r/e.db && : >o/e.db &&
			DB_IN=$TRASH/input mm_diff empty $opt $type e || exit 1
		done
	done
'

# interop: each writes, both read; the dumps must match byte for byte
for type in hash btree; do
	for flags in "" "-N" "-d" "-f"; do
		test_expect_success "$type $flags: ours and the real read each other's maps" "
			\$REAL_MAKEMAP -C /dev/null $flags $type real <big &&
			\$MAKEMAP -C /dev/null $flags $type ours <big &&
			\$REAL_MAKEMAP -C /dev/null -u $type real >real.by-real &&
			\$MAKEMAP -C /dev/null -u $type real >real.by-ours &&
			\$REAL_MAKEMAP -C /dev/null -u $type ours >ours.by-real &&
			\$MAKEMAP -C /dev/null -u $type ours >ours.by-ours &&
			test_cmp real.by-real real.by-ours &&
			test_cmp real.by-real ours.by-real &&
			test_cmp real.by-real ours.by-ours &&
			test \$(wc -l <real.by-real) = 3000
		"
	done
done

test_expect_success 'the real praliases reads a map our makemap wrote with -N' '
	printf "Root admin\npostmaster root\n" | $MAKEMAP -C /dev/null -N hash pa &&
	$REAL_PRALIASES -f hash:pa >real 2>/dev/null &&
	$PRALIASES -f hash:pa >ours &&
	sort real >real.s && printf "postmaster:root\nroot:admin\n" >expect &&
	test_cmp expect real.s &&
	test_cmp real ours
'

test_expect_success 'appending (-o) to the real one'"'"'s map with ours' '
	printf "a 1\n" | $REAL_MAKEMAP -C /dev/null hash app &&
	printf "b 2\n" | $MAKEMAP -C /dev/null -o hash app &&
	$REAL_MAKEMAP -C /dev/null -u hash app >out &&
	printf "a\t1\nb\t2\n" >expect &&
	sort out >out.s &&
	test_cmp expect out.s
'

test_done
