#!/bin/sh
# install.sh - `sh Build install`: put the built programs in place.
#
# Usage: install.sh OBJDIR.  Honours DESTDIR, and the confSBINDIR,
# confUBINDIR (default /usr/sbin, /usr/bin) and confMANROOT
# (/usr/share/man/man) settings from the environment.
# sendmail is installed setgid smmsp, mode 2555, as sendmail's own install
# does; the group is created when missing and we are root.  newaliases,
# mailq, hoststat and purgestat are links to it.  The client queue
# /var/spool/clientmqueue (smmsp, 0770) and /var/spool/mqueue (0700) are made.

obj=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
D=${DESTDIR:-}
SBIN=${confSBINDIR:-/usr/sbin}
UBIN=${confUBINDIR:-/usr/bin}
MAN=${confMANROOT:-/usr/share/man/man}
GROUP=smmsp
root=no
test "$(id -u)" = 0 && root=yes

die() { echo "install: $*" >&2; exit 1; }

ensure_group() {
	getent group "$GROUP" >/dev/null 2>&1 && return 0
	if test $root = yes; then
		groupadd -r "$GROUP" 2>/dev/null || addgroup --system "$GROUP" >/dev/null 2>&1 ||
			die "cannot create group $GROUP"
	else
		echo "install: group $GROUP missing; run as root to create it" >&2
		return 1
	fi
}

# put SRC DST MODE [GROUP] - install one file
put() {
	mkdir -p "$(dirname "$2")" || die "cannot create $(dirname "$2")"
	rm -f "$2.new" && cp "$1" "$2.new" || die "cannot copy $1 to $2"
	if test -n "$4" && test $root = yes; then
		chown "root:$4" "$2.new" || die "cannot chown $2"
	fi
	chmod "$3" "$2.new" && mv -f "$2.new" "$2" || die "cannot install $2"
	echo "installed $2"
}

test -x "$obj/sendmail/sendmail" || die "nothing built in $obj; run sh Build first"
grp=
ensure_group && grp=$GROUP
put "$obj/sendmail/sendmail" "$D$SBIN/sendmail" 2555 "$grp"
for l in newaliases mailq hoststat purgestat; do
	mkdir -p "$D$UBIN" && ln -sf "$SBIN/sendmail" "$D$UBIN/$l" || die "cannot link $l"
	echo "linked $D$UBIN/$l -> $SBIN/sendmail"
done
for p in makemap praliases mailstats; do
	test -x "$obj/$p/$p" && put "$obj/$p/$p" "$D$SBIN/$p" 555
done
for p in mail.local smrsh; do
	test -x "$obj/$p/$p" && put "$obj/$p/$p" "$D/usr/libexec/sendmail/$p" 555
done
for m in "$top"/doc/*.[1-8]; do
	test -f "$m" || continue
	sec=${m##*.}
	put "$m" "$D$MAN$sec/$(basename "$m")" 444
done
mkdir -p "$D/etc/mail" "$D/var/spool/mqueue" "$D/var/spool/clientmqueue" ||
	die "cannot create spool directories"
chmod 700 "$D/var/spool/mqueue"
chmod 770 "$D/var/spool/clientmqueue"
test -n "$grp" && test $root = yes && chown "root:$grp" "$D/var/spool/clientmqueue"
exit 0
