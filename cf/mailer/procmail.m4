divert(-1)
#
# mailer/procmail.m4 - the procmail mailer, for mailertable entries like procmail:/etc/procmailrcs/x.
#
define(`_M_procmail')
