divert(-1)
#
# feature/use_client_ptr.m4 - check_relay looks up ${client_ptr} (the PTR name,
# even when it does not resolve back) in place of ${client_name}.
#
define(`_F_use_client_ptr', `1')
