divert(-1)
#
# feature/tls_session_features.m4 - not written yet in this tree.  sendmail 8.17 has it; using it
# stops the build rather than silently making a .cf without it.
#
_CF_ERR(`FEATURE(tls_session_features) is not supported by this cf tree yet')
