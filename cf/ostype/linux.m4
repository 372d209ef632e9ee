divert(-1)
#
# ostype/linux.m4 - GNU/Linux: procmail as the local delivery agent.
#
define(`confEBINDIR', `/usr/sbin')
ifdef(`PROCMAIL_MAILER_PATH', `', `define(`PROCMAIL_MAILER_PATH', `/usr/bin/procmail')')
FEATURE(`local_procmail')
