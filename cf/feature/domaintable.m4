divert(-1)
#
# feature/domaintable.m4 - domain aliasing: old.domain -> new.domain.
#
define(`_F_domaintable', ifelse(defn(`_ARG_'), `', ``hash /etc/mail/domaintable'', defn(`_ARG_'), `LDAP', ``ldap -1 -T<TMPF> -v sendmailMTAMapValue,sendmailMTAMapSearch:FILTER:sendmailMTAMapObject,sendmailMTAMapURL:URL:sendmailMTAMapObject -k (&(objectClass=sendmailMTAMapObject)(|(sendmailMTACluster=${sendmailMTACluster})(sendmailMTAHost=$j))(sendmailMTAMapName=domain)(sendmailMTAKey=%0))'', defn(`_ARG_')))
