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

/* deliver_after_commit - honour DeliveryMode for a just-committed e:
 * background forks a child that delivers (the parent releases its copy
 * of the lock), interactive delivers now, queue and defer leave it in
 * the queue.  Returns 0, or -1 when the fork failed (the message stays
 * queued).  The qf is rewritten or removed by whoever delivered. */
int deliver_after_commit(struct config *cfg, struct envelope *env);

/* deliver_envelope - one delivery attempt for every recipient of env
 * not yet delivered: alias expansion, mailers, per-recipient states and
 * DSN fields, syslog lines.  The qf is not touched.  Returns EX_OK when
 * nothing is left to retry, EX_TEMPFAIL when some recipient was
 * deferred; err gets a one-line summary of the last failure. */
int deliver_envelope(struct config *cfg, struct envelope *env, struct sm_buf *err);

#endif
