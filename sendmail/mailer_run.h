/*
 * mailer_run.h - run one mailer (M line) for one group of recipients.
 *
 * CONTRACT (owner: mailer_run.c; caller: deliver.c).  A job names the
 * mailer, the host ($h), the sender ($g), the identity to run as and the
 * recipients ($u).  Program mailers (P=/path) are started with the A=
 * words macro-expanded, "-f $g" / "-r $g" added for F=f / F=r, the
 * environment sendmail gives them (AGENT=sendmail, TZ, the cf's E
 * lines), the message on standard input: a From_ line unless F=n, the
 * headers whose ?flags? the mailer has (address lists rewritten for it,
 * Bcc dropped or emptied: headers_out.h), a blank line, the body from the
 * df (F=E escapes "From ", E= line ends).  P=[FILE] appends the same to
 * the file $u names, locked, with sendmail's SafeFileEnvironment and
 * DontBlameSendmail (FileDeliveryToSymlink / FileDeliveryToHardlink)
 * checks.  The exit status becomes every recipient's status, except
 * for F=z mailers (Debian's "mail.local -l"), which are spoken to in
 * LMTP (RFC 2033): one reply per recipient after the data
 * (mailer_lmtp.h: pipelined when offered, and kept running for the next
 * message when the connection cache is on, as in the delivery agents).
 */
#ifndef MAILER_RUN_H
#define MAILER_RUN_H

#include "sm.h"
#include "config.h"
#include "envelope.h"

/* One recipient of a job: $u in, status out. */
struct mr_target {
	const char *user;	/* $u */
	int status;		/* EX_* of the attempt */
	char dsn[16];		/* "2.0.0", "5.1.1" ... */
	char text[256];		/* stat= text: "Sent", "User unknown" ... */
};

struct mr_job {
	struct config *cfg;
	struct envelope *env;
	const struct mailer *m;
	const char *host;	/* $h, or NULL */
	const char *sender;	/* $g: the envelope sender without <> */
	const char *home;	/* $z of the controlling user, or NULL */
	bool change_id;		/* run as uid:gid (we are root) */
	uid_t uid;
	gid_t gid;
	struct mr_target *t;
	size_t nt;
	bool embed;		/* for a bounce: no From_ line, no escaping */
	bool headers_only;	/* for a bounce with RET=HDRS: no body */
	bool lmtp;		/* set by mailer_run for F=z: CRLF, dot-stuffing */
	FILE *dfp;		/* the df, opened before the identity changes
				 * (file mailer); NULL: opened by name */
};

/* mailer_run - run job; sets every target's status, dsn and text and
 * returns the status of the attempt (EX_OK, EX_TEMPFAIL ...) */
int mailer_run(struct mr_job *job);

/* mr_status - fill t's dsn and text for sysexits status ex; detail (may
 * be NULL or "") replaces the generic text, as a mailer's own message */
void mr_status(struct mr_target *t, int ex, const char *detail);

/* mr_write_message - the message as mailer m gets it, to fd; 0 or -1 */
int mr_write_message(const struct mr_job *job, int fd);

#endif
