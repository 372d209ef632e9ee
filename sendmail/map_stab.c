/*
 * map_stab.c - the "stab" map class: a file in aliases(5) format read into
 * memory once, at open.
 *
 * Lines are "key: value"; lines starting with a blank continue the one
 * before; '#' lines and blank lines are skipped; lines without a colon are
 * ignored.  Keys are lower-cased unless -f.  A key given twice keeps its
 * last value, or with -A all its values joined by ",".  The table is a
 * sorted array searched with bsearch.
 *
 * Missing: sendmail reads the file as aliases, parsing every right-hand
 * side as addresses through the rulesets (readaliases) and printing its
 * complaints; here values are taken as they are.
 */
#include "sm.h"
#include "map.h"

struct stab_ent {
	char *key;
	char *val;
	size_t seq;		/* line order, to merge duplicates in order */
};

struct stab_priv {
	struct stab_ent *v;
	size_t n;
};

/* stab_cmp - order of two entries by key */
static int
stab_cmp(const void *a, const void *b)
{
	return strcmp(((const struct stab_ent *)a)->key, ((const struct stab_ent *)b)->key);
}

/* stab_cmp_seq - by key, then by line order */
static int
stab_cmp_seq(const void *a, const void *b)
{
	const struct stab_ent *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* stab_merge - one entry per key: the last one, or all values joined by
 * "," with -A (sendmail's MF_APPEND) */
static void
stab_merge(const struct map *m, struct stab_priv *sp)
{
	size_t i, o = 0;

	qsort(sp->v, sp->n, sizeof(*sp->v), stab_cmp_seq);
	for (i = 0; i < sp->n; i++) {
		struct stab_ent *e = &sp->v[i];

		if (o > 0 && strcmp(sp->v[o - 1].key, e->key) == 0) {
			struct stab_ent *d = &sp->v[o - 1];

			if (m->flags & MF_APPEND) {
				size_t l = strlen(d->val) + strlen(e->val) + 2;
				char *nv = sm_malloc(l);

				(void)sm_snprintf(nv, l, "%s,%s", d->val, e->val);
				free(d->val);
				d->val = nv;
				free(e->val);
			} else {
				free(d->val);
				d->val = e->val;
			}
			free(e->key);
			continue;
		}
		sp->v[o++] = *e;
	}
	sp->n = o;
}

/* stab_add - add one "key: value" logical line */
static void
stab_add(struct map *m, struct stab_priv *sp, char *line)
{
	char *colon = strchr(line, ':'), *k, *v;

	if (colon == NULL)
		return;
	*colon = '\0';
	k = sm_trim(line);
	v = sm_trim(colon + 1);
	if (*k == '\0')
		return;
	if (!(m->flags & MF_NOFOLDCASE))
		sm_lower(k);
	sp->v = sm_reallocarray(sp->v, sp->n + 1, sizeof(*sp->v));
	sp->v[sp->n].key = sm_strdup(k);
	sp->v[sp->n].val = sm_strdup(v);
	sp->v[sp->n].seq = sp->n;
	sp->n++;
}

/* map_stab_open - read the file; 0 or -1 (quiet) */
int
map_stab_open(struct map *m, const struct config *cfg, struct sm_buf *err)
{
	struct sm_buf cur = SM_BUF_INIT(65536);
	struct stab_priv *sp;
	char line[4096];
	FILE *fp;

	(void)cfg;
	(void)err;
	if (m->file == NULL || (fp = fopen(m->file, "r")) == NULL)
		return -1;
	sp = sm_calloc(1, sizeof(*sp));
	while (fgets(line, sizeof(line), fp)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == ' ' || line[0] == '\t') {
			if (cur.len > 0)
				(void)sm_buf_puts(&cur, line);
			continue;
		}
		if (cur.len > 0)
			stab_add(m, sp, cur.data);
		sm_buf_reset(&cur);
		if (line[0] == '#' || line[0] == '\0')
			continue;
		(void)sm_buf_puts(&cur, line);
	}
	if (cur.len > 0)
		stab_add(m, sp, cur.data);
	sm_buf_free(&cur);
	fclose(fp);
	if (sp->n > 1)
		stab_merge(m, sp);
	m->priv = sp;
	return 0;
}

/* map_stab_lookup - the value stored for the key */
enum map_result
map_stab_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	struct stab_priv *sp = m->priv;
	struct stab_ent want, *e;
	char key[MAP_MAXKEY];

	if (sp == NULL || sp->n == 0)
		return MAP_NOTFOUND;
	(void)sm_strlcpy(key, req->key, sizeof(key));
	if (!(m->flags & MF_NOFOLDCASE))
		sm_lower(key);
	want.key = key;
	e = bsearch(&want, sp->v, sp->n, sizeof(*sp->v), stab_cmp);
	if (e == NULL)
		return MAP_NOTFOUND;
	if (map_rewrite_req(m, req, e->val, strlen(e->val), result) < 0)
		return MAP_ERROR;
	return MAP_FOUND;
}

/* map_stab_close - free the table */
void
map_stab_close(struct map *m)
{
	struct stab_priv *sp = m->priv;
	size_t i;

	if (sp == NULL)
		return;
	for (i = 0; i < sp->n; i++) {
		free(sp->v[i].key);
		free(sp->v[i].val);
	}
	free(sp->v);
	free(sp);
	m->priv = NULL;
}

const struct map_class map_class_stab = {
	"stab", MCF_ALIASOK, map_parseargs, map_stab_open, map_stab_lookup, map_stab_close
};
