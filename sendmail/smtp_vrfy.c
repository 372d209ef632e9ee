/*
 * smtp_vrfy.c - EXPN's expansion of an address, as sendmail 8.17 shows it.
 *
 * Owns what the SMTP server's EXPN lists (smtp_vrfy.h), measured against
 * the real sendmail in -bs mode (test/t/4010-smtp-vrfy-expn.t):
 *
 *  - the argument and every member go through addr_parse (rulesets 3, 0,
 *    then 2, R= and 4 for the user); a program, file or :include: given
 *    as the argument itself is "550 5.7.1 ... Cannot mail directly to
 *    programs" (files, :include:s);
 *  - an alias (mailer F=A, not "\user") is replaced by its members; the
 *    members of one list are taken last to first, and each new address
 *    goes into the list sorted by host (case-insensitively, no host
 *    first) after the ones with an equal host: so one list's members
 *    come out reversed, the lines of an :include: file in order;
 *  - a member equal to the alias it came from is not aliased again
 *    ("bob: bob, carol"), one equal to any other address already met
 *    (an ancestor too: "a1: a2", "a2: a1, root" lists root) is dropped,
 *    but a loop back to an alias named like a local user lists that
 *    user ("bin: b1", "b1: bin, root" lists bin and root, in the order
 *    they were met); an expansion of which nothing is left (only loops:
 *    "l1: l2", "l2: l1") is "554 5.4.6 aliasing/forwarding loop
 *    broken"; these are delivery's rules (alias.c, test/t/6103), kept
 *    here apart because EXPN's order and first-failure answer are its
 *    own; deeper than MaxAliasRecursion is "554 5.4.6
 *    aliasing/forwarding loop broken (N aliases deep; M max)";
 *  - a local user (F=w) not in passwd is "550 5.1.1 addr... User
 *    unknown"; an :include: that cannot be read is "550 5.2.4"; failures
 *    inside an :include: file are prefixed "file: line N: ";
 *  - the first failure is the whole answer; else one line per member:
 *    "Full Name <user@$j>" for local users, "<user>" for the others
 *    (user as rewritten for the mailer: "x@b.example", "|/bin/cat");
 *  - the members met (listed, or met before the first failure: "a: root,
 *    nosuch, b@x" meets b@x, then fails) are told to the caller, since
 *    sendmail counts them as recipients of the next transaction
 *    (measured: from= nrcpts=, the qf P line).
 *
 * Missing: the owner- aliases play no part (sendmail shows none either),
 * the user database and MatchGECOS; one expansion code shared with
 * alias.c (the rules are the same, the code is still two).
 */
#include "sm.h"
#include "smtp_vrfy.h"
#include "addr_parse.h"
#include "alias.h"
#include "mailer.h"
#include "macro.h"

#define XN_NONE		((size_t)-1)
#define XN_MAXADDR	4096
#define XN_MAXNODES	10000		/* addresses one EXPN may meet */
#define XN_MAXFILE	(1 << 20)	/* largest :include: file read */

/* One address met during the expansion (sendmail's send queue). */
struct xnode {
	const struct mailer *m;
	char *host;
	char *user;
	size_t parent;		/* the alias or file it came from, or XN_NONE */
	bool shown;		/* listed as a user after all (loop_met) */
};

/* One member to show, with the host it sorts by. */
struct xleaf {
	char *host;
	char *line;
	size_t node;		/* the address it shows (the list's order) */
};

/* One EXPN. */
struct xq {
	struct config *cfg;
	struct alias_db *db;
	const char *j;
	struct xnode *v;
	size_t n, cap;
	struct xleaf *leaf;
	size_t nleaf, capleaf;
	char ctx[PATH_MAX + 32];	/* "file: line N: " inside an :include: */
	struct sm_buf *out;
	int status;
	bool failed;
};

static void recipient(struct xq *x, const char *text, int level, size_t parent);

/* smtp_gecos_name - see smtp_vrfy.h */
void
smtp_gecos_name(const struct passwd *pw, char *buf, size_t size)
{
	const char *p;
	size_t n = 0;

	if (size == 0)
		return;
	for (p = pw->pw_gecos != NULL ? pw->pw_gecos : ""; *p != '\0' && *p != ','; p++) {
		if (*p == '&') {
			const char *u = pw->pw_name;

			if (n + 1 < size && *u != '\0')
				buf[n++] = (char)toupper((unsigned char)*u++);
			for (; *u != '\0' && n + 1 < size; u++)
				buf[n++] = *u;
		} else if (n + 1 < size)
			buf[n++] = *p;
	}
	buf[n] = '\0';
}

/* ------------------------------------------------------------ failures */

/* fail - the first failure becomes the answer: "code dsn ctx text" */
static void
fail(struct xq *x, int status, const char *code, const char *dsn, const char *text)
{
	if (x->failed)
		return;
	x->failed = true;
	x->status = status;
	sm_buf_reset(x->out);
	(void)sm_buf_printf(x->out, "%s %s %s%s\n", code, dsn, x->ctx, text);
}

/* fail_addr - a failure about addr: "addr... text" */
static void
fail_addr(struct xq *x, int status, const char *code, const char *dsn, const char *addr,
    const char *text)
{
	struct sm_buf b = SM_BUF_INIT(XN_MAXADDR * 2);

	(void)sm_buf_printf(&b, "%s... %s", addr, text);
	fail(x, status, code, dsn, sm_buf_str(&b));
	sm_buf_free(&b);
}

/* fail_error_mailer - an address that resolved to $#error: its
 * "[code ]text" in user, its DSN in host */
static void
fail_error_mailer(struct xq *x, const char *addr, const struct parsed_addr *pa)
{
	char text[1024], code[4] = "553";
	const char *msg = text, *dsn = pa->host;
	size_t n;

	(void)sm_strlcpy(text, pa->user != NULL ? pa->user : "", sizeof(text));
	n = strlen(text);
	if (n >= 2 && text[0] == '"' && text[n - 1] == '"') {
		text[n - 1] = '\0';
		msg = text + 1;
	}
	if (isdigit((unsigned char)msg[0]) && isdigit((unsigned char)msg[1]) &&
	    isdigit((unsigned char)msg[2]) && (msg[3] == ' ' || msg[3] == '\0')) {
		memcpy(code, msg, 3);
		msg += msg[3] == ' ' ? 4 : 3;
	} else if (dsn != NULL && dsn[0] == '4')
		memcpy(code, "451", 3);
	if (dsn == NULL || !isdigit((unsigned char)dsn[0]) || strchr(dsn, '.') == NULL)
		dsn = code[0] == '4' ? "4.0.0" : "5.0.0";
	fail_addr(x, EX_UNAVAILABLE, code, dsn, addr, *msg != '\0' ? msg : "Unknown error");
}

/* ------------------------------------------------------------- parsing */

/* parse - addr_parse of text into pa; false (failure noted) when it
 * cannot be parsed or resolves to $#error */
static bool
parse(struct xq *x, const char *text, struct parsed_addr *pa)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&msg, &len);
	struct addr_env ae = { .cfg = x->cfg, .mac = &x->cfg->mac, .out = fp };
	int r;

	if (fp == NULL) {
		fail(x, EX_OSERR, "451", "4.3.0", "Temporary system failure");
		return false;
	}
	r = addr_parse(&ae, text, '\0', 0, pa, NULL);
	(void)fclose(fp);
	if (r < 0 || pa->mailer == NULL || pa->bad) {
		if (r == 0 && (pa->bad || pa->mailer == NULL))
			fail_error_mailer(x, text, pa);
		else if (msg != NULL && *msg != '\0') {
			msg[strcspn(msg, "\n")] = '\0';
			fail(x, EX_DATAERR, "553", "5.0.0", msg);
		} else
			fail_addr(x, EX_DATAERR, "553", "5.0.0", text, "Syntax error");
		if (r == 0)
			parsed_addr_free(pa);
		free(msg);
		return false;
	}
	free(msg);
	if (pa->queueup) {
		fail_addr(x, EX_TEMPFAIL, "451", "4.3.0", text, "Temporary system failure. "
		    "Please try again later.");
		parsed_addr_free(pa);
		return false;
	}
	return true;
}

/* -------------------------------------------------------- the send list */

/* same_host - hosts equal ignoring case; no host equals no host */
static bool
same_host(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcasecmp(a, b) == 0;
}

/* same - sendmail's sameaddr: same mailer, host and user */
static bool
same(const struct xnode *n, const struct parsed_addr *pa)
{
	return n->m == pa->mailer && same_host(n->host, pa->host) &&
	    strcmp(n->user, pa->user) == 0;
}

/* seen - the address met already that is pa, or XN_NONE */
static size_t
seen(const struct xq *x, const struct parsed_addr *pa)
{
	size_t i;

	for (i = 0; i < x->n; i++)
		if (same(&x->v[i], pa))
			return i;
	return XN_NONE;
}

/* add_node - pa into the send list; its index */
static size_t
add_node(struct xq *x, const struct parsed_addr *pa, size_t parent)
{
	struct xnode *n;

	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 16;
		x->v = sm_reallocarray(x->v, x->cap, sizeof(*x->v));
	}
	n = &x->v[x->n];
	n->m = pa->mailer;
	n->host = pa->host != NULL ? sm_strdup(pa->host) : NULL;
	n->user = sm_strdup(pa->user);
	n->parent = parent;
	n->shown = false;
	return x->n++;
}

/* host_cmp - the sort order of hosts: none first, then ignoring case */
static int
host_cmp(const char *a, const char *b)
{
	return strcasecmp(a != NULL ? a : "", b != NULL ? b : "");
}

/* add_leaf - a member to show (line, address node), after those of an
 * equal host met before it */
static void
add_leaf(struct xq *x, const char *host, char *line, size_t node)
{
	size_t at;
	int c;

	if (x->nleaf == x->capleaf) {
		x->capleaf = x->capleaf ? 2 * x->capleaf : 16;
		x->leaf = sm_reallocarray(x->leaf, x->capleaf, sizeof(*x->leaf));
	}
	for (at = x->nleaf; at > 0; at--) {
		c = host_cmp(x->leaf[at - 1].host, host);
		if (c < 0 || (c == 0 && x->leaf[at - 1].node < node))
			break;
	}
	memmove(&x->leaf[at + 1], &x->leaf[at], (x->nleaf - at) * sizeof(*x->leaf));
	x->leaf[at].host = host != NULL ? sm_strdup(host) : NULL;
	x->leaf[at].line = line;
	x->leaf[at].node = node;
	x->nleaf++;
}

/* ---------------------------------------------------------- expanding */

/* split_list - the members of a comma-separated list (quotes, <>, ()
 * and backslashes respected), blanks trimmed, into v (caller frees) */
static size_t
split_list(const char *list, char ***v)
{
	struct sm_buf one = SM_BUF_INIT(XN_MAXADDR);
	size_t n = 0, cap = 0;
	int quote = 0, angle = 0, paren = 0;
	const char *p;

	*v = NULL;
	for (p = list;; p++) {
		if (*p == '\0' || (*p == ',' && !quote && angle <= 0 && paren <= 0)) {
			const char *s = one.data != NULL ? sm_trim(one.data) : "";

			if (*s != '\0') {
				if (n == cap) {
					cap = cap ? 2 * cap : 8;
					*v = sm_reallocarray(*v, cap, sizeof(**v));
				}
				(*v)[n++] = sm_strdup(s);
			}
			sm_buf_reset(&one);
			if (*p == '\0')
				break;
			continue;
		}
		if (*p == '\\' && p[1] != '\0') {
			(void)sm_buf_putc(&one, *p++);
		} else if (*p == '"' && paren == 0)
			quote = !quote;
		else if (!quote && *p == '(')
			paren++;
		else if (!quote && *p == ')' && paren > 0)
			paren--;
		else if (!quote && paren == 0 && *p == '<')
			angle++;
		else if (!quote && paren == 0 && *p == '>')
			angle--;
		(void)sm_buf_putc(&one, *p == '\n' || *p == '\t' ? ' ' : *p);
	}
	sm_buf_free(&one);
	return n;
}

/* send_list - every member of list, last to first, one level down */
static void
send_list(struct xq *x, const char *list, int level, size_t parent)
{
	char **v;
	size_t n = split_list(list, &v), i;

	for (i = n; i > 0; i--)
		recipient(x, v[i - 1], level, parent);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* read_include - the whole of regular file path into b; -1 (errno) */
static int
read_include(const char *path, struct sm_buf *b)
{
	char buf[4096];
	struct stat st;
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		(void)close(fd);
		errno = EACCES;
		return -1;
	}
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		if (sm_buf_append(b, buf, (size_t)r) < 0)
			break;
	(void)close(fd);
	return r < 0 ? -1 : 0;
}

/* include - ":include:path": each line of the file is a list */
static void
include(struct xq *x, const char *text, const char *path, int level, size_t me)
{
	struct sm_buf b = SM_BUF_INIT(XN_MAXFILE);
	char saved[sizeof(x->ctx)], why[PATH_MAX + 128];
	char *line, *next;
	int lineno = 0;

	if (read_include(path, &b) < 0) {
		(void)sm_snprintf(why, sizeof(why), "Cannot open %s: %s", path, strerror(errno));
		fail_addr(x, EX_UNAVAILABLE, "550", "5.2.4", text, why);
		sm_buf_free(&b);
		return;
	}
	(void)sm_strlcpy(saved, x->ctx, sizeof(saved));
	for (line = b.data; line != NULL && *line != '\0' && !x->failed; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		if (*line == '#' || *sm_trim(line) == '\0')
			continue;
		(void)sm_snprintf(x->ctx, sizeof(x->ctx), "%s: line %d: ", path, lineno);
		send_list(x, line, level + 1, me);
	}
	(void)sm_strlcpy(x->ctx, saved, sizeof(x->ctx));
	sm_buf_free(&b);
}

/* direct - a program, file or :include: given as the EXPN argument */
static bool
direct(struct xq *x, const char *text, const struct mailer *m)
{
	static const struct { const char *mailer, *what; } kinds[] = {
		{ "prog", "programs" }, { "*file*", "files" }, { "*include*", ":include:s" },
	};
	char why[64];
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(kinds); i++)
		if (strcmp(m->name, kinds[i].mailer) == 0) {
			(void)sm_snprintf(why, sizeof(why), "Cannot mail directly to %s",
			    kinds[i].what);
			fail_addr(x, EX_UNAVAILABLE, "550", "5.7.1", text, why);
			return true;
		}
	return false;
}

/* local_user - F=w: the passwd entry of user (a leading '\' ignored,
 * then lower-cased), or NULL */
static struct passwd *
local_user(const char *user)
{
	char lower[256];
	struct passwd *pw;

	if (*user == '\\')
		user++;
	if ((pw = getpwnam(user)) != NULL)
		return pw;
	if (sm_strlcpy(lower, user, sizeof(lower)) >= sizeof(lower))
		return NULL;
	sm_lower(lower);
	return getpwnam(lower);
}

/* leaf - a member that is shown: "Full Name <user@$j>" or "<user>" */
static void
leaf(struct xq *x, const char *host, const char *user, const struct passwd *pw,
    size_t node)
{
	struct sm_buf b = SM_BUF_INIT(XN_MAXADDR * 2);
	char name[256] = "";

	if (pw != NULL) {
		smtp_gecos_name(pw, name, sizeof(name));
		(void)sm_buf_printf(&b, "%s%s<%s@%s>", name, name[0] != '\0' ? " " : "",
		    user, x->j);
	} else
		(void)sm_buf_printf(&b, "<%s>", user);
	add_leaf(x, host, sm_buf_detach(&b), node);
}

/* expand_alias - pa's alias value, when there is one, sent one level
 * down; false when pa is no alias (a database that cannot be read
 * knows no names, as for RCPT: sendmail answers so too) */
static bool
expand_alias(struct xq *x, const struct parsed_addr *pa, int level, size_t me)
{
	struct sm_buf val = SM_BUF_INIT(1 << 20);
	int r = alias_lookup(x->db, pa->user, &val);

	if (r == 0)
		send_list(x, val.data != NULL ? val.data : "", level + 1, me);
	sm_buf_free(&val);
	return r == 0;
}

/* resolve - what a new address pa (text as given) becomes */
static void
resolve(struct xq *x, const char *text, const struct parsed_addr *pa, int level,
    size_t me, bool noalias)
{
	struct passwd *pw = NULL;

	if (level == 0 && direct(x, text, pa->mailer))
		return;
	if (strcmp(pa->mailer->name, "*include*") == 0) {
		include(x, text, pa->user, level, me);
		return;
	}
	if (!noalias && pa->user[0] != '\\' && mailer_has_flag(pa->mailer, 'A') &&
	    expand_alias(x, pa, level, me))
		return;
	if (mailer_has_flag(pa->mailer, 'w') && (pw = local_user(pa->user)) == NULL) {
		fail_addr(x, EX_NOUSER, "550", "5.1.1", text, "User unknown");
		return;
	}
	leaf(x, pa->host, pa->user, pw, me);
}

/* loop_met - a member (under parent) is node d met already: when d is
 * being expanded above it (a loop), the nearest local user above the
 * member is listed after all, as sendmail breaks such a loop */
static void
loop_met(struct xq *x, size_t parent, size_t d)
{
	struct passwd *pw;
	size_t i;

	for (i = parent; i != XN_NONE && i != d; i = x->v[i].parent)
		;
	if (i == XN_NONE)
		return;		/* no loop: a duplicate */
	for (i = parent; i != XN_NONE; i = x->v[i].parent) {
		struct xnode *n = &x->v[i];

		if (!mailer_has_flag(n->m, 'w') || (pw = local_user(n->user)) == NULL)
			continue;
		if (!n->shown)
			leaf(x, n->host, n->user, pw, i);
		n->shown = true;
		return;
	}
}

/* recipient - one address at alias depth level, from node parent */
static void
recipient(struct xq *x, const char *text, int level, size_t parent)
{
	struct parsed_addr pa;
	bool noalias = false;
	char why[128];
	size_t d;

	if (x->failed)
		return;
	if (level > x->cfg->opt.max_alias_recursion || x->n >= XN_MAXNODES) {
		(void)sm_snprintf(why, sizeof(why), "aliasing/forwarding loop broken "
		    "(%d aliases deep; %d max)", level, x->cfg->opt.max_alias_recursion);
		fail(x, EX_UNAVAILABLE, "554", "5.4.6", why);
		return;
	}
	if (!parse(x, text, &pa))
		return;
	if (parent != XN_NONE && same(&x->v[parent], &pa))
		noalias = true;
	else if ((d = seen(x, &pa)) != XN_NONE) {
		loop_met(x, parent, d);
		parsed_addr_free(&pa);
		return;
	}
	if (!x->failed)
		resolve(x, text, &pa, level, add_node(x, &pa, parent), noalias);
	parsed_addr_free(&pa);
}

/* xq_free - release what x holds */
static void
xq_free(struct xq *x)
{
	size_t i;

	for (i = 0; i < x->n; i++) {
		free(x->v[i].host);
		free(x->v[i].user);
	}
	for (i = 0; i < x->nleaf; i++) {
		free(x->leaf[i].host);
		free(x->leaf[i].line);
	}
	free(x->v);
	free(x->leaf);
}

/* smtp_expn - see smtp_vrfy.h */
int
smtp_expn(struct config *cfg, struct alias_db *db, const char *host,
    const char *addr, struct sm_buf *out, size_t *met)
{
	struct xq x;
	size_t i;

	memset(&x, 0, sizeof(x));
	x.cfg = cfg;
	x.db = db;
	x.j = host;
	x.out = out;
	x.status = EX_OK;
	recipient(&x, addr, 0, XN_NONE);
	if (met != NULL)
		*met = x.nleaf;
	if (!x.failed && x.nleaf == 0)	/* nothing but loops */
		fail(&x, EX_UNAVAILABLE, "554", "5.4.6", "aliasing/forwarding loop broken");
	if (!x.failed) {
		sm_buf_reset(out);
		for (i = 0; i < x.nleaf; i++)
			(void)sm_buf_printf(out, "250%c2.1.5 %s\n", i + 1 < x.nleaf ? '-' : ' ',
			    x.leaf[i].line);
	}
	xq_free(&x);
	return x.status;
}
