divert(-1)
#
# feature/accept_unresolvable_domains.m4 - accept senders whose domain does not resolve.
#
define(`_F_accept_unresolvable_domains', `1')
