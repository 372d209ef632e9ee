divert(-1)
#
# mailer/local.m4 - the local and prog mailers (see m4/emit_mailers.m4).
#
define(`_M_local')
