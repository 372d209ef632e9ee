/*
 * config.h - struct config: everything sendmail.cf says, read once.
 *
 * Owner: conf_read.c (the engine).  The configuration is read once into
 * this structure and passed down; nothing else keeps configuration state.
 * In -bt mode, .D and .C change macros and classes of the running config,
 * as sendmail's test mode does.  Parts owned by other modules are embedded
 * here by value through their headers.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include "sm.h"
#include "macro.h"
#include "options.h"
#include "mailer.h"
#include "map.h"
#include "queue_group.h"

struct config {
	char *file;			/* the file read (-C) */
	int version;			/* V line level */
	char *vendor;			/* V line vendor */
	struct options opt;		/* O lines */
	struct macros mac;		/* D lines and the built-in macros */
	struct mailer_table mailers;	/* M lines, built-ins first */
	struct map_table maps;		/* K lines */
	struct qgroup_table qgroups;	/* Q lines (queue_group.c) */
	void *engine;			/* classes, rulesets, headers ...: owner's */
	/* added by the engine (conf_read.c) */
	int nerrors;			/* errors diagnosed while reading */
	int nwarnings;			/* warnings diagnosed while reading */
	int syserr_status;		/* EX_SOFTWARE when a warning was one of
					 * sendmail's syserr (it goes on, but its
					 * exit status is set); else 0 */
	int lineno;			/* line being read (0 after the file) */
};

#endif
