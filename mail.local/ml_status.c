/*
 * ml_status.c - mail.local's failures: record, map to an exit code, report.
 *
 * Every failure carries an LMTP reply code with its enhanced status, as
 * the real mail.local's do ("550 5.1.1", "450 4.2.0", "552 5.2.2").  In
 * LMTP mode the code and text are the reply; otherwise the text goes to
 * stderr as "mail.local: TEXT" and to syslog (facility mail), and the exit
 * code follows the reply class: 5xx EX_UNAVAILABLE, anything else
 * EX_TEMPFAIL.
 */
#include "sm.h"
#include "mail_local.h"

#include <syslog.h>

/* ml_fail - fill st with a reply code and a formatted text */
void
ml_fail(struct ml_status *st, const char *code, const char *fmt, ...)
{
	va_list ap;

	sm_strlcpy(st->code, code, sizeof(st->code));
	va_start(ap, fmt);
	(void)sm_vsnprintf(st->text, sizeof(st->text), fmt, ap);
	va_end(ap);
}

/* ml_exitcode - the sysexits code for a status; 0 for success */
int
ml_exitcode(const struct ml_status *st)
{
	if (st->code[0] == '\0')
		return EX_OK;
	return st->code[0] == '5' ? EX_UNAVAILABLE : EX_TEMPFAIL;
}

/* ml_report - tell the client (LMTP) or the caller (stderr, syslog) */
void
ml_report(const struct ml_opts *o, const struct ml_status *st)
{
	if (o->lmtp) {
		printf("%s %s\r\n", st->code, st->text);
		fflush(stdout);
		return;
	}
	fprintf(stderr, "%s: %s\n", ML_PROGNAME, st->text);
	syslog(st->code[0] == '5' ? LOG_ERR : LOG_WARNING, "%s", st->text);
}
