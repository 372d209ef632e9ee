divert(-1)
#
# feature/local_lmtp.m4 - mail.local -l delivers local mail over LMTP: FEATURE(`local_lmtp' [, path [, args]]).
#
define(`_F_local_lmtp', `1')
define(`LOCAL_MAILER_PATH', ifelse(defn(`_ARG_'), `', `ifdef(`confEBINDIR', `defn(`confEBINDIR')', `/usr/libexec')/mail.local', `defn(`_ARG_')'))
define(`LOCAL_MAILER_FLAGS', `PSXmnz9')
define(`LOCAL_MAILER_ARGS', ifelse(defn(`_ARG2_'), `', ``mail.local -l'', `defn(`_ARG2_')'))
define(`LOCAL_MAILER_DSN_DIAGNOSTIC_CODE', `SMTP')
