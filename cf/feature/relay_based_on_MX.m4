divert(-1)
#
# feature/relay_based_on_MX.m4 - relay for domains whose MX points at us.
#
define(`_F_relay_based_on_MX', `1')
