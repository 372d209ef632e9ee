/*
 * queue_run.c - queue runs: sendmail -q, -qI/-qR/-qS[!], -qf.
 *
 * Owns sendmail's runqueue()/dowork() for each queue group: list the
 * qf files, order them by priority, take each one's lock
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
 * Queue groups (queue_group.h): a run goes through the groups in
 * qgroup_order (more R= runners first, then the order of the cf; R=0
 * groups left out), each group's directories (P= or QueueDirectory
 * ending in '*': several) gathered into one list sorted by priority
 * (ties in directory and readdir order), of which the first J= are run
 * ("Running <dir>/ID (sequence i of n)" counts over the group, <dir>
 * with "/df" when that subdirectory exists, as sendmail 8.17 shows
 * it); a directory shared by groups is run once.  -qGname runs only
 * that group, R=0 or not ("Queue group name unknown" on stdout and
 * EX_OK when there is none, as sendmail 8.17).  A command-line run is
 * one process.
 *
 * The daemon (queue_run_daemon) runs each group on its own clock (I=,
 * else the -q interval) with up to R= runners at once (one without
 * F=f), each a forked process reniced by N= and taking every n-th entry
 * of the group's list (sendmail's runners share a run that way: seen
 * in its syslog), all within MaxQueueChildren.  Whether a runner is
 * still at work is asked of kill(pid, 0): the daemon reaps them.
 *
 * Missing: r= (recipients per envelope) is not applied when a message
 * is queued; MaxQueueRunSize counts per group run, not per runner;
 * QueueLA, forking a child per entry,
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
#define QR_MAXRUNNERS	64	/* runners of one group at once */

struct qr_limits {
	struct queue_limit v[QR_MAXLIMITS];
	size_t n;
	const char *group;	/* -qGname: only that queue group, else NULL */
};

/* One queue entry to run. */
struct qr_entry {
	char *path;
	const char *name;	/* its directory, as "Running" shows it */
	long priority;
	size_t seq;		/* order gathered, for ties */
};

/* The entries of one run of a queue group, over its directories. */
struct qr_list {
	struct qr_entry *v;
	size_t n, cap;
	char **names;		/* the directories' names the entries point to */
	size_t nnames;
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

/* by_priority - lower priority value first, then in the order gathered
 * (directory after directory, readdir order: sendmail's ties) */
static int
by_priority(const void *a, const void *b)
{
	const struct qr_entry *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
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

/* gather_dir - append the qf files of d (shown as name) to l */
static void
gather_dir(struct qr_list *l, const struct queue_dirs *d, const char *name)
{
	struct qr_entry *en;
	struct dirent *de;
	DIR *dir = opendir(d->qf);

	if (dir == NULL)
		return;
	while ((de = readdir(dir)) != NULL && l->n < QR_MAXFILES) {
		if (strncmp(de->d_name, "qf", 2) != 0 || de->d_name[2] == '\0')
			continue;
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 64;
			l->v = sm_reallocarray(l->v, l->cap, sizeof(*l->v));
		}
		en = &l->v[l->n];
		if ((en->path = queue_file_path(d, 'q', de->d_name + 2)) == NULL)
			continue;
		en->name = name;
		en->priority = qf_priority(en->path);
		en->seq = l->n++;
	}
	(void)closedir(dir);
}

/* list_free - the entries of l and their names */
static void
list_free(struct qr_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].path);
	for (i = 0; i < l->nnames; i++)
		free(l->names[i]);
	free(l->v);
	free(l->names);
	memset(l, 0, sizeof(*l));
}

/* list_dir - the qf files of queue directory dir into l; -1 (and a
 * line on stderr) when it is not a directory */
static int
list_dir(struct qr_list *l, const char *dir)
{
	struct sm_buf err = SM_BUF_INIT(1024), name = SM_BUF_INIT(PATH_MAX);
	struct queue_dirs d;
	int r = 0;

	if (queue_dirs(dir, &d, &err) < 0) {
		fprintf(stderr, "%s\n", sm_buf_str(&err));
		r = -1;
	} else {
		/* what -v's "Running" shows: the directory as -bp heads it */
		(void)sm_buf_printf(&name, "%s%s", dir, d.sub_df ? "/df" : "");
		l->names = sm_reallocarray(l->names, l->nnames + 1, sizeof(*l->names));
		l->names[l->nnames] = sm_buf_detach(&name);
		gather_dir(l, &d, l->names[l->nnames++]);
	}
	sm_buf_free(&name);
	sm_buf_free(&err);
	return r;
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
		/* RetryFactor (sendmail's WkTimeFact) before the attempt: its
		 * to= lines and the qf say P + it; the first attempt, at
		 * submission, adds nothing (measured, 8.17) */
		e->priority += cfg->opt.retry_factor;
		sm_buf_reset(&err);
		(void)deliver_envelope(cfg, e, &err);
		sm_buf_reset(&err);
		if (queue_run_finish(cfg, e, &err) < 0)
			sm_log(LOG_ERR, "%s: %s", e->id, sm_buf_str(&err));
	}
	env_free(e);
	sm_buf_free(&err);
}

/* dir_done - whether a group before position pos of order has dir
 * (a directory shared by groups is run once) */
static bool
dir_done(const struct config *cfg, const size_t *order, size_t pos, const char *dir)
{
	size_t j;

	for (j = 0; order != NULL && j < pos; j++)
		if (qgroup_has_dir(cfg, order[j], dir))
			return true;
	return false;
}

/* list_group - the entries of group g's directories (those of an
 * earlier group of order excepted: order may be NULL) into l, sorted
 * and cut to J= (qgroup_jobs); EX_OK, or EX_CONFIG when a directory is
 * not one */
static int
list_group(const struct config *cfg, size_t g, const size_t *order, size_t pos,
    struct qr_list *l)
{
	int jobs = qgroup_jobs(cfg, g), status = EX_OK;
	size_t k;

	memset(l, 0, sizeof(*l));
	for (k = 0; k < qgroup_ndirs(cfg, g); k++)
		if (!dir_done(cfg, order, pos, qgroup_dir_at(cfg, g, k)) &&
		    list_dir(l, qgroup_dir_at(cfg, g, k)) < 0)
			status = EX_CONFIG;
	if (l->n > 0)
		qsort(l->v, l->n, sizeof(*l->v), by_priority);
	if (jobs > 0 && l->n > (size_t)jobs) {
		for (k = (size_t)jobs; k < l->n; k++)
			free(l->v[k].path);
		l->n = (size_t)jobs;
	}
	return status;
}

/* run_list - the entries of l with limits lim: every nparts-th from
 * part on (a runner's share) */
static void
run_list(struct config *cfg, const struct qr_list *l, const struct qr_limits *lim,
    size_t part, size_t nparts)
{
	size_t i;

	for (i = part; i < l->n; i += nparts)
		run_one(cfg, l->v[i].name, l->v[i].path, i + 1, l->n, lim);
}

/* run_group - one run over group g (see list_group) with limits lim */
static int
run_group(struct config *cfg, size_t g, const struct qr_limits *lim,
    const size_t *order, size_t pos)
{
	struct qr_list l;
	int status = list_group(cfg, g, order, pos, &l);

	run_list(cfg, &l, lim, 0, 1);
	list_free(&l);
	return status;
}

/* run_limited - one run over every queue group in qgroup_order (R=0
 * ones left out), or over the -qG group only */
static int
run_limited(struct config *cfg, const struct qr_limits *l)
{
	size_t i, n = qgroup_count(cfg), *order;
	int g = -1, r, status = EX_OK;

	if (qgroup_check(cfg, stdout) != EX_OK)
		return EX_CONFIG;
	if (l->group != NULL && (g = qgroup_find(cfg, l->group)) < 0) {
		printf("Queue group %s unknown\n", l->group);
		return EX_OK;
	}
	if (g >= 0)
		return run_group(cfg, (size_t)g, l, NULL, 0);
	order = sm_calloc(n, sizeof(*order));
	qgroup_order(cfg, order);
	for (i = 0; i < n; i++) {
		if (qgroup_runners(cfg, order[i]) == 0)
			continue;
		if ((r = run_group(cfg, order[i], l, order, i)) != EX_OK)
			status = r;
	}
	free(order);
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

/* -------------------------------------------------------- the daemon */

/* The daemon's schedule: per queue group, when its next run is due and
 * the pids of its runners (still running until kill(pid, 0) says they
 * are gone: the daemon reaps its children).  One daemon per process. */
struct qr_sched {
	time_t next;
	pid_t pid[QR_MAXRUNNERS];
	size_t npid;
};
static struct qr_sched *sched;
static size_t nsched;

/* sched_alive - forget g's runners that have ended; how many are left */
static size_t
sched_alive(struct qr_sched *g)
{
	size_t i = 0;

	while (i < g->npid) {
		if (kill(g->pid[i], 0) == 0 || errno == EPERM)
			i++;
		else
			g->pid[i] = g->pid[--g->npid];
	}
	return g->npid;
}

/* sched_setup - the schedule for cfg's groups, every one due now */
static void
sched_setup(const struct config *cfg, time_t now)
{
	size_t i, n = qgroup_count(cfg);

	if (sched != NULL && nsched == n)
		return;
	free(sched);
	sched = sm_calloc(n, sizeof(*sched));
	nsched = n;
	for (i = 0; i < n; i++)
		sched[i].next = now;
}

/* runner - in a forked runner: nice N=, then part of nparts of the
 * entries the daemon listed for group g */
static int
runner(struct config *cfg, size_t g, const struct qr_list *list, size_t part,
    size_t nparts)
{
	struct qr_limits l;
	int n = qgroup_nice(cfg, g);

	l.n = 0;
	l.group = NULL;
	if (n > 0)
		(void)nice(n);
	run_list(cfg, list, &l, part, nparts);
	return EX_OK;
}

/* start_group - list group g's entries once (so that its runners share
 * one list), then fork up to want runners, each its share; how many
 * started.  In a runner: *child set, *sp->status its end */
static size_t
start_group(struct config *cfg, size_t g, size_t want, const struct qr_spawn *sp,
    bool *child)
{
	struct qr_sched *s = &sched[g];
	struct qr_list list;
	size_t k, started = 0;
	pid_t pid;

	if (want == 0)
		return 0;
	(void)list_group(cfg, g, NULL, 0, &list);
	for (k = 0; k < want && s->npid < QR_MAXRUNNERS; k++) {
		if ((pid = sp->spawn(sp->arg)) < 0)
			break;
		if (pid == 0) {
			*child = true;
			*sp->status = runner(cfg, g, &list, k, want);
			break;
		}
		s->pid[s->npid++] = pid;
		started++;
	}
	list_free(&list);
	return started;
}

/* group_due - group g is due: how many runners it may start (its
 * runners less those still at work, within MaxQueueChildren's *room) */
static size_t
group_due(const struct config *cfg, size_t g, long room)
{
	long want = (long)qgroup_runners(cfg, g) - (long)sched_alive(&sched[g]);

	if (want > QR_MAXRUNNERS)
		want = QR_MAXRUNNERS;
	if (room >= 0 && want > room)
		want = room;
	return want > 0 ? (size_t)want : 0;
}

/* queue_run_daemon - see queue_run.h */
time_t
queue_run_daemon(struct config *cfg, time_t interval, const struct qr_spawn *sp)
{
	size_t i, g, n = qgroup_count(cfg), *order, want, busy = 0;
	time_t now = time(NULL), soonest = 0;
	int max = cfg->opt.max_queue_children;
	bool child = false, waiting;

	sched_setup(cfg, now);
	for (g = 0; g < n; g++)
		busy += sched_alive(&sched[g]);
	order = sm_calloc(n, sizeof(*order));
	qgroup_order(cfg, order);
	for (i = 0; i < n && !child; i++) {
		g = order[i];
		if (sched[g].next <= now) {
			want = group_due(cfg, g, max > 0 ? (long)max - (long)busy : -1);
			/* MaxQueueChildren reached: the group waits its turn */
			waiting = want == 0 && max > 0 && busy >= (size_t)max &&
			    qgroup_runners(cfg, g) > 0;
			busy += start_group(cfg, g, want, sp, &child);
			if (!waiting)
				sched[g].next = now + qgroup_interval(cfg, g, interval);
			else
				sched[g].next = now + 1;
		}
		if (soonest == 0 || sched[g].next < soonest)
			soonest = sched[g].next;
	}
	free(order);
	return soonest;
}
