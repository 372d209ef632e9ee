divert(-1)
#
# feature/no_default_msa.m4 - no default MSA daemon on port 587.
#
define(`_F_no_default_msa', `1')
