divert(-1)
#
# feature/stickyhost.m4 - user@ourhost is delivered locally even with MAIL_HUB/LOCAL_RELAY set; plain user goes to the hub.
#
define(`_F_stickyhost', `1')
