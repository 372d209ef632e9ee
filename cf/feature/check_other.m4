divert(-1)
#
# feature/check_other.m4 - close connections that send a header line ("Name:")
# as an SMTP command, the sign of a proxy abused to send mail.
#
define(`_F_check_other', `1')
