divert(-1)
#
# ostype/solaris8.m4 - Solaris: mail.local over LMTP.
#
define(`confEBINDIR', `/usr/lib')
define(`confPID_FILE', `/var/run/sendmail.pid')
define(`_NETINET6_')
FEATURE(`local_lmtp')
