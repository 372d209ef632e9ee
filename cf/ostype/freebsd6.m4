divert(-1)
#
# ostype/freebsd6.m4 - freebsd6: mail.local delivers, status file in /var/log.
#
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/var/log/sendmail.st')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/libexec/mail.local')')
MODIFY_MAILER_FLAGS(`LOCAL', `+S')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail $u')')
