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
 * A path ending in '*' (P= or QueueDirectory) stands for every
 * directory of its parent whose name starts with the rest (symbolic
 * links to directories too, plain files not), in readdir order, as the
 * real one lists them; new messages go to one of them at random
 * (qgroup_dir), -bp and -q go through all.  A wild QueueDirectory's
 * parent is what P= must lie below.  R= defaults to MaxRunnersPerQueue
 * as it was when the Q line was read (mqueue: 1), and only counts with
 * F=f ("Warning: Q=x: R=n: multiple queue runners specified" otherwise,
 * as sendmail prints it; F= letters add up); R=0 leaves a group out of
 * -q and the daemon's runs.  Queue runs go through the groups by R=,
 * highest first (observed); queue_run.c uses N=, I=, J= and R=; queue.c
 * splits an envelope by r= (qgroup_max_rcpts: as written on the Q line
 * only).
 *
 * Missing: sendmail's check that every P= lies below QueueDirectory
 * ("QueuePath x not subpath of QueueDirectory y/", exit 78) and the
 * wildcard errors are made for -bp and -q only (qgroup_check), not for
 * submission; the choice among a group's directories is uniform, not
 * weighted by free space.
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

#include <dirent.h>

/* The default group when the cf has no Q line (not const: its
 * directories are expanded into it). */
static struct qgroup default_group = {
	.name = (char *)QG_DEFAULT,
	.nice = -1, .runners = -1, .recipients = -1, .jobs = -1,
};

/* group_at - group i of cfg (the default one when the table is empty);
 * writable for the directory cache only */
static struct qgroup *
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

/* qgroup_path - P=, else QueueDirectory, else "mqueue" */
const char *
qgroup_path(const struct config *cfg, size_t i)
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

/* ------------------------------------------------------ directories */

/* is_wild - whether path ends in '*' */
static bool
is_wild(const char *path)
{
	size_t n = strlen(path);

	return n > 0 && path[n - 1] == '*';
}

/* dirs_free - forget the expansion of g */
static void
dirs_free(struct qgroup *g)
{
	size_t i;

	if (g->dirs != NULL)
		for (i = 0; i <= g->ndirs; i++)
			free(g->dirs[i]);
	free(g->dirs);
	free(g->expanded);
	g->dirs = NULL;
	g->expanded = NULL;
	g->ndirs = 0;
}

/* parent_of - the directory part of a wild path (before its last '/'
 * ahead of the '*') into out, "." when it has none; the name prefix
 * after it through *prefix */
static void
parent_of(const char *path, char *out, size_t size, const char **prefix)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL) {
		(void)sm_strlcpy(out, ".", size);
		*prefix = path;
	} else {
		(void)sm_snprintf(out, size, "%.*s",
		    slash == path ? 1 : (int)(slash - path), path);
		*prefix = slash + 1;
	}
}

/* add_dir - one more directory of g (dirs has room for it and the
 * trailing fallback slot) */
static void
add_dir(struct qgroup *g, size_t *cap, char *dir)
{
	if (g->ndirs + 2 > *cap) {
		*cap = *cap * 2 + 4;
		g->dirs = sm_reallocarray(g->dirs, *cap, sizeof(*g->dirs));
	}
	g->dirs[g->ndirs++] = dir;
}

/* scan - the directories in the parent of the wild path whose names
 * start with what precedes its '*', in readdir order, into g */
static void
scan(struct qgroup *g, size_t *cap, const char *path)
{
	char parent[PATH_MAX];
	struct sm_buf full = SM_BUF_INIT(PATH_MAX);
	const char *pfx;
	struct dirent *de;
	struct stat st;
	size_t plen;
	DIR *dir;

	parent_of(path, parent, sizeof(parent), &pfx);
	plen = strlen(pfx) - 1;		/* without the '*' */
	if ((dir = opendir(parent)) == NULL)
		return;
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
		    strncmp(de->d_name, pfx, plen) != 0)
			continue;
		sm_buf_reset(&full);
		if (sm_buf_printf(&full, "%.*s%s", (int)(pfx - path), path, de->d_name) < 0)
			continue;	/* too long a path: not one of them */
		if (stat(sm_buf_str(&full), &st) == 0 && S_ISDIR(st.st_mode))
			add_dir(g, cap, sm_strdup(sm_buf_str(&full)));
	}
	(void)closedir(dir);
	sm_buf_free(&full);
}

/* expand - the directories of group g (path: its qgroup_path), once per
 * path; dirs[ndirs] holds the path without its '*' (qgroup_dir's
 * answer when nothing matches) */
static struct qgroup *
expand(struct qgroup *g, const char *path)
{
	size_t cap = 0, n = strlen(path);

	if (g->expanded != NULL && strcmp(g->expanded, path) == 0)
		return g;
	dirs_free(g);
	g->expanded = sm_strdup(path);
	if (!is_wild(path))
		add_dir(g, &cap, sm_strdup(path));
	else
		scan(g, &cap, path);
	if (cap == 0)		/* nothing matched: room for the fallback */
		g->dirs = sm_calloc(1, sizeof(*g->dirs));
	g->dirs[g->ndirs] = sm_strdup(path);
	if (is_wild(path))
		g->dirs[g->ndirs][n - 1] = '\0';
	return g;
}

/* group_dirs - group i with its directories expanded */
static const struct qgroup *
group_dirs(const struct config *cfg, size_t i)
{
	return expand(group_at(cfg, i), qgroup_path(cfg, i));
}

/* qgroup_ndirs - directories of group i */
size_t
qgroup_ndirs(const struct config *cfg, size_t i)
{
	return group_dirs(cfg, i)->ndirs;
}

/* qgroup_dir_at - directory k of group i */
const char *
qgroup_dir_at(const struct config *cfg, size_t i, size_t k)
{
	const struct qgroup *g = group_dirs(cfg, i);

	return g->dirs[k < g->ndirs ? k : g->ndirs];
}

/* qgroup_dir - the only directory, one at random, or the fallback */
const char *
qgroup_dir(const struct config *cfg, size_t i)
{
	const struct qgroup *g = group_dirs(cfg, i);

	if (g->ndirs <= 1)
		return g->dirs[0];
	return g->dirs[arc4random_uniform((uint32_t)g->ndirs)];
}

/* qgroup_has_dir - dir among group i's directories */
bool
qgroup_has_dir(const struct config *cfg, size_t i, const char *dir)
{
	const struct qgroup *g = group_dirs(cfg, i);
	size_t k;

	for (k = 0; k < g->ndirs; k++)
		if (strcmp(g->dirs[k], dir) == 0)
			return true;
	return false;
}

/* ---------------------------------------------------------- runners */

/* has_flag - whether group g has F= letter c */
static bool
has_flag(const struct qgroup *g, int c)
{
	return g->flags != NULL && strchr(g->flags, c) != NULL;
}

/* raw_runners - R= of group g, or its default */
static int
raw_runners(const struct qgroup *g)
{
	return g->runners >= 0 ? g->runners : 1;
}

/* qgroup_runners - 0, 1 without F=f, else R= */
int
qgroup_runners(const struct config *cfg, size_t i)
{
	const struct qgroup *g = group_at(cfg, i);
	int r = raw_runners(g);

	return r > 1 && !has_flag(g, 'f') ? 1 : r;
}

/* qgroup_order - by R= descending, stable */
void
qgroup_order(const struct config *cfg, size_t *v)
{
	size_t i, j, n = qgroup_count(cfg), t;

	for (i = 0; i < n; i++)
		v[i] = i;
	for (i = 1; i < n; i++)	/* insertion sort: stable, n is small */
		for (j = i; j > 0 && raw_runners(group_at(cfg, v[j - 1])) <
		    raw_runners(group_at(cfg, v[j])); j--) {
			t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* qgroup_jobs - J=, else MaxQueueRunSize */
int
qgroup_jobs(const struct config *cfg, size_t i)
{
	const struct qgroup *g = group_at(cfg, i);

	return g->jobs >= 0 ? g->jobs : cfg->opt.max_queue_run_size;
}

/* qgroup_max_rcpts - r= when the Q line gave one above 0, else 0 */
int
qgroup_max_rcpts(const struct config *cfg, size_t i)
{
	const struct qgroup *g = group_at(cfg, i);

	return g->recipients_given && g->recipients > 0 ? g->recipients : 0;
}

/* qgroup_nice - N=, else NiceQueueRun */
int
qgroup_nice(const struct config *cfg, size_t i)
{
	const struct qgroup *g = group_at(cfg, i);

	return g->nice >= 0 ? g->nice : cfg->opt.nice_queue_run;
}

/* qgroup_interval - I=, else dflt */
time_t
qgroup_interval(const struct config *cfg, size_t i, time_t dflt)
{
	const struct qgroup *g = group_at(cfg, i);

	return g->interval > 0 ? g->interval : dflt;
}

/* ------------------------------------------------------------ checks */

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

/* wild_error - a line into line when the wild path of group i matches
 * nothing: the path without '*' (its parent when that is missing;
 * QueueDirectory's parent is chdir'ed to); false when it matches */
static bool
wild_error(const struct config *cfg, size_t i, char *line, size_t size)
{
	const char *path = qgroup_path(cfg, i), *prefix;
	char parent[PATH_MAX];

	if (!is_wild(path) || qgroup_ndirs(cfg, i) > 0)
		return false;
	parent_of(path, parent, sizeof(parent), &prefix);
	if (dir_error(parent) == 0)
		(void)sm_snprintf(line, size, "can not opendir(%.*s): %s",
		    (int)(strlen(path) - 1), path, strerror(ENOENT));
	else if (i == 0)
		(void)sm_snprintf(line, size, "can not chdir(%s/): %s", parent,
		    strerror(dir_error(parent)));
	else
		(void)sm_snprintf(line, size, "can not opendir(%s): %s", parent,
		    strerror(dir_error(parent)));
	return true;
}

/* base_dir - QueueDirectory for the subpath check into out: its parent
 * when it ends in '*' */
static void
base_dir(const struct config *cfg, char *out, size_t size)
{
	const char *qd = qgroup_path(cfg, 0), *prefix;

	if (is_wild(qd))
		parent_of(qd, out, size, &prefix);
	else
		(void)sm_strlcpy(out, qd, size);
}

/* group_error - the line of group i > 0's P= into line, or false */
static bool
group_error(const struct config *cfg, size_t i, const char *qd, bool *first,
    char *line, size_t size)
{
	const char *p = cfg->qgroups.v[i].path;
	int error;

	if (p == NULL || *p == '\0')
		return false;
	if (!below(p, qd)) {
		(void)sm_snprintf(line, size,
		    "QueuePath %s not subpath of QueueDirectory %s%s%s", p, qd,
		    qd[strlen(qd) - 1] == '/' ? "" : "/",
		    *first ? ": No such file or directory" : "");
		*first = false;
		return true;
	}
	if (is_wild(p))
		return wild_error(cfg, i, line, size);
	if ((error = dir_error(p)) == 0)
		return false;
	(void)sm_snprintf(line, size, "can not opendir(%s): %s", p, strerror(error));
	return true;
}

/* qgroup_check - every P= below QueueDirectory and a directory; every
 * wild path matching something */
int
qgroup_check(const struct config *cfg, FILE *out)
{
	char qd[PATH_MAX], line[2 * PATH_MAX + 128];
	bool first = true;
	int r = EX_OK;
	size_t i;

	base_dir(cfg, qd, sizeof(qd));
	if (wild_error(cfg, 0, line, sizeof(line))) {
		fprintf(out, "%s\n", line);
		return EX_CONFIG;
	}
	for (i = 1; i < cfg->qgroups.n; i++) {
		if (!group_error(cfg, i, qd, &first, line, sizeof(line)))
			continue;
		fprintf(out, "%s\n", line);
		r = EX_CONFIG;
	}
	return r;
}

/* ------------------------------------------------------------ Q lines */

/* group_init - a new group named name: mqueue's defaults stay the
 * options' (-1), another's are the options as they are now */
static void
group_init(struct qgroup *g, const struct options *o, const char *name)
{
	bool mq = strcmp(name, QG_DEFAULT) == 0;

	memset(g, 0, sizeof(*g));
	g->name = sm_strdup(name);
	g->nice = mq ? -1 : o->nice_queue_run;
	g->runners = mq ? -1 :
	    o->max_runners_per_queue > 0 ? o->max_runners_per_queue : 1;
	g->recipients = mq ? -1 : o->max_rcpts_per_message;
	g->jobs = mq ? -1 : o->max_queue_run_size;
}

/* group_add - the group named name, made (after mqueue) when new */
static struct qgroup *
group_add(struct config *cfg, const char *name)
{
	struct qgroup_table *t = &cfg->qgroups;
	size_t i;

	if (t->n == 0) {
		t->v = sm_calloc(1, sizeof(*t->v));
		group_init(&t->v[0], &cfg->opt, QG_DEFAULT);
		t->n = 1;
	}
	for (i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	t->v = sm_reallocarray(t->v, t->n + 1, sizeof(*t->v));
	group_init(&t->v[t->n], &cfg->opt, name);
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

/* add_flags - F= letters: each F= adds to those before (observed on
 * sendmail 8.17: "F=f, F=x" keeps f) */
static void
add_flags(struct qgroup *g, const char *v)
{
	struct sm_buf b = SM_BUF_INIT(PATH_MAX);

	(void)sm_buf_printf(&b, "%s%s", g->flags != NULL ? g->flags : "", v);
	env_set_str(&g->flags, sm_buf_str(&b));
	sm_buf_free(&b);
}

/* set_equate - one "X=value" of group g; -1 with err on a bad value */
static int
set_equate(struct qgroup *g, int code, const char *v, struct sm_buf *err)
{
	int r = 0;

	switch (code) {
	case 'P': env_set_str(&g->path, v); break;
	case 'F': add_flags(g, v); break;
	case 'N': r = number(v, &g->nice); break;
	case 'R':
		r = number(v, &g->runners);
		g->runners_given = true;
		break;
	case 'r':
		r = number(v, &g->recipients);
		g->recipients_given = true;
		break;
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
	g = group_add(cfg, name);
	while (next_equate(&p, &code, val, sizeof(val)))
		if (set_equate(g, code, val, err) < 0)
			r = -1;
	if (g->runners_given && g->runners > 1 && !has_flag(g, 'f'))
		printf("Warning: Q=%s: R=%d: multiple queue runners specified\n"
		    "\tbut flag 'f' is not set\n", g->name, g->runners);
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
		dirs_free(&t->v[i]);
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
