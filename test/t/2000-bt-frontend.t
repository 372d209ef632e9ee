#!/bin/sh
# 2000-bt-frontend - every -bt command of the front end against the real
# sendmail 8.17: banner, prompts, comments, ruleset lists and their errors,
# .D .C $x $=x =S =M -d /tryflags /try /parse /map /mx /canon /quit.
test_description='-bt front end: commands and their errors'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/t/lib-bt.sh"

bt_setup minimal
CF=$TRASH/minimal.cf

cat >in.commands <<'EOT'
# comments, blank lines and white space print nothing but the prompt
   # indented comment

?
foo
/foo bar
$w
$j
$m
$k
$_
$v
${opMode}
${addr_type}
$s
${nosuchmacro}
$=w
$=k
$=m
$=Z
.Dxhello world
$x
.D{mymac}some value
${mymac}
.D{x}val
$x
.Cxa$jb c
$=x
.C{MyClass}one two  three
$={MyClass}
.D{abc
.D{a-b}x
.D{}x
.D
.
.X
.Dq$w
$q
$
$=
=S4
=Sfinal
=S 4
=Snosuch
=S
=
=X
=M
-x
-dfoo
-d0.1
/tryflags
/try
/try esmtp
/try foo a
/parse
/map
/map foo
/map foo bar
/mx
/canon
EOT

cat >in.rulesets <<'EOT'
nosuch a
3,nosuch root
3,,0 root
100 root
99 root
3 root
0 root
3,0 root
3,0 root, postmaster , nobody
3,0 a@[1.2.3.4]
3,0 <root>
3,0 Joe User <root>
3,0 root (Comment)
3 <a
3 a>
3 "a
3 a(b
3 (a)b
3
canonify root
parse root
final root
3,0,4 root@mail.example.test
EOT

cat >in.try <<'EOT'
/try local root
/try esmtp a@[1.2.3.4]
/try esmtp Joe <a@[1.2.3.4]>
/tryflags HS
${addr_type}
/try esmtp a@[1.2.3.4]
/try local root (Root User)
/tryflags R
${addr_type}
/try local root
/tryflags ES
/try esmtp a@[1.2.3.4]
/tryflags er
/try esmtp "Joe Q. Public" <a@[1.2.3.4]>
EOT

cat >in.parse <<'EOT'
/parse root
/parse <root>
/parse Joe <root>
/parse root (Joe)
/parse a@[1.2.3.4]
/parse |prog
/parse /file
/parse <a
/parse a, b
/parse Joe Q. Public <a@[1.2.3.4]>
/tryflags HS
/parse root
/tryflags ER
/parse root@mail.example.test
EOT

cat >in.dns <<'EOT'
/canon localhost
/canon mail
/canon foo.example.com
/mx mail.example.test
/mx example.com
/map nosuch k
EOT

cat >in.sender <<'EOT'
/sender
/sender Joe <a@[1.2.3.4]>
/sender a, b
/sender <>
/sender "|prog"
/expand $j and $$x
/expand
3 root
EOT

printf '3,0 root\n/quit\n3,0 never reached\n' >in.quit
printf '3,0 root' >in.noeol

for f in commands rulesets try parse dns sender quit noeol; do
	test_expect_success ORACLE,SANDBOX,BT "-bt $f as sendmail prints them" \
		"bt_diff '$CF' in.$f"
done

test_expect_success ORACLE,SANDBOX,BT '-bt ?: the -bt lines of HelpFile, then End of HELP info' '
	printf "?\n" >in.help &&
	sandbox_run "$REAL_SENDMAIL" -bt -C "$CF" -O HelpFile="$REAL_ROOT/etc/mail/helpfile" <in.help >expect.help &&
	sandbox_run "$SENDMAIL" -bt -C "$CF" -O HelpFile="$REAL_ROOT/etc/mail/helpfile" <in.help >actual.help &&
	test_cmp expect.help actual.help
'

test_expect_success ORACLE,SANDBOX,BT '-bt: a 100 KiB line is read in 2047-byte pieces, no crash' '
	{ printf "3 " && head -c 102400 /dev/zero | tr "\\0" a && printf "\\n3 root\\n"; } >in.long &&
	bt_diff "$CF" in.long
'

test_expect_success ORACLE,SANDBOX,BT '-bt: an address over 255 bytes is refused' '
	{ printf "3,0 " && head -c 300 /dev/zero | tr "\\0" b && printf "@x\\n"; } >in.toolong &&
	bt_diff "$CF" in.toolong
'

test_done
