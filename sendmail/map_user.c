/*
 * map_user.c - the "user" map class: passwd entries by name.
 *
 * -v names the field returned: name, passwd, uid, gid, gecos, dir or shell
 * (the name when not given).  An unknown column makes the open fail with
 * sendmail's "User map NAME: unknown column name COL".  A user that does not
 * exist is not found with status EX_NOUSER (67), as in sendmail.
 */
#include "sm.h"
#include "map.h"

#include <pwd.h>

static const char *const user_cols[] = {
	"name", "passwd", "uid", "gid", "gecos", "dir", "shell"
};

/* user_open - turn -v into a column number (1-7; 0 = the name) */
static int
user_open(struct map *m, const struct config *cfg, struct sm_buf *err)
{
	size_t i;

	(void)cfg;
	m->valcol = 0;
	if (m->valcolnm == NULL)
		return 0;
	for (i = 0; i < SM_ARRAY_SIZE(user_cols); i++)
		if (sm_streq_ci(m->valcolnm, user_cols[i])) {
			m->valcol = (int)i + 1;
			return 0;
		}
	(void)sm_buf_printf(err, "User map %s: unknown column name %s", m->name, m->valcolnm);
	return -1;
}

/* user_lookup - the chosen field of the user's passwd entry */
static enum map_result
user_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	struct passwd *pw = getpwnam(req->key);
	char num[32];
	const char *v;

	if (pw == NULL) {
		req->status = EX_NOUSER;
		return MAP_NOTFOUND;
	}
	switch (m->valcol) {
	case 0:
	case 1: v = pw->pw_name; break;
	case 2: v = pw->pw_passwd; break;
	case 3: (void)sm_snprintf(num, sizeof(num), "%d", (int)pw->pw_uid); v = num; break;
	case 4: (void)sm_snprintf(num, sizeof(num), "%d", (int)pw->pw_gid); v = num; break;
	case 5: v = pw->pw_gecos; break;
	case 6: v = pw->pw_dir; break;
	default: v = pw->pw_shell; break;
	}
	if (v == NULL)
		v = "";
	if (map_rewrite_req(m, req, v, strlen(v), result) < 0)
		return MAP_ERROR;
	return MAP_FOUND;
}

const struct map_class map_class_user = {
	"user", MCF_OPTFILE, map_parseargs, user_open, user_lookup, NULL
};
