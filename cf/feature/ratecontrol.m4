divert(-1)
#
# feature/ratecontrol.m4 - limit connections per minute (ClientRate:addr N) per client from the access map.
# FEATURE(`ratecontrol' [, `nodelay' [, `terminate']]): nodelay checks at connect
# time even with delay_checks; terminate answers 421 and closes (else 452).
#
ifdef(`_F_access_db', `', `_CF_ERR(`FEATURE(ratecontrol) needs FEATURE(access_db) first')')
define(`_F_ratecontrol', ifelse(defn(`_ARG2_'), `terminate', `421', `452'))
ifelse(defn(`_ARG_'), `nodelay', `ifdef(`_F_delay_checks', `define(`_ratecontrol_nodelay_')',
	`_CF_ERR(`FEATURE(ratecontrol, nodelay) needs FEATURE(delay_checks) first')')')
