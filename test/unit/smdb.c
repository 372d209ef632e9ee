/*
 * smdb.c - unit tests for libsmdb (open modes, get/put/del, duplicates,
 * cursors, locking, the safety refusals, error texts) and for the pieces
 * of sendmail/aliases_db.c that need no configuration.
 *
 * Run without arguments it prints TAP.  As a helper for the shell tests,
 * "smdb.t --newaliases SPEC [LOCALHOST...]" runs aliases_db_rebuild on SPEC
 * (the given host names count as local) and exits with its status, the
 * way `sendmail -bi -O AliasFile=SPEC` would.
 */
#include "sm.h"
#include "smdb.h"
#include "aliases_db.h"
#include "tap.h"

#include <sys/file.h>

static char dir[PATH_MAX];

/* path - a file name inside the scratch directory */
static const char *
path(const char *name)
{
	static char buf[PATH_MAX];

	sm_snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

static struct smdb_datum
datum(const char *s)
{
	struct smdb_datum d;

	d.data = (void *)s;
	d.size = strlen(s);
	return d;
}

/* same - does d hold exactly the bytes of s? */
static bool
same(const struct smdb_datum *d, const char *s)
{
	return d->size == strlen(s) && memcmp(d->data, s, d->size) == 0;
}

static void
test_names(void)
{
	enum smdb_type t = SMDB_TYPE_IMPLICIT;
	char buf[16];

	is_int(smdb_type_byname("hash", &t), SMDB_OK, "hash is a type");
	is_int(t, SMDB_TYPE_HASH, "hash maps to SMDB_TYPE_HASH");
	is_int(smdb_type_byname("btree", &t), SMDB_OK, "btree is a type");
	is_int(t, SMDB_TYPE_BTREE, "btree maps to SMDB_TYPE_BTREE");
	is_int(smdb_type_byname("implicit", &t), SMDB_OK, "implicit is a type");
	is_int(smdb_type_byname("dbm", &t), SMDB_E_UNSUPPORTED, "dbm is known, not built");
	is_int(smdb_type_byname("cdb", &t), SMDB_E_UNSUPPORTED, "cdb is known, not built");
	is_int(smdb_type_byname("Hash", &t), SMDB_E_UNKNOWN_TYPE, "type names are case-sensitive");
	is_str(smdb_type_name(SMDB_TYPE_BTREE), "btree", "type name");

	is_int(smdb_file_name(buf, sizeof(buf), "x", SMDB_TYPE_HASH), SMDB_OK, "file name fits");
	is_str(buf, "x.db", "x means x.db");
	smdb_file_name(buf, sizeof(buf), "x.db", SMDB_TYPE_BTREE);
	is_str(buf, "x.db", "x.db stays x.db");
	smdb_file_name(buf, sizeof(buf), ".db", SMDB_TYPE_HASH);
	is_str(buf, ".db.db", "a bare .db gets its own extension");
	is_int(smdb_file_name(buf, sizeof(buf), "0123456789abcdef", SMDB_TYPE_HASH),
	    SMDB_E_NAMETOOLONG, "too long a name is refused");

	is_str(smdb_strerror(SMDB_E_UNKNOWN_TYPE), "Unknown database type", "text: unknown type");
	is_str(smdb_strerror(SMDB_E_NOSLINK), "Symbolic links not allowed", "text: symlink");
	is_str(smdb_strerror(SMDB_E_NOHLINK), "Hard links not allowed", "text: hard link");
	is_str(smdb_strerror(SMDB_E_REGONLY), "Regular files only", "text: regular only");
	is_str(smdb_strerror(ENOENT), strerror(ENOENT), "text: errno");
}

static void
test_basic(enum smdb_type type, const char *name)
{
	struct smdb_params p = { 0, 4096, false, 0 };
	struct smdb *db;
	struct smdb_datum k, v;
	struct smdb_cursor *c;
	struct stat st;
	char desc[128];
	mode_t um;
	int n, r;

#define D(s) (sm_snprintf(desc, sizeof(desc), "%s: %s", name, (s)), desc)
	is_int(smdb_open(&db, path(name), type, SMDB_RDONLY, NULL), ENOENT,
	    D("a missing map cannot be read"));
	is_int(smdb_open(&db, path(name), type, SMDB_CREATE | SMDB_TRUNC | SMDB_SAFE, &p),
	    SMDB_OK, D("create"));
	ok(stat(path(name), &st) < 0, D("the name itself is not created"));
	sm_snprintf(desc, sizeof(desc), "%s.db", name);
	um = umask(0);
	umask(um);
	ok(stat(path(desc), &st) == 0 && (st.st_mode & 0777) == (0640 & ~um),
	    "the .db file is created 0640 less the umask");

	k = datum("key");
	v = datum("value");
	is_int(smdb_put(db, &k, &v, false), SMDB_OK, D("put"));
	v = datum("other");
	is_int(smdb_put(db, &k, &v, false), SMDB_KEYEXIST, D("put without overwrite refuses"));
	is_int(smdb_get(db, &k, &v), SMDB_OK, D("get"));
	ok(same(&v, "value"), D("the first value stays"));
	v = datum("other");
	is_int(smdb_put(db, &k, &v, true), SMDB_OK, D("put with overwrite"));
	smdb_get(db, &k, &v);
	ok(same(&v, "other"), D("the value is replaced"));
	k.data = "key";
	k.size = 4;
	is_int(smdb_get(db, &k, &v), SMDB_NOTFOUND, D("the NUL is part of the key"));
	for (n = 0; n < 500; n++) {
		char kb[32], vb[32];

		sm_snprintf(kb, sizeof(kb), "k%d", n);
		sm_snprintf(vb, sizeof(vb), "v%d", n);
		k = datum(kb);
		v = datum(vb);
		if (smdb_put(db, &k, &v, false) != SMDB_OK)
			break;
	}
	is_int(n, 500, D("500 more puts"));
	k = datum("k7");
	is_int(smdb_del(db, &k), SMDB_OK, D("delete"));
	is_int(smdb_get(db, &k, &v), SMDB_NOTFOUND, D("deleted key is gone"));
	is_int(smdb_del(db, &k), SMDB_NOTFOUND, D("deleting it again"));
	is_int(smdb_sync(db), SMDB_OK, D("sync"));
	is_int(smdb_close(db), SMDB_OK, D("close"));

	is_int(smdb_open(&db, path(name), SMDB_TYPE_IMPLICIT, SMDB_RDONLY, NULL),
	    SMDB_OK, D("reopen read-only as implicit"));
	is_int(db->type, type, D("implicit finds the type"));
	k = datum("x");
	v = datum("y");
	is_int(smdb_put(db, &k, &v, true), SMDB_E_READONLY, D("no put on a read-only map"));
	is_int(smdb_cursor(db, &c), SMDB_OK, D("cursor"));
	n = 0;
	while ((r = smdb_cursor_next(c, &k, &v)) == SMDB_OK)
		n++;
	is_int(r, SMDB_NOTFOUND, D("the cursor ends with NOTFOUND"));
	is_int(n, 500, D("the cursor sees every pair"));
	smdb_cursor_close(c);
	smdb_close(db);

	is_int(smdb_open(&db, path(name), type, SMDB_RDWR, NULL), SMDB_OK,
	    D("reopen to append"));
	k = datum("k1");
	ok(smdb_get(db, &k, &v) == SMDB_OK && same(&v, "v1"), D("append keeps data"));
	smdb_close(db);
	is_int(smdb_open(&db, path(name), type, SMDB_CREATE | SMDB_TRUNC, NULL),
	    SMDB_OK, D("reopen truncating"));
	is_int(smdb_get(db, &k, &v), SMDB_NOTFOUND, D("truncate empties"));
	smdb_close(db);
#undef D
}

static void
test_dups(void)
{
	struct smdb_params p = { 0, 0, true, 0 };
	struct smdb *db;
	struct smdb_cursor *c;
	struct smdb_datum k, v;
	int n = 0;
	bool b = false, cc = false;

	is_int(smdb_open(&db, path("dup"), SMDB_TYPE_BTREE, SMDB_CREATE | SMDB_TRUNC, &p),
	    SMDB_OK, "create a btree with duplicates");
	k = datum("a");
	v = datum("b");
	smdb_put(db, &k, &v, true);
	v = datum("c");
	is_int(smdb_put(db, &k, &v, true), SMDB_OK, "a second value for the key");
	smdb_cursor(db, &c);
	while (smdb_cursor_next(c, &k, &v) == SMDB_OK) {
		n++;
		b |= same(&v, "b");
		cc |= same(&v, "c");
	}
	smdb_cursor_close(c);
	ok(n == 2 && b && cc, "both values are there");
	smdb_close(db);
}

static void
test_safety(void)
{
	struct smdb *db, *db2;
	char target[PATH_MAX];

	smdb_open(&db, path("real"), SMDB_TYPE_HASH, SMDB_CREATE, NULL);
	smdb_close(db);
	sm_strlcpy(target, path("real.db"), sizeof(target));
	ok(symlink(target, path("sym.db")) == 0, "make a symlink");
	is_int(smdb_open(&db, path("sym"), SMDB_TYPE_HASH, SMDB_RDONLY | SMDB_SAFE, NULL),
	    SMDB_E_NOSLINK, "a symlink is refused");
	is_int(smdb_open(&db, path("sym"), SMDB_TYPE_HASH, SMDB_RDONLY, NULL),
	    SMDB_OK, "unless allowed");
	smdb_close(db);
	ok(link(target, path("hard.db")) == 0, "make a hard link");
	is_int(smdb_open(&db, path("hard"), SMDB_TYPE_HASH, SMDB_RDWR | SMDB_SAFE, NULL),
	    SMDB_E_NOHLINK, "a hard link is refused");
	ok(mkdir(path("dir.db"), 0755) == 0, "make a directory");
	is_int(smdb_open(&db, path("dir"), SMDB_TYPE_HASH, SMDB_RDONLY | SMDB_SAFE, NULL),
	    SMDB_E_REGONLY, "a directory is refused");
	is_int(smdb_open(&db, path("nodir/x"), SMDB_TYPE_HASH, SMDB_CREATE, NULL),
	    ENOENT, "no map in a missing directory");
	is_int(smdb_open(&db, "", SMDB_TYPE_HASH, SMDB_RDONLY, NULL),
	    SMDB_E_BADPARAM, "an empty name is refused");

	is_int(smdb_open(&db, path("lock"), SMDB_TYPE_HASH, SMDB_CREATE, NULL),
	    SMDB_OK, "a writer holds the lock");
	is_int(smdb_open(&db2, path("lock"), SMDB_TYPE_HASH, SMDB_RDONLY | SMDB_NBLOCK, NULL),
	    SMDB_E_LOCKED, "a reader does not get in meanwhile");
	smdb_close(db);
	is_int(smdb_open(&db2, path("lock"), SMDB_TYPE_HASH, SMDB_RDONLY | SMDB_NBLOCK, NULL),
	    SMDB_OK, "it does after the close");
	is_int(smdb_open(&db, path("lock"), SMDB_TYPE_HASH, SMDB_RDONLY | SMDB_NBLOCK, NULL),
	    SMDB_OK, "readers share");
	smdb_close(db);
	smdb_close(db2);

	is_int(smdb_open(&db2, path("lock"), SMDB_TYPE_HASH, SMDB_RDONLY | SMDB_OPENLOCK, NULL),
	    SMDB_OK, "a lookup map that drops its lock once open");
	is_int(smdb_fd(db2), -1, "has no lock descriptor");
	is_int(smdb_open(&db, path("lock"), SMDB_TYPE_HASH, SMDB_RDWR | SMDB_NBLOCK, NULL),
	    SMDB_OK, "so a writer gets in at once");
	smdb_close(db);
	smdb_close(db2);

	is_int(smdb_open(&db, path("lock"), SMDB_TYPE_BTREE, SMDB_RDONLY, NULL),
	    EINVAL, "a hash map is no btree");
	ok(smdb_close(NULL) == SMDB_OK, "closing NULL is fine");
}

static void
test_lhs(void)
{
	static const struct {
		const char *in, *user, *why;
	} t[] = {
		{ "root", "root", NULL },
		{ " Fred (the man) ", "Fred", NULL },
		{ "<angle>", "angle", NULL },
		{ "a b  c", "a.b.c", NULL },
		{ "\"x y\"", "\"x y\"", NULL },
		{ "a\\b", "a\\b", NULL },
		{ "u@localhost", "u", NULL },
		{ "u@example.org", NULL, "cannot alias non-local names" },
		{ "u@localhost.", "u", NULL },
		{ "@", "", NULL },
		{ "a@", NULL, "Hostname required\ncannot alias non-local names" },
		{ "@b", NULL, "User address required\ncannot alias non-local names" },
		{ "a,b", NULL, "Invalid route address\ncannot alias non-local names" },
		{ "\"q@x\"", NULL, "cannot alias non-local names" },
		{ "\\", NULL, "illegal alias name" },
		{ "|prog", NULL, "cannot alias non-local names" },
		{ "/file", NULL, "cannot alias non-local names" },
		{ "host!user", NULL, "cannot alias non-local names" },
		{ "u%localhost", "u", NULL },
		{ "x;", "x", NULL },
		{ ";", NULL, "List:; syntax illegal for recipient addresses\ncannot alias non-local names" },
		{ "", NULL, "illegal alias name" },
		{ "(only a comment)", NULL, "illegal alias name" },
		{ "bad<", NULL, "Unbalanced '<'\nillegal alias name" },
		{ "bad>", NULL, "Unbalanced '>'\nillegal alias name" },
		{ "\"open", NULL, "Unbalanced '\"'\nillegal alias name" },
		{ "(open", NULL, "Unbalanced '('\nillegal alias name" },
	};
	struct sm_buf user = SM_BUF_INIT(1024), why = SM_BUF_INIT(256);
	size_t i;
	int r;

	for (i = 0; i < SM_ARRAY_SIZE(t); i++) {
		sm_buf_reset(&why);
		r = aliases_db_parse_lhs(t[i].in, NULL, &user, &why);
		if (t[i].user) {
			is_int(r, 0, t[i].in);
			is_str(sm_buf_str(&user), t[i].user, t[i].in);
		} else {
			is_int(r, -1, t[i].in);
			is_str(sm_buf_str(&why), t[i].why, t[i].in);
		}
	}
	sm_buf_free(&user);
	sm_buf_free(&why);
}

/* reverse_lhs - a stand-in for the engine's parser: the name backwards */
static int
reverse_lhs(void *ctx, const char *lhs, struct sm_buf *user, struct sm_buf *why)
{
	size_t n = strlen(lhs);

	(void)ctx;
	(void)why;
	sm_buf_reset(user);
	while (n-- > 0)
		sm_buf_putc(user, lhs[n]);
	return 0;
}

static void
test_rebuild(void)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	struct smdb *db;
	struct smdb_datum k, v;
	char spec[PATH_MAX + 8], buf[512];
	FILE *fp, *out;
	size_t n;

	fp = fopen(path("aliases"), "w");
	fputs("# test\nRoot: admin\nlist: a,\n  b\nbad line\n", fp);
	fclose(fp);
	out = tmpfile();
	is_int(aliases_db_rebuild(path("aliases"), &err, out), EX_SOFTWARE,
	    "rebuild reports the bad line");
	rewind(out);
	n = fread(buf, 1, sizeof(buf) - 1, out);
	buf[n] = '\0';
	fclose(out);
	ok(strstr(buf, "aliases: line 5: missing colon\n") != NULL, "missing colon text");
	ok(strstr(buf, "aliases: 2 aliases, longest 5 bytes, 18 bytes total\n") != NULL,
	    "summary text");
	is_int(smdb_open(&db, path("aliases"), SMDB_TYPE_HASH, SMDB_RDONLY, NULL),
	    SMDB_OK, "aliases.db is there");
	k.data = "root";
	k.size = 5;
	ok(smdb_get(db, &k, &v) == SMDB_OK && v.size == 6 &&
	    memcmp(v.data, "admin", 6) == 0, "key and value carry their NUL");
	k.data = "@";
	k.size = 2;
	ok(smdb_get(db, &k, &v) == SMDB_OK && v.size == 2, "the @ entry is there");
	k.data = "list";
	k.size = 5;
	ok(smdb_get(db, &k, &v) == SMDB_OK && strcmp(v.data, "a,  b") == 0,
	    "continuation lines join");
	smdb_close(db);

	sm_snprintf(spec, sizeof(spec), "hash:%s", path("aliases"));
	out = tmpfile();
	aliases_db_rebuild(spec, &err, out);
	fclose(out);
	smdb_open(&db, path("aliases"), SMDB_TYPE_HASH, SMDB_RDONLY, NULL);
	k.data = "root";
	k.size = 4;
	ok(smdb_get(db, &k, &v) == SMDB_OK && v.size == 5, "hash: stores no NUL");
	smdb_close(db);

	out = tmpfile();
	is_int(aliases_db_rebuild_parse(path("aliases"), NULL, reverse_lhs, &err, out),
	    EX_SOFTWARE, "rebuild with the caller's parser");
	fclose(out);
	smdb_open(&db, path("aliases"), SMDB_TYPE_HASH, SMDB_RDONLY, NULL);
	k.data = "toor";
	k.size = 5;
	ok(smdb_get(db, &k, &v) == SMDB_OK, "the caller's parser makes the keys");
	smdb_close(db);

	out = tmpfile();
	is_int(aliases_db_rebuild(path("nonexistent"), &err, out), EX_OK,
	    "a missing alias file is no failure");
	fclose(out);
	ok(err.len > 0, "but it is said in err");
	sm_buf_free(&err);
}

/* cleanup - remove the scratch directory */
static void
cleanup(void)
{
	static const char *const names[] = {
		"hash.db", "btree.db", "dup.db", "real.db", "sym.db", "hard.db",
		"lock.db", "aliases", "aliases.db",
	};
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(names); i++)
		(void)unlink(path(names[i]));
	(void)rmdir(path("dir.db"));
	(void)rmdir(dir);
}

static const char *const *local_hosts;

static bool
is_local(void *ctx, const char *domain)
{
	const char *const *h;

	(void)ctx;
	for (h = local_hosts; *h != NULL; h++)
		if (strcasecmp(*h, domain) == 0)
			return true;
	return false;
}

/* newaliases - the helper mode for the shell tests */
static int
newaliases(int argc, char **argv)
{
	struct aliases_db_opts o = { is_local, NULL };
	struct sm_buf err = SM_BUF_INIT(1024);
	int r;

	if (argc < 3) {
		fprintf(stderr, "usage: smdb.t --newaliases SPEC [LOCALHOST...]\n");
		return EX_USAGE;
	}
	local_hosts = (const char *const *)argv + 3;
	r = aliases_db_rebuild_opts(argv[2], &o, &err, stdout);
	sm_buf_free(&err);
	return r;
}

int
main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");

	if (argc > 1 && strcmp(argv[1], "--newaliases") == 0)
		return newaliases(argc, argv);
	sm_snprintf(dir, sizeof(dir), "%s/smdb.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		printf("1..0 # SKIP no scratch directory\n");
		return 0;
	}
	test_names();
	test_basic(SMDB_TYPE_HASH, "hash");
	test_basic(SMDB_TYPE_BTREE, "btree");
	test_dups();
	test_safety();
	test_lhs();
	test_rebuild();
	cleanup();
	return tap_done();
}
