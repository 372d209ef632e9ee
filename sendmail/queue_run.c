/*
 * queue_run.c - queue runs: sendmail -q, -qI/-qR/-qS[!], -qf.
 *
 * Owns sendmail's runqueue()/dowork() for one queue directory: list the
 * qf files, order them by priority (then name), take each one's lock
 * without waiting (queue_read; a qf locked by another runner or by a
 * delivery in progress is skipped), check the -q limits (id, any
 * recipient, sender: substrings, case-insensitive for R and S, negated
 * with '!', alternatives within a kind), deliver it (deliver.c) and
 * finish it: Timeout.queuereturn fails what is still deferred
 * ("Cannot send message for 5 days"), Timeout.queuewarn mails one delay
 * warning (dsn.c; the qf gets the 'w' flag and the M line "Warning:
 * could not send message for past 4 hours"), recipients delivered with
 * NOTIFY=SUCCESS get their return receipt, a message of negative
 * Precedence gets the 'n' flag (its bounces carry the header only), and
 * the qf is rewritten with what is left, or removed with its df when
 * nothing is.  MinQueueAge skips entries tried too recently.  With -v
 * (-q -v) the delivery transcript goes to stdout (transcript.c), each
 * message after an empty line and "Running dir/ID (sequence i of n)".
 *
 * Queue groups (queue_group.h): a run goes through every group's
 * directory in the order of the cf, mqueue first (a directory shared by
 * groups once), in this one process; -qGname runs only that group
 * ("Queue group name unknown" on stdout and EX_OK when there is none,
 * as sendmail 8.17).
 *
 * Missing: a runner per queue group and the groups' R=, N=, I= and J=,
 * several directories per group (P= wildcards), MaxQueueRunSize, QueueLA, forking a child per entry,
 * persistent runners (-qp), the timeout classes (the normal
 * Timeout.queuewarn/queuereturn apply to every message: the real sendmail
 * does the same for what it reads back from its queue).
 */
#include "sm.h"
#include "queue_run.h"
#include "deliver.h"
#include "dsn.h"
#include "queue.h"
#include "queue_list.h"
#include "queue_group.h"
#include "transcript.h"

#include <dirent.h>

#define QR_MAXLIMITS	64
#define QR_MAXFILES	100000

struct qr_limits {
	struct queue_limit v[QR_MAXLIMITS];
	size_t n;
	const char *group;	/* -qGname: only that queue group, else NULL */
};

/* One queue entry to run. */
struct qr_entry {
	char *path;
	long priority;
};

/* ------------------------------------------------------------- limits */

/* has_kind - whether l limits kind */
static bool
has_kind(const struct qr_limits *l, int kind)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].kind == kind)
			return true;
	return false;
}

/* passes - some limit of kind matches value (xor its negation) */
static bool
passes(const struct qr_limits *l, int kind, const char *value)
{
	size_t i;
	bool found;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].kind != kind)
			continue;
		found = kind == 'I' ? strstr(value, l->v[i].match) != NULL :
		    strcasestr(value, l->v[i].match) != NULL;
		if (found != l->v[i].negate)
			return true;
	}
	return false;
}

/* env_passes - whether e passes every kind of limit in l */
static bool
env_passes(const struct qr_limits *l, const struct envelope *e)
{
	size_t i;
	bool ok;

	if (has_kind(l, 'I') && !passes(l, 'I', e->id))
		return false;
	if (has_kind(l, 'S') && !passes(l, 'S', e->sender != NULL ? e->sender : ""))
		return false;
	if (!has_kind(l, 'R'))
		return true;
	for (ok = false, i = 0; i < e->nrcpts && !ok; i++)
		ok = passes(l, 'R', e->rcpts[i].addr);
	return ok;
}

/* parse_arg - one -q argument into l; 0, 1 for an interval (periodic
 * runs: the daemon's), -1 when it is not one */
static int
parse_arg(struct qr_limits *l, const char *a)
{
	bool negate = false;
	time_t t;

	if (*a == '\0' || strcmp(a, "f") == 0)
		return 0;
	if (isdigit((unsigned char)*a) && sm_convtime(a, 'm', &t) == 0)
		return t > 0 ? 1 : 0;	/* an interval: periodic runs */
	if (*a == 'f')
		a++;
	if (*a == 'G' && a[1] != '\0') {
		l->group = a + 1;
		return 0;
	}
	if (*a == '!') {
		negate = true;
		a++;
	}
	if ((*a != 'I' && *a != 'R' && *a != 'S') || a[1] == '\0' || l->n >= QR_MAXLIMITS)
		return -1;
	l->v[l->n].kind = *a;
	l->v[l->n].negate = negate;
	l->v[l->n++].match = a + 1;
	return 0;
}

/* ------------------------------------------------------------ the list */

/* by_priority - lower priority value first, then by name */
static int
by_priority(const void *a, const void *b)
{
	const struct qr_entry *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return strcmp(x->path, y->path);
}

/* qf_priority - the P line of the qf at path (0 when unreadable) */
static long
qf_priority(const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[256];
	long p = 0;

	if (fp == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (line[0] == 'P') {
			p = strtol(line + 1, NULL, 10);
			break;
		}
	(void)fclose(fp);
	return p;
}

/* gather - the qf files of d, sorted; *n gets their number */
static struct qr_entry *
gather(const struct queue_dirs *d, size_t *n)
{
	struct qr_entry *v = NULL;
	size_t cap = 0;
	struct dirent *de;
	DIR *dir = opendir(d->qf);

	*n = 0;
	if (dir == NULL)
		return NULL;
	while ((de = readdir(dir)) != NULL && *n < QR_MAXFILES) {
		if (strncmp(de->d_name, "qf", 2) != 0 || de->d_name[2] == '\0')
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			v = sm_reallocarray(v, cap, sizeof(*v));
		}
		v[*n].path = queue_file_path(d, 'q', de->d_name + 2);
		if (v[*n].path == NULL)
			continue;
		v[*n].priority = qf_priority(v[*n].path);
		(*n)++;
	}
	(void)closedir(dir);
	if (*n > 0)
		qsort(v, *n, sizeof(*v), by_priority);
	return v;
}

/* ------------------------------------------------------------ timeouts */

/* toc_of - the Timeout class of e */
static enum opt_toclass
toc_of(const struct envelope *e)
{
	if (e->msg_class > 0)
		return TOC_URGENT;
	if (e->msg_class < 0)
		return TOC_NONURGENT;
	return TOC_NORMAL;
}

/* timeout_of - v[toc], or the normal one when toc's is unset */
static time_t
timeout_of(const time_t *v, enum opt_toclass toc)
{
	return v[toc] > 0 ? v[toc] : v[TOC_NORMAL];
}

/* pending - recipients still to deliver */
static size_t
pending(const struct envelope *e)
{
	size_t i, n = 0;

	for (i = 0; i < e->nrcpts; i++)
		if (e->rcpts[i].state == RS_QUEUED || e->rcpts[i].state == RS_DEFERRED)
			n++;
	return n;
}

/* return_pending - Timeout.queuereturn: what is still waiting fails */
static void
return_pending(struct envelope *e, time_t ret)
{
	char ivl[128], msg[192];
	size_t i;

	if (ret == OPT_TIME_NOW)	/* "now": the real one words it so */
		(void)sm_strlcpy(ivl, "too long", sizeof(ivl));
	else
		dsn_interval(ret, ivl, sizeof(ivl));
	(void)sm_snprintf(msg, sizeof(msg), "Cannot send message for %s", ivl);
	for (i = 0; i < e->nrcpts; i++) {
		struct rcpt *r = &e->rcpts[i];

		if (r->state != RS_QUEUED && r->state != RS_DEFERRED)
			continue;
		r->state = RS_BOUNCED;
		env_set_str(&r->dsn_status, "4.4.7");
		env_set_str(&r->message, msg);
		r->status_time = time(NULL);
	}
}

/* warn_pending - Timeout.queuewarn: one delay warning to the sender
 * (dsn.c decides who wants it); the qf's 'w' flag and M line say it
 * went, so that it goes once */
static void
warn_pending(struct config *cfg, struct envelope *e, time_t warn, time_t ret)
{
	char ivl[128], msg[192];

	if (dsn_delay_warning(cfg, e, warn, ret) <= 0)
		return;
	e->flags |= ENV_WARNING;
	dsn_interval(warn, ivl, sizeof(ivl));
	(void)sm_snprintf(msg, sizeof(msg), "Warning: could not send message for past %s", ivl);
	env_set_str(&e->message, msg);
}

/* apply_timeouts - queuereturn fails what is pending; queuewarn warns */
static void
apply_timeouts(struct config *cfg, struct envelope *e)
{
	enum opt_toclass toc = toc_of(e);
	time_t ret = timeout_of(cfg->opt.to.q_return, toc);
	time_t warn = timeout_of(cfg->opt.to.q_warning, toc);
	time_t age = time(NULL) - e->ctime;

	if (ret > 0 && (age >= ret || ret == OPT_TIME_NOW))
		return_pending(e, ret);
	else if (warn > OPT_TIME_NOW && age >= warn &&	/* "now" warns never, as sendmail */
	    !(e->flags & ENV_WARNING) && !(e->flags & ENV_RESPONSE))
		warn_pending(cfg, e, warn, ret);
}

/* queue_run_finish - see queue_run.h */
int
queue_run_finish(struct config *cfg, struct envelope *e, struct sm_buf *err)
{
	int r = 0;

	if (dsn_precedence_class(cfg, e) < 0)	/* bulk, junk, list: headers only */
		e->flags |= ENV_NO_BODY_RETN;	/* back, as sendmail's 'n' flag */
	if (pending(e) > 0)
		apply_timeouts(cfg, e);
	(void)dsn_bounce(cfg, e);
	(void)dsn_receipt(cfg, e);
	if (pending(e) == 0) {
		/* the qf first: a crash in between leaves a stray df, not a
		 * qf whose body is gone */
		if (e->qf_path != NULL && unlink(e->qf_path) < 0 && errno != ENOENT) {
			(void)sm_buf_printf(err, "unlink %s: %s", e->qf_path, strerror(errno));
			r = -1;
		}
		if (r == 0 && e->df_path != NULL)
			(void)unlink(e->df_path);
	} else {
		e->ntries++;
		e->dtime = time(NULL);
		e->priority += cfg->opt.retry_factor;	/* sendmail's WkTimeFact */
		if (queue_rewrite(cfg, e, err) < 0)
			r = -1;
	}
	queue_unlock(e);
	return r;
}

/* ------------------------------------------------------------- the run */

/* too_young - MinQueueAge: tried less than that ago */
static bool
too_young(const struct config *cfg, const struct envelope *e)
{
	return cfg->opt.min_queue_age > 0 && e->dtime > 0 &&
	    time(NULL) - e->dtime < cfg->opt.min_queue_age;
}

/* running - -v: the "Running" lines before entry seq of n in dir */
static void
running(const char *dir, const struct envelope *e, size_t seq, size_t n)
{
	tr_say("%s", "");
	tr_say("Running %s/%s (sequence %zu of %zu)", dir, e->id, seq, n);
}

/* run_one - lock, check, deliver and finish the qf at path, entry seq
 * of n in dir */
static void
run_one(struct config *cfg, const char *dir, const char *path, size_t seq, size_t n,
    const struct qr_limits *l)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	struct envelope *e = NULL;
	int r = queue_read(cfg, path, true, &e, &err);

	if (r < 0 && errno != ENOENT)
		sm_log(LOG_ERR, "%s: %s", path, sm_buf_str(&err));
	if (r == 0 && env_passes(l, e) && !too_young(cfg, e)) {
		running(dir, e, seq, n);
		sm_buf_reset(&err);
		(void)deliver_envelope(cfg, e, &err);
		sm_buf_reset(&err);
		if (queue_run_finish(cfg, e, &err) < 0)
			sm_log(LOG_ERR, "%s: %s", e->id, sm_buf_str(&err));
	}
	env_free(e);
	sm_buf_free(&err);
}

/* run_dir - one run over the queue directory dir with limits l */
static int
run_dir(struct config *cfg, const char *dir, const struct qr_limits *l)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	struct queue_dirs d;
	struct qr_entry *v;
	size_t n, i;

	if (queue_dirs(dir, &d, &err) < 0) {
		fprintf(stderr, "%s\n", sm_buf_str(&err));
		sm_buf_free(&err);
		return EX_CONFIG;
	}
	sm_buf_free(&err);
	v = gather(&d, &n);
	for (i = 0; i < n; i++) {
		run_one(cfg, dir, v[i].path, i + 1, n, l);
		free(v[i].path);
	}
	free(v);
	return EX_OK;
}

/* seen_dir - whether a group before group i has i's directory */
static bool
seen_dir(const struct config *cfg, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(qgroup_dir(cfg, j), qgroup_dir(cfg, i)) == 0)
			return true;
	return false;
}

/* run_limited - one run over every queue group (a directory shared by
 * groups once), or over the -qG group only */
static int
run_limited(struct config *cfg, const struct qr_limits *l)
{
	size_t i;
	int g = -1, r, status = EX_OK;

	if (qgroup_check(cfg, stdout) != EX_OK)
		return EX_CONFIG;
	if (l->group != NULL && (g = qgroup_find(cfg, l->group)) < 0) {
		printf("Queue group %s unknown\n", l->group);
		return EX_OK;
	}
	for (i = 0; i < qgroup_count(cfg); i++) {
		if (g >= 0 ? (size_t)g != i : seen_dir(cfg, i))
			continue;
		if ((r = run_dir(cfg, qgroup_dir(cfg, i), l)) != EX_OK)
			status = r;
	}
	return status;
}

/* queue_run_all - see queue_run.h */
int
queue_run_all(struct config *cfg)
{
	struct qr_limits l;

	l.n = 0;
	l.group = NULL;
	return run_limited(cfg, &l);
}

/* queue_run_args - see queue_run.h */
int
queue_run_args(struct config *cfg, const char *const *args, size_t nargs)
{
	struct qr_limits l;
	size_t i;

	l.n = 0;
	l.group = NULL;
	for (i = 0; i < nargs; i++) {
		switch (parse_arg(&l, args[i])) {
		case -1:
			printf("Invalid queue run option -q%s\n", args[i]);
			return EX_USAGE;
		case 1:
			printf("Periodic queue runs (-q%s) are not implemented yet\n", args[i]);
			return EX_USAGE;
		}
	}
	return run_limited(cfg, &l);
}
