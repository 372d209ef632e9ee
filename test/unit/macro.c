/*
 * macro.c - unit tests of sendmail/macro.c: macro ids and names, scopes,
 * and expansion ($x ${name} $?x $| $. $$ and recursion).
 */
#include "sm.h"
#include "macro.h"
#include "tap.h"

/* expand - macro_expand of src into a static buffer */
static const char *
expand(const struct macros *m, const char *src)
{
	static char out[1024];
	struct sm_buf b = SM_BUF_INIT(1000);

	if (macro_expand(m, src, &b) < 0)
		sm_strlcpy(out, "<overflow>", sizeof(out));
	else
		sm_strlcpy(out, sm_buf_str(&b), sizeof(out));
	sm_buf_free(&b);
	return out;
}

static void
test_ids(void)
{
	char name[64];
	int a = macro_id("{client_addr}", true);

	is_int(macro_id("j", false), 'j', "one-character name is its byte");
	is_int(macro_id("{j}", false), 'j', "braced one-character name");
	ok(a >= 256 && a < MACRO_MAX, "long name gets an id from 256 up");
	is_int(macro_id("client_addr", false), a, "long name without braces");
	is_int(macro_id("{nosuch_macro}", false), -1, "unknown long name without create");
	is_int(macro_id("{unclosed", true), -1, "unbalanced brace");
	is_str(macro_name(a, name, sizeof(name)), "{client_addr}", "long name prints braced");
	is_str(macro_name('w', name, sizeof(name)), "w", "short name prints bare");
}

static void
test_scopes(void)
{
	struct macros conf, env;

	macros_init(&conf, NULL);
	macros_init(&env, &conf);
	macro_set(&conf, 'j', "mail.example.test");
	macro_set(&env, 'f', "sender");
	is_str(macro_get(&env, 'j'), "mail.example.test", "child sees the parent's value");
	ok(macro_get(&conf, 'f') == NULL, "parent does not see the child's value");
	macro_set(&env, 'j', "override");
	is_str(macro_get(&env, 'j'), "override", "child value shadows the parent");
	is_str(macro_get(&conf, 'j'), "mail.example.test", "parent keeps its value");
	macro_set(&env, 'j', NULL);
	is_str(macro_get(&env, 'j'), "mail.example.test", "unsetting shows the parent again");
	macros_free(&env);
	macros_free(&conf);
}

static void
test_expand(void)
{
	struct macros m;
	int id = macro_id("{daemon_name}", true);

	macros_init(&m, NULL);
	macro_set(&m, 'w', "mail");
	macro_set(&m, 'm', "example.test");
	macro_set(&m, 'j', "$w.$m");
	macro_set(&m, id, "MTA");
	macro_set(&m, 'e', "");
	macro_set(&m, 'r', "$r");	/* refers to itself */
	is_str(expand(&m, "$j"), "mail.example.test", "recursive expansion");
	is_str(expand(&m, "${daemon_name} on $w"), "MTA on mail", "long and short names");
	is_str(expand(&m, "$?w yes $| no $."), " yes ", "conditional true");
	is_str(expand(&m, "$?e yes $| no $."), " no ", "conditional on empty value");
	is_str(expand(&m, "$?x yes$."), "", "conditional without else");
	is_str(expand(&m, "a$?w[$?e1$|2$.]$.b"), "a[2]b", "nested conditionals");
	is_str(expand(&m, "cost $$5"), "cost $5", "$$ is a dollar");
	is_str(expand(&m, "$&w and $*"), "$&w and $*", "$& and operators kept");
	is_str(expand(&m, "a $| b"), "a $| b", "$| outside a conditional is kept");
	is_str(expand(&m, "x$r"), "<overflow>", "self reference stops with an error");
	is_str(expand(&m, "$u"), "", "unset macro is empty");
	macros_free(&m);
}

int
main(void)
{
	test_ids();
	test_scopes();
	test_expand();
	return tap_done();
}
