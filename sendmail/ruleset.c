/*
 * ruleset.c - rulesets: names and numbers (S lines), their rules, and
 * printing them as sendmail -bt's =S does.
 *
 * Owns: struct engine's rs[] and names[].  Numbers run 0..RS_MAX/2-1
 * ("bad ruleset N (100 max)" otherwise); a name without "=N" gets the next
 * free id counting down from RS_MAX-1, as sendmail's strtorwset does.
 * Names are case-sensitive.
 */
#include "sm.h"
#include "ruleset.h"
#include "engine.h"
#include "tokens.h"

/* find_name - the binding of name (len bytes), or NULL */
static struct named_ruleset *
find_name(const struct engine *e, const char *name, size_t len)
{
	for (size_t i = 0; i < e->nnames; i++)
		if (strlen(e->names[i].name) == len &&
		    memcmp(e->names[i].name, name, len) == 0)
			return &e->names[i];
	return NULL;
}

/* add_name - bind name to id (-1: not yet) */
static struct named_ruleset *
add_name(struct engine *e, const char *name, size_t len)
{
	struct named_ruleset *nr;

	e->names = sm_reallocarray(e->names, e->nnames + 1, sizeof(*e->names));
	nr = &e->names[e->nnames++];
	nr->name = sm_strndup(name, len);
	nr->id = -1;
	return nr;
}

/* all_digits - whether the string is a number */
static bool
all_digits(const char *s)
{
	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s))
		s++;
	while (isspace((unsigned char)*s))
		s++;
	return *s == '\0';
}

/* ruleset_id - id of ruleset "name" or "N"; enters a new name when create; -1 if none */
int
ruleset_id(struct config *cfg, const char *name, bool create)
{
	struct engine *e = engine_of(cfg);
	struct named_ruleset *nr;
	size_t len;
	long n;

	while (isspace((unsigned char)*name))
		name++;
	if (all_digits(name)) {
		n = strtol(name, NULL, 10);
		return n >= 0 && n < RS_MAX / 2 ? (int)n : -1;
	}
	len = strlen(name);
	while (len > 0 && isspace((unsigned char)name[len - 1]))
		len--;
	nr = find_name(e, name, len);
	if (nr == NULL) {
		if (!create || len == 0)
			return -1;
		nr = add_name(e, name, len);
	}
	if (nr->id < 0 && create) {
		if (e->next_auto <= RS_MAX / 2)
			return -1;
		nr->id = --e->next_auto;
		if (e->rs[nr->id].name == NULL)
			e->rs[nr->id].name = sm_strdup(nr->name);
	}
	return nr->id;
}

/* ruleset_find - id of an existing ruleset, or -1 */
int
ruleset_find(const struct config *cfg, const char *name)
{
	const struct engine *e = engine_of(cfg);
	const struct named_ruleset *nr;
	size_t len;
	long n;

	while (isspace((unsigned char)*name))
		name++;
	if (isdigit((unsigned char)*name)) {
		n = strtol(name, NULL, 10);
		return n >= 0 && n < RS_MAX / 2 ? (int)n : -1;
	}
	len = strlen(name);
	while (len > 0 && isspace((unsigned char)name[len - 1]))
		len--;
	nr = find_name(e, name, len);
	return nr != NULL ? nr->id : -1;
}

/* ruleset_bind - "name=N" and plain names for S lines: sendmail's
 * strtorwset(..., ST_ENTER) with its diagnostics (appended to err without
 * file/line; the caller prefixes them).  Returns the id or -1. */
int
ruleset_bind(struct config *cfg, const char *text, struct sm_buf *err)
{
	struct engine *e = engine_of(cfg);
	struct named_ruleset *nr;
	const char *p = text, *q;
	char *endn;
	int rs;
	long n;

	while (isspace((unsigned char)*p))
		p++;
	if ((unsigned char)*p >= 0x80) {
		sm_buf_printf(err, "invalid ruleset name: \"%.20s\"", p);
		return -1;
	}
	if (isdigit((unsigned char)*p)) {
		n = strtol(p, NULL, 10);
		if (n >= RS_MAX / 2 || n < 0) {
			sm_buf_printf(err, "bad ruleset %ld (%d max)", n, RS_MAX / 2);
			return -1;
		}
		return (int)n;
	}
	q = p;
	while (*p != '\0' && (isalnum((unsigned char)*p) || *p == '_'))
		p++;
	if (q == p || !isalpha((unsigned char)*q)) {
		sm_buf_printf(err, "invalid ruleset name: \"%.20s\"", q);
		return -1;
	}
	nr = find_name(e, q, (size_t)(p - q));
	if (nr == NULL)
		nr = add_name(e, q, (size_t)(p - q));
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '=') {
		p++;
		while (isspace((unsigned char)*p))
			p++;
		if (!isdigit((unsigned char)*p)) {
			sm_buf_printf(err, "bad ruleset definition \"%s\" (number required after `=')", q);
			return -1;
		}
		n = strtol(p, &endn, 10);
		if (n >= RS_MAX / 2 || n < 0) {
			sm_buf_printf(err, "bad ruleset number %ld in \"%s\" (%d max)",
			    n, q, RS_MAX / 2);
			return -1;
		}
		rs = (int)n;
	} else if (nr->id >= 0)
		rs = nr->id;
	else if ((rs = --e->next_auto) < RS_MAX / 2) {
		sm_buf_printf(err, "%s: too many named rulesets (%d max)", nr->name, RS_MAX / 2);
		return -1;
	}
	if (nr->id >= 0 && rs != nr->id) {
		sm_buf_printf(err, "%s: ruleset changed value (old %d, new %d)", q, nr->id, rs);
		rs = nr->id;
	} else
		nr->id = rs;
	free(e->rs[rs].name);
	e->rs[rs].name = sm_strdup(nr->name);
	e->rs[rs].defined = true;
	return rs;
}

/* ruleset_name - the name -bt prints for id (its name, or its number) */
const char *
ruleset_name(const struct config *cfg, int id, char *buf, size_t size)
{
	const struct engine *e = engine_of(cfg);

	if (id >= 0 && id < RS_MAX && e->rs[id].name != NULL)
		sm_snprintf(buf, size, "%s", e->rs[id].name);
	else
		sm_snprintf(buf, size, "%d", id);
	return buf;
}

/* ruleset_nrules - how many R lines ruleset id has */
size_t
ruleset_nrules(const struct config *cfg, int id)
{
	if (id < 0 || id >= RS_MAX)
		return 0;
	return engine_of(cfg)->rs[id].n;
}

/* ruleset_add_rule - append a parsed rule to ruleset id (ruleset.c) */
void
ruleset_add_rule(struct config *cfg, int id, char **lhs, char **rhs, int line)
{
	struct ruleset *r = &engine_of(cfg)->rs[id];

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->rules = sm_reallocarray(r->rules, r->cap, sizeof(*r->rules));
	}
	r->rules[r->n].lhs = lhs;
	r->rules[r->n].rhs = rhs;
	r->rules[r->n].line = line;
	r->n++;
}

/* print_side - each token with xputs and a space after it */
static void
print_side(char **v, FILE *fp)
{
	for (; *v != NULL; v++) {
		tokens_xputs(*v, fp);
		putc(' ', fp);
	}
}

/* ruleset_print - every rule of id as -bt's =S prints it */
void
ruleset_print(const struct config *cfg, int id, FILE *fp)
{
	const struct ruleset *r;

	if (id < 0 || id >= RS_MAX)
		return;
	r = &engine_of(cfg)->rs[id];
	for (size_t i = 0; i < r->n; i++) {
		putc('R', fp);
		print_side(r->rules[i].lhs, fp);
		fputs("\t\t", fp);
		print_side(r->rules[i].rhs, fp);
		putc('\n', fp);
	}
}

/* ruleset_print_all - every ruleset with rules: "S<name>" then its rules */
void
ruleset_print_all(const struct config *cfg, FILE *fp)
{
	char name[64];

	for (int id = 0; id < RS_MAX; id++) {
		if (engine_of(cfg)->rs[id].n == 0)
			continue;
		fprintf(fp, "S%s\n", ruleset_name(cfg, id, name, sizeof(name)));
		ruleset_print(cfg, id, fp);
	}
}

/* rulesets_free - free every rule and name (ruleset.c) */
void
rulesets_free(struct engine *e)
{
	for (int id = 0; id < RS_MAX; id++) {
		struct ruleset *r = &e->rs[id];

		for (size_t i = 0; i < r->n; i++) {
			free(r->rules[i].lhs);
			free(r->rules[i].rhs);
		}
		free(r->rules);
		free(r->name);
	}
	for (size_t i = 0; i < e->nnames; i++)
		free(e->names[i].name);
	free(e->names);
}
