divert(-1)
#
# feature/masquerade_envelope.m4 - masquerade envelope senders as well as headers.
#
define(`_F_masquerade_envelope', `1')
