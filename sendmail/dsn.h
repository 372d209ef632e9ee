/*
 * dsn.h - delivery status notifications (RFC 3464): bounces, delay
 * warnings, return receipts.
 *
 * CONTRACT (owner: dsn.c; callers: queue_run_finish, after every
 * delivery attempt, before the delivered and failed recipients are
 * dropped from the qf; deliver.c for failures inside owner- lists).
 * Each report is a new message from "<>" queued and delivered at once.
 */
#ifndef DSN_H
#define DSN_H

#include "sm.h"
#include "config.h"
#include "envelope.h"

/* dsn_bounce - when recipients of e failed for good in this attempt
 * (state RS_BOUNCED), want to hear of it (NOTIFY) and ErrorMode says
 * so (not after an interactive -oeq or -oep: tr_error_mode), queue a bounce
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

/* dsn_delay_warning - e has waited longer than warn (Timeout.queuewarn;
 * ret is Timeout.queuereturn, for "Will keep trying until ..."): mail
 * its sender a warning listing the waiting recipients that asked for
 * DELAY.  Nothing is sent for a "<>" sender, a negative Precedence, or
 * when no recipient asked.  Returns 1 when a warning was queued (the
 * caller sets the qf 'w' flag), 0 when none was due, -1 when it could
 * not be queued (logged). */
int dsn_delay_warning(struct config *cfg, struct envelope *e, time_t warn, time_t ret);

/* dsn_receipt - mail e's sender a return receipt for the recipients
 * delivered in this attempt (state RS_SENT) that asked for
 * NOTIFY=SUCCESS; 0 (also when none asked), -1 when it could not be
 * queued (logged) */
int dsn_receipt(struct config *cfg, struct envelope *e);

/* dsn_precedence_class - the class of e's Precedence: header (the cf's
 * P line of that name: bulk -60 ...), 0 when it has none or an unknown
 * one; a negative class gets no delay warning */
int dsn_precedence_class(const struct config *cfg, const struct envelope *e);

/* dsn_interval - secs as sendmail words it in notices: "4 hours",
 * "1 hour, 30 minutes", "5 days" */
void dsn_interval(time_t secs, char *buf, size_t size);

#endif
