divert(-1)
#
# feature/compat_check.m4 - per sender/recipient pair policy from the access map:
# Compat:sender<@>recipient entries DISCARD, DISCARD:text, TEMP:text, ERROR:text.
#
ifdef(`_F_access_db', `', `_CF_ERR(`FEATURE(compat_check) needs FEATURE(access_db) first')')
define(`_F_compat_check', `1')
