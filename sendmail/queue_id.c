/*
 * queue_id.c - sendmail-style queue ids (see queue_id.h for the shape).
 *
 * Follows sendmail 8.17's assign_queueid: time part from gmtime() of a
 * base second, two base-60 letters of a per-process sequence starting at
 * a random offset, the pid printed with "%06ld".  State is per process.
 */
#include "sm.h"
#include "queue_id.h"

#define QID_ALPHABET "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx"
#define QID_LEN 60
#define QID_SEQS (QID_LEN * QID_LEN)

static struct {
	time_t base;		/* base second of the current sequence, 0 none */
	pid_t pid;		/* pid the base was taken in */
	unsigned used;		/* sequence numbers used since the base */
	unsigned offset;	/* random start of the sequence */
} qid;

/* queue_id_format - the id of a base time, sequence and pid */
int
queue_id_format(time_t t, unsigned seq, long pid, char *buf, size_t size)
{
	static const char a[] = QID_ALPHABET;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		return -1;
	seq %= QID_SEQS;
	return sm_snprintf(buf, size, "%c%c%c%c%c%c%c%c%06ld",
	    a[tm.tm_year % QID_LEN], a[tm.tm_mon], a[tm.tm_mday], a[tm.tm_hour],
	    a[tm.tm_min % QID_LEN], a[tm.tm_sec % QID_LEN],
	    a[seq / QID_LEN], a[seq % QID_LEN], pid);
}

/* random_offset - a start for the sequence that differs between processes */
static unsigned
random_offset(void)
{
	unsigned v = (unsigned)getpid() * 2654435761u;
	struct timespec ts;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, &v, sizeof(v)) != (ssize_t)sizeof(v))
			v ^= (unsigned)time(NULL);
		(void)close(fd);
	} else if (clock_gettime(CLOCK_REALTIME, &ts) == 0)
		v ^= (unsigned)ts.tv_nsec;
	return v % QID_SEQS;
}

/* new_base - take a new base second (later than the old one) and pid */
static void
new_base(void)
{
	time_t then = qid.base, now;
	pid_t pid = getpid();

	if (qid.base == 0)
		qid.offset = random_offset();
	while ((now = time(NULL)) <= then && qid.pid == pid)
		(void)sleep(1);
	qid.base = now;
	qid.pid = pid;
	qid.used = 0;
}

/* queue_id_new - the next id of this process */
int
queue_id_new(char *buf, size_t size)
{
	if (qid.base == 0 || qid.pid != getpid() || qid.used >= QID_SEQS)
		new_base();
	return queue_id_format(qid.base, (qid.offset + qid.used++) % QID_SEQS,
	    (long)qid.pid, buf, size);
}

/* queue_id_valid - whether s has the shape of an id */
bool
queue_id_valid(const char *s)
{
	size_t n = strlen(s);

	if (n < 8 || n >= QUEUE_ID_MAX)
		return false;
	for (; *s != '\0'; s++)
		if (strchr(QID_ALPHABET, *s) == NULL)
			return false;
	return true;
}
