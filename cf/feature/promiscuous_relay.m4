divert(-1)
#
# feature/promiscuous_relay.m4 - relay for anyone. Dangerous: an open relay.
#
define(`_F_promiscuous_relay', `1')
