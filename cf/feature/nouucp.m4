divert(-1)
#
# feature/nouucp.m4 - no host!user (UUCP) address syntax.
# FEATURE(`nouucp', `reject'): such recipients from outside are refused
# as remote ("BANG_PATH"), so they cannot be used to relay;
# FEATURE(`nouucp', `nospecial'): ! is an ordinary character.
#
ifelse(substr(defn(`_ARG_'), 0, 1), `r', `define(`_F_nouucp', `r')',
	substr(defn(`_ARG_'), 0, 1), `n', `define(`_F_nouucp', `n')',
	`_CF_ERR(`FEATURE(nouucp) needs `reject' or `nospecial' as argument')')
