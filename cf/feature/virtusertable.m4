divert(-1)
#
# feature/virtusertable.m4 - virtual users: user@domain, @domain to local users, aliases or addresses.
#
define(`_F_virtusertable', ifelse(defn(`_ARG_'), `', ``hash /etc/mail/virtusertable'', defn(`_ARG_'), `LDAP', ``ldap -1 -T<TMPF> -v sendmailMTAMapValue,sendmailMTAMapSearch:FILTER:sendmailMTAMapObject,sendmailMTAMapURL:URL:sendmailMTAMapObject -k (&(objectClass=sendmailMTAMapObject)(|(sendmailMTACluster=${sendmailMTACluster})(sendmailMTAHost=$j))(sendmailMTAMapName=virtuser)(sendmailMTAKey=%0))'', defn(`_ARG_')))
