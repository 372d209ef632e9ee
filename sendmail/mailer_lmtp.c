/*
 * mailer_lmtp.c - the LMTP client for F=z mailers (Debian's and our
 * "mail.local -l") and the cache that keeps such a mailer running from
 * one message to the next (see mailer_lmtp.h).
 *
 * A transaction is MAIL From:<$g> (<> for the null sender), one RCPT
 * To:<$u> per target, DATA, the message as mailer_run.c writes it (CRLF
 * line ends, dot-stuffed: job->lmtp), ".", then one reply per accepted
 * recipient (RFC 2033).  A 2xx reply is "Sent"; 4xx defers; 5xx fails,
 * 550 with 5.1.1 as "User unknown", else with the reply's own text; the
 * enhanced status code of a reply becomes the target's DSN status.  A
 * channel that broke off (EOF, a reply that is not one) defers every
 * target not yet answered and is closed.
 *
 * The cache is sendmail's connection cache for mailers: the daemon's
 * delivery agents (deliver_agent.c) turn it on, so that one mail.local
 * serves many messages instead of one exec per message.
 */
#include "sm.h"
#include "mailer_lmtp.h"
#include "macro.h"

#include <sys/wait.h>

#define LMTP_CACHE_MAX	16	/* ConnectionCacheSize is bounded here */
#define LMTP_KEY_MAX	2048

/* ----------------------------------------------------------- replies */

/* lmtp_reply_kw - read one (multi-line) reply; its code, the text of
 * its last line in text; -1 on EOF or a line that is no reply.  When
 * kw is given, *has is set if a line's text is that keyword (LHLO) */
static int
lmtp_reply_kw(FILE *in, char *text, size_t size, const char *kw, bool *has)
{
	char line[1024];

	for (;;) {
		if (fgets(line, sizeof(line), in) == NULL)
			return -1;
		line[strcspn(line, "\r\n")] = '\0';
		if (strlen(line) < 3 || !isdigit((unsigned char)line[0]))
			return -1;
		if (kw != NULL && line[3] != '\0' && strcasecmp(line + 4, kw) == 0)
			*has = true;
		if (line[3] != '-') {
			(void)sm_strlcpy(text, line[3] != '\0' ? line + 4 : "", size);
			return atoi(line);
		}
	}
}

/* lmtp_reply - lmtp_reply_kw without a keyword */
static int
lmtp_reply(FILE *in, char *text, size_t size)
{
	return lmtp_reply_kw(in, text, size, NULL, NULL);
}

/* lmtp_cmd - send a command line, read its reply (-1: broken) */
static int
lmtp_cmd(struct lmtp_chan *ch, char *text, size_t size, const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	size_t len;
	int n;

	va_start(ap, fmt);
	n = sm_vsnprintf(cmd, sizeof(cmd) - 2, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	(void)sm_strlcat(cmd, "\r\n", sizeof(cmd));
	len = strlen(cmd);
	if (write(ch->out, cmd, len) != (ssize_t)len)
		return -1;
	return lmtp_reply(ch->in, text, size);
}

/* lmtp_status - a target's status from an LMTP reply */
static void
lmtp_status(struct mr_target *t, int code, const char *text)
{
	char dsn[16];
	size_t n = strspn(text, "0123456789.");

	if (code >= 200 && code < 300) {
		mr_status(t, EX_OK, NULL);
		return;
	}
	mr_status(t, code < 0 ? EX_TEMPFAIL : code < 500 ? EX_TEMPFAIL :
	    (code == 550 && strncmp(text, "5.1.1", 5) == 0) ? EX_NOUSER : EX_UNAVAILABLE, NULL);
	if (n >= 5 && n < sizeof(dsn) && (text[0] == '4' || text[0] == '5')) {
		memcpy(dsn, text, n);
		dsn[n] = '\0';
		(void)sm_strlcpy(t->dsn, dsn, sizeof(t->dsn));
	}
	if (t->status == EX_UNAVAILABLE && code > 0)
		(void)sm_snprintf(t->text, sizeof(t->text), "%d %s", code, text);
}

/* ------------------------------------------------------- transaction */

/* lmtp_greet - a new channel: its greeting, then LHLO; false if broken */
static bool
lmtp_greet(struct mr_job *job, struct lmtp_chan *ch)
{
	char text[1024];
	const char *j = macro_get(&job->env->mac, 'j');

	char cmd[1100];
	size_t len;

	ch->pipelining = false;
	if (lmtp_reply(ch->in, text, sizeof(text)) != 220)
		return false;
	(void)sm_snprintf(cmd, sizeof(cmd), "LHLO %s\r\n", j != NULL ? j : "localhost");
	len = strlen(cmd);
	return write(ch->out, cmd, len) == (ssize_t)len &&
	    lmtp_reply_kw(ch->in, text, sizeof(text), "PIPELINING", &ch->pipelining) == 250;
}

/* lmtp_mail_cmd - the MAIL command line for job (no CRLF) */
static void
lmtp_mail_cmd(const struct mr_job *job, char *buf, size_t size)
{
	(void)sm_snprintf(buf, size, "MAIL From:<%s>",
	    strcmp(job->sender, "MAILER-DAEMON") == 0 ? "" : job->sender);
}

/* lmtp_rcpts - RCPT for every target; accepted[i] says which were taken;
 * the count taken, or -1 when the channel broke */
static int
lmtp_rcpts(struct mr_job *job, struct lmtp_chan *ch, bool *accepted)
{
	char text[1024];
	size_t i;
	int code, n = 0;

	for (i = 0; i < job->nt; i++) {
		code = lmtp_cmd(ch, text, sizeof(text), "RCPT To:<%s>", job->t[i].user);
		if (code < 0)
			return -1;
		accepted[i] = code >= 200 && code < 300;
		n += accepted[i];
		if (!accepted[i])
			lmtp_status(&job->t[i], code, text);
	}
	return n;
}

/* lmtp_data_body - after 354: the message, ".", a reply per accepted
 * target; false when the channel broke */
static bool
lmtp_data_body(struct mr_job *job, struct lmtp_chan *ch, const bool *accepted)
{
	char text[1024];
	size_t i;
	int code;

	if (mr_write_message(job, ch->out) < 0 || write(ch->out, ".\r\n", 3) != 3)
		return false;
	for (i = 0; i < job->nt; i++) {
		if (!accepted[i])
			continue;
		code = lmtp_reply(ch->in, text, sizeof(text));
		lmtp_status(&job->t[i], code, text);
		if (code < 0)
			return false;
	}
	return true;
}

/* lmtp_data - DATA, then lmtp_data_body; false when the channel broke */
static bool
lmtp_data(struct mr_job *job, struct lmtp_chan *ch, const bool *accepted)
{
	char text[1024];

	return lmtp_cmd(ch, text, sizeof(text), "DATA") == 354 &&
	    lmtp_data_body(job, ch, accepted);
}

/* lmtp_pipelined - PIPELINING (RFC 2920): [RSET,] MAIL, every RCPT and
 * DATA in one write, then their replies in order; the data and its
 * replies as lmtp_data does.  How the channel ends. */
static enum lmtp_end
lmtp_pipelined(struct mr_job *job, struct lmtp_chan *ch, bool fresh, bool *accepted)
{
	struct sm_buf cmds = SM_BUF_INIT(4096);
	char text[1024], line[1100];
	size_t i;
	int code, n = 0, mail;

	if (!fresh)
		(void)sm_buf_puts(&cmds, "RSET\r\n");
	lmtp_mail_cmd(job, line, sizeof(line));
	(void)sm_buf_printf(&cmds, "%s\r\n", line);
	for (i = 0; i < job->nt; i++)
		(void)sm_buf_printf(&cmds, "RCPT To:<%s>\r\n", job->t[i].user);
	(void)sm_buf_puts(&cmds, "DATA\r\n");
	code = write(ch->out, cmds.data, cmds.len) == (ssize_t)cmds.len ? 0 : -1;
	sm_buf_free(&cmds);
	if (!fresh && (code < 0 || lmtp_reply(ch->in, text, sizeof(text)) != 250))
		return LMTP_STALE;	/* nothing of job's was taken yet */
	for (i = 0; i < job->nt; i++)
		mr_status(&job->t[i], EX_TEMPFAIL, NULL);
	if (code < 0 || (mail = lmtp_reply(ch->in, text, sizeof(text))) < 0)
		return LMTP_CLOSE;
	for (i = 0; i < job->nt; i++) {
		if ((code = lmtp_reply(ch->in, text, sizeof(text))) < 0)
			return LMTP_CLOSE;
		accepted[i] = mail == 250 && code >= 200 && code < 300;
		n += accepted[i];
		if (mail == 250 && !accepted[i])
			lmtp_status(&job->t[i], code, text);
	}
	code = lmtp_reply(ch->in, text, sizeof(text));
	if (code != 354)
		return code < 0 || n > 0 ? LMTP_CLOSE : LMTP_REUSE;
	if (n == 0)
		return LMTP_CLOSE;	/* 354 without a recipient: drop it */
	return lmtp_data_body(job, ch, accepted) ? LMTP_REUSE : LMTP_CLOSE;
}

/* lmtp_deliver - see mailer_lmtp.h */
enum lmtp_end
lmtp_deliver(struct mr_job *job, struct lmtp_chan *ch, bool fresh)
{
	char text[1024], mail[1100];
	bool *accepted;
	enum lmtp_end end = LMTP_CLOSE;
	size_t i;
	int code, n;

	if (fresh) {
		for (i = 0; i < job->nt; i++)
			mr_status(&job->t[i], EX_TEMPFAIL, NULL);
		if (!lmtp_greet(job, ch))
			return LMTP_CLOSE;
	}
	accepted = sm_calloc(job->nt > 0 ? job->nt : 1, sizeof(*accepted));
	if (ch->pipelining) {
		end = lmtp_pipelined(job, ch, fresh, accepted);
		free(accepted);
		return end;
	}
	if (!fresh && lmtp_cmd(ch, text, sizeof(text), "RSET") != 250) {
		free(accepted);
		return LMTP_STALE;
	}
	for (i = 0; i < job->nt; i++)
		mr_status(&job->t[i], EX_TEMPFAIL, NULL);
	lmtp_mail_cmd(job, mail, sizeof(mail));
	code = lmtp_cmd(ch, text, sizeof(text), "%s", mail);
	if (code != 250) {
		free(accepted);
		return code < 0 ? LMTP_CLOSE : LMTP_REUSE;
	}
	n = lmtp_rcpts(job, ch, accepted);
	if (n == 0)
		end = LMTP_REUSE;	/* the next RSET clears the MAIL */
	else if (n > 0 && lmtp_data(job, ch, accepted))
		end = LMTP_REUSE;
	free(accepted);
	return end;
}

/* lmtp_close - see mailer_lmtp.h */
int
lmtp_close(struct lmtp_chan *ch, bool polite)
{
	char text[256];
	int st;

	if (polite)
		(void)lmtp_cmd(ch, text, sizeof(text), "QUIT");
	(void)close(ch->out);
	(void)fclose(ch->in);
	ch->out = -1;
	ch->in = NULL;
	while (waitpid(ch->pid, &st, 0) < 0)
		if (errno != EINTR)
			return EX_OSERR;
	return WIFEXITED(st) ? WEXITSTATUS(st) : EX_TEMPFAIL;
}

/* ------------------------------------------------------------- cache */

struct cached {
	char *key;
	struct lmtp_chan ch;
	time_t last;		/* when it was given back */
};

static struct cached cache[LMTP_CACHE_MAX];
static int cache_size;		/* 0: off */
static time_t cache_timeout;

/* lmtp_cache_setup - see mailer_lmtp.h */
void
lmtp_cache_setup(int size, time_t timeout)
{
	cache_size = size < 0 ? 0 : size > LMTP_CACHE_MAX ? LMTP_CACHE_MAX : size;
	cache_timeout = timeout;
}

/* cache_drop - close slot i's channel and free the slot */
static void
cache_drop(int i)
{
	sm_sighandler old = sm_signal(SIGPIPE, SIG_IGN);

	(void)lmtp_close(&cache[i].ch, true);
	(void)sm_signal(SIGPIPE, old);
	free(cache[i].key);
	cache[i].key = NULL;
}

/* lmtp_cache_take - see mailer_lmtp.h */
bool
lmtp_cache_take(const char *key, struct lmtp_chan *ch)
{
	int i;

	for (i = 0; i < cache_size; i++) {
		if (cache[i].key == NULL || strcmp(cache[i].key, key) != 0)
			continue;
		*ch = cache[i].ch;
		free(cache[i].key);
		cache[i].key = NULL;
		return true;
	}
	return false;
}

/* lmtp_cache_give - see mailer_lmtp.h */
bool
lmtp_cache_give(const char *key, const struct lmtp_chan *ch)
{
	int i, slot = -1, oldest = -1;

	if (cache_size == 0 || strlen(key) >= LMTP_KEY_MAX)
		return false;
	for (i = 0; i < cache_size && slot < 0; i++) {
		if (cache[i].key == NULL)
			slot = i;
		else if (oldest < 0 || cache[i].last < cache[oldest].last)
			oldest = i;
	}
	if (slot < 0) {
		cache_drop(oldest);
		slot = oldest;
	}
	cache[slot].key = sm_strdup(key);
	cache[slot].ch = *ch;
	cache[slot].last = time(NULL);
	return true;
}

/* lmtp_cache_sweep - see mailer_lmtp.h */
int
lmtp_cache_sweep(void)
{
	time_t now = time(NULL), left;
	int i, next = -1;

	for (i = 0; i < cache_size; i++) {
		if (cache[i].key == NULL)
			continue;
		left = cache[i].last + cache_timeout - now;
		if (left <= 0) {
			cache_drop(i);
			continue;
		}
		if (next < 0 || left < next)
			next = left > INT_MAX ? INT_MAX : (int)left;
	}
	return next;
}

/* lmtp_cache_flush - see mailer_lmtp.h */
void
lmtp_cache_flush(void)
{
	int i;

	for (i = 0; i < LMTP_CACHE_MAX; i++)
		if (cache[i].key != NULL)
			cache_drop(i);
}
