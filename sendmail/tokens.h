/*
 * tokens.h - token vectors: an address split as sendmail's prescan splits it.
 *
 * CONTRACT (owner: tokens.c, the engine core).  Operator characters come
 * from the OperatorChars option ($o) plus sendmail's fixed set ( ) < > , ; \r\n
 * and white space.  Quoted strings, comments and backslashes follow prescan.
 * A token that stands for a rule operator ($* $+ $- $@ $: $# $> $[ $] $( $)
 * $| $& ...) is stored with an internal byte encoding chosen by tokens.c;
 * tokens_print renders it as -bt does ("$#", "$@" ...).
 *
 * The encoding is sendmail's own (so 8-bit input behaves as it does there):
 * one TK_* byte, followed for $=X $~X $&x by a two-byte macro/class id
 * (TK_ID_HI/TK_ID_LO below) and for $1..$9 by the digit.
 */
#ifndef TOKENS_H
#define TOKENS_H

#include "sm.h"

struct config;

struct tokens {
	char **v;	/* each token a malloc'd C string */
	size_t n;
	size_t cap;
};

/* rule operator bytes (sendmail's values) */
#define TK_MACROEXPAND	0201	/* $x (only inside unexpanded text) */
#define TK_MACRODEXPAND	0202	/* $&x: + id */
#define TK_LOOKUPBEGIN	0205	/* $( */
#define TK_LOOKUPEND	0206	/* $) */
#define TK_MATCHZANY	0220	/* $* */
#define TK_MATCHANY	0221	/* $+ */
#define TK_MATCHONE	0222	/* $- */
#define TK_MATCHCLASS	0223	/* $=X: + id */
#define TK_MATCHNCLASS	0224	/* $~X: + id */
#define TK_MATCHREPL	0225	/* $1..$9: + digit */
#define TK_CANONNET	0226	/* $# */
#define TK_CANONHOST	0227	/* $@ (also "match zero" on a LHS) */
#define TK_CANONUSER	0230	/* $: */
#define TK_CALLSUBR	0231	/* $> */
#define TK_CONDIF	0232	/* $? */
#define TK_CONDELSE	0233	/* $| */
#define TK_CONDFI	0234	/* $. */
#define TK_HOSTBEGIN	0235	/* $[ */
#define TK_HOSTEND	0236	/* $] */

/* two id bytes after TK_MACRODEXPAND / TK_MATCHCLASS / TK_MATCHNCLASS */
#define TK_ID_HI(id)	((char)(0x80 | ((id) >> 7)))
#define TK_ID_LO(id)	((char)(0x80 | ((id) & 0x7f)))
#define TK_ID(p)	(((((unsigned char)(p)[0]) & 0x7f) << 7) | (((unsigned char)(p)[1]) & 0x7f))

/* which character-class table prescan uses */
enum tk_table {
	TK_EXTERNAL,	/* addresses: ( ) start comments */
	TK_INTERNAL,	/* cf rules and map results: rule operator bytes */
	TK_NOCOMMENT	/* -bt input of V9+ configs: ( ) are operators */
};

/* limits, as sendmail's MAXATOM, MAXNAME and prescan buffer */
#define TK_MAXATOM	1000
#define TK_MAXNAME	256
#define TK_PSBUFSIZE	(TK_MAXNAME + TK_MAXATOM)

void tokens_init(struct tokens *t);
void tokens_free(struct tokens *t);
/* tokens_push - append a copy of s */
void tokens_push(struct tokens *t, const char *s);
/* tokens_clear - drop every token, keep the vector */
void tokens_clear(struct tokens *t);
/* tokens_prescan - tokenize addr up to delim ('\0', ',' ...) with the
 * external table; 0, or -1 (nothing usable) with sendmail's message in err.
 * Note: as sendmail, some errors (Unbalanced '<' ...) are reported AND the
 * tokens are still returned patched up: then the result is 0 and err is
 * non-empty; print err (one message per line, e.g.
 * "553 5.1.0 Unbalanced '<'") whenever err->len > 0.
 * *endp (may be NULL) gets where it stopped. */
int tokens_prescan(const struct config *cfg, const char *addr, int delim,
    struct tokens *out, const char **endp, struct sm_buf *err);
/* tokens_prescan_tab - as tokens_prescan with a chosen table; ignore = do not
 * diagnose unbalanced input (sendmail's "ignore" argument) */
int tokens_prescan_tab(const struct config *cfg, const char *addr, int delim,
    enum tk_table tab, bool ignore, struct tokens *out, const char **endp,
    struct sm_buf *err);
/* tokens_print - the tokens as -bt shows them, separated by single spaces, no newline */
void tokens_print(const struct tokens *t, FILE *fp);
/* tokens_printav - sendmail's printav: " tok" for each token, then a newline */
void tokens_printav(const struct tokens *t, FILE *fp);
/* tokens_put_msgs - message lines (usrerr/syserr texts, each ending in
 * '\n') as sendmail prints them: every byte loses its high bit, and a
 * byte that becomes NUL ends its line there */
void tokens_put_msgs(const char *text, FILE *fp);
/* tokens_xputs - one string as sendmail's xputs shows it ($* for operators, M-x, ^X) */
void tokens_xputs(const char *s, FILE *fp);
/* tokens_join - rebuild an address string from tokens [from, to) (sendmail's cataddr) */
int tokens_join(const struct tokens *t, size_t from, size_t to, struct sm_buf *out);
/* tokens_cataddr - cataddr over a NULL-free pointer range, spacesub between
 * atoms ('\0': a blank, as sendmail); -1 when out's cap is hit */
int tokens_cataddr(char *const *v, size_t n, int spacesub, struct sm_buf *out);

#endif
