/*
 * queue_id.h - sendmail 8.17 queue identifiers ("6ANE3jGg019788").
 *
 * An id is 8 characters from the 60-letter alphabet 0-9 A-Z a-x, then the
 * process id as at least six decimal digits: year % 60, month (0-11), day,
 * hour, minute, second of a base time in UTC, then a two-letter sequence
 * number (0 .. 3599) that starts at a random offset.  The base time and
 * pid are taken again when the process id changes (after fork) or the
 * 3600 sequence numbers are used up; a new base must be a later second
 * than the old one (we sleep until it is), so ids are unique within a
 * process, and across processes through the pid part.
 */
#ifndef QUEUE_ID_H
#define QUEUE_ID_H

#include "sm.h"

#define QUEUE_ID_MAX 32		/* room for any id, with the NUL */

/* queue_id_new - the next id of this process into buf; 0, or -1 when
 * buf is too small */
int queue_id_new(char *buf, size_t size);
/* queue_id_format - the id of base time t (UTC), sequence seq (0..3599)
 * and process id pid into buf; 0, or -1 when it does not fit */
int queue_id_format(time_t t, unsigned seq, long pid, char *buf, size_t size);
/* queue_id_valid - whether s looks like a queue id (letters of the
 * alphabet and digits only, 8 to QUEUE_ID_MAX - 1 long) */
bool queue_id_valid(const char *s);

#endif
