/*
 * submit.c - command-line submission: sendmail [-t] [-f from] addr...
 *
 * Owns the default operation mode (-bm): the sender and its macros, the
 * recipients from the arguments and (-t) from the header, the DSN
 * parameters of -N, -R, -V and -B, header completion, the queue commit
 * and the DeliveryMode that follows.  The message text itself is read by
 * collect_stdin.c.  What is done was measured against sendmail 8.17.1.9
 * with -odq (test/t/6200-submit-cmdline.t compares the qf and df files):
 *
 *  - the sender (S line) is -f/-r as given ("" is "<>"), else the
 *    invoking user's login; $g is it through rulesets 3 and 4; a trusted
 *    user's submission carries an A line (xtext of $g, "@$j" added when
 *    unqualified); an untrusted user who sets -f gets the header
 *    "X-Authentication-Warning: $j: user set sender to X using -f" (and
 *    the ones for -C and a command-line QueueDirectory);
 *  - $x is -F, or the passwd name of a local sender, quoted as
 *    sender.c says (shared with the SMTP server);
 *  - recipients: each argument (or header field, with -t: To, Cc, Bcc,
 *    or the Resent- ones in a resent message, see headers_is_resent) is
 *    a list whose addresses are entered last first; duplicates (same
 *    mailer, host, user) go; the queue holds them sorted by host, local
 *    ones first (rcpt_host_order, sender.c); with -t the
 *    arguments are added to the header's recipients (8.17 no longer
 *    suppresses them); r lines as rcpt_final (sender.c) makes them;
 *  - the F line has 's', '8' for 8-bit text, 'b' when the header has a
 *    To, Cc or Apparently-To field, 'd' (and 'n') for -R, 'n' for a
 *    negative Precedence (whose class also counts in the priority);
 *  - NoRecipientAction when the header names nobody: add-to and
 *    add-apparently-to add one field per recipient, last first, at the
 *    end of the header; add-bcc an empty Bcc;
 *  - "for $u" in Received only when one address was given as argument;
 *  - errors: no arguments without -t is "Recipient names must be
 *    specified" (64); -t with none in the header "No recipient addresses
 *    found in header" (exit 0, nothing queued); a local user not in
 *    passwd or the aliases "addr... User unknown" (67; the others are
 *    still queued; printed in ErrorMode=p only, always for a -t
 *    recipient, which also drops the 's' flag; ErrorMode m, w and e,
 *    and every ErrorMode in background (-odb), bounce it instead, from
 *    the delivery attempt, or at once with -odq/-odd; e exits 0); a text over
 *    MaxMessageSize "Message exceeds maximum fixed size (N)" (and
 *    "Operating system error" unless ErrorMode=q, as the real one says)
 *    and a bounce, exit 0; an unknown -B "Illegal body type X" (64, the
 *    message still goes).
 *
 * DeliveryMode queue and defer (-odq, -odd): the recipients are expanded
 * before the qf is written, as sendmail 8.17 does (measured,
 * test/t/6104): each is replaced by what its aliases, :include: and
 * .forward files come to (alias.c), in its place, with its r line, its
 * NOTIFY flags, A when an alias listed the address, P when it is all
 * the recipient came to (a duplicate's P goes to the one kept), and
 * the C line alias.c gives it; a member that fails (User unknown) is
 * reported as an unknown recipient is (67, the M line, ErrorMode),
 * kept as bounced for the priority and the bounce ("expanded from:");
 * each address that came through a list with an owner- alias notes
 * that owner (its value when that is one address), and queue_commit
 * gives every owner other than the sender a qf of its own with the
 * owner as its sender (queue.h; the M line goes with the envelope that
 * has no recipient left).  Not with -v; other modes expand at delivery.
 *
 * -v: delivery is interactive (even after -odq) and its transcript goes
 * to stdout (transcript.c).  After an interactive delivery (-v, -odi)
 * in which a recipient failed for good, the exit status is that
 * failure's when nothing failed before (69 for a failed program, 67
 * for an alias to an unknown user; tr_exit_status), as the real one's.
 *
 * -n: an alias is no known user here ("al... User unknown", as the
 * real one says) and cfg->opt.no_alias is set for the delivery.
 *
 * The log (syslog, as the real one's; measured against 8.17,
 * test/t/6106): "NOQUEUE: connect from $_" (LogLevel 10); each
 * X-Authentication-Warning as "Authentication-Warning: TEXT" (-C and
 * the queue at once as NOQUEUE, -f with the id); for each address that
 * fails here, in the order the addresses were entered and before
 * from=, "ADDR... User unknown" or "ADDR... Cannot mail directly to
 * files" at notice (LogLevel 4; not for a header's address) and "to=ADDR
 * [, ctladdr=..], delay=, mailer=, pri=0, dsn=5.1.1, reply=550 5.1.1 User
 * unknown, stat=User unknown" (7); "from=S, size=N, class=C, nrcpts=N,
 * msgid=<..>[, bodytype=B], relay=$_" (5) once the text is read; after
 * -odq/-odd a "to=ADDR, delay=, mailer=, pri=, stat=queued" line per
 * recipient left (9; none when a header's address failed); a text too
 * big, "message size (N) exceeds maximum (M)" (7) and a to= line per
 * recipient (9).  nrcpts= and the priority count the recipients as the
 * real one does after alias and .forward expansion, refused files
 * included: where the expansion waits for the delivery (-odi, -odb,
 * -v) it is run once to count them (expansion_extra).
 *
 * Missing: dead.letter only for what fails here (not for a delivery attempt that
 * fails, nor DeadLetterDrop or the other places sendmail tries when the
 * home directory cannot be written); a bounce made
 * here (-odq, too big) is delivered at once whatever DeliveryMode says
 * (dsn.c delivers its bounces); "List:; syntax illegal" recipients are
 * only reported, not bounced; MaxHeadersLength; -odb/-odi/-v do not
 * expand before queueing (the real one does, and reports a failed alias
 * member then, prints -v's "forwarding to" lines and, after an unknown
 * header address, queues the rest); a failed .forward member is logged
 * without the real one's "FILE: line N: " before it.
 *
 * A delivery that follows is told it is a command-line one
 * (tr_cmdline): after -odi (or -v), ErrorMode q sends no bounce for
 * what fails, p none either but saves ~/dead.letter (the df kept open
 * for it), e exits 0 (test/t/6105).
 */
#include "sm.h"
#include "submit.h"
#include "addr_parse.h"
#include "alias.h"
#include "collect_stdin.h"
#include "transcript.h"
#include "conf_read.h"
#include "deliver.h"
#include "dsn.h"
#include "envelope.h"
#include "headers.h"
#include "macro.h"
#include "mailer.h"
#include "mailer_run.h"
#include "queue.h"
#include "rewrite.h"
#include "ruleset.h"
#include "sender.h"
#include "tokens.h"

#include <pwd.h>

#define SUB_ADDRMAX	4096
#define SUB_LOGMAX	4096

/* One recipient address as parsed. */
struct sub_rcpt {
	char *paddr;			/* as given ("Zed <z@x.org>") */
	struct parsed_addr pa;
	bool from_hdr;			/* found in the header (-t) */
	const char *why;		/* refused: "Cannot mail directly to ..." */
	size_t seq;			/* order of entry (log lines) */
};

/* A log line about an address, kept until the message has its id (the
 * real one has it from the start) and written in the order the
 * addresses were entered. */
struct sub_event {
	size_t seq;			/* its address's order of entry */
	size_t n;			/* order of making, among equals */
	int prio;
	char *text;
};

struct sub_list {
	struct sub_rcpt *v;
	size_t n, cap;
};

/* One submission. */
struct sub {
	struct config *cfg;
	const struct submit_args *a;
	struct envelope *e;
	struct addr_env ae;
	int status;			/* the exit status so far */
	char login[256];		/* the invoking user */
	bool trusted;
	char *g;			/* $g: the sender through rulesets 3, 4 */
	char *x;			/* $x, or NULL */
	struct sub_list raw;		/* every address, in order of entry */
	size_t nargs_addrs;		/* how many came from the arguments */
	bool hdr_error;			/* a header recipient failed (no 's') */
	bool arg_error;			/* an argument recipient failed */
	int nfiles;			/* refused file recipients (still counted
					 * in the priority, as sendmail counts them) */
	struct alias_db *aliases;
	bool *rcpt_hdr;			/* per envelope recipient: from the header */
	size_t nrcpt_hdr;
	FILE *dfp;			/* -odi -oep: the df, for dead.letter */
	size_t seq;			/* addresses entered so far */
	size_t *rcpt_seq;		/* per envelope recipient: its seq */
	struct sub_event *ev;		/* log lines waiting for the id */
	size_t nev, capev;
	long extra;			/* recipients the expansion at delivery
					 * will add (or remove): the priority and
					 * nrcpts= count them, as the real one
					 * expands at submission */
};

/* ------------------------------------------------------------ helpers */

/* say - a line on stdout, as sendmail prints to the submitting user */
static void
say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void
say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* print_errors - whether ErrorMode shows errors on the terminal: p
 * only (measured: w prints nothing, as m) */
static bool
print_errors(const struct sub *s)
{
	return s->cfg->opt.error_mode == 'p';
}

/* background - -odb without -v: every ErrorMode mails the errors back
 * (p still prints them, but saves no dead.letter), as measured */
static bool
background(const struct sub *s)
{
	return s->cfg->opt.delivery_mode == 'b' && !s->a->verbose;
}

/* ------------------------------------------------------------ the log */

/* loglevel - the configured LogLevel */
static int
loglevel(const struct sub *s)
{
	return s->cfg->opt.log_level;
}

/* log_later - a line about the address entered seq-th, kept for
 * log_flush */
static void
log_later(struct sub *s, size_t seq, int prio, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void
log_later(struct sub *s, size_t seq, int prio, const char *fmt, ...)
{
	struct sm_buf b = SM_BUF_INIT(SUB_LOGMAX);
	struct sub_event *v;
	va_list ap;

	va_start(ap, fmt);
	(void)sm_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (s->nev == s->capev) {
		s->capev = s->capev ? s->capev * 2 : 8;
		s->ev = sm_reallocarray(s->ev, s->capev, sizeof(*s->ev));
	}
	v = &s->ev[s->nev];
	v->seq = seq;
	v->n = s->nev++;
	v->prio = prio;
	v->text = sm_strdup(sm_buf_str(&b));
	sm_buf_free(&b);
}

/* by_entry - log_flush's order: by address, then as made */
static int
by_entry(const void *a, const void *b)
{
	const struct sub_event *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->n < y->n ? -1 : x->n > y->n;
}

/* log_id - what the message's lines start with */
static const char *
log_id(const struct sub *s)
{
	return s->e->id[0] != '\0' ? s->e->id : "NOQUEUE";
}

/* log_flush - the lines kept by log_later, in order of entry, now that
 * the message has its id */
static void
log_flush(struct sub *s)
{
	size_t i;

	if (s->nev > 1)
		qsort(s->ev, s->nev, sizeof(*s->ev), by_entry);
	for (i = 0; i < s->nev; i++) {
		sm_log(s->ev[i].prio, "%s: %s", log_id(s), s->ev[i].text);
		free(s->ev[i].text);
	}
	free(s->ev);
	s->ev = NULL;
	s->nev = s->capev = 0;
}

/* reply_code - the SMTP code the real one puts before a failure's DSN
 * status in reply= */
static const char *
reply_code(const char *dsn)
{
	if (strcmp(dsn, "5.4.6") == 0)
		return "554";
	return dsn[0] == '5' ? "550" : "451";
}

/* log_failed - an address that failed here, as the real one logs it
 * (measured, 8.17): "ADDR... TEXT" at notice (LogLevel 4; not for a
 * header's address, -t), then a to= line with its reply and pri=0, the
 * priority being unknown yet (LogLevel 7); ctl is "" or ", ctladdr=..." */
static void
log_failed(struct sub *s, size_t seq, bool from_hdr, const char *addr, const char *ctl,
    const char *mailer, const char *dsn, const char *text)
{
	char delay[32];

	if (!from_hdr && loglevel(s) >= 4)
		log_later(s, seq, LOG_NOTICE, "%s... %s", addr, text);
	if (loglevel(s) < 7)
		return;
	sm_pintvl(time(NULL) - s->e->ctime, delay, sizeof(delay));
	log_later(s, seq, LOG_INFO, "to=%s%s, delay=%s, mailer=%s, pri=0, dsn=%s, "
	    "reply=%s %s %s, stat=%s", addr, ctl, delay, mailer != NULL ? mailer : "local",
	    dsn, reply_code(dsn), dsn, text, text);
}

/* log_connect - "NOQUEUE: connect from $_" (LogLevel 10), as the real
 * one logs a command-line submission's start */
static void
log_connect(struct sub *s)
{
	const char *relay = macro_get_name(&s->e->mac, "_");

	if (loglevel(s) >= 10 && relay != NULL)
		sm_log(LOG_INFO, "NOQUEUE: connect from %s", relay);
}

static const char *sender_text(const struct sub *s);

/* log_from - the from= line of the message read (LogLevel 5): the
 * sender as given, the text's size, class, the recipients as the real
 * one counts them (those that failed here and refused files too; the
 * expansion's), msgid, -B as given and relay $_; the lines kept for the
 * id first */
static void
log_from(struct sub *s, bool bt_ok)
{
	struct sm_buf b = SM_BUF_INIT(SUB_LOGMAX);
	const struct header *h = env_header(s->e, "Message-Id");
	const char *relay = macro_get_name(&s->e->mac, "_"), *mid = NULL;
	long n = (long)s->e->nrcpts + s->nfiles + s->extra;

	log_flush(s);
	if (loglevel(s) < 5)
		goto out;
	if (h != NULL && h->value != NULL)
		for (mid = h->value; isspace((unsigned char)*mid); mid++)
			;
	(void)sm_buf_printf(&b, "from=%s, size=%ld, class=%d, nrcpts=%ld", sender_text(s),
	    s->e->msg_size, s->e->msg_class, n > 0 ? n : 0);
	if (mid != NULL && *mid != '\0')
		(void)sm_buf_printf(&b, ", msgid=%s", mid);
	if (s->a->body_type != NULL && bt_ok)
		(void)sm_buf_printf(&b, ", bodytype=%s", s->a->body_type);
	if (relay != NULL)
		(void)sm_buf_printf(&b, ", relay=%s", relay);
	sm_log(LOG_INFO, "%s: %s", log_id(s), sm_buf_str(&b));
out:
	sm_buf_free(&b);
}

/* log_rcpts - a to= line with stat=STAT per recipient still to be
 * delivered (LogLevel 9), mailer= when with_mailer: "stat=queued" after
 * -odq/-odd, "Message exceeds maximum fixed size (N)" after a text too
 * big */
static void
log_rcpts(struct sub *s, bool with_mailer, const char *stat)
{
	char delay[32], mailer[128];
	size_t i;

	if (loglevel(s) < 9)
		return;
	sm_pintvl(time(NULL) - s->e->ctime, delay, sizeof(delay));
	for (i = 0; i < s->e->nrcpts; i++) {
		const struct rcpt *r = &s->e->rcpts[i];

		if (r->state != RS_QUEUED)
			continue;
		mailer[0] = '\0';
		if (with_mailer && r->mailer != NULL)
			(void)sm_snprintf(mailer, sizeof(mailer), ", mailer=%s", r->mailer);
		sm_log(LOG_INFO, "%s: to=%s, delay=%s%s, pri=%ld, stat=%s", log_id(s),
		    r->addr, delay, mailer, s->e->priority, stat);
	}
}

/* ------------------------------------------------- the -N -R -V checks */

/* submit_notify_parse - see submit.h */
int
submit_notify_parse(const char *arg, unsigned *flags)
{
	static const struct { const char *word; unsigned bit; } words[] = {
		{ "success", RCPT_NOTIFY_SUCCESS }, { "failure", RCPT_NOTIFY_FAILURE },
		{ "delay", RCPT_NOTIFY_DELAY }, { "never", 0 },
	};
	const char *p = arg, *end;
	size_t i, n;
	int r = 0;
	bool never = false, other = false;

	*flags = RCPT_HASNOTIFY;
	for (;;) {
		end = strchr(p, ',');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		for (i = 0; i < SM_ARRAY_SIZE(words); i++)
			if (strlen(words[i].word) == n && strncasecmp(p, words[i].word, n) == 0)
				break;
		if (i == SM_ARRAY_SIZE(words)) {
			say("Invalid -N argument");
			r = -1;
		} else if (words[i].bit == 0)
			never = true;
		else {
			*flags |= words[i].bit;
			other = true;
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	if (r == 0 && never && other) {
		say("Invalid -N argument");
		r = -1;
	}
	return r;
}

/* submit_ret_parse - see submit.h */
int
submit_ret_parse(const char *arg)
{
	if (strcasecmp(arg, "full") == 0)
		return SUBMIT_RET_FULL;
	if (strcasecmp(arg, "hdrs") == 0)
		return SUBMIT_RET_HDRS;
	say("Invalid -R value");
	return -1;
}

/* submit_envid_ok - see submit.h */
bool
submit_envid_ok(const char *arg)
{
	const unsigned char *p;

	for (p = (const unsigned char *)arg; *p != '\0'; p++) {
		if (*p == '+') {
			if (!isxdigit(p[1]) || !isxdigit(p[2]))
				break;
			p += 2;
		} else if (*p < 33 || *p > 126 || *p == '=')
			break;
	}
	if (*p == '\0')
		return true;
	say("Invalid syntax in -V flag");
	return false;
}

/* ---------------------------------------------------------- the sender */

/* xtext - s as RFC 3461 xtext into out */
static void
xtext(const char *s, struct sm_buf *out)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 33 || *p > 126 || *p == '+' || *p == '=')
			(void)sm_buf_printf(out, "+%02X", *p);
		else
			(void)sm_buf_putc(out, *p);
	}
}

/* full_name - $x: -F, else the local sender's passwd name; quoted when
 * it holds an RFC 822 special outside quotes and comments */
static void
full_name(struct sub *s, const char *sender)
{
	if (s->a->fullname != NULL && s->a->fullname[0] != '\0')
		s->x = sender_quote_name(s->a->fullname);
	else
		s->x = sender_fullname(&s->ae, sender);
}

/* sender_text - the S line: -f as given ("" is "<>"), else the login */
static const char *
sender_text(const struct sub *s)
{
	if (s->a->from == NULL)
		return s->login;
	return s->a->from[0] == '\0' ? "<>" : s->a->from;
}

/* auth_line - the A line of a trusted submission: xtext of $g, with
 * "@$j" when it has no '@' */
static void
auth_line(struct sub *s)
{
	struct sm_buf b = SM_BUF_INIT(SUB_ADDRMAX), x = SM_BUF_INIT(SUB_ADDRMAX * 3);
	const char *j = macro_get_name(&s->cfg->mac, "j");

	if (!s->trusted || s->g[0] == '\0') {
		sm_buf_free(&b);
		sm_buf_free(&x);
		return;
	}
	(void)sm_buf_puts(&b, s->g);
	if (strchr(s->g, '@') == NULL)
		(void)sm_buf_printf(&b, "@%s", j != NULL ? j : "localhost");
	xtext(sm_buf_str(&b), &x);
	env_set_str(&s->e->auth_param, sm_buf_str(&x));
	sm_buf_free(&b);
	sm_buf_free(&x);
}

/* auth_log - the log line of an X-Authentication-Warning (text): at
 * once, before the message has an id ("NOQUEUE: ..."), or kept for the
 * id (log_later) when later, before the lines of the addresses (which
 * are entered from 1), as measured */
static void
auth_log(struct sub *s, const char *text, bool later)
{
	if (loglevel(s) < 1 || text[0] == '\0')
		return;
	if (later)
		log_later(s, 0, LOG_INFO, "Authentication-Warning: %s", text);
	else
		sm_log(LOG_INFO, "NOQUEUE: Authentication-Warning: %s", text);
}

/* auth_header - the X-Authentication-Warning header text, if any */
static void
auth_header(struct sub *s, const char *text)
{
	struct sm_buf b = SM_BUF_INIT(SUB_ADDRMAX);

	if (text[0] != '\0') {
		(void)sm_buf_printf(&b, " %s", text);
		(void)env_add_header(s->e, "X-Authentication-Warning", sm_buf_str(&b), "");
	}
	sm_buf_free(&b);
}

/* auth_warnings - X-Authentication-Warning headers: -f and a command-line
 * QueueDirectory of an untrusted user, -C of anyone but root (trusted
 * too, measured); each logged, -C and the queue at once, -f with the
 * id, as the real one logs them */
static void
auth_warnings(struct sub *s)
{
	char f[SUB_ADDRMAX], q[SUB_ADDRMAX], c[SUB_ADDRMAX];
	const char *j = macro_get_name(&s->cfg->mac, "j");

	f[0] = q[0] = c[0] = '\0';
	j = j != NULL ? j : "localhost";
	if (!s->trusted && s->a->from != NULL && strcmp(s->a->from, s->login) != 0)
		(void)sm_snprintf(f, sizeof(f), "%s: %s set sender to %s using -%c", j,
		    s->login, sender_text(s), 'f');
	if (!s->trusted && s->a->cmdline_queue && s->cfg->opt.queue_dir != NULL)
		(void)sm_snprintf(q, sizeof(q), "%s: Processed from queue %s", j,
		    s->cfg->opt.queue_dir);
	if (getuid() != 0 && s->a->cf != NULL)
		(void)sm_snprintf(c, sizeof(c), "%s: Processed by %s with -C %s", j, s->login,
		    s->a->cf);
	auth_header(s, f);
	auth_header(s, q);
	auth_header(s, c);
	auth_log(s, c, false);
	auth_log(s, q, false);
	auth_log(s, f, true);
}

/* invoking_user - the login of the real uid into s->login */
static void
invoking_user(struct sub *s)
{
	const struct passwd *pw = getpwuid(getuid());
	const char *name = pw != NULL ? pw->pw_name : getenv("LOGNAME");

	if (name == NULL || sm_strlcpy(s->login, name, sizeof(s->login)) >= sizeof(s->login))
		(void)sm_snprintf(s->login, sizeof(s->login), "%ld", (long)getuid());
	s->trusted = getuid() == 0 || conf_trusted_user(s->cfg, s->login);
}

/* setup_sender - the S and A lines, $g, $x, $_ and ${daemon_flags} */
static void
setup_sender(struct sub *s)
{
	const char *sender = sender_text(s), *v;

	invoking_user(s);
	env_set_str(&s->e->sender, sender);
	if ((v = macro_get_name(&s->cfg->mac, "_")) != NULL)
		macro_set_name(&s->e->mac, "_", v);
	macro_set_name(&s->e->mac, "{daemon_flags}", "c u");
	s->g = strcmp(sender, "<>") == 0 ? sm_strdup("") :
	    sender_canon(s->cfg, &s->e->mac, sender);
	full_name(s, sender);
	if (s->x != NULL) {
		macro_set_name(&s->e->mac, "x", s->x);
		env_set_str(&s->e->fullname, s->x);
	}
	auth_line(s);
}

/* ------------------------------------------------------- the recipients */

/* list_push - append r to l (r's strings move into l) */
static void
list_push(struct sub_list *l, struct sub_rcpt *r)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = sm_reallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = *r;
}

/* list_free - free l's entries and l's array */
static void
list_free(struct sub_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].paddr);
		parsed_addr_free(&l->v[i].pa);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* refused_mailer - sendmail's complaint about a program, file or
 * :include: given as a recipient here, or NULL */
static const char *
refused_mailer(const struct parsed_addr *pa)
{
	if (strcmp(pa->mailer_name, "prog") == 0)
		return "Cannot mail directly to programs";
	if (strcmp(pa->mailer_name, "*file*") == 0)
		return "Cannot mail directly to files";
	if (strcmp(pa->mailer_name, "*include*") == 0)
		return "Cannot mail directly to :include:s";
	return NULL;
}

/* note_errors - what the address parser said: printed (ErrorMode p, or
 * always for a header's list, which also costs the envelope its 's'
 * flag, as measured), the last line kept for the qf's M line */
static void
note_errors(struct sub *s, char *text, size_t len, bool from_hdr)
{
	char *last;

	if (len == 0)
		return;
	if (from_hdr || print_errors(s))
		fwrite(text, 1, len, stdout);
	if (from_hdr)
		s->hdr_error = true;
	while (len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';
	last = strrchr(text, '\n');
	env_set_str(&s->e->message, last != NULL ? last + 1 : text);
}

/* parse_one - one address of a list at p into r; 0 when it is usable,
 * 1 when it is refused (r->why; r->paddr kept for the log), -1 when it
 * does not parse */
static int
parse_one(struct sub *s, const char *p, int delim, struct sub_rcpt *r, const char **end)
{
	const char *why;
	size_t len;

	memset(r, 0, sizeof(*r));
	if (addr_parse(&s->ae, p, delim, 0, &r->pa, end) != 0 || r->pa.bad ||
	    r->pa.mailer == NULL) {
		parsed_addr_free(&r->pa);
		return -1;
	}
	len = *end != NULL && *end > p ? (size_t)(*end - p) : strlen(p);
	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	r->paddr = sm_strndup(p, len);
	if ((why = refused_mailer(&r->pa)) != NULL) {
		fprintf(s->ae.out, "%s... %s\n", r->paddr, why);
		addr_exitstat(&s->status, EX_USAGE);
		if (strcmp(r->pa.mailer_name, "*file*") == 0)
			s->nfiles++;
		r->why = why;
		parsed_addr_free(&r->pa);
		return 1;
	}
	return 0;
}

/* add_list - sendmail's sendtolist over text: parse every address, then
 * enter them last first; an address that does not parse is reported and
 * left out.  Returns how many addresses the list held. */
static size_t
add_list(struct sub *s, const char *text, int delim, bool from_hdr)
{
	struct sub_list tmp = { NULL, 0, 0 };
	struct sub_rcpt r;
	const char *p = text, *end;
	size_t n = 0, nref = 0, errlen = 0;
	char *errs = NULL;
	FILE *ef = open_memstream(&errs, &errlen);

	s->ae.out = ef != NULL ? ef : stdout;

	while (*p != '\0') {
		while (isspace((unsigned char)*p) || *p == ',')
			p++;
		if (*p == '\0')
			break;
		end = NULL;
		n++;
		switch (parse_one(s, p, delim, &r, &end)) {
		case 1:
			nref++;
			/* FALLTHROUGH */
		case 0:
			list_push(&tmp, &r);
			break;
		default:
			break;
		}
		if (end == NULL || *end == '\0')
			break;
		p = end > p ? end : p + 1;
	}
	if (ef != NULL) {
		fclose(ef);
		note_errors(s, errs, errlen, from_hdr);
		free(errs);
	}
	s->ae.out = stdout;
	if (tmp.n - nref < n && !from_hdr)
		s->arg_error = true;
	while (tmp.n > 0) {
		r = tmp.v[--tmp.n];
		r.from_hdr = from_hdr;
		r.seq = s->seq++;
		if (r.why == NULL) {
			list_push(&s->raw, &r);
			continue;
		}
		if (!from_hdr && loglevel(s) >= 4)	/* refused: measured */
			log_later(s, r.seq, LOG_NOTICE, "%s... %s", r.paddr, r.why);
		free(r.paddr);
	}
	free(tmp.v);
	return n;
}

/* add_args - the recipient arguments; blanks separate addresses until an
 * argument holds a comma, semicolon, '<' or '(' (sendmail's old style) */
static void
add_args(struct sub *s)
{
	bool oldstyle = true;
	int i;

	for (i = 0; i < s->a->nargs; i++) {
		if (strpbrk(s->a->args[i], ",;<(") != NULL)
			oldstyle = false;
		s->nargs_addrs += add_list(s, s->a->args[i], oldstyle ? ' ' : ',', false);
	}
}

/* add_header_rcpts - -t: To, Cc and Bcc, or their Resent- forms when the
 * message is a resent one (headers_is_resent) */
static void
add_header_rcpts(struct sub *s)
{
	static const char *const plain[] = { "To", "Cc", "Bcc" };
	static const char *const resent[] = { "Resent-To", "Resent-Cc", "Resent-Bcc" };
	const char *const *names = plain;
	size_t i, k;

	for (i = 0; i < s->e->nhdrs; i++)
		if (headers_is_resent(s->e->hdrs[i].name))
			names = resent;
	for (i = 0; i < s->e->nhdrs; i++)
		for (k = 0; k < 3; k++)
			if (strcasecmp(s->e->hdrs[i].name, names[k]) == 0)
				(void)add_list(s, s->e->hdrs[i].value, ',', true);
}

/* same_addr - sendmail's sameaddr: same mailer, host and user */
static bool
same_addr(const struct parsed_addr *a, const struct parsed_addr *b)
{
	const char *ha = a->host != NULL ? a->host : "", *hb = b->host != NULL ? b->host : "";

	return strcmp(a->mailer_name, b->mailer_name) == 0 && strcasecmp(ha, hb) == 0 &&
	    rcpt_same_user(a->mailer, a->user, b->user);
}

/* strip_group - blanks, a group's "name:" and its ';' off the address */
static void
strip_group(struct sm_buf *out)
{
	struct phrase_scan st = { false, false, 0 };
	char *t = sm_strdup(out->data), *p, *start = t;
	size_t n;

	for (p = t; *p != '\0'; p++)
		if (phrase_scan_outside(&st, *p) && *p == ':') {
			start = p + 1;
			break;
		}
	start = sm_trim(start);
	n = strlen(start);
	while (n > 0 && (start[n - 1] == ';' || isspace((unsigned char)start[n - 1])))
		n--;
	sm_buf_reset(out);
	(void)sm_buf_append(out, start, n);
	free(t);
}

/* bare_addr - the address proper of paddr (inside "<>", comments out) */
static void
bare_addr(const char *paddr, struct sm_buf *out)
{
	struct phrase_scan st = { false, false, 0 };
	const char *p, *lt = NULL, *gt = NULL;

	for (p = paddr; *p != '\0'; p++) {
		bool plain = phrase_scan_outside(&st, *p);

		if (plain && *p == '<')
			lt = p;
		else if (plain && *p == '>' && lt != NULL && gt == NULL)
			gt = p;
	}
	if (lt != NULL && gt != NULL && gt > lt) {
		(void)sm_buf_append(out, lt + 1, (size_t)(gt - lt - 1));
		return;
	}
	memset(&st, 0, sizeof(st));
	for (p = paddr; *p != '\0'; p++) {
		int depth = st.comment;

		(void)phrase_scan_outside(&st, *p);
		if (depth == 0 && st.comment == 0 && *p != ')')
			(void)sm_buf_putc(out, *p);
	}
	if (out->len > 0)
		strip_group(out);
}

/* final_rcpt - the r line of a recipient (rcpt_final, sender.c); an
 * unqualified one of a mailer without F=u in lower case (measured:
 * "ROOT" is "RFC822; root@$j") */
static char *
final_rcpt(struct sub *s, const struct sub_rcpt *sr)
{
	struct sm_buf a = SM_BUF_INIT(SUB_ADDRMAX);
	char *r;

	bare_addr(sr->paddr, &a);
	if (a.data != NULL && strchr(a.data, '@') == NULL && sr->pa.mailer != NULL &&
	    !mailer_has_flag(sr->pa.mailer, 'u'))
		sm_lower(a.data);
	r = rcpt_final(sm_buf_str(&a), sr->pa.user, macro_get_name(&s->cfg->mac, "j"));
	sm_buf_free(&a);
	return r;
}

/* user_known - a mailer with F=w needs the user in passwd (or, with
 * F=A and without -n, in the aliases) */
static bool
user_known(struct sub *s, const struct parsed_addr *pa)
{
	struct sm_buf v = SM_BUF_INIT(64 * 1024);
	char lower[256];
	int r;

	if (!mailer_has_flag(pa->mailer, 'w') || pa->user == NULL)
		return true;
	if (pa->user[0] == '|' || pa->user[0] == '/' || pa->user[0] == '\\')
		return true;
	if (getpwnam(pa->user) != NULL)
		return true;
	if (sm_strlcpy(lower, pa->user, sizeof(lower)) >= sizeof(lower))
		return false;
	sm_lower(lower);
	if (getpwnam(lower) != NULL)
		return true;
	if (!mailer_has_flag(pa->mailer, 'A') || s->a->no_alias)
		return false;
	if (s->aliases == NULL)
		s->aliases = alias_open(s->cfg);
	r = alias_lookup(s->aliases, lower, &v);
	sm_buf_free(&v);
	return r == 0;
}

/* enter_rcpt - one recipient into the envelope; a local user who does
 * not exist is reported and marked failed (5.1.1) */
static void
enter_rcpt(struct sub *s, const struct sub_rcpt *sr)
{
	unsigned flags = RCPT_PRIMARY | (s->a->notify != 0 ? s->a->notify :
	    RCPT_NOTIFY_FAILURE | RCPT_NOTIFY_DELAY);
	struct rcpt *r = env_add_rcpt(s->e, sr->paddr, flags);

	s->rcpt_hdr = sm_reallocarray(s->rcpt_hdr, s->e->nrcpts, sizeof(*s->rcpt_hdr));
	s->rcpt_hdr[s->e->nrcpts - 1] = sr->from_hdr;
	s->rcpt_seq = sm_reallocarray(s->rcpt_seq, s->e->nrcpts, sizeof(*s->rcpt_seq));
	s->rcpt_seq[s->e->nrcpts - 1] = sr->seq;
	s->nrcpt_hdr = s->e->nrcpts;
	r->final_rcpt = final_rcpt(s, sr);
	r->mailer = sm_strdup(sr->pa.mailer_name);
	r->host = sr->pa.host != NULL ? sm_strdup(sr->pa.host) : NULL;
	r->user = sr->pa.user != NULL ? sm_strdup(sr->pa.user) : NULL;
	if (user_known(s, &sr->pa))
		return;
	/* measured: a header recipient is reported whatever ErrorMode says,
	 * and the envelope then loses its 's' flag */
	if (sr->from_hdr || print_errors(s))
		say("%s... User unknown", sr->paddr);
	log_failed(s, sr->seq, sr->from_hdr, sr->paddr, "", sr->pa.mailer_name, "5.1.1",
	    "User unknown");
	if (sr->from_hdr)
		s->hdr_error = true;
	else
		s->arg_error = true;
	r->state = RS_BOUNCED;
	env_set_str(&r->dsn_status, "5.1.1");
	env_set_str(&r->message, "User unknown");
	r->status_time = time(NULL);
	env_set_str(&s->e->message, "User unknown");
	addr_exitstat(&s->status, EX_NOUSER);
}

/* enter_rcpts - the recipients into the envelope: duplicates out, in
 * the queue's order (rcpt_host_order); returns how many are still to be
 * delivered */
static size_t
enter_rcpts(struct sub *s)
{
	struct sub_list *l = &s->raw;
	size_t i, k, live = 0;
	bool *dup = sm_calloc(l->n + 1, sizeof(*dup));
	const char **hosts = sm_calloc(l->n + 1, sizeof(*hosts));
	size_t *order = sm_calloc(l->n + 1, sizeof(*order));

	for (i = 0; i < l->n; i++) {
		hosts[i] = l->v[i].pa.host;
		for (k = 0; k < i && !dup[i]; k++)
			if (!dup[k] && same_addr(&l->v[k].pa, &l->v[i].pa))
				dup[i] = true;
	}
	rcpt_host_order(hosts, l->n, order);
	for (i = 0; i < l->n; i++) {
		if (dup[order[i]])
			continue;
		enter_rcpt(s, &l->v[order[i]]);
		if (s->e->rcpts[s->e->nrcpts - 1].state == RS_QUEUED)
			live++;
	}
	free(order);
	free(hosts);
	free(dup);
	return live;
}

/* ------------------------------------------- expansion in queue mode */

/* exp_log - the log lines of d, a delivery of recipient p that failed
 * in the expansion: ctladdr= the alias or file it came from (an
 * alias's ids are DefaultUser's uid and gid 0, a .forward's its
 * owner's, measured), mailer= p's */
static void
exp_log(struct sub *s, size_t p, const struct dest *d, bool hdr)
{
	const struct passwd *pw;
	char ctl[SUB_ADDRMAX];

	ctl[0] = '\0';
	if (d->from != NULL && d->has_ctl)
		(void)sm_snprintf(ctl, sizeof(ctl), ", ctladdr=%s (%u/%u)", d->from,
		    (unsigned)d->uid, d->ctl_name != NULL ? (unsigned)d->gid : 0U);
	else if (d->from != NULL && (pw = getpwnam(d->from)) != NULL)	/* .forward */
		(void)sm_snprintf(ctl, sizeof(ctl), ", ctladdr=%s (%u/%u)", d->from,
		    (unsigned)pw->pw_uid, (unsigned)pw->pw_gid);
	else if (d->from != NULL)
		(void)sm_snprintf(ctl, sizeof(ctl), ", ctladdr=%s (%u/0)", d->from,
		    (unsigned)s->cfg->opt.default_uid);
	log_failed(s, p < s->nrcpt_hdr ? s->rcpt_seq[p] : s->seq, hdr, d->addr, ctl,
	    s->e->rcpts[p].mailer, d->dsn, d->text);
}

/* exp_owner - the owner of the list d came through (its "owner-"
 * alias): the alias's value when it is one address, else its name;
 * NULL when there is none.  queue_commit gives each owner other than
 * the sender an envelope of its own, as sendmail 8.17 does (measured,
 * test/t/5202). */
static char *
exp_owner(struct sub *s, const struct dest *d)
{
	struct sm_buf v = SM_BUF_INIT(64 * 1024);
	char *owner = NULL;

	if (d->status == EX_OK && d->owner != NULL &&
	    alias_lookup(s->aliases, d->owner, &v) == 0)
		owner = sm_strdup(v.data != NULL && strchr(v.data, ',') == NULL &&
		    *sm_trim(v.data) != '\0' ? sm_trim(v.data) : d->owner);
	sm_buf_free(&v);
	return owner;
}

/* exp_add - the delivery d of recipient p as a recipient of its own
 * (appended): flags and r line from p, flag A when an alias listed it,
 * P when it is all p came to (sole: alias_dest_sole); a failure is
 * reported as an unknown user is and kept as bounced (counted in the
 * priority, as sendmail counts it) */
static void
exp_add(struct sub *s, size_t p, const struct dest *d, bool sole)
{
	const unsigned keep = RCPT_HASNOTIFY | RCPT_NOTIFY_SUCCESS |
	    RCPT_NOTIFY_FAILURE | RCPT_NOTIFY_DELAY | RCPT_INTBCC;
	unsigned flags = (s->e->rcpts[p].flags & keep) |
	    (d->via_alias ? RCPT_ALIAS : 0) | (sole ? RCPT_PRIMARY : 0);
	char *final = sm_strdup(s->e->rcpts[p].final_rcpt);
	struct rcpt *r = env_add_rcpt(s->e, d->addr, flags);
	bool hdr;

	r->final_rcpt = final;
	r->ctl = d->qf_ctl != NULL ? sm_strdup(d->qf_ctl) : NULL;
	r->owner = exp_owner(s, d);
	if (d->status == EX_OK) {
		r->mailer = sm_strdup(d->m->name);
		r->host = d->host != NULL ? sm_strdup(d->host) : NULL;
		r->user = sm_strdup(d->user);
		return;
	}
	hdr = p < s->nrcpt_hdr && s->rcpt_hdr[p];
	if (hdr || print_errors(s))
		say("%s... %s", d->addr, d->text);	/* as enter_rcpt */
	exp_log(s, p, d, hdr);
	if (hdr)
		s->hdr_error = true;
	else
		s->arg_error = true;
	r->state = RS_BOUNCED;
	env_set_str(&r->dsn_status, d->dsn);
	env_set_str(&r->message, d->text);
	r->status_time = time(NULL);
	env_set_str(&s->e->message, d->text);
	addr_exitstat(&s->status, d->status);
	/* the bounce's "(expanded from: ALIAS)" */
	(void)env_add_fail(s->e, s->e->nrcpts - 1, d->addr, d->from, d->addr,
	    d->dsn, d->text);
}

/* exp_count - how many deliveries of recipient p dl holds (*n); false
 * when p stays as it is (not expanded, or to be retried) */
static bool
exp_count(size_t p, const struct dest_list *dl, int status, size_t *n)
{
	const struct dest *only = NULL;
	size_t i;

	*n = 0;
	for (i = 0; i < dl->n; i++)
		if (dl->v[i].parent == p) {
			(*n)++;
			only = &dl->v[i];
		}
	return !(status == EX_TEMPFAIL ||
	    (*n == 1 && only->status == EX_OK && only->from == NULL));
}

/* exp_one - recipient p's deliveries in dl appended as recipients;
 * false when p stays as it is (not expanded, or to be retried) */
static bool
exp_one(struct sub *s, size_t p, const struct dest_list *dl, int status)
{
	size_t i, n;

	if (!exp_count(p, dl, status, &n))
		return false;	/* as it is */
	for (i = 0; i < dl->n; i++)
		if (dl->v[i].parent == p)
			exp_add(s, p, &dl->v[i], alias_dest_sole(dl, &dl->v[i]));
	return true;
}

/* exp_reorder - e's recipients in order (a permutation of them all),
 * the failures recorded for them following */
static void
exp_reorder(struct envelope *e, const size_t *order)
{
	struct rcpt *v = sm_calloc(e->nrcpts + 1, sizeof(*v));
	size_t *inv = sm_calloc(e->nrcpts + 1, sizeof(*inv));
	size_t i;

	for (i = 0; i < e->nrcpts; i++) {
		v[i] = e->rcpts[order[i]];
		inv[order[i]] = i;
	}
	memcpy(e->rcpts, v, e->nrcpts * sizeof(*v));
	for (i = 0; i < e->nfails; i++)
		if (e->fails[i].rcpt < e->nrcpts)
			e->fails[i].rcpt = inv[e->fails[i].rcpt];
	free(inv);
	free(v);
}

/* expand_rcpts - DeliveryMode queue or defer: each recipient replaced
 * by what its aliases, :include:s and .forward come to, in its place,
 * written so into the qf (alias.c: which, with what C line), as
 * sendmail 8.17 does at submission (measured; SMTP does not: its qf
 * keeps the recipients as given); returns how many are still to be
 * delivered */
static size_t
expand_rcpts(struct sub *s)
{
	struct envelope *e = s->e;
	struct dest_list dl = { 0 };
	size_t n0 = e->nrcpts, i, k, nout = 0, ndrop = 0, live = 0, end;
	size_t *order, *first, *count;
	int *status = sm_calloc(n0 + 1, sizeof(*status));

	if (s->aliases == NULL)
		s->aliases = alias_open(s->cfg);
	for (i = 0; i < n0; i++)
		if (e->rcpts[i].state == RS_QUEUED)
			status[i] = alias_expand(s->cfg, s->aliases, e->rcpts[i].addr, i,
			    NULL, false, &dl);
	first = sm_calloc(n0 + 1, sizeof(*first));
	count = sm_calloc(n0 + 1, sizeof(*count));
	for (i = 0; i < n0; i++) {
		first[i] = e->nrcpts;
		if (e->rcpts[i].state == RS_QUEUED && exp_one(s, i, &dl, status[i]))
			count[i] = e->nrcpts - first[i];
		else
			first[i] = (size_t)-1;
	}
	order = sm_calloc(e->nrcpts + 1, sizeof(*order));
	end = e->nrcpts;
	for (i = 0; i < n0; i++) {
		if (first[i] == (size_t)-1) {
			order[nout++] = i;
			continue;
		}
		for (k = 0; k < count[i]; k++)
			order[nout++] = first[i] + k;
		order[end - ++ndrop] = i;	/* expanded: dropped below */
	}
	exp_reorder(e, order);
	while (ndrop-- > 0)
		env_remove_rcpt(e, e->nrcpts - 1);
	for (i = 0; i < e->nrcpts; i++)
		live += e->rcpts[i].state == RS_QUEUED;
	free(order);
	free(first);
	free(count);
	free(status);
	dest_list_free(&dl);
	return live;
}

/* expansion_extra - DeliveryMode interactive and background (and -v)
 * expand at delivery: how many recipients their expansion adds (or
 * takes away, duplicates), which the real one, expanding at submission
 * in every mode, counts in the priority and nrcpts= (measured: "p75
 * three" is P90017); the envelope is left as it is */
static long
expansion_extra(struct sub *s)
{
	struct envelope *e = s->e;
	struct dest_list dl = { 0 };
	size_t i, n, n0 = e->nrcpts;
	int *status = sm_calloc(n0 + 1, sizeof(*status));
	long extra = 0;

	if (s->aliases == NULL)
		s->aliases = alias_open(s->cfg);
	for (i = 0; i < n0; i++)
		if (e->rcpts[i].state == RS_QUEUED)
			status[i] = alias_expand(s->cfg, s->aliases, e->rcpts[i].addr, i,
			    NULL, false, &dl);
	for (i = 0; i < n0; i++)
		if (e->rcpts[i].state == RS_QUEUED && exp_count(i, &dl, status[i], &n))
			extra += (long)n - 1;
	free(status);
	dest_list_free(&dl);
	return extra;
}

/* ---------------------------------------------------------- the header */

/* drop_rcpts - forget e's recipients */
static void
drop_rcpts(struct envelope *e)
{
	while (e->nrcpts > 0)
		env_remove_rcpt(e, e->nrcpts - 1);
}

/* delete_bcc - sendmail's 'b' flag: the header has To, Cc or Apparently-To */
static bool
delete_bcc(const struct envelope *e)
{
	return env_header(e, "To") != NULL || env_header(e, "Cc") != NULL ||
	    env_header(e, "Apparently-To") != NULL;
}

/* no_rcpt_headers - NoRecipientAction when the header names nobody (no
 * To, Cc, Bcc or Apparently-To): add-to and add-apparently-to add one
 * header per recipient, last first, as sendmail does */
static void
no_rcpt_headers(struct sub *s)
{
	struct envelope *e = s->e;
	const char *name = "To";
	struct sm_buf b = SM_BUF_INIT(SUB_ADDRMAX + 2);
	size_t i;

	if (delete_bcc(e) || env_header(e, "Bcc") != NULL)
		return;
	switch (s->cfg->opt.no_rcpt_action) {
	case NRA_ADD_BCC:
		(void)env_add_header(e, "Bcc", "  ", "");
		return;
	case NRA_ADD_TO_UNDISCLOSED:
		(void)env_add_header(e, "To", " undisclosed-recipients:;", "");
		return;
	case NRA_ADD_APPARENTLY_TO:
		name = "Apparently-To";
		break;
	case NRA_ADD_TO:
		break;
	default:
		return;
	}
	for (i = e->nrcpts; i > 0; i--) {
		sm_buf_reset(&b);
		(void)sm_buf_printf(&b, " %s", e->rcpts[i - 1].addr);
		(void)env_add_header(e, name, sm_buf_str(&b), "");
	}
	sm_buf_free(&b);
}

/* complete_header - the cf's headers; $u is the one argument address
 * when exactly one was given (sendmail's view when it writes Received) */
static void
complete_header(struct sub *s)
{
	bool had_from = env_header(s->e, "From") != NULL;

	if (s->nargs_addrs == 1 && s->raw.n > 0 && !s->raw.v[0].from_hdr)
		(void)env_add_rcpt(s->e, s->raw.v[0].paddr, 0);
	headers_complete(s->cfg, s->e, s->g);
	drop_rcpts(s->e);
	if (!had_from)
		sender_fix_from(s->e, macro_get_name(&s->e->mac, "x"), s->g);
}

/* --------------------------------------------------------- the message */

/* body_type_ok - check -B before reading: 7BIT strips the high bit */
static bool
body_type_ok(struct sub *s, bool *seven)
{
	const char *bt = s->a->body_type;

	*seven = s->cfg->opt.seven_bit_input;
	if (bt == NULL)
		return true;
	if (strcasecmp(bt, "7BIT") == 0) {
		*seven = true;
		return true;
	}
	if (strcasecmp(bt, "8BITMIME") == 0)
		return true;
	say("Illegal body type %s", bt);
	s->status = EX_USAGE;
	return false;
}

/* set_flags - F line, B line, size and priority after the text; a
 * negative Precedence class returns only the header in a bounce ('n') */
static void
set_flags(struct sub *s, const struct stdin_result *res, bool bt_ok)
{
	struct envelope *e = s->e;
	const char *bt = s->a->body_type;

	e->flags |= ENV_SPLIT;
	e->msg_class = dsn_precedence_class(s->cfg, s->e);
	if (e->msg_class < 0)
		e->flags |= ENV_NO_BODY_RETN;
	if (res->has8bit)
		e->flags |= ENV_HAS8BIT;
	if (delete_bcc(e))
		e->flags |= ENV_DELETE_BCC;
	if (s->a->ret != SUBMIT_RET_NONE)
		e->flags |= ENV_RET_PARAM;
	if (s->a->ret == SUBMIT_RET_HDRS)
		e->flags |= ENV_NO_BODY_RETN;
	if (bt != NULL && bt_ok)
		env_set_str(&e->body_type, strcasecmp(bt, "8BITMIME") == 0 && !res->has8bit ?
		    "7BIT" : bt);
	if (s->a->envid != NULL)
		env_set_str(&e->envid, s->a->envid);
	e->msg_size = res->size;
}

/* set_priority - e's P line: the refused files and the expansion at
 * delivery count as recipients, as the real one counts them */
static void
set_priority(struct sub *s)
{
	s->e->priority = queue_priority(s->cfg, s->e) +
	    ((long)s->nfiles + s->extra) * s->cfg->opt.recipient_factor;
}

/* bounce - report the failed recipients as ErrorMode says; q: not at all */
static void
bounce(struct sub *s)
{
	if (s->cfg->opt.error_mode == 'q' && !background(s))
		return;
	fflush(stdout);
	(void)dsn_bounce(s->cfg, s->e);
}

/* too_big - the text passed MaxMessageSize: say so, log it (from=,
 * "message size (N) exceeds maximum (M)" at LogLevel 7, a to= line per
 * recipient at 9, as measured), bounce it */
static int
too_big(struct sub *s, bool bt_ok)
{
	size_t i;
	char msg[128];

	(void)sm_snprintf(msg, sizeof(msg), "Message exceeds maximum fixed size (%ld)",
	    s->cfg->opt.max_message_size);
	set_priority(s);
	log_from(s, bt_ok);
	if (loglevel(s) >= 7)
		sm_log(LOG_NOTICE, "%s: message size (%ld) exceeds maximum (%ld)", log_id(s),
		    s->e->msg_size, s->cfg->opt.max_message_size);
	log_rcpts(s, false, msg);
	say("%s", msg);
	if (s->cfg->opt.error_mode != 'q')
		say("Operating system error");	/* sic: the real one says it too */
	for (i = 0; i < s->e->nrcpts; i++) {
		struct rcpt *r = &s->e->rcpts[i];

		if (r->state != RS_QUEUED)
			continue;
		r->state = RS_BOUNCED;
		env_set_str(&r->dsn_status, "5.2.3");
		env_set_str(&r->message, msg);
		r->status_time = time(NULL);
	}
	bounce(s);
	queue_abort(s->e);
	return s->status;
}

/* mail_errors - whether ErrorMode returns errors by mail (m, w, e; any
 * in background) */
static bool
mail_errors(const struct sub *s)
{
	return s->cfg->opt.error_mode == 'm' || s->cfg->opt.error_mode == 'w' ||
	    s->cfg->opt.error_mode == 'e' || background(s);
}

/* quiet_failures - the failed recipients want no bounce (their error
 * was printed): NOTIFY without FAILURE, as the delivery attempt reads it */
static void
quiet_failures(struct sub *s)
{
	size_t i;

	for (i = 0; i < s->e->nrcpts; i++) {
		struct rcpt *r = &s->e->rcpts[i];

		if (r->state == RS_BOUNCED)
			r->flags = (r->flags | RCPT_HASNOTIFY) & ~RCPT_NOTIFY_FAILURE;
	}
}

static void dead_letter(struct sub *s);

/* commit - queue the message, log it, bounce what failed, deliver */
static int
commit(struct sub *s, int dfd, bool bt_ok)
{
	struct sm_buf err = SM_BUF_INIT(4096);
	size_t i;
	bool failed = false;
	char mode;

	set_priority(s);
	if (queue_commit(s->cfg, s->e, dfd, &err) < 0) {
		say("queue_commit: %s", sm_buf_str(&err));
		sm_buf_free(&err);
		return EX_CANTCREAT;
	}
	sm_buf_free(&err);
	if (s->a->verbose) {
		s->cfg->opt.delivery_mode = 'i';	/* measured: even after -odq */
		tr_stdout();
	}
	mode = s->cfg->opt.delivery_mode;
	log_from(s, bt_ok);
	if ((mode == 'q' || mode == 'd') && !s->hdr_error)	/* measured */
		log_rcpts(s, true, "queued");
	for (i = 0; i < s->e->nrcpts; i++)
		failed |= s->e->rcpts[i].state == RS_BOUNCED;
	if (failed && !mail_errors(s) && !s->hdr_error)
		quiet_failures(s);	/* reported on stdout already */
	else if (failed && (mode == 'q' || mode == 'd'))
		bounce(s);		/* else the delivery attempt bounces them */
	fflush(stdout);
	tr_cmdline(mode == 'i', s->cfg->opt.error_mode);	/* dsn.c: -oeq, -oep */
	if (mode == 'i' && s->cfg->opt.error_mode == 'p' && s->e->df_path != NULL)
		s->dfp = fopen(s->e->df_path, "r");	/* gone after the delivery */
	if (deliver_after_commit(s->cfg, s->e) < 0)
		say("%s: cannot fork to deliver: %s", s->e->id, strerror(errno));
	addr_exitstat(&s->status, tr_exit_status());	/* an interactive delivery's */
	if (s->dfp != NULL && tr_exit_status() != EX_OK && !s->arg_error) {
		s->arg_error = true;	/* -oep: no bounce, saved (measured) */
		dead_letter(s);
	}
	if (s->dfp != NULL)
		(void)fclose(s->dfp);
	return s->cfg->opt.error_mode == 'e' ? EX_OK : s->status;	/* measured */
}

/* read_text - the df and the header from stdin; -1 when it failed */
static int
read_text(struct sub *s, int *dfdp, struct stdin_result *res, bool *bt_ok)
{
	struct sm_buf err = SM_BUF_INIT(4096);
	struct stdin_opts o = { s->cfg->opt.ignore_dots, false, s->cfg->opt.max_message_size };
	int dfd;

	*bt_ok = body_type_ok(s, &o.seven_bit);
	if ((dfd = queue_df_open(s->cfg, s->e, &err)) < 0) {
		say("%s", sm_buf_str(&err));
		sm_buf_free(&err);
		return -1;
	}
	sm_buf_free(&err);
	if (collect_stdin(STDIN_FILENO, s->e, dfd, &o, res) < 0) {
		close(dfd);
		queue_abort(s->e);
		say("collect: I/O error on connection from %s", s->login);
		return -1;
	}
	*dfdp = dfd;
	return 0;
}

/* dead_letter_write - the message as the *file* mailer writes it, and
 * a blank line, appended to path; 0 or -1 */
static int
dead_letter_write(struct sub *s, const char *path)
{
	struct mr_target t;
	struct mr_job job;
	int fd, r = 0;

	memset(&job, 0, sizeof(job));
	memset(&t, 0, sizeof(t));
	t.user = path;
	job.cfg = s->cfg;
	job.env = s->e;
	job.m = mailer_find(s->cfg, "*file*");
	job.sender = s->g[0] != '\0' ? s->g : "MAILER-DAEMON";
	job.dfp = s->dfp;
	job.t = &t;
	job.nt = 1;
	if (job.m == NULL)
		return -1;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -1;
	if (mr_write_message(&job, fd) < 0 || write(fd, "\n", 1) != 1 || fsync(fd) < 0)
		r = -1;
	if (close(fd) < 0)
		r = -1;
	return r;
}

/* dead_letter - ErrorMode=p and a recipient of the arguments failed:
 * a copy into the invoking user's ~/dead.letter (the passwd home, not
 * $HOME), as sendmail saves it */
static void
dead_letter(struct sub *s)
{
	const struct passwd *pw;
	char path[PATH_MAX];

	if (s->cfg->opt.error_mode != 'p' || !s->arg_error || s->hdr_error ||
	    background(s))
		return;
	if ((pw = getpwuid(getuid())) == NULL || pw->pw_dir == NULL ||
	    sm_snprintf(path, sizeof(path), "%s/dead.letter", pw->pw_dir) >= (int)sizeof(path))
		return;
	fflush(stdout);
	if (dead_letter_write(s, path) == 0)
		say("%s... Saved message in %s", path, path);
}

/* deliver_message - after the text: recipients, header, queue */
static int
deliver_message(struct sub *s, int dfd, const struct stdin_result *res, bool bt_ok)
{
	size_t live;

	if (s->a->from_headers)
		add_header_rcpts(s);
	set_flags(s, res, bt_ok);
	if (s->raw.n == 0) {
		complete_header(s);	/* its msgid, for the log */
		log_from(s, bt_ok);
		close(dfd);
		queue_abort(s->e);
		if (s->a->from_headers)
			say("No recipient addresses found in header");
		return s->status;
	}
	complete_header(s);
	live = enter_rcpts(s);
	no_rcpt_headers(s);
	if ((s->cfg->opt.delivery_mode == 'q' || s->cfg->opt.delivery_mode == 'd') &&
	    !s->a->verbose && live > 0)
		live = expand_rcpts(s);
	else if (live > 0)
		s->extra = expansion_extra(s);
	if (s->hdr_error)
		s->e->flags &= ~ENV_SPLIT;
	if (res->too_big) {
		close(dfd);
		return too_big(s, bt_ok);
	}
	dead_letter(s);
	if (live == 0) {
		log_from(s, bt_ok);
		close(dfd);
		if (mail_errors(s))
			bounce(s);
		queue_abort(s->e);
		return s->status;
	}
	return commit(s, dfd, bt_ok);
}

/* submit_run - see submit.h */
int
submit_run(struct config *cfg, const struct submit_args *a)
{
	struct sub s;
	struct stdin_result res;
	bool bt_ok;
	int dfd, r;

	if (a->nargs == 0 && !a->from_headers) {
		say("Recipient names must be specified");
		return EX_USAGE;
	}
	memset(&s, 0, sizeof(s));
	cfg->opt.no_alias = a->no_alias;	/* for the delivery that follows */
	s.cfg = cfg;
	s.a = a;
	s.status = EX_OK;
	s.seq = 1;		/* 0: what is logged before the addresses */
	s.e = env_new(&cfg->mac);
	s.ae = (struct addr_env){ .cfg = cfg, .mac = &s.e->mac, .out = stdout,
		.exitstat = &s.status };
	setup_sender(&s);
	log_connect(&s);
	add_args(&s);
	auth_warnings(&s);
	if (read_text(&s, &dfd, &res, &bt_ok) < 0)
		r = EX_IOERR;
	else
		r = deliver_message(&s, dfd, &res, bt_ok);
	fflush(stdout);
	log_flush(&s);		/* what is left when the text was not read */
	list_free(&s.raw);
	free(s.rcpt_seq);
	if (s.aliases != NULL)
		alias_close(s.aliases);
	free(s.g);
	free(s.x);
	free(s.rcpt_hdr);
	env_free(s.e);
	return r;
}
