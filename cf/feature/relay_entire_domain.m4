divert(-1)
#
# feature/relay_entire_domain.m4 - relay for any host in our domain ($m).
#
define(`_F_relay_entire_domain', `1')
