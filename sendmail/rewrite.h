/*
 * rewrite.h - running rulesets over token vectors.
 *
 * CONTRACT (owner: rewrite.c, the engine core).  rewrite_ruleset applies
 * one ruleset (and whatever it calls with $>) to t in place, with sendmail's
 * loop limits and error texts.  With a trace stream it prints the lines
 * sendmail -bt prints for every ruleset entered and left:
 * "canonify           input: a @ b" / "canonify         returns: a < @ b >".
 */
#ifndef REWRITE_H
#define REWRITE_H

#include "sm.h"
#include "tokens.h"
#include "macro.h"

struct config;

struct rw_ctx {
	struct config *cfg;
	struct macros *env;	/* current macro scope (envelope over config) */
	FILE *trace;		/* -bt tracing, or NULL */
	int depth;		/* $> nesting, for the limits */
};

/* rewrite_ruleset - apply ruleset rs to t; returns EX_OK, or an EX_* status
 * (EX_CONFIG for a loop/overflow, EX_TEMPFAIL when a map failed temporarily,
 * EX_DATAERR ...), printing sendmail's diagnostics to the trace/err stream */
int rewrite_ruleset(struct rw_ctx *ctx, int rs, struct tokens *t);

#endif
