divert(-1)
#
# feature/rhsbl.m4 - refuse senders whose domain is listed in a
# right-hand-side block list:
#	FEATURE(`rhsbl', `list.example' [, `"550 text"' [, `t' | `"451 text"']])
# The domain of the MAIL FROM address is looked
# up as domain.list.example; an access map entry rhs:domain OK exempts a
# domain.  Default reply "550 Rejected: DOMAIN listed at LIST"; lookups
# that fail for now are ignored unless the third argument asks for a 451.
# The feature may be used several times.  The map is dnsbl (emit.m4).
#
ifelse(defn(`_ARG_'), `', `_CF_ERR(`FEATURE(rhsbl) needs the block list domain as argument')')
define(`_F_rhsbl', `1')
define(`_CK_RHN_', ifdef(`_CK_RHN_', `incr(_CK_RHN_)', `1'))
define(`_CK_RHD_'_CK_RHN_, defn(`_ARG_'))
define(`_CK_RHM_'_CK_RHN_, defn(`_ARG2_'))
define(`_CK_RHT_'_CK_RHN_, defn(`_ARG3_'))
