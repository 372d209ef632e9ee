/*
 * class.c - sendmail classes ($=X, $~X): C and F line words, .C in -bt.
 *
 * Owns: the per-configuration word table.  Each word is interned once
 * (case-insensitively, keeping the spelling first seen) with one bit per
 * class it belongs to, as sendmail's symbol table keeps ST_CLASS entries.
 * Listing a class ($=X in -bt) follows sendmail's stabapply order: by
 * bucket of sendmail's stab hash (type 1, table size 2003), then by order
 * of first entry within a bucket.
 */
#include "sm.h"
#include "class.h"
#include "engine.h"
#include "macro.h"

#define STAB_SIZE	2003
#define ST_CLASS	1
#define BITWORDS	(MACRO_MAX / 64)

/* stab_hash - sendmail's symbol table hash of name for type ST_CLASS */
static unsigned
stab_hash(const char *name, size_t n)
{
	unsigned h = ST_CLASS;

	for (size_t i = 0; i < n; i++)
		h = ((h << 1) ^ (unsigned)tolower((unsigned char)name[i])) % STAB_SIZE;
	return h;
}

/* our_hash - FNV-1a over lower-cased bytes, for lookups */
static size_t
our_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)tolower((unsigned char)s[i]);
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

/* lookup - the interned word of n bytes, or NULL */
static struct class_word *
lookup(const struct class_table *ct, const char *w, size_t n)
{
	struct class_word *cw;

	if (ct->size == 0)
		return NULL;
	for (cw = ct->tab[our_hash(w, n) % ct->size]; cw; cw = cw->next)
		if (cw->len == n && strncasecmp(cw->word, w, n) == 0)
			return cw;
	return NULL;
}

/* grow - double the table when it gets full */
static void
grow(struct class_table *ct)
{
	size_t nsize = ct->size ? ct->size * 2 : 256;
	struct class_word **nt = sm_calloc(nsize, sizeof(*nt));

	for (size_t i = 0; i < ct->size; i++) {
		struct class_word *cw, *next;

		for (cw = ct->tab[i]; cw; cw = next) {
			size_t h = our_hash(cw->word, strlen(cw->word)) % nsize;

			next = cw->next;
			cw->next = nt[h];
			nt[h] = cw;
		}
	}
	free(ct->tab);
	ct->tab = nt;
	ct->size = nsize;
}

/* intern - the word's entry, created when new */
static struct class_word *
intern(struct class_table *ct, const char *w)
{
	struct class_word *cw = lookup(ct, w, strlen(w));
	size_t h;

	if (cw != NULL)
		return cw;
	if (ct->n + 1 > ct->size / 2)
		grow(ct);
	cw = sm_calloc(1, sizeof(*cw));
	cw->word = sm_strdup(w);
	cw->len = strlen(w);
	if (cw->len > ct->maxlen)
		ct->maxlen = cw->len;
	cw->bucket = stab_hash(w, strlen(w));
	cw->seq = ct->seq++;
	cw->bits = sm_calloc(BITWORDS, sizeof(uint64_t));
	h = our_hash(w, strlen(w)) % ct->size;
	cw->next = ct->tab[h];
	ct->tab[h] = cw;
	ct->n++;
	return cw;
}

/* class_add - add word to class id (id from macro_id) */
void
class_add(struct config *cfg, int id, const char *word)
{
	struct class_table *ct = &engine_of(cfg)->classes;
	struct class_word *cw;

	if (id < 0 || id >= MACRO_MAX || word == NULL)
		return;
	ct->used[id] = true;
	if (*word == '\0')
		return;
	cw = intern(ct, word);
	cw->bits[id / 64] |= (uint64_t)1 << (id % 64);
}

/* class_add_words - add every white-space separated word of s to class id */
void
class_add_words(struct config *cfg, int id, const char *s)
{
	char word[1024];

	while (*s) {
		size_t n;

		while (*s && isspace((unsigned char)*s))
			s++;
		n = strcspn(s, " \t\n\r\f\v");
		if (n == 0)
			break;
		if (n >= sizeof(word))
			n = sizeof(word) - 1;
		memcpy(word, s, n);
		word[n] = '\0';
		class_add(cfg, id, word);
		s += strcspn(s, " \t\n\r\f\v");
	}
}

/* class_has_n - as class_has, for the n bytes at word */
bool
class_has_n(const struct config *cfg, int id, const char *word, size_t n)
{
	struct class_word *cw;

	if (id < 0 || id >= MACRO_MAX)
		return false;
	cw = lookup(&engine_of(cfg)->classes, word, n);
	return cw != NULL && (cw->bits[id / 64] >> (id % 64)) & 1;
}

/* class_max_len - the length of the longest word of any class */
size_t
class_max_len(const struct config *cfg)
{
	return engine_of(cfg)->classes.maxlen;
}

/* class_has - whether word is in class id */
bool
class_has(const struct config *cfg, int id, const char *word)
{
	return class_has_n(cfg, id, word, strlen(word));
}

/* by_stab_order - qsort: bucket, then first entry */
static int
by_stab_order(const void *a, const void *b)
{
	const struct class_word *x = *(struct class_word *const *)a;
	const struct class_word *y = *(struct class_word *const *)b;

	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* members - the words of class id in sendmail's order (caller frees) */
static struct class_word **
members(const struct class_table *ct, int id, size_t *np)
{
	struct class_word **v = sm_calloc(ct->n + 1, sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < ct->size; i++)
		for (struct class_word *cw = ct->tab[i]; cw; cw = cw->next)
			if ((cw->bits[id / 64] >> (id % 64)) & 1)
				v[n++] = cw;
	qsort(v, n, sizeof(*v), by_stab_order);
	*np = n;
	return v;
}

/* class_copy - add every member of class from to class to ("C" line "$=X") */
void
class_copy(struct config *cfg, int to, int from)
{
	struct class_table *ct = &engine_of(cfg)->classes;
	struct class_word **v;
	size_t n;

	if (to < 0 || to >= MACRO_MAX || from < 0 || from >= MACRO_MAX)
		return;
	ct->used[to] = true;
	v = members(ct, from, &n);
	for (size_t i = 0; i < n; i++)
		v[i]->bits[to / 64] |= (uint64_t)1 << (to % 64);
	free(v);
}

/* class_print_id - as class_print, by id */
void
class_print_id(const struct config *cfg, int id, FILE *fp)
{
	const struct class_table *ct = &engine_of(cfg)->classes;
	struct class_word **v;
	size_t n;

	if (id < 0 || id >= MACRO_MAX || ct->n == 0)
		return;
	v = members(ct, id, &n);
	for (size_t i = 0; i < n; i++)
		fprintf(fp, "%s\n", v[i]->word);
	free(v);
}

/* class_print - members of class classname, one per line, sendmail's order */
void
class_print(const struct config *cfg, const char *classname, FILE *fp)
{
	int id = macro_id(classname, false);

	if (id >= 0)
		class_print_id(cfg, id, fp);
}

/* class_table_free - free every word (class.c) */
void
class_table_free(struct class_table *ct)
{
	for (size_t i = 0; i < ct->size; i++) {
		struct class_word *cw, *next;

		for (cw = ct->tab[i]; cw; cw = next) {
			next = cw->next;
			free(cw->word);
			free(cw->bits);
			free(cw);
		}
	}
	free(ct->tab);
	memset(ct, 0, sizeof(*ct));
}
