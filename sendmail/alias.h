/*
 * alias.h - recipient expansion: aliases, :include:, .forward, duplicates.
 *
 * CONTRACT (owner: alias.c; caller: deliver.c).  alias_expand turns one
 * envelope recipient into the deliveries it stands for, as sendmail's
 * recipient()/alias()/include()/forward() do: the address goes through
 * rulesets 3 and 0 (addr_parse); a mailer with F=A has its user looked
 * up in the AliasFile databases (hash/btree, written by newaliases), the
 * value split at commas and expanded again; ":include:file" reads the
 * file's addresses; a local user (F=w) that getpwnam does not know is
 * "User unknown" (5.1.1); a known one may forward through the first
 * ForwardPath file that exists.  "error:code text" is no special case:
 * with the cfs we build (ours and Debian's m4 tree) it parses to the
 * local mailer and is "User unknown", as in sendmail 8.17 (observed).
 * "\user" is never aliased or forwarded.
 *
 * Loops and duplicates, as sendmail 8.17 delivers them from the queue
 * (measured, test/t/6103): every address met, over all the envelope's
 * recipients (dest_list's seen), is met once; members are taken last to
 * first.  A member equal to the alias it came from makes that alias a
 * local user ("bob: bob, carol": bob's mailbox, or "User unknown"); one
 * equal to an address whose expansion is under way further up is
 * dropped, and the nearest local user above it (an alias named like a
 * user, or a user whose .forward led there) is delivered after all; a
 * recipient alias that is met again inside itself and is no user is
 * expanded once more (so "self: self, x" fails "User unknown" twice); a
 * recipient alias of which nothing is delivered and nothing fails fails
 * "554 5.4.6 aliasing/forwarding loop broken"; an alias whose members
 * would be more than MaxAliasRecursion deep fails "aliasing/forwarding
 * loop broken (11 aliases deep; 10 max)".  Duplicate deliveries (same
 * mailer, host and user) are kept once.
 * Programs and files found in aliases run as DefaultUser, those found in
 * :include: and .forward files as the file's owner (DefaultUser for root).
 *
 * Addresses given directly (not found in an alias, .forward or
 * :include: file) may not be programs, files or :include:s.
 *
 * A list "x" with an alias "owner-x" names where the failures of its
 * members go (struct dest's owner), as sendmail's owner- lists do.
 *
 * The lines of an :include: or .forward file are taken in order, the
 * addresses of one line last to first; "\user" in user's own .forward
 * is delivered as "\user" (to=\user), where that file names it.
 *
 * For submit.c, which expands at submission in DeliveryMode queue and
 * defer as sendmail 8.17 does (measured, test/t/6104): each delivery
 * says how the qf names it (qf_ctl: the C line, "user:uid:gid:from"
 * where a local user other than root controls itself, an alias's
 * programs and files "alias:DefaultUid:0", an :include: or .forward
 * file's its owner (root: nobody, ":from"); via_alias: flag A) and
 * alias_dest_sole whether it keeps flag P.
 *
 * Missing: the owner as the envelope sender of the list's deliveries
 * at delivery (submit.c does it at submission), the user database,
 * MatchGECOS, DontBlameSendmail checks on the .forward and :include:
 * paths beyond "regular file".  Not measured: which user a loop
 * delivers to when several local users are above it (ours: the
 * nearest).  Known differences outside this file:
 * deliver.c logs a to= line for a loop-broken recipient (sendmail logs
 * the DSN line only).
 */
#ifndef ALIAS_H
#define ALIAS_H

#include "sm.h"
#include "config.h"

struct mailer;

/* One delivery an envelope recipient expanded to. */
struct dest {
	const struct mailer *m;	/* NULL when status says it failed */
	char *host;		/* $h or NULL */
	char *user;		/* $u */
	char *addr;		/* printable address (to=) */
	size_t parent;		/* index of the envelope recipient */
	char *from;		/* the alias, :include: or .forward owner it
				 * was expanded from ("expanded from:" of a
				 * bounce), NULL for the recipient itself */
	bool has_ctl;		/* uid/gid/home come from a file's owner */
	uid_t uid;
	gid_t gid;
	char *ctl_name;		/* controlling user's login, or NULL */
	char *home;		/* $z, or NULL */
	char *owner;		/* "owner-list" of the innermost list with one:
				 * its failures are reported there */
	char *qf_ctl;		/* the C line sendmail writes for it when it
				 * expands at submission ("user:uid:gid:from"
				 * or ":from"), NULL when not expanded */
	bool via_alias;		/* its list was an alias's (qf flag A) */
	size_t list_node;	/* alias.c's: the list it was found in */
	bool reported;		/* a failure already reported to owner */
	int status;		/* EX_OK: deliver; else failed here already */
	char dsn[16];
	char text[256];
};

struct al_seen;

struct dest_list {
	struct dest *v;
	size_t n, cap;
	struct al_seen *seen;	/* alias.c's: every address met so far */
};

struct alias_db;

/* alias_open - open the AliasFile databases of cfg (missing ones are
 * skipped); never NULL; free with alias_close */
struct alias_db *alias_open(const struct config *cfg);
/* alias_close - close and free a */
void alias_close(struct alias_db *a);
/* alias_lookup - the value of name (lower-cased) in out: 0 found,
 * 1 not found, -1 a database failed */
int alias_lookup(struct alias_db *a, const char *name, struct sm_buf *out);

/* alias_expand - expand recipient addr (index parent) into out; returns
 * EX_OK, or EX_TEMPFAIL when the expansion must be retried later.
 * ctl is the recipient's controlling user (the qf C line: a login, or
 * sendmail's "login:uid:gid:alias" whose ids count when the login is no
 * user) or NULL; from_alias says it came out of an earlier expansion
 * (qf flag A); the alias part of such a C line is what a top address
 * was "expanded from" (dest's from).
 * Without either, a program, file or :include: address fails with
 * sendmail's "Cannot mail directly to programs" (5.7.1) and its kin. */
int alias_expand(struct config *cfg, struct alias_db *a, const char *addr,
    size_t parent, const char *ctl, bool from_alias, struct dest_list *out);

/* alias_dest_sole - whether d is all its envelope recipient came to
 * as sendmail counts it for the qf flag P: each list above it had one
 * member that did not fail (a duplicate counts) */
bool alias_dest_sole(const struct dest_list *l, const struct dest *d);

/* dest_list_free - free every entry */
void dest_list_free(struct dest_list *l);

#endif
