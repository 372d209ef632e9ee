/*
 * map_implicit.c - the "implicit" map class: NAME.db, as a hash map.
 *
 * sendmail's impl_map_open tries the database formats it was built with;
 * the Debian build has Berkeley DB only, and there the open of an implicit
 * map without NAME.db fails quietly (the map is then bogus, or not open
 * with -o), whatever NAME itself holds: checked against sendmail 8.17.
 * The lookup is the hash class's.
 */
#include "sm.h"
#include "map.h"

/* impl_open - NAME.db as a hash map, without messages */
static int
impl_open(struct map *m, const struct config *cfg, struct sm_buf *err)
{
	(void)cfg;
	return map_hash_open_quiet(m, err);
}

const struct map_class map_class_implicit = {
	"implicit", MCF_ALIASOK | MCF_REBUILDABLE, map_parseargs, impl_open,
	map_hash_lookup, map_hash_close
};
