dnl rules_check.m4 - the SMTP policy rulesets: check_relay, check_mail,
dnl check_rcpt (and their delay_checks forms), check_compat, the
dnl connection-control and greet_pause rulesets, and the access map
dnl walkers they share.
dnl
dnl Read by emit.m4 with m4 comments off; remarks are dnl lines, lines
dnl that start with # are comments of the .cf.  The interface names
dnl (check_*, Local_check_*, greet_pause, queuegroup ...) and the reply
dnl texts are sendmail 8.17's, as cf/README and doc/op describe them;
dnl the decomposition into helper rulesets and their markers is ours:
dnl
dnl	AccOne		one key: "tag $| u $| key" -> "< value >" or "< ? >";
dnl			u is + when an untagged key may answer too
dnl	AccHost		a host name and its parent domains (and .parent
dnl			with lookupdotdomain); [literals] exactly
dnl	AccNet		an address and its prefixes (1.2.3.4, 1.2.3 ...)
dnl	AccUser		"user@" keys, with and without +detail
dnl	AccMail		"user < @ host >": user@host, user@, host
dnl	AccSay		turn a found value into a reply (REJECT, DISCARD,
dnl			QUARANTINE:, ERROR:, anything else is an error text)
dnl	PeerLocal	is the SMTP client this host?  "< yes >" or "< no >"
dnl	PeerRelay	may the SMTP client relay?  "< yes >" or "< no >"
dnl	DestRelay	may we relay to this remote host?  "< yes >" / "< no >"
dnl	RcptCore	syntax, blocked recipients and the relaying decision
dnl	SenderCore	the sender checks of check_mail
dnl	PeerCore	the client checks of check_relay
dnl
dnl A lookup that the map cannot answer now ends in "< TMPF >" and the
dnl check answers 451 (the access map is declared with -T<TMPF>).
dnl
define(`_CK_RELAY_', ifdef(`_F_delay_checks', `checkrelay', `check_relay'))dnl
define(`_CK_MAIL_', ifdef(`_F_delay_checks', `checkmail', `check_mail'))dnl
dnl _CK_UNTAG_: + when untagged access keys still count (always, here).
define(`_CK_UNTAG_', `+')dnl
dnl _CK_RELAYLOOK_: RELAY entries name domains, or (relay_hosts_only) hosts.
define(`_CK_RELAYLOOK_', ifdef(`_F_relay_hosts_only', `AccOne', `AccHost'))dnl
dnl
dnl The DNS list features (dnsbl, enhdnsbl, mtamark) record entry N as
dnl _CK_BLK_N (map), _CK_BLD_N (list), _CK_BLM_N (refusal), _CK_BLT_N
dnl (temporary failure), _CK_BLA_N (answers); _CK_BLRULES writes the
dnl rules of entries N.._CK_BLN_ for PeerCore ("name $| address").
define(`_CK_BLREFUSE', `ifelse(`$2', `', `$`'#error $`'@ 5.7.1 $: "550 Rejected: " $&{client_addr} " listed at $1"',
	`$2', `quarantine', `$`'#error $`'@ quarantine $: "Blocked: " $&{client_addr} " listed at $1"',
	`$2', `discard', `$`'#discard $: discard',
	`$`'#error $`'@ 5.7.1 $: $2')')dnl
define(`_CK_BLTEMP', `ifelse(`$2', `', `$: $`'1 $| $`'2',
	`$2', `t', `$`'#error $`'@ 4.4.3 $: "451 Temporary lookup failure of " $&{client_addr} " at $1"',
	`$`'#error $`'@ 4.4.3 $: $2')')dnl
define(`_CK_BLONE', `ifelse(defn(`_CK_BLK_$1'), `mtamark', `dnl
R$`'* $| $-.$-.$-.$-	$: $`'1 $| $`'2.$`'3.$`'4.$`'5 $| < $(mtamark defn(`_CK_BLD_$1')$`'5.$`'4.$`'3.$`'2.in-addr.arpa. $: ? $) >
R$`'* $| $`'* $| < 1 . >	$: $`'1 $| $`'2
R$`'* $| $`'* $| < $`'* < TMP > >	ifelse(defn(`_CK_BLT_$1'), `', `$: $`'1 $| $`'2', defn(`_CK_BLT_$1'), `t', `$`'#error $`'@ 4.4.3 $: "451 Temporary lookup failure of " defn(`_CK_BLD_$1')$&{client_addr}', `$`'#error $`'@ 4.4.3 $: defn(`_CK_BLT_$1')')
R$`'* $| $`'* $| < $`'* >	ifelse(defn(`_CK_BLM_$1'), `', `$`'#error $`'@ 5.7.1 $: "550 Rejected: " $&{client_addr} " not listed as MTA"', `$`'#error $`'@ 5.7.1 $: defn(`_CK_BLM_$1')')
', `dnl
R$`'* $| $-.$-.$-.$-	$: $`'1 $| $`'2.$`'3.$`'4.$`'5 $| < $(defn(`_CK_BLK_$1') $`'5.$`'4.$`'3.$`'2.defn(`_CK_BLD_$1'). $: OK $) >
R$`'* $| $`'* $| < OK >	$: $`'1 $| $`'2
R$`'* $| $`'* $| < $`'* < TMP > >	_CK_BLTEMP(defn(`_CK_BLD_$1'), defn(`_CK_BLT_$1'))
ifelse(patsubst(defn(`_CK_BLA_$1'), ` '), `', `', `patsubst(defn(`_CK_BLA_$1'), ` *\([^ ]+\) *', `R$`'* $| $`'* $| < \1 >	_CK_BLREFUSE(defn(`_CK_BLD_$1'), defn(`_CK_BLM_$1'))
')R$`'* $| $`'* $| < $`'* >	$: $`'1 $| $`'2
')dnl
R$`'* $| $`'* $| < $`'* >	_CK_BLREFUSE(defn(`_CK_BLD_$1'), defn(`_CK_BLM_$1'))
')')dnl
define(`_CK_BLRULES', `ifelse(eval($1 <= _CK_BLN_), `1', `_CK_BLONE($1)_CK_BLRULES(incr($1))')')dnl

######################################################################
###  hooks a .mc fills in its local rulesets
######################################################################
SLocal_check_relay
SLocal_check_mail
SLocal_check_rcpt
SLocal_Relay_Auth
ifdef(`_F_greet_pause', `SLocal_greet_pause
')dnl
ifdef(`_F_compat_check', `SLocal_check_compat
')dnl

ifdef(`_F_access_db', `
######################################################################
###  access map walkers
######################################################################

# AccOne: tag $| u $| key  ->  < value >  or  < ? >
SAccOne
R$+ $| $- $| $+		$: < $(access $1:$3 $: ? $) > $2 $| $3
R< ? > + $| $+		$: < $(access $1 $: ? $) > + $| $1
R< $* < TMPF > > $*	$@ < TMPF >
R< $* > $*		$@ < $1 >

# AccHost: tag $| u $| host  ->  < value >  or  < ? >
SAccHost
R$+ $| $- $| [ $+ ]	$@ $>AccOne $1 $| $2 $| [ $3 ]
R$+ $| $- $| $+ .	$: $1 $| $2 $| $3
R$+ $| $- $| $+		$: $1 $| $2 $| $3 $| $>AccOne $1 $| $2 $| $3
ifdef(`_ACCESS_SKIP_', `R$+ $| $- $| $+ $| < SKIP >	$@ < ? >
')dnl
R$+ $| $- $| $- . $+ $| < ? >	$@ $>AccParent $1 $| $2 $| $4
R$* $| < $* >		$@ < $2 >
R$*			$@ < ? >

# AccParent: the parent domain of a name that was not found
SAccParent
ifdef(`_F_lookupdotdomain', `R$+ $| $- $| $+		$: $1 $| $2 $| $3 $| $>AccOne $1 $| $2 $| . $3
R$+ $| $- $| $+ $| < ? >	$@ $>AccHost $1 $| $2 $| $3
R$* $| < $* >		$@ < $2 >
')dnl
R$*			$@ $>AccHost $1

# AccNet: tag $| u $| address  ->  < value >  or  < ? >
SAccNet
R$+ $| $- $| $+		$: $1 $| $2 $| $3 $| $>AccOne $1 $| $2 $| $3
ifdef(`_ACCESS_SKIP_', `R$+ $| $- $| $+ $| < SKIP >	$@ < ? >
')dnl
R$+ $| $- $| $+ . $- $| < ? >	$@ $>AccNet $1 $| $2 $| $3
R$+ $| $- $| $+ : $| < ? >	$@ $>AccNet $1 $| $2 $| $3
R$+ $| $- $| $+ : $- $| < ? >	$@ $>AccNet $1 $| $2 $| $3
R$* $| < $* >		$@ < $2 >
R$*			$@ < ? >

# AccUser: tag $| u $| user  ->  the user@ keys
SAccUser
R$+ $| $- $| $+		$: $1 $| $2 $| $3 $| $>AccOne $1 $| $2 $| $3 @
R$+ $| $- $| $+ + $* $| < ? >	$@ $>AccOne $1 $| $2 $| $3 @
R$* $| < $* >		$@ < $2 >
R$*			$@ < ? >

# AccMail: tag $| u $| w $| address  ->  < value >  or  < ? >
#	the whole address, then (w is +) user@, then the domain
SAccMail
R$+ $| $- $| $- $| < @ $* >	$@ < ? >
R$+ $| $- $| $- $| $* < @ $+ . >	$: $1 $| $2 $| $3 $| $4 < @ $5 >
R$+ $| $- $| $- $| $+ < @ $+ >	$: $1 $| $2 $| $3 $| $4 < @ $5 > $| $>AccOne $1 $| $2 $| $4 @ $5
R$+ $| $- $| $- $| $+ + $* < @ $+ > $| < ? >	$: $1 $| $2 $| $3 $| $4 + $5 < @ $6 > $| $>AccOne $1 $| $2 $| $4 @ $6
R$+ $| $- $| + $| $+ < @ $+ > $| < ? >	$: $1 $| $2 $| + $| $3 < @ $4 > $| $>AccUser $1 $| $2 $| $3
R$+ $| $- $| $- $| $* < @ $+ > $| < ? >	$@ $>AccHost $1 $| $2 $| $5
R$* $| < $* >		$@ < $2 >
R$+ $| $- $| + $| $+	$@ $>AccUser $1 $| $2 $| $3
R$*			$@ < ? >

# AccSay: < value >  ->  the reply for a refusing value, or the value
SAccSay
R< TMPF >		$#error $@ 4.3.0 $: _TMPF_
R< $={Accept} >		$@ < $1 >
R< ? >			$@ < ? >
R< REJECT >		$#error $@ 5.7.1 $: confREJECT_MSG
R< DISCARD >		$#discard $: discard
R< QUARANTINE : $* >	$#error $@ quarantine $: $1
R< ERROR : $- . $- . $- : $* >	$#error $@ $1.$2.$3 $: $4
R< ERROR : $* >		$#error $: $1
R< $* >			$#error $: $1
')

######################################################################
###  who is the client
######################################################################

# PeerLocal: is the client this host (no address, loopback, ours)?
SPeerLocal
R$*			$: < $&{client_addr} >
R< >			$@ < yes >
R< 127.0.0.1 >		$@ < yes >
R< IPv6 : : : 1 >	$@ < yes >
R< IPv6 : 0 : 0 : 0 : 0 : 0 : 0 : 0 : 1 >	$@ < yes >
R< $+ >			$: < [ $1 ] >
R< $=w >		$@ < yes >
R$*			$@ < no >

# PeerRelay: may the client send through us to anywhere?
SPeerRelay
ifdef(`_F_promiscuous_relay', `R$*			$@ < yes >
')dnl
R$*			$: $>PeerLocal
R< yes >		$@ < yes >
dnl our own names, but not the bare localhost a forged PTR can claim
R$*			$: < $&{client_name} >
R< localhost >		$: < >
R< localhost . >	$: < >
R< $+ . >		$: < $1 >
R< $=w >		$@ < yes >
R$*			$: < $&{client_addr} >
R< $+ >			$: < $1 > $>RelayNet $1
R< $+ > < yes >		$@ < yes >
R$*			$: < $&{client_name} >
R< $+ >			$: < $1 > $>RelayName $1
R< $+ > < yes >		$@ < yes >
ifdef(`_F_access_db', `R$*			$: < $&{client_name} >
R< $+ >			$: < $1 > $>_CK_RELAYLOOK_ Connect $| _CK_UNTAG_ $| $1
R< $+ > < RELAY >	$@ < yes >
R$*			$: < $&{client_addr} >
R< $+ >			$: < $1 > $>AccNet Connect $| _CK_UNTAG_ $| $1
R< $+ > < RELAY >	$@ < yes >
')dnl
ifdef(`_F_drac', `R$*			$: < $(drac $&{client_addr} $: ? $) >
R< ? >			$: < >
R< $+ >			$@ < yes >
')dnl
R$*			$: $>RelayAuth
R< yes >		$@ < yes >
ifdef(`_F_access_db', `R$*			$: $>RelayTLS
R< yes >		$@ < yes >
')dnl
ifdef(`_F_relay_local_from', `R$*			$: $>canonify $&f
R$* < @ $=w . >		$@ < yes >
R$* < @ $=w >		$@ < yes >
')dnl
ifdef(`_F_relay_mail_from', `ifdef(`_F_access_db', `R$*			$: $>canonify $&f
R$* < @ $+ . >		$: $1 < @ $2 >
R$* < @ $+ >		$: $>AccOne From $| + $| $1 @ $2
R< RELAY >		$@ < yes >
')')dnl
R$*			$@ < no >

# RelayNet: is the client address (or a prefix of it) in class R?
SRelayNet
R$=R			$@ < yes >
R$+ . $-		$@ $>RelayNet $1
R$+ : $-		$@ $>RelayNet $1
R$+ :			$@ $>RelayNet $1
R$*			$@ < no >

# RelayName: is the client name (or a domain above it) in class R?
SRelayName
R[ $* ]			$@ < no >
R$+ .			$: $1
R$=R			$@ < yes >
ifdef(`_F_relay_entire_domain', `R$* $=m		$@ < yes >
')dnl
ifdef(`_F_relay_hosts_only', `', `R$- . $+		$@ $>RelayName $2
')dnl
R$*			$@ < no >

# RelayAuth: did the client authenticate with a mechanism we trust?
SRelayAuth
R$*			$: $1 $| $>"Local_Relay_Auth" $&{auth_type}
R$* $| $# $*		$@ < yes >
R$*			$: < $&{auth_type} >
R< $={TrustAuthMech} >	$@ < yes >
R$*			$@ < no >

ifdef(`_F_access_db', `# RelayTLS: a verified certificate whose issuer (or subject) may relay
SRelayTLS
R$*			$: < $&{verify} >
R< OK >			$: < $(access CERTISSUER:$&{cert_issuer} $: ? $) >
R< RELAY >		$@ < yes >
R< SUBJECT >		$: < $(access CERTSUBJECT:$&{cert_subject} $: ? $) >
R< RELAY >		$@ < yes >
R$*			$@ < no >
')

######################################################################
###  check_relay: "client name $| client address" at connect
######################################################################
S`'_CK_RELAY_
R$*			$: $1 $| $>"Local_check_relay" $1
R$* $| $* $| $# $*	$# $3
R$* $| $* $| $*		$: $1 $| $2
ifdef(`_F_use_client_ptr', `R$* $| $*		$: $&{client_ptr} $| $2
')dnl
R$*			$@ $>PeerCore $1

ifdef(`_F_delay_checks', `ifdef(`_ratecontrol_nodelay_', `define(`_CK_NODELAY_')')ifdef(`_conncontrol_nodelay_', `define(`_CK_NODELAY_')')')dnl
ifdef(`_CK_NODELAY_', `# check_relay: with delay_checks only the connection controls that
#	ratecontrol or conncontrol with nodelay keep at connect time
Scheck_relay
R$* $|			$@ OK
ifdef(`_ratecontrol_nodelay_', `R$* $| $*		$: $1 $| $2 $| $>RateControl $2
R$* $| $* $| $# $*	$# $3
R$* $| $* $| $*		$: $1 $| $2
')dnl
ifdef(`_conncontrol_nodelay_', `R$* $| $*		$: $1 $| $2 $| $>ConnControl $2
R$* $| $* $| $# $*	$# $3
R$* $| $* $| $*		$: $1 $| $2
')dnl
R$*			$@ OK

')dnl
SPeerCore
dnl no address: mail made on this host
R$* $|			$@ OK
ifdef(`_F_access_db', `R$* $| $*		$: $1 $| $2 $| $>AccHost Connect $| _CK_UNTAG_ $| $1
R$* $| $* $| < ? >	$: $1 $| $2 $| $>AccNet Connect $| _CK_UNTAG_ $| $2
R$* $| $* $| < $={Accept} >	$@ $3
R$* $| $* $| < ? >	$: $1 $| $2
R$* $| $* $| < $* >	$@ $>AccSay < $3 >
')dnl
ifdef(`_F_ratecontrol', `ifdef(`_F_delay_checks', `ifdef(`_ratecontrol_nodelay_', `', `define(`_CK_RATE_LATE_')')')dnl
ifdef(`_CK_RATE_LATE_', `', `R$* $| $*		$: $1 $| $2 $| $>RateControl $2
R$* $| $* $| $# $*	$# $3
R$* $| $* $| $*		$: $1 $| $2
')')dnl
ifdef(`_F_conncontrol', `ifdef(`_F_delay_checks', `ifdef(`_conncontrol_nodelay_', `', `define(`_CK_CONN_LATE_')')')dnl
ifdef(`_CK_CONN_LATE_', `', `R$* $| $*		$: $1 $| $2 $| $>ConnControl $2
R$* $| $* $| $# $*	$# $3
R$* $| $* $| $*		$: $1 $| $2
')')dnl
ifdef(`_CK_BLN_', `_CK_BLRULES(1)')dnl
undivert(14)dnl
ifdef(`_F_require_rdns', `dnl the client needs a reverse DNS name unless class R lets it relay
R$* $| $*		$: $1 $| $2 $| $>RelayNet $&{client_addr}
R$* $| $* $| < no >	$: $1 $| $2 $| < $&{client_resolve} >
R$* $| $* $| < FAIL >	$#error $@ 5.7.1 $: 550 Fix reverse DNS for $&{client_addr}
R$* $| $* $| < TEMP >	$#error $@ 4.1.8 $: 451 Client IP address $&{client_addr} does not resolve
R$* $| $* $| < FORGED >	$#error $@ 4.1.8 $: 451 Possibly forged hostname for $&{client_addr}
R$* $| $* $| $*		$: $1 $| $2
')dnl
R$*			$@ OK

######################################################################
###  check_mail: the MAIL FROM address
######################################################################
S`'_CK_MAIL_
R$*			$: $1 $| $>"Local_check_mail" $1
R$* $| $# $*		$# $2
R$* $| $*		$: $1
ifdef(`_F_access_db', `R$*			$: $1 $| $>"tls_client" $&{verify} $| MAIL
R$* $| $# $*		$# $2
R$* $| $*		$: $1
')dnl
R<>			$@ <>
R$*			$@ $>SenderCore $1

SSenderCore
dnl localhost, or a loopback literal, from a client that is not this host
R$*			$: $1 $| $>PeerLocal
R$* $| < yes >		$: $1 $| no
R$* $| < no >		$: $1 $| $>LoopName $1
R$* $| yes		$#error $@ 5.5.4 $: "553 Real domain name required for sender address"
R$* $| lh		$: $1 $| lh $| $>canonify $1
R$* $| lh $| $* < @ $=w . >	$#error $@ 5.5.4 $: "553 Real domain name required for sender address"
R$* $| $*		$: $>UnHack $1
ifdef(`_F_access_db', `R$*			$: $1 $| $>AccMail From $| _CK_UNTAG_ $| + $| $1
R$* $| < OK >		$# OK
R$* $| < RELAY >	$# RELAY
R$* $| < ? >		$: $1
R$* $| < $* >		$@ $>AccSay < $2 >
')dnl
dnl a sender without a domain, from another host
R$*			$: $1 $| $>SenderQual $1
R$* $| $# $*		$# $2
R$* $| < q >		$: $1
R$* $| $*		$@ OK
ifdef(`_F_rhsbl', `R$* < @ $+ >		$: $1 < @ $2 > $| $>RhsCheck $2
R$* $| $# $*		$# $2
R$* $| $*		$: $1
')dnl
ifdef(`_F_accept_unresolvable_domains', `', `dnl the domain must resolve
R$* < @ $+ >		$: $1 < @ $2 > $| $>SenderDomain $2
R$* $| $# $*		$# $2
R$* $| $*		$: $1
')dnl
ifdef(`_F_badmx', `R$* < @ $+ . >		$: $1 < @ $2 >
R$* < @ $+ >		$: $1 < @ $2 > $| $>BadMX $2
R$* $| $# $*		$# $2
R$* $| $*		$: $1
')dnl
R$*			$@ OK

# LoopName: is the raw address at localhost or a loopback literal?
#	< yes >: refuse; < lh >: refuse when it is one of our names
SLoopName
R$* < $* > $*		$: $2
R$* @ localhost		$@ yes
R$* @ localhost .	$@ yes
R$* @ [ 127 . $* ]	$@ yes
R$* @ [ IPv6 : : : 1 ]	$@ yes
R$* @ localhost . $+	$@ lh
R$*			$@ no

# UnHack: the canonical address; user%host@here and host!user@here
#	stand for user@host (unless nopercenthack or nouucp)
SUnHack
R$*			$: $>canonify $1
ifdef(`_F_nopercenthack', `', `R$+ % $+ < @ $=w . >	$@ $>UnHack $1 @ $2
')dnl
ifdef(`_F_nouucp', `', `R$+ ! $+ < @ $=w . >	$@ $>UnHack $1 ! $2
')dnl

# SenderQual: a sender needs a domain unless it comes from this host
SSenderQual
R$*			$: $1 $| $>Parse0 $1
R$* $| $# $*		$@ $>Unqualified
R$* $| $+ < @ *LOCAL* >	$@ $>Unqualified
R$* $| $+ < @ $+ >	$@ < q >
R$*			$@ $>Unqualified

# Unqualified: a sender without a usable domain
SUnqualified
ifdef(`_F_accept_unqualified_senders', `R$*			$: < f > $&{daemon_flags}
R< f > $* f $*		$: < >
R< f > $*		$@ OK
', `R$*			$: < u > $&{daemon_flags}
R< u > $* u $*		$@ OK
')dnl
R$*			$: < $&{client_addr} >
R< >			$@ OK
R$*			$#error $@ 5.5.4 $: "553 Domain name required for sender address " $&f

ifdef(`_F_accept_unresolvable_domains', `', `# SenderDomain: must the sender domain resolve, and does it?
SSenderDomain
R$+ .			$: $1
R$j			$@ OK
R$* $=P			$@ OK
R$+			$: < $(resolve $1 $: $1 < PERM > $) >
R< $* < $={ResOk} > >	$@ OK
R< $* < TEMP > >	$#error $@ 4.1.8 $: "451 Domain of sender address " $&f " does not resolve"
R< $* < PERM > >	$#error $@ 5.1.8 $: "553 Domain of sender address " $&f " does not exist"
R$*			$@ OK
')dnl

ifdef(`_F_rhsbl', `# RhsCheck: the sender domain in the right-hand-side block lists
define(`_CK_RHONE', `R$+			$: $`'1 $| < $(dnsbl $`'1.defn(`_CK_RHD_$1'). $: OK $) >
R$+ $| < OK >		$: $`'1
R$+ $| < $`'* < TMP > >	ifelse(defn(`_CK_RHT_$1'), `', `$: $`'1', defn(`_CK_RHT_$1'), `t', `$`'#error $`'@ 4.4.3 $: "451 Temporary lookup failure of " $`'1 " at defn(`_CK_RHD_$1')"', `$`'#error $`'@ 4.4.3 $: defn(`_CK_RHT_$1')')
R$+ $| < $`'* >		ifelse(defn(`_CK_RHM_$1'), `', `$`'#error $`'@ 5.7.1 $: "550 Rejected: " $`'1 " listed at defn(`_CK_RHD_$1')"', `$`'#error $`'@ 5.7.1 $: defn(`_CK_RHM_$1')')
')dnl
define(`_CK_RHRULES', `ifelse(eval($1 <= _CK_RHN_), `1', `_CK_RHONE($1)_CK_RHRULES(incr($1))')')dnl
SRhsCheck
R$+ .			$: $1
ifdef(`_F_access_db', `R$+			$: $1 $| $>AccHost rhs $| ! $| $1
R$+ $| < OK >		$@ OK
R$+ $| < $* >		$: $1
')dnl
_CK_RHRULES(1)dnl
R$*			$@ OK
')dnl

ifdef(`_F_badmx', `# BadMX: the MX hosts of a sender domain must not be bare addresses
#	or point at loopback or private nets
SBadMX
R$+			$: < $(mxlist $1 $: ? $) > $1
R< ? > $+		$@ OK
R< $* < TEMP > > $+	$#error $@ 4.1.2 $: "450 MX lookup failure for " $2
R< $+ > $+		$@ $>BadMXList $1 : $| $2
R$*			$@ OK

SBadMXList
R$| $+			$@ OK
R: $* $| $+		$: $1 $| $2
R$+ : $* $| $+		$: < $(badmx $1 $) > $1 : $2 $| $3
R< $* < BADMX > > $+ : $* $| $+	$#error $@ 5.1.2 $: "550 Illegal MX record for host " $4
R< $* > $+ : $* $| $+	$: < $(dnsA $2 $: ? $) > $2 : $3 $| $4
R< $* < TEMP > > $+ : $* $| $+	$#error $@ 4.1.2 $: "450 MX lookup failure for " $4
R< $+ > $+ : $* $| $+	$: < $(BadMXIP $1 $) > $2 : $3 $| $4
R< $* < BADMXIP > > $+ : $* $| $+	$#error $@ 5.1.2 $: "550 Illegal MX record for host " $4
R< $* > $+ : $* $| $+	$@ $>BadMXList $3 $| $4
R$*			$@ OK
')dnl

######################################################################
###  check_rcpt: the RCPT TO address
######################################################################
Scheck_rcpt
R$*			$: $1 $| $>"Local_check_rcpt" $1
R$* $| $# $*		$# $2
R$* $| $*		$: $1
ifdef(`_F_delay_checks', `R$*			$: $1 $| $>RcptCore $1
R$* $| $# $*		$# $2
R$* $| $*		$@ $>Delayed $1 $| $2
', `R$*			$@ $>RcptCore $1
')dnl

SRcptCore
R<>			$#error $@ nouser $: "553 User address required"
R$*			$: $>Parse0 $>canonify $1
R$# $*			$# $1
ifdef(`_F_access_db', `ifdef(`_F_blocklist_recipients', `R$*			$: $1 $| $>Blocked $1
R$* $| $# $*		$# $2
R$* $| $*		$: $1
')')dnl
dnl mail for this host (and user%host@this.host, checked as user@host)
ifdef(`_F_loose_relay_check', `', `ifdef(`_F_nopercenthack', `', `R$+ % $+ < @ $=w . >	$@ $>RcptCore $1 @ $2
')ifdef(`_F_nouucp', `', `R$+ ! $+ < @ $=w . >	$@ $>RcptCore $1 ! $2
')')dnl
dnl with nopercenthack or nouucp reject, such addresses count as remote
ifelse(defn(`_F_nopercenthack'), `r', `R$* % $*		$: $1 % $2 $| $>PeerRelay
R$* $| < yes >		$@ RELAY
R$* $| < no >		$@ $>RelayRefused $1
')dnl
ifelse(defn(`_F_nouucp'), `r', `R$* ! $*		$: $1 ! $2 $| $>PeerRelay
R$* $| < yes >		$@ RELAY
R$* $| < no >		$@ $>RelayRefused $1
')dnl
R$*			$: $1 $| $>RelayAuth
R$* $| < yes >		$# RELAY
R$* $| < no >		$: $1
R$* < @ $=w . >		$@ OK
R$* < @ *LOCAL* >	$@ OK
R$* < @ $+ >		$: $1 < @ $2 > $| $>DestRelay $2
R$* $| $# $*		$# $2
R$* $| < yes >		$@ RELAY
R$* $| < no >		$: $1 $| $>PeerRelay
R$* $| < yes >		$@ RELAY
R$* $| < no >		$@ $>RelayRefused $1
R$*			$@ OK

# RelayRefused: what the client is told when it may not relay
SRelayRefused
R$*			$: $1 $| < $&{client_resolve} >
R$* $| < TEMP >		$#error $@ 4.4.0 $: "450 Relaying temporarily denied. Cannot resolve PTR record for " $&{client_addr}
R$* $| < FORGED >	$#error $@ 5.7.1 $: "550 Relaying denied. IP name possibly forged " $&{client_name}
R$* $| < FAIL >		$#error $@ 5.7.1 $: "550 Relaying denied. IP name lookup failed " $&{client_name}
R$* $| < $* >		$: $1
ifdef(`_F_relay_based_on_MX', `R$* < @ $+ >		$: $1 < @ $2 > $| $>MXRelay $2
R$* $| $# $*		$# $2
R$* $| < yes >		$@ RELAY
R$* $| $*		$: $1
')dnl
ifdef(`_F_block_bad_helo', `R$*			$: $1 $| $>BadHelo
R$* $| $# $*		$# $2
R$* $| $*		$: $1
')dnl
R$*			$#error $@ 5.7.1 $: confRELAY_MSG

# DestRelay: do we relay to this host (class R, To: RELAY, MX)?
SDestRelay
R$+ .			$: $1
R$=R			$@ < yes >
ifdef(`_F_relay_entire_domain', `R$* $=m		$@ < yes >
')dnl
ifdef(`_F_access_db', `R$+			$: $1 $| $>_CK_RELAYLOOK_ To $| _CK_UNTAG_ $| $1
R$+ $| < RELAY >	$@ < yes >
R$+ $| < $* >		$: $1
')dnl
ifdef(`_F_relay_hosts_only', `', `R$- . $+		$@ $>DestParent $2
')dnl
R$*			$@ < no >

ifdef(`_F_relay_based_on_MX', `# MXRelay: do the MX hosts of the domain (map mxserved, "a.:b.:c.") include us?
SMXRelay
R$+ .			$: $1
R$+			$: $1 $| < : $(mxserved $1 $: $) : >
R$+ $| < : $* < TEMP > : >	$#error $@ 4.4.0 $: "450 Can not check MX records for recipient host " $1
R$+ $| < $* : $=w . : $* >	$@ < yes >
R$+ $| < $* : $=w : $* >	$@ < yes >
R$*			$@ < no >

')dnl
# DestParent: class R names a domain: try the domains above the host
SDestParent
R$=R			$@ < yes >
R$- . $+		$@ $>DestParent $2
R$*			$@ < no >

ifdef(`_F_access_db', `ifdef(`_F_blocklist_recipients', `# Blocked: To: entries that refuse a recipient
SBlocked
R< @ >			$@ OK
R$* < @ $=w . >		$: $>AccMail To $| _CK_UNTAG_ $| + $| $1 < @ $2 >
R$* < @ $+ >		$: $>AccMail To $| _CK_UNTAG_ $| ! $| $1 < @ $2 >
R< $* >			$@ $>BlockSay < $1 >
R$+			$: $>AccUser To $| _CK_UNTAG_ $| $1
R< $* >			$@ $>BlockSay < $1 >
R$*			$@ OK

SBlockSay
ifdef(`_DELAY_COMPAT_', `R< $={SpamTag} >	$@ OK
')dnl
R< REJECT >		$#error $@ 5.2.1 $: confRCPTREJ_MSG
R< $* >			$@ $>AccSay < $1 >
')')dnl
ifdef(`_F_delay_checks', `
# Delayed: "recipient $| verdict": the sender and client checks that
#	delay_checks moved to RCPT time
SDelayed
R$* $| $*		$: $1 $| $2 $| $>RelayAuth
R$* $| $* $| < yes >	$@ $2
R$* $| $* $| < no >	$: $1 $| $2
ifelse(defn(`_F_delay_checks'), `friend', `R$* $| $*		$: $1 $| $2 $| $>SpamMark $1
R$* $| $* $| < FRIEND >	$@ $2
R$* $| $* $| < $* >	$: $1 $| $2
', defn(`_F_delay_checks'), `hater', `R$* $| $*		$: $1 $| $2 $| $>SpamMark $1
R$* $| $* $| < HATER >	$: $1 $| $2
R$* $| $* $| < $* >	$@ $2
')dnl
dnl (with _FFR_MAIL_MACRO the server keeps the MAIL FROM argument in {mail_from})
R$* $| $*		$: $1 $| $2 $| $>checkmail ifdef(`_FFR_MAIL_MACRO', `$&{mail_from}', `< $&f >')
R$* $| $* $| $# $*	$# $3
R$* $| $* $| $*		$: $1 $| $2 $| $>checkrelay $&{client_name} $| $&{client_addr}
R$* $| $* $| $# $*	$# $3
ifdef(`_CK_RATE_LATE_', `R$* $| $* $| $*		$: $1 $| $2 $| $>RateControl $&{client_addr}
R$* $| $* $| $# $*	$# $3
')dnl
ifdef(`_CK_CONN_LATE_', `R$* $| $* $| $*		$: $1 $| $2 $| $>ConnControl $&{client_addr}
R$* $| $* $| $# $*	$# $3
')dnl
R$* $| $* $| $*		$@ $2

ifelse(defn(`_F_delay_checks'), `1', `', `# SpamMark: the Spam: entry of a recipient: < FRIEND >, < HATER > or < ? >
SSpamMark
R$*			$: $1 $| $>SpamLook Spam $| $1
ifdef(`_DELAY_COMPAT_', `R$* $| < ? >		$: $1 $| $>SpamLook To $| $1
R$* $| < SPAMFRIEND >	$@ < FRIEND >
R$* $| < SPAMHATER >	$@ < HATER >
')dnl
R$* $| < $* >		$@ < $2 >
R$*			$@ < ? >

# SpamLook: tag $| recipient  ->  its entry: the address, user@ (ours
#	only), the domain
SSpamLook
R$- $| $*		$: $1 $| $>Parse0 $>UnHack $2
R$- $| $* < @ $=w . >	$@ $>AccMail $1 $| ! $| + $| $2 < @ $3 >
R$- $| $* < @ $+ >	$@ $>AccMail $1 $| ! $| ! $| $2 < @ $3 >
R$- $| $+		$@ $>AccUser $1 $| ! $| $2
R$*			$@ < ? >
')')dnl

ifdef(`_F_block_bad_helo', `# BadHelo: a client that may not relay must not greet with our name
SBadHelo
R$*			$: < $&{auth_authen} >
R< $+ >			$@ OK
R$*			$: < $&s >
R< >			$#error $@ 5.7.1 $: "550 bogus HELO name used: " $&s
R< $=w >		$#error $@ 5.7.1 $: "550 bogus HELO name used: " $&s
R< $=w . >		$#error $@ 5.7.1 $: "550 bogus HELO name used: " $&s
R< [ $+ ] >		$@ OK
R< $- >			$#error $@ 5.7.1 $: "550 bogus HELO name used: " $&s
R$*			$@ OK
')dnl

ifdef(`_F_compat_check', `######################################################################
###  check_compat: "sender $| recipient" at delivery (Compat: entries)
######################################################################
Scheck_compat
R$* $| $*		$: $1 $| $2 $| $>"Local_check_compat" $1 $| $2
R$* $| $* $| $# $*	$# $3
R$* $| $* $| $*		$: $1 $| $2
R$* $| $*		$: $2 $| $>CompatKey $1
R$* $| $*		$: $2 $| $>CompatKey $1
R$* $| $*		$: < $(access Compat:$1<@>$2 $: ? $) >
R< $* < TMPF > >	$#error $@ 4.3.0 $: _TMPF_
R< DISCARD >		$#discard $: " - discarded by check_compat"
R< DISCARD : $* >	$#discard $: $1 " - discarded by check_compat"
R< TEMP : $* >		$#error $@ TEMPFAIL $: $1 " error from check_compat. Try again later"
R< ERROR : $* >		$#error $@ UNAVAILABLE $: $1 " error from check_compat"
R$*			$@ OK

# CompatKey: an address as it is written in Compat: keys (user@domain)
SCompatKey
R$*			$: $>canonify $1
R$* < @ $+ . >		$@ $1 @ $2
R$* < @ $+ >		$@ $1 @ $2
R$*			$@ $1
')dnl

ifdef(`_F_greet_pause', `######################################################################
###  greet_pause: milliseconds to wait before the greeting
######################################################################
Sgreet_pause
R$* $| $*		$: $1 $| $2 $| $>"Local_greet_pause" $1 $| $2
R$* $| $* $| $# $*	$# $3
R$* $| $* $| $*		$: $1 $| $2
ifdef(`_F_access_db', `R$+ $| $+		$: $1 $| $2 $| $>AccHost GreetPause $| ! $| $1
R$+ $| $+ $| < ? >	$: $1 $| $2 $| $>AccNet GreetPause $| ! $| $2
R$* $| $* $| < TMPF >	$: $1 $| $2
R$* $| $* $| < ? >	$: $1 $| $2
R$* $| $* $| < $- >	$# $3
R$* $| $* $| $*		$: $1 $| $2
')dnl
R$*			$# defn(`_F_greet_pause')
')dnl

ifdef(`_F_ratecontrol', `######################################################################
###  RateControl: ClientRate: limits on new connections per window
######################################################################
SRateControl
R$+			$: < $(access ClientRate:$1 $: ? $) > $1
R< ? > $+		$: $1 $| $>AccNet ClientRate $| ! $| $1
R$+ $| < $* >		$: < $2 > $1
R< ? > $+		$: < $(access ClientRate: $: ? $) > $1
R< ? > $*		$@ OK
R< $* < TMPF > > $*	$@ OK
R< $- > $+		$: < $1 > $2 $| $(arith l $@ $1 $@ $&{client_rate} $)
R< 0 > $+ $| $*		$@ OK
R< $- > $+ $| TRUE	$#error $@ 4.3.2 $: _F_ratecontrol Connection rate limit exceeded.
R$*			$@ OK
')dnl

ifdef(`_F_conncontrol', `######################################################################
###  ConnControl: ClientConn: limits on open connections
######################################################################
SConnControl
R$+			$: < $(access ClientConn:$1 $: ? $) > $1
R< ? > $+		$: $1 $| $>AccNet ClientConn $| ! $| $1
R$+ $| < $* >		$: < $2 > $1
R< ? > $+		$: < $(access ClientConn: $: ? $) > $1
R< ? > $*		$@ OK
R< $* < TMPF > > $*	$@ OK
R< $- > $+		$: < $1 > $2 $| $(arith l $@ $1 $@ $&{client_connections} $)
R< 0 > $+ $| $*		$@ OK
R< $- > $+ $| TRUE	$#error $@ 4.3.2 $: _F_conncontrol Too many open connections.
R$*			$@ OK
')dnl

ifdef(`_F_queuegroup', `######################################################################
###  queuegroup: the queue group of a recipient (qgrp: entries)
######################################################################
Squeuegroup
R< $+ >			$1
R$+ @ $+		$: < $(access qgrp:$1@$2 $: ? $) > $1 @ $2
R< ? > $+ + $* @ $+	$: < $(access qgrp:$1@$3 $: ? $) > $1 + $2 @ $3
R< ? > $+ @ $+		$: $>QgrpHost $2
R< ? >			$# defn(`_F_queuegroup')
R< $* < TMPF > > $*	$# defn(`_F_queuegroup')
R< $+ > $*		$# $1

# QgrpHost: qgrp:domain for a host and the domains above it
SQgrpHost
R$+			$: < $(access qgrp:$1 $: ? $) > $1
R< ? > $- . $+		$@ $>QgrpHost $2
R< $* > $*		$@ < $1 >
')dnl

ifdef(`_F_check_other', `######################################################################
###  check_other: a header line sent as a command ends the session
######################################################################
Scheck_other
R$* $| $*		$: < $(badcmd $1 $) > $1 $| $2
R< $* < BADCMD > > $*	$#error $@ 4.7.0 $: 421 bad command
R$*			$@ OK
')dnl
