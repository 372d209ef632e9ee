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
 *   ID: collect: relay=RELAY, from=<a@b>, info=unexpected close  notice, 1
 *
 * Missing: milter lines, the quarantine line, the other refusals of the
 * text (bare LF/CR, headers too long, I/O errors, a timeout inside the
 * text: only the from= line of the dropped transaction), AUTH and STARTTLS
 * lines; "NOQUEUE: ruleset=check_relay" is as remembered, not measured.
 */
#include "sm.h"
#include "smtp_log.h"
#include "dsn.h"
#include "headers.h"
#include "macro.h"
#include "queue.h"

#define LOG_MAXLINE	4096

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

/* from_line - the from= line of e; queued: the message's size, msgid
 * and body type are known */
static void
from_line(struct smtp_log *l, const struct envelope *e, bool queued)
{
	struct sm_buf b = SM_BUF_INIT(LOG_MAXLINE);
	const char *r = macro_get(&e->mac, 'r'), *mid = queued ? msgid(e) : NULL;

	l->logged = e;
	l->id[0] = '\0';	/* the id is used up: the next envelope gets another */
	if (loglevel(l) < 5)
		return;
	(void)sm_buf_printf(&b, "from=%s, size=%ld, class=%d, nrcpts=%zu",
	    e->sender != NULL ? e->sender : "<>", queued && e->msg_size > 0 ? e->msg_size : 0,
	    dsn_precedence_class(l->cfg, e), e->nrcpts);
	if (mid != NULL)
		(void)sm_buf_printf(&b, ", msgid=%s", mid);
	if (queued && l->bodytype[0] != '\0')
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
		from_line(l, e, true);
}

/* smtp_log_discard - see smtp_log.h */
void
smtp_log_discard(struct smtp_log *l, const struct envelope *e)
{
	if (e == NULL)
		return;
	from_line(l, e, true);
	if (loglevel(l) >= 5)
		put(l, e, LOG_INFO, "discarded");
}

/* smtp_log_abort - see smtp_log.h */
void
smtp_log_abort(struct smtp_log *l, const struct envelope *e, bool mail)
{
	if (e == NULL || e == l->logged) {
		l->logged = NULL;
		return;
	}
	if (mail && e->qf_path == NULL)
		from_line(l, e, false);
	l->logged = NULL;
}

/* too_big - the lines of a message over MaxMessageSize */
static void
too_big(struct smtp_log *l, struct envelope *e, const struct collect_result *r)
{
	long max = l->cfg->opt.max_message_size;
	char text[LOG_MAXLINE], delay[32];
	size_t i;

	e->priority = queue_priority(l->cfg, e);
	from_line(l, e, true);
	if (loglevel(l) >= 7) {
		(void)sm_snprintf(text, sizeof(text), "message size (%ld) exceeds maximum (%ld)",
		    r->size, max);
		put(l, e, LOG_NOTICE, text);
	}
	sm_pintvl(time(NULL) - e->ctime, delay, sizeof(delay));
	for (i = 0; i < e->nrcpts && loglevel(l) >= 9; i++) {
		(void)sm_snprintf(text, sizeof(text), "to=%s, delay=%s, pri=%ld, "
		    "stat=Message exceeds maximum fixed size (%ld)", e->rcpts[i].addr, delay,
		    e->priority, max);
		put(l, e, LOG_INFO, text);
	}
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
		(void)sm_snprintf(text, sizeof(text), "collect: relay=%s, from=%s, info=%s",
		    l->bs ? "localhost" : l->relay, e->sender != NULL ? e->sender : "<>", info);
		put(l, e, LOG_NOTICE, text);
	}
	from_line(l, e, true);
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
	if (r->status == COLLECT_TOO_BIG) {
		n = e->sender != NULL ? strlen(e->sender) : 0;
		if (n > 2 && e->sender[0] == '<' && e->sender[n - 1] == '>')
			(void)sm_snprintf(g, sizeof(g), "%.*s", (int)(n - 2), e->sender + 1);
		else
			(void)sm_strlcpy(g, n > 2 ? e->sender : "MAILER-DAEMON", sizeof(g));
		headers_complete(l->cfg, e, g);		/* its msgid, as sendmail's */
		too_big(l, e, r);
	} else if (r->status == COLLECT_EOF)
		cut_short(l, e);
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
