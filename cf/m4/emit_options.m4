changecom(`#')divert(-1)
#
# emit_options.m4 - the O lines.
#
# Defaults that every generated .cf sets actively (the rest of the table
# in options.m4 is written as a commented "#O Name=default" line).  The
# values are sendmail 8.17's stock ones.
#
define(`_CF_DEFAULT', `ifdef(`$1', `', `define(`$1', `$2')')')
_CF_DEFAULT(`confSEVEN_BIT_INPUT', `False')
_CF_DEFAULT(`confALIAS_WAIT', `10')
ifdef(`_NO_ALIAS_FILE_', `', `_CF_DEFAULT(`ALIAS_FILE', `/etc/mail/aliases')')
_CF_DEFAULT(`confMIN_FREE_BLOCKS', `100')
_CF_DEFAULT(`confBLANK_SUB', `.')
_CF_DEFAULT(`confCON_EXPENSIVE', `False')
_CF_DEFAULT(`confDELIVERY_MODE', `background')
_CF_DEFAULT(`confTEMP_FILE_MODE', `0600')
_CF_DEFAULT(`HELP_FILE', `/etc/mail/helpfile')
_CF_DEFAULT(`confMIME_FORMAT_ERRORS', `True')
_CF_DEFAULT(`confFORWARD_PATH', `$z/.forward.$w:$z/.forward')
_CF_DEFAULT(`confMCI_CACHE_SIZE', `2')
_CF_DEFAULT(`confMCI_CACHE_TIMEOUT', `5m')
_CF_DEFAULT(`confUSE_ERRORS_TO', `False')
_CF_DEFAULT(`confLOG_LEVEL', `9')
_CF_DEFAULT(`confCHECK_ALIASES', `False')
_CF_DEFAULT(`confOLD_STYLE_HEADERS', `True')
_CF_DEFAULT(`confPRIVACY_FLAGS', `authwarnings')
_CF_DEFAULT(`QUEUE_DIR', `/var/spool/mqueue')
_CF_DEFAULT(`confTO_QUEUERETURN', `5d')
_CF_DEFAULT(`confTO_QUEUEWARN', `4h')
_CF_DEFAULT(`confSAFE_QUEUE', `True')
_CF_DEFAULT(`confSMTP_LOGIN_MSG', `$j Sendmail $v/$Z; $b')
_CF_DEFAULT(`confFROM_LINE', `From $g $d')
_CF_DEFAULT(`confOPERATORS', `.:%@!^/[]+')
ifdef(`_INPUT_FILTERS_', `_CF_DEFAULT(`confINPUT_MAIL_FILTERS',
	patsubst(defn(`_INPUT_FILTERS_'), ` ', `, '))')
# confTIME_ZONE: USE_SYSTEM leaves TZ alone, USE_TZ passes $TZ through.
ifdef(`_NO_ALIAS_FILE_', `undefine(`ALIAS_FILE')')
# With mail filters, the macros sent to them at each stage.
ifdef(`_MILTERS_', `
_CF_DEFAULT(`confMILTER_MACROS_CONNECT', `j, _, {daemon_name}, {if_name}, {if_addr}')
_CF_DEFAULT(`confMILTER_MACROS_HELO', `{tls_version}, {cipher}, {cipher_bits}, {cert_subject}, {cert_issuer}')
_CF_DEFAULT(`confMILTER_MACROS_ENVFROM', `i, {auth_type}, {auth_authen}, {auth_ssf}, {auth_author}, {mail_mailer}, {mail_host}, {mail_addr}')
_CF_DEFAULT(`confMILTER_MACROS_ENVRCPT', `{rcpt_mailer}, {rcpt_host}, {rcpt_addr}')
_CF_DEFAULT(`confMILTER_MACROS_EOM', `{msg_id}')
')
# Options set elsewhere, not from a confX.
define(`_CF_SPECIAL', ` DaemonPortOptions ClientPortOptions TimeZoneSpec ')

# _OPT(name, conf, default) - one O line.
define(`_OPT', `ifelse(index(defn(`_CF_SPECIAL'), ` $1 '), `-1', `dnl
ifdef(`$2', `O $1`'ifelse(defn(`$2'), `', `', `=defn(`$2')')', `#O $1`'ifelse(`$3', `', `', `=$3')')
')')
changecom()divert(0)dnl
include(_CF_DIR_`m4/options.m4')dnl
divert(0)dnl
ifdef(`_DPO_SET_', `', `ifdef(`_NETINET6_', `O DaemonPortOptions=Name=MTA-v4, Family=inet
O DaemonPortOptions=Name=MTA-v6, Family=inet6
', `O DaemonPortOptions=Name=MTA
')')dnl
ifdef(`_F_no_default_msa', `', `O DaemonPortOptions=Port=587, Name=MSA, M=E
')dnl
undivert(12)dnl
ifdef(`_CPO_SET_', `undivert(13)', `#O ClientPortOptions=Family=inet, Address=0.0.0.0
')dnl
ifelse(defn(`confTIME_ZONE'), `', `#O TimeZoneSpec=
', defn(`confTIME_ZONE'), `USE_SYSTEM', `#O TimeZoneSpec=
', defn(`confTIME_ZONE'), `USE_TZ', `O TimeZoneSpec=
', `O TimeZoneSpec=defn(`confTIME_ZONE')
')dnl
