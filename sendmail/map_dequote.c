/*
 * map_dequote.c - the "dequote" map class: strip the double quotes from a
 * key that has some, as sendmail's dequote_map.
 *
 * The key must contain at least one quote, no blank (after -S
 * substitution), balanced <> and (), and no dangling quote or backslash;
 * otherwise nothing is found.  Comments are copied untouched; backslashes
 * stay.  The result gets -a but no %n substitution.  The class keeps the
 * quotes of $( $) keys (as if -q were given), as sendmail's dequote_init.
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

/* dequote_parse - the generic flags; quotes are the point, so keep them */
static int
dequote_parse(struct map *m, char *args, struct sm_buf *err)
{
	int r = map_parseargs(m, args, err);

	m->flags |= MF_KEEPQUOTES;
	return r;
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
