divert(-1)
#
# feature/nullclient.m4 - send everything to one hub: FEATURE(`nullclient', `hub.example.com').
#
ifelse(defn(`_ARG_'), `', `_CF_ERR(`FEATURE(nullclient) needs the hub name as argument')')
define(`_F_nullclient', defn(`_ARG_'))
define(`_NO_ALIAS_FILE_')
define(`MAIL_HUB', defn(`_ARG_'))
define(`SMART_HOST', defn(`_ARG_'))
define(`confFORWARD_PATH', `')
ifdef(`confFROM_HEADER', `', `define(`confFROM_HEADER', `<$g>')')
define(`_DEF_LOCAL_MAILER_FLAGS', `lsDFM5q')
MASQUERADE_AS(defn(`_ARG_'))
FEATURE(`allmasquerade')
FEATURE(`masquerade_envelope')
MAILER(`local')
MAILER(`smtp')
