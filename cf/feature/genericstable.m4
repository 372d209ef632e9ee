divert(-1)
#
# feature/genericstable.m4 - outgoing address rewriting: user or user@domain -> address.
#
define(`_F_genericstable', ifelse(defn(`_ARG_'), `', ``hash /etc/mail/genericstable'', defn(`_ARG_'), `LDAP', ``ldap -1 -T<TMPF> -v sendmailMTAMapValue,sendmailMTAMapSearch:FILTER:sendmailMTAMapObject,sendmailMTAMapURL:URL:sendmailMTAMapObject -k (&(objectClass=sendmailMTAMapObject)(|(sendmailMTACluster=${sendmailMTACluster})(sendmailMTAHost=$j))(sendmailMTAMapName=generics)(sendmailMTAKey=%0))'', defn(`_ARG_')))
