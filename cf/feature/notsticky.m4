divert(-1)
#
# feature/notsticky.m4 - the old behaviour of LOCAL_RELAY/MAIL_HUB (the default).
#
define(`_F_notsticky', `1')
