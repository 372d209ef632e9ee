/*
 * map.c - unit tests for the maps: K lines, map_rewrite, and the classes
 * that need no network (text, hash, btree, regex, arith, dequote, macro,
 * program, user, null, sequence, switch), plus -bt's /map output.
 *
 * Facts checked here come from sendmail 8.17 (test/t/3*.t compare the
 * same against the real binary).  Files go to a private temporary
 * directory, removed at the end.
 */
#include "sm.h"
#include "tap.h"
#include "config.h"
#include "map.h"
#include "smdb.h"
#include "mx.h"

static struct config cfg;
static char dir[PATH_MAX];

/* path - a file name in the test directory (static buffer, rotating) */
static const char *
path(const char *name)
{
	static char bufs[4][PATH_MAX];
	static int i;
	char *b = bufs[i++ % 4];

	(void)sm_snprintf(b, PATH_MAX, "%s/%s", dir, name);
	return b;
}

/* write_file - name in the test directory gets text */
static void
write_file(const char *name, const char *text)
{
	FILE *fp = fopen(path(name), "w");

	if (fp == NULL)
		sm_fatal(EX_OSERR, "cannot write %s", path(name));
	fputs(text, fp);
	fclose(fp);
}

/* kline - parse a K line (printf-style), returning the status; err kept */
static int kline(struct sm_buf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
kline(struct sm_buf *err, const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	(void)sm_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	sm_buf_reset(err);
	return map_parse_kline(&cfg, line, err);
}

/* lookup - $( name key $@ args $) as a string: value, "<none:STATUS>" */
static const char *
lookup(const char *name, const char *key, const char *a1, const char *a2)
{
	static char out[MAP_MAXVALUE + 32];
	struct map_ctx ctx = { .cfg = &cfg, .mac = &cfg.mac };
	const char *args[2] = { a1, a2 };
	struct map *m = map_find(&cfg, name);
	char *v;
	int st;

	if (m == NULL)
		return "<no map>";
	v = map_lookup_rewrite(m, &ctx, key, args, a2 ? 2 : a1 ? 1 : 0, &st);
	if (v == NULL)
		(void)sm_snprintf(out, sizeof(out), "<none:%d>", st);
	else
		(void)sm_snprintf(out, sizeof(out), "%s", v);
	free(v);
	return out;
}

static void
test_kline_flags(void)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	struct map *m;

	is_int(kline(&err, "flags text -o -N -m -a.APP -T.TMP -k 1 -v2 -z: -f -q -D -S_ -A -t -d5m /etc/x rebuild words"),
	    0, "K line with every generic flag");
	m = map_find(&cfg, "flags");
	ok(m != NULL && m->cls == &map_class_text, "map entered with its class");
	if (m == NULL)
		return;
	ok((m->flags & (MF_OPTIONAL | MF_INCLNULL | MF_MATCHONLY | MF_NOFOLDCASE |
	    MF_KEEPQUOTES | MF_DEFER | MF_APPEND | MF_NODEFER | MF_VALID)) ==
	    (MF_OPTIONAL | MF_INCLNULL | MF_MATCHONLY | MF_NOFOLDCASE |
	    MF_KEEPQUOTES | MF_DEFER | MF_APPEND | MF_NODEFER | MF_VALID), "flag bits");
	ok(!(m->flags & MF_TRY0NULL) && (m->flags & MF_TRY1NULL), "-N: only with the NUL");
	is_str(m->append, ".APP", "-a text");
	is_str(m->tempfail_append, ".TMP", "-T text");
	is_str(m->keycolnm, "1", "-k after a blank");
	is_str(m->valcolnm, "2", "-v");
	is_int(m->coldelim, ':', "-z");
	is_int(m->spacesub, '_', "-S");
	is_int(m->timeout, 300, "-d with a unit");
	is_str(m->file, "/etc/x", "file name");
	is_str(m->rebuild, "rebuild words", "the rest of the line");

	is_int(kline(&err, "ztab text -z\\t -O /x"), 0, "-z\\t");
	m = map_find(&cfg, "ztab");
	ok(m && m->coldelim == '\t' && (m->flags & MF_TRY0NULL) && !(m->flags & MF_TRY1NULL),
	    "-z\\t is a tab; -O: only without the NUL");
	is_int(kline(&err, "NameCase Text /x"), 0, "class names ignore case");
	ok(map_find(&cfg, "namecase") != NULL, "map names ignore case");
	sm_buf_free(&err);
}

static const struct {
	const char *line;
	int rc;
	const char *err;
	bool defined;		/* the map exists afterwards */
} bad_klines[] = {
	{ "", -1, "readcf: config K line: no map name", false },
	{ "_x text /a", -1, "readcf: config K line: no map name", false },
	{ "noclass", -1, "readcf: config K line, map noclass: no map class", false },
	{ "nc2 -x", -1, "readcf: config K line, map nc2: no map class", false },
	{ "badcl nosuch /x", -1, "readcf: map badcl: class nosuch not available", false },
	{ "nofile hash", -1, "No file name for hash map nofile", true },
	{ "nofile2 text -a.x", -1, "No file name for text map nofile2", true },
	{ "illopt text -X /x", -1, "Illegal option X map illopt", true },
	{ "illopt2 hash -l -s /x", -1, "Illegal option l map illopt2\nIllegal option s map illopt2", true },
	{ "badre regex ^(ab", -1, "pattern-compile-error: Unmatched ( or \\(", true },
	{ "seqbad sequence nosuch flags", -1, "Sequence map seqbad: unknown member map nosuch", true },
	{ "dnsnot dns -A", -1, "dns map dnsnot: missing -R type", true },
	{ "dnsbad dns -RBOGUS", -1, "dns map dnsbad: wrong type BOGUS\ndns map dnsbad: missing -R type", true },
};

static void
test_kline_errors(void)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(bad_klines); i++) {
		char name[64];
		const char *l = bad_klines[i].line;
		size_t n = strcspn(l, " ");

		is_int(kline(&err, "%s", l), bad_klines[i].rc, l);
		is_str(sm_buf_str(&err), bad_klines[i].err, "its message");
		(void)sm_snprintf(name, sizeof(name), "%.*s", (int)n, l);
		if (bad_klines[i].defined)
			ok(map_find(&cfg, name) != NULL, "map still defined, as sendmail");
	}
	sm_buf_free(&err);
}

static const struct {
	const char *value;
	const char *args[3];
	const char *append;
	const char *want;
} rewrites[] = {
	{ "plain", { NULL }, NULL, "plain" },
	{ "%0/%1/%2", { "A", "B", NULL }, NULL, "key/A/B" },
	{ "%1-%3", { "A", NULL }, NULL, "A-" },
	{ "100%%", { NULL }, NULL, "100%" },
	{ "a%xb", { NULL }, NULL, "a%xb" },
	{ "end%", { NULL }, NULL, "end%" },
	{ "v", { NULL }, ".APP", "v.APP" },
	{ "", { NULL }, "<A>", "<A>" },
};

static void
test_rewrite(void)
{
	struct map m;
	size_t i;

	memset(&m, 0, sizeof(m));
	for (i = 0; i < SM_ARRAY_SIZE(rewrites); i++) {
		struct sm_buf out = SM_BUF_INIT(256);
		int n = 0;

		while (n < 3 && rewrites[i].args[n])
			n++;
		m.append = (char *)rewrites[i].append;
		ok(map_rewrite(&m, rewrites[i].value, strlen(rewrites[i].value), "key",
		    rewrites[i].args, n, &out) == 0, "map_rewrite runs");
		is_str(sm_buf_str(&out), rewrites[i].want, rewrites[i].value);
		sm_buf_free(&out);
	}
	{
		struct sm_buf out = SM_BUF_INIT(4);

		m.append = NULL;
		is_int(map_rewrite(&m, "toolong", 7, "k", NULL, 0, &out), -1, "map_rewrite respects the cap");
		sm_buf_free(&out);
	}
}

static const struct {
	const char *line;
	int col;
	char delim;
	const char *want;
} columns[] = {
	{ "a b  c", 0, '\0', "a" },
	{ "  a b", 0, '\0', "a" },
	{ "a b  c", 2, '\0', "c" },
	{ "a b", 3, '\0', NULL },
	{ "a:b::d", 3, ':', "d" },
	{ "a:b::d", 2, ':', "" },
	{ ":b", 0, ':', NULL },
	{ "", 0, '\0', NULL },
};

static void
test_columns(void)
{
	char buf[64];
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(columns); i++) {
		const char *v = map_get_column(columns[i].line, columns[i].col, columns[i].delim,
		    buf, sizeof(buf));

		if (columns[i].want == NULL)
			ok(v == NULL, "no such column");
		else
			is_str(v, columns[i].want, columns[i].line);
	}
}

static void
test_text(void)
{
	struct sm_buf err = SM_BUF_INIT(1024);

	write_file("t.txt", "one\tvalue one\nTwo two %1 x\n#three c\nk1:v1:%0:%1\n");
	is_int(kline(&err, "t0 text %s", path("t.txt")), 0, "text map");
	is_int(kline(&err, "t1 text -v1 -a.A %s", path("t.txt")), 0, "text map -v1 -a");
	is_int(kline(&err, "tz text -z: -v3 %s", path("t.txt")), 0, "text map -z: -v3");
	is_int(kline(&err, "tk text -kx %s", path("t.txt")), 0, "text map -kx parses");
	is_int(kline(&err, "tm text %s", path("missing.txt")), 0, "text map of a missing file");
	is_str(lookup("t0", "ONE", NULL, NULL), "one", "default value column is the key's");
	is_str(lookup("t1", "one", NULL, NULL), "value.A", "-v1 and -a");
	is_str(lookup("t1", "two", "X", NULL), "two.A", "keys compare without case");
	is_str(lookup("t1", "three", NULL, NULL), "<none:68>", "comment lines are skipped");
	is_str(lookup("t1", "nope", NULL, NULL), "<none:68>", "not found is EX_NOTFOUND");
	is_str(lookup("tz", "k1", "arg", NULL), "arg", "%1 in a -z column");
	is_str(lookup("tk", "x", NULL, NULL), "<none:75>", "bad -k: the map is bogus");
	is_str(lookup("tm", "x", NULL, NULL), "<none:75>", "missing file: bogus, tempfail");
	sm_buf_free(&err);
}

/* make_db - a hash or btree map from "key\tvalue" pairs, with_nul per -N */
static void
make_db(const char *name, enum smdb_type type, bool with_nul, const char *const *kv)
{
	struct smdb *db;
	int r = smdb_open(&db, path(name), type, SMDB_CREATE | SMDB_TRUNC, NULL);

	if (r != SMDB_OK)
		sm_fatal(EX_OSERR, "smdb_open %s: %s", path(name), smdb_strerror(r));
	for (; kv[0]; kv += 2) {
		struct smdb_datum k = { (void *)kv[0], strlen(kv[0]) + with_nul };
		struct smdb_datum v = { (void *)kv[1], strlen(kv[1]) + with_nul };

		(void)smdb_put(db, &k, &v, true);
	}
	(void)smdb_close(db);
}

static void
test_hash(void)
{
	static const char *const kv[] = { "alpha", "beta %1-%2", "foo.com", "OK", "Mixed", "case", NULL };
	struct sm_buf err = SM_BUF_INIT(1024);
	struct map *m;
	struct map_ctx ctx = { .cfg = &cfg, .mac = &cfg.mac };

	make_db("h", SMDB_TYPE_HASH, false, kv);
	make_db("hn", SMDB_TYPE_BTREE, true, kv);
	is_int(kline(&err, "h hash -a<A> %s", path("h")), 0, "hash map");
	is_int(kline(&err, "hdb hash %s.db", path("h")), 0, "hash map named with .db");
	is_int(kline(&err, "hn btree %s", path("hn")), 0, "btree map (keys with NUL)");
	is_int(kline(&err, "hno btree -O %s", path("hn")), 0, "btree -O");
	is_int(kline(&err, "hf hash -f %s", path("h")), 0, "hash -f");
	is_int(kline(&err, "hm hash -m %s", path("h")), 0, "hash -m");
	is_int(kline(&err, "hx hash %s", path("nosuch")), 0, "hash map of a missing file");
	is_int(kline(&err, "hxo hash -o %s", path("nosuch")), 0, "optional hash map of a missing file");
	is_int(kline(&err, "hxt hash -T<TMP> %s", path("nosuch")), 0, "hash -T of a missing file");
	is_str(lookup("h", "ALPHA", "1", "2"), "beta 1-2<A>", "hash: folded key, %n, -a");
	is_str(lookup("hdb", "foo.com", NULL, NULL), "OK", ".db is not doubled");
	is_str(lookup("h", "nope", NULL, NULL), "<none:0>", "hash miss is status 0");
	is_str(lookup("hn", "alpha", NULL, NULL), "beta -", "btree: key found with its NUL");
	is_str(lookup("hno", "alpha", NULL, NULL), "<none:0>", "-O: not without the NUL");
	is_str(lookup("hf", "mixed", NULL, NULL), "<none:0>", "-f: no folding");
	is_str(lookup("hf", "Mixed", NULL, NULL), "case", "-f: exact key");
	is_str(lookup("hm", "Foo.Com", NULL, NULL), "Foo.Com", "-m returns the key as given");
	is_str(lookup("hx", "x", NULL, NULL), "<none:75>", "missing file: tempfail");
	is_str(lookup("hxt", "x", NULL, NULL), "x<TMP>", "-T on a temporary failure");
	m = map_find(&cfg, "hxo");
	{
		struct sm_buf out = SM_BUF_INIT(100);
		int st;

		ok(map_lookup_raw(m, &ctx, "x", NULL, 0, &st, &out) == MAP_NOTFOUND && st == EX_OK,
		    "optional map that cannot open finds nothing");
		sm_buf_free(&out);
	}
	sm_buf_free(&err);
}

static void
test_open_messages(void)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	struct map *m;
	char want[PATH_MAX + 128];

	is_int(kline(&err, "om hash %s", path("nosuch")), 0, "K line");
	m = map_find(&cfg, "om");
	sm_buf_reset(&err);
	is_int(map_open(m, &cfg, &err), 0, "a non-optional map that fails is usable (bogus)");
	(void)sm_snprintf(want, sizeof(want),
	    "hash map \"om\": missing map file %s.db: No such file or directory", path("nosuch"));
	is_str(sm_buf_str(&err), want, "sendmail's missing map file message");
	ok(m->flags & MF_BOGUS, "the map is bogus");
	is_int(kline(&err, "omt text %s", path("nosuch")), 0, "K line");
	sm_buf_reset(&err);
	(void)map_open(map_find(&cfg, "omt"), &cfg, &err);
	(void)sm_snprintf(want, sizeof(want), "text map \"omt\": unsafe map file %s", path("nosuch"));
	is_str(sm_buf_str(&err), want, "sendmail's text map message");
	is_int(kline(&err, "omu user -vbogus"), 0, "K line");
	sm_buf_reset(&err);
	(void)map_open(map_find(&cfg, "omu"), &cfg, &err);
	is_str(sm_buf_str(&err), "User map omu: unknown column name bogus", "user map column message");
	sm_buf_free(&err);
}

static void
test_regex(void)
{
	struct sm_buf err = SM_BUF_INIT(1024);

	is_int(kline(&err, "r regex -a@MATCH ^[a-z]+$"), 0, "regex");
	is_int(kline(&err, "r2 regex -s1,2 -d: ^(a+)(b+)$"), 0, "regex -s -d");
	is_int(kline(&err, "r3 regex -n -a!NM ^x"), 0, "regex -n");
	is_int(kline(&err, "r4 regex -s -d+ ^(a)(b)?$"), 0, "regex -s alone");
	is_int(kline(&err, "r5 regex -m ^a"), 0, "regex -m");
	is_int(kline(&err, "r6 regex -f ^abc$"), 0, "regex -f");
	is_int(kline(&err, "r7 regex -s1 ^(.*)$"), 0, "regex -s of anything");
	is_str(lookup("r", "Hello", NULL, NULL), "@MATCH", "match ignores case; -a is the value");
	is_str(lookup("r", "hello1", NULL, NULL), "<none:0>", "no match");
	is_str(lookup("r2", "aabbb", NULL, NULL), "aa:bbb", "subexpressions with -d");
	is_str(lookup("r2", "aabbb", "2", NULL), "bbb", "a $@ argument picks the fields");
	is_str(lookup("r3", "yes", NULL, NULL), "!NM", "-n finds what does not match");
	is_str(lookup("r3", "xyes", NULL, NULL), "<none:0>", "-n misses a match");
	is_str(lookup("r4", "ab", NULL, NULL), "ab+a+b", "-s alone: every field, 0 first");
	is_str(lookup("r4", "a", NULL, NULL), "a+a+", "unmatched field is empty");
	is_str(lookup("r5", "abc", NULL, NULL), "abc", "-m returns the key");
	is_str(lookup("r6", "ABC", NULL, NULL), "<none:0>", "-f is case sensitive");
	is_str(lookup("r7", "a<b", NULL, NULL), "<none:0>", "unbalanced result is refused");
	sm_buf_free(&err);
}

static const struct {
	const char *op, *a, *b, *want;
} ariths[] = {
	{ "+", "1", "2", "3" }, { "-", "0x10", "1", "15" }, { "*", "-3", "4", "-12" },
	{ "/", "7", "2", "3" }, { "%", "7", "3", "1" }, { "|", "5", "2", "7" },
	{ "&", "6", "3", "2" }, { "l", "1", "2", "TRUE" }, { "l", "2", "1", "FALSE" },
	{ "=", "2", "2", "TRUE" }, { "=", "2", "3", "FALSE" },
	{ "/", "1", "0", "<none:0>" }, { "%", "7", "0", "<none:0>" },
	{ "x", "1", "1", "<none:78>" }, { "+", "1", NULL, "<none:78>" },
	{ "+", "9223372036854775807", "1", "-9223372036854775808" },
	{ "/", "-9223372036854775808", "-1", "-9223372036854775808" },
	{ "r", "5", "5", "5" }, { "r", "6", "5", "<none:0>" },
};

static void
test_arith(void)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	size_t i;

	is_int(kline(&err, "ar arith"), 0, "arith");
	for (i = 0; i < SM_ARRAY_SIZE(ariths); i++) {
		char desc[64];

		(void)sm_snprintf(desc, sizeof(desc), "arith %s %s %s", ariths[i].op, ariths[i].a,
		    ariths[i].b ? ariths[i].b : "-");
		is_str(lookup("ar", ariths[i].op, ariths[i].a, ariths[i].b), ariths[i].want, desc);
	}
	sm_buf_free(&err);
}

static const struct {
	const char *key, *want;
} dequotes[] = {
	{ "\"ab\"", "ab" }, { "ab", "<none:0>" }, { "\"a\"b", "ab" }, { "\"a b\"", "<none:0>" },
	{ "<\"a\">", "<a>" }, { "\"a", "<none:0>" }, { "\"a\">", "<none:0>" },
	{ "(c\"x\")\"y\"", "(c\"x\")y" }, { "(c x)\"y\"", "<none:0>" }, { "\"a\\\"\"", "a\\\"" },
};

static void
test_dequote(void)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	size_t i;

	is_int(kline(&err, "dq dequote"), 0, "dequote");
	is_int(kline(&err, "dqs dequote -S_"), 0, "dequote -S_");
	for (i = 0; i < SM_ARRAY_SIZE(dequotes); i++)
		is_str(lookup("dq", dequotes[i].key, NULL, NULL), dequotes[i].want, dequotes[i].key);
	is_str(lookup("dqs", "\"a b\"", NULL, NULL), "a_b", "-S replaces the blank");
	sm_buf_free(&err);
}

static void
test_misc_classes(void)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	int id;

	is_int(kline(&err, "mac macro"), 0, "macro");
	is_str(lookup("mac", "{map_test}", "val", NULL), "", "macro map returns empty");
	id = macro_id("{map_test}", false);
	ok(id >= 0 && macro_get(&cfg.mac, id) && strcmp(macro_get(&cfg.mac, id), "val") == 0,
	    "macro map sets the macro");
	is_str(lookup("mac", "{map_test}", NULL, NULL), "", "macro map without value");
	ok(macro_get(&cfg.mac, id) == NULL, "... clears it");
	is_str(lookup("mac", "", NULL, NULL), "<none:78>", "macro map needs a name");

	is_int(kline(&err, "prog program /bin/echo -n pre"), 0, "program");
	is_str(lookup("prog", "key", NULL, NULL), "pre key", "program output, args before the key");
	is_int(kline(&err, "pfail program /bin/false"), 0, "program that fails");
	is_str(lookup("pfail", "key", NULL, NULL), "<none:1>", "exit status is the status");
	is_int(kline(&err, "pnone program /nonexistent/prog"), 0, "program that is missing");
	is_str(lookup("pnone", "key", NULL, NULL), "<none:78>", "missing program: EX_CONFIG");

	is_int(kline(&err, "uid user -vuid"), 0, "user -vuid");
	is_int(kline(&err, "uname user"), 0, "user");
	is_str(lookup("uid", "root", NULL, NULL), "0", "root's uid");
	is_str(lookup("uname", "root", NULL, NULL), "root", "name by default");
	is_str(lookup("uname", "no-such-user-here", NULL, NULL), "<none:67>", "unknown user: EX_NOUSER");

	write_file("al.txt", "# aliases\nRoot: admin\nlist: a,\n  b\nroot: again\n\nnocolon\n");
	is_int(kline(&err, "st stab %s", path("al.txt")), 0, "stab");
	is_int(kline(&err, "sta stab -A %s", path("al.txt")), 0, "stab -A");
	is_str(lookup("st", "ROOT", NULL, NULL), "again", "stab: the last value of a key");
	is_str(lookup("sta", "root", NULL, NULL), "admin,again", "stab -A: values appended");
	is_str(lookup("st", "list", NULL, NULL), "a,  b", "stab: continuation lines");
	is_str(lookup("st", "nocolon", NULL, NULL), "<none:0>", "stab: lines without a colon");
	is_int(kline(&err, "nul null"), 0, "null");
	is_str(lookup("nul", "x", NULL, NULL), "<none:68>", "null finds nothing");

	write_file("s.txt", "one\tvalue one\n");
	is_int(kline(&err, "s1 text -v1 %s", path("s.txt")), 0, "member 1");
	is_int(kline(&err, "s2 hash %s", path("h")), 0, "member 2");
	is_int(kline(&err, "seq sequence s1 s2"), 0, "sequence of defined maps");
	is_str(lookup("seq", "one", NULL, NULL), "value", "first member hits");
	is_str(lookup("seq", "alpha", "x", NULL), "beta x-", "second member hits");
	is_str(lookup("seq", "nope", NULL, NULL), "<none:68>", "no member hits");
	is_int(kline(&err, "seqt sequence hx s1"), 0, "sequence with a bogus member");
	is_str(lookup("seqt", "nope", NULL, NULL), "<none:75>", "a member's tempfail wins a miss");
	is_str(lookup("seqt", "one", NULL, NULL), "value", "but a hit wins");

	write_file("switch", "# comment\nhosts files\naliases files nis\nbadline\n");
	free(cfg.opt.service_switch_file);
	cfg.opt.service_switch_file = sm_strdup(path("switch"));
	{
		const char *types[MAP_MAXSTACK];

		is_int(switch_map_find(&cfg, "aliases", types, MAP_MAXSTACK), 2, "aliases has 2 services");
		ok(strcmp(types[0], "files") == 0 && strcmp(types[1], "nis") == 0, "files nis");
		is_int(switch_map_find(&cfg, "passwd", types, MAP_MAXSTACK), -1, "unknown service");
	}
	is_int(kline(&err, "sw.files text -v1 %s", path("s.txt")), 0, "switch member");
	is_int(kline(&err, "sw switch aliases"), 0, "switch map");
	is_str(lookup("sw", "one", NULL, NULL), "value", "switch through NAME.files");
	is_int(kline(&err, "dflt text -D %s", path("s.txt")), 0, "-D map");
	{
		struct map_ctx ctx = { .cfg = &cfg, .mac = &cfg.mac, .deferred = true };
		int st;
		char *v = map_lookup_rewrite(map_find(&cfg, "dflt"), &ctx, "one", NULL, 0, &st);

		ok(v == NULL && st == EX_TEMPFAIL, "-D map is not used in deferred mode");
		free(v);
	}
	is_str(lookup("s1", "\"one\"", NULL, NULL), "value", "quotes are stripped from keys");
	is_int(kline(&err, "sq text -q -v1 %s", path("s.txt")), 0, "-q map");
	is_str(lookup("sq", "\"one\"", NULL, NULL), "<none:68>", "-q keeps them");
	sm_buf_free(&err);
}

/* test_cmd - run "/map ARGS" and compare its output */
static void
test_cmd(const char *args, const char *want)
{
	struct map_ctx ctx = { .cfg = &cfg, .mac = &cfg.mac };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	map_test_command(&cfg, &ctx, args, fp);
	fclose(fp);
	is_str(buf, want, args);
	free(buf);
}

static void
test_bt_command(void)
{
	char want[PATH_MAX + 256];

	test_cmd("", "Usage: /map mapname key\n");
	test_cmd("h", "No key specified\n");
	test_cmd("  h  ", "No key specified\n");
	test_cmd("nosuchmap x", "Map named \"nosuchmap\" not found\n");
	test_cmd("hxo x", "Map named \"hxo\" not open\n");
	test_cmd("H alpha x y", "map_lookup: H (alpha x y) no match (0)\n");
	test_cmd("h alpha  ", "map_lookup: h (alpha) returns beta -<A> (0)\n");
	test_cmd("dq \"a b\"", "map_lookup: dq (\"a b\") no match (0)\n");
	test_cmd("t1 two", "map_lookup: t1 (two) returns two.A (0)\n");
	(void)sm_snprintf(want, sizeof(want),
	    "hash map \"bt\": missing map file %s.db: No such file or directory\n"
	    "map_lookup: bt (k) no match (75)\n", path("none"));
	{
		struct sm_buf err = SM_BUF_INIT(1024);

		(void)kline(&err, "bt hash %s", path("none"));
		sm_buf_free(&err);
	}
	test_cmd("bt k", want);
	test_cmd("bt k", "map_lookup: bt (k) no match (75)\n");
}

static void
test_shorten(void)
{
	char buf[64];

	is_str(mx_shorten("short.example", 33, buf, sizeof(buf)), "short.example", "short names stay");
	is_str(mx_shorten("abcdefghijklmnopqrstuvwxyz0123456789.example.com", 33, buf, sizeof(buf)),
	    "abcdefghijklmno...789.example.com", "shortenstring(s, 33)");
	is_str(mx_shorten("abcdefghij", 7, buf, sizeof(buf)), "abcd...", "shortenstring(s, 7)");
	is_str(mx_shorten("abcdefghij", 3, buf, sizeof(buf)), "abc", "shortenstring(s, 3)");
}

static void
test_defaults(void)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	struct map *m;

	cfg.version = 10;
	is_int(map_open_all(&cfg, &err), 0, "map_open_all");
	m = map_find(&cfg, "host");
	ok(m && m->cls == &map_class_host && m->append && strcmp(m->append, ".") == 0 &&
	    (m->flags & MF_DEFER), "default host map is \"host -a. -D\"");
	m = map_find(&cfg, "aliases");
	ok(m && m->cls == &map_class_switch, "default aliases switch map");
	ok(map_find(&cfg, "users") == NULL, "no default users map (as 8.17)");
	sm_buf_free(&err);
}

int
main(void)
{
	char tmpl[] = "/tmp/unit-map.XXXXXX";
	char cmd[PATH_MAX + 16];

	sm_set_progname("unit-map");
	if (mkdtemp(tmpl) == NULL)
		sm_fatal(EX_OSERR, "mkdtemp");
	(void)sm_strlcpy(dir, tmpl, sizeof(dir));
	(void)sm_log_file(path("log"), "unit-map");
	memset(&cfg, 0, sizeof(cfg));
	macros_init(&cfg.mac, NULL);

	test_kline_flags();
	test_kline_errors();
	test_rewrite();
	test_columns();
	test_text();
	test_hash();
	test_open_messages();
	test_regex();
	test_arith();
	test_dequote();
	test_misc_classes();
	test_bt_command();
	test_shorten();
	test_defaults();

	map_table_free(&cfg.maps);
	macros_free(&cfg.mac);
	free(cfg.opt.service_switch_file);
	(void)sm_snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return tap_done();
}
