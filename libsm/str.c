/*
 * str.c - bounded copies, formatting and small string utilities.
 */
#include "sm.h"

/* sm_strlcpy - copy src into dst of size bytes, always terminated */
size_t
sm_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* sm_strlcat - append src to dst of size bytes, always terminated */
size_t
sm_strlcat(char *dst, const char *src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	if (dlen == size)
		return size + strlen(src);
	return dlen + sm_strlcpy(dst + dlen, src, size - dlen);
}

/* sm_vsnprintf - vsnprintf that reports truncation as -1 */
int
sm_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if (n < 0 || (size_t)n >= size)
		return -1;
	return 0;
}

/* sm_snprintf - snprintf that reports truncation as -1 */
int
sm_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = sm_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

/* sm_streq_ci - ASCII case-insensitive equality */
bool
sm_streq_ci(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/* sm_lower - lower-case s in place (ASCII) */
void
sm_lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* sm_trim - strip leading and trailing white space in place; returns start */
char *
sm_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}
