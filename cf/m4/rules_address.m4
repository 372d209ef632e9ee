dnl rules_address.m4 - the address rulesets: canonify (3) and its lower
dnl half, final (4), and the null sender.
dnl
dnl Read by emit.m4 with m4 comments off; remarks are dnl lines.  Every
dnl rule here is this project's own; what follows sendmail is the
dnl interface (the ruleset names and numbers sendmail and .mc files call,
dnl the error texts, the canonical form "user < @ host . >").
dnl
dnl Rulesets defined here (stable names; other rule files may call them):
dnl	canonify=3	text in, canonical form out
dnl	Canonify2=96	the host half: localhost, literals, domaintable,
dnl			LOCAL_RULE_3, pseudo domains, class w, $[ $]
dnl	final=4		canonical form back to text
dnl	AddrFocus	(helper) drop phrases, <>, routes; mark the host
dnl
dnl Markers used inside: "<@>" is the null address, ":; <@>" an empty
dnl group, "< @ host >" the focus, a trailing "." a host known complete.
dnl
dnl ---------------------------------------------------------------------
dnl canonify: the public entry
Scanonify=3
R$@			$@ <@>
R<@>			$@ :; <@>
R:; <@>			$@ :; <@>
R$+ <@>			$@ $1
R$*			$: $>AddrFocus $1
R$* <@>			$@ $1 <@>
R$*			$: $>Canonify2 $1

dnl ---------------------------------------------------------------------
dnl AddrFocus: from what a user typed to "local < @ host >" or "local"
SAddrFocus
dnl a group "name: ;" with nobody in it
R$* : ;			$@ :; <@>
dnl the ";" that ends a group
R$+ ;			$1
dnl peel <...> down to the innermost address; the phrase goes
R< $* >			$1
R$+ < $* > $*		$2
R< $* > $+		$1
R< $* >			$1
R$@			$@ <@>
R@			$@ <@>
dnl source routes: keep only the final address
R@ $+ : $+		$2
dnl IPv6 literals have colons of their own
R$+ @ [ IPv6 : $+ ]	$@ $1 < @ [ IPv6 : $2 ] >
dnl file and program names, :include: lists
R: include : $*		$@ : include : $1
ifdef(`_USE_DECNET_SYNTAX_', `dnl
dnl DECnet node::user
R$+ : : $+		$@ $2 < @ $1 . DECNET >
')dnl
R$* : : $*		$@ $1 : : $2
dnl "phrase: address": the phrase goes
R$* : $*		$2
dnl user@host: the last @ names the host
R$+ @			$@ $1 <@>
R@ $+			$@ < @ $1 >
R$+ @ $+		$: $1 < @ $2 >
R$+ < @ $* @ $+ >	$1 @ $2 < @ $3 >
R$+ < @ $+ >		$@ $1 < @ $2 >
ifdef(`_F_nopercenthack', `', `dnl
dnl user%host without @: the last % acts as @
R$+ % $+		$: $1 < @ $2 >
R$+ < @ $* % $+ >	$1 % $2 < @ $3 >
R$+ < @ $+ >		$@ $1 < @ $2 >
')dnl
ifdef(`_F_nouucp', `', `dnl
dnl host!user: a single name is a UUCP host, a dotted one a domain
R$- ! $+		$@ $2 < @ $1 . UUCP >
R$+ . $+ ! $+		$@ $3 < @ $1 . $2 >
')dnl

dnl ---------------------------------------------------------------------
dnl Canonify2: make the host part canonical
SCanonify2=96
R$* < @ localhost > $*		$: $1 < @ $j . > $2
R$* < @ localhost . $m > $*	$: $1 < @ $j . > $2
R$* < @ $+ . > $*		$@ $1 < @ $2 . > $3
ifdef(`_F_domaintable', `dnl
R$* < @ $+ > $*			$: $1 < @ $(domaintable $2 $) > $3
')dnl
ifdef(`_F_uucpdomain', `dnl
R$* < @ $+ . UUCP > $*		$: $1 < @ $(uudomain $2 $: $2 . UUCP . $) > $3
')dnl
ifdef(`_F_bitdomain', `dnl
R$* < @ $+ . BITNET > $*	$: $1 < @ $(bitdomain $2 $: $2 . BITNET $) > $3
')dnl
undivert(3)dnl
R$* < @ $+ . > $*		$@ $1 < @ $2 . > $3
ifdef(`_F_nouucp', `', `dnl
R$* < @ $+ . UUCP > $*		$@ $1 < @ $2 . UUCP . > $3
')dnl
R$* < @ $* $=P > $*		$@ $1 < @ $2 $3 . > $4
dnl [literals]: one of ours is $j, any other stays as it is
R$* < @ [ $+ ] > $*		$: $1 < @ [ $2 ] > $3 $| [ $2 ]
R$* < @ $+ > $* $| $=w		$@ $1 < @ $j . > $3
R$* $| $*			$@ $1
dnl ask the resolver
ifdef(`_F_nocanonify', `dnl
R$* < @ $+ > $*			$: $1 < @ $2 > $3 $| $&{daemon_flags}
R$* < @ $+ > $* $| $* c $*	$@ $1 < @ $[ $2 $] > $3
R$* < @ $+ > $* $| $*		$: $1 < @ $2 > $3
R$* < @ $* $={Canonify} > $*	$@ $1 < @ $[ $2 $3 $] > $4
', `dnl
R$* < @ $+ > $*			$: $1 < @ $[ $2 $] > $3
R$* < @ $+ . > $*		$@ $1 < @ $2 . > $3
')dnl
dnl our names, the names we masquerade, generics and virtual domains
R$* < @ $=w > $*		$@ $1 < @ $2 . > $3
R$* < @ $=M > $*		$@ $1 < @ $2 . > $3
R$* < @ $=G > $*		$@ $1 < @ $2 . > $3
ifdef(`_F_generics_entire_domain', `dnl
R$* < @ $* . $=G > $*		$@ $1 < @ $2 . $3 . > $4
')dnl
ifdef(`_F_masquerade_entire_domain', `dnl
R$* < @ $* . $=M > $*		$@ $1 < @ $2 . $3 . > $4
')dnl
ifdef(`_VIRTHOSTS_', `dnl
R$* < @ $={VirtHost} > $*	$@ $1 < @ $2 . > $3
ifdef(`_F_virtuser_entire_domain', `dnl
R$* < @ $* . $={VirtHost} > $*	$@ $1 < @ $2 . $3 . > $4
')')dnl
ifdef(`_F_nocanonify', `dnl
dnl nocanonify: a name with a dot is taken as complete
R$* < @ $+ . $+ > $*		$@ $1 < @ $2 . $3 . > $4
')dnl

dnl ---------------------------------------------------------------------
dnl final: canonical form to text for headers and the envelope
Sfinal=4
R$+ :; <@>			$@ $1 :
R$* <@>				$@
R$* < @ $+ . > $*		$1 < @ $2 > $3
R$* < @ *LOCAL* > $*		$1 < @ $j > $2
R$* < $+ > $*			$1 $2 $3
ifdef(`_USE_DECNET_SYNTAX_', `dnl
R$+ @ $+ . DECNET		$2 :: $1
')dnl
