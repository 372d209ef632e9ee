/*
 * map_dns.c - the "dns" map class: resource records through libresolv.
 *
 * "Kname dns -RTYPE [flags]": TYPE is A, AAAA, AFSDB, CNAME, MX, NS, PTR,
 * SRV or TXT (sendmail's names).  The key is searched (res_search) for
 * records of that type; domain names come without their final dot, MX
 * and AFSDB give the host, SRV the target, A the address, AAAA
 * "IPv6:" and eight hex groups, TXT its first string (all as 8.17).  Without -z only the first record is returned; with
 * -zC all of them (at most -Z N) joined by C.  -d and -r set the
 * resolver's retransmission time and retries for the lookup.  Other flags
 * as the generic ones (-a -T -f -m -N -O -o -q -S -t -D -A).
 * A temporary resolver failure is EX_TEMPFAIL, anything else EX_NOTFOUND.
 * Non-printable bytes in values become 'X'.
 */
#include "sm.h"
#include "map.h"
#include "mx.h"

#include <netinet/in.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <resolv.h>

static const struct {
	const char *name;
	int type;
} dns_types[] = {
	{ "A", ns_t_a }, { "AAAA", ns_t_aaaa }, { "AFSDB", ns_t_afsdb },
	{ "CNAME", ns_t_cname }, { "MX", ns_t_mx }, { "NS", ns_t_ns },
	{ "PTR", ns_t_ptr }, { "SRV", ns_t_srv }, { "TXT", ns_t_txt },
};

struct dns_priv {
	int type;
	int retry;
};

/* dns_type_byname - the record type named s, or -1 */
static int
dns_type_byname(const char *s)
{
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(dns_types); i++)
		if (sm_streq_ci(s, dns_types[i].name))
			return dns_types[i].type;
	return -1;
}

/* next_word - the next blank-separated word at *pp, cut in place; NULL at the end */
static char *
next_word(char **pp)
{
	char *p = *pp, *w;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return NULL;
	w = p;
	while (*p && !isspace((unsigned char)*p))
		p++;
	if (*p)
		*p++ = '\0';
	*pp = p;
	return w;
}

/* dns_parse - generic flags plus -R -r -Z (-z and -d as generic).  As
 * sendmail's dns_map_parseargs: -R, -r and -Z take their value after
 * blanks too ("-R A"); the first word that is not a flag ends the flags */
static int
dns_parse(struct map *m, char *p, struct sm_buf *err)
{
	struct dns_priv *dp = sm_calloc(1, sizeof(*dp));
	struct sm_buf rest = SM_BUF_INIT(4096);
	int ret = 0, r;
	char *w, *v;

	dp->type = -1;
	m->priv = dp;
	/* pull out the dns-only flags, hand the rest to the generic parser */
	while ((w = next_word(&p)) != NULL && w[0] == '-') {
		v = w + 2;
		if (w[1] != '\0' && strchr("RrZ", w[1]) != NULL && *v == '\0' &&
		    (v = next_word(&p)) == NULL)
			v = w + 2;
		if (w[1] == 'R') {
			if ((dp->type = dns_type_byname(v)) < 0) {
				(void)sm_buf_printf(err, "dns map %s: wrong type %s", m->name, v);
				ret = 1;
			}
		} else if (w[1] == 'r')
			dp->retry = atoi(v);
		else if (w[1] == 'Z')
			m->sizelimit = atoi(v);
		else if (w[1] == 'B')
			continue;
		else {
			(void)sm_buf_puts(&rest, w);
			(void)sm_buf_putc(&rest, ' ');
		}
	}
	/* the class has no file: the dns "file" would be a bogus word */
	r = map_parseargs(m, rest.data ? rest.data : (char *)"", err);
	sm_buf_free(&rest);
	if (r < 0)
		return -1;
	if (dp->type < 0) {
		if (err->len)
			(void)sm_buf_putc(err, '\n');
		(void)sm_buf_printf(err, "dns map %s: missing -R type", m->name);
		ret = 1;
	}
	return ret ? ret : r;
}

/* dns_value - the printable value of one record into buf; false to skip */
static bool
dns_value(const ns_msg *msg, const ns_rr *rr, char *buf, size_t size)
{
	const unsigned char *rd = ns_rr_rdata(*rr);
	unsigned len = ns_rr_rdlen(*rr);
	const unsigned char *name = rd;
	char *p;

	switch (ns_rr_type(*rr)) {
	case ns_t_a:
		return len == 4 && inet_ntop(AF_INET, rd, buf, (socklen_t)size) != NULL;
	case ns_t_aaaa:
		/* sendmail's anynet_ntop form: "IPv6:" and 8 groups, no "::" */
		if (len != 16 || sm_snprintf(buf, size, "IPv6:%x:%x:%x:%x:%x:%x:%x:%x",
		    ns_get16(rd), ns_get16(rd + 2), ns_get16(rd + 4), ns_get16(rd + 6),
		    ns_get16(rd + 8), ns_get16(rd + 10), ns_get16(rd + 12), ns_get16(rd + 14)) < 0)
			return false;
		return true;
	case ns_t_mx:
	case ns_t_afsdb:
		if (len < 3)
			return false;
		name = rd + 2;
		break;
	case ns_t_srv:
		if (len < 7)
			return false;
		name = rd + 6;
		break;
	case ns_t_txt: {
		/* the first character-string only, as sendmail */
		unsigned l = len > 0 ? rd[0] : 0;

		if (l + 1 > len)
			l = len > 0 ? len - 1 : 0;
		if (l >= size)
			l = (unsigned)size - 1;
		memcpy(buf, rd + 1, l);
		buf[l] = '\0';
		goto printable;
	}
	case ns_t_cname:
	case ns_t_ns:
	case ns_t_ptr:
		break;
	default:
		return false;
	}
	if (ns_name_uncompress(ns_msg_base(*msg), ns_msg_end(*msg), name, buf, size) < 0)
		return false;
	if (strcmp(buf, ".") != 0 && buf[0] && buf[strlen(buf) - 1] == '.')
		buf[strlen(buf) - 1] = '\0';
printable:
	for (p = buf; *p; p++)
		if (!isprint((unsigned char)*p))
			*p = 'X';
	return true;
}

/* dns_lookup - the records of the key */
static enum map_result
dns_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	struct dns_priv *dp = m->priv;
	unsigned char ans[NS_PACKETSZ * 8];
	struct sm_buf vals = SM_BUF_INIT(MAP_MAXVALUE);
	char val[NS_MAXDNAME + 1];
	int len, i, n, count = 0, oretrans, oretry;
	enum map_result r;
	ns_msg msg;
	ns_rr rr;

	if (mx_res_init(req->ctx ? req->ctx->cfg : m->cfg) < 0) {
		req->status = EX_TEMPFAIL;
		return MAP_TEMPFAIL;
	}
	oretrans = _res.retrans;
	oretry = _res.retry;
	if (m->timeout > 0)
		_res.retrans = (int)m->timeout;
	if (dp->retry > 0)
		_res.retry = dp->retry;
	h_errno = 0;
	errno = 0;
	len = res_search(req->key, ns_c_in, dp->type, ans, sizeof(ans));
	_res.retrans = oretrans;
	_res.retry = oretry;
	if (len < 0) {
		bool temp = h_errno == TRY_AGAIN || errno == ETIMEDOUT ||
		    errno == ECONNREFUSED || errno == EAGAIN;

		req->status = temp ? EX_TEMPFAIL : EX_NOTFOUND;
		return temp ? MAP_TEMPFAIL : MAP_NOTFOUND;
	}
	if (len > (int)sizeof(ans))
		len = sizeof(ans);
	if (ns_initparse(ans, len, &msg) < 0) {
		req->status = EX_NOTFOUND;
		return MAP_NOTFOUND;
	}
	n = ns_msg_count(msg, ns_s_an);
	for (i = 0; i < n; i++) {
		if (ns_parserr(&msg, ns_s_an, i, &rr) < 0)
			break;
		if ((int)ns_rr_type(rr) != dp->type || !dns_value(&msg, &rr, val, sizeof(val)))
			continue;
		if (count > 0 && sm_buf_putc(&vals, m->coldelim) < 0)
			break;
		if (sm_buf_puts(&vals, val) < 0)
			break;
		count++;
		if (m->coldelim == '\0' || m->sizelimit == 1 || (m->flags & MF_MATCHONLY) ||
		    (m->sizelimit > 0 && count >= m->sizelimit))
			break;
	}
	if (count == 0) {
		sm_buf_free(&vals);
		req->status = EX_NOTFOUND;
		return MAP_NOTFOUND;
	}
	r = map_rewrite_req(m, req, sm_buf_str(&vals), vals.len, result) < 0 ? MAP_ERROR : MAP_FOUND;
	sm_buf_free(&vals);
	return r;
}

/* dns_close - free the type */
static void
dns_close(struct map *m)
{
	free(m->priv);
	m->priv = NULL;
}

const struct map_class map_class_dns = {
	"dns", MCF_OPTFILE, dns_parse, NULL, dns_lookup, dns_close
};
