/*
 * map_regex.c - the "regex" map class: POSIX extended regular expressions.
 *
 * "Kname regex [flags] PATTERN": the pattern is the rest of the line.
 * Flags as sendmail's regex_map_init: -n (find when the key does NOT
 * match), -f (case sensitive; matching ignores case by default), -b (basic
 * expressions), -sLIST (return the listed subexpressions, "1,2"; -s alone
 * returns all, 0 = the whole match), -dDELIM (between subexpressions;
 * default $|), -a, -m, -q, -S, -D.  A match returns "" (or the
 * subexpressions) through map_rewrite, so -a is what a plain match gives.
 * A $@ argument to the lookup overrides -s.  A pattern that does not
 * compile gives "pattern-compile-error: REASON" and leaves the map unusable.
 * Subexpressions whose quotes, angles, parentheses or backslashes do not
 * balance, or that hold blanks, find nothing (sendmail logs a warning).
 */
#include "sm.h"
#include "map.h"
#include "tokens.h"

#include <regex.h>

#define REGEX_MAXMATCH 100
#define REGEX_END (-1)

struct regex_priv {
	regex_t re;
	bool compiled;
	int fields[REGEX_MAXMATCH + 1];	/* -s, REGEX_END terminated */
	bool subs;			/* -s given */
	char *delim;
};

/* parse_fields - "1,2,3" into fields (< nsubs); count or -1 + err */
static int
parse_fields(const char *s, int *fields, int max, int nsubs, struct sm_buf *err)
{
	int n = 0;

	while (*s) {
		char *end;
		long v;

		while (*s == ',' || isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		v = strtol(s, &end, 10);
		if (end == s || v < 0 || v >= nsubs) {
			if (err)
				(void)sm_buf_printf(err, "field (%ld) out of range, only %d substrings in pattern",
				    v, nsubs);
			return -1;
		}
		if (n >= max - 1) {
			if (err)
				(void)sm_buf_printf(err, "too many fields, %d max", max - 1);
			return -1;
		}
		fields[n++] = (int)v;
		s = end;
	}
	fields[n] = REGEX_END;
	return n;
}

/* regex_parse - flags, then the pattern, compiled now */
static int
regex_parse(struct map *m, char *p, struct sm_buf *err)
{
	struct regex_priv *rp = sm_calloc(1, sizeof(*rp));
	int pflags = REG_ICASE | REG_EXTENDED | REG_NOSUB, r, i;
	char *subparam = NULL, *w;
	char delim[2] = { (char)TK_CONDELSE, '\0' };

	m->priv = rp;
	m->flags |= MF_TRY0NULL | MF_TRY1NULL;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '-')
			break;
		switch (*++p) {
		case 'n': m->flags |= MF_REGEX_NOT; break;
		case 'f': m->flags |= MF_NOFOLDCASE; pflags &= ~REG_ICASE; break;
		case 'b': pflags &= ~REG_EXTENDED; break;
		case 's': subparam = ++p; pflags &= ~REG_NOSUB; break;
		case 'd': rp->delim = ++p; break;
		case 'a': free(m->append); m->append = NULL; w = ++p; goto word_append;
		case 'm': m->flags |= MF_MATCHONLY; break;
		case 'q': m->flags |= MF_KEEPQUOTES; break;
		case 'S': m->spacesub = *++p; break;
		case 'D': m->flags |= MF_DEFER; break;
		}
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
		continue;
word_append:
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (*p)
			*p++ = '\0';
		m->append = sm_strdup(w);
	}
	rp->delim = sm_strdup(rp->delim ? rp->delim : delim);
	if ((r = regcomp(&rp->re, p, pflags)) != 0) {
		char ebuf[256];

		(void)regerror(r, &rp->re, ebuf, sizeof(ebuf));
		(void)sm_buf_printf(err, "pattern-compile-error: %s", ebuf);
		return -1;
	}
	rp->compiled = true;
	if (!(pflags & REG_NOSUB)) {
		int nsubs = (int)rp->re.re_nsub + 1;

		rp->subs = true;
		if (subparam && *subparam) {
			if (parse_fields(subparam, rp->fields, REGEX_MAXMATCH + 1, nsubs, err) < 0)
				return -1;
		} else {
			for (i = 0; i < nsubs && i < REGEX_MAXMATCH; i++)
				rp->fields[i] = i;
			rp->fields[i] = REGEX_END;
		}
	}
	return 0;
}

/* regex_subs - the chosen subexpressions of key joined by the delimiter;
 * -1 when they would not survive prescan */
static int
regex_subs(const struct regex_priv *rp, const char *key, const regmatch_t *pm,
    const int *fields, struct sm_buf *out)
{
	int angles = 0, comments = 0, blanks = 0;
	bool quoted = false, bslash = false, first = true;
	const int *ip;

	for (ip = fields; *ip != REGEX_END; ip++) {
		const char *s, *e;

		if (!first && sm_buf_puts(out, rp->delim) < 0)
			return -1;
		first = false;
		if (*ip >= REGEX_MAXMATCH || pm[*ip].rm_so < 0 || pm[*ip].rm_eo < 0)
			continue;
		for (s = key + pm[*ip].rm_so, e = key + pm[*ip].rm_eo; s < e; s++) {
			if (sm_buf_putc(out, *s) < 0)
				return -1;
			if (bslash) {
				bslash = false;
				continue;
			}
			if (quoted && *s != '"' && *s != '\\')
				continue;
			switch (*s) {
			case '\\': bslash = true; break;
			case '(': comments++; break;
			case ')': comments--; break;
			case '<': angles++; break;
			case '>': angles--; break;
			case ' ': blanks++; break;
			case '"': quoted = !quoted; break;
			}
		}
	}
	if (angles || comments || quoted || bslash || blanks)
		return -1;
	return 0;
}

/* regex_result - "" or the key (-m) through map_rewrite */
static enum map_result
regex_result(struct map *m, struct map_req *req, const char *v, struct sm_buf *result)
{
	if (map_rewrite_req(m, req, v, strlen(v), result) < 0)
		return MAP_ERROR;
	return MAP_FOUND;
}

/* regex_lookup - match the key */
static enum map_result
regex_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	struct regex_priv *rp = m->priv;
	regmatch_t pm[REGEX_MAXMATCH + 1];
	int fields[REGEX_MAXMATCH + 1];
	struct sm_buf sub = SM_BUF_INIT(MAP_MAXVALUE);
	const int *fp;
	enum map_result r;
	int res;

	res = regexec(&rp->re, req->key, REGEX_MAXMATCH + 1, pm, 0);
	if (m->flags & MF_REGEX_NOT)
		return res == REG_NOMATCH ? regex_result(m, req, "", result) : MAP_NOTFOUND;
	if (res != 0)
		return MAP_NOTFOUND;
	if (!rp->subs)
		return regex_result(m, req, "", result);
	fp = rp->fields;
	if (req->nargs >= 1 && req->args[0]) {
		if (parse_fields(req->args[0], fields, REGEX_MAXMATCH + 1,
		    (int)rp->re.re_nsub + 1, NULL) < 0) {
			req->status = EX_CONFIG;
			return MAP_ERROR;
		}
		fp = fields;
	}
	if (regex_subs(rp, req->key, pm, fp, &sub) < 0) {
		sm_log(LOG_WARNING, "Warning: regex may cause prescan() failure map=%s lookup=%s",
		    m->name, req->key);
		sm_buf_free(&sub);
		return MAP_NOTFOUND;
	}
	r = regex_result(m, req, sm_buf_str(&sub), result);
	sm_buf_free(&sub);
	return r;
}

/* regex_close - free the pattern */
static void
regex_close(struct map *m)
{
	struct regex_priv *rp = m->priv;

	if (rp == NULL)
		return;
	if (rp->compiled)
		regfree(&rp->re);
	free(rp->delim);
	free(rp);
	m->priv = NULL;
}

const struct map_class map_class_regex = {
	"regex", MCF_OPTFILE, regex_parse, NULL, regex_lookup, regex_close
};
