/*
 * rewrite.c - the rewrite engine: sendmail's rewrite() and callsubr().
 *
 * Owns: matching a rule's LHS against a token vector ($* $+ $- $=X $~X
 * $@ $&x and literal tokens, with sendmail's backtracking), building the
 * RHS ($1..$9, $: and $@ prefixes, $&x, $[ $] host and $( $) map lookups
 * through map_lookup_rewrite, $>name subroutine calls, right to left) and
 * the limits, all measured against sendmail 8.17: 100 passes over one
 * rule ("Infinite loop in ruleset x, rule N"), 52 nested calls before
 * "rewrite: excessive recursion (max 50), ruleset x", 16 $> calls in one
 * rule, TK_MAXATOM tokens per substitution ("rewrite: expansion too
 * long").  Token strings live in an arena kept from call to call; vectors
 * are arrays of pointers, so matching allocates nothing.
 * -d21 traces as 8.17 prints them: 21.2 "rewrite: LHS/RHS $&{x} => ...",
 * 21.3 "-----skip subr", 21.4 "rewritten as:", 21.10 "----- rule fails",
 * 21.12 "-----trying rule:" and "-----rule matches:".  A $> name that
 * does not start with a letter is "invalid ruleset name" first.
 * Missing: sendmail's checkquote argument of cataddr (no visible effect
 * found); -d21.15 (rule line numbers and the matched tokens' addresses).
 */
#include "sm.h"
#include "rewrite.h"
#include "debug.h"
#include "engine.h"
#include "class.h"
#include "map.h"

#define MAXMATCH	9
#define MAXRULERECURSION 50
#define MAX_SUBR	16	/* "Too many subroutine calls (16 max)", as measured */
#define MAX_MAP_ARGS	10
#define MAXKEY		1024
#define LOOP_LIMIT	100
/* Vectors hold more than TK_MAXATOM: as in sendmail, what a $> call
 * returns is bounded per call, not overall, so results grow with depth. */
#define VEC_CAP		(TK_MAXATOM * 8 + 2)

struct chunk {
	struct chunk *next;
	size_t used, size;
	char data[];
};

struct run {
	struct rw_ctx *ctx;
	const struct config *cfg;
	struct chunk *arena;
	const unsigned char *atom;	/* tk_atom_table of cfg */
	char **vecs[MAXRULERECURSION + 4];	/* npvp per level */
	char **saves[MAXRULERECURSION + 4];	/* trailing copies per level */
};

struct match {
	char **first;		/* first token matched */
	char **last;		/* last token matched (first - 1: none) */
	char **pattern;		/* the LHS element */
};

/* arena_dup - a copy of n bytes of s, NUL-terminated, in the run's arena */
static char *
arena_dup(struct run *r, const char *s, size_t n)
{
	struct chunk *c = r->arena;
	char *p;

	if (c == NULL || c->size - c->used < n + 1) {
		size_t sz = n + 1 > 8192 ? n + 1 : 8192;

		c = sm_malloc(sizeof(*c) + sz);
		c->size = sz;
		c->used = 0;
		c->next = r->arena;
		r->arena = c;
	}
	p = c->data + c->used;
	memcpy(p, s, n);
	p[n] = '\0';
	c->used += n + 1;
	return p;
}

static char *
arena_str(struct run *r, const char *s)
{
	return arena_dup(r, s, strlen(s));
}

/* vec - the pointer vector of a level (TK_MAXATOM + 1 slots) */
static char **
vec(char ***slot)
{
	if (*slot == NULL) {
		*slot = sm_reallocarray(NULL, VEC_CAP, sizeof(char *));
		(*slot)[0] = NULL;
	}
	return *slot;
}

/* rw_err - a diagnostic: "code text" to errmsg, "text" to the stream */
static void
rw_err(struct run *r, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void
rw_err(struct run *r, const char *code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	FILE *fp = r->ctx->errfp ? r->ctx->errfp : r->ctx->trace;

	va_start(ap, fmt);
	sm_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->ctx->nerrors++;
	if (fp != NULL) {
		tokens_put_msgs(msg, fp);	/* 7-bit, as syserr prints */
		putc('\n', fp);
	}
	if (r->ctx->errmsg != NULL) {
		sm_buf_reset(r->ctx->errmsg);
		(void)sm_buf_printf(r->ctx->errmsg, "%s %s", code, msg);
	}
}

/* trace - "name   input: toks" / "name returns: toks" */
static void
trace(struct run *r, const char *name, const char *what, char **pvp)
{
	FILE *fp = r->ctx->trace;

	if (fp == NULL)
		return;
	fprintf(fp, "%-16.16s %s:", name, what);
	for (; *pvp != NULL; pvp++) {
		putc(' ', fp);
		tokens_xputs(*pvp, fp);
	}
	putc('\n', fp);
}

/* dtrace - a -d21 rule trace line: what, then " tok" for each token (as
 * sendmail's printav) */
static void
dtrace(struct run *r, const char *what, char **v)
{
	FILE *fp = r->ctx->trace;

	if (fp == NULL)
		return;
	fputs(what, fp);
	for (; *v != NULL; v++) {
		putc(' ', fp);
		tokens_xputs(*v, fp);
	}
	putc('\n', fp);
}

/* meta - the operator byte of a token (0 for a plain one) */
static inline int
meta(const char *tok)
{
	return (unsigned char)tok[0];
}

/* in_class - whether tokens first..last, joined as cataddr joins them,
 * are in class id: 1 yes, 0 no, -1 no and longer than any class word
 * (so no longer run can match either) */
static int
in_class(struct run *r, char **first, char **last, int id)
{
	char buf[2048];
	size_t len = 0, maxlen = class_max_len(r->cfg);
	bool oatom = false;

	for (char **p = first; p <= last; p++) {
		bool natom = r->atom[(unsigned char)**p];
		size_t l = strlen(*p);

		if (oatom && natom && len + 1 < sizeof(buf))
			buf[len++] = ' ';
		if (len + l >= sizeof(buf))
			l = sizeof(buf) - 1 - len;
		memcpy(buf + len, *p, l);
		len += l;
		oatom = natom;
		if (len > maxlen)
			return -1;
	}
	return class_has_n(r->cfg, id, buf, len) ? 1 : 0;
}

/* trace_dexpand - -d21.2: a $&x met at rewrite time and its value */
static void
trace_dexpand(struct run *r, const char *side, int id, const char *val)
{
	char c[2] = { (char)id, '\0' };
	const char *nm = id < 256 ? c : macro_long_name(id);

	if (debug_on(21, 2) && r->ctx->trace != NULL)
		fprintf(r->ctx->trace, "rewrite: %s $&{%s} => \"%s\"\n", side,
		    nm ? nm : "", val ? val : "(NULL)");
}

/* match_macro - $&x on a LHS: the value's text against tokens at *avpp */
static bool
match_macro(struct run *r, const char *rp, char ***avpp)
{
	const char *ap = macro_get(r->ctx->env ? r->ctx->env : &r->cfg->mac,
	    TK_ID(rp + 1));
	char **avp = *avpp;

	trace_dexpand(r, "LHS", TK_ID(rp + 1), ap);
	if (ap == NULL)
		return true;
	while (*ap != '\0') {
		size_t l;

		if (*avp == NULL)
			return false;
		l = strlen(*avp);
		if (strncasecmp(ap, *avp, l) != 0)
			return false;
		ap += l;
		avp++;
	}
	*avpp = avp;
	return true;
}

/* match_lhs - sendmail's LHS matcher; true (mlist, nmatch filled) on success */
static bool
match_lhs(struct run *r, char **lhs, char **pvp, struct match *mlist, int *nmatch)
{
	struct match *mlp = mlist;
	char **rvp = lhs, **avp = pvp;
	char *ap, *rp;

	while ((ap = *avp) != NULL || *rvp != NULL) {
		rp = *rvp;
		if (rp == NULL)
			goto backup;
		if (ap == NULL && meta(rp) != TK_MATCHZANY &&
		    meta(rp) != TK_CANONHOST && meta(rp) != TK_MACRODEXPAND)
			break;
		switch (meta(rp)) {
		case TK_MATCHCLASS:
			mlp->pattern = rvp;
			mlp->first = avp;
extendclass:
			if (*avp == NULL)
				goto backup;
			mlp->last = avp++;
			switch (in_class(r, mlp->first, mlp->last, TK_ID(rp + 1))) {
			case 0:
				goto extendclass;
			case -1:
				goto backup;	/* where running out of tokens leads */
			}
			mlp++;
			break;
		case TK_MATCHNCLASS:
			if (class_has(r->cfg, TK_ID(rp + 1), ap))
				goto backup;
			/* FALLTHROUGH */
		case TK_MATCHONE:
		case TK_MATCHANY:
			mlp->pattern = rvp;
			mlp->first = avp;
			mlp->last = avp++;
			mlp++;
			break;
		case TK_MATCHZANY:
			mlp->pattern = rvp;
			mlp->first = avp;
			mlp->last = avp - 1;
			mlp++;
			break;
		case TK_CANONHOST:	/* $@: matches zero tokens */
			break;
		case TK_MACRODEXPAND:
			if (!match_macro(r, rp, &avp))
				goto backup;
			break;
		default:
			if (strcasecmp(rp, ap) != 0)
				goto backup;
			avp++;
			break;
		}
		rvp++;
		continue;
backup:
		while (--mlp >= mlist) {
			rvp = mlp->pattern;
			rp = *rvp;
			avp = mlp->last + 1;
			if (*avp == NULL)
				continue;
			if (meta(rp) == TK_MATCHANY || meta(rp) == TK_MATCHZANY) {
				mlp->last = avp++;
				rvp++;
				mlp++;
				break;
			}
			if (meta(rp) == TK_MATCHCLASS)
				goto extendclass;
		}
		if (mlp < mlist)
			break;
	}
	*nmatch = (int)(mlp - mlist);
	return !(mlp < mlist || *rvp != NULL);
}

static int rewrite(struct run *r, char **pvp, size_t pcap, size_t maxatom,
    int rs, int reclevel);

/* scan_into - prescan text and append its tokens at npvp[*n] */
static int
scan_into(struct run *r, const char *text, enum tk_table tab, char **npvp,
    size_t *n, size_t maxatom)
{
	char buf[TK_PSBUFSIZE];
	char *av[TK_MAXATOM + 1];
	struct sm_buf err = SM_BUF_INIT(8192);
	FILE *fp = r->ctx->errfp ? r->ctx->errfp : r->ctx->trace;
	size_t nav;
	int rc;

	rc = tk_scan(r->cfg, text, '\0', tab, false, buf, sizeof(buf), av,
	    TK_MAXATOM, &nav, NULL, &err);
	if (err.len > 0 && fp != NULL)
		tokens_put_msgs(sm_buf_str(&err), fp);
	sm_buf_free(&err);
	if (rc < 0 && nav == 0 && *text != '\0')
		return -1;
	for (size_t i = 0; i < nav; i++) {
		if (*n >= maxatom)
			return -2;
		npvp[(*n)++] = arena_str(r, av[i]);
	}
	return 0;
}

/* substitute - build the RHS into npvp; EX_OK or an EX_* status */
static int
substitute(struct run *r, char **rvp, struct match *mlist, int nmatch,
    char **npvp, size_t maxatom, const char *rulename)
{
	size_t n = 0;

	for (; *rvp != NULL; rvp++) {
		char *rp = *rvp;

		if (meta(rp) == TK_MATCHREPL) {
			int i = rp[1] - '1';

			if (i < 0 || i >= nmatch) {
				rw_err(r, "554 5.3.5", "rewrite: ruleset %s: replacement $%c out of bounds",
				    rulename, rp[1]);
				return EX_CONFIG;
			}
			for (char **pp = mlist[i].first; pp <= mlist[i].last; pp++) {
				if (n >= maxatom)
					goto toolong;
				npvp[n++] = *pp;
			}
		} else if (meta(rp) == TK_MACRODEXPAND) {
			const char *mval = macro_get(r->ctx->env ? r->ctx->env :
			    &r->cfg->mac, TK_ID(rp + 1));
			int rc;

			trace_dexpand(r, "RHS", TK_ID(rp + 1), mval);
			if (mval == NULL || *mval == '\0')
				continue;
			rc = scan_into(r, mval, TK_EXTERNAL, npvp, &n, maxatom);
			if (rc == -1)
				return EX_DATAERR;
			if (rc == -2)
				goto toolong;
		} else {
			if (n >= maxatom)
				goto toolong;
			npvp[n++] = rp;
		}
	}
	npvp[n] = NULL;
	return EX_OK;
toolong:
	rw_err(r, "554 5.3.0", "rewrite: expansion too long");
	return EX_DATAERR;
}

/* join - cataddr of v[0..n) into a fixed buffer */
static void
join(struct run *r, char **v, size_t n, int spacesub, char *buf, size_t size)
{
	struct sm_buf b = SM_BUF_INIT(size - 1);

	(void)tokens_cataddr_cfg(r->cfg, v, n, spacesub, &b);
	sm_strlcpy(buf, sm_buf_str(&b), size);
	sm_buf_free(&b);
}

/* count - tokens up to the first NULL */
static size_t
count(char **v)
{
	size_t n = 0;

	while (v[n] != NULL)
		n++;
	return n;
}

/* do_lookup - the map lookup itself; arena copy of the value, or NULL */
static char *
do_lookup(struct run *r, const char *mapname, char *key, char **args,
    int nargs, int *rstat)
{
	struct map *m = map_find(r->cfg, mapname);
	struct map_ctx mc;
	int status = EX_OK;
	char *v, *res;

	if (m == NULL) {
		rw_err(r, "554 5.3.0", "rewrite: map %s not found", mapname);
		return NULL;
	}
	memset(&mc, 0, sizeof(mc));
	mc.cfg = r->cfg;
	mc.mac = r->ctx->env;
	mc.msgfp = r->ctx->errfp ? r->ctx->errfp : r->ctx->trace;
	/* sendmail -bt shows "x: Name server timeout" for $[ $] in rules too */
	mc.notefp = r->ctx->trace;
	v = map_lookup_rewrite(m, &mc, key, (const char **)args, nargs, &status);
	if (status == EX_TEMPFAIL)
		*rstat = EX_TEMPFAIL;
	if (v == NULL)
		return NULL;
	res = arena_str(r, v);
	free(v);
	return res;
}

/* the parts of one $[ ... $] or $( map key $@ arg $: default $) */
struct lookup {
	const char *mapname;
	size_t key_start, key_end;	/* [start, end) in npvp */
	bool have_def;
	size_t def_start, def_end;
	char *args[MAX_MAP_ARGS + 1];	/* joined $@ arguments, in argbuf */
	int nargs;
	char argbuf[TK_PSBUFSIZE];
	size_t end;			/* index after the closing token */
};

/* add_arg - join npvp[from, to) as the next map argument */
static void
add_arg(struct run *r, struct lookup *lk, char **npvp, size_t from, size_t to,
    char **ap)
{
	size_t room = sizeof(lk->argbuf) - (size_t)(*ap - lk->argbuf);

	if (room == 0)
		return;
	join(r, npvp + from, to - from, '\0', *ap, room);
	if (lk->nargs < MAX_MAP_ARGS - 1)
		lk->args[lk->nargs++] = *ap;
	*ap += strlen(*ap) + 1;
}

/* parse_lookup - split the lookup starting at npvp[i] into lk; -1 when
 * the map name is missing */
static int
parse_lookup(struct run *r, char **npvp, size_t i, struct lookup *lk)
{
	int endtoken = meta(npvp[i]) == TK_HOSTBEGIN ? TK_HOSTEND : TK_LOOKUPEND;
	size_t j = i + 1, arg_start = 0;
	bool in_arg = false, key_done = false, def_done = true;
	char *ap = lk->argbuf;

	memset(lk, 0, offsetof(struct lookup, argbuf));
	lk->mapname = "host";
	if (endtoken == TK_LOOKUPEND) {
		if (npvp[j] == NULL)
			return -1;
		lk->mapname = npvp[j++];
	}
	lk->key_start = j;
	for (; npvp[j] != NULL && meta(npvp[j]) != endtoken; j++) {
		int nt = meta(npvp[j]);

		if (nt != TK_CANONHOST && nt != TK_CANONUSER)
			continue;
		if (!key_done)
			lk->key_end = j, key_done = true;
		if (!def_done)
			lk->def_end = j, def_done = true;
		if (in_arg)
			add_arg(r, lk, npvp, arg_start, j, &ap);
		in_arg = nt == TK_CANONHOST;
		arg_start = j + 1;
		if (nt == TK_CANONUSER) {
			lk->have_def = true;
			lk->def_start = j + 1;
			def_done = false;
		}
	}
	if (!key_done)
		lk->key_end = j;
	if (!def_done)
		lk->def_end = j;
	if (in_arg)
		add_arg(r, lk, npvp, arg_start, j, &ap);
	lk->args[lk->nargs] = NULL;
	lk->end = npvp[j] != NULL ? j + 1 : j;
	return 0;
}

/* put_result - the lookup's outcome as tokens at npvp[*n]; 0, -1 for a
 * scan error (EX_DATAERR), -2 when too long */
static int
put_result(struct run *r, const struct lookup *lk, const char *replac,
    char **npvp, size_t *n, size_t maxatom)
{
	char dbuf[MAXKEY];

	if (replac != NULL)
		return *replac == '\0' ? 0 :
		    scan_into(r, replac, TK_EXTERNAL, npvp, n, maxatom);
	if (lk->have_def) {
		join(r, npvp + lk->def_start, lk->def_end - lk->def_start, '\0',
		    dbuf, sizeof(dbuf));
		return dbuf[0] == '\0' ? 0 :
		    scan_into(r, dbuf, TK_INTERNAL, npvp, n, maxatom);
	}
	for (size_t k = lk->key_start; k < lk->key_end; k++) {
		if (*n >= maxatom)
			return -2;
		npvp[(*n)++] = npvp[k];	/* k >= *n: moves left */
	}
	return 0;
}

/* lookup_one - resolve the $[ or $( at npvp[i]; the index to go on from,
 * or -1 with *status set */
static long
lookup_one(struct run *r, char **npvp, size_t i, size_t maxatom, int *rstat,
    int *status)
{
	struct lookup lk;
	char key[MAXKEY];
	char **save = vec(&r->saves[0]);
	struct map *m;
	size_t n = i, tail;
	const char *replac;
	long next;
	int rc;

	if (parse_lookup(r, npvp, i, &lk) < 0) {
		rw_err(r, "554 5.3.0", "rewrite: missing mapname");
		*status = EX_CONFIG;
		return -1;
	}
	tail = count(npvp + lk.end);
	memcpy(save, npvp + lk.end, (tail + 1) * sizeof(char *));
	m = map_find(r->cfg, lk.mapname);
	join(r, npvp + lk.key_start, lk.key_end - lk.key_start,
	    m == NULL ? '\0' : m->spacesub ? m->spacesub : r->cfg->opt.blank_sub,
	    key, sizeof(key));
	replac = do_lookup(r, lk.mapname, key, lk.args, lk.nargs, rstat);
	rc = put_result(r, &lk, replac, npvp, &n, maxatom);
	if (rc == -1) {
		*status = EX_DATAERR;
		return -1;
	}
	next = (long)n;
	for (size_t k = 0; rc == 0 && k < tail; k++) {
		if (n >= maxatom)
			rc = -2;
		else
			npvp[n++] = save[k];
	}
	if (rc == -2) {
		rw_err(r, "554 5.3.0", "rewrite: expansion too long");
		*status = EX_DATAERR;
		return -1;
	}
	npvp[n] = NULL;
	return next;
}

/* lookups - every $[ $] and $( $) of npvp, left to right */
static int
lookups(struct run *r, char **npvp, size_t maxatom, int *rstat)
{
	size_t i = 0;
	int status = EX_OK;

	while (npvp[i] != NULL) {
		long next;

		if (meta(npvp[i]) != TK_HOSTBEGIN && meta(npvp[i]) != TK_LOOKUPBEGIN) {
			i++;
			continue;
		}
		next = lookup_one(r, npvp, i, maxatom, rstat, &status);
		if (next < 0)
			return status;
		i = (size_t)next;
	}
	return EX_OK;
}

/* stripquotes - drop '"' and quoting backslashes in place, as sendmail */
static void
stripquotes(char *s)
{
	char *q = s;
	bool bslash = false;

	for (; *s; s++) {
		if (bslash) {
			*q++ = *s;
			bslash = false;
		} else if (*s == '\\')
			bslash = true;
		else if (*s != '"')
			*q++ = *s;
	}
	*q = '\0';
}

/* subr_named - sendmail's strtorwset(ST_FIND) on a name: its leading
 * letters, digits and '_' name the ruleset; one that does not start with
 * a letter is "invalid ruleset name"; -1 when there is none */
static int
subr_named(struct run *r, const char *name)
{
	char buf[256];
	size_t n = 0;

	while (name[n] != '\0' && isascii((unsigned char)name[n]) &&
	    (isalnum((unsigned char)name[n]) || name[n] == '_'))
		n++;
	if (n == 0 || !isalpha((unsigned char)name[0])) {
		rw_err(r, "554 5.3.5", "invalid ruleset name: \"%.20s\"", name);
		return -1;
	}
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, name, n);
	buf[n] = '\0';
	return ruleset_find(r->cfg, buf);
}

/* subr_id - the ruleset a $> names; -1 after a diagnostic.  As sendmail,
 * the name token is unquoted in place, which shows in a later =S when it
 * is the rule's own token. */
static int
subr_id(struct run *r, char **tokp)
{
	const char *name = *tokp;
	int rs;

	stripquotes(*tokp);
	if (isdigit((unsigned char)*name)) {
		rs = ruleset_find(r->cfg, name);
		if (rs < 0)
			rw_err(r, "554 5.3.5", "bad ruleset %ld (%d max)",
			    strtol(name, NULL, 10), RS_MAX / 2);
	} else
		rs = subr_named(r, name);
	if (rs < 0)
		rw_err(r, "554 5.3.5", "Unknown ruleset %s", name);
	return rs;
}

/* callsubr - the $> calls of pvp, last one first */
static int
callsubr(struct run *r, char **pvp, int reclevel)
{
	int subr[MAX_SUBR + 1], idx[MAX_SUBR + 1];
	int nsubr = 0, rstat = EX_OK, status;
	const struct engine *e = engine_of(r->cfg);

	for (size_t j = 0; pvp[j] != NULL; j++) {
		int rs;

		if (meta(pvp[j]) != TK_CALLSUBR || pvp[j + 1] == NULL)
			continue;
		rs = subr_id(r, &pvp[j + 1]);
		if (rs < 0)
			return EX_CONFIG;
		if (e->rs[rs].n == 0) {
			size_t k;

			if (debug_on(21, 3) && r->ctx->trace != NULL) {
				char rname[64];

				ruleset_name(r->cfg, rs, rname, sizeof(rname));
				fprintf(r->ctx->trace, "-----skip subr %s (%d)\n", rname, rs);
			}
			for (k = j + 2; pvp[k] != NULL; k++)
				pvp[k - 2] = pvp[k];
			pvp[k - 2] = NULL;
			/* as sendmail, the token moved here is not looked at */
			if (pvp[j] == NULL)
				break;
			continue;
		}
		if (++nsubr >= MAX_SUBR) {
			rw_err(r, "554 5.3.0", "Too many subroutine calls (%d max)", MAX_SUBR);
			return EX_CONFIG;
		}
		subr[nsubr] = rs;
		idx[nsubr] = (int)j;
	}
	for (; nsubr > 0; nsubr--) {
		char **avp = pvp + idx[nsubr];
		size_t k;

		for (k = 2; avp[k] != NULL; k++)
			avp[k - 2] = avp[k];
		avp[k - 2] = NULL;
		status = rewrite(r, avp, VEC_CAP - (size_t)idx[nsubr],
		    TK_MAXATOM - (size_t)idx[nsubr], subr[nsubr], reclevel);
		if (status != EX_OK && status != EX_TEMPFAIL)
			return status;
		if (rstat == EX_OK || status == EX_TEMPFAIL)
			rstat = status;
	}
	return rstat;
}

/* rewrite - sendmail's rewrite() over the NULL-terminated pvp, which has
 * room for pcap pointers; substitutions are bounded by maxatom */
static int
rewrite(struct run *r, char **pvp, size_t pcap, size_t maxatom, int rs,
    int reclevel)
{
	const struct ruleset *set;
	struct match mlist[MAXMATCH + 2];
	char name[64];
	char **npvp;
	int rstat = EX_OK, nmatch, loopcount = 0, status;
	size_t ruleno = 0;

	if (rs < 0 || rs >= RS_MAX) {
		rw_err(r, "554 5.3.5", "rewrite: illegal ruleset number %d", rs);
		return EX_CONFIG;
	}
	ruleset_name(r->cfg, rs, name, sizeof(name));
	set = &engine_of(r->cfg)->rs[rs];
	npvp = vec(&r->vecs[reclevel]);
	trace(r, name, "  input", pvp);
	/* as sendmail: the input line shows before the depth check */
	if (reclevel++ > MAXRULERECURSION) {
		rw_err(r, "554 5.3.5", "rewrite: excessive recursion (max %d), ruleset %s",
		    MAXRULERECURSION, name);
		return EX_CONFIG;
	}
	while (ruleno < set->n) {
		const struct rule *rule = &set->rules[ruleno];
		char **rvp;

		if (pvp[0] != NULL && meta(pvp[0]) == TK_CANONNET)
			break;
		if (++loopcount > LOOP_LIMIT) {
			rw_err(r, "554 5.3.5", "Infinite loop in ruleset %s, rule %zu",
			    name, ruleno + 1);
			break;
		}
		if (debug_on(21, 12))
			dtrace(r, "-----trying rule:", rule->lhs);
		if (!match_lhs(r, rule->lhs, pvp, mlist, &nmatch)) {
			if (debug_on(21, 10) && r->ctx->trace != NULL)
				fputs("----- rule fails\n", r->ctx->trace);
			ruleno++;
			loopcount = 0;
			continue;
		}
		rvp = rule->rhs;
		if (debug_on(21, 12))
			dtrace(r, "-----rule matches:", rvp);
		if (*rvp != NULL && meta(*rvp) == TK_CANONUSER) {
			rvp++;
			ruleno++;
			loopcount = 0;
		} else if (*rvp != NULL && meta(*rvp) == TK_CANONHOST) {
			rvp++;
			ruleno = set->n;
		}
		status = substitute(r, rvp, mlist, nmatch, npvp, maxatom, name);
		if (status != EX_OK)
			return status;
		status = lookups(r, npvp, maxatom, &rstat);
		if (status != EX_OK)
			return status;
		status = callsubr(r, npvp, reclevel);
		if (rstat == EX_OK || status == EX_TEMPFAIL)
			rstat = status;
		if (count(npvp) + 1 > pcap) {
			/* would not fit where the caller keeps it */
			rw_err(r, "554 5.3.0", "rewrite: expansion too long");
			return EX_DATAERR;
		}
		memcpy(pvp, npvp, (count(npvp) + 1) * sizeof(char *));
		if (debug_on(21, 4))
			dtrace(r, "rewritten as:", pvp);
	}
	trace(r, name, "returns", pvp);
	return rstat;
}

/* run_reset - drop the strings but keep one arena chunk and the vectors */
static void
run_reset(struct run *r)
{
	while (r->arena != NULL && r->arena->next != NULL) {
		struct chunk *c = r->arena;

		r->arena = c->next;
		free(c);
	}
	if (r->arena != NULL)
		r->arena->used = 0;
}

/* run_free - the arena and the vectors */
static void
run_free(struct run *r)
{
	run_reset(r);
	free(r->arena);
	r->arena = NULL;
	for (size_t i = 0; i < SM_ARRAY_SIZE(r->vecs); i++) {
		free(r->vecs[i]);
		free(r->saves[i]);
		r->vecs[i] = r->saves[i] = NULL;
	}
}

/* One run's storage is kept from call to call: a -bt session or a queue
 * run calls the engine for every address.  A nested call (none today)
 * would get fresh storage. */
static struct run run_cache;
static bool run_cache_busy;

/* rewrite_ruleset - apply ruleset rs to t; EX_OK or an EX_* status */
int
rewrite_ruleset(struct rw_ctx *ctx, int rs, struct tokens *t)
{
	struct run fresh, *r = &fresh;
	bool cached = !run_cache_busy;
	char **pvp;
	size_t n;
	int status;

	if (cached) {
		r = &run_cache;
		run_cache_busy = true;
	} else
		memset(&fresh, 0, sizeof(fresh));
	r->ctx = ctx;
	r->cfg = ctx->cfg;
	r->atom = tk_atom_table(ctx->cfg);
	pvp = vec(&r->vecs[MAXRULERECURSION + 3]);
	n = t->n > TK_MAXATOM ? TK_MAXATOM : t->n;
	for (size_t i = 0; i < n; i++)
		pvp[i] = arena_str(r, t->v[i]);
	pvp[n] = NULL;
	status = rewrite(r, pvp, VEC_CAP, TK_MAXATOM, rs, ctx->depth);
	tokens_clear(t);
	for (size_t i = 0; pvp[i] != NULL; i++)
		tokens_push(t, pvp[i]);
	if (cached) {
		run_reset(r);
		run_cache_busy = false;
	} else
		run_free(r);
	return status;
}
