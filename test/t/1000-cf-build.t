#!/bin/sh
# 1000-cf-build - cf/cf/Build and plain m4: .mc in, .cf out; bad .mc stops.
test_description='cf/ m4 tree: building .cf files'
. "$(dirname "$0")/../lib/test-lib.sh"

CFDIR=$SRCDIR/cf
export CFDIR

# build_here MC... - copy Build and the .mc files into ./b
build_here() {
	mkdir -p b && cp "$CFDIR/cf/Build" b/ && for _mc; do cp "$_mc" b/; done
}

test_expect_success 'Build sendmail.cf, submit.cf and X.cf from the samples' '
	build_here "$CFDIR"/cf/*.mc &&
	(cd b && sh Build sendmail.cf && sh Build submit.cf &&
	 sh Build generic-linux.cf && sh Build smarthost.cf && sh Build nullclient.cf) &&
	for cf in sendmail submit generic-linux smarthost nullclient; do
		grep -q "^V10/Berkeley" b/$cf.cf && grep -q "^Sparse=0" b/$cf.cf || return 1
	done
'

test_expect_success 'no m4 text leaks into any .cf (quotes, macro names, dnl)' '
	for mc in "$CFDIR"/cf/*.mc "$SRCDIR"/test/data/cf/*.mc; do
		m4 "$CFDIR/m4/cf.m4" "$mc" >leak.cf || return 1
		if grep -n "[\`]\|dnl\|ifelse\|ifdef\|defn\|_CF_\|_F_\|conf[A-Z_]\|_ARG" leak.cf; then
			echo "in the .cf made from $mc"; return 1
		fi
	done
'

test_expect_success 'plain m4 cf/m4/cf.m4 x.mc gives the same .cf as Build' '
	m4 "$CFDIR/m4/cf.m4" "$CFDIR/cf/sendmail.mc" >plain.cf &&
	test_cmp b/sendmail.cf plain.cf
'

test_expect_success 'install-cf installs sendmail.cf and submit.cf mode 0444 under DESTDIR' '
	(cd b && DESTDIR=$TRASH/root sh Build install-cf) &&
	test -f root/etc/mail/sendmail.cf && test -f root/etc/mail/submit.cf &&
	test "$(stat -c %a root/etc/mail/sendmail.cf)" = 444 &&
	test "$(stat -c %a root/etc/mail/submit.cf)" = 444 &&
	test_cmp b/submit.cf root/etc/mail/submit.cf
'

test_expect_success 'an unknown FEATURE stops the build naming file and line' '
	build_here &&
	printf "OSTYPE(\`linux'"'"')dnl\nFEATURE(\`no_such_thing'"'"')dnl\nMAILER(\`local'"'"')dnl\n" >b/bad1.mc &&
	(cd b && test_must_fail sh Build bad1.cf) 2>err &&
	grep "^bad1.mc:2: unknown FEATURE .no_such_thing" err &&
	! test -f b/bad1.cf
'

test_expect_success 'an unknown OSTYPE, DOMAIN or MAILER stops it too' '
	printf "OSTYPE(\`linux'"'"')dnl\nDOMAIN(\`nowhere'"'"')dnl\n" >b/bad2.mc &&
	(cd b && test_must_fail sh Build bad2.cf) 2>err &&
	grep "^bad2.mc:2: unknown DOMAIN .nowhere" err &&
	printf "OSTYPE(\`nosuchos'"'"')dnl\n" >b/bad3.mc &&
	(cd b && test_must_fail sh Build bad3.cf) 2>err &&
	grep "^bad3.mc:1: unknown OSTYPE .nosuchos" err &&
	printf "OSTYPE(\`linux'"'"')dnl\n\nMAILER(\`carrier_pigeon'"'"')dnl\n" >b/bad4.mc &&
	(cd b && test_must_fail sh Build bad4.cf) 2>err &&
	grep "^bad4.mc:3: unknown MAILER .carrier_pigeon" err
'

test_expect_success 'a FEATURE that needs an argument or another FEATURE says so at its .mc line' '
	printf "OSTYPE(\`linux'"'"')dnl\n\nFEATURE(\`nullclient'"'"')dnl\n" >b/bad9.mc &&
	(cd b && test_must_fail sh Build bad9.cf) 2>err &&
	grep "^bad9.mc:3: FEATURE(nullclient) needs the hub name" err &&
	printf "OSTYPE(\`linux'"'"')dnl\nFEATURE(\`access_db'"'"')dnl\nFEATURE(\`ratecontrol'"'"', \`nodelay'"'"')dnl\n" >b/bad10.mc &&
	(cd b && test_must_fail sh Build bad10.cf) 2>err &&
	grep "^bad10.mc:3: FEATURE(ratecontrol, nodelay) needs FEATURE(delay_checks)" err &&
	printf "OSTYPE(\`linux'"'"')dnl\nFEATURE(\`nouucp'"'"')dnl\n" >b/bad11.mc &&
	(cd b && test_must_fail sh Build bad11.cf) 2>err &&
	grep "^bad11.mc:2: FEATURE(nouucp) needs .reject. or .nospecial." err
'

test_expect_success 'a misspelled confX define stops the build naming file and line' '
	printf "OSTYPE(\`linux'"'"')dnl\ndefine(\`confMAX_MESSAGE_SIZE'"'"', \`100'"'"')dnl\ndefine(\`confMAX_MESAGE_SIZE'"'"', \`100'"'"')dnl\n" >b/bad5.mc &&
	(cd b && test_must_fail sh Build bad5.cf) 2>err &&
	grep "^bad5.mc:3: unknown option define confMAX_MESAGE_SIZE" err &&
	! grep ":2:" err && ! test -f b/bad5.cf
'

test_expect_success 'a missing quote stops the build naming file and line' '
	printf "OSTYPE(\`linux'"'"')dnl\ndefine(\`confSMTP_LOGIN_MSG'"'"', \`hello)dnl\nMAILER(\`local'"'"')dnl\n" >b/bad6.mc &&
	(cd b && test_must_fail sh Build bad6.cf) 2>err &&
	grep "bad6.mc:2:.*end of file" err && ! test -f b/bad6.cf
'

test_expect_success 'a missing include file stops the build' '
	printf "OSTYPE(\`linux'"'"')dnl\ninclude(\`/nonexistent/site.m4'"'"')dnl\n" >b/bad7.mc &&
	(cd b && test_must_fail sh Build bad7.cf) 2>err &&
	grep "bad7.mc:2: cannot open" err
'

test_expect_success 'no OSTYPE is an error (except for the MSP)' '
	printf "MAILER(\`local'"'"')dnl\n" >b/bad8.mc &&
	(cd b && test_must_fail sh Build bad8.cf) 2>err &&
	grep "bad8.mc: no OSTYPE given" err
'

test_expect_success 'confX defines become O lines; unset ones stay commented' '
	cat >b/opts.mc <<-\EOT &&
	OSTYPE(`linux'"'"')dnl
	DOMAIN(`generic'"'"')dnl
	define(`confPRIVACY_FLAGS'"'"', `authwarnings,noexpn,novrfy'"'"')dnl
	define(`confMAX_MESSAGE_SIZE'"'"', `10485760'"'"')dnl
	define(`confSMTP_LOGIN_MSG'"'"', `$j ESMTP ready'"'"')dnl
	define(`confCACERT_PATH'"'"', `/etc/mail/tls'"'"')dnl
	define(`confCACERT'"'"', `/etc/mail/tls/ca.pem'"'"')dnl
	define(`confSERVER_CERT'"'"', `/etc/mail/tls/cert.pem'"'"')dnl
	define(`confSERVER_KEY'"'"', `/etc/mail/tls/key.pem'"'"')dnl
	define(`confAUTH_MECHANISMS'"'"', `PLAIN LOGIN'"'"')dnl
	define(`confAUTH_OPTIONS'"'"', `A p'"'"')dnl
	TRUST_AUTH_MECH(`PLAIN LOGIN'"'"')dnl
	MAILER(`local'"'"')dnl
	MAILER(`smtp'"'"')dnl
	EOT
	(cd b && sh Build opts.cf) &&
	grep "^O PrivacyOptions=authwarnings,noexpn,novrfy\$" b/opts.cf &&
	grep "^O MaxMessageSize=10485760\$" b/opts.cf &&
	grep "^O SmtpGreetingMessage=\$j ESMTP ready\$" b/opts.cf &&
	grep "^O CACertPath=/etc/mail/tls\$" b/opts.cf &&
	grep "^O CACertFile=/etc/mail/tls/ca.pem\$" b/opts.cf &&
	grep "^O ServerCertFile=/etc/mail/tls/cert.pem\$" b/opts.cf &&
	grep "^O ServerKeyFile=/etc/mail/tls/key.pem\$" b/opts.cf &&
	grep "^O AuthMechanisms=PLAIN LOGIN\$" b/opts.cf &&
	grep "^O AuthOptions=A p\$" b/opts.cf &&
	grep "^C{TrustAuthMech}PLAIN LOGIN\$" b/opts.cf &&
	grep "^#O ClientCertFile" b/opts.cf
'

test_expect_success 'text of the .mc in divert(0) stays there between macros' '
	cat >b/text.mc <<-\EOT &&
	divert(0)dnl
	VERSIONID(`first'"'"')
	OSTYPE(`linux'"'"')dnl
	FEATURE(`access_db'"'"')dnl
	MASQUERADE_DOMAIN(`example.com'"'"')dnl
	VERSIONID(`second'"'"')
	MAILER(`local'"'"')dnl
	VERSIONID(`third'"'"')
	EOT
	(cd b && sh Build text.cf) &&
	grep "^#####  first  #####" b/text.cf &&
	grep "^#####  second  #####" b/text.cf &&
	grep "^#####  third  #####" b/text.cf
'

test_expect_success 'LOCAL_CONFIG and LOCAL_RULE_0 text lands in its place' '
	cat >b/local.mc <<-\EOT &&
	OSTYPE(`linux'"'"')dnl
	MAILER(`local'"'"')dnl
	MAILER(`smtp'"'"')dnl
	LOCAL_CONFIG
	Kmyalias hash /etc/mail/myalias
	LOCAL_RULE_0
	R$+ < @ special . test . >	$#local $: $1
	EOT
	(cd b && sh Build local.cf) &&
	grep "^Kmyalias hash /etc/mail/myalias" b/local.cf &&
	sed -n "/^SParseLocal=98/,/^S/p" b/local.cf >rule0 &&
	grep "special . test" rule0
'

test_done
