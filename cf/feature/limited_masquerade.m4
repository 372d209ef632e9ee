divert(-1)
#
# feature/limited_masquerade.m4 - masquerade only MASQUERADE_DOMAIN hosts, not all of class w.
#
define(`_F_limited_masquerade', `1')
