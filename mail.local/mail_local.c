/*
 * mail_local.c - mail.local(8): store mail in a mailbox.
 *
 *   mail.local [-7] [-b] [-d] [-D mbdb] [-l] [-f from|-r from]
 *              [-h filename] user ...
 *
 * The local delivery agent of sendmail 8.17, as Debian builds it: reads a
 * message on stdin and appends it to each user's mailbox (ml_mbox.c), or
 * with -l speaks LMTP on stdin/stdout (ml_lmtp.c).  Texts and exit codes
 * are the real one's: the usage line and "Multiple -f options" exit
 * EX_UNAVAILABLE (69), as do unknown users; temporary failures exit
 * EX_TEMPFAIL (75); with several users the last failure decides.  The
 * sender defaults to the invoking user's login name.
 *
 * Differences: the spool directory is /var/mail unless the environment
 * variable MAIL_LOCAL_SPOOL names another (for tests and unusual sites);
 * -D accepts only "pw" (getpwnam); comsat/biff is not notified; the
 * compile-time -H, -p and -n options of HASHSPOOL builds do not exist.
 */
#include "sm.h"
#include "mail_local.h"

#include <pwd.h>
#include <syslog.h>

#define ML_USAGE "usage: mail.local [-7] [-b] [-d] [-l] [-f from|-r from] " \
		 "[-h filename] user ..."

/* ml_usage - the usage complaint; exits */
static void __attribute__((noreturn))
ml_usage(void)
{
	fprintf(stderr, "%s: %s\n", ML_PROGNAME, ML_USAGE);
	syslog(LOG_ERR, "%s", ML_USAGE);
	exit(EX_UNAVAILABLE);
}

/* ml_set_from - -f or -r; a second one is an error */
static void
ml_set_from(struct ml_opts *o, const char *arg)
{
	if (o->from != NULL) {
		fprintf(stderr, "%s: Multiple -f options\n", ML_PROGNAME);
		ml_usage();
	}
	o->from = arg;
}

/* ml_options - parse the command line into o; returns the first user */
static int
ml_options(int argc, char **argv, struct ml_opts *o)
{
	int c;

	while ((c = getopt(argc, argv, "7bdD:f:h:lr:")) != -1) {
		switch (c) {
		case '7': o->eightbit = false; break;
		case 'b': o->bouncequota = true; break;
		case 'd': break;
		case 'D':
			if (strcmp(optarg, "pw") != 0) {
				fprintf(stderr, "%s: Can not open mailbox database "
					"%s: Service unavailable\n", ML_PROGNAME,
					optarg);
				exit(EX_UNAVAILABLE);
			}
			break;
		case 'f': case 'r': ml_set_from(o, optarg); break;
		case 'h': o->homefile = optarg; break;
		case 'l': o->lmtp = true; break;
		default: ml_usage();
		}
	}
	return optind;
}

/* ml_default_from - the invoking user's name, or "???" */
static const char *
ml_default_from(void)
{
	static char name[256];
	struct passwd *pw = getpwuid(getuid());
	const char *login = getlogin();

	if (login != NULL && *login != '\0')
		sm_strlcpy(name, login, sizeof(name));
	else if (pw != NULL)
		sm_strlcpy(name, pw->pw_name, sizeof(name));
	else
		sm_strlcpy(name, "???", sizeof(name));
	return name;
}

/* ml_batch - deliver stdin to each user named; the exit code */
static int
ml_batch(const struct ml_opts *o, char **users, int n)
{
	struct ml_status st;
	struct ml_msg m;
	int i, ex = EX_OK;

	if (ml_store(&m, stdin, false, &st) != 0) {
		ml_report(o, &st);
		return ml_exitcode(&st);
	}
	for (i = 0; i < n; i++) {
		if (ml_deliver(o, users[i], o->from, &m, &st) < 0) {
			ml_report(o, &st);
			ex = ml_exitcode(&st);
		}
	}
	ml_msg_free(&m);
	return ex;
}

int
main(int argc, char **argv)
{
	struct ml_opts o;
	const char *spool = getenv(ML_SPOOL_ENV);
	int first;

	memset(&o, 0, sizeof(o));
	o.eightbit = true;
	o.spool = spool != NULL && *spool != '\0' ? spool : ML_SPOOL;
	sm_set_progname(ML_PROGNAME);
	openlog(ML_PROGNAME, LOG_PID, LOG_MAIL);
	first = ml_options(argc, argv, &o);
	if (o.lmtp) {
		if (first < argc) {
			printf("421 Users should not be specified in command "
			       "line if LMTP required\r\n");
			return EX_TEMPFAIL;
		}
		return ml_lmtp(&o);
	}
	if (first >= argc)
		ml_usage();
	if (o.from == NULL)
		o.from = ml_default_from();
	return ml_batch(&o, argv + first, argc - first);
}
