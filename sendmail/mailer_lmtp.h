/*
 * mailer_lmtp.h - speak LMTP (RFC 2033) to an F=z mailer, and keep its
 * process open between messages.
 *
 * CONTRACT (owner: mailer_lmtp.c; caller: mailer_run.c, which starts the
 * process; deliver_agent.c, which turns the cache on and sweeps it).  A
 * channel is a running mailer with the pipe to its standard input and
 * the stream of its standard output.  lmtp_deliver runs one transaction
 * on it (greeting and LHLO first when it is new, RSET first when it
 * comes from the cache) and sets every target's status from the replies
 * as mailer_run.h describes; when the mailer offers PIPELINING (RFC
 * 2920, as mail.local does) the commands up to DATA go in one write.
 * The cache is sendmail's connection cache
 * (ConnectionCacheSize channels, closed after ConnectionCacheTimeout
 * idle): off unless lmtp_cache_setup turned it on, in which case a
 * channel that ended its transaction cleanly is kept, keyed by what
 * started it (mailer, arguments, identity), for the next message of the
 * same process.  A cached process that died is noticed at the RSET and
 * replaced once.
 */
#ifndef MAILER_LMTP_H
#define MAILER_LMTP_H

#include "sm.h"
#include "mailer_run.h"

/* A running LMTP mailer. */
struct lmtp_chan {
	pid_t pid;
	int out;		/* its standard input */
	FILE *in;		/* its standard output */
	bool pipelining;	/* its LHLO reply offered PIPELINING */
};

/* What lmtp_deliver made of a channel. */
enum lmtp_end {
	LMTP_REUSE,		/* the transaction ended cleanly: may be cached */
	LMTP_CLOSE,		/* close it (QUIT if it still listens) */
	LMTP_STALE		/* a cached channel that no longer answers:
				 * nothing was sent for job; start anew */
};

/* lmtp_deliver - one transaction for job on ch (fresh: just started, read
 * its greeting and say LHLO); every target's status is set unless
 * LMTP_STALE is returned */
enum lmtp_end lmtp_deliver(struct mr_job *job, struct lmtp_chan *ch, bool fresh);

/* lmtp_close - QUIT (when polite), close, wait for the process; its exit
 * status as a sysexits code */
int lmtp_close(struct lmtp_chan *ch, bool polite);

/* lmtp_cache_setup - keep up to size channels, timeout seconds idle (size
 * 0: no cache, the default) */
void lmtp_cache_setup(int size, time_t timeout);

/* lmtp_cache_take - the cached channel for key into ch (it leaves the
 * cache); false when there is none */
bool lmtp_cache_take(const char *key, struct lmtp_chan *ch);

/* lmtp_cache_give - keep ch under key; false when the cache is off (the
 * caller closes it).  A full cache closes its oldest channel. */
bool lmtp_cache_give(const char *key, const struct lmtp_chan *ch);

/* lmtp_cache_sweep - close the channels idle longer than the timeout; the
 * seconds until the next one is due (-1: none cached) */
int lmtp_cache_sweep(void);

/* lmtp_cache_flush - close every cached channel */
void lmtp_cache_flush(void);

#endif
