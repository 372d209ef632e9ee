/*
 * sm_buf.h - growable byte buffer with a hard cap, for all text from input.
 *
 * Invariants: data[len] == '\0' whenever data != NULL; len < cap;
 * len never exceeds max.  An append that would pass max appends nothing
 * and returns -1 (the caller replies or reports "too long"); allocation
 * failure exits (sm_heap.h).  Embedded NUL bytes are allowed.
 */
#ifndef SM_BUF_H
#define SM_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct sm_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
};

#define SM_BUF_INIT(max) { NULL, 0, 0, (max) }

void sm_buf_init(struct sm_buf *b, size_t max);
void sm_buf_free(struct sm_buf *b);
void sm_buf_reset(struct sm_buf *b);
int sm_buf_append(struct sm_buf *b, const void *p, size_t n);
int sm_buf_puts(struct sm_buf *b, const char *s);
int sm_buf_putc(struct sm_buf *b, int c);
int sm_buf_printf(struct sm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sm_buf_vprintf(struct sm_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
const char *sm_buf_str(struct sm_buf *b);
char *sm_buf_detach(struct sm_buf *b);
void sm_buf_truncate(struct sm_buf *b, size_t len);

#endif
