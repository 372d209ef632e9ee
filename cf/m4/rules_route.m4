dnl rules_route.m4 - parse (0): which mailer, host and user an address
dnl goes to; localaddr (5): what happens to a local name after aliasing.
dnl
dnl Read by emit.m4 with m4 comments off; remarks are dnl lines.  The
dnl rules are this project's own; the interface is sendmail's: parse=0
dnl and localaddr=5 are called by sendmail itself, Parse0 by users'
dnl Local_check_* rulesets ("$>Parse0 $>3 $1"), ParseLocal=98 holds
dnl LOCAL_RULE_0, Parse1 holds LOCAL_NET_CONFIG, Local_localaddr is the
dnl user's hook in localaddr.
dnl
dnl Rulesets defined here (stable names; other rule files may call them):
dnl	parse=0		canonical address in, "$# mailer $@ host $: user" out
dnl	Parse0		syntax errors of a canonical address (553 replies);
dnl			a good address comes back unchanged
dnl	ParseLocal=98	LOCAL_RULE_0
dnl	Parse1		the routing decision
dnl	Recurse=97	canonify and parse again (a map gave a new address)
dnl	Mailertable=90	"address $| host" to the mailertable value, or "<>";
dnl			the name, each parent .domain, then "."
dnl	MtTriple	(helper) "address $| value" to a mailer triple
dnl	HostTriple	(helper) "mailer:host $| default mailer $| address"
dnl	LocalTarget	(helper) a user at one of our names
dnl	VirtLookup	(helper) virtusertable keys for "user < @ host . >"
dnl	localaddr=5	+detail, LUSER_RELAY, MAIL_HUB, LOCAL_RELAY
dnl	Local_localaddr	the user's hook (empty here)
dnl
dnl ---------------------------------------------------------------------
Sparse=0
R$*				$: $>Parse0 $1
R$# $*				$@ $# $1
R$*				$: $>ParseLocal $1
R$# $*				$@ $# $1
R$*				$: $>Parse1 $1

dnl ---------------------------------------------------------------------
dnl Parse0: refuse what cannot be an address
SParse0
R<@>				$@ <@>
R:; <@>				$#error $@ 5.1.3 $: "553 List:; syntax illegal for recipient addresses"
R$+ <@>				$#error $@ 5.1.3 $: "553 Hostname required"
R< @ $* > $*			$#error $@ 5.1.3 $: "553 User address required"
R$* < @ [ IPv6 : $+ ] > $*	$@ $1 < @ [ IPv6 : $2 ] > $3
ifdef(`_USE_DECNET_SYNTAX_', `dnl
R$* < @ $+ . DECNET > $*	$@ $1 < @ $2 . DECNET > $3
')dnl
R$* < @ [ $+ ] $+ > $*		$#error $@ 5.1.2 $: "553 Invalid address"
R$* < @ $* : $* > $*		$#error $@ 5.1.2 $: "553 Colon illegal in host name part"
R$* < @ . $* > $*		$#error $@ 5.1.2 $: "553 Invalid host name"
R$* < @ $* . . $* > $*		$#error $@ 5.1.2 $: "553 Invalid host name"
R$* @ $* < @ $* > $*		$#error $@ 5.1.3 $: "553 Invalid route address"
R$*				$@ $1

dnl ---------------------------------------------------------------------
dnl ParseLocal: the .mc's LOCAL_RULE_0
SParseLocal=98
undivert(4)dnl

dnl ---------------------------------------------------------------------
dnl Parse1: the routing decision
SParse1
R<@>				$#_CF_VAL(`confLOCAL_MAILER', `local') $: <@>
ifdef(`_F_redirect', `dnl
R$* < @ $+ . REDIRECT . > $*	$#error $@ 5.1.1 $: "551 User has moved; please try " < $1 @ $2 >
')dnl
dnl [literals]: straight to the address, or through the smart host
ifdef(`SMART_HOST', `dnl
R$* < @ [ $+ ] > $*		$: $>HostTriple $S $| defn(`confSMTP_MAILER') $| $1 < @ [ $2 ] > $3
', `dnl
R$* < @ [ $+ ] > $*		$#defn(`confSMTP_MAILER') $@ [ $2 ] $: $1 < @ [ $2 ] > $3
')dnl
R$# $*				$@ $# $1
ifdef(`_F_virtusertable', `dnl
dnl virtual users of our names and the VIRTUSER_DOMAIN ones
R$* < @ $+ > $*			$: $>VirtLookup $1 < @ $2 > $3
R$# $*				$@ $# $1
')dnl
dnl our own names
R$* < @ $=w . > $*		$@ $>LocalTarget $1 < @ $2 . > $3
R$* < @ *LOCAL* > $*		$#_CF_VAL(`confLOCAL_MAILER', `local') $: $(dequote $1 $)
ifdef(`_F_bestmx_is_local', `dnl
R$* < @ $+ > $*			$: $1 < @ $2 > $3 $| $(bestmx $2 $: <> $)
R$* < @ $+ > $* $| $=w .	$@ $>LocalTarget $1 < @ $2 > $3
R$* < @ $+ > $* $| $*		$: $1 < @ $2 > $3
')dnl
ifdef(`_F_mailertable', `dnl
dnl the mailertable
R$* < @ $+ > $*			$: $1 < @ $2 > $3 $| $>Mailertable $1 < @ $2 > $3 $| $2
R$* $| <>			$: $1
R$* $| $+			$@ $>MtTriple $1 $| $2
')dnl
undivert(8)dnl
ifdef(`SMART_HOST', `dnl
dnl everything else through the smart host
R$* < @ $+ > $*			$@ $>HostTriple $S $| defn(`confRELAY_MAILER') $| $1 < @ $2 > $3
')dnl
dnl other hosts: SMTP to the host itself
R$* < @ $+ > $*			$#defn(`confSMTP_MAILER') $@ $2 $: $1 < @ $2 > $3
dnl unqualified names are local users
R$=L				$#_CF_VAL(`confLOCAL_MAILER', `local') $: @ $1
R$+				$#_CF_VAL(`confLOCAL_MAILER', `local') $: $(dequote $1 $)

dnl ---------------------------------------------------------------------
dnl LocalTarget: "user < @ ourname . >"
SLocalTarget
dnl user%host@us and host!user@us: start again with what is left
ifdef(`_F_nopercenthack', `', `dnl
R$+ % $+ < @ $+ . > $*		$@ $>Recurse $1 @ $2
')dnl
ifdef(`_F_nouucp', `', `dnl
R$+ ! $+ < @ $+ . > $*		$@ $>Recurse $1 ! $2
')dnl
ifdef(`MAIL_HUB', `ifdef(`_F_stickyhost', `dnl
dnl stickyhost: user@ourname goes to the hub now, not after aliasing
R$+ < @ $+ . > $*		$@ $>HostTriple $H $| defn(`confRELAY_MAILER') $| $(dequote $1 $) < @ $2 . > $3
')')dnl
dnl LOCAL_USER names are always delivered here
R$=L < @ $+ > $*		$#_CF_VAL(`confLOCAL_MAILER', `local') $: @ $1
R$+ < @ $+ > $*			$#_CF_VAL(`confLOCAL_MAILER', `local') $: $(dequote $1 $)

dnl ---------------------------------------------------------------------
dnl Recurse: a new address from a map; canonify it and decide again
SRecurse=97
R$*				$: $>canonify $1
R$*				$@ $>parse $1

dnl ---------------------------------------------------------------------
dnl HostTriple: "mailer:host $| default mailer $| address" to a triple
SHostTriple
R$- : $+ $| $- $| $*		$# $1 $@ $2 $: $4
R$+ $| $- $| $*			$# $2 $@ $1 $: $3

ifdef(`_F_mailertable', `dnl
dnl ---------------------------------------------------------------------
dnl Mailertable: "address $| host" gives "value" or "<>"; the whole host
dnl first, then each parent domain as ".domain", then "."
SMailertable=90
R$* $| $+ .			$1 $| $2
R$* $| $+			$: $1 $| $2 $| $(mailertable $2 $: <?> $)
R$* $| $- . $+ $| <?>		$1 $| $3 $| $(mailertable . $3 $: <?> $)
R$* $| $- $| <?>		$: $1 $| $2 $| $(mailertable . $: <?> $)
R$* $| $* $| <?>		$@ <>
R$* $| $* $| $+			$@ $3

dnl ---------------------------------------------------------------------
dnl MtTriple: "address $| mailertable value" to a triple
SMtTriple
R$+ < @ $+ . > $* $| local :	$#_CF_VAL(`confLOCAL_MAILER', `local') $@ $1 @ $2 $: $1
R$+ < @ $+ > $* $| local :	$#_CF_VAL(`confLOCAL_MAILER', `local') $@ $1 @ $2 $: $1
R$* $| local : $+		$#_CF_VAL(`confLOCAL_MAILER', `local') $@ $1 $: $2
R$* $| error : $+ : $+		$#error $@ $2 $: $3
R$* $| error : $- $+		$#error $@ $2 $: $3
R$* $| $- : $+			$# $2 $@ $3 $: $1
R$* $| $-			$# $2 $@ $1 $: $1
')dnl

ifdef(`_F_virtusertable', `dnl
dnl ---------------------------------------------------------------------
dnl VirtLookup: "user < @ host . >" of one of our names or a virtual
dnl domain; the keys, in order: user+detail@host, user++@host,
dnl user+*@host, user@host, ++@host, +*@host, @host (without +detail:
dnl user@host, @host).  A hit is routed again (Recurse) or is an error.
SVirtLookup
R$* < @ $=w . > $*		$: <V> < $2 > $1 < @ $2 . > $3
ifdef(`_VIRTHOSTS_', `dnl
R$* < @ $={VirtHost} > $*	$: <V> < $2 > $1 < @ $2 > $3
R$* < @ $={VirtHost} . > $*	$: <V> < $2 > $1 < @ $2 . > $3
ifdef(`_F_virtuser_entire_domain', `dnl
R$* < @ $+ . $={VirtHost} > $*	$: <V> < $2 . $3 > $1 < @ $2 . $3 > $4
R$* < @ $+ . $={VirtHost} . > $*	$: <V> < $2 . $3 > $1 < @ $2 . $3 . > $4
')')dnl
dnl user+detail: %1 is user, %2 detail, %3 +detail; "++" wants a detail
R<V> < $+ > $+ + $* < @ $* > $*	$: <P> < $1 > $2 + $3 < @ $4 > $5 $| $(virtuser $2 + $3 @ $1 $@ $2 $@ $3 $@ + $3 $: <?> $)
R<P> < $+ > $+ + $+ < @ $* > $* $| <?>	$: <P> < $1 > $2 + $3 < @ $4 > $5 $| $(virtuser $2 + + @ $1 $@ $2 $@ $3 $@ + $3 $: <?> $)
R<P> < $+ > $+ + $* < @ $* > $* $| <?>	$: <P> < $1 > $2 + $3 < @ $4 > $5 $| $(virtuser $2 + * @ $1 $@ $2 $@ $3 $@ + $3 $: <?> $)
R<P> < $+ > $+ + $* < @ $* > $* $| <?>	$: <P> < $1 > $2 + $3 < @ $4 > $5 $| $(virtuser $2 @ $1 $@ $2 $@ $3 $@ + $3 $: <?> $)
R<P> < $+ > $+ + $+ < @ $* > $* $| <?>	$: <P> < $1 > $2 + $3 < @ $4 > $5 $| $(virtuser + + @ $1 $@ $2 $@ $3 $@ + $3 $: <?> $)
R<P> < $+ > $+ + $* < @ $* > $* $| <?>	$: <P> < $1 > $2 + $3 < @ $4 > $5 $| $(virtuser + * @ $1 $@ $2 $@ $3 $@ + $3 $: <?> $)
R<P> < $+ > $+ + $* < @ $* > $* $| <?>	$: <P> < $1 > $2 + $3 < @ $4 > $5 $| $(virtuser @ $1 $@ $2 $@ $3 $@ + $3 $: <?> $)
dnl a plain user: %1 is the user
R<V> < $+ > $+ < @ $* > $*	$: <P> < $1 > $2 < @ $3 > $4 $| $(virtuser $2 @ $1 $@ $2 $: <?> $)
R<P> < $+ > $+ < @ $* > $* $| <?>	$: <P> < $1 > $2 < @ $3 > $4 $| $(virtuser @ $1 $@ $2 $: <?> $)
R<$-> < $+ > $* $| <?>		$@ $3
R<$-> < $+ > $* $| error : $+ : $+	$#error $@ $4 $: $5
R<$-> < $+ > $* $| error : $- $+	$#error $@ $4 $: $5
R<$-> < $+ > $* $| $+		$@ $>Recurse $4
R<V> < $+ > $*			$@ $2
')dnl

dnl ---------------------------------------------------------------------
dnl localaddr: a local name after aliasing
dnl _CF_RMAILER(mailer:host, default) and _CF_RHOST(mailer:host): the two
dnl halves of a MAIL_HUB or LUSER_RELAY value (m4 only).
define(`_CF_RMAILER', `ifelse(index(`$1', `:'), `-1', `$2', `substr(`$1', 0, index(`$1', `:'))')')dnl
define(`_CF_RHOST', `ifelse(index(`$1', `:'), `-1', `$1', `substr(`$1', eval(index(`$1', `:') + 1))')')dnl
Slocaladdr=5
R$+				$: $1 $| $>Local_localaddr $1
R$+ $| $# $*			$# $2
R$+ $| $*			$: $1
ifdef(`_F_msp', `dnl
dnl the MSP: everything goes to the MTA, qualified with our name
R$*				$: $>canonify $1
R$*				$: $>Parse0 $1
R$# $*				$# $1
ifdef(`_USE_DECNET_SYNTAX_', `dnl
R$+ < @ $+ . DECNET > $*	$#defn(`confRELAY_MAILER') $@ ${MTAHost} $: $2 :: $1
')dnl
R$+ < @ $+ > $*			$#defn(`confRELAY_MAILER') $@ ${MTAHost} $: $1 < @ $2 > $3
R$+				$#defn(`confRELAY_MAILER') $@ ${MTAHost} $: $1 < @ $j >
')dnl
ifdef(`_F_preserve_local_plus_detail', `', `dnl
dnl user+detail: deliver to "user+*" (sendmail tries the +detail alias forms)
R$+ + $*			$#_CF_VAL(`confLOCAL_MAILER', `local') $@ + $2 $: $1 + *
')dnl
ifdef(`LUSER_RELAY', `dnl
dnl names that are not users of this host (+detail aside) go to LUSER_RELAY
define(`_CF_LUSER_M', _CF_RMAILER(defn(`LUSER_RELAY'), defn(`confRELAY_MAILER')))dnl
define(`_CF_LUSER_H', _CF_RHOST(defn(`LUSER_RELAY')))dnl
R$+				$: $1 $| $1
R$+ $| $+ + $*			$: $1 $| $2
R$+ $| $+			$: $1 $| $(user $2 $: <?> $)
R$+ $| <?>			$: <L> $1
R$+ $| $*			$: $1
ifdef(`_F_preserve_luser_host', `dnl
R<L> $* @ $*			$#_CF_LUSER_M $@ _CF_LUSER_H $: $1 < @ $2 >
', `dnl
R<L> $+ + $* >			$#_CF_LUSER_M $@ _CF_LUSER_H $: > $1 + $2 < @ _CF_LUSER_H >
R<L> $+ @ $+ >			$#_CF_LUSER_M $@ $2 $: _CF_LUSER_H > $1 < @ $2 >
')dnl
R<L> $+				$#_CF_LUSER_M $@ _CF_LUSER_H $: $1 < @ _CF_LUSER_H >
')dnl
ifdef(`MAIL_HUB', `dnl
dnl local users are delivered on the hub
R$+				$#_CF_RMAILER(defn(`MAIL_HUB'), defn(`confRELAY_MAILER')) $@ _CF_RHOST(defn(`MAIL_HUB')) $: $1 < @ _CF_RHOST(defn(`MAIL_HUB')) >
', `ifdef(`LOCAL_RELAY', `dnl
dnl without a hub, local names go to LOCAL_RELAY
R$+				$#_CF_RMAILER(defn(`LOCAL_RELAY'), defn(`confRELAY_MAILER')) $@ _CF_RHOST(defn(`LOCAL_RELAY')) $: $1 < @ _CF_RHOST(defn(`LOCAL_RELAY')) >
')')dnl

SLocal_localaddr
