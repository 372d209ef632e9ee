divert(-1)
#
# feature/delay_checks.m4 - run check_relay and check_mail at RCPT time, inside check_rcpt.
#
define(`_F_delay_checks', ifelse(defn(`_ARG_'), `', `1', defn(`_ARG_')))
ifelse(defn(`_ARG_'), `', `', substr(defn(`_ARG_'), 0, 1), `f', `', substr(defn(`_ARG_'), 0, 1), `h', `',
	`_CF_ERR(`FEATURE(delay_checks): argument must be friend or hater, not 'defn(`_ARG_'))')
define(`_F_delay_checks', ifelse(substr(defn(`_ARG_'), 0, 1), `f', `friend', substr(defn(`_ARG_'), 0, 1), `h', `hater', `1'))
# A second argument (any) drops the 8.10 compatibility: SPAMFRIEND and
# SPAMHATER values in To: entries are then errors, not marks.
ifelse(defn(`_ARG2_'), `', `define(`_DELAY_COMPAT_')')
