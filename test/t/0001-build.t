#!/bin/sh
# 0001-build - the build: site.config.m4 reading, banned functions, objdir name.
test_description='Build and devtools'
. "$(dirname "$0")/../lib/test-lib.sh"

test_expect_success 'site.config.m4 APPENDDEF and define become make variables' '
	cat >site.config.m4 <<-\EOT &&
	dnl a comment
	APPENDDEF(`confENVDEF'"'"', `-DSTARTTLS'"'"')
	APPENDDEF(`confENVDEF'"'"', `-DSASL=2'"'"')
	APPENDDEF(`confLIBS'"'"', `-lssl -lcrypto'"'"')
	define(`confOPTIMIZE'"'"', `-O3'"'"')
	EOT
	m4 "$SRCDIR/devtools/M4/site.m4" site.config.m4 "$SRCDIR/devtools/M4/site-end.m4" |
		grep . >actual &&
	cat >expect <<-\EOT &&
	confENVDEF = -DSTARTTLS -DSASL=2
	confLIBS = -lssl -lcrypto
	confOPTIMIZE = -O3
	EOT
	test_cmp expect actual
'

test_expect_success 'banned.h turns strcpy into a compile error' '
	printf "#include \"sm.h\"\nvoid f(char *a, const char *b) { strcpy(a, b); }\n" >b.c &&
	test_must_fail cc -I"$SRCDIR/libsm" -c b.c -o b.o 2>err &&
	grep "sorry_strcpy_is_banned" err
'

test_expect_success 'the build directory is named obj.<os>.<release>.<arch>' '
	test -d "$SRCDIR/obj.$(uname -s).$(uname -r).$(uname -m).check"
'

test_done
