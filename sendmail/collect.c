/*
 * collect.c - read the message after DATA: dot-unstuffing, line ends,
 * the header, the size limit, 8-bit detection, the body into the df.
 *
 * Follows sendmail 8.17's collect() where it is observable: a CRLF line
 * end is stored as LF (the df keeps LF ends, no final newline added), the
 * header goes into the envelope (continuation lines joined with "\n"
 * plus their own leading blanks, as the qf keeps them) and the rest into
 * the df, the size counts every stored byte of header and body, and a
 * message over MaxMessageSize is read to its end before it is refused.
 * The end of the text is CRLF "." CRLF only: "\n.\n", "\r.\n",
 * "\n.\r\n" and the like are never taken for it (SMTP smuggling,
 * CVE-2023-51765): the first bare LF or bare CR stops the reading there,
 * and the text is refused ("421 4.5.0 Bare linefeed (LF) not allowed"),
 * as the real one does (measured: it reads no further, its size is the
 * bytes stored before the bare one, a leading stuffed dot not counted).
 * A header that passes MaxHeadersLength is read to its end, but the
 * field that passed it and those after it are not entered (measured:
 * a Message-Id after it is not the message's).
 *
 * A df write that fails is not retried: the rest of the text is read
 * and dropped, and the errno is handed back (COLLECT_IOERR), so that the
 * server can tell a full disk from another error.
 *
 * Also here: the session's buffered input (struct smtp_in), so that the
 * command reader and collect share what a pipelining client sent.
 *
 * Missing: MIME 8->7 bit conversion, the "From " line of -bm input,
 * MaxMimeHeaderLength checks (the real one logs nothing for long MIME
 * headers while it reads the text either: measured), header rewriting
 * (that is at delivery).
 */
#include "sm.h"
#include "collect.h"

#include <poll.h>

#define COLLECT_SEGMAX	(64 * 1024)	/* longest piece of a line handled at once */
#define COLLECT_OUTBUF	(64 * 1024)	/* df write buffer */
#define COLLECT_HDRMAX	(1024 * 1024)	/* cap of one header field when unlimited */

/* ---------------------------------------------------------- the input */

/* smtp_in_init - set up in to read fd */
void
smtp_in_init(struct smtp_in *in, int fd)
{
	memset(in, 0, sizeof(*in));
	in->fd = fd;
}

/* wait_input - poll fd for input; 1 readable, 0 timeout, -1 error */
static int
wait_input(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int r;

	do
		r = poll(&p, 1, ms);
	while (r < 0 && errno == EINTR);
	return r;
}

/* smtp_in_fill - read more into the buffer; false at end of input */
static bool
smtp_in_fill(struct smtp_in *in)
{
	ssize_t n;
	int r;

	if (in->eof)
		return false;
	if (in->before_block != NULL && wait_input(in->fd, 0) == 0)
		in->before_block(in->ctx);
	if (in->timeout > 0) {
		r = wait_input(in->fd, in->timeout > INT_MAX / 1000 ? INT_MAX :
		    (int)in->timeout * 1000);
		if (r == 0) {
			in->timedout = true;
			in->eof = true;
			return false;
		}
	}
	do
		n = read(in->fd, in->buf, sizeof(in->buf));
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		in->eof = true;
		return false;
	}
	in->pos = 0;
	in->len = (size_t)n;
	return true;
}

/* smtp_in_getc - the next byte, or -1 at end of input or timeout */
int
smtp_in_getc(struct smtp_in *in)
{
	if (in->pos >= in->len && !smtp_in_fill(in))
		return -1;
	return (unsigned char)in->buf[in->pos++];
}

/* smtp_in_pending - whether input is waiting (buffered, or readable now) */
bool
smtp_in_pending(struct smtp_in *in)
{
	if (in->pos < in->len)
		return true;
	return !in->eof && wait_input(in->fd, 0) > 0;
}

/* ------------------------------------------------------- the df output */

struct dfout {
	int fd;
	char buf[COLLECT_OUTBUF];
	size_t n;
	bool failed;
	int error;		/* errno of the failed write */
};

/* df_flush - write what is buffered; a failure (and its errno) is
 * remembered, and nothing more is written after it */
static void
df_flush(struct dfout *o)
{
	size_t off = 0;
	ssize_t w;

	while (off < o->n && !o->failed) {
		w = write(o->fd, o->buf + off, o->n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			o->failed = true;
			o->error = w < 0 ? errno : ENOSPC;	/* 0: the disk is full */
		} else
			off += (size_t)w;
	}
	o->n = 0;
}

/* df_put - buffer n bytes for the df */
static void
df_put(struct dfout *o, const char *p, size_t n)
{
	while (n > 0) {
		size_t k = sizeof(o->buf) - o->n;

		if (k > n)
			k = n;
		memcpy(o->buf + o->n, p, k);
		o->n += k;
		p += k;
		n -= k;
		if (o->n == sizeof(o->buf))
			df_flush(o);
	}
}

/* ------------------------------------------------------------ the text */

struct collector {
	struct smtp_in *in;
	struct envelope *e;
	struct dfout *out;
	long max_size, max_hdr;
	struct collect_result *res;
	bool in_header;
	struct sm_buf field;	/* the header field being read */
	bool too_big;
	bool hdr_too_long;
};

/* peek_lf - whether the next input byte is LF (it is then taken) */
static bool
peek_lf(struct smtp_in *in)
{
	if (in->pos >= in->len && !smtp_in_fill(in))
		return false;
	if (in->buf[in->pos] != '\n')
		return false;
	in->pos++;
	return true;
}

/* read_segment - bytes up to and including LF (or COLLECT_SEGMAX) into
 * seg, NUL bytes left out and counted in *nuls; a CRLF is never split
 * between two segments (the CR would look bare); false at end of input */
static bool
read_segment(struct smtp_in *in, struct sm_buf *seg, size_t *nuls)
{
	int c;

	sm_buf_reset(seg);
	while (seg->len + 1 < COLLECT_SEGMAX) {
		c = smtp_in_getc(in);
		if (c < 0)
			return false;
		if (c == '\0') {	/* sendmail drops NUL bytes, but counts them */
			(*nuls)++;
			continue;
		}
		(void)sm_buf_putc(seg, c);
		if (c == '\n')
			return true;
	}
	if (seg->data[seg->len - 1] == '\r' && peek_lf(in))
		(void)sm_buf_putc(seg, '\n');	/* the buffer holds SEGMAX + 1 */
	return true;
}

/* count - add n stored bytes to the size; note a passed limit */
static void
count(struct collector *c, size_t n)
{
	c->res->size += (long)n;
	if (c->max_size > 0 && c->res->size > c->max_size)
		c->too_big = true;
}

/* note_8bit - whether p[0..n) has a byte with the high bit */
static void
note_8bit(struct collector *c, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && !c->res->has8bit; i++)
		if ((unsigned char)p[i] & 0x80)
			c->res->has8bit = true;
}

/* body_put - store body bytes (dropped once the message is too big) */
static void
body_put(struct collector *c, const char *p, size_t n, bool newline)
{
	note_8bit(c, p, n);
	count(c, n + (newline ? 1 : 0));
	if (c->too_big || c->hdr_too_long)
		return;
	df_put(c->out, p, n);
	if (newline)
		df_put(c->out, "\n", 1);
}

/* collect_is_field_start - "Name:" with a name of printable non-blank bytes */
bool
collect_is_field_start(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch == ':')
			return i > 0;
		if (ch <= ' ' || ch >= 0x7f)
			break;
	}
	/* sendmail allows blanks between the name and the colon */
	while (i > 0 && i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i > 0 && i < n && p[i] == ':';
}

/* collect_field_enter - the header field in field (if any) into e */
bool
collect_field_enter(struct envelope *e, struct sm_buf *field)
{
	char *text, *colon, *name_end;
	bool entered = false;

	if (field->len == 0)
		return false;
	text = field->data;
	colon = memchr(text, ':', field->len);
	if (colon != NULL) {
		name_end = colon;
		while (name_end > text && (name_end[-1] == ' ' || name_end[-1] == '\t'))
			name_end--;
		*name_end = '\0';
		(void)env_add_header(e, text, colon + 1, "");
		entered = true;
	}
	sm_buf_reset(field);
	return entered;
}

/* field_end - enter the field read so far into the envelope */
static void
field_end(struct collector *c)
{
	if (collect_field_enter(c->e, &c->field))
		c->res->nhdrs++;
}

/* header_line - one line while in the header; false when it is not a
 * header line (the header ended; the line is the body's) */
static bool
header_line(struct collector *c, const char *p, size_t n, bool newline)
{
	if (!newline)
		return false;
	if ((p[0] == ' ' || p[0] == '\t') && (c->field.len > 0 || c->hdr_too_long)) {
		if (!c->hdr_too_long && (sm_buf_putc(&c->field, '\n') < 0 ||
		    sm_buf_append(&c->field, p, n) < 0))
			c->hdr_too_long = true;
	} else if (collect_is_field_start(p, n)) {
		field_end(c);
		if (!c->hdr_too_long && sm_buf_append(&c->field, p, n) < 0)
			c->hdr_too_long = true;
	} else
		return false;
	note_8bit(c, p, n);
	count(c, n + 1);
	c->res->hdr_len += (long)n + 1;
	if (c->max_hdr > 0 && c->res->hdr_len > c->max_hdr)
		c->hdr_too_long = true;
	if (c->hdr_too_long)
		sm_buf_reset(&c->field);	/* it and the fields after it: dropped */
	return true;
}

/* find_bare - the first bare CR in p[0..n), else a bare LF ending the
 * line (bare_lf); *at is its offset; COLLECT_OK when there is none */
static enum collect_status
find_bare(const char *p, size_t n, bool bare_lf, size_t *at)
{
	const char *cr = memchr(p, '\r', n);

	if (cr != NULL) {
		*at = (size_t)(cr - p);
		return COLLECT_BARE_CR;
	}
	*at = n;
	return bare_lf ? COLLECT_BARE_LF : COLLECT_OK;
}

/* stop_bare - a bare LF or CR after at stored bytes of the line: the
 * size counts them, and where it came is noted */
static void
stop_bare(struct collector *c, enum collect_status bare, size_t at)
{
	c->res->status = bare;
	c->res->bare_in_header = c->in_header;
	count(c, at);
}

/* text_line - one line (or piece of one) of the message text */
static void
text_line(struct collector *c, const char *p, size_t n, bool newline)
{
	if (c->in_header) {
		if (n == 0 && newline) {	/* the blank line ends the header */
			field_end(c);
			c->in_header = false;
			count(c, 1);
			return;
		}
		if (header_line(c, p, n, newline))
			return;
		field_end(c);
		c->in_header = false;
	}
	body_put(c, p, n, newline);
}

/* collect - read the message text from in into e's headers and dfd */
void
collect(struct smtp_in *in, struct envelope *e, int dfd, long max_size,
    long max_hdr, struct collect_result *res)
{
	struct dfout *outp = sm_malloc(sizeof(*outp));
	struct sm_buf seg = SM_BUF_INIT(COLLECT_SEGMAX + 1);
	struct collector c = { .in = in, .e = e, .out = outp, .max_size = max_size,
		.max_hdr = max_hdr, .res = res, .in_header = true };
	bool bol = true, crlf_bol = true, newline, crlf;
	enum collect_status bare;
	const char *p;
	size_t n, at, nuls = 0;

	memset(res, 0, sizeof(*res));
	outp->fd = dfd;
	outp->n = 0;
	outp->failed = false;
	outp->error = 0;
	sm_buf_init(&c.field, max_hdr > 0 ? (size_t)max_hdr + 1 : COLLECT_HDRMAX);
	res->status = COLLECT_OK;
	for (;;) {
		if (!read_segment(in, &seg, &nuls)) {
			res->status = in->timedout ? COLLECT_TIMEOUT : COLLECT_EOF;
			break;
		}
		p = seg.data;
		n = seg.len;
		if (crlf_bol && n == 3 && memcmp(p, ".\r\n", 3) == 0)
			break;
		newline = p[n - 1] == '\n';
		crlf = newline && n >= 2 && p[n - 2] == '\r';
		n -= crlf ? 2 : newline ? 1 : 0;
		/* a piece the input ended after: the end (EOF, timeout) tells */
		at = 0;
		bare = !newline && in->eof ? COLLECT_OK : find_bare(p, n, newline && !crlf, &at);
		if (bol && n > 0 && p[0] == '.') {
			p++;
			n--;
			at -= at > 0 ? 1 : 0;
		}
		if (bare != COLLECT_OK) {
			stop_bare(&c, bare, at);
			break;
		}
		text_line(&c, p, n, newline);
		bol = newline;
		crlf_bol = crlf;
	}
	if (c.in_header)
		field_end(&c);
	count(&c, nuls);
	df_flush(outp);
	sm_buf_free(&c.field);
	sm_buf_free(&seg);
	if (res->status == COLLECT_OK && outp->failed) {
		res->status = COLLECT_IOERR;
		res->error = outp->error;
	}
	free(outp);
	if (res->status != COLLECT_OK)
		return;
	if (c.hdr_too_long)
		res->status = COLLECT_HDR_TOO_LONG;
	else if (c.too_big)
		res->status = COLLECT_TOO_BIG;
}
