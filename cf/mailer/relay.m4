divert(-1)
#
# mailer/relay.m4 - relay comes with MAILER(smtp); this name is accepted for it.
#
MAILER(`smtp')
