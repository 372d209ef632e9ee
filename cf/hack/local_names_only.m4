divert(-1)
#
# hack/local_names_only.m4 - HACK(`local_names_only'): do not treat the
# names of this host's interfaces as local, only those in class w from
# the .mc and local-host-names (sets DontProbeInterfaces).
#
define(`confDONT_PROBE_INTERFACES', `True')
