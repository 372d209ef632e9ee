/*
 * deliver.h - deliver a queued message: expand, group, run the mailers.
 *
 * CONTRACT (owner: deliver.c).  The SMTP server calls
 * deliver_after_commit right after queue_commit, with the envelope
 * still holding its qf lock; the queue runner calls deliver_envelope for
 * each qf it locked.  See deliver.c for what is done.
 */
#ifndef DELIVER_H
#define DELIVER_H

#include "sm.h"
#include "config.h"
#include "envelope.h"

/* deliver_after_commit - honour DeliveryMode for a just-committed env
 * and each part queue_commit split off it (env->split_next, each
 * committed and locked): background forks one child that delivers them
 * all (the parent releases its copies of the locks), or after
 * deliver_defer_begin keeps them pending (their lock_fds move to the
 * pending list), interactive delivers them now, queue and defer leave
 * them in the queue.  Returns 0, or -1 when the fork failed (the
 * messages stay queued) or one could not be finished.  The qf is
 * rewritten or removed by whoever delivered. */
int deliver_after_commit(struct config *cfg, struct envelope *env);

/* deliver_defer_begin - in a daemon's connection child, before the
 * session: from now on deliver_after_commit in background mode keeps
 * each committed message locked and pending instead of forking */
void deliver_defer_begin(void);

/* deliver_pending_next - the session read its next command cmd: unless
 * it is QUIT, fork one child that delivers what is pending */
void deliver_pending_next(struct config *cfg, const char *cmd);

/* deliver_pending_idle - before waiting for the next command on fd
 * (buffered: input is already waiting): when messages are pending and
 * the client sends nothing for a moment, fork the child that delivers
 * them */
void deliver_pending_idle(struct config *cfg, int fd, bool buffered);

/* deliver_pending_run - deliver what is pending in this process (the
 * session is over), then forget it; every lock is released */
void deliver_pending_run(struct config *cfg);

/* deliver_locked - read the qf at qf_path, whose lock lock_fd holds
 * (it is taken over: closed when done; -1: take the lock now, and leave
 * the message alone when another process holds it or it is gone),
 * deliver it and rewrite or remove the qf.  0, or -1 when the qf could
 * not be read or finished. */
int deliver_locked(struct config *cfg, const char *qf_path, int lock_fd);

/* deliver_envelope - one delivery attempt for every recipient of env
 * not yet delivered: alias expansion, mailers, per-recipient states and
 * DSN fields, syslog lines.  The qf is not touched.  Returns EX_OK when
 * nothing is left to retry, EX_TEMPFAIL when some recipient was
 * deferred; err gets a one-line summary of the last failure. */
int deliver_envelope(struct config *cfg, struct envelope *env, struct sm_buf *err);

#endif
