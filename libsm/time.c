/*
 * time.c - parse and print sendmail time intervals (see sm_time.h).
 */
#include "sm.h"

static long
unit_seconds(int unit)
{
	switch (unit) {
	case 's': return 1;
	case 'm': return 60;
	case 'h': return 3600;
	case 'd': return 86400;
	case 'w': return 7 * 86400;
	default: return -1;
	}
}

/* sm_convtime - "1h30m" -> 5400; -1 on a malformed interval */
int
sm_convtime(const char *s, int default_unit, time_t *out)
{
	long long total = 0;

	if (s == NULL || *s == '\0')
		return -1;
	while (*s) {
		long long n = 0;
		long mult;
		int digits = 0;

		while (isdigit((unsigned char)*s)) {
			if (n > (LLONG_MAX - 9) / 10)
				return -1;
			n = n * 10 + (*s++ - '0');
			digits++;
		}
		if (digits == 0)
			return -1;
		mult = unit_seconds(*s ? tolower((unsigned char)*s) : default_unit);
		if (mult < 0)
			return -1;
		if (*s)
			s++;
		if (n > (LLONG_MAX - total) / mult)
			return -1;
		total += n * mult;
	}
	*out = (time_t)total;
	return 0;
}

/* sm_pintvl - 5400 -> "01:30:00", 90000 -> "1+01:00:00" (sendmail's form) */
void
sm_pintvl(time_t secs, char *buf, size_t size)
{
	long d = (long)(secs / 86400), h = (long)(secs % 86400 / 3600);
	long m = (long)(secs % 3600 / 60), s = (long)(secs % 60);

	if (d)
		snprintf(buf, size, "%ld+%02ld:%02ld:%02ld", d, h, m, s);
	else
		snprintf(buf, size, "%02ld:%02ld:%02ld", h, m, s);
}
