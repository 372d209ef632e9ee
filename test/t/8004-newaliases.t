#!/bin/sh
# 8004-newaliases - aliases.db from an aliases text (sendmail/aliases_db.c)
# against the real sendmail 8.17 -bi: the same messages, summary line and
# exit code; the same keys and values (NULs included) in the same hash
# order; and each side's praliases and makemap -u read the other's file.
test_description='newaliases differential'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/lib/oracle.sh"
. "$SRCDIR/test/data/db/lib-db.sh"

test -x "$SMDB_T" || test_skip_all "no $SMDB_T (build test/unit/smdb.t)"
oracle_setup || test_skip_all 'the real sendmail is not available'
test_have_prereq SANDBOX || test_skip_all 'no namespaces for the real sendmail'
oracle_cf oracle || test_skip_all 'no sendmail.cf from the m4 tree'

# Does our sendmail do -bi yet?  Until it does, the unit helper stands in.
printf 'a: b\n' >bi.txt
if sandbox_run "$SENDMAIL" -bi -C oracle.cf -O AliasFile="$TRASH/bi.txt" 2>/dev/null |
	grep -q 'bi.txt: 1 aliases, longest 1 bytes, 2 bytes total'; then
	test_set_prereq OUR_BI
fi

cat >sample <<\EOF
# a comment
Root: Admin@example.com, bob
postmaster: root
MAILER-DAEMON: postmaster
list: a,
  b,
	c
back: x\
y\
  z
Fred (the man) : fred
FRED: again
<Angle> : z
 angle: w

  after blank
# c
  continues the comment
last: v  
nocolon here
q: "a b" , c
"x y": 1
a\b: 2
a.b: 3
u@mail.example.test: 5
U@MAIL.example.test: 6
postmaster@localhost: 7
empty:
empty2:   
:nolhs
foo@example.org: nonlocal
a b c: multi
prog: "|/usr/bin/vacation fred"
file: /var/mail/archive
incl: :include:/etc/mail/lists/incl
EOF
awk 'BEGIN {
	for (i = 0; i < 4000; i++) {
		v = ""; for (j = 0; j < (i * 7) % 83; j++) v = v "x"
		printf "User%d: target%d@example.com, other%s\n", i, i, v
		if (i % 97 == 0) printf "  , cont%d\n", i
	}
}' >big
awk 'BEGIN {
	s = ""; for (i = 0; i < 9000; i++) s = s "a"; print s ": x"
	print "ok1: y"
	s = ""; for (i = 0; i < 8185; i++) s = s "v"; print "b: " s
	s = ""; for (i = 0; i < 8188; i++) s = s "v"; print "c: " s
	print "d: x"
	s = ""; for (i = 0; i < 5000; i++) s = s "w"; print "e: " s; print "  " s; print " next"
	print "f: ok"
	s = ""; for (i = 0; i < 102400; i++) s = s "K"; print s ": big"
	print "g: last"
}' >long
: >empty
printf 'a: b' >nonl
# address syntax errors (sendmail's usrerr, exit 64 when first)
printf '@: 4\na@: x\n@b: y\nuser@localhost.: z\n"quoted@x": q\n(c)u: c\nu(c): d\nx.y.: e\n.lead: f\na..b: g\nTab\there: h\nx y (z) w: i\na,b: k\na;b: l\nnocolon\n' >edges
printf 'nocolon\na@: x\n' >sysfirst

# na_both FILE SPECPREFIX - rebuild FILE with both, r/ real, o/ ours; in
# the prefix "-" means none and "_" a blank
na_both() {
	_p=$(printf %s "$2" | sed -e 's/^-$//' -e 's/_/ /g')
	rm -rf r o && mkdir r o &&
	cp "$1" r/al && cp "$1" o/al &&
	na_real "$_p$TRASH/r/al" r/na &&
	na_ours "$_p$TRASH/o/al" o/na &&
	sed "s#$TRASH/o/#$TRASH/r/#g" o/na.out >o/na.out.n &&
	mv o/na.out.n o/na.out &&
	test_cmp r/na.out o/na.out &&
	test_cmp r/na.rc o/na.rc
}

# cross_read TYPE - the real and our readers on both files agree
cross_read() {
	for who in r o; do
		$REAL_MAKEMAP -C /dev/null -u $1 $who/al >$who.real-dump 2>&1 &&
		$MAKEMAP -C /dev/null -u $1 $who/al >$who.our-dump 2>&1 &&
		$REAL_PRALIASES -f $1:$who/al >$who.real-pr 2>/dev/null &&
		$PRALIASES -f $1:$who/al >$who.our-pr 2>$who.our-pr.err || return 1
	done &&
	test_cmp r.real-dump o.real-dump &&
	test_cmp r.real-dump r.our-dump &&
	test_cmp r.real-dump o.our-dump &&
	test_cmp r.real-pr o.real-pr &&
	test_cmp r.real-pr r.our-pr &&
	test_cmp r.real-pr o.our-pr
}

while read -r file prefix type; do
	test_expect_success "$file, AliasFile=$prefix FILE: same messages, same database" "
		na_both $file '$prefix' &&
		cross_read $type &&
		grep -q '^@' r.real-pr
	"
done <<\EOF
sample - hash
sample hash: hash
sample hash:-N_ hash
sample hash:-A_ hash
sample btree: btree
big - hash
big btree: btree
long - hash
empty - hash
nonl - hash
edges - hash
sysfirst - hash
EOF

# An IP literal is local only when class w holds it; with DontProbeInterfaces
# the real sendmail's $=w has no [127.0.0.1], and neither has ours.
printf 'u@[127.0.0.1]: j\n' >literal
test_expect_success 'an IP literal is not a local name' '
	na_both literal - && cross_read hash
'

test_expect_success 'keys and values carry their NUL (no class given)' '
	na_both sample "" &&
	$PRALIASES -f o/al root >out &&
	echo "root:Admin@example.com, bob" >expect &&
	test_cmp expect out &&
	$REAL_PRALIASES -f o/al Root root >out 2>/dev/null &&
	printf "Root: No such key\nroot:Admin@example.com, bob\n" >expect &&
	test_cmp expect out
'

test_expect_success 'summary and exit code of a clean file' '
	printf "a: b\nlonger: x, y, z\n" >clean &&
	na_both clean "" &&
	echo "$TRASH/r/al: 2 aliases, longest 7 bytes, 15 bytes total" >expect &&
	test_cmp expect r/na.out &&
	echo "exit 0" >expect &&
	test_cmp expect o/na.rc
'

test_expect_success 'a missing alias file: said, not an error' '
	rm -rf r o && mkdir r o &&
	na_real "$TRASH/r/none" r/na &&
	na_ours "$TRASH/o/none" o/na &&
	sed "s#$TRASH/o/#$TRASH/r/#g" o/na.out >o/na.n &&
	test_cmp r/na.out o/na.n &&
	test_cmp r/na.rc o/na.rc
'

test_expect_success 'an unusable database or text: the same words, the same exit' '
	for setup in "ln -s nowhere.db al.db" "mkdir al.db" "mkdir al"; do
		rm -rf r o && mkdir r o &&
		for d in r o; do
			( cd $d && eval "$setup" && { test -d al || printf "a: b\n" >al; } ) || exit 1
		done &&
		na_real "$TRASH/r/al" r/na &&
		na_ours "$TRASH/o/al" o/na &&
		sed "s#$TRASH/o/#$TRASH/r/#g" o/na.out >o/na.n &&
		test_cmp r/na.out o/na.n &&
		test_cmp r/na.rc o/na.rc || exit 1
	done
'

test_expect_success 'bad AliasFile values: the same words, nothing rebuilt' '
	printf "a: b\n" >ok1 &&
	for spec in "foo:/x" "foo:/x,$TRASH/ok1" "hash:" "hash:,$TRASH/ok1" \
		"host:/x" "dns:/x,$TRASH/ok1" "text:/x" "$TRASH/ok1,cdb:/x" \
		"nis:x,hash:,foo:y" "nis:mail.aliases"; do
		na_real "$spec" r.bad && na_ours "$spec" o.bad &&
		test_cmp r.bad.out o.bad.out &&
		test_cmp r.bad.rc o.bad.rc || exit 1
	done &&
	! test -f ok1.db
'

test_expect_success 'two files in one AliasFile' '
	rm -rf r o && mkdir r o &&
	for d in r o; do
		cp sample $d/al && printf "x: y\n" >$d/al2 || exit 1
	done &&
	na_real "$TRASH/r/al,btree:$TRASH/r/al2" r/na &&
	na_ours "$TRASH/o/al,btree:$TRASH/o/al2" o/na &&
	sed "s#$TRASH/o/#$TRASH/r/#g" o/na.out >o/na.n &&
	test_cmp r/na.out o/na.n &&
	test_cmp r/na.rc o/na.rc &&
	$PRALIASES -f btree:o/al2 >out &&
	printf "@:@\nx:y\n" >expect &&
	test_cmp expect out
'

test_expect_success 'a text locked by another rebuild is left alone' '
	printf "a: b\n" >locked &&
	( flock -x 9 && : >held &&
	  i=0 && while ! test -f done && test $i -lt 100; do sleep 0.1; i=$((i + 1)); done
	) 9<locked &
	i=0 && while ! test -f held && test $i -lt 100; do sleep 0.1; i=$((i + 1)); done &&
	na_ours "$TRASH/locked" lk &&
	: >done &&
	wait &&
	echo "Alias file $TRASH/locked is locked (maybe being rebuilt)" >expect &&
	test_cmp expect lk.out &&
	! test -f locked.db
'

test_expect_success OUR_BI 'sendmail -bi itself rebuilds' '
	sandbox_run "$SENDMAIL" -bi -C oracle.cf -O AliasFile="$TRASH/bi.txt" >out &&
	echo "$TRASH/bi.txt: 1 aliases, longest 1 bytes, 2 bytes total" >expect &&
	test_cmp expect out
'

test_done
