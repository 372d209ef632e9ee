/*
 * transcript.c - the verbose delivery transcript (sendmail -v, SMTP VERB).
 *
 * Owns where the transcript goes and how its lines look.  sendmail 8.17,
 * measured with -v (test/t/6201-verbose.t): every mailer run is announced
 * as "addr... Connecting to local..." ("prog" for a program; nothing
 * for a file), every delivery ends with "addr... Sent" or its deferral
 * text (a permanent failure is not echoed: it is bounced or saved in
 * dead.letter); each alias met is "name... aliased to value"; a -q -v run prints an empty line and "Running dir/ID (sequence
 * i of n)" before each message.  After VERB in an SMTP session the same
 * lines go to the client as "050 " replies (smtp_server.c: the "aliased
 * to" lines at RCPT, the rest before the 250 to the text; the aliases
 * are muted while it delivers, as sendmail does not repeat them).
 * It also keeps the status of the first permanent failure of a delivery
 * in this process (tr_exit_status), transcript or not: sendmail's
 * ExitStat after an interactive delivery (69, 67), which submit.c and
 * smtp_server.c exit with.
 *
 * Turned on by submit.c (-v), main.c (-q -v) and smtp_server.c (VERB).
 *
 * It also keeps, for the process, whether its deliveries are a
 * command-line submission's and, for an interactive one, its ErrorMode
 * (tr_cmdline): measured against 8.17 with a failing program, -odi
 * -oeq sends no bounce (exit 69), -oep none either but saves the
 * message in ~/dead.letter (submit.c), -oem and -oew bounce (exit 69),
 * -oee bounces and exits 0; in background mode (-odb) and in queue
 * runs every ErrorMode bounces (dsn.c asks tr_error_mode).
 *
 * Missing: the LMTP and SMTP client dialogue lines (">>> DATA",
 * "<<< 250 ..."), "Closing connection to" lines.
 */
#include "sm.h"
#include "transcript.h"
#include "banned.h"

enum tr_mode { TR_OFF, TR_STDOUT, TR_SMTP };

static enum tr_mode tr_mode = TR_OFF;
static int tr_fd = -1;
static bool tr_alias_muted;
static int tr_failed = EX_OK;	/* the first permanent failure's status */
static bool tr_cmd;		/* a command-line submission's deliveries */
static char tr_emode = 'm';	/* how their failures are reported */

/* tr_stdout - see transcript.h */
void
tr_stdout(void)
{
	tr_mode = TR_STDOUT;
	tr_fd = STDOUT_FILENO;
}

/* tr_smtp - see transcript.h */
void
tr_smtp(int fd)
{
	tr_mode = TR_SMTP;
	tr_fd = fd;
}

/* tr_off - see transcript.h */
void
tr_off(void)
{
	tr_mode = TR_OFF;
	tr_fd = -1;
}

/* tr_active - see transcript.h */
bool
tr_active(void)
{
	return tr_mode != TR_OFF;
}

/* write_all - all of buf to fd; errors are ignored (the peer went away) */
static void
write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* tr_say - see transcript.h */
void
tr_say(const char *fmt, ...)
{
	struct sm_buf line = SM_BUF_INIT(4096);
	va_list ap;

	if (tr_mode == TR_OFF)
		return;
	if (tr_mode == TR_SMTP)
		(void)sm_buf_puts(&line, "050 ");
	va_start(ap, fmt);
	(void)sm_buf_vprintf(&line, fmt, ap);
	va_end(ap);
	(void)sm_buf_puts(&line, tr_mode == TR_SMTP ? "\r\n" : "\n");
	if (tr_mode == TR_STDOUT)
		(void)fflush(stdout);
	write_all(tr_fd, sm_buf_str(&line), line.len);
	sm_buf_free(&line);
}

/* tr_alias - see transcript.h */
void
tr_alias(const char *addr, const char *value)
{
	if (!tr_alias_muted)
		tr_say("%s... aliased to %s", addr, value);
}

/* tr_alias_mute - see transcript.h */
void
tr_alias_mute(bool on)
{
	tr_alias_muted = on;
}

/* tr_connect - see transcript.h */
void
tr_connect(const char *addr, const struct mailer *m)
{
	if (m == NULL || (m->path != NULL && strcmp(m->path, "[FILE]") == 0))
		return;
	tr_say("%s... Connecting to %s...", addr, m->name);
}

/* tr_result - see transcript.h */
void
tr_result(const char *addr, int status, const char *text)
{
	if (status == EX_OK || status == EX_TEMPFAIL || status == EX_OSERR ||
	    status == EX_IOERR)
		tr_say("%s... %s", addr, text);
	else
		tr_fail(status);
}

/* tr_fail - see transcript.h */
void
tr_fail(int status)
{
	if (status != EX_OK && status != EX_TEMPFAIL && status != EX_OSERR &&
	    status != EX_IOERR && tr_failed == EX_OK)
		tr_failed = status;	/* the first wins (measured: 73, then 67: 73) */
}

/* tr_exit_status - see transcript.h */
int
tr_exit_status(void)
{
	return tr_emode == 'e' ? EX_OK : tr_failed;
}

/* tr_cmdline - see transcript.h */
void
tr_cmdline(bool interactive, char error_mode)
{
	tr_cmd = true;
	tr_emode = interactive && error_mode != '\0' ? error_mode : 'm';
}

/* tr_is_cmdline - see transcript.h */
bool
tr_is_cmdline(void)
{
	return tr_cmd;
}

/* tr_error_mode - see transcript.h */
char
tr_error_mode(void)
{
	return tr_emode;
}
