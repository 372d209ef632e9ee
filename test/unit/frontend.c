/*
 * frontend.c - unit tests for the front end: -d flag parsing (debug.c) and
 * crackaddr (addr_parse.c).  The crackaddr cases are what the real
 * sendmail 8.17 prints as "Cracked address = " for each input under -bt's
 * /parse; test/t/2004-crackaddr.t checks them against it live.
 */
#include "sm.h"
#include "tap.h"
#include "debug.h"
#include "addr_parse.h"
#include "tokens.h"

static void
test_debug(void)
{
	memset(debug_levels, 0, sizeof(debug_levels));
	is_int(debug_parse("0.1"), 0, "-d0.1 parses");
	ok(debug_on(0, 1) && !debug_on(0, 2), "-d0.1 sets category 0 to 1");
	is_int(debug_parse("21-23.5,8"), 0, "a range and a bare category parse");
	ok(debug_on(22, 5) && debug_on(23, 5) && !debug_on(24, 1), "range 21-23 at 5");
	ok(debug_on(8, 1) && !debug_on(8, 2), "a missing level is 1");
	is_int(debug_parse("ANSI"), 0, "named settings are accepted");
	is_int(debug_parse("1."), 0, "a missing level number is 0");
	ok(!debug_on(1, 1), "... and sets nothing");
	is_int(debug_parse("5;"), -1, "garbage after a setting is an error");
	is_int(debug_parse("500.3"), 0, "a category past 99 is ignored");
	is_int(debug_parse(""), 0, "bare -d");
	ok(debug_on(99, 1) && debug_on(50, 1), "bare -d is 0-99.1");
}

/* cracked - addr_crack with the $g marker shown as "$g" */
static const char *
cracked(const char *addr, char *buf, size_t size)
{
	struct sm_buf b = SM_BUF_INIT(4096);
	size_t i, n = 0;

	(void)addr_crack(NULL, addr, &b);
	for (i = 0; i < b.len && n + 2 < size; i++) {
		if ((unsigned char)b.data[i] == TK_MACROEXPAND)
			buf[n++] = '$';
		else
			buf[n++] = b.data[i];
	}
	buf[n] = '\0';
	sm_buf_free(&b);
	return buf;
}

static const struct {
	const char *in, *out;
} crack_cases[] = {
	{ "a@b", "$g" },
	{ "a@b (Joe)", "$g (Joe)" },
	{ "(Joe) a@b", "(Joe) $g" },
	{ "Joe <a@b>", "Joe <$g>" },
	{ "\"Joe Q\" <a@b>", "\"Joe Q\" <$g>" },
	{ "Joe Q. Public <a@b>", "\"Joe Q. Public\" <$g>" },
	{ "Joe (x) <a@b> (y)", "Joe (x) <$g> (y)" },
	{ "<<a@b>>", "\"<\"<$g>" },
	{ "a@b <c@d>", "\"a@b\" <$g>" },
	{ "list: a, b;", "list: $g;" },
	{ "<a", "<$g>" },
	{ "a>", "$g" },
	{ "a (b", "$g (b)" },
	{ "Joe, Jr <a@b>", "\"Joe, Jr\" <$g>" },
	{ "Joe <a@b> extra", "Joe <$g> extra" },
	{ "Jo\"e\" <a@b>", "Jo\"e\" <$g>" },
	{ "Joe\\ Q <a@b>", "\"Joe\\ Q\" <$g>" },
	{ "(a)(b) c", "(a) (b) $g" },
	{ "Name <>", "Name <>" },
	{ "\"\"", "" },
	{ "Group:;", "Group:;$g" },
	{ "mailto:a@b", "mailto:$g" },
	{ "@a,@b:c@d", "\"@a,@b\":$g" },
};

static void
test_crack(void)
{
	char buf[512];
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(crack_cases); i++)
		is_str(cracked(crack_cases[i].in, buf, sizeof(buf)), crack_cases[i].out,
		    crack_cases[i].in);
}

static void
test_dsn(void)
{
	is_int(addr_dsn_exitstat("5.1.3"), EX_USAGE, "5.1.3 is EX_USAGE");
	is_int(addr_dsn_exitstat("5.1.1"), EX_NOUSER, "5.1.1 is EX_NOUSER");
	is_int(addr_dsn_exitstat("4.2.0"), EX_TEMPFAIL, "4.x.x is EX_TEMPFAIL");
	is_int(addr_dsn_exitstat("5.7.1"), EX_DATAERR, "5.7.x is EX_DATAERR");
}

int
main(void)
{
	test_debug();
	test_crack();
	test_dsn();
	return tap_done();
}
