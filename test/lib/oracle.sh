# oracle.sh - the real sendmail 8.17 from Debian, fetched at test time.
#
# Source after test-lib.sh, then call oracle_setup.  On success it sets the
# ORACLE prerequisite and:
#   REAL_SENDMAIL, REAL_MAKEMAP, REAL_PRALIASES  wrappers that run the real
#                  binaries with their libraries (not setgid)
#   REAL_CF        Debian's m4 tree (.../usr/share/sendmail/cf)
#   REAL_ROOT      the unpacked packages
# Nothing here is ever committed: the cache is $SM_ORACLE_CACHE, by default
# $SRCDIR/.cache/oracle (listed in .gitignore).
#
# sandbox_run CMD... runs CMD in fresh network and UTS namespaces whose host
# name is mail.example.test and whose only interface is lo, so that the real
# sendmail neither sleeps for an unqualified name nor reaches a resolver.
# It sets the SANDBOX prerequisite when namespaces are available.

: "${SM_ORACLE_CACHE:=$SRCDIR/.cache/oracle}"
# liblockfile1: Debian's mail.local is linked with it.
ORACLE_PKGS="sendmail-bin sendmail-base sendmail-cf libmilter1.0.1 libwrap0 liblockfile1"

_oracle_fetch() {
	mkdir -p "$SM_ORACLE_CACHE/debs" || return 1
	(
		cd "$SM_ORACLE_CACHE/debs" || exit 1
		# apt-get download runs as _apt when it can; let it write here.
		chmod 777 . 2>/dev/null
		apt-get download $ORACLE_PKGS >/dev/null 2>&1 ||
		{ test "$(id -u)" = 0 && apt-get update >/dev/null 2>&1 &&
		  apt-get download $ORACLE_PKGS >/dev/null 2>&1; } || exit 1
		rm -rf ../root.new && mkdir ../root.new || exit 1
		for d in *.deb; do dpkg -x "$d" ../root.new || exit 1; done
		chmod g-s ../root.new/usr/libexec/sendmail/sendmail
		rm -rf ../root && mv ../root.new ../root
	)
}

_oracle_wrappers() {
	_lib=$SM_ORACLE_CACHE/root/usr/lib/x86_64-linux-gnu
	mkdir -p "$SM_ORACLE_CACHE/bin" || return 1
	for _p in usr/libexec/sendmail/sendmail usr/libexec/sendmail/makemap \
		usr/libexec/sendmail/praliases usr/libexec/sendmail/mail.local \
		usr/libexec/sendmail/mailstats; do
		_n=$(basename "$_p")
		printf '#!/bin/sh\nLD_LIBRARY_PATH=%s${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} exec %s "$@"\n' \
			"$_lib" "$SM_ORACLE_CACHE/root/$_p" >"$SM_ORACLE_CACHE/bin/$_n.new" &&
		chmod 755 "$SM_ORACLE_CACHE/bin/$_n.new" &&
		mv "$SM_ORACLE_CACHE/bin/$_n.new" "$SM_ORACLE_CACHE/bin/$_n" || return 1
	done
}

oracle_setup() {
	mkdir -p "$SM_ORACLE_CACHE" || return 1
	(
		flock 9
		{ test -x "$SM_ORACLE_CACHE/root/usr/libexec/sendmail/sendmail" &&
		  test -e "$SM_ORACLE_CACHE/root/usr/lib/x86_64-linux-gnu/liblockfile.so.1"; } ||
			_oracle_fetch || exit 1
		# wrappers name the cache's path: made anew when it moved
		grep -qF "$SM_ORACLE_CACHE/root/" "$SM_ORACLE_CACHE/bin/sendmail" 2>/dev/null ||
			_oracle_wrappers
	) 9>"$SM_ORACLE_CACHE/.lock"
	if test $? != 0; then
		say_diag "the real sendmail 8.17 could not be fetched (apt-get download $ORACLE_PKGS); oracle tests skipped"
		return 1
	fi
	REAL_ROOT=$SM_ORACLE_CACHE/root
	REAL_SENDMAIL=$SM_ORACLE_CACHE/bin/sendmail
	REAL_MAKEMAP=$SM_ORACLE_CACHE/bin/makemap
	REAL_PRALIASES=$SM_ORACLE_CACHE/bin/praliases
	REAL_MAIL_LOCAL=$SM_ORACLE_CACHE/bin/mail.local
	REAL_CF=$REAL_ROOT/usr/share/sendmail/cf
	export REAL_ROOT REAL_SENDMAIL REAL_MAKEMAP REAL_PRALIASES REAL_MAIL_LOCAL REAL_CF
	test_set_prereq ORACLE
	return 0
}

# real_m4 MC - print the sendmail.cf Debian's m4 tree makes of MC.
real_m4() {
	m4 -D_CF_DIR_="$REAL_CF/" "$REAL_CF/m4/cf.m4" "$1"
}

SANDBOX_HOST=mail.example.test
sandbox_run() {
	if test "$(id -u)" = 0; then
		unshare -n -u sh -c 'hostname "$0" && ip link set lo up 2>/dev/null; shift 0; exec "$@"' \
			"$SANDBOX_HOST" "$@"
	else
		unshare -r -n -u sh -c 'hostname "$0" && ip link set lo up 2>/dev/null; exec "$@"' \
			"$SANDBOX_HOST" "$@"
	fi
}

if sandbox_run true 2>/dev/null; then
	test_set_prereq SANDBOX
fi
