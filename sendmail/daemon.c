/*
 * daemon.c - the SMTP daemon: listeners, the accept loop, children, limits,
 * signals, the pid file and the queue runner clock (see daemon.h).
 *
 * It follows sendmail 8.17 as the real one behaves (checked against
 * Debian's 8.17.1.9):
 *
 *  - one listener per DaemonPortOptions setting; none gives sendmail's
 *    default "Daemon0", port smtp (25) on every IPv4 address.  Family is
 *    inet (default) or inet6, Addr a numeric address or a host name,
 *    Port a number or a service name, Listen= the backlog (10), S=/R=
 *    the socket buffers; M=O makes a listener optional.
 *  - the pid file: the pid, a newline, the command line joined with
 *    blanks, a newline; written after the sockets are open.
 *  - syslog (facility mail, ident from -L): "starting daemon (8.17.1.9):
 *    SMTP+queueing@00:30:00"; at LogLevel > 9 "started as: ARGV" and
 *    "NOQUEUE: stopping daemon, reason=signal"; "restarting PATH due to
 *    signal" on SIGHUP.
 *  - before each accept, sendmail's refuseconnections: ConnectionRateThrottle
 *    (more than N accepts in one second: "deferring connections on daemon
 *    NAME: N per second", sleep 1), RefuseLA ("rejecting connections on
 *    daemon NAME: load average: N"), DelayLA ("delaying connections on
 *    daemon NAME: load average=N >= M", sleep 1), MaxDaemonChildren
 *    ("rejecting connections on daemon NAME: N children, max M").  A
 *    refusal closes the listening socket for 15 seconds, so peers get
 *    "connection refused", not a 421; "accepting connections again for
 *    daemon NAME" when it reopens.  Per-daemon children=, refuseLA=,
 *    delayLA= override the options.
 *  - SIGTERM: close the listeners, remove the pid file, exit 0 at once;
 *    running SMTP children finish their sessions on their own.
 *  - SIGHUP: re-execute argv[0] (it must be a full path: "could not
 *    restart: need full path") with the same arguments; the new process
 *    reads the configuration again.
 *  - -qINTERVAL: queue runs are forked at start and then as each queue
 *    group's interval (I=, else INTERVAL) comes (queue_run_daemon).
 *  - each child gets the peer for smtp_server_run: ${client_addr} in
 *    sendmail's form ("IPv6:" before v6 addresses), the name from a
 *    reverse lookup or "[addr]", ${client_resolve} (OK when the name
 *    maps back to the address, FORGED when not, FAIL without a name,
 *    TEMP when the lookup failed for now), ${daemon_flags} as "EE a"
 *    for M=Ea, ${if_addr} unset on the loopback net; ${daemon_name},
 *    ${daemon_flags}, ${daemon_family}, ${daemon_addr}, ${daemon_port}
 *    are set in the child's macros.  Without MaxDaemonChildren (or
 *    children=), after its session the child delivers the messages it
 *    accepted itself (DeliveryMode background: no fork per message, see
 *    deliver.c's deferred background); with a limit it forks for them
 *    at once, so that deliveries do not count against the limit.
 *  - DeliveryMode background: the delivery agents (deliver_agent.h) are
 *    started with the listeners, replaced when they end, and sent
 *    SIGTERM on SIGTERM and SIGHUP; they are not counted as children.
 *  - MinFreeBlocks: the queue's free space is measured here, in the
 *    parent, at start and then every 5 minutes (every minute while it
 *    is short), as the real one measures it (strace; its children do
 *    not, for MAIL); the connection children use that measure (smtp_server.h's
 *    smtp_space_measure: when short, every command but HELO, EHLO,
 *    NOOP, RSET, QUIT and ETRN is answered "452 4.4.5 Insufficient disk
 *    space; try again later"), and a daemon short of space at its start
 *    prints that line on stdout.
 *  - system errors are sendmail's syserr: "451 4.0.0 text" on stdout
 *    (seen by the operator of -bD) and "NOQUEUE: SYSERR(user): text" in
 *    syslog; a listener that cannot be bound is retried every 5
 *    seconds, 11 times, then "421 4.0.0 ... server SMTP socket wedged:
 *    exiting" (EX_OSERR); an optional one (M=O) is disabled after 10
 *    ("554 5.0.0 ... optional socket disabled") and the others serve.
 *
 * Known difference: with no DaemonPortOptions at all, the real 8.17.1.9
 * was seen to ignore MaxDaemonChildren on its default listener; here the
 * limits apply to every listener.
 *
 * Missing: setproctitle, the control socket, Family=local, M=s (SMTPS,
 * with tls.c), RunAsUser, QueueLA (a
 * delivery-mode decision for the SMTP server), MaxQueueChildren for the
 * runner.
 */
#include "sm.h"
#include "config.h"
#include "daemon.h"
#include "identity.h"
#include "macro.h"
#include "options.h"
#include "queue_run.h"
#include "smtp_server.h"
#include "deliver.h"
#include "deliver_agent.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define DAEMON_MAX		64	/* sendmail's MAXDAEMONS */
#define DAEMON_BACKLOG		10	/* Listen= default */
#define DAEMON_REFUSE_SECS	15	/* a refusing listener stays closed */
#define DAEMON_POLL_SECS	5	/* longest sleep in poll */
#define DAEMON_OPEN_TRIES	10	/* opendaemonsocket's retries ... */
#define DAEMON_OPEN_SLEEP	5	/* ... 5 seconds apart */
#define DAEMON_DELAY_LOG	90	/* DelayLA is logged this often */
#define DAEMON_ADDRLEN		(INET6_ADDRSTRLEN + 8)
#define DAEMON_DEFAULT_PIDFILE	"/var/run/sendmail.pid"
#define DAEMON_SPACE_SECS	300	/* the free space is measured so often ... */
#define DAEMON_SHORT_SECS	60	/* ... and so while it is short */

/* One listening socket: a DaemonPortOptions setting, resolved. */
struct listener {
	char name[64];			/* Name=, or "DaemonN" */
	char mflags[128];		/* ${daemon_flags} */
	const char *family_name;	/* ${daemon_family}: inet, inet6 */
	struct sockaddr_storage addr;	/* where to bind */
	socklen_t addrlen;
	int backlog, sndbuf, rcvbuf;
	int max_children, refuse_la, delay_la;	/* 0: use the options */
	bool optional;			/* M=O */
	bool disabled;			/* an optional one that failed */
	int fd;				/* -1 while closed */
	bool firsttime;
	time_t refuse_until;		/* closed for refusal until then */
	time_t lastconn;		/* ConnectionRateThrottle ... */
	int conncnt;
	time_t firstrej, nextlog;	/* RefuseLA's "have been rejecting" */
};

struct daemon {
	struct config *cfg;
	const struct daemon_args *da;
	struct listener l[DAEMON_MAX];
	size_t n;
	pid_t *kids;			/* every child: sessions and queue runs */
	size_t nkids, capkids;
	time_t next_queue_run;		/* 0: none */
	time_t next_space;		/* the next free space measure */
	char pidfile[PATH_MAX];
	bool is_child;			/* set in a forked child */
	int child_status;
};

static volatile sig_atomic_t got_term, got_hup, got_chld;
static int wake_pipe[2] = { -1, -1 };

/* ------------------------------------------------------------ helpers */

/* loglevel - the configured LogLevel */
static int
loglevel(const struct daemon *d)
{
	return d->cfg->opt.log_level;
}

/*
 * syserr - sendmail's syserr for the daemon's system errors: syslog
 * "NOQUEUE: SYSERR(user): text[: strerror]" at LOG_CRIT, and the same
 * text with its reply code ("451 4.0.0" unless text starts with one)
 * on stdout, where a foreground (-bD) daemon's operator sees it.
 */
static void syserr(int prio, bool with_errno, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void
syserr(int prio, bool with_errno, const char *fmt, ...)
{
	int e = errno;
	char msg[1024], user[64];
	struct passwd *pw;
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	(void)sm_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = strlen(msg);
	if (with_errno && e != 0)
		(void)sm_snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(e));
	pw = getpwuid(getuid());
	if (pw != NULL)
		sm_strlcpy(user, pw->pw_name, sizeof(user));
	else
		sm_snprintf(user, sizeof(user), "%ld", (long)getuid());
	if (strlen(msg) > 10 && isdigit((unsigned char)msg[0]) && msg[3] == ' ' &&
	    isdigit((unsigned char)msg[4]) && msg[9] == ' ') {
		printf("%s\n", msg);
		sm_log(prio, "NOQUEUE: SYSERR(%s): %s", user, msg + 10);
	} else {
		printf("451 4.0.0 %s\n", msg);
		sm_log(prio, "NOQUEUE: SYSERR(%s): %s", user, msg);
	}
	fflush(stdout);
	errno = e;
}

/* daemon_flags_macro - "Ea" -> "EE a" (see daemon.h) */
const char *
daemon_flags_macro(const char *modifiers, char *buf, size_t size)
{
	size_t n = 0;
	const char *p;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (p = modifiers != NULL ? modifiers : ""; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;

		if (!isascii(c) || isspace(c) || !isprint(c) || c == ',')
			continue;
		if (n + 4 > size)	/* room for " XX" and the NUL */
			break;
		if (n > 0)
			buf[n++] = ' ';
		buf[n++] = (char)c;
		if (isupper(c))
			buf[n++] = (char)c;
	}
	buf[n] = '\0';
	return buf;
}

/* signal_wake - the one handler: note the signal, wake poll */
static void
signal_wake(int sig)
{
	int save = errno;

	if (sig == SIGTERM || sig == SIGINT)
		got_term = 1;
	else if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
	if (wake_pipe[1] >= 0)
		(void)write(wake_pipe[1], "x", 1);
	errno = save;
}

/* wake_drain - empty the self-pipe */
static void
wake_drain(void)
{
	char buf[64];

	while (read(wake_pipe[0], buf, sizeof(buf)) > 0)
		continue;
}

/* signals_install - the daemon's handlers and its self-pipe; -1 on error */
static int
signals_install(void)
{
	int i;

	if (pipe(wake_pipe) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		(void)fcntl(wake_pipe[i], F_SETFL, O_NONBLOCK);
		(void)fcntl(wake_pipe[i], F_SETFD, FD_CLOEXEC);
	}
	got_term = got_hup = got_chld = 0;
	sm_signal_norestart(SIGTERM, signal_wake);
	sm_signal_norestart(SIGINT, signal_wake);
	sm_signal_norestart(SIGHUP, signal_wake);
	sm_signal_norestart(SIGCHLD, signal_wake);
	sm_signal(SIGPIPE, SIG_IGN);
	return 0;
}

/* signals_default - a child's signals: as they were before the daemon */
static void
signals_default(void)
{
	sm_signal(SIGTERM, SIG_DFL);
	sm_signal(SIGINT, SIG_DFL);
	sm_signal(SIGHUP, SIG_DFL);
	sm_signal(SIGCHLD, SIG_DFL);
	if (wake_pipe[0] >= 0)
		(void)close(wake_pipe[0]);
	if (wake_pipe[1] >= 0)
		(void)close(wake_pipe[1]);
	wake_pipe[0] = wake_pipe[1] = -1;
}

/* load_average - sendmail's CurrentLA: the 1-minute average, rounded */
static int
load_average(void)
{
	double la[1];

	if (getloadavg(la, 1) < 1)
		return 0;
	return (int)(la[0] + 0.5);
}

/* ---------------------------------------------------------- listeners */

/* port_number - Port= as a number: digits, a service, or smtp's (25) */
static int
port_number(const char *s)
{
	struct servent *sp;

	if (s != NULL && isdigit((unsigned char)*s))
		return atoi(s) & 0xffff;
	sp = getservbyname(s != NULL && *s != '\0' ? s : "smtp", "tcp");
	if (sp == NULL) {
		if (s != NULL && *s != '\0')
			syserr(LOG_CRIT, false, "554 5.3.5 service \"%s\" unknown", s);
		return 25;
	}
	return ntohs((uint16_t)sp->s_port);
}

/* resolve_host - Addr= as a host name of family af into ss; -1 unknown */
static int
resolve_host(const char *host, int af, struct sockaddr_storage *ss)
{
	struct addrinfo hints, *res = NULL;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = af;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL)
		return -1;
	if (res->ai_addrlen <= sizeof(*ss))
		memcpy(ss, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return 0;
}

/* listener_address - family, Addr= and Port= into l->addr; -1 on error */
static int
listener_address(struct listener *l, const struct opt_port *po)
{
	const char *fam = po != NULL ? po->family : NULL;
	const char *a = po != NULL ? po->addr : NULL;
	int af = AF_INET, port = port_number(po != NULL ? po->port : NULL);
	void *ap;

	if (fam != NULL && (strcasecmp(fam, "inet6") == 0 || atoi(fam) == AF_INET6))
		af = AF_INET6;
	else if (fam != NULL && strcasecmp(fam, "inet") != 0 && atoi(fam) != AF_INET) {
		sm_log(LOG_CRIT, "daemon %s: Family=%s is not supported", l->name, fam);
		return -1;
	}
	memset(&l->addr, 0, sizeof(l->addr));
	l->addr.ss_family = (sa_family_t)af;
	if (af == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&l->addr;

		ap = &s6->sin6_addr;
		s6->sin6_port = htons((uint16_t)port);
		l->addrlen = sizeof(*s6);
		l->family_name = "inet6";
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&l->addr;

		ap = &s4->sin_addr;
		s4->sin_port = htons((uint16_t)port);
		l->addrlen = sizeof(*s4);
		l->family_name = "inet";
	}
	if (a == NULL || *a == '\0' || inet_pton(af, a, ap) == 1)
		return 0;
	if (resolve_host(a, af, &l->addr) < 0) {
		syserr(LOG_CRIT, false, "554 5.3.0 host \"%s\" unknown", a);
		return -1;
	}
	if (af == AF_INET6)
		((struct sockaddr_in6 *)&l->addr)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)&l->addr)->sin_port = htons((uint16_t)port);
	return 0;
}

/* listener_setup - listener idx from DaemonPortOptions po (NULL: default) */
static int
listener_setup(struct listener *l, const struct opt_port *po, size_t idx)
{
	memset(l, 0, sizeof(*l));
	l->fd = -1;
	l->firsttime = true;
	if (po != NULL && po->name != NULL && *po->name != '\0')
		sm_strlcpy(l->name, po->name, sizeof(l->name));
	else
		sm_snprintf(l->name, sizeof(l->name), "Daemon%zu", idx);
	daemon_flags_macro(po != NULL ? po->modifiers : NULL, l->mflags,
	    sizeof(l->mflags));
	l->optional = po != NULL && po->modifiers != NULL &&
	    strchr(po->modifiers, 'O') != NULL;
	l->backlog = po != NULL && po->listen > 0 ? po->listen : DAEMON_BACKLOG;
	if (po != NULL) {
		l->sndbuf = po->sndbuf;
		l->rcvbuf = po->rcvbuf;
		l->max_children = po->children;
		l->refuse_la = po->refuse_la;
		l->delay_la = po->delay_la;
	}
	return listener_address(l, po);
}

/* socket_options - sendmail's options on a listening socket */
static void
socket_options(const struct listener *l, int fd)
{
	int on = 1;

	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	(void)setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));
	if (l->addr.ss_family == AF_INET6)
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (l->rcvbuf > 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &l->rcvbuf, sizeof(l->rcvbuf)) < 0)
		syserr(LOG_CRIT, true, "opendaemonsocket: daemon %s: setsockopt(SO_RCVBUF)",
		    l->name);
	if (l->sndbuf > 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &l->sndbuf, sizeof(l->sndbuf)) < 0)
		syserr(LOG_CRIT, true, "opendaemonsocket: daemon %s: setsockopt(SO_SNDBUF)",
		    l->name);
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/* listener_try - one socket/bind/listen; the fd, or -1 with errno */
static int
listener_try(struct listener *l)
{
	int fd = socket(l->addr.ss_family, SOCK_STREAM, 0), e;

	if (fd < 0) {
		e = errno;
		syserr(LOG_CRIT, true,
		    "opendaemonsocket: daemon %s: can't create server SMTP socket",
		    l->name);
		errno = e;
		return -1;
	}
	socket_options(l, fd);
	if (bind(fd, (struct sockaddr *)&l->addr, l->addrlen) < 0) {
		e = errno;
		syserr(LOG_CRIT, true, "opendaemonsocket: daemon %s: cannot bind", l->name);
		(void)close(fd);
		errno = e;
		return -1;
	}
	if (listen(fd, l->backlog) < 0) {
		e = errno;
		syserr(LOG_CRIT, true, "opendaemonsocket: daemon %s: cannot listen", l->name);
		(void)close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/*
 * listener_open - open l as sendmail's opendaemonsocket does: every
 * failure is retried, 5 seconds apart; an optional listener (M=O) is
 * disabled after 10 failures ("554 5.0.0 ... optional socket disabled"),
 * a required one gives up after 11 ("421 4.0.0 ... server SMTP socket
 * wedged: exiting").  0, or -1 when it could not be opened.
 */
static int
listener_open(struct listener *l)
{
	int tries;

	for (tries = 0; tries <= DAEMON_OPEN_TRIES; tries++) {
		if (tries > 0)
			sleep(DAEMON_OPEN_SLEEP);
		if (got_term)
			return -1;
		l->fd = listener_try(l);
		if (l->fd >= 0)
			return 0;
		if (l->optional && tries + 1 >= DAEMON_OPEN_TRIES) {
			syserr(LOG_CRIT, false,
			    "554 5.0.0 opendaemonsocket: daemon %s: optional socket disabled",
			    l->name);
			l->disabled = true;
			return -1;
		}
		sm_log(LOG_ALERT, "daemon %s: problem creating SMTP socket", l->name);
	}
	syserr(LOG_ALERT, false,
	    "421 4.0.0 opendaemonsocket: daemon %s: server SMTP socket wedged: exiting",
	    l->name);
	return -1;
}

/* listeners_setup - one listener per DaemonPortOptions; -1 on bad settings */
static int
listeners_setup(struct daemon *d)
{
	const struct opt_portlist *pl = &d->cfg->opt.daemon_ports;
	size_t i;

	if (pl->n == 0) {
		d->n = 1;
		return listener_setup(&d->l[0], NULL, 0);
	}
	for (i = 0; i < pl->n && i < DAEMON_MAX; i++)
		if (listener_setup(&d->l[i], &pl->v[i], i) < 0)
			return -1;
	d->n = i;
	return 0;
}

/* listeners_open - open them all; -1 when a required one failed */
static int
listeners_open(struct daemon *d)
{
	size_t i, open = 0;

	for (i = 0; i < d->n; i++) {
		if (listener_open(&d->l[i]) == 0)
			open++;
		else if (!d->l[i].optional)
			return -1;
	}
	return open > 0 ? 0 : -1;
}

/* listeners_close - close every listening socket */
static void
listeners_close(struct daemon *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (d->l[i].fd >= 0)
			(void)close(d->l[i].fd);
		d->l[i].fd = -1;
	}
}

/* ----------------------------------------------------------- pid file */

/* pidfile_path - PidFile with its macros expanded into d->pidfile */
static void
pidfile_path(struct daemon *d)
{
	const char *spec = d->cfg->opt.pid_file;
	struct sm_buf b = SM_BUF_INIT(sizeof(d->pidfile) - 1);

	if (spec == NULL || *spec == '\0')
		spec = DAEMON_DEFAULT_PIDFILE;
	if (macro_expand(&d->cfg->mac, spec, &b) < 0 || b.len == 0)
		sm_strlcpy(d->pidfile, spec, sizeof(d->pidfile));
	else
		sm_strlcpy(d->pidfile, sm_buf_str(&b), sizeof(d->pidfile));
	sm_buf_free(&b);
}

/* cmdline_join - argv joined with blanks (sendmail's CommandLineArgs) */
static void
cmdline_join(const struct daemon_args *da, struct sm_buf *out)
{
	int i;

	for (i = 0; i < da->argc && da->argv[i] != NULL; i++) {
		if (i > 0)
			(void)sm_buf_putc(out, ' ');
		(void)sm_buf_puts(out, da->argv[i]);
	}
}

/* pidfile_write - "PID\nCOMMAND LINE\n", mode 0644, no symbolic links */
static void
pidfile_write(struct daemon *d)
{
	struct sm_buf b = SM_BUF_INIT(64 * 1024);
	int fd;
	ssize_t w;

	(void)sm_buf_printf(&b, "%ld\n", (long)getpid());
	cmdline_join(d->da, &b);
	(void)sm_buf_putc(&b, '\n');
	fd = open(d->pidfile, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	w = fd >= 0 ? write(fd, b.data, b.len) : -1;
	if (fd < 0 || w != (ssize_t)b.len || close(fd) != 0)
		sm_log(LOG_ERR, "unable to write %s", d->pidfile);
	sm_buf_free(&b);
}

/* pidfile_remove - remove the pid file if it still names this process */
static void
pidfile_remove(struct daemon *d)
{
	char buf[32];
	ssize_t n;
	int fd = open(d->pidfile, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	(void)close(fd);
	if (n > 0) {
		buf[n] = '\0';
		if (atol(buf) == (long)getpid())
			(void)unlink(d->pidfile);
	}
}

/* ---------------------------------------------------------- children */

/* kids_add - remember child pid */
static void
kids_add(struct daemon *d, pid_t pid)
{
	if (d->nkids == d->capkids) {
		d->capkids = d->capkids ? d->capkids * 2 : 16;
		d->kids = sm_reallocarray(d->kids, d->capkids, sizeof(*d->kids));
	}
	d->kids[d->nkids++] = pid;
}

/* kids_drop - forget child pid */
static void
kids_drop(struct daemon *d, pid_t pid)
{
	size_t i;

	for (i = 0; i < d->nkids; i++) {
		if (d->kids[i] == pid) {
			d->kids[i] = d->kids[--d->nkids];
			return;
		}
	}
}

/* kids_reap - collect every child that has ended */
static void
kids_reap(struct daemon *d)
{
	pid_t pid;
	int st;

	got_chld = 0;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		if (!agent_pool_reaped(pid, st))
			kids_drop(d, pid);
}

/* fork_child - fork, remembering the child in the parent; in the child,
 * the daemon's sockets and handlers are gone.  fork's result. */
static pid_t
fork_child(struct daemon *d)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		syserr(LOG_CRIT, true, "daemon: cannot fork");
		return -1;
	}
	if (pid > 0) {
		kids_add(d, pid);
		return pid;
	}
	d->is_child = true;
	listeners_close(d);
	signals_default();
	free(d->kids);
	d->kids = NULL;
	d->nkids = d->capkids = 0;
	return 0;
}

/* agent_child - in a new delivery agent: no listeners, default signals */
static void
agent_child(void *arg)
{
	struct daemon *d = arg;

	d->is_child = true;
	listeners_close(d);
	signals_default();
}

/* agents_start - DeliveryMode background: the delivery agents */
static void
agents_start(struct daemon *d)
{
	if (d->cfg->opt.delivery_mode == 'b' &&
	    agent_pool_start(d->cfg, agent_child, d) < 0)
		syserr(LOG_ERR, true, "daemon: no delivery agents");
}

/* ------------------------------------------------------------- limits */

/* throttle - ConnectionRateThrottle: more than N accepts this second on
 * an active listener sleeps a second */
static void
throttle(struct daemon *d, struct listener *l, bool active)
{
	int max = d->cfg->opt.conn_rate_throttle;
	time_t now = time(NULL);

	if (max <= 0)
		return;
	if (!active) {
		if (now != l->lastconn)
			l->conncnt = 0;
		return;
	}
	if (now != l->lastconn) {
		l->lastconn = now;
		l->conncnt = 1;
	} else if (l->conncnt++ > max) {
		if (loglevel(d) > 8)
			sm_log(LOG_INFO, "deferring connections on daemon %s: %d per second",
			    l->name, max);
		sleep(1);
	}
}

/* refuse_la - RefuseLA: true when the load says refuse */
static bool
refuse_la(struct daemon *d, struct listener *l, int la)
{
	int limit = l->refuse_la > 0 ? l->refuse_la : d->cfg->opt.refuse_la;
	time_t now = time(NULL);
	char ivl[32];

	if (limit <= 0 || la < limit) {
		l->firstrej = 0;
		return false;
	}
	if (loglevel(d) > 8)
		sm_log(LOG_NOTICE, "rejecting connections on daemon %s: load average: %d",
		    l->name, la);
	if (l->firstrej == 0) {
		l->firstrej = now;
		l->nextlog = now + d->cfg->opt.reject_log_interval;
	} else if (l->nextlog < now) {
		sm_pintvl(now - l->firstrej, ivl, sizeof(ivl));
		sm_log(LOG_ERR, "have been rejecting connections on daemon %s for %s",
		    l->name, ivl);
		l->nextlog = now + d->cfg->opt.reject_log_interval;
	}
	return true;
}

/* delay_la - DelayLA: sleep a second when the load says so */
static void
delay_la(struct daemon *d, struct listener *l, int la)
{
	static time_t log_after;
	int limit = l->delay_la > 0 ? l->delay_la : d->cfg->opt.delay_la;
	time_t now;

	if (limit <= 0 || la < limit)
		return;
	now = time(NULL);
	if (loglevel(d) > 8 && now > log_after) {
		sm_log(LOG_INFO, "delaying connections on daemon %s: load average=%d >= %d",
		    l->name, la, limit);
		log_after = now + DAEMON_DELAY_LOG;
	}
	sleep(1);
}

/* too_many_children - MaxDaemonChildren (or children=) reached */
static bool
too_many_children(struct daemon *d, struct listener *l)
{
	int limit = l->max_children > 0 ? l->max_children : d->cfg->opt.max_daemon_children;

	if (limit <= 0 || (int)d->nkids < limit)
		return false;
	kids_reap(d);
	if ((int)d->nkids < limit)
		return false;
	if (loglevel(d) > 8)
		sm_log(LOG_INFO, "rejecting connections on daemon %s: %d children, max %d",
		    l->name, (int)d->nkids, limit);
	return true;
}

/* refuse_connections - sendmail's refuseconnections for listener l */
static bool
refuse_connections(struct daemon *d, struct listener *l, bool active)
{
	int la;

	throttle(d, l, active);
	la = load_average();
	if (refuse_la(d, l, la))
		return true;
	delay_la(d, l, la);
	return too_many_children(d, l);
}

/* listeners_check - close refusing listeners, reopen recovered ones */
static void
listeners_check(struct daemon *d, int active)
{
	size_t i;
	time_t now;

	for (i = 0; i < d->n && !got_term && !got_hup; i++) {
		struct listener *l = &d->l[i];

		now = time(NULL);
		if (l->disabled || now < l->refuse_until)
			continue;
		if (refuse_connections(d, l, active == (int)i)) {
			if (l->fd >= 0)
				(void)close(l->fd);
			l->fd = -1;
			l->refuse_until = now + DAEMON_REFUSE_SECS;
		} else if (l->fd < 0 || l->firsttime) {
			if (!l->firsttime && loglevel(d) > 8)
				sm_log(LOG_INFO, "accepting connections again for daemon %s",
				    l->name);
			if (l->fd < 0)
				l->fd = listener_try(l);
			if (l->fd < 0)	/* try again in a while */
				l->refuse_until = now + DAEMON_OPEN_SLEEP;
			l->firsttime = false;
		}
	}
}

/* ------------------------------------------------------------ a session */

/* sockaddr_text - the numeric address of sa in sendmail's form
 * ("192.0.2.1", "IPv6:2001:db8::1") and its port */
static void
sockaddr_text(const struct sockaddr_storage *sa, char *buf, size_t size, int *port)
{
	char host[INET6_ADDRSTRLEN];

	*port = 0;
	sm_strlcpy(buf, "0", size);
	if (sa->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)sa;

		if (inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host)) != NULL)
			sm_strlcpy(buf, host, size);
		*port = ntohs(s4->sin_port);
	} else if (sa->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr) &&
		    inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], host, sizeof(host)) != NULL)
			sm_strlcpy(buf, host, size);
		else if (inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host)) != NULL)
			sm_snprintf(buf, size, "IPv6:%s", host);
		*port = ntohs(s6->sin6_port);
	}
}

/* is_loopback - whether sa is in 127/8 or ::1 (sendmail leaves
 * ${if_addr} unset for connections on the loopback net) */
static bool
is_loopback(const struct sockaddr_storage *sa)
{
	const struct sockaddr_in *s4 = (const void *)sa;
	const struct sockaddr_in6 *s6 = (const void *)sa;

	if (sa->ss_family == AF_INET)
		return (ntohl(s4->sin_addr.s_addr) >> 24) == 127;
	if (sa->ss_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr);
	return false;
}

/* name_confirms - whether host name maps back to addr (forward lookup) */
static bool
name_confirms(const char *name, int family, const char *addr)
{
	struct addrinfo hints, *res = NULL, *ai;
	char text[DAEMON_ADDRLEN];
	int port;
	bool ok = false;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(name, NULL, &hints, &res) != 0)
		return false;
	for (ai = res; ai != NULL && !ok; ai = ai->ai_next) {
		struct sockaddr_storage ss;

		if (ai->ai_addrlen > sizeof(ss))
			continue;
		memset(&ss, 0, sizeof(ss));
		memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
		sockaddr_text(&ss, text, sizeof(text), &port);
		ok = strcmp(text, addr) == 0;
	}
	freeaddrinfo(res);
	return ok;
}

/* peer_name - the reverse lookup of sa, or sendmail's "[addr]"; returns
 * ${client_resolve}: OK (the name maps back), FORGED (it does not), FAIL
 * (no name), TEMP (the lookup failed for now) */
static const char *
peer_name(const struct sockaddr_storage *sa, socklen_t len, const char *addr,
    char *buf, size_t size)
{
	char host[NI_MAXHOST];
	int r = getnameinfo((const struct sockaddr *)sa, len, host, sizeof(host), NULL, 0,
	    NI_NAMEREQD);

	if (r == 0 && host[0] != '\0') {
		sm_strlcpy(buf, host, size);
		return name_confirms(host, sa->ss_family, addr) ? "OK" : "FORGED";
	}
	sm_snprintf(buf, size, "[%s]", addr);
	return r == EAI_AGAIN ? "TEMP" : "FAIL";
}

/* set_daemon_macros - ${daemon_*} of listener l in the child's config */
static void
set_daemon_macros(struct config *cfg, const struct listener *l)
{
	char addr[DAEMON_ADDRLEN], port[16];
	int p;

	sockaddr_text(&l->addr, addr, sizeof(addr), &p);
	sm_snprintf(port, sizeof(port), "%d", p);
	macro_set(&cfg->mac, macro_id("{daemon_name}", true), l->name);
	macro_set(&cfg->mac, macro_id("{daemon_flags}", true), l->mflags);
	macro_set(&cfg->mac, macro_id("{daemon_family}", true), l->family_name);
	macro_set(&cfg->mac, macro_id("{daemon_addr}", true), addr);
	macro_set(&cfg->mac, macro_id("{daemon_port}", true), port);
}

/* session - in the child: describe the peer and run the SMTP server */
static int
session(struct daemon *d, const struct listener *l, int fd,
    const struct sockaddr_storage *sa, socklen_t salen)
{
	char addr[DAEMON_ADDRLEN], name[NI_MAXHOST + 2], ifaddr[DAEMON_ADDRLEN];
	struct sockaddr_storage me;
	socklen_t melen = sizeof(me);
	struct smtp_peer peer;
	int rc;

	memset(&peer, 0, sizeof(peer));
	sockaddr_text(sa, addr, sizeof(addr), &peer.port);
	peer.resolve = peer_name(sa, salen, addr, name, sizeof(name));
	peer.addr = addr;
	peer.name = name;
	peer.daemon_name = l->name;
	peer.daemon_flags = l->mflags;
	if (getsockname(fd, (struct sockaddr *)&me, &melen) == 0) {
		sockaddr_text(&me, ifaddr, sizeof(ifaddr), &peer.if_port);
		if (!is_loopback(&me))
			peer.if_addr = ifaddr;	/* unset on loopback, as sendmail */
	}
	set_daemon_macros(d->cfg, l);
	/* without a children limit the session's own process may deliver
	 * after it; with one, a delivering session would count against it */
	if ((l->max_children > 0 ? l->max_children : d->cfg->opt.max_daemon_children) <= 0)
		deliver_defer_begin();
	rc = smtp_server_run(d->cfg, fd, fd, &peer);
	(void)close(fd);
	deliver_pending_run(d->cfg);	/* no fork per message (deliver.c) */
	return rc;
}

/* accept_one - accept on l and fork its session; true when a
 * connection was taken (in the child, d->is_child is then set) */
static bool
accept_one(struct daemon *d, struct listener *l)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof(sa);
	int fd;
	pid_t pid;

	memset(&sa, 0, sizeof(sa));
	fd = accept(l->fd, (struct sockaddr *)&sa, &len);
	if (fd < 0) {
		if (errno != EINTR && errno != EAGAIN && errno != ECONNABORTED &&
		    errno != EWOULDBLOCK) {
			syserr(LOG_CRIT, true, "getrequests: accept");
			(void)close(l->fd);
			l->fd = -1;
		}
		return false;
	}
	if (len == 0 || sa.ss_family != l->addr.ss_family) {
		(void)close(fd);
		return false;
	}
	pid = fork_child(d);
	if (pid < 0) {
		(void)close(fd);
		sleep(10);
		return false;
	}
	if (pid > 0) {
		(void)close(fd);
		return true;
	}
	d->child_status = session(d, l, fd, &sa, len);
	return true;
}

/* ------------------------------------------------------------ the queue */

/* queue_spawn - fork a queue runner for queue_run_daemon */
static pid_t
queue_spawn(void *arg)
{
	return fork_child(arg);
}

/* queue_tick - start the queue runs that are due (queue_run.h: each
 * queue group on its own clock, with its runners) */
static void
queue_tick(struct daemon *d)
{
	struct qr_spawn sp = { queue_spawn, d, &d->child_status };

	if (d->next_queue_run == 0 || time(NULL) < d->next_queue_run)
		return;
	d->next_queue_run = queue_run_daemon(d->cfg, d->da->queue_interval, &sp);
}

/* space_tick - measure the queue's free space when it is due, for the
 * children to come (smtp_space_measure), as sendmail's parent does
 * (strace: at its start, then every 5 minutes, every minute while short
 * of MinFreeBlocks; its children do not, for MAIL); short at the start,
 * it says so on stdout */
static void
space_tick(struct daemon *d, bool start)
{
	time_t now = time(NULL);
	bool refusing;

	if (!start && now < d->next_space)
		return;
	refusing = smtp_space_measure(d->cfg);
	d->next_space = now + (refusing ? DAEMON_SHORT_SECS : DAEMON_SPACE_SECS);
	if (start && refusing) {
		printf("452 4.4.5 Insufficient disk space; try again later\r\n");
		fflush(stdout);
	}
}

/* child_exit - end a session or queue-run child at once: freeing the
 * configuration inherited from the daemon would only touch (and copy)
 * every page of it */
static void __attribute__((noreturn))
child_exit(struct daemon *d)
{
	fflush(NULL);
	_exit(d->child_status);
}

/* ----------------------------------------------------------- the loop */

/* wait_ready - poll the listeners (and the self-pipe); the index of a
 * ready listener, or -1 */
static int
wait_ready(struct daemon *d)
{
	struct pollfd pfd[DAEMON_MAX + 1];
	size_t map[DAEMON_MAX], i, n = 0;
	static size_t last;
	int timeout = DAEMON_POLL_SECS * 1000;
	time_t now = time(NULL);

	pfd[n].fd = wake_pipe[0];
	pfd[n++].events = POLLIN;
	for (i = 0; i < d->n; i++) {
		if (d->l[i].fd < 0)
			continue;
		map[n - 1] = i;
		pfd[n].fd = d->l[i].fd;
		pfd[n++].events = POLLIN;
	}
	if (d->next_queue_run > 0 && d->next_queue_run - now < DAEMON_POLL_SECS)
		timeout = d->next_queue_run > now ? (int)(d->next_queue_run - now) * 1000 : 0;
	if (poll(pfd, (nfds_t)n, timeout) <= 0)
		return -1;
	if (pfd[0].revents != 0)
		wake_drain();
	/* round robin, as sendmail: start after the last one served */
	for (i = 0; i + 1 < n; i++) {
		size_t k = (last + 1 + i) % (n - 1);

		if (pfd[k + 1].revents & (POLLIN | POLLERR | POLLHUP)) {
			last = k;
			return (int)map[k];
		}
	}
	return -1;
}

/* restart - SIGHUP: exec argv again, as sendmail's restart_daemon */
static void
restart(struct daemon *d)
{
	char *const *argv = d->da->argv;

	if (argv[0] == NULL || argv[0][0] != '/') {
		sm_log(LOG_ERR, "could not restart: need full path");
		pidfile_remove(d);
		exit(EX_OSFILE);
	}
	if (loglevel(d) > 3)
		sm_log(LOG_INFO, "restarting %s due to signal", argv[0]);
	listeners_close(d);
	agent_pool_stop();
	signals_default();
	fflush(NULL);
	execv(argv[0], argv);
	syserr(LOG_CRIT, true, "could not exec %s", argv[0]);
	exit(EX_OSFILE);
}

/* shutdown_daemon - SIGTERM: stop listening, remove the pid file */
static void
shutdown_daemon(struct daemon *d)
{
	if (loglevel(d) > 9)
		sm_log(LOG_INFO, "NOQUEUE: stopping daemon, reason=signal");
	listeners_close(d);
	agent_pool_stop();
	pidfile_remove(d);
}

/* serve - the accept loop; returns on SIGTERM or in a child */
static void
serve(struct daemon *d)
{
	int ready = -1;

	while (!d->is_child) {
		if (got_term)
			return;
		if (got_hup)
			restart(d);
		if (got_chld)
			kids_reap(d);
		listeners_check(d, ready);
		queue_tick(d);
		agent_pool_tick();
		space_tick(d, false);
		if (d->is_child || got_term || got_hup)
			continue;
		ready = wait_ready(d);
		if (ready >= 0 && !got_term && !got_hup && !accept_one(d, &d->l[ready]))
			ready = -1;
	}
}

/* detach - -bd: the daemon goes on in a child of a new session; true in
 * that child, false in the process that started it */
static bool
detach(void)
{
	pid_t pid;
	int fd;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		sm_fatal(EX_OSERR, "daemon: cannot fork");
	if (pid > 0)
		return false;
	(void)setsid();
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		(void)dup2(fd, STDIN_FILENO);
		(void)dup2(fd, STDOUT_FILENO);
		(void)dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			(void)close(fd);
	}
	return true;
}

/* log_start - "starting daemon (8.17.1.9): SMTP+queueing@00:30:00" */
static void
log_start(struct daemon *d)
{
	char what[64], ivl[32];
	struct sm_buf args = SM_BUF_INIT(64 * 1024);

	sm_strlcpy(what, "SMTP", sizeof(what));
	if (d->da->queue_interval > 0) {
		sm_pintvl(d->da->queue_interval, ivl, sizeof(ivl));
		sm_strlcat(what, "+queueing@", sizeof(what));
		sm_strlcat(what, ivl, sizeof(what));
	}
	sm_log(LOG_INFO, "starting daemon (%s): %s", SM_VERSION, what);
	if (d->da->argv[0] != NULL && d->da->argv[0][0] != '/')
		sm_log(LOG_WARNING,
		    "daemon invoked without full pathname; kill -1 won't work");
	if (loglevel(d) > 9) {
		cmdline_join(d->da, &args);
		sm_log(LOG_INFO, "started as: %s", sm_buf_str(&args));
	}
	sm_buf_free(&args);
}

/* daemon_run - be the daemon (see daemon.h) */
int
daemon_run(struct config *cfg, const struct daemon_args *da)
{
	struct daemon *d;
	int rc = EX_OK;

	if (da->background && !detach())
		return EX_OK;
	sm_log_syslog(da->logtag != NULL ? da->logtag : "sendmail", LOG_MAIL);
	d = sm_calloc(1, sizeof(*d));
	d->cfg = cfg;
	d->da = da;
	if (signals_install() < 0)
		sm_fatal(EX_OSERR, "daemon: cannot make a pipe");
	pidfile_path(d);
	log_start(d);
	if (listeners_setup(d) < 0 || listeners_open(d) < 0) {
		listeners_close(d);
		rc = EX_OSERR;
	} else {
		space_tick(d, true);
		pidfile_write(d);
		agents_start(d);
		if (da->queue_interval > 0)
			d->next_queue_run = time(NULL);
		serve(d);
		if (d->is_child)
			child_exit(d);
		shutdown_daemon(d);
	}
	if (!d->is_child)
		signals_default();
	free(d->kids);
	free(d);
	return rc;
}
