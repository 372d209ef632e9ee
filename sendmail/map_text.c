/*
 * map_text.c - the "text" map class: a flat file of lines split in columns.
 *
 * As sendmail's text map: -k is the key column (default 0), -v the value
 * column (default 0), -z the column delimiter (default white space); lines
 * starting with '#' are comments; keys compare without case.  The file is
 * read again at every lookup, so edits show at once.  The file name must
 * be absolute; a file that cannot be read gives sendmail's
 * `text map "NAME": unsafe map file PATH`.
 */
#include "sm.h"
#include "map.h"

#define TEXT_MAXLINE 4096

/* text_col - -k/-v as a number; -1 + err when not a number */
static int
text_col(const struct map *m, const char *nm, char flag, int *col, struct sm_buf *err)
{
	*col = 0;
	if (nm == NULL)
		return 0;
	if (!isdigit((unsigned char)*nm)) {
		(void)sm_buf_printf(err, "text map \"%s\", file %s: -%c should specify a number, not %s",
		    m->name, m->file, flag, nm);
		return -1;
	}
	*col = atoi(nm);
	return 0;
}

/* text_open - check the file and the columns */
static int
text_open(struct map *m, const struct config *cfg, struct sm_buf *err)
{
	struct stat st;

	(void)cfg;
	if (m->file == NULL) {
		(void)sm_buf_printf(err, "text map \"%s\": file name required", m->name);
		return -1;
	}
	if (m->file[0] != '/') {
		(void)sm_buf_printf(err, "text map \"%s\": file name must be fully qualified", m->name);
		return -1;
	}
	if (stat(m->file, &st) < 0 || !S_ISREG(st.st_mode) || access(m->file, R_OK) < 0) {
		(void)sm_buf_printf(err, "text map \"%s\": unsafe map file %s", m->name, m->file);
		return -1;
	}
	if (text_col(m, m->keycolnm, 'k', &m->keycol, err) < 0 ||
	    text_col(m, m->valcolnm, 'v', &m->valcol, err) < 0)
		return -1;
	return 0;
}

/* text_lookup - scan the file for the key */
static enum map_result
text_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	char line[TEXT_MAXLINE], col[TEXT_MAXLINE], key[MAP_MAXKEY];
	const char *v;
	bool found = false;
	FILE *fp;

	(void)sm_strlcpy(key, req->key, sizeof(key));
	if (!(m->flags & MF_NOFOLDCASE))
		sm_lower(key);
	fp = fopen(m->file, "r");
	if (fp == NULL) {
		m->flags &= ~(MF_VALID | MF_OPEN);
		req->status = EX_UNAVAILABLE;
		return MAP_ERROR;
	}
	while (fgets(line, sizeof(line), fp)) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		v = map_get_column(line, m->keycol, m->coldelim, col, sizeof(col));
		if (v && strcasecmp(key, v) == 0) {
			found = true;
			break;
		}
	}
	fclose(fp);
	if (!found ||
	    (v = map_get_column(line, m->valcol, m->coldelim, col, sizeof(col))) == NULL) {
		req->status = EX_NOTFOUND;
		return MAP_NOTFOUND;
	}
	if (map_rewrite_req(m, req, v, strlen(v), result) < 0)
		return MAP_ERROR;
	return MAP_FOUND;
}

const struct map_class map_class_text = {
	"text", 0, map_parseargs, text_open, text_lookup, NULL
};
