/*
 * alias.c - recipient expansion: aliases, :include:, .forward, duplicates.
 *
 * Owns sendmail's recipient()/alias()/include()/forward() for delivery:
 * see alias.h for the rules.  The AliasFile databases are read directly
 * with libsmdb (the map layer's "aliases.files" is a null map left to
 * the alias code, as sendmail's setalias is): each specification
 * "[class:][-flags ]file" of hash, btree or implicit class opens
 * "file.db"; keys are tried with and without their trailing NUL, as
 * sendmail's implicit and -N maps store them.  An alias file whose .db
 * does not exist is read as aliases(5) text (names folded to lower case,
 * the first of duplicate names kept), as sendmail 8.17 does (observed:
 * aliases resolve, no .db is made).
 *
 * The expansion keeps sendmail's send queue as a list of every address
 * met (struct al_node, in the dest_list across the envelope's
 * recipients): each new address is looked up there first, which is
 * how duplicates are dropped and loops found (alias.h: the rules, as
 * measured by test/t/6103).  smtp_vrfy.c keeps the same rules for EXPN.
 * The queue also counts, per list, the members that did not fail, and
 * keeps the duplicates dropped (struct al_ghost), for alias_dest_sole:
 * the qf flag P of a submission's expansion (test/t/6104).
 */
#include "sm.h"
#include "alias.h"
#include "addr_parse.h"
#include "mailer.h"
#include "macro.h"
#include "map.h"
#include "smdb.h"
#include "transcript.h"

#include <pwd.h>

#define AL_MAXDB	16
#define AL_MAXLINE	(64 * 1024)
#define AL_MAXDEPTH	64		/* aliases deep, whatever MaxAliasRecursion says */
#define AL_MAXNODES	20000		/* addresses one envelope may meet (linear search) */
#define AL_NONE		((size_t)-1)

/* An alias file read as text, when its .db does not exist. */
struct al_text {
	char **key, **val;
	size_t n, cap;
};

struct alias_db {
	struct smdb *db[AL_MAXDB];	/* db[i] or txt[i] is set */
	struct al_text *txt[AL_MAXDB];
	size_t n;
	bool failed;		/* a database could not be opened */
};

/* One address met while expanding (sendmail's send queue): the
 * addresses of all the envelope's recipients, kept across alias_expand
 * calls in the dest_list. */
struct al_node {
	const struct mailer *m;
	char *host;
	char *user;
	size_t parent;		/* the node it came from, AL_NONE for a recipient */
	int level;		/* aliases deep */
	bool user_ok;		/* a local (F=w) user passwd knows */
	bool busy;		/* its alias, :include: or .forward is being expanded */
	bool selfref;		/* met again inside itself: deliver to the user */
	bool reached;		/* a delivery or a failure came of it */
	bool expanded;		/* its alias, :include: or .forward was read */
	int nok;		/* members of its list that did not fail */
};

/* A duplicate dropped: where it was met (alias_dest_sole merges its
 * P into the delivery kept, as sendmail merges the flags). */
struct al_ghost {
	const struct mailer *m;
	char *host;
	char *user;
	size_t list;		/* the node whose list named it, or AL_NONE */
	size_t node;		/* the node it is a duplicate of */
};

struct al_seen {
	struct al_node *v;
	size_t n, cap;
	struct al_ghost *g;
	size_t ng, gcap;
};

/* One expansion: the configuration, the databases, the queue. */
struct ax {
	struct config *cfg;
	struct alias_db *a;
	struct dest_list *out;
	size_t parent;
	int status;		/* EX_TEMPFAIL when something must be retried */
	bool direct;		/* the top address came from the sender */
	const char *owner;	/* owner- alias of the innermost list, or NULL */
	const char *from;	/* the address whose list is being expanded */
	const char *qf_user;	/* its controller as a submission qf's C line
				 * names it ("user:uid:gid", or "") */
	bool in_alias;		/* the list is an alias's (qf flag A) */
	size_t list;		/* the node whose list is expanded, or AL_NONE */
};

/* Who controls an address found in a file (programs and files run as it). */
struct ctl {
	bool set;
	uid_t uid;
	gid_t gid;
	const char *name;
	const char *home;
};

static bool expand(struct ax *x, const char *addr, const struct ctl *c, bool noalias,
    size_t parent);
static void seen_free(struct al_seen *q);
static struct passwd *user_known(const struct mailer *m, const char *user);

/* ------------------------------------------------------------ databases */

/* no_db - whether file has no file.db next to it */
static bool
no_db(const char *file)
{
	char path[PATH_MAX];
	struct stat st;

	if (sm_snprintf(path, sizeof(path), "%s.db", file) < 0)
		return false;
	return stat(path, &st) < 0 && errno == ENOENT;
}

/* text_add - name and value into t (text_get finds the first of a name) */
static void
text_add(struct al_text *t, struct sm_buf *name, struct sm_buf *val)
{
	char *k = sm_strdup(sm_buf_str(name));

	sm_lower(k);
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		t->key = sm_reallocarray(t->key, t->cap, sizeof(*t->key));
		t->val = sm_reallocarray(t->val, t->cap, sizeof(*t->val));
	}
	t->key[t->n] = k;
	t->val[t->n++] = sm_strdup(sm_buf_str(val));
}

/* text_entry - one "name: value" entry (continuations joined) into t */
static void
text_entry(struct al_text *t, const char *e)
{
	struct sm_buf name = SM_BUF_INIT(AL_MAXLINE), val = SM_BUF_INIT(AL_MAXLINE);
	const char *colon = strchr(e, ':'), *p, *q;

	if (colon != NULL) {
		for (p = e; p < colon && isspace((unsigned char)*p); p++)
			;
		for (q = colon; q > p && isspace((unsigned char)q[-1]); q--)
			;
		for (colon++; isspace((unsigned char)*colon); colon++)
			;
		if (q > p && sm_buf_append(&name, p, (size_t)(q - p)) == 0 &&
		    sm_buf_puts(&val, colon) == 0)
			text_add(t, &name, &val);
	}
	sm_buf_free(&name);
	sm_buf_free(&val);
}

/* text_read - an aliases(5) text file into a table, as sendmail reads an
 * alias file that has no database: comments, continuation lines; NULL
 * when it cannot be read */
static struct al_text *
text_read(const char *file)
{
	FILE *fp = fopen(file, "r");
	struct al_text *t;
	struct sm_buf e = SM_BUF_INIT(AL_MAXLINE);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (fp == NULL)
		return NULL;
	t = sm_calloc(1, sizeof(*t));
	while ((n = getline(&line, &cap, fp)) >= 0) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == ' ' || line[0] == '\t') {
			if (e.len > 0)
				(void)sm_buf_puts(&e, line);
			continue;
		}
		if (e.len > 0)
			text_entry(t, sm_buf_str(&e));
		sm_buf_reset(&e);
		if (line[0] != '#' && line[0] != '\0')
			(void)sm_buf_puts(&e, line);
	}
	if (e.len > 0)
		text_entry(t, sm_buf_str(&e));
	free(line);
	sm_buf_free(&e);
	(void)fclose(fp);
	return t;
}

/* text_free - free what text_read made */
static void
text_free(struct al_text *t)
{
	size_t i;

	for (i = 0; t != NULL && i < t->n; i++) {
		free(t->key[i]);
		free(t->val[i]);
	}
	if (t != NULL) {
		free(t->key);
		free(t->val);
		free(t);
	}
}

/* text_get - key in t into out: 0 found, 1 not */
static int
text_get(const struct al_text *t, const char *key, struct sm_buf *out)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->key[i], key) == 0) {
			sm_buf_reset(out);
			return sm_buf_puts(out, t->val[i]) < 0 ? -1 : 0;
		}
	return 1;
}

/* open_spec - open one AliasFile specification into a */
static void
open_spec(struct alias_db *a, const char *spec)
{
	enum smdb_type type = SMDB_TYPE_IMPLICIT;
	const char *file = spec, *colon = strchr(spec, ':'), *slash = strchr(spec, '/');
	char cls[32];
	struct smdb *db = NULL;
	int r;

	if (colon != NULL && (slash == NULL || slash > colon)) {
		if ((size_t)(colon - spec) >= sizeof(cls))
			return;
		memcpy(cls, spec, (size_t)(colon - spec));
		cls[colon - spec] = '\0';
		if (smdb_type_byname(cls, &type) != 0)
			return;		/* nis, ldap ...: not here */
		file = colon + 1;
	}
	while (*file == '-' || isspace((unsigned char)*file)) {
		if (*file == '-')
			while (*file != '\0' && !isspace((unsigned char)*file))
				file++;
		while (isspace((unsigned char)*file))
			file++;
	}
	if (*file == '\0' || a->n >= AL_MAXDB)
		return;
	if (no_db(file)) {
		/* sendmail reads an alias file without a database as text */
		if ((a->txt[a->n] = text_read(file)) != NULL)
			a->n++;
		return;
	}
	r = smdb_open(&db, file, type, SMDB_RDONLY | SMDB_OPENLOCK, NULL);
	if (r == SMDB_OK)
		a->db[a->n++] = db;
	else if (r != ENOENT)
		a->failed = true;
}

/* alias_open - see alias.h */
struct alias_db *
alias_open(const struct config *cfg)
{
	struct alias_db *a = sm_calloc(1, sizeof(*a));
	size_t i;

	for (i = 0; cfg->opt.alias_files != NULL && cfg->opt.alias_files[i] != NULL; i++)
		open_spec(a, cfg->opt.alias_files[i]);
	return a;
}

/* alias_close - see alias.h */
void
alias_close(struct alias_db *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++) {
		if (a->db[i] != NULL)
			(void)smdb_close(a->db[i]);
		text_free(a->txt[i]);
	}
	free(a);
}

/* db_get - key (with or without its NUL) in db into out: 0, 1, -1 */
static int
db_get(struct smdb *db, const char *key, struct sm_buf *out)
{
	struct smdb_datum k, v;
	int r, pass;

	for (pass = 0; pass < 2; pass++) {
		k.data = (void *)key;
		k.size = strlen(key) + (pass == 0 ? 1 : 0);
		r = smdb_get(db, &k, &v);
		if (r == SMDB_NOTFOUND)
			continue;
		if (r != SMDB_OK)
			return -1;
		while (v.size > 0 && ((char *)v.data)[v.size - 1] == '\0')
			v.size--;
		sm_buf_reset(out);
		return sm_buf_append(out, v.data, v.size) < 0 ? -1 : 0;
	}
	return 1;
}

/* alias_lookup - see alias.h */
int
alias_lookup(struct alias_db *a, const char *name, struct sm_buf *out)
{
	char key[1024];
	size_t i;
	int r;

	if (sm_strlcpy(key, name, sizeof(key)) >= sizeof(key))
		return 1;
	sm_lower(key);
	for (i = 0; i < a->n; i++)
		if ((r = a->db[i] != NULL ? db_get(a->db[i], key, out) :
		    text_get(a->txt[i], key, out)) <= 0)
			return r;
	return a->failed ? -1 : 1;
}

/* ---------------------------------------------------------- dest list */

/* dest_list_free - see alias.h */
void
dest_list_free(struct dest_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].host);
		free(l->v[i].user);
		free(l->v[i].addr);
		free(l->v[i].ctl_name);
		free(l->v[i].home);
		free(l->v[i].owner);
		free(l->v[i].from);
		free(l->v[i].qf_ctl);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
	seen_free(l->seen);
	l->seen = NULL;
}

/* same_dest - sendmail's sameaddr: same mailer, host and user */
static bool
same_dest(const struct dest *d, const struct mailer *m, const char *host, const char *user)
{
	if (d->m != m || d->status != EX_OK)
		return false;
	if ((d->host == NULL) != (host == NULL) ||
	    (host != NULL && strcasecmp(d->host, host) != 0))
		return false;
	return strcmp(d->user, user) == 0;
}

/* new_dest - a new entry of x->out for addr */
static struct dest *
new_dest(struct ax *x, const char *addr, const struct ctl *c)
{
	struct dest *d;

	if (x->out->n == x->out->cap) {
		x->out->cap = x->out->cap ? 2 * x->out->cap : 8;
		x->out->v = sm_reallocarray(x->out->v, x->out->cap, sizeof(*d));
	}
	d = &x->out->v[x->out->n++];
	memset(d, 0, sizeof(*d));
	d->addr = sm_strdup(addr);
	d->parent = x->parent;
	d->owner = x->owner != NULL ? sm_strdup(x->owner) : NULL;
	d->from = x->from != NULL ? sm_strdup(x->from) : NULL;
	d->via_alias = x->from != NULL && x->in_alias;
	d->list_node = x->list;
	if (c != NULL && c->set) {
		d->has_ctl = true;
		d->uid = c->uid;
		d->gid = c->gid;
		d->ctl_name = c->name != NULL ? sm_strdup(c->name) : NULL;
		d->home = c->home != NULL ? sm_strdup(c->home) : NULL;
	}
	return d;
}

/* add_failure - a recipient that failed during expansion */
static void
add_failure(struct ax *x, const char *addr, int ex, const char *dsn, const char *text)
{
	struct dest *d = new_dest(x, addr, NULL);

	d->status = ex;
	(void)sm_strlcpy(d->dsn, dsn, sizeof(d->dsn));
	(void)sm_strlcpy(d->text, text, sizeof(d->text));
	if (ex == EX_TEMPFAIL)
		x->status = EX_TEMPFAIL;
}

/* qf_ctl_of - the C line a submission writes for a delivery of pa in
 * the list being expanded (measured, 8.17): a local user controls
 * itself ("daemon:1:1:", root nobody: ":"), anything else the list's
 * controller; then the address the list came from */
static char *
qf_ctl_of(const struct ax *x, const struct parsed_addr *pa)
{
	struct passwd *pw = user_known(pa->mailer, pa->user);
	struct sm_buf b = SM_BUF_INIT(4096);
	char *r;

	if (pw != NULL && pw->pw_uid != 0)
		(void)sm_buf_printf(&b, "%s:%lu:%lu:", pw->pw_name,
		    (unsigned long)pw->pw_uid, (unsigned long)pw->pw_gid);
	else
		(void)sm_buf_printf(&b, "%s:", pw != NULL || x->qf_user == NULL ?
		    "" : x->qf_user);
	(void)sm_buf_puts(&b, x->from);
	r = sm_strdup(sm_buf_str(&b));
	sm_buf_free(&b);
	return r;
}

/* add_delivery - a final delivery, unless it is a duplicate */
static void
add_delivery(struct ax *x, const char *addr, const struct parsed_addr *pa,
    const struct ctl *c)
{
	struct dest *d;
	size_t i;

	for (i = 0; i < x->out->n; i++)
		if (same_dest(&x->out->v[i], pa->mailer, pa->host, pa->user))
			return;
	d = new_dest(x, addr, c);
	d->m = pa->mailer;
	d->host = pa->host != NULL ? sm_strdup(pa->host) : NULL;
	d->user = sm_strdup(pa->user);
	if (x->from != NULL)
		d->qf_ctl = qf_ctl_of(x, pa);
	if (strcmp(pa->mailer->name, "prog") == 0 || strcmp(pa->mailer->name, "*file*") == 0)
		map_stripquotes(d->user);	/* "|cmd args" from an alias */
	d->status = EX_OK;
}

/* ------------------------------------------------------------- parsing */

/* parse_one - addr_parse with its diagnostics caught; 0 ok, -1 failed
 * (text in why, exit status in *ex) */
static int
parse_one(struct ax *x, const char *addr, struct parsed_addr *pa, int *ex,
    char *why, size_t size)
{
	char *msg = NULL;
	size_t msglen = 0;
	FILE *fp = open_memstream(&msg, &msglen);
	struct addr_env ae = { .cfg = x->cfg, .mac = &x->cfg->mac, .out = fp,
		.trace = false, .exitstat = ex };
	const char *p;
	int r;

	if (fp == NULL)
		return -1;
	*ex = EX_OK;
	r = addr_parse(&ae, addr, '\0', 0, pa, NULL);
	(void)fclose(fp);
	why[0] = '\0';
	if (msg != NULL) {
		p = strstr(msg, "... ");
		(void)sm_strlcpy(why, p != NULL ? p + 4 : msg, size);
		why[strcspn(why, "\n")] = '\0';
	}
	free(msg);
	if (r < 0 || pa->bad || pa->mailer == NULL) {
		if (r == 0)
			parsed_addr_free(pa);
		if (*ex == EX_OK)
			*ex = EX_DATAERR;
		return -1;
	}
	return 0;
}

/* ex_dsn - a DSN code for an exit status of a failed parse */
static const char *
ex_dsn(int ex)
{
	switch (ex) {
	case EX_NOUSER: return "5.1.1";
	case EX_NOHOST: return "5.1.2";
	case EX_TEMPFAIL: return "4.0.0";
	case EX_DATAERR: return "5.1.3";
	default: return "5.0.0";
	}
}

/* ------------------------------------------------------------ the queue */

/* seen_free - free what the queue of a dest_list holds */
static void
seen_free(struct al_seen *q)
{
	size_t i;

	for (i = 0; q != NULL && i < q->n; i++) {
		free(q->v[i].host);
		free(q->v[i].user);
	}
	for (i = 0; q != NULL && i < q->ng; i++) {
		free(q->g[i].host);
		free(q->g[i].user);
	}
	if (q != NULL) {
		free(q->v);
		free(q->g);
		free(q);
	}
}

/* user_known - the passwd entry of a local (F=w) user, or NULL */
static struct passwd *
user_known(const struct mailer *m, const char *user)
{
	struct passwd *pw;
	char lower[256];

	if (m == NULL || !mailer_has_flag(m, 'w'))
		return NULL;
	if ((pw = getpwnam(user)) != NULL)
		return pw;
	if (sm_strlcpy(lower, user, sizeof(lower)) >= sizeof(lower))
		return NULL;
	sm_lower(lower);
	return getpwnam(lower);
}

/* find_node - the newest address met that is pa (sendmail's sameaddr:
 * same mailer, host ignoring case, user), or AL_NONE */
static size_t
find_node(const struct ax *x, const struct parsed_addr *pa)
{
	const struct al_seen *q = x->out->seen;
	size_t i;

	for (i = q->n; i > 0; i--) {
		const struct al_node *n = &q->v[i - 1];

		if (n->m != pa->mailer || strcmp(n->user, pa->user) != 0)
			continue;
		if ((n->host == NULL) != (pa->host == NULL) ||
		    (n->host != NULL && strcasecmp(n->host, pa->host) != 0))
			continue;
		return i - 1;
	}
	return AL_NONE;
}

/* add_node - pa met for the first time (under parent, at level) */
static size_t
add_node(struct ax *x, const struct parsed_addr *pa, size_t parent, int level)
{
	struct al_seen *q = x->out->seen;
	struct al_node *n;

	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 16;
		q->v = sm_reallocarray(q->v, q->cap, sizeof(*q->v));
	}
	n = &q->v[q->n];
	memset(n, 0, sizeof(*n));
	n->m = pa->mailer;
	n->host = pa->host != NULL ? sm_strdup(pa->host) : NULL;
	n->user = sm_strdup(pa->user);
	n->parent = parent;
	n->level = level;
	n->user_ok = user_known(pa->mailer, pa->user) != NULL;
	return q->n++;
}

/* add_ghost - pa, met again in the list of x->list, was dropped */
static void
add_ghost(struct ax *x, const struct parsed_addr *pa, size_t d)
{
	struct al_seen *q = x->out->seen;
	struct al_ghost *g;

	if (q->ng == q->gcap) {
		q->gcap = q->gcap ? 2 * q->gcap : 8;
		q->g = sm_reallocarray(q->g, q->gcap, sizeof(*q->g));
	}
	g = &q->g[q->ng++];
	g->m = pa->mailer;
	g->host = pa->host != NULL ? sm_strdup(pa->host) : NULL;
	g->user = sm_strdup(pa->user);
	g->list = x->list;
	g->node = d;
}

/* node - entry i of the queue */
static struct al_node *
node(const struct ax *x, size_t i)
{
	return &x->out->seen->v[i];
}

/* loop_met - a member (under parent) is an address whose expansion is
 * under way, not the one it came from: the nearest local user above it
 * is delivered after all (sendmail breaks a loop through a .forward or
 * an alias named like a user so); false when there is none */
static bool
loop_met(struct ax *x, size_t parent)
{
	size_t i;

	for (i = parent; i != AL_NONE; i = node(x, i)->parent)
		if (node(x, i)->busy && node(x, i)->user_ok) {
			node(x, i)->selfref = true;
			return true;
		}
	return false;
}

/* dup_of - what a member equal to node d (under parent) comes to:
 * 1 it is met again as a new address (the top address of a queued
 * recipient whose expansion is under way, and which is no local user:
 * sendmail expands it once more), else 0 and *reached says whether
 * something is delivered or fails through it */
static int
dup_of(struct ax *x, size_t d, size_t parent, bool *reached)
{
	struct al_node *n = node(x, d);

	*reached = n->reached;
	if (!n->busy)
		return 0;
	*reached = false;
	if (d == parent)
		n->selfref = true;	/* "bob: bob, carol": bob is a user */
	else
		(void)loop_met(x, parent);
	return n->parent == AL_NONE && !n->user_ok ? 1 : 0;
}

/* ------------------------------------------------------------ expanding */

/* split_members - the comma-separated addresses of list (quotes, <>
 * and newlines respected, blanks trimmed) into v; how many (caller
 * frees each and v) */
static size_t
split_members(const char *list, char ***v)
{
	struct sm_buf one = SM_BUF_INIT(AL_MAXLINE);
	const char *p = list;
	size_t n = 0, cap = 0;
	int quote = 0, angle = 0;

	*v = NULL;
	for (;; p++) {
		if (*p == '\0' || (*p == ',' && !quote && angle <= 0) || *p == '\n') {
			const char *s = one.data != NULL ? sm_trim(one.data) : "";

			if (*s != '\0') {
				if (n == cap) {
					cap = cap ? 2 * cap : 8;
					*v = sm_reallocarray(*v, cap, sizeof(**v));
				}
				(*v)[n++] = sm_strdup(s);
			}
			sm_buf_reset(&one);
			if (*p == '\0')
				break;
			continue;
		}
		if (*p == '"')
			quote = !quote;
		else if (*p == '<' && !quote)
			angle++;
		else if (*p == '>' && !quote)
			angle--;
		(void)sm_buf_putc(&one, *p);
	}
	sm_buf_free(&one);
	return n;
}

/* member_failed - whether what a member added to x->out since before
 * is failures only (nothing added: a duplicate, which did not fail; a
 * failure an owner- alias is told of does not count: measured) */
static bool
member_failed(const struct ax *x, size_t before)
{
	size_t i;

	for (i = before; i < x->out->n; i++)
		if (x->out->v[i].status == EX_OK || x->out->v[i].status == EX_TEMPFAIL ||
		    x->out->v[i].owner != NULL)
			return false;
	return x->out->n > before;
}

/* expand_line - each address of one line of a list, last to first as
 * sendmail takes them, one level below node me; whether any was
 * delivered or failed */
static bool
expand_line(struct ax *x, size_t me, const char *line, const struct ctl *c)
{
	char **v;
	size_t n = split_members(line, &v), i, before;
	size_t saved = x->list;
	bool reached = false;

	x->list = me;
	for (i = n; i > 0; i--) {
		before = x->out->n;
		if (expand(x, v[i - 1], c, false, me))
			reached = true;
		if (!member_failed(x, before))
			node(x, me)->nok++;
	}
	x->list = saved;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return reached;
}

/* expand_list - list (the expansion of addr) line by line, in order (an
 * :include: or .forward file's lines, as sendmail reads them); whether
 * any address was delivered or failed */
static bool
expand_list(struct ax *x, size_t me, const char *addr, const char *list,
    const struct ctl *c)
{
	struct sm_buf line = SM_BUF_INIT(AL_MAXLINE);
	const char *saved = x->from, *p = list, *nl;
	bool reached = false;

	x->from = addr;
	for (; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		sm_buf_reset(&line);
		if (sm_buf_append(&line, p, (size_t)(nl - p)) == 0 &&
		    expand_line(x, me, sm_buf_str(&line), c))
			reached = true;
	}
	x->from = saved;
	sm_buf_free(&line);
	return reached;
}

/* expand_owned - expand_list with the list's submission-qf controller
 * (qf_user: "user:uid:gid" or "") and kind (an alias's or not) */
static bool
expand_owned(struct ax *x, size_t me, const char *addr, const char *list,
    const struct ctl *c, const char *qf_user, bool in_alias)
{
	const char *saved_user = x->qf_user;
	bool saved_alias = x->in_alias, reached;

	x->qf_user = qf_user;
	x->in_alias = in_alias;
	node(x, me)->expanded = true;
	reached = expand_list(x, me, addr, list, c);
	x->qf_user = saved_user;
	x->in_alias = saved_alias;
	return reached;
}

/* user_ids - "name:uid:gid" of a user into buf, "" for root */
static const char *
user_ids(const char *name, uid_t uid, gid_t gid, char *buf, size_t size)
{
	buf[0] = '\0';
	if (uid != 0)
		(void)sm_snprintf(buf, size, "%s:%lu:%lu", name, (unsigned long)uid,
		    (unsigned long)gid);
	return buf;
}

/* too_deep - whether the members of node me would be more aliases deep
 * than MaxAliasRecursion: then addr fails as sendmail's does */
static bool
too_deep(struct ax *x, size_t me, const char *addr)
{
	int level = node(x, me)->level + 1, max = x->cfg->opt.max_alias_recursion;
	char why[128];

	if (level <= max && level < AL_MAXDEPTH)
		return false;
	(void)sm_snprintf(why, sizeof(why), "aliasing/forwarding loop broken "
	    "(%d aliases deep; %d max)", level, max);
	add_failure(x, addr, EX_UNAVAILABLE, "5.4.6", why);
	return true;
}

/* file_ctl - the controlling user of a file owned by st (root: DefaultUser) */
static void
file_ctl(const struct config *cfg, const struct stat *st, struct ctl *c)
{
	struct passwd *pw = st->st_uid != 0 ? getpwuid(st->st_uid) : NULL;

	c->set = true;
	c->uid = st->st_uid != 0 ? st->st_uid : cfg->opt.default_uid;
	c->gid = st->st_uid != 0 ? st->st_gid : cfg->opt.default_gid;
	c->name = pw != NULL ? pw->pw_name : NULL;
	c->home = pw != NULL ? pw->pw_dir : NULL;
}

/* read_file - the whole of path (regular file) into out; *st set */
static int
read_file(const char *path, struct sm_buf *out, struct stat *st)
{
	char buf[4096];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW);

	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		(void)close(fd);
		errno = EPERM;
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (sm_buf_append(out, buf, (size_t)n) < 0)
			break;
	(void)close(fd);
	return n < 0 ? -1 : 0;
}

/* strip_comments - drop '#' comment lines of an include/forward file */
static void
strip_comments(struct sm_buf *b)
{
	char *p = b->data, *w = b->data;
	bool bol = true, skip = false;

	if (p == NULL)
		return;
	for (; *p != '\0'; p++) {
		if (bol)
			skip = *p == '#';
		bol = *p == '\n';
		if (!skip)
			*w++ = *p;
		else if (bol)
			*w++ = '\n';
	}
	*w = '\0';
	b->len = (size_t)(w - b->data);
}

/* do_include - ":include:path" (node me); whether something came of it */
static bool
do_include(struct ax *x, size_t me, const char *addr, const char *path)
{
	struct sm_buf text = SM_BUF_INIT(1 << 20);
	struct stat st;
	struct ctl c;
	char why[300];
	bool reached = true;

	if (read_file(path, &text, &st) < 0) {
		int ex = errno == ENOENT || errno == EPERM ? EX_UNAVAILABLE : EX_TEMPFAIL;

		(void)sm_snprintf(why, sizeof(why), "Cannot open %s: %s", path, strerror(errno));
		add_failure(x, addr, ex, ex == EX_TEMPFAIL ? "4.2.4" : "5.2.4", why);
	} else if (!too_deep(x, me, addr)) {
		struct passwd *pw = getpwuid(st.st_uid);
		char ids[512], num[32];

		(void)sm_snprintf(num, sizeof(num), "%lu", (unsigned long)st.st_uid);
		(void)user_ids(pw != NULL ? pw->pw_name : num, st.st_uid, st.st_gid,
		    ids, sizeof(ids));
		file_ctl(x->cfg, &st, &c);
		strip_comments(&text);
		reached = expand_owned(x, me, addr, text.data != NULL ? text.data : "", &c,
		    ids, false);
	}
	sm_buf_free(&text);
	return reached;
}

/* try_forward - the first ForwardPath file of pw that may be used,
 * expanded below node me; 1 read (*reached set), 0 none */
static int
try_forward(struct ax *x, size_t me, const char *addr, const struct passwd *pw,
    bool *reached)
{
	const char *fp = x->cfg->opt.forward_path != NULL ? x->cfg->opt.forward_path :
	    "$z/.forward";
	struct macros *mac = sm_malloc(sizeof(*mac));
	struct sm_buf paths = SM_BUF_INIT(PATH_MAX * 8), text = SM_BUF_INIT(1 << 20);
	char *p, *save = NULL;
	struct stat st;
	struct ctl c = { true, pw->pw_uid, pw->pw_gid, pw->pw_name, pw->pw_dir };
	char ids[512];
	int done = 0;

	(void)user_ids(pw->pw_name, pw->pw_uid, pw->pw_gid, ids, sizeof(ids));
	macros_init(mac, &x->cfg->mac);
	macro_set(mac, 'z', pw->pw_dir);
	macro_set(mac, 'u', pw->pw_name);
	if (macro_expand(mac, fp, &paths) == 0 && paths.data != NULL) {
		for (p = strtok_r(paths.data, ":", &save); p != NULL && !done;
		    p = strtok_r(NULL, ":", &save)) {
			sm_buf_reset(&text);
			if (read_file(p, &text, &st) < 0 ||
			    (st.st_uid != pw->pw_uid && st.st_uid != 0) ||
			    (st.st_mode & S_IWOTH))
				continue;
			strip_comments(&text);
			done = 1;
			*reached = too_deep(x, me, addr) ||
			    expand_owned(x, me, addr, text.data != NULL ? text.data : "",
			    &c, ids, false);
		}
	}
	sm_buf_free(&paths);
	sm_buf_free(&text);
	macros_free(mac);
	free(mac);
	return done;
}

/* local_user - F=w: the user must exist; then its .forward, unless
 * noalias; a .forward that leads back to the user (or into a loop)
 * delivers to the user too.  Whether something came of it. */
static bool
local_user(struct ax *x, size_t me, const char *addr, const struct parsed_addr *pa,
    const struct ctl *c, bool noalias)
{
	struct passwd *pw = user_known(pa->mailer, pa->user);
	struct passwd copy;
	bool reached = false;
	int r;

	if (pw == NULL) {
		add_failure(x, addr, EX_NOUSER, "5.1.1", "User unknown");
		return true;
	}
	if (noalias) {
		add_delivery(x, addr, pa, c);
		return true;
	}
	copy = *pw;
	copy.pw_name = sm_strdup(pw->pw_name);
	copy.pw_dir = sm_strdup(pw->pw_dir);
	node(x, me)->selfref = false;
	node(x, me)->busy = true;
	r = try_forward(x, me, addr, &copy, &reached);
	node(x, me)->busy = false;
	free(copy.pw_name);
	free(copy.pw_dir);
	if (r == 0 || node(x, me)->selfref) {
		add_delivery(x, addr, pa, c);
		return true;
	}
	return reached;
}

/* owner_of - "owner-name" when that alias exists (a new string), else NULL */
static char *
owner_of(struct ax *x, const char *name)
{
	struct sm_buf key = SM_BUF_INIT(1100), val = SM_BUF_INIT(AL_MAXLINE);
	char *owner = NULL;

	if (strncasecmp(name, "owner-", 6) != 0 &&
	    sm_buf_printf(&key, "owner-%s", name) == 0 &&
	    alias_lookup(x->a, key.data, &val) == 0)
		owner = sm_buf_detach(&key);
	sm_buf_free(&key);
	sm_buf_free(&val);
	return owner;
}

/* do_alias - F=A: pa's user looked up; 1 expanded (*reached set, or
 * *reached and a failure when the database failed), 0 no such alias */
static int
do_alias(struct ax *x, size_t me, const char *addr, const struct parsed_addr *pa,
    bool *reached)
{
	struct sm_buf val = SM_BUF_INIT(AL_MAXLINE);
	struct ctl c = { true, x->cfg->opt.default_uid, x->cfg->opt.default_gid, NULL, NULL };
	int r = alias_lookup(x->a, pa->user, &val);

	*reached = true;
	if (r < 0)
		add_failure(x, addr, EX_TEMPFAIL, "4.3.0", "Deferred: alias database unavailable");
	else if (r == 0 && !too_deep(x, me, addr)) {
		char *owner = owner_of(x, pa->user);
		const char *saved = x->owner;
		char ids[512];

		/* measured: the alias, DefaultUser's uid, gid 0 */
		(void)sm_snprintf(ids, sizeof(ids), "%s:%lu:0", pa->user,
		    (unsigned long)x->cfg->opt.default_uid);
		if (owner != NULL)
			x->owner = owner;
		node(x, me)->busy = true;
		tr_alias(addr, val.data != NULL ? val.data : "");
		*reached = expand_owned(x, me, addr, val.data != NULL ? val.data : "", &c,
		    ids, true);
		node(x, me)->busy = false;
		x->owner = saved;
		free(owner);
	}
	sm_buf_free(&val);
	return r <= 0;
}

/* direct_refused - sendmail refuses programs, files and :include:s
 * given directly by the sender; true when m is one of them */
static bool
direct_refused(struct ax *x, const char *addr, const struct mailer *m)
{
	static const struct { const char *mailer, *what; } kinds[] = {
		{ "prog", "programs" }, { "*file*", "files" }, { "*include*", ":include:s" },
	};
	char text[64];
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(kinds); i++) {
		if (strcmp(m->name, kinds[i].mailer) != 0)
			continue;
		(void)sm_snprintf(text, sizeof(text), "Cannot mail directly to %s", kinds[i].what);
		add_failure(x, addr, EX_UNAVAILABLE, "5.7.1", text);
		return true;
	}
	return false;
}

/* resolve - what the new address pa (node me) becomes: included,
 * aliased, forwarded or delivered; whether something came of it */
static bool
resolve(struct ax *x, size_t me, const char *addr, const struct parsed_addr *pa,
    const struct ctl *c, bool noalias)
{
	bool reached;

	if (strcmp(pa->mailer->name, "*include*") == 0)
		return do_include(x, me, addr, pa->user);
	if (!noalias && !x->cfg->opt.no_alias && mailer_has_flag(pa->mailer, 'A') &&
	    do_alias(x, me, addr, pa, &reached)) {
		if (!node(x, me)->selfref)
			return reached;
		/* "bob: bob, ..." or a loop back to it: bob is a user after all */
		return local_user(x, me, addr, pa, c, false) || reached;
	}
	if (mailer_has_flag(pa->mailer, 'w'))
		return local_user(x, me, addr, pa, c, noalias);
	add_delivery(x, addr, pa, c);
	return true;
}

/* expand - one address met under node parent (AL_NONE: an envelope
 * recipient): parse, drop a duplicate, or resolve it; whether a
 * delivery or a failure came of it */
static bool
expand(struct ax *x, const char *addr, const struct ctl *c, bool noalias, size_t parent)
{
	struct parsed_addr pa;
	char why[256];
	size_t d, me;
	bool reached = true;
	int ex;

	if (*addr == '\\')
		noalias = true;		/* addr keeps the '\\' for the logs */
	if (parse_one(x, addr + (*addr == '\\'), &pa, &ex, why, sizeof(why)) < 0) {
		add_failure(x, addr, ex, ex_dsn(ex), why[0] != '\0' ? why : "Bad address");
		return true;
	}
	if (x->direct && parent == AL_NONE && direct_refused(x, addr, pa.mailer))
		;
	else if (pa.queueup)
		add_failure(x, addr, EX_TEMPFAIL, "4.0.0",
		    "Transient parse error -- message queued for future delivery");
	else if ((d = find_node(x, &pa)) != AL_NONE && noalias && d == parent &&
	    node(x, d)->busy && node(x, d)->user_ok)
		add_delivery(x, addr, &pa, c);	/* "\\user" in user's .forward */
	else if (d != AL_NONE && dup_of(x, d, parent, &reached) == 0) {
		if (!node(x, d)->busy)
			add_ghost(x, &pa, d);
	}
	else if (x->out->seen->n >= AL_MAXNODES)
		add_failure(x, addr, EX_UNAVAILABLE, "5.4.6", "aliasing/forwarding loop broken");
	else {
		me = add_node(x, &pa, parent, parent == AL_NONE ? 0 : node(x, parent)->level + 1);
		reached = resolve(x, me, addr, &pa, c, noalias);
		node(x, me)->reached = reached;
		if (!reached && parent == AL_NONE)
			add_failure(x, addr, EX_UNAVAILABLE, "5.4.6",
			    "aliasing/forwarding loop broken");
	}
	parsed_addr_free(&pa);
	return reached;
}

/* top_ctl - the controlling user of a queued recipient from its C line:
 * "login", or sendmail's "login:uid:gid:alias" (the ids win when the
 * login is no user: an alias's programs); else DefaultUser */
static void
top_ctl(const struct config *cfg, const char *text, struct ctl *c)
{
	char name[256];
	struct passwd *pw;
	unsigned long uid, gid;
	size_t n = text != NULL ? strcspn(text, ":") : 0;

	c->set = true;
	c->uid = cfg->opt.default_uid;
	c->gid = cfg->opt.default_gid;
	c->name = c->home = NULL;
	if (n == 0 || n >= sizeof(name))
		return;
	memcpy(name, text, n);
	name[n] = '\0';
	if ((pw = getpwnam(name)) != NULL) {
		c->uid = pw->pw_uid;
		c->gid = pw->pw_gid;
		c->name = pw->pw_name;
		c->home = pw->pw_dir;
	} else if (sscanf(text + n, ":%lu:%lu:", &uid, &gid) == 2) {
		c->uid = (uid_t)uid;
		c->gid = (gid_t)gid;
	}
}

/* ctl_alias - the alias part of sendmail's C line text ("login:uid:gid:
 * alias" or ":alias"): what the recipient was expanded from, which its
 * bounce names; NULL for a bare login */
static const char *
ctl_alias(const char *text)
{
	unsigned long uid, gid;
	int n = 0;

	if (text == NULL)
		return NULL;
	if (*text == ':')
		return text[1] != '\0' ? text + 1 : NULL;
	text += strcspn(text, ":");
	if (sscanf(text, ":%lu:%lu:%n", &uid, &gid, &n) == 2 && n > 0 &&
	    text[n] != '\0')
		return text + n;
	return NULL;
}

/* alias_expand - see alias.h */
int
alias_expand(struct config *cfg, struct alias_db *a, const char *addr,
    size_t parent, const char *ctl, bool from_alias, struct dest_list *out)
{
	struct ax x;
	struct ctl c;

	memset(&x, 0, sizeof(x));
	x.cfg = cfg;
	x.a = a;
	x.out = out;
	x.parent = parent;
	x.status = EX_OK;
	x.list = AL_NONE;
	x.direct = ctl == NULL && !from_alias;
	if (out->seen == NULL)
		out->seen = sm_calloc(1, sizeof(*out->seen));
	if (x.direct)
		(void)expand(&x, addr, NULL, false, AL_NONE);
	else {
		top_ctl(cfg, ctl, &c);
		x.from = ctl_alias(ctl);	/* "(expanded from: ALIAS)" */
		(void)expand(&x, addr, &c, false, AL_NONE);
	}
	return x.status;
}

/* chain_sole - whether each list from node n up had one member that
 * did not fail */
static bool
chain_sole(const struct al_seen *q, size_t n)
{
	while (n != AL_NONE && n < q->n) {
		if (q->v[n].nok != 1)
			return false;
		n = q->v[n].parent;
	}
	return true;
}

/* alias_dest_sole - see alias.h */
bool
alias_dest_sole(const struct dest_list *l, const struct dest *d)
{
	size_t i;

	if (l->seen == NULL || chain_sole(l->seen, d->list_node))
		return true;
	for (i = 0; i < l->seen->ng; i++) {
		const struct al_ghost *g = &l->seen->g[i];

		if (!l->seen->v[g->node].expanded &&
		    same_dest(d, g->m, g->host, g->user) && chain_sole(l->seen, g->list))
			return true;
	}
	return false;
}
