divert(-1)
# site.m4 - read devtools/Site/site.config.m4 as sendmail's devtools do:
# APPENDDEF(`confX', `value') appends to confX, PREPENDDEF prepends,
# define(`confX', `value') sets it.  site-end.m4 then prints the variables
# the Makefile uses as "confX = value" lines.
define(`APPENDDEF', `ifdef(`$1', `define(`$1', defn(`$1')` $2')', `define(`$1', `$2')')')
define(`PREPENDDEF', `ifdef(`$1', `define(`$1', `$2 'defn(`$1'))', `define(`$1', `$2')')')
divert(0)dnl
