/*
 * macro.h - sendmail macros: $x and ${name}.
 *
 * CONTRACT shared by conf_read, rewrite, maps and options (owner: macro.c).
 * A macro is named by one character ("j") or by a long name ("{client_addr}",
 * written with or without the braces).  Each name has a small integer id:
 * one-character names use their byte value (< 256); long names are
 * registered on first use and get ids from 256 up to MACRO_MAX - 1.
 *
 * Values live in a struct macros; a scope may have a parent (envelope ->
 * configuration) that is consulted when a value is not set locally.
 * Values are plain strings; macro_expand() interprets $x, ${x}, $&x,
 * $?x ... $| ... $. conditionals and $$ as sendmail's expand() does.
 */
#ifndef MACRO_H
#define MACRO_H

#include "sm.h"

#define MACRO_MAX 1024

struct macros {
	const struct macros *parent;
	char *val[MACRO_MAX];
};

/* macro_id - id of "x", "{name}" or "name"; registers long names when create; -1 if none */
int macro_id(const char *name, bool create);
/* macro_name - printable name of id ("j" or "{client_addr}") into buf; returns buf */
const char *macro_name(int id, char *buf, size_t size);
/* macros_init - empty scope whose unset values come from parent (may be NULL) */
void macros_init(struct macros *m, const struct macros *parent);
/* macros_free - free every value of the scope (not the parent) */
void macros_free(struct macros *m);
/* macro_get - value of id in m or its parents; NULL when unset */
const char *macro_get(const struct macros *m, int id);
/* macro_set - set (a copy of) value in m itself; NULL unsets */
void macro_set(struct macros *m, int id, const char *value);
/* macro_set_name - macro_set by name ("s", "{client_addr}"), registering it */
void macro_set_name(struct macros *m, const char *name, const char *value);
/* macro_get_name - macro_get by name; NULL when unset or never registered */
const char *macro_get_name(const struct macros *m, const char *name);
/* macro_id_parse - parse "x" or "{name}" at p (long names registered);
 * id or -1, *endp after the name (added by the engine) */
int macro_id_parse(const char *p, const char **endp);
/* macro_long_name - the long name of id without braces, or NULL */
const char *macro_long_name(int id);
/* macro_smid_note - give long name id sendmail's next one-byte macro id
 * (0202 for {opMode}, then 0240 up in order of registration) unless it
 * has one; macro_smid_auto(true) notes every long name registered later */
void macro_smid_note(int id);
void macro_smid_auto(bool on);
/* macro_smid_id - our id for sendmail's one-byte id b, or -1 */
int macro_smid_id(int b);
/* macro_smid_byte - sendmail's one-byte id for our id, 0 when none */
int macro_smid_byte(int id);
/* macro_smid_name - "{name}" of sendmail's one-byte id b into buf, or
 * "{***UNDEFINED MACRO***}"; returns buf */
const char *macro_smid_name(int b, char *buf, size_t size);
/* macro_expand - append src with macros expanded to out; -1 when out's cap is hit */
int macro_expand(const struct macros *m, const char *src, struct sm_buf *out);

#endif
