dnl rules_tls.m4 - STARTTLS and AUTH policy: tls_server, tls_client,
dnl tls_rcpt, try_tls, srv_features, clt_features, authinfo, trust_auth.
dnl
dnl Read by emit.m4 with m4 comments off; remarks are dnl lines.  The
dnl ruleset names are the ones the sendmail binary calls; the access map
dnl tags (TLS_Srv:, TLS_Clt:, TLS_Rcpt:, Try_TLS:, Srv_Features:,
dnl Clt_Features:, AuthInfo:) and the requirement language of their values
dnl (VERIFY, VERIFY:bits, ENCR:bits, TEMP+ / PERM+, +CN, +CN:name,
dnl +CS:subject, +CI:issuer, +CITag:tag) are documented in cf/README.
dnl The helpers are ours:
dnl
dnl	TlsLook		"tag $| name $| address": the value for a peer,
dnl			by name (and its domains), by address (and its
dnl			nets), then the bare tag; "< value >" or "< ? >"
dnl	TlsNeed		"verify $| peer $| < requirement >": OK or the
dnl			refusal (454 4.7.0, or 503 5.7.0 with PERM+)
dnl	TlsExt		the +extensions of a requirement, one at a time
dnl
dnl Without the access map only a broken handshake (SOFTWARE) is refused.
dnl
define(`_TLS_PERM_', ifdef(`TLS_PERM_ERR', `1', `0'))dnl

ifdef(`_F_access_db', `
# TlsLook: tag $| name $| address  ->  < value >  or  < ? >
STlsLook
R$+ $| $* $| $*		$: $1 $| $2 $| $3 $| $>AccHost $1 $| ! $| $2
R$+ $| $* $| $* $| < ? >	$: $1 $| $2 $| $3 $| $>AccNet $1 $| ! $| $3
R$+ $| $* $| $* $| < ? >	$: $1 $| $2 $| $3 $| < $(access $1: $: ? $) >
R$* $| < $* < TMPF > >	$@ < TMPF >
R$* $| < $* >		$@ < $2 >

# TlsNeed: verify $| peer name $| < requirement >
STlsNeed
R$* $| $* $| < TMPF >	$#error $@ 4.3.0 $: _TMPF_
RSOFTWARE $| $* $| < $* >	$#error $@ 4.7.0 $: "454 TLS handshake failed."
R$* $| $* $| < ? >	$@ OK
dnl the error class: < 454 4.7.0 > or < 503 5.7.0 >
ifelse(_TLS_PERM_, `1', `R$* $| $* $| < $+ >	$: < 503 5.7.0 > $1 $| $2 $| < $3 >',
	`R$* $| $* $| < $+ >	$: < 454 4.7.0 > $1 $| $2 $| < $3 >')
R< $+ > $* $| $* $| < PERM + $+ >	$: < 503 5.7.0 > $2 $| $3 $| < $4 >
R< $+ > $* $| $* $| < TEMP + $+ >	$: < 454 4.7.0 > $2 $| $3 $| < $4 >
dnl VERIFY: the certificate must have been verified
R< $+ > OK $| $* $| < VERIFY $* >	$: < $1 > OK $| $2 $| < $3 >
R< $- $+ > NONE $| $* $| < VERIFY $* >	$#error $@ $2 $: $1 " other side does not support STARTTLS"
R< $- $+ > FAIL $| $* $| < VERIFY $* >	$#error $@ $2 $: $1 " authentication failed"
R< $- $+ > $* $| $* $| < VERIFY $* >	$#error $@ $2 $: $1 " authentication required"
dnl ENCR:bits, VERIFY:bits: enough bits of encryption
R< $+ > $* $| $* $| < ENCR : $- $* >	$: < $1 > $2 $| $3 $| < : $4 $5 >
R< $+ > $* $| $* $| < : $- $* >	$: < $1 > $2 $| $3 $| < $4 > $5 $| $(arith l $@ $&{cipher_bits} $@ $4 $)
R< $- $+ > $* $| $* $| < $- > $* $| TRUE	$#error $@ $2 $: $1 " encryption too weak " $&{cipher_bits} " less than " $5
R< $+ > $* $| $* $| < $- > $* $| $*	$: < $1 > $2 $| $3 $| < $5 >
dnl the +extensions
R< $+ > $* $| $* $| < + $+ >	$@ $>TlsExt < $1 > $3 $| $4
R$*			$@ OK

# TlsExt: < code dsn > peer $| ext ++ ext ...
STlsExt
R< $+ > $* $| CN : $&{cn_subject} $*	$: < $1 > $2 $| $3
R< $+ > $&{cn_subject} $| CN	$: < $1 > $&{cn_subject} $|
R< $+ > $&{cn_subject} $| CN ++ $*	$: < $1 > $&{cn_subject} $| ++ $2
R< $- $+ > $* $| CN : $+ ++ $*	$#error $@ $2 $: $1 " CN " $&{cn_subject} " does not match " $4
R< $- $+ > $* $| CN : $+		$#error $@ $2 $: $1 " CN " $&{cn_subject} " does not match " $4
R< $- $+ > $* $| CN $*		$#error $@ $2 $: $1 " CN " $&{cn_subject} " does not match " $3
R< $+ > $* $| CS : $&{cert_subject} $*	$: < $1 > $2 $| $3
R< $- $+ > $* $| CS : $+ ++ $*	$#error $@ $2 $: $1 " Cert Subject " $&{cert_subject} " does not match " $4
R< $- $+ > $* $| CS : $+		$#error $@ $2 $: $1 " Cert Subject " $&{cert_subject} " does not match " $4
R< $+ > $* $| CI : $&{cert_issuer} $*	$: < $1 > $2 $| $3
R< $- $+ > $* $| CI : $+ ++ $*	$#error $@ $2 $: $1 " Cert Issuer " $&{cert_issuer} " does not match " $4
R< $- $+ > $* $| CI : $+		$#error $@ $2 $: $1 " Cert Issuer " $&{cert_issuer} " does not match " $4
R< $+ > $* $| CITag : $- $*	$: < $1 > $2 $| $4 $| < $(access $3:$&{cert_issuer} $: ? $) >
R< $+ > $* $| $* $| < OK >	$: < $1 > $2 $| $3
R< $- $+ > $* $| $* $| < $* >	$#error $@ $2 $: $1 " Cert Issuer " $&{cert_issuer} " not acceptable"
R< $+ > $* $| ++ $+		$@ $>TlsExt < $1 > $2 $| $3
R$*			$@ OK
')

######################################################################
###  tls_server: we are the client; may the session go on?  ${verify}
######################################################################
Stls_server
ifdef(`_LOCAL_TLS_SERVER_', `R$*			$: $1 $| $>"local_tls_server" $1
R$* $| $# $*		$# $2
R$* $| $*		$: $1
')dnl
ifdef(`_F_access_db', `R$*			$: $1 $| $&{server_name} $| $>TlsLook TLS_Srv $| $&{server_name} $| $&{server_addr}
R$*			$@ $>TlsNeed $1
', `RSOFTWARE		$#error $@ 4.7.0 $: "454 TLS handshake failed."
R$*			$@ OK
')

######################################################################
###  tls_client: we are the server; "${verify} $| STARTTLS" or "... $| MAIL"
######################################################################
Stls_client
ifdef(`_LOCAL_TLS_CLIENT_', `R$*			$: $1 $| $>"local_tls_client" $1
R$* $| $* $| $# $*	$# $3
R$* $| $* $| $*		$: $1 $| $2
')dnl
ifdef(`_F_access_db', `R$* $| $*		$: $1 $| $&{client_name} $| $>TlsLook TLS_Clt $| $&{client_name} $| $&{client_addr}
R$*			$@ $>TlsNeed $1
', `RSOFTWARE $| $*	$#error $@ 4.7.0 $: "454 TLS handshake failed."
R$*			$@ OK
')

ifdef(`_F_access_db', `######################################################################
###  tls_rcpt: may this recipient be sent over the current session?
######################################################################
Stls_rcpt
ifdef(`_LOCAL_TLS_RCPT_', `R$*			$: $1 $| $>"local_tls_rcpt" $1
R$* $| $# $*		$# $2
R$* $| $*		$: $1
')dnl
R$*			$: $>canonify $1
R$* < @ $+ . >		$: $1 < @ $2 >
R$+ < @ $+ >		$: $1 < @ $2 > $| $>AccOne TLS_Rcpt $| ! $| $1 @ $2
R$+ < @ $+ > $| < ? >	$: $1 < @ $2 > $| $>AccOne TLS_Rcpt $| ! $| $1 @
R$+ < @ $+ > $| < ? >	$: $1 < @ $2 > $| $>AccHost TLS_Rcpt $| ! $| $2
R$+ < @ $+ > $| < ? >	$: $1 < @ $2 > $| < $(access TLS_Rcpt: $: ? $) >
R$+ < @ $+ > $| < $* < TMPF > >	$: $1 < @ $2 > $| < TMPF >
R$+ < @ $+ > $| < $* >	$@ $>TlsNeed $&{verify} $| $&{server_name} $| < $3 >
R$*			$@ OK
')

######################################################################
###  try_tls, srv_features, clt_features: per peer session settings
######################################################################
Stry_tls
ifdef(`_LOCAL_TRY_TLS_', `R$*			$: $1 $| $>"local_try_tls" $1
R$* $| $# $*		$# $2
R$* $| $*		$: $1
')dnl
ifdef(`_F_access_db', `R$*			$: $>TlsLook Try_TLS $| $&{server_name} $| $&{server_addr}
R< NO >			$#error $@ 5.7.1 $: "550 do not try TLS with " $&{server_name} " [" $&{server_addr} "]"
')dnl
R$*			$@ OK

Ssrv_features
ifdef(`_LOCAL_SRV_FEATURES_', `R$*			$: $1 $| $>"local_srv_features" $1
R$* $| $# $*		$# $2
R$* $| $*		$: $1
')dnl
ifdef(`_F_access_db', `R$*			$: $>TlsLook Srv_Features $| $&{client_name} $| $&{client_addr}
R< TMPF >		$@ OK
R< ? >			$@ OK
R< $* >			$# $1
')dnl
R$*			$@ OK

Sclt_features
ifdef(`_LOCAL_CLT_FEATURES_', `R$*			$: $1 $| $>"local_clt_features" $1
R$* $| $# $*		$# $2
R$* $| $*		$: $1
')dnl
ifdef(`_F_access_db', `dnl (sendmail keeps the peer in {client_name} and {client_addr} at that point)
R$*			$: $>TlsLook Clt_Features $| $&{client_name} $| $&{client_addr}
R< TMPF >		$@ OK
R< ? >			$@ OK
R< $* >			$# $1
')dnl
R$*			$@ OK

######################################################################
###  authinfo: our credentials for the server we talk to
######################################################################
Sauthinfo
ifdef(`_F_authinfo', `dnl the authinfo map: the server name, its address, the bare tag
R$*			$: < $(authinfo AuthInfo:$&{server_name} $: ? $) >
R< ? >			$: < $(authinfo AuthInfo:$&{server_addr} $: ? $) >
R< ? >			$: < $(authinfo AuthInfo: $: ? $) >
R< ? >			$@ no
R< $* < TMPF > >	$@ no
R< $* >			$# $1
', `ifdef(`_F_access_db', `R$*			$: $>TlsLook AuthInfo $| $&{server_name} $| $&{server_addr}
R< ? >			$@ no
R< TMPF >		$@ no
R< $* >			$# $1
')')dnl
R$*			$@ no

######################################################################
###  trust_auth: may the authenticated client name another as AUTH=?
######################################################################
SLocal_trust_auth
Strust_auth
R$*			$: $1 $| $>"Local_trust_auth" $1
R$* $| $# $*		$# $2
R$* $| $*		$: $1
R$*			$: $1 $| < $&{auth_type} >
R$* $| < >		$#error $@ 5.7.1 $: "550 not authenticated"
R$* $| < $* >		$: $1
R$&{auth_authen}	$@ identical
R$*			$#error $@ 5.7.1 $: "550 " $&{auth_authen} " not allowed to act as " $&{auth_author}
