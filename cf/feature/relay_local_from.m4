divert(-1)
#
# feature/relay_local_from.m4 - relay when the sender's domain is one of ours (spoofable).
#
define(`_F_relay_local_from', `1')
