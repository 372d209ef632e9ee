/*
 * conf_read.c - read sendmail.cf into one struct config.
 *
 * Owns: the line reader (continuation lines, '#' comments, the mid-line
 * comments of V3+ configs), the line-type table (V D C F S R K M O H P T E
 * Q X), read-time macro expansion of R, S, C and K lines ($x ${name},
 * $?x $| $. conditionals; $&x stays for rewrite time), rule parsing into
 * token vectors with sendmail's checks, and F classes from files,
 * "|program" output and scanf patterns.  O, M and K lines go to options.c,
 * mailer.c and map.c.  Diagnostics have sendmail 8.17's texts, prefixed
 * "file: line N: " (checked against the real sendmail on broken cfs),
 * including its quirks: trailing white space is dropped, a '#' after the
 * start of a V3+ line starts a comment, "$" shows as byte 001 in echoed
 * lines, a "|program" F line runs the program without its arguments,
 * class files go through sendmail's safedirpath test (DontBlameSendmail).
 * The V line sets ColonOkInAddr (options_version) and, from level 5 on,
 * cuts $w to its short name there and then; after the last line the old
 * configurations' implied local/prog flags are added (mailer_finish).
 * Warnings (an option abbreviation, an unknown U= user) are printed like
 * errors but do not count as errors; sendmail's syserr ones set
 * cfg->syserr_status.  Each line's ${name}s are registered in order, as
 * sendmail does, for its one-byte macro ids (macro_smid_note).
 * Q lines are checked here and kept by queue_group.c.
 * Missing: X lines are only checked (names, `=' fields, S= given,
 * duplicate filters), not used; F{x}@map classes; "$$" in a D value is
 * kept as "$$" (it expands to one "$"; -bt's $x shows one "$").
 */
#include "sm.h"
#include "conf_read.h"
#include "engine.h"
#include "class.h"
#include "tokens.h"
#include "map.h"
#include "identity.h"

#include <sys/wait.h>

#define MAXCONFIGLEVEL	10
#define SM_VERSION	"8.17.1.9"
#define LINE_MAX_BYTES	(1024 * 1024)
#define EXPAND_MAX	LINE_MAX_BYTES
#define RULE_SIDE_MAX	2047
#define MAXPRIORITIES	25
#define MAX_MAP_ARGS	10
#define MAXMATCH	9

struct reader {
	struct config *cfg;
	struct sm_buf *err;
	const char *file;
	int lineno;
};

/* diag - one "file: line N: text" error line */
static void
diag(struct reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
diag(struct reader *rd, const char *fmt, ...)
{
	va_list ap;

	struct sm_buf msg = SM_BUF_INIT(LINE_MAX_BYTES);

	rd->cfg->nerrors++;
	if (rd->lineno > 0)
		(void)sm_buf_printf(rd->err, "%s: line %d: ", rd->file, rd->lineno);
	va_start(ap, fmt);
	(void)sm_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	/* sendmail's syserr output loses the high bit of every byte */
	for (size_t i = 0; i < msg.len; i++)
		(void)sm_buf_putc(rd->err, msg.data[i] & 0x7f);
	(void)sm_buf_putc(rd->err, '\n');
	sm_buf_free(&msg);
}

/* diag_buf - an error whose text another module wrote into b */
static void
diag_buf(struct reader *rd, struct sm_buf *b)
{
	const char *s = sm_buf_str(b);

	while (*s) {
		size_t n = strcspn(s, "\n");

		diag(rd, "%.*s", (int)n, s);
		s += n;
		if (*s == '\n')
			s++;
	}
	sm_buf_reset(b);
}

/* warn_buf - warnings another module wrote into b: shown as errors are,
 * but the cf still loads; syserr: sendmail's exit status becomes
 * EX_SOFTWARE all the same */
static void
warn_buf(struct reader *rd, struct sm_buf *b, bool syserr)
{
	int before = rd->cfg->nerrors;

	diag_buf(rd, b);
	rd->cfg->nwarnings += rd->cfg->nerrors - before;
	rd->cfg->nerrors = before;
	if (syserr && rd->cfg->syserr_status == 0)
		rd->cfg->syserr_status = EX_SOFTWARE;
}

/* diag_goon - a diagnostic after which sendmail goes on loading the cf
 * (one of its syserr calls): shown like an error, counted as a warning;
 * the exit status becomes status (EX_OSERR when sendmail's syserr had an
 * errno, EX_SOFTWARE when not) unless an earlier failure set one */
static void
diag_goon(struct reader *rd, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
diag_goon(struct reader *rd, int status, const char *fmt, ...)
{
	struct sm_buf msg = SM_BUF_INIT(LINE_MAX_BYTES);
	va_list ap;

	va_start(ap, fmt);
	(void)sm_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (rd->cfg->syserr_status == 0)
		rd->cfg->syserr_status = status;
	warn_buf(rd, &msg, true);
	sm_buf_free(&msg);
}

/* shown - a line as sendmail's messages show it: "$$" is "$", another
 * "$" became byte 001 (its macro byte without the high bit), and every
 * byte loses its high bit */
static void
shown(const char *line, struct sm_buf *out)
{
	for (const char *p = line; *p; p++) {
		if (*p == '$' && p[1] == '$') {
			(void)sm_buf_putc(out, '$');
			p++;
		} else if (*p == '$' && p[1] != '\0')
			(void)sm_buf_putc(out, '\001');
		else if ((unsigned char)*p == 0xff)
			(void)sm_buf_puts(out, "\177\177");	/* as measured */
		else
			(void)sm_buf_putc(out, *p & 0x7f);
	}
}

/* ---------------------------------------------------------------- */
/* macro names on cf lines                                          */

#define MAXMACNAMELEN	25	/* sendmail's limit on {long} names */

/* parse_long_mid - "{name}" at p (after the brace): sendmail's macid_parse */
static int
parse_long_mid(struct reader *rd, const char *p, const char **endp)
{
	char mbuf[MAXMACNAMELEN + 3];
	size_t n = 0;
	int id;

	while (*p != '\0' && *p != '}' && n < MAXMACNAMELEN) {
		if (isalnum((unsigned char)*p) || *p == '_')
			mbuf[n++] = *p;
		else
			diag(rd, "Invalid macro/class character %c", *p);
		p++;
	}
	mbuf[n] = '\0';
	*endp = p;
	if (*p == '\0')
		diag(rd, "Unbalanced { on %s", mbuf);
	else if (*p != '}')
		diag(rd, "Macro/class name ({%s}) too long (%d chars max)", mbuf, MAXMACNAMELEN);
	else {
		*endp = p + 1;
		if (n == 1 && (unsigned char)mbuf[0] >= 0x20)
			return (unsigned char)mbuf[0];
		memmove(mbuf + 1, mbuf, n + 1);
		mbuf[0] = '{';
		mbuf[n + 1] = '}';
		mbuf[n + 2] = '\0';
		if ((id = macro_id(mbuf, true)) >= 0) {
			macro_smid_note(id);
			return id;
		}
		diag(rd, "Macro/class %s: too many long names", mbuf);
	}
	diag(rd, "Unable to assign macro/class ID (mid = 0x%x)", -1);
	return -1;
}

/* parse_mid - "x" or "{name}" at p with sendmail's diagnostics; id or -1 */
static int
parse_mid(struct reader *rd, const char *p, const char **endp)
{
	*endp = p;
	if (*p == '\0' || (p[0] == '{' && p[1] == '}')) {
		diag(rd, "Name required for macro/class");
		if (*p)
			*endp = p + 2;
		return -1;
	}
	if (*p != '{') {
		*endp = p + 1;
		return (unsigned char)*p;
	}
	return parse_long_mid(rd, p + 1, endp);
}

/* ---------------------------------------------------------------- */
/* read-time translation of $ sequences (R S C K lines)             */

struct xlate {
	struct reader *rd;
	struct sm_buf *out;
	int iflev, skiplev;
	bool rule;		/* R line: operators become meta bytes */
};

static void xlate_text(struct xlate *x, const char *s, int depth);

/* xput - emit bytes unless a conditional is skipping */
static void
xput(struct xlate *x, const char *p, size_t n)
{
	if (x->skiplev != 0)
		return;
	if (sm_buf_append(x->out, p, n) < 0 && x->out->len < x->out->max)
		(void)sm_buf_append(x->out, p, x->out->max - x->out->len);
}

/* meta_of - the meta byte for "$c" in rules, or 0 */
static int
meta_of(int c)
{
	static const char names[] = "*+-#@:>[]()|.";
	static const unsigned char vals[] = {
		TK_MATCHZANY, TK_MATCHANY, TK_MATCHONE, TK_CANONNET,
		TK_CANONHOST, TK_CANONUSER, TK_CALLSUBR, TK_HOSTBEGIN,
		TK_HOSTEND, TK_LOOKUPBEGIN, TK_LOOKUPEND, TK_CONDELSE, TK_CONDFI
	};
	const char *p = c ? strchr(names, c) : NULL;

	return p ? vals[p - names] : 0;
}

/* xlate_cond - $? $| $. at s; returns bytes used, 0 when not one */
static size_t
xlate_cond(struct xlate *x, const char *s)
{
	const char *end;
	const char *v;
	int id;

	if (s[1] == '?') {
		id = parse_mid(x->rd, s + 2, &end);
		x->iflev++;
		if (x->skiplev)
			x->skiplev++;
		else {
			v = id >= 0 ? macro_get(&x->rd->cfg->mac, id) : NULL;
			if (v == NULL || *v == '\0')
				x->skiplev++;
		}
		return (size_t)(end - s);
	}
	if (x->iflev == 0)
		return 0;
	if (s[1] == '|') {
		if (x->skiplev == 0)
			x->skiplev = 1;
		else if (x->skiplev == 1)
			x->skiplev = 0;
		return 2;
	}
	if (s[1] == '.') {
		x->iflev--;
		if (x->skiplev > 0)
			x->skiplev--;
		return 2;
	}
	return 0;
}

/* xlate_idmeta - $=X $~X $&x: meta byte and the two id bytes */
static size_t
xlate_idmeta(struct xlate *x, const char *s)
{
	const char *end;
	char b[3];
	int id;

	b[0] = (char)(s[1] == '=' ? TK_MATCHCLASS :
	    s[1] == '~' ? TK_MATCHNCLASS : TK_MACRODEXPAND);
	if (s[2] == '\0') {
		/* the name was cut off (by the tab): sendmail keeps the bare operator */
		xput(x, b, 1);
		return 2;
	}
	id = parse_mid(x->rd, s + 2, &end);
	if (id < 0) {
		xput(x, b, 1);
		return (size_t)(end - s);
	}
	b[1] = TK_ID_HI(id);
	b[2] = TK_ID_LO(id);
	xput(x, b, 3);
	if (x->skiplev == 0 && s[1] != '&')
		engine_of(x->rd->cfg)->classes.used[id] = true;
	return (size_t)(end - s);
}

/* xlate_dollar - one $ sequence at s; returns bytes used */
static size_t
xlate_dollar(struct xlate *x, const char *s, int depth)
{
	const char *end;
	size_t n;
	int id, m;
	char b[2];

	if ((n = xlate_cond(x, s)) > 0)
		return n;
	if (s[1] == '$') {
		xput(x, "$", 1);
		return 2;
	}
	if (x->rule && (s[1] == '=' || s[1] == '~' || s[1] == '&'))
		return xlate_idmeta(x, s);
	if (x->rule && isdigit((unsigned char)s[1])) {
		b[0] = (char)TK_MATCHREPL;
		b[1] = s[1];
		xput(x, b, 2);
		return 2;
	}
	if (x->rule && (m = meta_of(s[1])) != 0) {
		b[0] = (char)m;
		xput(x, b, 1);
		return 2;
	}
	id = parse_mid(x->rd, s + 1, &end);
	if (id >= 0 && x->skiplev == 0) {
		const char *v = macro_get(&x->rd->cfg->mac, id);

		if (v != NULL && depth < 10) {
			struct xlate sub = { x->rd, x->out, 0, 0, x->rule };

			xlate_text(&sub, v, depth + 1);
		}
	}
	return (size_t)(end - s) > 0 ? (size_t)(end - s) : 1;
}

static void
xlate_text(struct xlate *x, const char *s, int depth)
{
	while (*s) {
		if (*s != '$' || s[1] == '\0') {
			xput(x, s++, 1);
			continue;
		}
		s += xlate_dollar(x, s, depth);
	}
}

/* expand_line - s with read-time macro expansion into out */
static void
expand_line(struct reader *rd, const char *s, bool rule, struct sm_buf *out)
{
	struct xlate x = { rd, out, 0, 0, rule };

	sm_buf_reset(out);
	xlate_text(&x, s, 0);
}

/* ---------------------------------------------------------------- */
/* R lines                                                          */

/* scan_side - tokenize one translated rule side into a vector block */
static char **
scan_side(struct reader *rd, const char *text)
{
	char buf[TK_PSBUFSIZE * 4];
	char *av[TK_MAXATOM + 1];
	struct sm_buf err = SM_BUF_INIT(4096);
	size_t n = 0;
	enum tk_table tab = rd->cfg->version >= 9 ? TK_NOCOMMENT : TK_INTERNAL;
	int rc;

	rc = tk_scan(rd->cfg, text, '\t', tab, true, buf, sizeof(buf), av,
	    TK_MAXATOM, &n, NULL, &err);
	if (err.len > 0)
		diag_buf(rd, &err);	/* "... prescan: too many tokens" */
	sm_buf_free(&err);
	return rc < 0 ? NULL : tk_strvec(av, n);
}

/* lhs_botch - the operator a LHS may not hold, or NULL */
static const char *
lhs_botch(int c)
{
	switch (c) {
	case TK_MATCHREPL: return "$1-$9";
	case TK_CANONUSER: return "$:";
	case TK_CALLSUBR: return "$>";
	case TK_CONDIF: return "$?";
	case TK_CONDFI: return "$.";
	case TK_HOSTBEGIN: return "$[";
	case TK_HOSTEND: return "$]";
	case TK_LOOKUPBEGIN: return "$(";
	case TK_LOOKUPEND: return "$)";
	}
	return NULL;
}

/* check_lhs - sendmail's LHS checks; the number of wildcards */
static int
check_lhs(struct reader *rd, char **lhs)
{
	int nfuzzy = 0;

	for (; *lhs; lhs++) {
		int c = (unsigned char)lhs[0][0];
		const char *botch = lhs_botch(c);

		if (c == TK_MATCHZANY || c == TK_MATCHANY || c == TK_MATCHONE ||
		    c == TK_MATCHCLASS || c == TK_MATCHNCLASS)
			nfuzzy++;
		if (botch != NULL)
			diag(rd, "Inappropriate use of %s on LHS", botch);
	}
	return nfuzzy;
}

/* rhs_botch - the operator a RHS may not hold, or NULL */
static const char *
rhs_botch(int c)
{
	switch (c) {
	case TK_MATCHZANY: return "$*";
	case TK_MATCHANY: return "$+";
	case TK_MATCHONE: return "$-";
	case TK_MATCHCLASS: return "$=";
	case TK_MATCHNCLASS: return "$~";
	}
	return NULL;
}

/* check_rhs - replacements in bounds, map brackets balanced */
static void
check_rhs(struct reader *rd, char **rhs, int nfuzzy)
{
	bool inmap = false;
	int args = 0, endtoken = 0;

	for (; *rhs; rhs++) {
		int c = (unsigned char)rhs[0][0];
		const char *botch = rhs_botch(c);

		switch (c) {
		case TK_MATCHREPL:
			if (rhs[0][1] <= '0' || rhs[0][1] > '0' + nfuzzy)
				diag(rd, "replacement $%c out of bounds", rhs[0][1]);
			break;
		case TK_CANONHOST:
			if (inmap && ++args >= MAX_MAP_ARGS)
				diag(rd, "too many arguments for map lookup (%d max)", MAX_MAP_ARGS);
			break;
		case TK_HOSTBEGIN:
		case TK_LOOKUPBEGIN:
			endtoken = c == TK_HOSTBEGIN ? TK_HOSTEND : TK_LOOKUPEND;
			if (inmap)
				diag(rd, "cannot nest map lookups");
			inmap = true;
			args = 0;
			break;
		case TK_HOSTEND:
		case TK_LOOKUPEND:
			if (c == endtoken) {
				inmap = false;
				endtoken = 0;
			}
			break;
		}
		if (botch != NULL)
			diag(rd, "Inappropriate use of %s on RHS", botch);
	}
	if (inmap)
		diag(rd, "missing map closing token");
}

/* empty_side - an empty token vector */
static char **
empty_side(void)
{
	return tk_strvec(NULL, 0);
}

/* line_R - a rewriting rule */
static void
line_R(struct reader *rd, char *line)
{
	struct engine *e = engine_of(rd->cfg);
	/* sendmail expands each side into a MAXLINE (2048) buffer */
	struct sm_buf ex = SM_BUF_INIT(RULE_SIDE_MAX);
	char *tab, *rhs, *end;
	char **l, **r;
	int nfuzzy;

	if (e->cur_rs < 0) {
		struct sm_buf s = SM_BUF_INIT(LINE_MAX_BYTES);

		shown(line, &s);
		diag(rd, "missing valid ruleset for \"%s\"", sm_buf_str(&s));
		sm_buf_free(&s);
		return;
	}
	tab = strchr(line + 1, '\t');
	if (tab == NULL) {
		struct sm_buf sh = SM_BUF_INIT(LINE_MAX_BYTES);

		shown(line, &sh);
		diag(rd, "invalid rewrite line \"%s\" (tab expected)", sm_buf_str(&sh));
		sm_buf_free(&sh);
		return;
	}
	*tab = '\0';
	expand_line(rd, line + 1, true, &ex);
	l = scan_side(rd, sm_buf_str(&ex));
	if (l == NULL) {
		diag(rd, "R line: null LHS");
		l = empty_side();
	}
	nfuzzy = check_lhs(rd, l);
	if (nfuzzy > MAXMATCH) {
		diag(rd, "R line: too many wildcards");
		free(l);
		l = empty_side();
	}
	for (rhs = tab + 1; *rhs == '\t'; rhs++)
		;
	end = strchr(rhs, '\t');
	if (end != NULL)
		*end = '\0';
	expand_line(rd, rhs, true, &ex);
	r = scan_side(rd, sm_buf_str(&ex));
	if (r == NULL) {
		diag(rd, "R line: null RHS");
		r = empty_side();
	} else
		check_rhs(rd, r, nfuzzy);
	ruleset_add_rule(rd->cfg, e->cur_rs, l, r, rd->lineno);
	sm_buf_free(&ex);
}

/* ---------------------------------------------------------------- */
/* the other line types                                             */

/* line_S - select a ruleset */
static void
line_S(struct reader *rd, char *line)
{
	struct engine *e = engine_of(rd->cfg);
	struct sm_buf ex = SM_BUF_INIT(EXPAND_MAX);
	struct sm_buf msg = SM_BUF_INIT(4096);
	int rs;

	expand_line(rd, line + 1, false, &ex);
	rs = ruleset_bind(rd->cfg, sm_buf_str(&ex), &msg);
	if (msg.len > 0)
		diag_buf(rd, &msg);
	e->cur_rs = rs;
	if (rs >= 0 && e->rs[rs].n > 0) {
		(void)sm_buf_printf(rd->err, "WARNING: Ruleset %s has multiple definitions\n",
		    line + 1);
		rd->cfg->nwarnings++;
	}
	sm_buf_free(&ex);
	sm_buf_free(&msg);
}

/* munch - a D line value: quotes dropped, backslash takes the next byte */
static char *
munch(const char *p)
{
	char *out = sm_malloc(strlen(p) + 1), *q = out;
	bool bslash = false;

	for (; *p; p++) {
		if (bslash) {
			*q++ = *p;
			bslash = false;
		} else if (*p == '\\')
			bslash = true;
		else if (*p != '"')
			*q++ = *p;
	}
	*q = '\0';
	return out;
}

/* line_D - define a macro */
static void
line_D(struct reader *rd, char *line)
{
	const char *end;
	char *v;
	int id = parse_mid(rd, line + 1, &end);

	if (id < 0)
		return;
	v = munch(end);
	macro_set(&rd->cfg->mac, id, v);
	free(v);
}

/* line_C - words for a class; a word "$=X" adds every member of class X */
static void
line_C(struct reader *rd, char *line)
{
	struct sm_buf ex = SM_BUF_INIT(EXPAND_MAX);
	const char *end, *p, *e;
	int id = parse_mid(rd, line + 1, &end);

	if (id < 0)
		return;
	engine_of(rd->cfg)->classes.used[id] = true;
	for (p = end; *p != '\0'; p = e) {
		char *word;

		while (isspace((unsigned char)*p))
			p++;
		for (e = p; *e != '\0' && !isspace((unsigned char)*e); e++)
			;
		if (e == p)
			break;
		word = sm_strndup(p, (size_t)(e - p));
		if (word[0] == '$' && word[1] == '=') {
			const char *ne;
			int from = parse_mid(rd, word + 2, &ne);

			if (from >= 0)
				class_copy(rd->cfg, id, from);
		} else {
			expand_line(rd, word, false, &ex);
			class_add_words(rd->cfg, id, sm_buf_str(&ex));
		}
		free(word);
	}
	sm_buf_free(&ex);
}

/* line_T - trusted users: class t */
static void
line_T(struct reader *rd, char *line)
{
	struct engine *e = engine_of(rd->cfg);
	const char *p = line + 1;

	class_add_words(rd->cfg, 't', p);
	while (*p) {
		size_t n;

		while (isspace((unsigned char)*p))
			p++;
		n = strcspn(p, " \t\n\r\f\v");
		if (n == 0)
			break;
		e->trusted = sm_reallocarray(e->trusted, e->ntrusted + 1, sizeof(char *));
		e->trusted[e->ntrusted++] = sm_strndup(p, n);
		p += n;
	}
}

/* scanf_ok - a pattern with exactly one %s or %[ conversion that stores */
static bool
scanf_ok(const char *fmt)
{
	int stores = 0;

	for (const char *p = fmt; *p; p++) {
		bool suppress = false;

		if (*p != '%')
			continue;
		p++;
		if (*p == '%')
			continue;
		if (*p == '*') {
			suppress = true;
			p++;
		}
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == '[') {
			p++;
			if (*p == '^')
				p++;
			if (*p == ']')
				p++;
			while (*p && *p != ']')
				p++;
			if (*p == '\0')
				return stores == 0;	/* unterminated: see class_line */
		} else if (*p != 's' && !(suppress && strchr("dcuxo", *p) && *p))
			return false;
		if (!suppress)
			stores++;
	}
	return stores == 1;
}

/* unterminated_set - whether fmt ends inside a %[ scanset (a '#' in it
 * was taken for a comment, as sendmail does) */
static bool
unterminated_set(const char *fmt)
{
	const char *p = strstr(fmt, "%[");

	if (p == NULL)
		return false;
	p += 2;
	if (*p == '^')
		p++;
	if (*p == ']')
		p++;
	return strchr(p, ']') == NULL;
}

/* class_line - the words a file line gives under fmt */
static void
class_line(struct config *cfg, int id, char *buf, const char *fmt)
{
	char word[4096];

	if (buf[0] == '#')
		return;
	if (strcmp(fmt, "%s") == 0) {
		size_t n;
		char *p = buf;

		while (isspace((unsigned char)*p))
			p++;
		n = strcspn(p, " \t\n\r\f\v");
		if (n == 0)
			return;
		p[n] = '\0';
		class_add(cfg, id, p);
		return;
	}
	if (unterminated_set(fmt)) {
		/* glibc takes an unterminated %[ as the rest of the line */
		buf[strcspn(buf, "\n")] = '\0';
		class_add_words(cfg, id, buf);
		return;
	}
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (sscanf(buf, fmt, word) != 1)
		return;
#pragma GCC diagnostic pop
	class_add_words(cfg, id, word);
}

/* read_class_stream - every line of fp into class id */
static void
read_class_stream(struct config *cfg, int id, FILE *fp, const char *fmt)
{
	char buf[2048];

	while (fgets(buf, sizeof(buf), fp) != NULL) {
		size_t n = strlen(buf);

		/* drop the rest of an over-long line */
		if (n > 0 && buf[n - 1] != '\n' && !feof(fp)) {
			int c;

			while ((c = getc(fp)) != EOF && c != '\n')
				;
		}
		class_line(cfg, id, buf, fmt);
	}
}

/* split_argv - words of cmd into av (at most max-1), NULL-terminated */
static void
split_argv(char *cmd, char **av, size_t max)
{
	size_t n = 0;
	char *p = cmd;

	while (*p && n < max - 1) {
		while (isspace((unsigned char)*p))
			*p++ = '\0';
		if (*p == '\0')
			break;
		av[n++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
	}
	av[n] = NULL;
}

/* class_program - words from the output of "|program args" */
static void
class_program(struct reader *rd, int id, const char *cmd, const char *fmt)
{
	char *copy = sm_strdup(cmd), *av[64];
	int pfd[2], status;
	pid_t pid;
	FILE *fp;

	split_argv(copy, av, SM_ARRAY_SIZE(av));
	if (av[0] == NULL || pipe(pfd) < 0) {
		diag(rd, "fileclass: cannot exec %s", cmd);
		free(copy);
		return;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execv(av[0], av);
		_exit(EX_OSERR);
	}
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		diag(rd, "fileclass: cannot exec %s: %s", cmd, strerror(errno));
		free(copy);
		return;
	}
	fp = fdopen(pfd[0], "r");
	if (fp != NULL) {
		read_class_stream(rd->cfg, id, fp, fmt);
		fclose(fp);
	} else
		close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	free(copy);
}

/* dir_verdict - sendmail's safedirpath test of one directory */
static const char *
dir_verdict(const struct stat *st, uint64_t dbs)
{
	if ((st->st_mode & S_ISVTX) && (dbs & ((uint64_t)1 << DBS_TRUSTSTICKYBIT)))
		return NULL;
	if (st->st_mode & S_IWOTH)
		return "World writable directory";
	if ((st->st_mode & S_IWGRP) &&
	    !(dbs & ((uint64_t)1 << DBS_GROUPWRITABLEDIRPATHSAFE)))
		return "Group writable directory";
	return NULL;
}

/* unsafe_dirs - sendmail's safedirpath verdict on the directories above
 * file, from the root down: the first complaint, or NULL */
static const char *
unsafe_dirs(const struct config *cfg, const char *file)
{
	uint64_t dbs = cfg->opt.dont_blame;
	char dir[PATH_MAX];
	struct stat st;
	char *p;

	if (dbs & ((uint64_t)1 << DBS_CLASSFILEINUNSAFEDIRPATH))
		return NULL;
	if (sm_strlcpy(dir, file, sizeof(dir)) >= sizeof(dir) || dir[0] != '/')
		return NULL;
	if (stat("/", &st) == 0 && dir_verdict(&st, dbs) != NULL)
		return dir_verdict(&st, dbs);
	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		const char *v;

		*p = '\0';
		v = stat(dir, &st) == 0 ? dir_verdict(&st, dbs) : NULL;
		*p = '/';
		if (v != NULL)
			return v;
	}
	return NULL;
}

/* class_file - words from a file */
static void
class_file(struct reader *rd, int id, const char *file, const char *fmt,
    bool optional)
{
	const char *unsafe = unsafe_dirs(rd->cfg, file);
	FILE *fp;

	if (unsafe != NULL) {
		if (!optional)
			diag_goon(rd, EX_OSERR, "fileclass: cannot open '%s': %s", file, unsafe);
		return;
	}
	fp = fopen(file, "r");
	if (fp == NULL) {
		if (!optional)
			diag_goon(rd, EX_OSERR, "fileclass: cannot open '%s': %s", file, strerror(errno));
		return;
	}
	read_class_stream(rd->cfg, id, fp, fmt);
	fclose(fp);
}

/* line_F - a class from a file or a program */
static void
line_F(struct reader *rd, char *line)
{
	struct sm_buf ex = SM_BUF_INIT(EXPAND_MAX);
	const char *end;
	char *p, *file, *fmt;
	bool optional = false;
	int id = parse_mid(rd, line + 1, &end);

	if (id < 0)
		return;
	engine_of(rd->cfg)->classes.used[id] = true;
	expand_line(rd, end, false, &ex);
	p = ex.data ? ex.data : (char *)"";
	while (isspace((unsigned char)*p))
		p++;
	if (p[0] == '-' && p[1] == 'o') {
		optional = true;
		while (*p && !isspace((unsigned char)*p))
			p++;
		while (isspace((unsigned char)*p))
			p++;
	}
	file = p;
	if (*file == '\0') {
		diag(rd, "fileclass: missing file name");
		sm_buf_free(&ex);
		return;
	}
	if (*file == '|') {
		/* as sendmail: the program alone, without arguments */
		p[strcspn(p, " \t\n\r\f\v")] = '\0';
		fmt = (char *)"%s";
	} else {
		while (*p && !isspace((unsigned char)*p))
			p++;
		fmt = (char *)"%s";
		if (*p) {
			*p++ = '\0';
			while (isspace((unsigned char)*p))
				p++;
			if (*p)
				fmt = p;
		}
	}
	if (!scanf_ok(fmt))
		diag(rd, "fileclass: bad scanf pattern \"%s\"", fmt);
	else if (*file == '|')
		class_program(rd, id, file + 1, fmt);
	else
		class_file(rd, id, file, fmt, optional);
	sm_buf_free(&ex);
}

/* line_V - configuration version and vendor */
static void
line_V(struct reader *rd, char *line)
{
	static const char *const vendors[] = { "Berkeley", "Sendmail", "Sun", "HP", "IBM", "Debian" };
	char *p = line + 1, *ep;
	bool known = false;

	while (isspace((unsigned char)*p))
		p++;
	if (!isdigit((unsigned char)*p)) {
		diag(rd, "invalid argument to V line: \"%.20s\"", line + 1);
		return;
	}
	rd->cfg->version = (int)strtol(p, &ep, 10);
	options_version(&rd->cfg->opt, rd->cfg->version);
	if (rd->cfg->version >= 5)
		identity_short_w(rd->cfg);	/* from level 5 on, $w is the short name */
	if (*ep++ != '/')
		return;
	for (p = ep; isalpha((unsigned char)*p); p++)
		;
	*p = '\0';
	for (size_t i = 0; i < SM_ARRAY_SIZE(vendors); i++)
		if (strcasecmp(vendors[i], ep) == 0)
			known = true;
	if (!known)
		diag(rd, "invalid V line vendor code: \"%s\"", ep);
	free(rd->cfg->vendor);
	rd->cfg->vendor = sm_strdup(ep);
}

/* line_H - a header definition */
static void
line_H(struct reader *rd, char *line)
{
	struct engine *e = engine_of(rd->cfg);
	struct conf_header h = { NULL, NULL, NULL, NULL };
	char *p = line + 1, *colon, *q;

	if (*p == '?') {
		q = strchr(p + 1, '?');
		if (q == NULL) {
			diag(rd, "header syntax error, line \"%s\"", line + 1);
			return;
		}
		h.flags = sm_strndup(p + 1, (size_t)(q - p - 1));
		if (h.flags[0] == '$') {
			h.cond_macro = sm_strdup(h.flags + 1);
			h.flags[0] = '\0';
		}
		p = q + 1;
	} else
		h.flags = sm_strdup("");
	colon = strchr(p, ':');
	if (colon == NULL || colon == p) {
		diag(rd, "header syntax error, line \"%s\"", line + 1);
		free(h.flags);
		free(h.cond_macro);
		return;
	}
	q = colon;
	while (q > p && isspace((unsigned char)q[-1]))
		q--;
	h.name = sm_strndup(p, (size_t)(q - p));
	for (p = colon + 1; isspace((unsigned char)*p); p++)
		;
	h.value = sm_strdup(p);
	e->headers = sm_reallocarray(e->headers, e->nheaders + 1, sizeof(*e->headers));
	e->headers[e->nheaders++] = h;
}

/* line_P - a precedence */
static int
line_P(struct reader *rd, char *line)
{
	struct engine *e = engine_of(rd->cfg);
	char *eq = strchr(line + 1, '=');

	if (eq == NULL)
		return -1;
	if (e->nprio >= MAXPRIORITIES) {
		diag(rd, "too many P lines, %d max", MAXPRIORITIES);
		return 0;
	}
	e->prio = sm_reallocarray(e->prio, e->nprio + 1, sizeof(*e->prio));
	e->prio[e->nprio].name = sm_strndup(line + 1, (size_t)(eq - line - 1));
	e->prio[e->nprio].pri = atoi(eq + 1);
	e->nprio++;
	return 0;
}

/* line_E - an environment variable for mailers */
static void
line_E(struct reader *rd, char *line)
{
	struct engine *e = engine_of(rd->cfg);

	e->env = sm_reallocarray(e->env, e->nenv + 1, sizeof(char *));
	e->env[e->nenv++] = sm_strdup(line + 1);
}

/* line_O - an option */
static void
line_O(struct reader *rd, char *line)
{
	struct sm_buf msg = SM_BUF_INIT(4096);

	if (option_cf_line(rd->cfg, line + 1, &msg) < 0)
		diag_buf(rd, &msg);
	else if (msg.len > 0)
		warn_buf(rd, &msg, false);	/* "used as abbreviation" ... */
	sm_buf_free(&msg);
}

/* line_M - a mailer */
static void
line_M(struct reader *rd, char *line)
{
	struct sm_buf msg = SM_BUF_INIT(4096);

	if (mailer_parse_mline(rd->cfg, line + 1, &msg) < 0)
		diag_buf(rd, &msg);
	else if (msg.len > 0)
		warn_buf(rd, &msg, true);	/* U= names an unknown user ... */
	sm_buf_free(&msg);
}

/* line_K - a map */
static void
line_K(struct reader *rd, char *line)
{
	struct sm_buf ex = SM_BUF_INIT(EXPAND_MAX);
	struct sm_buf msg = SM_BUF_INIT(4096);

	expand_line(rd, line + 1, false, &ex);
	if (map_parse_kline(rd->cfg, sm_buf_str(&ex), &msg) < 0 || msg.len > 0)
		diag_buf(rd, &msg);
	sm_buf_free(&msg);
	sm_buf_free(&ex);
}

/* equates - the "C=value, ..." fields after a Q or X name, checked as
 * sendmail does: codes must be in valid; *sawsock gets whether S= had a
 * value.  Returns -1 after a "`=' expected" error. */
static int
equates(struct reader *rd, const char *p, const char *valid, const char *what,
    const char *qname, bool *sawsock)
{
	while (*p != '\0') {
		int fcode;
		bool quoted = false;
		const char *v;

		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		fcode = (unsigned char)*p;
		while (*p != '\0' && *p != '=' && *p != ',')
			p++;
		if (*p++ != '=') {
			if (*what == 'q')
				diag(rd, "queue %s: `=' expected", qname);
			else
				diag(rd, "X%s: `=' expected", qname);
			return -1;
		}
		while (isspace((unsigned char)*p))
			p++;
		for (v = p; *p != '\0' && (quoted || *p != ','); p++)
			if (*p == '"')
				quoted = !quoted;
		if (fcode == 'S' && p > v)
			*sawsock = true;
		if (fcode == '\0' || strchr(valid, fcode) == NULL)
			diag(rd, "%c%s: unknown %s equate %c=", *what == 'q' ? 'Q' : 'X',
			    qname, what, fcode);
	}
	return 0;
}

/* filter_defined - whether X line name was seen before (and remember it) */
static bool
filter_defined(struct engine *e, const char *name)
{
	for (size_t i = 0; i < e->nfilters; i++)
		if (strcmp(e->filters[i], name) == 0)
			return true;
	e->filters = sm_reallocarray(e->filters, e->nfilters + 1, sizeof(char *));
	e->filters[e->nfilters++] = sm_strdup(name);
	return false;
}

/* line_Q - a queue group: name and fields checked, then kept
 * (queue_group.c) */
static void
line_Q(struct reader *rd, char *line)
{
	struct sm_buf msg = SM_BUF_INIT(1024);
	char *p = line + 1, *name = p;
	bool sock = false;

	while (*p != '\0' && *p != ',' && !isspace((unsigned char)*p))
		p++;
	if (*p != '\0')
		*p++ = '\0';
	if (*name == '\0') {
		diag(rd, "name required for queue");
		return;
	}
	if (equates(rd, p, "PFNIRrJ", "queue", name, &sock) < 0)
		return;
	if (qgroup_parse_qline(rd->cfg, name, p, &msg) < 0)
		diag_buf(rd, &msg);
	sm_buf_free(&msg);
}

/* line_X - a mail filter: name and fields checked (milters not run) */
static void
line_X(struct reader *rd, char *line)
{
	char *p = line + 1, *name = p;
	bool sock = false;

	while (isalnum((unsigned char)*p) || *p == '-' || *p == '_')
		p++;
	if (*p != '\0')
		*p++ = '\0';
	if (*name == '\0') {
		diag(rd, "name required for mail filter");
		return;
	}
	if (equates(rd, p, "SFT", "filter", name, &sock) < 0)
		return;
	if (!sock)
		diag(rd, "X%s: empty or missing socket information", name);
	if (filter_defined(engine_of(rd->cfg), name))
		diag(rd, "X%s: duplicate filter definition", name);
}

/* line_dispatch - one line by its first byte; -1 for an unknown line */
static int
line_dispatch(struct reader *rd, char *line)
{
	switch (line[0]) {
	case '\0': case '#': return 0;
	case 'R': line_R(rd, line); return 0;
	case 'S': line_S(rd, line); return 0;
	case 'D': line_D(rd, line); return 0;
	case 'C': line_C(rd, line); return 0;
	case 'F': line_F(rd, line); return 0;
	case 'T': line_T(rd, line); return 0;
	case 'H': line_H(rd, line); return 0;
	case 'P': return line_P(rd, line);
	case 'E': line_E(rd, line); return 0;
	case 'V': line_V(rd, line); return 0;
	case 'O': line_O(rd, line); return 0;
	case 'M': line_M(rd, line); return 0;
	case 'K': line_K(rd, line); return 0;
	case 'Q': line_Q(rd, line); return 0;
	case 'X': line_X(rd, line); return 0;
	}
	return -1;
}

/* strip_comments - V3+: '#' not after '$' or '\' ends the (folded) line part */
static void
strip_comments(struct config *cfg, char *bp)
{
	char *p, *e;

	if (cfg->version < 3 || bp[0] == '\0')
		return;
	for (p = bp + 1; *p; p++) {
		if (*p != '#')
			continue;
		if (p[-1] == '$')
			continue;
		if (p[-1] == '\\') {
			memmove(p - 1, p, strlen(p) + 1);
			continue;
		}
		e = strchr(p, '\n');
		while (p > bp + 1 && isspace((unsigned char)p[-1]) && p[-1] != '\n')
			p--;
		if (e != NULL)
			memmove(p, e, strlen(e) + 1);
		else
			*p = '\0';
		p--;
	}
}

/* note_line_macros - register each ${name} of the line in order, as
 * sendmail's translate_dollars does before it looks at the line (this
 * orders sendmail's one-byte macro ids; see macro_smid_note) */
static void
note_line_macros(const char *bp)
{
	char name[MAXMACNAMELEN + 3];
	const char *p, *e;
	size_t n;

	for (p = bp; (p = strchr(p, '$')) != NULL; ) {
		p++;
		if (*p == '$') {
			p++;
			continue;
		}
		if (*p != '\0' && strchr("=~&?", *p) != NULL)
			p++;
		if (*p != '{' || (e = strchr(p, '}')) == NULL)
			continue;
		n = (size_t)(e - p) + 1;
		if (n < 4 || n >= sizeof(name))
			continue;
		memcpy(name, p, n);
		name[n] = '\0';
		if (strspn(name + 1, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == n - 2)
			macro_smid_note(macro_id(name, true));
		p = e + 1;
	}
}

/* conf_line - process one (already unfolded) cf line as line number lineno */
int
conf_line(struct config *cfg, const char *line, int lineno, struct sm_buf *err)
{
	struct reader rd = { cfg, err, cfg->file ? cfg->file : "", lineno };
	char *bp = sm_strdup(line);
	int before = cfg->nerrors;

	cfg->lineno = lineno;
	/* sendmail drops trailing white space from every line */
	for (size_t n = strlen(bp); n > 0 && isspace((unsigned char)bp[n - 1]); n--)
		bp[n - 1] = '\0';
	if (bp[0] != '#') {
		strip_comments(cfg, bp);
		note_line_macros(bp);
		if (line_dispatch(&rd, bp) < 0) {
			struct sm_buf sh = SM_BUF_INIT(LINE_MAX_BYTES);

			shown(bp, &sh);
			diag(&rd, "unknown configuration line \"%s\"", sm_buf_str(&sh));
			sm_buf_free(&sh);
		}
	}
	free(bp);
	return cfg->nerrors > before ? -1 : 0;
}

/* ---------------------------------------------------------------- */
/* the file                                                         */

/* read_folded - one line with its continuation lines ("\n" kept); false
 * at EOF.  *newlines counts the line ends read, as sendmail numbers lines
 * (a last line without one keeps the number before it). */
static bool
read_folded(FILE *fp, struct sm_buf *line, bool *toolong, int *newlines)
{
	int c;

	sm_buf_reset(line);
	*toolong = false;
	c = getc(fp);
	if (c == EOF)
		return false;
	for (;;) {
		if (c == EOF)
			break;
		if (c == '\n') {
			int next = getc(fp);

			(*newlines)++;
			if (next != ' ' && next != '\t') {
				if (next != EOF)
					ungetc(next, fp);
				break;
			}
			c = next;
			if (sm_buf_putc(line, '\n') < 0)
				*toolong = true;
			continue;
		}
		if (sm_buf_putc(line, c) < 0)
			*toolong = true;
		c = getc(fp);
	}
	return true;
}

/* conf_default_classes - the classes sendmail fills before the cf:
 * $=e (content-transfer-encodings), $=n, $=s */
static void
conf_default_classes(struct config *cfg)
{
	static const struct { int cls; const char *word; } defs[] = {
		{ 'e', "7bit" }, { 'e', "8bit" }, { 'e', "binary" },
		{ 's', "rfc822" }, { 'n', "multipart/signed" },
	};

	for (size_t i = 0; i < SM_ARRAY_SIZE(defs); i++)
		class_add(cfg, defs[i].cls, defs[i].word);
}

/* conf_new - an empty config (defaults, built-in mailers, no file read) */
struct config *
conf_new(const char *path)
{
	struct config *cfg = sm_calloc(1, sizeof(*cfg));
	struct engine *e = sm_calloc(1, sizeof(*e));

	cfg->engine = e;
	e->next_auto = RS_MAX;
	e->cur_rs = -1;
	cfg->file = sm_strdup(path ? path : "");
	conf_default_classes(cfg);
	options_defaults(&cfg->opt);
	macros_init(&cfg->mac, NULL);
	macro_set(&cfg->mac, 'n', "MAILER-DAEMON");
	mailer_builtins(cfg);
	return cfg;
}

/* conf_finish - after the last line: version warning, local mailer, maps */
int
conf_finish(struct config *cfg, struct sm_buf *err)
{
	struct sm_buf msg = SM_BUF_INIT(64 * 1024);

	cfg->lineno = 0;
	options_warn(&cfg->opt);
	if (cfg->version > MAXCONFIGLEVEL) {
		(void)sm_buf_printf(err, "Warning: .cf version level (%d) exceeds sendmail version %s functionality (%d)\n",
		    cfg->version, SM_VERSION, MAXCONFIGLEVEL);
		cfg->nwarnings++;
	} else if (cfg->version < MAXCONFIGLEVEL) {
		(void)sm_buf_printf(err, "Warning: .cf file is out of date: sendmail %s supports version %d, .cf file is version %d\n",
		    SM_VERSION, MAXCONFIGLEVEL, cfg->version);
		cfg->nwarnings++;
	}
	mailer_finish(cfg);
	if (mailer_find(cfg, "local") == NULL) {
		/* sendmail goes on without one: a warning for us */
		(void)sm_buf_puts(err, "No local mailer defined\n");
		cfg->nwarnings++;
		if (cfg->syserr_status == 0)
			cfg->syserr_status = EX_SOFTWARE;
	}
	if (map_open_all(cfg, &msg) < 0 || msg.len > 0) {
		(void)sm_buf_puts(err, sm_buf_str(&msg));
		if (msg.len > 0 && msg.data[msg.len - 1] != '\n')
			(void)sm_buf_putc(err, '\n');
	}
	sm_buf_free(&msg);
	return cfg->nerrors > 0 ? -1 : 0;
}

/* read_lines - every line of fp through conf_line */
static void
read_lines(struct config *cfg, FILE *fp, struct sm_buf *err)
{
	struct sm_buf line = SM_BUF_INIT(LINE_MAX_BYTES);
	int lineno = 0, first;
	bool toolong;

	for (;;) {
		first = lineno + 1;
		if (!read_folded(fp, &line, &toolong, &lineno))
			break;
		if (toolong) {
			struct reader rd = { cfg, err, cfg->file, first };

			diag(&rd, "line too long (%d max)", LINE_MAX_BYTES);
			continue;
		}
		/* a NUL byte ends the line, silently, as in sendmail */
		(void)conf_line(cfg, sm_buf_str(&line), lineno, err);
	}
	sm_buf_free(&line);
}

/* conf_read_into - every line of the cf at path into cfg; see conf_read.h */
int
conf_read_into(struct config *cfg, const char *path, struct sm_buf *err)
{
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		(void)sm_buf_printf(err, "%s: line 0: cannot open: %s\n", path, strerror(errno));
		return -1;
	}
	read_lines(cfg, fp, err);
	fclose(fp);
	return 0;
}

/* conf_read_opts - read the cf, then apply the command-line options */
struct config *
conf_read_opts(const char *path, const struct conf_cmdopt *opts, size_t nopts,
    struct sm_buf *err)
{
	struct config *cfg = conf_new(path);

	if (conf_read_into(cfg, path, err) < 0) {
		conf_free(cfg);
		return NULL;
	}
	for (size_t i = 0; i < nopts; i++) {
		struct sm_buf msg = SM_BUF_INIT(4096);

		if (option_cmdline(cfg, opts[i].arg, opts[i].long_form, &msg) < 0) {
			cfg->nerrors++;
			(void)sm_buf_printf(err, "%s\n", sm_buf_str(&msg));
		} else if (msg.len > 0)
			(void)sm_buf_printf(err, "%s\n", sm_buf_str(&msg));
		sm_buf_free(&msg);
	}
	(void)conf_finish(cfg, err);
	return cfg;
}

/* conf_read - read the cf at path */
struct config *
conf_read(const char *path, struct sm_buf *err)
{
	return conf_read_opts(path, NULL, 0, err);
}

/* conf_free - free the config and everything it owns */
void
conf_free(struct config *cfg)
{
	struct engine *e;

	if (cfg == NULL)
		return;
	e = engine_of(cfg);
	map_table_free(&cfg->maps);
	mailer_table_free(&cfg->mailers);
	qgroup_table_free(&cfg->qgroups);
	options_free(&cfg->opt);
	macros_free(&cfg->mac);
	rulesets_free(e);
	class_table_free(&e->classes);
	for (size_t i = 0; i < e->nheaders; i++) {
		free(e->headers[i].name);
		free(e->headers[i].flags);
		free(e->headers[i].cond_macro);
		free(e->headers[i].value);
	}
	free(e->headers);
	free(e->opchars);
	for (size_t i = 0; i < e->nfilters; i++)
		free(e->filters[i]);
	free(e->filters);
	for (size_t i = 0; i < e->ntrusted; i++)
		free(e->trusted[i]);
	free(e->trusted);
	for (size_t i = 0; i < e->nenv; i++)
		free(e->env[i]);
	free(e->env);
	for (size_t i = 0; i < e->nprio; i++)
		free(e->prio[i].name);
	free(e->prio);
	free(e);
	free(cfg->file);
	free(cfg->vendor);
	free(cfg);
}

/* conf_headers - the H lines in order */
const struct conf_header *
conf_headers(const struct config *cfg, size_t *n)
{
	*n = engine_of(cfg)->nheaders;
	return engine_of(cfg)->headers;
}

/* conf_priority - the P line value of name, or -1 */
int
conf_priority(const struct config *cfg, const char *name, bool *found)
{
	const struct engine *e = engine_of(cfg);

	for (size_t i = 0; i < e->nprio; i++)
		if (strcasecmp(e->prio[i].name, name) == 0) {
			*found = true;
			return e->prio[i].pri;
		}
	*found = false;
	return -1;
}

/* conf_trusted_user - whether T lines named user */
bool
conf_trusted_user(const struct config *cfg, const char *user)
{
	const struct engine *e = engine_of(cfg);

	for (size_t i = 0; i < e->ntrusted; i++)
		if (strcmp(e->trusted[i], user) == 0)
			return true;
	return false;
}

/* conf_env_count - number of E lines */
size_t
conf_env_count(const struct config *cfg)
{
	return engine_of(cfg)->nenv;
}

/* conf_env - E line i */
const char *
conf_env(const struct config *cfg, size_t i)
{
	return i < engine_of(cfg)->nenv ? engine_of(cfg)->env[i] : NULL;
}
