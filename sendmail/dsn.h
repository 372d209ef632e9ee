/*
 * dsn.h - bounces: RFC 3464 delivery status notifications for failures.
 *
 * CONTRACT (owner: dsn.c; caller: queue_run_finish, after every delivery
 * attempt, before the failed recipients are dropped from the qf).
 */
#ifndef DSN_H
#define DSN_H

#include "sm.h"
#include "config.h"
#include "envelope.h"

/* dsn_bounce - when recipients of e failed for good in this attempt
 * (state RS_BOUNCED) and want to hear of it (NOTIFY), queue a bounce
 * from "<>" to e's sender (DoubleBounceAddress when the sender is "<>";
 * dropped, and logged, when that itself failed) and deliver it now.
 * Returns 0, or -1 when the bounce could not be queued (logged). */
int dsn_bounce(struct config *cfg, struct envelope *e);

/* dsn_send - queue and deliver a report on e listing the nfailed
 * recipients (addr, orcpt, final_rcpt, dsn_status, message and
 * status_time are used) to address to (an owner- list, or the sender);
 * 0, or -1 when it could not be queued (logged) */
int dsn_send(struct config *cfg, struct envelope *e, const char *to,
    const struct rcpt *const *failed, size_t nfailed);

#endif
