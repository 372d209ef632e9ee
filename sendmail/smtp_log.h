/*
 * smtp_log.h - the syslog lines of an SMTP session, in sendmail's words.
 *
 * CONTRACT (owner: smtp_log.c; caller: smtp_server.c, through one-line
 * hooks).  The server keeps one struct smtp_log per session, set up by
 * smtp_log_init, and calls the hooks at the points named below; each
 * hook decides from LogLevel whether its line is written (sm_log, under
 * the syslog facility the caller opened).  Every line starts with the
 * message's queue id: the envelope's, else the session's own (taken at
 * the first need, and handed to the next envelope by smtp_log_envelope,
 * so that rejections and the "from=" line of one transaction carry the
 * same id, as sendmail's do); "NOQUEUE" only before any exists.
 */
#ifndef SMTP_LOG_H
#define SMTP_LOG_H

#include "sm.h"
#include "collect.h"
#include "config.h"
#include "envelope.h"
#include "queue_id.h"
#include "smtp_server.h"

/* What the log needs to remember of one session. */
struct smtp_log {
	const struct config *cfg;
	char relay[512];		/* $_: "name [addr]", "root@localhost" */
	char host[256];			/* the client's name (timeouts) */
	char daemon[64];		/* ${daemon_name}, "stdin" for -bs */
	bool in_daemon;			/* a daemon child: "daemon=" in from= */
	char last[16];			/* the last command, lower case */
	bool issued;			/* MAIL, EXPN, VRFY or ETRN was given */
	bool bs;			/* -bs: no peer address */
	bool protocol_error;		/* input came where none may */
	char bodytype[16];		/* BODY= as given, kept at DATA */
	const struct envelope *logged;	/* the envelope whose from= is out */
	size_t probes;			/* VRFY/EXPN addresses answered 250/252
					 * since the last transaction, RSET
					 * or HELO */
	char id[QUEUE_ID_MAX];		/* the session's id, "" none yet */
};

/* smtp_log_init - set up l for a session with peer (NULL or no address:
 * -bs) whose $_ is relay; logs "NOQUEUE: connect from ..." (LogLevel
 * 10 and up) */
void smtp_log_init(struct smtp_log *l, const struct config *cfg, const char *relay,
    const struct smtp_peer *peer);

/* smtp_log_command - note command verb (lower case; line as given)
 * about to run on e (may be NULL): VRFY, EXPN and ETRN are logged
 * ("RELAY: VRFY root", LogLevel 6 and up); at DATA the BODY= value of e
 * is kept for from= */
void smtp_log_command(struct smtp_log *l, const char *verb, const char *line,
    const struct envelope *e);

/* smtp_log_attack - the slow-down of command cmd ("VRFY", "NOOP",
 * "HELO/EHLO" ...) starts at its count'th: "RELAY: possible SMTP
 * attack: command=CMD, count=N" (LogLevel 6 and up); the caller logs
 * it once, before smtp_log_command */
void smtp_log_attack(struct smtp_log *l, const struct envelope *e, const char *cmd, int count);

/* smtp_log_envelope - a new envelope e (at MAIL) takes the session's
 * queue id and $i, as sendmail gives the id at MAIL; queue_df_open
 * keeps it */
void smtp_log_envelope(struct smtp_log *l, struct envelope *e);

/* smtp_log_check - a check_* ruleset's verdict (1 refused with reply, 2
 * discard; 0 logs nothing): "ruleset=NAME, arg1=A[, arg2=B], relay=R,
 * reject=REPLY" or "..., discard" (LogLevel 4 and up) */
void smtp_log_check(struct smtp_log *l, const struct envelope *e, const char *ruleset,
    const char *arg1, const char *arg2, int verdict, const char *reply);

/* smtp_log_from - the "from=" line of the just-queued e (LogLevel 5
 * and up) */
void smtp_log_from(struct smtp_log *l, const struct envelope *e);

/* smtp_log_discard - e was discarded after its text: from=, then
 * "discarded" */
void smtp_log_discard(struct smtp_log *l, const struct envelope *e);

/* smtp_log_abort - e is dropped (RSET, HELO, QUIT, a lost channel);
 * when MAIL had been accepted (mail) and e was neither queued nor
 * discarded, its from= line with size=0 */
void smtp_log_abort(struct smtp_log *l, const struct envelope *e, bool mail);

/* smtp_log_refused - the text after DATA was refused (r): too big
 * (from= with the size and msgid, "message size (N) exceeds maximum
 * (M)" at LogLevel 7, a "to=" line per recipient at 9), a header too
 * long ("headers too large (M max) from HOST during message collect" at
 * every LogLevel, then as too big), cut short by the client ("collect:
 * premature EOM: unexpected close", LogLevel 2; "collect: relay=HOST,
 * from=..., info=unexpected close", 1; from= with the bytes read, no
 * msgid), timed out ("SYSERR(user): collect: relay=HOST, from=...,
 * info=read timeout", LOG_CRIT, 1; from=) or stopped at a bare LF or CR
 * ("collect: relay=HOST, from=..., info=Bare linefeed (LF) not allowed,
 * where=body, status=tempfail", 1; from=); e gets its size, and its
 * header completed when it is refused for its size */
void smtp_log_refused(struct smtp_log *l, struct envelope *e, const struct collect_result *r);

/* smtp_log_probe - a VRFY was answered 250 or 252, or an EXPN met a
 * member (smtp_expn): sendmail counts each as a recipient of the
 * session's next (or current)
 * transaction, in the from= line's nrcpts= and in the priority; RSET,
 * HELO and the end of a transaction forget the count */
void smtp_log_probe(struct smtp_log *l);

/* smtp_log_priority - e's initial priority (queue_priority) with the
 * probes counted as recipients, as sendmail's qf P line has it */
long smtp_log_priority(const struct smtp_log *l, const struct envelope *e);

/* smtp_log_protocol - input came where none may, before command verb:
 * "rejecting server VERB from HOST [ADDR] due to traffic before
 * response" (every LogLevel); no "did not issue" line follows */
void smtp_log_protocol(struct smtp_log *l, const struct envelope *e, const char *verb);

/* smtp_log_lost - the input ended (EOF, or timedout) while waiting for
 * a command: "timeout waiting for input from HOST during server cmd
 * read", then "lost input channel from RELAY to DAEMON after VERB"
 * (LogLevel 2 and up; without a transaction (in_tx) 20 and up) */
void smtp_log_lost(struct smtp_log *l, const struct envelope *e, bool in_tx, bool timedout);

/* smtp_log_end - the session ends: "RELAY did not issue
 * MAIL/EXPN/VRFY/ETRN during connection to DAEMON" when none of them
 * came (LogLevel 6 and up) */
void smtp_log_end(struct smtp_log *l, const struct envelope *e);

#endif
