/*
 * map_seq.c - the "sequence" and "switch" map classes, and the service
 * switch file.
 *
 * A sequence map lists member maps by name on its K line (they must be
 * defined before it: "Sequence map NAME: unknown member map M" otherwise)
 * and returns the first member's hit.  A temporary failure of a member is
 * remembered and becomes the result when no member finds the key; when
 * none fails, the status is EX_NOTFOUND.
 *
 * A switch map names a service ("aliases", "hosts", "passwd") instead;
 * its members are the maps NAME.TYPE for each TYPE the service lists in
 * ServiceSwitchFile (default /etc/mail/service.switch, lines "service
 * type type ...").  Without that file sendmail falls back to "files" for
 * aliases and "dns files" for hosts, and to nothing for other services.
 * Members are looked up when the switch map opens.
 */
#include "sm.h"
#include "config.h"
#include "map.h"

#define SWITCH_DEFAULT_FILE "/etc/mail/service.switch"
#define SWITCH_MAXSVC 32

/* The parsed switch file: one line per service, words split in place. */
static struct {
	char *path;
	char *lines[SWITCH_MAXSVC];
	int n;
} swcache;

/* switch_load - (re)read the service switch file into swcache */
static void
switch_load(const char *path)
{
	char buf[1024];
	FILE *fp;
	int i;

	if (swcache.path && strcmp(swcache.path, path) == 0)
		return;
	for (i = 0; i < swcache.n; i++)
		free(swcache.lines[i]);
	free(swcache.path);
	swcache.n = 0;
	swcache.path = sm_strdup(path);
	if ((fp = fopen(path, "r")) == NULL)
		return;
	while (fgets(buf, sizeof(buf), fp) && swcache.n < SWITCH_MAXSVC) {
		char *p;

		buf[strcspn(buf, "#\n")] = '\0';
		p = sm_trim(buf);
		if (*p == '\0' || strpbrk(p, " \t") == NULL)
			continue;
		swcache.lines[swcache.n++] = sm_strdup(p);
	}
	fclose(fp);
}

/* switch_map_find - services for service; see map.h */
int
switch_map_find(const struct config *cfg, const char *service,
    const char **types, int max)
{
	const char *path = cfg && cfg->opt.service_switch_file ?
	    cfg->opt.service_switch_file : SWITCH_DEFAULT_FILE;
	static char words[SWITCH_MAXSVC][256];
	int i, n = 0;

	switch_load(path);
	for (i = 0; i < swcache.n; i++) {
		const char *l = swcache.lines[i];
		size_t sl = strcspn(l, " \t");
		char *w, *save = NULL;

		if (strlen(service) != sl || strncmp(l, service, sl) != 0)
			continue;
		(void)sm_strlcpy(words[i], l + sl, sizeof(words[i]));
		for (w = strtok_r(words[i], " \t", &save); w && n < max;
		    w = strtok_r(NULL, " \t", &save))
			types[n++] = w;
		return n;
	}
	if (strcmp(service, "aliases") == 0 && max >= 1) {
		types[n++] = "files";
		return n;
	}
	if (strcmp(service, "hosts") == 0 && max >= 2) {
		types[n++] = "dns";
		types[n++] = "files";
		return n;
	}
	return -1;
}

/* seq_parse - member names, resolved now */
static int
seq_parse(struct map *m, char *p, struct sm_buf *err)
{
	int n = 0, ret = 0;

	m->flags |= MF_TRY0NULL | MF_TRY1NULL;
	while (*p) {
		char *name, save;
		const struct config *cfg = m->cfg;
		struct map *mm;

		while (*p && !(isalnum((unsigned char)*p) || *p == '_' || *p == '.'))
			p++;
		if (*p == '\0')
			break;
		name = p;
		while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
			p++;
		save = *p;
		*p = '\0';
		mm = cfg ? map_find(cfg, name) : NULL;
		if (mm == NULL || mm == m) {
			if (err->len)
				(void)sm_buf_putc(err, '\n');
			(void)sm_buf_printf(err, "Sequence map %s: unknown member map %s", m->name, name);
			ret = 1;
		} else if (n >= MAP_MAXSTACK) {
			if (err->len)
				(void)sm_buf_putc(err, '\n');
			(void)sm_buf_printf(err, "Sequence map %s: too many member maps (%d max)",
			    m->name, MAP_MAXSTACK);
			ret = 1;
			n++;
		} else
			m->stack[n++] = mm;
		*p = save;
	}
	return ret;
}

/* switch_open - resolve NAME.TYPE for each type of the service */
static int
switch_open(struct map *m, const struct config *cfg, struct sm_buf *err)
{
	const char *types[MAP_MAXSTACK];
	char name[512];
	int i, n;

	n = switch_map_find(cfg, m->file, types, MAP_MAXSTACK);
	for (i = 0; i < n; i++) {
		struct map *mm;

		if (sm_snprintf(name, sizeof(name), "%s.%s", m->name, types[i]) < 0)
			continue;
		mm = map_find(cfg, name);
		if (mm == NULL) {
			if (err->len)
				(void)sm_buf_putc(err, '\n');
			(void)sm_buf_printf(err, "Switch map %s: unknown member map %s", m->name, name);
		} else
			m->stack[i] = mm;
	}
	/* sendmail reports unknown members but the map still opens */
	return 0;
}

/* seq_lookup - the first member that finds the key */
static enum map_result
seq_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	bool tempfail = false;
	int i, st = EX_OK;

	for (i = 0; i < MAP_MAXSTACK; i++) {
		struct map *mm = m->stack[i];
		unsigned bit = 1u << i;
		enum map_result r;

		if (mm == NULL)
			continue;
		sm_buf_reset(result);
		r = map_lookup_raw(mm, req->ctx, req->key, req->args, req->nargs, &st, result);
		if (r == MAP_FOUND) {
			req->status = st;
			return MAP_FOUND;
		}
		if (!(mm->flags & (MF_OPEN | MF_BOGUS)) && (m->ret_unavail & bit)) {
			req->status = EX_UNAVAILABLE;
			return MAP_ERROR;
		}
		if (st == EX_TEMPFAIL) {
			if (m->ret_tryagain & bit) {
				req->status = st;
				return MAP_TEMPFAIL;
			}
			tempfail = true;
		} else if (m->ret_notfound & bit)
			break;
	}
	sm_buf_reset(result);
	if (tempfail) {
		req->status = EX_TEMPFAIL;
		return MAP_TEMPFAIL;
	}
	req->status = st == EX_OK ? EX_NOTFOUND : st;
	return MAP_NOTFOUND;
}

const struct map_class map_class_sequence = {
	"sequence", MCF_OPTFILE, seq_parse, NULL, seq_lookup, NULL
};

const struct map_class map_class_switch = {
	"switch", 0, map_parseargs, switch_open, seq_lookup, NULL
};
