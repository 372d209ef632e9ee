divert(-1)
#
# feature/nocanonify.m4 - do not look host names up with $[ $] (except class {Canonify}).
#
define(`_F_nocanonify', `1')
