divert(-1)
#
# feature/uucpdomain.m4 - user@host.UUCP becomes user@internet.name through the
# uudomain map (FEATURE(`uucpdomain' [, spec]), default hash /etc/mail/uudomain).
#
define(`_F_uucpdomain', ifelse(defn(`_ARG_'), `', ``hash /etc/mail/uudomain'', `defn(`_ARG_')'))
