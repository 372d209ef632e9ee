/*
 * ml_lmtp.c - mail.local -l: LMTP (RFC 2033) on stdin and stdout.
 *
 * The dialogue of sendmail 8.17's mail.local, reply for reply: greeting
 * "220 HOST LMTP ready"; LHLO lists 8BITMIME (unless -7),
 * ENHANCEDSTATUSCODES and PIPELINING, once ("503 HOST Duplicate LHLO");
 * MAIL FROM:<addr> (no space before "<", parameters ignored; <> becomes
 * MAILER-DAEMON in the From line); RCPT TO:<addr> with a source route and
 * "@domain" stripped, the rest looked up as a login name ("550 5.1.1 User
 * unknown"); DATA with one reply per accepted recipient ("250 2.1.5 USER
 * Ok" or the failure); RSET, NOOP, VRFY (252), QUIT.  Verbs are case
 * insensitive; anything else is "500 5.5.2 Syntax error".  End of input,
 * even inside DATA, ends the session with exit 0 and delivers nothing.
 *
 * Limits of our own: command lines over ML_CMDMAX bytes are a syntax
 * error, and more than ML_RCPTMAX recipients get "452 4.5.3 Too many
 * recipients".
 */
#include "sm.h"
#include "mail_local.h"

#include <pwd.h>

#define ML_CMDMAX	2048
#define ML_RCPTMAX	1000

/* the state of one LMTP session */
struct ml_session {
	const struct ml_opts *o;
	char host[256];
	bool lhlo;
	char *from;		/* NULL: no MAIL yet */
	char **rcpt;
	size_t nrcpt;
	struct sm_buf line;
};

/* a verb, whether it takes an argument, and its action */
struct ml_verb {
	const char *name;	/* with a trailing space when it has arguments */
	int (*act)(struct ml_session *, const char *arg);
};

/* ml_reply - one reply line */
static void
ml_reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void
ml_reply(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputs("\r\n", stdout);
	fflush(stdout);
}

/* ml_reset - forget the sender and the recipients */
static void
ml_reset(struct ml_session *s)
{
	size_t i;

	for (i = 0; i < s->nrcpt; i++)
		free(s->rcpt[i]);
	free(s->rcpt);
	s->rcpt = NULL;
	s->nrcpt = 0;
	free(s->from);
	s->from = NULL;
}

/* ml_path - the address inside "<...>" after prefix; NULL if malformed */
static char *
ml_path(const char *arg, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *end;

	if (strncasecmp(arg, prefix, n) != 0 || arg[n] != '<')
		return NULL;
	arg += n + 1;
	if ((end = strchr(arg, '>')) == NULL)
		return NULL;
	return sm_strndup(arg, (size_t)(end - arg));
}

/* ml_local_part - strip a source route and "@domain", in place */
static char *
ml_local_part(char *addr)
{
	char *p;

	if (addr[0] == '@' && (p = strchr(addr, ':')) != NULL)
		addr = p + 1;
	if ((p = strchr(addr, '@')) != NULL)
		*p = '\0';
	return addr;
}

static int
ml_do_lhlo(struct ml_session *s, const char *arg)
{
	(void)arg;
	if (s->lhlo) {
		ml_reply("503 %s Duplicate LHLO", s->host);
		return 0;
	}
	s->lhlo = true;
	ml_reply("250-%s", s->host);
	if (s->o->eightbit)
		ml_reply("250-8BITMIME");
	ml_reply("250-ENHANCEDSTATUSCODES");
	ml_reply("250 PIPELINING");
	return 0;
}

static int
ml_do_mail(struct ml_session *s, const char *arg)
{
	char *addr;

	if (s->from != NULL) {
		ml_reply("503 5.5.1 Nested MAIL command");
		return 0;
	}
	if ((addr = ml_path(arg, "from:")) == NULL) {
		ml_reply("501 5.5.4 Syntax error in parameters");
		return 0;
	}
	if (addr[0] == '\0') {
		free(addr);
		addr = sm_strdup("MAILER-DAEMON");
	}
	s->from = addr;
	ml_reply("250 2.5.0 Ok");
	return 0;
}

static int
ml_do_rcpt(struct ml_session *s, const char *arg)
{
	char *addr, *user;

	if (s->from == NULL) {
		ml_reply("503 5.5.1 Need MAIL command");
		return 0;
	}
	if ((addr = ml_path(arg, "to:")) == NULL) {
		ml_reply("501 5.5.4 Syntax error in parameters");
		return 0;
	}
	user = ml_local_part(addr);
	if (*user == '\0' || getpwnam(user) == NULL)
		ml_reply("550 5.1.1 User unknown");
	else if (s->nrcpt >= ML_RCPTMAX)
		ml_reply("452 4.5.3 Too many recipients");
	else {
		s->rcpt = sm_reallocarray(s->rcpt, s->nrcpt + 1, sizeof(char *));
		s->rcpt[s->nrcpt++] = sm_strdup(user);
		ml_reply("250 2.1.5 Ok");
	}
	free(addr);
	return 0;
}

/* ml_each_rcpt - deliver m to every recipient, one reply each */
static void
ml_each_rcpt(struct ml_session *s, struct ml_msg *m)
{
	struct ml_status st;
	size_t i;

	for (i = 0; i < s->nrcpt; i++) {
		if (ml_deliver(s->o, s->rcpt[i], s->from, m, &st) < 0)
			ml_report(s->o, &st);
		else
			ml_reply("250 2.1.5 %s Ok", s->rcpt[i]);
	}
}

static int
ml_do_data(struct ml_session *s, const char *arg)
{
	struct ml_status st;
	struct ml_msg m;
	size_t i;
	int rc;

	(void)arg;
	if (s->nrcpt == 0) {
		ml_reply("503 5.5.1 No recipients");
		return 0;
	}
	ml_reply("354 Go ahead");
	rc = ml_store(&m, stdin, true, &st);
	if (rc == 1)
		return 1;		/* end of input inside DATA */
	if (rc < 0)
		for (i = 0; i < s->nrcpt; i++)
			ml_report(s->o, &st);
	else {
		ml_each_rcpt(s, &m);
		ml_msg_free(&m);
	}
	ml_reset(s);
	return 0;
}

static int
ml_do_rset(struct ml_session *s, const char *arg)
{
	(void)arg;
	ml_reset(s);
	ml_reply("250 2.0.0 Ok");
	return 0;
}

static int
ml_do_noop(struct ml_session *s, const char *arg)
{
	(void)s;
	(void)arg;
	ml_reply("250 2.0.0 Ok");
	return 0;
}

static int
ml_do_vrfy(struct ml_session *s, const char *arg)
{
	(void)s;
	(void)arg;
	ml_reply("252 2.3.3 Try RCPT to attempt delivery");
	return 0;
}

static int
ml_do_quit(struct ml_session *s, const char *arg)
{
	(void)s;
	(void)arg;
	ml_reply("221 2.0.0 Bye");
	return 1;
}

static const struct ml_verb ml_verbs[] = {
	{ "data", ml_do_data },
	{ "lhlo ", ml_do_lhlo },
	{ "mail ", ml_do_mail },
	{ "noop", ml_do_noop },
	{ "quit", ml_do_quit },
	{ "rcpt ", ml_do_rcpt },
	{ "rset", ml_do_rset },
	{ "vrfy ", ml_do_vrfy },
};

/* ml_getcmd - read one command line, CR LF stripped; 1 ok, 0 long, -1 EOF */
static int
ml_getcmd(struct ml_session *s)
{
	bool toolong = false;
	int c;

	sm_buf_reset(&s->line);
	while ((c = getchar()) != EOF && c != '\n')
		if (sm_buf_putc(&s->line, c) < 0)
			toolong = true;
	if (c == EOF && s->line.len == 0)
		return -1;
	if (s->line.len > 0 && s->line.data[s->line.len - 1] == '\r')
		sm_buf_truncate(&s->line, s->line.len - 1);
	return toolong ? 0 : 1;
}

/* ml_dispatch - run one command line; 1 when the session ends */
static int
ml_dispatch(struct ml_session *s, const char *cmd)
{
	const struct ml_verb *v;
	size_t n;

	for (v = ml_verbs; v < ml_verbs + SM_ARRAY_SIZE(ml_verbs); v++) {
		n = strlen(v->name);
		if (v->name[n - 1] == ' ' ? strncasecmp(cmd, v->name, n) == 0
					  : strcasecmp(cmd, v->name) == 0)
			return v->act(s, cmd + n);
	}
	ml_reply("500 5.5.2 Syntax error");
	return 0;
}

/* ml_lmtp - serve one LMTP session; the exit code */
int
ml_lmtp(const struct ml_opts *o)
{
	struct ml_session s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.o = o;
	sm_buf_init(&s.line, ML_CMDMAX);
	if (gethostname(s.host, sizeof(s.host) - 1) < 0)
		sm_strlcpy(s.host, "localhost", sizeof(s.host));
	ml_reply("220 %s LMTP ready", s.host);
	for (;;) {
		if ((rc = ml_getcmd(&s)) < 0)
			break;
		if (rc == 0)
			ml_reply("500 5.5.2 Syntax error");
		else if (ml_dispatch(&s, sm_buf_str(&s.line)) != 0)
			break;
	}
	ml_reset(&s);
	sm_buf_free(&s.line);
	return EX_OK;
}
