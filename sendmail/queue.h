/*
 * queue.h - the mail queue on disk: df and qf files, locks, directories.
 *
 * CONTRACT shared by the SMTP server (queue_df_open before DATA, then
 * queue_commit right before its 250), the queue runner and delivery
 * (queue_read with a lock) and -bp (queue_list.h).  Owner: queue.c.
 *
 * Layout: QueueDirectory holds qfID (control), dfID (body), tfID (a qf
 * being written) and xfID (transcript) files, each of mode 0600 (or
 * QueueFileMode).  When the directory has qf/, df/ or xf/ subdirectories,
 * files of that kind live there instead, as sendmail does.
 *
 * The df holds the body exactly as sendmail writes it: LF line ends, no
 * final newline added.  The qf is format version 8, the lines in
 * sendmail 8.17's order, so that the real sendmail's mailq and queue runs
 * read it, and queue_read reads the real sendmail's qf files.
 *
 * With queue groups (queue_group.h) the message goes to its group's
 * directory (e->qdir) and queue_commit may split it: see queue_commit.
 *
 * Locking is flock(2) (Debian builds sendmail with it): a committed qf is
 * left locked exclusively by the committing process; a runner or delivery
 * takes LOCK_EX|LOCK_NB and skips a file it cannot get; -bp's '*' is a
 * failed LOCK_SH|LOCK_NB.  A child forked after queue_commit shares the
 * committing process's lock (same open file), so delivery may go on in
 * the child once the parent closes its copy.
 */
#ifndef QUEUE_H
#define QUEUE_H

#include "sm.h"
#include "config.h"
#include "envelope.h"

/* The directories of one queue. */
struct queue_dirs {
	char base[PATH_MAX];	/* QueueDirectory as configured */
	char qf[PATH_MAX];	/* where qf and tf files live (base or base/qf) */
	char df[PATH_MAX];	/* where df files live (base or base/df) */
	char xf[PATH_MAX];	/* where xf files live (base or base/xf) */
	bool sub_qf, sub_df, sub_xf;	/* which subdirectories exist */
};

/* queue_dirs - fill d for directory dir (NULL or "" means "mqueue");
 * 0, or -1 with the reason in err when dir is not a directory */
int queue_dirs(const char *dir, struct queue_dirs *d, struct sm_buf *err);

/* queue_file_path - the path of file kind letter ('q', 't', 'd', 'x')
 * of id in d's right directory; a new string (caller frees), or NULL
 * when too long */
char *queue_file_path(const struct queue_dirs *d, int letter, const char *id);

/* queue_df_open - give e a queue id (the one it has when that is free,
 * as the SMTP server sets it at MAIL; else a new one) and create its df
 * (exclusive, mode 0600 or QueueFileMode) in cfg's queue; sets e->id, e->df_path, e->ctime
 * (when 0) and macro $i.  Returns the fd for the body (the caller writes
 * the body and hands the fd to queue_commit), or -1 with the reason in err. */
int queue_df_open(const struct config *cfg, struct envelope *e, struct sm_buf *err);

/* queue_commit - make e durable before the 250: fsync and close dfd (the
 * df from queue_df_open; -1 when the caller already closed a synced df),
 * write tfID, fsync it, rename it to qfID, fsync the directory (SuperSafe
 * False skips the fsyncs).  The qf stays open and exclusively locked in
 * e->lock_fd (env_free or queue_unlock releases it); e->qf_path is set.
 * Returns 0, or -1 with the reason in err and errno (ENOSPC or EDQUOT
 * when the queue's file system is full); on failure the tf and the df
 * are removed and nothing of the message is left in the queue.  What is
 * written is e as the caller filled it: set e->priority (queue_priority)
 * and the r lines (final_rcpt "RFC822; user@host") as sendmail does.
 * With Q lines in cfg, e is split by queue group first, as sendmail does:
 * e keeps its first recipient's group (and the recipients without one)
 * and goes to that group's directory (e->qdir); the other groups'
 * recipients are removed from e and committed under new ids in their
 * groups' directories, each chained on e->split_next with its qf locked
 * (the caller may deliver them; env_free releases them).  Likewise a
 * group's r= splits each part into qfs of r= recipients, and the
 * recipients with an owner (rcpt owner) other than the sender go to a
 * qf per owner; when none is left to e, e itself becomes one of those
 * (e->id, e->sender and e->df_path change). */
int queue_commit(const struct config *cfg, struct envelope *e, int dfd, struct sm_buf *err);

/* queue_rewrite - write e's qf anew through a tf (e must hold the lock):
 * used after a delivery attempt; 0 (err may still say the directory
 * could not be synced), or -1 with err and the old qf untouched */
int queue_rewrite(const struct config *cfg, struct envelope *e, struct sm_buf *err);

/* queue_abort - remove the df (and tf) of an envelope never committed */
void queue_abort(struct envelope *e);

/* queue_unlock - release e's qf lock (close lock_fd) */
void queue_unlock(struct envelope *e);

/* queue_format_qf - append e as version-8 qf text to out; -1 when out's
 * cap is hit */
int queue_format_qf(const struct envelope *e, struct sm_buf *out);

/* queue_parse_qf - read version-8 qf text (len bytes) into e; 0, or -1
 * with "line N: why" in err (bad line, version > 8, no final ".") */
int queue_parse_qf(const char *text, size_t len, struct envelope *e, struct sm_buf *err);

/* queue_read - read the qf at path into a new envelope (*out, parent
 * macros from cfg); with lock, take LOCK_EX|LOCK_NB first and keep it in
 * (*out)->lock_fd.  Returns 0, 1 when another process holds the lock (or
 * the file changed under us; *out is NULL), -1 with err. */
int queue_read(const struct config *cfg, const char *path, bool lock,
    struct envelope **out, struct sm_buf *err);

/* queue_priority - sendmail's initial priority of e: message size minus
 * class * ClassFactor plus recipients * RecipientFactor */
long queue_priority(const struct config *cfg, const struct envelope *e);

#endif
