dnl rules_masq.m4 - how our own addresses look to the world:
dnl genericstable and masquerading, for headers and envelopes.
dnl
dnl Read by emit.m4 with m4 comments off; remarks are dnl lines.  The
dnl rules are ours; the behaviour follows sendmail's cf/README:
dnl MASQUERADE_AS ($M), MASQUERADE_DOMAIN (class M),
dnl masquerade_entire_domain, limited_masquerade (only class M, not w),
dnl MASQUERADE_EXCEPTION (class N), EXPOSED_USER (class E), allmasquerade,
dnl masquerade_envelope, genericstable (GENERICS_DOMAIN, class G, and
dnl unqualified names), generics_entire_domain.
dnl
dnl Rulesets defined here (stable names; mailer rulesets call them):
dnl	MasqHdr=93	a sender (or recipient) header address
dnl	MasqEnv=94	an envelope sender (masquerade_envelope)
dnl	Generics	(helper) the genericstable lookup; a hit comes back
dnl			as "<!> new address" and is not masqueraded again
dnl	GenKey		(helper) which keys an address has
dnl	MasqHost	(helper) "user < @ host >" to "user < @ $M . >"
dnl			when host is one we hide
dnl
dnl ---------------------------------------------------------------------
SMasqHdr=93
ifdef(`_F_genericstable', `dnl
R$*				$: $>Generics $1
R<!> $*				$@ $1
')dnl
R$*				$@ $>MasqHost $1

SMasqEnv=94
ifdef(`_F_genericstable', `dnl
R$*				$: $>Generics $1
R<!> $*				$@ $1
')dnl
R$*				$@ $>MasqHost $1

ifdef(`_F_genericstable', `dnl
dnl ---------------------------------------------------------------------
dnl Generics: user@host for GENERICS_DOMAIN hosts (and with
dnl generics_entire_domain their subdomains), or an unqualified user:
dnl keys user@host, then user, then @host.  A hit returns
dnl "$# new address" so that MasqHdr leaves it alone.
SGenerics
R$*				$: $>GenKey $1
R<no> $*			$@ $1
dnl the keys, in order: user@host, user+*@host, @host, user, user+*
R< $+ > $+ < @ $* > $*		$: <1> < $1 > $2 < @ $3 > $4 $| $(generics $2 @ $1 $: <?> $)
R< > $+ < @ $* > $*		$: <1> < > $1 < @ $2 > $3 $| <?>
R<1> < $+ > $+ + $* < @ $* > $* $| <?>	$: <2> < $1 > $2 + $3 < @ $4 > $5 $| $(generics $2 + * @ $1 $@ $3 $: <?> $)
R<$-> < $+ > $+ < @ $* > $* $| <?>	$: <3> < $2 > $3 < @ $4 > $5 $| $(generics @ $2 $@ $3 $: <?> $)
R<$-> < $* > $+ < @ $* > $* $| <?>	$: <4> < $2 > $3 < @ $4 > $5 $| $(generics $3 $: <?> $)
R<4> < $* > $+ + $* < @ $* > $* $| <?>	$: <5> < $1 > $2 + $3 < @ $4 > $5 $| $(generics $2 + * $@ $3 $: <?> $)
R<$-> < $* > $* $| <?>		$@ $3
R<$-> < $* > $* $| $+ @ $+	$@ <!> $>canonify $4 @ $5
R<$-> < $* > $* $| $+		$@ <!> $>canonify $4 @ *LOCAL*

dnl ---------------------------------------------------------------------
dnl GenKey: mark what Generics looks up: "< host > user < @ host >" for a
dnl GENERICS_DOMAIN host, "< > user < @ *LOCAL* >" for an unqualified
dnl user, "<no> address" for the rest
SGenKey
R<@>				$@ <no> <@>
R$+ < @ $=G . > $*		$@ < $2 > $1 < @ $2 . > $3
R$+ < @ $=G > $*		$@ < $2 > $1 < @ $2 > $3
ifdef(`_F_generics_entire_domain', `dnl
R$+ < @ $+ . $=G . > $*		$@ < $2 . $3 > $1 < @ $2 . $3 . > $4
R$+ < @ $+ . $=G > $*		$@ < $2 . $3 > $1 < @ $2 . $3 > $4
')dnl
R$+ < @ *LOCAL* > $*		$@ < > $1 < @ *LOCAL* > $2
R$* < @ $* > $*			$@ <no> $1 < @ $2 > $3
R$+				$@ < > $1 < @ *LOCAL* >
')dnl

dnl ---------------------------------------------------------------------
dnl MasqHost: replace a host we hide by $M
SMasqHost
R<@>				$@ <@>
R$=E < @ $* > $*		$@ $1 < @ $2 > $3
R$* < @ $=N . > $*		$@ $1 < @ $2 . > $3
R$* < @ $=N > $*		$@ $1 < @ $2 > $3
R$* < @ *LOCAL* > $*		$: $1 < @ $j . > $2
ifdef(`_MASQUERADE_AS_', `dnl
ifdef(`_F_limited_masquerade', `', `dnl
R$* < @ $=w . > $*		$@ $1 < @ $M . > $3
R$* < @ $=w > $*		$@ $1 < @ $M . > $3
')dnl
R$* < @ $=M . > $*		$@ $1 < @ $M . > $3
R$* < @ $=M > $*		$@ $1 < @ $M . > $3
ifdef(`_F_masquerade_entire_domain', `dnl
R$* < @ $+ . $=M . > $*		$@ $1 < @ $M . > $4
R$* < @ $+ . $=M > $*		$@ $1 < @ $M . > $4
')dnl
')dnl
R$*				$@ $1
