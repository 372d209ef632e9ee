/*
 * main.c - sendmail's command line: parse it, pick the mode, nothing else.
 *
 * Owns the flags sendmail(8) documents, read through one table, and the
 * -b operation modes, run through another.  Modes done: -bt (address test
 * mode), -bv (verify addresses), -bi (rebuild the alias databases, also
 * as "newaliases"), -bd/-bD (the daemon, daemon.c; -q30m adds its queue
 * runs), -bs (SMTP on stdin), -bp (the queue), -q (a queue run, which
 * logs to syslog as the real one does, the -v transcript on stdout) and -bm,
 * the default: a message on stdin to the addresses (submit.c, with the
 * submission flags -t -i -N -R -V -B -v -n).  The others (-ba -bC -bh
 * -bH -bP) are refused with EX_USAGE until their issue lands; "-bz" gets
 * sendmail's "Frozen configurations unsupported", an unknown letter its
 * "Invalid operation mode x".  A bad -N, -R or -V argument is reported
 * and exits EX_USAGE once the whole line is read, as sendmail does.
 *
 * The cf: -C; without it, submission (-bm without -q, and -bs) reads
 * PATH_SUBMIT_CF when that file exists, as sendmail 8.12 and later do,
 * else PATH_SENDMAIL_CF; -Ac and -Am choose submit.cf or sendmail.cf
 * whatever the mode.
 * Program names: newaliases = -bi, mailq = -bp, hoststat = -bh,
 * purgestat = -bH, smtpd = -bd.
 *
 * Startup order is sendmail's: -d settings, the -d0.1 report, the host
 * identity (whose macros a cf may override and whose values its R and C
 * lines expand while being read), the cf with the -O/-o options applied
 * after it, then the SYSTEM IDENTITY block and the mode.  Everything is
 * printed on stdout, as sendmail does before it has a transcript.  A cf
 * with errors exits EX_CONFIG after its diagnostics; one that cannot be
 * opened exits EX_OSFILE ("file: line 0: cannot open: ...").
 */
#include "sm.h"
#include "addr_parse.h"
#include "aliases_db.h"
#include "class.h"
#include "conf_read.h"
#include "config.h"
#include "daemon.h"
#include "debug.h"
#include "identity.h"
#include "macro.h"
#include "options.h"
#include "test_mode.h"
#include "mailer.h"
#include "queue_list.h"
#include "smtp_server.h"
#include "queue_run.h"
#include "submit.h"
#include "transcript.h"

#include <pwd.h>

#ifndef PATH_SENDMAIL_CF
#define PATH_SENDMAIL_CF "/etc/mail/sendmail.cf"
#endif
#ifndef PATH_SUBMIT_CF
#define PATH_SUBMIT_CF "/etc/mail/submit.cf"
#endif
#ifndef PATH_PIDFILE
#define PATH_PIDFILE "/var/run/sendmail.pid"
#endif

#define MAIN_MAXOPTS	256

struct cmdline {
	int mode;			/* -b letter */
	const char *cf;			/* -C */
	struct conf_cmdopt opts[MAIN_MAXOPTS];	/* -O and -o, in order */
	size_t nopts;
	const char *macros[MAIN_MAXOPTS];	/* -Mxvalue */
	size_t nmacros;
	const char *from;		/* -f / -r */
	const char *fullname;		/* -F */
	bool cf_given;			/* -C was given */
	int which_cf;			/* -A: 'c' submit.cf, 'm' sendmail.cf, 0 */
	struct submit_args sub;		/* -t -N -R -V -B -v -n for -bm */
	bool bad_args;			/* a flag's argument was refused */
	const char *logtag;		/* -L */
	char **args;			/* addresses */
	int nargs;
	const char *qargs[MAIN_MAXOPTS];	/* -q arguments ("" for a bare -q) */
	size_t nq;
	char **argv;			/* the whole command line (for the daemon) */
	int argc;
};

typedef int (*mode_fn)(struct cmdline *cl, struct config *cfg);

/* ------------------------------------------------------------ the modes */

/* mode_test - -bt */
static int
mode_test(struct cmdline *cl, struct config *cfg)
{
	(void)cl;
	return test_mode_run(cfg, STDIN_FILENO, stdout);
}

/* One verified recipient of -bv. */
struct vrcpt {
	char *paddr;			/* the address as given */
	struct parsed_addr pa;
	size_t seq;			/* order of entry, for a stable sort */
};

struct vlist {
	struct vrcpt *v;
	size_t n, cap;
};

/* vlist_same - sendmail's sameaddr: same mailer, host and user */
static bool
vlist_same(const struct parsed_addr *a, const struct parsed_addr *b)
{
	const char *ha = a->host != NULL ? a->host : "", *hb = b->host != NULL ? b->host : "";

	return strcmp(a->mailer_name, b->mailer_name) == 0 && strcasecmp(ha, hb) == 0 &&
	    strcasecmp(a->user, b->user) == 0;
}

/* vlist_add - append r unless the list has the same address (r is then freed) */
static void
vlist_add(struct vlist *l, struct vrcpt *r)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (vlist_same(&l->v[i].pa, &r->pa)) {
			free(r->paddr);
			parsed_addr_free(&r->pa);
			return;
		}
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = sm_reallocarray(l->v, l->cap, sizeof(*l->v));
	}
	r->seq = l->n;
	l->v[l->n++] = *r;
}

/* parse_list - sendmail's sendtolist: parse every address of list, then
 * enter them in reverse order, as sendmail's local list does */
static void
parse_list(const struct addr_env *ae, const char *list, int delim, struct vlist *out)
{
	struct vlist tmp = { NULL, 0, 0 };
	struct vrcpt r;
	const char *p = list, *end;
	size_t len;

	while (*p != '\0') {
		while (isspace((unsigned char)*p) || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = NULL;
		if (addr_parse(ae, p, delim, 0, &r.pa, &end) == 0 && r.pa.bad)
			parsed_addr_free(&r.pa);
		else if (r.pa.mailer != NULL) {
			len = end != NULL && end > p ? (size_t)(end - p) : strlen(p);
			while (len > 0 && isspace((unsigned char)p[len - 1]))
				len--;
			r.paddr = sm_strndup(p, len);
			if (tmp.n == tmp.cap) {
				tmp.cap = tmp.cap ? tmp.cap * 2 : 8;
				tmp.v = sm_reallocarray(tmp.v, tmp.cap, sizeof(*tmp.v));
			}
			tmp.v[tmp.n++] = r;
		}
		if (end == NULL || *end == '\0')
			break;
		p = end > p ? end : p + 1;	/* sendmail goes on at delimptr */
	}
	while (tmp.n > 0)
		vlist_add(out, &tmp.v[--tmp.n]);
	free(tmp.v);
}

/* by_host - stable order of -bv's report: by host, local ones first */
static int
by_host(const void *a, const void *b)
{
	const struct vrcpt *x = a, *y = b;
	int c = strcasecmp(x->pa.host != NULL ? x->pa.host : "",
	    y->pa.host != NULL ? y->pa.host : "");

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* user_known - a mailer with F=w needs a passwd entry for the user */
static bool
user_known(const struct vrcpt *r)
{
	char lower[256];

	if (r->pa.mailer == NULL || !mailer_has_flag(r->pa.mailer, 'w'))
		return true;
	if (getpwnam(r->pa.user) != NULL)
		return true;
	if (sm_strlcpy(lower, r->pa.user, sizeof(lower)) >= sizeof(lower))
		return false;
	sm_lower(lower);
	return getpwnam(lower) != NULL;
}

/* report_one - the -bv line of one recipient */
static void
report_one(const struct vrcpt *r, int *status)
{
	const struct parsed_addr *pa = &r->pa;

	if (!user_known(r)) {
		printf("%s... User unknown\n", r->paddr);
		addr_exitstat(status, EX_NOUSER);
	} else if (pa->host != NULL && pa->host[0] != '\0')
		printf("%s... deliverable: mailer %s, host %s, user %s\n", r->paddr,
		    pa->mailer_name, pa->host, pa->user);
	else
		printf("%s... deliverable: mailer %s, user %s\n", r->paddr,
		    pa->mailer_name, pa->user);
}

/*
 * mode_verify - -bv: parse each address and say where it would go.  As
 * sendmail's sendtolist, lists are split on blanks ("old style") until one
 * holds a comma, semicolon, '<' or '(', and on commas from then on;
 * duplicates are dropped; the report is ordered by host.
 * Missing: alias, .forward and :include: expansion.
 */
static int
mode_verify(struct cmdline *cl, struct config *cfg)
{
	int status = EX_OK, i;
	struct addr_env ae = { .cfg = cfg, .mac = &cfg->mac, .out = stdout,
		.trace = false, .exitstat = &status };
	struct vlist l = { NULL, 0, 0 };
	bool oldstyle = true;
	size_t k;

	if (cl->nargs == 0) {
		printf("Recipient names must be specified\n");
		return EX_USAGE;
	}
	for (i = 0; i < cl->nargs; i++) {
		if (strpbrk(cl->args[i], ",;<(") != NULL)
			oldstyle = false;
		parse_list(&ae, cl->args[i], oldstyle ? ' ' : ',', &l);
	}
	if (l.n > 0)
		qsort(l.v, l.n, sizeof(*l.v), by_host);
	for (k = 0; k < l.n; k++) {
		report_one(&l.v[k], &status);
		free(l.v[k].paddr);
		parsed_addr_free(&l.v[k].pa);
	}
	free(l.v);
	return status;
}

/* is_local_host - class w membership, for the aliases builder */
static bool
is_local_host(void *ctx, const char *domain)
{
	return class_has(ctx, 'w', domain);
}

/* mode_newaliases - -bi: rebuild every alias database of AliasFile */
static int
mode_newaliases(struct cmdline *cl, struct config *cfg)
{
	struct aliases_db_opts ao = { is_local_host, cfg };
	struct sm_buf err = SM_BUF_INIT(1024);
	const char *spec = cfg->opt.alias_file;
	int r;

	(void)cl;
	if (spec == NULL || *spec == '\0') {
		printf("No alias file specified\n");
		return EX_CONFIG;
	}
	r = aliases_db_rebuild_opts(spec, &ao, &err, stdout);
	sm_buf_free(&err);
	return r;
}

/* mode_printqueue - -bp and mailq: the queue listing (queue_list.c) */
static int
mode_printqueue(struct cmdline *cl, struct config *cfg)
{
	return queue_list_print_args(cfg, cl->qargs, cl->nq, stdout);
}

/* mode_smtp - -bs: SMTP on stdin/stdout; the peer is the local user
 * (no ${client_addr}; ${daemon_flags} "c u", as sendmail sets them);
 * the log goes to syslog (facility mail, the -L tag), as sendmail's */
static int
mode_smtp(struct cmdline *cl, struct config *cfg)
{
	const struct smtp_peer peer = { .daemon_flags = "c u" };

	sm_log_syslog(cl->logtag != NULL ? cl->logtag : "sendmail", LOG_MAIL);
	fflush(stdout);
	return smtp_server_run(cfg, STDIN_FILENO, STDOUT_FILENO, &peer);
}

/* mode_daemon - -bd (detached) and -bD (foreground), daemon.c; a -q
 * with an interval ("-q30m") adds the periodic queue runs; a bad one
 * gets sendmail's "Invalid time unit `x'" and EX_USAGE */
static int
mode_daemon(struct cmdline *cl, struct config *cfg)
{
	struct daemon_args da = { cl->argv, cl->argc, 0, cl->mode == 'd', cl->logtag };
	struct sm_buf err = SM_BUF_INIT(1024);
	size_t i;
	int bad = 0;

	for (i = 0; i < cl->nq; i++)
		if (isdigit((unsigned char)cl->qargs[i][0]) &&
		    option_convtime(cl->qargs[i], 'm', &da.queue_interval, &err) < 0)
			bad = 1;
	if (bad)
		printf("%s\n", sm_buf_str(&err));
	sm_buf_free(&err);
	if (bad)
		return EX_USAGE;
	fflush(stdout);
	return daemon_run(cfg, &da);
}

/* mode_submit - -bm, the default: the message on stdin to the
 * addresses (submit.c); the log goes to syslog, as sendmail's */
static int
mode_submit(struct cmdline *cl, struct config *cfg)
{
	size_t i;

	sm_log_syslog(cl->logtag != NULL ? cl->logtag : "sendmail", LOG_MAIL);
	cl->sub.from = cl->from;
	cl->sub.fullname = cl->fullname;
	cl->sub.cf = cl->cf_given ? cl->cf : NULL;
	cl->sub.args = cl->args;
	cl->sub.nargs = cl->nargs;
	for (i = 0; i < cl->nopts; i++) {
		const char *o = cl->opts[i].arg;

		if (cl->opts[i].long_form ? strncasecmp(o, "QueueDirectory=", 15) == 0 :
		    o[0] == 'Q')
			cl->sub.cmdline_queue = true;
	}
	fflush(stdout);
	return submit_run(cfg, &cl->sub);
}

static const struct {
	int letter;
	const char *what;
	mode_fn run;		/* NULL: not done yet */
} modes[] = {
	{ 'a', "ARPANET mode", NULL },
	{ 'C', "check configuration", NULL },
	{ 'd', "daemon mode", mode_daemon },
	{ 'D', "foreground daemon mode", mode_daemon },
	{ 'h', "host status", NULL },
	{ 'H', "purge host status", NULL },
	{ 'i', "initialize aliases", mode_newaliases },
	{ 'm', "deliver mail", mode_submit },
	{ 'p', "print the queue", mode_printqueue },
	{ 'P', "queue counts", NULL },
	{ 's', "SMTP on standard input", mode_smtp },
	{ 't', "address test mode", mode_test },
	{ 'v', "verify addresses", mode_verify },
};

/* find_mode - the modes[] row of letter, or -1 */
static int
find_mode(int letter)
{
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(modes); i++)
		if (modes[i].letter == letter)
			return (int)i;
	return -1;
}

/* --------------------------------------------------------- the flags */

static void
usage_exit(const char *fmt, const char *arg)
{
	fflush(stdout);
	printf(fmt, arg);
	putchar('\n');
	fflush(stdout);
	exit(EX_USAGE);
}

/* flag_b - -bX: the operation mode */
static void
flag_b(struct cmdline *cl, const char *arg)
{
	if (arg[0] == 'z' && arg[1] == '\0')
		usage_exit("Frozen configurations unsupported%s", "");
	if (arg[0] == '\0' || arg[1] != '\0' || find_mode(arg[0]) < 0)
		usage_exit("Invalid operation mode %s", arg[0] != '\0' ? arg : "");
	cl->mode = arg[0];
}

static void
flag_C(struct cmdline *cl, const char *arg)
{
	cl->cf = arg;
	cl->cf_given = true;
}

/* flag_A - -Ac: submit.cf, -Am: sendmail.cf, whatever the mode */
static void
flag_A(struct cmdline *cl, const char *arg)
{
	if ((arg[0] == 'c' || arg[0] == 'm') && arg[1] == '\0')
		cl->which_cf = arg[0];
}

static void
flag_d(struct cmdline *cl, const char *arg)
{
	(void)cl;
	(void)debug_parse(arg);
}

static void
add_opt(struct cmdline *cl, const char *arg, bool long_form)
{
	if (cl->nopts >= MAIN_MAXOPTS)
		usage_exit("Too many options (%s)", arg);
	cl->opts[cl->nopts].arg = arg;
	cl->opts[cl->nopts++].long_form = long_form;
}

static void
flag_O(struct cmdline *cl, const char *arg)
{
	add_opt(cl, arg, true);
}

static void
flag_o(struct cmdline *cl, const char *arg)
{
	add_opt(cl, arg, false);
}

static void
flag_M(struct cmdline *cl, const char *arg)
{
	if (cl->nmacros >= MAIN_MAXOPTS)
		usage_exit("Too many macros (%s)", arg);
	cl->macros[cl->nmacros++] = arg;
}

static void
flag_f(struct cmdline *cl, const char *arg)
{
	if (cl->from != NULL)
		usage_exit("More than one \"from\" person%s", "");
	cl->from = arg;
}

static void
flag_F(struct cmdline *cl, const char *arg)
{
	cl->fullname = arg;
}

static void
flag_L(struct cmdline *cl, const char *arg)
{
	cl->logtag = arg;
}

/* flag_t - recipients from the header */
static void
flag_t(struct cmdline *cl, const char *arg)
{
	(void)arg;
	cl->sub.from_headers = true;
}

/* flag_i - IgnoreDots, as -oi */
static void
flag_i(struct cmdline *cl, const char *arg)
{
	(void)arg;
	add_opt(cl, "i", false);
}

/* flag_v - Verbose (and interactive delivery) */
static void
flag_v(struct cmdline *cl, const char *arg)
{
	(void)arg;
	add_opt(cl, "v", false);
	cl->sub.verbose = true;
}

/* flag_n - no aliasing */
static void
flag_n(struct cmdline *cl, const char *arg)
{
	(void)arg;
	cl->sub.no_alias = true;
}

/* flag_B - the body type, checked when the message is read */
static void
flag_B(struct cmdline *cl, const char *arg)
{
	cl->sub.body_type = arg;
}

/* flag_N - DSN NOTIFY for every recipient */
static void
flag_N(struct cmdline *cl, const char *arg)
{
	if (submit_notify_parse(arg, &cl->sub.notify) < 0)
		cl->bad_args = true;
}

/* flag_R - DSN RET: full or hdrs, once */
static void
flag_R(struct cmdline *cl, const char *arg)
{
	int r;

	if (cl->sub.ret != SUBMIT_RET_NONE) {
		printf("Duplicate -R flag\n");
		cl->bad_args = true;
		return;
	}
	if ((r = submit_ret_parse(arg)) < 0)
		cl->bad_args = true;
	else
		cl->sub.ret = r;
}

/* flag_V - DSN ENVID, xtext */
static void
flag_V(struct cmdline *cl, const char *arg)
{
	if (!submit_envid_ok(arg))
		cl->bad_args = true;
	else
		cl->sub.envid = arg;
}

/* flag_q - -q[time], -q[!]I/R/Smatch, -qf: a queue run (queue_run.c) */
static void
flag_q(struct cmdline *cl, const char *arg)
{
	if (cl->nq >= MAIN_MAXOPTS)
		usage_exit("Too many -q options (%s)", arg);
	cl->qargs[cl->nq++] = arg;
}

/* flag_ignored - flags accepted for compatibility that change nothing here */
static void
flag_ignored(struct cmdline *cl, const char *arg)
{
	(void)cl;
	(void)arg;
}

/* The flags of sendmail(8); an argument is taken when has_arg. */
static const struct {
	int flag;
	bool has_arg;
	void (*fn)(struct cmdline *cl, const char *arg);
} flags[] = {
	{ 'A', true, flag_A },		/* c: submit.cf, m: sendmail.cf */
	{ 'B', true, flag_B },		/* body type */
	{ 'b', true, flag_b },
	{ 'C', true, flag_C },
	{ 'c', false, flag_ignored },	/* HoldExpensive (obsolete) */
	{ 'D', true, flag_ignored },	/* debug output file */
	{ 'd', true, flag_d },
	{ 'e', true, flag_ignored },	/* ErrorMode (obsolete) */
	{ 'F', true, flag_F },
	{ 'f', true, flag_f },
	{ 'G', false, flag_ignored },	/* gateway submission */
	{ 'h', true, flag_ignored },	/* hop count */
	{ 'i', false, flag_i },		/* IgnoreDots */
	{ 'L', true, flag_L },
	{ 'M', true, flag_M },
	{ 'm', false, flag_ignored },	/* MeToo (obsolete) */
	{ 'N', true, flag_N },		/* DSN NOTIFY */
	{ 'n', false, flag_n },		/* no aliasing */
	{ 'O', true, flag_O },
	{ 'o', true, flag_o },
	{ 'p', true, flag_ignored },	/* protocol[:host] */
	{ 'Q', true, flag_ignored },	/* quarantine */
	{ 'q', true, flag_q },
	{ 'R', true, flag_R },		/* DSN RET */
	{ 'r', true, flag_f },
	{ 's', false, flag_ignored },	/* SaveFromLine (obsolete) */
	{ 't', false, flag_t },		/* recipients from headers */
	{ 'U', false, flag_ignored },	/* initial submission (obsolete) */
	{ 'V', true, flag_V },		/* DSN ENVID */
	{ 'v', false, flag_v },		/* verbose */
	{ 'X', true, flag_ignored },	/* traffic log */
};

/* build_optstring - getopt's string from flags[] */
static void
build_optstring(char *buf, size_t size)
{
	size_t i, n = 0;

	buf[n++] = '+';
	for (i = 0; i < SM_ARRAY_SIZE(flags) && n + 3 < size; i++) {
		buf[n++] = (char)flags[i].flag;
		if (flags[i].has_arg)
			buf[n++] = ':';
		if (flags[i].flag == 'q')
			buf[n++] = ':';	/* -q's argument is optional */
	}
	buf[n] = '\0';
}

/* run_flag - the flags[] row for c */
static void
run_flag(struct cmdline *cl, int c, const char *arg)
{
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(flags); i++) {
		if (flags[i].flag == c) {
			flags[i].fn(cl, arg != NULL ? arg : "");
			return;
		}
	}
	exit(EX_USAGE);		/* getopt printed "illegal option" */
}

/* mode_from_name - newaliases, mailq ... as their -b letters */
static int
mode_from_name(const char *prog)
{
	static const struct { const char *name; int mode; } names[] = {
		{ "newaliases", 'i' }, { "mailq", 'p' }, { "hoststat", 'h' },
		{ "purgestat", 'H' }, { "smtpd", 'd' },
	};
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(names); i++)
		if (strcmp(prog, names[i].name) == 0)
			return names[i].mode;
	return 'm';
}

/* choose_cf - without -C, submission (-bm without -q, -bs) reads
 * submit.cf when it exists, as sendmail 8.12 and later; -Ac and -Am
 * choose either way */
static void
choose_cf(struct cmdline *cl)
{
	bool submit;

	if (cl->cf_given)
		return;
	if (cl->which_cf != 0)
		submit = cl->which_cf == 'c';
	else
		submit = (cl->mode == 'm' && cl->nq == 0) || cl->mode == 's';
	if (submit && access(PATH_SUBMIT_CF, R_OK) == 0)
		cl->cf = PATH_SUBMIT_CF;
}

/* parse_cmdline - every flag into cl; the rest are addresses */
static void
parse_cmdline(struct cmdline *cl, int argc, char **argv)
{
	char optstring[2 * SM_ARRAY_SIZE(flags) + 4];
	int c;

	cl->mode = mode_from_name(sm_progname);
	cl->cf = PATH_SENDMAIL_CF;
	build_optstring(optstring, sizeof(optstring));
	opterr = 1;
	while ((c = getopt(argc, argv, optstring)) != -1) {
		if (c == '?' || c == ':')
			exit(EX_USAGE);
		run_flag(cl, c, optarg);
	}
	cl->args = argv + optind;
	cl->nargs = argc - optind;
	cl->argv = argv;
	cl->argc = argc;
	if (cl->bad_args) {
		fflush(stdout);
		exit(EX_USAGE);
	}
	choose_cf(cl);
}

/* ------------------------------------------------------- configuration */

/* apply_cmdopts - -O and -o after the file, as sendmail's win over it */
static void
apply_cmdopts(struct config *cfg, const struct cmdline *cl, struct sm_buf *err)
{
	struct sm_buf e = SM_BUF_INIT(1024);
	size_t i;

	for (i = 0; i < cl->nopts; i++) {
		sm_buf_reset(&e);
		if (option_cmdline(cfg, cl->opts[i].arg, cl->opts[i].long_form, &e) < 0) {
			(void)sm_buf_printf(err, "%s\n", sm_buf_str(&e));
			cfg->nerrors++;
		}
	}
	sm_buf_free(&e);
}

/* apply_macros - -Mxvalue */
static void
apply_macros(struct config *cfg, const struct cmdline *cl)
{
	char name[64];
	const char *val;
	size_t i, n;

	for (i = 0; i < cl->nmacros; i++) {
		const char *a = cl->macros[i];

		if (*a == '{' && (val = strchr(a, '}')) != NULL)
			n = (size_t)(val++ - a) + 1;
		else if (*a != '\0')
			n = 1, val = a + 1;
		else
			continue;
		if (n >= sizeof(name))
			continue;
		memcpy(name, a, n);
		name[n] = '\0';
		macro_set(&cfg->mac, macro_id(name, true), val);
	}
}

/* the long macro names sendmail registers itself before and after it
 * reads the cf, in its order (they fix its one-byte macro ids) */
static const char *const startup_names[] = {
	"{opMode}", "{deliveryMode}", "{load_avg}",
};
static const char *const after_cf_names[] = {
	"{checkMIMEFieldHeaders}", "{checkMIMETextHeaders}", "{checkMIMEHeaders}",
	"{persistentMacros}", "{quarantine}",
};

/* smid_note_names - register names in sendmail's one-byte id order */
static void
smid_note_names(const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		macro_smid_note(macro_id(names[i], true));
}

/* load_config - identity, the cf, the command-line options; exits on failure */
static struct config *
load_config(const struct cmdline *cl, const struct identity *id)
{
	struct sm_buf err = SM_BUF_INIT(1024 * 1024);
	struct config *cfg = conf_new(cl->cf);
	int r;

	smid_note_names(startup_names, SM_ARRAY_SIZE(startup_names));
	identity_apply(cfg, id, cl->mode);
	macro_smid_auto(true);
	r = conf_read_into(cfg, cl->cf, &err);
	macro_smid_auto(false);
	smid_note_names(after_cf_names, SM_ARRAY_SIZE(after_cf_names));
	macro_smid_auto(true);
	if (r == 0) {
		apply_cmdopts(cfg, cl, &err);
		(void)conf_finish(cfg, &err);
	}
	/* -bs: stdout is the SMTP channel; sendmail shows no cf warnings there */
	if (cl->mode != 's' || r < 0 || cfg->nerrors > 0)
		fputs(sm_buf_str(&err), stdout);
	sm_buf_free(&err);
	if (r < 0 || cfg->nerrors > 0) {
		fflush(stdout);
		conf_free(cfg);
		exit(r < 0 ? EX_OSFILE : EX_CONFIG);
	}
	apply_macros(cfg, cl);
	return cfg;
}

/* main - parse the command line, read the configuration, run the mode */
int
main(int argc, char **argv)
{
	static char outbuf[1 << 16];
	struct cmdline *cl = sm_calloc(1, sizeof(*cl));
	struct identity id;
	struct config *cfg;
	int m, status;
	bool qrun;

	sm_set_progname(argv[0]);
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	parse_cmdline(cl, argc, argv);
	m = find_mode(cl->mode);
	qrun = cl->nq > 0 && cl->mode == 'm';
	if (!qrun && (m < 0 || modes[m].run == NULL)) {
		printf("Operation mode -b%c (%s) is not implemented yet\n", cl->mode,
		    m < 0 ? "unknown" : modes[m].what);
		fflush(stdout);
		free(cl);
		return EX_USAGE;
	}
	debug_print_startup(stdout, PATH_SENDMAIL_CF, PATH_SUBMIT_CF, PATH_PIDFILE);
	identity_probe(&id, stdout);
	cfg = load_config(cl, &id);
	identity_probe_ifaces(cfg, stdout);
	debug_print_selected(stdout, cl->cf, PATH_PIDFILE);
	identity_after_readcf(cfg, stdout);
	debug_print_identity(stdout, cfg);
	if (qrun)	/* the delivery lines go to syslog, as the real one's */
		sm_log_syslog(cl->logtag != NULL ? cl->logtag : "sendmail", LOG_MAIL);
	if (qrun && cfg->opt.verbose)
		tr_stdout();	/* -q -v: the delivery transcript (transcript.h) */
	status = qrun ? queue_run_args(cfg, cl->qargs, cl->nq) : modes[m].run(cl, cfg);
	fflush(stdout);
	conf_free(cfg);
	free(cl);
	return status;
}
