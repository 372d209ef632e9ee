/*
 * sm.h - the one header every file of the project includes first.
 *
 * It pulls in the system headers the code base uses everywhere, libsm's
 * own interfaces, and last banned.h, so that an unbounded string function
 * anywhere is a compile error.
 */
#ifndef SM_H
#define SM_H

#include <sys/types.h>
#include <sys/stat.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "sm_heap.h"
#include "sm_str.h"
#include "sm_buf.h"
#include "sm_err.h"
#include "sm_log.h"
#include "sm_time.h"
#include "sm_signal.h"

#include "banned.h"

#define SM_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
