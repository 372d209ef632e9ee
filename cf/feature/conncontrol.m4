divert(-1)
#
# feature/conncontrol.m4 - limit open connections (ClientConn:addr N) per client from the access map.
# FEATURE(`conncontrol' [, `nodelay' [, `terminate']]): nodelay checks at connect
# time even with delay_checks; terminate answers 421 and closes (else 452).
#
ifdef(`_F_access_db', `', `_CF_ERR(`FEATURE(conncontrol) needs FEATURE(access_db) first')')
define(`_F_conncontrol', ifelse(defn(`_ARG2_'), `terminate', `421', `452'))
ifelse(defn(`_ARG_'), `nodelay', `ifdef(`_F_delay_checks', `define(`_conncontrol_nodelay_')',
	`_CF_ERR(`FEATURE(conncontrol, nodelay) needs FEATURE(delay_checks) first')')')
