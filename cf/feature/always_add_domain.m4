divert(-1)
#
# feature/always_add_domain.m4 - qualify local recipients in headers with $j (or the masquerade name).
#
define(`_F_always_add_domain', `1')
