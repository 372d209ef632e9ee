/*
 * praliases.c - praliases(8): print the alias database(s).
 *
 *   praliases [-C file] [-f aliasfile] [key ...]
 *
 * With -f, the one alias file given (a "class:" prefix allowed); without
 * it, every file the cf's AliasFile options name (also the old "OA"
 * form), split at unquoted commas as sendmail does.  Each database is
 * printed whole as "key:value" lines in database order, or, for the keys
 * given, the entry found under the key as typed or with its trailing NUL,
 * else "key: No such key".  Keys and values print up to their first NUL.
 *
 * Same texts and exit codes as sendmail 8.17's praliases: 64 for usage, 66
 * when the cf cannot be read, 78 for an over-long AliasFile, and 0 after
 * any per-database error (which is reported on stderr).  Non-file classes
 * (nis, ldap, ..., and dbm, which 8.17 skips too) are skipped with a note.
 * Run as root it warns, as sendmail's does through safefile(), about world-
 * and group-writable directories on the way to each database.  One
 * deliberate difference: a failed write to standard output is reported
 * and exits 74, where sendmail's praliases exits 0.
 */
#include "sm.h"
#include "smdb.h"

#define PRALIASES_DEFAULT_CF	"/etc/mail/sendmail.cf"
#define PRALIASES_LINE		2047	/* sendmail's MAXLINE, less the NUL */

/* put_datum - print d up to its size or its first NUL, like "%.*s" */
static void
put_datum(const struct smdb_datum *d)
{
	const char *p = d->data;
	size_t n = p ? strnlen(p, d->size) : 0;

	if (n > 0)
		fwrite(p, 1, n, stdout);
}

static void
put_pair(const struct smdb_datum *k, const struct smdb_datum *v)
{
	put_datum(k);
	putchar(':');
	put_datum(v);
	putchar('\n');
}

/* print_all - every entry of the open database */
static void
print_all(struct smdb *db, const char *name)
{
	struct smdb_cursor *c;
	struct smdb_datum k, v;
	int r;

	if ((r = smdb_cursor(db, &c)) != SMDB_OK) {
		fprintf(stderr, "praliases: %s: set cursor: %s\n", name,
		    smdb_strerror(r));
		return;
	}
	while ((r = smdb_cursor_next(c, &k, &v)) == SMDB_OK)
		put_pair(&k, &v);
	if (r != SMDB_NOTFOUND)
		fprintf(stderr, "praliases: %s: get value at cursor: %s\n",
		    name, smdb_strerror(r));
	smdb_cursor_close(c);
}

/* print_keys - the given keys, as typed or with their NUL */
static void
print_keys(struct smdb *db, int argc, char **argv)
{
	struct smdb_datum k, v;
	int i, r;

	for (i = 0; i < argc; i++) {
		k.data = argv[i];
		k.size = strlen(argv[i]);
		r = smdb_get(db, &k, &v);
		if (r == SMDB_NOTFOUND) {
			k.size++;
			r = smdb_get(db, &k, &v);
		}
		if (r == SMDB_OK)
			put_pair(&k, &v);
		else
			printf("%s: No such key\n", argv[i]);
	}
}

/* is_file_class - the classes praliases can read */
static bool
is_file_class(const char *cls)
{
	return strcmp(cls, "hash") == 0 || strcmp(cls, "btree") == 0;
}

/* warn_dirs - one safefile-style walk: each writable directory to path */
static void
warn_dirs(const char *path)
{
	struct sm_buf dir = SM_BUF_INIT(PATH_MAX);
	const char *p = path, *slash;
	struct stat st;

	if (strchr(path, '/') == NULL) {
		(void)sm_buf_puts(&dir, ".");
		p = NULL;
	}
	for (;;) {
		if (p != NULL) {
			if ((slash = strchr(p + (*p == '/'), '/')) == NULL)
				break;
			if (sm_buf_append(&dir, p, (size_t)(slash - p)) < 0)
				break;
			p = slash;
			if (dir.len == 0 || dir.data[dir.len - 1] == '/')
				continue;	/* "//" or a leading "/" alone */
		}
		if (stat(dir.data, &st) < 0)
			break;
		if (st.st_mode & S_IWOTH)
			fprintf(stderr, "WARNING: World writable directory %s\n",
			    dir.data);
		else if (st.st_mode & S_IWGRP)
			fprintf(stderr, "WARNING: Group writable directory %s\n",
			    dir.data);
		if (p == NULL)
			break;
	}
	sm_buf_free(&dir);
}

/*
 * warn_unsafe_path - run as root, sendmail's praliases warns about
 * writable directories on the way to a database: once per file check,
 * which is once for a missing file and twice for an existing one, for each
 * type tried (implicit tries hash, then btree if hash did not fit).
 */
static void
warn_unsafe_path(const char *name, enum smdb_type asked, enum smdb_type got)
{
	char path[PATH_MAX];
	struct stat st;
	int rounds;

	if (geteuid() != 0 ||
	    smdb_file_name(path, sizeof(path), name, asked) != SMDB_OK)
		return;
	rounds = stat(path, &st) == 0 ? 2 : 1;
	if (asked == SMDB_TYPE_IMPLICIT && (rounds == 1 || got != SMDB_TYPE_HASH))
		rounds *= 2;
	while (rounds-- > 0)
		warn_dirs(path);
}

/* praliases - print one alias specification ("[class:]file") */
static void
praliases(const char *spec, int argc, char **argv)
{
	const char *colon = strchr(spec, ':'), *name;
	enum smdb_type type = SMDB_TYPE_IMPLICIT;
	char *cls = NULL;
	struct smdb *db;
	int r;

	name = colon ? colon + 1 : spec;
	if (colon != NULL)
		cls = sm_strndup(spec, (size_t)(colon - spec));
	/* skip map options such as "-N" before the file name */
	for (;;) {
		while (isascii((unsigned char)*name) && isspace((unsigned char)*name))
			name++;
		if (*name != '-')
			break;
		while (*name != '\0' && !(isascii((unsigned char)*name) &&
		    isspace((unsigned char)*name)))
			name++;
	}
	if (cls != NULL && *cls != '\0' && !is_file_class(cls)) {
		fprintf(stderr, "praliases: Skipping non-file based alias type %s\n",
		    cls);
		goto out;
	}
	if (*name == '\0' || (cls != NULL && *cls == '\0')) {
		fprintf(stderr, "praliases: illegal alias specification: %s\n",
		    spec);
		goto out;
	}
	r = cls ? smdb_type_byname(cls, &type) : SMDB_OK;
	if (r == SMDB_OK)
		r = smdb_open(&db, name, type, SMDB_RDONLY, NULL);
	warn_unsafe_path(name, type, r == SMDB_OK ? db->type : SMDB_TYPE_IMPLICIT);
	if (r != SMDB_OK) {
		fprintf(stderr, "praliases: %s: open: %s\n", name,
		    smdb_strerror(r));
		goto out;
	}
	if (argc == 0)
		print_all(db, name);
	else
		print_keys(db, argc, argv);
	(void)smdb_close(db);
out:
	free(cls);
}

/* alias_option - the value of an AliasFile option line, or NULL */
static const char *
alias_option(const char *line)
{
	static const char opt[] = " AliasFile";
	size_t n = sizeof(opt) - 1;
	const char *b;

	if (line[0] != 'O')
		return NULL;
	b = line + 1;
	if (strncasecmp(b, opt, n) == 0 && !isalnum((unsigned char)b[n])) {
		if ((b = strchr(b, '=')) == NULL)
			return NULL;
		b++;
		while (isascii((unsigned char)*b) && isspace((unsigned char)*b))
			b++;
		return b;
	}
	return *b == 'A' ? b + 1 : NULL;	/* the old one-letter form */
}

/* next_spec - cut the next spec off *pp (at an unquoted comma), or NULL */
static char *
next_spec(char **pp)
{
	char *p = *pp, *b, *e;
	bool quoted = false;

	if (p == NULL)
		return NULL;
	while (isascii((unsigned char)*p) && isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return *pp = NULL;
	b = p;
	if ((p = strpbrk(p, " ,/")) != NULL) {
		for (; *p != '\0'; p++) {
			if (*p == '"')
				quoted = !quoted;
			else if (*p == ',' && !quoted)
				break;
		}
		if (*p == '\0')
			p = NULL;
	}
	if (p != NULL) {
		e = p;
		while (e > b && isascii((unsigned char)e[-1]) &&
		    isspace((unsigned char)e[-1]))
			e--;
		*e = '\0';
		*p++ = '\0';
	}
	*pp = p;
	return b;
}

/* from_cf - print every alias file the cf names */
static void
from_cf(const char *cfile, int argc, char **argv)
{
	struct sm_buf line = SM_BUF_INIT(PRALIASES_LINE);
	char afile[PRALIASES_LINE + 1], *p, *spec;
	const char *val;
	FILE *fp;
	int c;

	if ((fp = fopen(cfile, "r")) == NULL) {
		fprintf(stderr, "praliases: %s: %s\n", cfile, strerror(errno));
		exit(EX_NOINPUT);
	}
	for (;;) {
		sm_buf_reset(&line);
		while ((c = getc(fp)) != EOF && c != '\n')
			(void)sm_buf_putc(&line, c);
		if (c == EOF && line.len == 0)
			break;
		if (line.data == NULL || (val = alias_option(line.data)) == NULL)
			continue;
		if (sm_strlcpy(afile, val, sizeof(afile)) >= sizeof(afile)) {
			fprintf(stderr,
			    "praliases: AliasFile filename too long: %.30s\n", val);
			exit(EX_CONFIG);
		}
		p = afile;
		while ((spec = next_spec(&p)) != NULL)
			praliases(spec, argc, argv);
	}
	fclose(fp);
	sm_buf_free(&line);
}

int
main(int argc, char **argv)
{
	const char *cfile = PRALIASES_DEFAULT_CF, *file = NULL;
	int c;

	sm_set_progname(argv[0]);
	while ((c = getopt(argc, argv, "C:f:")) != -1) {
		switch (c) {
		case 'C':
			cfile = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		default:
			fprintf(stderr,
			    "usage: praliases [-C cffile] [-f aliasfile] [key ...]\n");
			exit(EX_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (file != NULL)
		praliases(file, argc, argv);
	else
		from_cf(cfile, argc, argv);
	/* sendmail's praliases ignores this; a truncated listing must not pass */
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "praliases: standard output: %s\n",
		    strerror(errno));
		return EX_IOERR;
	}
	return EX_OK;
}
