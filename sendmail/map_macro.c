/*
 * map_macro.c - the "macro" map class: $(macro NAME $@ VALUE $) sets the
 * macro NAME ("x" or "{name}") in the current scope (an empty $@ makes
 * it empty), or clears it when there is no $@ at all, and returns the
 * empty string (without -a), as sendmail 8.17 does.  An empty name is
 * EX_CONFIG.
 */
#include "sm.h"
#include "map.h"

/* macro_lookup - set or clear the macro named by the key */
static enum map_result
macro_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	const char *val = NULL;
	int id;

	(void)m;
	if (req->key == NULL || req->key[0] == '\0' ||
	    (id = macro_id(req->key, true)) < 0) {
		req->status = EX_CONFIG;
		return MAP_ERROR;
	}
	/* "$@" with nothing after it defines the macro as empty (-d21.2
	 * shows "" for it afterwards); no "$@" at all undefines it */
	if (req->nargs >= 1 && req->args[0])
		val = req->args[0];
	if (req->ctx && req->ctx->mac)
		macro_set(req->ctx->mac, id, val);
	sm_buf_reset(result);
	if (sm_buf_puts(result, "") < 0)
		return MAP_ERROR;
	return MAP_FOUND;
}

const struct map_class map_class_macro = {
	"macro", MCF_OPTFILE, map_parseargs, NULL, macro_lookup, NULL
};
