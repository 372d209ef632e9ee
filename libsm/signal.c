/*
 * signal.c - sigaction wrappers (see sm_signal.h).
 */
#include "sm.h"

static sm_sighandler
install(int sig, sm_sighandler fn, int flags)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = flags;
	if (sigaction(sig, &sa, &old) != 0)
		return SIG_ERR;
	return old.sa_handler;
}

/* sm_signal - install fn for sig with SA_RESTART; returns the old handler */
sm_sighandler
sm_signal(int sig, sm_sighandler fn)
{
	return install(sig, fn, SA_RESTART);
}

/* sm_signal_norestart - as sm_signal, but system calls fail with EINTR */
sm_sighandler
sm_signal_norestart(int sig, sm_sighandler fn)
{
	return install(sig, fn, 0);
}

/* sm_block - block sig, saving the old mask in *old */
void
sm_block(int sig, sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* sm_unblock - restore a mask saved by sm_block */
void
sm_unblock(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}
