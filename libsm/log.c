/*
 * log.c - the log destination: stderr (default), syslog or a file.
 *
 * A file log imitates syslog's line shape, "Mon DD HH:MM:SS host ident[pid]:
 * message", so tests can compare the lines sendmail would have written.
 */
#include "sm.h"

enum sm_log_dest { SM_LOG_STDERR, SM_LOG_SYSLOG, SM_LOG_FILE };

static enum sm_log_dest log_dest = SM_LOG_STDERR;
static FILE *log_fp;
static char log_ident[64] = "sendmail";

/* sm_log_stderr - log to standard error (the default) */
void
sm_log_stderr(void)
{
	log_dest = SM_LOG_STDERR;
}

/* sm_log_syslog - log through syslog(3) */
void
sm_log_syslog(const char *ident, int facility)
{
	sm_strlcpy(log_ident, ident, sizeof(log_ident));
	openlog(log_ident, LOG_PID, facility);
	log_dest = SM_LOG_SYSLOG;
}

/* sm_log_file - append syslog-shaped lines to path; -1 with errno on error */
int
sm_log_file(const char *path, const char *ident)
{
	FILE *fp = fopen(path, "a");

	if (fp == NULL)
		return -1;
	setvbuf(fp, NULL, _IOLBF, 0);
	if (log_fp)
		fclose(log_fp);
	log_fp = fp;
	sm_strlcpy(log_ident, ident, sizeof(log_ident));
	log_dest = SM_LOG_FILE;
	return 0;
}

static void
log_to_file(const char *msg)
{
	char stamp[32], host[256];
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
	if (gethostname(host, sizeof(host)) != 0)
		sm_strlcpy(host, "localhost", sizeof(host));
	host[sizeof(host) - 1] = '\0';
	fprintf(log_fp, "%s %s %s[%ld]: %s\n", stamp, host, log_ident,
	    (long)getpid(), msg);
}

/* sm_vlog - log one message at priority prio */
void
sm_vlog(int prio, const char *fmt, va_list ap)
{
	char msg[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	switch (log_dest) {
	case SM_LOG_SYSLOG:
		syslog(prio, "%s", msg);
		break;
	case SM_LOG_FILE:
		log_to_file(msg);
		break;
	default:
		fflush(stdout);
		fprintf(stderr, "%s: %s\n", sm_progname, msg);
		break;
	}
}

/* sm_log - log one message at priority prio */
void
sm_log(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sm_vlog(prio, fmt, ap);
	va_end(ap);
}
