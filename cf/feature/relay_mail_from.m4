divert(-1)
#
# feature/relay_mail_from.m4 - relay when the sender is listed as From:... RELAY in the access map.
#
define(`_F_relay_mail_from', `1')
