divert(-1)
#
# feature/masquerade_entire_domain.m4 - masquerade any host under the MASQUERADE_DOMAIN domains.
#
define(`_F_masquerade_entire_domain', `1')
