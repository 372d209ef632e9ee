/*
 * dsn.c - delivery status notifications (RFC 3464): bounces, delay
 * warnings and return receipts.
 *
 * Owns sendmail's returntosender()/errbody() for the three reports it
 * mails: a new message from "<>" (flag 'r' in its qf), with the cf's
 * Return-Path and Received ("from localhost (localhost) by $j ... id
 * ID"), then Date, "From: Mail Delivery Subsystem <MAILER-DAEMON>"
 * (qualified, or not, by each mailer's header rewriting), "Message-Id:
 * <YYYYMMDDHHMM.ID@$j>", To, a multipart/report;
 * report-type=delivery-status body (boundary "ID.time/$j") of three
 * parts: the text (the arrival date and the client ($_), then the
 * addresses, for a failure each with "    (reason: 550 5.1.1 User
 * unknown)" unless it was a loop, and the "Transcript of session
 * follows": "550 5.1.1 addr... User unknown", "554 5.4.6 aliasing/
 * forwarding loop broken"), the message/delivery-status fields
 * (Reporting-MTA, Arrival-Date, then per recipient Original-Recipient,
 * Final-Recipient (qualified with @$j), X-Actual-Recipient and
 * Diagnostic-Code "X-Unix; ..." for a local failure, Action, Status,
 * Last-Attempt-Date, Will-Retry-Until for a delay), and the original
 * message (message/rfc822, or text/rfc822-headers for RET=HDRS and for
 * every return receipt), its address headers rewritten for the mailer
 * the report goes through; a blank line after the closing boundary.
 * Measured against the real 8.17 by test/t/6103-alias-rules.t.  Each
 * is queued through queue.c and delivered at once through deliver.c, and
 * logged as sendmail does at LogLevel 6 and up ("ID: NEWID: DSN: text"
 * for bounces and receipts, "ID: NEWID: sender notify: text" for
 * warnings).
 *
 *  - bounces: recipients failed for good that did not say NOTIFY=NEVER
 *    or leave FAILURE out; "Returned mail: see transcript for details".
 *    A failure of a bounce whose sender is "<>" goes to
 *    DoubleBounceAddress; a failure of that is logged and dropped.
 *  - delay warnings (Timeout.queuewarn, called by queue_run.c once per
 *    message): the deferred recipients that asked for DELAY (NOTIFY=DELAY,
 *    or no NOTIFY at all: the server then sets it), never for a "<>"
 *    sender or a message of negative Precedence (bulk, junk, list), as
 *    the real sendmail 8.17 behaves; "Warning: could not send message
 *    for past 4 hours", the warning banner, "Action: delayed".
 *  - return receipts: recipients delivered in this attempt that asked
 *    for NOTIFY=SUCCESS; "Return receipt", "Action: delivered (to
 *    mailbox)", Status 2.1.5 for a plain 2.0.0, headers only.
 *
 * A bounce has one block per delivery that failed (the envelope's
 * failure list, kept by deliver.c): the address that failed, with
 * "    (expanded from: ALIAS)" when an alias, :include: or .forward
 * expanded to it (the recipient's own failure first), named in
 * X-Actual-Recipient ("X-Unix; |cmd" for a program); a program that
 * exited with a code sendmail has no name for gives the bare code as
 * its reason and Diagnostic-Code ("X-Unix; 1") and "554 5.3.0 unknown
 * mailer error 1" in the transcript, as measured; one exiting with a
 * sysexits code (64..78) has that code's text as its reason, the code
 * as its Diagnostic-Code, a Status: and a transcript line of its own
 * (prog_exits, measured: test/t/6107).
 *
 * A recipient whose expansion partly failed (the rest delivered, or
 * left to retry) is bounced for the failed part.
 *
 * ErrorMode (measured, test/t/6105): after an interactive command-line
 * delivery (tr_error_mode) q and p send no bounce (p saves
 * ~/dead.letter: submit.c), m, w and e do; background deliveries and
 * queue runs always bounce.  A report's dates are "GMT" ones, as the
 * Date: field's; its To: is the envelope recipient as written ("root"
 * for a command-line "root"); its priority is the returned message's
 * size plus 1024 (0 when it returns the header only; RecipientFactor
 * added), not its own; its log line names the last failure's text.
 *
 * Missing: "relayed" and "expanded" notices (a receipt says "delivered"
 * whatever the mailer was); the reply code
 * of a failure is guessed (550 for 5.1.x, else 554); Remote-MTA and
 * SMTP Diagnostic-Codes; PostmasterCopy, the
 * xf transcript (the transcript part is made from the recipients'
 * status texts), the timeout classes of Priority:/Precedence (the normal
 * timeouts apply, as they do for a message the real sendmail reads back
 * from its queue).  Known difference: the size behind a report's
 * priority in a queue run (ours: df and header bytes) is 5 less than the
 * real one's.
 */
#include "sm.h"
#include "dsn.h"
#include "conf_read.h"
#include "addr_parse.h"
#include "deliver.h"
#include "headers.h"
#include "headers_out.h"
#include "macro.h"
#include "mailer.h"
#include "mailer_run.h"
#include "queue.h"
#include "queue_run.h"
#include "transcript.h"

#define DSN_MAXTEXT	(1 << 20)

enum dsn_type { DSN_FAILURE, DSN_DELAY, DSN_SUCCESS };

/* The three reports: what each says (sendmail's texts). */
struct dsn_kind {
	const char *subject;	/* "%s" is the warning interval */
	const char *auto_sub;	/* Auto-Submitted value */
	const char *list_head;	/* the address list's title, or NULL */
	const char *action;	/* DSN Action */
	const char *logtag;	/* "DSN" or "sender notify" */
};

static const struct dsn_kind kinds[] = {
	[DSN_FAILURE] = { "Returned mail: see transcript for details",
	    "auto-generated (failure)",
	    "   ----- The following addresses had permanent fatal errors -----",
	    "failed", "DSN" },
	[DSN_DELAY] = { "Warning: could not send message for past %s",
	    "auto-generated (warning-timeout)", NULL, "delayed", "sender notify" },
	[DSN_SUCCESS] = { "Return receipt", "auto-generated (return-receipt)",
	    "   ----- The following addresses had successful delivery notifications -----",
	    "delivered (to mailbox)", "DSN" },
};

/* One report being made. */
struct report {
	enum dsn_type type;
	const struct rcpt *const *v;	/* the recipients it lists */
	const struct rcpt_fail *const *fail;	/* parallel to v, or NULL: the
					 * delivery that failed (its address,
					 * "expanded from"), NULL entries none */
	size_t n;
	time_t warn;			/* DSN_DELAY: Timeout.queuewarn */
	time_t ret;			/* DSN_DELAY: Timeout.queuereturn */
	char subject[256];
};

static int dsn_report(struct config *cfg, struct envelope *e, const char *to,
    const struct report *rp);

/* wants_bounce - recipient r failed now and did not say NOTIFY=NEVER/no FAILURE */
static bool
wants_bounce(const struct rcpt *r)
{
	if (r->state != RS_BOUNCED)
		return false;
	return !(r->flags & RCPT_HASNOTIFY) || (r->flags & RCPT_NOTIFY_FAILURE);
}

/* wants_delay - recipient r is still waiting and asked for DELAY */
static bool
wants_delay(const struct rcpt *r)
{
	return (r->state == RS_QUEUED || r->state == RS_DEFERRED) &&
	    (r->flags & RCPT_NOTIFY_DELAY) != 0;
}

/* wants_receipt - recipient r was delivered now and asked for SUCCESS */
static bool
wants_receipt(const struct rcpt *r)
{
	return r->state == RS_SENT && (r->flags & RCPT_NOTIFY_SUCCESS) != 0;
}

/* rfc_date - an RFC 5322 date of t into buf, as the Date: and Received:
 * fields have it (identity_arpadate): "Mon, 23 Nov 2026 18:10:17 GMT" */
static void
rfc_date(time_t t, char *buf, size_t size)
{
	char day[8], rest[32];
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(day, sizeof(day), "%a", &tm) == 0 ||
	    strftime(rest, sizeof(rest), "%b %Y %H:%M:%S", &tm) == 0)
		(void)sm_strlcpy(buf, "Thu, 1 Jan 1970 00:00:00 GMT", size);
	else
		(void)sm_snprintf(buf, size, "%s, %d %s GMT", day, tm.tm_mday, rest);
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

/* is_loop - whether r failed as an aliasing/forwarding loop (sendmail
 * gives it no reply code of a mailer: no reason, no Diagnostic-Code) */
static bool
is_loop(const struct rcpt *r)
{
	return r->message != NULL &&
	    strncmp(r->message, "aliasing/forwarding loop broken", 31) == 0;
}

/* fail_status - r's DSN status, 5.0.0 when it has none */
static const char *
fail_status(const struct rcpt *r)
{
	return r->dsn_status != NULL ? r->dsn_status : "5.0.0";
}

/* fail_code - the reply code sendmail gives a local failure: 550 for an
 * address status (5.1.x), else 554 */
static const char *
fail_code(const struct rcpt *r)
{
	return strncmp(fail_status(r), "5.1.", 4) == 0 ? "550" : "554";
}

/* mailer_exit - whether r failed as a mailer exiting with a code
 * sendmail has no name for ("unknown mailer error N"): then the code
 * into *code; its bounce gives the bare code as the reason */
static bool
mailer_exit(const struct rcpt *r, int *code)
{
	char c;

	return r->message != NULL &&
	    sscanf(r->message, "unknown mailer error %d%c", code, &c) == 1;
}

/* What a program's exit with a sysexits code gives in a bounce, as the
 * real 8.17 writes it (measured, test/t/6107): the failure text (the
 * stat= of mailer_run.c) is the reason, the code the Diagnostic-Code;
 * the transcript line has its own reply code and names the address or
 * not; the Status: is not the dsn= of the log. */
static const struct prog_exit {
	const char *text;
	int code;
	const char *reply;		/* of the transcript line */
	bool addr;			/* ... which names the address */
	const char *status;		/* Status: */
} prog_exits[] = {
	{ "Command line usage error", 64, "500", false, "5.5.4" },
	{ "Data format error", 65, "501", false, "5.5.2" },
	{ "Cannot open input", 66, "550", true, "5.3.0" },
	{ "User unknown", 67, "550", true, "5.1.1" },
	{ "Host unknown", 68, "550", true, "5.1.2" },
	{ "Service unavailable", 69, "554", false, "5.5.0" },
	{ "Internal error", 70, "554", false, "5.5.0" },
	{ "System file missing", 72, "554", false, "5.5.0" },
	{ "Can't create output", 73, "550", true, "5.3.0" },
	{ "Remote protocol error", 76, "554", false, "5.5.0" },
	{ "Insufficient permission", 77, "550", true, "5.3.0" },
	{ "Local configuration error", 78, "554", false, "5.5.0" },
};

/* prog_exit - the prog_exits row of a program (failure f of r) that
 * exited with a sysexits code, or NULL */
static const struct prog_exit *
prog_exit(const struct rcpt *r, const struct rcpt_fail *f)
{
	const char *m;
	size_t i;

	if (f == NULL || f->actual == NULL || f->actual[0] != '|')
		return NULL;
	m = f->message != NULL ? f->message : r->message;
	for (i = 0; m != NULL && i < SM_ARRAY_SIZE(prog_exits); i++)
		if (strcmp(m, prog_exits[i].text) == 0)
			return &prog_exits[i];
	return NULL;
}

/* fail_msg - r's failure text */
static const char *
fail_msg(const struct rcpt *r)
{
	return r->message != NULL ? r->message : "failed";
}

/* is_local - whether r was not for a remote host (a local failure: X-Unix
 * diagnostics, X-Actual-Recipient) */
static bool
is_local(const struct rcpt *r)
{
	return r->host == NULL || *r->host == '\0';
}

/* qualified_addr - r's bare address, "@$j" added when it has no domain */
static void
qualified_addr(const struct envelope *e, const struct rcpt *r, char *buf, size_t size)
{
	const char *j = macro_get(&e->mac, 'j');
	size_t len;

	bare_addr(r->addr, buf, size);
	len = strlen(buf);
	if (strchr(buf, '@') == NULL && j != NULL && *j != '\0')
		(void)sm_snprintf(buf + len, size - len, "@%s", j);
}

/* fail_of - the failure record of the i-th recipient of rp, or NULL */
static const struct rcpt_fail *
fail_of(const struct report *rp, size_t i)
{
	return rp->fail != NULL ? rp->fail[i] : NULL;
}

/* shown_addr - the address the i-th entry of rp names: the one that
 * failed when known, else the recipient's */
static const char *
shown_addr(const struct report *rp, size_t i)
{
	const struct rcpt_fail *f = fail_of(rp, i);

	return f != NULL ? f->addr : rp->v[i]->addr;
}

/* dsn_interval - see dsn.h */
void
dsn_interval(time_t secs, char *buf, size_t size)
{
	static const struct { long n; const char *name; } unit[] = {
		{ 86400, "day" }, { 3600, "hour" }, { 60, "minute" }, { 1, "second" }
	};
	long left = secs > 0 ? (long)secs : 0, k;
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < SM_ARRAY_SIZE(unit) && len < size; i++) {
		k = left / unit[i].n;
		left %= unit[i].n;
		if (k == 0 && !(i == SM_ARRAY_SIZE(unit) - 1 && len == 0))
			continue;
		(void)sm_snprintf(buf + len, size - len, "%s%ld %s%s", len > 0 ? ", " : "",
		    k, unit[i].name, k == 1 ? "" : "s");
		len = strlen(buf);
	}
}

/* deferred_text - a waiting recipient's status as the transcript shows it */
static void
deferred_text(const struct rcpt *r, struct sm_buf *b)
{
	const char *m = r->message != NULL ? r->message : "Deferred";

	(void)sm_buf_printf(b, "%s... %s%s\n", r->addr,
	    strncmp(m, "Deferred", 8) == 0 ? "" : "Deferred: ", m);
}

/* failure_text - a failed recipient's line in the transcript:
 * "550 5.1.1 addr... User unknown", or "554 5.4.6 aliasing/forwarding
 * loop broken" (no address), as measured */
static void
failure_text(const struct report *rp, size_t i, struct sm_buf *b)
{
	const struct rcpt *r = rp->v[i];
	const struct prog_exit *px = prog_exit(r, fail_of(rp, i));
	int code;

	if (is_loop(r))
		(void)sm_buf_printf(b, "554 %s %s\n", fail_status(r), fail_msg(r));
	else if (px != NULL && px->addr)
		(void)sm_buf_printf(b, "%s %s %s... %s\n", px->reply, fail_status(r),
		    shown_addr(rp, i), px->text);
	else if (px != NULL)
		(void)sm_buf_printf(b, "%s %s %s\n", px->reply, fail_status(r), px->text);
	else if (mailer_exit(r, &code))	/* as measured: 5.3.0, no address */
		(void)sm_buf_printf(b, "554 5.3.0 %s\n", fail_msg(r));
	else
		(void)sm_buf_printf(b, "%s %s %s... %s\n", fail_code(r), fail_status(r),
		    shown_addr(rp, i), fail_msg(r));
}

/* transcript - the "Transcript of session follows" section */
static void
transcript(const struct report *rp, struct sm_buf *b)
{
	char ivl[128];
	size_t i;

	(void)sm_buf_puts(b, "\n   ----- Transcript of session follows -----\n");
	for (i = 0; i < rp->n; i++) {
		if (rp->type == DSN_FAILURE)
			failure_text(rp, i, b);
		else if (rp->type == DSN_SUCCESS)
			(void)sm_buf_printf(b, "%s... Successfully delivered\n", rp->v[i]->addr);
		else
			deferred_text(rp->v[i], b);
	}
	if (rp->type == DSN_DELAY) {
		dsn_interval(rp->warn, ivl, sizeof(ivl));
		(void)sm_buf_printf(b, "Warning: message still undelivered after %s\n", ivl);
		dsn_interval(rp->ret, ivl, sizeof(ivl));
		(void)sm_buf_printf(b, "Will keep trying until message is %s old\n", ivl);
	}
}

/* failed_entry - the i-th failure in the list of the text part: the
 * address, then "    (reason: 550 5.1.1 User unknown)" (none for a
 * loop) and "    (expanded from: ALIAS)", as measured */
static void
failed_entry(const struct report *rp, size_t i, struct sm_buf *b)
{
	const struct rcpt *r = rp->v[i];
	const struct rcpt_fail *f = fail_of(rp, i);
	const struct prog_exit *px = prog_exit(r, f);
	int code;

	(void)sm_buf_printf(b, "%s\n", shown_addr(rp, i));
	if (px != NULL)
		(void)sm_buf_printf(b, "    (reason: %s)\n", px->text);
	else if (mailer_exit(r, &code))
		(void)sm_buf_printf(b, "    (reason: %d)\n", code);
	else if (!is_loop(r))
		(void)sm_buf_printf(b, "    (reason: %s %s %s)\n", fail_code(r),
		    fail_status(r), fail_msg(r));
	if (f != NULL && f->from != NULL)
		(void)sm_buf_printf(b, "    (expanded from: %s)\n", f->from);
}

/* text_part - the human-readable part */
static void
text_part(const struct envelope *e, const struct report *rp, const char *bnd, struct sm_buf *b)
{
	const char *from = macro_get(&e->mac, '_');
	char date[64];
	size_t i;

	rfc_date(e->ctime, date, sizeof(date));
	(void)sm_buf_printf(b, "This is a MIME-encapsulated message\n\n--%s\n\n", bnd);
	if (rp->type == DSN_DELAY)
		(void)sm_buf_puts(b,
		    "    **********************************************\n"
		    "    **      THIS IS A WARNING MESSAGE ONLY      **\n"
		    "    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **\n"
		    "    **********************************************\n\n");
	(void)sm_buf_printf(b, "The original message was received at %s\n", date);
	if (from != NULL && *from != '\0')
		(void)sm_buf_printf(b, "from %s\n", from);
	if (kinds[rp->type].list_head != NULL)
		(void)sm_buf_printf(b, "\n%s\n", kinds[rp->type].list_head);
	for (i = 0; i < rp->n && rp->type == DSN_FAILURE; i++)
		failed_entry(rp, i, b);
	for (i = 0; i < rp->n && rp->type == DSN_SUCCESS; i++)
		(void)sm_buf_printf(b, "%s  (successfully delivered to mailbox)\n", rp->v[i]->addr);
	transcript(rp, b);
}

/* status_of - the Status: of recipient r in report rp */
static const char *
status_of(const struct report *rp, const struct rcpt *r)
{
	const char *st = r->dsn_status;

	switch (rp->type) {
	case DSN_SUCCESS:
		/* sendmail reports a mailbox delivery as 2.1.5 */
		return st == NULL || strcmp(st, "2.0.0") == 0 ? "2.1.5" : st;
	case DSN_DELAY:
		return st != NULL && st[0] == '4' ? st : "4.0.0";
	default:
		return st != NULL ? st : "5.0.0";
	}
}

/* rcpt_fields - one recipient's block of the delivery-status part */
static void
rcpt_fields(const struct envelope *e, const struct report *rp, size_t i, struct sm_buf *b)
{
	const struct rcpt *r = rp->v[i];
	const struct rcpt_fail *f = fail_of(rp, i);
	const char *j = macro_get(&e->mac, 'j');
	char date[64], addr[1024], actual[1024];
	int code;
	bool failed_here = rp->type == DSN_FAILURE && is_local(r);
	const struct prog_exit *px = failed_here ? prog_exit(r, f) : NULL;

	qualified_addr(e, r, addr, sizeof(addr));
	(void)sm_buf_puts(b, "\n");
	if (r->orcpt != NULL)
		(void)sm_buf_printf(b, "Original-Recipient: %s\n", r->orcpt);
	if (r->final_rcpt != NULL)
		(void)sm_buf_printf(b, "Final-Recipient: %s\n", r->final_rcpt);
	else
		(void)sm_buf_printf(b, "Final-Recipient: RFC822; %s\n", addr);
	if (failed_here && f != NULL && f->actual[0] == '|')
		(void)sm_buf_printf(b, "X-Actual-Recipient: X-Unix; %s\n", f->actual);
	else if (failed_here && f != NULL) {
		bare_addr(f->actual, actual, sizeof(actual));
		(void)sm_buf_printf(b, "X-Actual-Recipient: rfc822; %s%s%s\n", actual,
		    strchr(actual, '@') == NULL && j != NULL && *j != '\0' ? "@" : "",
		    strchr(actual, '@') == NULL && j != NULL ? j : "");
	} else if (failed_here)
		(void)sm_buf_printf(b, "X-Actual-Recipient: rfc822; %s\n", addr);
	rfc_date(r->status_time ? r->status_time : time(NULL), date, sizeof(date));
	(void)sm_buf_printf(b, "Action: %s\nStatus: %s\n", kinds[rp->type].action,
	    px != NULL ? px->status : status_of(rp, r));
	if (px != NULL)
		(void)sm_buf_printf(b, "Diagnostic-Code: X-Unix; %d\n", px->code);
	else if (failed_here && mailer_exit(r, &code))
		(void)sm_buf_printf(b, "Diagnostic-Code: X-Unix; %d\n", code);
	else if (failed_here && !is_loop(r))
		(void)sm_buf_printf(b, "Diagnostic-Code: X-Unix; %s %s %s\n", fail_code(r),
		    fail_status(r), fail_msg(r));
	(void)sm_buf_printf(b, "Last-Attempt-Date: %s\n", date);
	if (rp->type == DSN_DELAY && rp->ret > 0) {
		rfc_date(e->ctime + rp->ret, date, sizeof(date));
		(void)sm_buf_printf(b, "Will-Retry-Until: %s\n", date);
	}
}

/* headers_only - whether the third part carries the headers only */
static bool
headers_only(const struct envelope *e, const struct report *rp)
{
	return rp->type == DSN_SUCCESS || (e->flags & ENV_NO_BODY_RETN) != 0;
}

/* status_part - the message/delivery-status part */
static void
status_part(const struct config *cfg, const struct envelope *e, const struct report *rp,
    const char *bnd, struct sm_buf *b)
{
	const char *j = macro_get(&cfg->mac, 'j');
	char date[64];
	size_t i;

	rfc_date(e->ctime, date, sizeof(date));
	(void)sm_buf_printf(b, "\n--%s\nContent-Type: message/delivery-status\n\n", bnd);
	(void)sm_buf_printf(b, "Reporting-MTA: dns; %s\nArrival-Date: %s\n",
	    j != NULL ? j : "localhost", date);
	for (i = 0; i < rp->n; i++)
		rcpt_fields(e, rp, i, b);
	(void)sm_buf_printf(b, "\n--%s\nContent-Type: %s\n\n", bnd,
	    headers_only(e, rp) ? "text/rfc822-headers" : "message/rfc822");
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

/* report_mailer - the mailer the report's recipient to resolves to: the
 * returned message's header is rewritten for it, as the real one writes
 * it for the mailer delivering the report; *file* when to does not
 * resolve */
static const struct mailer *
report_mailer(struct config *cfg, struct envelope *e, const char *to)
{
	const struct mailer *m = NULL;
	struct parsed_addr pa;
	char *msg = NULL;
	size_t msglen = 0;
	int ex = EX_OK;
	FILE *fp;

	if ((fp = open_memstream(&msg, &msglen)) != NULL) {
		struct addr_env ae = { .cfg = cfg, .mac = &e->mac, .out = fp,
			.trace = false, .exitstat = &ex };

		memset(&pa, 0, sizeof(pa));
		if (addr_parse(&ae, to, '\0', 0, &pa, NULL) == 0) {
			if (!pa.bad)
				m = pa.mailer;
			parsed_addr_free(&pa);
		}
		(void)fclose(fp);
		free(msg);
	}
	return m != NULL ? m : mailer_find(cfg, "*file*");
}

/* write_original - the reported message as the third part */
static int
write_original(struct config *cfg, struct envelope *e, const char *to, bool hdrs_only,
    int fd)
{
	struct mr_job job;
	char sender[1024];

	memset(&job, 0, sizeof(job));
	job.cfg = cfg;
	job.env = e;
	job.m = report_mailer(cfg, e, to);
	if (job.m == NULL)
		return -1;
	ho_sender(cfg, &e->mac, e->sender != NULL ? e->sender : "<>", job.m, sender,
	    sizeof(sender));
	job.sender = sender;
	job.embed = true;
	job.headers_only = hdrs_only;
	return mr_write_message(&job, fd);
}

/* cf_headers - the cf's Return-Path and Received before the report's
 * own headers, as the real one writes them: "Received: from localhost
 * (localhost) by $j ... id ID; date", no protocol and no "for" ($r and
 * $u unset meanwhile) */
static void
cf_headers(const struct config *cfg, struct envelope *b)
{
	size_t n = b->nrcpts;
	const char *r = macro_get(&b->mac, 'r');
	char *proto = r != NULL ? sm_strdup(r) : NULL;

	macro_set(&b->mac, 's', "localhost");
	macro_set(&b->mac, 'r', NULL);
	b->nrcpts = 0;		/* no $u */
	headers_complete(cfg, b, "");
	b->nrcpts = n;
	macro_set(&b->mac, 'r', proto);
	free(proto);
}

/* add_headers - the report's own headers */
static void
add_headers(const struct config *cfg, struct envelope *b, const struct report *rp,
    const char *to, const char *bnd)
{
	const char *j = macro_get(&cfg->mac, 'j');
	char v[1024], date[64], stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	rfc_date(now, date, sizeof(date));
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y%m%d%H%M", &tm) == 0)
		(void)sm_strlcpy(stamp, "197001010000", sizeof(stamp));
	(void)sm_snprintf(v, sizeof(v), " %s", date);
	(void)env_add_header(b, "Date", v, "");
	/* unqualified: each mailer's header rewriting qualifies it or not */
	(void)env_add_header(b, "From", " Mail Delivery Subsystem <MAILER-DAEMON>", "");
	(void)sm_snprintf(v, sizeof(v), " <%s.%s@%s>", stamp, b->id,
	    j != NULL ? j : "localhost");
	(void)env_add_header(b, "Message-Id", v, "");
	/* as the envelope has it: "root" for a command-line "root" */
	(void)sm_snprintf(v, sizeof(v), b->nrcpts > 0 ? " %s" : " <%s>",
	    b->nrcpts > 0 ? b->rcpts[0].addr : to);
	(void)env_add_header(b, "To", v, "");
	(void)env_add_header(b, "MIME-Version", " 1.0", "");
	(void)sm_snprintf(v, sizeof(v),
	    " multipart/report; report-type=delivery-status;\n\tboundary=\"%s\"", bnd);
	(void)env_add_header(b, "Content-Type", v, "");
	(void)sm_snprintf(v, sizeof(v), " %s", rp->subject);
	(void)env_add_header(b, "Subject", v, "");
	(void)sm_snprintf(v, sizeof(v), " %s", kinds[rp->type].auto_sub);
	(void)env_add_header(b, "Auto-Submitted", v, "");
	cf_headers(cfg, b);
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
fill_df(struct config *cfg, struct envelope *e, const struct report *rp, const char *to,
    const char *bnd, int fd, long *size)
{
	struct sm_buf b = SM_BUF_INIT(DSN_MAXTEXT);
	struct stat st;
	int r;

	text_part(e, rp, bnd, &b);
	status_part(cfg, e, rp, bnd, &b);
	r = write_all(fd, b.data, b.len) < 0 ||
	    write_original(cfg, e, to, headers_only(e, rp), fd) < 0 ? -1 : 0;
	sm_buf_reset(&b);
	/* a header block already ends with its blank line */
	/* measured: a blank line after the closing boundary */
	(void)sm_buf_printf(&b, "%s--%s--\n\n", headers_only(e, rp) ? "" : "\n", bnd);
	if (r == 0 && write_all(fd, b.data, b.len) < 0)
		r = -1;
	sm_buf_free(&b);
	*size = fstat(fd, &st) == 0 ? (long)st.st_size : 0;
	return r;
}

/* collect_rcpts - the recipients of e that want(); a new array, *n set */
static const struct rcpt **
collect_rcpts(const struct envelope *e, bool (*want)(const struct rcpt *), size_t *n)
{
	const struct rcpt **v;
	size_t i;

	for (*n = 0, i = 0; i < e->nrcpts; i++)
		*n += want(&e->rcpts[i]);
	if (*n == 0)
		return NULL;
	v = sm_calloc(*n, sizeof(*v));
	for (*n = 0, i = 0; i < e->nrcpts; i++)
		if (want(&e->rcpts[i]))
			v[(*n)++] = &e->rcpts[i];
	return v;
}

/* One bounce's entries: a recipient per failure recorded by delivery
 * (its status and text), or the recipient itself when none was. */
struct entries {
	const struct rcpt **v;
	const struct rcpt_fail **fail;
	struct rcpt *tmp;	/* the recipients as each failure left them */
	size_t n;
};

/* fails_of - how many failures e recorded for recipient i */
static size_t
fails_of(const struct envelope *e, size_t i)
{
	size_t k, n = 0;

	for (k = 0; k < e->nfails; k++)
		n += e->fails[k].rcpt == i;
	return n;
}

/* bounced_here - whether recipient i of e goes into its bounce: it
 * failed (or some of what it expanded to did, the rest delivered or
 * left to retry) and did not say NOTIFY=NEVER or leave FAILURE out */
static bool
bounced_here(const struct envelope *e, size_t i)
{
	const struct rcpt *r = &e->rcpts[i];

	if (r->state == RS_SENT && fails_of(e, i) > 0)
		return !(r->flags & RCPT_HASNOTIFY) || (r->flags & RCPT_NOTIFY_FAILURE);
	return wants_bounce(r);
}

/* add_entries - recipient i of e into en: one entry per failure, the
 * recipient's own first (as sendmail's queue of addresses has it, the
 * addresses an alias expanded to after it) */
static void
add_entries(const struct envelope *e, size_t i, struct entries *en)
{
	size_t k, any = 0;

	for (k = 0; k < 2 * e->nfails; k++) {
		const struct rcpt_fail *f = &e->fails[k % e->nfails];
		struct rcpt *t = &en->tmp[en->n];

		if (f->rcpt != i || (f->from == NULL) != (k < e->nfails))
			continue;
		*t = e->rcpts[i];
		t->dsn_status = f->dsn_status;
		t->message = f->message;
		t->status_time = f->when;
		en->v[en->n] = t;
		en->fail[en->n++] = f;
		any++;
	}
	if (any == 0) {
		en->v[en->n] = &e->rcpts[i];
		en->fail[en->n++] = NULL;
	}
}

/* bounce_entries - the entries of e's bounce; en->n 0 when none */
static void
bounce_entries(const struct envelope *e, struct entries *en)
{
	size_t i, max = 0;

	memset(en, 0, sizeof(*en));
	for (i = 0; i < e->nrcpts; i++)
		if (bounced_here(e, i))
			max += fails_of(e, i) + 1;
	if (max == 0)
		return;
	en->v = sm_calloc(max, sizeof(*en->v));
	en->fail = sm_calloc(max, sizeof(*en->fail));
	en->tmp = sm_calloc(max, sizeof(*en->tmp));
	for (i = 0; i < e->nrcpts; i++)
		if (bounced_here(e, i))
			add_entries(e, i, en);
}

/* dsn_bounce - see dsn.h */
int
dsn_bounce(struct config *cfg, struct envelope *e)
{
	struct entries en;
	struct report rp;
	char to[1024];
	int r = 0;

	if (tr_error_mode() == 'q' || tr_error_mode() == 'p')
		return 0;	/* an interactive -oeq, -oep: no bounce (measured) */
	bounce_entries(e, &en);
	if (en.n == 0)
		return 0;
	if (!bounce_target(cfg, e, to, sizeof(to)))
		sm_log(LOG_INFO, "%s: double bounce dropped", e->id);
	else {
		memset(&rp, 0, sizeof(rp));
		rp.type = DSN_FAILURE;
		rp.v = en.v;
		rp.fail = en.fail;
		rp.n = en.n;
		(void)sm_strlcpy(rp.subject, kinds[DSN_FAILURE].subject, sizeof(rp.subject));
		r = dsn_report(cfg, e, to, &rp);
	}
	free(en.v);
	free(en.fail);
	free(en.tmp);
	return r;
}

/* dsn_precedence_class - see dsn.h */
int
dsn_precedence_class(const struct config *cfg, const struct envelope *e)
{
	const struct header *h = env_header(e, "Precedence");
	char name[64];
	size_t len;
	bool found = false;
	const char *p;
	int pri;

	if (h == NULL || h->value == NULL)
		return 0;
	for (p = h->value; isspace((unsigned char)*p); p++)
		;
	len = strcspn(p, " \t\n;(");
	if (len == 0 || len >= sizeof(name))
		return 0;
	(void)sm_snprintf(name, sizeof(name), "%.*s", (int)len, p);
	sm_lower(name);
	pri = conf_priority(cfg, name, &found);
	return found ? pri : 0;
}

/* sender_addr - e's sender without brackets into buf; false for "<>" */
static bool
sender_addr(const struct envelope *e, char *buf, size_t size)
{
	bare_addr(e->sender != NULL ? e->sender : "", buf, size);
	return buf[0] != '\0';
}

/* dsn_delay_warning - see dsn.h */
int
dsn_delay_warning(struct config *cfg, struct envelope *e, time_t warn, time_t ret)
{
	struct report rp;
	char to[1024], ivl[128];
	int r;

	if (!sender_addr(e, to, sizeof(to)) || dsn_precedence_class(cfg, e) < 0)
		return 0;
	memset(&rp, 0, sizeof(rp));
	if ((rp.v = collect_rcpts(e, wants_delay, &rp.n)) == NULL)
		return 0;
	rp.type = DSN_DELAY;
	rp.warn = warn;
	rp.ret = ret;
	dsn_interval(warn, ivl, sizeof(ivl));
	(void)sm_snprintf(rp.subject, sizeof(rp.subject), kinds[DSN_DELAY].subject, ivl);
	r = dsn_report(cfg, e, to, &rp);
	free((void *)rp.v);
	return r < 0 ? -1 : 1;
}

/* dsn_receipt - see dsn.h */
int
dsn_receipt(struct config *cfg, struct envelope *e)
{
	struct report rp;
	char to[1024];
	int r;

	if (!sender_addr(e, to, sizeof(to)))
		return 0;
	memset(&rp, 0, sizeof(rp));
	if ((rp.v = collect_rcpts(e, wants_receipt, &rp.n)) == NULL)
		return 0;
	rp.type = DSN_SUCCESS;
	(void)sm_strlcpy(rp.subject, kinds[DSN_SUCCESS].subject, sizeof(rp.subject));
	r = dsn_report(cfg, e, to, &rp);
	free((void *)rp.v);
	return r;
}

/* dsn_send - see dsn.h */
int
dsn_send(struct config *cfg, struct envelope *e, const char *to,
    const struct rcpt *const *failed, size_t nfailed)
{
	struct report rp;

	memset(&rp, 0, sizeof(rp));
	rp.type = DSN_FAILURE;
	rp.v = failed;
	rp.n = nfailed;
	(void)sm_strlcpy(rp.subject, kinds[DSN_FAILURE].subject, sizeof(rp.subject));
	return dsn_report(cfg, e, to, &rp);
}

/* log_text - what the log line says of report rp: for a bounce the
 * text of its last failure in time, a delivery's before one at
 * submission (measured: "fbad, then e67 fail" logs e67's; "nosuch
 * unknown, then p1 fails" p1's) */
static const char *
log_text(const struct report *rp)
{
	size_t i = rp->n - 1;

	while (rp->type == DSN_FAILURE && rp->fail != NULL && i > 0 && rp->fail[i] == NULL)
		i--;
	if (rp->fail != NULL && rp->fail[i] == NULL)
		i = rp->n - 1;	/* none from a delivery */
	if (rp->type == DSN_FAILURE)
		return rp->v[i]->message != NULL ? rp->v[i]->message : "Returned mail";
	return rp->subject;
}

/* new_report - an envelope from "<>" to "<to>" (to itself when bare: a
 * sender given without brackets on the command line, as the real one
 * addresses it), the report's qf to be */
static struct envelope *
new_report(struct config *cfg, const char *to, bool bare)
{
	struct envelope *b = env_new(&cfg->mac);
	char fr[1100];

	env_set_str(&b->sender, "<>");
	b->flags |= ENV_RESPONSE;
	(void)sm_snprintf(fr, sizeof(fr), bare ? "%s" : "<%s>", to);
	(void)env_add_rcpt(b, fr, 0);
	macro_set(&b->mac, 'r', "internal");
	macro_set(&b->mac, '_', "localhost");
	return b;
}

/* orig_size - the size of e, the message a report is about: as
 * received, or (read back from the queue) its df and header fields */
static long
orig_size(const struct envelope *e)
{
	struct stat st;
	long n = 0;
	size_t i;

	if (e->msg_size > 0)
		return e->msg_size;
	if (e->df_path != NULL && stat(e->df_path, &st) == 0)
		n = (long)st.st_size;
	for (i = 0; i < e->nhdrs; i++)
		n += (long)(strlen(e->hdrs[i].name) + 1 +
		    (e->hdrs[i].value != NULL ? strlen(e->hdrs[i].value) : 0));
	return n;
}

/* report_priority - the priority of report rp (b) on e: as the real
 * 8.17 computes it, from the size of e plus 1024 when it returns e's
 * body, 0 when only its header (not from b's own size) */
static long
report_priority(const struct config *cfg, const struct envelope *e,
    const struct report *rp, struct envelope *b)
{
	long size = b->msg_size, pri;

	b->msg_size = headers_only(e, rp) ? 0 : orig_size(e) + 1024;
	pri = queue_priority(cfg, b);
	b->msg_size = size;
	return pri;
}

/* dsn_report - queue the report rp on e to address to, log it and
 * deliver it; 0, or -1 when it could not be queued (logged) */
static int
dsn_report(struct config *cfg, struct envelope *e, const char *to, const struct report *rp)
{
	struct sm_buf err = SM_BUF_INIT(1024);
	struct envelope *b = new_report(cfg, to, e->sender != NULL &&
	    e->sender[0] != '<' && strcmp(e->sender, to) == 0);
	const char *j = macro_get(&cfg->mac, 'j');
	char bnd[128];
	long size = 0;
	int fd, r = -1;

	if ((fd = queue_df_open(cfg, b, &err)) >= 0) {
		/* the report's own id, as the real one */
		(void)sm_snprintf(bnd, sizeof(bnd), "%s.%ld/%s", b->id, (long)time(NULL),
		    j != NULL ? j : "localhost");
		add_headers(cfg, b, rp, to, bnd);
		if (fill_df(cfg, e, rp, to, bnd, fd, &size) == 0) {
			b->msg_size = size;
			b->priority = report_priority(cfg, e, rp, b);
			r = queue_commit(cfg, b, fd, &err);
		} else {
			(void)close(fd);
			queue_abort(b);
			(void)sm_buf_puts(&err, "cannot write the report");
		}
	}
	if (r == 0) {
		if (cfg->opt.log_level >= 6)	/* as the real one: LogLevel 6 and up */
			sm_log(LOG_INFO, "%s: %s: %s: %s", e->id, b->id, kinds[rp->type].logtag,
			    log_text(rp));
		sm_buf_reset(&err);
		(void)deliver_envelope(cfg, b, &err);
		sm_buf_reset(&err);
		(void)queue_run_finish(cfg, b, &err);
	} else
		sm_log(LOG_ERR, "%s: cannot queue a %s: %s", e->id,
		    rp->type == DSN_FAILURE ? "bounce" : "notification", sm_buf_str(&err));
	env_free(b);
	sm_buf_free(&err);
	return r;
}
