/*
 * debug.c - the -d flag table and the -d0.x startup report.
 *
 * Owns debug_levels[] (sendmail's tTdvect) and its parser, and the text
 * sendmail prints at -d0.1 (Version, "Compiled with:") and -d0.10 (OS
 * defines, default and selected paths), plus the SYSTEM IDENTITY block.
 * The option lists are ours: they name what this build has, in sendmail's
 * words, wrapped the way sendmail wraps them.  Missing: named libsm debug
 * settings (accepted, ignored), "Kernel symbols" (we read no kmem).
 */
#include "sm.h"
#include "debug.h"
#include "identity.h"
#include "config.h"
#include "macro.h"

#ifdef __has_include
#if __has_include(<db.h>)
#include <db.h>
#endif
#endif

unsigned char debug_levels[DEBUG_NCAT];

#define DEBUG_MAXLEVEL 255

/* parse_num - read a decimal number at *sp; -1 when there is none */
static long
parse_num(const char **sp)
{
	const char *s = *sp;
	long n = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	while (isdigit((unsigned char)*s)) {
		if (n < 100000)
			n = n * 10 + (*s - '0');
		s++;
	}
	*sp = s;
	return n;
}

/* debug_set_range - raise categories first..last to level */
static void
debug_set_range(long first, long last, long level)
{
	long c;

	if (level > DEBUG_MAXLEVEL)
		level = DEBUG_MAXLEVEL;
	for (c = first; c <= last && c < DEBUG_NCAT; c++)
		debug_levels[c] = (unsigned char)level;
}

/* debug_parse_one - one "A[-B][.L]" item; returns the rest, or NULL */
static const char *
debug_parse_one(const char *s)
{
	long first, last, level = 1;

	first = parse_num(&s);
	if (first < 0)
		return NULL;
	last = first;
	if (*s == '-') {
		s++;
		last = parse_num(&s);
		if (last < 0)
			return NULL;
	}
	if (*s == '.') {
		s++;
		level = parse_num(&s);
		if (level < 0)
			level = 0;
	}
	debug_set_range(first, last, level);
	return s;
}

/* debug_parse - apply one -d argument; 0, or -1 when malformed */
int
debug_parse(const char *spec)
{
	const char *s = spec;

	if (*s == '\0')
		s = "0-99.1";
	while (*s != '\0') {
		if (isalpha((unsigned char)*s))
			return 0;	/* a named setting: ignored */
		s = debug_parse_one(s);
		if (s == NULL)
			return -1;
		if (*s == ',')
			s++;
		else if (*s != '\0')
			return -1;
	}
	return 0;
}

/* The compile options this build has, in sendmail's names. */
static const char *const compile_opts[] = {
	"DNSMAP",
	"LOG",
	"MAP_REGEX",
	"MATCHGECOS",
	"NAMED_BIND",
	"NETINET",
	"NETINET6",
	"NETUNIX",
	"NEWDB",		/* printed with the Berkeley DB version */
	"PIPELINING",
	"SCANF",
	"SOCKETMAP",
	"XDEBUG",
};

/* The system facilities this build relies on, as sendmail names them. */
static const char *const os_defines[] = {
	"HASFCHMOD", "HASFCHOWN", "HASFLOCK", "HASGETDTABLESIZE",
	"HASLSTAT", "HASSETSID", "HASSETVBUF", "HASSTRERROR", "HASUNAME",
	"HASWAITPID",
};

/* opt_text - the printed form of one option (NEWDB carries the DB version) */
static const char *
opt_text(const char *name, char *buf, size_t size)
{
#ifdef DB_VERSION_MAJOR
	if (strcmp(name, "NEWDB") == 0) {
		sm_snprintf(buf, size, "NEWDB=%d.%d", DB_VERSION_MAJOR,
		    DB_VERSION_MINOR);
		return buf;
	}
#else
	(void)buf;
	(void)size;
#endif
	return name;
}

/*
 * print_wrapped - a label then words, wrapped as sendmail wraps them:
 * continuation lines start with two tabs and end by column 79; the first
 * line ends by column 75.
 */
static void
print_wrapped(FILE *fp, const char *label, const char *const *words, size_t n)
{
	char buf[64];
	size_t i, col = strlen(label), limit = 75;

	fputs(label, fp);
	for (i = 0; i < n; i++) {
		const char *w = opt_text(words[i], buf, sizeof(buf));

		if (col + 1 + strlen(w) > limit) {
			fputs("\n\t\t", fp);
			col = 16;
			limit = 79;
			fputs(w, fp);
			col += strlen(w);
			continue;
		}
		fprintf(fp, " %s", w);
		col += 1 + strlen(w);
	}
	fputc('\n', fp);
}

/* debug_print_startup - -d0.1 / -d0.10 lines printed before the cf is read */
void
debug_print_startup(FILE *fp, const char *default_cf, const char *default_submit_cf,
    const char *default_pidfile)
{
	if (!debug_on(0, 1))
		return;
	fprintf(fp, "Version %s\n", SM_VERSION);
	print_wrapped(fp, " Compiled with:", compile_opts, SM_ARRAY_SIZE(compile_opts));
	if (!debug_on(0, 10))
		return;
	print_wrapped(fp, "    OS Defines:", os_defines, SM_ARRAY_SIZE(os_defines));
	fprintf(fp, "     Conf file:\t%s (default for MSP)\n", default_submit_cf);
	fprintf(fp, "     Conf file:\t%s (default for MTA)\n", default_cf);
	fprintf(fp, "      Pid file:\t%s (default)\n", default_pidfile);
}

/* debug_print_selected - -d0.10 "(selected)" lines after the choice */
void
debug_print_selected(FILE *fp, const char *cf, const char *pidfile)
{
	if (!debug_on(0, 10))
		return;
	fprintf(fp, "     Conf file:\t%s (selected)\n", cf);
	fprintf(fp, "      Pid file:\t%s (selected)\n", pidfile);
}

/* print_macro_line - one "(what) $x = value" line of the identity block */
static void
print_macro_line(FILE *fp, const struct config *cfg, const char *label, const char *name)
{
	const char *v = macro_get(&cfg->mac, macro_id(name, false));

	fprintf(fp, "%s $%s = %s\n", label, name, v != NULL ? v : "<null>");
}

/* debug_print_identity - the "SYSTEM IDENTITY (after readcf)" block */
void
debug_print_identity(FILE *fp, const struct config *cfg)
{
	if (!debug_on(0, 1))
		return;
	fputs("\n============ SYSTEM IDENTITY (after readcf) ============\n", fp);
	print_macro_line(fp, cfg, "      (short domain name)", "w");
	print_macro_line(fp, cfg, "  (canonical domain name)", "j");
	print_macro_line(fp, cfg, "         (subdomain name)", "m");
	print_macro_line(fp, cfg, "              (node name)", "k");
	fputs("========================================================\n\n", fp);
}
