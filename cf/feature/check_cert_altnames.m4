divert(-1)
#
# feature/check_cert_altnames.m4 - a CN requirement (TLS_Srv:host VERIFY+CN) is also
# met by a subjectAltName of the peer certificate (SetCertAltnames).
#
define(`_F_check_cert_altnames', `1')
define(`confSET_CERT_ALTNAMES', `true')
