/*
 * sender.h - the sender's $g and $x, the From: they make, and the order
 * of the recipients in the queue, as sendmail sets them for mail it
 * receives.
 *
 * CONTRACT (owner: sender.c; callers: submit.c for mail from the command
 * line, smtp_server.c for mail received by SMTP).  Both ways in use the
 * same rules, measured against sendmail 8.17 (test/t/6200, 4000, 6500):
 * $g is the envelope sender through rulesets 3 and 4 ("" for "<>"); $x
 * is the passwd full name of a local sender (a mailer with F=w and a
 * passwd entry for its user), quoted when it holds an RFC 822 special;
 * the cf's From: "$x <$g>" quotes the name again when it holds '<', '>'
 * or '\'; the recipients are queued sorted by host, the ones without a
 * host (local) first, case ignored, in their order of entry otherwise;
 * two recipients are the same when mailer, host and user are (the user's
 * case counts for a mailer with F=u); a remote recipient's r line names
 * its canonical host.
 * Every string returned is malloc'd and the caller's to free.
 */
#ifndef SENDER_H
#define SENDER_H

#include "sm.h"
#include "config.h"
#include "envelope.h"
#include "addr_parse.h"
#include "mailer.h"

/* Scan state over a phrase: inside quotes, comments, after a backslash.
 * Start it zeroed. */
struct phrase_scan {
	bool quoted, escaped;
	int comment;
};

/* phrase_scan_outside - advance st over c; whether c is a plain
 * character outside quotes and comments */
bool phrase_scan_outside(struct phrase_scan *st, int c);

/* sender_canon - addr through rulesets 3 and 4 with mac as the macro
 * scope (sendmail's $g); a new string, "" when it does not parse */
char *sender_canon(struct config *cfg, struct macros *mac, const char *addr);

/* sender_fullname - $x for sender: the passwd name of a local user
 * (the gecos field up to ',', '&' the capitalised login), quoted when it
 * holds one of .,:;@[] outside quotes and comments; NULL when sender is
 * no local user or the name is empty.  ae's out is not written to. */
char *sender_fullname(const struct addr_env *ae, const char *sender);

/* sender_quote_name - name as $x keeps it (quoted when it must be, as
 * above); NULL for an empty name */
char *sender_quote_name(const char *name);

/* sender_fix_from - the cf's From: and Resent-From: of e ("$x <$g>",
 * flag F) written again with $x in quotes when it holds '<', '>' or
 * '\', as sendmail writes them; x is $x (NULL: nothing to do), g $g */
void sender_fix_from(struct envelope *e, const char *x, const char *g);

/* rcpt_host_order - order[0..n) gets the indexes of hosts[0..n) sorted
 * as the queue holds recipients: NULL or "" first, then by host with
 * case ignored, equal hosts in index order */
void rcpt_host_order(const char *const *hosts, size_t n, size_t *order);

/* rcpt_sort_by_host - e's recipients put in rcpt_host_order of their
 * hosts (r->host) */
void rcpt_sort_by_host(struct envelope *e);

/* rcpt_same_user - whether users a and b of mailer m are the same for
 * sendmail's duplicate check: case ignored unless m has F=u */
bool rcpt_same_user(const struct mailer *m, const char *a, const char *b);

/* rcpt_final - the r line (DSN Final-Recipient) of a recipient: "RFC822;
 * user" when its mailer's user (as addr_parse rewrites it) holds an '@'
 * -- a remote address, whose host is then the canonical one -- else
 * "RFC822; bare" (the address as given, without "<>" and comments) with
 * "@j" added when it has no '@' */
char *rcpt_final(const char *bare, const char *user, const char *j);

#endif
