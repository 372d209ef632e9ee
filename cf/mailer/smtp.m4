divert(-1)
#
# mailer/smtp.m4 - smtp, esmtp, smtp8, dsmtp and relay (see m4/emit_mailers.m4).
#
define(`_M_smtp')
