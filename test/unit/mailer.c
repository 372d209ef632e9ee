/*
 * mailer.c - unit tests for sendmail/mailer.c: M lines, the built-in
 * mailers and the =M line, against what the real sendmail 8.17 prints.
 *
 * Every expected line below was printed by sendmail -bt's =M for the same
 * M line (with ruleset names as the stub below gives them).  The engine's
 * ruleset and macro functions are stubbed here.
 */
#include "sm.h"
#include "config.h"
#include "ruleset.h"
#include "macro.h"
#include "tap.h"

/* ---- stubs: named rulesets get numbers from 199 down, like sendmail ---- */

static char *rs_names[200];
static int rs_next = 200;

int
ruleset_id(struct config *cfg, const char *name, bool create)
{
	int i;

	(void)cfg;
	if (isdigit((unsigned char)*name))
		return atoi(name) < 100 ? atoi(name) : -1;
	for (i = 0; i < 200; i++)
		if (rs_names[i] && strcasecmp(rs_names[i], name) == 0)
			return i;
	if (!create || rs_next <= 100)
		return -1;
	rs_names[--rs_next] = sm_strdup(name);
	return rs_next;
}

int
ruleset_find(const struct config *cfg, const char *name)
{
	return ruleset_id((struct config *)cfg, name, false);
}

const char *
ruleset_name(const struct config *cfg, int id, char *buf, size_t size)
{
	(void)cfg;
	if (id >= 0 && id < 200 && rs_names[id])
		return rs_names[id];
	sm_snprintf(buf, size, "%d", id);
	return buf;
}

int
macro_id(const char *name, bool create)
{
	(void)create;
	return name[0] && !name[1] ? (unsigned char)name[0] : -1;
}

void
macro_set(struct macros *m, int id, const char *value)
{
	free(m->val[id]);
	m->val[id] = value ? sm_strdup(value) : NULL;
}

/* ---- helpers ---- */

static struct config cfg;
static struct sm_buf err = SM_BUF_INIT(4096);

static void
fresh(int version)
{
	mailer_table_free(&cfg.mailers);
	cfg.version = version;
	mailer_builtins(&cfg);
	sm_buf_reset(&err);
}

/* line_of - the =M line of mailer name, without the newline, in buf */
static const char *
line_of(const char *name, char *buf, size_t size)
{
	struct mailer *m = mailer_find(&cfg, name);
	FILE *fp;
	size_t n;

	if (m == NULL)
		return "(undefined)";
	fp = fmemopen(buf, size, "w");
	if (fp == NULL)
		return "(fmemopen)";
	mailer_print(&cfg, m, fp);
	fclose(fp);
	n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return buf;
}

static int
mline(const char *text)
{
	sm_buf_reset(&err);
	return mailer_parse_mline(&cfg, text, &err);
}

/* ---- tests ---- */

static void
test_builtins(void)
{
	char b[1024];

	fresh(10);
	is_int(cfg.mailers.n, 3, "three built-in mailers");
	is_str(line_of("prog", b, sizeof(b)),
	    "mailer 0 (prog): P=/bin/sh S=0/0 R=0/0 M=0 U=-1:-1 F=9Dloqsu L=0 E=\\n "
	    "T=X-Unix/X-Unix/X-Unix r=100 A=sh -c $u", "prog");
	is_str(line_of("*file*", b, sizeof(b)),
	    "mailer 1 (*file*): P=[FILE] S=0/0 R=0/0 M=0 U=-1:-1 F=9DEFMPloqsu L=0 E=\\n "
	    "T=X-Unix/X-Unix/X-Unix r=100 A=FILE $u", "*file*");
	is_str(line_of("*include*", b, sizeof(b)),
	    "mailer 2 (*include*): P=/dev/null S=0/0 R=0/0 M=0 U=-1:-1 F=su L=0 E=\\n "
	    "T=<undefined>/<undefined>/<undefined> r=100 A=INCLUDE $u", "*include*");
	ok(mailer_find(&cfg, "PROG") == cfg.mailers.v[0], "names compare without case");
	ok(mailer_has_flag(cfg.mailers.v[0], 'D') && !mailer_has_flag(cfg.mailers.v[0], 'F'),
	    "mailer_has_flag");
}

/* M lines sendmail defines, and the =M line it prints (as mailer 3) */
static void
test_lines(void)
{
	static const struct {
		const char *text, *name, *want;
		int rc;
		const char *msg;
	} tab[] = {
		{ "local, P=/bin/true, F=lsDFMAw5:/|@qPSXfmnz9, S=10/30, R=20/40, "
		  "T=DNS/RFC822/X-Unix, A=true", "local",
		  "mailer 3 (local): P=/bin/true S=10/30 R=20/40 M=0 U=-1:-1 "
		  "F=/59:@ADFMPSXflmnqswz| L=0 E=\\r\\n T=DNS/RFC822/X-Unix r=100 A=true", 0, "" },
		{ "smtp,\t\tP=[IPC], F=mDFMuX, S=EnvFromSMTP/HdrFromSMTP, R=EnvToSMTP, "
		  "E=\\r\\n, L=990,\n\t\tT=DNS/RFC822/SMTP,\n\t\tA=TCP $h", "smtp",
		  "mailer 3 (smtp): P=[IPC] S=EnvFromSMTP/HdrFromSMTP R=EnvToSMTP/EnvToSMTP "
		  "M=0 U=-1:-1 F=DFMXmu L=990 E=\\r\\n T=DNS/RFC822/SMTP r=100 A=TCP $h", 0, "" },
		{ "x2, P=[IPC], F=mDFMuX, A=FILE /tmp/sock", "x2",
		  "mailer 3 (x2): P=[IPC] S=0/0 R=0/0 M=0 U=-1:-1 F=DFMXmu L=0 E=\\r\\n "
		  "T=dns/rfc822/x-unix r=100 A=FILE /tmp/sock", 0, "" },
		{ "x3, P=/bin/cat, F=\\200\\377~ab, A=cat \"a b\" '$u' \\\"q\\\" $$u $$ ${foo} "
		  "$&x $?x$|$. x\\ty\\001z, E=\\r\\n\\t\\b\\f\\q\\\\", "x3",
		  "mailer 3 (x3): P=/bin/cat S=0/0 R=0/0 M=0 U=-1:-1 F=0237ab~ L=0 E=\\r\\ntq\\ "
		  "T=<undefined>/<undefined>/<undefined> r=100 A=cat a b '$u' \"q\" $u $ ${foo} "
		  "$&x $?x$|$. xty001z", 0, "" },
		{ "x5, P=/bin/cat, R=EnvToL/99, S=newname, A=cat, M=12345x, L=-5, r=7, m=3, "
		  "N=5, D=/tmp, C=utf-8, W=5m, U=0:0, T=//", "x5",
		  "mailer 3 (x5): P=/bin/cat S=newname/newname R=EnvToL/99 M=12345 U=0:0 F= "
		  "L=0 E=\\r\\n C=utf-8 T=dns/rfc822/smtp r=7 A=cat", 0, "" },
		{ "x6, P=/bin/cat, A=cat, U=1:2, T=a, C=", "x6",
		  "mailer 3 (x6): P=/bin/cat S=0/0 R=0/0 M=0 U=1:2 F= L=0 E=\\r\\n "
		  "T=a/rfc822/smtp r=100 A=cat", -1, "mailer x6: null charset" },
		{ "x7, P=/bin/cat, A=cat, U=root, T=a/b", "x7",
		  "mailer 3 (x7): P=/bin/cat S=0/0 R=0/0 M=0 U=0:0 F= L=0 E=\\r\\n "
		  "T=a/b/smtp r=100 A=cat", 0, "" },
		{ "x9, P=/bin/cat, A=cat, U=:mail", "x9",
		  "mailer 3 (x9): P=/bin/cat S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n "
		  "T=<undefined>/<undefined>/<undefined> r=100 A=cat", -1, "mailer x9: null user name" },
		{ "x10, P=/bin/cat, A=cat, U=5", "x10",
		  "mailer 3 (x10): P=/bin/cat S=0/0 R=0/0 M=0 U=5:-1 F= L=0 E=\\r\\n "
		  "T=<undefined>/<undefined>/<undefined> r=100 A=cat", 0, "" },
		{ "x11, P=/bin/cat, A=cat, U=0x10:010", "x11",
		  "mailer 3 (x11): P=/bin/cat S=0/0 R=0/0 M=0 U=16:8 F= L=0 E=\\r\\n "
		  "T=<undefined>/<undefined>/<undefined> r=100 A=cat", 0, "" },
		{ "cyrus, P=/usr/sbin/cyrdeliver, F=lsDFMnPqAh5@/:|, S=EnvFromL, R=EnvToL/HdrToL, "
		  "U=nosuchuser_x:mail, T=DNS/RFC822/X-Unix, A=cyrdeliver -e -m $h -- $u", "cyrus",
		  "mailer 3 (cyrus): P=/usr/sbin/cyrdeliver S=EnvFromL/EnvFromL R=EnvToL/HdrToL "
		  "M=0 U=-1:-1 F=/5:@ADFMPhlnqs| L=0 E=\\n T=DNS/RFC822/X-Unix r=100 "
		  "A=cyrdeliver -e -m $h -- $u", 0, "readcf: mailer U= flag: unknown user nosuchuser_x" },
		{ "w, P=/bin/x, A=x, F=, L=abc, M=-5, r=-3, m=x", "w",
		  "mailer 3 (w): P=/bin/x S=0/0 R=0/0 M=-5 U=-1:-1 F= L=0 E=\\r\\n "
		  "T=<undefined>/<undefined>/<undefined> r=100 A=x", 0, "" },
		{ "q, P=/bin/x, A=x, S=foo/bar/baz", "q",
		  "mailer 3 (q): P=/bin/x S=foo/bar R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n "
		  "T=<undefined>/<undefined>/<undefined> r=100 A=x", 0, "" },
		{ "u, P=/bin/x, A=x, S=foo bar, R= 12", "u",
		  "mailer 3 (u): P=/bin/x S=foo/foo R=12/12 M=0 U=-1:-1 F= L=0 E=\\r\\n "
		  "T=<undefined>/<undefined>/<undefined> r=100 A=x", 0, "" },
		{ "g, P=/bin/cat, E=\"x,y\", A=\"cat, $u\"", "g",
		  "mailer 3 (g): P=/bin/cat S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=x,y "
		  "T=<undefined>/<undefined>/<undefined> r=100 A=cat, $u", 0, "" },
		{ "f, P=/bin/cat, E=x\ty, A=cat\tx", "f",
		  "mailer 3 (f): P=/bin/cat S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=x\\ty "
		  "T=<undefined>/<undefined>/<undefined> r=100 A=cat x", 0, "" },
		{ "i, P=/bin/cat, A=cat \xc3\xa9 \xc3\xbc", "i",
		  "mailer 3 (i): P=/bin/cat S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n "
		  "T=<undefined>/<undefined>/<undefined> r=100 A=cat M-CM-) M-CM-<", 0, "" },
		{ "x, P=[IPC], F=L, A=TCP $h", "x",
		  "mailer 3 (x): P=[IPC] S=0/0 R=0/0 M=0 U=-1:-1 F=L L=990 E=\\r\\n "
		  "T=dns/rfc822/smtp r=100 A=TCP $h", 0, "" },
		{ "d, P=/bin/x, A=x $$u", "d",
		  "mailer 3 (d): P=/bin/x S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n "
		  "T=<undefined>/<undefined>/<undefined> r=100 A=x $u", 0, "" },
		{ "r, P=/bin/x, A=x, W=1x, D=, Q=, /=", "r",
		  "mailer 3 (r): P=/bin/x S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n "
		  "T=<undefined>/<undefined>/<undefined> r=100 A=x", -1,
		  "Invalid time unit `x'\nmailer r: null working directory\n"
		  "mailer r: null queue\nmailer r: null root directory" },
		{ "b, P=/bin/x, A=x, Z=3", "b",
		  "mailer 3 (b): P=/bin/x S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n "
		  "T=<undefined>/<undefined>/<undefined> r=100 A=x", -1, "Mb: unknown mailer equate Z=" },
	};
	size_t i;
	char b[2048], desc[160];

	for (i = 0; i < SM_ARRAY_SIZE(tab); i++) {
		int rc;

		fresh(10);
		rc = mline(tab[i].text);
		sm_snprintf(desc, sizeof(desc), "M%s: rc", tab[i].name);
		is_int(rc, tab[i].rc, desc);
		sm_snprintf(desc, sizeof(desc), "M%s: messages", tab[i].name);
		is_str(sm_buf_str(&err), tab[i].msg, desc);
		sm_snprintf(desc, sizeof(desc), "M%s: =M line", tab[i].name);
		is_str(line_of(tab[i].name, b, sizeof(b)), tab[i].want, desc);
	}
}

/* M lines sendmail refuses (the mailer stays undefined) */
static void
test_refused(void)
{
	static const struct {
		const char *text, *name, *msg;
	} tab[] = {
		{ "", "", "name required for mailer" },
		{ ", P=/bin/x, A=x", "", "name required for mailer" },
		{ "a P=/bin/x A=x", "a", "Ma: A= argument required" },
		{ "c, P=/bin/x, A=x, P", "c", "mailer c: `=' expected" },
		{ "x,P=/bin/x,A=x,,,", "x", "mailer x: `=' expected" },
		{ "d, A=x", "d", "Md: P= argument required" },
		{ "e, P=[TCP], A=TCP $h", "e", "Me: P=[TCP] must be replaced by P=[IPC]" },
		{ "f, P=[IPC], A=TCP", "f", "Mf: too few parameters for [IPC] mailer" },
		{ "g, P=[IPC], A=TCP \"\"", "g", "Mg: too few parameters for [IPC] mailer" },
		{ "i, P=[FILE], A=FILE", "i", "Mi: too few parameters for [FILE] mailer" },
		{ "j, P=[FILE], A=FILE a b", "j", "Mj: too many parameters for [FILE] mailer" },
		{ "k, P=[FILE], A=FOO a", "k", "Mk: first argument in [FILE] mailer must be FILE" },
		{ "m, P=/bin/x, A=x, S=123", "m", "bad ruleset 123 (100 max)" },
		{ "n, P=/bin/x, A=x, S=-1", "n", "invalid ruleset name: \"-1\"" },
		{ "o, P=/bin/x, A=x, S=_foo", "o", "invalid ruleset name: \"_foo\"" },
		{ "p, P=/bin/x, A=x, S=foo/", "p", "invalid ruleset name: \"\"" },
		{ "h, P=/bin/c\"a,t\", E=\\", "h", "mailer h: null end-of-line string\nMh: A= argument required" },
	};
	size_t i;
	char desc[160];

	for (i = 0; i < SM_ARRAY_SIZE(tab); i++) {
		fresh(10);
		sm_snprintf(desc, sizeof(desc), "M%s is refused", tab[i].text);
		is_int(mline(tab[i].text), -1, desc);
		sm_snprintf(desc, sizeof(desc), "M%s: sendmail's text", tab[i].text);
		is_str(sm_buf_str(&err), tab[i].msg, desc);
		sm_snprintf(desc, sizeof(desc), "M%s: not defined", tab[i].text);
		ok(cfg.mailers.n == 3, desc);
	}
}

static void
test_table(void)
{
	char b[1024], name[16];
	int i;

	fresh(10);
	is_int(mline("local, P=/bin/true, A=true $u"), 0, "local");
	is_int(mline("LOCAL, P=/bin/false, A=false"), 0, "a second local");
	is_int(cfg.mailers.n, 4, "replaces the first");
	is_str(line_of("local", b, sizeof(b)),
	    "mailer 3 (LOCAL): P=/bin/false S=0/0 R=0/0 M=0 U=-1:-1 F= L=0 E=\\r\\n "
	    "T=<undefined>/<undefined>/<undefined> r=100 A=false", "... keeping its number");
	for (i = 0; i < 22; i++) {
		sm_snprintf(name, sizeof(name), "m%d", i);
		sm_snprintf(b, sizeof(b), "%s, P=/bin/x, A=x", name);
		mline(b);
	}
	is_int(cfg.mailers.n, MAILER_MAX, "25 mailers at most");
	is_str(sm_buf_str(&err), "too many mailers defined (25 max)", "sendmail's text");
	is_int(mline("local, P=/bin/x, A=x"), -1, "even a redefinition is refused then");

	fresh(10);
	mline("PROG, P=[IPC], F=lmDFMuXk5, A=TCP $h");
	mline("*file*, P=[FILE], F=lmsu, A=FILE $u");
	mline("*include*, P=/dev/null, F=msu, A=INCLUDE $u");
	ok(!mailer_has_flag(mailer_find(&cfg, "prog"), 'm') &&
	    !mailer_has_flag(mailer_find(&cfg, "*file*"), 'm') &&
	    mailer_has_flag(mailer_find(&cfg, "*include*"), 'm'),
	    "prog and *file* lose F=m, as in sendmail");
	fresh(1);
	mline("x, P=[IPC], F=L, A=TCP $h");
	ok(mailer_has_flag(mailer_find(&cfg, "x"), '7'), "F=L adds F=7 below V2");
	fresh(5);
	mline("local, P=/bin/true, F=b, A=true $u");
	mline("prog, P=/bin/sh, F=b, A=sh -c $u");
	mailer_finish(&cfg);
	is_str(line_of("local", b, sizeof(b)),
	    "mailer 3 (local): P=/bin/true S=0/0 R=0/0 M=0 U=-1:-1 F=/5:@Abqw| L=0 E=\\n "
	    "T=<undefined>/<undefined>/<undefined> r=100 A=true $u", "V5: local gets old flags");
	is_str(line_of("prog", b, sizeof(b)),
	    "mailer 0 (prog): P=/bin/sh S=0/0 R=0/0 M=0 U=-1:-1 F=boq L=0 E=\\n "
	    "T=<undefined>/<undefined>/<undefined> r=100 A=sh -c $u", "V5: prog gets o and q");
	fresh(6);
	mline("prog, P=/bin/sh, F=b, A=sh -c $u");
	mailer_finish(&cfg);
	ok(mailer_has_flag(mailer_find(&cfg, "prog"), 'q') &&
	    !mailer_has_flag(mailer_find(&cfg, "prog"), 'o'), "V6: prog gets q only");
	fresh(10);
	mline("prog, P=/bin/sh, F=b, A=sh -c $u");
	mailer_finish(&cfg);
	ok(!mailer_has_flag(mailer_find(&cfg, "prog"), 'q'), "V10: no additions");
	is_int(mailer_find(&cfg, "prog")->nargs, 3, "A= split into words");
	is_str(mailer_find(&cfg, "prog")->args[2], "$u", "... macros kept as text");
}

int
main(void)
{
	int i;

	test_builtins();
	test_lines();
	test_refused();
	test_table();
	mailer_table_free(&cfg.mailers);
	for (i = 0; i < 200; i++)
		free(rs_names[i]);
	sm_buf_free(&err);
	return tap_done();
}
