/*
 * mx.c - MX lookups through libresolv (sendmail's getmxrr).
 *
 * As sendmail 8.17: "[addr]" is used as is; the MX records of host (found
 * through the resolver's search list) are sorted by preference, equal
 * preferences in a per-process random order, duplicates removed; with
 * MX_DROPLOCAL, hosts in $=w and everything not better than them go.  A
 * host without MX records (NO_DATA, HOST_NOT_FOUND) falls back to itself,
 * canonified and with a trailing dot (0 results when it cannot be
 * canonified); "MX 0 ." is a null MX (MX_NULLMX); a resolver that does not
 * answer gives -1 with EX_TEMPFAIL.  When the service switch does not list
 * "dns" for hosts, there is no lookup: "[addr]" is returned, nothing else.
 *
 * Missing: FallbackMXhost, TryNullMXList, IPv6 literals, TTLs.
 */
#include "sm.h"
#include "config.h"
#include "class.h"
#include "map.h"
#include "mx.h"

#include <netinet/in.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <resolv.h>

#define MX_BUFSIZE	(MX_MAXHOSTS * 64)

static char mx_buf[MX_BUFSIZE];

/* mx_weight - a random but per-process stable weight for a host name */
static unsigned
mx_weight(const char *host)
{
	static unsigned seed;
	unsigned h;

	if (seed == 0)
		seed = (unsigned)getpid() * 2654435761u | 1u;
	h = seed;
	for (; *host; host++)
		h = h * 31 + (unsigned)tolower((unsigned char)*host);
	return h;
}

/* mx_fallback - the host itself as the only "MX"; count */
static int
mx_fallback(const struct config *cfg, const char *host, char **hosts, int *prefs,
    bool trycanon, int *rcode)
{
	size_t l;
	int st;

	if (sm_strlcpy(mx_buf, host, sizeof(mx_buf)) >= sizeof(mx_buf) - 2) {
		*rcode = EX_CONFIG;
		return -1;
	}
	hosts[0] = mx_buf;
	if (prefs)
		prefs[0] = 0;
	if (host[0] == '[') {
		char *e = strchr(mx_buf, ']');
		struct in_addr in;

		if (e) {
			*e = '\0';
			if (inet_pton(AF_INET, mx_buf + 1, &in) == 1) {
				*e = ']';
				return 1;
			}
			/* sendmail canonifies the name between the brackets */
			trycanon = true;
			hosts[0]++;
		}
	}
	if (trycanon && getcanonname(cfg, cfg ? &cfg->mac : NULL, hosts[0],
	    sizeof(mx_buf) - 2 - (size_t)(hosts[0] - mx_buf), false, &st)) {
		l = strlen(hosts[0]);
		if (l == 0 || hosts[0][l - 1] != '.')
			(void)sm_strlcat(hosts[0], ".", sizeof(mx_buf) - (size_t)(hosts[0] - mx_buf));
		return 1;
	}
	return 0;
}

/* the ResolverOptions bits as the resolver's RES_* options (aaonly and
 * primary are left out: glibc ignores them and deprecates their names) */
static const struct {
	unsigned opt;
	unsigned long res;
} res_bits[] = {
	{ RESOPT_DEBUG, RES_DEBUG }, { RESOPT_USEVC, RES_USEVC },
	{ RESOPT_IGNTC, RES_IGNTC }, { RESOPT_RECURSE, RES_RECURSE },
	{ RESOPT_DEFNAMES, RES_DEFNAMES }, { RESOPT_STAYOPEN, RES_STAYOPEN },
	{ RESOPT_DNSRCH, RES_DNSRCH }, { RESOPT_EDNS0, RES_USE_EDNS0 },
	{ RESOPT_DNSSEC, RES_USE_DNSSEC }, { RESOPT_TRUSTAD, RES_TRUSTAD },
};

/* mx_res_init - see mx.h */
int
mx_res_init(const struct config *cfg)
{
	size_t i;

	if (!(_res.options & RES_INIT) && res_init() < 0)
		return -1;
	if (cfg == NULL)
		return 0;
	for (i = 0; i < SM_ARRAY_SIZE(res_bits); i++) {
		if (cfg->opt.res_set & res_bits[i].opt)
			_res.options |= res_bits[i].res;
		if (cfg->opt.res_clear & res_bits[i].opt)
			_res.options &= ~res_bits[i].res;
	}
	return 0;
}

/* mx_getmxrr - see mx.h */
int
mx_getmxrr(const struct config *cfg, const char *host, char **hosts, int *prefs,
    int max, unsigned flags, int *rcode)
{
	unsigned char ans[NS_PACKETSZ * 8];
	int pref[MX_MAXHOSTS];
	unsigned weight[MX_MAXHOSTS];
	int i, j, n, nmx = 0, localpref = INT_MAX, len;
	bool nullmx = false;
	size_t used = 0;
	ns_msg msg;
	ns_rr rr;

	*rcode = EX_OK;
	if (max > MX_MAXHOSTS)
		max = MX_MAXHOSTS;
	if (host[0] == '[' || !host_use_dns(cfg))
		return mx_fallback(cfg, host, hosts, prefs, false, rcode);
	if (mx_res_init(cfg) < 0) {
		*rcode = EX_TEMPFAIL;
		return -1;
	}
	h_errno = 0;
	len = res_search(host, ns_c_in, ns_t_mx, ans, sizeof(ans));
	if (len < 0) {
		switch (h_errno) {
		case NO_DATA:
			return mx_fallback(cfg, host, hosts, prefs, true, rcode);
		case NO_RECOVERY:
			return mx_fallback(cfg, host, hosts, prefs, false, rcode);
		case HOST_NOT_FOUND:
			*rcode = EX_NOHOST;
			return mx_fallback(cfg, host, hosts, prefs, true, rcode);
		case TRY_AGAIN:
		case -1:
			*rcode = EX_TEMPFAIL;
			return -1;
		default:
			*rcode = EX_OSERR;
			return -1;
		}
	}
	if (len > (int)sizeof(ans))
		len = sizeof(ans);
	if (ns_initparse(ans, len, &msg) < 0)
		return mx_fallback(cfg, host, hosts, prefs, false, rcode);
	n = ns_msg_count(msg, ns_s_an);
	for (i = 0; i < n && nmx < max - 1; i++) {
		char name[NS_MAXDNAME];
		size_t l;
		int p;

		if (ns_parserr(&msg, ns_s_an, i, &rr) < 0)
			break;
		if (ns_rr_type(rr) != ns_t_mx || ns_rr_rdlen(rr) < 3)
			continue;
		p = ns_get16(ns_rr_rdata(rr));
		if (ns_name_uncompress(ns_msg_base(msg), ns_msg_end(msg),
		    ns_rr_rdata(rr) + 2, name, sizeof(name)) < 0)
			break;
		if (strcmp(name, ".") == 0)
			name[0] = '\0';
		if (p == 0 && name[0] == '\0')
			nullmx = true;
		if ((flags & MX_DROPLOCAL) && cfg && class_has(cfg, 'w', name)) {
			if (localpref > p)
				localpref = p;
			continue;
		}
		l = strlen(name);
		if (l > 0 && name[l - 1] != '.' && l + 1 < sizeof(name)) {
			/* sendmail hands out MX hosts fully qualified, dot and all */
			name[l++] = '.';
			name[l] = '\0';
		}
		if (used + l + 1 > sizeof(mx_buf))
			break;
		memcpy(mx_buf + used, name, l + 1);
		hosts[nmx] = mx_buf + used;
		used += l + 1;
		pref[nmx] = p;
		weight[nmx] = mx_weight(name);
		nmx++;
	}
	if (nullmx)
		return MX_NULLMX;
	for (i = 0; i < nmx; i++) {
		for (j = i + 1; j < nmx; j++) {
			if (pref[i] > pref[j] || (pref[i] == pref[j] && weight[i] > weight[j])) {
				char *th = hosts[i];
				int tp = pref[i];
				unsigned tw = weight[i];

				hosts[i] = hosts[j]; pref[i] = pref[j]; weight[i] = weight[j];
				hosts[j] = th; pref[j] = tp; weight[j] = tw;
			}
		}
		if (pref[i] >= localpref) {
			nmx = i;
			break;
		}
	}
	for (i = 0; i < nmx - 1;) {
		if (strcasecmp(hosts[i], hosts[i + 1]) == 0) {
			for (j = i + 1; j < nmx - 1; j++) {
				hosts[j] = hosts[j + 1];
				pref[j] = pref[j + 1];
			}
			nmx--;
		} else
			i++;
	}
	if (nmx == 0) {
		if (localpref != INT_MAX) {
			*rcode = EX_CONFIG;
			return -1;
		}
		/* the copy for the fallback must not overlap hosts[] */
		return mx_fallback(cfg, host, hosts, prefs, false, rcode);
	}
	if (prefs)
		for (i = 0; i < nmx; i++)
			prefs[i] = pref[i];
	return nmx;
}
