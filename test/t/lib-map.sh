# lib-map.sh - differential map tests (family 3): ours against sendmail 8.17.
#
# Sourced by test/t/30*.t after test-lib.sh.  map_setup fetches the oracle,
# copies test/data/map/ (map sources, hosts, service.switch) to the trash
# directory, builds the hash and btree maps with the real makemap and
# writes map.cf from test/data/map/map.cf.in (@TRASH@ is the trash).  It
# sets BT when our binary answers -bt on that cf.
#
#   map_bt BIN CF IN OUT   run BIN -bt -C CF <IN >OUT 2>&1 in the sandbox
#   map_diff CF IN         real sendmail and ours on IN, byte for byte
#                          (expect.IN / actual.IN); exit codes are not
#                          compared (sendmail's reflect earlier syserrs)

. "$SRCDIR/test/lib/oracle.sh"

MAP_DATA=$SRCDIR/test/data/map

map_setup() {
	oracle_setup ||
		test_skip_all "the real sendmail 8.17 could not be fetched (apt-get download failed)"
	test_have_prereq SANDBOX ||
		test_skip_all "no network/UTS namespaces (unshare -n -u) to run sendmail hermetically"
	mkdir -p "$TRASH/mqueue" || exit 1
	cp "$MAP_DATA"/* "$TRASH"/ || exit 1
	: >"$TRASH/makemap.cf"
	for _m in hash:plain btree:btplain "-N btree:withnul" "-f hash:nofold"; do
		_t=${_m%%:*} _n=${_m#*:}
		"$REAL_MAKEMAP" -C "$TRASH/makemap.cf" $_t "$TRASH/$_n" <"$TRASH/plain.src" \
			2>>"$TRASH/makemap.err" || {
			say_diag "the real makemap failed on $_n"
			exit 1
		}
	done
	for _c in "$MAP_DATA"/*.cf.in; do
		sed "s|@TRASH@|$TRASH|g" "$_c" >"$TRASH/$(basename "$_c" .in)" || exit 1
	done
	if test -x "$SENDMAIL" &&
	   echo /quit | sandbox_run "$SENDMAIL" -bt -C "$TRASH/map.cf" >/dev/null 2>&1; then
		test_set_prereq BT
	else
		say_diag "our sendmail does not answer -bt yet ($SENDMAIL); differential tests skipped"
	fi
}

map_bt() {
	sandbox_run "$1" -bt -C "$2" -O QueueDirectory="$TRASH/mqueue" \
		-O StatusFile="$TRASH/statistics" <"$3" >"$4" 2>&1
	return 0
}

map_diff() {
	_in=$(basename "$2")
	map_bt "$REAL_SENDMAIL" "$1" "$2" "expect.$_in" &&
	map_bt "$SENDMAIL" "$1" "$2" "actual.$_in" &&
	test_cmp "expect.$_in" "actual.$_in"
}
