/*
 * deliver.c - unit tests of deliver_after_commit's delivery modes.
 *
 * A config made line by line (ruleset 0 sends every address to "local",
 * whose P= is a script appending to mbox.$u in a temporary directory),
 * one committed message per mode: DeliveryMode=queue leaves qf and df;
 * interactive delivers before returning and removes them; background
 * returns at once with the lock handed to the child, which delivers and
 * removes them.
 */
#include "sm.h"
#include "tap.h"
#include "conf_read.h"
#include "deliver.h"
#include "queue.h"

#include <sys/wait.h>

static char dir[PATH_MAX];

/* path - dir/name in a static buffer */
static const char *
path(const char *name)
{
	static char buf[PATH_MAX];

	(void)sm_snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

/* make_config - the little cf, DeliveryMode mode */
static struct config *
make_config(char mode)
{
	struct config *cfg = conf_new("unit");
	struct sm_buf err = SM_BUF_INIT(4096);
	char line[PATH_MAX + 64];

	(void)conf_line(cfg, "V10", 1, &err);
	(void)conf_line(cfg, "S3", 2, &err);
	(void)conf_line(cfg, "S0", 3, &err);
	(void)conf_line(cfg, "R$+\t$#local $: $1", 4, &err);
	(void)sm_snprintf(line, sizeof(line), "Mlocal, P=%s, F=lsSn, A=deliver.sh $u",
	    path("deliver.sh"));
	(void)conf_line(cfg, line, 5, &err);
	(void)conf_finish(cfg, &err);
	free(cfg->opt.queue_dir);
	cfg->opt.queue_dir = sm_strdup(path("mq"));
	cfg->opt.delivery_mode = mode;
	ok(cfg->nerrors == 0, "the little cf reads");
	if (cfg->nerrors != 0)
		printf("# %s\n", sm_buf_str(&err));
	sm_buf_free(&err);
	return cfg;
}

/* commit_one - a committed message to user; NULL on failure */
static struct envelope *
commit_one(struct config *cfg, const char *user)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	struct envelope *e = env_new(&cfg->mac);
	static const char body[] = "hello\n";
	int fd;

	e->ctime = time(NULL);
	env_set_str(&e->sender, "<alice@example.org>");
	(void)env_add_rcpt(e, user, RCPT_PRIMARY);
	(void)env_add_header(e, "Subject", " unit", "");
	e->msg_size = 100;
	e->priority = queue_priority(cfg, e);
	fd = queue_df_open(cfg, e, &err);
	if (fd < 0 || write(fd, body, sizeof(body) - 1) != (ssize_t)sizeof(body) - 1 ||
	    queue_commit(cfg, e, fd, &err) < 0) {
		printf("# commit: %s\n", sm_buf_str(&err));
		env_free(e);
		e = NULL;
	}
	sm_buf_free(&err);
	return e;
}

/* exists - whether the file is there */
static bool
exists(const char *p)
{
	return access(p, F_OK) == 0;
}

/* mbox_has - whether mbox.user holds a message with "Subject: unit" */
static bool
mbox_has(const char *user)
{
	char name[64], line[256];
	FILE *fp;
	bool found = false;

	(void)sm_snprintf(name, sizeof(name), "mbox.%s", user);
	if ((fp = fopen(path(name), "r")) == NULL)
		return false;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strcmp(line, "Subject: unit\n") == 0)
			found = true;
	(void)fclose(fp);
	return found;
}

/* test_mode - one message in mode; wait for a background child */
static void
test_mode(char mode, const char *user)
{
	struct config *cfg = make_config(mode);
	struct envelope *e = commit_one(cfg, user);
	char qf[PATH_MAX], df[PATH_MAX], desc[64];
	int i;

	if (e == NULL) {
		ok(0, "commit");
		conf_free(cfg);
		return;
	}
	(void)sm_strlcpy(qf, e->qf_path, sizeof(qf));
	(void)sm_strlcpy(df, e->df_path, sizeof(df));
	is_int(deliver_after_commit(cfg, e), 0, "deliver_after_commit");
	env_free(e);
	for (i = 0; mode == 'b' && i < 500 && exists(qf); i++)
		(void)usleep(10000);
	(void)sm_snprintf(desc, sizeof(desc), "mode %c: qf %s", mode,
	    mode == 'q' ? "stays" : "removed");
	ok(exists(qf) == (mode == 'q') && exists(df) == (mode == 'q'), desc);
	(void)sm_snprintf(desc, sizeof(desc), "mode %c: %s", mode,
	    mode == 'q' ? "not delivered" : "delivered");
	ok(mbox_has(user) == (mode != 'q'), desc);
	conf_free(cfg);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* setup - the temporary directory, its queue and the mailer script */
static int
setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char script[PATH_MAX + 64];
	FILE *fp;

	(void)sm_snprintf(dir, sizeof(dir), "%s/unit-deliver.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL || mkdir(path("mq"), 0700) < 0)
		return -1;
	(void)sm_snprintf(script, sizeof(script),
	    "#!/bin/sh\ncat >>\"%s/mbox.$1\"\n", dir);
	if ((fp = fopen(path("deliver.sh"), "w")) == NULL)
		return -1;
	fputs(script, fp);
	(void)fclose(fp);
	return chmod(path("deliver.sh"), 0755);
}

int
main(int argc, char **argv)
{
	char cmd[PATH_MAX + 16];

	(void)argc;
	sm_set_progname(argv[0]);
	sm_log_stderr();
	if (setup() < 0) {
		printf("Bail out! cannot make a temporary directory\n");
		return 1;
	}
	test_mode('q', "queued");
	test_mode('i', "inter");
	test_mode('b', "backgr");
	(void)sm_snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
