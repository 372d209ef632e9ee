/*
 * envelope.h - one message in flight: sender, recipients, macros, headers.
 *
 * CONTRACT shared by the SMTP server, collect, the queue (queue.c writes
 * and reads it as a version-8 qf file) and delivery (owner: envelope.c).
 * An envelope is made by env_new, filled by its producer (smtp_server and
 * collect for received mail, queue_read for queued mail), and freed with
 * env_free, which frees every string and list it holds.  Strings are
 * malloc'd copies (or NULL when unset); set them with env_set_str so that
 * the old value is freed.
 *
 * Header values are kept as sendmail keeps them in a qf file: the text
 * after "Name:" (usually starting with a blank), continuation lines joined
 * with "\n" followed by the continuation's own leading white space, and
 * sendmail's macro escape byte 0201 left as it is ("<\201g>").  The queue
 * writes and reads them byte for byte.
 *
 * An envelope whose recipients are in several queue groups is split when
 * it is committed, as sendmail does (the qf 's' flag): the envelope
 * keeps the recipients of its first group, the others go to envelopes
 * of their own chained on split_next (queue.h); so is one whose
 * recipients came through owner- lists (rcpt owner) or are more than
 * its group's r= allows.
 *
 * The failures of the last delivery attempt (fails: one per delivery
 * that failed for good, with the address that failed and the alias it
 * was expanded from) are kept for the bounce only; the qf does not
 * hold them.
 *
 * Missing: the controlling-user (C line) chain is kept per recipient as
 * text only; deliver-by (!) and quarantine (q) are kept but not acted on.
 */
#ifndef ENVELOPE_H
#define ENVELOPE_H

#include "sm.h"
#include "macro.h"

/* Envelope flags: the qf F line letters (written in this order: w r 8 b d n s) */
#define ENV_WARNING	0x0001	/* 'w': a delay warning was sent */
#define ENV_RESPONSE	0x0002	/* 'r': this is a response (bounce, DSN) */
#define ENV_HAS8BIT	0x0004	/* '8': the body has 8-bit data */
#define ENV_DELETE_BCC	0x0008	/* 'b': remove Bcc: before delivery (-t) */
#define ENV_RET_PARAM	0x0010	/* 'd': MAIL FROM had RET= */
#define ENV_NO_BODY_RETN 0x0020	/* 'n': RET=HDRS, bounces carry headers only */
#define ENV_SPLIT	0x0040	/* 's': envelope was split (one per queue group) */
#define ENV_SMTP	0x0080	/* received over SMTP; not in the qf: its r=
				 * parts are written without 's' (queue.c) */

/* Recipient flags: the qf R line letters before ':' (order P N S F D B A) */
#define RCPT_PRIMARY	0x0001	/* 'P': given by the sender, not from an alias */
#define RCPT_HASNOTIFY	0x0002	/* 'N': NOTIFY= was given (NEVER when no S F D) */
#define RCPT_NOTIFY_SUCCESS 0x0004	/* 'S': NOTIFY=SUCCESS */
#define RCPT_NOTIFY_FAILURE 0x0008	/* 'F': NOTIFY=FAILURE */
#define RCPT_NOTIFY_DELAY 0x0010	/* 'D': NOTIFY=DELAY */
#define RCPT_INTBCC	0x0020	/* 'B': internal Bcc (addr_type "e b") */
#define RCPT_ALIAS	0x0040	/* 'A': the controlling address is an alias */

/* Where a recipient is: sendmail's q_state, reduced */
enum rcpt_state {
	RS_QUEUED,		/* not yet delivered: written to the qf */
	RS_SENT,		/* delivered: dropped from the next qf */
	RS_BOUNCED,		/* failed for good: dropped after the bounce */
	RS_DEFERRED		/* temporary failure: stays in the qf */
};

/* One envelope recipient (sendmail's ADDRESS, the part that is queued). */
struct rcpt {
	char *addr;		/* printable address as given (R line after ':') */
	char *orcpt;		/* ORCPT= value, xtext as received (Q line), or NULL */
	char *final_rcpt;	/* DSN Final-Recipient ("rfc822; user@host", r line) or NULL */
	char *ctl;		/* controlling user text after 'C' (C line), or NULL */
	char *owner;		/* the owner- list's address the recipient came
				 * through (the sender of its own envelope when
				 * queue_commit splits by owner), or NULL; not in
				 * the qf (its S line says it) */
	unsigned flags;		/* RCPT_* */
	enum rcpt_state state;	/* delivery state */
	char *message;		/* per-recipient status text (M line before R), or NULL */
	/* what the address resolved to (ruleset 0); NULL until resolved */
	char *mailer;		/* mailer name ($#) */
	char *host;		/* host ($@), NULL for local mailers */
	char *user;		/* user ($:) */
	/* DSN per-recipient status, filled by delivery */
	char *dsn_status;	/* "5.1.1", "4.4.1" ... or NULL */
	char *dsn_diag;		/* remote reply text (Diagnostic-Code) or NULL */
	time_t status_time;	/* when dsn_status was set (Last-Attempt-Date) */
};

/* One delivery that failed for good in the last attempt (for dsn.c:
 * one bounce block each); not in the qf. */
struct rcpt_fail {
	size_t rcpt;		/* index of its envelope recipient */
	char *addr;		/* the address that failed, as written */
	char *from;		/* the alias it was expanded from, or NULL */
	char *actual;		/* X-Actual-Recipient address (unqualified) */
	char *dsn_status;	/* "5.1.1" ... */
	char *message;		/* the failure text */
	time_t when;		/* when it failed */
};

/* One message header, in order. */
struct header {
	char *name;		/* field name as written ("Subject") */
	char *value;		/* text after ':' (see the file comment) */
	char *cond;		/* the ?..? part: mailer flag letters ("P", "D"),
				 * "$x" / "${name}" for a macro condition, or "" */
};

struct envelope {
	char id[32];		/* queue id ("6ANE3jGg019788"), "" until assigned */
	/* sender */
	char *sender;		/* envelope sender as written (S line): "<a@b>", "root", "<>" */
	unsigned sender_flags;	/* reserved for the SMTP server (MAIL FROM parameters seen) */
	char *fullname;		/* sender's full name ($x, -F), or NULL */
	char *auth_param;	/* AUTH= of MAIL FROM, xtext (A line), or NULL */
	/* recipients, in order */
	struct rcpt *rcpts;
	size_t nrcpts, rcpts_cap;
	/* macros of this message ($r $s $_ ${daemon_flags} ...); parent = config's */
	struct macros mac;
	/* ESMTP and DSN */
	char *body_type;	/* BODY= "7BIT" / "8BITMIME" (B line), or NULL */
	char *envid;		/* ENVID= xtext (Z line), or NULL */
	/* RET= is in flags: ENV_RET_PARAM, plus ENV_NO_BODY_RETN for HDRS */
	long msg_size;		/* size in bytes: header + body, or SIZE= before DATA; -1 unknown */
	char deliver_by_flag;	/* DELIVERBY mode 'N' / 'R' (! line), '\0' none */
	long deliver_by;	/* DELIVERBY seconds */
	char *quarantine;	/* quarantine reason (q line), or NULL */
	char *message;		/* envelope status text (M line), or NULL */
	/* queue bookkeeping */
	time_t ctime;		/* creation time (T line) */
	time_t dtime;		/* last delivery attempt (K line), 0 none */
	int ntries;		/* delivery attempts (N line) */
	long priority;		/* P line: sendmail's msgpriority */
	int msg_class;		/* Precedence class (P line of the cf); 0 normal */
	unsigned flags;		/* ENV_* */
	bool has_dfino;		/* write the I line (device/inode of the df) */
	dev_t df_dev;
	ino_t df_ino;
	/* failures of the last delivery attempt (deliver.c; not in the qf) */
	struct rcpt_fail *fails;
	size_t nfails, fails_cap;
	/* headers, in order */
	struct header *hdrs;
	size_t nhdrs, hdrs_cap;
	/* files: full paths, set by queue_commit / queue_read */
	char *qf_path;		/* the qf file */
	char *df_path;		/* the df file */
	int lock_fd;		/* open, flock'ed qf (queue_read with a lock), else -1 */
	/* queue groups (queue_group.h) */
	char *qdir;		/* queue directory the qf lives in (its group's),
				 * NULL: QueueDirectory; set by queue_commit, queue_read */
	struct envelope *split_next;	/* envelopes queue_commit split off for the
				 * other queue groups, each committed with its
				 * qf locked; env_free frees the chain */
};

/* env_new - an empty envelope whose macros fall back to parent (the
 * config's, may be NULL); msg_size -1, lock_fd -1.  Free with env_free. */
struct envelope *env_new(const struct macros *parent);
/* env_free - close lock_fd and free e and everything it holds; NULL is fine */
void env_free(struct envelope *e);
/* env_set_str - replace *field with a copy of value (NULL clears) */
void env_set_str(char **field, const char *value);
/* env_remove_rcpt - free recipient i and close the gap */
void env_remove_rcpt(struct envelope *e, size_t i);
/* env_add_rcpt - append a recipient with a copy of addr and the given
 * flags (state RS_QUEUED); returns it (valid until the next add) */
struct rcpt *env_add_rcpt(struct envelope *e, const char *addr, unsigned flags);
/* env_add_fail - record a failure of recipient i (copies of the
 * strings; from may be NULL); returns it (valid until the next add) */
struct rcpt_fail *env_add_fail(struct envelope *e, size_t i, const char *addr,
    const char *from, const char *actual, const char *dsn_status, const char *message);
/* env_clear_fails - forget the recorded failures */
void env_clear_fails(struct envelope *e);
/* env_add_header - append a header (copies of name, value, cond; cond
 * NULL = ""); returns it (valid until the next add) */
struct header *env_add_header(struct envelope *e, const char *name,
    const char *value, const char *cond);
/* env_header - the first header named name (case-insensitive), or NULL */
struct header *env_header(const struct envelope *e, const char *name);
/* env_flag_letters - the F line letters of flags into buf (w r 8 b d n s order) */
const char *env_flag_letters(unsigned flags, char *buf, size_t size);
/* env_flags_parse - ENV_* bits of an F line's letters (unknown ones ignored) */
unsigned env_flags_parse(const char *letters);
/* rcpt_flag_letters - the R line letters of flags into buf (P N S F D B A order) */
const char *rcpt_flag_letters(unsigned flags, char *buf, size_t size);
/* rcpt_flags_parse - RCPT_* bits of the letters up to ':' or the end */
unsigned rcpt_flags_parse(const char *letters);

#endif
