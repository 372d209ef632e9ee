changecom(`#')divert(-1)
#
# emit_headers.m4 - the H lines: the headers sendmail adds when missing.
# The texts (Received:, Message-Id:, From: forms) are sendmail 8.17's; the
# confRECEIVED_HEADER, confMESSAGEID_HEADER and confFROM_HEADER defines
# replace them.
#
ifdef(`confRECEIVED_HEADER', `', `define(`confRECEIVED_HEADER',
`$?sfrom $s $.$?_($?s$|from $.$_)
	$.$?{auth_type}(authenticated$?{auth_ssf} bits=${auth_ssf}$.)
	$.by $j ($v/$Z)$?r with $r$. id $i$?{tls_version}
	(version=${tls_version} cipher=${cipher} bits=${cipher_bits} verify=${verify})$.$?u
	for $u; $|;
	$.$b')')
ifdef(`confMESSAGEID_HEADER', `', `define(`confMESSAGEID_HEADER', `<$t.$i@$j>')')
ifdef(`confFROM_HEADER', `', `define(`confFROM_HEADER', `$?x$x <$g>$|$g$.')')
changecom()divert(0)dnl
H?P?Return-Path: <$g>
HReceived: defn(`confRECEIVED_HEADER')
H?D?Resent-Date: $a
H?D?Date: $a
H?F?Resent-From: defn(`confFROM_HEADER')
H?F?From: defn(`confFROM_HEADER')
H?x?Full-Name: $x
H?M?Resent-Message-Id: defn(`confMESSAGEID_HEADER')
H?M?Message-Id: defn(`confMESSAGEID_HEADER')
