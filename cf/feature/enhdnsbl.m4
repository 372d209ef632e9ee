divert(-1)
#
# feature/enhdnsbl.m4 - a DNS block list whose answers matter:
#	FEATURE(`enhdnsbl', `list.example' [, `"550 text"' | `quarantine' |
#		`discard' [, `t' | `"451 text"' [, `answer.' ...]]])
# Up to five answers (such as `127.0.0.2.', with the trailing dot; rule
# patterns allowed) select the listings that refuse; without any, every
# listing does.  Replies and the `t' argument as for dnsbl.  The map is
# ednsbl (emit.m4; EDNSBL_TO sets its retry count).
#
define(`_F_enhdnsbl', `1')
define(`_CK_BLN_', ifdef(`_CK_BLN_', `incr(_CK_BLN_)', `1'))
define(`_CK_BLK_'_CK_BLN_, `ednsbl')
define(`_CK_BLD_'_CK_BLN_, ifelse(defn(`_ARG_'), `', `blackholes.mail-abuse.org', `defn(`_ARG_')'))
define(`_CK_BLM_'_CK_BLN_, defn(`_ARG2_'))
define(`_CK_BLT_'_CK_BLN_, defn(`_ARG3_'))
define(`_CK_BLA_'_CK_BLN_, defn(`_ARG4_')` 'defn(`_ARG5_')` 'defn(`_ARG6_')` 'defn(`_ARG7_')` 'defn(`_ARG8_'))
