/*
 * smrsh.c - smrsh(8): the restricted shell for sendmail's prog mailer.
 *
 *   smrsh -c command
 *
 * Runs command through /bin/sh only if every program it starts lives in
 * the smrsh directory, /etc/mail/smrsh (the environment variable
 * SMRSH_CMDDIR overrides it, for tests; sendmail gives its mailers a
 * clean environment).  Behaviour of sendmail 8.17's smrsh, checked
 * against Debian's binary: the command is split at "||" and "&&"; each
 * part may start with "exec "; its first word is either the builtin
 * "echo" or "exit", or a program whose leading path is dropped and which
 * must be an executable regular file in the directory; after that word,
 * the characters ` < > ; $ ( ) | & CR and LF are refused (a doubled | or
 * & separates commands).  The rewritten command ("exec DIR/prog args")
 * runs as /bin/sh -c with PATH=/usr/bin:/bin as its whole environment.  Messages and exit codes:
 * "Usage: ARGV0 -c command" (64); "ARGV0: cannot use C in command",
 * "ARGV0: \"prog\" not available for sendmail programs" with "(stat
 * failed)", "(not a file)" or "(filename too long)", "ARGV0: missing
 * command to exec", "ARGV0: command too long: CMD" (all 69); each refusal
 * is also logged to syslog as "uid N: attempt to use ...".
 */
#include "sm.h"

#include <syslog.h>

#define SMRSH_CMDDIR	"/etc/mail/smrsh"
#define SMRSH_DIR_ENV	"SMRSH_CMDDIR"
#define SMRSH_PATH	"/usr/bin:/bin"
#define SMRSH_MAXCMD	998	/* sendmail's 1000-byte buffer, less slack */
#define SMRSH_BADCHARS	"`<>;$()\r\n|&"

static const char *smrsh_argv0;

/* smrsh_refuse - report a refused command and exit EX_UNAVAILABLE */
static void __attribute__((noreturn, format(printf, 2, 3)))
smrsh_refuse(const char *logmsg, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", smrsh_argv0);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	syslog(LOG_CRIT, "uid %d: %s", (int)getuid(), logmsg);
	exit(EX_UNAVAILABLE);
}

/* smrsh_too_long - the rewritten command does not fit */
static void __attribute__((noreturn))
smrsh_too_long(const char *cmd)
{
	char log[64];

	(void)sm_snprintf(log, sizeof(log), "command too long: %.40s", cmd);
	smrsh_refuse(log, "command too long: %s", cmd);
}

/* smrsh_program - check one program name; append DIR/base to out */
static void
smrsh_program(const char *dir, const char *name, size_t len,
	      struct sm_buf *out, const char *cmd)
{
	char word[PATH_MAX], path[PATH_MAX], log[PATH_MAX + 64];
	const char *base;
	struct stat sb;
	const char *why = NULL;

	if (len >= sizeof(word))
		smrsh_too_long(cmd);
	memcpy(word, name, len);
	word[len] = '\0';
	if (strcmp(word, "echo") == 0 || strcmp(word, "exit") == 0) {
		if (sm_buf_puts(out, word) < 0)
			smrsh_too_long(cmd);
		return;
	}
	base = strrchr(word, '/') ? strrchr(word, '/') + 1 : word;
	if (sm_snprintf(path, sizeof(path), "%s/%s", dir, base) < 0)
		why = " (filename too long)";
	else if (stat(path, &sb) < 0)
		why = " (stat failed)";
	else if (!S_ISREG(sb.st_mode))
		why = " (not a file)";
	else if (access(path, X_OK) < 0)
		why = "";
	if (why != NULL) {
		(void)sm_snprintf(log, sizeof(log), "attempt to use \"%s\"%s",
				  base, why);
		smrsh_refuse(log, "\"%s\" not available for sendmail programs%s",
			     base, why);
	}
	if (sm_buf_puts(out, path) < 0)
		smrsh_too_long(cmd);
}

/* smrsh_rest - copy the arguments of one command; returns where it ended */
static const char *
smrsh_rest(const char *p, struct sm_buf *out, const char *cmd)
{
	char log[64];

	for (; *p != '\0'; p++) {
		if ((p[0] == '|' && p[1] == '|') || (p[0] == '&' && p[1] == '&')) {
			if (sm_buf_append(out, p, 2) < 0)
				smrsh_too_long(cmd);
			return p + 2;
		}
		if (strchr(SMRSH_BADCHARS, *p) != NULL) {
			(void)sm_snprintf(log, sizeof(log),
					  "attempt to use %c in command: %.40s",
					  *p, cmd);
			smrsh_refuse(log, "cannot use %c in command", *p);
		}
		if (sm_buf_putc(out, *p) < 0)
			smrsh_too_long(cmd);
	}
	return p;
}

/* smrsh_command - one command of the list; returns where the next starts */
static const char *
smrsh_command(const char *dir, const char *p, struct sm_buf *out,
	      const char *cmd)
{
	size_t len;

	while (*p == ' ' || *p == '\t')
		if (sm_buf_putc(out, *p++) < 0)
			smrsh_too_long(cmd);
	if (*p == '\0')
		return p;
	if (strncmp(p, "exec ", 5) == 0) {
		if (sm_buf_puts(out, "exec ") < 0)
			smrsh_too_long(cmd);
		for (p += 5; *p == ' ' || *p == '\t'; p++)
			continue;
		if (*p == '\0')
			smrsh_refuse("missing command to exec",
				     "missing command to exec");
	}
	len = strcspn(p, " \t");
	smrsh_program(dir, p, len, out, cmd);
	return smrsh_rest(p + len, out, cmd);
}

/* smrsh_rewrite - check cmd and return it with programs made absolute */
static char *
smrsh_rewrite(const char *dir, const char *cmd)
{
	struct sm_buf out = SM_BUF_INIT(SMRSH_MAXCMD);
	const char *p = cmd;

	if (strlen(cmd) > SMRSH_MAXCMD)
		smrsh_too_long(cmd);
	while (*p != '\0')
		p = smrsh_command(dir, p, &out, cmd);
	return sm_buf_detach(&out);
}

int
main(int argc, char **argv)
{
	const char *dir = getenv(SMRSH_DIR_ENV);
	char *const env[] = { "PATH=" SMRSH_PATH, NULL };
	char *newcmd;

	smrsh_argv0 = argc > 0 && argv[0] != NULL ? argv[0] : "smrsh";
	openlog("smrsh", LOG_ODELAY | LOG_CONS, LOG_MAIL);
	if (argc != 3 || strcmp(argv[1], "-c") != 0 || argv[2][0] == '\0') {
		fprintf(stderr, "Usage: %s -c command\n", smrsh_argv0);
		syslog(LOG_ERR, "usage");
		return EX_USAGE;
	}
	if (dir == NULL || *dir == '\0')
		dir = SMRSH_CMDDIR;
	newcmd = smrsh_rewrite(dir, argv[2]);
	execle("/bin/sh", "/bin/sh", "-c", newcmd, (char *)NULL, env);
	fprintf(stderr, "%s: Cannot exec /bin/sh: %s\n", smrsh_argv0,
		strerror(errno));
	free(newcmd);
	return EX_UNAVAILABLE;
}
