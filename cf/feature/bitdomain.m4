divert(-1)
#
# feature/bitdomain.m4 - user@host.BITNET becomes user@internet.name through the
# bitdomain map (FEATURE(`bitdomain' [, spec]), default hash /etc/mail/bitdomain).
#
define(`_F_bitdomain', ifelse(defn(`_ARG_'), `', ``hash /etc/mail/bitdomain'', `defn(`_ARG_')'))
