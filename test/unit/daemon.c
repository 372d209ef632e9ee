/*
 * daemon.c - unit tests of the daemon's pure helpers (sendmail/daemon.c):
 * daemon_flags_macro, sendmail's ${daemon_flags} text for M= modifiers
 * (each letter, upper case doubled, blank separated; the real sendmail
 * writes "${daemon_flags}EE h" into the qf for M=Eh).  The daemon itself
 * is tested from the outside by test/t/4500-daemon-core.t.
 */
#include "sm.h"
#include "daemon.h"
#include "tap.h"

static const struct {
	const char *mods;
	const char *want;
} cases[] = {
	{ NULL, "" },
	{ "", "" },
	{ "E", "EE" },
	{ "Ea", "EE a" },
	{ "Eh", "EE h" },
	{ "a", "a" },
	{ "E a", "EE a" },
	{ "E,a", "EE a" },
	{ "CcuA", "CC c u AA" },
	{ "s", "s" },
};

int
main(void)
{
	char buf[64], small[6], desc[96];
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(cases); i++) {
		sm_snprintf(desc, sizeof(desc), "M=%s gives \"%s\"",
		    cases[i].mods ? cases[i].mods : "(none)", cases[i].want);
		is_str(daemon_flags_macro(cases[i].mods, buf, sizeof(buf)), cases[i].want, desc);
	}
	is_str(daemon_flags_macro("EaBcD", small, sizeof(small)), "EE a", "truncated at whole letters");
	return tap_done();
}
