# with_syslog.sh LOG CMD... - run as `unshare -m sh with_syslog.sh LOG CMD...`
# (root): a tmpfs /dev holding null, zero, random, urandom, full and tty
# bound from the real one, fd, and a log socket whose messages
# test/lib/syslogd.py appends to LOG; then exec CMD in that mount namespace.
# The tmpfs is made in $TRASH (the test's trash directory).
log=$1; shift
d=$(mktemp -d "${TRASH:-/tmp}/dev.XXXXXX") || exit 1
mount -t tmpfs none "$d" || exit 1
for f in null zero random urandom full tty; do
	test -e /dev/$f && touch "$d/$f" && mount --bind /dev/$f "$d/$f"
done
ln -s /proc/self/fd "$d/fd"
python3 "$(dirname "$0")/syslogd.py" "$d/log" "$log" &
while ! test -S "$d/log"; do sleep 0.05; done
mount --bind "$d" /dev || exit 1
exec "$@"
