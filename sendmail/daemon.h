/*
 * daemon.h - the SMTP daemon: sendmail -bd / -bD [-qINTERVAL] [-L tag].
 *
 * Owner: daemon.c.  daemon_run opens one listener per DaemonPortOptions
 * setting (sendmail's default, port 25 on every IPv4 address, when there
 * is none), writes the pid file, logs "starting daemon (8.17.1.9): ..."
 * and accepts connections until SIGTERM, forking one child per
 * connection that runs the SMTP server (smtp_server.h) with the peer
 * described below.  SIGHUP re-executes the saved argv, as sendmail does.
 * With a queue interval it forks a queue run (queue_run.h) at start and
 * every interval.  The limits are sendmail's: MaxDaemonChildren and
 * RefuseLA close the listening socket for 15 seconds (the peer sees its
 * connection refused), DelayLA and ConnectionRateThrottle sleep a second.
 */
#ifndef DAEMON_H
#define DAEMON_H

#include "sm.h"

struct config;

/* How main.c started the daemon. */
struct daemon_args {
	char **argv;		/* the whole command line: pid file line 2, SIGHUP */
	int argc;
	time_t queue_interval;	/* -q30m in seconds; 0: no queue runs */
	bool background;	/* -bd: detach; -bD: stay in the foreground */
	const char *logtag;	/* -L tag; NULL: "sendmail" */
};

/*
 * daemon_run - be the daemon.  Returns in the parent when it shuts down
 * (EX_OK after SIGTERM, or an error status when no listener could be
 * opened), in the -bd foreground process once it has detached (EX_OK),
 * and in each connection's child when its SMTP session is over (the
 * session's status): the caller frees cfg and exits with the value.
 * Never returns after SIGHUP (the process is replaced).
 */
int daemon_run(struct config *cfg, const struct daemon_args *da);

/*
 * daemon_flags_macro - sendmail's ${daemon_flags} for the modifiers
 * "Ea": each letter, upper case ones doubled, separated by blanks
 * ("EE a").  Writes at most size bytes into buf; returns buf.
 */
const char *daemon_flags_macro(const char *modifiers, char *buf, size_t size);

#endif
