/*
 * map_host.c - the "host" map class ($[ $]) and getcanonname().
 *
 * getcanonname follows sendmail 8.17: for each source the service switch
 * lists for "hosts" (default "dns files"), "dns" searches the name through
 * the resolver's search list for A, CNAME and, when trymx, MX records
 * (following CNAMEs), and "files" looks the name up in HostsFile (default
 * /etc/hosts), taking the first name of the line, or its first alias with
 * a dot.  A name found without a dot gets ".$m" appended.
 *
 * The host map: "[a.b.c.d]", "[IPv6:x::y]" (or "[x::y]") is looked up by
 * address through the C library's gethostbyaddr (its nsswitch.conf, not
 * ours); other keys are canonified.  A temporary failure gives EX_TEMPFAIL
 * and, when the service switch lists "dns", sendmail's message
 * "KEY: Name server timeout" (key cut to 33 characters); an unknown host
 * gives EX_NOHOST.  Answers are cached per process as sendmail caches
 * them, and a cached temporary failure always says the message (see
 * host_cache_slot below).  Flags: -a -T -m -t -S -D -d (timeout) -r
 * (retries).
 *
 * A name is searched for A, then AAAA, then MX records (checked against
 * sendmail 8.17: a name with only an AAAA record is found).
 *
 * ResolverOptions apply to the resolver (mx_res_init): -DNSRCH -DEFNAMES
 * leave a one-label name no domain to search, so it is not found.
 * Missing: the DNS record TTL as the cache lifetime (answers are kept for
 * sendmail's default, an hour), WorkAroundBrokenAAAA.
 */
#include "sm.h"
#include "config.h"
#include "map.h"
#include "mx.h"

#include <netinet/in.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <resolv.h>

#define HOST_MAXCNAME	10	/* sendmail's MAXCNAMEDEPTH */
#define HOST_MAXNAME	256

/* mx_shorten - sendmail's shortenstring; see mx.h */
const char *
mx_shorten(const char *s, size_t m, char *buf, size_t size)
{
	size_t l = strlen(s), h;

	if (l < m)
		return s;
	if (m < 5) {
		(void)sm_strlcpy(buf, s, m + 1 < size ? m + 1 : size);
		return buf;
	}
	if (m < 10) {
		/* the first m - 3 characters and "..." */
		(void)sm_strlcpy(buf, s, m - 2 < size ? m - 2 : size);
		(void)sm_strlcat(buf, "...", size);
		return buf;
	}
	/* the first and last (m - 3) / 2 characters around "..." */
	h = (m - 3) / 2;
	(void)sm_strlcpy(buf, s, h + 1 < size ? h + 1 : size);
	(void)sm_strlcat(buf, "...", size);
	(void)sm_strlcat(buf, s + l - h, size);
	return buf;
}

/* hosts_line_canon - sendmail's extract_canonname over one hosts line;
 * dot (or NULL) marks where name's own domain ($m) starts, so that its
 * short name matches too */
static bool
hosts_line_canon(const char *name, const char *dot, const char *line,
    char *cbuf, size_t size)
{
	char word[HOST_MAXNAME];
	bool found = false;
	int i;

	cbuf[0] = '\0';
	for (i = 1; map_get_column(line, i, '\0', word, sizeof(word)); i++) {
		if (word[0] == '\0')
			continue;
		if (cbuf[0] == '\0' || (strchr(cbuf, '.') == NULL && strchr(word, '.')))
			(void)sm_strlcpy(cbuf, word, size);
		if (strcasecmp(name, word) == 0)
			found = true;
		else if (dot && strlen(word) == (size_t)(dot - name) &&
		    strncasecmp(name, word, (size_t)(dot - name)) == 0)
			found = true;
	}
	if (!found)
		cbuf[0] = '\0';
	return found;
}

/* own_domain_dot - sendmail's shorten_hostname: name has had its final
 * dot removed (canon tells whether it had one); the dot before its domain
 * when that domain is ours ($m, or a prefix of $m for a name given
 * without the final dot), else NULL */
static const char *
own_domain_dot(const char *name, bool canon, const char *mydom)
{
	const char *p = strchr(name, '.');
	size_t i;

	if (p == NULL)
		return NULL;
	if (mydom == NULL)
		mydom = "";
	i = strlen(p + 1);
	if (canon ? strcasecmp(p + 1, mydom) != 0
	    : strncasecmp(p + 1, mydom, i) != 0)
		return NULL;
	if (i > strlen(mydom) || (mydom[i] != '.' && mydom[i] != '\0'))
		return NULL;
	return p;
}

/* files_canon - look host up in HostsFile; mydom is $m or NULL */
static bool
files_canon(const struct config *cfg, const char *mydom, char *host,
    size_t size, int *status)
{
	const char *dot;
	bool canon = false;
	const char *path = cfg && cfg->opt.hosts_file ? cfg->opt.hosts_file : "/etc/hosts";
	char line[1024], name[HOST_MAXNAME], cbuf[HOST_MAXNAME];
	bool found = false;
	size_t l;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		*status = EX_UNAVAILABLE;
		return false;
	}
	(void)sm_strlcpy(name, host, sizeof(name));
	l = strlen(name);
	if (l > 0 && name[l - 1] == '.') {
		name[l - 1] = '\0';
		canon = true;
	}
	dot = own_domain_dot(name, canon, mydom);
	while (!found && fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "#\n")] = '\0';
		if (line[0] != '\0')
			found = hosts_line_canon(name, dot, line, cbuf, sizeof(cbuf));
	}
	fclose(fp);
	if (!found) {
		*status = EX_NOHOST;
		return false;
	}
	if (strlen(cbuf) >= size) {
		*status = EX_UNAVAILABLE;
		return false;
	}
	(void)sm_strlcpy(host, cbuf, size);
	*status = EX_OK;
	return true;
}

/* dns_answer_match - scan an answer for A/MX (match) or a CNAME (into cname);
 * 1 match, 2 cname, 0 nothing, -1 broken */
static int
dns_answer_match(const unsigned char *ans, int len, bool wildmx_domain, bool *gotmx,
    char *cname, size_t csize)
{
	ns_msg msg;
	ns_rr rr;
	int i, n, match = 0;

	if (ns_initparse(ans, len, &msg) < 0)
		return -1;
	n = ns_msg_count(msg, ns_s_an);
	for (i = 0; i < n; i++) {
		if (ns_parserr(&msg, ns_s_an, i, &rr) < 0)
			break;
		switch (ns_rr_type(rr)) {
		case ns_t_mx:
			*gotmx = true;
			if (wildmx_domain)
				continue;
			/* FALLTHROUGH */
		case ns_t_a:
		case ns_t_aaaa:
			match = 1;
			continue;
		case ns_t_cname:
			if (ns_name_uncompress(ns_msg_base(msg), ns_msg_end(msg),
			    ns_rr_rdata(rr), cname, csize) < 0)
				break;
			return 2;
		default:
			continue;
		}
	}
	return match;
}

/* dns_next_type - the record type to ask for after qtype found nothing
 * for a name: A, then AAAA, then MX (when allowed); 0 when done */
static int
dns_next_type(int qtype, bool gotmx, bool mx_ok)
{
	if (qtype == ns_t_a)
		return ns_t_aaaa;
	if (qtype == ns_t_aaaa && !gotmx && mx_ok)
		return ns_t_mx;
	return 0;
}

/* dns_canon - sendmail's dns_getcanonname (A or AAAA, no wildcard MX) */
static bool
dns_canon(const struct config *cfg, char *host, size_t size, bool trymx, int *status)
{
	const char *search[MAXDNSRCH + 2];
	unsigned char ans[NS_PACKETSZ * 4];
	char cname[NS_MAXDNAME];
	const char *match = NULL;
	int dots, loops = 0, qtype, ret, k;
	bool gotmx = false;
	size_t l;

	if (mx_res_init(cfg) < 0) {
		*status = EX_UNAVAILABLE;
		return false;
	}
	*status = EX_OK;
again:
	l = strlen(host);
	dots = 0;
	for (size_t j = 0; j < l; j++)
		dots += host[j] == '.';
	k = 0;
	if (dots > 0)
		search[k++] = "";
	if (l > 0 && host[l - 1] != '.' && (_res.options & RES_DNSRCH)) {
		for (int j = 0; j < MAXDNSRCH && _res.dnsrch[j]; j++)
			search[k++] = _res.dnsrch[j];
	} else if (dots == 0 && (_res.options & RES_DEFNAMES))
		search[k++] = _res.defdname;
	else if (l > 0 && host[l - 1] == '.')
		host[l - 1] = '\0';
	search[k] = NULL;

	qtype = ns_t_a;
	for (k = 0; search[k] != NULL;) {
		if (qtype == ns_t_a)
			gotmx = false;
		h_errno = 0;
		errno = 0;
		ret = search[k][0] ? res_querydomain(host, search[k], ns_c_in, qtype, ans, sizeof(ans))
		    : res_query(host, ns_c_in, qtype, ans, sizeof(ans));
		if (ret <= 0) {
			if (errno == ECONNREFUSED || h_errno == TRY_AGAIN) {
				h_errno = TRY_AGAIN;
				if (search[k][0] == '\0') {
					if (*status == EX_OK)
						*status = EX_TEMPFAIL;
					goto nexttype;
				}
				*status = EX_TEMPFAIL;
				return false;
			}
nexttype:
			if (h_errno != HOST_NOT_FOUND &&
			    (qtype = dns_next_type(qtype, gotmx, trymx || search[k][0] == '\0')) != 0)
				continue;
			k++;
			qtype = ns_t_a;
			continue;
		}
		if (ret > (int)sizeof(ans))
			ret = sizeof(ans);
		switch (dns_answer_match(ans, ret, false, &gotmx, cname, sizeof(cname))) {
		case 1:
			match = search[k];
			goto done;
		case 2:
			if (loops++ > HOST_MAXCNAME) {
				h_errno = NO_RECOVERY;
				return false;
			}
			(void)sm_strlcpy(host, cname, size);
			goto again;
		case -1:
			return false;
		}
		if ((qtype = dns_next_type(qtype, gotmx, trymx || search[k][0] == '\0')) == 0) {
			qtype = ns_t_a;
			k++;
		}
	}
done:
	if (match == NULL) {
		if (*status == EX_OK)
			*status = EX_NOHOST;
		return false;
	}
	if (match[0] != '\0') {
		char nbuf[NS_MAXDNAME * 2];

		if (sm_snprintf(nbuf, sizeof(nbuf), "%s.%s", host, match) < 0) {
			*status = EX_UNAVAILABLE;
			return false;
		}
		(void)sm_strlcpy(host, nbuf, size);
	}
	*status = EX_OK;
	return true;
}

/* host_use_dns - whether the service switch lists "dns" for hosts
 * (sendmail's UseNameServer) */
bool
host_use_dns(const struct config *cfg)
{
	const char *types[MAP_MAXSTACK];
	int i, n = switch_map_find(cfg, "hosts", types, MAP_MAXSTACK);

	for (i = 0; i < n; i++)
		if (strcmp(types[i], "dns") == 0)
			return true;
	return false;
}

/* getcanonname - see mx.h */
bool
getcanonname(const struct config *cfg, const struct macros *mac, char *host,
    size_t size, bool trymx, int *status)
{
	const char *types[MAP_MAXSTACK], *d, *mval;
	bool found = false, tempfail = false;
	int i, n;

	*status = EX_UNAVAILABLE;
	n = switch_map_find(cfg, "hosts", types, MAP_MAXSTACK);
	mval = macro_get(mac ? mac : cfg ? &cfg->mac : NULL, 'm');
	for (i = 0; i < n; i++) {
		if (strcmp(types[i], "files") == 0)
			found = files_canon(cfg, mval, host, size, status);
		else if (strcmp(types[i], "dns") == 0)
			found = dns_canon(cfg, host, size, trymx, status);
		else {
			found = false;
			*status = EX_UNAVAILABLE;
		}
		if (found && (mval != NULL || strchr(host, '.') != NULL))
			break;
		if (*status == EX_TEMPFAIL)
			tempfail = true;
	}
	if (found) {
		size_t l = strlen(host);

		if ((d = strchr(host, '.')) == NULL || d[1] == '\0') {
			if (mval == NULL || size <= l + strlen(mval) + 1)
				return false;
			if (l > 0 && host[l - 1] != '.')
				(void)sm_strlcat(host, ".", size);
			(void)sm_strlcat(host, mval, size);
		}
		return true;
	}
	h_errno = tempfail ? TRY_AGAIN : HOST_NOT_FOUND;
	return false;
}

/* host_canon - /canon; see mx.h */
bool
host_canon(const struct config *cfg, char *host, size_t size, int *status)
{
	return getcanonname(cfg, cfg ? &cfg->mac : NULL, host, size, false, status);
}

/* mx_lookup - -bt's /mx; see mx.h.  It lives here, beside host_canon,
 * because test_mode.h declares both weak: a weak reference does not pull
 * an object out of libsendmail.a, and this file is always linked (the
 * class table names map_class_host). */
int
mx_lookup(const struct config *cfg, const char *host, char **hosts, int max, int *rcode)
{
	return mx_getmxrr(cfg, host, hosts, NULL, max, 0, rcode);
}

/* host_parse - sendmail's host_map_init flags */
static int
host_parse(struct map *m, char *p, struct sm_buf *err)
{
	(void)err;
	m->flags |= MF_TRY0NULL | MF_TRY1NULL;
	for (;;) {
		char *v;

		while (isspace((unsigned char)*p))
			p++;
		if (*p != '-' || p[1] == '\0')
			break;
		v = p + 2;
		switch (p[1]) {
		case 'm': m->flags |= MF_MATCHONLY; break;
		case 't': m->flags |= MF_NODEFER; break;
		case 'D': m->flags |= MF_DEFER; break;
		case 'S': m->spacesub = *v; break;
		case 'd': m->timeout = strtol(v, NULL, 10); break;
		}
		p = v - 1;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
		if (v[-1] == 'a') {
			free(m->append);
			m->append = sm_strdup(v);
		} else if (v[-1] == 'T') {
			free(m->tempfail_append);
			m->tempfail_append = sm_strdup(v);
		}
	}
	return 0;
}

/*
 * The answer cache: sendmail's ST_NAMECANON symbol table entries.  Every
 * host map lookup's answer (found or not) is kept per process under its
 * key, compared case-sensitively (checked against 8.17: "[ipv6:::1]"
 * after "[IPv6:::1]" is asked again), for SM_DEFAULT_TTL seconds; all
 * host maps share it.  A hit replays the status and h_errno, and a
 * temporary failure says "KEY: Name server timeout" again even when the
 * service switch has no "dns", which the first failure only says with
 * one: with "hosts files" a literal sendmail cannot resolve (its
 * gethostbyaddr goes through the C library's nsswitch.conf, whose "dns"
 * has no server in the sandbox) is silent the first time and timed out
 * from the second on.  Past HOST_CACHE_MAX keys new answers are not
 * kept (sendmail keeps all).
 */
#define HOST_CACHE_SLOTS 8192
#define HOST_CACHE_MAX	(HOST_CACHE_SLOTS / 2)
#define HOST_CACHE_TTL	3600		/* sendmail's SM_DEFAULT_TTL */

struct host_answer {
	char *name;		/* the key; NULL: a free slot */
	char *cname;		/* the canonical name, NULL when not found */
	int status;		/* EX_OK, EX_TEMPFAIL, EX_NOHOST ... */
	int herrno;		/* h_errno of the last failure, else 0 */
	time_t exp;		/* when the answer expires */
};

static struct host_answer host_cache[HOST_CACHE_SLOTS];
static size_t host_cache_n;

/* host_cache_slot - the slot holding name, or the free slot where it
 * would go; NULL when the cache is full and name is not in it */
static struct host_answer *
host_cache_slot(const char *name)
{
	const unsigned char *p;
	uint32_t h = 2166136261u;
	size_t i;

	for (p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
	for (i = h % HOST_CACHE_SLOTS;; i = (i + 1) % HOST_CACHE_SLOTS) {
		struct host_answer *a = &host_cache[i];

		if (a->name == NULL)
			return host_cache_n < HOST_CACHE_MAX ? a : NULL;
		if (strcmp(a->name, name) == 0)
			return a;
	}
}

/* host_cache_put - remember an answer in slot a (from host_cache_slot;
 * may be NULL): cname when found, else status and herrno */
static void
host_cache_put(struct host_answer *a, const char *name, const char *cname,
    int status, int herrno, time_t now)
{
	if (a == NULL)
		return;
	if (a->name == NULL) {
		a->name = sm_strdup(name);
		host_cache_n++;
	}
	a->exp = now + HOST_CACHE_TTL;
	a->status = status;
	if (cname != NULL) {
		free(a->cname);
		a->cname = sm_strdup(cname);
	} else
		a->herrno = herrno;
}

/* addr_v4 - "[a.b.c.d]" (what inet_addr takes) by address into out;
 * true when found */
static bool
addr_v4(const char *addr, char *out, size_t size)
{
	struct in_addr in;
	struct hostent *hp;

	if ((in.s_addr = inet_addr(addr)) == INADDR_NONE)
		return false;
	h_errno = 0;
	hp = gethostbyaddr(&in, sizeof(in), AF_INET);
	if (hp == NULL || hp->h_name == NULL)
		return false;
	(void)sm_strlcpy(out, hp->h_name, size);
	return true;
}

/* addr_v6 - "[IPv6:x:y::z]" or "[x:y::z]"; true when found.  As
 * sendmail's sm_gethostbyaddr, the unspecified address "::" is not
 * asked for and is not found */
static bool
addr_v6(const char *addr, char *out, size_t size)
{
	struct in6_addr in6;
	struct hostent *hp;

	if (strncasecmp(addr, "IPv6:", 5) == 0)
		addr += 5;
	if (inet_pton(AF_INET6, addr, &in6) != 1)
		return false;
	if (IN6_IS_ADDR_UNSPECIFIED(&in6)) {
		h_errno = HOST_NOT_FOUND;
		return false;
	}
	h_errno = 0;
	hp = gethostbyaddr(&in6, sizeof(in6), AF_INET6);
	if (hp == NULL || hp->h_name == NULL)
		return false;
	(void)sm_strlcpy(out, hp->h_name, size);
	return true;
}

/* addr_lookup - an address literal by address into out; true when found.
 * As sendmail, what is between '[' and the first ']' goes through
 * inet_addr(), then, when that finds nothing, inet_pton(AF_INET6), and
 * the address through gethostbyaddr(), that is the C library's own
 * nsswitch.conf, never the service switch or HostsFile.  For "[]" or
 * "[junk]" nothing is asked and h_errno keeps the previous lookup's
 * answer, which then decides the status (checked against 8.17) */
static bool
addr_lookup(const char *key, char *out, size_t size)
{
	char addr[HOST_MAXNAME];
	const char *e = strchr(key, ']');
	char *nl;

	if (e == NULL || (size_t)(e - key) > sizeof(addr))
		return false;
	(void)sm_strlcpy(addr, key + 1, (size_t)(e - key));
	if (!addr_v4(addr, out, size) && !addr_v6(addr, out, size))
		return false;
	/* sendmail's denlstring */
	while ((nl = strchr(out, '\n')) != NULL)
		*nl = ' ';
	return true;
}

/* host_result - a failed lookup's status, as sendmail's host_map_lookup
 * sets it; says "KEY: Name server timeout" on a temporary failure when
 * asked (note) */
static enum map_result
host_result(struct map_req *req, int status, bool note)
{
	char sbuf[64];

	req->status = status;
	switch (status) {
	case EX_TEMPFAIL:
		if (note && req->notefp)
			map_msg(req->notefp, "%s: Name server timeout",
			    mx_shorten(req->key, 33, sbuf, sizeof(sbuf)));
		return MAP_TEMPFAIL;
	case EX_NOHOST:
		return MAP_NOTFOUND;
	default:
		return MAP_ERROR;
	}
}

/* herrno_status - sendmail's status for a failed lookup's h_errno */
static int
herrno_status(int herrno)
{
	switch (herrno) {
	case TRY_AGAIN:
		return EX_TEMPFAIL;
	case HOST_NOT_FOUND:
	case NO_DATA:
		return EX_NOHOST;
	case NO_RECOVERY:
		return EX_SOFTWARE;
	default:
		return EX_UNAVAILABLE;
	}
}

/* host_found - the answer through -a, -m and %n into result */
static enum map_result
host_found(struct map *m, struct map_req *req, const char *cname,
    struct sm_buf *result)
{
	req->status = EX_OK;
	if (map_rewrite_req(m, req, cname, strlen(cname), result) < 0)
		return MAP_ERROR;
	return MAP_FOUND;
}

/* host_lookup - the canonical name of the key: the cached answer, else
 * getcanonname for a name or addr_lookup for "[address]" */
static enum map_result
host_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	char hbuf[NS_MAXDNAME + 1];
	const struct config *cfg = req->ctx ? req->ctx->cfg : m->cfg;
	struct host_answer *a = host_cache_slot(req->key);
	time_t now = time(NULL);
	bool found;
	int st = EX_OK;

	if (a != NULL && a->name != NULL && a->exp >= now) {
		h_errno = a->herrno;
		if (a->status == EX_OK && a->cname != NULL)
			return host_found(m, req, a->cname, result);
		return host_result(req, a->status, true);
	}
	if ((m->flags & MF_DEFER) && map_deferred(req->ctx)) {
		req->status = EX_TEMPFAIL;
		return MAP_TEMPFAIL;
	}
	if (req->key[0] != '[') {
		(void)sm_strlcpy(hbuf, req->key, sizeof(hbuf));
		found = getcanonname(cfg, req->ctx ? req->ctx->mac : NULL, hbuf,
		    sizeof(hbuf) - 1, true, &st);
	} else {
		/* no ']': not found, not cached, status left alone */
		if (strchr(req->key, ']') == NULL)
			return MAP_NOTFOUND;
		found = addr_lookup(req->key, hbuf, sizeof(hbuf));
	}
	if (found) {
		host_cache_put(a, req->key, hbuf, EX_OK, 0, now);
		return host_found(m, req, hbuf, result);
	}
	st = herrno_status(h_errno);
	host_cache_put(a, req->key, NULL, st, h_errno, now);
	return host_result(req, st, host_use_dns(cfg));
}

const struct map_class map_class_host = {
	"host", MCF_OPTFILE, host_parse, NULL, host_lookup, NULL
};
