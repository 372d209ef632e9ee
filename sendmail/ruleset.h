/*
 * ruleset.h - rulesets (S lines) and calling them.
 *
 * CONTRACT: this header is owned by the engine (ruleset.c, rewrite.c);
 * other modules use only the functions declared here.  A ruleset is named
 * by number ("3") or by name ("canonify", which S lines like "Scanonify=3"
 * bind to a number); unnamed numbered rulesets print by number.
 * Ids are 0 .. RS_MAX-1 (sendmail's MAXRWSETS); named rulesets without a
 * number get ids counting down from RS_MAX-1, as sendmail does.
 */
#ifndef RULESET_H
#define RULESET_H

#include "sm.h"

struct config;

#define RS_MAX 200

/* ruleset_id - id of ruleset "name" or "N"; enters a new name when create; -1 if none */
int ruleset_id(struct config *cfg, const char *name, bool create);
/* ruleset_find - id of an existing ruleset, or -1 */
int ruleset_find(const struct config *cfg, const char *name);
/* ruleset_name - the name -bt prints for id (its name, or its number) */
const char *ruleset_name(const struct config *cfg, int id, char *buf, size_t size);
/* ruleset_nrules - how many R lines ruleset id has (0: empty or undefined) */
size_t ruleset_nrules(const struct config *cfg, int id);
/* ruleset_print - every rule of id as -bt's =S prints it (R<lhs>\t<rhs> lines) */
void ruleset_print(const struct config *cfg, int id, FILE *fp);
/* ruleset_print_all - =S with no argument: every defined ruleset as sendmail does */
void ruleset_print_all(const struct config *cfg, FILE *fp);

#endif
