/*
 * class.h - sendmail classes: $=X and $~X (C and F lines, .C in -bt).
 *
 * CONTRACT (owner: class.c, the engine core).  A class is named like a
 * macro ("w", "{VirtHost}") and uses macro_id's id space.  Words are
 * interned once per configuration in one hash table that follows
 * sendmail's symbol table layout, so that class_print lists members in
 * the order sendmail -bt's $=X does.  Words compare case-insensitively.
 */
#ifndef CLASS_H
#define CLASS_H

#include "sm.h"

struct config;

/* class_add - add word to class id (id from macro_id) */
void class_add(struct config *cfg, int id, const char *word);
/* class_add_words - add every white-space separated word of s to class id */
void class_add_words(struct config *cfg, int id, const char *s);
/* class_copy - add every member of class from to class to (a "$=X" word
 * on a C line, as sendmail 8.17 does) */
void class_copy(struct config *cfg, int to, int from);
/* class_max_len - the length of the longest word of any class */
size_t class_max_len(const struct config *cfg);
/* class_has - whether word is in class id */
bool class_has(const struct config *cfg, int id, const char *word);
/* class_has_n - as class_has, for the n bytes at word */
bool class_has_n(const struct config *cfg, int id, const char *word, size_t n);
/* class_print - the members of class classname ("w", "{VirtHost}") one per
 * line, in sendmail's order; unknown classes print nothing */
void class_print(const struct config *cfg, const char *classname, FILE *fp);
/* class_print_id - as class_print, by id */
void class_print_id(const struct config *cfg, int id, FILE *fp);

#endif
