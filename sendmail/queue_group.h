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
 * without P= uses QueueDirectory too.  The other equates are kept as
 * read: F= (flags), N= (nice), I= (queue run interval), R= (runners),
 * r= (recipients per envelope), J= (jobs per run).
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
	int nice;		/* N=, 0 */
	time_t interval;	/* I= in seconds, 0 when not given */
	int runners;		/* R=, 0 when not given */
	int recipients;		/* r=, 0 when not given */
	int jobs;		/* J=, 0 when not given */
};

/* The Q lines of a config; empty when the cf has none (then only
 * mqueue exists).  Once a Q line is read, v[0] is mqueue. */
struct qgroup_table {
	struct qgroup *v;
	size_t n;
};

/* qgroup_parse_qline - one Q line: the group name and the text after
 * it ("X=value, ..."; conf_read.c checked the equate letters).  Returns
 * 0, or -1 with the reason in err (a bad number or interval). */
int qgroup_parse_qline(struct config *cfg, const char *name, const char *equates,
    struct sm_buf *err);

/* qgroup_table_free - free every group of t */
void qgroup_table_free(struct qgroup_table *t);

/* qgroup_count - how many groups cfg has (1: only mqueue) */
size_t qgroup_count(const struct config *cfg);

/* qgroup_name - the name of group i */
const char *qgroup_name(const struct config *cfg, size_t i);

/* qgroup_dir - the queue directory of group i: its P=, else
 * QueueDirectory, else "mqueue"; never NULL */
const char *qgroup_dir(const struct config *cfg, size_t i);

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
 * before -bp and -q: a P= outside QueueDirectory prints "QueuePath <p>
 * not subpath of QueueDirectory <q>/" (the first such line ending in
 * ": No such file or directory", as sendmail 8.17 prints it), a P= that
 * is not a directory "can not opendir(<p>): why", on out.  EX_OK, or
 * EX_CONFIG after such a line. */
int qgroup_check(const struct config *cfg, FILE *out);

#endif
