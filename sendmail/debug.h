/*
 * debug.h - sendmail's -d debug flags: a table of categories and levels.
 *
 * Owner: debug.c (the front end).  "-dC.L" raises category C (0..99) to
 * level L; "-dA-B.L" does a range; a bare "-d" means "0-99.1"; a missing
 * level means 1; several settings are separated by commas.  Named settings
 * (sendmail's "-dANSI" style libsm debug names) are accepted and ignored.
 * Other modules test a flag with debug_on(category, level), the way
 * sendmail's code tests tTd().
 *
 * debug_print_startup and debug_print_identity print what sendmail prints
 * at -d0.1 and -d0.10: the version, the compile options, the paths, and
 * the system identity block after the configuration is read.
 */
#ifndef DEBUG_H
#define DEBUG_H

#include "sm.h"

struct config;

#define DEBUG_NCAT 100		/* categories 0..99, as sendmail's tTdvect */

extern unsigned char debug_levels[DEBUG_NCAT];

/* debug_on - whether category cat is at level lvl or above */
static inline bool
debug_on(int cat, int lvl)
{
	return cat >= 0 && cat < DEBUG_NCAT && debug_levels[cat] >= lvl;
}

/* debug_parse - apply one -d argument (without "-d"); 0, or -1 when it is malformed */
int debug_parse(const char *spec);

/* debug_print_startup - -d0.1 / -d0.10 lines printed before the cf is read */
void debug_print_startup(FILE *fp, const char *default_cf, const char *default_submit_cf,
    const char *default_pidfile);
/* debug_print_selected - -d0.10 "Conf file: ... (selected)" lines after the choice */
void debug_print_selected(FILE *fp, const char *cf, const char *pidfile);
/* debug_print_identity - the "SYSTEM IDENTITY (after readcf)" block, at -d0.1 */
void debug_print_identity(FILE *fp, const struct config *cfg);

#endif
