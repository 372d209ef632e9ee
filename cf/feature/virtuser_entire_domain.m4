divert(-1)
#
# feature/virtuser_entire_domain.m4 - VIRTUSER_DOMAIN entries match their subdomains too.
#
define(`_F_virtuser_entire_domain', `1')
