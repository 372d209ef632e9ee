divert(-1)
#
# feature/dnsbl.m4 - refuse SMTP clients whose address is listed in a DNS
# block list:
#	FEATURE(`dnsbl', `list.example' [, `"550 text"' | `quarantine' | `discard'
#		[, `t' | `"451 text"']])
# The default reply is "550 Rejected: ADDRESS listed at LIST"; a lookup that
# fails for now is ignored unless the third argument is `t' ("451 Temporary
# lookup failure of ADDRESS at LIST") or a reply of its own.  The feature may
# be used several times; the lists are asked in the order of the .mc, in
# check_relay, after the access map.  The map is dnsbl (emit.m4).
#
define(`_F_dnsbl', `1')
define(`_CK_BLN_', ifdef(`_CK_BLN_', `incr(_CK_BLN_)', `1'))
define(`_CK_BLK_'_CK_BLN_, `dnsbl')
define(`_CK_BLD_'_CK_BLN_, ifelse(defn(`_ARG_'), `', `blackholes.mail-abuse.org', `defn(`_ARG_')'))
define(`_CK_BLM_'_CK_BLN_, defn(`_ARG2_'))
define(`_CK_BLT_'_CK_BLN_, defn(`_ARG3_'))
