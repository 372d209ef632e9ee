/*
 * heap.c - allocation wrappers that exit on exhaustion (see sm_heap.h).
 */
#include "sm.h"

static void
sm_nomem(size_t n)
{
	sm_fatal(EX_OSERR, "out of memory (%zu bytes)", n);
}

/* sm_malloc - malloc or die; a zero size still gives a unique pointer */
void *
sm_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		sm_nomem(n);
	return p;
}

/* sm_calloc - zeroed array or die, overflow checked */
void *
sm_calloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		sm_nomem(nmemb * size);
	return p;
}

/* sm_realloc - realloc or die */
void *
sm_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		sm_nomem(n);
	return q;
}

/* sm_reallocarray - realloc of nmemb * size with the product checked */
void *
sm_reallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		sm_nomem(SIZE_MAX);
	return sm_realloc(p, nmemb * size);
}

/* sm_strdup - copy of a C string */
char *
sm_strdup(const char *s)
{
	return sm_memdup(s, strlen(s) + 1);
}

/* sm_strndup - copy of at most n bytes of s, NUL-terminated */
char *
sm_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = sm_malloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* sm_memdup - copy of n bytes */
void *
sm_memdup(const void *p, size_t n)
{
	void *q = sm_malloc(n);

	if (n)
		memcpy(q, p, n);
	return q;
}
