/*
 * deliver.c - deliver a queued message: expand, group, run the mailers.
 *
 * Owns sendmail's sendall()/deliver() outer loop for local delivery:
 * every recipient not yet delivered is expanded (alias.c: aliases,
 * :include:, .forward, duplicates, User unknown), the deliveries are
 * grouped (one mailer run per recipient, or per mailer, host and
 * identity when the mailer has F=m), run (mailer_run.c), and their
 * results become the recipients' states: sent, deferred (kept in the
 * qf) or failed.  A recipient that expanded into several deliveries of
 * which some were deferred is replaced by those deferred ones in the qf,
 * as sendmail writes the expanded addresses.  Each delivery logs the
 * line sendmail logs ("ID: to=..., ctladdr=..., delay=..., xdelay=...,
 * mailer=..., pri=..., relay=..., dsn=..., stat=...") -- except an
 * aliasing/forwarding loop, which sendmail logs only in its DSN line
 * (and, too deep, "ID: aliasing/forwarding loop broken:  (N aliases
 * deep; M max)" at LOG_ERR).  Measured against 8.17 (test/t/6105):
 * ctladdr= of a program or file is the address it was expanded from as
 * given (an alias: DefaultUser's uid and gid 0; a .forward: its owner's
 * ids), of any other delivery the envelope sender when that is a local
 * user (its ids) or, in a command-line submission, anyone but "<>"
 * (the invoking user's ids); pri= is the envelope's priority (a queue
 * run has added RetryFactor before the attempt); "unknown mailer error
 * N" is dsn=5.3.0 there (the bounce keeps 5.0.0).
 *
 * $g, the sender each mailer sees (its -f, From_ line, Return-Path), is
 * the envelope sender rewritten by rulesets 3, 1, the mailer's S=
 * envelope ruleset and 4 (headers_out.c), as sendmail's remotename.
 *
 * Privileges (when root): a mailer with F=S (local: mail.local) runs as
 * root; U= wins; otherwise the controlling user of the address (owner of
 * the .forward or :include: file) or DefaultUser.
 *
 * Failures inside a list with an owner- alias are reported to the owner
 * (dsn_send) instead of the sender; the others are bounced to the sender
 * by queue_run_finish (dsn_bounce), from the envelope's failure list
 * (one record per failed delivery: the address, the alias it was
 * expanded from, the X-Actual-Recipient) this attempt leaves.
 *
 * DeliveryMode interactive and background deliver the parts queue_commit
 * split off by queue group (env->split_next) as they deliver env.
 *
 * DeliveryMode background in a daemon's connection child does not fork
 * per message: a message that is not split goes to one of the
 * daemon's delivery agents (deliver_agent.h) when one has room;
 * else the messages wait, locked, for the end of the session and are
 * delivered by the connection child itself (see "deferred background"
 * below); a session that goes on forks for them.
 *
 * ErrorMode is dsn.c's and transcript.c's (an interactive command-line
 * delivery's -oeq and -oep send no bounce).
 *
 * Missing: delay warnings, SMTP ([IPC]) deliveries (deferred here),
 * PostmasterCopy.  The -v transcript is transcript.c's.
 */
#include "sm.h"
#include "deliver.h"
#include "deliver_agent.h"
#include "addr_parse.h"
#include "alias.h"
#include "dsn.h"
#include "headers_out.h"
#include "mailer.h"
#include "mailer_run.h"
#include "queue.h"
#include "queue_run.h"
#include "transcript.h"

#include <poll.h>
#include <pwd.h>
#include <strings.h>
#include <sys/wait.h>

#define DL_MAXGROUP	100

/* One delivery attempt over an envelope. */
struct dl {
	struct config *cfg;
	struct envelope *env;
	struct dest_list dests;
	char sender[1024];	/* $g */
	time_t start;
	int ndeferred;
	struct sm_buf *err;
	bool snd_ctl;		/* the sender controls local deliveries */
	uid_t snd_uid;		/* (log_dest's ctladdr=): its ids */
	gid_t snd_gid;
};

/* ------------------------------------------------------------- logging */

/* fmt_delay - sendmail's pintvl with clock format: [D+]HH:MM:SS */
static void
fmt_delay(time_t secs, char *buf, size_t size)
{
	long s = secs < 0 ? 0 : (long)secs;

	if (s >= 86400)
		(void)sm_snprintf(buf, size, "%ld+%02ld:%02ld:%02ld", s / 86400,
		    (s % 86400) / 3600, (s % 3600) / 60, s % 60);
	else
		(void)sm_snprintf(buf, size, "%02ld:%02ld:%02ld", s / 3600,
		    (s % 3600) / 60, s % 60);
}

/* log_loop - a recipient failed with "aliasing/forwarding loop broken":
 * sendmail logs no to= line for it (its DSN line says it), and for the
 * depth case "ID: aliasing/forwarding loop broken:  (N aliases deep; M
 * max)" at LOG_ERR, as measured; true when t was such a failure */
static bool
log_loop(const struct dl *d, const struct dest *t)
{
	static const char loop[] = "aliasing/forwarding loop broken";
	size_t n = sizeof(loop) - 1;

	if (strcmp(t->dsn, "5.4.6") != 0 || strncmp(t->text, loop, n) != 0)
		return false;
	if (t->text[n] == ' ')
		sm_log(LOG_ERR, "%s: %s: %s", d->env->id, loop, t->text + n);
	return true;
}

/* ctl_alias - the alias a queued recipient's C line names
 * ("user:uid:gid:alias"), or NULL */
static const char *
ctl_alias(const struct rcpt *r)
{
	const char *p = r->ctl;
	int n;

	for (n = 0; p != NULL && n < 3; n++)
		if ((p = strchr(p, ':')) != NULL)
			p++;
	return p != NULL && *p != '\0' ? p : NULL;
}

/* log_ctl - the ctladdr= part of t's line, as measured against 8.17: a
 * program or file names the address it was expanded from, as given (an
 * alias: DefaultUser's uid and gid 0; a user's .forward: the owner's
 * ids); any other delivery the envelope sender when it controls
 * (sender_ctl) */
static void
log_ctl(const struct dl *d, const struct dest *t, struct sm_buf *line)
{
	const struct rcpt *r = &d->env->rcpts[t->parent];
	const char *name;

	if (t->m != NULL && t->has_ctl && (strcmp(t->m->name, "prog") == 0 ||
	    strcmp(t->m->name, "*file*") == 0)) {
		name = t->from != NULL ? t->from : ctl_alias(r) != NULL ? ctl_alias(r) :
		    t->ctl_name != NULL ? t->ctl_name : r->addr;
		(void)sm_buf_printf(line, ", ctladdr=%s (%u/%u)", name, (unsigned)t->uid,
		    t->ctl_name != NULL ? (unsigned)t->gid : 0U);
	} else if (t->m != NULL && d->snd_ctl)
		(void)sm_buf_printf(line, ", ctladdr=%s (%u/%u)", d->env->sender,
		    (unsigned)d->snd_uid, (unsigned)d->snd_gid);
}

/* log_dsn - the dsn= of t's line: a program's exit code sendmail has no
 * name for ("unknown mailer error N") is 5.3.0 there, though its bounce
 * says 5.0.0 (measured) */
static const char *
log_dsn(const struct dest *t)
{
	return strncmp(t->text, "unknown mailer error ", 21) == 0 &&
	    t->dsn[0] == '5' ? "5.3.0" : t->dsn;
}

/* log_dest - the syslog line of one delivery */
static void
log_dest(const struct dl *d, const struct dest *t)
{
	struct sm_buf line = SM_BUF_INIT(8192);
	char delay[32], xdelay[32];
	time_t now = time(NULL);

	fmt_delay(now - d->env->ctime, delay, sizeof(delay));
	fmt_delay(now - d->start, xdelay, sizeof(xdelay));
	if (log_loop(d, t))
		return;
	(void)sm_buf_printf(&line, "%s: to=%s", d->env->id, t->addr);
	log_ctl(d, t, &line);
	(void)sm_buf_printf(&line, ", delay=%s, xdelay=%s", delay, xdelay);
	if (t->m != NULL)
		(void)sm_buf_printf(&line, ", mailer=%s", t->m->name);
	(void)sm_buf_printf(&line, ", pri=%ld", d->env->priority);
	if (t->host != NULL && *t->host != '\0')
		(void)sm_buf_printf(&line, ", relay=%s", t->host);
	(void)sm_buf_printf(&line, ", dsn=%s, stat=%s", log_dsn(t), t->text);
	if (d->cfg->opt.log_level >= 9 || t->status != EX_OK)
		sm_log(LOG_INFO, "%s", sm_buf_str(&line));
	sm_buf_free(&line);
}

/* sender_ctl - whether e's sender controls the local deliveries (the
 * ctladdr= of their lines), as measured: a local user does, with its
 * passwd ids; in a command-line submission anyone but "<>" does, with
 * the invoking user's ids */
static void
sender_ctl(struct dl *d)
{
	struct parsed_addr pa;
	const char *s = d->env->sender;
	struct passwd *pw = NULL;
	char *msg = NULL;
	size_t msglen = 0;
	FILE *fp;
	struct addr_env ae = { .cfg = d->cfg, .mac = &d->env->mac, .trace = false };

	d->snd_ctl = false;
	if (s == NULL || *s == '\0' || strcmp(s, "<>") == 0 ||
	    (fp = open_memstream(&msg, &msglen)) == NULL)
		return;
	ae.out = fp;
	memset(&pa, 0, sizeof(pa));
	if (addr_parse(&ae, s, '\0', RF_SENDERADDR, &pa, NULL) == 0) {
		if (pa.mailer != NULL && !pa.bad && mailer_has_flag(pa.mailer, 'w') &&
		    pa.user != NULL)
			pw = getpwnam(pa.user);
		parsed_addr_free(&pa);
	}
	(void)fclose(fp);
	free(msg);
	if (pw != NULL || tr_is_cmdline()) {
		d->snd_ctl = true;
		d->snd_uid = pw != NULL ? pw->pw_uid : getuid();
		d->snd_gid = pw != NULL ? pw->pw_gid : getgid();
	}
}

/* ------------------------------------------------------------ grouping */

/* run_identity - who the mailer runs as for dest t */
static void
run_identity(const struct dl *d, const struct dest *t, struct mr_job *job)
{
	const struct mailer *m = t->m;

	job->change_id = false;
	if (geteuid() != 0 || mailer_has_flag(m, 'S'))
		return;
	job->change_id = true;
	if (m->uid != (uid_t)-1) {
		job->uid = m->uid;
		job->gid = m->gid != (gid_t)-1 ? m->gid : d->cfg->opt.default_gid;
	} else if (t->has_ctl) {
		job->uid = t->uid;
		job->gid = t->gid;
	} else {
		job->uid = d->cfg->opt.default_uid;
		job->gid = d->cfg->opt.default_gid;
	}
}

/* same_group - whether b may share a's mailer run (F=m) */
static bool
same_group(const struct dest *a, const struct dest *b)
{
	if (a->m != b->m || !mailer_has_flag(a->m, 'm') || b->status != EX_OK)
		return false;
	if ((a->host == NULL) != (b->host == NULL) ||
	    (a->host != NULL && strcasecmp(a->host, b->host) != 0))
		return false;
	return a->has_ctl == b->has_ctl && a->uid == b->uid && a->gid == b->gid;
}

/* prog_user - $u of a prog mailer is the command without its '|' */
static const char *
prog_user(const struct dest *t)
{
	return strcmp(t->m->name, "prog") == 0 && t->user[0] == '|' ? t->user + 1 : t->user;
}

/* run_group - run the mailer of dests[first] for it and the ones like it */
static void
run_group(struct dl *d, size_t first, bool *done)
{
	struct dest *t0 = &d->dests.v[first];
	struct mr_target tg[DL_MAXGROUP];
	size_t idx[DL_MAXGROUP], n = 0, i;
	struct mr_job job;
	char g[1024];

	for (i = first; i < d->dests.n && n < DL_MAXGROUP; i++) {
		if (done[i] || (i != first && !same_group(t0, &d->dests.v[i])))
			continue;
		done[i] = true;
		memset(&tg[n], 0, sizeof(tg[n]));
		tg[n].user = prog_user(&d->dests.v[i]);
		idx[n++] = i;
	}
	memset(&job, 0, sizeof(job));
	job.cfg = d->cfg;
	job.env = d->env;
	job.m = t0->m;
	job.host = t0->host;
	ho_sender(d->cfg, &d->env->mac, d->env->sender, t0->m, g, sizeof(g));
	job.sender = g;
	job.home = t0->home;
	job.t = tg;
	job.nt = n;
	run_identity(d, t0, &job);
	d->start = time(NULL);
	tr_connect(t0->addr, t0->m);
	(void)mailer_run(&job);
	for (i = 0; i < n; i++) {
		struct dest *t = &d->dests.v[idx[i]];

		t->status = tg[i].status;
		(void)sm_strlcpy(t->dsn, tg[i].dsn, sizeof(t->dsn));
		(void)sm_strlcpy(t->text, tg[i].text, sizeof(t->text));
		tr_result(t->addr, t->status, t->text);
		log_dest(d, t);
	}
}

/* ------------------------------------------------------------- results */

/* state_of - what a delivery's status makes of a recipient */
static enum rcpt_state
state_of(int status)
{
	if (status == EX_OK)
		return RS_SENT;
	if (status == EX_TEMPFAIL || status == EX_OSERR || status == EX_IOERR)
		return RS_DEFERRED;
	return RS_BOUNCED;
}

/* set_rcpt - record t's outcome on recipient r */
static void
set_rcpt(struct dl *d, struct rcpt *r, const struct dest *t, enum rcpt_state st)
{
	r->state = st;
	env_set_str(&r->dsn_status, t->dsn);
	r->status_time = time(NULL);
	if (st == RS_DEFERRED) {
		struct sm_buf msg = SM_BUF_INIT(512);

		(void)sm_buf_printf(&msg, "%s%s", strncmp(t->text, "Deferred", 8) == 0 ?
		    "" : "Deferred: ", t->text);
		env_set_str(&d->env->message, sm_buf_str(&msg));
		sm_buf_free(&msg);
		d->ndeferred++;
	}
	if (st != RS_SENT) {
		env_set_str(&r->message, t->text);
		sm_buf_reset(d->err);
		(void)sm_buf_printf(d->err, "%s... %s", t->addr, t->text);
	}
}

/* settle_parent - the state of recipient p from its deliveries */
static void
settle_parent(struct dl *d, size_t p, size_t nrcpts)
{
	struct rcpt *r = &d->env->rcpts[p];
	size_t i, n = 0, ndef = 0, last = 0;
	unsigned flags = r->flags;
	char *ctl, addr[2048];

	for (i = 0; i < d->dests.n; i++) {
		if (d->dests.v[i].parent != p || d->dests.v[i].reported)
			continue;
		n++;
		last = i;
		if (state_of(d->dests.v[i].status) == RS_DEFERRED)
			ndef++;
	}
	if (n == 0) {
		r->state = RS_SENT;	/* expanded to duplicates only */
		return;
	}
	if (n == 1 || ndef == 0 || ndef == n) {
		set_rcpt(d, r, &d->dests.v[last], state_of(d->dests.v[last].status));
		return;
	}
	r->state = RS_SENT;	/* expanded: the deferred parts replace it */
	for (i = 0; i < d->dests.n; i++) {
		struct dest *t = &d->dests.v[i];

		if (t->parent != p || state_of(t->status) != RS_DEFERRED)
			continue;
		ctl = t->ctl_name;
		(void)sm_snprintf(addr, sizeof(addr), "%s%s",
		    mailer_has_flag(t->m, 'A') ? "\\" : "", t->addr);
		r = env_add_rcpt(d->env, addr, (flags & ~RCPT_PRIMARY) | RCPT_ALIAS);
		env_set_str(&r->ctl, ctl);
		set_rcpt(d, r, t, RS_DEFERRED);
	}
	(void)nrcpts;
}

/* report_owner - the failures under owner, reported to it in one DSN */
static void
report_owner(struct dl *d, const char *owner)
{
	const struct rcpt **v = sm_calloc(d->dests.n, sizeof(*v));
	struct rcpt *tmp = sm_calloc(d->dests.n, sizeof(*tmp));
	size_t i, n = 0;

	for (i = 0; i < d->dests.n; i++) {
		struct dest *t = &d->dests.v[i];

		if (t->owner == NULL || t->reported || strcmp(t->owner, owner) != 0 ||
		    state_of(t->status) != RS_BOUNCED)
			continue;
		t->reported = true;
		tmp[n].addr = t->addr;
		tmp[n].dsn_status = t->dsn;
		tmp[n].message = t->text;
		tmp[n].state = RS_BOUNCED;
		tmp[n].status_time = time(NULL);
		v[n] = &tmp[n];
		n++;
	}
	if (n > 0)
		(void)dsn_send(d->cfg, d->env, owner, v, n);
	free(v);
	free(tmp);
}

/* report_owners - failures inside lists that have an owner- alias */
static void
report_owners(struct dl *d)
{
	size_t i;

	for (i = 0; i < d->dests.n; i++) {
		const struct dest *t = &d->dests.v[i];

		if (t->owner != NULL && !t->reported && state_of(t->status) == RS_BOUNCED)
			report_owner(d, t->owner);
	}
}

/* actual_of - the X-Actual-Recipient of failed delivery t: its address,
 * the command for a program ("|cmd args"), or for an error: entry the text lower-cased with its blanks made dots
 * (the error mailer's $u), as measured */
static void
actual_of(const struct dest *t, char *buf, size_t size)
{
	char *p;

	if (t->m != NULL && strcmp(t->m->name, "prog") == 0 && t->user != NULL) {
		(void)sm_strlcpy(buf, t->user, size);	/* "|cmd args" */
		return;
	}
	if (strncasecmp(t->addr, "error:", 6) != 0) {
		(void)sm_strlcpy(buf, t->addr, size);
		return;
	}
	(void)sm_strlcpy(buf, t->addr + 6, size);
	for (p = buf; *p != '\0'; p++)
		*p = isspace((unsigned char)*p) ? '.' : (char)tolower((unsigned char)*p);
}

/* record_fails - each delivery that failed for good (and was not
 * reported to an owner) into the envelope's failure list, for the bounce */
static void
record_fails(struct dl *d)
{
	char actual[1024];
	size_t i;

	env_clear_fails(d->env);
	for (i = 0; i < d->dests.n; i++) {
		const struct dest *t = &d->dests.v[i];

		if (t->reported || state_of(t->status) != RS_BOUNCED)
			continue;
		actual_of(t, actual, sizeof(actual));
		(void)env_add_fail(d->env, t->parent, t->addr, t->from, actual,
		    t->dsn, t->text);
	}
}

/* sender_of - $g: the envelope sender without its angle brackets */
static void
sender_of(const struct envelope *env, char *buf, size_t size)
{
	const char *s = env->sender != NULL ? env->sender : "";
	size_t n;

	while (*s == '<' || isspace((unsigned char)*s))
		s++;
	n = strcspn(s, ">");
	if (n == 0)
		(void)sm_strlcpy(buf, "MAILER-DAEMON", size);
	else
		(void)sm_snprintf(buf, size, "%.*s", (int)n, s);
}

/* expand_all - every pending recipient into d->dests */
static int
expand_all(struct dl *d)
{
	struct alias_db *a = alias_open(d->cfg);
	size_t i;

	for (i = 0; i < d->env->nrcpts; i++) {
		struct rcpt *r = &d->env->rcpts[i];

		if (r->state == RS_QUEUED || r->state == RS_DEFERRED)
			(void)alias_expand(d->cfg, a, r->addr, i, r->ctl,
			    (r->flags & RCPT_ALIAS) != 0, &d->dests);
	}
	alias_close(a);
	return 0;
}

/* deliver_envelope - see deliver.h */
int
deliver_envelope(struct config *cfg, struct envelope *env, struct sm_buf *err)
{
	struct sm_buf tmp = SM_BUF_INIT(1024);
	struct dl d;
	bool *done;
	size_t i, nrcpts = env->nrcpts;

	memset(&d, 0, sizeof(d));
	d.cfg = cfg;
	d.env = env;
	d.err = err != NULL ? err : &tmp;
	d.start = time(NULL);
	sender_of(env, d.sender, sizeof(d.sender));
	macro_set(&env->mac, 'g', d.sender);
	sender_ctl(&d);
	expand_all(&d);
	done = sm_calloc(d.dests.n + 1, sizeof(*done));
	for (i = 0; i < d.dests.n; i++) {
		if (done[i])
			continue;
		if (d.dests.v[i].status != EX_OK || d.dests.v[i].m == NULL) {
			done[i] = true;
			tr_fail(d.dests.v[i].status);
			log_dest(&d, &d.dests.v[i]);
			continue;
		}
		run_group(&d, i, done);
	}
	free(done);
	report_owners(&d);
	record_fails(&d);
	for (i = 0; i < nrcpts; i++)
		if (env->rcpts[i].state == RS_QUEUED || env->rcpts[i].state == RS_DEFERRED)
			settle_parent(&d, i, nrcpts);
	dest_list_free(&d.dests);
	sm_buf_free(&tmp);
	return d.ndeferred > 0 ? EX_TEMPFAIL : EX_OK;
}

/* deliver_now - deliver and finish (rewrite or remove the qf) */
static int
deliver_now(struct config *cfg, struct envelope *env)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	int r;

	(void)deliver_envelope(cfg, env, &err);
	r = queue_run_finish(cfg, env, &err);
	if (r < 0)
		sm_log(LOG_ERR, "%s: %s", env->id, sm_buf_str(&err));
	sm_buf_free(&err);
	return r;
}

/* ------------------------------------------------- deferred background */

/*
 * In a daemon's connection child (deliver_defer_begin), DeliveryMode
 * background does not fork a delivery child per message: the committed
 * qf stays locked in pend[] (its lock_fd taken from the envelope), and
 * when the session ends the child delivers them itself, after the
 * client is gone (deliver_pending_run: the qf is read again, the lock
 * taken at the commit is kept throughout, so no queue runner can take
 * the message meanwhile).  When the session goes on with anything but
 * QUIT, or the client stays silent for DL_IDLE_MS after the 250, one
 * child is forked for what is pending, as sendmail forks at once.
 */
#define DL_MAXPENDING	16
#define DL_IDLE_MS	500

struct pending {
	char *qf_path;
	int lock_fd;
};

static struct pending pend[DL_MAXPENDING];
static size_t npend;
static bool defer_ok;

/* deliver_defer_begin - see deliver.h */
void
deliver_defer_begin(void)
{
	defer_ok = true;
}

/* pending_add - keep e's lock and qf path for later; false when full */
static bool
pending_add(struct envelope *e)
{
	if (!defer_ok || npend >= DL_MAXPENDING || e->qf_path == NULL ||
	    e->lock_fd < 0)
		return false;
	pend[npend].qf_path = sm_strdup(e->qf_path);
	pend[npend].lock_fd = e->lock_fd;
	e->lock_fd = -1;
	npend++;
	return true;
}

/* pending_clear - forget every pending message, closing (releasing) the
 * locks when close_locks */
static void
pending_clear(bool close_locks)
{
	size_t i;

	for (i = 0; i < npend; i++) {
		if (close_locks && pend[i].lock_fd >= 0)
			(void)close(pend[i].lock_fd);
		free(pend[i].qf_path);
		pend[i].qf_path = NULL;
	}
	npend = 0;
}

/* deliver_locked - see deliver.h */
int
deliver_locked(struct config *cfg, const char *qf_path, int lock_fd)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	struct envelope *e;
	int r;

	if (lock_fd < 0 && access(qf_path, F_OK) < 0 && errno == ENOENT) {
		sm_buf_free(&err);
		return 0;	/* someone else delivered it meanwhile */
	}
	r = queue_read(cfg, qf_path, lock_fd < 0, &e, &err);
	if (r != 0) {
		if (r < 0)
			sm_log(LOG_ERR, "%s", sm_buf_str(&err));
		if (lock_fd >= 0)
			(void)close(lock_fd);
		sm_buf_free(&err);
		return r < 0 ? -1 : 0;
	}
	if (lock_fd >= 0)
		e->lock_fd = lock_fd;	/* held since the commit */
	r = deliver_now(cfg, e);
	env_free(e);
	sm_buf_free(&err);
	return r;
}

/* deliver_pending_run - see deliver.h */
void
deliver_pending_run(struct config *cfg)
{
	size_t i;

	if (npend > 0)
		(void)setsid();	/* as the forked delivery child: own session */
	for (i = 0; i < npend; i++) {
		(void)deliver_locked(cfg, pend[i].qf_path, pend[i].lock_fd);
		pend[i].lock_fd = -1;
	}
	pending_clear(true);
}

/* pending_fork - one background child delivers what is pending; the
 * parent closes its copies of the locks */
static void
pending_fork(struct config *cfg)
{
	pid_t pid;

	if (npend == 0)
		return;
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == 0) {
		deliver_pending_run(cfg);
		_exit(EX_OK);
	}
	/* fork failed: the messages stay queued for the next queue run */
	pending_clear(true);
}

/* deliver_pending_next - see deliver.h */
void
deliver_pending_next(struct config *cfg, const char *cmd)
{
	if (npend > 0 && strncasecmp(cmd, "QUIT", 4) != 0)
		pending_fork(cfg);
}

/* deliver_pending_idle - see deliver.h */
void
deliver_pending_idle(struct config *cfg, int fd, bool buffered)
{
	struct pollfd p;

	if (npend == 0 || buffered)
		return;
	p.fd = fd;
	p.events = POLLIN;
	p.revents = 0;
	if (poll(&p, 1, DL_IDLE_MS) == 0)
		pending_fork(cfg);
}

/* deliver_chain - deliver env and each part split off it (each is
 * committed and locked); -1 when one of them could not be finished */
static int
deliver_chain(struct config *cfg, struct envelope *env)
{
	struct envelope *e;
	int r = 0;

	for (e = env; e != NULL; e = e->split_next)
		if (deliver_now(cfg, e) < 0)
			r = -1;
	return r;
}

/* pending_add_chain - keep env and its split parts for the end of the
 * session; all of them or none (false) */
static bool
pending_add_chain(struct envelope *env)
{
	struct envelope *e;
	size_t n = 0;

	for (e = env; e != NULL; e = e->split_next) {
		if (e->qf_path == NULL || e->lock_fd < 0)
			return false;
		n++;
	}
	if (!defer_ok || npend + n > DL_MAXPENDING)
		return false;
	for (e = env; e != NULL; e = e->split_next)
		(void)pending_add(e);
	return true;
}

/* deliver_after_commit - see deliver.h */
int
deliver_after_commit(struct config *cfg, struct envelope *env)
{
	char mode = cfg->opt.delivery_mode;
	struct envelope *e;
	pid_t pid;

	if (mode == 'q' || mode == 'd')
		return 0;
	if (mode == 'i')
		return deliver_chain(cfg, env);
	if (agent_handoff(env) || pending_add_chain(env))
		return 0;
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		(void)setsid();
		_exit(deliver_chain(cfg, env) < 0 ? EX_TEMPFAIL : EX_OK);
	}
	for (e = env; e != NULL; e = e->split_next)
		queue_unlock(e);	/* the child keeps the locks (shared open files) */
	return 0;
}
