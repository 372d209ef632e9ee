/*
 * tokens.h - token vectors: an address split as sendmail's prescan splits it.
 *
 * CONTRACT (owner: tokens.c, the engine core).  Operator characters come
 * from the OperatorChars option ($o) plus sendmail's fixed set ( ) < > , ; \r\n
 * and white space.  Quoted strings, comments and backslashes follow prescan.
 * A token that stands for a rule operator ($* $+ $- $@ $: $# $> $[ $] $( $)
 * $| $& ...) is stored with an internal byte encoding chosen by tokens.c;
 * tokens_print renders it as -bt does ("$#", "$@" ...).
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

void tokens_init(struct tokens *t);
void tokens_free(struct tokens *t);
/* tokens_push - append a copy of s */
void tokens_push(struct tokens *t, const char *s);
/* tokens_prescan - tokenize addr up to delim ('\0', ',' ...); 0, or -1 with
 * sendmail's message in err (e.g. "Unbalanced '<'"); *endp gets where it stopped */
int tokens_prescan(const struct config *cfg, const char *addr, int delim,
    struct tokens *out, const char **endp, struct sm_buf *err);
/* tokens_print - the tokens as -bt shows them, separated by single spaces, no newline */
void tokens_print(const struct tokens *t, FILE *fp);
/* tokens_join - rebuild an address string from tokens (sendmail's cataddr) */
int tokens_join(const struct tokens *t, size_t from, size_t to, struct sm_buf *out);

#endif
