# postfix.sh - Debian's postfix 3.7, fetched at test time for its tools.
#
# Source after test-lib.sh, then call postfix_setup.  On success it sets
# the POSTFIX prerequisite and:
#   SMTP_SOURCE    a wrapper running postfix's smtp-source (the load
#                  generator) with its libraries
#   POSTFIX_ROOT   the unpacked package (usr/sbin, usr/lib/postfix ...)
# Nothing is installed and no postfix daemon is started: the package is
# unpacked into $SM_POSTFIX_CACHE (by default $SRCDIR/.cache/postfix,
# ignored by git).  test/bench/ runs postfix itself from this tree.

: "${SM_POSTFIX_CACHE:=$SRCDIR/.cache/postfix}"

_postfix_fetch() {
	mkdir -p "$SM_POSTFIX_CACHE/debs" || return 1
	(
		cd "$SM_POSTFIX_CACHE/debs" || exit 1
		chmod 777 . 2>/dev/null		# apt-get download runs as _apt
		apt-get download postfix >/dev/null 2>&1 ||
		{ test "$(id -u)" = 0 && apt-get update >/dev/null 2>&1 &&
		  apt-get download postfix >/dev/null 2>&1; } || exit 1
		rm -rf ../root.new && mkdir ../root.new || exit 1
		for d in *.deb; do dpkg -x "$d" ../root.new || exit 1; done
		rm -rf ../root && mv ../root.new ../root
	)
}

_postfix_wrappers() {
	mkdir -p "$SM_POSTFIX_CACHE/bin" || return 1
	for _n in smtp-source smtp-sink; do
		printf '#!/bin/sh\nLD_LIBRARY_PATH=%s${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} exec %s "$@"\n' \
			"$SM_POSTFIX_CACHE/root/usr/lib/postfix" \
			"$SM_POSTFIX_CACHE/root/usr/sbin/$_n" >"$SM_POSTFIX_CACHE/bin/$_n.new" &&
		chmod 755 "$SM_POSTFIX_CACHE/bin/$_n.new" &&
		mv "$SM_POSTFIX_CACHE/bin/$_n.new" "$SM_POSTFIX_CACHE/bin/$_n" || return 1
	done
}

postfix_setup() {
	mkdir -p "$SM_POSTFIX_CACHE" || return 1
	(
		flock 9
		test -x "$SM_POSTFIX_CACHE/root/usr/sbin/smtp-source" || _postfix_fetch || exit 1
		# wrappers name the cache's path: made anew when it moved
		grep -qF "$SM_POSTFIX_CACHE/root/" "$SM_POSTFIX_CACHE/bin/smtp-source" 2>/dev/null ||
			_postfix_wrappers
	) 9>"$SM_POSTFIX_CACHE/.lock"
	test $? = 0 || return 1
	POSTFIX_ROOT=$SM_POSTFIX_CACHE/root
	SMTP_SOURCE=$SM_POSTFIX_CACHE/bin/smtp-source
	if command -v test_set_prereq >/dev/null 2>&1; then test_set_prereq POSTFIX; fi
}
