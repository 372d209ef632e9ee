divert(-1)
#
# feature/bestmx_is_local.m4 - treat mail for hosts whose best MX is us as local.
#
define(`_F_bestmx_is_local', `1')
