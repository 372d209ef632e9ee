/*
 * map_syslog.c - the "syslog" map class: $(syslog TEXT $) logs TEXT and
 * returns the empty string.
 *
 * Flags: -L LEVEL (a syslog level name, "LOG_" optional, or a number;
 * default notice), -D, -S.  Lines go through sm_log at that priority.
 */
#include "sm.h"
#include "map.h"

static const struct {
	const char *name;
	int prio;
} syslog_levels[] = {
	{ "EMERG", LOG_EMERG }, { "ALERT", LOG_ALERT }, { "CRIT", LOG_CRIT },
	{ "ERR", LOG_ERR }, { "WARNING", LOG_WARNING }, { "NOTICE", LOG_NOTICE },
	{ "INFO", LOG_INFO }, { "DEBUG", LOG_DEBUG },
};

struct syslog_priv {
	int prio;
};

/* syslog_level - the priority level names, or -1 */
static int
syslog_level(const char *s)
{
	size_t i;

	if (strncasecmp(s, "LOG_", 4) == 0)
		s += 4;
	if (isdigit((unsigned char)*s))
		return atoi(s);
	for (i = 0; i < SM_ARRAY_SIZE(syslog_levels); i++)
		if (sm_streq_ci(s, syslog_levels[i].name))
			return syslog_levels[i].prio;
	return -1;
}

/* syslog_parse - -L level, -D, -S */
static int
syslog_parse(struct map *m, char *p, struct sm_buf *err)
{
	struct syslog_priv *sp = sm_calloc(1, sizeof(*sp));
	int ret = 0;

	sp->prio = LOG_NOTICE;
	m->priv = sp;
	for (;;) {
		char *w;

		while (isspace((unsigned char)*p))
			p++;
		if (*p != '-')
			break;
		switch (*++p) {
		case 'D':
			m->flags |= MF_DEFER;
			break;
		case 'S':
			m->spacesub = *++p;
			break;
		case 'L':
			while (isspace((unsigned char)*++p))
				continue;
			w = p;
			while (*p && !isspace((unsigned char)*p))
				p++;
			if (*p)
				*p++ = '\0';
			if ((sp->prio = syslog_level(w)) < 0) {
				(void)sm_buf_printf(err, "syslog map \"%s\", file %s: invalid level '%s'",
				    m->name, m->file ? m->file : "", w);
				ret = -1;
				sp->prio = LOG_NOTICE;
			}
			continue;
		}
		while (*p && !isspace((unsigned char)*p))
			p++;
	}
	return ret;
}

/* syslog_lookup - log the key */
static enum map_result
syslog_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	struct syslog_priv *sp = m->priv;

	sm_log(sp ? sp->prio : LOG_NOTICE, "%s", req->key);
	sm_buf_reset(result);
	return MAP_FOUND;
}

/* syslog_close - free the level */
static void
syslog_close(struct map *m)
{
	free(m->priv);
	m->priv = NULL;
}

const struct map_class map_class_syslog = {
	"syslog", MCF_OPTFILE, syslog_parse, NULL, syslog_lookup, syslog_close
};
