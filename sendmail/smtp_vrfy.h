/*
 * smtp_vrfy.h - what the SMTP server's VRFY and EXPN show of an address.
 *
 * CONTRACT (owner: smtp_vrfy.c; caller: smtp_server.c, after its
 * PrivacyOptions, check_vrfy/check_expn and parse of the argument).
 * smtp_expn expands one address as sendmail 8.17's EXPN does and writes
 * the reply lines (without CRLF, each ended by '\n') into out: either
 * one line per deliverable member, "250-2.1.5 ..." and a last
 * "250 2.1.5 ...", or the first failure met while expanding (sendmail
 * shows only that).  Aliases (F=A) come from the AliasFile databases
 * through alias_lookup (alias.h), ":include:" files are read line by
 * line, local users (F=w) must be in passwd and show their full name;
 * .forward files are not followed (sendmail's EXPN and -bv do not).
 */
#ifndef SMTP_VRFY_H
#define SMTP_VRFY_H

#include "sm.h"
#include "config.h"

#include <pwd.h>

struct alias_db;

/* smtp_gecos_name - the full name of pw as sendmail's buildfname makes
 * it (the gecos field up to its first ',', '&' the login capitalised)
 * into buf (size bytes, always NUL-terminated) */
void smtp_gecos_name(const struct passwd *pw, char *buf, size_t size);

/* smtp_expn - EXPN of addr (the argument as the replies show it) into
 * out; host is $j; *met (unless NULL): the members met before the end
 * or the first failure (sendmail counts them as recipients of the
 * session's next transaction, even when a failure is the answer).
 * Returns EX_OK when the members were listed, else the EX_* status of
 * the failure shown. */
int smtp_expn(struct config *cfg, struct alias_db *db, const char *host,
    const char *addr, struct sm_buf *out, size_t *met);

#endif
