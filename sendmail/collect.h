/*
 * collect.h - reading a message after DATA, and the SMTP input channel.
 *
 * CONTRACT (owner: collect.c; caller: smtp_server.c).  struct smtp_in is
 * the buffered input of one SMTP session: the server reads command lines
 * from it and collect() reads the message text from the same buffer, so
 * that nothing a pipelining client sent is lost between the two.
 *
 * collect() reads the text up to the line "." (only CRLF "." CRLF ends
 * it: a bare LF or CR never does, which keeps us safe from SMTP
 * smuggling), removes the stuffed dots, stores lines with LF ends as
 * sendmail's df does, parses the header into e's header list, writes the
 * body into dfd, counts its size and notes 8-bit bytes.  A message over
 * the size limit, or whose header passes MaxHeadersLength, is read to its
 * end and then refused, as sendmail does (header fields after the one
 * that passed the limit are not entered).  A bare LF or CR stops the
 * reading at once, as sendmail 8.17.1.9 with the smuggling fix stops:
 * the size is then what was stored before it, and bare_in_header says
 * whether it came in the header.
 */
#ifndef COLLECT_H
#define COLLECT_H

#include "sm.h"
#include "config.h"
#include "envelope.h"

#define SMTP_IN_BUFSIZE	8192

/* The input side of an SMTP session. */
struct smtp_in {
	int fd;
	char buf[SMTP_IN_BUFSIZE];
	size_t pos, len;	/* unread bytes are buf[pos .. len) */
	bool eof;		/* read returned 0 or failed */
	bool timedout;		/* the last read hit the timeout */
	time_t timeout;		/* seconds to wait for input; 0: forever */
	void (*before_block)(void *ctx);	/* called before a read that may
						 * block (the server flushes) */
	void *ctx;
};

/* smtp_in_init - set up in to read fd */
void smtp_in_init(struct smtp_in *in, int fd);
/* smtp_in_getc - the next byte, or -1 at end of input or timeout */
int smtp_in_getc(struct smtp_in *in);
/* smtp_in_pending - whether input is waiting (buffered, or readable now) */
bool smtp_in_pending(struct smtp_in *in);

/* What collect() found. */
enum collect_status {
	COLLECT_OK,		/* the message is in dfd and e */
	COLLECT_TOO_BIG,	/* more than max_size bytes: refuse it (552) */
	COLLECT_EOF,		/* the client went away before "." */
	COLLECT_TIMEOUT,	/* no input within the data block timeout */
	COLLECT_IOERR,		/* writing the df failed */
	COLLECT_HDR_TOO_LONG,	/* the header passed MaxHeadersLength (552) */
	COLLECT_BARE_LF,	/* a bare LF in the text: reading stopped there,
				 * refused (421), as the smuggling-safe
				 * sendmail does */
	COLLECT_BARE_CR		/* a bare CR likewise */
};

struct collect_result {
	enum collect_status status;
	long size;		/* bytes of the message as sendmail counts them */
	int nhdrs;		/* header fields read */
	long hdr_len;		/* bytes of header text */
	bool has8bit;		/* a byte with the high bit was seen */
	int error;		/* COLLECT_IOERR: the errno of the failed df
				 * write (ENOSPC, EDQUOT, EIO ...) */
	bool bare_in_header;	/* COLLECT_BARE_*: it came in the header */
};

/* collect - read the message text from in into e's headers and dfd;
 * max_size 0 means no limit; max_hdr (MaxHeadersLength) 0 no limit */
void collect(struct smtp_in *in, struct envelope *e, int dfd, long max_size,
    long max_hdr, struct collect_result *res);

/* collect_is_field_start - whether p[0..n) begins a header field: a
 * name of printable non-blank bytes, blanks allowed before the colon */
bool collect_is_field_start(const char *p, size_t n);

/* collect_field_enter - the header field held in field (name, colon,
 * value, continuation lines joined with "\n") into e's header list;
 * field is emptied; true when a field was entered */
bool collect_field_enter(struct envelope *e, struct sm_buf *field);

#endif
