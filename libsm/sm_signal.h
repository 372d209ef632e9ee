/*
 * sm_signal.h - reliable signal handlers (sigaction, SA_RESTART unless asked).
 */
#ifndef SM_SIGNAL_H
#define SM_SIGNAL_H

#include <signal.h>

typedef void (*sm_sighandler)(int);

sm_sighandler sm_signal(int sig, sm_sighandler fn);
sm_sighandler sm_signal_norestart(int sig, sm_sighandler fn);
void sm_block(int sig, sigset_t *old);
void sm_unblock(const sigset_t *old);

#endif
