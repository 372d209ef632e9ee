divert(-1)
#
# feature/blocklist_recipients.m4 - check To: entries of the access map for recipients (REJECT, ERROR:...).
#
define(`_F_blocklist_recipients', `1')
