divert(-1)
#
# feature/bcc.m4 - not written yet in this tree.  sendmail 8.17 has it; using it
# stops the build rather than silently making a .cf without it.
#
_CF_ERR(`FEATURE(bcc) is not supported by this cf tree yet')
