/*
 * options.h - sendmail.cf options (O lines, -O name=value, -oXvalue).
 *
 * CONTRACT shared by conf_read, main and every user of an option
 * (owner: options.c).  The option table in options.c lists every option
 * sendmail 8.17 knows: long name, old one-character name when it has one,
 * type (string, bool, int, long, time, char, mode, custom) and default, and
 * the member of struct options it sets.  Names match case-insensitively.
 *
 * Errors: unknown names, malformed values and out-of-range numbers make the
 * functions return -1 with sendmail's text in err (no file/line: the caller
 * prefixes "file: line N: ").  One value may produce several messages (a
 * time "xyz" gives one "Invalid time unit" per bad character, as sendmail
 * does); they are separated by '\n' in err and the caller prefixes each.
 * The setting is still applied as far as sendmail would apply it.
 * A return of 0 with text in err is a warning, not an error: sendmail's
 * "Option LogLev used as abbreviation for LogLevel" (printed with the
 * same "file: line N: " prefix; it does not make the config bad).
 * sendmail prints all of these on stdout in -bt/-bv.  Two warnings that
 * sendmail prints without a prefix go to stdout directly here too
 * ("Warning: MaxMimeHeaderLength: header length limit set lower than 128").
 *
 * Numbers are read as sendmail reads them, with atoi() semantics and no
 * message: "10M" is 10, "abc" and "" are 0 (clamped to the member's range).
 * A message sendmail does not print would break byte-for-byte output.
 *
 * Sticky options: a value set from the command line (OPT_SRC_CMDLINE) is
 * not overridden by the cf, as in sendmail; PrivacyOptions and M add up
 * instead.  Either order of calls (command line first, then the cf, or the
 * other way round) gives sendmail's result in struct options, as long as
 * options_defaults() ran before both.  sendmail applies the command line
 * first; what the cf reader itself uses while reading (OperatorChars for
 * tokenizing R lines) only sees a -O value when the command line comes
 * first.  Besides the long names, the one-letter-only options g (default
 * group) and M (define a macro: "Mxvalue", "M{name}value") exist.
 */
#ifndef OPTIONS_H
#define OPTIONS_H

#include "sm.h"

struct config;

/* Where an option setting came from; -O/-o on the command line can be
 * refused for unsafe options when not root, as sendmail does. */
enum opt_source { OPT_SRC_CF, OPT_SRC_CMDLINE };

/* OPT_TIME_NOW - what a time of "now" (Timeout.queuereturn=now) becomes:
 * one second, so that every queued message is already past it. */
#define OPT_TIME_NOW ((time_t)1)

/* Message classes of Timeout.queuereturn.* and Timeout.queuewarn.* */
enum opt_toclass { TOC_NORMAL, TOC_URGENT, TOC_NONURGENT, TOC_DSN, TOC_MAX };

/* Timeout.* - seconds; 0 means none/kernel default where the guide says so */
struct opt_timeouts {
	time_t initial, helo, mail, rcpt, datainit, datablock, datafinal;
	time_t rset, quit, misc, command, ident, fileopen, control;
	time_t connect, iconnect, aconnect, hoststatus, lhlo, auth, starttls;
	time_t q_return[TOC_MAX];	/* queuereturn[.class] */
	time_t q_warning[TOC_MAX];	/* queuewarn[.class] */
	int res_retrans[2];		/* resolver.retrans.first/.normal; -1 = resolver's */
	int res_retry[2];		/* resolver.retry.first/.normal; -1 = resolver's */
};

/* Milter.* sub-options */
enum opt_milter_stage { MILTER_CONNECT, MILTER_HELO, MILTER_ENVFROM,
	MILTER_ENVRCPT, MILTER_DATA, MILTER_EOH, MILTER_EOM, MILTER_NSTAGES };
struct opt_milter {
	int log_level;			/* Milter.LogLevel; -1 = use LogLevel */
	char *macros[MILTER_NSTAGES];	/* Milter.macros.<stage>, comma lists (added up) */
};

/* One DaemonPortOptions or ClientPortOptions setting, as key=value pairs.
 * Only the first letter of a key counts, as in sendmail; unset strings are
 * NULL, unset numbers 0.  Addresses and ports are kept as text for
 * daemon.c to resolve. */
struct opt_port {
	char *raw;			/* the whole value */
	char *name;			/* Name= */
	char *addr;			/* Addr= */
	char *port;			/* Port= */
	char *family;			/* Family= (inet, inet6, local, unix) */
	char *modifiers;		/* Modifier= / M= letters */
	char *input_filters;		/* InputMailFilters= (';' separated) */
	int listen;			/* Listen= */
	int sndbuf, rcvbuf;		/* SndBufSize= RcvBufSize= */
	int children;			/* children= */
	int refuse_la, delay_la, queue_la;	/* refuseLA= delayLA= queueLA= */
	char delivery_mode;		/* DeliveryMode= first letter, '\0' unset */
};

struct opt_portlist {
	struct opt_port *v;
	size_t n;
};

/* PrivacyOptions bits */
#define PRIV_NEEDMAILHELO	0x00001
#define PRIV_NEEDEXPNHELO	0x00002
#define PRIV_NEEDVRFYHELO	0x00004
#define PRIV_NOEXPN		0x00008
#define PRIV_NOVRFY		0x00010
#define PRIV_RESTRICTEXPAND	0x00020
#define PRIV_RESTRICTMAILQ	0x00040
#define PRIV_RESTRICTQRUN	0x00080
#define PRIV_NOETRN		0x00100
#define PRIV_NOVERB		0x00200
#define PRIV_AUTHWARNINGS	0x00400
#define PRIV_NORECEIPTS		0x00800
#define PRIV_NOBODYRETN		0x01000
#define PRIV_NOACTUALRECIPIENT	0x02000
#define PRIV_GOAWAY		(PRIV_NEEDMAILHELO | PRIV_NEEDEXPNHELO | \
	PRIV_NEEDVRFYHELO | PRIV_NOEXPN | PRIV_NOVRFY | PRIV_NOVERB | \
	PRIV_AUTHWARNINGS | PRIV_NOACTUALRECIPIENT)

/* DontBlameSendmail: bit (1 << DBS_x) in options.dont_blame; the names
 * are in options.c's table, in this order. */
enum opt_dbs {
	DBS_SAFE, DBS_ASSUMESAFECHOWN, DBS_CLASSFILEINUNSAFEDIRPATH,
	DBS_DONTWARNFORWARDFILEINUNSAFEDIRPATH, DBS_ERRORHEADERINUNSAFEDIRPATH,
	DBS_FILEDELIVERYTOHARDLINK, DBS_FILEDELIVERYTOSYMLINK,
	DBS_FORWARDFILEINGROUPWRITABLEDIRPATH, DBS_FORWARDFILEINUNSAFEDIRPATH,
	DBS_FORWARDFILEINUNSAFEDIRPATHSAFE, DBS_GROUPREADABLEDEFAULTAUTHINFOFILE,
	DBS_GROUPREADABLEKEYFILE, DBS_GROUPREADABLESASLDBFILE,
	DBS_GROUPWRITABLEALIASFILE, DBS_GROUPWRITABLEDIRPATHSAFE,
	DBS_GROUPWRITABLEFORWARDFILE, DBS_GROUPWRITABLEFORWARDFILESAFE,
	DBS_GROUPWRITABLEINCLUDEFILE, DBS_GROUPWRITABLEINCLUDEFILESAFE,
	DBS_GROUPWRITABLESASLDBFILE, DBS_HELPFILEINUNSAFEDIRPATH,
	DBS_INCLUDEFILEINGROUPWRITABLEDIRPATH, DBS_INCLUDEFILEINUNSAFEDIRPATH,
	DBS_INCLUDEFILEINUNSAFEDIRPATHSAFE, DBS_INSUFFICIENTENTROPY,
	DBS_LINKEDALIASFILEINWRITABLEDIR, DBS_LINKEDCLASSFILEINWRITABLEDIR,
	DBS_LINKEDFORWARDFILEINWRITABLEDIR, DBS_LINKEDINCLUDEFILEINWRITABLEDIR,
	DBS_LINKEDMAPINWRITABLEDIR, DBS_LINKEDSERVICESWITCHFILEINWRITABLEDIR,
	DBS_MAPINUNSAFEDIRPATH, DBS_NONROOTSAFEADDR,
	DBS_RUNPROGRAMINUNSAFEDIRPATH, DBS_RUNWRITABLEPROGRAM,
	DBS_TRUSTSTICKYBIT, DBS_WORLDWRITABLEALIASFILE,
	DBS_WORLDWRITABLEFORWARDFILE, DBS_WORLDWRITABLEINCLUDEFILE,
	DBS_WRITEMAPTOHARDLINK, DBS_WRITEMAPTOSYMLINK,
	DBS_WRITESTATSTOHARDLINK, DBS_WRITESTATSTOSYMLINK,
	DBS_COUNT
};

/* ResolverOptions flag bits (set with +name or name, cleared with -name) */
#define RESOPT_DEBUG	0x0001
#define RESOPT_AAONLY	0x0002
#define RESOPT_USEVC	0x0004
#define RESOPT_PRIMARY	0x0008
#define RESOPT_IGNTC	0x0010
#define RESOPT_RECURSE	0x0020
#define RESOPT_DEFNAMES	0x0040
#define RESOPT_STAYOPEN	0x0080
#define RESOPT_DNSRCH	0x0100
#define RESOPT_EDNS0	0x0200
#define RESOPT_DNSSEC	0x0400
#define RESOPT_TRUSTAD	0x0800

/* SuperSafe values */
enum opt_safe { SAFE_NO, SAFE_REALLY, SAFE_INTERACTIVE, SAFE_REALLY_POSTMILTER };

/* NoRecipientAction values */
enum opt_norcpt { NRA_NO_ACTION, NRA_ADD_TO, NRA_ADD_APPARENTLY_TO,
	NRA_ADD_BCC, NRA_ADD_TO_UNDISCLOSED };

/* DontProbeInterfaces values */
enum opt_dpi { DPI_PROBEALL, DPI_PROBENONE, DPI_SKIPLOOPBACK };

#define OPT_STICKY_BYTES 32	/* room for 256 table rows */

/* struct options - one member per option.  Strings are malloc'd or NULL
 * (never set and no default); options_free frees them. */
struct options {
	/* -- files and directories */
	char *alias_file;		/* AliasFile (A): the specs joined with "," */
	char **alias_files;		/* ... and one by one (NULL-terminated) */
	size_t n_alias_files;
	char *queue_dir;		/* QueueDirectory (Q); "" value = "mqueue" */
	char *status_file;		/* StatusFile (S); "" value = "statistics" */
	char *help_file;		/* HelpFile (H); "" value = "helpfile" */
	char *service_switch_file;	/* ServiceSwitchFile */
	char *hosts_file;		/* HostsFile */
	char *forward_path;		/* ForwardPath (J) */
	char *pid_file;			/* PidFile (macro-expanded when used) */
	char *dead_letter_drop;		/* DeadLetterDrop */
	char *error_header;		/* ErrorHeader (E) */
	char *host_status_dir;		/* HostStatusDirectory */
	char *safe_file_env;		/* SafeFileEnvironment */
	char *control_socket_name;	/* ControlSocketName */
	char *shm_key_file;		/* SharedMemoryKeyFile */
	char *user_database_spec;	/* UserDatabaseSpec (U) */
	char *mailbox_database;		/* MailboxDatabase ("pw") */
	char *ldap_default_spec;	/* LDAPDefaultSpec */
	char *default_auth_info;	/* DefaultAuthInfo */
	char *rand_file;		/* RandFile */
	/* -- text */
	/* These three are NULL when not set: use $o, $e, $l below V7, else
	 * the guide's defaults ".:@[]", "$j Sendmail $v ready at $b" and
	 * "From $g $d".  Values went through munchstring (quotes, \n). */
	char *operator_chars;		/* OperatorChars */
	char *smtp_greeting;		/* SmtpGreetingMessage */
	char *unix_from_line;		/* UnixFromLine */
	char *must_quote_chars;		/* MustQuoteChars */
	char *resolver_options;		/* ResolverOptions (I), as given */
	unsigned res_set, res_clear;	/* ... RESOPT_* to set and to clear */
	bool res_wildcard_mx;		/* ... HasWildcardMX */
	bool res_workaround_aaaa;	/* ... WorkAroundBrokenAAAA */
	char *time_zone;		/* TimeZoneSpec (t); NULL unset, "" keep TZ */
	char *double_bounce_addr;	/* DoubleBounceAddress ("postmaster") */
	char *postmaster_copy;		/* PostmasterCopy (P) */
	char *fallback_mx_host;		/* FallbackMXhost (V) */
	char *fallback_smart_host;	/* FallbackSmartHost */
	char *connect_only_to;		/* ConnectOnlyTo */
	char *helo_name;		/* HeloName */
	char *default_charset;		/* DefaultCharSet */
	char *direct_submission_mods;	/* DirectSubmissionModifiers */
	char *process_title_prefix;	/* ProcessTitlePrefix */
	char *input_mail_filters;	/* InputMailFilters */
	char *dh_parameters;		/* DHParameters */
	/* -- users */
	char *default_user;		/* DefaultUser (u) as given */
	uid_t default_uid;		/* ... resolved (default: mailnull/sendmail/daemon, else 1) */
	gid_t default_gid;
	char *run_as_user;		/* RunAsUser as given */
	uid_t run_as_uid;		/* ... resolved; 0 = not set */
	gid_t run_as_gid;
	char *trusted_user;		/* TrustedUser as given */
	uid_t trusted_uid;		/* ... resolved; 0 = not set */
	/* -- TLS and AUTH */
	char *auth_mechanisms;		/* AuthMechanisms */
	char *auth_options;		/* AuthOptions (letters) */
	char *auth_realm;		/* AuthRealm */
	int auth_max_bits;		/* AuthMaxBits (INT_MAX) */
	char *ca_cert_file, *ca_cert_path;	/* CACertFile CACertPath */
	char *server_cert_file, *server_key_file;	/* ServerCertFile ServerKeyFile */
	char *client_cert_file, *client_key_file;	/* ClientCertFile ClientKeyFile */
	char *cipher_list, *cipher_suites;	/* CipherList CipherSuites */
	char *server_ssl_options, *client_ssl_options;	/* ServerSSLOptions ClientSSLOptions */
	char *crl_file, *crl_path;	/* CRLFile CRLPath */
	char *cert_fp_alg;		/* CertFingerprintAlgorithm */
	char *ssl_engine, *ssl_engine_path;	/* SSLEngine SSLEnginePath */
	char *tls_srv_options;		/* TLSSrvOptions (letters) */
	bool tls_fallback_to_clear;	/* TLSFallbacktoClear */
	bool set_cert_altnames;		/* SetCertAltnames */
	bool strict_transport_security;	/* StrictTransportSecurity */
	/* -- SMTP and delivery behaviour */
	struct opt_portlist daemon_ports;	/* DaemonPortOptions (O), one per setting */
	struct opt_portlist client_ports;	/* ClientPortOptions, one per setting */
	char delivery_mode;		/* DeliveryMode (d): i b q d ('b') */
	char error_mode;		/* ErrorMode (e): p q m w e ('p') */
	char eight_bit_mode;		/* EightBitMode (8): m p s ('p') */
	char queue_sort_order;		/* QueueSortOrder: p h f t r m n ('p') */
	char blank_sub;			/* BlankSub (B) (' ') */
	enum opt_safe super_safe;	/* SuperSafe (s) (True) */
	enum opt_norcpt no_rcpt_action;	/* NoRecipientAction (None) */
	enum opt_dpi dont_probe_ifaces;	/* DontProbeInterfaces */
	unsigned privacy;		/* PrivacyOptions (p): PRIV_* */
	uint64_t dont_blame;		/* DontBlameSendmail: 1 << DBS_* */
	struct opt_timeouts to;		/* Timeout.* (r), QueueTimeout (T) */
	struct opt_milter milter;	/* Milter.* */
	bool allow_bogus_helo;		/* AllowBogusHELO */
	bool check_aliases;		/* CheckAliases (n) */
	bool colon_ok_in_addr;		/* ColonOkInAddr (on; off from V6, see options_version) */
	bool dont_expand_cnames;	/* DontExpandCnames */
	bool dont_init_groups;		/* DontInitGroups */
	bool dont_prune_routes;		/* DontPruneRoutes (R) */
	bool fork_each_job;		/* ForkEachJob (Y) */
	bool hold_expensive;		/* HoldExpensive (c) */
	bool ignore_dots;		/* IgnoreDots (i) */
	bool match_gecos;		/* MatchGECOS (G) */
	bool me_too;			/* MeToo (m) (true) */
	bool no_alias;			/* -n on the command line (no cf option):
					 * no aliasing, sendmail's NoAlias */
	bool old_style_headers;		/* OldStyleHeaders (o) */
	bool reject_nul;		/* RejectNUL */
	bool requires_dir_fsync;	/* RequiresDirfsync (true on Linux) */
	bool rrt_implies_dsn;		/* RrtImpliesDsn */
	bool save_from_line;		/* SaveFromLine (f) */
	bool send_mime_errors;		/* SendMimeErrors (j) (true) */
	bool seven_bit_input;		/* SevenBitInput (7) */
	bool single_line_from_header;	/* SingleLineFromHeader */
	bool single_thread_delivery;	/* SingleThreadDelivery */
	bool smtp_utf8;			/* SmtpUTF8 */
	bool soft_bounce;		/* SoftBounce */
	bool try_null_mx_list;		/* TryNullMXList (w) */
	bool unsafe_group_writes;	/* UnsafeGroupWrites */
	bool use_compressed_ipv6;	/* UseCompressedIPv6Addresses */
	bool use_errors_to;		/* UseErrorsTo (l) */
	bool use_msp;			/* UseMSP */
	bool verbose;			/* Verbose (v) */
	/* -- numbers and limits */
	int log_level;			/* LogLevel (L) (9) */
	int checkpoint_interval;	/* CheckpointInterval (C) (10) */
	int max_hop_count;		/* MaxHopCount (h) (25) */
	int conn_cache_size;		/* ConnectionCacheSize (k) (1) */
	int conn_rate_throttle;		/* ConnectionRateThrottle */
	int bad_rcpt_throttle;		/* BadRcptThrottle */
	int bad_rcpt_shutdown;		/* BadRcptShutdown */
	int bad_rcpt_shutdown_good;	/* BadRcptShutdownGood */
	int max_alias_recursion;	/* MaxAliasRecursion (10) */
	int max_daemon_children;	/* MaxDaemonChildren */
	int max_headers_length;		/* MaxHeadersLength (32768) */
	int max_mime_header_length;	/* MaxMimeHeaderLength N (2048) */
	int max_mime_field_length;	/* ... /M (N / 2) */
	int max_noop_commands;		/* MaxNOOPCommands (20) */
	int max_queue_children;		/* MaxQueueChildren */
	int max_queue_run_size;		/* MaxQueueRunSize */
	int max_rcpts_per_message;	/* MaxRecipientsPerMessage */
	int max_runners_per_queue;	/* MaxRunnersPerQueue (1) */
	int nice_queue_run;		/* NiceQueueRun */
	int fast_split;			/* FastSplit (1) */
	int queue_la, refuse_la, delay_la;	/* QueueLA (x) RefuseLA (X) DelayLA */
	int df_buffer_size;		/* DataFileBufferSize (4096) */
	int xf_buffer_size;		/* XscriptFileBufferSize (4096) */
	long class_factor;		/* ClassFactor (z) (1800) */
	long recipient_factor;		/* RecipientFactor (y) (30000) */
	long retry_factor;		/* RetryFactor (Z) (90000) */
	long queue_factor;		/* QueueFactor (q) (600000) */
	long max_message_size;		/* MaxMessageSize; also MinFreeBlocks's /M */
	long min_free_blocks;		/* MinFreeBlocks (b) (100) */
	long shm_key;			/* SharedMemoryKey */
	mode_t temp_file_mode;		/* TempFileMode (F) (0600) */
	mode_t queue_file_mode;		/* QueueFileMode; 0 = not set */
	time_t alias_wait;		/* AliasWait (a), minutes by default */
	time_t conn_cache_timeout;	/* ConnectionCacheTimeout (K) (5m) */
	time_t conn_rate_window;	/* ConnectionRateWindowSize (60s) */
	time_t deliver_by_min;		/* DeliverByMin */
	time_t dial_delay;		/* DialDelay */
	time_t min_queue_age;		/* MinQueueAge */
	time_t max_queue_age;		/* MaxQueueAge */
	time_t reject_log_interval;	/* RejectLogInterval (3h) */
	/* -- bookkeeping */
	unsigned char sticky[OPT_STICKY_BYTES];	/* rows set from the command line */
	unsigned char sticky_to[8];	/* Timeout.* sub-options likewise */
	void *more;			/* reserved for the owner */
};

/* options_defaults - fill o with sendmail's defaults (o need not be initialized) */
void options_defaults(struct options *o);
/* options_cmdline_delivery_mode - DeliveryMode's letter when the command
 * line set it (-od, -O DeliveryMode), else '\0' */
char options_cmdline_delivery_mode(const struct options *o);
/* options_version - the V line's effect on options: from V6 on, ColonOkInAddr
 * defaults to off (unless the command line set it); call at the V line */
void options_version(struct options *o, int version);
/* options_warn - once every option is set (conf_finish): the warnings
 * sendmail 8.17 prints on stdout then, and what they say is dropped:
 * SuperSafe=interactive without DeliveryMode=interactive;
 * HostStatusDirectory with ConnectionCacheSize=0 (it is unset);
 * SingleThreadDelivery without HostStatusDirectory (it is turned off) */
void options_warn(struct options *o);
/* options_free - free every string and list member; o may be reused after options_defaults */
void options_free(struct options *o);
/* option_cf_line - apply an O line's text after the 'O'; 0 or -1 + err */
int option_cf_line(struct config *cfg, const char *text, struct sm_buf *err);
/* option_cmdline - apply -O "Name=value" (long) or -o "Xvalue" (short); 0 or -1 + err */
int option_cmdline(struct config *cfg, const char *arg, bool long_form, struct sm_buf *err);
/* option_set - set option name (long, "Timeout.sub", or one char) to value; 0 or -1 + err */
int option_set(struct config *cfg, const char *name, const char *value,
    enum opt_source src, struct sm_buf *err);
/* option_is_safe - whether setting name from the command line keeps set-user-ID
 * rights (sendmail's "safe" options); false for unknown names */
bool option_is_safe(const char *name);
/* option_convtime - sendmail's convtime: "1h30m", bare numbers in unit,
 * "now"; each bad unit letter adds "Invalid time unit `c'" to err.
 * Returns 0, or -1 when something was wrong (*out is set either way). */
int option_convtime(const char *s, int unit, time_t *out, struct sm_buf *err);
/* options_print - every option as "Name=value" lines, for debugging */
void options_print(const struct options *o, FILE *fp);

#endif
