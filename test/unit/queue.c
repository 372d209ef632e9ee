/*
 * queue.c - unit tests of sendmail/queue_id.c, envelope.c and queue.c:
 * the id shape, the qf format read and written back byte for byte (a qf
 * the real sendmail 8.17 wrote), queue_commit's files, modes, locks and
 * subdirectories.
 *
 * With arguments it is also the test suite's queue writer (never
 * installed): "queue.t write DIR N" commits N sample messages to queue
 * directory DIR through queue_df_open and queue_commit, the way the SMTP
 * server will, and prints their ids; test/t/5*.t list them with both
 * mailqs.  "queue.t dump QF" reads a qf with queue_read and writes it
 * back with queue_format_qf on stdout, to compare with the file.
 * "queue.t list DIR [-q[!]Xmatch ...]" prints the -bp listing of DIR
 * with those limits through queue_list_print_limited (main.c does not
 * take -q yet).
 */
#include "sm.h"
#include "conf_read.h"
#include "config.h"
#include "envelope.h"
#include "queue.h"
#include "queue_id.h"
#include "queue_list.h"
#include "tap.h"

#include <sys/file.h>

/* A qf written by the real sendmail 8.17 for an ESMTP message with DSN
 * parameters and BODY=8BITMIME (-bs, -odq). */
static const char real_qf[] =
	"V8\nT1795442718\nK0\nN0\nP120071\nB8BITMIME\nF8dns\n"
	"$_root@localhost\n$rESMTP\n$sclient.example.org\n${daemon_flags}c u\n"
	"S<alice@mx.example.org>\nZabc+2Bdef\n"
	"rRFC822; root@mail.example.test\nRPFD:<root>\n"
	"Qrfc822;Bob+40example.com\nrRFC822; bob@example.com\nRPNSF:<bob@example.com>\n"
	"rRFC822; carol@example.com\nRPN:<carol@example.com>\n"
	"rRFC822; dave@example.com\nRPND:<dave@example.com>\n"
	"H?P?Return-Path: <\201g>\n"
	"H??Received: from client.example.org (root@localhost)\n"
	"\tby mail.example.test (8.17.1.9/8.17.1.9/minimal) with ESMTP id 6ANE5ILZ022456;\n"
	"\tMon, 23 Nov 2026 14:05:18 GMT\n"
	"H?D?Date: Mon, 23 Nov 2026 14:05:18 GMT\n"
	"H?M?Message-Id: <202611231405.6ANE5ILZ022456@mail.example.test>\n"
	"H??Subject: 8bit \303\251\n"
	"H??From: Alice <alice@mx.example.org>\n"
	".\n";

/* One the real sendmail 8.17 daemon wrote (-bd, -odq, on 192.0.2.1):
 * ${if_addr} follows ${daemon_flags}, an empty macro is still saved. */
static const char real_daemon_qf[] =
	"V8\nT1795443408\nK0\nN0\nP30017\nFs\n"
	"$_[192.0.2.1]\n$rESMTP\n$smail.example.test\n${daemon_flags}\n${if_addr}192.0.2.1\n"
	"S<alice@mx.example.org>\nrRFC822; bob@example.com\nRPFD:<bob@example.com>\n"
	"H?P?Return-Path: <\201g>\n"
	"H??Received: from mail.example.test ([192.0.2.1])\n"
	"\tby mail.example.test (8.17.1.9/8.17.1.9/minimal) with ESMTP id 6ANEGmZL016014\n"
	"\tfor <bob@example.com>; Mon, 23 Nov 2026 14:16:48 GMT\n"
	"H?D?Date: Mon, 23 Nov 2026 14:16:48 GMT\n"
	"H?F?From: alice@mx.example.org\n"
	"H?M?Message-Id: <202611231416.6ANEGmZL016014@mail.example.test>\n"
	"H??Subject: d\n"
	".\n";

/* ------------------------------------------------------------ samples */

/* One sample message for the writer and the commit tests. */
struct sample {
	const char *sender;
	const char *rcpts[4];
	unsigned rflags[4];
	const char *subject;
	const char *body;
	const char *body_type;
	const char *message;	/* envelope status (M line) */
	int msg_class;
};

static const struct sample samples[] = {
	{ "<alice@example.org>", { "<bob@example.com>", "<carol@example.net>" },
	  { RCPT_PRIMARY | RCPT_NOTIFY_FAILURE | RCPT_NOTIFY_DELAY,
	    RCPT_PRIMARY | RCPT_HASNOTIFY | RCPT_NOTIFY_SUCCESS },
	  "first", "hello\nworld\n", NULL, NULL, 0 },
	{ "root", { "dave@example.org" }, { RCPT_PRIMARY },
	  "second", "no final newline", "8BITMIME", NULL, 0 },
	{ "<>", { "<postmaster@example.com>", "<x\\y@example.com>", "\"Full Name\" <fn@example.com>" },
	  { RCPT_PRIMARY, RCPT_PRIMARY, RCPT_PRIMARY },
	  "bounce", "a\n\nb\n", "7BIT", "Deferred: Connection refused by mx.example.com", 1 },
	{ "<verylongsenderaddressthatgoespastthecolumns@averyveryverylong.example.org>",
	  { "<averyveryverylongrecipientaddress@averyveryverylong.example.org>" },
	  { RCPT_PRIMARY }, "long", "x\n", NULL, NULL, 0 },
};

/* config_for - a default config whose queue is dir */
static struct config *
config_for(const char *dir)
{
	struct config *cfg = conf_new("unit");

	free(cfg->opt.queue_dir);
	cfg->opt.queue_dir = sm_strdup(dir);
	return cfg;
}

/* fill - an envelope of sample s (body size known) */
static struct envelope *
fill(const struct config *cfg, const struct sample *s, time_t when)
{
	struct envelope *e = env_new(&cfg->mac);
	char subj[128];
	size_t i;

	e->ctime = when;
	env_set_str(&e->sender, s->sender);
	env_set_str(&e->body_type, s->body_type);
	env_set_str(&e->message, s->message);
	e->msg_class = s->msg_class;
	if (s->body_type != NULL && strcmp(s->body_type, "8BITMIME") == 0)
		e->flags |= ENV_HAS8BIT;
	macro_set(&e->mac, '_', "root@localhost");
	macro_set(&e->mac, macro_id("{daemon_flags}", true), "c u");
	for (i = 0; i < SM_ARRAY_SIZE(s->rcpts) && s->rcpts[i] != NULL; i++)
		(void)env_add_rcpt(e, s->rcpts[i], s->rflags[i]);
	(void)sm_snprintf(subj, sizeof(subj), " %s", s->subject);
	(void)env_add_header(e, "Return-Path", " <\201g>", "P");
	(void)env_add_header(e, "Subject", subj, "");
	(void)env_add_header(e, "Received", " from x\n\tby y; Mon, 23 Nov 2026 14:05:18 GMT", "");
	e->msg_size = (long)(strlen(s->body) + 100);
	e->priority = queue_priority(cfg, e);
	return e;
}

/* commit_sample - df, body, commit; the envelope (still locked) or NULL */
static struct envelope *
commit_sample(const struct config *cfg, const struct sample *s, time_t when,
    struct sm_buf *err)
{
	struct envelope *e = fill(cfg, s, when);
	int fd = queue_df_open(cfg, e, err);

	if (fd < 0 || write(fd, s->body, strlen(s->body)) != (ssize_t)strlen(s->body) ||
	    queue_commit(cfg, e, fd, err) < 0) {
		env_free(e);
		return NULL;
	}
	return e;
}

/* ------------------------------------------------------------ the writer */

static int
writer(const char *dir, int n)
{
	struct config *cfg = config_for(dir);
	struct sm_buf err = SM_BUF_INIT(1024);
	struct envelope *e;
	int i, status = 0;

	for (i = 0; i < n; i++) {
		e = commit_sample(cfg, &samples[(size_t)i % SM_ARRAY_SIZE(samples)],
		    time(NULL) - 3600 * i, &err);
		if (e == NULL) {
			fprintf(stderr, "queue.t: %s\n", sm_buf_str(&err));
			status = 1;
			break;
		}
		printf("%s\n", e->id);
		env_free(e);
	}
	sm_buf_free(&err);
	conf_free(cfg);
	return status;
}

/* dump - queue_read path, queue_format_qf to stdout */
static int
dump(const char *path)
{
	struct sm_buf err = SM_BUF_INIT(1024), out = SM_BUF_INIT(1 << 26);
	struct envelope *e = NULL;
	int status = 1;

	if (queue_read(NULL, path, false, &e, &err) != 0)
		fprintf(stderr, "queue.t: %s: %s\n", path, sm_buf_str(&err));
	else if (queue_format_qf(e, &out) == 0 &&
	    fwrite(out.data, 1, out.len, stdout) == out.len)
		status = 0;
	env_free(e);
	sm_buf_free(&err);
	sm_buf_free(&out);
	return status;
}

/* list - -bp of dir with -q[!]{I,R,S}match limits from argv */
static int
list(const char *dir, int argc, char **argv)
{
	struct config *cfg = config_for(dir);
	struct queue_limit lim[16];
	size_t n = 0;
	int i, status;

	for (i = 0; i < argc && n < SM_ARRAY_SIZE(lim); i++) {
		const char *a = argv[i];

		if (strncmp(a, "-q", 2) != 0)
			continue;
		a += 2;
		lim[n].negate = *a == '!';
		a += lim[n].negate;
		if (*a != 'I' && *a != 'R' && *a != 'S')
			continue;
		lim[n].kind = *a;
		lim[n++].match = a + 1;
	}
	status = queue_list_print_limited(cfg, lim, n, stdout);
	conf_free(cfg);
	return status;
}

/* ------------------------------------------------------------ tests */

static void
test_ids(void)
{
	char a[QUEUE_ID_MAX], b[QUEUE_ID_MAX], pid[16];

	/* 2026-11-23 14:03:45 UTC, sequence "Gg" = 16 * 60 + 42, pid 19788 */
	is_int(queue_id_format(1795442625, 16 * 60 + 42, 19788, a, sizeof(a)), 0, "format fits");
	is_str(a, "6ANE3jGg019788", "id of a known time, sequence and pid");
	is_int(queue_id_format(1795442625, 0, 4194303, a, sizeof(a)), 0, "seven-digit pid");
	is_str(a, "6ANE3j004194303", "pids over six digits are printed whole");
	ok(queue_id_format(1795442625, 0, 1, a, 8) < 0, "too small a buffer is refused");
	is_int(queue_id_new(a, sizeof(a)), 0, "new id");
	is_int(queue_id_new(b, sizeof(b)), 0, "second new id");
	ok(strcmp(a, b) != 0, "two ids of one process differ");
	(void)sm_snprintf(pid, sizeof(pid), "%06ld", (long)getpid());
	is_str(a + 8, pid, "id ends with the pid");
	ok(queue_id_valid(a) && !queue_id_valid("abc") && !queue_id_valid("6ANE3j;g019788"),
	    "queue_id_valid");
}

static void
test_flags(void)
{
	char buf[16];

	is_str(env_flag_letters(ENV_SPLIT | ENV_HAS8BIT | ENV_RET_PARAM | ENV_NO_BODY_RETN,
	    buf, sizeof(buf)), "8dns", "F letters in sendmail's order");
	is_int(env_flags_parse("wr8bdns"), 0x7f, "every F letter parsed");
	is_str(rcpt_flag_letters(RCPT_PRIMARY | RCPT_HASNOTIFY | RCPT_NOTIFY_SUCCESS |
	    RCPT_NOTIFY_FAILURE, buf, sizeof(buf)), "PNSF", "R letters in sendmail's order");
	is_int(rcpt_flags_parse("PND:<x@y>"), RCPT_PRIMARY | RCPT_HASNOTIFY | RCPT_NOTIFY_DELAY,
	    "R letters up to the colon");
}

static void
test_roundtrip(void)
{
	struct envelope *e = env_new(NULL);
	struct sm_buf err = SM_BUF_INIT(1024), out = SM_BUF_INIT(1 << 20);

	is_int(queue_parse_qf(real_qf, strlen(real_qf), e, &err), 0, "the real sendmail's qf parses");
	is_str(e->sender, "<alice@mx.example.org>", "sender");
	is_int((long)e->nrcpts, 4, "four recipients");
	is_str(e->rcpts[1].orcpt, "rfc822;Bob+40example.com", "ORCPT (Q line) goes with its R");
	is_str(e->rcpts[1].final_rcpt, "RFC822; bob@example.com", "final recipient (r line)");
	is_int(e->rcpts[2].flags, RCPT_PRIMARY | RCPT_HASNOTIFY, "NOTIFY=NEVER is N alone");
	is_str(e->hdrs[1].value, " from client.example.org (root@localhost)\n"
	    "\tby mail.example.test (8.17.1.9/8.17.1.9/minimal) with ESMTP id 6ANE5ILZ022456;\n"
	    "\tMon, 23 Nov 2026 14:05:18 GMT", "folded header keeps its lines");
	is_str(e->hdrs[0].cond, "P", "?P? condition");
	is_str(macro_get(&e->mac, 'r'), "ESMTP", "$r macro");
	is_str(e->body_type, "8BITMIME", "body type");
	is_int(e->flags, ENV_HAS8BIT | ENV_RET_PARAM | ENV_NO_BODY_RETN | ENV_SPLIT, "F flags");
	is_int(queue_format_qf(e, &out), 0, "formats");
	is_str(sm_buf_str(&out), real_qf, "written back byte for byte");
	env_free(e);
	e = env_new(NULL);
	sm_buf_reset(&out);
	is_int(queue_parse_qf(real_daemon_qf, strlen(real_daemon_qf), e, &err), 0,
	    "the real daemon's qf parses");
	is_str(macro_get(&e->mac, macro_id("{if_addr}", true)), "192.0.2.1", "${if_addr}");
	is_int(queue_format_qf(e, &out), 0, "formats");
	is_str(sm_buf_str(&out), real_daemon_qf, "daemon qf written back byte for byte");
	env_free(e);
	e = env_new(NULL);
	sm_buf_reset(&err);
	ok(queue_parse_qf("V9\n.\n", 5, e, &err) < 0, "version 9 is refused");
	env_free(e);
	e = env_new(NULL);
	ok(queue_parse_qf("V8\nT1\n", 6, e, &err) < 0, "a qf without \".\" is refused");
	env_free(e);
	e = env_new(NULL);
	ok(queue_parse_qf("V8\nWbogus\n.\n", 11, e, &err) < 0, "unknown line letter refused");
	env_free(e);
	sm_buf_free(&err);
	sm_buf_free(&out);
}

/* mode_of - permission bits of path, or -1 */
static int
mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

/* locked_by_other - whether a shared flock on path fails */
static bool
locked_by_other(const char *path)
{
	int fd = open(path, O_RDONLY), r;

	if (fd < 0)
		return false;
	r = flock(fd, LOCK_SH | LOCK_NB);
	close(fd);
	return r < 0;
}

static void
test_commit(const char *dir)
{
	struct config *cfg = config_for(dir);
	struct sm_buf err = SM_BUF_INIT(1024);
	struct envelope *e = commit_sample(cfg, &samples[0], 1795442625, &err), *r = NULL;
	char tf[PATH_MAX], qf[PATH_MAX];

	ok(e != NULL, "queue_commit");
	if (e == NULL) {
		printf("# %s\n", sm_buf_str(&err));
		conf_free(cfg);
		sm_buf_free(&err);
		return;
	}
	is_int(mode_of(e->qf_path), 0600, "qf mode 0600");
	is_int(mode_of(e->df_path), 0600, "df mode 0600");
	(void)sm_snprintf(tf, sizeof(tf), "%s/tf%s", dir, e->id);
	ok(access(tf, F_OK) < 0, "no tf left");
	ok(locked_by_other(e->qf_path), "committed qf stays locked");
	is_int(queue_read(cfg, e->qf_path, true, &r, &err), 1, "queue_read with lock: busy");
	is_int(queue_read(cfg, e->qf_path, false, &r, &err), 0, "queue_read without lock");
	if (r != NULL) {
		is_str(r->id, e->id, "id from the file name");
		is_str(r->df_path, e->df_path, "df path");
		is_int((long)r->nrcpts, 2, "recipients read back");
		is_int(r->rcpts[0].flags, samples[0].rflags[0], "recipient flags read back");
		is_int(r->priority, e->priority, "priority read back");
		env_free(r);
	}
	e->rcpts[0].state = RS_SENT;
	e->ntries = 1;
	env_set_str(&e->message, "Deferred: Connection refused by mx.example.net");
	is_int(queue_rewrite(cfg, e, &err), 0, "queue_rewrite");
	ok(access(tf, F_OK) < 0 && locked_by_other(e->qf_path), "no tf, still locked");
	is_int(queue_read(cfg, e->qf_path, false, &r, &err), 0, "rewritten qf reads");
	if (r != NULL) {
		is_int((long)r->nrcpts, 1, "the delivered recipient is gone");
		is_int(r->ntries, 1, "N line updated");
		is_str(r->message, "Deferred: Connection refused by mx.example.net", "M line");
		env_free(r);
	}
	(void)sm_strlcpy(qf, e->qf_path, sizeof(qf));
	env_free(e);
	ok(!locked_by_other(qf), "lock released by env_free");
	is_int(queue_read(cfg, tf, true, &r, &err), -1, "missing file is an error");
	sm_buf_free(&err);
	conf_free(cfg);
}

/* test_paths - queue_dirs and queue_file_path with all three subdirectories */
static void
test_paths(const char *dir)
{
	struct sm_buf err = SM_BUF_INIT(256);
	struct queue_dirs d;
	char want[PATH_MAX], *p;

	is_int(queue_dirs(dir, &d, &err), 0, "queue_dirs");
	ok(d.sub_qf && d.sub_df && d.sub_xf, "qf/ df/ xf/ found");
	p = queue_file_path(&d, 'x', "ID");
	(void)sm_snprintf(want, sizeof(want), "%s/xf/xfID", dir);
	is_str(p, want, "xf path in xf/");
	free(p);
	p = queue_file_path(&d, 't', "ID");
	(void)sm_snprintf(want, sizeof(want), "%s/qf/tfID", dir);
	is_str(p, want, "tf path beside the qf files");
	free(p);
	sm_buf_reset(&err);
	ok(queue_dirs("/nonexistent/queue", &d, &err) < 0 &&
	    strcmp(sm_buf_str(&err), strerror(ENOENT)) == 0, "missing directory: ENOENT");
	sm_buf_free(&err);
}

/* test_commit_fails - a tf that cannot be made (a directory of its name
 * is in the way): -1, and neither df nor qf is left */
static void
test_commit_fails(const struct config *cfg, const char *dir)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	struct envelope *e = fill(cfg, &samples[0], 1795442625);
	char tf[PATH_MAX], qf[PATH_MAX], df[PATH_MAX];
	int fd = queue_df_open(cfg, e, &err);

	ok(fd >= 0, "df created");
	(void)sm_snprintf(tf, sizeof(tf), "%s/qf/tf%s", dir, e->id);
	(void)sm_snprintf(qf, sizeof(qf), "%s/qf/qf%s", dir, e->id);
	(void)sm_strlcpy(df, e->df_path != NULL ? e->df_path : "", sizeof(df));
	(void)mkdir(tf, 0700);
	is_int(queue_commit(cfg, e, fd, &err), -1, "commit fails when the tf cannot be made");
	ok(strstr(sm_buf_str(&err), "control file") != NULL, "the reason names the control file");
	ok(access(df, F_OK) < 0 && access(qf, F_OK) < 0, "neither df nor qf is left");
	(void)rmdir(tf);
	env_free(e);
	sm_buf_free(&err);
}

static void
test_subdirs(const char *dir)
{
	char sub[PATH_MAX];
	struct config *cfg = config_for(dir);
	struct sm_buf err = SM_BUF_INIT(1024);
	struct envelope *e, *r = NULL;

	(void)sm_snprintf(sub, sizeof(sub), "%s/qf", dir);
	(void)mkdir(sub, 0700);
	(void)sm_snprintf(sub, sizeof(sub), "%s/df", dir);
	(void)mkdir(sub, 0700);
	(void)sm_snprintf(sub, sizeof(sub), "%s/xf", dir);
	(void)mkdir(sub, 0700);
	test_paths(dir);
	e = commit_sample(cfg, &samples[1], 1795442625, &err);
	ok(e != NULL && strstr(e->qf_path, "/qf/qf") != NULL, "qf in the qf/ subdirectory");
	ok(e != NULL && strstr(e->df_path, "/df/df") != NULL, "df in the df/ subdirectory");
	if (e != NULL) {
		queue_unlock(e);
		is_int(queue_read(cfg, e->qf_path, true, &r, &err), 0, "read back with a lock");
		ok(r != NULL && r->df_path != NULL && strcmp(r->df_path, e->df_path) == 0,
		    "df found through the df/ sibling");
		ok(r != NULL && r->lock_fd >= 0 && locked_by_other(e->qf_path), "reader holds the lock");
		env_free(r);
	}
	env_free(e);
	e = env_new(&cfg->mac);
	ok(queue_commit(cfg, e, -1, &err) < 0, "commit without a df is refused");
	env_free(e);
	test_commit_fails(cfg, dir);
	sm_buf_free(&err);
	conf_free(cfg);
}

int
main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX], d2[PATH_MAX], cmd[PATH_MAX + 16];

	sm_set_progname(argv[0]);
	if (argc == 4 && strcmp(argv[1], "write") == 0)
		return writer(argv[2], atoi(argv[3]));
	if (argc == 3 && strcmp(argv[1], "dump") == 0)
		return dump(argv[2]);
	if (argc >= 3 && strcmp(argv[1], "list") == 0)
		return list(argv[2], argc - 3, argv + 3);
	if (argc != 1) {
		fprintf(stderr, "usage: queue.t [write DIR N | dump QF | list DIR [-qXmatch...]]\n");
		return 2;
	}
	test_ids();
	test_flags();
	test_roundtrip();
	(void)sm_snprintf(dir, sizeof(dir), "%s/unit-queue.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		return 1;
	test_commit(dir);
	(void)sm_snprintf(d2, sizeof(d2), "%s/sub", dir);
	(void)mkdir(d2, 0700);
	test_subdirs(d2);
	(void)sm_snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
