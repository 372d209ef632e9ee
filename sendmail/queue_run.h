/*
 * queue_run.h - queue runs: sendmail -q, -qI/-qR/-qS[!], -qf.
 *
 * CONTRACT (owner: queue_run.c; callers: main.c for -q, the daemon for
 * its periodic runs, deliver.c for the end of an attempt).  A run takes
 * every qf of every queue group's directory (queue_group.h; only one
 * group's with -qGname) whose id, recipients or sender match the
 * limits, locks it (queue_read with LOCK_EX|LOCK_NB; a locked one is
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

/* queue_run_finish - after a delivery attempt on locked env: apply the
 * queue timeouts, then remove qf and df when nothing is left, else bump
 * the try count and rewrite the qf; releases the lock.  0 or -1 + err */
int queue_run_finish(struct config *cfg, struct envelope *env, struct sm_buf *err);

#endif
