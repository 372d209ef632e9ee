/*
 * err.c - sm_warn, sm_err, sm_fatal, sm_panic (see sm_err.h).
 */
#include "sm.h"
#include <syslog.h>

const char *sm_progname = "sendmail";

/* sm_set_progname - remember the basename of argv[0] for messages */
void
sm_set_progname(const char *argv0)
{
	const char *s = argv0 ? strrchr(argv0, '/') : NULL;

	if (argv0 && *argv0)
		sm_progname = s ? s + 1 : argv0;
}

static void
sm_vreport(int prio, int errnum, const char *fmt, va_list ap)
{
	char msg[2048];
	size_t n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (errnum) {
		n = strlen(msg);
		snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(errnum));
	}
	sm_log(prio, "%s", msg);
}

/* sm_warn - report and go on */
void
sm_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sm_vreport(LOG_WARNING, 0, fmt, ap);
	va_end(ap);
}

/* sm_err - report with strerror(errno) and go on */
void
sm_err(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	sm_vreport(LOG_ERR, e, fmt, ap);
	va_end(ap);
}

/* sm_fatal - report and exit with a sysexits code */
void
sm_fatal(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sm_vreport(LOG_CRIT, 0, fmt, ap);
	va_end(ap);
	exit(code);
}

/* sm_panic - report an internal error and abort */
void
sm_panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sm_vreport(LOG_ALERT, 0, fmt, ap);
	va_end(ap);
	abort();
}
