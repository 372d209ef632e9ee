/*
 * macro.c - sendmail macros: $x and ${name}, their ids and values, and the
 * expansion of text that refers to them.
 *
 * Owns: the process-wide registry of long macro names (ids 256 and up, in
 * order of first use, like sendmail's macid) and struct macros scopes.
 * Follows sendmail's expand(): $x and ${name} interpolate (recursively, at
 * most MACRO_RECURSION levels), $?x ... $| ... $. are conditionals on the
 * value being non-empty, $&x is kept for rewrite time, $$ is one dollar.
 * Missing: sendmail's 96-name limit on long names (we allow MACRO_MAX).
 */
#include "sm.h"
#include "macro.h"

#define MACRO_RECURSION 10	/* sendmail's MaxMacroRecursion */

static char *long_names[MACRO_MAX];
static int n_long = 256;

/*
 * sendmail names a long macro by one byte: 0202 is {opMode}, the others
 * get 0240, 0241 ... in the order sendmail registers them (checked
 * against 8.17: {deliveryMode} and {load_avg} at startup, then every
 * ${name} of each cf line and each C, D and F line's {name}, then
 * {checkMIMEFieldHeaders} ... {quarantine}, then names seen at run time).
 * -bt shows a raw input byte after $ $& $= $~ by that table, so we keep
 * it beside our own ids.
 */
#define SMID_OPMODE	0202
#define SMID_FIRST	0240
#define SMID_LAST	0376
static int smid_owner[256];		/* our id for each byte, 0 if none */
static unsigned char smid_byte[MACRO_MAX];	/* the byte of each of our ids */
static int smid_next = SMID_FIRST;
static bool smid_auto;

/* long_lookup - id of a registered long name, or -1 */
static int
long_lookup(const char *name, size_t len)
{
	for (int i = 256; i < n_long; i++)
		if (strlen(long_names[i]) == len &&
		    memcmp(long_names[i], name, len) == 0)
			return i;
	return -1;
}

/* macro_id_n - id of the len-byte name (no braces); -1 if none */
static int
macro_id_n(const char *name, size_t len, bool create)
{
	int id;

	if (len == 0)
		return -1;
	if (len == 1)
		return (unsigned char)name[0];
	id = long_lookup(name, len);
	if (id >= 0 || !create)
		return id;
	if (n_long >= MACRO_MAX)
		return -1;
	long_names[n_long] = sm_strndup(name, len);
	id = n_long++;
	if (smid_auto)
		macro_smid_note(id);
	return id;
}

/* macro_smid_note - give the long name id sendmail's next one-byte id,
 * unless it has one */
void
macro_smid_note(int id)
{
	int b;

	if (id < 256 || id >= n_long || smid_byte[id] != 0)
		return;
	if (strcmp(long_names[id], "opMode") == 0)
		b = SMID_OPMODE;
	else if (smid_next <= SMID_LAST)
		b = smid_next++;
	else
		return;
	smid_byte[id] = (unsigned char)b;
	smid_owner[b] = id;
}

/* macro_smid_auto - whether names registered from now on are noted */
void
macro_smid_auto(bool on)
{
	smid_auto = on;
}

/* macro_smid_id - our id for sendmail's one-byte id b, or -1 */
int
macro_smid_id(int b)
{
	return b >= 0 && b < 256 && smid_owner[b] != 0 ? smid_owner[b] : -1;
}

/* macro_smid_byte - sendmail's one-byte id for our id: the byte itself
 * below 256, the noted byte of a long name, 0 when it has none */
int
macro_smid_byte(int id)
{
	if (id > 0 && id < 256)
		return id;
	return id >= 256 && id < n_long ? smid_byte[id] : 0;
}

/* macro_smid_name - "{name}" for sendmail's one-byte id b into buf, or
 * sendmail's "{***UNDEFINED MACRO***}"; returns buf */
const char *
macro_smid_name(int b, char *buf, size_t size)
{
	int id = b >= 0 && b < 256 ? smid_owner[b] : 0;

	if (id == 0)
		sm_snprintf(buf, size, "{***UNDEFINED MACRO***}");
	else
		sm_snprintf(buf, size, "{%s}", long_names[id]);
	return buf;
}

/* macro_id - id of "x", "{name}" or "name"; registers long names when create; -1 if none */
int
macro_id(const char *name, bool create)
{
	size_t len;

	if (name == NULL || *name == '\0')
		return -1;
	len = strlen(name);
	if (name[0] == '{') {
		if (len < 2 || name[len - 1] != '}')
			return -1;
		return macro_id_n(name + 1, len - 2, create);
	}
	return macro_id_n(name, len, create);
}

/* macro_id_parse - parse a macro name at p ("x" or "{name}"); id or -1,
 * *endp after the name.  Long names are registered. */
int
macro_id_parse(const char *p, const char **endp)
{
	const char *e;

	*endp = p;
	if (*p == '\0')
		return -1;
	if (*p != '{') {
		*endp = p + 1;
		return (unsigned char)*p;
	}
	e = strchr(p + 1, '}');
	if (e == NULL)
		return -1;
	*endp = e + 1;
	return macro_id_n(p + 1, (size_t)(e - p - 1), true);
}

/* macro_name - printable name of id ("j" or "{client_addr}") into buf; returns buf */
const char *
macro_name(int id, char *buf, size_t size)
{
	if (id >= 256 && id < n_long)
		sm_snprintf(buf, size, "{%s}", long_names[id]);
	else if (id > 0 && id < 256)
		sm_snprintf(buf, size, "%c", id);
	else
		sm_snprintf(buf, size, "{?%d}", id);
	return buf;
}

/* macro_long_name - the long name of id without braces, or NULL */
const char *
macro_long_name(int id)
{
	return id >= 256 && id < n_long ? long_names[id] : NULL;
}

/* macros_init - empty scope whose unset values come from parent (may be NULL) */
void
macros_init(struct macros *m, const struct macros *parent)
{
	memset(m, 0, sizeof(*m));
	m->parent = parent;
}

/* macros_free - free every value of the scope (not the parent) */
void
macros_free(struct macros *m)
{
	for (size_t i = 0; i < MACRO_MAX; i++) {
		free(m->val[i]);
		m->val[i] = NULL;
	}
}

/* macro_get - value of id in m or its parents; NULL when unset */
const char *
macro_get(const struct macros *m, int id)
{
	if (id < 0 || id >= MACRO_MAX)
		return NULL;
	for (; m != NULL; m = m->parent)
		if (m->val[id] != NULL)
			return m->val[id];
	return NULL;
}

/* macro_set - set (a copy of) value in m itself; NULL unsets */
void
macro_set(struct macros *m, int id, const char *value)
{
	char *old;

	if (id < 0 || id >= MACRO_MAX)
		return;
	old = m->val[id];
	m->val[id] = value ? sm_strdup(value) : NULL;
	free(old);
}

/* macro_set_name - macro_set by name, registering a new long name */
void
macro_set_name(struct macros *m, const char *name, const char *value)
{
	int id = macro_id(name, true);

	if (id >= 0)
		macro_set(m, id, value);
}

/* macro_get_name - macro_get by name; NULL for a name never registered */
const char *
macro_get_name(const struct macros *m, const char *name)
{
	int id = macro_id(name, false);

	return id >= 0 ? macro_get(m, id) : NULL;
}

struct expand_state {
	const struct macros *m;
	struct sm_buf *out;
	int iflev;
	int skiplev;
	int rc;
};

static void expand_text(struct expand_state *st, const char *s, int depth);

/* expand_macro - interpolate the value of id (recursively) */
static void
expand_macro(struct expand_state *st, int id, int depth)
{
	const char *v = macro_get(st->m, id);

	if (v == NULL || st->skiplev > 0)
		return;
	if (depth >= MACRO_RECURSION) {
		st->rc = -1;
		return;
	}
	{
		struct expand_state sub = { st->m, st->out, 0, 0, 0 };

		expand_text(&sub, v, depth + 1);
		if (sub.rc < 0)
			st->rc = -1;
	}
}

/* expand_cond - $? $| $. ; returns true when c was a conditional */
static bool
expand_cond(struct expand_state *st, const char **sp)
{
	const char *s = *sp;
	const char *end;
	const char *v;
	int id;

	switch (s[1]) {
	case '?':
		st->iflev++;
		id = macro_id_parse(s + 2, &end);
		if (id < 0)
			end = s + 2;
		if (st->skiplev)
			st->skiplev++;
		else {
			v = macro_get(st->m, id);
			if (v == NULL || *v == '\0')
				st->skiplev++;
		}
		*sp = end;
		return true;
	case '|':
		if (st->iflev == 0)
			return false;
		if (st->skiplev == 0)
			st->skiplev = 1;
		else if (st->skiplev == 1)
			st->skiplev = 0;
		*sp = s + 2;
		return true;
	case '.':
		if (st->iflev == 0)
			return false;
		st->iflev--;
		if (st->skiplev > 0)
			st->skiplev--;
		*sp = s + 2;
		return true;
	}
	return false;
}

/* put - append bytes unless skipping */
static void
put(struct expand_state *st, const char *p, size_t n)
{
	if (st->skiplev > 0)
		return;
	if (sm_buf_append(st->out, p, n) < 0)
		st->rc = -1;
}

static void
expand_text(struct expand_state *st, const char *s, int depth)
{
	const char *end;
	int id;

	while (*s != '\0' && st->rc == 0) {
		if (*s != '$' || s[1] == '\0') {
			put(st, s++, 1);
			continue;
		}
		if (expand_cond(st, &s))
			continue;
		if (s[1] == '$') {
			put(st, s, 1);
			s += 2;
			continue;
		}
		if (strchr("*+-=~#@:>[]()&|.0123456789", s[1]) != NULL) {
			/* rule operators stay as written; $=X $~X $&x keep the name */
			end = s + 2;
			if (s[1] == '=' || s[1] == '~' || s[1] == '&')
				(void)macro_id_parse(s + 2, &end);
			put(st, s, (size_t)(end - s));
			s = end;
			continue;
		}
		id = macro_id_parse(s + 1, &end);
		if (id < 0) {
			put(st, s++, 1);
			continue;
		}
		expand_macro(st, id, depth);
		s = end;
	}
}

/* macro_expand - append src with macros expanded to out; -1 when out's cap is hit */
int
macro_expand(const struct macros *m, const char *src, struct sm_buf *out)
{
	struct expand_state st = { m, out, 0, 0, 0 };

	expand_text(&st, src, 0);
	return st.rc;
}
