divert(-1)
#
# feature/relay_hosts_only.m4 - class R (relay-domains, RELAY_DOMAIN) names hosts, not domains.
#
define(`_F_relay_hosts_only', `1')
