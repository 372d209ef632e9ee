/*
 * smtp_log.c - the syslog lines of an SMTP session, in sendmail's words.
 *
 * Owns what sendmail 8.17 logs while it receives mail, measured against
 * the real one (test/t/4020-smtp-syslog.t), with the LogLevel each line
 * needs and its priority:
 *
 *   ID: from=<a@b>, size=N, class=C, nrcpts=N[, msgid=<..>][, bodytype=B],
 *       proto=ESMTP[, daemon=NAME], relay=RELAY           info, 5
 *     (for every transaction that got past MAIL: queued, discarded, or
 *     dropped by RSET/HELO/QUIT/a lost channel with size=0, no msgid)
 *   ID: ruleset=check_rcpt, arg1=<x>, relay=RELAY, reject=550 ...  notice, 4
 *   ID: ruleset=check_rcpt, arg1=<x>, relay=RELAY, discard        notice, 4
 *   ID: discarded                                                info, 5
 *   ID: timeout waiting for input from HOST during server cmd read notice, 2
 *   ID: lost input channel from RELAY to DAEMON after VERB       notice, 2
 *     (only inside a transaction; outside one LogLevel 20)
 *   ID: RELAY did not issue MAIL/EXPN/VRFY/ETRN during connection to
 *       DAEMON                                                   info, 6
 *   ID: RELAY: VRFY root (the command line; EXPN, ETRN too)       info, 6
 *   ID: RELAY: possible SMTP attack: command=VRFY, count=6       info, 6
 *     (once, when the slow-down of VRFY/EXPN, NOOP (20), ETRN (8) or
 *     HELO/EHLO (3) starts; before that command's own line)
 *   NOQUEUE: connect from RELAY                                  info, 10
 *   NOQUEUE: ruleset=check_relay, arg1=NAME, arg2=ADDR, ...      notice, 4
 *
 * RELAY is $_ ("name [addr]"; "root@localhost" for -bs), DAEMON the
 * DaemonPortOptions Name= ("stdin" for -bs), class the Precedence:
 * header's value from the cf's P lines.
 *
 *   ID: rejecting server HELO from HOST due to traffic before response
 *                                                   info, always
 *   ID: message size (N) exceeds maximum (M)                     notice, 7
 *     (after from=, then "to=ADDR, delay=..., pri=..., stat=Message
 *     exceeds maximum fixed size (M)" per recipient, info, 9)
 *   ID: collect: premature EOM: unexpected close                 warning, 2
 *   ID: collect: relay=HOST, from=<a@b>, info=unexpected close   notice, 1
 *   ID: SYSERR(user): collect: relay=HOST, from=<a@b>, info=read timeout
 *                                                                crit, 1
 *   ID: collect: relay=HOST, from=<a@b>, info=Bare linefeed (LF) not
 *       allowed, where=body, status=tempfail (or CR; where=header)
 *                                                                notice, 1
 *     (each then from= with the bytes read and the body type, no msgid:
 *     size=N counts what was stored before the bare LF or CR, or before
 *     the end)
 *   ID: headers too large (M max) from HOST during message collect
 *                                                         notice, always
 *     (then from= with its size and msgid and the to= lines as for a
 *     message too big, "stat=Headers too large (M max)")
 *
 * HOST is the client's name ("localhost" for -bs), not RELAY.  A VRFY
 * answered 250 or 252, and each member an EXPN meets, count as one
 * more recipient of the session's next transaction (from= nrcpts=, the
 * priority and so the qf's P line), as the real one counts them, until
 * RSET, HELO or the end of that transaction (smtp_log_probe).
 *
 * Missing: milter lines, the quarantine line, I/O errors while reading
 * the text (only the from= line of the dropped transaction), AUTH and
 * STARTTLS lines; "NOQUEUE: ruleset=check_relay" is as remembered, not
 * measured.
 */
#include "sm.h"
#include "smtp_log.h"
#include "dsn.h"
#include "headers.h"
#include "macro.h"
#include "queue.h"

#include <pwd.h>

#define LOG_MAXLINE	4096

/* What a from= line shows beside the sender and the recipients. */
#define FROM_SIZE	0x1	/* size= the bytes read (else 0) */
#define FROM_MSGID	0x2	/* msgid= of the completed header */
#define FROM_BODY	0x4	/* bodytype= */
#define FROM_QUEUED	(FROM_SIZE | FROM_MSGID | FROM_BODY)

/* loglevel - the configured LogLevel */
static int
loglevel(const struct smtp_log *l)
{
	return l->cfg->opt.log_level;
}

/* line_id - the id the lines about e start with */
static const char *
line_id(struct smtp_log *l, const struct envelope *e)
{
	if (e != NULL && e->id[0] != '\0')
		return e->id;
	if (l->id[0] == '\0' && queue_id_new(l->id, sizeof(l->id)) < 0)
		l->id[0] = '\0';
	return l->id[0] != '\0' ? l->id : "NOQUEUE";
}

/* put - one line "ID: text" at prio */
static void
put(struct smtp_log *l, const struct envelope *e, int prio, const char *text)
{
	sm_log(prio, "%s: %s", line_id(l, e), text);
}

/* smtp_log_init - see smtp_log.h */
void
smtp_log_init(struct smtp_log *l, const struct config *cfg, const char *relay,
    const struct smtp_peer *peer)
{
	bool bs = peer == NULL || peer->addr == NULL || peer->addr[0] == '\0';

	memset(l, 0, sizeof(*l));
	l->cfg = cfg;
	(void)sm_strlcpy(l->relay, relay != NULL ? relay : "localhost", sizeof(l->relay));
	(void)sm_strlcpy(l->host, !bs && peer->name != NULL && peer->name[0] != '\0' ?
	    peer->name : "localhost", sizeof(l->host));
	l->bs = bs;
	l->in_daemon = !bs && peer->daemon_name != NULL;
	(void)sm_strlcpy(l->daemon, l->in_daemon ? peer->daemon_name : "stdin",
	    sizeof(l->daemon));
	if (loglevel(l) >= 10)
		sm_log(LOG_INFO, "NOQUEUE: connect from %s", l->relay);
}

/* smtp_log_command - see smtp_log.h */
void
smtp_log_command(struct smtp_log *l, const char *verb, const char *line,
    const struct envelope *e)
{
	bool probe = strcmp(verb, "expn") == 0 || strcmp(verb, "vrfy") == 0 ||
	    strcmp(verb, "etrn") == 0;

	(void)sm_strlcpy(l->last, verb, sizeof(l->last));
	if (probe || strcmp(verb, "mail") == 0)
		l->issued = true;
	if (probe && loglevel(l) >= 6)
		sm_log(LOG_INFO, "%s: %s: %.*s", line_id(l, e), l->relay, LOG_MAXLINE / 2, line);
	if (strcmp(verb, "data") == 0)
		(void)sm_strlcpy(l->bodytype, e != NULL && e->body_type != NULL ?
		    e->body_type : "", sizeof(l->bodytype));
}

/* smtp_log_attack - see smtp_log.h */
void
smtp_log_attack(struct smtp_log *l, const struct envelope *e, const char *cmd, int count)
{
	if (loglevel(l) >= 6)
		sm_log(LOG_INFO, "%s: %s: possible SMTP attack: command=%s, count=%d",
		    line_id(l, e), l->relay, cmd, count);
}

/* smtp_log_envelope - see smtp_log.h */
void
smtp_log_envelope(struct smtp_log *l, struct envelope *e)
{
	const char *id;

	if (e == NULL || e->id[0] != '\0')
		return;
	id = line_id(l, NULL);
	if (strcmp(id, "NOQUEUE") == 0)
		return;
	(void)sm_strlcpy(e->id, id, sizeof(e->id));
	macro_set(&e->mac, 'i', e->id);
	l->bodytype[0] = '\0';
}

/* smtp_log_check - see smtp_log.h */
void
smtp_log_check(struct smtp_log *l, const struct envelope *e, const char *ruleset,
    const char *arg1, const char *arg2, int verdict, const char *reply)
{
	struct sm_buf b = SM_BUF_INIT(LOG_MAXLINE);

	if ((verdict != 1 && verdict != 2) || loglevel(l) < 4)
		return;
	(void)sm_buf_printf(&b, "ruleset=%s, arg1=%s", ruleset, arg1 != NULL ? arg1 : "");
	if (arg2 != NULL)
		(void)sm_buf_printf(&b, ", arg2=%s", arg2);
	(void)sm_buf_printf(&b, ", relay=%s, ", l->relay);
	if (verdict == 2)
		(void)sm_buf_puts(&b, "discard");
	else
		(void)sm_buf_printf(&b, "reject=%s", reply != NULL ? reply : "");
	if (e == NULL && strcmp(ruleset, "check_relay") == 0)	/* at connect: no id yet */
		sm_log(LOG_NOTICE, "NOQUEUE: %s", sm_buf_str(&b));
	else
		put(l, e, LOG_NOTICE, sm_buf_str(&b));
	sm_buf_free(&b);
}

/* msgid - the Message-Id header's value of e without its leading blanks */
static const char *
msgid(const struct envelope *e)
{
	const struct header *h = env_header(e, "Message-Id");
	const char *p;

	if (h == NULL || h->value == NULL)
		return NULL;
	for (p = h->value; isspace((unsigned char)*p); p++)
		;
	return *p != '\0' ? p : NULL;
}

/* from_line - the from= line of e; what (FROM_*): which of the size,
 * msgid and body type are known; the VRFY/EXPN probes of the
 * transaction count as recipients, as sendmail's do */
static void
from_line(struct smtp_log *l, const struct envelope *e, unsigned what)
{
	struct sm_buf b = SM_BUF_INIT(LOG_MAXLINE);
	const char *r = macro_get(&e->mac, 'r'), *mid = (what & FROM_MSGID) ? msgid(e) : NULL;
	size_t probes = l->probes;

	l->logged = e;
	l->id[0] = '\0';	/* the id is used up: the next envelope gets another */
	l->probes = 0;
	if (loglevel(l) < 5)
		return;
	(void)sm_buf_printf(&b, "from=%s, size=%ld, class=%d, nrcpts=%zu",
	    e->sender != NULL ? e->sender : "<>",
	    (what & FROM_SIZE) && e->msg_size > 0 ? e->msg_size : 0,
	    dsn_precedence_class(l->cfg, e), e->nrcpts + probes);
	if (mid != NULL)
		(void)sm_buf_printf(&b, ", msgid=%s", mid);
	if ((what & FROM_BODY) && l->bodytype[0] != '\0')
		(void)sm_buf_printf(&b, ", bodytype=%s", l->bodytype);
	(void)sm_buf_printf(&b, ", proto=%s", r != NULL ? r : "SMTP");
	if (l->in_daemon)
		(void)sm_buf_printf(&b, ", daemon=%s", l->daemon);
	(void)sm_buf_printf(&b, ", relay=%s", l->relay);
	put(l, e, LOG_INFO, sm_buf_str(&b));
	sm_buf_free(&b);
}

/* smtp_log_from - see smtp_log.h */
void
smtp_log_from(struct smtp_log *l, const struct envelope *e)
{
	if (e != NULL)
		from_line(l, e, FROM_QUEUED);
}

/* smtp_log_discard - see smtp_log.h */
void
smtp_log_discard(struct smtp_log *l, const struct envelope *e)
{
	if (e == NULL)
		return;
	from_line(l, e, FROM_QUEUED);
	if (loglevel(l) >= 5)
		put(l, e, LOG_INFO, "discarded");
}

/* smtp_log_abort - see smtp_log.h */
void
smtp_log_abort(struct smtp_log *l, const struct envelope *e, bool mail)
{
	if (e == NULL || e == l->logged) {
		l->logged = NULL;
		if (e == NULL)
			l->probes = 0;	/* RSET, HELO: sendmail's envelope is new */
		return;
	}
	if (mail && e->qf_path == NULL)
		from_line(l, e, 0);
	l->logged = NULL;
}

/* smtp_log_probe - see smtp_log.h */
void
smtp_log_probe(struct smtp_log *l)
{
	l->probes++;
}

/* rcpt_lines - a "to=" line per recipient of the refused e (LogLevel
 * 9 and up), with stat=STAT */
static void
rcpt_lines(struct smtp_log *l, const struct envelope *e, const char *stat)
{
	char text[LOG_MAXLINE], delay[32];
	size_t i;

	sm_pintvl(time(NULL) - e->ctime, delay, sizeof(delay));
	for (i = 0; i < e->nrcpts && loglevel(l) >= 9; i++) {
		(void)sm_snprintf(text, sizeof(text), "to=%s, delay=%s, pri=%ld, stat=%s",
		    e->rcpts[i].addr, delay, e->priority, stat);
		put(l, e, LOG_INFO, text);
	}
}

/* too_big - the lines of a message over MaxMessageSize */
static void
too_big(struct smtp_log *l, struct envelope *e, const struct collect_result *r)
{
	long max = l->cfg->opt.max_message_size;
	char text[LOG_MAXLINE];

	e->priority = smtp_log_priority(l, e);
	from_line(l, e, FROM_QUEUED);
	if (loglevel(l) >= 7) {
		(void)sm_snprintf(text, sizeof(text), "message size (%ld) exceeds maximum (%ld)",
		    r->size, max);
		put(l, e, LOG_NOTICE, text);
	}
	(void)sm_snprintf(text, sizeof(text), "Message exceeds maximum fixed size (%ld)", max);
	rcpt_lines(l, e, text);
}

/* hdr_too_long - the lines of a header over MaxHeadersLength: the first
 * at every LogLevel */
static void
hdr_too_long(struct smtp_log *l, struct envelope *e)
{
	int max = l->cfg->opt.max_headers_length;
	char text[LOG_MAXLINE];

	(void)sm_snprintf(text, sizeof(text), "headers too large (%d max) from %s during "
	    "message collect", max, l->host);
	put(l, e, LOG_NOTICE, text);
	e->priority = smtp_log_priority(l, e);
	from_line(l, e, FROM_QUEUED);
	(void)sm_snprintf(text, sizeof(text), "Headers too large (%d max)", max);
	rcpt_lines(l, e, text);
}

/* collect_line - "collect: relay=HOST, from=<a@b>, info=INFO[MORE]" */
static void
collect_line(struct smtp_log *l, const struct envelope *e, char *text, size_t size,
    const char *info, const char *more)
{
	(void)sm_snprintf(text, size, "collect: relay=%s, from=%s, info=%s%s", l->host,
	    e->sender != NULL ? e->sender : "<>", info, more);
}

/* cut_short - the lines of a text the client did not finish */
static void
cut_short(struct smtp_log *l, struct envelope *e)
{
	const char *info = "unexpected close";
	char text[LOG_MAXLINE];

	if (loglevel(l) >= 2) {
		(void)sm_snprintf(text, sizeof(text), "collect: premature EOM: %s", info);
		put(l, e, LOG_WARNING, text);
	}
	if (loglevel(l) >= 1) {
		collect_line(l, e, text, sizeof(text), info, "");
		put(l, e, LOG_NOTICE, text);
	}
	from_line(l, e, FROM_SIZE | FROM_BODY);
}

/* timed_out - the lines of a text that stopped coming: sendmail's
 * syserr, "SYSERR(user): collect: ...", at LOG_CRIT */
static void
timed_out(struct smtp_log *l, struct envelope *e)
{
	char text[LOG_MAXLINE], user[64];
	struct passwd *pw = getpwuid(getuid());

	if (pw != NULL)
		(void)sm_strlcpy(user, pw->pw_name, sizeof(user));
	else
		(void)sm_snprintf(user, sizeof(user), "%ld", (long)getuid());
	if (loglevel(l) >= 1) {
		collect_line(l, e, text, sizeof(text), "read timeout", "");
		sm_log(LOG_CRIT, "%s: SYSERR(%s): %s", line_id(l, e), user, text);
	}
	from_line(l, e, FROM_SIZE | FROM_BODY);
}

/* bare_eol - the lines of a text stopped at a bare LF or CR */
static void
bare_eol(struct smtp_log *l, struct envelope *e, const struct collect_result *r)
{
	char text[LOG_MAXLINE];

	if (loglevel(l) >= 1) {
		collect_line(l, e, text, sizeof(text), r->status == COLLECT_BARE_LF ?
		    "Bare linefeed (LF) not allowed" : "Bare carriage return (CR) not allowed",
		    r->bare_in_header ? ", where=header, status=tempfail" :
		    ", where=body, status=tempfail");
		put(l, e, LOG_NOTICE, text);
	}
	from_line(l, e, FROM_SIZE | FROM_BODY);
}

/* smtp_log_priority - see smtp_log.h */
long
smtp_log_priority(const struct smtp_log *l, const struct envelope *e)
{
	return queue_priority(l->cfg, e) + (long)l->probes * l->cfg->opt.recipient_factor;
}

/* smtp_log_refused - see smtp_log.h */
void
smtp_log_refused(struct smtp_log *l, struct envelope *e, const struct collect_result *r)
{
	char g[1024];
	size_t n;

	if (e == NULL)
		return;
	e->msg_size = r->size;
	if (r->status == COLLECT_TOO_BIG || r->status == COLLECT_HDR_TOO_LONG) {
		n = e->sender != NULL ? strlen(e->sender) : 0;
		if (n > 2 && e->sender[0] == '<' && e->sender[n - 1] == '>')
			(void)sm_snprintf(g, sizeof(g), "%.*s", (int)(n - 2), e->sender + 1);
		else
			(void)sm_strlcpy(g, n > 2 ? e->sender : "MAILER-DAEMON", sizeof(g));
		headers_complete(l->cfg, e, g);		/* its msgid, as sendmail's */
		if (r->status == COLLECT_TOO_BIG)
			too_big(l, e, r);
		else
			hdr_too_long(l, e);
	} else if (r->status == COLLECT_EOF)
		cut_short(l, e);
	else if (r->status == COLLECT_TIMEOUT)
		timed_out(l, e);
	else if (r->status == COLLECT_BARE_LF || r->status == COLLECT_BARE_CR)
		bare_eol(l, e, r);
}

/* smtp_log_protocol - see smtp_log.h */
void
smtp_log_protocol(struct smtp_log *l, const struct envelope *e, const char *verb)
{
	char text[LOG_MAXLINE], up[16];
	size_t i;

	for (i = 0; verb[i] != '\0' && i + 1 < sizeof(up); i++)
		up[i] = (char)toupper((unsigned char)verb[i]);
	up[i] = '\0';
	l->protocol_error = true;
	(void)sm_snprintf(text, sizeof(text), "rejecting server %s from %s due to traffic "
	    "before response", up, l->bs ? "localhost [0]" : l->relay);
	put(l, e, LOG_INFO, text);
}

/* smtp_log_lost - see smtp_log.h */
void
smtp_log_lost(struct smtp_log *l, const struct envelope *e, bool in_tx, bool timedout)
{
	char text[LOG_MAXLINE];

	if (timedout && loglevel(l) >= 2) {
		(void)sm_snprintf(text, sizeof(text),
		    "timeout waiting for input from %s during server cmd read", l->host);
		put(l, e, LOG_NOTICE, text);
	}
	if (loglevel(l) < (in_tx ? 2 : 20))
		return;
	(void)sm_snprintf(text, sizeof(text), "lost input channel from %s to %s after %s",
	    l->relay, l->daemon, l->last[0] != '\0' ? l->last : "connect");
	put(l, e, LOG_NOTICE, text);
}

/* smtp_log_end - see smtp_log.h */
void
smtp_log_end(struct smtp_log *l, const struct envelope *e)
{
	char text[LOG_MAXLINE];

	if (l->issued || l->protocol_error || loglevel(l) < 6)
		return;
	(void)sm_snprintf(text, sizeof(text),
	    "%s did not issue MAIL/EXPN/VRFY/ETRN during connection to %s", l->relay, l->daemon);
	put(l, e, LOG_INFO, text);
}
