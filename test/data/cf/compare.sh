# compare.sh - helpers for the cf/ tests (family 1), sourced after
# test/lib/test-lib.sh and test/lib/oracle.sh.
#
#	cf_ours MC >CF		our m4 tree's .cf for MC
#	cf_theirs MC >CF	Debian's sendmail-cf .cf for MC (real_m4)
#	cf_localize CF		point /etc/mail/ at $TRASH/etc/ and append the
#				test_relay helper ruleset (the same for both)
#	cf_maps			build $TRASH/etc: maps from test/data/cf/maps
#	cf_bt CF <in >out	run the real sendmail -bt on CF in the sandbox
#	cf_script >in		the -bt script: 3,0 and check_* for the corpus
#	cf_results <out		one line per command: the final "returns:" text,
#				check_* verdicts reduced to "$# ..." or "accept"
#
# Both .cf files are run by the same real sendmail 8.17 with the same maps,
# so a difference in cf_results output can only come from the cf.

CF_DATA=$SRCDIR/test/data/cf
CF_BT_OPTS="-O DontBlameSendmail=TrustStickyBit,ClassFileInUnsafeDirPath,MapInUnsafeDirPath"

cf_ours() {
	m4 "$SRCDIR/cf/m4/cf.m4" "$1"
}

cf_theirs() {
	real_m4 "$1"
}

# cf_debian_mc NAME >MC - Debian's stock NAME.mc (sendmail or submit) from
# the sendmail-cf package, made runnable from any tree: its include of
# /usr/share/sendmail/cf/m4/cf.m4 goes (each side names its own cf.m4) and
# the /etc/mail/m4/*.m4 site includes become empty files here.
cf_debian_mc() {
	mkdir -p "$TRASH/m4" && : >"$TRASH/m4/dialup.m4" && : >"$TRASH/m4/provider.m4" &&
	sed -e '/m4\/cf\.m4/d' -e "s|/etc/mail/m4/|$TRASH/m4/|g" "$REAL_CF/debian/$1.mc"
}

# cf_theirs_debian MC - as cf_theirs, with Debian's autoconf.m4 results.
cf_theirs_debian() {
	m4 -D_CF_DIR_="$REAL_CF/" "$REAL_CF/m4/cf.m4" "$REAL_CF/debian/autoconf.m4" "$1"
}

cf_localize() {
	sed "s|/etc/mail/|$TRASH/etc/|g" "$1" >"$1.tmp" &&
	cat >>"$1.tmp" <<-\EOF &&

	# test only: check_relay takes "name $| addr", which -bt cannot type
	Stest_relay
	R$* / $*		$@ $>check_relay $1 $| $2
	EOF
	mv "$1.tmp" "$1"
}

cf_maps() {
	mkdir -p "$TRASH/etc" "$TRASH/q" &&
	for _m in "$CF_DATA"/maps/*.txt; do
		_n=$(basename "$_m" .txt)
		case $_n in
		local-host-names|relay-domains|trusted-users)
			cp "$_m" "$TRASH/etc/$_n" || return 1 ;;
		*)
			"$REAL_MAKEMAP" -C /dev/null hash "$TRASH/etc/$_n" <"$_m" 2>/dev/null ||
			test -f "$TRASH/etc/$_n.db" || return 1 ;;
		esac
	done
}

cf_bt() {
	sandbox_run "$REAL_SENDMAIL" -C "$1" -bt -O QueueDirectory="$TRASH/q" \
		-O StatusFile="$TRASH/q/st" $CF_BT_OPTS 2>&1
	return 0	# -bt exits with the status of the last ruleset run
}

# The clients a check_* verdict is asked for: name addr sender HELO.
CF_CLIENTS="
-		-		-		-
relay.example.net	192.168.1.10	joe@example.com	relay.example.net
spam.example.net	10.0.0.66	bad@example.org	mail.example.test
outside.example.org	203.0.113.9	user@example.org	localhost
mail.example.test	127.0.0.1	root@mail.example.test	mail.example.test
"

cf_script() {
	grep -v '^#' "$CF_DATA/addresses" | sed 's/^/3,0 /'
	grep -v '^#' "$CF_DATA/addresses" | sed 's/^/3,5 /'
	grep -v '^#' "$CF_DATA/addresses" | sed 's/^/queuegroup /'
	printf '%s\n' "$CF_CLIENTS" | while read -r _name _addr _from _helo; do
		test -n "$_name" || continue
		test "$_name" = - && _name=
		test "$_addr" = - && _addr=
		test "$_from" = - && _from=
		test "$_helo" = - && _helo=
		printf '.D{client_name}%s\n.D{client_addr}%s\n.Df%s\n.Ds%s\n' \
			"$_name" "$_addr" "$_from" "$_helo"
		printf 'test_relay %s / %s\n' "$_name" "$_addr"
		grep -v '^#' "$CF_DATA/addresses" | sed 's/^/check_mail /'
		grep -v '^#' "$CF_DATA/addresses" | sed 's/^/check_rcpt /'
	done
}

# cf_results: the -bt transcript cut at each prompt; for each command the
# last "returns:" line of its top-level ruleset.
cf_results() {
	awk '
	function flush() {
		if (cmd == "" && last == "") return
		r = last
		if (cmd ~ /^check_|^test_relay/) {
			if (r !~ /^\$#/) r = "accept"
		}
		print n ": " cmd " => " r
	}
	/^> / || /^>$/ {
		while ($0 ~ /^>/) {
			flush(); n++; cmd = ""; last = ""
			sub(/^> ?/, "")
		}
	}
	/^[A-Za-z_0-9]+ +input: / && cmd == "" { cmd = $0; gsub(/  +/, " ", cmd) }
	/ returns: / { last = $0; sub(/^.* returns: /, "", last) }
	/^== Ruleset/ { }
	END { flush() }
	'
}
