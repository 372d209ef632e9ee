/*
 * test_mode.c - sendmail -bt: read commands, run rulesets, print as 8.17 does.
 *
 * Owns the -bt loop and every test-mode command (see test_mode.h).  The
 * facts followed, all checked against sendmail 8.17.1.9:
 *  - input is read as fgets into a 2048-byte line would: a longer line is
 *    split, the rest read as the next line; a 100 KiB line is 50 lines;
 *  - "> " is printed before each read; output is flushed only when the
 *    input has nothing buffered, so a pipe of 100k lines is cheap and an
 *    interactive user still sees every prompt;
 *  - blank lines and lines starting with '#' (after white space) print
 *    nothing; everything goes to stdout, errors included;
 *  - "RS[,RS...] addr[, addr...]" runs every ruleset of the list over each
 *    comma-separated address; a non-OK status prints
 *    "== Ruleset <rest of list> (<number>) status <EX_*>";
 *  - sendmail's syserr-class messages ("Name required for macro/class",
 *    "invalid ruleset name", "bad ruleset N (100 max)", a rewrite loop)
 *    make the final exit status EX_SOFTWARE; the first failure wins;
 *  - commands lose trailing white space, ruleset lines do not; an empty
 *    address after a ruleset list prints nothing;
 *  - messages (usrerr, syserr) lose the high bit of every byte, a byte
 *    that becomes NUL ends the line (tokens_put_msgs);
 *  - the envelope's ${deliveryMode} is 'i' unless -od / -O DeliveryMode
 *    gave one ("d" defers $[ $]); ${load_avg} is the rounded load
 *    average; the exit status starts as the cf's syserr status (70 after
 *    "No local mailer defined", an unknown U= user ...);
 *  - "$x" shows "$@" "$:" ... for the operator names as initmacros set
 *    them, "$$" of a D value as one "$"; a raw name byte 0200 and up is
 *    one of sendmail's one-byte macro ids.
 * /map is map.c's map_test_command; /canon ("Name too long" from 256
 * bytes) and /mx (null MX: "See RFC7505") use mx.h.
 * Also done: "?" (the "-bt" lines of HelpFile, macros expanded, or
 * "HELP not implemented"), /expand (raw operator bytes expanded as
 * sendmail's expand() does, printed with no newline, as 8.17 does) and
 * /sender (setsender: a bad sender falls back to the user).
 * Missing: /header, /gethostbyname, /dnslookup; the EF_* flags of the
 * -d2.1 "finis" line are fixed (OLDSTYLE,METOO).
 */
#include "sm.h"
#include "test_mode.h"
#include "addr_parse.h"
#include "config.h"
#include "class.h"
#include "debug.h"
#include "identity.h"
#include "mailer.h"
#include "map.h"
#include "mx.h"
#include "rewrite.h"
#include "ruleset.h"
#include "tokens.h"

#include <pwd.h>

#define TM_MAXLINE	2048	/* sendmail's MAXLINE: fgets buffer of -bt */
#define TM_INBUF	65536
#define TM_MAXNAME	256	/* sendmail's MAXNAME: /canon's host buffer */
#define TM_MAXMACNAME	25	/* sendmail's MAXMACNAMELEN */
#define TM_MAXRWSETS	200	/* numbered rulesets are 0 .. MAXRWSETS/2 - 1 */
#define TM_MAXMX	100

struct tm_input {
	int fd;
	size_t pos, len;
	bool eof;
	char buf[TM_INBUF];
};

struct tm_state {
	struct config *cfg;
	FILE *out;
	int tryflags;		/* RF_* of /tryflags */
	int exitstat;
	bool quit;
	struct tm_input in;
};

typedef void (*tm_cmd_fn)(struct tm_state *st, char *line);

/* ---------------------------------------------------------------- input */

/* tm_fill - read more input, flushing output first; false at end of input */
static bool
tm_fill(struct tm_state *st)
{
	ssize_t n;

	fflush(st->out);
	for (;;) {
		n = read(st->in.fd, st->in.buf, sizeof(st->in.buf));
		if (n >= 0 || errno != EINTR)
			break;
	}
	if (n <= 0) {
		st->in.eof = true;
		return false;
	}
	st->in.pos = 0;
	st->in.len = (size_t)n;
	return true;
}

/* tm_getline - the next line as fgets(buf, TM_MAXLINE) gives it, '\n' removed;
 * false at end of input */
static bool
tm_getline(struct tm_state *st, char *line)
{
	size_t n = 0;
	char c;

	while (n < TM_MAXLINE - 1) {
		if (st->in.pos == st->in.len && (st->in.eof || !tm_fill(st)))
			break;
		c = st->in.buf[st->in.pos++];
		if (c == '\n') {
			line[n] = '\0';
			return true;
		}
		line[n++] = c;
	}
	line[n] = '\0';
	return n > 0;
}

/* -------------------------------------------------------------- helpers */

/* tm_syserr - a message sendmail prints with syserr: the exit status becomes 70 */
static void
tm_syserr(struct tm_state *st, const char *fmt, ...)
{
	struct sm_buf msg = SM_BUF_INIT(TM_MAXLINE * 4);
	va_list ap;

	va_start(ap, fmt);
	(void)sm_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	(void)sm_buf_putc(&msg, '\n');
	tokens_put_msgs(sm_buf_str(&msg), st->out);
	sm_buf_free(&msg);
	addr_exitstat(&st->exitstat, EX_SOFTWARE);
}

static char *
skip_space(char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* tm_macname_brace - a {name} at p; sets *ep after it; 0 on error */
static int
tm_macname_brace(struct tm_state *st, const char *p, const char **ep)
{
	char name[TM_MAXMACNAME + 3];
	size_t n = 1;

	name[0] = '{';
	while (*++p != '\0' && *p != '}' && n < TM_MAXMACNAME + 1) {
		if (isalnum((unsigned char)*p) || *p == '_')
			name[n++] = *p;
		else
			tm_syserr(st, "Invalid macro/class character %c", *p);
	}
	name[n] = '\0';
	if (*p == '\0' || *p != '}') {
		if (*p == '\0')
			tm_syserr(st, "Unbalanced { on %s", name + 1);
		else
			tm_syserr(st, "Macro/class name ({%s}) too long (%d chars max)",
			    name + 1, TM_MAXMACNAME);
		tm_syserr(st, "Unable to assign macro/class ID (mid = 0x%x)", UINT_MAX);
		return 0;
	}
	*ep = p + 1;
	if (n == 1) {
		tm_syserr(st, "Name required for macro/class");
		return 0;
	}
	if (n == 2)
		return (unsigned char)name[1];
	name[n++] = '}';
	name[n] = '\0';
	return macro_id(name, true);
}

/* tm_macname - sendmail's macid_parse: a macro/class name at p; 0 when none */
static int
tm_macname(struct tm_state *st, const char *p, const char **ep)
{
	*ep = p;
	if (*p == '\0') {
		tm_syserr(st, "Name required for macro/class");
		return 0;
	}
	if (*p != '{') {
		int id = macro_smid_id((unsigned char)*p);

		/* a raw byte 0200 and up is one of sendmail's long-name ids */
		*ep = p + 1;
		return id > 0 ? id : (unsigned char)*p;
	}
	return tm_macname_brace(st, p, ep);
}

/* tm_rwset - sendmail's strtorwset(ST_FIND): ruleset at p (up to ',' or end); -1 if none */
static int
tm_rwset(struct tm_state *st, const char *p)
{
	char name[128], num[16];
	size_t n = 0;
	long rs;

	while (isspace((unsigned char)*p))
		p++;
	if (isdigit((unsigned char)*p)) {
		rs = strtol(p, NULL, 10);
		if (rs < 0 || rs >= TM_MAXRWSETS / 2) {
			tm_syserr(st, "bad ruleset %ld (%d max)", rs, TM_MAXRWSETS / 2);
			return -1;
		}
		sm_snprintf(num, sizeof(num), "%ld", rs);
		return ruleset_id(st->cfg, num, true);
	}
	while ((isalnum((unsigned char)p[n]) || p[n] == '_') && n < sizeof(name) - 1) {
		name[n] = p[n];
		n++;
	}
	name[n] = '\0';
	if (n == 0 || !isalpha((unsigned char)name[0])) {
		tm_syserr(st, "invalid ruleset name: \"%.20s\"", p);
		return -1;
	}
	return ruleset_find(st->cfg, name);
}

static struct addr_env
tm_addr_env(struct tm_state *st)
{
	struct addr_env ae = { .cfg = st->cfg, .mac = &st->cfg->mac, .out = st->out,
		.trace = true, .exitstat = &st->exitstat };

	return ae;
}

/* -------------------------------------------------- ruleset lines (3,0 a) */

/* tm_run_list - run every ruleset of list over t */
static void
tm_run_list(struct tm_state *st, const char *list, struct tokens *t)
{
	struct sm_buf diag = SM_BUF_INIT(4096);
	struct rw_ctx ctx = { .cfg = st->cfg, .env = &st->cfg->mac, .trace = st->out,
		.errfp = st->out, .errmsg = &diag };
	const char *p = list;
	int rs, status;

	while (*p != '\0') {
		rs = tm_rwset(st, p);
		if (rs < 0) {
			fprintf(st->out, "Undefined ruleset %s\n", p);
			break;
		}
		ctx.depth = 0;
		sm_buf_reset(&diag);
		status = rewrite_ruleset(&ctx, rs, t);
		if (status == EX_CONFIG || diag.len > 0)	/* sendmail's syserr */
			addr_exitstat(&st->exitstat, EX_SOFTWARE);
		if (status != EX_OK)
			fprintf(st->out, "== Ruleset %s (%d) status %d\n", p, rs, status);
		while (*p != '\0' && *p++ != ',')
			continue;
	}
	sm_buf_free(&diag);
}

/* tm_prescan - tokenize one address; false when there is nothing to rewrite */
static bool
tm_prescan(struct tm_state *st, const char *addr, struct tokens *t, const char **endp)
{
	struct sm_buf err = SM_BUF_INIT(AP_MAXERR);
	int r;

	r = tokens_prescan_tab(st->cfg, addr, ',',
	    st->cfg->version >= 9 ? TK_NOCOMMENT : TK_EXTERNAL, false, t, endp, &err);
	tokens_put_msgs(sm_buf_str(&err), st->out);	/* worded by tokens.c */
	sm_buf_free(&err);
	return r == 0;
}

/* cmd_rulesets - "RS[,RS...] address[, address...]" */
static void
cmd_rulesets(struct tm_state *st, char *line)
{
	char *p = line;
	const char *addr, *end;
	struct addr_env ae;
	struct tokens t;

	while (*p != '\0' && !isspace((unsigned char)*p))
		p++;
	if (*p == '\0') {
		fputs("No address!\n", st->out);
		return;
	}
	*p++ = '\0';
	ae = tm_addr_env(st);
	if (addr_invalid(&ae, p, strlen(p), false))
		return;
	addr = p;
	for (;;) {
		tokens_init(&t);
		end = NULL;
		if (tm_prescan(st, addr, &t, &end) && t.n > 0)
			tm_run_list(st, line, &t);
		tokens_free(&t);
		if (end == NULL || *end == '\0' || end < addr)
			break;
		addr = end + 1;
	}
}

/* ------------------------------------------------------- .D .C $x $=x */

/* cmd_define - ".Dx value" */
static void
cmd_define(struct tm_state *st, char *line)
{
	const char *val;
	int id = tm_macname(st, line + 2, &val);

	if (id <= 0)
		return;
	macro_set(&st->cfg->mac, id, val);
}

/* cmd_class - ".Cx words": the words, macros expanded, join class x */
static void
cmd_class(struct tm_state *st, char *line)
{
	struct sm_buf exp = SM_BUF_INIT(TM_MAXLINE * 4);
	const char *val;
	int id = tm_macname(st, line + 2, &val);

	if (id <= 0)
		return;
	if (macro_expand(&st->cfg->mac, val, &exp) == 0)
		class_add_words(st->cfg, id, sm_buf_str(&exp));
	sm_buf_free(&exp);
}

/* cmd_dot - ".D" and ".C" */
static void
cmd_dot(struct tm_state *st, char *line)
{
	switch (line[1]) {
	case 'D':
		cmd_define(st, line);
		break;
	case 'C':
		cmd_class(st, line);
		break;
	case '\0':
		fputs("Usage: .[DC]macro value(s)\n", st->out);
		break;
	default:
		fprintf(st->out, "Unknown \".\" command %s\n", line);
		break;
	}
}

/* tm_put_value - a macro value as sendmail shows it: it stores "$$" of a
 * D line or .D as one literal "$" (translate_dollars), we keep "$$" */
static void
tm_put_value(FILE *out, const char *v)
{
	char *copy = sm_strdup(v), *q = copy;

	for (const char *p = v; *p != '\0'; p++) {
		*q++ = *p;
		if (p[0] == '$' && p[1] == '$')
			p++;
	}
	*q = '\0';
	tokens_xputs(copy, out);
	fputc('\n', out);
	free(copy);
}

/* cmd_dollar - "$x" prints a macro, "$=x" a class */
static void
cmd_dollar(struct tm_state *st, char *line)
{
	char mbuf[3];
	const char *ep, *v;
	int id;

	if (line[1] == '=') {
		id = tm_macname(st, line + 2, &ep);
		if (id > 0)
			class_print_id(st->cfg, id, st->out);
		return;
	}
	id = tm_macname(st, line + 1, &ep);
	if (id <= 0)
		return;
	v = macro_get(&st->cfg->mac, id);
	if (v == NULL && id < 256)
		v = addr_meta_value(id, mbuf);	/* $@ $: ... as initmacros set them */
	if (v == NULL)
		fputs("Undefined\n", st->out);
	else
		tm_put_value(st->out, v);
}

/* ------------------------------------------------------------ =S =M -d */

/* cmd_eq - "=Sruleset" lists a ruleset, "=M" the mailers */
static void
cmd_eq(struct tm_state *st, char *line)
{
	const char *name;
	size_t i;
	int rs;

	switch (line[1]) {
	case 'S':
		name = line + 2;
		rs = tm_rwset(st, name);
		if (rs < 0) {
			fprintf(st->out, "Undefined ruleset %s\n", name);
			return;
		}
		ruleset_print(st->cfg, rs, st->out);
		break;
	case 'M':
		for (i = 0; i < st->cfg->mailers.n; i++)
			if (st->cfg->mailers.v[i] != NULL)
				mailer_print(st->cfg, st->cfg->mailers.v[i], st->out);
		break;
	case '\0':
		fputs("Usage: =Sruleset or =M\n", st->out);
		break;
	default:
		fprintf(st->out, "Unknown \"=\" command %s\n", line);
		break;
	}
}

/* cmd_dash - "-dX.Y" sets debug flags */
static void
cmd_dash(struct tm_state *st, char *line)
{
	if (line[1] == 'd')
		(void)debug_parse(line + 2);
	else
		fprintf(st->out, "Unknown \"-\" command %s\n", line);
}

/* cmd_help - "?": the -bt topic of the help file */
static void
cmd_help(struct tm_state *st, char *line)
{
	const char *path = st->cfg->opt.help_file;
	FILE *fp = path != NULL && *path != '\0' ? fopen(path, "r") : NULL;
	struct sm_buf text = SM_BUF_INIT(TM_MAXLINE * 4);
	char buf[TM_MAXLINE];
	bool any = false;

	(void)line;
	while (fp != NULL && fgets(buf, sizeof(buf), fp) != NULL) {
		if (strncmp(buf, "-bt\t", 4) != 0)
			continue;
		sm_buf_reset(&text);
		if (macro_expand(&st->cfg->mac, buf + 4, &text) == 0)
			fputs(sm_buf_str(&text), st->out);
		any = true;
	}
	sm_buf_free(&text);
	if (fp != NULL)
		fclose(fp);
	if (!any)
		fprintf(st->out, "Sendmail %s -- HELP not implemented\n", SM_VERSION);
	else
		fputs("End of HELP info\n", st->out);
}

/* ------------------------------------------------------- slash commands */

/* slash_tryflags - "/tryflags [Hh|Ee][Ss|Rr]" */
static void
slash_tryflags(struct tm_state *st, char *args)
{
	char at[4];

	if (*args == '\0') {
		fputs("Usage: /tryflags [Hh|Ee][Ss|Rr]\n", st->out);
		return;
	}
	for (; *args != '\0'; args++) {
		switch (*args) {
		case 'H': case 'h': st->tryflags |= RF_HEADERADDR; break;
		case 'E': case 'e': st->tryflags &= ~RF_HEADERADDR; break;
		case 'S': case 's': st->tryflags |= RF_SENDERADDR; break;
		case 'R': case 'r': st->tryflags &= ~RF_SENDERADDR; break;
		default: break;
		}
	}
	at[0] = (st->tryflags & RF_HEADERADDR) ? 'h' : 'e';
	at[1] = ' ';
	at[2] = (st->tryflags & RF_SENDERADDR) ? 's' : 'r';
	at[3] = '\0';
	macro_set(&st->cfg->mac, macro_id("{addr_type}", true), at);
}

static const char *
tm_flagwords(int flags, const char **who)
{
	*who = (flags & RF_SENDERADDR) ? "sender" : "recipient";
	return (flags & RF_HEADERADDR) ? "header" : "envelope";
}

/* slash_try - "/try mailer address" */
static void
slash_try(struct tm_state *st, char *args)
{
	struct addr_env ae = tm_addr_env(st);
	struct sm_buf res = SM_BUF_INIT(TM_MAXLINE * 4);
	const struct mailer *m;
	const char *where, *who;
	char *addr = args;
	int rcode = EX_OK;

	while (*addr != '\0' && !isspace((unsigned char)*addr))
		addr++;
	if (*args == '\0' || *addr == '\0') {
		fputs("Usage: /try mailer address\n", st->out);
		return;
	}
	*addr++ = '\0';
	addr = skip_space(addr);
	if (*addr == '\0') {
		fputs("Usage: /try mailer address\n", st->out);
		return;
	}
	m = mailer_find(st->cfg, args);
	if (m == NULL) {
		fprintf(st->out, "Unknown mailer %s\n", args);
		return;
	}
	where = tm_flagwords(st->tryflags, &who);
	fprintf(st->out, "Trying %s %s address %s for mailer %s\n", where, who, addr, m->name);
	if (addr_remotename(&ae, addr, m, st->tryflags, &rcode, &res) < 0)
		fprintf(st->out, "Rcode = %d, addr = <NULL>\n", rcode);
	else
		fprintf(st->out, "Rcode = %d, addr = %s\n", rcode, sm_buf_str(&res));
	sm_buf_free(&res);
}

/* tm_xputs_g - a crackaddr result as xputs shows it (the marker, $ and
 * 'g', shows as "$g"; raw operator bytes from the input as sendmail shows
 * them) */
static void
tm_xputs_g(FILE *out, struct sm_buf *b)
{
	tokens_xputs(sm_buf_str(b), out);
}

/* slash_parse - "/parse address" */
static void
slash_parse(struct tm_state *st, char *args)
{
	struct addr_env ae = tm_addr_env(st);
	struct sm_buf cracked = SM_BUF_INIT(TM_MAXLINE * 4);
	struct parsed_addr pa;
	const char *where, *who, *end;

	if (*args == '\0') {
		fputs("Usage: /parse address\n", st->out);
		return;
	}
	(void)addr_crack(st->cfg, args, &cracked);
	fputs("Cracked address = ", st->out);
	tm_xputs_g(st->out, &cracked);
	fputc('\n', st->out);
	sm_buf_free(&cracked);
	where = tm_flagwords(st->tryflags, &who);
	fprintf(st->out, "Parsing %s %s address\n", where, who);
	if (addr_parse(&ae, args, '\0', st->tryflags, &pa, &end) < 0) {
		fputs("Cannot parse\n", st->out);
		return;
	}
	if (pa.host != NULL && pa.host[0] != '\0')
		fprintf(st->out, "mailer %s, host %s, user %s\n", pa.mailer_name,
		    pa.host, pa.user);
	else
		fprintf(st->out, "mailer %s, user %s\n", pa.mailer_name, pa.user);
	parsed_addr_free(&pa);
}

/* slash_expand - "/expand string": sendmail 8.17 expands the string (only
 * operator bytes typed raw act: "$x" text is not translated in -bt
 * input) and prints it as xputs shows it, without a newline */
static void
slash_expand(struct tm_state *st, char *args)
{
	struct sm_buf b = SM_BUF_INIT(TM_MAXLINE * 4);

	if (*args == '\0') {
		fputs("Usage: /expand string\n", st->out);
		return;
	}
	(void)sm_buf_puts(&b, args);
	addr_expand(&st->cfg->mac, &b);
	tokens_xputs(sm_buf_str(&b), st->out);
	sm_buf_free(&b);
}

/* sender_ok - parse from as a sender; false when it is unusable as one */
static bool
sender_ok(struct tm_state *st, const struct addr_env *ae, const char *from)
{
	struct parsed_addr pa;
	const char *end;
	bool ok;

	if (addr_parse(ae, from, '\0', RF_SENDERADDR, &pa, &end) < 0)
		return false;
	ok = !pa.bad && pa.mailer != NULL && strcmp(pa.mailer_name, "prog") != 0 &&
	    strcmp(pa.mailer_name, "*file*") != 0 && strcmp(pa.mailer_name, "*include*") != 0;
	if (!ok && !pa.bad)
		fprintf(st->out, "%s... Invalid sender address\n", from);
	parsed_addr_free(&pa);
	return ok;
}

/* sender_rewrite - the envelope sender as setsender makes it: 3, 1, 4 */
static void
sender_rewrite(struct tm_state *st, const char *from)
{
	struct rw_ctx ctx = { .cfg = st->cfg, .env = &st->cfg->mac, .trace = st->out,
		.errfp = st->out };
	struct sm_buf err = SM_BUF_INIT(AP_MAXERR), out = SM_BUF_INIT(AP_MAXERR);
	static const char *const rs[] = { "3", "1", "4" };
	struct tokens t;
	size_t i;

	tokens_init(&t);
	if (tokens_prescan(st->cfg, from, '\0', &t, NULL, &err) == 0) {
		for (i = 0; i < SM_ARRAY_SIZE(rs); i++) {
			ctx.depth = 0;
			(void)rewrite_ruleset(&ctx, ruleset_id(st->cfg, rs[i], true), &t);
		}
		(void)tokens_cataddr(t.v, t.n, '\0', &out);
	}
	fprintf(st->out, "addr=%s\n", sm_buf_str(&out));
	tokens_free(&t);
	sm_buf_free(&err);
	sm_buf_free(&out);
}

/* slash_sender - "/sender [address]": sendmail's setsender; a sender that
 * cannot be one falls back to the user running the program */
static void
slash_sender(struct tm_state *st, char *args)
{
	struct addr_env ae = tm_addr_env(st);
	struct passwd *pw = getpwuid(getuid());
	const char *real = pw != NULL ? pw->pw_name : "root";
	const char *from = *args != '\0' ? args : real;

	if (!sender_ok(st, &ae, from)) {
		from = real;
		(void)sender_ok(st, &ae, from);
	}
	sender_rewrite(st, from);
}

/* slash_canon - "/canon hostname" */
static void
slash_canon(struct tm_state *st, char *args)
{
	char host[TM_MAXLINE];
	int status = EX_OK;

	if (*args == '\0') {
		fputs("Usage: /canon address\n", st->out);
		return;
	}
	/* sendmail's buffer holds MAXNAME (256) bytes with the NUL */
	if (strlen(args) >= TM_MAXNAME ||
	    sm_strlcpy(host, args, sizeof(host)) >= sizeof(host)) {
		tokens_put_msgs("Name too long\n", st->out);
		return;
	}
	(void)host_canon(st->cfg, host, sizeof(host), &status);
	fprintf(st->out, "getcanonname(%s) returns %s\n", args, host);
}

/* slash_map - "/map mapname key": map.c prints it, opening the map first */
static void
slash_map(struct tm_state *st, char *args)
{
	struct map_ctx ctx = { .cfg = st->cfg, .mac = &st->cfg->mac, .msgfp = st->out };

	map_test_command(st->cfg, &ctx, args, st->out);
}

/* slash_mx - "/mx host" */
static void
slash_mx(struct tm_state *st, char *args)
{
	char *hosts[TM_MAXMX];
	int i, n, rcode = EX_OK;

	if (*args == '\0') {
		fputs("Usage: /mx address\n", st->out);
		return;
	}
	n = mx_lookup(st->cfg, args, hosts, TM_MAXMX, &rcode);
	if (n == MX_NULLMX) {
		fprintf(st->out, "getmxrr(%s) returns null MX (See RFC7505)\n", args);
		return;
	}
	fprintf(st->out, "getmxrr(%s) returns %d value(s):\n", args, n);
	for (i = 0; i < n; i++)
		fprintf(st->out, "\t%s\n", hosts[i]);
}

/* slash_quit - "/quit" */
static void
slash_quit(struct tm_state *st, char *args)
{
	(void)args;
	st->quit = true;
}

static const struct {
	const char *name;
	void (*fn)(struct tm_state *st, char *args);
} slash_cmds[] = {
	{ "tryflags", slash_tryflags },
	{ "try", slash_try },
	{ "parse", slash_parse },
	{ "canon", slash_canon },
	{ "expand", slash_expand },
	{ "sender", slash_sender },
	{ "map", slash_map },
	{ "mx", slash_mx },
	{ "quit", slash_quit },
};

/* cmd_slash - "/command args" through slash_cmds[] */
static void
cmd_slash(struct tm_state *st, char *line)
{
	char *p = line + 1;
	size_t i;

	while (*p != '\0' && !isspace((unsigned char)*p))
		p++;
	if (*p != '\0')
		*p++ = '\0';
	p = skip_space(p);
	if (line[1] == '\0') {
		fputs("Usage: /[canon|map|mx|parse|try|tryflags]\n", st->out);
		return;
	}
	for (i = 0; i < SM_ARRAY_SIZE(slash_cmds); i++) {
		if (strcasecmp(line + 1, slash_cmds[i].name) == 0) {
			slash_cmds[i].fn(st, p);
			return;
		}
	}
	fprintf(st->out, "Unknown \"/\" command %s\n", line);
}

/* ---------------------------------------------------------------- loop */

static const struct {
	char first;
	tm_cmd_fn fn;
} tm_cmds[] = {
	{ '.', cmd_dot },
	{ '=', cmd_eq },
	{ '-', cmd_dash },
	{ '$', cmd_dollar },
	{ '/', cmd_slash },
	{ '?', cmd_help },
};

/* tm_line - run one input line */
static void
tm_line(struct tm_state *st, char *line)
{
	char *p = skip_space(line);
	size_t i, n;

	if (*p == '\0' || *p == '#')
		return;
	for (i = 0; i < SM_ARRAY_SIZE(tm_cmds); i++) {
		if (*p == tm_cmds[i].first) {
			/* commands lose trailing white space; ruleset lines do not */
			for (n = strlen(p); n > 0 && isspace((unsigned char)p[n - 1]); n--)
				p[n - 1] = '\0';
			tm_cmds[i].fn(st, p);
			return;
		}
	}
	cmd_rulesets(st, p);
}

/* tm_delivery_mode - ${deliveryMode}: -bt's envelope delivers
 * interactively unless the command line gave a mode (a -D map, $[ $]
 * among them, is not looked up in deferred mode) */
static void
tm_delivery_mode(struct config *cfg)
{
	char mode[2] = { options_cmdline_delivery_mode(&cfg->opt), '\0' };

	if (mode[0] == '\0')
		mode[0] = 'i';
	macro_set(&cfg->mac, macro_id("{deliveryMode}", true), mode);
}

/* tm_load_avg - ${load_avg}: the one-minute load average, rounded to an
 * integer as sendmail's getla() reads it from /proc/loadavg */
static void
tm_load_avg(struct config *cfg)
{
	double la[1];
	char buf[32];

	if (getloadavg(la, 1) < 1)
		return;
	sm_snprintf(buf, sizeof(buf), "%d", (int)(la[0] + 0.5));
	macro_set(&cfg->mac, macro_id("{load_avg}", true), buf);
}

/* test_mode_run - the -bt loop; returns the exit status */
int
test_mode_run(struct config *cfg, int in, FILE *out)
{
	struct tm_state *st = sm_calloc(1, sizeof(*st));
	char line[TM_MAXLINE];
	int status;

	st->cfg = cfg;
	st->out = out;
	st->in.fd = in;
	st->exitstat = cfg->syserr_status;	/* the first failure wins */
	macro_set(&cfg->mac, macro_id("{addr_type}", true), "e r");
	tm_delivery_mode(cfg);
	tm_load_avg(cfg);
	fputs("ADDRESS TEST MODE (ruleset 3 NOT automatically invoked)\n"
	    "Enter <ruleset> <address>\n", out);
	while (!st->quit) {
		fputs("> ", out);
		if (!tm_getline(st, line))
			break;
		tm_line(st, line);
	}
	if (debug_on(2, 1))
		fprintf(out, "\n====finis: stat %d e_id=NOQUEUE e_flags=4001<OLDSTYLE,METOO>\n",
		    st->exitstat);
	fflush(out);
	status = st->exitstat;
	free(st);
	return status;
}
