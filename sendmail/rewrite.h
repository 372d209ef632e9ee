/*
 * rewrite.h - running rulesets over token vectors.
 *
 * CONTRACT (owner: rewrite.c, the engine core).  rewrite_ruleset applies
 * one ruleset (and whatever it calls with $>) to t in place, with sendmail's
 * loop limits and error texts.  With a trace stream it prints the lines
 * sendmail -bt prints for every ruleset entered and left:
 * "canonify           input: a @ b" / "canonify         returns: a < @ b >".
 *
 * Diagnostics ("Infinite loop in ruleset x, rule N", "Unknown ruleset x",
 * "rewrite: expansion too long" ...) are printed without their SMTP codes
 * to ctx->errfp, or to ctx->trace when errfp is NULL (sendmail -bt prints
 * them on stdout); ctx->errmsg (if set) also receives the last one, with
 * its code ("554 5.3.5 Infinite loop ...").
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
	/* added by the engine; zero them (designated initializers do) */
	FILE *errfp;		/* diagnostics, or NULL: trace, or nowhere */
	struct sm_buf *errmsg;	/* last diagnostic with its code, or NULL */
	int nerrors;		/* diagnostics printed (sendmail's syserr: -bt
				 * then exits EX_SOFTWARE, 70) */
};

/* rewrite_ruleset - apply ruleset rs to t; returns EX_OK, or an EX_* status
 * (EX_CONFIG for a loop/overflow, EX_TEMPFAIL when a map failed temporarily,
 * EX_DATAERR ...), printing sendmail's diagnostics to the trace/err stream */
int rewrite_ruleset(struct rw_ctx *ctx, int rs, struct tokens *t);

#endif
