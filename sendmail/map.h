/*
 * map.h - maps (K lines): one interface, one vtable per map class.
 *
 * CONTRACT shared by conf_read, rewrite, test_mode and the map classes
 * (owner: map.c and map_*.c).
 *
 * A K line "Kname class -flags args" makes a struct map.  Most classes take
 * sendmail's generic flags (-o -N -O -m -a -T -k -v -z -f -q -D -t -S -A
 * -d), parsed by map_parseargs(); a few (regex, host, dns, sequence,
 * syslog) parse their own argument text, as sendmail does.  Unknown
 * classes, missing file names and bad flags are errors; like sendmail, a
 * bad flag still leaves the map defined.
 *
 * Maps open lazily, at their first lookup, the way sendmail 8.17 does: that
 * is where -bt prints e.g. `hash map "x": missing map file /p/x.db: No such
 * file or directory`.  A map that fails to open and is not optional (-o)
 * becomes "bogus": every lookup fails with EX_TEMPFAIL.  An optional map
 * that fails to open is "not open" (-bt says `Map named "x" not open`).
 *
 * A lookup from a rule, $( name key $@ arg1 $@ arg2 $: default $), is
 * map_lookup_rewrite(): the deferral (-D) and quote (-q) handling, the class
 * lookup, whose value goes through map_rewrite() (%0 the key, %1..%9 the
 * $@ arguments, then the -a text), and the -T text on a temporary failure.
 *
 * In -bt, /map goes through map_test_command() (exact output, open
 * messages in their place) and /mx, /canon through mx.h.
 *
 * Missing: NIS, NIS+, LDAP, socket, nsd, hesiod, netinfo classes (a K line
 * naming one gets "class X not available"); sendmail's safefile() checks
 * (DontBlameSendmail) on map files; reopening a rebuilt database; IPv6
 * in the MX code; the stab class reads "key: value" lines as they are
 * (sendmail parses them as aliases, through the rulesets).
 */
#ifndef MAP_H
#define MAP_H

#include "sm.h"
#include "macro.h"

struct config;
struct map;

#ifndef EX_NOTFOUND
#define EX_NOTFOUND	EX_NOHOST	/* sendmail's name for "no such key" (68) */
#endif

/* What a lookup may read or change besides the map itself. */
struct map_ctx {
	const struct config *cfg;
	struct macros *mac;	/* current macro scope: the "macro" class sets here */
	FILE *msgfp;		/* where sendmail's syserr() lines about maps go
				 * (-bt: stdout); NULL: through sm_warn */
	bool deferred;		/* force deferred delivery: -D maps tempfail.
				 * Without it map_deferred reads the envelope's
				 * ${deliveryMode} in mac (-bt sets it: 'i', or
				 * what -od / -O DeliveryMode gave; an O line in
				 * the cf does not count, as in sendmail 8.17) */
	FILE *notefp;		/* sendmail's message() lines, e.g. "x: Name server
				 * timeout": -bt shows them, from /map and from
				 * $[ $] in rules; NULL: nowhere */
};

/* Lookup results of a class's lookup(). */
enum map_result {
	MAP_FOUND = 0,		/* *result holds the value (or key for -m) */
	MAP_NOTFOUND = 1,
	MAP_TEMPFAIL = 2,	/* EX_TEMPFAIL: try again later */
	MAP_ERROR = 3		/* EX_UNAVAILABLE or worse: map->status says */
};

/*
 * One lookup request as a class sees it: the key (%0) and the $@ arguments
 * (%1 ... %9).  status is sendmail's *statp: EX_OK on entry; the class sets
 * it (EX_NOTFOUND, EX_TEMPFAIL, EX_CONFIG ...) whatever it returns.
 */
struct map_req {
	const char *key;
	const char *const *args;
	int nargs;
	int status;
	FILE *msgfp;		/* copied from the ctx */
	FILE *notefp;		/* copied from the ctx */
	struct map_ctx *ctx;
};

struct map_class {
	const char *name;	/* "hash", "btree", "text", "host", ... */
	unsigned flags;		/* MCF_* below */
	/* parse - the K line text after the class name (writable); 0 ok,
	 * 1 usable but err has complaints (bad flag), -1 unusable + err */
	int (*parse)(struct map *m, char *args, struct sm_buf *err);
	/* open - make the map usable; 0 or -1 + err (may be empty: quiet failure) */
	int (*open)(struct map *m, const struct config *cfg, struct sm_buf *err);
	/* lookup - look key up; on MAP_FOUND the final value (map_rewrite
	 * applied: %n, -a, -m) is in *result; sets req->status */
	enum map_result (*lookup)(struct map *m, struct map_req *req,
	    struct sm_buf *result);
	/* close - release what open and parse took (may be NULL) */
	void (*close)(struct map *m);
};

#define MCF_NEEDFILE	0x01	/* the class takes a file name argument */
#define MCF_ALIASOK	0x02	/* may be used for AliasFile */
#define MCF_REBUILDABLE	0x04	/* newaliases may rebuild it */
#define MCF_OPTFILE	0x08	/* the file name is optional */

/* struct map flags (sendmail's MF_*) */
#define MF_VALID	0x0001	/* parsed well enough to be used */
#define MF_OPEN		0x0002	/* open was attempted and the map is usable */
#define MF_BOGUS	0x0004	/* open failed, not optional: lookups tempfail */
#define MF_OPTIONAL	0x0008	/* -o */
#define MF_INCLNULL	0x0010	/* -N: keys (when storing) include the NUL */
#define MF_TRY0NULL	0x0020	/* look the key up without its NUL */
#define MF_TRY1NULL	0x0040	/* look the key up with its NUL */
#define MF_MATCHONLY	0x0080	/* -m: return the key, not the value */
#define MF_NOFOLDCASE	0x0100	/* -f: do not lower-case keys */
#define MF_KEEPQUOTES	0x0200	/* -q: do not strip quotes from keys */
#define MF_DEFER	0x0400	/* -D: no lookups in deferred delivery mode */
#define MF_NODEFER	0x0800	/* -t: do not defer on a temporary failure */
#define MF_APPEND	0x1000	/* -A: append values of duplicate keys */
#define MF_REGEX_NOT	0x2000	/* regex -n */
#define MF_OPENTRIED	0x4000	/* open() has run once */

#define MAP_MAXSTACK	12	/* sequence/switch members (sendmail's MAXMAPSTACK) */
#define MAP_MAXVALUE	4096	/* longest value a lookup returns */
#define MAP_MAXKEY	1024	/* longest key looked up (longer keys are cut) */

struct map {
	char *name;
	const struct map_class *cls;
	unsigned flags;		/* MF_* as parsed from the generic flags */
	char *file;		/* class file argument, when any */
	char *append;		/* -a */
	char *tempfail_append;	/* -T */
	char *defvalue;		/* default when the rule gives none */
	int keycol, valcol;	/* -k -v as numbers (classes set them at open) */
	char coldelim;		/* -z, '\0' = white space */
	char spacesub;		/* -S; '\0' = not given: BlankSub applies */
	int status;		/* EX_* of the last failure */
	void *priv;		/* the class's own state */
	char *keycolnm;		/* -k as written */
	char *valcolnm;		/* -v as written */
	char *rebuild;		/* text after the file name (program args ...) */
	long timeout;		/* -d seconds, 0 = none */
	int sizelimit;		/* dns -Z */
	struct map *stack[MAP_MAXSTACK];	/* sequence/switch members */
	unsigned short ret_notfound, ret_unavail, ret_tryagain;	/* switch actions (bits per member) */
	const struct config *cfg;	/* the configuration holding the map */
};

struct map_table {
	struct map **v;
	size_t n;
	bool eager_open;	/* map_open_all opens every map now (daemon) */
};

/* map_parse_kline - parse what follows 'K' on a K line into cfg's maps; 0 or
 * -1 + err.  err may hold several messages, one a line, each to be prefixed
 * "file: line N: " by the caller (a sequence map naming two unknown maps
 * gives two).  The map may exist even when -1 is returned (bad flag). */
int map_parse_kline(struct config *cfg, const char *line, struct sm_buf *err);
/* map_find - the map called name, or NULL */
struct map *map_find(const struct config *cfg, const char *name);
/* map_open_all - after the cf is read: define sendmail's default maps
 * ("host", "aliases", "aliases.files") when the cf did not; when
 * cfg->maps.eager_open, open every map now and put the failures of non -o
 * maps in err (one a line; -1).  Otherwise maps open at their first lookup. */
int map_open_all(struct config *cfg, struct sm_buf *err);
/* map_lookup_rewrite - $( $) semantics; malloc'd value or NULL (not found / failure, see *status EX_*) */
char *map_lookup_rewrite(struct map *m, struct map_ctx *ctx, const char *key,
    const char **args, int nargs, int *status);
/* map_table_free - close and free every map */
void map_table_free(struct map_table *t);

/*
 * For test mode (test_mode.c).  map_test_command handles "/map ARGS" where
 * args is the text after "/map" (leading blanks allowed) and prints exactly
 * what sendmail 8.17 prints to fp:
 *   "Usage: /map mapname key", "No key specified",
 *   "Map named \"x\" not found", "Map named \"x\" not open",
 *   "map_lookup: NAME (KEY) returns VALUE (STATUS)" or "... no match (STATUS)"
 * (messages of the lookup itself, e.g. "host: Name server timeout", go in
 * between, as in sendmail).  mx_test_command (mx.h) does "/mx host".
 */
void map_test_command(struct config *cfg, struct map_ctx *ctx, const char *args, FILE *fp);

/* map_open - open m if not yet tried; 0 when usable (bogus counts as usable),
 * -1 when not open (optional map that failed, or invalid); messages to err */
int map_open(struct map *m, const struct config *cfg, struct sm_buf *err);
/* map_lookup_raw - the class lookup alone, as -bt's /map and sequence maps
 * call it (no -q, no -D, no -T): opens the map, returns MAP_*, value in out,
 * status in *status */
enum map_result map_lookup_raw(struct map *m, struct map_ctx *ctx, const char *key,
    const char *const *args, int nargs, int *status, struct sm_buf *out);
/* map_rewrite - sendmail's map_rewrite: s (len bytes, stops at NUL) with
 * %0 = key and %1..%9 = args substituted when key != NULL, then -a appended;
 * appends to out; 0, or -1 when out's cap is hit */
int map_rewrite(const struct map *m, const char *s, size_t len, const char *key,
    const char *const *args, int nargs, struct sm_buf *out);
/* map_rewrite_req - map_rewrite with req's key/args, or with the key alone
 * and no substitution when the map has -m */
int map_rewrite_req(const struct map *m, const struct map_req *req,
    const char *value, size_t len, struct sm_buf *out);
/* map_parseargs - sendmail's generic flag parser (the default class parse):
 * flags, then the file name, then the rest ("rebuild" text); 0, 1 or -1 +
 * err as a class parse */
int map_parseargs(struct map *m, char *args, struct sm_buf *err);
/* map_parse_coldelim - the -z argument at p ("\t", "\n", ":"): the char */
char map_parse_coldelim(const char *p);
/* map_class_find - the class called name (case-insensitive), or NULL */
const struct map_class *map_class_find(const char *name);
/* map_msg - report an open or lookup message the way sendmail's syserr or
 * message() would: to fp when set, else through sm_warn */
void map_msg(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* map_deferred - whether ctx says deliveries are deferred (ctx->deferred,
 * or ${deliveryMode} "d" in ctx->mac) */
bool map_deferred(const struct map_ctx *ctx);
/* map_stripquotes - drop double quotes and backslashes in place, keeping
 * what a backslash quotes (sendmail's stripquotes) */
void map_stripquotes(char *s);
/* map_get_column - column col of line split at delim ('\0' = white space)
 * into buf; NULL when there is no such column (sendmail's get_column) */
char *map_get_column(const char *line, int col, char delim, char *buf, size_t size);
/* switch_map_find - the services ServiceSwitchFile lists for service
 * ("hosts", "aliases"), sendmail's fallback when it has none; count or -1.
 * The strings point into a cache owned by map_seq.c. */
int switch_map_find(const struct config *cfg, const char *service,
    const char **types, int max);

/* Shared between classes: implicit = hash, else stab (map_hash.c, map_stab.c). */
int map_hash_open_quiet(struct map *m, struct sm_buf *err);
enum map_result map_hash_lookup(struct map *m, struct map_req *req, struct sm_buf *result);
void map_hash_close(struct map *m);
int map_stab_open(struct map *m, const struct config *cfg, struct sm_buf *err);
enum map_result map_stab_lookup(struct map *m, struct map_req *req, struct sm_buf *result);
void map_stab_close(struct map *m);

/* The class vtables (map_*.c), listed in map.c's table. */
extern const struct map_class map_class_hash, map_class_btree, map_class_text,
    map_class_sequence, map_class_switch, map_class_stab, map_class_implicit,
    map_class_host, map_class_dns, map_class_regex, map_class_arith,
    map_class_macro, map_class_dequote, map_class_program, map_class_user,
    map_class_syslog, map_class_null, map_class_bogus;

#endif
