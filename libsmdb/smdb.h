/*
 * smdb.h - one interface to the map databases (Berkeley DB hash and btree).
 *
 * A database is a struct smdb whose ops table holds the backend's
 * functions; smdb_open picks the backend from the type.  Only Berkeley DB
 * 5.x (hash, btree) is built in; another backend (cdb, ndbm) would add a
 * type and a second ops table behind the same calls.
 *
 * Behaviour follows sendmail's libsmdb, so that files are shared with the
 * real sendmail, makemap and praliases:
 *   - a map named "x" lives in "x.db" (a name already ending in ".db" is
 *     used as is);
 *   - the file is opened and flock(2)ed before Berkeley DB sees it: shared
 *     for read-only opens, exclusive otherwise; the lock is held until
 *     smdb_close (or, with SMDB_OPENLOCK on a read-only open, only while
 *     opening);
 *   - created files get mode 0640 (less the umask);
 *   - when asked (SMDB_SAFE), a symbolic link, a hard link or a non-regular
 *     file is refused with its own error code (sendmail's safefile texts);
 *   - the cache size and hash element count come from struct smdb_params
 *     (makemap and newaliases pass 4096 elements, as sendmail does, so
 *     their hash files iterate in the same order as the real ones).
 *
 * Return values: SMDB_OK (0), a positive errno value, or one of the
 * negative SMDB_E* codes below; smdb_strerror turns any of them into the
 * text sendmail prints.  Data returned by get and cursor_next points into
 * the database's memory and is valid until the next call on the handle.
 */
#ifndef SMDB_H
#define SMDB_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SMDB_OK			0
#define SMDB_NOTFOUND		(-1)	/* no such key, or end of cursor */
#define SMDB_KEYEXIST		(-2)	/* put without overwrite hit a key */
#define SMDB_E_UNKNOWN_TYPE	(-3)	/* no such type, or no type fits */
#define SMDB_E_UNSUPPORTED	(-4)	/* a sendmail type not built in */
#define SMDB_E_NOSLINK		(-5)
#define SMDB_E_NOHLINK		(-6)
#define SMDB_E_REGONLY		(-7)
#define SMDB_E_CHANGED		(-8)	/* file replaced while opening */
#define SMDB_E_NAMETOOLONG	(-9)
#define SMDB_E_LOCKED		(-10)	/* non-blocking lock not granted */
#define SMDB_E_RECOVER		(-11)	/* Berkeley DB wants recovery */
#define SMDB_E_OLDVERSION	(-12)
#define SMDB_E_READONLY		(-13)
#define SMDB_E_BADPARAM		(-14)

enum smdb_type {
	SMDB_TYPE_HASH,
	SMDB_TYPE_BTREE,
	SMDB_TYPE_IMPLICIT	/* read: hash, else btree (neither, or no
				   file: SMDB_E_UNKNOWN_TYPE); create: hash */
};

/* open flags */
#define SMDB_RDONLY	0x00
#define SMDB_RDWR	0x01
#define SMDB_CREATE	0x02	/* create when missing (implies RDWR) */
#define SMDB_TRUNC	0x04	/* empty an existing map (implies RDWR) */
#define SMDB_NOSLINK	0x10	/* refuse a symbolic link */
#define SMDB_NOHLINK	0x20	/* refuse a file with several links */
#define SMDB_REGONLY	0x40	/* refuse anything but a regular file */
#define SMDB_NBLOCK	0x80	/* fail with SMDB_E_LOCKED, do not wait */
#define SMDB_OPENLOCK	0x100	/* read-only: drop the lock once open, as
				   sendmail's lookup maps do, so makemap can
				   rebuild under a running daemon */
#define SMDB_SAFE	(SMDB_NOSLINK | SMDB_NOHLINK | SMDB_REGONLY)

struct smdb_datum {
	void *data;
	size_t size;
};

/* Tuning; a NULL params pointer to smdb_open means the defaults. */
struct smdb_params {
	size_t cache_size;	/* bytes; 0 leaves Berkeley DB's default */
	unsigned int h_nelem;	/* hash only; 0 leaves Berkeley DB's default */
	bool allow_dup;		/* several values per key (DB_DUP) */
	int mode;		/* mode for a created file, 0 means 0640 */
};

struct smdb;
struct smdb_cursor;

struct smdb_ops {
	int (*get)(struct smdb *, const struct smdb_datum *, struct smdb_datum *);
	int (*put)(struct smdb *, const struct smdb_datum *,
	    const struct smdb_datum *, bool);
	int (*del)(struct smdb *, const struct smdb_datum *);
	int (*cursor)(struct smdb *, struct smdb_cursor **);
	int (*cursor_next)(struct smdb_cursor *, struct smdb_datum *,
	    struct smdb_datum *);
	void (*cursor_close)(struct smdb_cursor *);
	int (*sync)(struct smdb *);
	int (*close)(struct smdb *);
};

struct smdb {
	const struct smdb_ops *ops;
	void *impl;		/* the backend's handle */
	enum smdb_type type;	/* the type actually opened */
	char *path;		/* the file, with its extension */
	int lock_fd;		/* the file, flock()ed; -1 after SMDB_OPENLOCK */
	bool writable;
};

struct smdb_cursor {
	struct smdb *db;
	void *impl;
};

/* smdb_type_byname - "hash", "btree", "implicit" to *type; 0, SMDB_E_UNSUPPORTED (dbm, cdb) or SMDB_E_UNKNOWN_TYPE */
int smdb_type_byname(const char *name, enum smdb_type *type);

/* smdb_type_name - the name of a type ("hash", "btree", "implicit") */
const char *smdb_type_name(enum smdb_type type);

/* smdb_file_name - the file a map name means ("x" -> "x.db") into buf; 0 or SMDB_E_NAMETOOLONG */
int smdb_file_name(char *buf, size_t size, const char *name, enum smdb_type type);

/* smdb_open - open map name with SMDB_* flags; *dbp is set on SMDB_OK only; free with smdb_close */
int smdb_open(struct smdb **dbp, const char *name, enum smdb_type type,
    int flags, const struct smdb_params *params);

/* smdb_get - look key up; SMDB_OK (val points into the map), SMDB_NOTFOUND or an error */
int smdb_get(struct smdb *db, const struct smdb_datum *key, struct smdb_datum *val);

/* smdb_put - store key/val; overwrite replaces (adds, in a DUP map), else an existing key gives SMDB_KEYEXIST */
int smdb_put(struct smdb *db, const struct smdb_datum *key,
    const struct smdb_datum *val, bool overwrite);

/* smdb_del - delete key and all its values; SMDB_OK, SMDB_NOTFOUND or an error */
int smdb_del(struct smdb *db, const struct smdb_datum *key);

/* smdb_cursor - start a walk over every pair; free with smdb_cursor_close */
int smdb_cursor(struct smdb *db, struct smdb_cursor **cp);

/* smdb_cursor_next - the next pair; SMDB_OK, SMDB_NOTFOUND at the end, or an error */
int smdb_cursor_next(struct smdb_cursor *c, struct smdb_datum *key, struct smdb_datum *val);

/* smdb_cursor_close - end a walk and free the cursor (NULL is fine) */
void smdb_cursor_close(struct smdb_cursor *c);

/* smdb_sync - flush the map to its file */
int smdb_sync(struct smdb *db);

/* smdb_close - flush, close, unlock and free db (NULL is fine); the first error, or SMDB_OK */
int smdb_close(struct smdb *db);

/* smdb_fd - the map file's descriptor (for fchown), or -1 (SMDB_OPENLOCK) */
int smdb_fd(const struct smdb *db);

/* smdb_strerror - the text for a return value (sendmail's words for the SMDB_E* codes) */
const char *smdb_strerror(int err);

#endif
