/*
 * deliver_agent.c - the daemon's pool of delivery agents (see
 * deliver_agent.h).
 *
 * Each agent has its own datagram socket pair: the daemon keeps the
 * sending end (non-blocking, inherited by every connection child), the
 * agent the receiving end.  A message is one datagram: the qf path.  The
 * child lets go of the qf lock it took at the commit before sending it,
 * the agent takes it again (deliver_locked), so a message waiting for
 * an agent is an ordinary unlocked queue entry: a queue run may deliver
 * it meanwhile (the agent then leaves it), and one waiting behind a
 * delivery that hangs is not held up past the next queue run.  When the
 * send fails the child takes the lock back, or leaves the message to
 * whoever took it meanwhile.  Which agent: a page
 * shared by the daemon and all its children holds, per agent, a
 * generation and the number of messages given to it and not yet done
 * (one 64-bit word, changed with compare-and-swap); a child picks the
 * least busy live agent under AGENT_DEPTH and counts the message in
 * before sending it (and out again when the send fails), the agent
 * counts it out when done.  A replaced agent gets a new generation and
 * count, so a late change for its predecessor is not applied to it.
 */
#include "sm.h"
#include "deliver_agent.h"
#include "deliver.h"
#include "mailer_lmtp.h"
#include "options.h"

#include <poll.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define AGENT_MAX	4	/* agents at most (one per CPU, at least 2) */
#define AGENT_DEPTH	8	/* messages waiting for one agent at most */
#define AGENT_MAX_USE	1000	/* messages an agent delivers */
#define AGENT_MAX_IDLE	60	/* seconds an agent waits for one */
#define AGENT_PAUSE	5	/* seconds before replacing a failed one */
#define AGENT_DRAIN	5	/* seconds a leaving agent waits for the
				 * messages counted in for it */
#define AGENT_LEAVING	0x80000000u	/* count bit: takes no more */
#define AGENT_COUNT	0x7fffffffu

/* One agent, in the page shared by the daemon and its children. */
struct agent_slot {
	uint64_t word;		/* generation << 32 | messages not done */
	pid_t pid;		/* 0: none running */
};

static struct agent_slot *slots;	/* AGENT_MAX of them, shared */
static int tx[AGENT_MAX] = { -1, -1, -1, -1 };
static time_t started[AGENT_MAX], respawn_at[AGENT_MAX];
static int nagents;
static struct config *pool_cfg;
static void (*pool_in_child)(void *);
static void *pool_arg;
static volatile sig_atomic_t agent_term;
static bool in_agent;		/* this process is an agent: no handing off */

/* ------------------------------------------------------------ counting */

/* slot_claim - count one message in for agent i if it is under the
 * depth; its generation into *gen; false when it is not */
static bool
slot_claim(int i, uint32_t *gen)
{
	uint64_t w = __atomic_load_n(&slots[i].word, __ATOMIC_ACQUIRE);

	for (;;) {
		if ((w & 0xffffffffu) >= AGENT_DEPTH)
			return false;	/* full, or leaving */
		if (__atomic_compare_exchange_n(&slots[i].word, &w, w + 1, false,
		    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			*gen = (uint32_t)(w >> 32);
			return true;
		}
	}
}

/* slot_release - count one message out of agent i, if it is still of
 * generation gen */
static void
slot_release(int i, uint32_t gen)
{
	uint64_t w = __atomic_load_n(&slots[i].word, __ATOMIC_ACQUIRE);

	while ((uint32_t)(w >> 32) == gen && (w & AGENT_COUNT) > 0)
		if (__atomic_compare_exchange_n(&slots[i].word, &w, w - 1, false,
		    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return;
}

/* slot_load - messages not done by agent i (AGENT_DEPTH or more when it
 * is leaving) */
static uint32_t
slot_load(int i)
{
	return (uint32_t)(__atomic_load_n(&slots[i].word, __ATOMIC_ACQUIRE) & 0xffffffffu);
}

/* slot_leave - agent i takes no more messages */
static void
slot_leave(int i)
{
	(void)__atomic_fetch_or(&slots[i].word, (uint64_t)AGENT_LEAVING, __ATOMIC_ACQ_REL);
}

/* ----------------------------------------------------------- the agent */

/* on_term - SIGTERM in an agent: stop after the message it is on */
static void
on_term(int sig)
{
	(void)sig;
	agent_term = 1;
}

/* agent_recv - one message from rx: its qf path; false when there was
 * none (or it was too long) */
static bool
agent_recv(int rx, char *path, size_t size)
{
	ssize_t n = recv(rx, path, size, MSG_DONTWAIT | MSG_TRUNC);

	if (n <= 0 || (size_t)n >= size)
		return false;
	path[n] = '\0';
	return true;
}

/* agent_wait - poll rx until a message or SIGTERM, sweeping the mailer
 * cache meanwhile; true when a message is there */
static bool
agent_wait(int rx, time_t idle_until)
{
	struct pollfd p;
	time_t now;
	int next, ms;

	for (;;) {
		if (agent_term)
			return false;
		now = time(NULL);
		if (now >= idle_until)
			return false;
		next = lmtp_cache_sweep();
		ms = (int)(idle_until - now) * 1000;
		if (next >= 0 && next * 1000 < ms)
			ms = next * 1000 + 1000;
		p.fd = rx;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, ms) <= 0)
			continue;
		if (p.revents & POLLIN)
			return true;
		return false;	/* POLLHUP, POLLERR: the daemon is gone */
	}
}

/* agent_take - deliver the message waiting on rx, if there is one (it
 * is locked now; one a queue runner took meanwhile is left to it), and
 * count it out; true when there was one */
static bool
agent_take(int i, int rx)
{
	char path[PATH_MAX];

	if (!agent_recv(rx, path, sizeof(path)))
		return false;
	(void)deliver_locked(pool_cfg, path, -1);
	slot_release(i, (uint32_t)(slots[i].word >> 32));
	return true;
}

/* agent_drain - leaving: take no more, and deliver what was counted in
 * (the children that counted a message in send it at once) */
static void
agent_drain(int i, int rx)
{
	time_t until = time(NULL) + AGENT_DRAIN;
	struct pollfd p;

	slot_leave(i);
	while ((slot_load(i) & AGENT_COUNT) > 0 && time(NULL) < until) {
		p.fd = rx;
		p.events = POLLIN;
		p.revents = 0;
		if (poll(&p, 1, 100) > 0 && (p.revents & POLLIN))
			(void)agent_take(i, rx);
		else if (p.revents & (POLLHUP | POLLERR))
			break;
	}
}

/* agent_main - be agent i on rx until done; never returns */
static void __attribute__((noreturn))
agent_main(int i, int rx, pid_t daemon_pid)
{
	int served = 0;

	(void)setsid();
	(void)sm_signal(SIGTERM, on_term);
#ifdef __linux__
	(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
	if (getppid() != daemon_pid)
		_exit(EX_OK);
	lmtp_cache_setup(pool_cfg->opt.conn_cache_size, pool_cfg->opt.conn_cache_timeout);
	while (served < AGENT_MAX_USE &&
	    agent_wait(rx, time(NULL) + AGENT_MAX_IDLE))
		served += agent_take(i, rx);
	agent_drain(i, rx);
	lmtp_cache_flush();
	fflush(NULL);
	_exit(EX_OK);
}

/* ------------------------------------------------------------ the pool */

/* agent_spawn - start agent i with a new socket pair; false on failure */
static bool
agent_spawn(int i)
{
	int sv[2], j;
	pid_t pid, me = getpid();

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv) < 0)
		return false;
	fflush(NULL);
	if ((pid = fork()) < 0) {
		(void)close(sv[0]);
		(void)close(sv[1]);
		return false;
	}
	if (pid == 0) {
		pool_in_child(pool_arg);
		in_agent = true;
		for (j = 0; j < AGENT_MAX; j++) {
			if (tx[j] >= 0)
				(void)close(tx[j]);
			tx[j] = -1;
		}
		(void)close(sv[0]);
		agent_main(i, sv[1], me);
	}
	(void)close(sv[1]);
	if (tx[i] >= 0)
		(void)close(tx[i]);
	tx[i] = sv[0];
	(void)fcntl(tx[i], F_SETFL, fcntl(tx[i], F_GETFL) | O_NONBLOCK);
	__atomic_store_n(&slots[i].word, ((slots[i].word >> 32) + 1) << 32, __ATOMIC_RELEASE);
	slots[i].pid = pid;
	started[i] = time(NULL);
	respawn_at[i] = 0;
	return true;
}

/* agent_pool_start - see deliver_agent.h */
int
agent_pool_start(struct config *cfg, void (*in_child)(void *), void *arg)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	void *p;
	int i;

	p = mmap(NULL, sizeof(*slots) * AGENT_MAX, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	slots = p;
	pool_cfg = cfg;
	pool_in_child = in_child;
	pool_arg = arg;
	nagents = ncpu < 2 ? 2 : ncpu > AGENT_MAX ? AGENT_MAX : (int)ncpu;
	for (i = 0; i < nagents; i++)
		if (!agent_spawn(i))
			respawn_at[i] = time(NULL) + AGENT_PAUSE;
	return 0;
}

/* agent_pool_reaped - see deliver_agent.h */
bool
agent_pool_reaped(pid_t pid, int st)
{
	int i;

	for (i = 0; i < nagents; i++) {
		if (slots == NULL || slots[i].pid != pid || pid <= 0)
			continue;
		slots[i].pid = 0;
		if (WIFEXITED(st) && WEXITSTATUS(st) == EX_OK && agent_spawn(i))
			return true;
		respawn_at[i] = time(NULL) + AGENT_PAUSE;
		return true;
	}
	return false;
}

/* agent_pool_tick - see deliver_agent.h */
void
agent_pool_tick(void)
{
	time_t now = time(NULL);
	int i;

	for (i = 0; i < nagents; i++)
		if (slots[i].pid == 0 && respawn_at[i] != 0 && now >= respawn_at[i] &&
		    !agent_spawn(i))
			respawn_at[i] = now + AGENT_PAUSE;
}

/* agent_pool_stop - see deliver_agent.h */
void
agent_pool_stop(void)
{
	int i;

	for (i = 0; i < nagents; i++) {
		if (slots[i].pid > 0)
			(void)kill(slots[i].pid, SIGTERM);
		slots[i].pid = 0;
		if (tx[i] >= 0)
			(void)close(tx[i]);
		tx[i] = -1;
	}
	nagents = 0;
}

/* --------------------------------------------------------- handing off */

/* agent_send - the datagram: the qf path; false if not sent */
static bool
agent_send(int sock, const char *path)
{
	size_t len = strlen(path);

	return send(sock, path, len, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)len;
}

/* relock - env's qf lock again after a handoff that failed; false when
 * another process has it now (then that one delivers it) */
static bool
relock(struct envelope *env)
{
	struct stat a, b;
	int fd = open(env->qf_path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0 || fstat(fd, &a) < 0 ||
	    stat(env->qf_path, &b) < 0 || a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		(void)close(fd);
		return false;
	}
	env->lock_fd = fd;
	return true;
}

/* agent_pick - the least busy live agent under the depth, or -1 */
static int
agent_pick(void)
{
	uint32_t load, best_load = AGENT_DEPTH;
	int i, best = -1;

	for (i = 0; i < nagents; i++) {
		if (tx[i] < 0 || slots[i].pid <= 0)
			continue;
		load = slot_load(i);
		if (load < best_load) {
			best_load = load;
			best = i;
		}
	}
	return best;
}

/* agent_handoff - see deliver_agent.h */
bool
agent_handoff(struct envelope *env)
{
	uint32_t gen;
	int i, tries;

	if (slots == NULL || in_agent || env->split_next != NULL || env->qf_path == NULL ||
	    env->lock_fd < 0 || strlen(env->qf_path) >= PATH_MAX)
		return false;
	for (tries = 0; tries < 2; tries++) {
		if ((i = agent_pick()) < 0)
			return false;
		if (!slot_claim(i, &gen))
			continue;
		/* the agent locks it itself: let go first */
		(void)close(env->lock_fd);
		env->lock_fd = -1;
		if (agent_send(tx[i], env->qf_path))
			return true;
		slot_release(i, gen);
		if (!relock(env))
			return true;	/* taken meanwhile: its taker delivers it */
	}
	return false;
}
