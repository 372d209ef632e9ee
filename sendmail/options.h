/*
 * options.h - sendmail.cf options (O lines, -O name=value, -oXvalue).
 *
 * CONTRACT shared by conf_read, main and every user of an option
 * (owner: options.c).  The option table lists every option sendmail 8.17
 * documents: long name, old one-character name when it has one, type
 * (string, bool, int, time, size, char, mode, custom) and default, and the
 * member of struct options it sets.  Unknown names, malformed values and
 * out-of-range numbers are errors (message without file/line; the caller
 * prefixes "file: line N: ").
 */
#ifndef OPTIONS_H
#define OPTIONS_H

#include "sm.h"

struct config;

/* Where an option setting came from; -O/-o on the command line can be
 * refused for unsafe options when not root, as sendmail does. */
enum opt_source { OPT_SRC_CF, OPT_SRC_CMDLINE };

/* struct options - one member per option; the owner adds members. */
struct options {
	char *alias_file;		/* AliasFile (A), may be a list */
	char *queue_dir;		/* QueueDirectory (Q) */
	char *status_file;		/* StatusFile (S) */
	char *operator_chars;		/* OperatorChars ($o in V<7 configs) */
	int log_level;			/* LogLevel (L) */
	char *help_file;		/* HelpFile (H) */
	char *service_switch_file;	/* ServiceSwitchFile */
	char *hosts_file;		/* HostsFile */
	char *resolver_options;		/* ResolverOptions (I) */
	char *time_zone;		/* TimeZoneSpec (t) */
	/* ... every other option sendmail documents, added by options.c's owner */
	void *more;			/* reserved for the owner */
};

/* options_defaults - fill o with sendmail's defaults */
void options_defaults(struct options *o);
/* options_free - free every string member */
void options_free(struct options *o);
/* option_cf_line - apply an O line's text after the 'O'; 0 or -1 + err */
int option_cf_line(struct config *cfg, const char *text, struct sm_buf *err);
/* option_cmdline - apply -O "Name=value" (long) or -o "Xvalue" (short); 0 or -1 + err */
int option_cmdline(struct config *cfg, const char *arg, bool long_form, struct sm_buf *err);
/* option_set - set option name (long or one char) to value; 0 or -1 + err */
int option_set(struct config *cfg, const char *name, const char *value,
    enum opt_source src, struct sm_buf *err);

#endif
