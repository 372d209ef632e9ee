divert(-1)
#
# ostype/bsd4.4.m4 - bsd4.4: mail.local delivers, status file in /var/log.
#
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/var/log/sendmail.st')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/libexec/mail.local')')
