/*
 * headers_out.c - a message's header as one mailer gets it.
 *
 * Owns what happens to the header between the qf and a mailer, as
 * sendmail 8.17 does it at delivery time (its putheader and commaize;
 * observed with the real binary, and compared mbox for mbox by
 * test/t/6500-e2e-daemon.t):
 *
 *  - the addresses of an address list are rewritten for the mailer,
 *    each through rulesets 3, 1 or 2, the mailer's S= or R= header
 *    ruleset and 4, with its comments and phrase kept (addr_remotename).
 *    Sender lists: From, Sender, Reply-To, Errors-To,
 *    Disposition-Notification-To, Resent-From, Resent-Sender,
 *    Resent-Reply-To.  Recipient lists: To, Cc, Apparently-To,
 *    Resent-To, Resent-Cc.  (Return-Receipt-To and the other headers are
 *    left alone.)
 *  - a rewritten list is written again: ", " between the addresses,
 *    empty elements dropped, and a newline and eight blanks before an
 *    address that would take the line past column 78;
 *  - Bcc and Resent-Bcc are left out when the message has a To, Cc or
 *    Apparently-To header, and written empty ("Bcc:") otherwise;
 *  - Return-Path and Full-Name go only to a mailer one of whose flags
 *    their ?flags? name: the cf's "?P?Return-Path", never a message's own;
 *  - $g, the envelope sender, is rewritten for each mailer by rulesets 3,
 *    1, the mailer's S= envelope ruleset and 4; "<>" is MAILER-DAEMON.
 *
 * Missing: F=C (the sender's domain added to unqualified header
 * addresses of mail from such a mailer), and the MIME encoding of 8-bit
 * header text.
 */
#include "sm.h"
#include "headers_out.h"
#include "headers.h"
#include "addr_parse.h"
#include "mailer.h"

#define HO_FOLD		78	/* the column a list is folded before */
#define HO_INDENT	"        "

/* One header name and what it is. */
static const struct {
	const char *name;
	enum ho_kind kind;
} ho_table[] = {
	{ "From", HO_SENDER }, { "Sender", HO_SENDER }, { "Reply-To", HO_SENDER },
	{ "Errors-To", HO_SENDER }, { "Disposition-Notification-To", HO_SENDER },
	{ "Resent-From", HO_SENDER }, { "Resent-Sender", HO_SENDER },
	{ "Resent-Reply-To", HO_SENDER },
	{ "To", HO_RCPT }, { "Cc", HO_RCPT }, { "Apparently-To", HO_RCPT },
	{ "Resent-To", HO_RCPT }, { "Resent-Cc", HO_RCPT },
	{ "Bcc", HO_BCC }, { "Resent-Bcc", HO_BCC },
	{ "Return-Path", HO_CHECK }, { "Full-Name", HO_CHECK },
};

/* ho_kind - see headers_out.h */
enum ho_kind
ho_kind(const char *name)
{
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(ho_table); i++)
		if (strcasecmp(name, ho_table[i].name) == 0)
			return ho_table[i].kind;
	return HO_PLAIN;
}

/* ho_drop_bcc - see headers_out.h */
bool
ho_drop_bcc(const struct envelope *e)
{
	size_t i;

	for (i = 0; i < e->nhdrs; i++) {
		const char *n = e->hdrs[i].name;

		if (strcasecmp(n, "To") == 0 || strcasecmp(n, "Cc") == 0 ||
		    strcasecmp(n, "Apparently-To") == 0)
			return true;
	}
	return false;
}

/* rewrite_one - one address (len bytes at a) as mailer m sees it, into
 * out; the text as it is when it cannot be rewritten */
static void
rewrite_one(const struct addr_env *ae, const struct mailer *m, int flags,
    const char *a, size_t len, struct sm_buf *out)
{
	char *addr = sm_malloc(len + 1);
	int rcode = EX_OK;

	memcpy(addr, a, len);
	addr[len] = '\0';
	if (addr_remotename(ae, addr, m, flags, &rcode, out) < 0 || out->len == 0) {
		sm_buf_reset(out);
		(void)sm_buf_puts(out, addr);
	}
	free(addr);
}

/* put_folded - append one rewritten address to the list in out */
static void
put_folded(struct sm_buf *out, const struct sm_buf *a, bool first, size_t *col)
{
	if (!first) {
		if (*col + 2 + a->len > HO_FOLD) {
			(void)sm_buf_puts(out, ",\n" HO_INDENT);
			*col = sizeof(HO_INDENT) - 1;
		} else {
			(void)sm_buf_puts(out, ", ");
			*col += 2;
		}
	}
	(void)sm_buf_append(out, a->data, a->len);
	*col += a->len;
}

/* ho_list - see headers_out.h */
void
ho_list(struct config *cfg, struct macros *mac, const struct mailer *m,
    bool sender, const char *value, size_t col, struct sm_buf *out)
{
	char *diag = NULL;
	size_t diaglen = 0;
	FILE *fp = open_memstream(&diag, &diaglen);
	struct addr_env ae = { .cfg = cfg, .mac = mac, .out = fp,
		.trace = false, .exitstat = NULL };
	int flags = RF_HEADERADDR | (sender ? RF_SENDERADDR : 0);
	struct sm_buf one = SM_BUF_INIT(64 * 1024);
	const char *p = value, *end, *s, *e;
	bool first = true;

	if (fp == NULL) {
		(void)sm_buf_puts(out, value);
		return;
	}
	while (*p != '\0') {
		end = headers_list_end(p);
		for (s = p; s < end && isspace((unsigned char)*s); s++)
			;
		for (e = end; e > s && isspace((unsigned char)e[-1]); e--)
			;
		if (e > s) {
			sm_buf_reset(&one);
			rewrite_one(&ae, m, flags, s, (size_t)(e - s), &one);
			put_folded(out, &one, first, &col);
			first = false;
		}
		p = *end == ',' ? end + 1 : end;
	}
	(void)fclose(fp);
	free(diag);
	sm_buf_free(&one);
}

/* ho_sender - see headers_out.h */
void
ho_sender(struct config *cfg, const struct macros *mac, const char *sender,
    const struct mailer *m, char *buf, size_t size)
{
	struct macros scope;
	struct sm_buf out = SM_BUF_INIT(4096);
	char *diag = NULL, *bare;
	size_t diaglen = 0, n;
	FILE *fp;
	int rcode = EX_OK;
	const char *s = sender != NULL ? sender : "";

	while (*s == '<' || isspace((unsigned char)*s))
		s++;
	n = strcspn(s, ">");
	if (n == 0) {
		(void)sm_strlcpy(buf, "MAILER-DAEMON", size);
		return;
	}
	bare = sm_malloc(n + 1);
	memcpy(bare, s, n);
	bare[n] = '\0';
	(void)sm_strlcpy(buf, bare, size);
	if (m != NULL && (fp = open_memstream(&diag, &diaglen)) != NULL) {
		struct addr_env ae = { .cfg = cfg, .mac = &scope, .out = fp,
			.trace = false, .exitstat = NULL };

		macros_init(&scope, mac);
		if (addr_remotename(&ae, bare, m, RF_SENDERADDR, &rcode, &out) == 0 &&
		    out.len > 0)
			(void)sm_strlcpy(buf, sm_buf_str(&out), size);
		(void)fclose(fp);
		free(diag);
		macros_free(&scope);
	}
	free(bare);
	sm_buf_free(&out);
}
