/*
 * tap.h - a tiny TAP producer for test/unit/NAME.c (after git's test-lib.h).
 *
 *   int main(void) { ok(1 + 1 == 2, "adds"); is_str(a, b, "same"); return tap_done(); }
 *
 * Each check prints "ok N - desc" or "not ok N - desc" with a diagnostic;
 * tap_done prints the plan and returns the exit status for main.
 */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int
tap_ok(int cond, const char *desc, const char *file, int line)
{
	tap_n++;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", tap_n, desc);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	return cond;
}

#define ok(cond, desc) tap_ok(!!(cond), (desc), __FILE__, __LINE__)

#define is_int(got, want, desc) do { \
	long long tap_g = (got), tap_w = (want); \
	if (!ok(tap_g == tap_w, desc)) \
		printf("#   got %lld, want %lld\n", tap_g, tap_w); \
} while (0)

#define is_str(got, want, desc) do { \
	const char *tap_g = (got), *tap_w = (want); \
	if (!ok(tap_g && tap_w && strcmp(tap_g, tap_w) == 0, desc)) \
		printf("#   got \"%s\"\n#  want \"%s\"\n", tap_g ? tap_g : "(null)", \
		    tap_w ? tap_w : "(null)"); \
} while (0)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
