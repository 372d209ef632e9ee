# lib-deliver.sh - the common ground of the delivery tests that compare
# ours with the real sendmail 8.17 (6103, 6105, 6106 ...).  Source after
# test-lib.sh.
#
#   deliver_setup DIR...  bt_setup minimal (lib-bt.sh: minimal.cf, the
#                         oracle); skips the whole test without our
#                         mail.local ($ML), root, mount namespaces or a
#                         minimal.cf ours loads; makes spool/ (mode
#                         1777), rq/, oq/ and each DIR; writes t.cf:
#                         minimal.cf with the local mailer our
#                         mail.local ("mail.local -d $u", spool/ through
#                         EMAIL_LOCAL_SPOOL), AliasFile $TRASH/aliases and
#                         ForwardPath $TRASH/fwd/$u
. "$SRCDIR/test/t/lib-bt.sh"

deliver_setup() {
	bt_setup minimal
	ML=$OBJDIR/mail.local/mail.local
	test -x "$ML" || test_skip_all "no $ML"
	test "$(id -u)" = 0 || test_skip_all 'needs root (the real sendmail in a mount namespace)'
	unshare -m true 2>/dev/null || test_skip_all 'no mount namespaces'
	test_have_prereq BT || test_skip_all 'our sendmail does not load minimal.cf'
	mkdir spool rq oq "$@" && chmod 1777 spool || exit 1
	sed -e "s|P=/usr/bin/procmail,|P=$ML,|" \
		-e 's|A=procmail -a $h -d $u|A=mail.local -d $u|' \
		-e "s|^O AliasFile=.*|O AliasFile=$TRASH/aliases|" \
		-e "s|^O ForwardPath=.*|O ForwardPath=$TRASH/fwd/\$u|" \
		"$TRASH/minimal.cf" >t.cf &&
	echo "EMAIL_LOCAL_SPOOL=$TRASH/spool" >>t.cf || exit 1
}
