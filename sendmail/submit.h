/*
 * submit.h - mail submitted on the command line: sendmail [-t] addr...
 *
 * CONTRACT (owner: submit.c; caller: main.c for -bm, the default mode).
 * main.c parses the flags into a struct submit_args (checking -N, -R and
 * -V with the helpers below, which print sendmail's complaints) and calls
 * submit_run with the configuration read; submit_run reads the message
 * from standard input, builds the envelope as sendmail 8.17 does for
 * local submission (sender, $x, recipients, DSN parameters, header
 * completion), commits it to the queue (df and qf fsync'd) and then
 * honours DeliveryMode.  It returns the exit status (EX_OK, or the
 * sysexits code sendmail exits with); everything it says goes to stdout.
 */
#ifndef SUBMIT_H
#define SUBMIT_H

#include "sm.h"
#include "config.h"

/* -R values */
#define SUBMIT_RET_NONE	0
#define SUBMIT_RET_FULL	1
#define SUBMIT_RET_HDRS	2

struct submit_args {
	const char *from;		/* -f / -r, or NULL */
	const char *fullname;		/* -F, or NULL */
	const char *body_type;		/* -B, or NULL */
	const char *envid;		/* -V (xtext, checked), or NULL */
	const char *cf;			/* -C as given, or NULL */
	unsigned notify;		/* -N as RCPT_* bits; 0 not given */
	int ret;			/* -R: SUBMIT_RET_* */
	bool from_headers;		/* -t */
	bool no_alias;			/* -n */
	bool verbose;			/* -v */
	bool cmdline_queue;		/* QueueDirectory set by -O/-o */
	char **args;			/* the recipient arguments */
	int nargs;
};

/* submit_notify_parse - -N's argument ("never" or a comma list of
 * success, failure, delay; any case) into RCPT_* bits in *flags; prints
 * "Invalid -N argument" for each bad word; 0, or -1 when one was bad */
int submit_notify_parse(const char *arg, unsigned *flags);

/* submit_ret_parse - -R's argument ("full" or "hdrs", any case) as a
 * SUBMIT_RET_* value; prints "Invalid -R value" and returns -1 else */
int submit_ret_parse(const char *arg);

/* submit_envid_ok - whether -V's argument is valid xtext (RFC 3461);
 * prints "Invalid syntax in -V flag" when not */
bool submit_envid_ok(const char *arg);

/* submit_run - read the message on stdin, queue it, deliver as
 * DeliveryMode says; the exit status */
int submit_run(struct config *cfg, const struct submit_args *a);

#endif
