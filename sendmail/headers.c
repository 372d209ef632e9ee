/*
 * headers.c - the cf's H lines put into a received message's header.
 *
 * Owns header completion for every way mail comes in (SMTP and the
 * command line): which cf headers are added, in which order, and how
 * their macros are expanded (see headers.h).  Measured against sendmail
 * 8.17: Received and Return-Path are added even when the message has
 * them; a Full-Name: of the message sets $x and takes the cf's ?x?; the
 * address lists of To, Cc, From ... that hold a comma are rewritten as
 * "a, b", folded before column 78 with eight blanks; a cf header whose
 * value expands to nothing is left out (the null sender's $g is empty,
 * so its message gets no From:); only Resent-Date, -From, -Sender, -To,
 * -Cc, -Bcc, -Reply-To and -Message-Id make a message resent (not
 * Resent-Apparently-To, Resent-Errors-To or another Resent- field).
 * $g and $x come from the caller (sender.c makes them).
 */
#include "sm.h"
#include "headers.h"
#include "conf_read.h"
#include "identity.h"
#include "macro.h"
#include "tokens.h"

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

/* The Resent- fields that make a message a resent one (measured: not
 * Resent-Apparently-To, Resent-Errors-To, Resent-Comments ...). */
static const char *const resent_names[] = {
	"Resent-Date", "Resent-From", "Resent-Sender", "Resent-To", "Resent-Cc",
	"Resent-Bcc", "Resent-Reply-To", "Resent-Message-Id",
};

/* headers_is_resent - see headers.h */
bool
headers_is_resent(const char *name)
{
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(resent_names); i++)
		if (strcasecmp(name, resent_names[i]) == 0)
			return true;
	return false;
}

/* has_resent - whether the message has a header that makes it resent */
static bool
has_resent(const struct envelope *e, size_t from)
{
	size_t i;

	for (i = from; i < e->nhdrs; i++)
		if (headers_is_resent(e->hdrs[i].name))
			return true;
	return false;
}

/* add_cf_header - one H line of the cf into hv (the new header list) */
static void
add_cf_header(struct envelope *e, const struct conf_header *h, struct envelope *tmp)
{
	struct sm_buf v = SM_BUF_INIT(64 * 1024);
	const char *p;

	if (h->cond_macro != NULL && macro_get_name(&e->mac, h->cond_macro) == NULL)
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
	macro_set_name(&e->mac, "a", buf);
	macro_set_name(&e->mac, "b", buf);
	gmtime_r(&now, &tm);
	sm_snprintf(buf, sizeof(buf), "%04d%02d%02d%02d%02d", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	macro_set_name(&e->mac, "t", buf);
}

/* Address headers whose lists sendmail rewrites ("a,  b" -> "a, b"). */
static const char *const addr_headers[] = {
	"From", "Sender", "Reply-To", "To", "Cc", "Bcc", "Apparently-To", "Errors-To",
	"Disposition-Notification-To", "Resent-From", "Resent-Sender",
	"Resent-Reply-To", "Resent-To", "Resent-Cc", "Resent-Bcc",
};

/* headers_list_end - where the list element at p ends: its top-level
 * comma (outside quotes, comments and angle brackets), or the end of p */
const char *
headers_list_end(const char *p)
{
	int paren = 0, angle = 0;
	bool quoted = false;

	for (; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (quoted)
			quoted = *p != '"';
		else if (*p == '"')
			quoted = true;
		else if (*p == '(')
			paren++;
		else if (*p == ')' && paren > 0)
			paren--;
		else if (*p == '<' && paren == 0)
			angle++;
		else if (*p == '>' && paren == 0 && angle > 0)
			angle--;
		else if (*p == ',' && paren == 0 && angle == 0)
			break;
	}
	return p;
}

/* commaize - a list header's addresses joined with ", ", a line folded
 * ("\n" and eight blanks) before an address that would pass column 78,
 * as sendmail writes them; col is where the value starts */
static char *
commaize(const char *v, size_t col)
{
	struct sm_buf b = SM_BUF_INIT(256 * 1024);
	const char *p = v, *end, *s, *e;
	bool first = true;

	while (*p != '\0') {
		end = headers_list_end(p);
		for (s = p; s < end && isspace((unsigned char)*s); s++)
			;
		for (e = end; e > s && isspace((unsigned char)e[-1]); e--)
			;
		if (e > s) {
			size_t n = (size_t)(e - s);

			if (first)
				(void)sm_buf_putc(&b, ' ');
			else if (col + 2 + n > 78) {
				(void)sm_buf_puts(&b, ",\n        ");
				col = 8;
			} else {
				(void)sm_buf_puts(&b, ", ");
				col += 2;
			}
			(void)sm_buf_append(&b, s, n);
			col += n + (first ? 1 : 0);
			first = false;
		}
		p = *end == ',' ? end + 1 : end;
	}
	return sm_buf_detach(&b);
}

/* commaize_all - rewrite the address lists of e's header that hold a comma */
static void
commaize_all(struct envelope *e)
{
	size_t i, k;

	for (i = 0; i < e->nhdrs; i++) {
		struct header *h = &e->hdrs[i];

		for (k = 0; k < SM_ARRAY_SIZE(addr_headers); k++)
			if (strcasecmp(h->name, addr_headers[k]) == 0)
				break;
		if (k == SM_ARRAY_SIZE(addr_headers) || *headers_list_end(h->value) != ',')
			continue;
		{
			char *nv = commaize(h->value, strlen(h->name) + 1);

			free(h->value);
			h->value = nv;
		}
	}
}

/* full_name_header - a Full-Name: of the message is $x (over -F) and
 * takes the cf's Full-Name conditions, as sendmail does */
static void
full_name_header(struct envelope *e, const struct conf_header *ch, size_t n)
{
	struct header *h = env_header(e, "Full-Name");
	char *v;
	size_t i;

	if (h == NULL)
		return;
	v = sm_strdup(h->value);
	macro_set_name(&e->mac, "x", sm_trim(v));
	free(v);
	for (i = 0; i < n; i++)
		if (strcasecmp(ch[i].name, "Full-Name") == 0 && ch[i].cond_macro == NULL) {
			free(h->cond);
			h->cond = sm_strdup(ch[i].flags);
			break;
		}
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
	macro_set_name(&e->mac, "g", g);
	macro_set_name(&e->mac, "u", e->nrcpts == 1 ? e->rcpts[0].addr : NULL);
	ch = conf_headers(cfg, &n);
	full_name_header(e, ch, n);
	for (i = 0; i < n; i++) {
		/* measured: Received and Return-Path go in whatever the
		 * message holds */
		bool always = strcasecmp(ch[i].name, "Received") == 0 ||
		    strcasecmp(ch[i].name, "Return-Path") == 0;

		if (!always && env_header(e, ch[i].name) != NULL)
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
	macro_set_name(&e->mac, "u", NULL);
	commaize_all(e);
}
