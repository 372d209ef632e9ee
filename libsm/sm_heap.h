/*
 * sm_heap.h - allocation that never returns NULL.
 *
 * Each function exits with EX_OSERR and a message on exhaustion, the way
 * sendmail treats "out of memory": there is nothing sensible to go on with.
 * Callers free with free().
 */
#ifndef SM_HEAP_H
#define SM_HEAP_H

#include <stddef.h>

void *sm_malloc(size_t n);
void *sm_calloc(size_t nmemb, size_t size);
void *sm_realloc(void *p, size_t n);
void *sm_reallocarray(void *p, size_t nmemb, size_t size);
char *sm_strdup(const char *s);
char *sm_strndup(const char *s, size_t n);
void *sm_memdup(const void *p, size_t n);

#endif
