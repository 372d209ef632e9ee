/*
 * deliver_agent.h - the daemon's delivery agents: long-lived children
 * that deliver the messages its SMTP sessions accept.
 *
 * CONTRACT (owner: deliver_agent.c; callers: daemon.c, which starts,
 * reaps and stops the pool, and deliver.c, which hands messages over).
 * With DeliveryMode background, sendmail forks a child per message to
 * deliver it.  Here a connection child gives each committed message to
 * an agent instead (its qf path over a datagram socket; the agent locks
 * the qf as a queue runner does), and an agent keeps its LMTP mailers
 * running from one
 * message to the next (mailer_lmtp.h's cache, ConnectionCacheSize and
 * ConnectionCacheTimeout): one mail.local for many messages.  What is
 * delivered, logged and written back to the queue is what the forked
 * child would do (deliver.h); only the process differs.
 *
 * An agent takes at most AGENT_DEPTH messages waiting at a time; when
 * every agent is that busy (or dead, or the message was split over
 * queue groups) the connection child delivers the message itself as
 * before, so a slow delivery never holds up more than a few messages.
 * An agent lives for AGENT_MAX_USE messages or AGENT_MAX_IDLE seconds
 * without one, then makes way for a new one (maps and the configuration
 * are read afresh); one that died is replaced, at once when it ended
 * normally, after a pause when it did not.  Messages given to an agent
 * that dies or hangs are ordinary queue entries for the next queue run.
 */
#ifndef DELIVER_AGENT_H
#define DELIVER_AGENT_H

#include "sm.h"
#include "config.h"
#include "envelope.h"

/* agent_pool_start - in the daemon: create the agents; in_child is run
 * first in every agent (the daemon closes its listeners there).  0, or
 * -1 when there are none (deliveries then go on as without them) */
int agent_pool_start(struct config *cfg, void (*in_child)(void *), void *arg);

/* agent_pool_reaped - the daemon reaped pid with wait status st: true
 * when it was an agent (it is replaced now or at agent_pool_tick) */
bool agent_pool_reaped(pid_t pid, int st);

/* agent_pool_tick - replace the agents whose pause is over; the daemon
 * calls it from its loop */
void agent_pool_tick(void);

/* agent_pool_stop - SIGTERM every agent (each finishes the message it
 * is on) and forget them */
void agent_pool_stop(void);

/* agent_handoff - in a connection child: give committed, locked env
 * (not split) to an agent.  True when it is taken care of: an agent has
 * it, or, after a failed send, another process took its lock meanwhile;
 * env's lock is released then (lock_fd -1).  False leaves env as it was
 * (locked). */
bool agent_handoff(struct envelope *env);

#endif
