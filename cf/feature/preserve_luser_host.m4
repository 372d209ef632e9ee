divert(-1)
#
# feature/preserve_luser_host.m4 - keep the recipient host name when sending to LUSER_RELAY.
#
define(`_F_preserve_luser_host', `1')
