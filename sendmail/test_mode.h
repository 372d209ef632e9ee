/*
 * test_mode.h - sendmail -bt, the address test mode.
 *
 * Owner: test_mode.c (the front end).  test_mode_run prints the banner,
 * then reads lines, prompting with "> ", and runs each: a ruleset list and
 * an address ("3,0 user@host"), ".Dx value", ".Cx words", "$x", "$=x",
 * "=Sruleset", "=M", "-dX.Y", "/tryflags", "/try", "/parse", "/canon",
 * "/map", "/mx", "/quit", "?" - with sendmail 8.17's output, byte for byte.
 *
 * /canon and /mx use host_canon and mx_lookup (mx.h, the DNS code).
 */
#ifndef TEST_MODE_H
#define TEST_MODE_H

#include "sm.h"

struct config;

/* test_mode_run - the -bt loop over fd in, output to out; returns the exit status */
int test_mode_run(struct config *cfg, int in, FILE *out);

#endif
