# buildlib.sh - the functions behind ./Build: probe, configure, make, install, check.
#
# bl_objdir names the build directory as sendmail's Build does:
# obj.<uname -s>.<uname -r>.<uname -m>.  bl_build writes <objdir>/Makefile
# from Makefile.in, substituting @VARS@ from the system probe and from
# devtools/Site/site.config.m4 (read through devtools/M4/site.m4), then runs make.

bl_objdir() {
	echo "$top/obj.$(uname -s).$(uname -r).$(uname -m)"
}

# Debian packages the build and the test suite need.
BL_PKGS="gcc make m4 libdb-dev libssl-dev libsasl2-dev libc6-dev perl python3 swaks
 db-util iproute2 util-linux dpkg-dev dnsmasq-base strace"

bl_missing() {
	_miss=
	for _p in $BL_PKGS; do
		dpkg-query -W -f='${Status}' "$_p" 2>/dev/null | grep -q 'ok installed' ||
			_miss="$_miss $_p"
	done
	echo $_miss
}

bl_deps() {
	command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian: trust the user
	_miss=$(bl_missing)
	test -z "$_miss" && return 0
	if test "$(id -u)" = 0; then
		echo "Build: installing$_miss"
		DEBIAN_FRONTEND=noninteractive apt-get install -y $_miss >/dev/null 2>&1 || {
			apt-get update >/dev/null 2>&1
			DEBIAN_FRONTEND=noninteractive apt-get install -y $_miss || {
				echo "Build: apt-get install$_miss failed" >&2; return 1; }
		}
	else
		echo "Build: missing packages; run as root:" >&2
		echo "  apt-get install -y$_miss" >&2
		return 1
	fi
}

# bl_site - print make assignments from devtools/Site/site.config.m4.
bl_site() {
	_site=$top/devtools/Site/site.config.m4
	test -f "$_site" || return 0
	m4 "$top/devtools/M4/site.m4" "$_site" "$top/devtools/M4/site-end.m4"
}

bl_configure() {
	_obj=$1 _flavour=$2
	mkdir -p "$_obj" || return 1
	_site=$(bl_site) || { echo "Build: cannot read devtools/Site/site.config.m4" >&2; return 1; }
	if test "$_flavour" = check; then
		_opt="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
		_warn="-Wall -Wextra -Werror"
	else
		_opt="-O2 -g"
		_warn="-Wall -Wextra"
	fi
	sed -e "s|@srcdir@|$top|g" -e "s|@OPTIMIZE@|$_opt|g" -e "s|@WARN@|$_warn|g" \
		"$top/Makefile.in" >"$_obj/Makefile.tmp" || return 1
	printf '\n# from devtools/Site/site.config.m4\n%s\n' "$_site" >>"$_obj/Makefile.tmp"
	if ! cmp -s "$_obj/Makefile.tmp" "$_obj/Makefile"; then
		mv "$_obj/Makefile.tmp" "$_obj/Makefile"
	else
		rm -f "$_obj/Makefile.tmp"
	fi
}

bl_build() {
	_obj=$1 _flavour=$2; shift 2
	bl_configure "$_obj" "$_flavour" || return 1
	_jobs=-j$(nproc 2>/dev/null || echo 2)
	make -C "$_obj" $_jobs all || return 1
}

bl_check() {
	_obj=$1; shift
	make -C "$_obj" -j"$(nproc 2>/dev/null || echo 2)" unit-tests || return 1
	OBJDIR=$_obj SRCDIR=$top
	export OBJDIR SRCDIR
	_tests=
	for _a in "$@"; do
		case $_a in TESTS=*) _tests=${_a#TESTS=} ;; esac
	done
	test -n "$_tests" || _tests="$_obj/test/unit/*.t $top/test/t/*.t"
	# shellcheck disable=SC2086
	prove -j"$(nproc 2>/dev/null || echo 2)" --exec '' $_tests
}

bl_install() {
	sh "$top/devtools/bin/install.sh" "$1"
}
