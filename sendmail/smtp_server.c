/*
 * smtp_server.c - the server side of SMTP: one session, sendmail's replies.
 *
 * Owns the session state machine (greeting, HELO/EHLO, MAIL, RCPT, DATA,
 * RSET, NOOP, QUIT, VRFY, EXPN, HELP, ETRN, VERB), the EHLO keywords in
 * sendmail 8.17's order, the ESMTP parameters of MAIL (SIZE, BODY, RET,
 * ENVID) and RCPT (NOTIFY, ORCPT), the check_* rulesets and the limits
 * (MaxMessageSize, MaxRecipientsPerMessage, BadRcptThrottle, PrivacyOptions,
 * command line length, bad command count, timeouts).  Verbs are a table:
 * name, what is allowed when (flags), and one function that checks and
 * then acts.  The reply texts and codes are sendmail 8.17.1.9's, measured
 * against the real one in -bs mode (test/t/4*.t).
 *
 * Pipelining follows sendmail's synchronisation rules: input behind
 * HELO/EHLO is a protocol error ("554 5.5.0 SMTP protocol error", after
 * which every command but NOOP, RSET and QUIT is "550 5.0.0 Command
 * rejected"); input behind DATA ends the session after the 554.  Input
 * sent before the greeting is no error by itself ("NOOP" or "QUIT" so
 * sent are answered as usual, as the real one answers them in -bs).
 * Replies are buffered and flushed whenever the server would wait for
 * input.
 *
 * A 250 after the message text means: df and qf fsync'd (queue_commit).
 * The syslog lines of a session (from=, check_* rejections, lost input
 * channel, ...) are smtp_log.c's, called through one-line hooks; the
 * queue id is given at MAIL, as sendmail gives it, so they carry it.
 * A full queue file system is answered as sendmail 8.17 answers it
 * (test/t/5101): MAIL, and the end of the text, get "452 4.4.5
 * Insufficient disk space; try again later" when MinFreeBlocks plus the
 * message's blocks are not free; a df write failing with ENOSPC or
 * EDQUOT gets the same 452 for a body sendmail would still hold in memory
 * (DataFileBufferSize), else "421 4.3.1 Out of disk space for temp file"
 * and the end of the session; a qf that cannot be written for want of
 * space gets "452 4.3.1 Insufficient system storage" (sendmail ends the
 * session without a reply there).  The free space is measured once per
 * -bs session, at its first check (MAIL, or the end of the first text
 * when MinFreeBlocks is 0), and not again, as the real -bs measures it
 * (strace: one statfs at the first MAIL, none at later MAILs, texts or
 * minutes later): a queue filled later passes MAIL and fails at the
 * text with the 421, one freed later is still refused.  The daemon
 * measures in its parent instead (smtp_space_measure, daemon.c: at its
 * start, then every 5 minutes), and its sessions go by that; one that
 * found less than MinFreeBlocks free makes them answer every command
 * but HELO, EHLO, NOOP, RSET, QUIT and ETRN with the 452 (VF_SPACE), as
 * the real daemon's do (measured: MAIL, RCPT, DATA, VRFY, EXPN, HELP,
 * VERB, SEND, SAML, SOML, TURN; STARTTLS and AUTH too, which we do not
 * know).
 *
 * Measured details kept: -bs runs no check_relay and sets ${client_addr}
 * and ${client_port} to "0"; $s and $r reach the rulesets from MAIL on;
 * the {rcpt_*} macros are cleared after each RCPT; a duplicate recipient
 * is answered with the first one's address and counted, but kept once;
 * the exit status is sendmail's ExitStat (first $#error with a DSN or no
 * $@, not a "User unknown" RCPT; VRFY, EXPN and ETRN reset it); an $#error text
 * "550 5.7.1 text" is answered "550 5.7.1 <addr>... text"; a client
 * refused by check_relay still gets HELO and EHLO answered (EHLO with
 * ENHANCEDSTATUSCODES only), every other command the refusal; $_ of a
 * client without a name is "[addr]"; a network client that sends MAIL
 * without HELO gets $s = its name, $r = SMTP and (PrivacyOptions
 * authwarnings) an "X-Authentication-Warning: $j: $_ didn't use HELO
 * protocol" header.  After the 250,
 * deliver_after_commit (deliver.h) applies DeliveryMode.  After the
 * text, $g (the sender through rulesets 3 and 4, empty for <>, so that
 * the null sender's message gets no From:), $x (a local sender's passwd
 * name: "From: root <root@$j>", "Full-Name: root") and the recipients'
 * order in the qf (by host, local ones first) are sender.c's, shared
 * with command-line submission; a recipient with a host has the r line
 * "RFC822; " and its canonical user@host (rcpt_final), and duplicates
 * keep the user's case apart for a mailer with F=u (rcpt_same_user).
 *
 * EXPN lists what an address expands to (smtp_vrfy.c); VRFY does not
 * expand: an alias is "<name@$j>", a user "Full Name <user@$j>", another
 * host's address 252.  ETRN ("node", "@domain", "#group") answers as
 * sendmail does and starts a queue run in the background limited as
 * sendmail's is (-qR@node, -qRdomain; -qGgroup for a queue group of the
 * cf, mqueue or a Q line's, test/t/4011, test/t/5200).  ${deliveryMode} is the DeliveryMode letter from the
 * greeting on (not for 'd', see set_delivery_mode); $i is a queue id
 * from the greeting on too, a new one at each RSET and after each
 * transaction (session_id), the one MAIL's envelope takes.
 *
 * Missing: STARTTLS, AUTH, milters, BDAT, DELIVERBY's BY= semantics (the
 * parameter is checked and kept), the Received header's TLS and AUTH parts stay empty.
 *
 * VERB (measured against the real one, test/t/6201): each RCPT is then
 * expanded at once and its aliases shown as "050 <list>... aliased to
 * ..." before its 250 (verbose_expand); each message is delivered in
 * this process before the 250 to its text, whatever DeliveryMode says
 * (-odq too), its transcript (transcript.c) as "050 " lines
 * (verbose_deliver).  A delivery in this process (VERB, -odi) that
 * fails for good sets the session's exit status (69, 67).
 * A VRFY answered 250 or 252, and each member an EXPN meets (those it
 * lists, or those met before its first failure), count as one more
 * recipient of the session's next (or current) transaction, as the
 * real one counts them (measured: its from= nrcpts= and qf P line grow
 * so, before MAIL or inside the transaction; RSET, HELO and the end of
 * a transaction forget them; a 550 or 501 is not counted):
 * smtp_log_probe, smtp_log_priority.
 *
 * A client repeating VRFY/EXPN (counted together), NOOP, ETRN or
 * HELO/EHLO (counted together) is slowed as sendmail 8.17 slows it
 * (measured, test/t/4012): the 6th VRFY/EXPN, the 20th NOOP, the 8th
 * ETRN and the 3rd HELO/EHLO wait 1 s before their reply, each next one
 * twice as long; at that first one "possible SMTP attack: command=X,
 * count=N" is logged (smtp_log_attack), before the command's own line.
 * A HELO/EHLO after the first takes a new queue id, as RSET does.
 *
 * Source routes are kept as given: "<@relay:x@mx>" is answered and
 * queued (S and R lines) so, and a local one's r line is "@relay:x".
 * A DATA answered 503 (no MAIL, no RCPT) is answered before any
 * pipelining check, so a text sent with it gets a 500 per line, as
 * sendmail's; only a DATA that would be accepted is a protocol error
 * when input follows it.
 *
 * Replies go out with the 8th bit of every byte cleared, as sendmail's
 * ("MAIL FROM:<a\303\277@b>" is answered "<aC?@b>... Sender ok"); the
 * envelope keeps the bytes as given.
 */
#include "sm.h"
#include "smtp_server.h"
#include "collect.h"
#include "conf_read.h"
#include "envelope.h"
#include "headers.h"
#include "identity.h"
#include "macro.h"
#include "mailer.h"
#include "queue.h"
#include "queue_id.h"
#include "queue_run.h"
#include "addr_parse.h"
#include "sender.h"
#include "alias.h"
#include "rewrite.h"
#include "ruleset.h"
#include "smtp_log.h"
#include "smtp_vrfy.h"
#include "tokens.h"
#include "transcript.h"

#include <pwd.h>
#include <sys/statvfs.h>
#include <sys/wait.h>

#if __has_include("deliver.h")
#include "deliver.h"
#define SMTP_HAVE_DELIVER 1
#endif

#define SMTP_MAXLINE	2047		/* longest command line sendmail takes,
					 * with its CR but not its LF */
#define SMTP_MAXBADCMDS	25		/* sendmail's MAXBADCOMMANDS */
/* Slow-down counters (struct slow_rule) */
enum { SLOW_VRFY, SLOW_NOOP, SLOW_ETRN, SLOW_HELO, SLOW_N };
#define SMTP_OUTMAX	(1024 * 1024)
#define SMTP_MAXSHORT	203		/* sendmail's MAXSHORTSTR */
#define SMTP_ADDRMAX	4096

/* Session states, as bits for the verb table */
#define ST_HELO		0x01		/* HELO or EHLO seen */
#define ST_MAIL		0x02		/* MAIL accepted */

/* Verb flags */
#define VF_NOPIPE	0x01		/* input may not follow it (HELO, EHLO, DATA) */
#define VF_NULLOK	0x02		/* runs while commands are being rejected */
#define VF_SPACE	0x04		/* 452 while the daemon is short of space */

struct smtp_sess {
	struct config *cfg;
	const struct smtp_peer *peer;
	int out_fd;
	struct smtp_in in;
	struct sm_buf out;		/* replies not yet written */
	bool out_failed;
	struct macros smac;		/* session macros (over the config's) */
	struct envelope *env;		/* the message being received */
	const char *host;		/* $j */
	const char *client;		/* CurSmtpClient: $_ */
	unsigned state;			/* ST_* */
	bool esmtp;
	bool verbose;
	char *nullserver;		/* reject every command with this reply */
	bool relay_refused;		/* ... because check_relay refused the client:
					 * HELO/EHLO still answer (EHLO: ENHANCEDSTATUSCODES) */
	bool quit;
	int nbadcmds;
	int nslow[SLOW_N];		/* VRFY+EXPN, NOOP, ETRN, HELO+EHLO so far */
	int nrcpts;			/* accepted RCPTs of this message */
	int nbadrcpts;
	bool discard;			/* a check_* ruleset said $#discard */
	char *quarantine;		/* ... or $#error $@ quarantine */
	struct sm_buf err;		/* the reply a check wants to give */
	bool spaced;			/* blanks around the ':' of MAIL/RCPT */
	char *helo;			/* the HELO/EHLO argument ($s from MAIL on) */
	struct alias_db *aliases;	/* opened at the first local RCPT */
	const char *proto;		/* "SMTP" or "ESMTP" ($r from MAIL on) */
	int status;			/* exit status: sendmail's ExitStat */
	struct smtp_log log;		/* what the syslog lines need (smtp_log.h) */
};

/* ---------------------------------------------------------- replies */

/* out_flush - write the buffered replies */
static void
out_flush(struct smtp_sess *s)
{
	size_t off = 0;
	ssize_t w;

	while (off < s->out.len && !s->out_failed) {
		w = write(s->out_fd, s->out.data + off, s->out.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			s->out_failed = true;
		else
			off += (size_t)w;
	}
	sm_buf_reset(&s->out);
}

/* flush_cb - smtp_in's hook before it blocks */
static void
flush_cb(void *ctx)
{
	out_flush(ctx);
}

/* note_error - an error reply during a transaction becomes the envelope's
 * status text (qf M line) without its codes, as sendmail's usrerr does */
static void
note_error(struct smtp_sess *s, const char *text)
{
	const char *p = text + 4;
	size_t n;

	if (s->env == NULL || (text[0] != '4' && text[0] != '5') || strlen(text) < 4)
		return;
	n = strspn(p, "0123456789.");
	if (n > 0 && p[n] == ' ')
		p += n + 1;
	env_set_str(&s->env->message, p);
}

/* put_7bit - text with the 8th bit of each byte cleared, then CRLF, as
 * sendmail writes its replies (what it keeps, the qf, stays 8-bit) */
static int
put_7bit(struct sm_buf *out, const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p != '\0'; p++)
		if (sm_buf_putc(out, *p & 0x7f) < 0)
			return -1;
	return sm_buf_puts(out, "\r\n");
}

/* reply_line - one reply line, CRLF added */
static void
reply_line(struct smtp_sess *s, const char *text)
{
	size_t len = s->out.len;

	note_error(s, text);
	if (put_7bit(&s->out, text) < 0) {
		sm_buf_truncate(&s->out, len);
		out_flush(s);
		(void)put_7bit(&s->out, text);
	}
}

/* reply - format one reply line */
static void
reply(struct smtp_sess *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
reply(struct smtp_sess *s, const char *fmt, ...)
{
	struct sm_buf b = SM_BUF_INIT(8192);
	va_list ap;

	va_start(ap, fmt);
	(void)sm_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	reply_line(s, sm_buf_str(&b));
	sm_buf_free(&b);
}

/* short_str - s cut as sendmail's shortenstring(s, MAXSHORTSTR) */
static const char *
short_str(const char *s, char *buf, size_t size)
{
	size_t n = strlen(s);

	if (n <= SMTP_MAXSHORT)
		return s;
	(void)sm_snprintf(buf, size, "%.*s...%s", SMTP_MAXSHORT / 2 - 3, s,
	    s + n - (SMTP_MAXSHORT / 2 - 3));
	return buf;
}

/* ----------------------------------------------------------- macros */

/* cur_mac - the scope the rulesets see: the envelope's, else the session's */
static struct macros *
cur_mac(struct smtp_sess *s)
{
	return s->env != NULL ? &s->env->mac : &s->smac;
}

/* mset_num - set a macro to a number */
static void
mset_num(struct macros *m, const char *name, long v)
{
	char buf[32];

	sm_snprintf(buf, sizeof(buf), "%ld", v);
	macro_set_name(m, name, buf);
}

/* ---------------------------------------------------------- rulesets */

/* tok_is - whether tok is the one-byte operator op */
static bool
tok_is(const char *tok, int op)
{
	return (unsigned char)tok[0] == op && tok[1] == '\0';
}

/* tok_find - first index from 'from' of operator op, or t->n */
static size_t
tok_find(const struct tokens *t, size_t from, int op)
{
	for (; from < t->n; from++)
		if (tok_is(t->v[from], op))
			return from;
	return t->n;
}

/* tok_text - tokens [from, to) joined as cataddr with blanks, quotes off */
static void
tok_text(const struct tokens *t, size_t from, size_t to, struct sm_buf *out)
{
	struct sm_buf b = SM_BUF_INIT(SMTP_ADDRMAX);
	const char *p;

	if (to > t->n)
		to = t->n;
	if (from < to)
		(void)tokens_cataddr(t->v + from, to - from, ' ', &b);
	for (p = sm_buf_str(&b); *p != '\0'; p++)
		if (*p != '"')
			(void)sm_buf_putc(out, *p);
	sm_buf_free(&b);
}

/* is_dsn - whether s is an enhanced status code "N.N.N" */
static bool
is_dsn(const char *s, size_t *len)
{
	const char *p = s;
	int part;

	for (part = 0; part < 3; part++) {
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
		if (part < 2 && *p++ != '.')
			return false;
	}
	if (len != NULL)
		*len = (size_t)(p - s);
	return *p == '\0' || *p == ' ';
}

/* error_reply - the reply of an "$#error $@ dsn $: text" triple into
 * s->err, prefixed with "who... " when who is set (sendmail's e_to) */
static void
error_reply(struct smtp_sess *s, const char *dsn, const char *text, const char *who)
{
	char code[4] = "553", tdsn[32];
	const char *enh = NULL, *msg = text;
	size_t n;

	if (isdigit((unsigned char)text[0]) && isdigit((unsigned char)text[1]) &&
	    isdigit((unsigned char)text[2]) && (text[3] == ' ' || text[3] == '\0')) {
		memcpy(code, text, 3);
		msg = text[3] == ' ' ? text + 4 : text + 3;
	} else if (dsn != NULL && dsn[0] == '4')
		memcpy(code, "451", 3);
	if (is_dsn(msg, &n)) {
		/* "550 5.7.1 text": the code goes before "who... " */
		(void)sm_snprintf(tdsn, sizeof(tdsn), "%.*s", (int)n, msg);
		enh = tdsn;
		for (msg += n; *msg == ' '; msg++)
			;
	} else if (dsn != NULL && is_dsn(dsn, NULL))
		enh = dsn;
	else
		enh = code[0] == '4' ? "4.0.0" : code[0] == '2' ? "2.0.0" : "5.0.0";
	sm_buf_reset(&s->err);
	(void)sm_buf_printf(&s->err, "%s %s%s%s%s", code, enh, *enh ? " " : "",
	    who != NULL ? who : "", who != NULL ? "... " : "");
	(void)sm_buf_puts(&s->err, msg);
}

/* note_exitstat - an $#error with a DSN code in $@ sets the exit status
 * as sendmail's ExitStat (the first one wins) */
static void
note_exitstat(struct smtp_sess *s, const char *dsn)
{
	if (s->status != EX_OK)
		return;
	/* X.1.8 (bad sender's system address) is EX_NOHOST in sendmail */
	s->status = strncmp(dsn + 1, ".1.8", 4) == 0 ? EX_NOHOST : addr_dsn_exitstat(dsn);
}

/* exit_name - the exit status an $#error's $@ names ("nouser" is
 * EX_NOUSER, as in sendmail's "$#error $@ nouser $: 553 User address
 * required"); EX_UNAVAILABLE for a name it does not know */
static int
exit_name(const char *name)
{
	static const struct { const char *name; int ex; } names[] = {
		{ "usage", EX_USAGE }, { "dataerr", EX_DATAERR }, { "noinput", EX_NOINPUT },
		{ "nouser", EX_NOUSER }, { "nohost", EX_NOHOST },
		{ "unavailable", EX_UNAVAILABLE }, { "software", EX_SOFTWARE },
		{ "oserr", EX_OSERR }, { "osfile", EX_OSFILE }, { "cantcreat", EX_CANTCREAT },
		{ "ioerr", EX_IOERR }, { "tempfail", EX_TEMPFAIL }, { "protocol", EX_PROTOCOL },
		{ "noperm", EX_NOPERM }, { "config", EX_CONFIG },
	};
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(names); i++)
		if (strcasecmp(name, names[i].name) == 0)
			return names[i].ex;
	return EX_UNAVAILABLE;
}

/* result_triple - what a check ruleset's result asks for: 0 accept,
 * 1 refuse (reply in s->err), 2 discard */
static int
result_triple(struct smtp_sess *s, const struct tokens *t, const char *who)
{
	struct sm_buf dsn = SM_BUF_INIT(256), text = SM_BUF_INIT(SMTP_ADDRMAX);
	size_t at, colon;
	int r = 0;

	if (t->n < 2 || !tok_is(t->v[0], TK_CANONNET))
		return 0;
	colon = tok_find(t, 2, TK_CANONUSER);
	at = tok_find(t, 2, TK_CANONHOST);
	if (at < colon)
		tok_text(t, at + 1, colon, &dsn);
	tok_text(t, colon + 1, t->n, &text);
	if (strcasecmp(t->v[1], "discard") == 0)
		r = 2;
	else if (strcasecmp(t->v[1], "error") == 0 &&
	    strcasecmp(sm_buf_str(&dsn), "quarantine") == 0) {
		free(s->quarantine);
		s->quarantine = sm_strdup(sm_buf_str(&text));
	} else if (strcasecmp(t->v[1], "error") == 0) {
		error_reply(s, dsn.len > 0 ? dsn.data : NULL, sm_buf_str(&text), who);
		if (is_dsn(sm_buf_str(&dsn), NULL))
			note_exitstat(s, sm_buf_str(&dsn));
		else if (dsn.len == 0)	/* no $@: the reply code's class */
			note_exitstat(s, s->err.data[0] == '4' ? "4.0.0" : "5.0.0");
		else if (s->status == EX_OK)	/* $@ nouser ... */
			s->status = exit_name(sm_buf_str(&dsn));
		r = 1;
	}
	sm_buf_free(&dsn);
	sm_buf_free(&text);
	return r;
}

/* run_rs - run ruleset rs over t, its diagnostics nowhere (errfp and
 * trace NULL); EX_OK or the rewrite status */
static int
run_rs(struct smtp_sess *s, int rs, struct tokens *t)
{
	struct rw_ctx ctx = { .cfg = s->cfg, .env = cur_mac(s) };

	return rewrite_ruleset(&ctx, rs, t);
}

/* session_id - the queue id the session has outside a transaction:
 * sendmail's rulesets see it as $i from the greeting on; a new one comes
 * with every RSET and after every transaction.  It is the id smtp_log.c
 * takes for its lines (struct smtp_log's id, "taken at the first need"),
 * so that both agree */
static const char *
session_id(struct smtp_sess *s)
{
	if (s->log.id[0] == '\0' && queue_id_new(s->log.id, sizeof(s->log.id)) < 0)
		s->log.id[0] = '\0';
	return s->log.id;
}

/* rscheck - run check ruleset name over "arg1 $| arg2" as sendmail's
 * rscheck does: 0 accept (also when there is no such ruleset), 1 refuse
 * (reply in s->err), 2 discard.  who prefixes the error (e_to). */
static int
rscheck(struct smtp_sess *s, const char *name, const char *arg1, const char *arg2,
    bool rmcomm, const char *who)
{
	struct sm_buf in = SM_BUF_INIT(SMTP_ADDRMAX * 2), perr = SM_BUF_INIT(4096);
	struct tokens t;
	int rs = ruleset_find(s->cfg, name), r;

	if (rs < 0 || ruleset_nrules(s->cfg, rs) == 0)
		return 0;
	if (s->env == NULL && strcmp(name, "check_relay") != 0)
		macro_set_name(&s->smac, "i", session_id(s));	/* sendmail has one before MAIL */
	(void)sm_buf_puts(&in, arg1 != NULL ? arg1 : "");
	if (arg2 != NULL) {
		(void)sm_buf_putc(&in, TK_CONDELSE);
		(void)sm_buf_puts(&in, arg2);
	}
	tokens_init(&t);
	if (tokens_prescan_tab(s->cfg, sm_buf_str(&in), '\0',
	    rmcomm ? TK_INTERNAL : TK_NOCOMMENT, !rmcomm, &t, NULL, &perr) < 0) {
		r = 0;
		goto out;
	}
	r = run_rs(s, rs, &t);
	if (r == EX_TEMPFAIL) {
		sm_buf_reset(&s->err);
		(void)sm_buf_puts(&s->err,
		    "451 4.3.0 Temporary system failure. Please try again later.");
		r = 1;
		goto out;
	}
	r = result_triple(s, &t, who);
	if (r == 2)
		s->discard = true;
out:
	smtp_log_check(&s->log, s->env, name, arg1, arg2, r, sm_buf_str(&s->err));
	tokens_free(&t);
	sm_buf_free(&in);
	sm_buf_free(&perr);
	return r;
}

/* --------------------------------------------------------- addresses */

/* A parsed MAIL or RCPT address. */
struct saddr {
	char *text;		/* the address as given ("<a@b>") */
	char *mailer;		/* $# */
	char *host;		/* $@ or NULL */
	char *user;		/* $: */
};

static void
saddr_free(struct saddr *a)
{
	free(a->text);
	free(a->mailer);
	free(a->host);
	free(a->user);
	memset(a, 0, sizeof(*a));
}

/* shown_addr - the address as sendmail's replies show it: as given when
 * it is one plain "<...>" or a source route "<@...", else what is inside
 * the brackets */
static char *
shown_addr(const char *text, size_t len, bool spaced)
{
	const char *lt, *gt, *p;

	if (len >= 2 && text[0] == '<' && text[1] == '@')
		return sm_strndup(text, len);
	if (!spaced && len >= 2 && text[0] == '<' && text[len - 1] == '>' &&
	    memchr(text + 1, '<', len - 1) == NULL && memchr(text, '>', len - 1) == NULL)
		return sm_strndup(text, len);
	lt = NULL;
	for (p = text; p < text + len; p++)
		if (*p == '<')
			lt = p;
	if (lt == NULL)
		return sm_strndup(text, len);
	gt = memchr(lt, '>', (size_t)(text + len - lt));
	if (gt == NULL)
		return sm_strndup(text, len);
	p = lt + 1;
	if (*p == '@') {
		const char *colon = memchr(p, ':', (size_t)(gt - p));

		if (colon != NULL)
			p = colon + 1;
	}
	return sm_strndup(p, (size_t)(gt - p));
}

/* parse_address - prescan text up to a blank, rulesets 3 and 0; fills a
 * and *rest (the parameters); 0, or -1 with the reply in s->err */
static int
parse_address(struct smtp_sess *s, const char *text, struct saddr *a, const char **rest)
{
	struct sm_buf perr = SM_BUF_INIT(4096), b = SM_BUF_INIT(SMTP_ADDRMAX);
	struct tokens t;
	const char *end = NULL;
	size_t at, colon, len;
	int r = -1;

	memset(a, 0, sizeof(*a));
	tokens_init(&t);
	if (tokens_prescan(s->cfg, text, ' ', &t, &end, &perr) < 0 || t.n == 0 ||
	    perr.len > 0) {
		sm_buf_reset(&s->err);
		(void)sm_buf_printf(&s->err, "553 5.0.0 %.*s", (int)strcspn(sm_buf_str(&perr), "\n"),
		    perr.len > 0 ? perr.data : "Syntax error");
		goto out;
	}
	len = end != NULL && end > text ? (size_t)(end - text) : strlen(text);
	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	a->text = s->spaced ? shown_addr(text, len, true) : shown_addr(text, len, false);
	s->spaced = false;
	*rest = text + len;
	if (run_rs(s, ruleset_id(s->cfg, "3", true), &t) == EX_TEMPFAIL ||
	    run_rs(s, ruleset_id(s->cfg, "0", true), &t) == EX_TEMPFAIL) {
		sm_buf_reset(&s->err);
		(void)sm_buf_printf(&s->err, "451 4.3.0 %s... Temporary system failure. "
		    "Please try again later.", a->text);
		goto out;
	}
	if (result_triple(s, &t, a->text) == 1)
		goto out;
	if (t.n >= 2 && tok_is(t.v[0], TK_CANONNET)) {
		a->mailer = sm_strdup(t.v[1]);
		colon = tok_find(&t, 2, TK_CANONUSER);
		at = tok_find(&t, 2, TK_CANONHOST);
		if (at < colon) {
			tok_text(&t, at + 1, colon, &b);
			a->host = sm_strdup(sm_buf_str(&b));
			sm_buf_reset(&b);
		}
		tok_text(&t, colon + 1, t.n, &b);
		a->user = sm_strdup(sm_buf_str(&b));
	}
	r = 0;
out:
	if (r < 0)
		saddr_free(a);
	tokens_free(&t);
	sm_buf_free(&perr);
	sm_buf_free(&b);
	return r;
}

/* skip_word - sendmail's skipword: the word, blanks, ':' and blanks;
 * the rest, or NULL with the 501 in s->err ("scanning" the word) */
static const char *
skip_word(struct smtp_sess *s, const char *p, const char *word, bool *spaced)
{
	const char *q;
	size_t n;
	char sb[SMTP_MAXSHORT + 8], w[SMTP_MAXSHORT + 8];

	while (isspace((unsigned char)*p))
		p++;
	q = p;
	while (*p != '\0' && *p != ':' && !isspace((unsigned char)*p))
		p++;
	n = (size_t)(p - q);
	(void)sm_snprintf(w, sizeof(w), "%.*s", (int)(n < SMTP_MAXSHORT ? n : SMTP_MAXSHORT), q);
	*spaced = isspace((unsigned char)*p);
	while (isspace((unsigned char)*p))
		p++;
	if (*p == ':') {
		p++;
		if (isspace((unsigned char)*p))
			*spaced = true;
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '\0' && n == strlen(word) && strncasecmp(q, word, n) == 0)
			return p;
	}
	sm_buf_reset(&s->err);
	(void)sm_buf_printf(&s->err, "501 5.5.2 Syntax error in parameters scanning \"%s\"",
	    short_str(w, sb, sizeof(sb)));
	return NULL;
}

/* bare_addr - the address without its angle brackets into buf */
static const char *
bare_addr(const char *text, char *buf, size_t size)
{
	size_t n = strlen(text);

	if (n >= 2 && text[0] == '<' && text[n - 1] == '>') {
		if (n - 2 >= size)
			n = size + 1;
		memcpy(buf, text + 1, n - 2);
		buf[n - 2] = '\0';
		return buf;
	}
	(void)sm_strlcpy(buf, text, size);
	return buf;
}

/* ------------------------------------------------------ ESMTP params */

/* One "KEY=value" of MAIL or RCPT; value NULL when there was no '='. */
struct param {
	char *key;
	char *value;
};

/* next_param - split the next parameter off *pp (modified in place) */
static bool
next_param(char **pp, struct param *pa)
{
	char *p = *pp;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return false;
	pa->key = p;
	pa->value = NULL;
	while (isalnum((unsigned char)*p) || *p == '-')
		p++;
	if (*p == '=') {
		*p++ = '\0';
		pa->value = p;
		while (*p != '\0' && *p != ' ' && !iscntrl((unsigned char)*p) && *p != '=')
			p++;
	}
	if (*p != '\0')
		*p++ = '\0';
	*pp = p;
	return true;
}

/* xtext_ok - whether v is valid xtext (RFC 3461) */
static bool
xtext_ok(const char *v)
{
	for (; *v != '\0'; v++) {
		unsigned char c = (unsigned char)*v;

		if (c == '+') {
			if (!isxdigit((unsigned char)v[1]) || !isxdigit((unsigned char)v[2]))
				return false;
			v += 2;
		} else if (c < '!' || c > '~' || c == '=')
			return false;
	}
	return true;
}

/* mail_param - one MAIL parameter; 0, or -1 with the reply in s->err */
static int
mail_param(struct smtp_sess *s, const struct param *pa)
{
	struct envelope *e = s->env;
	const char *k = pa->key, *v = pa->value;

	sm_buf_reset(&s->err);
	if (strcasecmp(k, "SIZE") == 0) {
		if (v == NULL) {
			(void)sm_buf_puts(&s->err, "501 5.5.2 SIZE requires a value");
			return -1;
		}
		e->msg_size = strtol(v, NULL, 10);	/* atol, as sendmail */
		if (e->msg_size < 0)
			e->msg_size = 0;
		return 0;
	}
	if (strcasecmp(k, "BODY") == 0) {
		if (v == NULL) {
			(void)sm_buf_puts(&s->err, "501 5.5.2 BODY requires a value");
			return -1;
		}
		if (strcasecmp(v, "8BITMIME") != 0 && strcasecmp(v, "7BIT") != 0) {
			(void)sm_buf_printf(&s->err, "501 5.5.4 Unknown BODY type %s", v);
			return -1;
		}
		char up[16];

		(void)sm_strlcpy(up, v, sizeof(up));
		for (char *q = up; *q; q++)
			*q = (char)toupper((unsigned char)*q);
		env_set_str(&e->body_type, up);
		return 0;
	}
	if (strcasecmp(k, "ENVID") == 0) {
		if (v == NULL) {
			(void)sm_buf_printf(&s->err, "501 5.5.2 ENVID requires a value");
			return -1;
		}
		if (e->envid != NULL) {
			(void)sm_buf_puts(&s->err, "501 5.5.0 Duplicate ENVID parameter");
			return -1;
		}
		if (!xtext_ok(v)) {
			(void)sm_buf_printf(&s->err, "501 5.5.4 Syntax error in ENVID parameter value");
			return -1;
		}
		env_set_str(&e->envid, v);
		return 0;
	}
	if (strcasecmp(k, "RET") == 0) {
		if (v == NULL) {
			(void)sm_buf_puts(&s->err, "501 5.5.2 RET requires a value");
			return -1;
		}
		if (e->flags & ENV_RET_PARAM) {
			(void)sm_buf_puts(&s->err, "501 5.5.0 Duplicate RET parameter");
			return -1;
		}
		if (strcasecmp(v, "HDRS") == 0)
			e->flags |= ENV_RET_PARAM | ENV_NO_BODY_RETN;
		else if (strcasecmp(v, "FULL") == 0)
			e->flags |= ENV_RET_PARAM;
		else {
			(void)sm_buf_printf(&s->err, "501 5.5.2 Bad argument \"%s\" to RET", v);
			return -1;
		}
		return 0;
	}
	if (strcasecmp(k, "BY") == 0 && v != NULL) {
		char *end;
		long n = strtol(v, &end, 10);

		if (*end != ';') {
			(void)sm_buf_puts(&s->err, "501 5.5.2 BY= missing ';'");
			return -1;
		}
		if (toupper((unsigned char)end[1]) != 'N' && toupper((unsigned char)end[1]) != 'R') {
			(void)sm_buf_printf(&s->err, "501 5.5.2 BY= unknown mode %s", end + 1);
			return -1;
		}
		e->deliver_by = n;
		e->deliver_by_flag = (char)toupper((unsigned char)end[1]);
		return 0;
	}
	(void)sm_buf_printf(&s->err, "555 5.5.4 %s parameter unrecognized", k);
	return -1;
}

/* notify_param - NOTIFY=list into *flags; NULL, or the word to complain
 * about (NEVER with others: the value up to its first comma, as sendmail) */
static const char *
notify_param(char *v, unsigned *flags)
{
	char *tok = v, *comma;
	unsigned f = RCPT_HASNOTIFY;
	bool never = false;

	for (;;) {
		comma = strchr(tok, ',');
		if (comma != NULL)
			*comma = '\0';
		if (strcasecmp(tok, "NEVER") == 0)
			never = true;
		else if (strcasecmp(tok, "SUCCESS") == 0)
			f |= RCPT_NOTIFY_SUCCESS;
		else if (strcasecmp(tok, "FAILURE") == 0)
			f |= RCPT_NOTIFY_FAILURE;
		else if (strcasecmp(tok, "DELAY") == 0)
			f |= RCPT_NOTIFY_DELAY;
		else
			return tok;
		if (comma == NULL)
			break;
		tok = comma + 1;
	}
	if (never && f != RCPT_HASNOTIFY)
		return v;
	*flags = (*flags & ~(RCPT_NOTIFY_SUCCESS | RCPT_NOTIFY_FAILURE | RCPT_NOTIFY_DELAY)) | f;
	return NULL;
}

/* rcpt_param - one RCPT parameter; 0, or -1 with the reply in s->err */
static int
rcpt_param(struct smtp_sess *s, const struct param *pa, unsigned *flags, char **orcpt)
{
	const char *k = pa->key, *v = pa->value;

	sm_buf_reset(&s->err);
	if (strcasecmp(k, "NOTIFY") == 0) {
		if (v == NULL) {
			(void)sm_buf_puts(&s->err, "501 5.5.2 NOTIFY requires a value");
			return -1;
		}
		const char *bad = notify_param(pa->value, flags);

		if (bad != NULL) {
			(void)sm_buf_printf(&s->err, "501 5.5.4 Bad argument \"%s\"  to NOTIFY", bad);
			return -1;
		}
		return 0;
	}
	if (strcasecmp(k, "ORCPT") == 0) {
		const char *semi = v != NULL ? strchr(v, ';') : NULL;

		if (v == NULL) {
			(void)sm_buf_puts(&s->err, "501 5.5.2 ORCPT requires a value");
			return -1;
		}
		if (semi == NULL || semi == v || !xtext_ok(semi + 1)) {
			(void)sm_buf_puts(&s->err, "501 5.5.4 Syntax error in ORCPT parameter value");
			return -1;
		}
		if (*orcpt != NULL) {
			(void)sm_buf_puts(&s->err, "501 5.5.0 Duplicate ORCPT parameter");
			return -1;
		}
		*orcpt = sm_strdup(v);
		return 0;
	}
	(void)sm_buf_printf(&s->err, "555 5.5.4 %s parameter unrecognized", k);
	return -1;
}

/* ------------------------------------------------------- the message */

/* no_helo - a network client that said no HELO: $s is its name, $r
 * SMTP, and (PrivacyOptions authwarnings) the message gets sendmail's
 * "X-Authentication-Warning: $j: $_ didn't use HELO protocol" */
static void
no_helo(struct smtp_sess *s)
{
	struct sm_buf b = SM_BUF_INIT(1024);

	if (s->helo != NULL || s->peer == NULL || s->peer->addr == NULL ||
	    s->peer->addr[0] == '\0')
		return;
	macro_set_name(&s->env->mac, "s", s->peer->name);
	macro_set_name(&s->env->mac, "r", "SMTP");
	if (!(s->cfg->opt.privacy & PRIV_AUTHWARNINGS))
		return;
	(void)sm_buf_printf(&b, " %s: %s didn't use HELO protocol", s->host, s->client);
	(void)env_add_header(s->env, "X-Authentication-Warning", sm_buf_str(&b), "");
	sm_buf_free(&b);
}

/* new_envelope - a fresh envelope carrying the session's macros */
static void
new_envelope(struct smtp_sess *s)
{
	static const char *const keep[] = { "_", "r", "s", "{daemon_flags}", "{if_addr}" };
	size_t i;

	env_free(s->env);
	s->env = env_new(&s->smac);
	for (i = 0; i < SM_ARRAY_SIZE(keep); i++) {
		const char *v = macro_get_name(&s->smac, keep[i]);

		if (v != NULL)
			macro_set_name(&s->env->mac, keep[i], v);
	}
	/* sendmail defines $s and $r for the message, at MAIL */
	macro_set_name(&s->env->mac, "s", s->helo);
	macro_set_name(&s->env->mac, "r", s->proto);
	no_helo(s);
	smtp_log_envelope(&s->log, s->env);
	s->nrcpts = 0;
	s->discard = false;
	s->state &= ~ST_MAIL;
}

/* reset_tx - RSET and friends: forget the message */
static void
reset_tx(struct smtp_sess *s)
{
	smtp_log_abort(&s->log, s->env, (s->state & ST_MAIL) != 0);
	if (s->env != NULL && s->env->df_path != NULL && s->env->qf_path == NULL)
		queue_abort(s->env);
	env_free(s->env);
	s->env = NULL;
	s->nrcpts = 0;
	s->discard = false;
	s->state &= ~ST_MAIL;
}

/* -------------------------------------------------------------- verbs */

struct verb {
	const char *name;
	unsigned flags;		/* VF_* */
	void (*run)(struct smtp_sess *s, char *arg, const char *line);
};

/* need_helo - PrivacyOptions need*helo: false (503 sent) without HELO */
static bool
need_helo(struct smtp_sess *s, unsigned bit, const char *text)
{
	if ((s->cfg->opt.privacy & bit) && !(s->state & ST_HELO)) {
		reply(s, "503 5.0.0 %s", text);
		return false;
	}
	return true;
}

/* helo_name_ok - sendmail's check of the HELO argument */
static bool
helo_name_ok(const char *p)
{
	for (; *p != '\0'; p++)
		if (!(isascii((unsigned char)*p) && isgraph((unsigned char)*p)) ||
		    strchr("\\\"", *p) != NULL)
			return false;
	return true;
}

/* ehlo_keywords - the EHLO reply lines after the first, in sendmail's order */
static void
ehlo_keywords(struct smtp_sess *s)
{
	const struct options *o = &s->cfg->opt;

	if (s->relay_refused) {
		reply_line(s, "250 ENHANCEDSTATUSCODES");
		return;
	}
	reply_line(s, "250-ENHANCEDSTATUSCODES");
	reply_line(s, "250-PIPELINING");
	if (!(o->privacy & PRIV_NOEXPN))
		reply_line(s, "250-EXPN");
	if (!(o->privacy & PRIV_NOVERB))
		reply_line(s, "250-VERB");
	reply_line(s, "250-8BITMIME");
	if (o->max_message_size > 0)
		reply(s, "250-SIZE %ld", o->max_message_size);
	else
		reply_line(s, "250-SIZE");
	if (!(o->privacy & PRIV_NORECEIPTS))
		reply_line(s, "250-DSN");
	if (!(o->privacy & PRIV_NOETRN))
		reply_line(s, "250-ETRN");
	if (o->deliver_by_min > 0)
		reply(s, "250-DELIVERBY %ld", (long)o->deliver_by_min);
	else if (o->deliver_by_min == 0)
		reply_line(s, "250-DELIVERBY");
	reply_line(s, "250 HELP");
}

/* v_hello - HELO and EHLO */
static void
v_hello(struct smtp_sess *s, char *arg, const char *line, bool ehlo)
{
	const char *verb = ehlo ? "EHLO" : "HELO";

	(void)line;
	if (*arg == '\0') {
		reply(s, "501 5.0.0 %s requires domain address", verb);
		return;
	}
	if (!helo_name_ok(arg) && !s->cfg->opt.allow_bogus_helo) {
		reply(s, "501 5.0.0 Invalid domain name");
		return;
	}
	reset_tx(s);
	if (s->state & ST_HELO) {
		/* a HELO/EHLO after the first: a new queue id, as at RSET */
		s->log.id[0] = '\0';
		macro_set_name(&s->smac, "i", NULL);
	}
	free(s->helo);
	s->helo = sm_strdup(arg);
	s->proto = ehlo ? "ESMTP" : "SMTP";
	s->esmtp = ehlo;
	s->state |= ST_HELO;
	reply(s, "250%c%s Hello %s, pleased to meet you", ehlo ? '-' : ' ', s->host,
	    s->client);
	if (ehlo)
		ehlo_keywords(s);
}

static void
v_helo(struct smtp_sess *s, char *arg, const char *line)
{
	v_hello(s, arg, line, false);
}

static void
v_ehlo(struct smtp_sess *s, char *arg, const char *line)
{
	v_hello(s, arg, line, true);
}

/* The queue's free space, measured once per process, as the real one
 * measures it (strace): -bs at the first check and never again,
 * whatever comes later; the daemon in its parent (smtp_space_measure),
 * whose connection children, forked, use what it measured last. */
static struct {
	bool measured, known;		/* known: statvfs worked */
	bool refusing;			/* the daemon found less than MinFreeBlocks */
	unsigned long long bavail, bsize;
} disk_space;

/* space_read - measure the queue's free blocks now */
static void
space_read(const struct config *cfg)
{
	struct statvfs fs;
	const char *dir = cfg->opt.queue_dir != NULL ? cfg->opt.queue_dir : "mqueue";

	disk_space.measured = true;
	disk_space.known = statvfs(dir, &fs) == 0 && fs.f_bsize != 0;
	disk_space.bavail = disk_space.known ? (unsigned long long)fs.f_bavail : 0;
	disk_space.bsize = disk_space.known ? (unsigned long long)fs.f_bsize : 1;
}

/* space_enough - room for size bytes in what was measured: MinFreeBlocks
 * plus the blocks size takes (rounded up) must be free, as sendmail's
 * check is measured (MinFreeBlocks=100 on 4 kB blocks: SIZE=4096 needs
 * 101 free, SIZE=4097 102, no SIZE 100; with 0, any message needs a
 * free block); true when nothing could be measured */
static bool
space_enough(const struct config *cfg, long size)
{
	unsigned long long need, bytes = size > 0 ? (unsigned long long)size : 0;
	long min = cfg->opt.min_free_blocks > 0 ? cfg->opt.min_free_blocks : 0;

	if (!disk_space.known)
		return true;
	need = (bytes + disk_space.bsize - 1) / disk_space.bsize + (unsigned long long)min;
	return disk_space.bavail >= need;
}

/* smtp_space_measure - see smtp_server.h */
bool
smtp_space_measure(const struct config *cfg)
{
	space_read(cfg);
	disk_space.refusing = !space_enough(cfg, 0);
	return disk_space.refusing;
}

/* disk_ok - room in the queue for size bytes, in what was measured
 * (in -bs, at the session's first check) */
static bool
disk_ok(struct smtp_sess *s, long size)
{
	if (s->cfg->opt.min_free_blocks <= 0 && size <= 0)
		return true;
	if (!disk_space.measured)
		space_read(s->cfg);
	return space_enough(s->cfg, size);
}

/* mail_params - every MAIL parameter; false when one was refused */
static bool
mail_params(struct smtp_sess *s, const char *rest)
{
	char *copy = sm_strdup(rest), *p = copy;
	struct param pa;
	bool ok = true;

	while (ok && next_param(&p, &pa))
		if (mail_param(s, &pa) < 0) {
			reply_line(s, sm_buf_str(&s->err));
			ok = false;
		}
	free(copy);
	return ok;
}

/* v_mail - MAIL FROM:<addr> [params] */
static void
v_mail(struct smtp_sess *s, char *arg, const char *line)
{
	const char *p, *rest = "";
	struct saddr a;

	(void)line;
	if (!need_helo(s, PRIV_NEEDMAILHELO, "Polite people say HELO first"))
		return;
	if (s->state & ST_MAIL) {
		reply_line(s, "503 5.5.0 Sender already specified");
		return;
	}
	if ((p = skip_word(s, arg, "from", &s->spaced)) == NULL) {
		reply_line(s, sm_buf_str(&s->err));
		return;
	}
	new_envelope(s);
	if (parse_address(s, p, &a, &rest) < 0) {
		reply_line(s, sm_buf_str(&s->err));
		reset_tx(s);
		return;
	}
	env_set_str(&s->env->sender, a.text);
	macro_set_name(&s->env->mac, "{mail_addr}", a.user);
	macro_set_name(&s->env->mac, "{mail_host}", a.host);
	macro_set_name(&s->env->mac, "{mail_mailer}", a.mailer);
	macro_set_name(&s->env->mac, "{mail_from}", a.text);
	{
		char bare[SMTP_ADDRMAX];

		macro_set_name(&s->env->mac, "f", bare_addr(a.text, bare, sizeof(bare)));
	}
	if (!mail_params(s, rest))
		goto refuse;
	if (s->cfg->opt.max_message_size > 0 && s->env->msg_size > s->cfg->opt.max_message_size) {
		reply(s, "552 5.2.3 Message size exceeds fixed maximum message size (%ld)",
		    s->cfg->opt.max_message_size);
		goto refuse;
	}
	macro_set_name(&s->env->mac, "{addr_type}", "e s");
	if (rscheck(s, "check_mail", a.text, NULL, true, a.text) == 1) {
		macro_set_name(&s->env->mac, "{addr_type}", NULL);
		reply_line(s, sm_buf_str(&s->err));
		goto refuse;
	}
	macro_set_name(&s->env->mac, "{addr_type}", NULL);
	if (!disk_ok(s, s->env->msg_size)) {
		reply_line(s, "452 4.4.5 Insufficient disk space; try again later");
		goto refuse;
	}
	s->state |= ST_MAIL;
	reply(s, "250 2.1.0 %s... Sender ok", a.text);
	saddr_free(&a);
	return;
refuse:
	saddr_free(&a);
	reset_tx(s);
}

/* rcpt_params - every RCPT parameter; false when one was refused */
static bool
rcpt_params(struct smtp_sess *s, const char *rest, unsigned *flags, char **orcpt)
{
	char *copy = sm_strdup(rest), *p = copy;
	struct param pa;
	bool ok = true;

	while (ok && next_param(&p, &pa))
		if (rcpt_param(s, &pa, flags, orcpt) < 0) {
			reply_line(s, sm_buf_str(&s->err));
			ok = false;
		}
	free(copy);
	return ok;
}

/* is_alias - whether name (lower case) is in the AliasFile databases
 * (a database that cannot be read knows no names) */
static bool
is_alias(struct smtp_sess *s, const char *name)
{
	struct sm_buf v = SM_BUF_INIT(64 * 1024);
	int r;

	if (s->aliases == NULL)
		s->aliases = alias_open(s->cfg);
	r = alias_lookup(s->aliases, name, &v);
	sm_buf_free(&v);
	return r == 0;
}

/* local_user_ok - a mailer with F=w needs the user in passwd (or an alias) */
static bool
local_user_ok(struct smtp_sess *s, const struct saddr *a)
{
	const struct mailer *m = mailer_find(s->cfg, a->mailer);
	char lower[256];

	if (m == NULL || !mailer_has_flag(m, 'w') || a->user == NULL)
		return true;
	if (a->user[0] == '|' || a->user[0] == '/' || a->user[0] == '\\')
		return true;
	if (getpwnam(a->user) != NULL)
		return true;
	if (sm_strlcpy(lower, a->user, sizeof(lower)) >= sizeof(lower))
		return false;
	sm_lower(lower);
	if (getpwnam(lower) != NULL)
		return true;
	return mailer_has_flag(m, 'A') && is_alias(s, lower);
}

/* parsed_user - the user addr_parse makes of a recipient with a host
 * (its host then the canonical one), or NULL */
static char *
parsed_user(struct smtp_sess *s, const struct saddr *a)
{
	struct addr_env ae = { .cfg = s->cfg, .mac = &s->env->mac };
	struct parsed_addr pa;
	FILE *devnull;
	char *r = NULL;

	if (a->host == NULL || (devnull = fopen("/dev/null", "w")) == NULL)
		return NULL;
	ae.out = devnull;
	memset(&pa, 0, sizeof(pa));
	if (addr_parse(&ae, a->text, '\0', 0, &pa, NULL) == 0 && !pa.bad && pa.user != NULL)
		r = sm_strdup(pa.user);
	parsed_addr_free(&pa);
	fclose(devnull);
	return r;
}

/* final_rcpt - the DSN Final-Recipient of a (rcpt_final, sender.c) */
static char *
final_rcpt(struct smtp_sess *s, const struct saddr *a)
{
	char bare[SMTP_ADDRMAX], *user = parsed_user(s, a), *r;

	bare_addr(a->text, bare, sizeof(bare));
	r = rcpt_final(bare, user, s->host);
	free(user);
	return r;
}

/* bad_rcpt - count a refused recipient; BadRcptThrottle slows the client */
static void
bad_rcpt(struct smtp_sess *s)
{
	s->nbadrcpts++;
	mset_num(&s->smac, "{nbadrcpts}", s->nbadrcpts);
	if (s->cfg->opt.bad_rcpt_throttle > 0 &&
	    s->nbadrcpts > s->cfg->opt.bad_rcpt_throttle) {
		out_flush(s);
		sleep(1);
	}
}

/* same_str - equal, ignoring case; NULL equals NULL */
static bool
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcasecmp(a, b) == 0;
}

/* find_dup - the recipient already in the envelope that a duplicates
 * (same mailer, host and user, sendmail's sameaddr: the user's case
 * counts for a mailer with F=u), or NULL */
static const struct rcpt *
find_dup(const struct smtp_sess *s, const struct saddr *a)
{
	const struct mailer *m = mailer_find(s->cfg, a->mailer);
	size_t i;

	for (i = 0; i < s->env->nrcpts; i++) {
		const struct rcpt *r = &s->env->rcpts[i];

		if (same_str(r->mailer, a->mailer) && same_str(r->host, a->host) &&
		    rcpt_same_user(m, r->user, a->user))
			return r;
	}
	return NULL;
}

/*
 * verbose_expand - after VERB: addr's aliases shown as "050 " lines
 * before its RCPT is answered, as sendmail expands it there; what they
 * expand to is forgotten (the delivery expands it again, silently)
 */
static void
verbose_expand(struct smtp_sess *s, const char *addr)
{
	struct dest_list l;

	out_flush(s);
	if (s->out_failed)
		return;
	if (s->aliases == NULL)
		s->aliases = alias_open(s->cfg);
	memset(&l, 0, sizeof(l));
	tr_smtp(s->out_fd);
	(void)alias_expand(s->cfg, s->aliases, addr, 0, NULL, false, &l);
	tr_off();
	dest_list_free(&l);
}

/* accept_rcpt - enter a into the envelope (a duplicate is answered as the
 * first one and counted, but kept once) */
static void
accept_rcpt(struct smtp_sess *s, const struct saddr *a, unsigned flags, char *orcpt)
{
	const struct rcpt *dup = find_dup(s, a);
	struct rcpt *r;

	if (dup != NULL) {
		s->nrcpts++;
		mset_num(&s->env->mac, "{nrcpts}", s->nrcpts);
		reply(s, "250 2.1.5 %s... Recipient ok", dup->addr);
		free(orcpt);
		return;
	}
	r = env_add_rcpt(s->env, a->text, flags);

	r->orcpt = orcpt;
	r->final_rcpt = final_rcpt(s, a);
	r->mailer = sm_strdup(a->mailer);
	r->host = a->host != NULL ? sm_strdup(a->host) : NULL;
	r->user = a->user != NULL ? sm_strdup(a->user) : NULL;
	s->nrcpts++;
	mset_num(&s->env->mac, "{nrcpts}", s->nrcpts);
	if (s->verbose)
		verbose_expand(s, r->addr);
	reply(s, "250 2.1.5 %s... Recipient ok", a->text);
}

/* v_rcpt - RCPT TO:<addr> [params] */
static void
v_rcpt(struct smtp_sess *s, char *arg, const char *line)
{
	const char *p, *rest = "";
	struct saddr a;
	unsigned flags = RCPT_PRIMARY | RCPT_NOTIFY_FAILURE | RCPT_NOTIFY_DELAY;
	char *orcpt = NULL;

	(void)line;
	if (!(s->state & ST_MAIL)) {
		reply_line(s, "503 5.0.0 Need MAIL before RCPT");
		return;
	}
	if (s->cfg->opt.max_rcpts_per_message > 0 &&
	    s->nrcpts >= s->cfg->opt.max_rcpts_per_message) {
		reply_line(s, "452 4.5.3 Too many recipients");
		return;
	}
	if ((p = skip_word(s, arg, "to", &s->spaced)) == NULL) {
		reply_line(s, sm_buf_str(&s->err));
		return;
	}
	macro_set_name(&s->env->mac, "{addr_type}", "e r");
	if (parse_address(s, p, &a, &rest) < 0) {
		reply_line(s, sm_buf_str(&s->err));
		bad_rcpt(s);
		goto out;
	}
	macro_set_name(&s->env->mac, "{rcpt_addr}", a.user);
	macro_set_name(&s->env->mac, "{rcpt_host}", a.host);
	macro_set_name(&s->env->mac, "{rcpt_mailer}", a.mailer);
	if (!rcpt_params(s, rest, &flags, &orcpt))
		goto bad;
	if (rscheck(s, "check_rcpt", a.text, NULL, true, a.text) == 1) {
		reply_line(s, sm_buf_str(&s->err));
		bad_rcpt(s);
		goto bad;
	}
	if (!local_user_ok(s, &a)) {
		reply(s, "550 5.1.1 %s... User unknown", a.text);
		bad_rcpt(s);	/* the real one's exit status stays as it was */
		goto bad;
	}
	accept_rcpt(s, &a, flags, orcpt);
	orcpt = NULL;
bad:
	free(orcpt);
	saddr_free(&a);
out:
	macro_set_name(&s->env->mac, "{addr_type}", NULL);
	macro_set_name(&s->env->mac, "{rcpt_addr}", NULL);	/* sendmail clears them after RCPT */
	macro_set_name(&s->env->mac, "{rcpt_host}", NULL);
	macro_set_name(&s->env->mac, "{rcpt_mailer}", NULL);
}

/* disk_full - whether errno value e says the file system is full */
static bool
disk_full(int e)
{
	return e == ENOSPC || e == EDQUOT;
}

/* df_write_refused - the reply to a df write that failed for want of
 * space, as sendmail's: a body it would still hold in memory
 * (DataFileBufferSize) meets its check of the free space after the
 * text, "452 4.4.5" when what was measured says it does not fit; else
 * (a longer one failed on disk while being read, or a short one passed
 * that check on an older measure and failed when written out)
 * "421 4.3.1", and the session ends (exit status EX_IOERR) */
static void
df_write_refused(struct smtp_sess *s, const struct collect_result *r)
{
	long body = r->size - r->hdr_len - 1;

	if (body <= s->cfg->opt.df_buffer_size && !disk_ok(s, r->size)) {
		reply_line(s, "452 4.4.5 Insufficient disk space; try again later");
		return;
	}
	reply_line(s, "421 4.3.1 Out of disk space for temp file");
	s->status = EX_IOERR;
	s->quit = true;
}

/* data_refused - the 5xx/4xx after the text; the message is dropped */
static void
data_refused(struct smtp_sess *s, const struct collect_result *r)
{
	smtp_log_refused(&s->log, s->env, r);
	switch (r->status) {
	case COLLECT_TOO_BIG:
		reply(s, "552 5.2.3 Message exceeds maximum fixed size (%ld)",
		    s->cfg->opt.max_message_size);
		break;
	case COLLECT_HDR_TOO_LONG:
		reply(s, "552 5.6.0 Headers too large (%d max)", s->cfg->opt.max_headers_length);
		break;
	case COLLECT_IOERR:
		sm_warn("%s: error writing data file %s: %s", s->env->id,
		    s->env->df_path != NULL ? s->env->df_path : "", strerror(r->error));
		if (disk_full(r->error))
			df_write_refused(s, r);
		else
			reply_line(s, "451 4.3.0 I/O error");
		break;
	case COLLECT_BARE_LF:
		reply_line(s, "421 4.5.0 Bare linefeed (LF) not allowed");
		s->quit = true;
		break;
	case COLLECT_BARE_CR:
		reply_line(s, "421 4.5.0 Bare carriage return (CR) not allowed");
		s->quit = true;
		break;
	default:
		/* the client's name, "localhost" for -bs, as the real one's */
		reply(s, "421 4.4.1 collect: relay=%s, from=%s, info=%s", s->log.host,
		    s->env->sender, r->status == COLLECT_TIMEOUT ? "read timeout" :
		    "unexpected close");
		if (r->status == COLLECT_TIMEOUT)
			s->status = EX_SOFTWARE;	/* sendmail's syserr: exit 70 */
		s->quit = true;
		break;
	}
}

/*
 * verbose_deliver - after VERB: deliver e now, whatever DeliveryMode
 * says (the real 8.17 does so even with -odq), its transcript going to
 * the client as "050 " lines before the 250; never in a forked child
 */
static void
verbose_deliver(struct smtp_sess *s, struct envelope *e)
{
#ifdef SMTP_HAVE_DELIVER
	char mode = s->cfg->opt.delivery_mode;

	out_flush(s);
	if (s->out_failed)
		return;
	tr_smtp(s->out_fd);
	tr_alias_mute(true);
	s->cfg->opt.delivery_mode = 'i';
	(void)deliver_after_commit(s->cfg, e);
	s->cfg->opt.delivery_mode = mode;
	tr_alias_mute(false);
	tr_off();
	if (tr_exit_status() != EX_OK)
		s->status = tr_exit_status();
#else
	(void)s;
	(void)e;
#endif
}

/*
 * commit - queue the collected message; the 250 or the failure reply.
 * Before the qf, the free space is checked again for the message's size
 * (sendmail's "452 4.4.5" after the text); a qf that cannot be written
 * for want of space gets "452 4.3.1" (where the real sendmail 8.17 gives
 * up the session without a reply), any other failure "451 4.3.0".
 * Whatever fails, nothing of the message stays in the queue.
 */
static void
commit(struct smtp_sess *s, int dfd)
{
	struct sm_buf err = SM_BUF_INIT(4096);
	struct envelope *e = s->env;

	e->priority = smtp_log_priority(&s->log, e);	/* VRFY/EXPN count */
	if (s->quarantine != NULL)
		env_set_str(&e->quarantine, s->quarantine);
	if (!disk_ok(s, e->msg_size)) {
		(void)close(dfd);
		queue_abort(e);
		reply_line(s, "452 4.4.5 Insufficient disk space; try again later");
		sm_buf_free(&err);
		return;
	}
	if (queue_commit(s->cfg, e, dfd, &err) < 0) {
		sm_warn("%s: queue_commit: %s", e->id, sm_buf_str(&err));
		if (disk_full(errno))
			reply_line(s, "452 4.3.1 Insufficient system storage");
		else
			reply_line(s, "451 4.3.0 Temporary system failure. Please try again later.");
		sm_buf_free(&err);
		return;
	}
	sm_buf_free(&err);
	if (s->verbose) {
		smtp_log_from(&s->log, e);
		verbose_deliver(s, e);
		reply(s, "250 2.0.0 %s Message accepted for delivery", e->id);
		return;
	}
	reply(s, "250 2.0.0 %s Message accepted for delivery", e->id);
	smtp_log_from(&s->log, e);
#ifdef SMTP_HAVE_DELIVER
	out_flush(s);
	(void)deliver_after_commit(s->cfg, e);
	if (tr_exit_status() != EX_OK)
		s->status = tr_exit_status();	/* -odi: sendmail's ExitStat */
#endif
}

/* complete_header - $g and $x of the sender as sender.c makes them, the
 * cf's headers, and the recipients in the queue's order (by host) */
static void
complete_header(struct smtp_sess *s)
{
	struct envelope *e = s->env;
	struct addr_env ae = { .cfg = s->cfg, .mac = &e->mac };
	bool null = strcmp(e->sender, "<>") == 0, had_from = env_header(e, "From") != NULL;
	char *g = null ? sm_strdup("") : sender_canon(s->cfg, &e->mac, e->sender);
	char *x = null ? NULL : sender_fullname(&ae, e->sender);

	if (x != NULL) {
		macro_set_name(&e->mac, "x", x);
		env_set_str(&e->fullname, x);
	}
	headers_complete(s->cfg, e, g);
	if (!had_from)
		sender_fix_from(e, macro_get_name(&e->mac, "x"), g);
	rcpt_sort_by_host(e);
	free(x);
	free(g);
}

/* after_text - check_eoh/check_eom, headers, then commit or refuse */
static void
after_text(struct smtp_sess *s, int dfd, const struct collect_result *r)
{
	struct envelope *e = s->env;
	char hn[32], hl[32];

	if (r->status != COLLECT_OK) {
		close(dfd);
		data_refused(s, r);
		return;
	}
	if (r->has8bit)
		e->flags |= ENV_HAS8BIT;
	else if (e->body_type != NULL && strcmp(e->body_type, "8BITMIME") == 0)
		env_set_str(&e->body_type, "7BIT");	/* sendmail's downgrade */
	e->flags |= ENV_SPLIT | ENV_SMTP;	/* sendmail 8.17 writes "Fs" for SMTP mail */
	e->msg_size = r->size;
	mset_num(&e->mac, "{msg_size}", r->size);
	sm_snprintf(hn, sizeof(hn), "%d", r->nhdrs);
	sm_snprintf(hl, sizeof(hl), "%ld", r->hdr_len);
	if (rscheck(s, "check_eoh", hn, hl, false, NULL) == 1 ||
	    rscheck(s, "check_eom", macro_get_name(&e->mac, "{msg_size}"), NULL, false, NULL) == 1) {
		close(dfd);
		reply_line(s, sm_buf_str(&s->err));
		return;
	}
	complete_header(s);
	if (s->discard) {
		close(dfd);
		reply(s, "250 2.0.0 %s Message accepted for delivery", e->id);
		smtp_log_discard(&s->log, e);
		return;
	}
	commit(s, dfd);
}

/* v_data - DATA: the checks, 354, the text, the queue, 250 */
static void
v_data(struct smtp_sess *s, char *arg, const char *line)
{
	struct sm_buf err = SM_BUF_INIT(4096);
	struct collect_result r;
	int dfd;

	(void)arg;
	(void)line;
	if (!(s->state & ST_MAIL)) {
		reply_line(s, "503 5.0.0 Need MAIL command");
		return;
	}
	if (s->nrcpts == 0) {
		reply_line(s, "503 5.0.0 Need RCPT (recipient)");
		return;
	}
	if (rscheck(s, "check_data", macro_get_name(&s->env->mac, "{nrcpts}"), NULL, false, NULL) == 1) {
		reply_line(s, sm_buf_str(&s->err));
		return;
	}
	if ((dfd = queue_df_open(s->cfg, s->env, &err)) < 0) {
		sm_warn("queue_df_open: %s", sm_buf_str(&err));
		reply_line(s, "451 4.3.0 Temporary system failure. Please try again later.");
		sm_buf_free(&err);
		return;
	}
	sm_buf_free(&err);
	reply_line(s, "354 End data with <CR><LF>.<CR><LF>");
	s->in.timeout = s->cfg->opt.to.datablock;
	collect(&s->in, s->env, dfd, s->cfg->opt.max_message_size,
	    s->cfg->opt.max_headers_length, &r);
	s->in.timeout = s->cfg->opt.to.command;
	after_text(s, dfd, &r);
	reset_tx(s);
}

/* v_rset - RSET */
static void
v_rset(struct smtp_sess *s, char *arg, const char *line)
{
	(void)arg;
	(void)line;
	reset_tx(s);
	s->log.id[0] = '\0';	/* sendmail takes a new queue id at every RSET */
	macro_set_name(&s->smac, "i", NULL);
	reply_line(s, "250 2.0.0 Reset state");
}

/* A command that may be abused, counted and slowed as sendmail 8.17
 * slows it (measured, test/t/4012): at the logat'th the "possible SMTP
 * attack" line; from the first'th on a wait of 2^(count - base) s. */
static const struct slow_rule {
	const char *verb;		/* the verb table's name */
	const char *name;		/* command= in the log */
	int counter;			/* SLOW_*: VRFY and EXPN share one */
	int logat, first, base;
} slow_rules[] = {
	{ "vrfy", "VRFY", SLOW_VRFY, 6, 6, 6 },
	{ "expn", "EXPN", SLOW_VRFY, 6, 6, 6 },
	{ "noop", "NOOP", SLOW_NOOP, 20, 20, 20 },
	{ "etrn", "ETRN", SLOW_ETRN, 8, 8, 8 },
	{ "helo", "HELO/EHLO", SLOW_HELO, 3, 3, 3 },
	{ "ehlo", "HELO/EHLO", SLOW_HELO, 3, 3, 3 },
};

/* slow_down - count one more verb if it may be abused; log the attack
 * line at its threshold and sleep before the reply from its first
 * slowed one on (1 s, 2 s, 4 s ...) */
static void
slow_down(struct smtp_sess *s, const char *verb)
{
	const struct slow_rule *r = NULL;
	size_t i;
	int *count, over;

	for (i = 0; i < SM_ARRAY_SIZE(slow_rules) && r == NULL; i++)
		if (strcmp(slow_rules[i].verb, verb) == 0)
			r = &slow_rules[i];
	if (r == NULL)
		return;
	count = &s->nslow[r->counter];
	if (*count < INT_MAX)
		(*count)++;
	if (*count == r->logat)
		smtp_log_attack(&s->log, s->env, r->name, *count);
	if (*count < r->first)
		return;
	over = *count - r->base;
	out_flush(s);
	(void)sleep(1U << (over < 16 ? over : 16));
}

/* v_noop - NOOP */
static void
v_noop(struct smtp_sess *s, char *arg, const char *line)
{
	(void)arg;
	(void)line;
	reply_line(s, "250 2.0.0 OK");
}

/* v_quit - QUIT */
static void
v_quit(struct smtp_sess *s, char *arg, const char *line)
{
	(void)arg;
	(void)line;
	reply(s, "221 2.0.0 %s closing connection", s->host);
	s->quit = true;
}

/* v_verb - VERB */
static void
v_verb(struct smtp_sess *s, char *arg, const char *line)
{
	(void)arg;
	(void)line;
	if (s->cfg->opt.privacy & PRIV_NOVERB) {
		reply_line(s, "502 5.7.0 Verbose unavailable");
		return;
	}
	s->verbose = true;
	reply_line(s, "250 2.0.0 Verbose mode");
}

/* expn_one - EXPN of the parsed address a: the lines smtp_vrfy.c makes */
static void
expn_one(struct smtp_sess *s, const struct saddr *a)
{
	struct sm_buf out = SM_BUF_INIT(SMTP_OUTMAX);
	char *line, *nl;
	size_t met = 0;

	if (s->aliases == NULL)
		s->aliases = alias_open(s->cfg);
	(void)smtp_expn(s->cfg, s->aliases, s->host, a->text, &out, &met);
	while (met-- > 0)
		smtp_log_probe(&s->log);	/* each member met: a recipient */
	for (line = out.data; line != NULL && *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			break;
		*nl = '\0';
		reply_line(s, line);
	}
	sm_buf_free(&out);
}

/* vrfy_direct - VRFY of a program, file or :include: as sendmail
 * refuses to mail to one given directly; true when a is one */
static bool
vrfy_direct(struct smtp_sess *s, const struct saddr *a)
{
	static const char *const kinds[][3] = {
		{ "prog", "|", "programs" }, { "*file*", "/", "files" },
		{ "*include*", ":include:", ":include:s" },
	};
	const char *u = a->user != NULL ? a->user : "";
	size_t i;

	for (i = 0; a->mailer != NULL && i < SM_ARRAY_SIZE(kinds); i++)
		if (strcmp(a->mailer, kinds[i][0]) == 0 ||
		    strncasecmp(u, kinds[i][1], strlen(kinds[i][1])) == 0) {
			reply(s, "550 5.7.1 %s... Cannot mail directly to %s", a->text, kinds[i][2]);
			return true;
		}
	return false;
}

/* vrfy_local - VRFY of a local name (no host): an alias is
 * "<name@$j>", a passwd user "Full Name <user@$j>" (the user as the
 * mailer sees it: lower case without F=u) */
static void
vrfy_local(struct smtp_sess *s, const struct saddr *a)
{
	const struct mailer *m = mailer_find(s->cfg, a->mailer);
	char user[256], name[256] = "";
	struct passwd *pw = NULL;

	if (sm_strlcpy(user, a->user, sizeof(user)) >= sizeof(user))
		user[0] = '\0';
	if (m != NULL && !mailer_has_flag(m, 'u'))
		sm_lower(user);
	if (m == NULL || !mailer_has_flag(m, 'A') || user[0] == '\\' || !is_alias(s, user))
		pw = getpwnam(user + (user[0] == '\\'));
	if (pw != NULL)
		smtp_gecos_name(pw, name, sizeof(name));
	reply(s, "250 2.1.5 %s%s<%s@%s>", name, name[0] != '\0' ? " " : "", user, s->host);
}

/* vrfy_one - the 250/550 for one address of VRFY or EXPN */
static void
vrfy_one(struct smtp_sess *s, char *arg, bool expn)
{
	struct saddr a;
	const char *rest;

	if (parse_address(s, arg, &a, &rest) < 0) {
		reply_line(s, sm_buf_str(&s->err));
		return;
	}
	if (expn)
		expn_one(s, &a);
	else if (vrfy_direct(s, &a))
		;
	else if (!local_user_ok(s, &a)) {
		reply(s, "550 5.1.1 %s... User unknown", a.text);
	} else if (a.host != NULL) {
		char bare[SMTP_ADDRMAX];

		reply(s, "252 2.1.5 <%s>", bare_addr(a.text, bare, sizeof(bare)));
		smtp_log_probe(&s->log);	/* counted as a recipient */
	} else {
		vrfy_local(s, &a);
		smtp_log_probe(&s->log);
	}
	saddr_free(&a);
}

/* v_vrfy_expn - VRFY and EXPN */
static void
v_vrfy_expn(struct smtp_sess *s, char *arg, bool expn)
{
	const struct options *o = &s->cfg->opt;

	if (expn && (o->privacy & PRIV_NOEXPN)) {
		reply_line(s, "502 5.7.0 Sorry, we do not allow this operation");
		return;
	}
	if (!expn && (o->privacy & PRIV_NOVRFY)) {
		reply_line(s, "252 2.5.2 Cannot VRFY user; "
		    "try RCPT to attempt delivery (or try finger)");
		return;
	}
	if (!need_helo(s, expn ? PRIV_NEEDEXPNHELO : PRIV_NEEDVRFYHELO,
	    "I demand that you introduce yourself first"))
		return;
	if (*arg == '\0') {
		reply_line(s, "501 5.5.2 Argument required");
		return;
	}
	if (rscheck(s, expn ? "check_expn" : "check_vrfy", arg, NULL, true, NULL) == 1) {
		reply_line(s, sm_buf_str(&s->err));
		return;
	}
	vrfy_one(s, arg, expn);
	s->status = EX_OK;	/* sendmail runs VRFY/EXPN in a child: ExitStat is reset */
}

static void
v_vrfy(struct smtp_sess *s, char *arg, const char *line)
{
	(void)line;
	v_vrfy_expn(s, arg, false);
}

static void
v_expn(struct smtp_sess *s, char *arg, const char *line)
{
	(void)line;
	v_vrfy_expn(s, arg, true);
}

/* etrn_run - start a queue run for node in the background ("" the
 * whole queue; "#group": that queue group; "@dom": recipients holding
 * "dom", else those holding "@node", as sendmail's ETRN runs -qR); the
 * session goes on at once */
static void
etrn_run(struct smtp_sess *s, const char *node)
{
	struct sm_buf lim = SM_BUF_INIT(SMTP_MAXLINE + 8);
	const char *args[1];
	pid_t pid;
	int null;

	out_flush(s);
	if (node[0] == '#')		/* a queue group: -qGname */
		(void)sm_buf_printf(&lim, "G%s", node + 1);
	else if (node[0] == '@' && node[1] != '\0')
		(void)sm_buf_printf(&lim, "R%s", node + 1);
	else if (node[0] != '\0' && node[0] != '@')
		(void)sm_buf_printf(&lim, "R@%s", node);
	if ((pid = fork()) < 0) {
		sm_warn("ETRN: fork: %s", strerror(errno));
		sm_buf_free(&lim);
		return;
	}
	if (pid > 0) {
		(void)waitpid(pid, NULL, 0);
		sm_buf_free(&lim);
		return;
	}
	/* the child leaves a grandchild to run, so no zombie is left behind */
	if ((pid = fork()) != 0)
		_exit(pid < 0 ? EX_OSERR : EX_OK);
	/* off the SMTP channel, then one limited run */
	if ((null = open("/dev/null", O_RDWR)) >= 0) {
		(void)dup2(null, s->in.fd);
		(void)dup2(null, s->out_fd);
		(void)dup2(null, STDIN_FILENO);
		(void)dup2(null, STDOUT_FILENO);
	}
	args[0] = sm_buf_str(&lim);
	if (lim.len > 0)
		_exit(queue_run_args(s->cfg, args, 1) == EX_OK ? EX_OK : EX_TEMPFAIL);
	_exit(queue_run_all(s->cfg) == EX_OK ? EX_OK : EX_TEMPFAIL);
}

/* v_etrn - ETRN node, "@domain" or "#queuegroup" */
static void
v_etrn(struct smtp_sess *s, char *arg, const char *line)
{
	(void)line;
	if (s->cfg->opt.privacy & PRIV_NOETRN) {
		reply_line(s, "502 5.7.0 Sorry, we do not allow this operation");
		return;
	}
	if (*arg == '\0') {
		reply_line(s, "500 5.5.2 Parameter required");
		return;
	}
	if (rscheck(s, "check_etrn", arg, NULL, false, NULL) == 1) {
		reply_line(s, sm_buf_str(&s->err));
		return;
	}
	if (arg[0] == '#') {
		/* one queue group: mqueue or a Q line's (queue_group.h) */
		if (qgroup_find(s->cfg, arg + 1) < 0) {
			reply(s, "459 4.5.4 Queue %s unknown", arg + 1);
			return;
		}
		s->status = EX_OK;
		reply(s, "250 2.0.0 Queuing for queue group %s started", arg + 1);
		etrn_run(s, arg);
		return;
	}
	s->status = EX_OK;	/* as sendmail's queue run start does */
	reply(s, "250 2.0.0 Queuing for node %s started", arg);
	etrn_run(s, arg);
}

/* help_lines - print the help file lines for topic; how many matched */
static int
help_lines(struct smtp_sess *s, FILE *fp, const char *topic)
{
	char line[2048];
	size_t tl = strlen(topic);
	int n = 0;

	while (fgets(line, sizeof(line), fp) != NULL) {
		struct sm_buf v = SM_BUF_INIT(8192);
		char *nl = strchr(line, '\n');

		if (nl != NULL)
			*nl = '\0';
		if (line[0] == '#' || strncasecmp(line, topic, tl) != 0 || line[tl] != '\t')
			continue;
		(void)macro_expand(cur_mac(s), line + tl + 1, &v);
		reply(s, "214-2.0.0 %s", sm_buf_str(&v));
		sm_buf_free(&v);
		n++;
	}
	return n;
}

/* v_help - HELP [topic] from the HelpFile */
static void
v_help(struct smtp_sess *s, char *arg, const char *line)
{
	const char *file = s->cfg->opt.help_file;
	const char *topic = *arg != '\0' ? arg : "smtp";
	FILE *fp;
	char sb[SMTP_MAXSHORT + 8];

	(void)line;
	if (file == NULL || *file == '\0' || (fp = fopen(file, "r")) == NULL) {
		reply(s, "502 5.3.0 Sendmail %s -- HELP not implemented", SM_VERSION);
		return;
	}
	if (help_lines(s, fp, topic) == 0)
		reply(s, "504 5.3.0 HELP topic \"%s\" unknown", short_str(topic, sb, sizeof(sb)));
	else
		reply_line(s, "214 2.0.0 End of HELP info");
	fclose(fp);
}

/* v_unimpl - SEND, SAML, SOML, TURN */
static void
v_unimpl(struct smtp_sess *s, char *arg, const char *line)
{
	char sb[SMTP_MAXSHORT + 8];

	(void)arg;
	reply(s, "502 5.5.1 Command not implemented: \"%s\"", short_str(line, sb, sizeof(sb)));
}

static const struct verb verbs[] = {
	{ "mail", VF_SPACE, v_mail },
	{ "rcpt", VF_SPACE, v_rcpt },
	{ "data", VF_NOPIPE | VF_SPACE, v_data },
	{ "rset", VF_NULLOK, v_rset },
	{ "vrfy", VF_SPACE, v_vrfy },
	{ "expn", VF_SPACE, v_expn },
	{ "help", VF_SPACE, v_help },
	{ "noop", VF_NULLOK, v_noop },
	{ "quit", VF_NULLOK, v_quit },
	{ "helo", VF_NOPIPE, v_helo },
	{ "ehlo", VF_NOPIPE, v_ehlo },
	{ "etrn", 0, v_etrn },
	{ "verb", VF_SPACE, v_verb },
	{ "send", VF_SPACE, v_unimpl },
	{ "saml", VF_SPACE, v_unimpl },
	{ "soml", VF_SPACE, v_unimpl },
	{ "turn", VF_SPACE, v_unimpl },
};

/* find_verb - the verbs[] row of word, or NULL */
static const struct verb *
find_verb(const char *word, size_t n)
{
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(verbs); i++)
		if (strlen(verbs[i].name) == n && strncasecmp(verbs[i].name, word, n) == 0)
			return &verbs[i];
	return NULL;
}

/* ----------------------------------------------------------- the loop */

/* read_command - one command line into line (CRLF or LF removed, cut at
 * a NUL); 0, 1 too long (the rest of the line is not read), -1 at EOF */
static int
read_command(struct smtp_sess *s, struct sm_buf *line)
{
	int c;

	sm_buf_reset(line);
	for (;;) {
		c = smtp_in_getc(&s->in);
		if (c < 0)
			return line->len > 0 ? 0 : -1;
		if (c == '\n')
			break;
		if (line->len >= SMTP_MAXLINE)
			return 1;
		(void)sm_buf_putc(line, c);
	}
	if (line->len > 0 && line->data[line->len - 1] == '\r')
		sm_buf_truncate(line, line->len - 1);
	sm_buf_truncate(line, strlen(line->data != NULL ? line->data : ""));
	return 0;
}

/* bad_command - "500 Command unrecognized", closing after too many */
static void
bad_command(struct smtp_sess *s, const char *line)
{
	char sb[SMTP_MAXSHORT + 8];

	if (++s->nbadcmds > SMTP_MAXBADCMDS) {
		reply(s, "421 4.7.0 %s Too many bad commands; closing connection", s->host);
		s->quit = true;
		return;
	}
	reply(s, "500 5.5.1 Command unrecognized: \"%s\"", short_str(line, sb, sizeof(sb)));
}

/* protocol_error - input came where sendmail allows none */
static void
protocol_error(struct smtp_sess *s, const struct verb *v)
{
	smtp_log_protocol(&s->log, s->env, v != NULL ? v->name : "");
	reply_line(s, "554 5.5.0 SMTP protocol error");
	if (v != NULL && strcmp(v->name, "data") == 0) {
		s->quit = true;
		return;
	}
	if (s->nullserver == NULL)
		s->nullserver = sm_strdup("550 5.0.0 Command rejected");
}

/* data_503 - v is DATA and it gets a 503: sendmail answers that
 * before it looks for input behind it (each line of a pipelined text is
 * then an unknown command) */
static bool
data_503(const struct smtp_sess *s, const struct verb *v)
{
	return v->run == v_data && (!(s->state & ST_MAIL) || s->nrcpts == 0);
}

/* dispatch - one command line */
static void
dispatch(struct smtp_sess *s, char *line)
{
	char *p = line, *arg;
	const struct verb *v;
	size_t n;

	while (isspace((unsigned char)*p))
		p++;
	for (n = 0; isalnum((unsigned char)p[n]); n++)
		;
	v = find_verb(p, n);
	for (arg = p + n; isspace((unsigned char)*arg); arg++)
		;
	if (v == NULL) {
		bad_command(s, line);
		return;
	}
	if (s->nullserver != NULL && !(v->flags & VF_NULLOK)) {
		if ((strcmp(v->name, "helo") == 0 || strcmp(v->name, "ehlo") == 0) &&
		    s->relay_refused)
			v->run(s, arg, line);
		else if (strcmp(v->name, "helo") == 0 || strcmp(v->name, "ehlo") == 0)
			reply_line(s, "554 5.5.0 SMTP protocol error");
		else
			reply_line(s, s->nullserver);
		return;
	}
	if ((v->flags & VF_NOPIPE) && !data_503(s, v) && smtp_in_pending(&s->in)) {
		protocol_error(s, v);
		return;
	}
	if ((v->flags & VF_SPACE) && disk_space.refusing) {
		reply_line(s, "452 4.4.5 Insufficient disk space; try again later");
		return;
	}
	slow_down(s, v->name);
	smtp_log_command(&s->log, v->name, line, s->env);
	v->run(s, arg, line);
}

/* set_peer_macros - ${client_*}, ${daemon_*}, ${if_*} and $_ */
static void
set_peer_macros(struct smtp_sess *s)
{
	const struct smtp_peer *p = s->peer;
	struct sm_buf b = SM_BUF_INIT(1024);

	if (p == NULL)
		return;
	if (p->daemon_name != NULL)
		macro_set_name(&s->smac, "{daemon_name}", p->daemon_name);
	if (p->daemon_flags != NULL)
		macro_set_name(&s->smac, "{daemon_flags}", p->daemon_flags);
	if (p->if_addr != NULL && *p->if_addr != '\0') {
		macro_set_name(&s->smac, "{if_addr}", p->if_addr);
		mset_num(&s->smac, "{if_port}", p->if_port);
	}
	if (p->addr == NULL || *p->addr == '\0') {
		/* -bs: sendmail's unset peer address prints as "0" */
		macro_set_name(&s->smac, "{client_addr}", "0");
		macro_set_name(&s->smac, "{client_port}", "0");
		sm_buf_free(&b);
		return;
	}
	macro_set_name(&s->smac, "{client_addr}", p->addr);
	macro_set_name(&s->smac, "{client_name}", p->name != NULL ? p->name : "");
	mset_num(&s->smac, "{client_port}", p->port);
	if (p->resolve != NULL)
		macro_set_name(&s->smac, "{client_resolve}", p->resolve);
	/* an address without a name is "[addr]" alone; a forged name is said */
	if (p->name == NULL || p->name[0] == '[')
		(void)sm_buf_printf(&b, "[%s]", p->addr);
	else
		(void)sm_buf_printf(&b, "%s [%s]%s", p->name, p->addr,
		    p->resolve != NULL && strcmp(p->resolve, "FORGED") == 0 ?
		    " (may be forged)" : "");
	macro_set_name(&s->smac, "_", sm_buf_str(&b));
	sm_buf_free(&b);
}

/* greet_lines - the 220 reply of text g (lines split at '\n') */
static void
greet_lines(struct smtp_sess *s, const char *p)
{
	const char *nl;

	for (;;) {
		nl = strchr(p, '\n');
		reply(s, "220%c%.*s", nl != NULL ? '-' : ' ',
		    (int)(nl != NULL ? (size_t)(nl - p) : strlen(p)), p);
		if (nl == NULL)
			return;
		p = nl + 1;
	}
}

/* greet - check_relay, then the 220: SmtpGreetingMessage with " ESMTP"
 * after its first word unless it says ESMTP itself, as sendmail does */
static void
greet(struct smtp_sess *s)
{
	const char *gm = s->cfg->opt.smtp_greeting;
	struct sm_buf g = SM_BUF_INIT(8192), t = SM_BUF_INIT(8200);
	const char *name = macro_get_name(&s->smac, "{client_name}");
	const char *addr = macro_get_name(&s->smac, "{client_addr}");
	size_t first;

	/* -bs (no peer address) runs no check_relay, as sendmail */
	if (s->peer != NULL && s->peer->addr != NULL && s->peer->addr[0] != '\0' &&
	    rscheck(s, "check_relay", name, addr, false, NULL) == 1) {
		s->nullserver = sm_strdup(sm_buf_str(&s->err));
		s->relay_refused = true;
	}
	(void)macro_expand(&s->smac, gm != NULL ? gm : "$j Sendmail $v ready at $b", &g);
	if (strstr(sm_buf_str(&g), "ESMTP") == NULL) {
		first = strcspn(g.data, " \t\n");
		(void)sm_buf_append(&t, g.data, first);
		(void)sm_buf_puts(&t, " ESMTP");
		(void)sm_buf_puts(&t, g.data + first);
		greet_lines(s, sm_buf_str(&t));
	} else
		greet_lines(s, sm_buf_str(&g));
	sm_buf_free(&g);
	sm_buf_free(&t);
}

/* set_delivery_mode - ${deliveryMode}: the DeliveryMode letter, which
 * sendmail's rulesets see from the greeting on.  Not 'd' (defer): our
 * map layer takes ${deliveryMode} d as "defer -D maps" (map_deferred),
 * which the real server does not do while it receives mail */
static void
set_delivery_mode(struct smtp_sess *s)
{
	char dm[2] = { s->cfg->opt.delivery_mode, '\0' };

	if (dm[0] == '\0')
		dm[0] = 'b';
	if (dm[0] != 'd')
		macro_set_name(&s->smac, "{deliveryMode}", dm);
}

/* session_init - set up s for one session */
static void
session_init(struct smtp_sess *s, struct config *cfg, int in_fd, int out_fd,
    const struct smtp_peer *peer)
{
	const char *j;

	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	s->peer = peer;
	s->out_fd = out_fd;
	smtp_in_init(&s->in, in_fd);
	s->in.before_block = flush_cb;
	s->in.ctx = s;
	s->in.timeout = cfg->opt.to.command;
	sm_buf_init(&s->out, SMTP_OUTMAX);
	sm_buf_init(&s->err, 8192);
	macros_init(&s->smac, &cfg->mac);
	set_peer_macros(s);
	set_delivery_mode(s);
	j = macro_get_name(&s->smac, "j");
	s->host = j != NULL ? j : "localhost";
	s->client = macro_get_name(&s->smac, "_");
	if (s->client == NULL)
		s->client = "localhost";
	smtp_log_init(&s->log, cfg, s->client, peer);
}

/* session_free - release what s holds */
static void
session_free(struct smtp_sess *s)
{
	reset_tx(s);
	free(s->nullserver);
	free(s->quarantine);
	free(s->helo);
	if (s->aliases != NULL)
		alias_close(s->aliases);
	macros_free(&s->smac);
	sm_buf_free(&s->out);
	sm_buf_free(&s->err);
}

/* lost_input - EOF or timeout while waiting for a command: logged
 * (smtp_log.c), the client is not answered */
static void
lost_input(struct smtp_sess *s)
{
	smtp_log_lost(&s->log, s->env, (s->state & ST_MAIL) != 0, s->in.timedout);
}

/* smtp_server_run - one SMTP session; returns an EX_* status */
int
smtp_server_run(struct config *cfg, int in_fd, int out_fd, const struct smtp_peer *peer)
{
	struct smtp_sess *s = sm_malloc(sizeof(*s));
	struct sm_buf line = SM_BUF_INIT(SMTP_MAXLINE + 2);
	int r;

	session_init(s, cfg, in_fd, out_fd, peer);
	greet(s);
	out_flush(s);
	while (!s->quit && !s->out_failed) {
#ifdef SMTP_HAVE_DELIVER
		deliver_pending_idle(s->cfg, s->in.fd, s->in.pos < s->in.len);
#endif
		r = read_command(s, &line);
		if (r < 0) {
			lost_input(s);
			break;
		}
		if (r > 0) {
			reply(s, "421 4.7.0 %s Command too long, possible attack %s",
			    s->host, s->client);
			break;
		}
#ifdef SMTP_HAVE_DELIVER
		deliver_pending_next(s->cfg, line.data != NULL ? line.data : "");
#endif
		dispatch(s, line.data != NULL ? line.data : (char *)"");
	}
	out_flush(s);
	smtp_log_end(&s->log, s->env);
	sm_buf_free(&line);
	r = s->status;
	session_free(s);
	free(s);
	return r;
}
