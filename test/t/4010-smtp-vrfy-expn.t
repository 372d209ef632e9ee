#!/bin/sh
# 4010-smtp-vrfy-expn - VRFY and EXPN against the real sendmail 8.17 in
# -bs mode: aliases expanded (lists, nested, :include:, programs, files,
# remote and full-name members, duplicates), sendmail's member order,
# local users with their full names, the failures (unknown users,
# error: entries, unreadable :include:s, loops, MaxAliasRecursion,
# programs/files/:include:s given directly) and .forward files not
# followed.  Each session has at most five VRFY/EXPN: the real one
# sleeps after that (1 s, 2 s, 4 s ...).
test_description='VRFY and EXPN (-bs) against sendmail 8.17'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-smtp.sh"

smtp_setup minimal
M=$TRASH/minimal.cf
P3=ORACLE,SANDBOX,BS

# expn_diff NAME ADDR... - one session per two addresses, each given to
# EXPN and VRFY; every session compared with the real one
expn_diff() {
	_name=$1
	shift
	_i=0
	while test $# -gt 0; do
		_i=$((_i + 1))
		{
			printf 'EXPN %s\nVRFY %s\n' "$1" "$1"
			test $# -gt 1 && printf 'EXPN %s\nVRFY %s\n' "$2" "$2"
			echo QUIT
		} >"$_name.$_i.in"
		smtp_diff "$_name.$_i" "$M" -O AliasFile="$TRASH/etc/al.txt" \
			-O ForwardPath="$TRASH/fwd/\$u" || return 1
		shift
		test $# -gt 0 && shift
	done
	return 0
}

test_expect_success $P3 'set up aliases, :include: files and a .forward' '
	mkdir -p fwd &&
	printf "%s\n" i1@example.com "# a comment" root " i3@example.com, bin" >etc/inc.list &&
	printf "%s\n" x@b.example "\"|/bin/cat\"" root y@a.example z@c.example \
		w@a.example daemon u@B.example bin >etc/lines.list &&
	printf "%s\n" i1@example.com "# comment" "i2, root" >etc/bad.list &&
	printf "%s\n" "fwd1@example.com, \\\\daemon" >fwd/daemon &&
	cat >etc/al.txt <<-EOF &&
	single: root
	list: a@example.com, "Full Name" <b@example.com>, c@example.org (Comment), daemon
	nested: single, list, bin
	owner-list: root
	prog: "|/bin/cat"
	file: /tmp/nosuch/file
	inc: :include:$TRASH/etc/inc.list
	lines: :include:$TRASH/etc/lines.list
	badinc: :include:$TRASH/etc/bad.list
	missing: :include:$TRASH/etc/nosuch.list
	mix: x@b.example, "|/bin/cat", /tmp/f1, root, y@a.example, z@c.example, w@a.example, daemon, u@B.example, "|/bin/ab", /tmp/f0, bin
	dup: root, root, single, Root
	self: self, root
	l1: l2
	l2: l3
	l3: l1
	err: error:5.1.1 No such person here
	unknown: root, nosuchuser, a@example.com
	twoerr: nosuch1, nosuch2
	forms: x@b.example., X@B.EXAMPLE, x%y@b.example, b.example!x, <@r1.example,@r2.example:x@b.example>
	forms2: root@mail.example.test, daemon@localhost, "Q" <x.y@b.example> (cm), x@[10.1.2.3]
	bs: \\root, \\\\daemon
	fwduser: daemon
	c1: c2
	c2: c3
	c3: c4
	c4: c5
	c5: c6
	c6: c7
	c7: c8
	c8: c9
	c9: c10
	c10: c11
	c11: c12
	c12: root
	EOF
	sandbox_run "$REAL_SENDMAIL" -C "$M" -O AliasFile="$TRASH/etc/al.txt" -bi >/dev/null &&
	test -f etc/al.txt.db
'

test_expect_success $P3 'EXPN and VRFY of lists: members, their order, full names' '
	expn_diff lists single list nested owner-list mix dup forms forms2 bs
'

test_expect_success $P3 'EXPN and VRFY of programs, files and :include: files' '
	expn_diff incl prog file inc lines
'

test_expect_success $P3 'EXPN and VRFY failures: unknown users, error:, loops, depth' '
	expn_diff fail badinc missing self l1 err unknown twoerr c1 c2 c3 nosuch
'

test_expect_success $P3 'EXPN and VRFY of users, addresses, and what may not be given directly' '
	expn_diff direct root daemon Root "\\root" "<single>" "single@mail.example.test" \
		"root@example.com" Single "\"|/bin/cat\"" /tmp/x \
		":include:$TRASH/etc/inc.list" list
'

test_expect_success $P3 'EXPN does not follow .forward files' '
	expn_diff fwd fwduser daemon &&
	test $(grep -c "^250 2.1.5 daemon <daemon@mail.example.test>" actual.fwd.1) = 3
'

test_expect_success $P3 'PrivacyOptions noexpn and novrfy still refuse' '
	printf "%s\n" "EXPN list" "VRFY list" QUIT >priv.in &&
	smtp_diff priv "$M" -O AliasFile="$TRASH/etc/al.txt" -O PrivacyOptions=noexpn,novrfy &&
	grep "^502 5.7.0" actual.priv && grep "^252 2.5.2" actual.priv
'

test_done
