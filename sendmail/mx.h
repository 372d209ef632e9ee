/*
 * mx.h - host name canonification and MX lookups through libresolv.
 *
 * Owner: mx.c (getmxrr) and map_host.c (getcanonname).  Used by the
 * "host" map ($[ $]), -bt's /mx and /canon, and later the SMTP client.
 * Both follow sendmail 8.17: the service switch's "hosts" entry picks
 * "dns" and/or "files" (HostsFile), a name that ends up without a dot
 * gets $m appended, MX lists are sorted by preference and fall back to
 * the host itself when it has no MX record.
 */
#ifndef MX_H
#define MX_H

#include "sm.h"

struct config;
struct macros;

#define MX_MAXHOSTS	100	/* sendmail's MAXMXHOSTS */
#define MX_NULLMX	(-2)	/* RFC 7505 "MX 0 ." */

#define MX_DROPLOCAL	0x01	/* drop MX hosts in $=w and those after them */
#define MX_TRYFALLBACK	0x02	/* (reserved: FallbackMXhost) */

/* getcanonname - canonify host in place (size bytes) as sendmail's
 * getcanonname: true when found; *status gets EX_OK, EX_NOHOST,
 * EX_TEMPFAIL ...; mac supplies $m (may be NULL) */
bool getcanonname(const struct config *cfg, const struct macros *mac, char *host,
    size_t size, bool trymx, int *status);

/* host_use_dns - whether ServiceSwitchFile lists "dns" for hosts (sendmail's
 * UseNameServer); without it there are no MX lookups */
bool host_use_dns(const struct config *cfg);

/* mx_res_init - initialise the resolver once and apply cfg's
 * ResolverOptions (+name / -name) to its options; -1 when it fails */
int mx_res_init(const struct config *cfg);
/* mx_getmxrr - MX hosts of host, best first, into hosts[] (pointing into a
 * static buffer valid until the next call) with their preferences in prefs
 * (may be NULL); returns the count, MX_NULLMX, or -1 with *rcode */
int mx_getmxrr(const struct config *cfg, const char *host, char **hosts, int *prefs,
    int max, unsigned flags, int *rcode);

/* mx_lookup - -bt's /mx: mx_getmxrr without dropping local hosts
 * (signature as test_mode.h declares it) */
int mx_lookup(const struct config *cfg, const char *host, char **hosts, int max,
    int *rcode);

/* host_canon - -bt's /canon: getcanonname without MX; true when found */
bool host_canon(const struct config *cfg, char *host, size_t size, int *status);

/* mx_shorten - sendmail's shortenstring(s, m) into buf */
const char *mx_shorten(const char *s, size_t m, char *buf, size_t size);

#endif
