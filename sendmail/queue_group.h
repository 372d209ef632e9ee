/*
 * queue_group.h - queue groups: the Q lines of sendmail.cf.
 *
 * CONTRACT (owner: queue_group.c; callers: conf_read.c for each Q line,
 * queue.c when it commits a message, queue_run.c and queue_list.c for
 * -q, -qG and -bp, smtp_server.c for ETRN #group).  The table lives in
 * struct config (config.h) and is filled once while the cf is read.
 *
 * Group 0 is always "mqueue", the default group, whose directory is
 * QueueDirectory; the groups of the Q lines follow in the order of the
 * cf (a Q line named mqueue sets group 0's fields instead).  A group
 * without P= uses QueueDirectory too.  A path ending in '*' (P= or
 * QueueDirectory) names every directory (or symbolic link to one) of
 * its parent whose name starts with what comes before the '*', in the
 * parent's readdir order, as sendmail 8.17 lists them: the group has
 * several queue directories, each of which may have its own qf/df/xf
 * subdirectories.  The expansion is made once per process.
 *
 * The other equates are kept as read: F= (flags), N= (nice), I= (queue
 * run interval), R= (runners), r= (recipients per envelope), J= (jobs
 * per run); a group without N=, R=, r= or J= takes NiceQueueRun,
 * MaxRunnersPerQueue, MaxRecipientsPerMessage or MaxQueueRunSize as
 * they were when its Q line was read (mqueue: as they are; its
 * runners are 1 unless a Qmqueue line says otherwise), as sendmail does.
 * Only an r= given on the Q line splits envelopes (qgroup_max_rcpts).
 */
#ifndef QUEUE_GROUP_H
#define QUEUE_GROUP_H

#include "sm.h"

struct config;
struct envelope;
struct rcpt;

#define QG_DEFAULT	"mqueue"	/* the default group's name */

/* One queue group. */
struct qgroup {
	char *name;
	char *path;		/* P= as written, NULL when not given */
	char *flags;		/* F= letters, NULL when not given */
	int nice;		/* N=, else its default (-1 for mqueue: none) */
	time_t interval;	/* I= in seconds, 0 when not given */
	int runners;		/* R=, else its default (-1 for mqueue: none) */
	bool runners_given;	/* R= was on the Q line */
	int recipients;		/* r=, else its default (-1 for mqueue: none) */
	bool recipients_given;	/* r= was on the Q line */
	int jobs;		/* J=, else its default (-1 for mqueue: none) */
	/* the directories path (or QueueDirectory) names, made on first use */
	char *expanded;		/* the path they were expanded from */
	char **dirs;
	size_t ndirs;
};

/* The Q lines of a config; empty when the cf has none (then only
 * mqueue exists).  Once a Q line is read, v[0] is mqueue. */
struct qgroup_table {
	struct qgroup *v;
	size_t n;
};

/* qgroup_parse_qline - one Q line: the group name and the text after
 * it ("X=value, ..."; conf_read.c checked the equate letters).  Returns
 * 0, or -1 with the reason in err (a bad number or interval).  An R=
 * above 1 without the F=f flag prints sendmail's two-line "Warning:
 * Q=name: R=n: multiple queue runners specified" on stdout, as it does
 * while it reads the cf. */
int qgroup_parse_qline(struct config *cfg, const char *name, const char *equates,
    struct sm_buf *err);

/* qgroup_table_free - free every group of t */
void qgroup_table_free(struct qgroup_table *t);

/* qgroup_count - how many groups cfg has (1: only mqueue) */
size_t qgroup_count(const struct config *cfg);

/* qgroup_name - the name of group i */
const char *qgroup_name(const struct config *cfg, size_t i);

/* qgroup_path - the path of group i as configured: its P=, else
 * QueueDirectory, else "mqueue" (it may end in '*'); never NULL */
const char *qgroup_path(const struct config *cfg, size_t i);

/* qgroup_ndirs - how many queue directories group i has: 1 for a path
 * without '*', the number of matching directories (maybe 0) else */
size_t qgroup_ndirs(const struct config *cfg, size_t i);

/* qgroup_dir_at - queue directory k (< qgroup_ndirs) of group i; the
 * string lives as long as the configuration */
const char *qgroup_dir_at(const struct config *cfg, size_t i, size_t k);

/* qgroup_dir - the queue directory a new message of group i goes to:
 * its only one, or one of its directories chosen at random (as
 * sendmail 8.17 spreads new messages), or the path without its '*'
 * when none matches; never NULL, lives as long as the configuration */
const char *qgroup_dir(const struct config *cfg, size_t i);

/* qgroup_has_dir - whether dir is one of the queue directories of group i */
bool qgroup_has_dir(const struct config *cfg, size_t i, const char *dir);

/* qgroup_runners - how many runners may work on group i at once: 0 for
 * R=0 (the group is not run, except by -qGname), 1 without the F=f
 * flag (sendmail runs the entries strictly in turn then), else R= (or
 * its default) */
int qgroup_runners(const struct config *cfg, size_t i);

/* qgroup_order - the order queue runs go through the groups, as
 * sendmail 8.17 does (observed): more R= runners first, the order of
 * the cf among equals; fills v[0..qgroup_count-1] with group indexes */
void qgroup_order(const struct config *cfg, size_t *v);

/* qgroup_jobs - J=: how many entries one run of group i takes at most
 * (MaxQueueRunSize when not given), 0: no limit */
int qgroup_jobs(const struct config *cfg, size_t i);

/* qgroup_max_rcpts - r= of group i: how many recipients one envelope
 * (qf) of the group holds at most; 0: no limit.  Only an r= written on
 * the group's Q line counts (a Qmqueue line's too): MaxRecipientsPerMessage
 * does not split envelopes (observed on sendmail 8.17) */
int qgroup_max_rcpts(const struct config *cfg, size_t i);

/* qgroup_nice - N=: how much a runner of group i lowers its priority
 * (NiceQueueRun when not given) */
int qgroup_nice(const struct config *cfg, size_t i);

/* qgroup_interval - I=: seconds between the daemon's runs of group i,
 * else dflt (the interval of -q30m) */
time_t qgroup_interval(const struct config *cfg, size_t i, time_t dflt);

/* qgroup_find - the index of the group named name (case-sensitive, as
 * sendmail), or -1 when there is none */
int qgroup_find(const struct config *cfg, const char *name);

/* qgroup_of_rcpt - the group of one recipient of e, as sendmail chooses
 * it: the queuegroup ruleset over the recipient's user part (the $: of
 * its resolved mailer triple), when it returns "$# name" of a known
 * group; else the Q= of the recipient's mailer when that names a group;
 * else -1: the recipient has no group of its own and goes with its
 * envelope (queue.c: the first recipient's group, else mqueue).
 * Address errors count as no group. */
int qgroup_of_rcpt(struct config *cfg, struct envelope *e, const struct rcpt *r);

/* qgroup_check - sendmail's start-up check of the groups' directories
 * before -bp and -q: a P= outside QueueDirectory (its parent when it
 * ends in '*') prints "QueuePath <p> not subpath of QueueDirectory
 * <q>/" (the first such line ending in ": No such file or directory",
 * as sendmail 8.17 prints it), a P= that is not a directory "can not
 * opendir(<p>): why", a path ending in '*' that matches nothing "can
 * not opendir(<path without '*'>): No such file or directory" (its
 * parent's name instead when the parent is missing; for QueueDirectory
 * "can not chdir(<parent>/): ..."), on out.  EX_OK, or EX_CONFIG after
 * such a line. */
int qgroup_check(const struct config *cfg, FILE *out);

#endif
