/*
 * buf.c - struct sm_buf, the capped growable buffer (see sm_buf.h).
 */
#include "sm.h"

/* sm_buf_init - empty buffer that may grow to max bytes */
void
sm_buf_init(struct sm_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

/* sm_buf_free - release the storage; the buffer is empty and reusable */
void
sm_buf_free(struct sm_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

/* sm_buf_reset - make the buffer empty, keeping its storage */
void
sm_buf_reset(struct sm_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static int
sm_buf_reserve(struct sm_buf *b, size_t n)
{
	size_t want;

	if (n > b->max || b->len > b->max - n)
		return -1;
	want = b->len + n + 1;
	if (want <= b->cap)
		return 0;
	if (b->cap < 64)
		b->cap = 64;
	while (b->cap < want)
		b->cap = b->cap > SIZE_MAX / 2 ? want : b->cap * 2;
	b->data = sm_realloc(b->data, b->cap);
	return 0;
}

/* sm_buf_append - append n bytes; -1 (nothing appended) past the cap */
int
sm_buf_append(struct sm_buf *b, const void *p, size_t n)
{
	if (sm_buf_reserve(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

/* sm_buf_puts - append a C string */
int
sm_buf_puts(struct sm_buf *b, const char *s)
{
	return sm_buf_append(b, s, strlen(s));
}

/* sm_buf_putc - append one byte */
int
sm_buf_putc(struct sm_buf *b, int c)
{
	char ch = (char)c;

	return sm_buf_append(b, &ch, 1);
}

/* sm_buf_vprintf - append formatted text */
int
sm_buf_vprintf(struct sm_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || sm_buf_reserve(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

/* sm_buf_printf - append formatted text */
int
sm_buf_printf(struct sm_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = sm_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

/* sm_buf_str - the contents as a C string ("" when empty); owned by b */
const char *
sm_buf_str(struct sm_buf *b)
{
	return b->data ? b->data : "";
}

/* sm_buf_detach - hand the contents to the caller (free it); b becomes empty */
char *
sm_buf_detach(struct sm_buf *b)
{
	char *s = b->data ? b->data : sm_strdup("");

	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return s;
}

/* sm_buf_truncate - shorten to len bytes (no-op when already shorter) */
void
sm_buf_truncate(struct sm_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}
