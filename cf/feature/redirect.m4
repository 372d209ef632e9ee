divert(-1)
#
# feature/redirect.m4 - user@host.REDIRECT aliases answer 551 User has moved.
#
define(`_F_redirect', `1')
