/*
 * transcript.h - the verbose delivery transcript (sendmail -v, SMTP VERB).
 *
 * CONTRACT (owner: transcript.c; callers: submit.c and queue_run.c turn
 * it on for -v, smtp_server.c for VERB (and off again: tr_off); deliver.c,
 * alias.c and queue_run.c say what happens).  Off until tr_stdout or
 * tr_smtp is called; every tr_*
 * that says something is a no-op while off.  Lines are written at once
 * (write(2), stdout flushed first), so a forked delivery child's lines
 * come out in order with its parent's.  The formats are sendmail 8.17's:
 * "addr... Connecting to mailer...", "addr... Sent", and for -q
 * "\nRunning dir/ID (sequence i of n)".
 */
#ifndef TRANSCRIPT_H
#define TRANSCRIPT_H

#include "sm.h"
#include "mailer.h"

/* tr_stdout - from now on the transcript goes to standard output */
void tr_stdout(void);

/* tr_smtp - from now on it goes to fd as "050 " reply lines (CRLF) */
void tr_smtp(int fd);

/* tr_off - from now on no transcript (the end of a VERB delivery) */
void tr_off(void);

/* tr_active - whether a transcript is being written */
bool tr_active(void);

/* tr_say - one line of the transcript (no newline in fmt) */
void tr_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* tr_alias - "addr... aliased to value", unless tr_alias_mute(true) */
void tr_alias(const char *addr, const char *value);

/* tr_alias_mute - while on, tr_alias says nothing (a VERB session's
 * delivery: it printed them at RCPT already, as sendmail does) */
void tr_alias_mute(bool on);

/* tr_connect - "addr... Connecting to name..." before mailer m runs for
 * addr (nothing for the *file* mailer, as sendmail) */
void tr_connect(const char *addr, const struct mailer *m);

/* tr_result - "addr... text": the outcome (EX_* status) of one delivery;
 * nothing for a permanent failure (sendmail mails or saves those, it
 * does not echo them).  Called for every delivery, transcript or not:
 * it also remembers the permanent failure for tr_exit_status */
void tr_result(const char *addr, int status, const char *text);

/* tr_fail - remember status (an EX_* code) for tr_exit_status when it
 * is a permanent failure; for a recipient that failed before any mailer
 * ran (an unknown user met in alias expansion), nothing is printed */
void tr_fail(int status);

/* tr_exit_status - the EX_* status of the first permanent failure of a
 * delivery in this process (sendmail's ExitStat after an interactive
 * delivery: 69 for a failed program, 67 for an unknown user), EX_OK
 * when there was none, or when ErrorMode e mailed it (tr_error_mode) */
int tr_exit_status(void);

/* tr_cmdline - the deliveries that follow in this process are those of
 * a command-line submission (sendmail addr...): interactive (-odi, -v)
 * or not, with ErrorMode error_mode (p q m w e).  Called by submit.c
 * before it delivers; never for queue runs and SMTP sessions. */
void tr_cmdline(bool interactive, char error_mode);

/* tr_is_cmdline - whether tr_cmdline was called: the envelope sender
 * then controls the local deliveries with the invoking user's ids when
 * it is no local user (deliver.c's ctladdr=) */
bool tr_is_cmdline(void);

/* tr_error_mode - how the permanent failures of this process's
 * deliveries reach the sender, as the real 8.17 reports them: the
 * ErrorMode of an interactive command-line delivery; 'm' (a bounce)
 * for anything else: background deliveries (whatever ErrorMode says),
 * queue runs, SMTP sessions.  q: not at all; p: ~/dead.letter (submit.c);
 * m, w: a bounce; e: a bounce, and exit status 0 (tr_exit_status) */
char tr_error_mode(void);

#endif
