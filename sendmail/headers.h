/*
 * headers.h - completing a received message's header from the cf's H lines.
 *
 * CONTRACT (owner: headers.c; callers: smtp_server.c after DATA, submit.c
 * for mail from the command line).  headers_complete puts the cf's
 * headers before the message's own as sendmail does: trace headers
 * (Received) always, the others (From, Date, Message-Id, Return-Path ...)
 * only when the message lacks them, Resent- ones only for a resent
 * message (one with a field headers_is_resent names); ?P? headers keep their macros unexpanded for delivery time.
 * It sets $a, $b and $t (the date) and $g (the sender, given by the
 * caller) in e's macros, and $x from a Full-Name: header of the message;
 * $u is set while the headers expand when the message has exactly one
 * recipient.  Address list headers holding a comma are rewritten as
 * sendmail writes them ("a, b", folded before column 78).
 */
#ifndef HEADERS_H
#define HEADERS_H
#include "sm.h"
#include "config.h"
#include "envelope.h"

/* headers_complete - the cf's headers into e (see above); g is $g ("" for
 * the null sender: the cf's From: "$g" is then empty and left out) */
void headers_complete(const struct config *cfg, struct envelope *e, const char *g);

/* headers_is_resent - whether a field called name (any case) makes a
 * message a resent one: Resent-Date, -From, -Sender, -To, -Cc, -Bcc,
 * -Reply-To and -Message-Id; other Resent- fields are ordinary ones */
bool headers_is_resent(const char *name);

/* headers_list_end - where the address-list element at p ends: its
 * top-level comma (outside quotes, comments and angle brackets), or the
 * terminating NUL */
const char *headers_list_end(const char *p);

#endif
