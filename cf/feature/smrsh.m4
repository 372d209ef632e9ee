divert(-1)
#
# feature/smrsh.m4 - programs in .forward and aliases run through smrsh: FEATURE(`smrsh' [, path]).
#
define(`_F_smrsh', `1')
define(`LOCAL_SHELL_PATH', ifelse(defn(`_ARG_'), `', `ifdef(`confEBINDIR', `defn(`confEBINDIR')', `/usr/libexec')/smrsh', `defn(`_ARG_')'))
define(`LOCAL_SHELL_ARGS', `smrsh -c $u')
define(`LOCAL_SHELL_FLAGS', `eu9')
