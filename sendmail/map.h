/*
 * map.h - maps (K lines): one interface, one vtable per map class.
 *
 * CONTRACT shared by conf_read, rewrite, test_mode and the map classes
 * (owner: map.c and map_*.c).
 *
 * A K line "Kname class -flags args" makes a struct map.  The generic flags
 * every class shares (-o -N -O -m -a -T -k -v -z -f -l -q -D -S -A ...) are
 * parsed by map.c; the rest of the arguments go to the class's parse().
 * A lookup from a rule, $( name key $@ arg1 $@ arg2 $: default $), is
 * map_lookup_rewrite(): the class lookup, then %0..%9 substitution of the
 * args and -a appended, as sendmail's map_rewrite does.
 */
#ifndef MAP_H
#define MAP_H

#include "sm.h"
#include "macro.h"

struct config;
struct map;

/* What a lookup may read or change besides the map itself. */
struct map_ctx {
	const struct config *cfg;
	struct macros *mac;	/* current macro scope: the "macro" class sets here */
};

/* Lookup results of a class's lookup(). */
enum map_result {
	MAP_FOUND = 0,		/* *result holds the value (or key for -m) */
	MAP_NOTFOUND = 1,
	MAP_TEMPFAIL = 2,	/* EX_TEMPFAIL: try again later */
	MAP_ERROR = 3		/* EX_UNAVAILABLE or worse: map->status says */
};

struct map_class {
	const char *name;	/* "hash", "btree", "text", "host", ... */
	unsigned flags;		/* MCF_* below */
	/* parse - class arguments left after the generic flags; 0 or -1 + err */
	int (*parse)(struct map *m, int argc, char **argv, struct sm_buf *err);
	/* open - make the map usable; 0 or -1 + err (-o maps may fail quietly) */
	int (*open)(struct map *m, const struct config *cfg, struct sm_buf *err);
	/* lookup - look key up; on MAP_FOUND the raw value goes to *result */
	enum map_result (*lookup)(struct map *m, struct map_ctx *ctx,
	    const char *key, const char **args, int nargs, struct sm_buf *result);
	/* close - release what open and parse took */
	void (*close)(struct map *m);
};

#define MCF_NEEDFILE	0x01	/* the class takes a file name argument */
#define MCF_ALIASOK	0x02	/* may be used for AliasFile */
#define MCF_REBUILDABLE	0x04	/* newaliases may rebuild it */

struct map {
	char *name;
	const struct map_class *cls;
	unsigned flags;		/* MF_* as parsed from the generic flags */
	char *file;		/* class file argument, when any */
	char *append;		/* -a */
	char *tempfail_append;	/* -T */
	char *defvalue;		/* default when the rule gives none */
	int keycol, valcol;	/* -k -v */
	char coldelim;		/* -z, '\0' = white space */
	char spacesub;		/* -S */
	int status;		/* EX_* of the last failure */
	void *priv;		/* the class's own state */
};

struct map_table {
	struct map **v;
	size_t n;
};

/* map_parse_kline - parse what follows 'K' on a K line into cfg's maps; 0 or -1 + err */
int map_parse_kline(struct config *cfg, const char *line, struct sm_buf *err);
/* map_find - the map called name, or NULL */
struct map *map_find(const struct config *cfg, const char *name);
/* map_open_all - open every map after the cf is read; reports failures of non -o maps */
int map_open_all(struct config *cfg, struct sm_buf *err);
/* map_lookup_rewrite - $( $) semantics; malloc'd value or NULL (not found / failure, see *status EX_*) */
char *map_lookup_rewrite(struct map *m, struct map_ctx *ctx, const char *key,
    const char **args, int nargs, int *status);
/* map_table_free - close and free every map */
void map_table_free(struct map_table *t);

#endif
