divert(-1)
#
# vocab.m4 - the macros an .mc file may use.
#
# Each macro records the wish and returns to the diversion the .mc was in,
# so that an .mc's own output (VERSIONID, comments) still lands in the
# .cf header.  Diversions we own:
#	1	class, file-class and option lines made by vocabulary macros
#	2	LOCAL_CONFIG text
#	3	LOCAL_RULE_3 (in Canonify2)
#	4	LOCAL_RULE_0 (ParseLocal)
#	5	LOCAL_RULE_1
#	6	LOCAL_RULE_2
#	7	LOCAL_RULESETS
#	8	LOCAL_NET_CONFIG (Parse1, before the smart host)
#	9	MAILER_DEFINITIONS
#	10	X lines (mail filters)
#	11	Q lines (queue groups)
#	12	DaemonPortOptions lines
#	13	ClientPortOptions lines
#	14	rules features add to PeerCore, inside check_relay (dnsbl, ...)
# The flags are _F_<feature> for features, _M_<mailer> for mailers.
#

# _CF_ERR(msg) - print "file:line: msg" and stop with status 1.
# Inside a FEATURE's file the place is that of the FEATURE line in the .mc.
define(`_CF_ERR', `errprint(ifdef(`_CF_WHERE_', `_CF_WHERE_', `__file__:__line__')`: $1
')m4exit(`1')')

# _CF_SAVE / _CF_RESTORE - leave and re-enter the caller's diversion.
define(`_CF_SAVE', `ifdef(`_CF_MC_', `', `define(`_CF_MC_', __file__)')pushdef(`_CF_DIV', divnum)divert(-1)')
define(`_CF_RESTORE', `divert(_CF_DIV)popdef(`_CF_DIV')')

# _CF_LINE(div, text) - add one line of text to diversion div.
define(`_CF_LINE', `_CF_SAVE`'divert(`$1')$2
divert(-1)_CF_RESTORE`'')

# _CF_INCLUDE(kind, name) - read kind/name.m4, or stop naming the culprit.
define(`_CF_INCLUDE',
	`ifelse(`$2', `', `_CF_ERR(`$1: missing name')')dnl
syscmd(`test -r '_CF_DIR_`$1/$2.m4')dnl
ifelse(sysval, `0', `include(_CF_DIR_`$1/$2.m4')',
	`_CF_ERR(`unknown $3 `$2' (no '_CF_DIR_`$1/$2.m4)')')')

# _CF_ADD(name, text) - append text to the list macro name, space separated.
define(`_CF_ADD', `ifdef(`$1',
	`define(`$1', defn(`$1')` $2')', `define(`$1', `$2')')')

define(`VERSIONID', `#####  $1  #####
')
define(`OSTYPE', `_CF_SAVE`'define(`_OSTYPE_', `$1')_CF_INCLUDE(`ostype', `$1', `OSTYPE')_CF_RESTORE`'')
define(`DOMAIN', `_CF_SAVE`'_CF_INCLUDE(`domain', `$1', `DOMAIN')_CF_RESTORE`'')
define(`HACK', `_CF_SAVE`'define(`_ARG_', `$2')_CF_INCLUDE(`hack', `$1', `HACK')_CF_RESTORE`'')
define(`FEATURE', `_CF_SAVE`'ifdef(`_CF_WHERE_', `pushdef(`_CF_WHERE_', defn(`_CF_WHERE_'))',
	`pushdef(`_CF_WHERE_', __file__:__line__)')define(`_ARG_', `$2')define(`_ARG2_', `$3')define(`_ARG3_', `$4')define(`_ARG4_', `$5')define(`_ARG5_', `$6')define(`_ARG6_', `$7')define(`_ARG7_', `$8')define(`_ARG8_', `$9')dnl
_CF_INCLUDE(`feature', `$1', `FEATURE')popdef(`_CF_WHERE_')_CF_RESTORE`'')
define(`MAILER', `_CF_SAVE`'ifdef(`_M_$1', `',
	`define(`_ARG_', `$2')_CF_ADD(`_MAILERS_', `$1')_CF_INCLUDE(`mailer', `$1', `MAILER')')_CF_RESTORE`'')

# Class and file-class wishes.
define(`_CF_CLASS', `_CF_LINE(1, `C$1$2')')
define(`_CF_FILECLASS', `_CF_LINE(1, `F$1$2')')
define(`LOCAL_DOMAIN', `_CF_CLASS(`{w}', `$1')')
define(`LOCAL_USER', `_CF_CLASS(`{L}', `$1')')
define(`EXPOSED_USER', `_CF_CLASS(`{E}', `$1')')
define(`EXPOSED_USER_FILE', `_CF_FILECLASS(`{E}', `$1')')
define(`MASQUERADE_AS', `define(`_MASQUERADE_AS_', `$1')')
define(`MASQUERADE_DOMAIN', `_CF_CLASS(`{M}', `$1')')
define(`MASQUERADE_DOMAIN_FILE', `_CF_FILECLASS(`{M}', `$1')')
define(`MASQUERADE_EXCEPTION', `_CF_CLASS(`{N}', `$1')')
define(`MASQUERADE_EXCEPTION_FILE', `_CF_FILECLASS(`{N}', `$1')')
define(`GENERICS_DOMAIN', `_CF_CLASS(`{G}', `$1')')
define(`GENERICS_DOMAIN_FILE', `_CF_FILECLASS(`{G}', `$1')')
define(`VIRTUSER_DOMAIN', `define(`_VIRTHOSTS_')_CF_CLASS(`{VirtHost}', `$1')')
define(`VIRTUSER_DOMAIN_FILE', `define(`_VIRTHOSTS_')_CF_FILECLASS(`{VirtHost}', `$1')')
define(`RELAY_DOMAIN', `_CF_CLASS(`{R}', `$1')')
define(`RELAY_DOMAIN_FILE', `_CF_FILECLASS(`{R}', `$1')')
define(`CANONIFY_DOMAIN', `_CF_CLASS(`{Canonify}', `$1')')
define(`CANONIFY_DOMAIN_FILE', `_CF_FILECLASS(`{Canonify}', `$1')')
define(`TRUST_AUTH_MECH', `define(`_F_AUTH_')_CF_CLASS(`{TrustAuthMech}', `$1')')
define(`LDAPROUTE_DOMAIN', `_CF_CLASS(`{LDAPRoute}', `$1')')
define(`LDAPROUTE_DOMAIN_FILE', `_CF_FILECLASS(`{LDAPRoute}', `$1')')
define(`LDAPROUTE_EQUIVALENT', `_CF_CLASS(`{LDAPRouteEquiv}', `$1')')
define(`LDAPROUTE_EQUIVALENT_FILE', `_CF_FILECLASS(`{LDAPRouteEquiv}', `$1')')

# Hosts.  The value is kept; emit.m4 writes the D line.
# SMART_HOST, MAIL_HUB, LOCAL_RELAY, LUSER_RELAY are set with define().

# Daemons, clients, filters, queue groups.
define(`DAEMON_OPTIONS', `define(`_DPO_SET_')_CF_LINE(12, `O DaemonPortOptions=$1')')
define(`CLIENT_OPTIONS', `define(`_CPO_SET_')_CF_LINE(13, `O ClientPortOptions=$1')')
define(`MAIL_FILTER', `define(`_MILTERS_')_CF_LINE(10, `X$1, $2')')
define(`INPUT_MAIL_FILTER', `MAIL_FILTER(`$1', `$2')_CF_ADD(`_INPUT_FILTERS_', `$1')')
define(`QUEUE_GROUP', `_CF_LINE(11, `Q$1, $2')')

# Mailer flag edits: MODIFY_MAILER_FLAGS(`LOCAL', `+w') etc.
define(`MODIFY_MAILER_FLAGS', `ifdef(`_MODFLAGS_$1',
	`define(`_MODFLAGS_$1', defn(`_MODFLAGS_$1')`, `$2'')',
	`define(`_MODFLAGS_$1', ``$2'')')')

# The LOCAL_* hooks: text that follows goes into the hook's diversion.
define(`LOCAL_CONFIG', `divert(2)')
define(`LOCAL_RULE_3', `divert(3)')
define(`LOCAL_RULE_0', `divert(4)')
define(`LOCAL_RULE_1', `define(`_LR1_')divert(5)')
define(`LOCAL_RULE_2', `define(`_LR2_')divert(6)')
define(`LOCAL_RULESETS', `divert(7)')
define(`LOCAL_NET_CONFIG', `divert(8)')
define(`MAILER_DEFINITIONS', `divert(9)')
define(`LOCAL_SRV_FEATURES', `define(`_LOCAL_SRV_FEATURES_')divert(7)Slocal_srv_features')
define(`LOCAL_CLT_FEATURES', `define(`_LOCAL_CLT_FEATURES_')divert(7)Slocal_clt_features')
define(`LOCAL_TRY_TLS', `define(`_LOCAL_TRY_TLS_')divert(7)Slocal_try_tls')
define(`LOCAL_TLS_RCPT', `define(`_LOCAL_TLS_RCPT_')divert(7)Slocal_tls_rcpt')
define(`LOCAL_TLS_CLIENT', `define(`_LOCAL_TLS_CLIENT_')divert(7)Slocal_tls_client')
define(`LOCAL_TLS_SERVER', `define(`_LOCAL_TLS_SERVER_')divert(7)Slocal_tls_server')

# _OPT rows are only names while the .mc is read (see options.m4).
define(`_OPT', `')

# UNDO: nothing.  Old names kept working.
define(`_CF_EMIT', `divert(0)include(_CF_DIR_`m4/emit.m4')')
