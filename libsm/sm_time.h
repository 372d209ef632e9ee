/*
 * sm_time.h - time intervals as sendmail writes them ("1h30m", "5d").
 *
 * sm_convtime parses a sequence of <number><unit> with units s m h d w;
 * a bare number takes default_unit ('s', 'm', 'h', 'd' or 'w').
 * Returns 0 and sets *out (seconds), or -1 on a malformed string.
 * sm_pintvl formats seconds back the way sendmail prints them.
 */
#ifndef SM_TIME_H
#define SM_TIME_H

#include <time.h>
#include <stddef.h>

int sm_convtime(const char *s, int default_unit, time_t *out);
void sm_pintvl(time_t secs, char *buf, size_t size);

#endif
