/*
 * engine.h - the engine core's private view of struct config's "engine"
 * member: rulesets, classes, headers and the tokenizer tables.
 *
 * Owner: conf_read.c, class.c, ruleset.c, rewrite.c, tokens.c.  Nothing
 * outside those files includes it; others use conf_read.h, class.h,
 * ruleset.h, rewrite.h and tokens.h.
 */
#ifndef ENGINE_H
#define ENGINE_H

#include "sm.h"
#include "config.h"
#include "conf_read.h"
#include "ruleset.h"
#include "tokens.h"
#include "macro.h"

struct rule {
	char **lhs;		/* NULL-terminated, strings in one block */
	char **rhs;
	int line;		/* cf line it came from */
};

struct ruleset {
	char *name;		/* NULL: numbered only */
	struct rule *rules;
	size_t n, cap;
	bool defined;		/* an S line named it */
};

/* one interned class word, in sendmail's symbol table order */
struct class_word {
	char *word;		/* as first written */
	size_t len;
	unsigned bucket;	/* sendmail's stab hash of the word */
	unsigned seq;		/* order of first entry */
	uint64_t *bits;		/* class ids the word is in (MACRO_MAX bits) */
	struct class_word *next;	/* our hash chain */
};

struct class_table {
	struct class_word **tab;
	size_t size, n;
	size_t maxlen;		/* longest word */
	unsigned seq;
	bool used[MACRO_MAX];	/* classes that were ever named */
};

struct named_ruleset {
	char *name;
	int id;
};

struct engine {
	struct ruleset rs[RS_MAX];
	struct named_ruleset *names;	/* every S name, first binding kept */
	size_t nnames;
	int next_auto;			/* next id for unnumbered names */
	struct class_table classes;
	struct conf_header *headers;
	size_t nheaders;
	char **trusted;
	size_t ntrusted;
	char **env;
	size_t nenv;
	char **filters;			/* X line names */
	size_t nfilters;
	struct { char *name; int pri; } *prio;
	size_t nprio;
	bool tables_ready;		/* tokenizer tables built ... */
	char *opchars;			/* ... from these operator characters */
	unsigned char ext_tab[256], int_tab[256], noc_tab[256];
	unsigned char atom_tab[256];	/* 1 where int_tab says atom */
	int cur_rs;			/* S line in effect, -1 none */
};

/* engine_of - the engine of cfg (never NULL for a config from conf_new) */
static inline struct engine *
engine_of(const struct config *cfg)
{
	return (struct engine *)cfg->engine;
}

/* class_table_free - free every word (class.c) */
void class_table_free(struct class_table *ct);
/* ruleset_add_rule - append a parsed rule to ruleset id (ruleset.c) */
void ruleset_add_rule(struct config *cfg, int id, char **lhs, char **rhs, int line);
/* ruleset_bind - S line binding with sendmail's diagnostics (ruleset.c) */
int ruleset_bind(struct config *cfg, const char *text, struct sm_buf *err);
/* rulesets_free - free every rule and name (ruleset.c) */
void rulesets_free(struct engine *e);
/* tokens_tables - build the prescan tables of cfg once (tokens.c) */
void tokens_tables(const struct config *cfg);
/* tk_scan - prescan into a caller's buffer and pointer vector (tokens.c);
 * 0 or -1; messages appended to err as -bt prints them */
int tk_scan(const struct config *cfg, const char *addr, int delim,
    enum tk_table tab, bool ignore, char *buf, size_t bufsize,
    char **av, size_t maxav, size_t *nav, const char **endp,
    struct sm_buf *err);
/* tk_atom_table - 256 flags, nonzero for atom bytes (tokens.c) */
const unsigned char *tk_atom_table(const struct config *cfg);
/* tk_is_atom - whether a token starts with an atom character (cataddr) */
bool tk_is_atom(const struct config *cfg, const char *tok);
/* tokens_cataddr_cfg - cataddr with cfg's operator characters (tokens.c) */
int tokens_cataddr_cfg(const struct config *cfg, char *const *v, size_t n,
    int spacesub, struct sm_buf *out);
/* tk_strvec - copy a NULL-terminated vector into one malloc'd block */
char **tk_strvec(char *const *v, size_t n);

#endif
