/*
 * tokens.c - unit tests of sendmail/tokens.c: prescan tokenizing with the
 * default operator characters, its error texts, xputs rendering and
 * cataddr joining.  Expected values were checked against sendmail 8.17 -bt.
 */
#include "sm.h"
#include "conf_read.h"
#include "tokens.h"
#include "tap.h"

static struct config *cfg;

/* scan - tokens of addr (external table) as -bt prints them, and messages */
static const char *
scan(const char *addr, enum tk_table tab, const char **msg)
{
	static char out[4096], errs[4096];
	struct tokens t;
	struct sm_buf err = SM_BUF_INIT(4096);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	tokens_init(&t);
	if (tokens_prescan_tab(cfg, addr, '\0', tab, false, &t, NULL, &err) < 0)
		fputs("<null>", fp);
	else
		tokens_print(&t, fp);
	fclose(fp);
	sm_strlcpy(out, buf, sizeof(out));
	sm_strlcpy(errs, sm_buf_str(&err), sizeof(errs));
	if (msg != NULL)
		*msg = errs;
	free(buf);
	sm_buf_free(&err);
	tokens_free(&t);
	return out;
}

static const struct {
	const char *in, *want, *desc;
} cases[] = {
	{ "user@example.com", "user @ example . com", "plain address" },
	{ "Full Name <u@h>", "Full Name < u @ h >", "phrase and angle brackets" },
	{ "u@h (a comment)", "u @ h", "comment dropped" },
	{ "\"quoted user\"@h", "\"quoted user\" @ h", "quoted string is one token" },
	{ "a\\@b@c", "a\\@b @ c", "backslash keeps the next character" },
	{ "\\!x", "!x", "\\! kludge" },
	{ "<@a,@b:u@c>", "< @ a , @ b : u @ c >", "source route" },
	{ "a!b%c", "a!b%c", "! and % are atoms by default" },
	{ "u@[1.2.3.4]", "u @ [ 1 . 2 . 3 . 4 ]", "IP literal" },
	{ "<>", "< >", "null address" },
	{ "a\tb\nc", "a b c", "white space separates" },
	{ "   ", "<null>", "nothing but blanks" },
};

static void
test_prescan(void)
{
	const char *msg;

	for (size_t i = 0; i < SM_ARRAY_SIZE(cases); i++)
		is_str(scan(cases[i].in, TK_EXTERNAL, NULL), cases[i].want, cases[i].desc);
	is_str(scan("<foo", TK_EXTERNAL, &msg), "< foo >", "unbalanced < is closed");
	is_str(msg, "<foo... Unbalanced '<'\n", "unbalanced < message");
	is_str(scan("a(b", TK_EXTERNAL, &msg), "a", "unbalanced ( is closed");
	is_str(msg, "a(b... Unbalanced '('\n", "unbalanced ( message");
	is_str(scan("a)b", TK_EXTERNAL, &msg), "ab", "stray ) dropped");
	is_str(msg, "a)b... Unbalanced ')'\n", "unbalanced ) message");
	is_str(scan("\"ab", TK_EXTERNAL, &msg), "\"ab\"", "unbalanced quote closed");
	is_str(msg, "\"ab... Unbalanced '\"'\n", "unbalanced quote message");
	is_str(scan("a(b)c", TK_NOCOMMENT, NULL), "a ( b ) c", "V9+ -bt input: ( ) are operators");
}

static void
test_limits(void)
{
	char *big = sm_malloc(100 * 1024 + 1);
	const char *msg;

	memset(big, 'x', 100 * 1024);
	big[100 * 1024] = '\0';
	is_str(scan(big, TK_EXTERNAL, &msg), "<null>", "100 KiB address refused");
	ok(strstr(msg, "... Address too long\n") != NULL, "Address too long message");
	ok(strlen(msg) < 300, "message shows at most 256 bytes of the address");
	for (size_t i = 0; i < 100 * 1024; i += 2)
		big[i + 1] = '.';
	big[4000] = '\0';
	is_str(scan(big, TK_EXTERNAL, &msg), "<null>", "too many bytes for the token buffer");
	free(big);
}

static void
test_xputs(void)
{
	char tok[8], *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	tok[0] = (char)TK_CANONNET; tok[1] = '\0';
	tokens_xputs(tok, fp); putc(' ', fp);
	tok[0] = (char)TK_MATCHREPL; tok[1] = '3'; tok[2] = '\0';
	tokens_xputs(tok, fp); putc(' ', fp);
	tok[0] = (char)TK_MATCHCLASS; tok[1] = TK_ID_HI('w'); tok[2] = TK_ID_LO('w'); tok[3] = '\0';
	tokens_xputs(tok, fp); putc(' ', fp);
	tokens_xputs("a\xe9" "b\001", fp);
	fclose(fp);
	is_str(buf, "$# $3 $=w aM-ib", "xputs renders operators, 8-bit bytes, no control bytes");
	free(buf);
}

static void
test_join(void)
{
	struct tokens t;
	struct sm_buf b = SM_BUF_INIT(100);

	tokens_init(&t);
	tokens_push(&t, "Full");
	tokens_push(&t, "Name");
	tokens_push(&t, "<");
	tokens_push(&t, "u");
	tokens_push(&t, "@");
	tokens_push(&t, "h");
	tokens_push(&t, ">");
	ok(tokens_join(&t, 0, t.n, &b) == 0, "join succeeds");
	is_str(sm_buf_str(&b), "Full Name<u@h>", "atoms get a blank, operators none");
	tokens_free(&t);
	sm_buf_free(&b);
}

int
main(void)
{
	cfg = conf_new("test.cf");
	cfg->version = 10;
	test_prescan();
	test_limits();
	test_xputs();
	test_join();
	conf_free(cfg);
	return tap_done();
}
