# lib-db.sh - helpers for the family 8 tests (makemap, praliases, newaliases).
#
# Sourced by test/t/8*.t after test-lib.sh (and oracle.sh where the real
# tools are wanted).  Both makemaps always get "-C /dev/null": run as root,
# makemap reads the cf for TrustedUser, and the default one need not exist.
#
#   db_run DIR OUT CMD...     run CMD in DIR with stdin from $DB_IN (default
#                             /dev/null); stdout to DIR/OUT.out, stderr to
#                             DIR/OUT.err (program paths cut to base names)
#                             and "exit N" to DIR/OUT.rc
#   db_same NAME              compare r/NAME.* with o/NAME.* (out, err, rc)
#   mm_diff NAME ARGS...      run the real makemap in r/ and ours in o/ with
#                             ARGS on $DB_IN and compare everything
#   na_ours SPEC NAME         our alias rebuild (sendmail -bi when OUR_BI is
#                             set, else the unit helper smdb.t --newaliases)
#                             into NAME.out, NAME.err, NAME.rc
#   na_real SPEC NAME         the same with the real sendmail -bi
#   oracle_cf NAME            write NAME.cf for the real sendmail: Debian's
#                             m4 tree, local and smtp mailers, queue and
#                             aliases inside the trash directory

SMDB_T=$OBJDIR/test/unit/smdb.t
DB_IN=/dev/null

_db_clean() {
	sed -e "s#^$REAL_ROOT/usr/libexec/sendmail/##" \
	    -e "s#^$OBJDIR/[a-z]*/##"
}

db_run() {
	_d=$1 _n=$2
	shift 2
	mkdir -p "$_d" &&
	( cd "$_d" && "$@" <"$DB_IN" >"$_n.out" 2>"$_n.rawerr"; echo "exit $?" >"$_n.rc" ) &&
	_db_clean <"$_d/$_n.rawerr" >"$_d/$_n.err"
}

db_same() {
	for _f in out err rc; do
		test_cmp "r/$1.$_f" "o/$1.$_f" || return 1
	done
	if grep -q '^exit \(99\|1[3-9][0-9]\|2[0-9][0-9]\)$' "o/$1.rc"; then
		echo "ours crashed or tripped a sanitizer" >&2
		cat "o/$1.rawerr" >&2
		return 1
	fi
}

mm_diff() {
	_name=$1
	shift
	db_run r "$_name" "$REAL_MAKEMAP" -C /dev/null "$@" &&
	db_run o "$_name" "$MAKEMAP" -C /dev/null "$@" &&
	db_same "$_name"
}

# na_ours SPEC NAME - our -bi (sendmail itself once it answers -bi, the
# unit-test helper until then): NAME.out and NAME.rc
na_ours() {
	if test_have_prereq OUR_BI; then
		sandbox_run "$SENDMAIL" -bi -C "$TRASH/oracle.cf" \
			-O AliasFile="$1" >"$2.out" 2>"$2.err"
	else
		"$SMDB_T" --newaliases "$1" mail.example.test localhost >"$2.out" 2>"$2.err"
	fi
	echo "exit $?" >"$2.rc"
}

# na_real SPEC NAME - the real sendmail -bi in the sandbox: NAME.out (its
# resolver complaints about the sandbox dropped) and NAME.rc
na_real() {
	sandbox_run "$REAL_SENDMAIL" -bi -C "$TRASH/oracle.cf" \
		-O AliasFile="$1" >"$2.raw" 2>"$2.err"
	echo "exit $?" >"$2.rc"
	grep -v -e 'Name server timeout' -e '^WARNING: World writable directory' <"$2.raw" >"$2.out"
	return 0
}

oracle_cf() {
	mkdir -p "$TRASH/q" &&
	cat >"$TRASH/$1.mc" <<-EOF &&
	OSTYPE(\`linux')dnl
	define(\`confDONT_PROBE_INTERFACES', \`True')dnl
	define(\`confDONT_BLAME_SENDMAIL', \`MapInUnsafeDirPath')dnl
	define(\`QUEUE_DIR', \`$TRASH/q')dnl
	define(\`STATUS_FILE', \`$TRASH/statistics')dnl
	define(\`ALIAS_FILE', \`$TRASH/aliases')dnl
	LOCAL_CONFIG
	Cwmail.example.test localhost
	MAILER(\`local')dnl
	MAILER(\`smtp')dnl
	EOF
	real_m4 "$TRASH/$1.mc" >"$TRASH/$1.cf"
}
