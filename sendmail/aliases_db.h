/*
 * aliases_db.h - rebuild alias databases from aliases(5) text files, as
 * `newaliases` and `sendmail -bi` do.
 *
 * CONTRACT (owner: aliases_db.c; caller: main.c for -bi and the newaliases
 * name).
 *
 * alias_spec is the AliasFile option's value: one or more specifications
 * separated by unquoted commas, each "[class:][flags ]file", e.g.
 * "/etc/mail/aliases", "hash:/etc/mail/aliases", "hash:-N /etc/aliases,
 * btree:/etc/mail/lists".  Classes hash, btree and implicit are rebuilt
 * (implicit means hash); other alias classes (nis, ldap, text, ...)
 * cannot be rebuilt and are skipped silently, as sendmail does.  An
 * unknown class, a class that cannot hold aliases (host, regex, ...) or a
 * hash/btree spec without a file is reported in sendmail's words
 * ("setalias: unknown alias class foo", "No file name for hash map
 * Alias0") and then, as in sendmail, nothing is rebuilt (EX_SOFTWARE).  Map flags honoured:
 * -N (store the trailing NUL), -A (join duplicate values with ","), -f (do
 * not fold keys to lower case), -o (a missing file is not mentioned).  A
 * specification without a class stores keys and values with their NUL,
 * as sendmail's implicit alias map does; "hash:" without -N does not.
 *
 * For each file: the text is flock()ed (a second rebuild says "Alias file
 * X is locked (maybe being rebuilt)"), X.db is truncated and refilled in
 * file order, the "@" -> "@" entry is written last, and one summary line
 * goes to out:
 *     /etc/mail/aliases: 4 aliases, longest 22 bytes, 80 bytes total
 * Problems in the text go to out too, one per line, in sendmail's words:
 *     /etc/mail/aliases: line 7: missing colon
 *     /etc/mail/aliases: line 9: Bob... Warning: duplicate alias name bob
 *
 * What is not done here: the LHS is not run through rulesets 3 and 0
 * unless the caller hands a parser to aliases_db_rebuild_parse.  The built-in stand-in for
 * parseaddr() matches sendmail with a cf from the stock m4 tree on
 * ordinary names: comments are dropped, <> removed, blanks between words
 * become ".", quoted strings are kept as written, "user@domain" (or
 * "user%domain") is local only when is_local_host says so (without it
 * only "localhost" is), and programs, files, UUCP paths, "," and bare ";"
 * are refused with sendmail's messages.  Ownership (TrustedUser) and
 * syslog are the caller's.
 */
#ifndef ALIASES_DB_H
#define ALIASES_DB_H

#include <stdbool.h>
#include <stdio.h>

#include "sm_buf.h"

struct aliases_db_opts {
	/* is_local_host - is domain one of ours (class w)? */
	bool (*is_local_host)(void *ctx, const char *domain);
	void *ctx;
};

/*
 * aliases_db_parse_fn - an address parser for alias names (rulesets 3 and
 * 0, the mailer's F=A flag) with aliases_db_parse_lhs's contract; ctx is
 * the aliases_db_opts ctx.
 */
typedef int aliases_db_parse_fn(void *ctx, const char *lhs,
    struct sm_buf *user, struct sm_buf *why);

/*
 * aliases_db_rebuild - rebuild every database alias_spec names, reporting
 * on out.  Returns the exit status sendmail -bi would: EX_OK, or that of
 * the first problem, EX_USAGE (64) for an address syntax error in a name,
 * EX_SOFTWARE (70) for anything else; a missing alias file alone is not
 * an error.  err (may be NULL) gets a one-line reason for the first
 * failure that stopped a file from being rebuilt.
 */
int aliases_db_rebuild(const char *alias_spec, struct sm_buf *err, FILE *out);

/* aliases_db_rebuild_opts - aliases_db_rebuild with a local-host test (opts may be NULL) */
int aliases_db_rebuild_opts(const char *alias_spec,
    const struct aliases_db_opts *opts, struct sm_buf *err, FILE *out);

/* aliases_db_rebuild_parse - the same with the engine's parser for names (parse NULL: built-in) */
int aliases_db_rebuild_parse(const char *alias_spec,
    const struct aliases_db_opts *opts, aliases_db_parse_fn *parse,
    struct sm_buf *err, FILE *out);

/*
 * aliases_db_parse_lhs - the stand-in for parseaddr on an alias name:
 * lhs (text before the colon) to the local user in *user.  Returns 0; or
 * -1 with the reasons in *why, one message a line, as sendmail prints
 * them ("illegal alias name", "Unbalanced '<'", "Hostname required" then
 * "cannot alias non-local names", ...).
 */
int aliases_db_parse_lhs(const char *lhs, const struct aliases_db_opts *opts,
    struct sm_buf *user, struct sm_buf *why);

#endif
