divert(-1)
#
# feature/mailertable.m4 - per-domain routing: domain -> mailer:host.
#
define(`_F_mailertable', ifelse(defn(`_ARG_'), `', ``hash /etc/mail/mailertable'', defn(`_ARG_'), `LDAP', ``ldap -1 -T<TMPF> -v sendmailMTAMapValue,sendmailMTAMapSearch:FILTER:sendmailMTAMapObject,sendmailMTAMapURL:URL:sendmailMTAMapObject -k (&(objectClass=sendmailMTAMapObject)(|(sendmailMTACluster=${sendmailMTACluster})(sendmailMTAHost=$j))(sendmailMTAMapName=mailer)(sendmailMTAKey=%0))'', defn(`_ARG_')))
