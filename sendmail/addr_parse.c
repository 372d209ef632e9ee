/*
 * addr_parse.c - sendmail's parseaddr, buildaddr, crackaddr and remotename.
 *
 * Owns the flow from an address string to a mailer triple (see
 * addr_parse.h), for -bt's /parse and /try and for -bv.  Facts followed
 * (sendmail 8.17): ruleset 3 then 0; a temporary failure in either queues
 * the address ("Transient parse error -- message queued for future
 * delivery", printed after the triple is built); the $: part is rewritten
 * by 2, the mailer's R= (when > 0) and 4 for recipients, and for every
 * address when the cf is version 10 or later; "$#error" prints its text
 * without the SMTP/DSN codes, resolves to "*error*" and sets the exit
 * status its DSN maps to; F=@ drops a leading "@" from the user; hosts
 * and users are folded to lower case unless F=h / F=u; a user with
 * control characters is complained about and gets '?' for them
 * (hasctrlchar); invalidaddr refuses addresses over 255 bytes and bytes
 * 0x80-0x9F (exit EX_USAGE), the first naming the address cut to 255
 * bytes ("addr... Address ... too long") once parseaddr has set e_to;
 * cataddr results are cut as sendmail's MAXNAME buffers cut them;
 * remotename runs sendmail's expand() over the rebuilt address, so
 * operator bytes typed into it act ($ and a name byte is that macro's
 * value, $@ the CANONHOST byte ...); crackaddr honours ColonOkInAddr.
 *
 * Missing: :include: users resolve but are not read; sendmail's
 * MustQuoteChars option (the default set is used); EightBitAddrOK.
 */
#include "sm.h"
#include "addr_parse.h"
#include "config.h"
#include "mailer.h"
#include "rewrite.h"
#include "ruleset.h"
#include "tokens.h"

#define AP_MAXADDR	(256 * 16)	/* bound on rebuilt addresses */
#define AP_MAXNAME	256		/* sendmail's MAXNAME */
#define AP_CATMAX	(AP_MAXNAME - 1)	/* what cataddr keeps of a token list */
#define AP_REMOTEMAX	(AP_MAXNAME - 2)	/* what remotename returns at most */
#define AP_MAXSHORTSTR	203		/* sendmail's MAXSHORTSTR */
#define AP_MUSTQUOTE	"@,;:\\()[].'"	/* MustQuoteChars default */

/* ------------------------------------------------------------ messages */

/* strip_codes - skip a leading "NNN " SMTP code and "N.N.N " DSN code */
static const char *
strip_codes(const char *m)
{
	const char *p = m;

	if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	    isdigit((unsigned char)p[2]) && (p[3] == ' ' || p[3] == '-'))
		p += 4;
	if (isdigit((unsigned char)p[0]) && p[1] == '.') {
		const char *q = p + 2;

		while (isdigit((unsigned char)*q))
			q++;
		if (*q == '.') {
			q++;
			while (isdigit((unsigned char)*q))
				q++;
			if (*q == ' ')
				p = q + 1;
		}
	}
	return p;
}

/* print_to - the "addr... " prefix usrerr puts before a message once
 * parseaddr has set e_to: the first n bytes of addr (invalidaddr cuts the
 * address there in place), shortened to its first and last 100 bytes
 * (sendmail's shortenstring(e_to, MAXSHORTSTR)) */
static void
print_to(struct sm_buf *out, const char *addr, size_t n)
{
	size_t half = (AP_MAXSHORTSTR - 3) / 2;

	if (n >= AP_MAXSHORTSTR)
		(void)sm_buf_printf(out, "%.*s...%.*s... ", (int)half, addr, (int)half,
		    addr + n - half);
	else
		(void)sm_buf_printf(out, "%.*s... ", (int)n, addr);
}

/* addr_print_error - "addr... text" as usrerr prints it; prescan's length
 * complaint is printed before sendmail sets e_to, so it has no prefix */
void
addr_print_error(FILE *out, const char *addr, const char *msg)
{
	struct sm_buf line = SM_BUF_INIT(AP_MAXADDR * 4);

	msg = strip_codes(msg);
	if (strncmp(msg, "Address \"", 9) != 0 && addr != NULL)
		print_to(&line, addr, strlen(addr));
	(void)sm_buf_printf(&line, "%s\n", msg);
	tokens_put_msgs(sm_buf_str(&line), out);
	sm_buf_free(&line);
}

/* -------------------------------------------------------------- tokens */

/* tok_is - whether token tok is the one-byte operator op (TK_CANONNET ...) */
static bool
tok_is(const char *tok, int op)
{
	return (unsigned char)tok[0] == op && tok[1] == '\0';
}

/* tok_find - index of the first token from 'from' that renders as op, or t->n */
static size_t
tok_find(const struct tokens *t, size_t from, int op)
{
	size_t i;

	for (i = from; i < t->n; i++)
		if (tok_is(t->v[i], op))
			return i;
	return t->n;
}

/* tok_slice - copy tokens [from, to) of t into out */
static void
tok_slice(const struct tokens *t, size_t from, size_t to, struct tokens *out)
{
	size_t i;

	tokens_init(out);
	for (i = from; i < to && i < t->n; i++)
		tokens_push(out, t->v[i]);
}

/* tok_cat - tokens [from, to) joined by sendmail's cataddr; spacesub '\0'
 * means the BlankSub option, as in sendmail (malloc'd) */
static char *
tok_cat(const struct config *cfg, const struct tokens *t, size_t from, size_t to,
    int spacesub)
{
	struct sm_buf b = SM_BUF_INIT(AP_MAXADDR);

	if (spacesub == '\0')
		spacesub = cfg->opt.blank_sub != '\0' ? cfg->opt.blank_sub : ' ';
	if (to > t->n)
		to = t->n;
	if (from < to) {
		if (tokens_cataddr_cfg != NULL)
			(void)tokens_cataddr_cfg(cfg, t->v + from, to - from, spacesub, &b);
		else
			(void)tokens_cataddr(t->v + from, to - from, spacesub, &b);
	}
	if (b.len > AP_CATMAX)		/* cataddr into sendmail's MAXNAME+1 buffer */
		sm_buf_truncate(&b, AP_CATMAX);
	return b.data != NULL ? sm_buf_detach(&b) : sm_strdup("");
}

/* addr_exitstat - record status as sendmail's ExitStat: the first failure wins */
void
addr_exitstat(int *exitstat, int status)
{
	if (exitstat != NULL && *exitstat == EX_OK)
		*exitstat = status;
}

/* dsn_class_1 - x.1.y: address status */
static int
dsn_class_1(int detail)
{
	static const int map[] = { EX_DATAERR, EX_NOUSER, EX_NOHOST, EX_USAGE,
		EX_UNAVAILABLE, EX_OK, EX_NOUSER };

	return detail >= 0 && detail < (int)SM_ARRAY_SIZE(map) ? map[detail] : EX_UNAVAILABLE;
}

/* addr_dsn_exitstat - the sysexits code of a DSN status, as sendmail maps it */
int
addr_dsn_exitstat(const char *dsn)
{
	int subject, detail;
	const char *p;

	if (*dsn == '2')
		return EX_OK;
	if (*dsn == '4')
		return EX_TEMPFAIL;
	p = strchr(dsn, '.');
	if (p == NULL)
		return EX_UNAVAILABLE;
	subject = atoi(p + 1);
	p = strchr(p + 1, '.');
	detail = p != NULL ? atoi(p + 1) : 0;
	switch (subject) {
	case 1:
		return dsn_class_1(detail);
	case 2:
		return detail == 3 ? EX_DATAERR : EX_UNAVAILABLE;
	case 3:
		return EX_OSERR;
	case 5:
		return EX_PROTOCOL;
	case 7:
		return EX_DATAERR;
	default:
		return EX_UNAVAILABLE;
	}
}

/* rs_num - the id of numbered ruleset n */
static int
rs_num(struct config *cfg, int n)
{
	char num[16];

	sm_snprintf(num, sizeof(num), "%d", n);
	return ruleset_id(cfg, num, true);
}

/* ap_rewrite - run ruleset rs over t; returns its status */
static int
ap_rewrite(const struct addr_env *ae, int rs, struct tokens *t)
{
	struct sm_buf diag = SM_BUF_INIT(4096);
	struct rw_ctx ctx = { .cfg = ae->cfg, .env = ae->mac,
		.trace = ae->trace ? ae->out : NULL, .errfp = ae->out, .errmsg = &diag };
	int status;

	if (rs < 0)
		return EX_OK;
	status = rewrite_ruleset(&ctx, rs, t);
	if (status == EX_CONFIG || diag.len > 0)	/* sendmail's syserr */
		addr_exitstat(ae->exitstat, EX_SOFTWARE);
	sm_buf_free(&diag);
	return status;
}

/* ------------------------------------------------------------ buildaddr */

/* unquote - the text without its double quotes, into buf */
static void
unquote(const char *s, char *buf, size_t size)
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < size; s++)
		if (*s != '"')
			buf[n++] = *s;
	buf[n] = '\0';
}

/* error_exitstat - the exit status an error triple stands for */
static int
error_exitstat(const char *host, const char *msg)
{
	if (host != NULL && isdigit((unsigned char)*host))
		return strchr(host, '.') != NULL ? addr_dsn_exitstat(host) : atoi(host);
	return *msg == '4' ? EX_TEMPFAIL : EX_UNAVAILABLE;
}

/* build_error - the $#error triple: print its text, resolve to *error* */
static void
build_error(const struct addr_env *ae, const char *addr, const struct tokens *t,
    size_t at, size_t colon, struct parsed_addr *pa)
{
	char msg[AP_MAXADDR];
	char *text;

	pa->bad = true;
	pa->mailer_name = "*error*";
	if (at < t->n)
		pa->host = tok_cat(ae->cfg, t, at + 1, colon, '\0');
	text = tok_cat(ae->cfg, t, colon < t->n ? colon + 1 : t->n, t->n, ' ');
	pa->user = sm_strdup(text);
	unquote(text, msg, sizeof(msg));
	free(text);
	addr_print_error(ae->out, addr, msg);
	addr_exitstat(ae->exitstat, error_exitstat(pa->host, msg));
}

/* special_mailer - prog, *file* or *include* when the user asks for it */
static const struct mailer *
special_mailer(const struct addr_env *ae, const struct mailer *m, const char *user)
{
	if (*user == '"')
		user++;
	if (*user == '|' && mailer_has_flag(m, '|'))
		return mailer_find(ae->cfg, "prog");
	if (*user == '/' && mailer_has_flag(m, '/'))
		return mailer_find(ae->cfg, "*file*");
	if (*user == ':' && mailer_has_flag(m, ':') && strncasecmp(user, ":include:", 9) == 0)
		return mailer_find(ae->cfg, "*include*");
	return m;
}

/* rewrite_user - the $: part through 2, R= and 4, into pa->user */
static void
rewrite_user(const struct addr_env *ae, const struct mailer *m, int flags,
    struct tokens *user, struct parsed_addr *pa)
{
	int h = macro_id("h", false);

	macro_set(ae->mac, h, pa->host);
	if (ae->cfg->version >= 10 || !(flags & (RF_SENDERADDR | RF_HEADERADDR))) {
		(void)ap_rewrite(ae, rs_num(ae->cfg, 2), user);
		if (m->r_env > 0)
			(void)ap_rewrite(ae, m->r_env, user);
	}
	(void)ap_rewrite(ae, rs_num(ae->cfg, 4), user);
	free(pa->user);
	pa->user = tok_cat(ae->cfg, user, 0, user->n, '\0');
}

/* include_user - a ":include:file" user is the file name, not rewritten */
static bool
include_user(const struct mailer *m, const char *user, struct parsed_addr *pa)
{
	char buf[AP_MAXADDR];

	if (strcmp(m->name, "*include*") != 0)
		return false;
	unquote(user, buf, sizeof(buf));
	if (strncasecmp(buf, ":include:", 9) != 0)
		return false;
	free(pa->user);
	pa->user = sm_strdup(buf + 9);
	return true;
}

/* fold_case - hosts and users to lower case unless F=h / F=u keep them */
static void
fold_case(const struct mailer *m, struct parsed_addr *pa)
{
	if (pa->host != NULL && !mailer_has_flag(m, 'h'))
		sm_lower(pa->host);
	if (pa->user != NULL && !mailer_has_flag(m, 'u'))
		sm_lower(pa->user);
}

/* bad_triple - no usable triple: the *error* mailer with an empty user */
static int
bad_triple(struct parsed_addr *pa)
{
	pa->bad = true;
	pa->mailer_name = "*error*";
	pa->user = sm_strdup("");
	return 0;
}

/* buildaddr - the triple in t to pa; -1 when t holds no triple */
static int
buildaddr(const struct addr_env *ae, const char *addr, const struct tokens *t,
    int flags, struct parsed_addr *pa)
{
	const struct mailer *m;
	struct tokens user;
	size_t at, colon;
	char *first;

	if (t->n < 2 || !tok_is(t->v[0], TK_CANONNET)) {
		fputs("buildaddr: no mailer in parsed address\n", ae->out);
		addr_exitstat(ae->exitstat, EX_SOFTWARE);
		return bad_triple(pa);
	}
	colon = tok_find(t, 2, TK_CANONUSER);
	at = tok_find(t, 2, TK_CANONHOST);
	if (at > colon)
		at = t->n;
	if (strcasecmp(t->v[1], "error") == 0) {
		build_error(ae, addr, t, at, colon, pa);
		return 0;
	}
	m = mailer_find(ae->cfg, t->v[1]);
	if (m == NULL) {
		char msg[300];

		sm_snprintf(msg, sizeof(msg), "buildaddr: unknown mailer %s", t->v[1]);
		fprintf(ae->out, "%s\n", msg);
		addr_exitstat(ae->exitstat, EX_SOFTWARE);
		return bad_triple(pa);
	}
	if (at < t->n)
		pa->host = tok_cat(ae->cfg, t, at + 1, colon, '\0');
	colon = colon < t->n ? colon + 1 : t->n;
	first = tok_cat(ae->cfg, t, colon, t->n, '\0');
	/* F=@ (user database) drops a leading "@" token, as sendmail does
	 * before it looks at the user (the special-mailer tests still see it) */
	if (colon < t->n && mailer_has_flag(m, '@') && strcmp(t->v[colon], "@") == 0)
		colon++;
	tok_slice(t, colon, t->n, &user);
	m = special_mailer(ae, m, first);
	pa->mailer = m;
	pa->mailer_name = m->name;
	if (!include_user(m, first, pa))	/* :include: is not rewritten */
		rewrite_user(ae, m, flags, &user, pa);
	free(first);
	fold_case(m, pa);
	tokens_free(&user);
	return 0;
}

/* ------------------------------------------------------------ parseaddr */

/* ap_prescan - tokenize addr; false when nothing came of it (message printed);
 * *cut is set when sendmail's prescan would have cut addr at MAXNAME */
static bool
ap_prescan_cut(const struct addr_env *ae, const char *addr, int delim, struct tokens *t,
    const char **endp, bool *cut)
{
	struct sm_buf err = SM_BUF_INIT(AP_MAXERR);
	int r = tokens_prescan(ae->cfg, addr, delim, t, endp, &err);

	tokens_put_msgs(sm_buf_str(&err), ae->out);	/* worded by tokens.c */
	*cut = r != 0 && strstr(sm_buf_str(&err), "Address too long") != NULL;
	sm_buf_free(&err);
	return r == 0;
}

/* ap_prescan - as ap_prescan_cut, when the caller keeps no copy of addr */
static bool
ap_prescan(const struct addr_env *ae, const char *addr, int delim, struct tokens *t,
    const char **endp)
{
	bool cut;

	return ap_prescan_cut(ae, addr, delim, t, endp, &cut);
}


/* ctrl_problem - sendmail's hasctrlchar: control characters outside quotes
 * become '?'; returns what is wrong, or NULL */
static const char *
ctrl_problem(char *p)
{
	const char *why = NULL;
	bool quoted = false;

	for (; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (!quoted && (c < 0x20 || c == 0x7f)) {
			why = "non-printable character";
			*p = '?';
			continue;
		}
		if (c == '"')
			quoted = !quoted;
		else if (c == '\\' && *++p == '\0') {
			why = "trailing \\ character";
			*--p = '?';
			break;
		}
	}
	if (quoted)
		why = "unbalanced quote character";
	return why;
}

/* print_short - s as sendmail's shortenstring(s, MAXSHORTSTR), 7-bit */
static void
print_short(FILE *out, const char *s)
{
	size_t n = strlen(s), i, half = (AP_MAXSHORTSTR - 3) / 2;

	for (i = 0; i < n; i++) {
		if (n > AP_MAXSHORTSTR && i == half) {
			fputs("...", out);
			i = n - half;
		}
		fputc(s[i] & 0x7f, out);
	}
}

/* check_ctrl - complain about a user with control characters, as sendmail
 * does after building the address (no address prefix, 7-bit text); true
 * when it complained (the address is then not queued) */
static bool
check_ctrl(const struct addr_env *ae, struct parsed_addr *pa)
{
	const char *why = ctrl_problem(pa->user);

	if (why == NULL)
		return false;
	fputs("Syntax error in mailbox address \"", ae->out);
	print_short(ae->out, pa->user);
	fprintf(ae->out, "\" (%s)\n", why);
	return true;
}

/* addr_invalid - sendmail's invalidaddr over len bytes at addr; see addr_parse.h */
bool
addr_invalid(const struct addr_env *ae, char *addr, size_t len, bool named)
{
	struct sm_buf msg = SM_BUF_INIT(AP_MAXADDR * 4);
	bool bad = false;
	size_t i;

	/* the bytes go first, so a too long address shows them as '?' too */
	for (i = 0; i < len; i++) {
		if (((unsigned char)addr[i] & 0xe0) == 0x80) {
			addr[i] = '?';
			bad = true;
		}
	}
	if (len > AP_MAXNAME - 1) {
		if (named)
			print_to(&msg, addr, AP_MAXNAME - 1);
		(void)sm_buf_printf(&msg, "Address \"%.*s\" too long (%d bytes max)\n",
		    AP_MAXNAME - 1, addr, AP_MAXNAME - 1);
		bad = true;
	} else if (bad) {
		/* the whole address, not shortened */
		addr_exitstat(ae->exitstat, EX_USAGE);
		(void)sm_buf_printf(&msg, "8-bit character in mailbox address \"%.*s\"\n",
		    (int)len, addr);
	}
	tokens_put_msgs(sm_buf_str(&msg), ae->out);	/* 7-bit, as usrerr prints */
	sm_buf_free(&msg);
	return bad;
}

/* addr_valid - invalidaddr on a copy of the address up to where prescan stopped */
static bool
addr_valid(const struct addr_env *ae, const char *addr, const char *end)
{
	size_t len = end != NULL && end >= addr && *end != '\0' ? (size_t)(end - addr) : strlen(addr);
	char *copy = sm_strndup(addr, len);
	bool bad = addr_invalid(ae, copy, len, true);

	free(copy);
	return !bad;
}

/* deferring - whether the envelope's send mode is defer (${deliveryMode}) */
static bool
deferring(const struct addr_env *ae)
{
	const char *m = ae->mac ? macro_get(ae->mac, macro_id("{deliveryMode}", false)) : NULL;

	return m != NULL && m[0] == 'd';
}

/* addr_parse - parse addr into *pa; 0, or -1 when it cannot be parsed */
int
addr_parse(const struct addr_env *ae, const char *addr, int delim, int flags,
    struct parsed_addr *pa, const char **endp)
{
	struct tokens t;
	const char *end = NULL;
	bool queueup = false;
	int r;

	memset(pa, 0, sizeof(*pa));
	tokens_init(&t);
	if (!ap_prescan(ae, addr, delim, &t, &end) || !addr_valid(ae, addr, end)) {
		tokens_free(&t);
		if (endp != NULL)
			*endp = end;
		return -1;
	}
	if (endp != NULL)
		*endp = end;
	if (ap_rewrite(ae, rs_num(ae->cfg, 3), &t) == EX_TEMPFAIL)
		queueup = true;
	if (ap_rewrite(ae, rs_num(ae->cfg, 0), &t) == EX_TEMPFAIL)
		queueup = true;
	r = buildaddr(ae, addr, &t, flags, pa);
	tokens_free(&t);
	if (r < 0) {
		parsed_addr_free(pa);
		return -1;
	}
	if (!pa->bad && check_ctrl(ae, pa))
		queueup = false;
	if (queueup && !pa->bad) {
		pa->queueup = true;
		addr_print_error(ae->out, addr, deferring(ae) ?
		    "Deferring message until queue run" :
		    "Transient parse error -- message queued for future delivery");
	}
	return 0;
}

/* parsed_addr_free - free what addr_parse stored */
void
parsed_addr_free(struct parsed_addr *pa)
{
	free(pa->host);
	free(pa->user);
	pa->host = pa->user = NULL;
}

/* ------------------------------------------------------------ crackaddr */

/*
 * crackaddr, as sendmail 8.17 behaves: one pass over the address keeping
 * the phrase, the comments and the group syntax and putting one $g where
 * the address proper starts.  '<' throws away what was output so far and
 * copies the phrase before it, quoted when it held a special character
 * (MustQuoteChars) outside comments and quotes; ':' outside <> and []
 * does the same for a group name.  Room is kept for the closing ')' '>'
 * that repair unbalanced input; when the result would not fit in
 * MAXNAME - 1 bytes the answer is just "<$g>", as in sendmail.
 */

#define CK_MAX		256		/* sendmail's MAXNAME */

struct crack {
	char buf[CK_MAX + 1];
	size_t bp, head, lim, end;	/* write point, start of this part, caps */
	const char *addr, *p, *addrhead;
	int copylev, anglelev, cmtlev, bracklev, realcmtlev, realanglelev;
	bool qmode, realqmode, putgmac, quoteit, gotangle, gotcolon, skipping;
	bool overflow;			/* the output did not fit */
	bool colonok;			/* ColonOkInAddr: ':' is no group */
};

/* ck_put - append ch; past the cap the whole result becomes "<$g>" */
static void
ck_put(struct crack *c, int ch)
{
	if (c->bp < c->lim)
		c->buf[c->bp++] = (char)ch;
	else
		c->overflow = true;
}

/* ck_putg - the $g marker, once per part */
static void
ck_putg(struct crack *c)
{
	if (c->copylev > 0 || c->putgmac)
		return;
	if (c->bp > 0 && c->buf[c->bp - 1] == ')')
		ck_put(c, ' ');
	ck_put(c, TK_MACROEXPAND);
	ck_put(c, 'g');
	c->putgmac = true;
}

/* ck_phrase - restart the output with the text before the '<' or ':' at
 * c->p - 1, quoted when needed; head_quote_limit is where "" collapses */
static void
ck_phrase(struct crack *c, int delim, size_t empty_at)
{
	const char *q;

	c->bp = c->head;
	if (c->quoteit) {
		ck_put(c, '"');
		c->p--;
		while (c->p > c->addr && isspace((unsigned char)*--c->p))
			continue;
		c->p++;
	}
	for (q = c->addrhead; q < c->p; q++) {
		if (c->quoteit && *q == '"')
			ck_put(c, '\\');
		ck_put(c, *q);
	}
	if (!c->quoteit)
		return;
	if (c->bp == empty_at)
		c->bp--;
	else
		ck_put(c, '"');
	while (*c->p != '\0' && *c->p != delim)
		ck_put(c, *c->p++);
	if (*c->p == delim)
		ck_put(c, *c->p++);
}

/* ck_colon - "group:" outside <> and []; false when it is DECnet "::" or ":." */
static bool
ck_colon(struct crack *c)
{
	if (*c->p == ':' || *c->p == '.') {
		if (c->cmtlev <= 0 && !c->qmode)
			c->quoteit = true;
		if (c->copylev > 0 && !c->skipping) {
			ck_put(c, ':');
			ck_put(c, *c->p);
		}
		c->p++;
		return false;
	}
	c->gotcolon = true;
	ck_phrase(c, ':', c->head + 1);
	while (isspace((unsigned char)*c->p))
		ck_put(c, *c->p++);
	c->copylev = 0;
	c->putgmac = c->quoteit = false;
	c->head = c->bp;
	c->addrhead = c->p;
	return true;
}

/* ck_open_angle - '<': what came before is the phrase */
static void
ck_open_angle(struct crack *c)
{
	if (c->gotangle)
		c->quoteit = true;
	c->gotangle = true;
	c->anglelev = 1;
	if (!c->skipping && c->realanglelev == 0) {
		c->realanglelev = 1;
		c->lim--;
	}
	ck_phrase(c, '<', 1);
	c->copylev = 0;
	c->putgmac = c->quoteit = false;
}

/* ck_close_angle - '>'; false when it was unmatched (then skipped) */
static bool
ck_close_angle(struct crack *c)
{
	if (c->anglelev > 0) {
		c->anglelev--;
		if (!c->skipping && c->realanglelev > 0) {
			c->realanglelev--;
			c->lim++;
		}
	} else if (!c->skipping) {
		if (c->copylev > 0 && c->bp > c->head)
			c->bp--;
		c->quoteit = true;
		return false;
	}
	if (c->copylev++ <= 0)
		ck_put(c, '>');
	return true;
}

/* ck_comment - '(' and ')'; true when the character is consumed */
static bool
ck_comment(struct crack *c, int ch)
{
	if (ch == '(') {
		c->cmtlev++;
		if (!c->skipping) {
			c->lim--;
			c->realcmtlev++;
			if (c->copylev++ <= 0) {
				if (c->bp != c->head)
					ck_put(c, ' ');
				ck_put(c, ch);
			}
		}
	}
	if (c->cmtlev > 0) {
		if (ch == ')') {
			c->cmtlev--;
			c->copylev--;
			if (!c->skipping) {
				c->realcmtlev--;
				c->lim++;
			}
		}
		return true;
	}
	if (ch == ')' && c->copylev > 0 && !c->skipping && c->bp > c->head)
		c->bp--;
	return false;
}

/* ck_char - one character outside quotes and comments */
static void
ck_char(struct crack *c, int ch)
{
	if (ch == '[')
		c->bracklev++;
	else if (ch == ']')
		c->bracklev--;
	if (ch == ':' && c->anglelev <= 0 && c->bracklev <= 0 && !c->gotcolon &&
	    !c->colonok) {
		if (!ck_colon(c))
			ck_putg(c);
		return;
	}
	if (ch == ';' && c->copylev <= 0 && !c->colonok)
		ck_put(c, ch);
	if (strchr(AP_MUSTQUOTE, ch) != NULL && c->cmtlev <= 0 && !c->qmode)
		c->quoteit = true;
	if (ch == '<') {
		ck_open_angle(c);
		return;
	}
	if (ch == '>') {
		(void)ck_close_angle(c);
		return;
	}
	ck_putg(c);
}

/* ck_step - one character of the address */
static void
ck_step(struct crack *c, int ch)
{
	c->skipping = c->bp >= c->lim;
	if (c->copylev > 0 && !c->skipping)
		ck_put(c, ch);
	if (ch == '\\') {
		if (c->cmtlev <= 0 && !c->qmode)
			c->quoteit = true;
		if (*c->p == '\0') {
			ck_putg(c);
			return;
		}
		ch = *c->p++;
		if (c->copylev > 0)
			ck_put(c, ch);
		ck_putg(c);
		return;
	}
	if (ch == '"' && c->cmtlev <= 0) {
		c->qmode = !c->qmode;
		if (c->copylev > 0 && !c->skipping)
			c->realqmode = !c->realqmode;
		return;
	}
	if (c->qmode) {
		ck_putg(c);
		return;
	}
	if (ck_comment(c, ch))
		return;
	ck_char(c, ch);
}

/* crack - crackaddr into out (with TK_MACROEXPAND 'g'); the offset of the
 * marker in out, or -1 when there is none.  colonok: the ColonOkInAddr
 * option (on below V6), which turns the "group:" syntax off */
static long
crack(const char *addr, bool colonok, struct sm_buf *out)
{
	struct crack *c = sm_calloc(1, sizeof(*c));
	const char *g;
	long off;

	c->colonok = colonok;
	while (isspace((unsigned char)*addr))
		addr++;
	c->addr = c->p = c->addrhead = addr;
	c->lim = c->end = CK_MAX;
	while (*c->p != '\0') {
		int ch = (unsigned char)*c->p++;

		ck_step(c, ch);
	}
	c->lim = c->end;
	if (c->realqmode && c->bp < c->end)
		c->buf[c->bp++] = '"';
	while (c->realcmtlev-- > 0 && c->bp < c->end)
		c->buf[c->bp++] = ')';
	while (c->realanglelev-- > 0 && c->bp < c->end)
		c->buf[c->bp++] = '>';
	if (c->overflow || c->bp >= c->end) {
		/* too long: sendmail gives up on the comments and phrase */
		c->bp = 0;
		c->buf[c->bp++] = '<';
		c->buf[c->bp++] = (char)TK_MACROEXPAND;
		c->buf[c->bp++] = 'g';
		c->buf[c->bp++] = '>';
	}
	c->buf[c->bp] = '\0';
	(void)sm_buf_append(out, c->buf, c->bp);
	g = memchr(c->buf, TK_MACROEXPAND, c->bp);
	off = g != NULL && g[1] == 'g' ? (long)(g - c->buf) : -1;
	free(c);
	return off;
}

/* addr_crack - sendmail's crackaddr of addr into out */
int
addr_crack(const struct config *cfg, const char *addr, struct sm_buf *out)
{
	return crack(addr, cfg != NULL && cfg->opt.colon_ok_in_addr, out) < 0 ? -1 : 0;
}

/* ----------------------------------------------------------- remotename */

/* remote_rwset - the mailer ruleset for flags */
static int
remote_rwset(const struct mailer *m, int flags)
{
	if (flags & RF_SENDERADDR)
		return (flags & RF_HEADERADDR) ? m->s_hdr : m->s_env;
	return (flags & RF_HEADERADDR) ? m->r_hdr : m->r_env;
}

/* remote_rewrite - rulesets 3, 1 or 2, rwset, 4 over t; *rcode on tempfail */
static void
remote_rewrite(const struct addr_env *ae, int flags, int rwset, struct tokens *t, int *rcode)
{
	int seq[4], i;

	seq[0] = rs_num(ae->cfg, 3);
	seq[1] = rs_num(ae->cfg, (flags & RF_SENDERADDR) ? 1 : 2);
	seq[2] = rwset > 0 ? rwset : -1;
	seq[3] = rs_num(ae->cfg, 4);
	for (i = 0; i < 4; i++)
		if (seq[i] >= 0 && ap_rewrite(ae, seq[i], t) == EX_TEMPFAIL)
			*rcode = EX_TEMPFAIL;
}

#define AP_MAXRECURSION	10	/* sendmail's MaxMacroRecursion */

/* addr_meta_value - what sendmail's initmacros gives the macro named by
 * an operator character or a digit; see addr_parse.h */
const char *
addr_meta_value(int c, char *buf)
{
	static const char names[] = "*+-=~#@:>?|.[]()&";
	static const unsigned char vals[] = {
		TK_MATCHZANY, TK_MATCHANY, TK_MATCHONE, TK_MATCHCLASS,
		TK_MATCHNCLASS, TK_CANONNET, TK_CANONHOST, TK_CANONUSER,
		TK_CALLSUBR, TK_CONDIF, TK_CONDELSE, TK_CONDFI, TK_HOSTBEGIN,
		TK_HOSTEND, TK_LOOKUPBEGIN, TK_LOOKUPEND, TK_MACRODEXPAND,
	};
	const char *p = c != '\0' ? strchr(names, c) : NULL;

	buf[0] = buf[1] = buf[2] = '\0';
	if (p != NULL)
		buf[0] = (char)vals[p - names];
	else if (c >= '0' && c <= '9') {
		buf[0] = (char)TK_MATCHREPL;
		buf[1] = (char)c;
	} else
		return NULL;
	return buf;
}

/* value_op - the operator byte for "$c" in a stored value, 0 for a macro */
static int
value_op(int c)
{
	switch (c) {
	case '&': return TK_MACRODEXPAND;
	case '?': return TK_CONDIF;
	case '|': return TK_CONDELSE;
	case '.': return TK_CONDFI;
	}
	return 0;
}

/* value_internal - a value we keep in "$x" text as sendmail keeps it:
 * "$$" one '$', "$x" "${name}" $ and the name's one-byte id, "$&x" "$?x"
 * "$|" "$." their operator bytes */
static void
value_internal(const char *v, struct sm_buf *out)
{
	const char *p, *e;
	int op;

	for (p = v; *p != '\0'; p++) {
		if (p[0] != '$' || p[1] == '\0' || p[1] == '$') {
			(void)sm_buf_putc(out, *p);
			p += p[0] == '$' && p[1] == '$';
			continue;
		}
		op = value_op((unsigned char)*++p);
		(void)sm_buf_putc(out, (char)(op ? op : TK_MACROEXPAND));
		if (op == TK_CONDELSE || op == TK_CONDFI)
			continue;
		if (op != 0 && *++p == '\0')
			break;
		if (*p == '{' && (e = strchr(p, '}')) != NULL) {
			char name[64];

			int b;

			sm_snprintf(name, sizeof(name), "%.*s", (int)(e - p + 1), p);
			if ((b = macro_smid_byte(macro_id(name, false))) != 0)
				(void)sm_buf_putc(out, (char)b);
			p = e;
		} else
			(void)sm_buf_putc(out, *p);
	}
}

/* byte_value - the value of the macro one internal byte names, in
 * sendmail's internal form (into vbuf), or NULL */
static const char *
byte_value(const struct macros *mac, int c, char *buf, struct sm_buf *vbuf)
{
	int id = c < 0x80 ? c : macro_smid_id(c);
	const char *v = id > 0 ? macro_get(mac, id) : NULL;

	if (v == NULL)
		return addr_meta_value(c, buf);
	sm_buf_reset(vbuf);
	value_internal(v, vbuf);
	return sm_buf_str(vbuf);
}

/* expand_pass - one pass of sendmail's expand() over internal text: the
 * byte after $ (TK_MACROEXPAND) names a macro, $? $| $. are
 * conditionals; true when a value brought in operator bytes */
static bool
expand_pass(const struct macros *mac, const char *src, struct sm_buf *out)
{
	const unsigned char *s = (const unsigned char *)src;
	struct sm_buf vbuf = SM_BUF_INIT(AP_MAXADDR);
	bool skipping = false, recurse = false;
	int skiplev = 0, iflev = 0, c;
	const char *q;
	char mbuf[3];

	for (; *s != '\0'; s++) {
		c = *s;
		q = NULL;
		if (c == TK_CONDIF) {
			iflev++;
			if (skipping)
				skiplev++;
			else if (s[1] != '\0') {
				q = byte_value(mac, *++s, mbuf, &vbuf);
				skipping = q == NULL || *q == '\0';
			}
			continue;
		}
		/* $| and $. outside a $? are plain bytes */
		if (c == TK_CONDELSE && iflev > 0) {
			if (skiplev == 0)
				skipping = !skipping;
			continue;
		}
		if (c == TK_CONDFI && iflev > 0) {
			iflev--;
			if (skiplev == 0)
				skipping = false;
			if (skipping)
				skiplev--;
			continue;
		}
		if (c == TK_MACROEXPAND) {
			if (s[1] == '\0')
				continue;
			if ((q = byte_value(mac, *++s, mbuf, &vbuf)) == NULL)
				continue;
		}
		if (skipping)
			continue;
		if (q == NULL) {
			(void)sm_buf_putc(out, (char)c);
			continue;
		}
		for (; *q != '\0'; q++) {
			if (((unsigned char)*q & 0xe0) == 0x80)
				recurse = true;
			(void)sm_buf_putc(out, *q);
		}
	}
	sm_buf_free(&vbuf);
	return recurse;
}

/* addr_expand - sendmail's expand() of internal text; see addr_parse.h */
void
addr_expand(const struct macros *mac, struct sm_buf *s)
{
	struct sm_buf tmp = SM_BUF_INIT(AP_MAXADDR);
	int level;

	for (level = 0; level <= AP_MAXRECURSION; level++) {
		bool again;

		sm_buf_reset(&tmp);
		again = expand_pass(mac, sm_buf_str(s), &tmp);
		sm_buf_reset(s);
		(void)sm_buf_append(s, tmp.data, tmp.len);
		if (!again)
			break;
	}
	sm_buf_free(&tmp);
}

/* addr_remotename - addr as mailer m will see it (sendmail's remotename) */
int
addr_remotename(const struct addr_env *ae, const char *addr, const struct mailer *m,
    int flags, int *rcode, struct sm_buf *out)
{
	struct sm_buf fancy = SM_BUF_INIT(AP_MAXADDR);
	struct tokens t;
	const char *endp;
	char at[4], *lbuf;
	bool cut;
	/* a mailer without S=/R= has ruleset 0 there, as in sendmail, so
	 * its addresses are still rewritten by 3, 1 or 2 and 4 */
	int rwset = remote_rwset(m, flags);
	long g;

	/* "e r", "h s" ...: header or envelope, then sender or recipient */
	at[0] = (flags & RF_HEADERADDR) ? 'h' : 'e';
	at[1] = ' ';
	at[2] = (flags & RF_SENDERADDR) ? 's' : 'r';
	at[3] = '\0';
	macro_set(ae->mac, macro_id("{addr_type}", true), at);
	if (mailer_has_flag(m, 'c')) {
		(void)sm_buf_putc(&fancy, TK_MACROEXPAND);
		(void)sm_buf_putc(&fancy, 'g');
		g = 0;
	} else
		g = crack(addr, ae->cfg->opt.colon_ok_in_addr, &fancy);
	tokens_init(&t);
	if (!ap_prescan_cut(ae, addr, '\0', &t, &endp, &cut)) {
		/* "Address too long" made sendmail's prescan cut the string */
		tokens_free(&t);
		sm_buf_free(&fancy);
		return sm_buf_append(out, addr, cut ? strnlen(addr, AP_MAXNAME) : strlen(addr));
	}
	remote_rewrite(ae, flags, rwset, &t, rcode);
	lbuf = tok_cat(ae->cfg, &t, 0, t.n, '\0');
	tokens_free(&t);
	if (g < 0)
		(void)sm_buf_puts(out, sm_buf_str(&fancy));
	else {
		(void)sm_buf_append(out, fancy.data, (size_t)g);
		(void)sm_buf_puts(out, lbuf);
		(void)sm_buf_puts(out, fancy.data + g + 2);
	}
	addr_expand(ae->mac, out);
	if (out->len > AP_REMOTEMAX)
		sm_buf_truncate(out, AP_REMOTEMAX);
	free(lbuf);
	sm_buf_free(&fancy);
	return 0;
}
