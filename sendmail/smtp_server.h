/*
 * smtp_server.h - the SMTP server: one session over a pair of descriptors.
 *
 * CONTRACT (owner: smtp_server.c; callers: main.c for -bs, daemon.c for
 * each accepted connection).  smtp_server_run speaks sendmail 8.17's
 * server side of SMTP/ESMTP on in_fd/out_fd until QUIT, end of input, a
 * timeout or a fatal error, and returns an EX_* status (EX_OK after
 * QUIT).  Accepted messages are in the queue (qf and df fsync'd) before
 * their 250.  peer says who is at the other end; for -bs every member may
 * be NULL/0 (the local user: ${client_addr} stays unset and $_ keeps the
 * invoking user, "root@localhost").
 */
#ifndef SMTP_SERVER_H
#define SMTP_SERVER_H

#include "sm.h"
#include "config.h"

struct smtp_peer {
	const char *addr;		/* ${client_addr}, "" or NULL for -bs */
	const char *name;		/* ${client_name} (resolved or "[addr]") */
	const char *resolve;		/* ${client_resolve}: OK, FAIL, FORGED, TEMP; or NULL */
	int port;			/* ${client_port} */
	const char *daemon_name;	/* ${daemon_name} (DaemonPortOptions Name=) */
	const char *daemon_flags;	/* ${daemon_flags} (Modifiers) */
	const char *if_addr;		/* ${if_addr}: our address of the connection */
	int if_port;			/* ${if_port} */
};

/* smtp_space_measure - measure the queue's free space now, for the
 * sessions this process forks later (the daemon's parent: at its start
 * and then periodically); true when less than MinFreeBlocks is free: its
 * sessions then answer every command but HELO, EHLO, NOOP, RSET, QUIT
 * and ETRN with "452 4.4.5 Insufficient disk space; try again later".
 * Without it (-bs) a session measures once, at its first check. */
bool smtp_space_measure(const struct config *cfg);

/* smtp_server_run - one SMTP session; returns an EX_* status */
int smtp_server_run(struct config *cfg, int in_fd, int out_fd,
    const struct smtp_peer *peer);

#endif
