divert(-1)
#
# feature/use_cw_file.m4 - read our own host names (class w) from confCW_FILE, /etc/mail/local-host-names.
#
define(`_F_use_cw_file', `1')
