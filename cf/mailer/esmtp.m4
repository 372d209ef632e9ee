divert(-1)
#
# mailer/esmtp.m4 - esmtp comes with MAILER(smtp); this name is accepted for it.
#
MAILER(`smtp')
