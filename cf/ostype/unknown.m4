divert(-1)
#
# ostype/unknown.m4 - unknown.
#
