divert(-1)
#
# mailer/dsmtp.m4 - dsmtp comes with MAILER(smtp); this name is accepted for it.
#
MAILER(`smtp')
