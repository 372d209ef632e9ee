divert(-1)
#
# ostype/solaris11.m4 - Solaris: mail.local over LMTP.
#
define(`confEBINDIR', `/usr/lib')
define(`confPID_FILE', `/system/volatile/sendmail.pid')
define(`_NETINET6_')
FEATURE(`local_lmtp')
