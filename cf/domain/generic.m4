divert(-1)
#
# domain/generic.m4 - what most sites want: local-host-names, .forward variants, root exposed, REDIRECT.
#
define(`confFORWARD_PATH', `$z/.forward.$w+$h:$z/.forward+$h:$z/.forward.$w:$z/.forward')
define(`confMAX_HEADERS_LENGTH', `32768')
FEATURE(`redirect')
FEATURE(`use_cw_file')
EXPOSED_USER(`root')
