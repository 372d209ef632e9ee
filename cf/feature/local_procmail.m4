divert(-1)
#
# feature/local_procmail.m4 - procmail delivers local mail: FEATURE(`local_procmail' [, path [, args [, flags]]]).
#
define(`_F_local_procmail', `1')
define(`LOCAL_MAILER_PATH', ifelse(defn(`_ARG_'), `', `ifdef(`PROCMAIL_MAILER_PATH', `defn(`PROCMAIL_MAILER_PATH')', `/usr/local/bin/procmail')', `defn(`_ARG_')'))
define(`LOCAL_MAILER_ARGS', ifelse(defn(`_ARG2_'), `', ``procmail -a $h -d $u'', `defn(`_ARG2_')'))
define(`LOCAL_MAILER_FLAGS', ifelse(defn(`_ARG3_'), `', `SPfhn9', `defn(`_ARG3_')'))
