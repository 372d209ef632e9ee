divert(-1)
#
# feature/badmx.m4 - refuse senders whose domain has an MX that points at a bad
# address (FEATURE(`badmx' [, `regex of bad MX names' [, `regex of bad addresses']])).
#
define(`_F_badmx', `1')
define(`_BADMX_NAMES_', ifelse(defn(`_ARG_'), `', ``^(([0-9]{1,3}\.){3}[0-9]){0,1}\.$'', `defn(`_ARG_')'))
define(`_BADMX_ADDRS_', ifelse(defn(`_ARG2_'), `', ``^(127\.|10\.|0\.0\.0\.0)'', `defn(`_ARG2_')'))
