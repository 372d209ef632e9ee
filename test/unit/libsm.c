/*
 * libsm.c - unit tests for libsm: bounded strings, sm_buf caps, time intervals.
 */
#include "sm.h"
#include "tap.h"

static void
test_strlcpy(void)
{
	char b[4];

	is_int(sm_strlcpy(b, "abc", sizeof(b)), 3, "strlcpy fits");
	is_str(b, "abc", "strlcpy copied");
	is_int(sm_strlcpy(b, "abcdef", sizeof(b)), 6, "strlcpy reports truncation");
	is_str(b, "abc", "strlcpy truncated and terminated");
	is_int(sm_strlcat(b, "x", sizeof(b)), 4, "strlcat reports truncation");
	is_int(sm_snprintf(b, sizeof(b), "%d", 12345), -1, "snprintf reports truncation");
	is_int(sm_snprintf(b, sizeof(b), "%d", 123), 0, "snprintf fits");
}

static void
test_buf(void)
{
	struct sm_buf b = SM_BUF_INIT(8);

	is_int(sm_buf_puts(&b, "abcd"), 0, "buf append");
	is_int(sm_buf_printf(&b, "%d", 1234), 0, "buf printf up to the cap");
	is_int(sm_buf_putc(&b, 'x'), -1, "buf refuses past its cap");
	is_str(sm_buf_str(&b), "abcd1234", "buf keeps what fitted");
	is_int(b.len, 8, "buf length");
	sm_buf_truncate(&b, 2);
	is_str(sm_buf_str(&b), "ab", "buf truncate");
	is_int(sm_buf_append(&b, "\0z", 2), 0, "buf holds NUL bytes");
	is_int(b.len, 4, "buf length counts NUL");
	sm_buf_free(&b);
	is_str(sm_buf_str(&b), "", "freed buf is empty");
}

static void
test_time(void)
{
	time_t t = 0;
	char b[32];

	ok(sm_convtime("1h30m", 's', &t) == 0 && t == 5400, "convtime 1h30m");
	ok(sm_convtime("5", 'd', &t) == 0 && t == 5 * 86400, "convtime default unit");
	ok(sm_convtime("2w1d10s", 's', &t) == 0 && t == 15 * 86400 + 10, "convtime mixed");
	ok(sm_convtime("1x", 's', &t) == -1, "convtime bad unit");
	ok(sm_convtime("", 's', &t) == -1, "convtime empty");
	ok(sm_convtime("h", 's', &t) == -1, "convtime no digits");
	ok(sm_convtime("99999999999999999999", 's', &t) == -1, "convtime overflow");
	sm_pintvl(5400, b, sizeof(b));
	is_str(b, "01:30:00", "pintvl hours");
	sm_pintvl(90061, b, sizeof(b));
	is_str(b, "1+01:01:01", "pintvl days");
}

int
main(void)
{
	test_strlcpy();
	test_buf();
	test_time();
	return tap_done();
}
