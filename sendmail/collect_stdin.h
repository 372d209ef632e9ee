/*
 * collect_stdin.h - reading a message submitted on the command line.
 *
 * CONTRACT (owner: collect_stdin.c; caller: submit.c).  collect_stdin
 * reads the message text from a file descriptor (sendmail's standard
 * input in -bm mode) as sendmail 8.17 does there: lines end in LF, and
 * a CR right before the LF is dropped (CRLF input is stored with LF
 * ends); a bare CR stays; NUL bytes stay.  Unless ignore_dots is set
 * (-i, -oi, IgnoreDots), a line holding only "." (or ".\r") ends the
 * text and a line starting with ".." loses its first dot; a line with one
 * leading dot followed by anything else is kept as it is.  A "From "
 * line first in the text (the UNIX mailbox separator) is dropped, but
 * its bytes are counted in the size, as sendmail counts them.
 *
 * The header goes into e's header list (continuation lines joined with
 * "\n" plus their own leading blanks, as the qf keeps them), the body
 * into dfd with LF ends, the last line without a newline if the input
 * had none.  The size is every stored byte of header and body (plus the
 * dropped "From " line).  With seven_bit, every byte loses its high bit
 * (body type 7BIT); otherwise a byte with the high bit is noted.  The
 * text is always read to its end; a message over max_size is noted, its
 * body no longer stored.
 */
#ifndef COLLECT_STDIN_H
#define COLLECT_STDIN_H

#include "sm.h"
#include "envelope.h"

struct stdin_opts {
	bool ignore_dots;	/* "." does not end the text; no ".." unstuffing */
	bool seven_bit;		/* strip the high bit of every byte */
	long max_size;		/* MaxMessageSize; 0 no limit */
};

struct stdin_result {
	long size;		/* bytes as sendmail counts them */
	int nhdrs;		/* header fields read */
	bool has8bit;		/* a byte with the high bit was seen */
	bool too_big;		/* size passed max_size */
	bool ioerr;		/* reading the input or writing the df failed */
};

/* collect_stdin - read the message from fd into e's headers and dfd
 * (see above); res is filled in; 0, or -1 on an I/O error (res->ioerr) */
int collect_stdin(int fd, struct envelope *e, int dfd, const struct stdin_opts *o,
    struct stdin_result *res);

#endif
