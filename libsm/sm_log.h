/*
 * sm_log.h - where messages go: stderr, syslog, or a file.
 *
 * Tools log to stderr as "progname: message" (the default).  The daemon
 * calls sm_log_syslog(); tests may point the log at a file with
 * sm_log_file() to read the exact syslog-format lines back.  Priorities are
 * syslog's LOG_*.  sm_log_level filters nothing itself: callers compare
 * against the configured LogLevel before logging.
 */
#ifndef SM_LOG_H
#define SM_LOG_H

#include <syslog.h>

void sm_log_stderr(void);
void sm_log_syslog(const char *ident, int facility);
int sm_log_file(const char *path, const char *ident);
void sm_log(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sm_vlog(int prio, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
