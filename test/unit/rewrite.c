/*
 * rewrite.c - unit tests of the engine core: R/S line parsing
 * (conf_read.c, ruleset.c), the rewrite engine (rewrite.c) with -bt
 * tracing, classes (class.c) and =S printing.  Expected texts were taken
 * from sendmail 8.17 -bt on the same rules.
 */
#include "sm.h"
#include "conf_read.h"
#include "class.h"
#include "rewrite.h"
#include "ruleset.h"
#include "tokens.h"
#include "tap.h"

static struct config *cfg;
static char errs[8192];

/* load - a config from lines ("\n"-separated, "\\t" as tabs); errs gets messages */
static void
load(const char *text)
{
	struct sm_buf err = SM_BUF_INIT(8192);
	char *copy = sm_strdup(text), *line, *save = NULL;
	int n = 0;

	if (cfg != NULL)
		conf_free(cfg);
	cfg = conf_new("t.cf");
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		(void)conf_line(cfg, line, ++n, &err);
	sm_strlcpy(errs, sm_buf_str(&err), sizeof(errs));
	sm_buf_free(&err);
	free(copy);
}

/* run - "ruleset addr" through the engine; the -bt trace and status lines */
static const char *
run(const char *rsname, const char *addr)
{
	static char out[16384];
	struct tokens t;
	struct sm_buf err = SM_BUF_INIT(4096);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct rw_ctx ctx = { .cfg = cfg, .env = &cfg->mac, .trace = fp };
	int rs = ruleset_find(cfg, rsname), st;

	tokens_init(&t);
	(void)tokens_prescan_tab(cfg, addr, '\0', TK_NOCOMMENT, false, &t, NULL, &err);
	st = rewrite_ruleset(&ctx, rs, &t);
	if (st != EX_OK)
		fprintf(fp, "status %d\n", st);
	fclose(fp);
	sm_strlcpy(out, buf, sizeof(out));
	free(buf);
	tokens_free(&t);
	sm_buf_free(&err);
	return out;
}

/* last - the last line of a trace (the outermost "returns:") */
static const char *
last(const char *s)
{
	static char line[4096];
	const char *p = s + strlen(s);

	if (p > s && p[-1] == '\n')
		p--;
	while (p > s && p[-1] != '\n')
		p--;
	sm_strlcpy(line, p, sizeof(line));
	line[strcspn(line, "\n")] = '\0';
	return line;
}

static void
test_matching(void)
{
	load("V10/Berkeley\n"
	    "CX b.c d\n"
	    "Stest\n"
	    "R$* < $=X > $*\t$@ $1 ok $2 $3\n"
	    "R$~X\t$@ notX $1\n"
	    "R$- @ $+\t$@ user $1 host $2\n"
	    "R$+ $- $*\t$: <$1> <$2> <$3>\n");
	is_str(errs, "", "rules load quietly");
	is_str(run("test", "z <b . c> q"),
	    "test               input: z < b . c > q\n"
	    "test             returns: z ok b . c q\n", "multi-token class member");
	is_str(last(run("test", "x")), "test             returns: notX x", "$~X one token");
	is_str(last(run("test", "u @ a . b")), "test             returns: user u host a . b", "$- and $+");
	is_str(last(run("test", "a b c")), "test             returns: < a > < b > < c >", "$: goes on to the next rule");
	is_str(last(run("test", "d")), "test             returns: d", "class member alone fails $~");
}

static void
test_calls(void)
{
	load("V10/Berkeley\n"
	    "SEmpty\n"
	    "SF\nR$*\t$@ f $1\n"
	    "SLocal_check_relay_long\nR$*\t$@ $>F $1\n"
	    "Sskip\nR$*\t$@ $>Empty $>F $1\n"
	    "Snet\nR$*\t$#local $@ h $: $1\nR$*\t$@ never\n"
	    "Sinf\nR$*\t$1\n"
	    "Sunk\nR$*\t$@ $>nosuch $1\n"
	    "Sdbl\nR$*\t$1 $1\n");
	is_str(run("Local_check_relay_long", "a"),
	    "Local_check_rela   input: a\n"
	    "F                  input: a\n"
	    "F                returns: f a\n"
	    "Local_check_rela returns: f a\n", "names cut at 16 characters; $> call");
	is_str(last(run("skip", "a")), "skip             returns: $> F a",
	    "an empty ruleset is skipped, the next call too (as sendmail)");
	is_str(last(run("net", "a")), "net              returns: $# local $@ h $: a", "$# stops");
	is_str(run("inf", "x"),
	    "inf                input: x\n"
	    "Infinite loop in ruleset inf, rule 1\n"
	    "inf              returns: x\n", "loop limit text");
	is_str(run("unk", "a"),
	    "unk                input: a\n"
	    "Unknown ruleset nosuch\n"
	    "unk              returns: $> nosuch a\n"
	    "status 78\n", "unknown ruleset at run time");
	ok(strstr(run("dbl", "a b c"), "rewrite: expansion too long\nstatus 65\n") != NULL,
	    "token vector overflow");
}

static void
test_macros(void)
{
	load("V10/Berkeley\n"
	    "Dxvalue\n"
	    "D{long}L\n"
	    "Stest\n"
	    "R$&x\t$@ matched $&{long}\n"
	    "R$*\t$@ $x ${long} $?x yes $| no $. $&x\n");
	macro_set(&cfg->mac, 'x', "run.time");
	is_str(last(run("test", "run.time")), "test             returns: matched L", "$& matches the run-time value");
	is_str(last(run("test", "z")), "test             returns: value L yes run . time", "read-time and deferred macros");
}

static void
test_errors(void)
{
	load("V10/Berkeley\n"
	    "R$*\tx\n"
	    "Sfoo\n"
	    "R$* $( a\t$@ $1\n"
	    "R$1\t$2\n"
	    "R$*\t$@ $9\n"
	    "S999\n"
	    "S\n"
	    "Sfoo=3\n"
	    "R$* foo\n"
	    "Zjunk\n"
	    "Fw/nonexistent/file\n"
	    "Fw-o /nonexistent/file\n"
	    "Q\n"
	    "X\n"
	    "Sbar\n"
	    "R$*\t$@ ${unclosed\n");
	is_str(errs,
	    "t.cf: line 2: missing valid ruleset for \"R\001*\tx\"\n"
	    "t.cf: line 4: Inappropriate use of $( on LHS\n"
	    "t.cf: line 5: Inappropriate use of $1-$9 on LHS\n"
	    "t.cf: line 5: replacement $2 out of bounds\n"
	    "t.cf: line 6: replacement $9 out of bounds\n"
	    "t.cf: line 7: bad ruleset 999 (100 max)\n"
	    "t.cf: line 8: invalid ruleset name: \"\"\n"
	    "t.cf: line 9: foo=3: ruleset changed value (old 199, new 3)\n"
	    "WARNING: Ruleset foo=3 has multiple definitions\n"
	    "t.cf: line 10: invalid rewrite line \"R\001* foo\" (tab expected)\n"
	    "t.cf: line 11: unknown configuration line \"Zjunk\"\n"
	    "t.cf: line 12: fileclass: cannot open '/nonexistent/file': No such file or directory\n"
	    "t.cf: line 14: name required for queue\n"
	    "t.cf: line 15: name required for mail filter\n"
	    "t.cf: line 17: Unbalanced { on unclosed\n"
	    "t.cf: line 17: Unable to assign macro/class ID (mid = 0xffffffff)\n",
	    "sendmail's texts for broken lines");
	ok(cfg->nerrors > 0, "errors are counted");
}

static void
test_print(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	load("V10/Berkeley\n"
	    "C{Foo} a\n"
	    "Cw Ab b localhost\n"
	    "Sfoo\n"
	    "R$={Foo} $~{Foo} $=X\t$@ $1 $&{Foo} $&x\n"
	    "R$*\t$#local $@ $1 $: $( host $1 $@ a $: def $) $[ $1 $]\n");
	fp = open_memstream(&buf, &len);
	ruleset_print(cfg, ruleset_find(cfg, "foo"), fp);
	class_print(cfg, "w", fp);
	fclose(fp);
	is_str(buf,
	    "R$={Foo} $~{Foo} $=X \t\t$@ $1 $&{Foo} $&x \n"
	    "R$* \t\t$# local $@ $1 $: $( host $1 $@ a $: def $) $[ $1 $] \n"
	    "b\nAb\nlocalhost\n", "=S rule format and $=w in symbol-table order");
	free(buf);
}

static void
test_file(void)
{
	char path[] = "/tmp/rewrite-t.XXXXXX";
	struct sm_buf err = SM_BUF_INIT(4096);
	struct config *c;
	int fd = mkstemp(path);
	const char *text = "V10/Berkeley\nMlocal, P=/bin/true, A=x\n"
	    "Sfoo\nR$*\n\t$@ folded\nXf\nQ\nZ";
	char want[512];

	ok(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text), "temp cf written");
	close(fd);
	c = conf_read(path, &err);
	ok(c != NULL, "conf_read reads a file");
	sm_snprintf(want, sizeof(want),
	    "%s: line 6: Xf: empty or missing socket information\n"
	    "%s: line 7: name required for queue\n"
	    "%s: line 7: unknown configuration line \"Z\"\n", path, path, path);
	is_str(sm_buf_str(&err), want, "line numbers as sendmail counts them (last line unterminated)");
	is_int(ruleset_nrules(c, ruleset_find(c, "foo")), 1, "continuation line joins the rule");
	conf_free(c);
	unlink(path);
	sm_buf_reset(&err);
	ok(conf_read("/nonexistent/x.cf", &err) == NULL, "missing file gives no config");
	sm_buf_free(&err);
}

int
main(void)
{
	test_file();
	test_matching();
	test_calls();
	test_macros();
	test_errors();
	test_print();
	conf_free(cfg);
	return tap_done();
}
