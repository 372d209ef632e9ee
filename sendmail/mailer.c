/*
 * mailer.c - mailer definitions: M lines, the built-in mailers, =M lines.
 *
 * Owns struct mailer and struct mailer_table (mailer.h).  An M line is
 * "name, F=value, F=value ..." where F is one letter: P S R E A M m r L N
 * D C Q T U W / (see the operations guide, "M -- Define Mailer").  The
 * rules, error texts and the =M output are sendmail 8.17's, checked
 * against the real binary: values go through munchstring (quotes, \n, \r);
 * S=/R= take "env/hdr" ruleset names or numbers below 100, entered with
 * ruleset_id(create); U= is user[:group] by name or number (strtol base
 * 0); numbers are read with atoi() semantics (M=12x is 12) because =M
 * shows them so; r= of 0 or less keeps 100; F=L without L= means 990;
 * prog and *file* never keep F=m (one recipient per delivery);
 * [IPC] and [FILE] mailers check their A= words; E= defaults to "\n" when
 * some A= word uses $u, else "\r\n".
 *
 * Not done: Q= is stored but not checked against the queue groups (no
 * interface for them yet; sendmail says "mailer x: unknown queue y").
 */
#include "sm.h"
#include "config.h"
#include "mailer.h"
#include "ruleset.h"
#include "options.h"

#include <grp.h>
#include <pwd.h>

#define DEFAULT_MAX_RCPT 100
#define SMTP_LINE_LIMIT 990

/* The built-in mailers, defined by sendmail's own M lines. */
static const char *const builtin_lines[] = {
	"prog, P=/bin/sh, F=lsouDq9, T=X-Unix/X-Unix/X-Unix, A=sh -c $u",
	"*file*, P=[FILE], F=lsDFMPEouq9, T=X-Unix/X-Unix/X-Unix, A=FILE $u",
	"*include*, P=/dev/null, F=su, A=INCLUDE $u",
};

/* mline_msg - add one message to err; returns -1 */
static int __attribute__((format(printf, 2, 3)))
mline_msg(struct sm_buf *err, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL) {
		if (err->len > 0)
			(void)sm_buf_putc(err, '\n');
		va_start(ap, fmt);
		(void)sm_buf_vprintf(err, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static void
set_flag(struct mailer *m, int c)
{
	m->flags[(unsigned char)c / 8] |= (unsigned char)(1u << ((unsigned char)c % 8));
}

static void
clear_flag(struct mailer *m, int c)
{
	m->flags[(unsigned char)c / 8] &= (unsigned char)~(1u << ((unsigned char)c % 8));
}

/* mailer_has_flag - whether F= of m holds letter c */
bool
mailer_has_flag(const struct mailer *m, int c)
{
	return (m->flags[(unsigned char)c / 8] >> ((unsigned char)c % 8)) & 1;
}

static void
mailer_free(struct mailer *m)
{
	int i;

	if (m == NULL)
		return;
	free(m->name);
	free(m->path);
	free(m->argv);
	for (i = 0; i < m->nargs; i++)
		free(m->args[i]);
	free(m->args);
	free(m->eol);
	free(m->dir);
	free(m->rootdir);
	free(m->charset);
	free(m->mtatype);
	free(m->addrtype);
	free(m->diagtype);
	free(m->queue_group);
	free(m->waitq);
	free(m);
}

/* mailer_table_free - free every mailer and the vector; t is left empty */
void
mailer_table_free(struct mailer_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		mailer_free(t->v[i]);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

/* munch_field - sendmail's munchstring up to an unquoted, unescaped
 * delim: returns the value (malloc'd), *endp at the delimiter or NUL */
static char *
munch_field(const char *p, int delim, const char **endp)
{
	char *out = sm_malloc(strlen(p) + 1), *q = out;
	bool bs = false, quoted = false;

	for (; *p != '\0'; p++) {
		if (bs) {
			bs = false;
			if (*p == 'n')
				*q++ = '\n';
			else if (*p == 'r')
				*q++ = '\r';
			else if (*p != 'b' && *p != 'f')
				*q++ = *p;
		} else if (*p == '\\')
			bs = true;
		else if (*p == '"')
			quoted = !quoted;
		else if (quoted || *p != delim)
			*q++ = *p;
		else
			break;
	}
	*q = '\0';
	*endp = p;
	return out;
}

static void
replace(char **slot, char *s)
{
	free(*slot);
	*slot = s;
}

/* rwset - one ruleset of S= or R= (sendmail's strtorwset); -1 + err */
static int
rwset(struct config *cfg, const char *p, const char **endp, struct sm_buf *err)
{
	char name[128];
	const char *q;
	size_t n;
	int id;

	while (isspace((unsigned char)*p))
		p++;
	if (!isascii((unsigned char)*p))
		return mline_msg(err, "invalid ruleset name: \"%.20s\"", p);
	if (isdigit((unsigned char)*p)) {
		char *e;
		long v;

		errno = 0;
		v = strtol(p, &e, 10);
		if (errno == ERANGE || v < 0 || v >= 100)
			return mline_msg(err, "bad ruleset %ld (%d max)",
			    errno == ERANGE ? (long)INT_MAX : v, 100);
		n = (size_t)(e - p);
		q = e;
	} else {
		q = p;
		while (isascii((unsigned char)*q) &&
		    (isalnum((unsigned char)*q) || *q == '_'))
			q++;
		if (q == p || !isalpha((unsigned char)*p))
			return mline_msg(err, "invalid ruleset name: \"%.20s\"", p);
		n = (size_t)(q - p);
		while (isspace((unsigned char)*q))
			q++;
	}
	if (n >= sizeof(name))
		return mline_msg(err, "invalid ruleset name: \"%.20s\"", p);
	memcpy(name, p, n);
	name[n] = '\0';
	id = ruleset_id(cfg, name, true);
	if (id < 0)
		return mline_msg(err, "invalid ruleset name: \"%.20s\"", name);
	if (endp != NULL)
		*endp = q;
	return id;
}

/* field_rulesets - S=env[/hdr] or R=env[/hdr] */
static int
field_rulesets(struct config *cfg, struct mailer *m, int code, const char *v,
    struct sm_buf *err)
{
	const char *end = v;
	int env, hdr;

	env = rwset(cfg, v, &end, err);
	if (env < 0)
		return -1;
	hdr = env;
	if (*end == '/') {
		hdr = rwset(cfg, end + 1, NULL, err);
		if (hdr < 0)
			return -1;
	}
	if (code == 'S') {
		m->s_env = env;
		m->s_hdr = hdr;
	} else {
		m->r_env = env;
		m->r_hdr = hdr;
	}
	return 0;
}

/* field_args - A=: split at blanks */
static void
field_args(struct mailer *m, const char *v)
{
	int i;

	replace(&m->argv, sm_strdup(v));
	for (i = 0; i < m->nargs; i++)
		free(m->args[i]);
	free(m->args);
	m->args = sm_calloc(MAILER_MAX_ARGS + 1, sizeof(char *));
	m->nargs = 0;
	while (*v != '\0' && m->nargs < MAILER_MAX_ARGS) {
		size_t n = strcspn(v, " \t\n\r\f\v");

		m->args[m->nargs++] = sm_strndup(v, n);
		v += n;
		while (isspace((unsigned char)*v))
			v++;
	}
}

/* field_types - T=mta/addr/diag; empty parts default dns/rfc822/smtp */
static void
field_types(struct mailer *m, const char *v)
{
	const char *s1 = strchr(v, '/'), *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
	size_t n1 = s1 ? (size_t)(s1 - v) : strlen(v);

	replace(&m->mtatype, n1 ? sm_strndup(v, n1) : sm_strdup("dns"));
	if (s1 == NULL || s1[1] == '\0' || s1 + 1 == s2)
		replace(&m->addrtype, sm_strdup("rfc822"));
	else
		replace(&m->addrtype, sm_strndup(s1 + 1,
		    s2 ? (size_t)(s2 - s1 - 1) : strlen(s1 + 1)));
	if (s2 == NULL || s2[1] == '\0')
		replace(&m->diagtype, sm_strdup("smtp"));
	else
		replace(&m->diagtype, sm_strdup(s2 + 1));
}

/* field_user - U=user[:group] as sendmail reads it */
static int
field_user(struct mailer *m, const char *p, struct sm_buf *err)
{
	char buf[256];
	size_t n;

	if (!isdigit((unsigned char)*p)) {
		struct passwd *pw;
		const char *q = p;

		while (*p != '\0' && isascii((unsigned char)*p) &&
		    (isalnum((unsigned char)*p) || strchr("-_.", *p)))
			p++;
		n = (size_t)(p - q);
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '\0')
			p++;
		if (n == 0)
			return mline_msg(err, "mailer %s: null user name", m->name);
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, q, n);
		buf[n] = '\0';
		pw = getpwnam(buf);
		if (pw == NULL) {
			/* sendmail complains, leaves U= unset and goes on */
			(void)mline_msg(err, "readcf: mailer U= flag: unknown user %s", buf);
			return 0;
		}
		m->uid = pw->pw_uid;
		m->gid = pw->pw_gid;
	} else {
		char *e;

		m->uid = (uid_t)strtol(p, &e, 0);
		p = e;
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '\0')
			p++;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return 0;
	if (!isdigit((unsigned char)*p)) {
		struct group *gr;
		const char *q = p;

		while (*p != '\0' && isascii((unsigned char)*p) &&
		    (isalnum((unsigned char)*p) || strchr("-_.", *p)))
			p++;
		n = (size_t)(p - q);
		if (n == 0)
			return mline_msg(err, "mailer %s: null group name", m->name);
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, q, n);
		buf[n] = '\0';
		gr = getgrnam(buf);
		if (gr == NULL) {
			(void)mline_msg(err, "readcf: mailer U= flag: unknown group %s", buf);
			return 0;
		}
		m->gid = gr->gr_gid;
	} else {
		m->gid = (gid_t)strtol(p, NULL, 0);
	}
	return 0;
}

/* field_text - a text field that refuses an empty value */
static int
field_text(struct mailer *m, char **slot, const char *v, const char *what,
    struct sm_buf *err)
{
	if (*v == '\0')
		return mline_msg(err, "mailer %s: null %s", m->name, what);
	replace(slot, sm_strdup(v));
	return 0;
}

/* set_field - install one "X=value" */
static int
set_field(struct config *cfg, struct mailer *m, int code, const char *v,
    struct sm_buf *err, bool *fatal)
{
	const char *p;
	time_t t;
	int i;

	switch (code) {
	case 'P':
		if (*v != '\0')
			replace(&m->path, sm_strdup(v));
		return 0;
	case 'F':
		for (p = v; *p != '\0'; p++)
			if (!isspace((unsigned char)*p))
				set_flag(m, *p);
		return 0;
	case 'S':
	case 'R':
		if (field_rulesets(cfg, m, code, v, err) < 0) {
			*fatal = true;
			return -1;
		}
		return 0;
	case 'E': return field_text(m, &m->eol, v, "end-of-line string", err);
	case 'A':
		if (*v != '\0')
			field_args(m, v);
		return 0;
	case 'M': m->maxsize = atol(v); return 0;
	case 'm': m->maxmsgs = atoi(v); return 0;
	case 'r': m->recipients = atoi(v); return 0;
	case 'L':
		m->maxline = atoi(v);
		if (m->maxline < 0)
			m->maxline = 0;
		return 0;
	case 'N': m->nice = atoi(v); return 0;
	case 'D': return field_text(m, &m->dir, v, "working directory", err);
	case 'C': return field_text(m, &m->charset, v, "charset", err);
	case 'Q': return field_text(m, &m->queue_group, v, "queue", err);
	case '/': return field_text(m, &m->rootdir, v, "root directory", err);
	case 'T': field_types(m, v); return 0;
	case 'U': return field_user(m, v, err);
	case 'W':
		replace(&m->waitq, sm_strdup(v));
		i = option_convtime(v, 's', &t, err);
		m->wait = t;
		return i;
	default:
		return mline_msg(err, "M%s: unknown mailer equate %c=", m->name, code);
	}
}

/* arg_uses_u - whether an A= word expands $u ("$$u" is a literal) */
static bool
arg_uses_u(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s != '$')
			continue;
		if (s[1] == '$') {
			s++;
			continue;
		}
		if (s[1] == 'u')
			return true;
	}
	return false;
}

/* check_mailer - sendmail's rationality checks and defaults after the
 * fields; -1 + err when the mailer must not be defined */
static int
check_mailer(struct config *cfg, struct mailer *m, struct sm_buf *err)
{
	int i;

	if (m->args == NULL)
		return mline_msg(err, "M%s: A= argument required", m->name);
	if (m->path == NULL)
		return mline_msg(err, "M%s: P= argument required", m->name);
	if (cfg->mailers.n >= MAILER_MAX)
		return mline_msg(err, "too many mailers defined (%d max)", MAILER_MAX);
	if (m->recipients <= 0)
		m->recipients = DEFAULT_MAX_RCPT;
	if (strcasecmp(m->name, "prog") == 0 || strcasecmp(m->name, "*file*") == 0)
		clear_flag(m, 'm');	/* one recipient per program or file */
	if (mailer_has_flag(m, 'L')) {
		if (m->maxline == 0)
			m->maxline = SMTP_LINE_LIMIT;
		if (cfg->version < 2)
			set_flag(m, '7');
	}
	if (strcmp(m->path, "[TCP]") == 0)
		return mline_msg(err, "M%s: P=[TCP] must be replaced by P=[IPC]", m->name);
	if (strcmp(m->path, "[IPC]") == 0) {
		bool file;

		if (m->nargs < 2 || m->args[1][0] == '\0')
			return mline_msg(err, "M%s: too few parameters for %s mailer",
			    m->name, m->path);
		file = strcmp(m->args[0], "FILE") == 0;
		if (!file && strcmp(m->args[0], "TCP") != 0)
			printf("M%s: Warning: first argument in %s mailer must be %s\n",
			    m->name, m->path, "TCP or FILE");
		if (m->mtatype == NULL)
			m->mtatype = sm_strdup("dns");
		if (m->addrtype == NULL)
			m->addrtype = sm_strdup("rfc822");
		if (m->diagtype == NULL)
			m->diagtype = sm_strdup(file ? "x-unix" : "smtp");
	} else if (strcmp(m->path, "[FILE]") == 0) {
		if (m->nargs != 2)
			return mline_msg(err, "M%s: too %s parameters for [FILE] mailer",
			    m->name, m->nargs < 2 ? "few" : "many");
		if (strcmp(m->args[0], "FILE") != 0)
			return mline_msg(err, "M%s: first argument in [FILE] mailer must be FILE",
			    m->name);
	}
	if (m->eol == NULL) {
		m->eol = sm_strdup("\r\n");
		for (i = 0; i < m->nargs; i++)
			if (arg_uses_u(m->args[i])) {
				replace(&m->eol, sm_strdup("\n"));
				break;
			}
	}
	return 0;
}

/* enter - put m into the table, replacing a mailer of the same name */
static void
enter(struct config *cfg, struct mailer *m)
{
	struct mailer_table *t = &cfg->mailers;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcasecmp(t->v[i]->name, m->name) == 0) {
			m->number = t->v[i]->number;
			mailer_free(t->v[i]);
			t->v[i] = m;
			return;
		}
	t->v = sm_reallocarray(t->v, t->n + 1, sizeof(*t->v));
	m->number = (int)t->n;
	t->v[t->n++] = m;
}

/* mailer_parse_mline - define (or redefine) a mailer from an M line; 0 or -1 + err */
int
mailer_parse_mline(struct config *cfg, const char *text, struct sm_buf *err)
{
	struct mailer *m;
	const char *p = text;
	size_t n;
	int errors = 0;
	bool fatal = false;

	n = strcspn(p, ", \t\n\r\f\v");
	if (n == 0)
		return mline_msg(err, "name required for mailer");
	m = sm_calloc(1, sizeof(*m));
	m->name = sm_strndup(p, n);
	m->uid = (uid_t)-1;
	m->gid = (gid_t)-1;
	m->s_env = m->s_hdr = m->r_env = m->r_hdr = -1;
	p += n;
	if (*p != '\0')
		p++;
	while (*p != '\0' && !fatal) {
		const char *end;
		char *val;
		int code;

		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		code = (unsigned char)*p;
		while (*p != '\0' && *p != '=' && *p != ',')
			p++;
		if (*p++ != '=') {
			mline_msg(err, "mailer %s: `=' expected", m->name);
			mailer_free(m);
			return -1;
		}
		while (isspace((unsigned char)*p))
			p++;
		val = munch_field(p, ',', &end);
		if (set_field(cfg, m, code, val, err, &fatal) < 0)
			errors++;
		free(val);
		p = end;
	}
	if (fatal || check_mailer(cfg, m, err) < 0) {
		mailer_free(m);
		return -1;
	}
	enter(cfg, m);
	return errors ? -1 : 0;
}

/* mailer_builtins - define prog, *file*, *include* from sendmail's own M lines */
void
mailer_builtins(struct config *cfg)
{
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(builtin_lines); i++)
		if (mailer_parse_mline(cfg, builtin_lines[i], NULL) < 0)
			sm_panic("built-in mailer %zu does not parse", i);
}

/* mailer_finish - add the flags old (V<6, V<7) configurations imply to local and prog */
void
mailer_finish(struct config *cfg)
{
	struct mailer *local = mailer_find(cfg, "local");
	struct mailer *prog = mailer_find(cfg, "prog");
	const char *p;

	if (cfg->version < 6) {
		if (local != NULL)
			for (p = "/5:@Aw|"; *p; p++)
				set_flag(local, *p);
		if (prog != NULL)
			set_flag(prog, 'o');
	}
	if (cfg->version < 7) {
		if (local != NULL)
			set_flag(local, 'q');
		if (prog != NULL)
			set_flag(prog, 'q');
	}
}

/* mailer_find - the mailer called name, case-insensitively; NULL when none */
struct mailer *
mailer_find(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->mailers.n; i++)
		if (strcasecmp(cfg->mailers.v[i]->name, name) == 0)
			return cfg->mailers.v[i];
	return NULL;
}

/* put_char - one byte the way xputs shows a non-meta character */
static void
put_char(int c, FILE *fp)
{
	if (c >= 0x80) {
		fputs("M-", fp);
		c &= 0x7f;
	}
	if (isprint(c)) {
		fputc(c, fp);
		return;
	}
	switch (c) {
	case '\n': fputs("\\n", fp); break;
	case '\r': fputs("\\r", fp); break;
	case '\t': fputs("\\t", fp); break;
	default:
		fputc('^', fp);
		fputc(c ^ 0100, fp);
		break;
	}
}

/* mailer_xputs - print s as sendmail's xputs(): \n, ^X, M-x, and $$ as $ */
void
mailer_xputs(const char *s, FILE *fp)
{
	if (s == NULL) {
		fputs("<null>", fp);
		return;
	}
	for (; *s != '\0'; s++) {
		if (s[0] == '$' && s[1] == '$')
			s++;
		put_char((unsigned char)*s, fp);
	}
}

/* rs_name - ruleset name or number as =M shows it (none shows as 0) */
static const char *
rs_name(const struct config *cfg, int id, char *buf, size_t size)
{
	return ruleset_name(cfg, id < 0 ? 0 : id, buf, size);
}

/* mailer_print - the line -bt's =M prints for m (newline included) */
void
mailer_print(const struct config *cfg, const struct mailer *m, FILE *fp)
{
	char b1[64], b2[64];
	int c, i;

	fprintf(fp, "mailer %d (%s): P=%s S=", m->number, m->name,
	    m->path ? m->path : "");
	fprintf(fp, "%s/", rs_name(cfg, m->s_env, b1, sizeof(b1)));
	fprintf(fp, "%s R=", rs_name(cfg, m->s_hdr, b2, sizeof(b2)));
	fprintf(fp, "%s/", rs_name(cfg, m->r_env, b1, sizeof(b1)));
	fprintf(fp, "%s ", rs_name(cfg, m->r_hdr, b2, sizeof(b2)));
	fprintf(fp, "M=%ld U=%d:%d F=", m->maxsize, (int)m->uid, (int)m->gid);
	for (c = 0; c < 0x80; c++)
		if (mailer_has_flag(m, c))
			fputc(c, fp);
	fprintf(fp, " L=%ld E=", m->maxline);
	mailer_xputs(m->eol, fp);
	if (m->charset != NULL)
		fprintf(fp, " C=%s", m->charset);
	fprintf(fp, " T=%s/%s/%s",
	    m->mtatype ? m->mtatype : "<undefined>",
	    m->addrtype ? m->addrtype : "<undefined>",
	    m->diagtype ? m->diagtype : "<undefined>");
	fprintf(fp, " r=%ld", m->recipients);
	if (m->args != NULL) {
		fputs(" A=", fp);
		for (i = 0; i < m->nargs; i++) {
			if (i)
				fputc(' ', fp);
			mailer_xputs(m->args[i], fp);
		}
	}
	fputc('\n', fp);
}
