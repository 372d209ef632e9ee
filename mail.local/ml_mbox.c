/*
 * ml_mbox.c - append one stored message to one user's mailbox.
 *
 * Behaviour of sendmail 8.17's mail.local as Debian builds it, checked
 * against it: the mailbox is SPOOL/user (or HOME/file with -h); a new one
 * is created mode 0600 and given to the user; an existing one must be a
 * regular file ("%s: irregular file" - a symbolic link is one of those),
 * with one link ("%s: too many links") and owned by the user ("%s: wrong
 * ownership (%d)"), all permanent (550 5.2.0).  The mailbox is held under
 * the dot-lock (ml_lock.c) and an fcntl write lock (what Debian's lockf()
 * takes) while "From sender ctime" is written, then the header, the line
 * "Content-Length: N", the rest, and one empty line.  A failed write
 * truncates the mailbox back to its old size: "Write %s: %s", 450 4.2.0,
 * or 552 5.2.2 when over quota with -b.  Run as root, the writes are done
 * with the user's effective uid, so that the user's disk quota applies.
 */
#include "sm.h"
#include "mail_local.h"

#include <pwd.h>

#define ML_IOBUF	65536

/* one open mailbox */
struct ml_box {
	char path[PATH_MAX];
	int fd;
	off_t oldsize;
	const struct passwd *pw;
};

/* ml_box_path - SPOOL/user or HOME/file; -1 with st filled */
static int
ml_box_path(const struct ml_opts *o, const struct passwd *pw,
	    struct ml_box *b, struct ml_status *st)
{
	int rc;

	if (strchr(pw->pw_name, '/') != NULL || pw->pw_name[0] == '.') {
		ml_fail(st, "550 5.2.0", "%s: Invalid mailbox path", pw->pw_name);
		return -1;
	}
	if (o->homefile != NULL) {
		if (pw->pw_dir == NULL || pw->pw_dir[0] == '\0') {
			ml_fail(st, "550 5.3.0", "%s: User missing home directory",
				pw->pw_name);
			return -1;
		}
		rc = sm_snprintf(b->path, sizeof(b->path), "%s/%s", pw->pw_dir,
				 o->homefile);
	} else
		rc = sm_snprintf(b->path, sizeof(b->path), "%s/%s", o->spool,
				 pw->pw_name);
	if (rc < 0) {
		ml_fail(st, "550 5.2.0", "%s: Invalid mailbox path", pw->pw_name);
		return -1;
	}
	return 0;
}

/* ml_box_create - make a new mailbox, 0600, the user's; fd or -1 */
static int
ml_box_create(struct ml_box *b, struct ml_status *st)
{
	int fd;

	fd = open(b->path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW,
		  0600);
	if (fd < 0) {
		if (errno != EEXIST)
			ml_fail(st, "450 4.2.0", "Create %s: %s", b->path,
				strerror(errno));
		return -1;
	}
	if (geteuid() == 0 && fchown(fd, b->pw->pw_uid, b->pw->pw_gid) < 0) {
		ml_fail(st, "450 4.2.0", "chown %u.%u: %s",
			(unsigned)b->pw->pw_uid, (unsigned)b->pw->pw_gid,
			strerror(errno));
		close(fd);
		(void)unlink(b->path);
		return -1;
	}
	return fd;
}

/* ml_box_check - is the existing mailbox one we may append to? */
static int
ml_box_check(const struct ml_box *b, const struct stat *sb,
	     struct ml_status *st)
{
	if (sb->st_nlink != 1)
		ml_fail(st, "550 5.2.0", "%s: too many links", b->path);
	else if (!S_ISREG(sb->st_mode))
		ml_fail(st, "550 5.2.0", "%s: irregular file", b->path);
	else if (sb->st_uid != b->pw->pw_uid)
		ml_fail(st, "550 5.2.0", "%s: wrong ownership (%d)", b->path,
			(int)sb->st_uid);
	else
		return 0;
	return -1;
}

/* ml_box_open - open (or create) the mailbox for appending; -1, st */
static int
ml_box_open(struct ml_box *b, struct ml_status *st)
{
	struct stat lsb, fsb;
	int tries;

	st->code[0] = '\0';
	for (tries = 0; tries < 3; tries++) {
		if (lstat(b->path, &lsb) < 0) {
			if (errno != ENOENT) {
				ml_fail(st, "450 4.2.0", "Append %s: %s", b->path,
					strerror(errno));
				return -1;
			}
			if ((b->fd = ml_box_create(b, st)) >= 0)
				return 0;
			if (st->code[0] != '\0')
				return -1;
			continue;	/* created under us: look again */
		}
		if (ml_box_check(b, &lsb, st) < 0)
			return -1;
		if ((b->fd = open(b->path, O_WRONLY | O_APPEND | O_NOFOLLOW)) < 0) {
			ml_fail(st, "450 4.2.0", "Append %s: %s", b->path,
				strerror(errno));
			return -1;
		}
		if (fstat(b->fd, &fsb) < 0 || fsb.st_dev != lsb.st_dev ||
		    fsb.st_ino != lsb.st_ino || fsb.st_nlink != 1) {
			ml_fail(st, "450 4.2.0", "%s: fstat: file changed after open",
				b->path);
			close(b->fd);
			return -1;
		}
		return 0;
	}
	ml_fail(st, "450 4.2.0", "Create %s: %s", b->path, strerror(EEXIST));
	return -1;
}

/* ml_box_fcntl - wait for an fcntl lock of type (F_WRLCK, F_UNLCK) */
static int
ml_box_fcntl(int fd, short type)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	while (fcntl(fd, F_SETLKW, &fl) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

/* ml_write_all - write n bytes; -1 with errno */
static int
ml_write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* ml_copy_tmp - copy n bytes of the temporary file; -1 read, -2 write */
static int
ml_copy_tmp(FILE *fp, int fd, off_t n, char *buf)
{
	size_t want, got;

	while (n > 0) {
		want = n > ML_IOBUF ? ML_IOBUF : (size_t)n;
		if ((got = fread(buf, 1, want, fp)) == 0)
			return -1;
		if (ml_write_all(fd, buf, got) < 0)
			return -2;
		n -= (off_t)got;
	}
	return 0;
}

/* ml_write_msg - From line, header, Content-Length, body, blank line */
static int
ml_write_msg(int fd, const char *from, struct ml_msg *m, char *buf,
	     struct ml_status *st)
{
	char tbuf[64], line[128];
	struct sm_buf fl = SM_BUF_INIT(1 << 20);
	time_t now = time(NULL);
	int rc;

	if (ctime_r(&now, tbuf) == NULL)
		sm_strlcpy(tbuf, "\n", sizeof(tbuf));
	(void)sm_buf_printf(&fl, "From %s %s", from, tbuf);
	(void)sm_snprintf(line, sizeof(line), "Content-Length: %lld\n",
			  (long long)m->bodylen);
	rc = ml_write_all(fd, sm_buf_str(&fl), fl.len) < 0 ? -2 : 0;
	sm_buf_free(&fl);
	if (rc == 0 && fseeko(m->fp, 0, SEEK_SET) < 0) {
		ml_fail(st, "451 4.3.0", "Temporary file seek error: %s",
			strerror(errno));
		return -1;
	}
	if (rc == 0)
		rc = ml_copy_tmp(m->fp, fd, m->hdrlen, buf);
	if (rc == 0)
		rc = ml_write_all(fd, line, strlen(line)) < 0 ? -2 : 0;
	if (rc == 0)
		rc = ml_copy_tmp(m->fp, fd, m->total - m->hdrlen, buf);
	if (rc == 0)
		rc = ml_write_all(fd, "\n", 1) < 0 ? -2 : 0;
	if (rc == -1)
		ml_fail(st, "451 4.3.0", "Temporary file read error: %s",
			ferror(m->fp) ? strerror(errno) : "unexpected end");
	return rc;
}

/* ml_write_fail - describe a failed mailbox write by its errno */
static void
ml_write_fail(const struct ml_opts *o, const char *path, int e,
	      struct ml_status *st)
{
	const char *code = "450 4.2.0";

	if (e == EDQUOT && o->bouncequota)
		code = "552 5.2.2";
	ml_fail(st, code, "Write %s: %s", path, strerror(e));
}

/* ml_box_append - write as the user (when root), sync, undo on failure */
static int
ml_box_append(const struct ml_opts *o, struct ml_box *b, const char *from,
	      struct ml_msg *m, struct ml_status *st)
{
	char *buf = sm_malloc(ML_IOBUF);
	bool asuser = geteuid() == 0 && b->pw->pw_uid != 0;
	int rc, e = 0;

	if (asuser && seteuid(b->pw->pw_uid) < 0) {
		ml_fail(st, "451 4.3.0", "setreuid(0, %d): %s (r=%d, e=%d)",
			(int)b->pw->pw_uid, strerror(errno), (int)getuid(),
			(int)geteuid());
		free(buf);
		return -1;
	}
	rc = ml_write_msg(b->fd, from, m, buf, st);
	e = errno;
	if (rc == 0 && fsync(b->fd) < 0) {
		rc = -3;
		e = errno;
		ml_fail(st, "450 4.2.0", "Sync %s: %s", b->path, strerror(e));
	} else if (rc == -2)
		ml_write_fail(o, b->path, e, st);
	if (rc != 0 && ftruncate(b->fd, b->oldsize) == 0)
		(void)fsync(b->fd);
	if (asuser && seteuid(0) < 0)
		sm_fatal(EX_OSERR, "setreuid(0, 0): %s", strerror(errno));
	free(buf);
	return rc == 0 ? 0 : -1;
}

/* ml_box_locked - with the dot-lock held: open, lock, append, close */
static int
ml_box_locked(const struct ml_opts *o, struct ml_box *b, const char *from,
	      struct ml_msg *m, struct ml_status *st)
{
	int rc;

	if (ml_box_open(b, st) < 0)
		return -1;
	if (ml_box_fcntl(b->fd, F_WRLCK) < 0) {
		ml_fail(st, "450 4.2.0", "Lock %s: %s", b->path, strerror(errno));
		close(b->fd);
		return -1;
	}
	b->oldsize = lseek(b->fd, 0, SEEK_END);
	rc = b->oldsize < 0 ? -1 : ml_box_append(o, b, from, m, st);
	if (b->oldsize < 0)
		ml_fail(st, "450 4.2.0", "Append %s: %s", b->path, strerror(errno));
	(void)ml_box_fcntl(b->fd, F_UNLCK);
	if (close(b->fd) < 0 && rc == 0) {
		ml_fail(st, "450 4.2.0", "Close %s: %s", b->path, strerror(errno));
		rc = -1;
	}
	return rc;
}

/*
 * ml_deliver - append message m from sender from to user's mailbox.
 * Returns 0, or -1 with st filled.
 */
int
ml_deliver(const struct ml_opts *o, const char *user, const char *from,
	   struct ml_msg *m, struct ml_status *st)
{
	struct ml_box b;
	struct passwd *pw;
	int rc;

	st->code[0] = '\0';
	memset(&b, 0, sizeof(b));
	errno = 0;
	if ((pw = getpwnam(user)) == NULL) {
		if (errno != 0 && errno != ENOENT && errno != ESRCH)
			ml_fail(st, "451 4.3.0",
				"%s: User database failure; retry later", user);
		else
			ml_fail(st, "550 5.1.1", "%s: User unknown", user);
		return -1;
	}
	b.pw = pw;
	if (ml_box_path(o, pw, &b, st) < 0)
		return -1;
	if (ml_dotlock(b.path, st) < 0)
		return -1;
	rc = ml_box_locked(o, &b, from, m, st);
	ml_dotunlock(b.path);
	return rc;
}
