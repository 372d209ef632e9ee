divert(-1)
#
# feature/block_bad_helo.m4 - refuse, at RCPT time, clients that may not relay
# and did not authenticate but greet (HELO/EHLO) with one of our own names,
# an unqualified name or nothing ("550 bogus HELO name used: name").  The
# loopback addresses become names of this host (class w, as [literals]) and
# may relay (class R), so that local clients are never caught.
#
define(`_F_block_bad_helo', `1')
LOCAL_DOMAIN(`[127.0.0.1]')
LOCAL_DOMAIN(`[IPv6:0:0:0:0:0:0:0:1] [IPv6:::1]')
RELAY_DOMAIN(`127.0.0.1')
RELAY_DOMAIN(`IPv6:0:0:0:0:0:0:0:1 IPv6:::1')
