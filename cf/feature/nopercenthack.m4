divert(-1)
#
# feature/nopercenthack.m4 - no user%host address syntax.
# FEATURE(`nopercenthack', `reject'): such recipients from outside are refused
# as remote ("PERCENT_HACK"), so they cannot be used to relay;
# FEATURE(`nopercenthack', `nospecial'): % is an ordinary character.
#
ifelse(substr(defn(`_ARG_'), 0, 1), `r', `define(`_F_nopercenthack', `r')',
	substr(defn(`_ARG_'), 0, 1), `n', `define(`_F_nopercenthack', `n')',
	`_CF_ERR(`FEATURE(nopercenthack) needs `reject' or `nospecial' as argument')')
