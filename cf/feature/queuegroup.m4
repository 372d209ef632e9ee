divert(-1)
#
# feature/queuegroup.m4 - choose the queue group by recipient from the access map
# (qgrp:user@domain or qgrp:domain); FEATURE(`queuegroup' [, `default group']).
#
ifdef(`_F_access_db', `', `_CF_ERR(`FEATURE(queuegroup) needs FEATURE(access_db) first')')
define(`_F_queuegroup', ifelse(defn(`_ARG_'), `', `mqueue', `defn(`_ARG_')'))
