/*
 * queue_list.h - -bp / mailq: print the mail queue as sendmail 8.17 does.
 *
 * CONTRACT between main.c (mode 'p', program name "mailq") and
 * queue_list.c (owner).
 */
#ifndef QUEUE_LIST_H
#define QUEUE_LIST_H

#include "sm.h"
#include "config.h"

/* queue_list_print - list cfg's queue on out, byte for byte as the real
 * mailq: "\t\t<dir> (N requests)", the column heading, one entry per qf
 * sorted by priority, "\t\tTotal requests: N"; "<dir> is empty" for an
 * empty queue.  Sets TZ as sendmail does (unset unless TimeZoneSpec).
 * Returns EX_OK, or EX_CONFIG after "can not chdir(<dir>/): why" when the
 * queue directory is missing. */
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

#endif
