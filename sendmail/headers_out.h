/*
 * headers_out.h - a message's header as one mailer gets it.
 *
 * CONTRACT (owner: headers_out.c; callers: mailer_run.c, which writes
 * the header for a mailer, and deliver.c, which gives each mailer its
 * $g).  What sendmail does to the header between the qf and a mailer:
 * address lists rewritten by the mailer's header rulesets and written
 * again (folded at column 78), Bcc dropped or emptied, Return-Path and
 * Full-Name only where their ?flags? say, and the envelope sender $g
 * rewritten by the mailer's envelope ruleset.  See headers_out.c.
 */
#ifndef HEADERS_OUT_H
#define HEADERS_OUT_H

#include "sm.h"
#include "config.h"
#include "envelope.h"
#include "macro.h"

struct mailer;

/* What a header field is to the header writer. */
enum ho_kind {
	HO_PLAIN,	/* written as it is */
	HO_SENDER,	/* a list of sender addresses (From, Sender, Reply-To ...) */
	HO_RCPT,	/* a list of recipient addresses (To, Cc ...) */
	HO_BCC,		/* Bcc, Resent-Bcc: dropped or written empty */
	HO_CHECK	/* Return-Path, Full-Name: only when its ?flags? match */
};

/* ho_kind - the kind of header field name (case-insensitive) */
enum ho_kind ho_kind(const char *name);

/* ho_drop_bcc - whether e's Bcc and Resent-Bcc headers are left out
 * (e has a To, Cc or Apparently-To header); otherwise they go out empty */
bool ho_drop_bcc(const struct envelope *e);

/* ho_list - value, an address list (macros already expanded), rewritten
 * for mailer m as sender or recipient header addresses, appended to out
 * as ", "-separated addresses folded before column 78; col is the
 * column the value starts at (after "Name: ").  Uses mac as the macro
 * scope of the rulesets (it sets ${addr_type} there). */
void ho_list(struct config *cfg, struct macros *mac, const struct mailer *m,
    bool sender, const char *value, size_t col, struct sm_buf *out);

/* ho_sender - $g for mailer m: the envelope sender (as the S line has
 * it, with or without <>) rewritten by rulesets 3, 1, m's S= envelope
 * ruleset and 4, into buf; "MAILER-DAEMON" for "<>" */
void ho_sender(struct config *cfg, const struct macros *mac, const char *sender,
    const struct mailer *m, char *buf, size_t size);

#endif
