/*
 * dsn.c - bounces: RFC 3464 delivery status notifications for failures.
 *
 * Owns sendmail's returntosender()/errbody() for permanent failures: a
 * new message from "<>" (flag 'r' in its qf), "From: Mail Delivery
 * Subsystem <MAILER-DAEMON@$j>", "Subject: Returned mail: see transcript
 * for details", a multipart/report; report-type=delivery-status body of
 * three parts: the text listing the failed addresses and their reasons,
 * the message/delivery-status fields (Reporting-MTA, Arrival-Date, then
 * per recipient Original-Recipient, Final-Recipient, Action, Status,
 * Last-Attempt-Date), and the original message (message/rfc822, or
 * text/rfc822-headers for RET=HDRS).  It is queued through queue.c and
 * delivered at once through deliver.c.  A failure of a bounce whose
 * sender is "<>" goes to DoubleBounceAddress; a failure of that is
 * logged and dropped, as sendmail does.
 *
 * Missing: delay warnings (Timeout.queuewarn) and success/relay
 * notices, ErrorMode other than mail, PostmasterCopy, the xf transcript.
 */
#include "sm.h"
#include "dsn.h"
#include "deliver.h"
#include "macro.h"
#include "mailer.h"
#include "mailer_run.h"
#include "queue.h"
#include "queue_run.h"

#define DSN_MAXTEXT	(1 << 20)

/* wants_bounce - recipient r failed now and did not say NOTIFY=NEVER/no FAILURE */
static bool
wants_bounce(const struct rcpt *r)
{
	if (r->state != RS_BOUNCED)
		return false;
	return !(r->flags & RCPT_HASNOTIFY) || (r->flags & RCPT_NOTIFY_FAILURE);
}

/* rfc_date - an RFC 5322 date of t into buf */
static void
rfc_date(time_t t, char *buf, size_t size)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL || strftime(buf, size, "%a, %d %b %Y %H:%M:%S %z", &tm) == 0)
		(void)sm_strlcpy(buf, "Thu, 1 Jan 1970 00:00:00 +0000", size);
}

/* bare_addr - addr without its angle brackets into buf */
static void
bare_addr(const char *addr, char *buf, size_t size)
{
	const char *lt = strchr(addr, '<'), *gt;

	if (lt != NULL && (gt = strchr(lt, '>')) != NULL)
		(void)sm_snprintf(buf, size, "%.*s", (int)(gt - lt - 1), lt + 1);
	else
		(void)sm_strlcpy(buf, addr, size);
}

/* The failures one report lists. */
struct fails {
	const struct rcpt *const *v;
	size_t n;
};

/* text_part - the human-readable part */
static void
text_part(const struct envelope *e, const struct fails *f, const char *bnd, struct sm_buf *b)
{
	char date[64];
	size_t i;

	rfc_date(e->ctime, date, sizeof(date));
	(void)sm_buf_printf(b, "This is a MIME-encapsulated message\n\n--%s\n\n", bnd);
	(void)sm_buf_printf(b, "The original message was received at %s\n", date);
	(void)sm_buf_printf(b, "\n   ----- The following addresses had permanent fatal errors -----\n");
	for (i = 0; i < f->n; i++)
		(void)sm_buf_printf(b, "%s\n    (reason: %s)\n", f->v[i]->addr,
		    f->v[i]->message != NULL ? f->v[i]->message : "failed");
}

/* status_part - the message/delivery-status part */
static void
status_part(const struct config *cfg, const struct envelope *e, const struct fails *f,
    const char *bnd, struct sm_buf *b)
{
	const char *j = macro_get(&cfg->mac, 'j');
	char date[64], addr[1024];
	size_t i;

	rfc_date(e->ctime, date, sizeof(date));
	(void)sm_buf_printf(b, "\n--%s\nContent-Type: message/delivery-status\n\n", bnd);
	(void)sm_buf_printf(b, "Reporting-MTA: dns; %s\nArrival-Date: %s\n",
	    j != NULL ? j : "localhost", date);
	for (i = 0; i < f->n; i++) {
		const struct rcpt *r = f->v[i];

		bare_addr(r->addr, addr, sizeof(addr));
		(void)sm_buf_puts(b, "\n");
		if (r->orcpt != NULL)
			(void)sm_buf_printf(b, "Original-Recipient: %s\n", r->orcpt);
		if (r->final_rcpt != NULL)
			(void)sm_buf_printf(b, "Final-Recipient: %s\n", r->final_rcpt);
		else
			(void)sm_buf_printf(b, "Final-Recipient: RFC822; %s\n", addr);
		rfc_date(r->status_time ? r->status_time : time(NULL), date, sizeof(date));
		(void)sm_buf_printf(b, "Action: failed\nStatus: %s\nLast-Attempt-Date: %s\n",
		    r->dsn_status != NULL ? r->dsn_status : "5.0.0", date);
	}
	(void)sm_buf_printf(b, "\n--%s\nContent-Type: %s\n\n", bnd,
	    (e->flags & ENV_NO_BODY_RETN) ? "text/rfc822-headers" : "message/rfc822");
}

/* write_all - len bytes to fd */
static int
write_all(int fd, const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* write_original - the failed message as the third part */
static int
write_original(struct config *cfg, struct envelope *e, int fd)
{
	struct mr_job job;
	char sender[1024];

	memset(&job, 0, sizeof(job));
	bare_addr(e->sender != NULL ? e->sender : "", sender, sizeof(sender));
	job.cfg = cfg;
	job.env = e;
	job.m = mailer_find(cfg, "*file*");
	job.sender = sender[0] != '\0' ? sender : "MAILER-DAEMON";
	job.embed = true;
	job.headers_only = (e->flags & ENV_NO_BODY_RETN) != 0;
	if (job.m == NULL)
		return -1;
	return mr_write_message(&job, fd);
}

/* add_headers - the bounce's own headers */
static void
add_headers(const struct config *cfg, struct envelope *b, const char *to, const char *bnd)
{
	const char *j = macro_get(&cfg->mac, 'j');
	char v[1024], date[64];

	rfc_date(time(NULL), date, sizeof(date));
	(void)env_add_header(b, "Return-Path", " <\201g>", "P");
	(void)sm_snprintf(v, sizeof(v), " %s", date);
	(void)env_add_header(b, "Date", v, "");
	(void)sm_snprintf(v, sizeof(v), " Mail Delivery Subsystem <MAILER-DAEMON@%s>",
	    j != NULL ? j : "localhost");
	(void)env_add_header(b, "From", v, "");
	(void)sm_snprintf(v, sizeof(v), " <%s>", to);
	(void)env_add_header(b, "To", v, "");
	(void)sm_snprintf(v, sizeof(v), " <%s@%s>", b->id, j != NULL ? j : "localhost");
	(void)env_add_header(b, "Message-Id", v, "");
	(void)env_add_header(b, "MIME-Version", " 1.0", "");
	(void)sm_snprintf(v, sizeof(v),
	    " multipart/report; report-type=delivery-status;\n\tboundary=\"%s\"", bnd);
	(void)env_add_header(b, "Content-Type", v, "");
	(void)env_add_header(b, "Subject", " Returned mail: see transcript for details", "");
	(void)env_add_header(b, "Auto-Submitted", " auto-generated (failure)", "");
}

/* bounce_target - who hears of e's failures; false: nobody (dropped) */
static bool
bounce_target(const struct config *cfg, const struct envelope *e, char *buf, size_t size)
{
	const char *dba = cfg->opt.double_bounce_addr != NULL ?
	    cfg->opt.double_bounce_addr : "postmaster";
	size_t i;

	bare_addr(e->sender != NULL ? e->sender : "", buf, size);
	if (buf[0] != '\0')
		return true;
	for (i = 0; i < e->nrcpts; i++) {
		char a[1024];

		bare_addr(e->rcpts[i].addr, a, sizeof(a));
		if (wants_bounce(&e->rcpts[i]) && strcasecmp(a, dba) == 0)
			return false;	/* the double bounce itself failed */
	}
	if (*dba == '\0')
		return false;
	(void)sm_strlcpy(buf, dba, size);
	return true;
}

/* fill_df - the report into fd */
static int
fill_df(struct config *cfg, struct envelope *e, const struct fails *f, const char *bnd,
    int fd, long *size)
{
	struct sm_buf b = SM_BUF_INIT(DSN_MAXTEXT);
	struct stat st;
	int r;

	text_part(e, f, bnd, &b);
	status_part(cfg, e, f, bnd, &b);
	r = write_all(fd, b.data, b.len) < 0 || write_original(cfg, e, fd) < 0 ? -1 : 0;
	sm_buf_reset(&b);
	(void)sm_buf_printf(&b, "\n--%s--\n", bnd);
	if (r == 0 && write_all(fd, b.data, b.len) < 0)
		r = -1;
	sm_buf_free(&b);
	*size = fstat(fd, &st) == 0 ? (long)st.st_size : 0;
	return r;
}

/* dsn_bounce - see dsn.h */
int
dsn_bounce(struct config *cfg, struct envelope *e)
{
	const struct rcpt **v;
	char to[1024];
	size_t i, n = 0;
	int r;

	for (i = 0; i < e->nrcpts; i++)
		n += wants_bounce(&e->rcpts[i]);
	if (n == 0)
		return 0;
	if (!bounce_target(cfg, e, to, sizeof(to))) {
		sm_log(LOG_INFO, "%s: double bounce dropped", e->id);
		return 0;
	}
	v = sm_calloc(n, sizeof(*v));
	for (n = 0, i = 0; i < e->nrcpts; i++)
		if (wants_bounce(&e->rcpts[i]))
			v[n++] = &e->rcpts[i];
	r = dsn_send(cfg, e, to, v, n);
	free(v);
	return r;
}

/* dsn_send - see dsn.h */
int
dsn_send(struct config *cfg, struct envelope *e, const char *to,
    const struct rcpt *const *failed, size_t nfailed)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	struct fails f = { failed, nfailed };
	struct envelope *b;
	char bnd[128], fr[1100];
	const char *j = macro_get(&cfg->mac, 'j');
	long size = 0;
	int fd, r = -1;

	b = env_new(&cfg->mac);
	env_set_str(&b->sender, "<>");
	b->flags |= ENV_RESPONSE;
	(void)sm_snprintf(fr, sizeof(fr), "<%s>", to);
	(void)env_add_rcpt(b, fr, 0);
	macro_set(&b->mac, 'r', "internal");
	macro_set(&b->mac, '_', "localhost");
	(void)sm_snprintf(bnd, sizeof(bnd), "%s.%ld/%s", e->id, (long)time(NULL),
	    j != NULL ? j : "localhost");
	if ((fd = queue_df_open(cfg, b, &err)) >= 0) {
		add_headers(cfg, b, to, bnd);
		if (fill_df(cfg, e, &f, bnd, fd, &size) == 0) {
			b->msg_size = size;
			b->priority = queue_priority(cfg, b);
			r = queue_commit(cfg, b, fd, &err);
		} else {
			(void)close(fd);
			queue_abort(b);
			(void)sm_buf_puts(&err, "cannot write the bounce");
		}
	}
	if (r == 0) {
		sm_log(LOG_INFO, "%s: %s: DSN: %s", e->id, b->id,
		    failed[0]->message != NULL ? failed[0]->message : "Returned mail");
		sm_buf_reset(&err);
		(void)deliver_envelope(cfg, b, &err);
		sm_buf_reset(&err);
		(void)queue_run_finish(cfg, b, &err);
	} else
		sm_log(LOG_ERR, "%s: cannot queue a bounce: %s", e->id, sm_buf_str(&err));
	env_free(b);
	sm_buf_free(&err);
	return r;
}
