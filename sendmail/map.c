/*
 * map.c - K lines, the map class table, opening and looking maps up.
 *
 * Owns: parsing "Kname class args" (sendmail's makemapentry and
 * map_parseargs), the table of map classes, the table of maps in struct
 * config, lazy opening (a map opens at its first lookup, as in sendmail
 * 8.17; a non-optional map that cannot open becomes bogus and tempfails),
 * map_rewrite (%0-%9 and -a), the $( $) lookup (map_lookup_rewrite: -D,
 * -q, -T, -t) and -bt's "/map" command.
 *
 * The classes live in map_*.c, one vtable each.  Messages are sendmail's,
 * checked against sendmail 8.17: "readcf: config K line: no map name",
 * "readcf: map NAME: class CLASS not available", "Illegal option X map
 * NAME", "No file name for CLASS map NAME".
 *
 * Missing: DontBlameSendmail-driven safefile() checks; MF_ALIAS specifics
 * (the "@" sentinel) belong to the alias code.
 */
#include "sm.h"
#include "config.h"
#include "map.h"
#include "tokens.h"

static const struct map_class *const map_classes[] = {
	&map_class_hash, &map_class_btree, &map_class_text,
	&map_class_sequence, &map_class_switch, &map_class_stab,
	&map_class_implicit, &map_class_host, &map_class_dns,
	&map_class_regex, &map_class_arith, &map_class_macro,
	&map_class_dequote, &map_class_program, &map_class_user,
	&map_class_syslog, &map_class_null, &map_class_bogus,
};

/* map_class_find - the class called name (case-insensitive), or NULL */
const struct map_class *
map_class_find(const char *name)
{
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(map_classes); i++)
		if (sm_streq_ci(map_classes[i]->name, name))
			return map_classes[i];
	return NULL;
}

/* map_msg - a message to fp (-bt) or through sm_warn */
void
map_msg(FILE *fp, const char *fmt, ...)
{
	char buf[PATH_MAX + 1024];
	va_list ap;

	va_start(ap, fmt);
	(void)sm_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (fp) {
		/* 7-bit, cut at a byte that becomes NUL, as message() prints */
		(void)sm_strlcat(buf, "\n", sizeof(buf));
		tokens_put_msgs(buf, fp);
		fflush(fp);
	} else
		sm_warn("%s", buf);
}

static void
errline(struct sm_buf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* errline - append one message line to err (newline-separated) */
static void
errline(struct sm_buf *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	if (err->len > 0)
		(void)sm_buf_putc(err, '\n');
	va_start(ap, fmt);
	(void)sm_buf_vprintf(err, fmt, ap);
	va_end(ap);
}

/* map_parse_coldelim - the -z argument at p ("\t", "\n", ":"): the char */
char
map_parse_coldelim(const char *p)
{
	if (*p != '\\')
		return *p;
	switch (p[1]) {
	case 'n':
		return '\n';
	case 't':
		return '\t';
	default:
		return '\\';
	}
}

/* word_end - end the blank-free word at p; returns where the next starts */
static char *
word_end(char *p)
{
	while (*p != '\0' && !isspace((unsigned char)*p))
		p++;
	if (*p != '\0')
		*p++ = '\0';
	return p;
}

/* replace - free *dst and set it to a copy of src (NULL allowed) */
static void
replace(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? sm_strdup(src) : NULL;
}

/* map_parseargs - sendmail's generic flag parser; see map.h */
int
map_parseargs(struct map *m, char *p, struct sm_buf *err)
{
	int ret = 0;
	char *v;

	m->flags |= MF_TRY0NULL | MF_TRY1NULL;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '-')
			break;
		switch (*++p) {
		case 'A':
			m->flags |= MF_APPEND;
			break;
		case 'a':
			v = ++p;
			p = word_end(p);
			replace(&m->append, v);
			continue;
		case 'D':
			m->flags |= MF_DEFER;
			break;
		case 'd': {
			char tbuf[32];
			time_t t = 0;
			size_t n = strcspn(p + 1, " \t");

			if (n < sizeof(tbuf)) {
				memcpy(tbuf, p + 1, n);
				tbuf[n] = '\0';
				if (sm_convtime(tbuf, 's', &t) == 0)
					m->timeout = (long)t;
			}
			break;
		}
		case 'f':
			m->flags |= MF_NOFOLDCASE;
			break;
		case 'k':
		case 'v': {
			char which = *p;

			while (isspace((unsigned char)*++p))
				continue;
			v = p;
			p = word_end(p);
			replace(which == 'k' ? &m->keycolnm : &m->valcolnm, v);
			continue;
		}
		case 'm':
			m->flags |= MF_MATCHONLY;
			break;
		case 'N':
			m->flags |= MF_INCLNULL;
			m->flags &= ~MF_TRY0NULL;
			break;
		case 'O':
			m->flags &= ~MF_TRY1NULL;
			break;
		case 'o':
			m->flags |= MF_OPTIONAL;
			break;
		case 'q':
			m->flags |= MF_KEEPQUOTES;
			break;
		case 'S':
			m->spacesub = *++p;
			break;
		case 'T':
			v = ++p;
			p = word_end(p);
			replace(&m->tempfail_append, v);
			continue;
		case 't':
			m->flags |= MF_NODEFER;
			break;
		case 'z':
			m->coldelim = map_parse_coldelim(++p);
			break;
		default:
			errline(err, "Illegal option %c map %s", *p, m->name);
			ret = 1;
			break;
		}
		p = word_end(p);
	}
	if (*p != '\0') {
		v = p;
		p = word_end(p);
		replace(&m->file, v);
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '\0')
		replace(&m->rebuild, p);
	if (m->file == NULL && !(m->cls->flags & MCF_OPTFILE)) {
		errline(err, "No file name for %s map %s", m->cls->name, m->name);
		return -1;
	}
	return ret;
}

/* map_clear - close m and free everything but its name */
static void
map_clear(struct map *m)
{
	if (m->cls && m->cls->close)
		m->cls->close(m);
	free(m->file);
	free(m->append);
	free(m->tempfail_append);
	free(m->defvalue);
	free(m->keycolnm);
	free(m->valcolnm);
	free(m->rebuild);
	memset(&m->cls, 0, sizeof(*m) - offsetof(struct map, cls));
}

/* map_find - the map called name, or NULL */
struct map *
map_find(const struct config *cfg, const char *name)
{
	size_t i;

	for (i = 0; i < cfg->maps.n; i++)
		if (strcasecmp(cfg->maps.v[i]->name, name) == 0)
			return cfg->maps.v[i];
	return NULL;
}

/* map_enter - the map called name, made (empty) when new; reused when not */
static struct map *
map_enter(struct config *cfg, const char *name)
{
	struct map *m = map_find(cfg, name);

	if (m) {
		map_clear(m);
		m->cfg = cfg;
		return m;
	}
	m = sm_calloc(1, sizeof(*m));
	m->name = sm_strdup(name);
	m->cfg = cfg;
	cfg->maps.v = sm_reallocarray(cfg->maps.v, cfg->maps.n + 1, sizeof(*cfg->maps.v));
	cfg->maps.v[cfg->maps.n++] = m;
	return m;
}

/* is_namechar - a character of a map name after the first */
static bool
is_namechar(int c)
{
	return isalnum(c) || c == '_' || c == '.';
}

/* map_parse_kline - parse what follows 'K' on a K line; see map.h */
int
map_parse_kline(struct config *cfg, const char *line, struct sm_buf *err)
{
	char name[256], cname[64];
	const struct map_class *cls;
	struct map *m;
	const char *p = line, *s;
	char *args;
	int r;

	while (isspace((unsigned char)*p))
		p++;
	if (!isalnum((unsigned char)*p)) {
		errline(err, "readcf: config K line: no map name");
		return -1;
	}
	for (s = p++; is_namechar((unsigned char)*p); p++)
		continue;
	if ((size_t)(p - s) >= sizeof(name)) {
		errline(err, "readcf: config K line: map name too long");
		return -1;
	}
	memcpy(name, s, (size_t)(p - s));
	name[p - s] = '\0';
	if (*p != '\0')
		p++;		/* sendmail overwrites the character after the name */
	while (isspace((unsigned char)*p))
		p++;
	if (!isalnum((unsigned char)*p)) {
		errline(err, "readcf: config K line, map %s: no map class", name);
		return -1;
	}
	for (s = p++; isalnum((unsigned char)*p); p++)
		continue;
	if ((size_t)(p - s) >= sizeof(cname)) {
		errline(err, "readcf: map %s: class %.*s not available", name, (int)(p - s), s);
		return -1;
	}
	memcpy(cname, s, (size_t)(p - s));
	cname[p - s] = '\0';
	if (*p != '\0')
		p++;
	cls = map_class_find(cname);
	if (cls == NULL || cls == &map_class_bogus) {
		errline(err, "readcf: map %s: class %s not available", name, cname);
		return -1;
	}
	m = map_enter(cfg, name);
	m->cls = cls;
	args = sm_strdup(p);
	r = cls->parse(m, args, err);
	free(args);
	if (r >= 0)
		m->flags |= MF_VALID;
	return r == 0 ? 0 : -1;
}

/* default_map - define "name class args" unless the cf did */
static void
default_map(struct config *cfg, const char *name, const char *rest)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	char line[256];

	if (map_find(cfg, name))
		return;
	if (sm_snprintf(line, sizeof(line), "%s %s", name, rest) < 0)
		sm_panic("default map line too long");
	if (map_parse_kline(cfg, line, &err) < 0)
		sm_panic("default map \"%s\": %s", line, sm_buf_str(&err));
	sm_buf_free(&err);
}

/* map_open_all - default maps, and eager opening when asked; see map.h */
int
map_open_all(struct config *cfg, struct sm_buf *err)
{
	const char *types[MAP_MAXSTACK];
	int i, n, ret = 0;

	/* sendmail's inithostmaps(); the AliasFile maps and their
	 * "aliases.files" sequence are the alias code's (sendmail's setalias) */
	default_map(cfg, "host", cfg->version >= 2 ? "host -a. -D" : "host");
	n = switch_map_find(cfg, "aliases", types, MAP_MAXSTACK);
	for (i = 0; i < n; i++)
		if (strcmp(types[i], "files") == 0)
			default_map(cfg, "aliases.files", "null");
	default_map(cfg, "aliases", "switch aliases");
	/* sendmail 8.17 defines no "users" map (checked with -bt) */

	if (!cfg->maps.eager_open)
		return 0;
	for (size_t k = 0; k < cfg->maps.n; k++) {
		struct map *m = cfg->maps.v[k];
		struct sm_buf e = SM_BUF_INIT(1024);

		if (!(m->flags & MF_VALID))
			continue;
		(void)map_open(m, cfg, &e);
		if (e.len > 0 && !(m->flags & MF_OPTIONAL)) {
			errline(err, "%s", sm_buf_str(&e));
			ret = -1;
		}
		sm_buf_free(&e);
	}
	return ret;
}

/* map_open - open m once; see map.h */
int
map_open(struct map *m, const struct config *cfg, struct sm_buf *err)
{
	if (!(m->flags & MF_VALID))
		return -1;
	if (m->flags & MF_OPENTRIED)
		return (m->flags & (MF_OPEN | MF_BOGUS)) ? 0 : -1;
	m->flags |= MF_OPENTRIED;
	if (m->cls->open == NULL || m->cls->open(m, cfg, err) == 0) {
		m->flags |= MF_OPEN;
		return 0;
	}
	if (m->flags & MF_OPTIONAL) {
		/* sendmail: "don't try again"; the message is not shown */
		sm_buf_reset(err);
		m->flags &= ~MF_VALID;
		return -1;
	}
	m->flags |= MF_BOGUS;
	return 0;
}

/* open_ctx - open m, printing what went wrong the way sendmail does */
static int
open_ctx(struct map *m, struct map_ctx *ctx)
{
	struct sm_buf err = SM_BUF_INIT(2048);
	int r;

	if (m->flags & MF_OPENTRIED)
		return (m->flags & (MF_OPEN | MF_BOGUS)) ? 0 : -1;
	r = map_open(m, ctx->cfg, &err);
	if (err.len > 0)
		map_msg(ctx->msgfp, "%s", sm_buf_str(&err));
	sm_buf_free(&err);
	return r;
}

/* map_lookup_raw - the class lookup alone; see map.h */
enum map_result
map_lookup_raw(struct map *m, struct map_ctx *ctx, const char *key,
    const char *const *args, int nargs, int *status, struct sm_buf *out)
{
	struct map_req req;
	enum map_result r;

	*status = EX_OK;
	if (open_ctx(m, ctx) < 0)
		return MAP_NOTFOUND;
	if (m->flags & MF_BOGUS) {
		*status = EX_TEMPFAIL;
		return MAP_TEMPFAIL;
	}
	req.key = key;
	req.args = args;
	req.nargs = nargs;
	req.status = EX_OK;
	req.msgfp = ctx->msgfp;
	req.notefp = ctx->notefp;
	req.ctx = ctx;
	r = m->cls->lookup(m, &req, out);
	*status = req.status;
	if (r != MAP_FOUND)
		m->status = req.status;
	return r;
}

/* map_deferred - whether deliveries are deferred (-D maps are not used) */
bool
map_deferred(const struct map_ctx *ctx)
{
	const char *mode;

	if (ctx == NULL)
		return false;
	if (ctx->deferred)
		return true;
	/* sendmail tests its envelope's send mode, ${deliveryMode} */
	mode = ctx->mac ? macro_get(ctx->mac, macro_id("{deliveryMode}", false)) : NULL;
	return mode != NULL && mode[0] == 'd';
}

/* map_stripquotes - drop double quotes and backslashes (keeping what a
 * backslash quotes) in place, as sendmail's stripquotes */
void
map_stripquotes(char *s)
{
	char *q = s;

	for (; *s; s++) {
		if (*s == '\\') {
			if (*++s == '\0')
				break;
		} else if (*s == '"')
			continue;
		*q++ = *s;
	}
	*q = '\0';
}

/* map_lookup_rewrite - $( $) semantics; see map.h */
char *
map_lookup_rewrite(struct map *m, struct map_ctx *ctx, const char *key,
    const char **args, int nargs, int *status)
{
	char keybuf[MAP_MAXKEY];
	struct sm_buf out = SM_BUF_INIT(MAP_MAXVALUE);
	enum map_result r;
	int st;

	*status = EX_OK;
	if (m == NULL)
		return NULL;
	if ((m->flags & MF_DEFER) && map_deferred(ctx)) {
		*status = EX_TEMPFAIL;
		return NULL;
	}
	(void)sm_strlcpy(keybuf, key, sizeof(keybuf));
	if (!(m->flags & MF_KEEPQUOTES))
		map_stripquotes(keybuf);
	r = map_lookup_raw(m, ctx, keybuf, args, nargs, &st, &out);
	if (r == MAP_FOUND)
		return sm_buf_detach(&out);
	sm_buf_free(&out);
	if (st == EX_TEMPFAIL && (m->flags & MF_NODEFER))
		st = EX_OK;
	*status = st;
	if (st == EX_TEMPFAIL && m->tempfail_append) {
		sm_buf_init(&out, MAP_MAXVALUE);
		if (sm_buf_puts(&out, keybuf) < 0 || sm_buf_puts(&out, m->tempfail_append) < 0) {
			sm_buf_free(&out);
			return NULL;
		}
		return sm_buf_detach(&out);
	}
	return NULL;
}

/* map_rewrite - %n substitution and -a; see map.h */
int
map_rewrite(const struct map *m, const char *s, size_t len, const char *key,
    const char *const *args, int nargs, struct sm_buf *out)
{
	const char *end = s + len;
	int r = 0;

	if (key == NULL) {
		size_t n = strnlen(s, len);

		r = sm_buf_append(out, s, n);
	} else {
		while (s < end && *s != '\0' && r == 0) {
			const char *arg;
			int c = (unsigned char)*s++, i;

			if (c != '%') {
				r = sm_buf_putc(out, c);
				continue;
			}
			if (s >= end || *s == '\0' || *s == '%') {
				r = sm_buf_putc(out, '%');
				if (s < end && *s == '%')
					s++;
				continue;
			}
			c = (unsigned char)*s++;
			if (!isdigit(c)) {
				r = sm_buf_putc(out, '%');
				if (r == 0)
					r = sm_buf_putc(out, c);
				continue;
			}
			i = c - '0';
			arg = i == 0 ? key : i <= nargs ? args[i - 1] : NULL;
			if (arg)
				r = sm_buf_puts(out, arg);
		}
	}
	if (r == 0 && m->append)
		r = sm_buf_puts(out, m->append);
	return r;
}

/* map_rewrite_req - map_rewrite for a class lookup; see map.h */
int
map_rewrite_req(const struct map *m, const struct map_req *req,
    const char *value, size_t len, struct sm_buf *out)
{
	if (m->flags & MF_MATCHONLY)
		return map_rewrite(m, req->key, strlen(req->key), NULL, NULL, 0, out);
	return map_rewrite(m, value, len, req->key, req->args, req->nargs, out);
}

/* map_get_column - column col of line; see map.h */
char *
map_get_column(const char *line, int col, char delim, char *buf, size_t size)
{
	const char *delims = delim == '\0' ? "\n\t " : NULL;
	const char *b = line, *e;
	size_t n;
	int i;

	if (*line == '\0' || col < 0)
		return NULL;
	if (delim != '\0' && *line == delim && col == 0)
		return NULL;
	if (delim == '\0' && col == 0)
		while (*b && isspace((unsigned char)*b))
			b++;
	for (i = 0; i < col; i++) {
		b = delims ? strpbrk(b, delims) : strchr(b, delim);
		if (b == NULL)
			return NULL;
		b++;
		if (delim == '\0')
			while (*b && isspace((unsigned char)*b))
				b++;
	}
	e = delims ? strpbrk(b, delims) : strchr(b, delim);
	n = e ? (size_t)(e - b) : strlen(b);
	if (n >= size)
		n = size - 1;
	memcpy(buf, b, n);
	buf[n] = '\0';
	return buf;
}

/* map_test_command - "/map name key" in -bt; see map.h */
void
map_test_command(struct config *cfg, struct map_ctx *ctx, const char *args, FILE *fp)
{
	char line[MAP_MAXKEY + 256], *name, *q;
	size_t len;
	struct sm_buf out = SM_BUF_INIT(MAP_MAXVALUE);
	const char *av0[1];
	struct map *m;
	FILE *save = ctx->msgfp, *savenote = ctx->notefp;
	int st;

	/* sendmail's input line has lost its trailing blanks */
	len = sm_strlcpy(line, args, sizeof(line));
	if (len >= sizeof(line))
		len = sizeof(line) - 1;
	while (len > 0 && isspace((unsigned char)line[len - 1]))
		line[--len] = '\0';
	for (name = line; isspace((unsigned char)*name); name++)
		continue;
	if (*name == '\0') {
		fprintf(fp, "Usage: /map mapname key\n");
		return;
	}
	for (q = name; *q && !isspace((unsigned char)*q); q++)
		continue;
	if (*q == '\0') {
		fprintf(fp, "No key specified\n");
		return;
	}
	*q++ = '\0';
	m = map_find(cfg, name);
	if (m == NULL) {
		fprintf(fp, "Map named \"%s\" not found\n", name);
		return;
	}
	ctx->msgfp = fp;
	ctx->notefp = fp;
	if (open_ctx(m, ctx) < 0) {
		fprintf(fp, "Map named \"%s\" not open\n", name);
		ctx->msgfp = save;
		ctx->notefp = savenote;
		return;
	}
	fprintf(fp, "map_lookup: %s (%s) ", name, q);
	fflush(fp);
	av0[0] = NULL;
	if (map_lookup_raw(m, ctx, q, av0, 0, &st, &out) == MAP_FOUND)
		fprintf(fp, "returns %s (%d)\n", sm_buf_str(&out), st);
	else
		fprintf(fp, "no match (%d)\n", st);
	fflush(fp);
	ctx->msgfp = save;
	ctx->notefp = savenote;
	sm_buf_free(&out);
}

/* map_table_free - close and free every map */
void
map_table_free(struct map_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		map_clear(t->v[i]);
		free(t->v[i]->name);
		free(t->v[i]);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}
