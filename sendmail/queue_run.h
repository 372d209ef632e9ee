/*
 * queue_run.h - queue runs: sendmail -q, -qI/-qR/-qS[!], -qf.
 *
 * CONTRACT (owner: queue_run.c; callers: main.c for -q, the daemon for
 * its periodic runs, deliver.c for the end of an attempt).  A run takes
 * every qf of every queue group's directories (queue_group.h; only one
 * group's with -qGname; groups with R=0 only so) whose id, recipients
 * or sender match the limits, locks it (queue_read with LOCK_EX|LOCK_NB; a locked one is
 * skipped: another runner or a delivery owns it), delivers it, and then
 * rewrites the qf with the recipients still deferred or removes qf and
 * df when none is left.  Timeout.queuereturn turns deferred recipients
 * into failures; Timeout.queuewarn mails one delay warning (F line 'w').
 * Failures, warnings and return receipts (NOTIFY=SUCCESS) are reported
 * to the sender (dsn.h) before the qf is updated.
 */
#ifndef QUEUE_RUN_H
#define QUEUE_RUN_H

#include "sm.h"
#include "config.h"
#include "envelope.h"

/* queue_run_all - one run over the whole queue; EX_OK or an EX_* status */
int queue_run_all(struct config *cfg);

/* queue_run_args - one run with the -q arguments of the command line
 * ("" or "0": the whole queue; "I..", "R..", "S.." and "!I.." ...
 * limits, several of a kind OR'ed; "Gname": only queue group name; "f": in the foreground, which every
 * run here is).  An interval ("30m": periodic runs, the daemon's) and a
 * bad argument print a line and return EX_USAGE; else EX_OK */
int queue_run_args(struct config *cfg, const char *const *args, size_t nargs);

/* How the daemon forks a queue runner (queue_run_daemon). */
struct qr_spawn {
	pid_t (*spawn)(void *arg);	/* fork(2)'s answers, the child made
					 * ready to run (no listeners) */
	void *arg;
	int *status;			/* a runner's exit status goes here */
};

/* queue_run_daemon - the daemon's periodic queue runs, called when the
 * time it returned last has come (and at start).  Each queue group has
 * its own clock: I= (else interval, the -q30m one); when it is due, the
 * group gets as many runners as qgroup_runners allows, less those of
 * its still at work, and within MaxQueueChildren over all groups (a
 * group that gets none for that limit tries again a second later);
 * each runner, forked through sp->spawn, lowers its priority by N=
 * and delivers every n-th entry of the group's sorted list (its share;
 * J= caps the list).  Returns, in the daemon, when the next group is
 * due; in a runner, once its share is done, with *sp->status set (the
 * daemon's fork marks the child: it exits with that status). */
time_t queue_run_daemon(struct config *cfg, time_t interval, const struct qr_spawn *sp);

/* queue_run_finish - after a delivery attempt on locked env: apply the
 * queue timeouts, then remove qf and df when nothing is left, else bump
 * the try count and rewrite the qf; releases the lock.  0 or -1 + err */
int queue_run_finish(struct config *cfg, struct envelope *env, struct sm_buf *err);

#endif
