/*
 * sm_str.h - bounded string functions.
 *
 * sm_strlcpy/sm_strlcat follow BSD strlcpy: they return the length they
 * tried to create; a result >= size means truncation.  sm_snprintf returns
 * 0, or -1 when the output did not fit (the buffer then holds a truncated,
 * terminated string).
 */
#ifndef SM_STR_H
#define SM_STR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>

size_t sm_strlcpy(char *dst, const char *src, size_t size);
size_t sm_strlcat(char *dst, const char *src, size_t size);
int sm_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int sm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
bool sm_streq_ci(const char *a, const char *b);
void sm_lower(char *s);
char *sm_trim(char *s);

#endif
