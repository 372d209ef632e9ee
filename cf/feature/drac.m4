divert(-1)
#
# feature/drac.m4 - POP-before-SMTP: clients whose address the drac daemon put in
# the drac map (FEATURE(`drac' [, spec]), default hash /etc/mail/drac) may relay.
#
define(`_F_drac', ifelse(defn(`_ARG_'), `', ``hash /etc/mail/drac'', `defn(`_ARG_')'))
