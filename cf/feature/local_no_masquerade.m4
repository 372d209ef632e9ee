divert(-1)
#
# feature/local_no_masquerade.m4 - mail to local mailboxes keeps its real sender
# (the local mailer does no masquerading).
#
define(`_F_local_no_masquerade', `1')
