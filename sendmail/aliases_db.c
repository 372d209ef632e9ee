/*
 * aliases_db.c - newaliases: aliases(5) text to Berkeley DB (see
 * aliases_db.h for the contract).
 *
 * Reading follows sendmail 8.17's readaliases() in what a user sees:
 *   - physical lines of at most 8191 bytes are joined into one logical
 *     line when the next starts with a blank (the blank stays) or the line
 *     ends in a backslash (both the backslash and newline go);  a logical
 *     line that does not fit is "alias line too long" and is skipped whole;
 *   - "#" lines and empty lines are ignored; a line starting with a blank
 *     that is not a continuation is an error, once per run of such lines;
 *   - "name: value": the name becomes the key (lower case), the value is
 *     stored as written after the colon's blanks, trailing blanks kept;
 *   - line numbers in messages are those of the last physical line read;
 *   - statistics count every stored alias: name plus value bytes, and the
 *     longest value.
 * The database is written in file order with the same hash parameters as
 * sendmail (4096 elements), so a dump matches the real one line for line.
 */
#include "sm.h"
#include "smdb.h"
#include "aliases_db.h"

#include <sys/file.h>

#define ALIAS_LINE_MAX	8191	/* sendmail's BUFSIZ buffer, less the NUL */
#define ALIAS_NELEM	4096
#define ALIAS_CACHE	(160 * 1024)

/* One alias database to rebuild. */
struct alias_map {
	char *file;		/* the text file; the database is file.db */
	enum smdb_type type;
	bool inclnull, append, nofold, optional;
};

/* The state of one file's rebuild. */
struct alias_run {
	const struct alias_map *map;
	const struct aliases_db_opts *opts;
	aliases_db_parse_fn *parse;	/* NULL: aliases_db_parse_lhs */
	FILE *in, *out;
	struct smdb *db;
	unsigned long lineno;
	long naliases, bytes, longest;
	int status;		/* exit status of the first problem, or EX_OK */
};

/* say - "file: line N: text" on out */
static void
say(struct alias_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
say(struct alias_run *r, const char *fmt, ...)
{
	va_list ap;

	fprintf(r->out, "%s: line %lu: ", r->map->file, r->lineno);
	va_start(ap, fmt);
	vfprintf(r->out, fmt, ap);
	va_end(ap);
	fputc('\n', r->out);
}

static bool
is_blank(int c)
{
	return isascii(c) && isspace(c);
}

/* peek - the next byte of in without taking it, or EOF */
static int
peek(FILE *in)
{
	int c = getc(in);

	if (c != EOF)
		ungetc(c, in);
	return c;
}

/* read_more - fgets-like: append up to the newline, within the cap */
static bool
read_more(FILE *in, struct sm_buf *b)
{
	size_t start = b->len;
	int c;

	while (b->len < ALIAS_LINE_MAX && (c = getc(in)) != EOF) {
		(void)sm_buf_putc(b, c);
		if (c == '\n')
			break;
	}
	return b->len > start;
}

/* text_len - the length as a C string sees it (stops at a NUL) */
static size_t
text_len(const struct sm_buf *b)
{
	return b->data ? strlen(b->data) : 0;
}

/* continues - cut the line for a continuation; false when none follows */
static bool
continues(FILE *in, struct sm_buf *b)
{
	size_t n = text_len(b);
	char *nl = b->data ? strchr(b->data, '\n') : NULL;
	int c;

	if (nl != NULL && nl > b->data && nl[-1] == '\\') {
		sm_buf_truncate(b, (size_t)(nl - 1 - b->data));
		return true;
	}
	c = peek(in);
	if (c != ' ' && c != '\t')
		return false;
	if (n > 0 && b->data[n - 1] == '\n')
		n--;
	sm_buf_truncate(b, n);
	return true;
}

/* skip_virtual_line - drop the rest of an over-long logical line */
static void
skip_virtual_line(FILE *in)
{
	int c, prev = '\0';
	bool more;

	do {
		while ((c = getc(in)) != EOF && c != '\n')
			prev = c;
		more = prev == '\\' && c == '\n';
		if (!more) {
			c = peek(in);
			more = c == ' ' || c == '\t';
		}
	} while (more && c != EOF);
}

/* read_logical - the next logical line into b; false at end of file */
static bool
read_logical(struct alias_run *r, struct sm_buf *b, bool *toolong)
{
	char *nl;

	sm_buf_reset(b);
	*toolong = false;
	if (!read_more(r->in, b))
		return false;
	r->lineno++;
	while (b->len < ALIAS_LINE_MAX && continues(r->in, b)) {
		if (!read_more(r->in, b))
			break;
		r->lineno++;
	}
	nl = strchr(b->data, '\n');
	if (nl != NULL)
		*nl = '\0';
	else if (!feof(r->in)) {
		*toolong = true;
		skip_virtual_line(r->in);
	}
	return true;
}

/* --- the alias name ------------------------------------------------ */

static bool
is_special(int c)
{
	return strchr("()<>@,;:\\\".[]", c) != NULL;
}

/* lhs_put - add a word byte, with "." for the blanks before it */
static int
lhs_put(struct sm_buf *user, int c, bool *blank)
{
	size_t n = user->len;

	if (*blank && n > 0 && !is_special((unsigned char)user->data[n - 1]) &&
	    !is_special(c) && sm_buf_putc(user, '.') < 0)
		return -1;
	*blank = false;
	return sm_buf_putc(user, c);
}

/* lhs_scan - comments out, <> out, quotes kept, blanks to "." */
static int
lhs_scan(const char *s, struct sm_buf *user, struct sm_buf *why)
{
	int depth = 0, angle = 0;
	bool blank = false, quoted = false;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (quoted) {
			if (c == '\\' && s[1] != '\0') {
				(void)sm_buf_putc(user, c);
				c = (unsigned char)*++s;
			} else if (c == '"')
				quoted = false;
			if (sm_buf_putc(user, c) < 0)
				goto toolong;
			continue;
		}
		if (depth > 0) {
			if (c == '\\' && s[1] != '\0')
				s++;
			else if (c == '(')
				depth++;
			else if (c == ')')
				depth--;
			continue;
		}
		switch (c) {
		case '(':
			depth++;
			blank = user->len > 0;
			continue;
		case ')':
			sm_buf_puts(why, "Unbalanced ')'\nillegal alias name");
			return -1;
		case '<':
			angle++;
			continue;
		case '>':
			if (--angle < 0) {
				sm_buf_puts(why, "Unbalanced '>'\nillegal alias name");
				return -1;
			}
			continue;
		case '"':
			quoted = true;
			break;
		case '\\':
			if (s[1] == '\0') {
				/* it escapes the colon: no name is left */
				sm_buf_puts(why, "illegal alias name");
				return -1;
			}
			if (lhs_put(user, c, &blank) < 0)
				goto toolong;
			c = (unsigned char)*++s;
			break;
		default:
			if (is_blank(c)) {
				blank = user->len > 0;
				continue;
			}
		}
		if (lhs_put(user, c, &blank) < 0)
			goto toolong;
	}
	if (quoted) {
		sm_buf_puts(why, "Unbalanced '\"'\nillegal alias name");
		return -1;
	}
	if (depth > 0) {
		sm_buf_puts(why, "Unbalanced '('\nillegal alias name");
		return -1;
	}
	if (angle > 0) {
		sm_buf_puts(why, "Unbalanced '<'\nillegal alias name");
		return -1;
	}
	return 0;
toolong:
	sm_buf_puts(why, "Name too long");
	return -1;
}

/* struct lhs_marks - where the separators of a scanned name are */
struct lhs_marks {
	char *at;		/* the last "@" outside quotes, or NULL */
	char *pct;		/* the last "%" outside quotes, or NULL */
	bool quoted_at;		/* an "@" inside quotes */
	bool comma;		/* a "," outside quotes */
	bool semicolon;		/* a ";" outside quotes (group syntax) */
	bool bang;		/* a "!" outside quotes (UUCP path) */
};

static void
lhs_mark(char *s, struct lhs_marks *mk)
{
	bool quoted = false;

	memset(mk, 0, sizeof(*mk));
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		else if (*s == '"')
			quoted = !quoted;
		else if (quoted) {
			if (*s == '@')
				mk->quoted_at = true;
		} else if (*s == '@')
			mk->at = s;
		else if (*s == '%')
			mk->pct = s;
		else if (*s == ',')
			mk->comma = true;
		else if (*s == ';')
			mk->semicolon = true;
		else if (*s == '!')
			mk->bang = true;
	}
}

/* lhs_is_local - is domain (one trailing dot allowed) one of ours? */
static bool
lhs_is_local(const char *domain, const struct aliases_db_opts *opts)
{
	char *d = sm_strdup(domain);
	size_t n = strlen(d);
	bool local;

	if (n > 1 && d[n - 1] == '.')
		d[n - 1] = '\0';
	if (opts != NULL && opts->is_local_host != NULL)
		local = opts->is_local_host(opts->ctx, d);
	else
		local = strcasecmp(d, "localhost") == 0;
	free(d);
	return local;
}

/* aliases_db_parse_lhs - see aliases_db.h */
int
aliases_db_parse_lhs(const char *lhs, const struct aliases_db_opts *opts,
    struct sm_buf *user, struct sm_buf *why)
{
	static const char nonlocal[] = "cannot alias non-local names";
	struct lhs_marks mk;

	sm_buf_reset(user);
	if (lhs_scan(lhs, user, why) < 0)
		return -1;
	if (user->len == 0) {
		sm_buf_puts(why, "illegal alias name");
		return -1;
	}
	lhs_mark(user->data, &mk);
	if (mk.comma) {
		sm_buf_printf(why, "Invalid route address\n%s", nonlocal);
		return -1;
	}
	if (strcmp(user->data, ";") == 0) {
		sm_buf_printf(why, "List:; syntax illegal for recipient addresses\n%s",
		    nonlocal);
		return -1;
	}
	if (mk.semicolon && user->data[user->len - 1] == ';')
		sm_buf_truncate(user, user->len - 1);	/* "x;" is x */
	/* programs, files and UUCP paths are other mailers' business */
	if (user->data[0] == '|' || user->data[0] == '/' || mk.bang ||
	    (mk.at == NULL && mk.quoted_at)) {
		sm_buf_puts(why, nonlocal);
		return -1;
	}
	if (mk.at == NULL)
		mk.at = mk.pct;		/* the %-hack: user%host */
	if (mk.at == NULL)
		return 0;
	if (mk.at[1] == '\0' && mk.at != user->data) {
		sm_buf_printf(why, "Hostname required\n%s", nonlocal);
		return -1;
	}
	if (mk.at == user->data && mk.at[1] != '\0') {
		sm_buf_printf(why, "User address required\n%s", nonlocal);
		return -1;
	}
	if (mk.at[1] != '\0' && !lhs_is_local(mk.at + 1, opts)) {
		sm_buf_puts(why, nonlocal);
		return -1;
	}
	sm_buf_truncate(user, (size_t)(mk.at - user->data));
	return 0;
}

/* --- storing ------------------------------------------------------- */

/* fail - remember the exit status of the first problem, as sendmail does */
static void
fail(struct alias_run *r, int status)
{
	if (r->status == EX_OK)
		r->status = status;
}

/*
 * lhs_errors - report why an alias name was refused: each line of why is
 * one message.  Address syntax errors are sendmail's usrerr (exit 64),
 * "Unbalanced" notes set no status, the rest are its syserr (exit 70).
 */
static void
lhs_errors(struct alias_run *r, const char *line, const char *typed,
    char *why)
{
	char *msg, *next;

	for (msg = why; msg != NULL && *msg != '\0'; msg = next) {
		if ((next = strchr(msg, '\n')) != NULL)
			*next++ = '\0';
		if (strcmp(msg, "illegal alias name") == 0) {
			say(r, "%.40s... %s", line, msg);
			fail(r, EX_SOFTWARE);
		} else if (strcmp(msg, "cannot alias non-local names") == 0) {
			say(r, "%s... %s", typed, msg);
			fail(r, EX_SOFTWARE);
		} else if (strncmp(msg, "Unbalanced", 10) == 0) {
			say(r, "%s... %s", line, msg);	/* no exit status */
		} else {
			say(r, "%s... %s", typed, msg);
			fail(r, EX_USAGE);
		}
	}
}


/* store - put one alias; duplicates warn (or, with -A, "new,old"), then replace */
static void
store(struct alias_run *r, const char *typed, char *key, const char *rhs)
{
	const struct alias_map *m = r->map;
	struct sm_buf joined = SM_BUF_INIT(SIZE_MAX / 2);
	struct smdb_datum k, v, old;
	int st;

	if (!m->nofold)
		for (char *p = key; *p != '\0'; p++)
			if (isascii((unsigned char)*p) && isupper((unsigned char)*p))
				*p = (char)tolower((unsigned char)*p);
	k.data = key;
	k.size = strlen(key) + (m->inclnull ? 1 : 0);
	v.data = (void *)rhs;
	v.size = strlen(rhs) + (m->inclnull ? 1 : 0);
	st = smdb_put(r->db, &k, &v, false);
	if (st == SMDB_KEYEXIST) {
		if (!m->append)
			say(r, "%s... Warning: duplicate alias name %s", typed, key);
		else if (smdb_get(r->db, &k, &old) == SMDB_OK) {
			(void)sm_buf_printf(&joined, "%s,", rhs);
			(void)sm_buf_append(&joined, old.data,
			    strnlen(old.data, old.size));
			v.data = joined.data;
			v.size = joined.len + (m->inclnull ? 1 : 0);
		}
		st = smdb_put(r->db, &k, &v, true);
	}
	if (st != SMDB_OK) {
		say(r, "readaliases: db put (%s): %s", key, smdb_strerror(st));
		fail(r, EX_SOFTWARE);
	}
	sm_buf_free(&joined);
}

/* trim_copy - lhs text without surrounding blanks, as the address typed */
static char *
trim_copy(const char *s, size_t n)
{
	while (n > 0 && is_blank((unsigned char)*s))
		s++, n--;
	while (n > 0 && is_blank((unsigned char)s[n - 1]))
		n--;
	return sm_strndup(s, n);
}

/* parse_lhs - the caller's address parser, or the built-in one */
static int
parse_lhs(const struct alias_run *r, const char *lhs, struct sm_buf *user,
    struct sm_buf *why)
{
	if (r->parse != NULL)
		return r->parse(r->opts ? r->opts->ctx : NULL, lhs, user, why);
	return aliases_db_parse_lhs(lhs, r->opts, user, why);
}

/* one_line - check and store one logical line */
static void
one_line(struct alias_run *r, char *line)
{
	struct sm_buf user = SM_BUF_INIT(ALIAS_LINE_MAX);
	struct sm_buf why = SM_BUF_INIT(256);
	char *colon, *lhs, *typed, *rhs;

	if ((colon = strchr(line, ':')) == NULL) {
		say(r, "missing colon");
		fail(r, EX_SOFTWARE);
		return;
	}
	lhs = sm_strndup(line, (size_t)(colon - line));
	typed = trim_copy(line, (size_t)(colon - line));
	if (parse_lhs(r, lhs, &user, &why) < 0) {
		lhs_errors(r, line, typed, why.data);
		goto out;
	}
	for (rhs = colon + 1; is_blank((unsigned char)*rhs); rhs++)
		continue;
	if (*rhs == '\0') {
		say(r, "%.40s... missing value for alias", line);
		fail(r, EX_SOFTWARE);
		goto out;
	}
	store(r, typed, user.data, rhs);
	r->naliases++;
	r->bytes += (long)(user.len + strlen(rhs));
	if ((long)strlen(rhs) > r->longest)
		r->longest = (long)strlen(rhs);
out:
	free(lhs);
	free(typed);
	sm_buf_free(&user);
	sm_buf_free(&why);
}

/* read_aliases - every line of the text into the database */
static void
read_aliases(struct alias_run *r)
{
	struct sm_buf line = SM_BUF_INIT(ALIAS_LINE_MAX);
	bool skipping = false, toolong;

	while (read_logical(r, &line, &toolong)) {
		if (toolong) {
			say(r, "alias line too long");
			fail(r, EX_SOFTWARE);
			continue;
		}
		switch (line.data[0]) {
		case '#':
		case '\0':
			skipping = false;
			continue;
		case ' ':
		case '\t':
			if (!skipping) {
				say(r, "Non-continuation line starts with space");
				fail(r, EX_SOFTWARE);
			}
			skipping = true;
			continue;
		}
		skipping = false;
		one_line(r, line.data);
	}
	sm_buf_free(&line);
}

/* finish_db - the "@" sentinel, then close */
static int
finish_db(struct alias_run *r)
{
	struct smdb_datum k, v;
	int st;

	k.data = "@";
	k.size = r->map->inclnull ? 2 : 1;
	v = k;
	st = smdb_put(r->db, &k, &v, true);
	if (st == SMDB_OK)
		st = smdb_close(r->db);
	else
		(void)smdb_close(r->db);
	r->db = NULL;
	return st;
}

/* open_source - open and lock the text; NULL (and why) when it cannot be */
static FILE *
open_source(struct alias_run *r, struct sm_buf *err)
{
	const char *file = r->map->file, *why = NULL;
	struct stat st;
	FILE *fp;
	int fd;

	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		why = strerror(errno);
	else if (fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		fd = -1;
		why = smdb_strerror(SMDB_E_REGONLY);
	}
	if (fd < 0) {
		if (!r->map->optional)
			fprintf(r->out, "newaliases: cannot open %s: %s\n",
			    file, why);
		if (err && err->len == 0)
			sm_buf_printf(err, "cannot open %s: %s", file, why);
		return NULL;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		fprintf(r->out, "Alias file %s is locked (maybe being rebuilt)\n",
		    file);
		if (err && err->len == 0)
			sm_buf_printf(err, "%s is locked", file);
		close(fd);
		return NULL;
	}
	if ((fp = fdopen(fd, "r")) == NULL)
		close(fd);
	return fp;
}

/* rebuild_one - one alias file; its exit status (EX_OK when clean) */
static int
rebuild_one(const struct alias_map *m, const struct aliases_db_opts *opts,
    aliases_db_parse_fn *parse, struct sm_buf *err, FILE *out)
{
	struct smdb_params params;
	struct alias_run r;
	int st;

	memset(&r, 0, sizeof(r));
	r.map = m;
	r.opts = opts;
	r.parse = parse;
	r.out = out;
	if ((r.in = open_source(&r, err)) == NULL)
		return EX_OK;
	memset(&params, 0, sizeof(params));
	params.cache_size = ALIAS_CACHE;
	params.h_nelem = ALIAS_NELEM;
	st = smdb_open(&r.db, m->file, m->type,
	    SMDB_CREATE | SMDB_TRUNC | SMDB_SAFE, &params);
	if (st != SMDB_OK) {
		fprintf(out, "WARNING: cannot open alias database %s\n", m->file);
		fprintf(out, "Cannot create database for alias file %s\n",
		    m->file);
		if (err && err->len == 0)
			sm_buf_printf(err, "cannot create database for %s: %s",
			    m->file, smdb_strerror(st));
		fclose(r.in);
		return EX_SOFTWARE;
	}
	read_aliases(&r);
	st = finish_db(&r);
	fclose(r.in);		/* releases the lock on the text */
	if (st != SMDB_OK) {
		fprintf(out, "%s: close: %s\n", m->file, smdb_strerror(st));
		if (err && err->len == 0)
			sm_buf_printf(err, "%s: close: %s", m->file,
			    smdb_strerror(st));
		return EX_SOFTWARE;
	}
	fprintf(out, "%s: %ld aliases, longest %ld bytes, %ld bytes total\n",
	    m->file, r.naliases, r.longest, r.bytes);
	return r.status;
}

/* --- the AliasFile value ------------------------------------------- */

/* parse_map_args - "[-flags ...] file" of one specification */
static bool
parse_map_args(char *s, struct alias_map *m)
{
	for (;;) {
		while (is_blank((unsigned char)*s))
			s++;
		if (*s != '-')
			break;
		for (s++; *s != '\0' && !is_blank((unsigned char)*s); s++) {
			switch (*s) {
			case 'N': m->inclnull = true; break;
			case 'A': m->append = true; break;
			case 'f': m->nofold = true; break;
			case 'o': m->optional = true; break;
			default: break;	/* lookup-time flags: no effect here */
			}
		}
	}
	m->file = s;
	while (*s != '\0' && !is_blank((unsigned char)*s))
		s++;
	*s = '\0';
	return *m->file != '\0';
}

/* next_spec - cut the next comma-separated specification off *pp */
static char *
next_spec(char **pp)
{
	char *p = *pp, *spec;
	bool quoted = false;

	while (p != NULL && is_blank((unsigned char)*p))
		p++;
	if (p == NULL || *p == '\0')
		return NULL;
	spec = p;
	for (; *p != '\0'; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == ',' && !quoted)
			break;
	}
	if (*p == ',')
		*p++ = '\0';
	*pp = p;
	return spec;
}

/*
 * The map classes sendmail 8.17 (Debian) knows, and what AliasFile may do
 * with them: rebuild (hash, btree, implicit), name but not rebuild (those
 * read elsewhere), or refuse.  A class not listed is unknown.
 */
enum alias_class_use { AC_REBUILD, AC_LOOKUP_ONLY, AC_NOT_ALIAS };

static const struct {
	const char *name;
	enum alias_class_use use;
} alias_classes[] = {
	{ "hash", AC_REBUILD }, { "btree", AC_REBUILD },
	{ "implicit", AC_REBUILD },
	{ "nis", AC_LOOKUP_ONLY }, { "nisplus", AC_LOOKUP_ONLY },
	{ "ldap", AC_LOOKUP_ONLY }, { "text", AC_LOOKUP_ONLY },
	{ "stab", AC_LOOKUP_ONLY }, { "switch", AC_LOOKUP_ONLY },
	{ "sequence", AC_LOOKUP_ONLY }, { "socket", AC_LOOKUP_ONLY },
	{ "null", AC_LOOKUP_ONLY }, { "program", AC_LOOKUP_ONLY },
	{ "user", AC_NOT_ALIAS }, { "host", AC_NOT_ALIAS },
	{ "dns", AC_NOT_ALIAS }, { "regex", AC_NOT_ALIAS },
	{ "arith", AC_NOT_ALIAS }, { "dequote", AC_NOT_ALIAS },
	{ "syslog", AC_NOT_ALIAS }, { "macro", AC_NOT_ALIAS },
	{ "bestmx", AC_NOT_ALIAS },
};

/* class_use - what an AliasFile class is good for; -1 when unknown */
static int
class_use(const char *cls)
{
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(alias_classes); i++)
		if (strcmp(cls, alias_classes[i].name) == 0)
			return (int)alias_classes[i].use;
	return -1;
}

/*
 * parse_specs - split the AliasFile value into the maps to rebuild, as
 * sendmail's setalias does when it reads the option.  Returns the number
 * of maps in *maps (strings point into copy), or -1 after reporting every
 * configuration error on out: then sendmail rebuilds nothing.
 */
static int
parse_specs(char *copy, struct alias_map **maps, FILE *out)
{
	char *p = copy, *spec, *cls, *sep;
	int n = 0, nvalid = 0, use;
	bool bad = false;
	struct alias_map m;

	*maps = NULL;
	while ((spec = next_spec(&p)) != NULL) {
		memset(&m, 0, sizeof(m));
		sep = strpbrk(spec, " ,/:");
		if (sep != NULL && *sep == ':') {
			*sep = '\0';
			cls = spec;
			spec = sep + 1;
		} else {
			cls = "implicit";
			m.inclnull = true;
		}
		use = class_use(cls);
		if (use < 0) {
			fprintf(out, "setalias: unknown alias class %s\n", cls);
			bad = true;
			continue;
		}
		if (use == AC_NOT_ALIAS) {
			fprintf(out, "setalias: map class %s can't handle aliases\n",
			    cls);
			bad = true;
			continue;
		}
		if (use == AC_LOOKUP_ONLY) {
			nvalid++;	/* a map of its own; nothing to build */
			continue;
		}
		if (!parse_map_args(spec, &m)) {
			fprintf(out, "No file name for %s map Alias%d\n", cls,
			    nvalid);
			bad = true;
			continue;
		}
		(void)smdb_type_byname(cls, &m.type);
		if (m.type == SMDB_TYPE_IMPLICIT)
			m.type = SMDB_TYPE_HASH;
		*maps = sm_reallocarray(*maps, (size_t)n + 1, sizeof(**maps));
		(*maps)[n++] = m;
		nvalid++;
	}
	if (bad) {
		free(*maps);
		*maps = NULL;
		return -1;
	}
	return n;
}

/* aliases_db_rebuild_parse - see aliases_db.h */
int
aliases_db_rebuild_parse(const char *alias_spec,
    const struct aliases_db_opts *opts, aliases_db_parse_fn *parse,
    struct sm_buf *err, FILE *out)
{
	struct alias_map *maps;
	char *copy;
	int i, n, st, status = EX_OK;

	if (alias_spec == NULL)
		return EX_OK;
	copy = sm_strdup(alias_spec);
	n = parse_specs(copy, &maps, out);
	if (n < 0) {
		if (err && err->len == 0)
			sm_buf_puts(err, "bad AliasFile specification");
		status = EX_SOFTWARE;
	}
	for (i = 0; i < n; i++) {
		st = rebuild_one(&maps[i], opts, parse, err, out);
		if (status == EX_OK)
			status = st;
	}
	free(maps);
	free(copy);
	fflush(out);
	return status;
}

/* aliases_db_rebuild_opts - see aliases_db.h */
int
aliases_db_rebuild_opts(const char *alias_spec,
    const struct aliases_db_opts *opts, struct sm_buf *err, FILE *out)
{
	return aliases_db_rebuild_parse(alias_spec, opts, NULL, err, out);
}

/* aliases_db_rebuild - see aliases_db.h */
int
aliases_db_rebuild(const char *alias_spec, struct sm_buf *err, FILE *out)
{
	return aliases_db_rebuild_opts(alias_spec, NULL, err, out);
}
