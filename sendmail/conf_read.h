/*
 * conf_read.h - reading sendmail.cf into a struct config.
 *
 * CONTRACT (owner: conf_read.c, the engine core).  conf_read reads every
 * line type sendmail 8.17 knows (V D C F S R K M O H P T E Q X and
 * comments/continuations), hands O, M and K lines to options.c, mailer.c
 * and map.c, applies the command-line options after the file (they win, as
 * -O/-o do in sendmail), and opens the maps at the end.
 *
 * Diagnostics are appended to err, one per line, exactly as sendmail
 * prints them: "file: line N: text" for errors tied to a line, plain text
 * for the others ("WARNING: Ruleset x has multiple definitions",
 * "Warning: .cf file is out of date: ...", "No local mailer defined").
 * sendmail -bt prints them on stdout before its banner.  The counters in
 * struct config say whether any of them was an error (exit EX_CONFIG).
 */
#ifndef CONF_READ_H
#define CONF_READ_H

#include "sm.h"
#include "config.h"

/* one command-line option: -O Name=value (long_form) or -oXvalue */
struct conf_cmdopt {
	const char *arg;	/* "Name=value", or "Xvalue" for -o */
	bool long_form;
};

/* conf_read - read the cf at path; the config, or NULL when the file
 * cannot be read at all (message in err).  Free with conf_free. */
struct config *conf_read(const char *path, struct sm_buf *err);
/* conf_read_opts - as conf_read, then apply nopts command-line options */
struct config *conf_read_opts(const char *path, const struct conf_cmdopt *opts,
    size_t nopts, struct sm_buf *err);
/* conf_new - an empty config (defaults, built-in mailers, no file read);
 * for tests and for callers that feed lines with conf_line */
struct config *conf_new(const char *path);
/* conf_read_into - read the cf at path line by line into cfg (made by
 * conf_new, startup macros already set, as sendmail sets $w $j $m $k
 * before it reads the cf); conf_finish is the caller's.  -1 with
 * "path: line 0: cannot open: why" in err when it cannot be opened */
int conf_read_into(struct config *cfg, const char *path, struct sm_buf *err);
/* conf_line - process one (already unfolded) cf line as line number lineno;
 * diagnostics to err; returns 0 or -1 when the line was in error */
int conf_line(struct config *cfg, const char *line, int lineno, struct sm_buf *err);
/* conf_finish - after the last line: checks and map_open_all, as conf_read does */
int conf_finish(struct config *cfg, struct sm_buf *err);
/* conf_free - free the config and everything it owns */
void conf_free(struct config *cfg);

/* conf_header - one H line, as read: "?flags?Name: value" pieces */
struct conf_header {
	char *name;		/* header name as written */
	char *flags;		/* between ?..?, "" when none */
	char *cond_macro;	/* ?${macro}? / ?$x? form: macro name, or NULL */
	char *value;		/* the value text, macros unexpanded */
};

/* conf_headers - the H lines in order; *n gets their number */
const struct conf_header *conf_headers(const struct config *cfg, size_t *n);
/* conf_priority - the P line value of name ("bulk" ...), or -1 when none; *found */
int conf_priority(const struct config *cfg, const char *name, bool *found);
/* conf_trusted_user - whether T lines named user */
bool conf_trusted_user(const struct config *cfg, const char *user);
/* conf_env_count / conf_env - E lines ("NAME=value" or "NAME") in order */
size_t conf_env_count(const struct config *cfg);
const char *conf_env(const struct config *cfg, size_t i);

#endif
