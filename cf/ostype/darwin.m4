divert(-1)
#
# ostype/darwin.m4 - darwin: mail.local delivers, status file in /var/log.
#
ifdef(`STATUS_FILE', `', `define(`STATUS_FILE', `/var/log/sendmail.st')')
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/usr/libexec/mail.local')')
MODIFY_MAILER_FLAGS(`LOCAL', `+S')
define(`confDONT_BLAME_SENDMAIL', `AssumeSafeChown,GroupWritableDirPathSafe')
