divert(-1)
#
# feature/allmasquerade.m4 - masquerade recipient headers too (needs MASQUERADE_AS).
#
define(`_F_allmasquerade', `1')
