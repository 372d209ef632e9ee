divert(-1)
#
# feature/use_ct_file.m4 - read trusted users (class t) from confCT_FILE, /etc/mail/trusted-users.
#
define(`_F_use_ct_file', `1')
