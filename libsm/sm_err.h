/*
 * sm_err.h - the project's error reporting.
 *
 * sm_warn: something is wrong, we go on.  sm_err: as sm_warn, with
 * strerror(errno) appended.  sm_fatal: bad configuration or environment;
 * exits with the given sysexits code.  sm_panic: our own bug; aborts.
 * Messages go to the log (sm_log.h): stderr for tools and tests, syslog in
 * the daemon.  sm_progname is prefixed on stderr ("makemap: ...").
 */
#ifndef SM_ERR_H
#define SM_ERR_H

extern const char *sm_progname;

void sm_set_progname(const char *argv0);
void sm_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sm_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sm_fatal(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
void sm_panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

#endif
