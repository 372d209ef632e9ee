divert(-1)
#
# feature/lookupdotdomain.m4 - access map lookups also try .domain keys.
#
define(`_F_lookupdotdomain', `1')
