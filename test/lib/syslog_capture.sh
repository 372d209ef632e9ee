# syslog_capture.sh - what a command logs through syslog, read back.
#
# Sourced by tests (after test-lib.sh) that read the lines our sendmail
# logs where the real one logs them, in syslog: a queue run (-q) or a
# submission.  Needs root and mount namespaces (the caller skips
# without them).
#
#   syslog_capture LOG CMD...  CMD in a mount namespace whose /dev/log is
#       read back (test/lib/with_syslog.sh), its stdout as the caller's;
#       once the log stops growing, LOG holds CMD's stderr and then each
#       syslog line as "TAG: text" (priority, date and pid dropped: the
#       shape stderr logging had, "sendmail: ID: to=...").  Returns
#       CMD's status.
syslog_capture() {
	_sc_log=$1
	shift
	: >"$_sc_log.raw"
	unshare -m sh "$SRCDIR/test/lib/with_syslog.sh" "$_sc_log.raw" \
		sh -c 'log=$1; shift; "$@" 2>"$log.err"; st=$?; n=-1; i=0
			while test $i -lt 30; do
				sleep 0.2; m=$(wc -c <"$log.raw")
				test "$m" = "$n" && break; n=$m; i=$((i + 1))
			done; exit $st' sh "$_sc_log" "$@"
	_sc_st=$?
	{
		cat "$_sc_log.err"
		sed -E 's/^<[0-9]+>[A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} ([^[]+)\[[0-9]+\]: /\1: /' \
			"$_sc_log.raw"
	} >"$_sc_log"
	return $_sc_st
}
