divert(-1)
#
# feature/greet_pause.m4 - wait before the SMTP greeting; a client talking first is refused.
# FEATURE(`greet_pause', ms): the default pause in milliseconds; with
# access_db, GreetPause:host or GreetPause:addr entries override it.
#
define(`_F_greet_pause', ifelse(defn(`_ARG_'), `', `5000', `defn(`_ARG_')'))
