/*
 * options.c - unit tests for sendmail/options.c: the option table, O lines,
 * -O/-o, stickiness, defaults, sendmail's error texts.
 *
 * Expected texts come from the real sendmail 8.17 (-bt with bad O lines).
 * The macro and ruleset functions options.c calls are stubbed here, so
 * this test links only options.o (and mailer.o) from libsendmail.a.
 */
#include "sm.h"
#include "config.h"
#include "macro.h"
#include "ruleset.h"
#include "tap.h"

/* ---- stubs for the engine's functions ---- */

static char *stub_names[MACRO_MAX];
static int stub_next = 256;

int
macro_id(const char *name, bool create)
{
	char b[64];
	int i;

	if (name[0] != '\0' && name[1] == '\0')
		return (unsigned char)name[0];
	sm_strlcpy(b, name[0] == '{' ? name + 1 : name, sizeof(b));
	b[strcspn(b, "}")] = '\0';
	for (i = 256; i < stub_next; i++)
		if (strcmp(stub_names[i], b) == 0)
			return i;
	if (!create || stub_next >= MACRO_MAX)
		return -1;
	stub_names[stub_next] = sm_strdup(b);
	return stub_next++;
}

void
macro_set(struct macros *m, int id, const char *value)
{
	free(m->val[id]);
	m->val[id] = value ? sm_strdup(value) : NULL;
}

int
ruleset_id(struct config *cfg, const char *name, bool create)
{
	(void)cfg;
	(void)create;
	return isdigit((unsigned char)*name) ? atoi(name) : 50;
}

int
ruleset_find(const struct config *cfg, const char *name)
{
	return ruleset_id((struct config *)cfg, name, false);
}

const char *
ruleset_name(const struct config *cfg, int id, char *buf, size_t size)
{
	(void)cfg;
	sm_snprintf(buf, size, "%d", id);
	return buf;
}

/* ---- helpers ---- */

static struct config cfg;
static struct sm_buf err = SM_BUF_INIT(4096);

static void
fresh(void)
{
	int i;

	options_free(&cfg.opt);
	for (i = 0; i < MACRO_MAX; i++) {
		free(cfg.mac.val[i]);
		cfg.mac.val[i] = NULL;
	}
	options_defaults(&cfg.opt);
	sm_buf_reset(&err);
}

/* cf - one O line (text after 'O'); returns the rc, err keeps the text */
static int
cf(const char *text)
{
	sm_buf_reset(&err);
	return option_cf_line(&cfg, text, &err);
}

/* ---- tests ---- */

static void
test_defaults(void)
{
	const struct options *o = &cfg.opt;

	fresh();
	is_int(o->log_level, 9, "LogLevel defaults to 9");
	is_int(o->max_hop_count, 25, "MaxHopCount defaults to 25");
	is_int(o->checkpoint_interval, 10, "CheckpointInterval defaults to 10");
	is_int(o->delivery_mode, 'b', "DeliveryMode defaults to background");
	is_int(o->error_mode, 'p', "ErrorMode defaults to print");
	is_int(o->eight_bit_mode, 'p', "EightBitMode defaults to pass");
	is_int(o->blank_sub, ' ', "BlankSub defaults to space");
	is_int(o->queue_sort_order, 'p', "QueueSortOrder defaults to priority");
	is_int(o->super_safe, SAFE_REALLY, "SuperSafe defaults to True");
	ok(o->me_too && o->send_mime_errors && o->colon_ok_in_addr, "MeToo, SendMimeErrors, ColonOkInAddr on");
	ok(!o->seven_bit_input && !o->hold_expensive, "SevenBitInput, HoldExpensive off");
	is_int(o->class_factor, 1800, "ClassFactor 1800");
	is_int(o->recipient_factor, 30000, "RecipientFactor 30000");
	is_int(o->retry_factor, 90000, "RetryFactor 90000");
	is_int(o->queue_factor, 600000, "QueueFactor 600000");
	is_int(o->min_free_blocks, 100, "MinFreeBlocks 100");
	is_int(o->temp_file_mode, 0600, "TempFileMode 0600");
	is_int(o->conn_cache_size, 1, "ConnectionCacheSize 1");
	is_int(o->conn_cache_timeout, 300, "ConnectionCacheTimeout 5m");
	is_int(o->max_mime_header_length, 2048, "MaxMimeHeaderLength 2048");
	is_int(o->max_mime_field_length, 1024, "... field length 1024");
	is_int(o->max_headers_length, 32768, "MaxHeadersLength 32768");
	is_int(o->max_alias_recursion, 10, "MaxAliasRecursion 10");
	is_int(o->reject_log_interval, 3 * 3600, "RejectLogInterval 3h");
	is_str(o->double_bounce_addr, "postmaster", "DoubleBounceAddress postmaster");
	is_str(o->service_switch_file, "/etc/mail/service.switch", "ServiceSwitchFile");
	is_str(o->hosts_file, "/etc/hosts", "HostsFile");
	is_str(o->mailbox_database, "pw", "MailboxDatabase pw");
	is_str(o->must_quote_chars, "@,;:\\()[].'", "MustQuoteChars");
	ok(o->queue_dir == NULL && o->alias_file == NULL, "no QueueDirectory, no AliasFile");
	is_int(o->to.initial, 300, "Timeout.initial 5m");
	is_int(o->to.mail, 600, "Timeout.mail 10m");
	is_int(o->to.rcpt, 3600, "Timeout.rcpt 1h");
	is_int(o->to.ident, 5, "Timeout.ident 5s");
	is_int(o->to.fileopen, 60, "Timeout.fileopen 60s");
	is_int(o->to.hoststatus, 1800, "Timeout.hoststatus 30m");
	is_int(o->to.q_return[TOC_URGENT], 5 * 86400, "Timeout.queuereturn 5d");
	is_int(o->to.q_warning[TOC_NORMAL], 0, "Timeout.queuewarn unset");
	is_int(o->to.res_retry[0], -1, "resolver retry: the resolver's");
	ok(o->queue_la > 0 && o->refuse_la > o->queue_la, "QueueLA and RefuseLA scale with CPUs");
}

/* Lines sendmail accepts, and what they set */
static void
test_values(void)
{
	static const struct {
		const char *line;
		size_t off;
		int size;	/* 1 char/bool, 4 int, 8 long/time */
		long long want;
	} tab[] = {
		{ " LogLevel=12", offsetof(struct options, log_level), 4, 12 },
		{ "L3", offsetof(struct options, log_level), 4, 3 },
		{ " loglevel = 14", offsetof(struct options, log_level), 4, 14 },
		{ " MaxHopCount=", offsetof(struct options, max_hop_count), 4, 0 },
		{ " SevenBitInput", offsetof(struct options, seven_bit_input), 1, 1 },
		{ " SevenBitInput=False", offsetof(struct options, seven_bit_input), 1, 0 },
		{ " SevenBitInput=yes", offsetof(struct options, seven_bit_input), 1, 1 },
		{ " SevenBitInput=1", offsetof(struct options, seven_bit_input), 1, 0 },
		{ "7", offsetof(struct options, seven_bit_input), 1, 1 },
		{ " DeliveryMode=background", offsetof(struct options, delivery_mode), 1, 'b' },
		{ "dq", offsetof(struct options, delivery_mode), 1, 'q' },
		{ "d", offsetof(struct options, delivery_mode), 1, 'i' },
		{ " ErrorMode=z", offsetof(struct options, error_mode), 1, 'p' },
		{ " ErrorMode=m", offsetof(struct options, error_mode), 1, 'm' },
		{ " EightBitMode=mime", offsetof(struct options, eight_bit_mode), 1, 'm' },
		{ " QueueSortOrder=Host", offsetof(struct options, queue_sort_order), 1, 'h' },
		{ " SuperSafe=interactive", offsetof(struct options, super_safe), 4, SAFE_INTERACTIVE },
		{ " SuperSafe=PostMilter", offsetof(struct options, super_safe), 4, SAFE_REALLY_POSTMILTER },
		{ " SuperSafe=bogus", offsetof(struct options, super_safe), 4, SAFE_NO },
		{ " BlankSub=.", offsetof(struct options, blank_sub), 1, '.' },
		{ " AliasWait=10", offsetof(struct options, alias_wait), 8, 600 },
		{ " AliasWait=1h30m", offsetof(struct options, alias_wait), 8, 5400 },
		{ " AliasWait=-5", offsetof(struct options, alias_wait), 8, -300 },
		{ " DialDelay=5", offsetof(struct options, dial_delay), 8, 5 },
		{ " RejectLogInterval=2", offsetof(struct options, reject_log_interval), 8, 7200 },
		{ " MaxMessageSize=10000000", offsetof(struct options, max_message_size), 8, 10000000 },
		{ " MinFreeBlocks=50/2000", offsetof(struct options, max_message_size), 8, 2000 },
		{ " MaxMimeHeaderLength=4096/100", offsetof(struct options, max_mime_field_length), 4, 100 },
		{ " MaxMimeHeaderLength=4096", offsetof(struct options, max_mime_field_length), 4, 2048 },
		{ " TempFileMode=0644", offsetof(struct options, temp_file_mode), 4, 0644 },
		{ " ConnectionCacheSize=-3", offsetof(struct options, conn_cache_size), 4, 0 },
		{ " NoRecipientAction=ADD-TO-UNDISCLOSED", offsetof(struct options, no_rcpt_action), 4, NRA_ADD_TO_UNDISCLOSED },
		{ " DontProbeInterfaces=loopback", offsetof(struct options, dont_probe_ifaces), 4, DPI_SKIPLOOPBACK },
		{ " DontProbeInterfaces=true", offsetof(struct options, dont_probe_ifaces), 4, DPI_PROBENONE },
		{ " Timeout.command=25m", offsetof(struct options, to.command), 8, 1500 },
		{ " Timeout.IDENT=0", offsetof(struct options, to.ident), 8, 0 },
		{ " Timeout.queuewarn.urgent=1", offsetof(struct options, to.q_warning[TOC_URGENT]), 8, 3600 },
		{ " Timeout.queuereturn=7", offsetof(struct options, to.q_return[TOC_DSN]), 8, 7 * 86400 },
		{ " Timeout.queuereturn=now", offsetof(struct options, to.q_return[TOC_NORMAL]), 8, OPT_TIME_NOW },
		{ " Timeout.resolver.retrans=5", offsetof(struct options, to.res_retrans[1]), 4, 5 },
		{ " Timeout.resolver.retry.first=2", offsetof(struct options, to.res_retry[0]), 4, 2 },
		{ "T7d/5h", offsetof(struct options, to.q_warning[TOC_NONURGENT]), 8, 5 * 3600 },
		{ "T3d", offsetof(struct options, to.q_return[TOC_NORMAL]), 8, 3 * 86400 },
		{ "r15m", offsetof(struct options, to.datablock), 8, 900 },
		{ " Timeout=20m,helo=1m", offsetof(struct options, to.helo), 8, 60 },
		{ " Milter.LogLevel=12", offsetof(struct options, milter.log_level), 4, 12 },
		{ " LogLevel.x=5", offsetof(struct options, log_level), 4, 5 },
		/* numbers as atoi() reads them, silently, like sendmail */
		{ " LogLevel=abc", offsetof(struct options, log_level), 4, 0 },
		{ " LogLevel= -7x", offsetof(struct options, log_level), 4, -7 },
		{ " LogLevel=99999999999999999999999", offsetof(struct options, log_level), 4, INT_MAX },
		{ " MaxMessageSize=10M", offsetof(struct options, max_message_size), 8, 10 },
		{ " MinFreeBlocks=lots", offsetof(struct options, min_free_blocks), 8, 0 },
		{ " TempFileMode=999", offsetof(struct options, temp_file_mode), 4, 0 },
		{ " TempFileMode=0644x", offsetof(struct options, temp_file_mode), 4, 0644 },
	};
	size_t i;
	char desc[160];

	for (i = 0; i < SM_ARRAY_SIZE(tab); i++) {
		const char *p = (const char *)&cfg.opt + tab[i].off;
		long long got;
		int rc;

		fresh();
		rc = cf(tab[i].line);
		switch (tab[i].size) {
		case 1: got = *(const char *)p; break;
		case 4: got = *(const int *)p; break;
		default: got = *(const long long *)(const void *)p; break;
		}
		sm_snprintf(desc, sizeof(desc), "O%s: rc 0", tab[i].line);
		is_int(rc, 0, desc);
		sm_snprintf(desc, sizeof(desc), "O%s: value", tab[i].line);
		is_int(got, tab[i].want, desc);
	}
}

/* Lines sendmail refuses, with its exact texts */
static void
test_errors(void)
{
	static const struct {
		const char *line;
		const char *msg;
	} tab[] = {
		{ " Bogus=1", "readcf: unknown option name Bogus" },
		{ "W", "readcf: unknown option name 0x57" },
		{ "D", "readcf: unknown option name 0x44" },
		{ "\xc3\xbc", "readcf: unknown option name 0xc3" },
		{ "", "readcf: unknown option name 0x0" },
		{ " =5", "readcf: null option name" },
		{ "   LogLevel = 1", "readcf: unknown option name   LogLevel" },
		{ " Max=1", "readcf: ambiguous option name Max (matches MaxHopCount and MaxMessageSize)" },
		{ " Dont=1", "readcf: ambiguous option name Dont (matches DontPruneRoutes and DontExpandCnames)" },
		{ " Time.initial=5m", "readcf: ambiguous option name Time (matches Timeout and TimeZoneSpec)" },
		{ " .x=3", "readcf: ambiguous option name  (matches SevenBitInput and EightBitMode)" },
		{ " AliasWait=xyz", "Invalid time unit `x'\nInvalid time unit `y'\nInvalid time unit `z'" },
		{ " AliasWait=bad", "Invalid time unit `b'\nInvalid time unit `a'" },
		{ " Timeout.bogus=5m", "settimeout: invalid timeout bogus" },
		{ " Timeout.=5", "settimeout: invalid timeout " },
		{ " Timeout.queuewarn=3x", "Invalid time unit `x'\nInvalid time unit `x'" },
		{ " Timeout.rcpt=3x", "Invalid time unit `x'" },
		{ " Timeout=15m,command=1h, bogus=3,rcpt:2x, junk",
		  "settimeout: invalid timeout bogus\nInvalid time unit `x'" },
		{ " QueueTimeout=2x/3y", "Invalid time unit `y'\nInvalid time unit `y'\n"
		  "Invalid time unit `x'\nInvalid time unit `x'" },
		{ " DeliveryMode=z", "Unknown delivery mode z" },
		{ " EightBitMode=z", "Unknown 8-bit mode z" },
		{ " EightBitMode=", "Unknown 8-bit mode " },
		{ " QueueSortOrder=zzz", "Invalid queue sort order \"zzz\"" },
		{ " QueueSortOrder=", "Invalid queue sort order \"\"" },
		{ " PrivacyOptions=goaway,bogus", "readcf: Op line: bogus unrecognized" },
		{ " PrivacyOptions= , Goaway noexpn;x", "readcf: Op line: x unrecognized" },
		{ " DontBlameSendmail=safe, GroupWritableAliasFile,,nonrootsafeaddr  bogus2",
		  "readcf: DontBlameSendmail option: bogus2 unrecognized" },
		{ " ResolverOptions=+use_inet6 true rotate +AAONLY -RECURSE HasWildcardMX",
		  "readcf: I option value use_inet6 unrecognized\nreadcf: I option value rotate unrecognized" },
		{ " NoRecipientAction=bogus", "Invalid NoRecipientAction: bogus" },
		{ " NoRecipientAction=", "Invalid NoRecipientAction: " },
		{ " Milter.bogus=1", "milter_set_option: invalid Milter option bogus" },
		{ " Milter.macros.bogus=1", "milter_set_option: invalid Milter option macros.bogus" },
		{ " Milter=3", "milter_set_option: invalid Milter option, must specify suboption" },
		{ " DaemonPortOptions=Name=MTA, Bogus=1", "PortOptions parameter \"Bogus=1\" unknown" },
		{ " DaemonPortOptions=Family=iso", "Unknown address family iso in Family=option" },
		{ " ClientPortOptions=D=z", "Unknown delivery mode z" },
		{ " DaemonPortOptions=Port=notanumber_x,Name=MTA", "service \"notanumber_x\" unknown" },
		{ "M", "Name required for macro/class" },
		{ " ClientSSLOptions=bogus", "readcf: ClientSSLOptions option value bogus unrecognized" },
		{ " ServerSSLOptions=+SSL_OP_ALL,-ssl_op_no_ticket 0x10\tx -",
		  "readcf: ServerSSLOptions option value x unrecognized\n"
		  "readcf: ServerSSLOptions option value  unrecognized" },
		{ " SmtpUTF8", "readcf: option: SmtpUTF8 set but no USE_EAI support" },
	};
	size_t i;
	char desc[200];

	for (i = 0; i < SM_ARRAY_SIZE(tab); i++) {
		int rc;

		fresh();
		rc = cf(tab[i].line);
		sm_snprintf(desc, sizeof(desc), "O%s fails", tab[i].line);
		is_int(rc, -1, desc);
		sm_snprintf(desc, sizeof(desc), "O%s: sendmail's text", tab[i].line);
		is_str(sm_buf_str(&err), tab[i].msg, desc);
	}
}

/* unknown users and groups: sendmail complains (syserr) and goes on, so
 * the line is a warning (0 with the text) */
static void
test_unknown_ids(void)
{
	static const struct {
		const char *line, *msg;
	} tab[] = {
		{ " DefaultUser=nosuchuser_x", "readcf: option u: unknown user nosuchuser_x" },
		{ " DefaultUser=1:nosuchgroup_x", "readcf: option u: unknown group nosuchgroup_x" },
		{ "gnosuchgroup_x", "readcf: option g: unknown group nosuchgroup_x" },
		{ " RunAsUser=nosuchuser_x", "readcf: option RunAsUser: unknown user nosuchuser_x" },
		{ " RunAsUser=1:nosuchgroup_x", "readcf: option RunAsUser: unknown group nosuchgroup_x" },
		{ " TrustedUser=", "readcf: option TrustedUser: unknown user " },
	};
	size_t i;
	char desc[200];

	for (i = 0; i < SM_ARRAY_SIZE(tab); i++) {
		fresh();
		sm_snprintf(desc, sizeof(desc), "O%s warns", tab[i].line);
		is_int(cf(tab[i].line), 0, desc);
		sm_snprintf(desc, sizeof(desc), "O%s: sendmail's text", tab[i].line);
		is_str(sm_buf_str(&err), tab[i].msg, desc);
	}
}

static void
test_abbreviation(void)
{
	fresh();
	is_int(cf(" LogLev=5"), 0, "an unambiguous prefix is accepted");
	is_str(sm_buf_str(&err), "Option LogLev used as abbreviation for LogLevel",
	    "... with sendmail's warning");
	is_int(cfg.opt.log_level, 5, "... and sets the option");
	is_int(cf(" maxhop=3"), 0, "prefixes ignore case");
	is_int(cfg.opt.max_hop_count, 3, "... MaxHopCount set");
	is_int(cf(" Timeout.init=3"), -1, "sub-options do not abbreviate");
}

static void
test_strings(void)
{
	fresh();
	cf(" QueueDirectory=/var/spool/mqueue");
	is_str(cfg.opt.queue_dir, "/var/spool/mqueue", "QueueDirectory");
	cf("Q");
	is_str(cfg.opt.queue_dir, "mqueue", "empty QueueDirectory means mqueue");
	cf(" HelpFile=");
	is_str(cfg.opt.help_file, "helpfile", "empty HelpFile means helpfile");
	cf("S");
	is_str(cfg.opt.status_file, "statistics", "empty StatusFile means statistics");
	cf(" SmtpGreetingMessage=$j \"Sendmail\" $v\\n");
	is_str(cfg.opt.smtp_greeting, "$j Sendmail $v\n", "SmtpGreetingMessage is munched");
	cf(" OperatorChars=.:%@!^/[]+");
	is_str(cfg.opt.operator_chars, ".:%@!^/[]+", "OperatorChars");
	cf(" TimeZoneSpec=");
	is_str(cfg.opt.time_zone, "", "TimeZoneSpec set but empty");
	cf(" AliasFile=/etc/mail/aliases, hash:/x ,, y");
	cf(" AliasFile=d");
	is_int(cfg.opt.n_alias_files, 5, "AliasFile specs add up");
	is_str(cfg.opt.alias_files[1], "hash:/x ", "... each as written");
	is_str(cfg.opt.alias_files[2], "", "... empty specs kept for the map code");
	is_str(cfg.opt.alias_file, "/etc/mail/aliases,hash:/x ,,y,d", "... joined");
	cf("A");
	is_str(cfg.opt.alias_files[5], "aliases", "empty AliasFile means aliases");
	cf("Mxhello");
	is_str(cfg.mac.val['x'], "hello", "OMx defines macro x");
	cf("M{foo}bar");
	is_str(cfg.mac.val[macro_id("{foo}", false)], "bar", "OM{foo} defines ${foo}");
}

static void
test_sets(void)
{
	fresh();
	is_int(cf(" PrivacyOptions=authwarnings"), 0, "PrivacyOptions");
	cf("pnovrfy");
	is_int(cfg.opt.privacy, PRIV_AUTHWARNINGS | PRIV_NOVRFY, "PrivacyOptions add up");
	cf(" PrivacyOptions=goaway");
	ok((cfg.opt.privacy & PRIV_GOAWAY) == PRIV_GOAWAY &&
	    !(cfg.opt.privacy & PRIV_RESTRICTQRUN), "goaway sets all but the restrict* ones");
	cf(" DontBlameSendmail=GroupWritableAliasFile, nonrootsafeaddr");
	ok(cfg.opt.dont_blame == (((uint64_t)1 << DBS_GROUPWRITABLEALIASFILE) |
	    ((uint64_t)1 << DBS_NONROOTSAFEADDR)), "DontBlameSendmail flags");
	cf(" DontBlameSendmail=safe");
	is_int(cfg.opt.dont_blame, 0, "safe clears DontBlameSendmail");
	cf(" ResolverOptions=+AAONLY -DNSRCH WorkAroundBrokenAAAA");
	is_int(cfg.opt.res_set, RESOPT_AAONLY, "ResolverOptions +");
	is_int(cfg.opt.res_clear, RESOPT_DNSRCH, "ResolverOptions -");
	ok(cfg.opt.res_workaround_aaaa && !cfg.opt.res_wildcard_mx, "WorkAroundBrokenAAAA");
	cf(" Milter.macros.connect=j, _");
	cf(" Milter.macros.CONNECT={daemon_name}");
	is_str(cfg.opt.milter.macros[MILTER_CONNECT], "j, _, {daemon_name}",
	    "Milter.macros lists add up");
}

static void
test_ports(void)
{
	const struct opt_port *p;

	fresh();
	is_int(cf(" DaemonPortOptions=Name=MTA"), 0, "DaemonPortOptions");
	is_int(cf(" DaemonPortOptions=Port=587, Name=MSA, M=Ea, Family=inet6, "
	    "Addr=::1, Listen=20, noeq, D=q, c=5"), 0, "a second one");
	is_int(cfg.opt.daemon_ports.n, 2, "each setting is a daemon");
	p = &cfg.opt.daemon_ports.v[1];
	is_str(p->name, "MSA", "Name");
	is_str(p->port, "587", "Port");
	is_str(p->modifiers, "Ea", "Modifier letters");
	is_str(p->family, "inet6", "Family");
	is_str(p->addr, "::1", "Addr");
	is_int(p->listen, 20, "Listen");
	is_int(p->delivery_mode, 'q', "DeliveryMode");
	is_int(p->children, 5, "children");
	is_int(option_cmdline(&cfg, "DaemonPortOptions=Name=X", true, &err), 0, "-O DaemonPortOptions");
	is_int(cfg.opt.daemon_ports.n, 1, "the command line replaces the cf's daemons");
	is_int(cf(" DaemonPortOptions=Name=Y"), 0, "a later cf line ...");
	is_int(cfg.opt.daemon_ports.n, 1, "... is ignored");
	is_str(cfg.opt.daemon_ports.v[0].name, "X", "... the command line's stays");
}

static void
test_sticky(void)
{
	fresh();
	is_int(option_cmdline(&cfg, "LogLevel=5", true, &err), 0, "-O LogLevel=5");
	is_int(option_cmdline(&cfg, "Q/tmp/q", false, &err), 0, "-oQ/tmp/q");
	is_int(cf(" LogLevel=9"), 0, "cf LogLevel after -O");
	is_int(cfg.opt.log_level, 5, "the command line wins");
	cf(" QueueDirectory=/var/spool/mqueue");
	is_str(cfg.opt.queue_dir, "/tmp/q", "sticky QueueDirectory");
	option_cmdline(&cfg, "Timeout.queuewarn=2h", true, &err);
	cf(" Timeout.queuewarn=4h");
	cf(" Timeout.queuereturn=3d");
	is_int(cfg.opt.to.q_warning[TOC_DSN], 7200, "sticky Timeout sub-option");
	is_int(cfg.opt.to.q_return[TOC_DSN], 3 * 86400, "other sub-options still set");
	option_cmdline(&cfg, "PrivacyOptions=novrfy", true, &err);
	cf(" PrivacyOptions=noexpn");
	ok((cfg.opt.privacy & (PRIV_NOVRFY | PRIV_NOEXPN)) == (PRIV_NOVRFY | PRIV_NOEXPN),
	    "PrivacyOptions from both add up");
	is_int(option_cmdline(&cfg, "Bogus=1", true, &err), -1, "-O Bogus=1 fails");
	is_int(option_cmdline(&cfg, "", false, &err), -1, "-o with nothing fails");
	is_int(option_set(&cfg, "MaxHopCount", "17", OPT_SRC_CF, &err), 0, "option_set by name");
	is_int(cfg.opt.max_hop_count, 17, "... sets it");
	is_int(option_set(&cfg, "h", "18", OPT_SRC_CF, &err), 0, "option_set by letter");
	is_int(cfg.opt.max_hop_count, 18, "... sets it");
	fresh();
	options_version(&cfg.opt, 5);
	ok(cfg.opt.colon_ok_in_addr, "ColonOkInAddr stays on below V6");
	options_version(&cfg.opt, 10);
	ok(!cfg.opt.colon_ok_in_addr, "... and goes off from V6");
	fresh();
	option_cmdline(&cfg, "ColonOkInAddr", true, &err);
	options_version(&cfg.opt, 10);
	ok(cfg.opt.colon_ok_in_addr, "... unless the command line set it");
	ok(option_is_safe("LogLevel") && option_is_safe("7") && !option_is_safe("QueueDirectory"),
	    "safe options per the guide");
}

static void
test_convtime(void)
{
	static const struct {
		const char *s;
		int unit;
		int rc;
		long long want;
	} tab[] = {
		{ "1h30m", 'm', 0, 5400 }, { "5", 'd', 0, 5 * 86400 }, { "", 'm', 0, 0 },
		{ "2w", 's', 0, 14 * 86400 }, { "-1m", 's', 0, -60 }, { "now", 'm', 0, OPT_TIME_NOW },
		{ "h", 's', 0, 0 }, { "1x", 's', -1, 1 }, { "5M", 's', -1, 5 },
		{ "99999999999999999999w", 's', -1, 0 },
	};
	size_t i;
	char desc[80];

	for (i = 0; i < SM_ARRAY_SIZE(tab); i++) {
		time_t t;
		int rc;

		sm_buf_reset(&err);
		rc = option_convtime(tab[i].s, tab[i].unit, &t, &err);
		sm_snprintf(desc, sizeof(desc), "convtime \"%s\" rc", tab[i].s);
		is_int(rc, tab[i].rc, desc);
		if (rc == 0 || tab[i].want) {
			sm_snprintf(desc, sizeof(desc), "convtime \"%s\" value", tab[i].s);
			is_int(t, tab[i].want, desc);
		}
	}
}

int
main(void)
{
	int i;

	test_defaults();
	test_values();
	test_errors();
	test_unknown_ids();
	test_abbreviation();
	test_strings();
	test_sets();
	test_ports();
	test_sticky();
	test_convtime();
	options_free(&cfg.opt);
	for (i = 0; i < MACRO_MAX; i++)
		free(cfg.mac.val[i]);
	for (i = 256; i < stub_next; i++)
		free(stub_names[i]);
	sm_buf_free(&err);
	return tap_done();
}
