divert(-1)
#
# ostype/gnu.m4 - gnu.
#
define(`confEBINDIR', `/usr/sbin')
