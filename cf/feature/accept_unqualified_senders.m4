divert(-1)
#
# feature/accept_unqualified_senders.m4 - accept MAIL FROM addresses without a domain from anywhere.
#
define(`_F_accept_unqualified_senders', `1')
