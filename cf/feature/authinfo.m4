divert(-1)
#
# feature/authinfo.m4 - client AUTH credentials in their own map (AuthInfo: entries).
#
define(`_F_authinfo', ifelse(defn(`_ARG_'), `', ``hash /etc/mail/authinfo'', defn(`_ARG_'), `LDAP', ``ldap -1 -T<TMPF> -v sendmailMTAMapValue,sendmailMTAMapSearch:FILTER:sendmailMTAMapObject,sendmailMTAMapURL:URL:sendmailMTAMapObject -k (&(objectClass=sendmailMTAMapObject)(|(sendmailMTACluster=${sendmailMTACluster})(sendmailMTAHost=$j))(sendmailMTAMapName=authinfo)(sendmailMTAKey=%0))'', defn(`_ARG_')))
