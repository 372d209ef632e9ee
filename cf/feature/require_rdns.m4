divert(-1)
#
# feature/require_rdns.m4 - refuse SMTP clients without a working reverse DNS
# name (${client_resolve}): FAIL gives "550 Fix reverse DNS for ADDRESS",
# TEMP "451 Client IP address ADDRESS does not resolve", FORGED "451 Possibly
# forged hostname for ADDRESS".  Clients the access map accepts (Connect: OK
# or RELAY) and addresses in class R are exempt; with delay_checks so are
# clients that authenticated.
#
define(`_F_require_rdns', `1')
