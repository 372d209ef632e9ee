/*
 * ml_store.c - copy one message from input into a temporary file, already
 * in the form it takes in a mailbox.
 *
 * Facts from Debian's sendmail 8.17 mail.local (built with CONTENTLENGTH):
 * a CRLF line end becomes LF, in LMTP mode and out of it; the lines up to
 * the first empty line are the header, and a header line beginning with
 * "From " is escaped to ">From "; a Content-Length: line of the input is
 * dropped (not its continuation lines), because a fresh one ("Content-Length: N", N the bytes after the
 * empty line) is written at the end of the header when the message is
 * appended (ml_mbox.c).  In LMTP mode the message ends at a line holding
 * only ".", and a leading ".." loses one dot.
 *
 * Deliberate differences: every body line beginning with "From " is
 * escaped too (Debian's build escapes none and relies on Content-Length,
 * which mbox readers such as Python's mailbox module ignore), and a last
 * line without a newline gets one (Debian's writes two stray NUL bytes).
 * Lines of any length are handled in chunks of ML_CHUNK bytes.
 *
 * The copy starts in memory (a memfd: no file is created on disk, where
 * creating and removing one per message costs more than the rest of a
 * small delivery) and moves to a file once it passes ML_MEMMAX bytes.
 * The file lives in $TMPDIR (default /tmp), nameless (O_TMPFILE) where
 * the file system allows it, else as local.XXXXXX unlinked at once.  The
 * struct ml_msg owns the stream (ml_msg_free closes it).
 */
#include "sm.h"
#include "mail_local.h"

#include <sys/mman.h>

#define ML_CHUNK	4096
#define ML_MEMMAX	(1024 * 1024)	/* bytes kept in memory at most */

/* a line reader's state over one message */
struct ml_reader {
	FILE *in;
	bool lmtp;
	bool bol;		/* the next chunk starts a line */
	bool inbody;		/* the empty line has been seen */
	bool dropping;		/* inside a Content-Length: line */
	char buf[ML_CHUNK + 2];
	size_t len;
	bool nl;		/* the chunk ends its line */
};

/* ml_tmpfile - an unlinked temporary file open for update, or NULL */
static FILE *
ml_tmpfile(void)
{
	char path[PATH_MAX];
	const char *dir = getenv("TMPDIR");
	FILE *fp;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
#ifdef O_TMPFILE
	/* no name at all where the file system can: no create, no unlink */
	fd = open(dir, O_RDWR | O_TMPFILE | O_EXCL, 0600);
	if (fd < 0)
#endif
	{
		if (sm_snprintf(path, sizeof(path), "%s/local.XXXXXX", dir) < 0)
			return NULL;
		if ((fd = mkstemp(path)) < 0)
			return NULL;
		(void)unlink(path);
	}
	if ((fp = fdopen(fd, "w+")) == NULL)
		close(fd);
	return fp;
}

/* ml_memfile - a memory file open for update, or NULL */
static FILE *
ml_memfile(void)
{
	FILE *fp = NULL;
#ifdef MFD_CLOEXEC
	int fd = memfd_create("mail.local", MFD_CLOEXEC);

	if (fd >= 0 && (fp = fdopen(fd, "w+")) == NULL)
		close(fd);
#endif
	return fp;
}

/* ml_spill - move m's memory copy into a temporary file; -1 on error */
static int
ml_spill(struct ml_msg *m)
{
	char buf[ML_CHUNK];
	FILE *fp;
	size_t n;

	if (fflush(m->fp) != 0 || fseeko(m->fp, 0, SEEK_SET) != 0 ||
	    (fp = ml_tmpfile()) == NULL)
		return -1;
	while ((n = fread(buf, 1, sizeof(buf), m->fp)) > 0)
		if (fwrite(buf, 1, n, fp) != n)
			break;
	if (ferror(m->fp) || ferror(fp)) {
		fclose(fp);
		return -1;
	}
	fclose(m->fp);
	m->fp = fp;
	m->inmem = false;
	return 0;
}

/* ml_chunk - read the next line, or ML_CHUNK bytes of it; false at EOF */
static bool
ml_chunk(struct ml_reader *r)
{
	int c = EOF;

	r->len = 0;
	r->nl = false;
	while (r->len < ML_CHUNK && (c = getc(r->in)) != EOF) {
		r->buf[r->len++] = (char)c;
		if (c == '\n') {
			r->nl = true;
			break;
		}
	}
	/* a CR ending a full chunk may be half of a CRLF */
	if (!r->nl && r->len > 0 && r->buf[r->len - 1] == '\r' &&
	    (c = getc(r->in)) != EOF) {
		if (c == '\n') {
			r->buf[r->len++] = '\n';
			r->nl = true;
		} else
			ungetc(c, r->in);
	}
	if (r->nl && r->len >= 2 && r->buf[r->len - 2] == '\r') {
		r->buf[r->len - 2] = '\n';
		r->len--;
	}
	r->buf[r->len] = '\0';
	return r->len > 0;
}

/* ml_is_cl - is this header line a Content-Length: field? */
static bool
ml_is_cl(const char *s)
{
	return strncasecmp(s, "Content-Length:", 15) == 0;
}

/* ml_put - write the chunk at p, n bytes; -1 on a write error */
static int
ml_put(struct ml_msg *m, const char *p, size_t n)
{
	if (n > 0 && fwrite(p, 1, n, m->fp) != n)
		return -1;
	m->total += (off_t)n;
	if (m->inmem && m->total > ML_MEMMAX)
		return ml_spill(m);
	return 0;
}

/* ml_header_chunk - place one chunk of the header; -1 on a write error */
static int
ml_header_chunk(struct ml_reader *r, struct ml_msg *m)
{
	if (r->bol) {
		if (r->len == 1 && r->buf[0] == '\n') {
			r->inbody = true;
			m->hdrlen = m->total;
			return ml_put(m, "\n", 1);
		}
		r->dropping = ml_is_cl(r->buf);
	}
	if (r->dropping)
		return 0;
	if (r->bol && strncmp(r->buf, "From ", 5) == 0 && ml_put(m, ">", 1) < 0)
		return -1;
	return ml_put(m, r->buf, r->len);
}

/* ml_body_chunk - place one chunk of the body; -1 on a write error */
static int
ml_body_chunk(struct ml_reader *r, struct ml_msg *m)
{
	if (r->bol && strncmp(r->buf, "From ", 5) == 0 && ml_put(m, ">", 1) < 0)
		return -1;
	return ml_put(m, r->buf, r->len);
}

/* ml_dot - LMTP: 1 at the end-of-data line, else unstuff and return 0 */
static int
ml_dot(struct ml_reader *r)
{
	if (!r->bol || r->buf[0] != '.')
		return 0;
	if (r->nl && r->len == 2)
		return 1;
	memmove(r->buf, r->buf + 1, r->len);	/* the NUL too */
	r->len--;
	return 0;
}

/* ml_copy - the read loop; 1 done, 0 EOF inside LMTP data, -1 write error */
static int
ml_copy(struct ml_reader *r, struct ml_msg *m)
{
	while (ml_chunk(r)) {
		if (r->lmtp && ml_dot(r) == 1)
			return 1;
		if (!r->inbody) {
			if (ml_header_chunk(r, m) < 0)
				return -1;
		} else if (ml_body_chunk(r, m) < 0)
			return -1;
		r->bol = r->nl;
	}
	if (r->lmtp)
		return 0;
	if (!r->bol && ml_put(m, "\n", 1) < 0)
		return -1;
	return 1;
}

/*
 * ml_store - read one message from in into m.  Returns 0 on success; 1
 * when LMTP input ended before the "." line (nothing to deliver); -1 with
 * st filled on a temporary file error.
 */
int
ml_store(struct ml_msg *m, FILE *in, bool lmtp, struct ml_status *st)
{
	struct ml_reader *r;
	int rc;

	memset(m, 0, sizeof(*m));
	if ((m->fp = ml_memfile()) != NULL)
		m->inmem = true;
	else
		m->fp = ml_tmpfile();
	if (m->fp == NULL) {
		ml_fail(st, "451 4.3.0", "Unable to open temporary file");
		return -1;
	}
	r = sm_calloc(1, sizeof(*r));
	r->in = in;
	r->lmtp = lmtp;
	r->bol = true;
	rc = ml_copy(r, m);
	if (!r->inbody)
		m->hdrlen = m->total;
	else
		m->bodylen = m->total - m->hdrlen - 1;
	free(r);
	if (rc == 0) {
		ml_msg_free(m);
		return 1;
	}
	if (rc < 0 || ferror(m->fp)) {
		ml_fail(st, "451 4.3.0", "Temporary file write error");
		ml_msg_free(m);
		return -1;
	}
	if (fflush(m->fp) != 0) {
		ml_fail(st, "451 4.3.0", "Temporary file flush error");
		ml_msg_free(m);
		return -1;
	}
	return 0;
}

/* ml_msg_free - close the temporary file */
void
ml_msg_free(struct ml_msg *m)
{
	if (m->fp != NULL)
		fclose(m->fp);
	m->fp = NULL;
}
