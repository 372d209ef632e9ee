/*
 * smdb.c - libsmdb's front end: type names, file names, the safety checks
 * and the lock taken before a backend opens the file, and the calls that
 * dispatch through a map's ops table.
 *
 * Follows sendmail's libsmdb (smdb.c) in what can be observed: the ".db"
 * extension, flock(2) on the map file (shared to read, exclusive to
 * write), mode 0640, the refusal of links and non-regular files, and the
 * "implicit" type that reads hash or else btree.  sendmail's full safefile()
 * (ownership and directory-path checks) is not done here: the open itself
 * fails with EACCES where the system says so.
 */
#include "sm.h"
#include "smdb_int.h"

#include <sys/file.h>

static const struct {
	const char *name;
	int type;		/* enum smdb_type, or -1: known, not built in */
} smdb_types[] = {
	{ "hash",	SMDB_TYPE_HASH },
	{ "btree",	SMDB_TYPE_BTREE },
	{ "implicit",	SMDB_TYPE_IMPLICIT },
	{ "dbm",	-1 },
	{ "cdb",	-1 },
};

/* smdb_type_byname - map a type name to enum smdb_type */
int
smdb_type_byname(const char *name, enum smdb_type *type)
{
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(smdb_types); i++) {
		if (strcmp(name, smdb_types[i].name) != 0)
			continue;
		if (smdb_types[i].type < 0)
			return SMDB_E_UNSUPPORTED;
		*type = (enum smdb_type)smdb_types[i].type;
		return SMDB_OK;
	}
	return SMDB_E_UNKNOWN_TYPE;
}

/* smdb_type_name - the printable name of a type */
const char *
smdb_type_name(enum smdb_type type)
{
	switch (type) {
	case SMDB_TYPE_HASH:
		return "hash";
	case SMDB_TYPE_BTREE:
		return "btree";
	case SMDB_TYPE_IMPLICIT:
		return "implicit";
	}
	return "unknown";
}

/* smdb_file_name - name plus ".db" unless it already ends so */
int
smdb_file_name(char *buf, size_t size, const char *name, enum smdb_type type)
{
	static const char ext[] = ".db";
	size_t n = strlen(name), e = sizeof(ext) - 1;

	(void)type;		/* every built-in type uses ".db" */
	if (n + e + 1 > size)
		return SMDB_E_NAMETOOLONG;
	if (n > e && strcmp(name + n - e, ext) == 0)
		sm_strlcpy(buf, name, size);
	else if (sm_snprintf(buf, size, "%s%s", name, ext) < 0)
		return SMDB_E_NAMETOOLONG;
	return SMDB_OK;
}

/* smdb_check_file - the safety checks; *exists tells whether to create */
static int
smdb_check_file(const char *path, int flags, struct stat *st, bool *exists)
{
	struct stat lst;

	*exists = false;
	if (lstat(path, &lst) < 0) {
		if (errno != ENOENT)
			return errno;
		return (flags & SMDB_CREATE) ? SMDB_OK : ENOENT;
	}
	if (S_ISLNK(lst.st_mode) && (flags & SMDB_NOSLINK))
		return SMDB_E_NOSLINK;
	if (stat(path, st) < 0) {
		if (errno != ENOENT)
			return errno;
		/* a dangling link the caller allowed: create through it */
		return (flags & SMDB_CREATE) ? SMDB_OK : ENOENT;
	}
	if (!S_ISREG(st->st_mode) && (flags & SMDB_REGONLY))
		return SMDB_E_REGONLY;
	if (S_ISREG(st->st_mode) && st->st_nlink > 1 && (flags & SMDB_NOHLINK))
		return SMDB_E_NOHLINK;
	*exists = true;
	return SMDB_OK;
}

/* smdb_lock_open - open and flock the map file, as sendmail's dfopen does */
static int
smdb_lock_open(struct smdb *db, int flags, int mode)
{
	int oflags = O_CLOEXEC, how, r;

	oflags |= db->writable ? O_RDWR : O_RDONLY;
	if (flags & SMDB_CREATE)
		oflags |= O_CREAT;
	if (flags & SMDB_NOSLINK)
		oflags |= O_NOFOLLOW;
	db->lock_fd = open(db->path, oflags, mode);
	if (db->lock_fd < 0)
		return errno == ELOOP && (flags & SMDB_NOSLINK) ?
		    SMDB_E_NOSLINK : errno;
	how = db->writable ? LOCK_EX : LOCK_SH;
	if (flags & SMDB_NBLOCK)
		how |= LOCK_NB;
	while ((r = flock(db->lock_fd, how)) < 0 && errno == EINTR)
		continue;
	if (r < 0)
		return errno == EWOULDBLOCK ? SMDB_E_LOCKED : errno;
	return SMDB_OK;
}

/* smdb_open_type - the backend open; implicit tries hash, then btree */
static int
smdb_open_type(struct smdb *db, enum smdb_type type, int flags, bool fresh,
    const struct smdb_params *params)
{
	int r;

	if (type != SMDB_TYPE_IMPLICIT)
		return smdb_bdb_open(db, type, flags, fresh, params);
	if (fresh || (flags & SMDB_TRUNC))
		return smdb_bdb_open(db, SMDB_TYPE_HASH, flags, fresh, params);
	r = smdb_bdb_open(db, SMDB_TYPE_HASH, flags, false, params);
	if (r == EINVAL || r == ENOENT)
		r = smdb_bdb_open(db, SMDB_TYPE_BTREE, flags, false, params);
	if (r == EINVAL || r == ENOENT)
		r = SMDB_E_UNKNOWN_TYPE;
	return r;
}

/* smdb_open - check, lock and open a map (see smdb.h) */
int
smdb_open(struct smdb **dbp, const char *name, enum smdb_type type,
    int flags, const struct smdb_params *params)
{
	char path[PATH_MAX];
	struct stat before, after;
	struct smdb *db;
	bool exists;
	int r, mode;

	*dbp = NULL;
	if (name == NULL || *name == '\0')
		return SMDB_E_BADPARAM;
	if ((r = smdb_file_name(path, sizeof(path), name, type)) != SMDB_OK)
		return r;
	if (flags & (SMDB_CREATE | SMDB_TRUNC))
		flags |= SMDB_RDWR;
	if ((r = smdb_check_file(path, flags, &before, &exists)) != SMDB_OK) {
		/* implicit: no type found the file, as sendmail words it */
		if (type == SMDB_TYPE_IMPLICIT && (r == ENOENT || r == EINVAL))
			r = SMDB_E_UNKNOWN_TYPE;
		return r;
	}
	mode = params && params->mode ? params->mode : SMDB_DEFAULT_MODE;

	db = sm_calloc(1, sizeof(*db));
	db->path = sm_strdup(path);
	db->lock_fd = -1;
	db->writable = (flags & SMDB_RDWR) != 0;
	db->type = type;
	if ((r = smdb_lock_open(db, flags, mode)) != SMDB_OK)
		goto fail;
	if (fstat(db->lock_fd, &after) < 0) {
		r = errno;
		goto fail;
	}
	if (exists && (before.st_dev != after.st_dev ||
	    before.st_ino != after.st_ino)) {
		r = SMDB_E_CHANGED;
		goto fail;
	}
	/* a file we just made is new to Berkeley DB: truncate, not create */
	r = smdb_open_type(db, type, flags,
	    db->writable && (!exists || (flags & SMDB_TRUNC)), params);
	if (r != SMDB_OK)
		goto fail;
	if ((flags & SMDB_OPENLOCK) && !db->writable) {
		(void)close(db->lock_fd);
		db->lock_fd = -1;
	}
	*dbp = db;
	return SMDB_OK;

fail:
	if (db->lock_fd >= 0)
		(void)close(db->lock_fd);
	free(db->path);
	free(db);
	return r;
}

/* smdb_get - dispatch to the backend */
int
smdb_get(struct smdb *db, const struct smdb_datum *key, struct smdb_datum *val)
{
	return db->ops->get(db, key, val);
}

/* smdb_put - dispatch to the backend */
int
smdb_put(struct smdb *db, const struct smdb_datum *key,
    const struct smdb_datum *val, bool overwrite)
{
	if (!db->writable)
		return SMDB_E_READONLY;
	return db->ops->put(db, key, val, overwrite);
}

/* smdb_del - dispatch to the backend */
int
smdb_del(struct smdb *db, const struct smdb_datum *key)
{
	if (!db->writable)
		return SMDB_E_READONLY;
	return db->ops->del(db, key);
}

/* smdb_cursor - dispatch to the backend */
int
smdb_cursor(struct smdb *db, struct smdb_cursor **cp)
{
	*cp = NULL;
	return db->ops->cursor(db, cp);
}

/* smdb_cursor_next - dispatch to the backend */
int
smdb_cursor_next(struct smdb_cursor *c, struct smdb_datum *key,
    struct smdb_datum *val)
{
	return c->db->ops->cursor_next(c, key, val);
}

/* smdb_cursor_close - dispatch to the backend */
void
smdb_cursor_close(struct smdb_cursor *c)
{
	if (c != NULL)
		c->db->ops->cursor_close(c);
}

/* smdb_sync - dispatch to the backend */
int
smdb_sync(struct smdb *db)
{
	return db->ops->sync(db);
}

/* smdb_close - close the backend, then drop the lock */
int
smdb_close(struct smdb *db)
{
	int r;

	if (db == NULL)
		return SMDB_OK;
	r = db->ops->close(db);
	if (db->lock_fd >= 0 && close(db->lock_fd) < 0 && r == SMDB_OK)
		r = errno;
	free(db->path);
	free(db);
	return r;
}

/* smdb_fd - the lock descriptor, which is the map file itself */
int
smdb_fd(const struct smdb *db)
{
	return db ? db->lock_fd : -1;
}

/* smdb_strerror - sendmail's texts for the SMDB codes, strerror otherwise */
const char *
smdb_strerror(int err)
{
	switch (err) {
	case SMDB_OK:
		return "Success";
	case SMDB_NOTFOUND:
		return "Key not found";
	case SMDB_KEYEXIST:
		return "Key already exists";
	case SMDB_E_UNKNOWN_TYPE:
		return "Unknown database type";
	case SMDB_E_UNSUPPORTED:
		return "Support for database type not compiled into this program";
	case SMDB_E_NOSLINK:
		return "Symbolic links not allowed";
	case SMDB_E_NOHLINK:
		return "Hard links not allowed";
	case SMDB_E_REGONLY:
		return "Regular files only";
	case SMDB_E_CHANGED:
		return "File changed after open";
	case SMDB_E_NAMETOOLONG:
		return "Name too long";
	case SMDB_E_LOCKED:
		return "Lock unavailable";
	case SMDB_E_RECOVER:
		return "Database panic, run recovery";
	case SMDB_E_OLDVERSION:
		return "Berkeley DB file is an old version, recreate it";
	case SMDB_E_READONLY:
		return "Database opened read-only";
	case SMDB_E_BADPARAM:
		return "Invalid parameter";
	}
	if (err > 0)
		return strerror(err);
	return "Unknown database error";
}
