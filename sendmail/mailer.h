/*
 * mailer.h - mailer definitions (M lines) and the built-in mailers.
 *
 * CONTRACT shared by conf_read, test_mode (=M), rewrite ($# resolution)
 * and delivery (owner: mailer.c).  sendmail defines prog, *file* and
 * *include* itself before the cf's M lines; mailer numbers follow the
 * order of definition, which =M prints.  A later M line for a name that
 * exists (names compare case-insensitively) replaces it and keeps its
 * number.  At most MAILER_MAX mailers, as in sendmail.
 *
 * Text fields keep macros as plain "$x" / "${name}" text for
 * macro_expand(); "$$" stands for a literal dollar.  Field values went
 * through sendmail's munchstring(): double quotes removed, "\n" and "\r"
 * turned into the characters, "\b" and "\f" dropped, "\x" into x.
 *
 * Errors: functions return -1 with sendmail's text in err, without
 * file/line; one line may produce several messages, separated by '\n' in
 * err (the caller prefixes each).  An error does not always leave the
 * mailer undefined (sendmail still defines it after "null charset", for
 * instance); mailer_find tells.
 */
#ifndef MAILER_H
#define MAILER_H

#include "sm.h"

struct config;

#define MAILER_MAX 25		/* sendmail's MAXMAILERS */
#define MAILER_MAX_ARGS 256	/* A= words kept (sendmail's MAXPV) */

struct mailer {
	char *name;
	int number;		/* order of definition: 0 prog, 1 *file*, 2 *include*, ... */
	char *path;		/* P= ([IPC], [LPC], [FILE], or a program) */
	unsigned char flags[256 / 8];	/* F= flag letters, one bit each */
	int s_env, s_hdr;	/* S= sender rulesets (ids; -1 none; 0 also means none) */
	int r_env, r_hdr;	/* R= recipient rulesets */
	char *argv;		/* A= as written (after munchstring) */
	char **args;		/* ... split at blanks, NULL-terminated */
	int nargs;
	char *eol;		/* E= end of line; default "\n" if A= has $u, else "\r\n" */
	long maxsize;		/* M= */
	long maxline;		/* L= (990 when F=L and no L=) */
	char *dir;		/* D= */
	char *rootdir;		/* /= */
	char *charset;		/* C= */
	char *mtatype, *addrtype, *diagtype;	/* T=a/b/c; NULL = not given */
	long recipients;	/* r= max recipients per connection (100) */
	int nice;		/* N= */
	uid_t uid; gid_t gid;	/* U=; (uid_t)-1 / (gid_t)-1 when not given */
	char *queue_group;	/* Q= (validated by the queue-group owner) */
	char *waitq;		/* W= as written */
	time_t wait;		/* ... in seconds */
	long maxmsgs;		/* m= */
};

struct mailer_table {
	struct mailer **v;
	size_t n;
};

/* mailer_builtins - define prog, *file*, *include* as sendmail does; call first */
void mailer_builtins(struct config *cfg);
/* mailer_parse_mline - parse the text after 'M' (comments stripped,
 * continuation lines joined); 0 or -1 + err (no file/line); 0 with
 * text in err is a warning: a U= user or group that does not exist, which
 * sendmail reports and goes on without (the mailer keeps U=-1:-1).  Uses
 * cfg->version (F=L adds F=7 below V2) and ruleset_id(cfg, name, true).
 * The "[IPC] mailer must be TCP or FILE" warning goes to stdout, as
 * sendmail prints it. */
int mailer_parse_mline(struct config *cfg, const char *text, struct sm_buf *err);
/* mailer_finish - after the last cf line: the flags sendmail adds to
 * local and prog for configurations below version 6 and 7 */
void mailer_finish(struct config *cfg);
/* mailer_find - the mailer called name (case-insensitive as sendmail), or NULL */
struct mailer *mailer_find(const struct config *cfg, const char *name);
/* mailer_has_flag - whether flag letter c is in F= */
bool mailer_has_flag(const struct mailer *m, int c);
/* mailer_print - the =M line for m, exactly as sendmail -bt prints it */
void mailer_print(const struct config *cfg, const struct mailer *m, FILE *fp);
/* mailer_xputs - s as sendmail's xputs shows it ("\r\n", "^A", "M-x", "$u") */
void mailer_xputs(const char *s, FILE *fp);
/* mailer_table_free - free every mailer */
void mailer_table_free(struct mailer_table *t);

#endif
