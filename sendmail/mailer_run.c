/*
 * mailer_run.c - run one mailer for one group of recipients.
 *
 * Owns the mailer side of delivery (sendmail's deliver()/mailfile()):
 * building the argument vector from A= (macros expanded, "$u" repeated
 * for each recipient, "-f $g" for F=f), the child's identity, directory
 * (D=) and environment, writing the message down a pipe, and turning the
 * exit status into a DSN status and a stat= text as sendmail's
 * giveresponse() does (a program's EX_TEMPFAIL is "Deferred: local
 * mailer (/path) exited with EX_TEMPFAIL", as sendmail's -v transcript
 * shows it: test/t/6201-verbose.t).  The header is written as the
 * mailer gets it (headers_out.c: address lists rewritten by its header rulesets and
 * folded again, Bcc dropped or emptied, Return-Path and Full-Name only
 * where their ?flags? say).  P=[FILE] is sendmail's *file* mailer: the
 * child opens the df (as the queue's owner), becomes the address's
 * controlling user or DefaultUser, and appends to the file under flock,
 * with SafeFileEnvironment and the DontBlameSendmail link checks.
 * [IPC]/[LPC] (SMTP) are not here.  A program mailer is started with
 * vfork(): argv, environment and D= are made before, the child only
 * dups, changes identity and directory, and execs, with every signal
 * blocked until then (no copy of the parent's pages per delivery).
 *
 * Missing: F=m batching limits (r=), F=L line limits, MIME 8->7 bit
 * conversion, mailer timeouts (Timeout.*), nice (N=), chroot (/=).
 */
#include "sm.h"
#include "mailer_run.h"
#include "conf_read.h"
#include "mailer.h"
#include "macro.h"
#include "headers_out.h"
#include "mailer_lmtp.h"

#include <grp.h>
#include <sys/file.h>
#include <sys/wait.h>

#define MR_MAXARGV	(MAILER_MAX_ARGS + 64)
#define MR_MAXENV	64
#define MR_ARGMAX	4096

/* ------------------------------------------------------------- statuses */

/* Each sysexits code's dsn= and stat= as the real 8.17 logs them for a
 * program mailer, -odi and -q alike (measured 64..78, test/t/6107). */
static const struct {
	int ex;
	const char *dsn;
	const char *text;
} ex_table[] = {
	{ EX_OK, "2.0.0", "Sent" },
	{ EX_USAGE, "5.0.0", "Command line usage error" },
	{ EX_DATAERR, "5.6.0", "Data format error" },
	{ EX_NOINPUT, "5.3.0", "Cannot open input" },
	{ EX_NOUSER, "5.1.1", "User unknown" },
	{ EX_NOHOST, "5.1.2", "Host unknown" },
	{ EX_UNAVAILABLE, "5.0.0", "Service unavailable" },
	{ EX_SOFTWARE, "5.3.0", "Internal error" },
	{ EX_OSERR, "4.0.0", "Operating system error" },
	{ EX_OSFILE, "5.3.5", "System file missing" },
	{ EX_CANTCREAT, "5.0.0", "Can't create output" },
	{ EX_IOERR, "4.0.0", "I/O error" },
	{ EX_TEMPFAIL, "4.0.0", "Deferred" },
	{ EX_PROTOCOL, "5.5.0", "Remote protocol error" },
	{ EX_NOPERM, "5.0.0", "Insufficient permission" },
	{ EX_CONFIG, "5.3.5", "Local configuration error" },
};

/* mr_status - dsn and text of ex into t; see mailer_run.h */
void
mr_status(struct mr_target *t, int ex, const char *detail)
{
	size_t i;

	t->status = ex;
	for (i = 0; i < SM_ARRAY_SIZE(ex_table); i++) {
		if (ex_table[i].ex == ex) {
			(void)sm_strlcpy(t->dsn, ex_table[i].dsn, sizeof(t->dsn));
			(void)sm_strlcpy(t->text, detail != NULL && *detail != '\0' ?
			    detail : ex_table[i].text, sizeof(t->text));
			return;
		}
	}
	t->status = EX_UNAVAILABLE;
	(void)sm_strlcpy(t->dsn, "5.0.0", sizeof(t->dsn));
	(void)sm_snprintf(t->text, sizeof(t->text), "unknown mailer error %d", ex);
}

/* ------------------------------------------------------ message writer */

struct mw {
	int fd;
	int err;
	size_t n;
	bool dot;		/* LMTP: double a leading '.' */
	bool bol;		/* at the start of a line */
	const char *eol;
	char buf[8192];
};

/* mw_flush - write out what is buffered */
static void
mw_flush(struct mw *w)
{
	size_t off = 0;
	ssize_t r;

	while (off < w->n && w->err == 0) {
		r = write(w->fd, w->buf + off, w->n - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			w->err = r < 0 ? errno : EIO;
		else
			off += (size_t)r;
	}
	w->n = 0;
}

/* mw_put - buffer len bytes */
static void
mw_put(struct mw *w, const char *p, size_t len)
{
	while (len > 0 && w->err == 0) {
		size_t k = sizeof(w->buf) - w->n;

		if (k > len)
			k = len;
		memcpy(w->buf + w->n, p, k);
		w->n += k;
		p += k;
		len -= k;
		if (w->n == sizeof(w->buf))
			mw_flush(w);
	}
}

/* mw_text - text with each '\n' made the mailer's end of line */
static void
mw_text(struct mw *w, const char *p, size_t len)
{
	const char *nl;

	while (len > 0) {
		nl = memchr(p, '\n', len);
		if (w->dot && w->bol && *p == '.')
			mw_put(w, ".", 1);
		if (nl == NULL) {
			mw_put(w, p, len);
			w->bol = false;
			return;
		}
		mw_put(w, p, (size_t)(nl - p));
		mw_put(w, w->eol, strlen(w->eol));
		w->bol = true;
		len -= (size_t)(nl - p) + 1;
		p = nl + 1;
	}
}

/* hdr_expand - a qf header value with its \201x macro escapes expanded */
static void
hdr_expand(const struct macros *mac, const char *v, struct sm_buf *out)
{
	const unsigned char *p = (const unsigned char *)v;
	const char *val;
	int id;

	for (; *p != '\0'; p++) {
		if (*p != 0201 || p[1] == '\0') {
			(void)sm_buf_putc(out, *p);
			continue;
		}
		p++;
		id = *p >= 0200 ? macro_smid_id(*p) : *p;
		val = id >= 0 ? macro_get(mac, id) : NULL;
		if (val != NULL)
			(void)sm_buf_puts(out, val);
	}
}

/* hdr_wanted - whether header h goes to mailer m (its ?flags? or ?$x?) */
static bool
hdr_wanted(const struct header *h, const struct mailer *m, const struct macros *mac)
{
	const char *c = h->cond;
	const char *val;
	int id;

	if (c == NULL || *c == '\0')
		return true;
	if (*c == '$') {
		id = macro_id_parse(c + 1, NULL);
		val = id >= 0 ? macro_get(mac, id) : NULL;
		return val != NULL && *val != '\0';
	}
	for (; *c != '\0'; c++)
		if (mailer_has_flag(m, (unsigned char)*c))
			return true;
	return false;
}

/* put_header - header h as mailer m gets it into line (headers_out.c:
 * address lists rewritten, Bcc emptied); false when it is left out */
static bool
put_header(const struct mr_job *job, struct macros *mac, const struct header *h,
    bool drop_bcc, struct sm_buf *line)
{
	enum ho_kind kind = ho_kind(h->name);
	struct sm_buf v = SM_BUF_INIT(1 << 20);
	const char *p;

	/* a returned message: its address lists rewritten as for m too
	 * (measured), the rest as it is */
	if (job->embed && kind != HO_SENDER && kind != HO_RCPT)
		kind = HO_PLAIN;

	if (!hdr_wanted(h, job->m, mac) || (kind == HO_BCC && drop_bcc) ||
	    (kind == HO_CHECK && (h->cond == NULL || *h->cond == '\0')))
		return false;
	(void)sm_buf_printf(line, "%s:", h->name);
	if (kind == HO_BCC)
		return true;
	hdr_expand(mac, h->value != NULL ? h->value : "", &v);
	for (p = sm_buf_str(&v); isspace((unsigned char)*p); p++)
		;
	if ((kind == HO_SENDER || kind == HO_RCPT) && *p != '\0') {
		(void)sm_buf_putc(line, ' ');
		ho_list(job->cfg, mac, job->m, kind == HO_SENDER, p, line->len, line);
	} else
		(void)sm_buf_append(line, v.data, v.len);
	sm_buf_free(&v);
	return true;
}

/* write_headers - the headers mailer m gets */
static void
write_headers(const struct mr_job *job, struct macros *mac, struct mw *w)
{
	struct sm_buf line = SM_BUF_INIT(1 << 20);
	bool drop_bcc = ho_drop_bcc(job->env);
	size_t i;

	for (i = 0; i < job->env->nhdrs; i++) {
		sm_buf_reset(&line);
		if (!put_header(job, mac, &job->env->hdrs[i], drop_bcc, &line))
			continue;
		(void)sm_buf_putc(&line, '\n');
		mw_text(w, line.data, line.len);
	}
	sm_buf_free(&line);
	mw_put(w, w->eol, strlen(w->eol));
}

/* write_body - the df (job->dfp, or opened by name), with F=E "From "
 * escaping */
static int
write_body(const struct mr_job *job, struct mw *w)
{
	FILE *fp = job->dfp;
	bool escape = !job->embed && mailer_has_flag(job->m, 'E');
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (fp != NULL)
		rewind(fp);
	else if (job->env->df_path == NULL || (fp = fopen(job->env->df_path, "r")) == NULL)
		return -1;
	while ((n = getline(&line, &cap, fp)) > 0) {
		if (escape && strncmp(line, "From ", 5) == 0)
			mw_put(w, ">", 1);
		mw_text(w, line, (size_t)n);
		if (line[n - 1] != '\n')
			mw_put(w, w->eol, strlen(w->eol));
	}
	free(line);
	if (ferror(fp)) {
		if (fp != job->dfp)
			(void)fclose(fp);
		return -1;
	}
	if (fp != job->dfp)
		(void)fclose(fp);
	return 0;
}

/* job_macros - $u $h $g $z $d over the envelope's macros; caller frees */
static struct macros *
job_macros(const struct mr_job *job, const char *user)
{
	struct macros *mac = sm_malloc(sizeof(*mac));
	char date[64];
	time_t now = time(NULL);

	macros_init(mac, &job->env->mac);
	macro_set(mac, 'u', user);
	macro_set(mac, 'h', job->host);
	macro_set(mac, 'g', job->sender);
	macro_set(mac, 'z', job->home);
	if (macro_get(mac, 'd') == NULL && ctime_r(&now, date) != NULL) {
		date[strcspn(date, "\n")] = '\0';
		macro_set(mac, 'd', date);
	}
	return mac;
}

/* job_free_macros - free what job_macros made */
static void
job_free_macros(struct macros *mac)
{
	macros_free(mac);
	free(mac);
}

/* mr_write_message - see mailer_run.h */
int
mr_write_message(const struct mr_job *job, int fd)
{
	struct mw *w = sm_calloc(1, sizeof(*w));
	struct macros *mac = job_macros(job, job->nt > 0 ? job->t[0].user : "");
	struct sm_buf from = SM_BUF_INIT(4096);
	const char *ufl = job->cfg->opt.unix_from_line;
	int r = 0;

	w->fd = fd;
	w->eol = job->lmtp ? "\r\n" : job->m->eol != NULL ? job->m->eol : "\n";
	w->dot = job->lmtp;
	w->bol = true;
	if (!job->embed && !mailer_has_flag(job->m, 'n')) {
		(void)macro_expand(mac, ufl != NULL ? ufl : "From $g $d", &from);
		(void)sm_buf_putc(&from, '\n');
		mw_text(w, from.data, from.len);
	}
	write_headers(job, mac, w);
	if (!job->headers_only && write_body(job, w) < 0)
		r = -1;
	mw_flush(w);
	if (w->err != 0)
		r = -1;
	sm_buf_free(&from);
	job_free_macros(mac);
	free(w);
	return r;
}

/* ------------------------------------------------------------ the child */

/* child_identity - become uid:gid when asked; false on failure */
static bool
child_identity(const struct mr_job *job)
{
	if (!job->change_id || geteuid() != 0)
		return true;
	if (setgroups(0, NULL) < 0 || setgid(job->gid) < 0 || setuid(job->uid) < 0)
		return false;
	return true;
}

/* build_env - AGENT, TZ and the cf's E lines into envp; the entries it
 * allocated are marked in owned (the caller frees them) */
static void
build_env(const struct mr_job *job, char **envp, bool *owned, size_t max)
{
	size_t n = 0, i, ne = conf_env_count(job->cfg);
	const char *tz = getenv("TZ");
	struct sm_buf b = SM_BUF_INIT(4096);

	memset(owned, 0, max * sizeof(*owned));
	envp[n++] = (char *)"AGENT=sendmail";
	if (tz != NULL) {
		(void)sm_buf_printf(&b, "TZ=%s", tz);
		owned[n] = true;
		envp[n++] = sm_buf_detach(&b);
	}
	for (i = 0; i < ne && n + 1 < max; i++) {
		const char *e = conf_env(job->cfg, i);
		const char *v;

		if (strchr(e, '=') != NULL)
			envp[n++] = (char *)e;
		else if ((v = getenv(e)) != NULL) {
			sm_buf_reset(&b);
			(void)sm_buf_printf(&b, "%s=%s", e, v);
			owned[n] = true;
			envp[n++] = sm_buf_detach(&b);
		}
	}
	envp[n] = NULL;
}

/* add_arg - expand word with mac into a new argv entry */
static void
add_arg(char **argv, size_t *n, const struct macros *mac, const char *word)
{
	struct sm_buf b = SM_BUF_INIT(MR_ARGMAX);

	if (*n + 1 >= MR_MAXARGV)
		return;
	(void)macro_expand(mac, word, &b);
	argv[(*n)++] = b.data != NULL ? sm_buf_detach(&b) : sm_strdup("");
}

/* build_argv - A= words; a word with $u once per recipient; caller frees */
static char **
build_argv(const struct mr_job *job)
{
	char **argv = sm_calloc(MR_MAXARGV, sizeof(*argv));
	struct macros *mac = job_macros(job, job->nt > 0 ? job->t[0].user : "");
	size_t n = 0, k;
	int i;

	for (i = 0; i < job->m->nargs; i++) {
		const char *w = job->m->args[i];

		if (i == 1 && (mailer_has_flag(job->m, 'f') || mailer_has_flag(job->m, 'r'))) {
			add_arg(argv, &n, mac, mailer_has_flag(job->m, 'f') ? "-f" : "-r");
			add_arg(argv, &n, mac, "$g");
		}
		if (strstr(w, "$u") == NULL || job->nt <= 1) {
			add_arg(argv, &n, mac, w);
			continue;
		}
		for (k = 0; k < job->nt; k++) {
			macro_set(mac, 'u', job->t[k].user);
			add_arg(argv, &n, mac, w);
		}
		macro_set(mac, 'u', job->t[0].user);
	}
	argv[n] = NULL;
	job_free_macros(mac);
	return argv;
}

/* free_argv - free what build_argv made */
static void
free_argv(char **argv)
{
	size_t i;

	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

/* The child's setup, made before vfork(): the child only makes syscalls. */
struct spawn {
	char *envp[MR_MAXENV];
	bool owned[MR_MAXENV];	/* envp[i] was allocated */
	struct sm_buf dirs;	/* D=, expanded: dir:dir:... */
	sigset_t mask;		/* the parent's signal mask */
};

/* spawn_prepare - environment and D= directories for a mailer child */
static void
spawn_prepare(const struct mr_job *job, struct spawn *sp)
{
	struct macros *mac = job_macros(job, job->nt > 0 ? job->t[0].user : "");

	sm_buf_init(&sp->dirs, PATH_MAX * 4);
	if (job->m->dir != NULL && macro_expand(mac, job->m->dir, &sp->dirs) < 0)
		sm_buf_reset(&sp->dirs);
	(void)sm_buf_putc(&sp->dirs, '\0');
	build_env(job, sp->envp, sp->owned, SM_ARRAY_SIZE(sp->envp));
	job_free_macros(mac);
}

/* spawn_block - block every signal until the child has exec'd: no
 * handler may run in the vfork()ed child, on the parent's memory */
static void
spawn_block(struct spawn *sp)
{
	sigset_t all;

	sigfillset(&all);
	(void)sigprocmask(SIG_BLOCK, &all, &sp->mask);
}

/* spawn_chdir - in the child: the first directory of D= that works; the
 * list is walked in place, without writing to it (it is the parent's) */
static void
spawn_chdir(const struct spawn *sp)
{
	char dir[PATH_MAX];
	const char *p = sp->dirs.data, *e;
	size_t n;

	while (p != NULL && *p != '\0') {
		e = strchr(p, ':');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n > 0 && n < sizeof(dir)) {
			memcpy(dir, p, n);
			dir[n] = '\0';
			if (chdir(dir) == 0)
				return;
		}
		p = e != NULL ? e + 1 : NULL;
	}
}

/* exec_child - in the vfork()ed child: identity, stdin from in, stdout to
 * out, stderr to err (-1: to out), exec; only syscalls, then _exit */
static void __attribute__((noreturn))
exec_child(const struct mr_job *job, const struct spawn *sp, char **argv,
    int in, int out, int err)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	(void)sigaction(SIGPIPE, &sa, NULL);
	(void)sigprocmask(SIG_SETMASK, &sp->mask, NULL);
	if (dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0 ||
	    dup2(err >= 0 ? err : out, STDERR_FILENO) < 0)
		_exit(EX_OSERR);
	if (in != STDIN_FILENO)
		(void)close(in);
	if (out != STDOUT_FILENO && out != STDERR_FILENO)
		(void)close(out);
	if (!child_identity(job)) {
		dprintf(STDERR_FILENO, "Cannot change user id: %s\n", strerror(errno));
		_exit(EX_TEMPFAIL);
	}
	spawn_chdir(sp);
	execve(job->m->path, argv, sp->envp);
	dprintf(STDERR_FILENO, "Cannot exec %s: %s\n", job->m->path, strerror(errno));
	_exit(errno == ENOENT || errno == EACCES ? EX_UNAVAILABLE : EX_TEMPFAIL);
}

/* spawn_done - in the parent: signals back, free what spawn_prepare made */
static void
spawn_done(struct spawn *sp)
{
	size_t i;

	(void)sigprocmask(SIG_SETMASK, &sp->mask, NULL);
	for (i = 0; sp->envp[i] != NULL; i++)
		if (sp->owned[i])
			free(sp->envp[i]);
	sm_buf_free(&sp->dirs);
}

/* wait_status - a child's exit as a sysexits code */
static int
wait_status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return EX_OSERR;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return EX_TEMPFAIL;
}

/* run_program - P=/path: start it and pipe the message to it */
static int
run_program(struct mr_job *job)
{
	int pfd[2], out;
	char **argv;
	pid_t pid;
	sm_sighandler old;
	struct spawn sp;
	FILE *tmp = tmpfile();

	if (tmp == NULL || pipe(pfd) < 0) {
		if (tmp != NULL)
			(void)fclose(tmp);
		return EX_OSERR;
	}
	out = fileno(tmp);
	argv = build_argv(job);
	spawn_prepare(job, &sp);
	fflush(stdout);
	(void)fcntl(pfd[1], F_SETFD, FD_CLOEXEC);	/* not the child's */
	spawn_block(&sp);
	if ((pid = vfork()) == 0)
		exec_child(job, &sp, argv, pfd[0], out, -1);
	spawn_done(&sp);
	if (pid < 0) {
		free_argv(argv);
		(void)close(pfd[0]);
		(void)close(pfd[1]);
		(void)fclose(tmp);
		return EX_OSERR;
	}
	free_argv(argv);
	(void)close(pfd[0]);
	old = sm_signal(SIGPIPE, SIG_IGN);
	(void)mr_write_message(job, pfd[1]);
	(void)close(pfd[1]);
	(void)sm_signal(SIGPIPE, old);
	(void)fclose(tmp);
	return wait_status(pid);
}

/* ----------------------------------------------------------------- LMTP */

/* lmtp_spawn - start job's F=z mailer with argv: ch gets its pipes */
static int
lmtp_spawn(struct mr_job *job, char **argv, struct lmtp_chan *ch)
{
	int to[2], from[2], devnull;
	struct spawn sp;
	pid_t pid;

	if (pipe(to) < 0)
		return EX_OSERR;
	if (pipe(from) < 0) {
		(void)close(to[0]);
		(void)close(to[1]);
		return EX_OSERR;
	}
	spawn_prepare(job, &sp);
	fflush(stdout);
	(void)fcntl(to[1], F_SETFD, FD_CLOEXEC);	/* not the child's */
	(void)fcntl(from[0], F_SETFD, FD_CLOEXEC);
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	spawn_block(&sp);
	if ((pid = vfork()) == 0)
		exec_child(job, &sp, argv, to[0], from[1], devnull);
	spawn_done(&sp);
	if (devnull >= 0)
		(void)close(devnull);
	(void)close(to[0]);
	(void)close(from[1]);
	if (pid < 0 || (ch->in = fdopen(from[0], "r")) == NULL) {
		(void)close(to[1]);
		(void)close(from[0]);
		if (pid > 0)
			(void)wait_status(pid);
		return EX_OSERR;
	}
	ch->pid = pid;
	ch->out = to[1];
	return EX_OK;
}

/* lmtp_key - what started a channel: mailer, arguments, identity */
static void
lmtp_key(const struct mr_job *job, char *const *argv, struct sm_buf *key)
{
	size_t i;

	(void)sm_buf_printf(key, "%s", job->m->name);
	for (i = 0; argv[i] != NULL; i++)
		(void)sm_buf_printf(key, "\n%s", argv[i]);
	if (job->change_id)
		(void)sm_buf_printf(key, "\n%ld:%ld", (long)job->uid, (long)job->gid);
}

/* run_lmtp - F=z: one LMTP transaction (mailer_lmtp.c) on the cached
 * channel for this mailer, or on a new one when there is none or the
 * cached one no longer answers; the channel goes back to the cache */
static int
run_lmtp(struct mr_job *job)
{
	struct sm_buf key = SM_BUF_INIT(1024);
	struct lmtp_chan ch;
	enum lmtp_end end = LMTP_STALE;
	char **argv = build_argv(job);
	sm_sighandler old = sm_signal(SIGPIPE, SIG_IGN);
	size_t i;

	lmtp_key(job, argv, &key);
	job->lmtp = true;
	if (lmtp_cache_take(sm_buf_str(&key), &ch) &&
	    (end = lmtp_deliver(job, &ch, false)) == LMTP_STALE)
		(void)lmtp_close(&ch, false);
	if (end == LMTP_STALE && lmtp_spawn(job, argv, &ch) == EX_OK)
		end = lmtp_deliver(job, &ch, true);
	else if (end == LMTP_STALE)
		for (i = 0; i < job->nt; i++)
			mr_status(&job->t[i], EX_OSERR, NULL);
	if (end != LMTP_STALE &&
	    (end != LMTP_REUSE || !lmtp_cache_give(sm_buf_str(&key), &ch)))
		(void)lmtp_close(&ch, end == LMTP_REUSE);
	(void)sm_signal(SIGPIPE, old);
	free_argv(argv);
	sm_buf_free(&key);
	return job->nt > 0 ? job->t[0].status : EX_OK;
}

/* ---------------------------------------------------------- file mailer */

/* file_path - the file to write, SafeFileEnvironment applied; false if bad */
static bool
file_path(const struct mr_job *job, const char *user, char *buf, size_t size)
{
	const char *sfe = job->cfg->opt.safe_file_env;
	size_t n;

	if (sfe == NULL || *sfe == '\0' || strcmp(sfe, "/") == 0)
		return sm_strlcpy(buf, user, size) < size;
	n = strlen(sfe);
	while (n > 1 && sfe[n - 1] == '/')
		n--;
	if (strncmp(user, sfe, n) == 0 && (user[n] == '/' || user[n] == '\0'))
		user += n;
	return sm_snprintf(buf, size, "%.*s/%s", (int)n, sfe, *user == '/' ? user + 1 : user) >= 0;
}

/* file_open - open path for appending with the DontBlameSendmail checks */
static int
file_open(const struct mr_job *job, const char *path)
{
	uint64_t dbs = job->cfg->opt.dont_blame;
	bool sfe = job->cfg->opt.safe_file_env != NULL && *job->cfg->opt.safe_file_env != '\0';
	int flags = O_WRONLY | O_APPEND | O_CREAT;
	struct stat st;
	int fd;

	if (!(dbs & (1ULL << DBS_FILEDELIVERYTOSYMLINK)))
		flags |= O_NOFOLLOW;
	if ((fd = open(path, flags, 0600)) < 0)
		return -1;
	if (fstat(fd, &st) < 0 || (sfe && !S_ISREG(st.st_mode)) ||
	    (S_ISREG(st.st_mode) && st.st_nlink > 1 &&
	    !(dbs & (1ULL << DBS_FILEDELIVERYTOHARDLINK))) ||
	    (S_ISREG(st.st_mode) && (st.st_mode & (S_ISUID | S_IXUSR | S_IXGRP | S_IXOTH)))) {
		(void)close(fd);
		errno = EPERM;
		return -1;
	}
	return fd;
}

/* file_child - in the child: append the message to user's file; exits.
 * The df is opened first, as the queue's owner: the identity the file
 * is written as (DefaultUser for a file in an alias) may not read it. */
static void __attribute__((noreturn))
file_child(const struct mr_job *job, const char *user)
{
	struct mr_job j = *job;
	char path[PATH_MAX];
	int fd;

	if (!j.headers_only && j.dfp == NULL && j.env->df_path != NULL &&
	    (j.dfp = fopen(j.env->df_path, "r")) == NULL)
		_exit(EX_TEMPFAIL);
	job = &j;
	if (!child_identity(job))
		_exit(EX_TEMPFAIL);
	if (!file_path(job, user, path, sizeof(path)))
		_exit(EX_CANTCREAT);
	if ((fd = file_open(job, path)) < 0)
		_exit(EX_CANTCREAT);	/* sendmail: "Can't create output" */
	if (flock(fd, LOCK_EX) < 0)
		_exit(EX_TEMPFAIL);
	if (mr_write_message(job, fd) < 0 || write(fd, "\n", 1) != 1 || fsync(fd) < 0)
		_exit(errno == ENOSPC || errno == EDQUOT ? EX_TEMPFAIL : EX_IOERR);
	_exit(EX_OK);
}

/* run_file - P=[FILE]: one child per file */
static void
run_file(struct mr_job *job)
{
	size_t i;
	pid_t pid;

	for (i = 0; i < job->nt; i++) {
		fflush(stdout);
		if ((pid = fork()) < 0) {
			mr_status(&job->t[i], EX_OSERR, NULL);
			continue;
		}
		if (pid == 0)
			file_child(job, job->t[i].user);
		mr_status(&job->t[i], wait_status(pid), NULL);
	}
}

/* exit_detail - the stat= text of a program mailer's exit status ex:
 * sendmail's "Deferred: local mailer (/path) exited with EX_TEMPFAIL"
 * (seen in its -v transcript), else "" (the generic text) */
static void
exit_detail(const struct mailer *m, int ex, char *buf, size_t size)
{
	buf[0] = '\0';
	if (ex == EX_TEMPFAIL)
		(void)sm_snprintf(buf, size, "Deferred: %s mailer (%s) exited with EX_TEMPFAIL",
		    m->name, m->path);
}

/* mailer_run - see mailer_run.h */
int
mailer_run(struct mr_job *job)
{
	char detail[256];
	size_t i;
	int ex;

	if (job->m->path != NULL && strcmp(job->m->path, "[FILE]") == 0) {
		run_file(job);
		ex = EX_OK;
		for (i = 0; i < job->nt; i++)
			if (job->t[i].status != EX_OK)
				ex = job->t[i].status;
		return ex;
	}
	if (job->m->path == NULL || job->m->path[0] != '/') {
		/* [IPC], [LPC]: the SMTP client's, not here yet */
		for (i = 0; i < job->nt; i++)
			mr_status(&job->t[i], EX_TEMPFAIL, "Deferred: mailer not available");
		return EX_TEMPFAIL;
	}
	if (mailer_has_flag(job->m, 'z'))
		return run_lmtp(job);
	ex = run_program(job);
	exit_detail(job->m, ex, detail, sizeof(detail));
	for (i = 0; i < job->nt; i++)
		mr_status(&job->t[i], ex, detail);
	return job->t[0].status;
}
