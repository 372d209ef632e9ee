divert(-1)
#
# feature/access_db.m4 - the access map: Connect:, From:, To: policy entries (OK, RELAY, REJECT, DISCARD, ERROR:).
#
define(`_F_access_db', ifelse(defn(`_ARG_'), `', ``hash -T<TMPF> /etc/mail/access'', defn(`_ARG_'), `LDAP', ``ldap -1 -T<TMPF> -v sendmailMTAMapValue,sendmailMTAMapSearch:FILTER:sendmailMTAMapObject,sendmailMTAMapURL:URL:sendmailMTAMapObject -k (&(objectClass=sendmailMTAMapObject)(|(sendmailMTACluster=${sendmailMTACluster})(sendmailMTAHost=$j))(sendmailMTAMapName=access)(sendmailMTAKey=%0))'', defn(`_ARG_')))
# FEATURE(`access_db', spec, `skip'): a SKIP value ends a lookup as not found.
ifelse(defn(`_ARG2_'), `skip', `define(`_ACCESS_SKIP_')')
