/*
 * mail_local.h - the pieces of mail.local(8) and what they share.
 *
 * mail_local.c parses the command line and delivers to the users it names;
 * ml_lmtp.c speaks LMTP (RFC 2033) on stdin/stdout; ml_store.c copies one
 * message from stdin into an unlinked temporary file, already in mailbox
 * form; ml_mbox.c opens, locks and appends to one mailbox; ml_lock.c is the
 * user.lock dot-lock.  A failure is described by a struct ml_status: the
 * LMTP reply code ("450 4.2.0") and text, from which the exit code follows
 * (5xx: EX_UNAVAILABLE, 4xx: EX_TEMPFAIL), as the real mail.local does.
 */
#ifndef MAIL_LOCAL_H
#define MAIL_LOCAL_H

#include <stdio.h>
#include <stdbool.h>
#include <sys/types.h>

#define ML_PROGNAME	"mail.local"
#define ML_SPOOL	"/var/mail"		/* _PATH_MAILDIR */
#define ML_SPOOL_ENV	"MAIL_LOCAL_SPOOL"	/* overrides it (tests) */
#define ML_TEXT		512

/* what the command line asked for */
struct ml_opts {
	bool lmtp;		/* -l */
	bool eightbit;		/* not -7: advertise 8BITMIME */
	bool bouncequota;	/* -b: over quota is permanent */
	const char *from;	/* -f/-r, or NULL */
	const char *homefile;	/* -h: file in the home directory */
	const char *spool;	/* mail spool directory */
};

/* the outcome of one step; code[0] == '\0' means success */
struct ml_status {
	char code[16];		/* "450 4.2.0" */
	char text[ML_TEXT];	/* "Write /var/mail/x: No space left on device" */
};

/* a stored message: the temporary file and where Content-Length goes */
struct ml_msg {
	FILE *fp;
	off_t hdrlen;		/* bytes of header lines */
	off_t bodylen;		/* bytes after the separating blank line */
	off_t total;		/* bytes in the file */
	bool inmem;		/* fp is a memory file (not yet spilled) */
};

/* ml_status.c */
void ml_fail(struct ml_status *st, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ml_exitcode(const struct ml_status *st);
void ml_report(const struct ml_opts *o, const struct ml_status *st);

/* ml_store.c */
int ml_store(struct ml_msg *m, FILE *in, bool lmtp, struct ml_status *st);
void ml_msg_free(struct ml_msg *m);

/* ml_mbox.c */
int ml_deliver(const struct ml_opts *o, const char *user, const char *from,
	       struct ml_msg *m, struct ml_status *st);

/* ml_lock.c */
int ml_dotlock(const char *mbox, struct ml_status *st);
void ml_dotunlock(const char *mbox);

/* ml_lmtp.c */
int ml_lmtp(const struct ml_opts *o);

#endif
