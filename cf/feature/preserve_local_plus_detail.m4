divert(-1)
#
# feature/preserve_local_plus_detail.m4 - hand user+detail to the local mailer unchanged.
#
define(`_F_preserve_local_plus_detail', `1')
