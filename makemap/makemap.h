/*
 * makemap.h - what makemap's files share: the scan of sendmail.cf.
 */
#ifndef MAKEMAP_H
#define MAKEMAP_H

#include <stdbool.h>
#include <sys/types.h>

#define MAKEMAP_DEFAULT_CF	"/etc/mail/sendmail.cf"

struct makemap_cf {
	uid_t trusted_uid;	/* O TrustedUser, 0 when unset */
	char map_class[256];	/* class of the K line naming the map, or "" */
	bool bad_kline;		/* that K line had no name or no class */
};

/*
 * makemap_read_cf - scan cfile for O TrustedUser and, when mapfile is not
 * NULL, the class of the first K line whose file is mapfile (fullpath:
 * compare whole paths, else base names without extension).  Exits 66 with
 * sendmail's message when cfile cannot be opened.
 */
void makemap_read_cf(const char *cfile, const char *mapfile, bool fullpath,
    struct makemap_cf *cf);

#endif
