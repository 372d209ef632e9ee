/*
 * makemap_cf.c - the little makemap needs from sendmail.cf.
 *
 * makemap(8) reads the configuration for two things only: the TrustedUser
 * option (root-run makemap gives the new map to that user) and, for the
 * map types "cf" and "CF", the class of the K line whose last argument is
 * the map's file.  This is a line scan, not the config reader: an "O"
 * line naming TrustedUser and "K" lines, nothing else.  Lines longer than
 * MAKEMAP_CF_LINE are cut there, as sendmail's fixed buffer does.
 */
#include "sm.h"
#include "makemap.h"

#include <pwd.h>

#define MAKEMAP_CF_LINE	2047

/* cf_read_line - one line of at most MAKEMAP_CF_LINE bytes, newline dropped */
static bool
cf_read_line(FILE *fp, struct sm_buf *line)
{
	int c;
	bool any = false;

	sm_buf_reset(line);
	while ((c = getc(fp)) != EOF) {
		any = true;
		if (c == '\n')
			break;
		(void)sm_buf_putc(line, c);	/* past the cap: dropped */
	}
	return any;
}

/* cf_trusted_user - the value of an "O TrustedUser=..." line, if it is one */
static void
cf_trusted_user(const char *b, struct makemap_cf *cf)
{
	static const char opt[] = " TrustedUser";
	size_t n = sizeof(opt) - 1;
	struct passwd *pw;

	if (strncasecmp(b, opt, n) != 0 || isalnum((unsigned char)b[n]))
		return;
	if ((b = strchr(b, '=')) == NULL)
		return;
	b++;
	while (isspace((unsigned char)*b))
		b++;
	if (isdigit((unsigned char)*b)) {
		cf->trusted_uid = (uid_t)strtoul(b, NULL, 10);
		return;
	}
	cf->trusted_uid = 0;
	if ((pw = getpwnam(b)) == NULL)
		fprintf(stderr, "TrustedUser: unknown user %s\n", b);
	else
		cf->trusted_uid = pw->pw_uid;
}

/* cf_kline_names - does this K line's last argument name mapname? */
static bool
cf_kline_names(char *line, const char *mapname, bool fullpath)
{
	char *last, *b, *dot;

	last = strrchr(line, ' ');
	if (last == NULL || (b = strstr(last, mapname)) == NULL || b <= line)
		return false;
	if (!fullpath && (dot = strrchr(b, '.')) != NULL)
		*dot = '\0';
	if (strcmp(b, mapname) != 0)
		return false;
	if (fullpath)
		return isspace((unsigned char)b[-1]);
	return b[-1] == '/' || isspace((unsigned char)b[-1]);
}

/* cf_kline_class - copy the class of "Kname class ..." into cf */
static void
cf_kline_class(const char *line, struct makemap_cf *cf)
{
	const char *b = line + 1, *cls;
	size_t n;

	while (isspace((unsigned char)*b))
		b++;
	if (!isalnum((unsigned char)*b)) {
		cf->bad_kline = true;
		return;
	}
	while (isalnum((unsigned char)*++b) || *b == '_' || *b == '.')
		continue;
	while (isspace((unsigned char)*b))
		b++;
	if (!isalnum((unsigned char)*b)) {
		cf->bad_kline = true;
		return;
	}
	cls = b;
	while (isalnum((unsigned char)*b))
		b++;
	n = (size_t)(b - cls);
	if (n >= sizeof(cf->map_class))
		n = sizeof(cf->map_class) - 1;
	memcpy(cf->map_class, cls, n);
	cf->map_class[n] = '\0';
}

/* makemap_read_cf - see makemap.h */
void
makemap_read_cf(const char *cfile, const char *mapfile, bool fullpath,
    struct makemap_cf *cf)
{
	struct sm_buf line = SM_BUF_INIT(MAKEMAP_CF_LINE);
	char *mapname = NULL, *p;
	bool found = false;
	FILE *fp;

	memset(cf, 0, sizeof(*cf));
	if ((fp = fopen(cfile, "r")) == NULL) {
		fprintf(stderr, "makemap: %s: %s\n", cfile, strerror(errno));
		exit(EX_NOINPUT);
	}
	if (mapfile != NULL) {
		if (fullpath)
			mapname = sm_strdup(mapfile);
		else {
			p = strrchr(mapfile, '/');
			mapname = sm_strdup(p ? p + 1 : mapfile);
			if ((p = strchr(mapname, '.')) != NULL)
				*p = '\0';
		}
	}
	while (cf_read_line(fp, &line)) {
		char *l = line.data;
		size_t n;

		if (l == NULL || *l == '\0')
			continue;
		if (*l == 'O') {
			cf_trusted_user(l + 1, cf);
			continue;
		}
		if (*l != 'K' || found || mapname == NULL || *mapname == '\0')
			continue;
		n = strlen(l);
		while (n > 1 && isspace((unsigned char)l[n - 1]))
			l[--n] = '\0';
		if (!cf_kline_names(l, mapname, fullpath))
			continue;
		cf_kline_class(l, cf);
		found = true;
		if (cf->bad_kline)
			break;
	}
	fclose(fp);
	free(mapname);
	sm_buf_free(&line);
}
