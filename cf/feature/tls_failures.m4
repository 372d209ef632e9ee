divert(-1)
#
# feature/tls_failures.m4 - the old way to fall back to a clear connection when
# STARTTLS fails; it sets confTLS_FALLBACK_TO_CLEAR, its replacement.
#
errprint(ifdef(`_CF_WHERE_', `_CF_WHERE_', `__file__:__line__')`: warning: FEATURE(tls_failures) is now define(`confTLS_FALLBACK_TO_CLEAR'', `true'')
')
define(`confTLS_FALLBACK_TO_CLEAR', `true')
