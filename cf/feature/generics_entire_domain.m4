divert(-1)
#
# feature/generics_entire_domain.m4 - GENERICS_DOMAIN entries match their subdomains too.
#
define(`_F_generics_entire_domain', `1')
