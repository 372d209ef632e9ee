/*
 * queue_list.h - -bp / mailq: print the mail queue as sendmail 8.17 does.
 *
 * CONTRACT between main.c (mode 'p', program name "mailq") and
 * queue_list.c (owner).  Every queue group's directory is listed
 * (queue_group.h).
 */
#ifndef QUEUE_LIST_H
#define QUEUE_LIST_H

#include "sm.h"
#include "config.h"

/* queue_list_print - list cfg's queue on out, byte for byte as the real
 * mailq: "\t\t<dir> (N requests)", the column heading, one entry per qf
 * sorted by priority, "\t\tTotal requests: N"; "<dir> is empty" for an
 * empty queue.  Sets TZ as sendmail does (unset unless TimeZoneSpec).
 * Returns EX_OK, or EX_CONFIG after "can not chdir(<dir>/): why" when a
 * queue directory is missing.  With queue groups: each group's listing
 * in turn, then the total over all of them. */
int queue_list_print(const struct config *cfg, FILE *out);

/* One -q[!]I, -q[!]R or -q[!]S limit of -bp: an entry is listed when its
 * id (I, in the file name, case-sensitive), one of its recipients (R) or
 * its sender (S, both case-insensitive) contains match, or with negate
 * does not; several limits of one kind are alternatives. */
struct queue_limit {
	int kind;		/* 'I', 'R' or 'S' */
	bool negate;		/* -q!R... */
	const char *match;
};

/* queue_list_print_limited - as queue_list_print, listing (and counting)
 * only the entries nlim limits let through */
int queue_list_print_limited(const struct config *cfg, const struct queue_limit *lim,
    size_t nlim, FILE *out);

/* queue_list_print_args - -bp with the command line's -q arguments:
 * [!]I/R/S limits as above, and -qGname, which lists only queue group
 * name's directory (without the total line; "Queue group name unknown"
 * and EX_OK for a group the cf does not have, as sendmail 8.17).
 * Without -qG every group is listed, mqueue first, then the Q lines'
 * groups in order (a directory shared by groups once per group), then
 * "\t\tTotal requests: N" over all of them. */
int queue_list_print_args(const struct config *cfg, const char *const *args,
    size_t nargs, FILE *out);

#endif
