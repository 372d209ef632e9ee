/*
 * smdb_bdb.c - the Berkeley DB (5.x) backend of libsmdb: hash and btree.
 *
 * Opens the file smdb.c has already checked and locked, with the same
 * DB->open flags sendmail's libsmdb uses (DB_CREATE, DB_TRUNCATE,
 * DB_RDONLY), the cache size and hash element count from the params, and
 * DB_DUP when duplicates are allowed.  Berkeley DB's own error messages are
 * silenced; its codes are turned into SMDB_* values.  After the open the
 * file Berkeley DB holds must be the one that was locked.
 */
#include "sm.h"
#include "smdb_int.h"

#include <db.h>

/* smdb_bdb_err - Berkeley DB return codes to SMDB ones */
static int
smdb_bdb_err(int r)
{
	switch (r) {
	case 0:
		return SMDB_OK;
	case DB_NOTFOUND:
	case DB_KEYEMPTY:
		return SMDB_NOTFOUND;
	case DB_KEYEXIST:
		return SMDB_KEYEXIST;
	case DB_RUNRECOVERY:
		return SMDB_E_RECOVER;
	case DB_OLD_VERSION:
		return SMDB_E_OLDVERSION;
	case DB_LOCK_NOTGRANTED:
		return SMDB_E_LOCKED;
	}
	return r > 0 ? r : EIO;
}

/* smdb_bdb_dbt - a DBT over a datum (Berkeley DB does not write to it) */
static DBT
smdb_bdb_dbt(const struct smdb_datum *d)
{
	DBT t;

	memset(&t, 0, sizeof(t));
	if (d != NULL) {
		t.data = d->data;
		t.size = (u_int32_t)d->size;
	}
	return t;
}

static int
smdb_bdb_get(struct smdb *db, const struct smdb_datum *key,
    struct smdb_datum *val)
{
	DB *h = db->impl;
	DBT k, v;
	int r;

	if (key->size > UINT32_MAX)
		return SMDB_NOTFOUND;
	k = smdb_bdb_dbt(key);
	v = smdb_bdb_dbt(NULL);
	r = h->get(h, NULL, &k, &v, 0);
	if (r == 0) {
		val->data = v.data;
		val->size = v.size;
	}
	return smdb_bdb_err(r);
}

static int
smdb_bdb_put(struct smdb *db, const struct smdb_datum *key,
    const struct smdb_datum *val, bool overwrite)
{
	DB *h = db->impl;
	DBT k, v;

	if (key->size > UINT32_MAX || val->size > UINT32_MAX)
		return EFBIG;
	k = smdb_bdb_dbt(key);
	v = smdb_bdb_dbt(val);
	return smdb_bdb_err(h->put(h, NULL, &k, &v,
	    overwrite ? 0 : DB_NOOVERWRITE));
}

static int
smdb_bdb_del(struct smdb *db, const struct smdb_datum *key)
{
	DB *h = db->impl;
	DBT k;

	if (key->size > UINT32_MAX)
		return SMDB_NOTFOUND;
	k = smdb_bdb_dbt(key);
	return smdb_bdb_err(h->del(h, NULL, &k, 0));
}

static int
smdb_bdb_cursor(struct smdb *db, struct smdb_cursor **cp)
{
	DB *h = db->impl;
	DBC *dbc;
	int r;

	if ((r = h->cursor(h, NULL, &dbc, 0)) != 0)
		return smdb_bdb_err(r);
	*cp = sm_calloc(1, sizeof(**cp));
	(*cp)->db = db;
	(*cp)->impl = dbc;
	return SMDB_OK;
}

static int
smdb_bdb_cursor_next(struct smdb_cursor *c, struct smdb_datum *key,
    struct smdb_datum *val)
{
	DBC *dbc = c->impl;
	DBT k, v;
	int r;

	k = smdb_bdb_dbt(NULL);
	v = smdb_bdb_dbt(NULL);
	r = dbc->get(dbc, &k, &v, DB_NEXT);
	if (r == 0) {
		key->data = k.data;
		key->size = k.size;
		val->data = v.data;
		val->size = v.size;
	}
	return smdb_bdb_err(r);
}

static void
smdb_bdb_cursor_close(struct smdb_cursor *c)
{
	DBC *dbc = c->impl;

	(void)dbc->close(dbc);
	free(c);
}

static int
smdb_bdb_sync(struct smdb *db)
{
	DB *h = db->impl;

	return smdb_bdb_err(h->sync(h, 0));
}

static int
smdb_bdb_close(struct smdb *db)
{
	DB *h = db->impl;

	db->impl = NULL;
	return h ? smdb_bdb_err(h->close(h, 0)) : SMDB_OK;
}

static const struct smdb_ops smdb_bdb_ops = {
	smdb_bdb_get,
	smdb_bdb_put,
	smdb_bdb_del,
	smdb_bdb_cursor,
	smdb_bdb_cursor_next,
	smdb_bdb_cursor_close,
	smdb_bdb_sync,
	smdb_bdb_close,
};

/* smdb_bdb_quiet - Berkeley DB's error callback: say nothing */
static void
smdb_bdb_quiet(const DB_ENV *env, const char *pfx, const char *msg)
{
	(void)env;
	(void)pfx;
	(void)msg;
}

/* smdb_bdb_configure - cache size, hash size and duplicates, before open */
static int
smdb_bdb_configure(DB *h, DBTYPE t, const struct smdb_params *p)
{
	int r = 0;

	if (p == NULL)
		return 0;
	if (p->cache_size > 0 && p->cache_size <= UINT32_MAX)
		r = h->set_cachesize(h, 0, (u_int32_t)p->cache_size, 0);
	if (r == 0 && t == DB_HASH && p->h_nelem > 0)
		r = h->set_h_nelem(h, p->h_nelem);
	if (r == 0 && p->allow_dup)
		r = h->set_flags(h, DB_DUP);
	return r;
}

/* smdb_bdb_same_file - is Berkeley DB's descriptor the locked file? */
static int
smdb_bdb_same_file(struct smdb *db, DB *h)
{
	struct stat a, b;
	int fd;

	if (h->fd(h, &fd) != 0 || fstat(fd, &a) < 0 ||
	    fstat(db->lock_fd, &b) < 0)
		return SMDB_OK;		/* nothing to compare: trust the open */
	if (a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		return SMDB_E_CHANGED;
	return SMDB_OK;
}

/* smdb_bdb_open - see smdb_int.h */
int
smdb_bdb_open(struct smdb *db, enum smdb_type type, int flags,
    bool truncate, const struct smdb_params *params)
{
	DBTYPE t = type == SMDB_TYPE_BTREE ? DB_BTREE : DB_HASH;
	u_int32_t oflags = 0;
	int major, minor, patch, r, mode;
	DB *h = NULL;

	(void)db_version(&major, &minor, &patch);
	if (major != DB_VERSION_MAJOR || minor != DB_VERSION_MINOR)
		return SMDB_E_OLDVERSION;
	if (flags & SMDB_CREATE)
		oflags |= DB_CREATE;
	if (truncate) {
		oflags |= DB_TRUNCATE;
		oflags &= ~(u_int32_t)DB_CREATE;
	}
	if (!(flags & SMDB_RDWR))
		oflags |= DB_RDONLY;
	mode = params && params->mode ? params->mode : SMDB_DEFAULT_MODE;

	if ((r = db_create(&h, NULL, 0)) != 0)
		return smdb_bdb_err(r);
	h->set_errcall(h, smdb_bdb_quiet);
	r = smdb_bdb_configure(h, t, params);
	if (r == 0)
		r = h->open(h, NULL, db->path, NULL, t, oflags, mode);
	if (r == 0)
		r = smdb_bdb_same_file(db, h);
	else
		r = smdb_bdb_err(r);
	if (r != SMDB_OK) {
		(void)h->close(h, 0);
		return r;
	}
	db->ops = &smdb_bdb_ops;
	db->impl = h;
	db->type = type;
	return SMDB_OK;
}
