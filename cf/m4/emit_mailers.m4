dnl emit_mailers.m4 - the M lines of MAILER(local), MAILER(smtp) and
dnl MAILER(procmail), and the rulesets their S= and R= fields name.
dnl
dnl Read by emit.m4 at the end of the .cf, m4 comments off.  The fields
dnl (paths, flags, arguments, line limits, DSN types) and the ruleset
dnl names in S= and R= are sendmail 8.17's documented defaults; the
dnl rules behind those names are ours.
dnl
dnl Rulesets defined here (stable names):
dnl	EnvFromL, EnvToL, HdrFromL, HdrToL	local and prog
dnl	EnvFromSMTP, EnvToSMTP, HdrFromSMTP	the SMTP family
dnl	MasqSMTP, MasqRelay			relay (smart host, hub)
dnl	AddDomain				(helper) qualify with $j
dnl	ToQualified				(helper) qualify with *LOCAL*,
dnl						which becomes $j or $M later
dnl
divert(-1)
dnl The flag-editing macros are m4 only:
dnl _CF_FADD(flags, chars) - flags with each of chars appended once.
define(`_CF_FADD', `ifelse(`$2', `', `$1',
	`_CF_FADD(ifelse(index(`$1', substr(`$2', 0, 1)), `-1', `$1'substr(`$2', 0, 1), `$1'), substr(`$2', 1))')')
dnl _CF_FEDIT(flags, edit) - one MODIFY_MAILER_FLAGS edit: +x adds, -x
dnl removes, anything else replaces.
define(`_CF_FEDIT', `ifelse(substr(`$2', 0, 1), `+', `_CF_FADD(`$1', substr(`$2', 1))',
	substr(`$2', 0, 1), `-', `translit(`$1', substr(`$2', 1))', `$2')')
dnl _CF_FEDITS(flags, edit, ...) - all edits in order.
define(`_CF_FEDITS', `ifelse(`$#', `1', `$1', `$#', `2', `_CF_FEDIT(`$1', `$2')',
	`_CF_FEDITS(_CF_FEDIT(`$1', `$2'), shift(shift($@)))')')
dnl _CF_FLAGS(NAME, flags) - flags after the .mc's edits of mailer NAME.
define(`_CF_FLAGS', `ifdef(`_MODFLAGS_$1', `_CF_FEDITS(`$2', _MODFLAGS_$1)', `$2')')
dnl _CF_OPTF(letter, macro) - ", X=value" when macro is defined.
define(`_CF_OPTF', `ifdef(`$2', `, $1=defn(`$2')')')

dnl Defaults (cf/README section 12).
ifdef(`LOCAL_MAILER_PATH', `', `define(`LOCAL_MAILER_PATH', `/bin/mail')')
ifdef(`LOCAL_MAILER_FLAGS', `', `define(`LOCAL_MAILER_FLAGS', `Prmn9')')
ifdef(`LOCAL_MAILER_ARGS', `', `define(`LOCAL_MAILER_ARGS', `mail -d $u')')
ifdef(`LOCAL_MAILER_DSN_DIAGNOSTIC_CODE', `', `define(`LOCAL_MAILER_DSN_DIAGNOSTIC_CODE', `X-Unix')')
ifdef(`_DEF_LOCAL_MAILER_FLAGS', `', `define(`_DEF_LOCAL_MAILER_FLAGS', `lsDFMAw5:/|@q')')
ifdef(`LOCAL_SHELL_PATH', `', `define(`LOCAL_SHELL_PATH', `/bin/sh')')
ifdef(`LOCAL_SHELL_FLAGS', `', `define(`LOCAL_SHELL_FLAGS', `eu9')')
ifdef(`LOCAL_SHELL_ARGS', `', `define(`LOCAL_SHELL_ARGS', `sh -c $u')')
ifdef(`LOCAL_SHELL_DIR', `', `define(`LOCAL_SHELL_DIR', `$z:/')')
ifdef(`_DEF_LOCAL_SHELL_FLAGS', `', `define(`_DEF_LOCAL_SHELL_FLAGS', `lsDFMoq')')
ifdef(`SMTP_MAILER_ARGS', `', `define(`SMTP_MAILER_ARGS', `TCP $h')')
ifdef(`ESMTP_MAILER_ARGS', `', `define(`ESMTP_MAILER_ARGS', `TCP $h')')
ifdef(`SMTP8_MAILER_ARGS', `', `define(`SMTP8_MAILER_ARGS', `TCP $h')')
ifdef(`DSMTP_MAILER_ARGS', `', `define(`DSMTP_MAILER_ARGS', `TCP $h')')
ifdef(`RELAY_MAILER_ARGS', `', `define(`RELAY_MAILER_ARGS', `TCP $h')')
ifdef(`SMTP_MAILER_LL', `', `define(`SMTP_MAILER_LL', `990')')
ifdef(`RELAY_MAILER_LL', `', `define(`RELAY_MAILER_LL', `2040')')
ifdef(`RELAY_MAILER_FLAGS', `', `ifdef(`SMTP_MAILER_FLAGS', `define(`RELAY_MAILER_FLAGS', defn(`SMTP_MAILER_FLAGS'))')')
ifdef(`PROCMAIL_MAILER_PATH', `', `define(`PROCMAIL_MAILER_PATH', `/usr/local/bin/procmail')')
ifdef(`PROCMAIL_MAILER_FLAGS', `', `define(`PROCMAIL_MAILER_FLAGS', `SPhnu9')')
ifdef(`PROCMAIL_MAILER_ARGS', `', `define(`PROCMAIL_MAILER_ARGS', `procmail -Y -m $h $f $u')')
dnl Header recipients of the SMTP mailers are rewritten only with
dnl allmasquerade.
define(`_SMTP_R_', ifdef(`_F_allmasquerade', `EnvToSMTP/HdrFromSMTP', `EnvToSMTP'))
define(`_RELAY_R_', ifdef(`_F_allmasquerade', `MasqSMTP/MasqRelay', `MasqSMTP'))
define(`_SMTP_F_', `mDFMuX')
divert(0)dnl

ifdef(`_M_local', `dnl
##### the local and prog mailers
Mlocal,		P=defn(`LOCAL_MAILER_PATH'), F=_CF_FLAGS(`LOCAL', defn(`_DEF_LOCAL_MAILER_FLAGS')defn(`LOCAL_MAILER_FLAGS')), S=ifdef(`_F_local_lmtp', `EnvFromSMTP', `EnvFromL')/HdrFromL, R=EnvToL/HdrToL`'_CF_OPTF(`M', `LOCAL_MAILER_MAX')`'_CF_OPTF(`m', `LOCAL_MAILER_MAXMSGS')`'_CF_OPTF(`Q', `LOCAL_MAILER_QGRP')`'_CF_OPTF(`C', `LOCAL_MAILER_CHARSET')`'_CF_OPTF(`E', `LOCAL_MAILER_EOL'),
		T=DNS/RFC822/defn(`LOCAL_MAILER_DSN_DIAGNOSTIC_CODE'),
		A=defn(`LOCAL_MAILER_ARGS')
Mprog,		P=defn(`LOCAL_SHELL_PATH'), F=_CF_FLAGS(`SHELL', defn(`_DEF_LOCAL_SHELL_FLAGS')defn(`LOCAL_SHELL_FLAGS')), S=EnvFromL/HdrFromL, R=EnvToL/HdrToL, D=defn(`LOCAL_SHELL_DIR')`'_CF_OPTF(`M', `LOCAL_MAILER_MAX')`'_CF_OPTF(`Q', `LOCAL_MAILER_QGRP'),
		T=X-Unix/X-Unix/X-Unix,
		A=defn(`LOCAL_SHELL_ARGS')

dnl EnvFromL: the envelope sender for local delivery
SEnvFromL
R<@>				$n
ifdef(`_F_always_add_domain', `dnl
R$*				$: $>AddDomain $1
')dnl
ifdef(`_F_local_no_masquerade', `', `ifdef(`_F_masquerade_envelope', `dnl
R$*				$: $>MasqEnv $1
')')dnl
R$*				$@ $>final $1

dnl EnvToL: the envelope recipient for local delivery: the host goes,
dnl +detail stays
SEnvToL
R$+ < @ $* >			$: $1
R$*				$@ $>final $1

dnl HdrFromL: sender headers for local delivery
SHdrFromL
R<@>				$n
ifdef(`_F_local_no_masquerade', `', `dnl
R$*				$: $>MasqHdr $1
')dnl
ifdef(`_F_always_add_domain', `dnl
R$*				$: $>AddDomain $1
')dnl
R$*				$@ $>final $1

dnl HdrToL: recipient headers for local delivery
SHdrToL
ifdef(`_F_always_add_domain', `dnl
R$*				$: $>AddDomain $1
')dnl
ifdef(`_F_allmasquerade', `ifdef(`_F_local_no_masquerade', `', `dnl
R$*				$: $>MasqHdr $1
')')dnl
R$*				$@ $>final $1

dnl AddDomain: an unqualified name gets @$j
SAddDomain
R$* < @ $* > $*			$@ $1 < @ $2 > $3
R<@>				$@ <@>
R$+				$@ $1 < @ $j . >
')dnl

ifdef(`_M_smtp', `dnl
##### the SMTP mailers
Msmtp,		P=[IPC], F=_CF_FLAGS(`SMTP', defn(`_SMTP_F_')defn(`SMTP_MAILER_FLAGS')), S=EnvFromSMTP/HdrFromSMTP, R=defn(`_SMTP_R_'), E=\r\n, L=defn(`SMTP_MAILER_LL')`'_CF_OPTF(`M', `SMTP_MAILER_MAX')`'_CF_OPTF(`m', `SMTP_MAILER_MAXMSGS')`'_CF_OPTF(`r', `SMTP_MAILER_MAXRCPTS')`'_CF_OPTF(`C', `SMTP_MAILER_CHARSET')`'_CF_OPTF(`Q', `SMTP_MAILER_QGRP'),
		T=DNS/RFC822/SMTP,
		A=defn(`SMTP_MAILER_ARGS')
Mesmtp,		P=[IPC], F=_CF_FLAGS(`ESMTP', defn(`_SMTP_F_')`a'defn(`SMTP_MAILER_FLAGS')), S=EnvFromSMTP/HdrFromSMTP, R=defn(`_SMTP_R_'), E=\r\n, L=defn(`SMTP_MAILER_LL')`'_CF_OPTF(`M', `SMTP_MAILER_MAX')`'_CF_OPTF(`m', `SMTP_MAILER_MAXMSGS')`'_CF_OPTF(`r', `SMTP_MAILER_MAXRCPTS')`'_CF_OPTF(`C', `SMTP_MAILER_CHARSET')`'_CF_OPTF(`Q', `ESMTP_MAILER_QGRP'),
		T=DNS/RFC822/SMTP,
		A=defn(`ESMTP_MAILER_ARGS')
Msmtp8,		P=[IPC], F=_CF_FLAGS(`SMTP8', defn(`_SMTP_F_')`8'defn(`SMTP_MAILER_FLAGS')), S=EnvFromSMTP/HdrFromSMTP, R=defn(`_SMTP_R_'), E=\r\n, L=defn(`SMTP_MAILER_LL')`'_CF_OPTF(`M', `SMTP_MAILER_MAX')`'_CF_OPTF(`m', `SMTP_MAILER_MAXMSGS')`'_CF_OPTF(`r', `SMTP_MAILER_MAXRCPTS')`'_CF_OPTF(`C', `SMTP_MAILER_CHARSET')`'_CF_OPTF(`Q', `SMTP8_MAILER_QGRP'),
		T=DNS/RFC822/SMTP,
		A=defn(`SMTP8_MAILER_ARGS')
Mdsmtp,		P=[IPC], F=_CF_FLAGS(`DSMTP', defn(`_SMTP_F_')`a%'defn(`SMTP_MAILER_FLAGS')), S=EnvFromSMTP/HdrFromSMTP, R=defn(`_SMTP_R_'), E=\r\n, L=defn(`SMTP_MAILER_LL')`'_CF_OPTF(`M', `SMTP_MAILER_MAX')`'_CF_OPTF(`m', `SMTP_MAILER_MAXMSGS')`'_CF_OPTF(`r', `SMTP_MAILER_MAXRCPTS')`'_CF_OPTF(`C', `SMTP_MAILER_CHARSET')`'_CF_OPTF(`Q', `DSMTP_MAILER_QGRP'),
		T=DNS/RFC822/SMTP,
		A=defn(`DSMTP_MAILER_ARGS')
Mrelay,		P=[IPC], F=_CF_FLAGS(`RELAY', defn(`_SMTP_F_')`a8'defn(`RELAY_MAILER_FLAGS')), S=EnvFromSMTP/HdrFromSMTP, R=defn(`_RELAY_R_'), E=\r\n, L=defn(`RELAY_MAILER_LL')`'_CF_OPTF(`M', `RELAY_MAILER_MAX')`'_CF_OPTF(`m', `RELAY_MAILER_MAXMSGS')`'_CF_OPTF(`C', `RELAY_MAILER_CHARSET')`'_CF_OPTF(`Q', `RELAY_MAILER_QGRP'),
		T=DNS/RFC822/SMTP,
		A=defn(`RELAY_MAILER_ARGS')

dnl EnvFromSMTP: the envelope sender on the wire
SEnvFromSMTP
R<@>				$@ <@>
R$*				$: $>ToQualified $1
ifdef(`_F_masquerade_envelope', `dnl
R$*				$: $>MasqEnv $1
')dnl
R$*				$@ $>final $1

dnl EnvToSMTP: the envelope recipient on the wire
SEnvToSMTP
R$*				$: $>ToQualified $1
R$+ < @ *LOCAL* > $*		$: $1 < @ $j . > $2
R$*				$@ $>final $1

dnl HdrFromSMTP: sender (and, with allmasquerade, recipient) headers
SHdrFromSMTP
R<@>				$@ <@>
R$*				$: $>ToQualified $1
R$*				$: $>MasqHdr $1
R$*				$@ $>final $1

dnl ToQualified: an unqualified name gets our name
SToQualified
R$* < @ $* > $*			$@ $1 < @ $2 > $3
R$+				$@ $1 < @ *LOCAL* >

dnl MasqSMTP: envelope recipients for the relay mailer
SMasqSMTP
R$* < @ $* > $*			$@ $1 < @ $2 > $3
R$+				$@ $1 < @ *LOCAL* >

dnl MasqRelay: recipient headers for the relay mailer
SMasqRelay
R$*				$: $>MasqSMTP $1
R$*				$@ $>MasqHdr $1
')dnl

ifdef(`_M_procmail', `dnl
##### the procmail mailer
Mprocmail,	P=defn(`PROCMAIL_MAILER_PATH'), F=_CF_FLAGS(`PROCMAIL', `DFM'defn(`PROCMAIL_MAILER_FLAGS')), S=EnvFromSMTP/HdrFromSMTP, R=EnvToSMTP/HdrFromSMTP`'_CF_OPTF(`M', `PROCMAIL_MAILER_MAX')`'_CF_OPTF(`Q', `PROCMAIL_MAILER_QGRP'),
		T=DNS/RFC822/X-Unix,
		A=defn(`PROCMAIL_MAILER_ARGS')
')dnl
