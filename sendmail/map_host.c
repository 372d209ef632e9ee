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
 * The host map: "[a.b.c.d]" is looked up by address (PTR); other keys are
 * canonified.  A temporary failure prints sendmail's message
 * "KEY: Name server timeout" (key cut to 33 characters) and gives
 * EX_TEMPFAIL; an unknown host gives EX_NOHOST.  Flags: -a -T -m -t -S -D
 * -d (timeout) -r (retries).
 *
 * A name is searched for A, then AAAA, then MX records (checked against
 * sendmail 8.17: a name with only an AAAA record is found).
 *
 * ResolverOptions apply to the resolver (mx_res_init): -DNSRCH -DEFNAMES
 * leave a one-label name no domain to search, so it is not found.
 * Missing: the per-process cache of answers (sendmail keeps one per TTL),
 * [IPv6:...] keys, WorkAroundBrokenAAAA.
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

/* addr_lookup - "[a.b.c.d]" by address into out; true when found.  As
 * sendmail, what is between the brackets goes through inet_addr(); for
 * "[]" or "[junk]" nothing is asked and h_errno keeps the previous
 * lookup's answer, which then decides the status (checked against 8.17:
 * a tempfail after a timed-out lookup, not found after a missing name) */
static bool
addr_lookup(const char *key, char *out, size_t size)
{
	char addr[64];
	const char *e = strchr(key, ']');
	struct in_addr in;
	struct hostent *hp;

	if (e == NULL)
		return false;
	sm_snprintf(addr, sizeof(addr), "%.*s", (int)(e - key - 1), key + 1);
	if ((in.s_addr = inet_addr(addr)) == INADDR_NONE)
		return false;
	h_errno = 0;
	hp = gethostbyaddr(&in, sizeof(in), AF_INET);
	if (hp == NULL || hp->h_name == NULL)
		return false;
	(void)sm_strlcpy(out, hp->h_name, size);
	return true;
}

/* host_lookup - the canonical name of the key */
static enum map_result
host_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	char hbuf[NS_MAXDNAME + 1], sbuf[64];
	const struct config *cfg = req->ctx ? req->ctx->cfg : m->cfg;
	bool found;
	int st = EX_OK;

	if ((m->flags & MF_DEFER) && map_deferred(req->ctx)) {
		req->status = EX_TEMPFAIL;
		return MAP_TEMPFAIL;
	}
	if (req->key[0] != '[') {
		(void)sm_strlcpy(hbuf, req->key, sizeof(hbuf));
		found = getcanonname(cfg, req->ctx ? req->ctx->mac : NULL, hbuf,
		    sizeof(hbuf) - 1, true, &st);
	} else {
		found = addr_lookup(req->key, hbuf, sizeof(hbuf));
		if (!found && strchr(req->key, ']') == NULL)
			return MAP_NOTFOUND;
	}
	if (found) {
		req->status = EX_OK;
		if (map_rewrite_req(m, req, hbuf, strlen(hbuf), result) < 0)
			return MAP_ERROR;
		return MAP_FOUND;
	}
	switch (h_errno) {
	case TRY_AGAIN:
		if (req->notefp && host_use_dns(cfg))
			map_msg(req->notefp, "%s: Name server timeout",
			    mx_shorten(req->key, 33, sbuf, sizeof(sbuf)));
		req->status = EX_TEMPFAIL;
		return MAP_TEMPFAIL;
	case HOST_NOT_FOUND:
	case NO_DATA:
		req->status = EX_NOHOST;
		return MAP_NOTFOUND;
	case NO_RECOVERY:
		req->status = EX_SOFTWARE;
		return MAP_ERROR;
	default:
		req->status = EX_UNAVAILABLE;
		return MAP_ERROR;
	}
}

const struct map_class map_class_host = {
	"host", MCF_OPTFILE, host_parse, NULL, host_lookup, NULL
};
