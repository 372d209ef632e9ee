/*
 * main.c - sendmail's command line: parse it, pick the mode, nothing else.
 *
 * Placeholder until the engine lands: it only answers -d0.1 style requests
 * with an error.
 */
#include "sm.h"

int
main(int argc, char **argv)
{
	(void)argc;
	sm_set_progname(argv[0]);
	sm_fatal(EX_SOFTWARE, "no mode is implemented yet");
}
