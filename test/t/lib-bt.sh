# lib-bt.sh - differential -bt tests: ours against the real sendmail 8.17.
#
# Sourced by test/t/29*.t after test-lib.sh.  It fetches the oracle
# (test/lib/oracle.sh), makes a hermetic mail settings tree in the trash
# directory, generates .cf files from test/data/mc/*.mc with Debian's m4
# tree, builds the maps with the real makemap, and runs both binaries in
# sandbox_run (host name mail.example.test, no network) on the same input.
#
#   bt_setup MC...       skip everything unless ORACLE and SANDBOX; make
#                        etc/, the maps and MC.cf for each MC (a name in
#                        test/data/mc without .mc); set BT when our binary
#                        answers `echo /quit | sendmail -bt -C minimal.cf`.
#   bt_run BIN CF IN OUT run BIN -bt -C CF <IN >OUT 2>&1 in the sandbox and
#                        append "exit N" (124: killed after $BT_TIMEOUT, 60 s)
#   bt_diff CF IN        run the real sendmail and ours on IN, compare
#                        byte for byte (expect.IN / actual.IN)
#   bt_chunks N          split test/data/bt/addresses (without its '#'
#                        lines) into chunk.01 ... of N addresses each;
#                        prints the chunk names
#   bt_mode_input MODE CHUNK OUT  prefix every line of CHUNK with MODE
#   bt_address_tests CF N   one test per chunk of N addresses per mode
#                        (3,0, /parse, /try esmtp)
#   bt_script_tests CF   one test per test/data/bt/scripts/*.bt
#   bt_dump_input CF OUT a -bt script printing every =S, =M, $= and $ of CF
#   bt_cf_tests MC...    per MC.cf: the real one loads it silently; ours
#                        loads it identically and dumps it identically
#
# Every path the .cf names is under the trash directory ("@TRASH@" in the
# .mc files); name lookups go to etc/hosts through etc/service.switch
# ("hosts files"), never to DNS.  Set SENDMAIL to the real wrapper
# ($SM_ORACLE_CACHE/bin/sendmail) to check the harness itself.

. "$SRCDIR/test/lib/oracle.sh"

BT_DATA=$SRCDIR/test/data/bt
BT_MC=$SRCDIR/test/data/mc
BT_MODES="3,0 /parse /try_esmtp"

# bt_makemap TYPE NAME - build etc/NAME.db from test/data/mc/NAME with the
# real makemap (its "World writable directory /tmp" warnings go to
# etc/makemap.err; it reads no /etc/mail/sendmail.cf thanks to -C)
bt_makemap() {
	grep -v '^#' "$BT_MC/$2" |
	"$REAL_MAKEMAP" -C "$TRASH/etc/makemap.cf" "$1" "$TRASH/etc/$2" \
		2>>"$TRASH/etc/makemap.err"
}

bt_setup() {
	oracle_setup ||
		test_skip_all "the real sendmail 8.17 could not be fetched (apt-get download failed)"
	test_have_prereq SANDBOX ||
		test_skip_all "no network/UTS namespaces (unshare -n -u) to run sendmail hermetically"
	mkdir -p "$TRASH/etc" "$TRASH/mqueue" "$TRASH/clientmqueue" || exit 1
	for _f in hosts service.switch local-host-names; do
		cp "$BT_MC/$_f" "$TRASH/etc/$_f" || exit 1
	done
	: >"$TRASH/etc/statistics"
	: >"$TRASH/etc/aliases"
	: >"$TRASH/etc/makemap.cf"
	for _m in access virtusertable mailertable genericstable domaintable; do
		bt_makemap hash $_m || {
			say_diag "the real makemap failed on $_m"
			cat "$TRASH/etc/makemap.err" >&2
			exit 1
		}
	done
	# minimal.cf is always made: it is what BT is probed with, so that a
	# .cf ours cannot load fails its tests instead of skipping them.
	for _mc in minimal "$@"; do
		test -f "$TRASH/$_mc.cf" && continue
		sed "s|@TRASH@|$TRASH|g" "$BT_MC/$_mc.mc" >"$TRASH/$_mc.mc" &&
		real_m4 "$TRASH/$_mc.mc" >"$TRASH/$_mc.cf" 2>"$TRASH/$_mc.m4err" || {
			say_diag "Debian's m4 tree failed on $_mc.mc"
			cat "$TRASH/$_mc.m4err" >&2
			exit 1
		}
	done
	if test -x "$SENDMAIL" &&
	   echo /quit | sandbox_run timeout 60 "$SENDMAIL" -bt -C "$TRASH/minimal.cf" \
		>/dev/null 2>&1; then
		test_set_prereq BT
	else
		say_diag "our sendmail does not answer -bt on minimal.cf yet ($SENDMAIL); differential tests skipped"
	fi
}

bt_run() {
	sandbox_run timeout "${BT_TIMEOUT:-60}" "$1" -bt -C "$2" <"$3" >"$4" 2>&1
	echo "exit $?" >>"$4"
}

bt_diff() {
	_in=$(basename "$2")
	bt_run "$REAL_SENDMAIL" "$1" "$2" "expect.$_in" &&
	bt_run "$SENDMAIL" "$1" "$2" "actual.$_in" &&
	test_cmp "expect.$_in" "actual.$_in"
}

bt_chunks() {
	grep -av '^#' "$BT_DATA/addresses" |
	awk -v n="$1" '{ f = sprintf("chunk.%02d", int((NR - 1) / n) + 1); print >f }
		END { for (i = 1; i <= int((NR - 1) / n) + 1; i++) printf "chunk.%02d\n", i }'
}

bt_mode_input() {
	case $1 in
	/try_esmtp) _p="/try esmtp " ;;
	*) _p="$1 " ;;
	esac
	awk -v p="$_p" '{ print p $0 }' "$2" >"$3"
}

bt_address_tests() {
	_cf=$1
	_cfn=$(basename "$1" .cf)
	for _c in $(bt_chunks "$2"); do
		_n=${_c#chunk.}
		_first=$(( (${_n#0} - 1) * $2 + 1 ))
		_last=$(( _first + $(wc -l <"$_c") - 1 ))
		for _m in $BT_MODES; do
			_tag=$(printf '%s' "$_m" | tr -c 'A-Za-z0-9\n' '_')
			bt_mode_input "$_m" "$_c" "in.$_cfn.$_tag.${_c#chunk.}"
			test_expect_success ORACLE,SANDBOX,BT \
				"$_cfn.cf: $(echo "$_m" | tr _ ' ') addresses $_first-$_last" \
				"bt_diff '$_cf' in.$_cfn.$_tag.${_c#chunk.}"
		done
	done
}

bt_script_tests() {
	_cfn=$(basename "$1" .cf)
	for _s in "$BT_DATA"/scripts/*.bt; do
		_b=$(basename "$_s" .bt)
		cp "$_s" "in.$_cfn.$_b"
		test_expect_success ORACLE,SANDBOX,BT "$_cfn.cf: script $_b" \
			"bt_diff '$1' in.$_cfn.$_b"
	done
}

# bt_dump_input CF OUT - a -bt script printing what CF defines: every
# ruleset (=S), the mailers (=M), every class ($=) and macro ($) it names
bt_dump_input() {
	{
		sed -n 's/^S\([A-Za-z0-9_]*\).*/=S\1/p' "$1"
		echo =M
		sed -n 's/^[CF]\({[^}]*}\).*/$=\1/p; s/^[CF]\([A-Za-z]\).*/$=\1/p' "$1" | sort -u
		sed -n 's/^D\({[^}]*}\).*/$\1/p; s/^D\([A-Za-z]\).*/$\1/p' "$1" | sort -u
	} >"$2"
}

# bt_cf_tests MC... - for each MC.cf: it loads in ours exactly as in the
# real sendmail (-bt </dev/null), the real one loads it with no warning
# (harness check), and its rulesets, mailers, classes and macros print the same
bt_cf_tests() {
	printf '%s\n' 'ADDRESS TEST MODE (ruleset 3 NOT automatically invoked)' \
		'Enter <ruleset> <address>' '> exit 0' >banner.expect
	for _mc in "$@"; do
		: >"in.$_mc.empty"
		bt_dump_input "$TRASH/$_mc.cf" "in.$_mc.dump"
		test_expect_success ORACLE,SANDBOX "$_mc.cf: the real sendmail loads it without a word" "
			bt_run \"\$REAL_SENDMAIL\" '$TRASH/$_mc.cf' in.$_mc.empty real.$_mc.empty &&
			test_cmp banner.expect real.$_mc.empty
		"
		test_expect_success ORACLE,SANDBOX,BT "$_mc.cf: loads in ours as in sendmail (-bt </dev/null)" \
			"bt_diff '$TRASH/$_mc.cf' in.$_mc.empty"
		test_expect_success ORACLE,SANDBOX,BT "$_mc.cf: =S, =M, \$= and \$ print as in sendmail" \
			"bt_diff '$TRASH/$_mc.cf' in.$_mc.dump"
	done
}
