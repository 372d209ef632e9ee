divert(-1)
#
# mailer/smtp8.m4 - smtp8 comes with MAILER(smtp); this name is accepted for it.
#
MAILER(`smtp')
