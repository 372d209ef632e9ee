/*
 * map_null.c - the "null" map class, and the bogus class of maps that
 * failed to open.
 *
 * sendmail's null map takes an optional file and never finds anything
 * (status EX_NOTFOUND); a K line can name it, and the default
 * "aliases.files" map is one.  The bogus class cannot be named on a K line
 * (its name has a blank); map.c gives a non-optional map that failed to
 * open its behaviour: every lookup fails with EX_TEMPFAIL.
 */
#include "sm.h"
#include "map.h"

/* null_lookup - nothing is ever found */
static enum map_result
null_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	(void)m;
	(void)result;
	req->status = EX_NOTFOUND;
	return MAP_NOTFOUND;
}

/* bogus_lookup - the map could not open: try again later */
static enum map_result
bogus_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	(void)m;
	(void)result;
	req->status = EX_TEMPFAIL;
	return MAP_TEMPFAIL;
}

const struct map_class map_class_null = {
	"null", MCF_ALIASOK | MCF_OPTFILE, map_parseargs, NULL, null_lookup, NULL
};

const struct map_class map_class_bogus = {
	"bogus map", MCF_OPTFILE, map_parseargs, NULL, bogus_lookup, NULL
};
