divert(-1)
#
# feature/blacklist_recipients.m4 - the old name of blocklist_recipients.
#
FEATURE(`blocklist_recipients')
