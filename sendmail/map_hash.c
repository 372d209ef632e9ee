/*
 * map_hash.c - the "hash" and "btree" map classes: Berkeley DB files made
 * by makemap, through libsmdb.
 *
 * As sendmail's db_map_open/db_map_lookup: the file is NAME.db (a name
 * ending in ".db" is taken as is); keys are lower-cased unless -f; a key
 * is tried first without its trailing NUL, then with it (-N: only with,
 * -O: only without), and the first form that hits is the only one tried
 * afterwards.  -m returns the key.  A missing or unreadable file gives
 * sendmail's `hash map "NAME": missing map file PATH: REASON` (or "unsafe
 * map file" when the file exists but is refused); a file Berkeley DB
 * rejects gives `Cannot open hash database PATH: REASON`.  The lookup
 * allocates nothing: values point into the database until the next call.
 *
 * Missing: -A (duplicate keys are makemap's business); reopening a map
 * whose file was rebuilt (sendmail checks the mtime).
 */
#include "sm.h"
#include "map.h"
#include "smdb.h"

/* db_type - the smdb type of the map's class */
static enum smdb_type
db_type(const struct map *m)
{
	return m->cls == &map_class_btree ? SMDB_TYPE_BTREE : SMDB_TYPE_HASH;
}

/* db_open_quiet - open the file; 0, or an smdb error with the path in buf */
static int
db_open_quiet(struct map *m, char *buf, size_t size, int *unsafe)
{
	struct smdb *db = NULL;
	struct stat st;
	int r;

	*unsafe = 0;
	if (m->file == NULL)
		return ENOENT;
	r = smdb_file_name(buf, size, m->file, db_type(m));
	if (r != SMDB_OK)
		return r;
	if (stat(buf, &st) < 0) {
		*unsafe = 1;
		return errno;
	}
	/* like sendmail, hold the shared lock only while opening, so that
	 * makemap can rebuild the map while we run */
	r = smdb_open(&db, m->file, db_type(m), SMDB_RDONLY | SMDB_OPENLOCK, NULL);
	if (r != SMDB_OK) {
		*unsafe = r < 0 && r != SMDB_E_UNKNOWN_TYPE;
		return r;
	}
	m->priv = db;
	return 0;
}

/* db_format_msg - the line Berkeley DB itself prints (and sendmail shows)
 * when a file is not of the expected type; our libsmdb keeps BDB quiet */
static void
db_format_msg(int r, const char *path, struct sm_buf *err)
{
	if (r == EINVAL)
		(void)sm_buf_printf(err, "BDB0641 __db_meta_setup: %s: unexpected file type or format\n",
		    path);
}

/* hash_open - open the database, with sendmail's messages */
static int
hash_open(struct map *m, const struct config *cfg, struct sm_buf *err)
{
	char path[PATH_MAX];
	int r, unsafe;

	(void)cfg;
	r = db_open_quiet(m, path, sizeof(path), &unsafe);
	if (r == 0)
		return 0;
	if (unsafe)
		(void)sm_buf_printf(err, "%s map \"%s\": %s map file %s: %s",
		    m->cls->name, m->name, r == ENOENT ? "missing" : "unsafe",
		    path, smdb_strerror(r));
	else {
		db_format_msg(r, path, err);
		(void)sm_buf_printf(err, "Cannot open %s database %s: %s",
		    m->cls->name, path, smdb_strerror(r));
	}
	return -1;
}

/* hash_get - one get with or without the NUL; 0 hit, 1 miss, -1 error */
static int
hash_get(struct smdb *db, const char *key, size_t len, struct smdb_datum *val)
{
	struct smdb_datum k;
	int r;

	k.data = (void *)key;
	k.size = len;
	r = smdb_get(db, &k, val);
	if (r == SMDB_OK)
		return 0;
	return r == SMDB_NOTFOUND ? 1 : -1;
}

/* hash_lookup - the value of the key */
static enum map_result
hash_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	char key[MAP_MAXKEY];
	struct smdb_datum val;
	size_t len;
	int r = 1;

	if (m->priv == NULL) {
		req->status = EX_UNAVAILABLE;
		return MAP_ERROR;
	}
	len = sm_strlcpy(key, req->key, sizeof(key));
	if (len >= sizeof(key))
		len = sizeof(key) - 1;
	if (!(m->flags & MF_NOFOLDCASE))
		sm_lower(key);
	if (m->flags & MF_TRY0NULL) {
		r = hash_get(m->priv, key, len, &val);
		if (r == 0)
			m->flags &= ~MF_TRY1NULL;
	}
	if (r == 1 && (m->flags & MF_TRY1NULL)) {
		r = hash_get(m->priv, key, len + 1, &val);
		if (r == 0)
			m->flags &= ~MF_TRY0NULL;
	}
	if (r < 0) {
		map_msg(req->msgfp, "db_map_lookup: get (%s)", req->key);
		req->status = EX_TEMPFAIL;
		return MAP_TEMPFAIL;
	}
	if (r != 0)
		return MAP_NOTFOUND;
	if (map_rewrite_req(m, req, val.data, val.size, result) < 0)
		return MAP_ERROR;
	return MAP_FOUND;
}

/* hash_close - close the database */
static void
hash_close(struct map *m)
{
	if (m->priv)
		(void)smdb_close(m->priv);
	m->priv = NULL;
}

const struct map_class map_class_hash = {
	"hash", MCF_ALIASOK | MCF_REBUILDABLE, map_parseargs, hash_open, hash_lookup, hash_close
};

const struct map_class map_class_btree = {
	"btree", MCF_ALIASOK | MCF_REBUILDABLE, map_parseargs, hash_open, hash_lookup, hash_close
};

/* map_hash_open_quiet - for the implicit class: open m as a hash map
 * without sendmail's messages (Berkeley DB's own line still goes to err);
 * 0 or -1 */
int
map_hash_open_quiet(struct map *m, struct sm_buf *err)
{
	char path[PATH_MAX];
	int unsafe, r;

	r = db_open_quiet(m, path, sizeof(path), &unsafe);
	if (r != 0 && !unsafe && err) {
		db_format_msg(r, path, err);
		if (err->len > 0 && err->data[err->len - 1] == '\n')
			sm_buf_truncate(err, err->len - 1);
	}
	return r == 0 ? 0 : -1;
}

/* map_hash_lookup - the implicit class's lookup: the hash one */
enum map_result
map_hash_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	return hash_lookup(m, req, result);
}

/* map_hash_close - the implicit class's close: the hash one */
void
map_hash_close(struct map *m)
{
	hash_close(m);
}
