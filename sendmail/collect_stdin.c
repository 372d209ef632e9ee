/*
 * collect_stdin.c - read a message given on standard input (-bm, -t).
 *
 * Owns the text side of command-line submission: line ends, the "."
 * line and dot-unstuffing (or none with IgnoreDots), the leading "From "
 * line, the header into the envelope, the body into the df, the size,
 * 8-bit detection and 7-bit stripping.  What sendmail 8.17 does here was
 * measured against the real one (test/t/6200-submit-cmdline.t): CRLF is
 * stored as LF, a bare CR and NUL bytes are kept, only ".." loses a dot
 * (".foo" stays), the "From " line is dropped but counted.  See
 * collect_stdin.h for the contract.
 *
 * Missing: MaxHeadersLength and MaxMimeHeaderLength checks, MIME 8->7
 * bit conversion, the "From " line setting the sender (sendmail does
 * that only for trusted UUCP-style input).
 */
#include "sm.h"
#include "collect_stdin.h"
#include "collect.h"

#define CS_SEGMAX	(64 * 1024)	/* longest piece of a line handled at once */
#define CS_OUTMAX	(64 * 1024)	/* df write buffer */
#define CS_HDRMAX	(1024 * 1024)	/* cap of one header field */

/* The input, buffered. */
struct cs_in {
	int fd;
	char buf[CS_SEGMAX];
	size_t pos, len;
	bool eof, err;
};

/* One reading of a message. */
struct cs {
	struct cs_in *in;
	struct envelope *e;
	const struct stdin_opts *o;
	struct stdin_result *res;
	int dfd;
	struct sm_buf out;	/* body bytes not yet written */
	struct sm_buf field;	/* the header field being read */
	bool in_header;
};

/* in_getc - the next input byte, or -1 at the end (or on an error) */
static int
in_getc(struct cs_in *in)
{
	ssize_t n;

	if (in->pos < in->len)
		return (unsigned char)in->buf[in->pos++];
	if (in->eof)
		return -1;
	do
		n = read(in->fd, in->buf, sizeof(in->buf));
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		in->eof = true;
		in->err = n < 0;
		return -1;
	}
	in->pos = 1;
	in->len = (size_t)n;
	return (unsigned char)in->buf[0];
}

/* read_piece - bytes up to and including LF (at most CS_SEGMAX) into seg;
 * false when the input ended before any byte */
static bool
read_piece(struct cs_in *in, struct sm_buf *seg)
{
	int c;

	sm_buf_reset(seg);
	while (seg->len + 1 < CS_SEGMAX) {
		if ((c = in_getc(in)) < 0)
			return seg->len > 0;
		(void)sm_buf_putc(seg, c);
		if (c == '\n')
			break;
	}
	return true;
}

/* out_flush - write the buffered body bytes to the df */
static void
out_flush(struct cs *c)
{
	size_t off = 0;
	ssize_t w;

	while (off < c->out.len && !c->res->ioerr) {
		w = write(c->dfd, c->out.data + off, c->out.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			c->res->ioerr = true;
		else
			off += (size_t)w;
	}
	sm_buf_reset(&c->out);
}

/* count - add n stored bytes to the size; note a passed limit */
static void
count(struct cs *c, size_t n)
{
	c->res->size += (long)n;
	if (c->o->max_size > 0 && c->res->size > c->o->max_size)
		c->res->too_big = true;
}

/* body_put - store a body line (the newline when it had one) */
static void
body_put(struct cs *c, const char *p, size_t n, bool newline)
{
	count(c, n + (newline ? 1 : 0));
	if (c->res->too_big)
		return;
	(void)sm_buf_append(&c->out, p, n);
	if (newline)
		(void)sm_buf_putc(&c->out, '\n');
	if (c->out.len >= CS_OUTMAX / 2)
		out_flush(c);
}

/* field_end - enter the header field read so far into the envelope */
static void
field_end(struct cs *c)
{
	if (collect_field_enter(c->e, &c->field))
		c->res->nhdrs++;
}

/* header_line - one line while in the header; false when it is not a
 * header line (the header has ended and the line belongs to the body) */
static bool
header_line(struct cs *c, const char *p, size_t n, bool newline)
{
	if (!newline || memchr(p, '\0', n) != NULL)
		return false;
	if ((p[0] == ' ' || p[0] == '\t') && c->field.len > 0) {
		(void)sm_buf_putc(&c->field, '\n');
		(void)sm_buf_append(&c->field, p, n);
	} else if (collect_is_field_start(p, n)) {
		field_end(c);
		(void)sm_buf_append(&c->field, p, n);
	} else
		return false;
	count(c, n + 1);
	return true;
}

/* text_line - one line (or piece of one) of the message text */
static void
text_line(struct cs *c, const char *p, size_t n, bool newline)
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

/* note_bits - note (or strip, for 7-bit input) bytes with the high bit */
static void
note_bits(struct cs *c, char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!((unsigned char)p[i] & 0x80))
			continue;
		if (c->o->seven_bit)
			p[i] = (char)((unsigned char)p[i] & 0x7f);
		else
			c->res->has8bit = true;
	}
}

/* one_piece - handle one piece of input at the start of a line (bol);
 * false when it is the "." line that ends the text */
static bool
one_piece(struct cs *c, char *p, size_t n, bool bol, bool first)
{
	bool newline = n > 0 && p[n - 1] == '\n';

	if (newline) {
		n--;
		if (n > 0 && p[n - 1] == '\r')
			n--;
	}
	if (bol && !c->o->ignore_dots) {
		if (n == 1 && p[0] == '.')
			return false;
		if (n >= 2 && p[0] == '.' && p[1] == '.') {
			p++;
			n--;
		}
	}
	if (first && n >= 5 && memcmp(p, "From ", 5) == 0) {
		count(c, n + (newline ? 1 : 0));	/* dropped, but counted */
		return true;
	}
	note_bits(c, p, n);
	text_line(c, p, n, newline);
	return true;
}

/* collect_stdin - read the message from fd into e's headers and dfd */
int
collect_stdin(int fd, struct envelope *e, int dfd, const struct stdin_opts *o,
    struct stdin_result *res)
{
	struct cs_in *in = sm_calloc(1, sizeof(*in));
	struct sm_buf seg = SM_BUF_INIT(CS_SEGMAX + 1);
	struct cs c = { .in = in, .e = e, .o = o, .res = res, .dfd = dfd,
		.in_header = true };
	bool bol = true, first = true;

	memset(res, 0, sizeof(*res));
	in->fd = fd;
	sm_buf_init(&c.out, CS_OUTMAX + CS_SEGMAX);
	sm_buf_init(&c.field, CS_HDRMAX);
	while (read_piece(in, &seg)) {
		if (!one_piece(&c, seg.data, seg.len, bol, first))
			break;
		bol = seg.data[seg.len - 1] == '\n';
		first = false;
	}
	if (c.in_header)
		field_end(&c);
	out_flush(&c);
	if (in->err)
		res->ioerr = true;
	sm_buf_free(&c.out);
	sm_buf_free(&c.field);
	sm_buf_free(&seg);
	free(in);
	return res->ioerr ? -1 : 0;
}
