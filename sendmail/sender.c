/*
 * sender.c - the sender's $g and $x, the From: they make, and the queue's
 * order of the recipients, for mail received on the command line
 * (submit.c) and by SMTP (smtp_server.c) alike (see sender.h).
 *
 * Measured against sendmail 8.17.1.9:
 *  - $g is the sender through rulesets 3 and 4: "ROOT@LocalHost" is
 *    "ROOT@mail.example.test", an unqualified "root" stays "root";
 *  - a sender whose address resolves to a mailer with F=w and whose user
 *    (lower-cased, as that mailer has no F=u) has a passwd entry is
 *    local: $x is its gecos field up to the first ',', '&' standing for
 *    the login with its first letter upper-cased, and the message gets
 *    "From: $x <$g>" and "Full-Name: $x"; an empty gecos sets no $x;
 *  - $x holding one of .,:;@[] outside quotes and comments is put in
 *    quotes (with '"' and '\' escaped); the From: line quotes it (again)
 *    when it holds '<', '>' or '\';
 *  - recipients go into the qf sorted by their mailer's host, no host
 *    first, case ignored, entry order kept among equal hosts;
 *  - a duplicate recipient has the same mailer, host (any case) and user
 *    (any case only for a mailer without F=u: "x@mx" and "X@mx" are two
 *    for esmtp, "root" and "ROOT" one for local);
 *  - the r line of a remote recipient is "RFC822; " and its mailer's
 *    user, which holds the canonical host ("x@relay" is
 *    "x@relay.example.net" when the hosts file says so); a local one's
 *    is the address as given, "@$j" added when unqualified.
 *
 * Missing: MatchGECOS (a sender named by its full name).
 */
#include "sm.h"
#include "sender.h"
#include "mailer.h"
#include "macro.h"
#include "rewrite.h"
#include "ruleset.h"
#include "tokens.h"

#include <pwd.h>

#define SENDER_ADDRMAX	4096

/* phrase_scan_outside - see sender.h */
bool
phrase_scan_outside(struct phrase_scan *st, int c)
{
	if (st->escaped) {
		st->escaped = false;
		return false;
	}
	if (c == '\\') {
		st->escaped = true;
		return false;
	}
	if (st->quoted) {
		st->quoted = c != '"';
		return false;
	}
	if (c == '"' && st->comment == 0) {
		st->quoted = true;
		return false;
	}
	if (c == '(')
		st->comment++;
	else if (c == ')' && st->comment > 0)
		st->comment--;
	else
		return st->comment == 0;
	return false;
}

/* sender_canon - see sender.h */
char *
sender_canon(struct config *cfg, struct macros *mac, const char *addr)
{
	struct sm_buf b = SM_BUF_INIT(SENDER_ADDRMAX), err = SM_BUF_INIT(4096);
	struct rw_ctx ctx = { .cfg = cfg, .env = mac };
	FILE *devnull = fopen("/dev/null", "w");
	struct tokens t;

	tokens_init(&t);
	ctx.errfp = devnull;
	if (tokens_prescan(cfg, addr, '\0', &t, NULL, &err) == 0 && t.n > 0) {
		(void)rewrite_ruleset(&ctx, ruleset_id(cfg, "3", true), &t);
		(void)rewrite_ruleset(&ctx, ruleset_id(cfg, "4", true), &t);
		(void)tokens_join(&t, 0, t.n, &b);
	}
	if (devnull != NULL)
		fclose(devnull);
	tokens_free(&t);
	sm_buf_free(&err);
	return sm_buf_detach(&b);
}

/* gecos_name - sendmail's full name of pw: the gecos field up to ',',
 * '&' standing for the login with its first letter upper-cased */
static char *
gecos_name(const struct passwd *pw)
{
	struct sm_buf b = SM_BUF_INIT(1024);
	const char *p;

	for (p = pw->pw_gecos != NULL ? pw->pw_gecos : ""; *p != '\0' && *p != ','; p++) {
		if (*p == '&') {
			(void)sm_buf_putc(&b, toupper((unsigned char)pw->pw_name[0]));
			if (pw->pw_name[0] != '\0')
				(void)sm_buf_puts(&b, pw->pw_name + 1);
		} else
			(void)sm_buf_putc(&b, *p);
	}
	return sm_buf_detach(&b);
}

/* local_name - the passwd name of sender when it is a local user (a
 * mailer with F=w and a passwd entry), or NULL */
static char *
local_name(const struct addr_env *aep, const char *sender)
{
	struct parsed_addr pa;
	const struct passwd *pw = NULL;
	FILE *devnull = fopen("/dev/null", "w");
	struct addr_env ae = *aep;
	char *r = NULL;

	if (devnull == NULL)
		return NULL;
	ae.out = devnull;
	ae.trace = false;
	memset(&pa, 0, sizeof(pa));
	if (addr_parse(&ae, sender, '\0', RF_SENDERADDR, &pa, NULL) == 0 && !pa.bad &&
	    pa.mailer != NULL && mailer_has_flag(pa.mailer, 'w') && pa.user != NULL)
		pw = getpwnam(pa.user);
	if (pw != NULL)
		r = gecos_name(pw);
	parsed_addr_free(&pa);
	fclose(devnull);
	return r;
}

/* needs_quotes - whether name holds one of specials outside quotes and
 * comments (a backslash counts when '\\' is among them), or an open quote */
static bool
needs_quotes(const char *name, const char *specials)
{
	struct phrase_scan st = { false, false, 0 };
	const char *p;

	for (p = name; *p != '\0'; p++) {
		if (*p == '\\' && !st.escaped && !st.quoted && strchr(specials, '\\') != NULL)
			return true;
		if (phrase_scan_outside(&st, *p) && strchr(specials, *p) != NULL)
			return true;
	}
	return st.quoted;
}

/* quoted - name in double quotes, '"' escaped (and '\' when esc_bs) */
static char *
quoted(const char *name, bool esc_bs)
{
	struct sm_buf b = SM_BUF_INIT(4096);
	const char *p;

	(void)sm_buf_putc(&b, '"');
	for (p = name; *p != '\0'; p++) {
		if (*p == '"' || (esc_bs && *p == '\\'))
			(void)sm_buf_putc(&b, '\\');
		(void)sm_buf_putc(&b, *p);
	}
	(void)sm_buf_putc(&b, '"');
	return sm_buf_detach(&b);
}

/* sender_quote_name - see sender.h */
char *
sender_quote_name(const char *name)
{
	if (name == NULL || name[0] == '\0')
		return NULL;
	if (needs_quotes(name, ".,:;@[]"))
		return quoted(name, true);
	return sm_strdup(name);
}

/* sender_fullname - see sender.h */
char *
sender_fullname(const struct addr_env *ae, const char *sender)
{
	char *name, *x;

	if (strcmp(sender, "<>") == 0 || (name = local_name(ae, sender)) == NULL)
		return NULL;
	x = sender_quote_name(name);
	free(name);
	return x;
}

/* sender_fix_from - see sender.h */
void
sender_fix_from(struct envelope *e, const char *x, const char *g)
{
	struct sm_buf b = SM_BUF_INIT(SENDER_ADDRMAX * 2);
	size_t i;
	char *q;

	if (x == NULL || !needs_quotes(x, "<>\\")) {
		sm_buf_free(&b);
		return;
	}
	q = quoted(x, false);
	for (i = 0; i < e->nhdrs; i++) {
		struct header *h = &e->hdrs[i];

		if (strchr(h->cond, 'F') == NULL || (strcasecmp(h->name, "From") != 0 &&
		    strcasecmp(h->name, "Resent-From") != 0))
			continue;
		sm_buf_reset(&b);
		(void)sm_buf_printf(&b, " %s <%s>", q, g);
		env_set_str(&h->value, sm_buf_str(&b));
	}
	free(q);
	sm_buf_free(&b);
}

/* Sorting state: the hosts being sorted (qsort has no context). */
struct host_key {
	const char *host;
	size_t index;
};

/* by_host - the queue's order: by host (none first), then entry */
static int
by_host(const void *x, const void *y)
{
	const struct host_key *a = x, *b = y;
	int c = strcasecmp(a->host != NULL ? a->host : "", b->host != NULL ? b->host : "");

	if (c != 0)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* rcpt_host_order - see sender.h */
void
rcpt_host_order(const char *const *hosts, size_t n, size_t *order)
{
	struct host_key *k;
	size_t i;

	if (n == 0)
		return;
	k = sm_reallocarray(NULL, n, sizeof(*k));
	for (i = 0; i < n; i++) {
		k[i].host = hosts[i];
		k[i].index = i;
	}
	qsort(k, n, sizeof(*k), by_host);
	for (i = 0; i < n; i++)
		order[i] = k[i].index;
	free(k);
}

/* rcpt_sort_by_host - see sender.h */
void
rcpt_sort_by_host(struct envelope *e)
{
	const char **hosts;
	size_t *order, i, n = e->nrcpts;
	struct rcpt *v;

	if (n < 2)
		return;
	hosts = sm_reallocarray(NULL, n, sizeof(*hosts));
	order = sm_reallocarray(NULL, n, sizeof(*order));
	v = sm_reallocarray(NULL, n, sizeof(*v));
	for (i = 0; i < n; i++)
		hosts[i] = e->rcpts[i].host;
	rcpt_host_order(hosts, n, order);
	for (i = 0; i < n; i++)
		v[i] = e->rcpts[order[i]];
	memcpy(e->rcpts, v, n * sizeof(*v));
	free(v);
	free(order);
	free(hosts);
}

/* rcpt_same_user - see sender.h */
bool
rcpt_same_user(const struct mailer *m, const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	if (m != NULL && mailer_has_flag(m, 'u'))
		return strcmp(a, b) == 0;
	return strcasecmp(a, b) == 0;
}

/* rcpt_final - see sender.h */
char *
rcpt_final(const char *bare, const char *user, const char *j)
{
	struct sm_buf b = SM_BUF_INIT(SENDER_ADDRMAX + 64);

	if (user != NULL && strchr(user, '@') != NULL)
		(void)sm_buf_printf(&b, "RFC822; %s", user);
	else {
		(void)sm_buf_printf(&b, "RFC822; %s", bare);
		if (strchr(bare, '@') == NULL)
			(void)sm_buf_printf(&b, "@%s", j != NULL ? j : "localhost");
	}
	return sm_buf_detach(&b);
}
