/*
 * mailer.h - mailer definitions (M lines) and the built-in mailers.
 *
 * CONTRACT shared by conf_read, test_mode (=M), rewrite ($# resolution)
 * and delivery (owner: mailer.c).  sendmail defines prog, *file* and
 * *include* itself before the cf's M lines; mailer numbers follow the
 * order of definition, which =M prints.
 */
#ifndef MAILER_H
#define MAILER_H

#include "sm.h"

struct config;

struct mailer {
	char *name;
	int number;		/* order of definition: 0 prog, 1 *file*, 2 *include*, ... */
	char *path;		/* P= ([IPC], [LPC], or a program) */
	unsigned char flags[256 / 8];	/* F= flag letters, one bit each */
	int s_env, s_hdr;	/* S= sender rulesets (ids; -1 none) */
	int r_env, r_hdr;	/* R= recipient rulesets */
	char *argv;		/* A= argument vector template */
	char *eol;		/* E= end of line, default "\n" */
	long maxsize;		/* M= */
	long maxline;		/* L= */
	char *dir;		/* D= */
	char *charset;		/* C= */
	char *mtatype, *addrtype, *diagtype;	/* T=a/b/c */
	long recipients;	/* r= max recipients per connection */
	int nice;		/* N= */
	uid_t uid; gid_t gid;	/* U= */
	char *queue_group;	/* Q= */
	char *waitq;		/* W= */
	long maxmsgs;		/* m= */
};

struct mailer_table {
	struct mailer **v;
	size_t n;
};

/* mailer_builtins - define prog, *file*, *include* as sendmail does; call first */
void mailer_builtins(struct config *cfg);
/* mailer_parse_mline - parse the text after 'M'; 0 or -1 + err (no file/line) */
int mailer_parse_mline(struct config *cfg, const char *text, struct sm_buf *err);
/* mailer_find - the mailer called name (case-insensitive as sendmail), or NULL */
struct mailer *mailer_find(const struct config *cfg, const char *name);
/* mailer_has_flag - whether flag letter c is in F= */
bool mailer_has_flag(const struct mailer *m, int c);
/* mailer_print - the =M line for m, exactly as sendmail -bt prints it */
void mailer_print(const struct config *cfg, const struct mailer *m, FILE *fp);
/* mailer_table_free - free every mailer */
void mailer_table_free(struct mailer_table *t);

#endif
