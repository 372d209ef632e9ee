/*
 * headers.c - the cf's H lines put into a received message's header.
 *
 * Owns header completion for every way mail comes in (SMTP and the
 * command line): which cf headers are added, in which order, and how
 * their macros are expanded (see headers.h).
 */
#include "sm.h"
#include "headers.h"
#include "conf_read.h"
#include "identity.h"
#include "macro.h"
#include "tokens.h"

/* mset - set macro name in scope m */
static void
mset(struct macros *m, const char *name, const char *value)
{
	int id = macro_id(name, true);

	if (id >= 0)
		macro_set(m, id, value);
}

/* mget - value of macro name seen from m, or NULL */
static const char *
mget(const struct macros *m, const char *name)
{
	int id = macro_id(name, false);

	return id >= 0 ? macro_get(m, id) : NULL;
}

/* dollar_to_escape - "$g" as the qf keeps an unexpanded macro ("\201g") */
static char *
dollar_to_escape(const char *v)
{
	char *r = sm_strdup(v), *p;

	for (p = r; *p != '\0'; p++)
		if (*p == '$')
			*p = (char)TK_MACROEXPAND;
	return r;
}

/* has_resent - whether the message has a Resent- header */
static bool
has_resent(const struct envelope *e, size_t from)
{
	size_t i;

	for (i = from; i < e->nhdrs; i++)
		if (strncasecmp(e->hdrs[i].name, "Resent-", 7) == 0)
			return true;
	return false;
}

/* add_cf_header - one H line of the cf into hv (the new header list) */
static void
add_cf_header(struct envelope *e, const struct conf_header *h, struct envelope *tmp)
{
	struct sm_buf v = SM_BUF_INIT(64 * 1024);
	const char *p;

	if (h->cond_macro != NULL && mget(&e->mac, h->cond_macro) == NULL)
		return;
	if (strchr(h->flags, 'P') != NULL) {
		char *raw = dollar_to_escape(h->value);

		(void)sm_buf_printf(&v, " %s", raw);
		free(raw);
	} else {
		(void)sm_buf_putc(&v, ' ');
		(void)macro_expand(&e->mac, h->value, &v);
	}
	for (p = sm_buf_str(&v); *p == ' ' || *p == '\t'; p++)
		;
	if (*p != '\0')
		(void)env_add_header(tmp, h->name, sm_buf_str(&v), h->flags);
	sm_buf_free(&v);
}

/* date_macros - $a (when the message has no Date:) and $t */
static void
date_macros(struct envelope *e)
{
	char buf[64];
	time_t now = time(NULL);
	struct tm tm;

	identity_arpadate(buf, sizeof(buf));
	mset(&e->mac, "a", buf);
	mset(&e->mac, "b", buf);
	gmtime_r(&now, &tm);
	sm_snprintf(buf, sizeof(buf), "%04d%02d%02d%02d%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	mset(&e->mac, "t", buf);
}

/* headers_complete - put the cf's headers (Return-Path, Received, and the
 * defaults the message lacks) before the message's own, as sendmail does */
void
headers_complete(const struct config *cfg, struct envelope *e, const char *g)
{
	struct envelope *tmp = env_new(NULL);
	const struct conf_header *ch;
	size_t n, i;
	bool resent = has_resent(e, 0);

	date_macros(e);
	mset(&e->mac, "g", g);
	mset(&e->mac, "u", e->nrcpts == 1 ? e->rcpts[0].addr : NULL);
	ch = conf_headers(cfg, &n);
	for (i = 0; i < n; i++) {
		bool trace = strcasecmp(ch[i].name, "Received") == 0;

		if (!trace && env_header(e, ch[i].name) != NULL)
			continue;
		if (strncasecmp(ch[i].name, "Resent-", 7) == 0 && !resent)
			continue;
		add_cf_header(e, &ch[i], tmp);
	}
	for (i = 0; i < e->nhdrs; i++)
		(void)env_add_header(tmp, e->hdrs[i].name, e->hdrs[i].value, e->hdrs[i].cond);
	for (i = 0; i < e->nhdrs; i++) {
		free(e->hdrs[i].name);
		free(e->hdrs[i].value);
		free(e->hdrs[i].cond);
	}
	free(e->hdrs);
	e->hdrs = tmp->hdrs;
	e->nhdrs = tmp->nhdrs;
	e->hdrs_cap = tmp->hdrs_cap;
	tmp->hdrs = NULL;
	tmp->nhdrs = tmp->hdrs_cap = 0;
	env_free(tmp);
	mset(&e->mac, "u", NULL);
}
