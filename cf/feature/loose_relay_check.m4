divert(-1)
#
# feature/loose_relay_check.m4 - allow user%host@ourhost relaying through ParseRecipient.
#
define(`_F_loose_relay_check', `1')
