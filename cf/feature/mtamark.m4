divert(-1)
#
# feature/mtamark.m4 - accept only SMTP clients whose reverse zone marks them
# as mail servers (draft-stumpf-dns-mtamark: TXT "1" at
# _perm._smtp._srv.<reversed address>.in-addr.arpa):
#	FEATURE(`mtamark' [, `"550 text"' [, `t' | `"451 text"' [, `prefix']]])
# Default reply "550 Rejected: ADDRESS not listed as MTA"; lookups that fail
# for now are ignored unless the second argument asks for a 451.  The map
# is mtamark (emit.m4; MTAMARK_TO sets its retry count).
#
define(`_F_mtamark', `1')
define(`_CK_BLN_', ifdef(`_CK_BLN_', `incr(_CK_BLN_)', `1'))
define(`_CK_BLK_'_CK_BLN_, `mtamark')
define(`_CK_BLD_'_CK_BLN_, ifelse(defn(`_ARG3_'), `', `_perm._smtp._srv.', `defn(`_ARG3_')'))
define(`_CK_BLM_'_CK_BLN_, defn(`_ARG_'))
define(`_CK_BLT_'_CK_BLN_, defn(`_ARG2_'))
