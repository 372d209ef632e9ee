/*
 * smdb_int.h - what libsmdb's front end (smdb.c) and its backends share.
 *
 * smdb.c checks and locks the file, then hands the half-built struct smdb
 * to a backend's open function, which fills in ops and impl.  Not for use
 * outside libsmdb/.
 */
#ifndef SMDB_INT_H
#define SMDB_INT_H

#include "smdb.h"

#define SMDB_DEFAULT_MODE	0640

/*
 * smdb_bdb_open - open db->path with Berkeley DB as type (hash or btree);
 * flags are smdb_open's, truncate says to empty the file.  Fills db->ops
 * and db->impl on SMDB_OK.
 */
int smdb_bdb_open(struct smdb *db, enum smdb_type type, int flags,
    bool truncate, const struct smdb_params *params);

#endif
