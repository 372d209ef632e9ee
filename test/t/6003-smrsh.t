#!/bin/sh
# 6003-smrsh - our smrsh: programs linked in the smrsh directory run (with
# their leading path dropped, behind "exec", joined by || and &&), others
# and shell metacharacters are refused with sendmail 8.17's texts and exit
# codes.  SMRSH_CMDDIR points ours at a directory in the trash.  As root,
# a second part runs Debian's real smrsh (which knows only
# /etc/mail/smrsh) and ours on the same commands, with a tmpfs over /etc
# in a private mount namespace, and compares every output and exit code.
test_description='smrsh'
. "$(dirname "$0")/../lib/test-lib.sh"
. "$SRCDIR/test/lib/oracle.sh"

SMRSH=$OBJDIR/smrsh/smrsh
test -x "$SMRSH" || test_skip_all "no $SMRSH"
SMRSH_CMDDIR=$TRASH/sm.bin
export SMRSH_CMDDIR

# populate.sh DIR - the programs the tests allow
cat >populate.sh <<\SH
mkdir -p "$1" &&
printf '#!/bin/sh\necho "hello $*"\n' >"$1/hello" && chmod 755 "$1/hello" &&
printf '#!/bin/sh\nenv | sort\n' >"$1/showenv" && chmod 755 "$1/showenv" &&
printf '#!/bin/sh\nexit 75\n' >"$1/tempfail" && chmod 755 "$1/tempfail" &&
ln -s /bin/cat "$1/cat" && mkdir "$1/dir" && : >"$1/noexec"
SH
sh populate.sh "$SMRSH_CMDDIR" || exit 1

# run CMD - ours, stdout and stderr in out, the exit code in rc
run() { "$SMRSH" -c "$1" >out 2>&1; echo $? >rc; }
expect_rc() { echo "$1" >expect.rc && test_cmp expect.rc rc; }

test_expect_success 'usage: 64' '
	echo "Usage: $SMRSH -c command" >expect &&
	test_expect_code 64 "$SMRSH" 2>err && test_cmp expect err &&
	test_expect_code 64 "$SMRSH" -x hello 2>err && test_cmp expect err &&
	test_expect_code 64 "$SMRSH" -c "" 2>err && test_cmp expect err &&
	test_expect_code 64 "$SMRSH" -c hello extra 2>err && test_cmp expect err
'

test_expect_success 'a listed program runs, its path dropped, with exec, || and &&' '
	run "hello a b" && expect_rc 0 && echo "hello a b" >expect && test_cmp expect out &&
	run "/usr/local/bin/hello x" && expect_rc 0 && echo "hello x" >expect && test_cmp expect out &&
	run "exec /a/b/hello y" && expect_rc 0 && echo "hello y" >expect && test_cmp expect out &&
	run "tempfail || hello fell back" && expect_rc 0 && echo "hello fell back" >expect && test_cmp expect out &&
	run "hello one && echo two" && expect_rc 0 && printf "hello one\ntwo\n" >expect && test_cmp expect out &&
	run "tempfail" && expect_rc 75 &&
	run "exit 3" && expect_rc 3 &&
	run "cat" && expect_rc 0
'

test_expect_success 'the program sees only PATH=/usr/bin:/bin' '
	FOO=bar "$SMRSH" -c showenv >out &&
	grep -v "^PWD=" out >env &&
	echo "PATH=/usr/bin:/bin" >expect && test_cmp expect env
'

test_expect_success 'programs not in the directory are refused: 69' '
	run "sh -c id" && expect_rc 69 &&
	echo "$SMRSH: \"sh\" not available for sendmail programs (stat failed)" >expect &&
	test_cmp expect out &&
	run "/bin/sh" && expect_rc 69 && test_cmp expect out &&
	run "hello || sh" && expect_rc 69 && test_cmp expect out &&
	run "dir" && expect_rc 69 &&
	echo "$SMRSH: \"dir\" not available for sendmail programs (not a file)" >expect &&
	test_cmp expect out &&
	run "noexec" && expect_rc 69 &&
	echo "$SMRSH: \"noexec\" not available for sendmail programs" >expect &&
	test_cmp expect out &&
	run "exec  " && expect_rc 69 &&
	echo "$SMRSH: missing command to exec" >expect && test_cmp expect out
'

test_expect_success 'shell metacharacters are refused: 69' '
	for c in ">" "<" ";" "\$" "(" ")" "|" "&" "\`"; do
		run "hello a${c}b" && expect_rc 69 &&
		echo "$SMRSH: cannot use $c in command" >expect &&
		test_cmp expect out || return 1
	done &&
	run "hello \"a;b\"" && expect_rc 69 &&
	run "hello a
b" && expect_rc 69 &&
	run "hello ~ a* ?" && expect_rc 0 && echo "hello ~ a* ?" >expect && test_cmp expect out
'

test_expect_success 'an overlong command is refused: 69' '
	long=$(printf "%01000d" 0) &&
	run "hello $long" && expect_rc 69 &&
	echo "$SMRSH: command too long: hello $long" >expect && test_cmp expect out
'

# the differential part: Debian's smrsh reads only /etc/mail/smrsh
test "$(id -u)" = 0 && unshare -m true 2>/dev/null && oracle_setup &&
	{ "$REAL_ROOT/usr/libexec/sendmail/smrsh" 2>/dev/null; test $? = 64; } &&
	test_set_prereq SMRSH_ORACLE

cat >cases <<\CASES
hello
hello a b
/usr/bin/hello x
exec hello y
exec /a/b/hello z
nope
hello; ls
hello > x
hello | cat
hello || exit 75
tempfail || hello x
hello && echo ok
exit 3
echo hi there
dir
noexec
cat </dev/null
hello $HOME
hello `id`
hello (x)
hello & nope
hello a* ~
  hello
exec
exec  
hello "quoted; x"
echo
exit
hello ||nope
hello &&& hello
hello || || hello
/bin/sh -c x
hello|| hello
x=1 hello
"hello"
/bin/echo b
	hello tab
showenv
CASES
awk 'BEGIN { s = ""; for (i = 0; i < 976; i++) s = s "a"; print "hello " s; print "hello " s "b"; print "exec hello " s }' >>cases

# diff.sh - both programs over every case, into diff.real and diff.ours
cat >diff.sh <<\SH
mount -t tmpfs tmpfs /etc && sh populate.sh /etc/mail/smrsh || exit 1
for n in real ours; do
	if test $n = real; then p=$REAL; else p=$SMRSH; fi
	while IFS= read -r c; do
		echo "== $c"
		SMRSH_CMDDIR=/etc/mail/smrsh "$p" -c "$c" >o 2>&1; echo "rc=$?"
		sed "s|^$p:|SMRSH:|" o
	done <cases >"diff.$n"
	for a in "" "-c" "-x foo"; do "$p" $a; echo "rc=$?"; done 2>&1 |
		sed "s| $p | SMRSH |" >>"diff.$n"
done
SH

test_expect_success SMRSH_ORACLE 'the real smrsh and ours: the same outputs and exit codes' '
	REAL=$REAL_ROOT/usr/libexec/sendmail/smrsh SMRSH=$SMRSH unshare -m sh diff.sh &&
	test_cmp diff.real diff.ours &&
	grep -c "^rc=69" diff.ours >n && test $(cat n) -gt 20
'

test_done
