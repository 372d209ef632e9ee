/*
 * map_dequote.c - the "dequote" map class: strip the double quotes from a
 * key that has some, as sendmail's dequote_map.
 *
 * The key must contain at least one quote, no blank (after -S
 * substitution), balanced <> and (), and no dangling quote or backslash;
 * otherwise nothing is found.  Comments are copied untouched; backslashes
 * stay.  The result gets -a but no %n substitution.  The class keeps the
 * quotes of $( $) keys (as if -q were given), as sendmail's dequote_init,
 * which reads only the first flag word (-a -D -S -s) and ignores others.
 */
#include "sm.h"
#include "map.h"

/* dequote - the dequoted key into out; -1 when the key does not qualify */
static int
dequote(const struct map *m, const char *s, char *out, size_t size)
{
	int angles = 0, comments = 0, quotes = 0, blanks = 0;
	bool quoted = false, bslash = false;
	size_t n = 0;
	int c;

	while ((c = (unsigned char)*s++) != '\0') {
		if (n + 1 >= size)
			return -1;
		if (bslash) {
			bslash = false;
			out[n++] = (char)c;
			continue;
		}
		if (c == ' ' && m->spacesub != '\0')
			c = (unsigned char)m->spacesub;
		switch (c) {
		case '\\':
			bslash = true;
			break;
		case '(':
			comments++;
			break;
		case ')':
			if (comments-- <= 0)
				return -1;
			break;
		case ' ':
		case '\t':
			blanks++;
			break;
		}
		if (comments > 0) {
			out[n++] = (char)c;
			continue;
		}
		if (c == '"') {
			quoted = !quoted;
			quotes++;
			continue;
		}
		if (c == '<')
			angles++;
		else if (c == '>' && angles-- <= 0)
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	if (angles != 0 || comments != 0 || bslash || quoted || quotes <= 0 || blanks != 0)
		return -1;
	return 0;
}

/* dequote_parse - sendmail's dequote_init: quotes are the point, so keep
 * them; only the first flag word counts (-a, -D, -S or -s for the space
 * substitute), others are ignored without a word, as in 8.17 */
static int
dequote_parse(struct map *m, char *args, struct sm_buf *err)
{
	char *p = args, *v;

	(void)err;
	m->flags |= MF_KEEPQUOTES;
	while (isspace((unsigned char)*p))
		p++;
	if (*p != '-')
		return 0;
	switch (p[1]) {
	case 'a':
		v = p + 2;
		v[strcspn(v, " \t\n")] = '\0';
		free(m->append);
		m->append = sm_strdup(v);
		break;
	case 'D':
		m->flags |= MF_DEFER;
		break;
	case 'S':
	case 's':
		m->spacesub = p[2];
		break;
	}
	return 0;
}

/* dequote_lookup - the key without its quotes */
static enum map_result
dequote_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	char buf[MAP_MAXKEY];

	if (dequote(m, req->key, buf, sizeof(buf)) < 0)
		return MAP_NOTFOUND;
	if (map_rewrite(m, buf, strlen(buf), NULL, NULL, 0, result) < 0)
		return MAP_ERROR;
	return MAP_FOUND;
}

const struct map_class map_class_dequote = {
	"dequote", MCF_OPTFILE, dequote_parse, NULL, dequote_lookup, NULL
};
