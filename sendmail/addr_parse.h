/*
 * addr_parse.h - parse an address to a mailer triple, as sendmail's parseaddr.
 *
 * Owner: addr_parse.c (the front end).  addr_parse runs prescan, ruleset 3
 * (canonify) and ruleset 0 (parse), resolves the $# $@ $: triple to a
 * mailer, host and user, switches to prog / *file* / *include* on "|",
 * "/" and ":include:" users when the mailer has the F=| F=/ F=: flags,
 * and rewrites the user with ruleset 2, the mailer's R= ruleset and
 * ruleset 4 (final).  addr_crack is sendmail's crackaddr: the address
 * with its comments and phrase kept and the address proper replaced by
 * "$g".  addr_remotename is sendmail's remotename, for -bt's /try.
 *
 * Diagnostics go to the output stream as sendmail's usrerr prints them in
 * -bt and -bv: "address... message" with the SMTP and DSN codes removed.
 */
#ifndef ADDR_PARSE_H
#define ADDR_PARSE_H

#include "sm.h"
#include "macro.h"

struct config;
struct mailer;

/* Cap on the diagnostics one address may produce (they quote the address). */
#define AP_MAXERR	(256 * 1024)

/* Address flags, as sendmail's RF_* bits (-bt /tryflags sets them). */
#define RF_SENDERADDR	0x001	/* a sender address, not a recipient */
#define RF_HEADERADDR	0x002	/* a header address, not the envelope */

struct parsed_addr {
	const struct mailer *mailer;	/* NULL for the *error* mailer */
	const char *mailer_name;	/* its name as -bt prints it */
	char *host;			/* $@, or NULL */
	char *user;			/* the rewritten $: part */
	bool queueup;			/* a map failed temporarily */
	bool bad;			/* resolved to the error mailer */
};

struct addr_env {
	struct config *cfg;
	struct macros *mac;	/* macro scope for the rulesets */
	FILE *out;		/* diagnostics and the ruleset trace */
	bool trace;		/* print the ruleset trace */
	int *exitstat;		/* set to EX_SOFTWARE on internal errors, or NULL */
};

/*
 * NEEDED FROM THE ENGINE (tokens.c), not in tokens.h: cataddr with the
 * configuration's operator characters.  sendmail's buildaddr and
 * remotename join tokens with BlankSub between two atoms, and whether "/"
 * or "!" is an atom depends on the cf's $o; tokens_join/tokens_cataddr
 * know only the fixed set.  Declared weak: without it we fall back to
 * tokens_cataddr.  Please export it from tokens.h (or give tokens_join a
 * cfg argument).
 */
int tokens_cataddr_cfg(const struct config *cfg, char *const *v, size_t n,
    int spacesub, struct sm_buf *out) __attribute__((weak));

/* addr_invalid - sendmail's invalidaddr on the len bytes at addr: longer than
 * 255 bytes, or holding bytes 0x80-0x9F (sendmail's internal codes, made
 * '?' in place); prints the complaint and returns true when invalid.
 * named: parseaddr has set e_to, so a too long address is prefixed with
 * "addr... " as usrerr does (/parse); -bt's own check passes false */
bool addr_invalid(const struct addr_env *ae, char *addr, size_t len, bool named);

/* addr_exitstat - record status as sendmail's ExitStat: the first failure wins */
void addr_exitstat(int *exitstat, int status);
/* addr_dsn_exitstat - the sysexits code of a DSN status ("5.1.3" -> EX_USAGE) */
int addr_dsn_exitstat(const char *dsn);

/* addr_parse - parse addr (up to delim) into *pa; 0, or -1 when it cannot be parsed
 * (message printed); *endp gets where parsing stopped.  Free with parsed_addr_free. */
int addr_parse(const struct addr_env *ae, const char *addr, int delim, int flags,
    struct parsed_addr *pa, const char **endp);
/* parsed_addr_free - free what addr_parse stored in pa */
void parsed_addr_free(struct parsed_addr *pa);
/* addr_meta_value - the value sendmail's initmacros gives macro c when
 * c names an operator ($@ is the CANONHOST byte ...) or is a digit ($1 is
 * the slot byte and '1'), written into buf (3 bytes); NULL for others */
const char *addr_meta_value(int c, char *buf);
/* addr_expand - sendmail's expand() of the internal text in s, in place:
 * TK_MACROEXPAND and a name byte is that macro's value (sendmail's
 * one-byte ids for bytes 0200 up; $@ $: ... give operator bytes), $? $|
 * $. are conditionals; values bringing operator bytes are expanded again
 * (remotename runs it over the rebuilt address, -bt's /expand over its
 * argument, so operator bytes typed raw act as in sendmail) */
void addr_expand(const struct macros *mac, struct sm_buf *s);
/* addr_crack - sendmail's crackaddr of addr into out (e.g. "Joe <$g>"),
 * with cfg's ColonOkInAddr (cfg may be NULL: off); -1 when too long */
int addr_crack(const struct config *cfg, const char *addr, struct sm_buf *out);
/* addr_remotename - addr rewritten for mailer m (rulesets 3, 1 or 2, S=/R=, 4);
 * *rcode gets EX_TEMPFAIL when a ruleset did; result in out */
int addr_remotename(const struct addr_env *ae, const char *addr, const struct mailer *m,
    int flags, int *rcode, struct sm_buf *out);
/* addr_print_error - print "addr... text" as usrerr does, codes stripped */
void addr_print_error(FILE *out, const char *addr, const char *msg);

#endif
