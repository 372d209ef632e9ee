/*
 * makemap.c - makemap(8): build a sendmail map database from text on
 * standard input, or dump one (-u).
 *
 *   makemap [-C file] [-N] [-c cachesize] [-D commentchar] [-d] [-e] [-f]
 *           [-i type] [-l] [-o] [-r] [-s] [-t delim] [-u] [-v] type mapname
 *
 * Compatible with sendmail 8.17's makemap in every observable way we know
 * of: options (including the undocumented -L and -x), the usage text, the
 * diagnostics word for word and their exit codes (64 usage, 65 bad input
 * lines, 66 no cf, 70 no cursor, 73 cannot open, 74 put or close error),
 * input read in chunks of at most 1023 bytes (a longer line is reported,
 * and its remainder read as further lines, as sendmail's fixed buffer
 * does), keys folded to lower case (ASCII only) unless -f, and -u output
 * that stops each key and value at its first NUL.  Run as root, it reads
 * the cf for TrustedUser and hands new maps to that user.  One deliberate
 * difference: a failed write to standard output (a -u dump to a full
 * disk) is reported and exits 74, where sendmail's makemap exits 0.
 *
 * Only the Berkeley DB types (hash, btree, implicit) exist; dbm and cdb get
 * sendmail's "Need to recompile" message.
 */
#include "sm.h"
#include "smdb.h"
#include "makemap.h"

#define MAKEMAP_LINE		1024	/* sendmail's BUFSIZE, NUL included */
#define MAKEMAP_CACHE		(1024 * 1024)
#define MAKEMAP_NELEM		4096

struct makemap {
	const char *progname;
	const char *cfile;
	const char *type;
	const char *fallback;
	const char *map;
	long cachesize;
	char typebuf[256];	/* the class found in the cf */
	char sep;		/* '\0': white space */
	char comment;
	bool inclnull, notrunc, replace, allowempty, allowdup;
	bool verbose, foldcase, unmake, unsafe;
};

/* usage - sendmail's usage text, aligned under the program name; exits 64 */
static void
usage(const char *progname)
{
	int w = (int)strlen(progname);

	fprintf(stderr,
	    "Usage: %s [-C cffile] [-N] [-c cachesize] [-D commentchar]\n",
	    progname);
	fprintf(stderr,
	    "       %*s [-d] [-e] [-f] [-i type] [-l] [-o] [-r] [-s] [-t delimiter]\n",
	    w, "");
	fprintf(stderr, "       %*s [-u] [-v] type mapname\n", w, "");
	exit(EX_USAGE);
}

/* list_types - -l and -x: the types this makemap can write */
static void
list_types(bool ext)
{
	printf("hash%s\n", ext ? ":db" : "");
	printf("btree%s\n", ext ? ":db" : "");
	printf("implicit%s\n", ext ? ":" : "");
}

/* parse_args - the command line into mm; exits for -l, -L, -x and usage */
static void
parse_args(struct makemap *mm, int argc, char **argv)
{
	int c;

	while ((c = getopt(argc, argv, "C:D:Nc:defi:Llorst:uvx")) != -1) {
		switch (c) {
		case 'C': mm->cfile = optarg; break;
		case 'N': mm->inclnull = true; break;
		case 'c': mm->cachesize = atol(optarg); break;
		case 'd': mm->allowdup = true; break;
		case 'e': mm->allowempty = true; break;
		case 'f': mm->foldcase = false; break;
		case 'i': mm->fallback = optarg; break;
		case 'D': mm->comment = *optarg; break;
		case 'o': mm->notrunc = true; break;
		case 'r': mm->replace = true; break;
		case 's': mm->unsafe = true; break;
		case 'u': mm->unmake = true; break;
		case 'v': mm->verbose = true; break;
		case 'L':
			printf("cf\nCF\n");
			list_types(false);
			exit(EX_OK);
		case 'l':
			list_types(false);
			exit(EX_OK);
		case 'x':
			list_types(true);
			exit(EX_OK);
		case 't':
			if (*optarg == '\0') {
				fprintf(stderr, "Invalid separator\n");
				break;
			}
			mm->sep = *optarg;
			break;
		default:
			usage(mm->progname);
		}
	}
	if (argc - optind != 2)
		usage(mm->progname);
	mm->type = argv[optind];
	mm->map = argv[optind + 1];
}

/* resolve_type - the cf scan sendmail does as root or for type "cf" */
static uid_t
resolve_type(struct makemap *mm)
{
	struct makemap_cf cf;
	bool fromcf = strcasecmp(mm->type, "cf") == 0;

	if (geteuid() != 0 && !fromcf)
		return 0;
	makemap_read_cf(mm->cfile, fromcf ? mm->map : NULL,
	    strcmp(mm->type, "cf") == 0, &cf);
	if (fromcf) {
		sm_strlcpy(mm->typebuf, cf.bad_kline ? "" : cf.map_class,
		    sizeof(mm->typebuf));
		mm->type = mm->typebuf;
	}
	if (*mm->type != '\0')
		return cf.trusted_uid;
	/* no type: from the cf without a K line, or given empty */
	if (mm->fallback == NULL || *mm->fallback == '\0') {
		fprintf(stderr, "%s: mapfile %s: not found in %s\n",
		    mm->progname, mm->map, mm->cfile);
		exit(EX_DATAERR);
	}
	mm->type = mm->fallback;
	if (mm->verbose)
		fprintf(stderr, "%s: mapfile %s: not found in %s, using fallback %s\n",
		    mm->progname, mm->map, mm->cfile, mm->fallback);
	return cf.trusted_uid;
}

/* open_map - open as sendmail's makemap does, or exit 73 with its message */
static struct smdb *
open_map(const struct makemap *mm)
{
	struct smdb_params params;
	enum smdb_type type;
	struct smdb *db = NULL;
	int flags, r;

	memset(&params, 0, sizeof(params));
	params.cache_size = mm->cachesize > 0 ? (size_t)mm->cachesize : 0;
	params.h_nelem = MAKEMAP_NELEM;
	params.allow_dup = mm->allowdup;

	flags = SMDB_REGONLY;
	if (!mm->unsafe)
		flags |= SMDB_NOSLINK | SMDB_NOHLINK;
	if (!mm->unmake) {
		flags |= SMDB_RDWR;
		if (!mm->notrunc)
			flags |= SMDB_CREATE | SMDB_TRUNC;
	}
	r = smdb_type_byname(mm->type, &type);
	if (r == SMDB_E_UNSUPPORTED) {
		fprintf(stderr, "%s: Need to recompile with -D%s for %s support\n",
		    mm->progname, strcmp(mm->type, "dbm") == 0 ? "NDBM" : "CDB",
		    mm->type);
		exit(EX_CANTCREAT);
	}
	if (r == SMDB_OK)
		r = smdb_open(&db, mm->map, type, flags, &params);
	if (r != SMDB_OK) {
		fprintf(stderr, "%s: error opening type %s map %s: %s\n",
		    mm->progname, mm->type, mm->map, smdb_strerror(r));
		exit(EX_CANTCREAT);
	}
	return db;
}

/* put_bytes - write up to size bytes, stopping at a NUL, as "%.*s" does */
static void
put_bytes(const struct smdb_datum *d)
{
	const char *p = d->data;
	size_t n = p ? strnlen(p, d->size) : 0;

	if (n > 0)
		fwrite(p, 1, n, stdout);
}

/* dump_map - -u: every pair as "key<sep>value" */
static int
dump_map(const struct makemap *mm, struct smdb *db)
{
	struct smdb_cursor *c;
	struct smdb_datum k, v;

	if (smdb_cursor(db, &c) != SMDB_OK) {
		fprintf(stderr, "%s: cannot make cursor for type %s map %s\n",
		    mm->progname, mm->type, mm->map);
		exit(EX_SOFTWARE);
	}
	while (smdb_cursor_next(c, &k, &v) == SMDB_OK) {
		put_bytes(&k);
		putchar(mm->sep != '\0' ? mm->sep : '\t');
		put_bytes(&v);
		putchar('\n');
	}
	smdb_cursor_close(c);
	return EX_OK;
}

/* read_chunk - at most MAKEMAP_LINE - 1 bytes, up to and with a newline */
static bool
read_chunk(FILE *in, struct sm_buf *line)
{
	int c;

	sm_buf_reset(line);
	while (line->len < MAKEMAP_LINE - 1 && (c = getc(in)) != EOF) {
		(void)sm_buf_putc(line, c);
		if (c == '\n')
			break;
	}
	return line->len > 0;
}

static bool
is_sep(const struct makemap *mm, char c)
{
	if (mm->sep == '\0')
		return isascii((unsigned char)c) && isspace((unsigned char)c);
	return c == mm->sep;
}

/* store_line - parse one input line and put it; returns an exit status */
static int
store_line(const struct makemap *mm, struct smdb *db, char *line,
    unsigned int lineno)
{
	struct smdb_datum k, v;
	char *p;
	int r;

	if (line[0] == '\0' || line[0] == mm->comment)
		return EX_OK;
	if (mm->sep == '\0' && isascii((unsigned char)line[0]) &&
	    isspace((unsigned char)line[0])) {
		fprintf(stderr, "%s: %s: line %u: syntax error (leading space)\n",
		    mm->progname, mm->map, lineno);
		return EX_DATAERR;
	}
	for (p = line; *p != '\0' && !is_sep(mm, *p); p++) {
		if (mm->foldcase && isascii((unsigned char)*p) &&
		    isupper((unsigned char)*p))
			*p = (char)tolower((unsigned char)*p);
	}
	k.data = line;
	k.size = (size_t)(p - line) + (mm->inclnull ? 1 : 0);
	if (*p != '\0')
		*p++ = '\0';
	while (*p != '\0' && is_sep(mm, *p))
		p++;
	if (!mm->allowempty && *p == '\0') {
		fprintf(stderr, "%s: %s: line %u: no RHS for LHS %s\n",
		    mm->progname, mm->map, lineno, line);
		return EX_DATAERR;
	}
	v.data = p;
	v.size = strlen(p) + (mm->inclnull ? 1 : 0);
	if (mm->verbose)
		printf("key=`%s', val=`%s'\n", line, p);
	r = smdb_put(db, &k, &v, mm->allowdup || mm->replace);
	if (r == SMDB_KEYEXIST) {
		fprintf(stderr, "%s: %s: line %u: key %s: duplicate key\n",
		    mm->progname, mm->map, lineno, line);
		return EX_DATAERR;
	}
	if (r != SMDB_OK) {
		fprintf(stderr, "%s: %s: line %u: key %s: put error: %s\n",
		    mm->progname, mm->map, lineno, line, smdb_strerror(r));
		return EX_IOERR;
	}
	return EX_OK;
}

/* load_map - read standard input into the map; the worst exit status */
static int
load_map(const struct makemap *mm, struct smdb *db)
{
	struct sm_buf line = SM_BUF_INIT(MAKEMAP_LINE);
	unsigned int lineno = 0;
	int st, exitstat = EX_OK;
	char *nl;

	while (read_chunk(stdin, &line)) {
		lineno++;
		/* C string semantics: a NUL before the newline hides it */
		nl = strchr(line.data, '\n');
		if (nl != NULL)
			*nl = '\0';
		else if (!feof(stdin)) {
			fprintf(stderr,
			    "%s: %s: line %u: line too long (%ld bytes max)\n",
			    mm->progname, mm->map, lineno, (long)MAKEMAP_LINE);
			exitstat = EX_DATAERR;
			continue;
		}
		st = store_line(mm, db, line.data, lineno);
		if (st != EX_OK)
			exitstat = st;
	}
	sm_buf_free(&line);
	return exitstat;
}

int
main(int argc, char **argv)
{
	struct makemap mm;
	struct smdb *db;
	uid_t trusted;
	int exitstat, r;

	memset(&mm, 0, sizeof(mm));
	sm_set_progname(argv[0]);
	mm.progname = sm_progname;
	mm.cfile = MAKEMAP_DEFAULT_CF;
	mm.cachesize = MAKEMAP_CACHE;
	mm.comment = '#';
	mm.foldcase = true;
	parse_args(&mm, argc, argv);
	trusted = resolve_type(&mm);

	db = open_map(&mm);
	(void)smdb_sync(db);
	if (!mm.unmake && geteuid() == 0 && trusted != 0 &&
	    fchown(smdb_fd(db), trusted, (gid_t)-1) < 0)
		fprintf(stderr, "WARNING: ownership change on %s failed %s",
		    mm.map, strerror(errno));

	exitstat = mm.unmake ? dump_map(&mm, db) : load_map(&mm, db);

	if ((r = smdb_close(db)) != SMDB_OK) {
		fprintf(stderr, "%s: close(%s): %s\n", mm.progname, mm.map,
		    smdb_strerror(r));
		exitstat = EX_IOERR;
	}
	/* sendmail's makemap ignores this; a truncated dump must not pass */
	if ((fflush(stdout) == EOF || ferror(stdout)) && exitstat == EX_OK) {
		fprintf(stderr, "%s: standard output: %s\n", mm.progname,
		    strerror(errno));
		exitstat = EX_IOERR;
	}
	return exitstat;
}
