/*
 * ml_lock.c - the mailbox dot-lock, MAILBOX.lock, as mail readers expect.
 *
 * Debian's mail.local takes it through liblockfile's maillock(); this is
 * the same protocol written out: a unique file MAILBOX.lk<pid> holding our
 * pid is hard-linked to MAILBOX.lock (safe on NFS, where O_EXCL is not);
 * the lock is ours when the link succeeds, or when the unique file's link
 * count became 2 although link() reported an error.  While MAILBOX.lock
 * exists we only wait (a stat per round, no unique file made and removed:
 * under contention those file creations were mail.local's main cost).  A
 * lock is stale, and removed, when the pid it holds is dead on this host,
 * or when it is older than ML_LOCK_STALE seconds (liblockfile's five
 * minutes).  We retry with a
 * growing pause (1 ms, doubling up to ML_LOCK_PAUSE_MAX) for at most
 * ML_LOCK_WAIT seconds, then give up with a temporary failure: "lockmailbox
 * M failed; error code E TEXT" with the errno of the last attempt.  The
 * short pauses matter when many deliveries to one mailbox queue up (a
 * busy daemon): a lock left free while its waiters sleep is lost
 * throughput (test/bench/smtp-source.sh: 20 SMTP sessions for one user
 * delivered 180-200 messages/s with pauses of up to 1 s, and kept up with
 * the 260-370/s accepted with 64 ms).
 *
 * Not done: the lock is not touched during a long delivery, so a delivery
 * running past five minutes may lose it to a waiting peer.
 */
#include "sm.h"
#include "mail_local.h"

#include <signal.h>

#define ML_LOCK_STALE	300
#define ML_LOCK_WAIT	300
#define ML_LOCK_PAUSE_MAX 64	/* milliseconds */

/* ml_lock_names - MAILBOX.lock and the unique MAILBOX.lk<pid>; -1 if long */
static int
ml_lock_names(const char *mbox, char *lock, char *uniq, size_t size)
{
	if (sm_snprintf(lock, size, "%s.lock", mbox) < 0)
		return -1;
	return sm_snprintf(uniq, size, "%s.lk%ld", mbox, (long)getpid());
}

/* ml_lock_uniq - create the unique file with our pid in it; -1, errno */
static int
ml_lock_uniq(const char *uniq)
{
	char pid[32];
	size_t len;
	int fd;

	(void)unlink(uniq);
	if ((fd = open(uniq, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644)) < 0)
		return -1;
	(void)sm_snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	len = strlen(pid);
	if (write(fd, pid, len) != (ssize_t)len) {
		int e = errno;

		close(fd);
		unlink(uniq);
		errno = e;
		return -1;
	}
	return close(fd);
}

/* ml_lock_try - one attempt: 1 locked, 0 held by another, -1 error */
static int
ml_lock_try(const char *lock, const char *uniq)
{
	struct stat sb;
	int rc, e;

	if (ml_lock_uniq(uniq) < 0)
		return -1;
	rc = link(uniq, lock);
	e = errno;
	if (rc < 0 && stat(uniq, &sb) == 0 && sb.st_nlink == 2)
		rc = 0;
	(void)unlink(uniq);
	if (rc == 0)
		return 1;
	errno = e;
	return e == EEXIST ? 0 : -1;
}

/* ml_lock_held - whether lock exists now (a hint: only link() takes it) */
static bool
ml_lock_held(const char *lock)
{
	struct stat sb;

	return lstat(lock, &sb) == 0;
}

/* ml_lock_stale - remove lock when its owner is gone or it is too old */
static void
ml_lock_stale(const char *lock)
{
	char buf[32];
	struct stat sb;
	ssize_t n;
	long pid;
	int fd;

	if ((fd = open(lock, O_RDONLY | O_NOFOLLOW)) < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	if (fstat(fd, &sb) < 0) {
		close(fd);
		return;
	}
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	pid = strtol(buf, NULL, 10);
	if ((pid > 0 && kill((pid_t)pid, 0) < 0 && errno == ESRCH) ||
	    time(NULL) - sb.st_mtime > ML_LOCK_STALE)
		(void)unlink(lock);
}

/* ml_pause - sleep ms milliseconds */
static void
ml_pause(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * ml_dotlock - take MAILBOX.lock, waiting for a holder.  Returns 0, or -1
 * with st filled (a temporary failure).
 */
int
ml_dotlock(const char *mbox, struct ml_status *st)
{
	char lock[PATH_MAX], uniq[PATH_MAX];
	time_t start = time(NULL);
	long pause = 1;
	int rc;

	if (ml_lock_names(mbox, lock, uniq, sizeof(lock)) < 0) {
		ml_fail(st, "451 4.3.0", "lockmailbox %s failed; error code %d %s",
			mbox, ENAMETOOLONG, strerror(ENAMETOOLONG));
		return -1;
	}
	for (;;) {
		/* a lock seen held costs a stat, not a file created and removed */
		rc = ml_lock_held(lock) ? 0 : ml_lock_try(lock, uniq);
		if (rc == 1)
			return 0;
		if (rc < 0 || time(NULL) - start >= ML_LOCK_WAIT)
			break;
		ml_lock_stale(lock);
		ml_pause(pause);
		if (pause < ML_LOCK_PAUSE_MAX)
			pause *= 2;
	}
	if (rc == 0)
		errno = EAGAIN;
	ml_fail(st, "451 4.3.0", "lockmailbox %s failed; error code %d %s",
		mbox, errno, strerror(errno));
	return -1;
}

/* ml_dotunlock - drop MAILBOX.lock */
void
ml_dotunlock(const char *mbox)
{
	char lock[PATH_MAX];

	if (sm_snprintf(lock, sizeof(lock), "%s.lock", mbox) == 0)
		(void)unlink(lock);
}
