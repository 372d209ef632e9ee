/*
 * queue_group.c - queue groups: the Q lines, and the group of a recipient.
 *
 * Follows sendmail 8.12+'s queue groups (op guide "Queue Groups and
 * Queue Directories", cf/README QUEUE_GROUP): "Qname, P=path, F=flags,
 * N=nice, I=interval, R=runners, r=recipients, J=jobs", only the first
 * letter of each equate counting.  mqueue is group 0 and uses
 * QueueDirectory; a group without P= shares it.  A recipient's group is
 * what the queuegroup ruleset returns ("$# name") for the user part of
 * the recipient's resolved address (observed on sendmail 8.17: the
 * ruleset sees "root" for root@<this host> and "bob@example.com" for
 * <bob@example.com.>), else its mailer's Q=; an unknown name counts as
 * no answer.  A recipient with neither goes with its envelope, whose
 * group is its first recipient's (queue.c splits the envelope).
 *
 * Missing: P= paths ending in '*' (several queue directories per group)
 * are taken literally; sendmail's check that every P= lies below
 * QueueDirectory ("QueuePath x not subpath of QueueDirectory y/", exit
 * 78) is made for -bp and -q only (qgroup_check), not for submission;
 * R=, N=, I= and J= are stored but queue runs ignore
 * them (one runner goes through the groups in order); r= does not
 * split envelopes.
 */
#include "sm.h"
#include "queue_group.h"
#include "config.h"
#include "envelope.h"
#include "addr_parse.h"
#include "mailer.h"
#include "rewrite.h"
#include "ruleset.h"
#include "tokens.h"

/* The default group when the cf has no Q line. */
static const struct qgroup default_group = { (char *)QG_DEFAULT, NULL, NULL, 0, 0, 0, 0, 0 };

/* group_at - group i of cfg (the default one when the table is empty) */
static const struct qgroup *
group_at(const struct config *cfg, size_t i)
{
	if (cfg->qgroups.n == 0 || i >= cfg->qgroups.n)
		return &default_group;
	return &cfg->qgroups.v[i];
}

/* qgroup_count - groups of cfg */
size_t
qgroup_count(const struct config *cfg)
{
	return cfg->qgroups.n > 0 ? cfg->qgroups.n : 1;
}

/* qgroup_name - name of group i */
const char *
qgroup_name(const struct config *cfg, size_t i)
{
	return group_at(cfg, i)->name;
}

/* qgroup_dir - P=, else QueueDirectory, else "mqueue" */
const char *
qgroup_dir(const struct config *cfg, size_t i)
{
	const struct qgroup *g = group_at(cfg, i);

	if (g->path != NULL && *g->path != '\0')
		return g->path;
	if (cfg->opt.queue_dir != NULL && *cfg->opt.queue_dir != '\0')
		return cfg->opt.queue_dir;
	return "mqueue";
}

/* qgroup_find - index of name, or -1 */
int
qgroup_find(const struct config *cfg, const char *name)
{
	size_t i, n = qgroup_count(cfg);

	for (i = 0; i < n; i++)
		if (strcmp(group_at(cfg, i)->name, name) == 0)
			return (int)i;
	return -1;
}

/* below - whether path is dir or lies below it */
static bool
below(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* dir_error - 0 when path is a directory, else why not (an errno) */
static int
dir_error(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return errno;
	return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
}

/* qgroup_check - every P= below QueueDirectory and a directory */
int
qgroup_check(const struct config *cfg, FILE *out)
{
	const char *qd = qgroup_dir(cfg, 0), *p;
	char line[2 * PATH_MAX + 128];
	bool first = true;
	int r = EX_OK, error;
	size_t i;

	for (i = 1; i < cfg->qgroups.n; i++) {
		if ((p = cfg->qgroups.v[i].path) == NULL || *p == '\0')
			continue;
		if (!below(p, qd)) {
			(void)sm_snprintf(line, sizeof(line),
			    "QueuePath %s not subpath of QueueDirectory %s%s%s", p, qd,
			    qd[strlen(qd) - 1] == '/' ? "" : "/",
			    first ? ": No such file or directory" : "");
			first = false;
		} else if ((error = dir_error(p)) != 0) {
			(void)sm_snprintf(line, sizeof(line), "can not opendir(%s): %s", p,
			    strerror(error));
		} else
			continue;
		fprintf(out, "%s\n", line);
		r = EX_CONFIG;
	}
	return r;
}

/* ------------------------------------------------------------ Q lines */

/* group_add - the group named name, made (after mqueue) when new */
static struct qgroup *
group_add(struct qgroup_table *t, const char *name)
{
	size_t i;

	if (t->n == 0) {
		t->v = sm_calloc(1, sizeof(*t->v));
		t->v[0].name = sm_strdup(QG_DEFAULT);
		t->n = 1;
	}
	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	t->v = sm_reallocarray(t->v, t->n + 1, sizeof(*t->v));
	memset(&t->v[t->n], 0, sizeof(t->v[t->n]));
	t->v[t->n].name = sm_strdup(name);
	return &t->v[t->n++];
}

/* number - a decimal equate value into *out; -1 when it is not one */
static int
number(const char *v, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (end == v || *end != '\0' || errno != 0 || n < INT_MIN || n > INT_MAX)
		return -1;
	*out = (int)n;
	return 0;
}

/* set_equate - one "X=value" of group g; -1 with err on a bad value */
static int
set_equate(struct qgroup *g, int code, const char *v, struct sm_buf *err)
{
	int r = 0;

	switch (code) {
	case 'P': env_set_str(&g->path, v); break;
	case 'F': env_set_str(&g->flags, v); break;
	case 'N': r = number(v, &g->nice); break;
	case 'R': r = number(v, &g->runners); break;
	case 'r': r = number(v, &g->recipients); break;
	case 'J': r = number(v, &g->jobs); break;
	case 'I': r = sm_convtime(v, 'm', &g->interval); break;
	}
	if (r < 0)
		(void)sm_buf_printf(err, "Q%s: bad value %c=%s", g->name, code, v);
	return r < 0 ? -1 : 0;
}

/* next_equate - the next "X=value" at *pp: code, value copied into val
 * (blanks around it and quotes kept as written); false at the end */
static bool
next_equate(const char **pp, int *code, char *val, size_t size)
{
	const char *p = *pp, *v, *e;
	bool quoted = false;

	while (*p == ',' || isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return false;
	*code = (unsigned char)*p;
	while (*p != '\0' && *p != '=' && *p != ',')
		p++;
	if (*p == '=')
		p++;
	while (isspace((unsigned char)*p))
		p++;
	for (v = p; *p != '\0' && (quoted || *p != ','); p++)
		if (*p == '"')
			quoted = !quoted;
	for (e = p; e > v && isspace((unsigned char)e[-1]); e--)
		continue;
	(void)sm_snprintf(val, size, "%.*s", (int)(e - v), v);
	*pp = p;
	return true;
}

/* qgroup_parse_qline - the group, then its equates */
int
qgroup_parse_qline(struct config *cfg, const char *name, const char *equates,
    struct sm_buf *err)
{
	char val[PATH_MAX];
	const char *p = equates;
	struct qgroup *g;
	int code, r = 0;

	if (*name == '\0')
		return 0;		/* conf_read.c said why */
	g = group_add(&cfg->qgroups, name);
	while (next_equate(&p, &code, val, sizeof(val)))
		if (set_equate(g, code, val, err) < 0)
			r = -1;
	return r;
}

/* qgroup_table_free - every group */
void
qgroup_table_free(struct qgroup_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].path);
		free(t->v[i].flags);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

/* ------------------------------------------------------------ choosing */

/* ruleset_group - the queuegroup ruleset over user: the group index it
 * names, or -1 (no ruleset, no "$# name", an unknown name) */
static int
ruleset_group(struct config *cfg, struct envelope *e, const char *user)
{
	struct sm_buf perr = SM_BUF_INIT(1024);
	struct rw_ctx ctx = { .cfg = cfg, .env = &e->mac };
	struct tokens t;
	int rs = ruleset_find(cfg, "queuegroup"), g = -1;

	if (rs < 0 || ruleset_nrules(cfg, rs) == 0)
		return -1;
	tokens_init(&t);
	if (tokens_prescan(cfg, user, '\0', &t, NULL, &perr) == 0 &&
	    rewrite_ruleset(&ctx, rs, &t) == EX_OK && t.n >= 2 &&
	    (unsigned char)t.v[0][0] == TK_CANONNET && t.v[0][1] == '\0')
		g = qgroup_find(cfg, t.v[1]);
	tokens_free(&t);
	sm_buf_free(&perr);
	return g;
}

/* qgroup_of_rcpt - ruleset, else mailer Q=, else -1 */
int
qgroup_of_rcpt(struct config *cfg, struct envelope *e, const struct rcpt *r)
{
	struct parsed_addr pa;
	char *msg = NULL;
	size_t msglen = 0;
	FILE *fp;
	int g = -1, ex = EX_OK;

	if (qgroup_count(cfg) < 2 || (fp = open_memstream(&msg, &msglen)) == NULL)
		return -1;
	{
		struct addr_env ae = { .cfg = cfg, .mac = &e->mac, .out = fp,
			.trace = false, .exitstat = &ex };

		memset(&pa, 0, sizeof(pa));
		if (addr_parse(&ae, r->addr, '\0', 0, &pa, NULL) == 0) {
			if (!pa.bad && pa.mailer != NULL) {
				g = ruleset_group(cfg, e, pa.user != NULL ? pa.user : "");
				if (g < 0 && pa.mailer->queue_group != NULL)
					g = qgroup_find(cfg, pa.mailer->queue_group);
			}
			parsed_addr_free(&pa);
		}
	}
	(void)fclose(fp);
	free(msg);
	return g;
}
