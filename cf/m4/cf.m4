divert(-1)
#
# cf.m4 - the entry point of our m4 configuration tree.
#
#	m4 cf/m4/cf.m4 site.mc > site.cf
#
# An .mc file only records what the administrator wants: the vocabulary
# macros defined in vocab.m4 (OSTYPE, FEATURE, MAILER, MASQUERADE_AS ...)
# set flags, collect class and option lines, and switch diversions for the
# LOCAL_* hooks.  Nothing of the .cf proper is written while the .mc is
# read: when m4 reaches the end of its input, emit.m4 writes the whole
# sendmail.cf in one pass from what was recorded.  So the order of lines
# in an .mc does not matter, except for text the LOCAL_* hooks collect.
#
# Errors in an .mc (unknown FEATURE, OSTYPE, MAILER, missing include
# file, defines that contradict each other) stop m4 with
#	file:line: message
# and exit status 1; cf/cf/Build removes the partial output.
#
# _CF_DIR_ is the top of the tree (with a trailing slash).  It can be
# given with -D_CF_DIR_=...; otherwise it is found from this file's name.
#
ifdef(`_CF_DIR_', `',
	`define(`_CF_DIR_',
		ifelse(__file__, `cf.m4', `../',
			`substr(__file__, 0, eval(len(__file__) - 8))'))')
ifelse(_CF_DIR_, `', `define(`_CF_DIR_', `./')')
include(_CF_DIR_`m4/vocab.m4')
include(_CF_DIR_`m4/options.m4')
m4wrap(`_CF_EMIT')
divert(0)dnl
