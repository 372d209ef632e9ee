/*
 * options.c - the option table and setting options from O lines, -O, -o.
 *
 * Owns struct options (options.h).  Each option sendmail 8.17 knows is one
 * row of opt_tab[]: long name, one-character name, type, member, default
 * (as cf text, run through the same setter), flags.  Rows are in
 * sendmail's own table order, because that order is visible: a name may be
 * abbreviated to a unique prefix ("Option LogLev used as abbreviation for
 * LogLevel"), and an ambiguous prefix names the first two rows it matches.
 * Timeout.* and Milter.* sub-options have tables of their own.
 *
 * Behaviour follows sendmail's setoption(): booleans are true when empty
 * or starting with t, T, y or Y; time values use convtime() rules
 * (option_convtime); numbers are read as atoi() reads them, silently, as
 * sendmail does (tests compare our output with the real binary's byte for
 * byte); the error texts are sendmail's.  Options set from the command
 * line are sticky.  Some values are warned about on stdout, as sendmail
 * warns (test/t/2601): MaxHeadersLength below 16384, MaxMimeHeaderLength
 * below 128 (field below 40), MustQuoteChars of 40 characters or more
 * (ignored) when set; SuperSafe=interactive without interactive
 * delivery, HostStatusDirectory with ConnectionCacheSize=0 and
 * SingleThreadDelivery without HostStatusDirectory once all are set
 * (options_warn).  Known difference: sendmail sets -O options before it
 * reads the cf, we after (conf_read.c), so an option set in both warns
 * for its cf line too, and before the command line's warnings.
 *
 * Not done: the set-user-ID bookkeeping of unsafe command-line options
 * (option_is_safe only reports), resolving DaemonPortOptions addresses and
 * ports (daemon.c does that when it listens), TLS option letters beyond
 * keeping them as text.
 */
#include "sm.h"
#include "config.h"
#include "options.h"
#include "macro.h"

#include <grp.h>
#include <netdb.h>
#include <pwd.h>

#ifndef SM_PATH_PIDFILE
#define SM_PATH_PIDFILE "/var/run/sendmail.pid"	/* Debian: /var/run/sendmail/mta/sendmail.pid */
#endif

#define OPT_MAX_ALIAS_FILES 64		/* a sanity cap on AliasFile specs */
#define OPT_MAX_PORTS 64		/* ... and on Daemon/ClientPortOptions */

enum opt_type { OT_STR, OT_BOOL, OT_INT, OT_LONG, OT_TIME, OT_MODE, OT_CUSTOM };

#define OF_SAFE		0x01	/* keeps set-user-ID rights on the command line */
#define OF_NOSTICKY	0x02	/* the command line does not freeze it */
#define OF_MUNCH	0x04	/* strip quotes, interpret backslashes first */
#define OF_SUBOPT	0x08	/* takes Name.sub=value */
#define OF_LIST		0x10	/* each setting adds; the command line replaces */
#define OF_STRMEM	0x20	/* OT_CUSTOM whose member is a string to free */

struct opt_ctx;

struct opt_def {
	const char *name;	/* long name, NULL for one-letter-only options */
	int code;		/* one-character name, 0 when none */
	enum opt_type type;
	size_t off;		/* offsetof(struct options, member) */
	const char *def;	/* default as cf text, or NULL */
	int unit;		/* OT_TIME: default unit ('s' 'm' 'h' 'd') */
	unsigned flags;		/* OF_* */
	int (*set)(struct opt_ctx *c, const char *val);	/* OT_CUSTOM */
	const char *empty;	/* OT_STR: what an empty value stands for */
};

/* What a setter works on. */
struct opt_ctx {
	struct options *o;
	struct config *cfg;	/* NULL while applying defaults */
	const struct opt_def *d;
	const char *sub;	/* sub-option name, or NULL */
	bool sticky;		/* set from the command line */
	struct sm_buf *err;
	int nerr;
};

#define OFF(m) offsetof(struct options, m)
#define MEMBER(c, type) ((type *)(void *)((char *)(c)->o + (c)->d->off))

/* opt_vmsg - add one message line to err, if the caller wants messages */
static void __attribute__((format(printf, 2, 0)))
opt_vmsg(struct opt_ctx *c, const char *fmt, va_list ap)
{
	if (c->err == NULL)
		return;
	if (c->err->len > 0)
		(void)sm_buf_putc(c->err, '\n');
	(void)sm_buf_vprintf(c->err, fmt, ap);
}

/* opt_msg - add one message line to err; returns -1 */
static int __attribute__((format(printf, 2, 3)))
opt_msg(struct opt_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	opt_vmsg(c, fmt, ap);
	va_end(ap);
	return -1;
}

/* opt_unknown_id - an unknown user or group: sendmail's syserr, after
 * which it goes on (the setting keeps its old value); the message, a
 * config's exit status EX_SOFTWARE, and 0 */
static int __attribute__((format(printf, 2, 3)))
opt_unknown_id(struct opt_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	opt_vmsg(c, fmt, ap);
	va_end(ap);
	if (c->cfg != NULL && c->cfg->syserr_status == 0)
		c->cfg->syserr_status = EX_SOFTWARE;
	return 0;
}

/* opt_error - an error message; the setting is bad */
#define opt_error(c, ...) ((c)->nerr++, opt_msg((c), __VA_ARGS__))

/* atobool - sendmail's: empty, or t/T/y/Y first, is true */
static bool
atobool(const char *s)
{
	return *s == '\0' || strchr("tTyY", *s) != NULL;
}

/* opt_number - a number as sendmail reads it (atol): blanks, a sign,
 * digits up to the first other byte; garbage is 0 and no error, because
 * sendmail says nothing either.  Out-of-range values are clamped. */
static int
opt_number(struct opt_ctx *c, const char *name, const char *s, long min,
    long max, long *out)
{
	long long v = 0;
	bool neg = false;

	(void)c;
	(void)name;
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	while (isdigit((unsigned char)*s)) {
		if (v < LLONG_MAX / 10 - 10)
			v = v * 10 + (*s - '0');
		s++;
	}
	if (neg)
		v = -v;
	*out = v < min ? min : v > max ? max : (long)v;
	return 0;
}

/* opt_int - opt_number for an int */
static int
opt_int(struct opt_ctx *c, const char *name, const char *s, int *out)
{
	long v;
	int r = opt_number(c, name, s, INT_MIN, INT_MAX, &v);

	if (r == 0)
		*out = (int)v;
	return r;
}

/* option_convtime - sendmail's convtime(); 0, or -1 with "Invalid time unit" lines in err */
int
option_convtime(const char *s, int unit, time_t *out, struct sm_buf *err)
{
	struct opt_ctx c = { .err = err };
	long long total = 0;
	bool neg = false;

	*out = 0;
	if (strcasecmp(s, "now") == 0) {
		*out = OPT_TIME_NOW;
		return 0;
	}
	if (*s == '-') {
		neg = true;
		s++;
	}
	while (*s != '\0') {
		long long n = 0, mult;
		int u;

		while (isdigit((unsigned char)*s)) {
			if (n > (LLONG_MAX - 9) / 10) {
				opt_error(&c, "time value too large");
				return -1;
			}
			n = n * 10 + (*s++ - '0');
		}
		if (*s == '\0')
			u = unit;
		else if (strchr("wdhms", *s) != NULL)
			u = *s++;
		else {
			opt_error(&c, "Invalid time unit `%c'", *s++);
			u = unit;
		}
		mult = u == 'w' ? 604800 : u == 'd' ? 86400 : u == 'h' ? 3600 :
		    u == 'm' ? 60 : 1;
		if (n > (LLONG_MAX - total) / mult) {
			opt_error(&c, "time value too large");
			return -1;
		}
		total += n * mult;
	}
	if ((long long)(time_t)total != total)
		return opt_error(&c, "time value too large");
	*out = (time_t)(neg ? -total : total);
	return c.nerr ? -1 : 0;
}

/* opt_time - option_convtime counting errors in c */
static int
opt_time(struct opt_ctx *c, const char *s, int unit, time_t *out)
{
	if (option_convtime(s, unit, out, c->err) < 0) {
		c->nerr++;
		return -1;
	}
	return 0;
}

/* munch - sendmail's munchstring: drop double quotes, interpret \n \r,
 * drop \b \f (as 8.17 does), keep any other escaped character */
static char *
munch(const char *s)
{
	char *out = sm_malloc(strlen(s) + 1), *q = out;
	bool bs = false;

	for (; *s != '\0'; s++) {
		if (bs) {
			bs = false;
			if (*s == 'n')
				*q++ = '\n';
			else if (*s == 'r')
				*q++ = '\r';
			else if (*s != 'b' && *s != 'f')
				*q++ = *s;
		} else if (*s == '\\')
			bs = true;
		else if (*s != '"')
			*q++ = *s;
	}
	*q = '\0';
	return out;
}

/* set_string - replace *slot with a copy of s (NULL clears) */
static void
set_string(char **slot, const char *s)
{
	free(*slot);
	*slot = s ? sm_strdup(s) : NULL;
}

/* Words of a list such as PrivacyOptions: alphanumeric runs; any other
 * byte separates.  Calls fn for each word (NUL-terminated copy). */
static void
for_words(struct opt_ctx *c, const char *val,
    void (*fn)(struct opt_ctx *, const char *))
{
	char word[256];

	while (*val != '\0') {
		size_t n = 0;

		while (*val != '\0' && isascii((unsigned char)*val) &&
		    (isspace((unsigned char)*val) || ispunct((unsigned char)*val)))
			val++;
		if (*val == '\0')
			break;
		while (isascii((unsigned char)*val) && isalnum((unsigned char)*val)) {
			if (n < sizeof(word) - 1)
				word[n++] = *val;
			val++;
		}
		word[n] = '\0';
		if (*val != '\0')
			val++;
		fn(c, word);
	}
}

/* ---- custom setters ---- */

struct name_bits {
	const char *name;
	unsigned bits;
};

static const struct name_bits privacy_tab[] = {
	{ "public", 0 },
	{ "needmailhelo", PRIV_NEEDMAILHELO },
	{ "needexpnhelo", PRIV_NEEDEXPNHELO },
	{ "needvrfyhelo", PRIV_NEEDVRFYHELO },
	{ "noexpn", PRIV_NOEXPN | PRIV_NOVERB },
	{ "novrfy", PRIV_NOVRFY },
	{ "restrictexpand", PRIV_RESTRICTEXPAND },
	{ "restrictmailq", PRIV_RESTRICTMAILQ },
	{ "restrictqrun", PRIV_RESTRICTQRUN },
	{ "noetrn", PRIV_NOETRN },
	{ "noverb", PRIV_NOVERB },
	{ "authwarnings", PRIV_AUTHWARNINGS },
	{ "noreceipts", PRIV_NORECEIPTS },
	{ "nobodyreturn", PRIV_NOBODYRETN },
	{ "goaway", PRIV_GOAWAY },
	{ "noactualrecipient", PRIV_NOACTUALRECIPIENT },
};

static void
privacy_word(struct opt_ctx *c, const char *w)
{
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(privacy_tab); i++)
		if (strcasecmp(w, privacy_tab[i].name) == 0) {
			c->o->privacy |= privacy_tab[i].bits;
			return;
		}
	opt_error(c, "readcf: Op line: %s unrecognized", w);
}

static int
set_privacy(struct opt_ctx *c, const char *val)
{
	for_words(c, val, privacy_word);
	return 0;
}

/* DontBlameSendmail names, in enum opt_dbs order */
static const char *const dbs_names[DBS_COUNT] = {
	"safe", "assumesafechown", "classfileinunsafedirpath",
	"dontwarnforwardfileinunsafedirpath", "errorheaderinunsafedirpath",
	"filedeliverytohardlink", "filedeliverytosymlink",
	"forwardfileingroupwritabledirpath", "forwardfileinunsafedirpath",
	"forwardfileinunsafedirpathsafe", "groupreadabledefaultauthinfofile",
	"groupreadablekeyfile", "groupreadablesasldbfile",
	"groupwritablealiasfile", "groupwritabledirpathsafe",
	"groupwritableforwardfile", "groupwritableforwardfilesafe",
	"groupwritableincludefile", "groupwritableincludefilesafe",
	"groupwritablesasldbfile", "helpfileinunsafedirpath",
	"includefileingroupwritabledirpath", "includefileinunsafedirpath",
	"includefileinunsafedirpathsafe", "insufficiententropy",
	"linkedaliasfileinwritabledir", "linkedclassfileinwritabledir",
	"linkedforwardfileinwritabledir", "linkedincludefileinwritabledir",
	"linkedmapinwritabledir", "linkedserviceswitchfileinwritabledir",
	"mapinunsafedirpath", "nonrootsafeaddr",
	"runprograminunsafedirpath", "runwritableprogram",
	"truststickybit", "worldwritablealiasfile",
	"worldwritableforwardfile", "worldwritableincludefile",
	"writemaptohardlink", "writemaptosymlink",
	"writestatstohardlink", "writestatstosymlink",
};

static void
dbs_word(struct opt_ctx *c, const char *w)
{
	int i;

	for (i = 0; i < DBS_COUNT; i++)
		if (strcasecmp(w, dbs_names[i]) == 0) {
			if (i == DBS_SAFE)
				c->o->dont_blame = 0;
			else
				c->o->dont_blame |= (uint64_t)1 << i;
			return;
		}
	opt_error(c, "readcf: DontBlameSendmail option: %s unrecognized", w);
}

static int
set_dont_blame(struct opt_ctx *c, const char *val)
{
	for_words(c, val, dbs_word);
	return 0;
}

static const struct name_bits resolver_tab[] = {
	{ "debug", RESOPT_DEBUG }, { "aaonly", RESOPT_AAONLY },
	{ "usevc", RESOPT_USEVC }, { "primary", RESOPT_PRIMARY },
	{ "igntc", RESOPT_IGNTC }, { "recurse", RESOPT_RECURSE },
	{ "defnames", RESOPT_DEFNAMES }, { "stayopen", RESOPT_STAYOPEN },
	{ "dnsrch", RESOPT_DNSRCH }, { "true", 0 },
	{ "use_edns0", RESOPT_EDNS0 }, { "use_dnssec", RESOPT_DNSSEC },
	{ "trustad", RESOPT_TRUSTAD },
};

/* ResolverOptions: words split at blanks; +name sets, -name clears */
static int
set_resolver(struct opt_ctx *c, const char *val)
{
	struct options *o = c->o;
	const char *p = val;

	set_string(&o->resolver_options, val);
	while (*p != '\0') {
		char word[128];
		size_t n = 0, i;
		bool clear = false;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		if (*p == '-' || *p == '+')
			clear = *p++ == '-';
		while (*p != '\0' && !isspace((unsigned char)*p)) {
			if (n < sizeof(word) - 1)
				word[n++] = *p;
			p++;
		}
		word[n] = '\0';
		if (strcasecmp(word, "HasWildcardMX") == 0) {
			o->res_wildcard_mx = !clear;
			continue;
		}
		if (strcasecmp(word, "WorkAroundBrokenAAAA") == 0) {
			o->res_workaround_aaaa = !clear;
			continue;
		}
		for (i = 0; i < SM_ARRAY_SIZE(resolver_tab); i++)
			if (strcasecmp(word, resolver_tab[i].name) == 0)
				break;
		if (i == SM_ARRAY_SIZE(resolver_tab)) {
			opt_error(c, "readcf: I option value %s unrecognized", word);
			continue;
		}
		if (clear) {
			o->res_clear |= resolver_tab[i].bits;
			o->res_set &= ~resolver_tab[i].bits;
		} else {
			o->res_set |= resolver_tab[i].bits;
			o->res_clear &= ~resolver_tab[i].bits;
		}
	}
	return 0;
}

/* free_strv - free a NULL-terminated vector of n strings */
static void
free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* AliasFile: specs separated by commas, leading blanks skipped; each
 * setting adds to the list.  Empty value: "aliases". */
static int
set_alias_file(struct opt_ctx *c, const char *val)
{
	struct options *o = c->o;
	struct sm_buf joined = SM_BUF_INIT(1 << 16);
	const char *p = *val ? val : "aliases";
	size_t i;

	while (*p != '\0') {
		const char *e;

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		if (o->n_alias_files >= OPT_MAX_ALIAS_FILES)
			return opt_error(c, "Too many alias databases defined, %d max",
			    OPT_MAX_ALIAS_FILES);
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		o->alias_files = sm_reallocarray(o->alias_files,
		    o->n_alias_files + 2, sizeof(char *));
		o->alias_files[o->n_alias_files++] = sm_strndup(p, (size_t)(e - p));
		o->alias_files[o->n_alias_files] = NULL;
		p = *e ? e + 1 : e;
	}
	for (i = 0; i < o->n_alias_files; i++)
		if ((i && sm_buf_putc(&joined, ',') < 0) ||
		    sm_buf_puts(&joined, o->alias_files[i]) < 0)
			break;
	free(o->alias_file);
	o->alias_file = o->n_alias_files ? sm_buf_detach(&joined) : NULL;
	sm_buf_free(&joined);
	return 0;
}

/* DaemonPortOptions and ClientPortOptions pairs.  Only the first letter
 * of a key counts, as in sendmail. */
static int
port_pair(struct opt_ctx *c, struct opt_port *pt, const char *key,
    const char *v)
{
	char **s = NULL;
	int *n = NULL;

	switch (*key) {
	case 'A': case 'a': s = &pt->addr; break;
	case 'F': case 'f':
		if (strcasecmp(v, "inet") && strcasecmp(v, "inet6") &&
		    strcasecmp(v, "local") && strcasecmp(v, "unix") &&
		    !isdigit((unsigned char)*v))
			return opt_error(c, "Unknown address family %s in Family=option", v);
		s = &pt->family;
		break;
	case 'I': case 'i': s = &pt->input_filters; break;
	case 'L': case 'l': n = &pt->listen; break;
	case 'M': case 'm': s = &pt->modifiers; break;
	case 'N': case 'n': s = &pt->name; break;
	case 'P': case 'p':
		if (!isdigit((unsigned char)*v) && getservbyname(v, "tcp") == NULL)
			return opt_error(c, "service \"%s\" unknown", v);
		s = &pt->port;
		break;
	case 'S': case 's': n = &pt->sndbuf; break;
	case 'R': n = &pt->rcvbuf; break;
	case 'r': n = &pt->refuse_la; break;
	case 'd': n = &pt->delay_la; break;
	case 'q': n = &pt->queue_la; break;
	case 'c': n = &pt->children; break;
	case 'D':
		if (*v == '\0' || strchr("ibqd", *v) == NULL)
			return opt_error(c, "Unknown delivery mode %c", *v ? *v : ' ');
		pt->delivery_mode = *v;
		return 0;
	default:
		return opt_error(c, "PortOptions parameter \"%s=%s\" unknown", key, v);
	}
	if (s != NULL) {
		set_string(s, v);
		return 0;
	}
	return opt_int(c, key, v, n);
}

/* port_parse - "Name=MTA, Port=587, M=E" into pt */
static void
port_parse(struct opt_ctx *c, struct opt_port *pt, const char *val)
{
	char *copy = sm_strdup(val), *p = copy;

	pt->raw = sm_strdup(val);
	while (p != NULL) {
		char *f, *v;

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		f = p;
		p = strchr(p, ',');
		if (p != NULL)
			*p++ = '\0';
		v = strchr(f, '=');
		if (v == NULL)
			continue;
		*v++ = '\0';
		while (isspace((unsigned char)*v))
			v++;
		(void)port_pair(c, pt, f, v);
	}
	free(copy);
}

static void
port_free(struct opt_port *pt)
{
	free(pt->raw);
	free(pt->name);
	free(pt->addr);
	free(pt->port);
	free(pt->family);
	free(pt->modifiers);
	free(pt->input_filters);
}

static void
portlist_free(struct opt_portlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		port_free(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int
set_ports(struct opt_ctx *c, const char *val)
{
	struct opt_portlist *l = MEMBER(c, struct opt_portlist);
	int before = c->nerr;

	if (l->n >= OPT_MAX_PORTS)
		return opt_error(c, "too many %s settings, %d max", c->d->name,
		    OPT_MAX_PORTS);
	l->v = sm_reallocarray(l->v, l->n + 1, sizeof(*l->v));
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	port_parse(c, &l->v[l->n], val);
	l->n++;
	return c->nerr > before ? -1 : 0;
}

/* lookup_group - gid of a group name or number into *gid */
static int
lookup_group(const char *s, gid_t *gid)
{
	struct group *gr;

	if (isdigit((unsigned char)*s)) {
		*gid = (gid_t)atoi(s);
		return 0;
	}
	gr = getgrnam(s);
	if (gr == NULL)
		return -1;
	*gid = gr->gr_gid;
	return 0;
}

/* split_user - copy "user[.:/]group" into user (bounded); returns group part */
static const char *
split_user(const char *val, char *user, size_t size)
{
	size_t n = strcspn(val, ".:/");

	if (n >= size)
		n = size - 1;
	memcpy(user, val, n);
	user[n] = '\0';
	return val[n] ? val + n + 1 : val + n;
}

/* set_user_group - "user[:group]" into *str, *uid, *gid; a user name
 * brings its group along; what names the option in messages */
static int
set_user_group(struct opt_ctx *c, const char *val, const char *what,
    char **str, uid_t *uid, gid_t *gid)
{
	char user[256];
	const char *grp = split_user(val, user, sizeof(user));

	set_string(str, val);
	if (isdigit((unsigned char)*user)) {
		*uid = (uid_t)atol(user);
	} else {
		struct passwd *pw = getpwnam(user);

		if (pw == NULL)
			return opt_unknown_id(c, "readcf: option %s: unknown user %s", what, user);
		*uid = pw->pw_uid;
		*gid = pw->pw_gid;
	}
	if (*grp != '\0' && lookup_group(grp, gid) < 0)
		return opt_unknown_id(c, "readcf: option %s: unknown group %s", what, grp);
	return 0;
}

/* DefaultUser (u): user[:group] */
static int
set_default_user(struct opt_ctx *c, const char *val)
{
	struct options *o = c->o;

	return set_user_group(c, val, "u", &o->default_user, &o->default_uid,
	    &o->default_gid);
}

/* the old g option: default group */
static int
set_default_group(struct opt_ctx *c, const char *val)
{
	if (lookup_group(val, &c->o->default_gid) < 0)
		return opt_unknown_id(c, "readcf: option g: unknown group %s", val);
	return 0;
}

/* RunAsUser: user[:group] */
static int
set_run_as_user(struct opt_ctx *c, const char *val)
{
	struct options *o = c->o;

	return set_user_group(c, val, "RunAsUser", &o->run_as_user,
	    &o->run_as_uid, &o->run_as_gid);
}

/* TrustedUser: a user name or number */
static int
set_trusted_user(struct opt_ctx *c, const char *val)
{
	struct options *o = c->o;

	set_string(&o->trusted_user, val);
	if (isdigit((unsigned char)*val)) {
		o->trusted_uid = (uid_t)atol(val);
	} else {
		struct passwd *pw = getpwnam(val);

		if (pw == NULL)
			return opt_unknown_id(c, "readcf: option TrustedUser: unknown user %s", val);
		o->trusted_uid = pw->pw_uid;
	}
	return 0;
}

/* DeliveryMode (d): i b q d by the first letter; empty means i */
static int
set_delivery_mode(struct opt_ctx *c, const char *val)
{
	if (*val == '\0') {
		c->o->delivery_mode = 'i';
		return 0;
	}
	if (strchr("ibqd", *val) == NULL)
		return opt_error(c, "Unknown delivery mode %c", *val);
	c->o->delivery_mode = *val;
	return 0;
}

/* ErrorMode (e): p q m w e; anything else is ignored, as in sendmail */
static int
set_error_mode(struct opt_ctx *c, const char *val)
{
	if (*val != '\0' && strchr("pqmwe", *val) != NULL)
		c->o->error_mode = *val;
	return 0;
}

/* EightBitMode (8): m p s */
static int
set_eight_bit(struct opt_ctx *c, const char *val)
{
	if (*val == '\0' || strchr("mps", *val) == NULL)
		return opt_error(c, "Unknown 8-bit mode %.1s", val);
	c->o->eight_bit_mode = *val;
	return 0;
}

/* QueueSortOrder: by the first letter, any case */
static int
set_queue_sort(struct opt_ctx *c, const char *val)
{
	int ch = tolower((unsigned char)*val);

	if (ch == '\0' || strchr("phftrmns", ch) == NULL)
		return opt_error(c, "Invalid queue sort order \"%s\"", val);
	c->o->queue_sort_order = (char)ch;
	return 0;
}

/* SuperSafe (s): True, False, Interactive, PostMilter */
static int
set_super_safe(struct opt_ctx *c, const char *val)
{
	switch (*val) {
	case 'I': case 'i': c->o->super_safe = SAFE_INTERACTIVE; break;
	case 'P': case 'p': c->o->super_safe = SAFE_REALLY_POSTMILTER; break;
	default: c->o->super_safe = atobool(val) ? SAFE_REALLY : SAFE_NO; break;
	}
	return 0;
}

static const struct name_bits norcpt_tab[] = {
	{ "none", NRA_NO_ACTION }, { "add-to", NRA_ADD_TO },
	{ "add-apparently-to", NRA_ADD_APPARENTLY_TO }, { "add-bcc", NRA_ADD_BCC },
	{ "add-to-undisclosed", NRA_ADD_TO_UNDISCLOSED },
};

static int
set_norcpt(struct opt_ctx *c, const char *val)
{
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(norcpt_tab); i++)
		if (strcasecmp(val, norcpt_tab[i].name) == 0) {
			c->o->no_rcpt_action = (enum opt_norcpt)norcpt_tab[i].bits;
			return 0;
		}
	return opt_error(c, "Invalid NoRecipientAction: %s", val);
}

/* DontProbeInterfaces: a boolean, or "loopback" */
static int
set_dpi(struct opt_ctx *c, const char *val)
{
	if (strcasecmp(val, "loopback") == 0)
		c->o->dont_probe_ifaces = DPI_SKIPLOOPBACK;
	else
		c->o->dont_probe_ifaces = atobool(val) ? DPI_PROBENONE : DPI_PROBEALL;
	return 0;
}

/* BlankSub (B): one character */
static int
set_blank_sub(struct opt_ctx *c, const char *val)
{
	c->o->blank_sub = *val;
	return 0;
}

/* MinFreeBlocks (b): N[/M], M being MaxMessageSize */
static int
set_min_free(struct opt_ctx *c, const char *val)
{
	const char *slash = strchr(val, '/');
	char n[64];

	if (slash != NULL) {
		if (opt_number(c, "MaxMessageSize", slash + 1, LONG_MIN, LONG_MAX,
		    &c->o->max_message_size) < 0)
			return -1;
		sm_strlcpy(n, val, (size_t)(slash - val) + 1 < sizeof(n) ?
		    (size_t)(slash - val) + 1 : sizeof(n));
		val = n;
	}
	return opt_number(c, "MinFreeBlocks", val, LONG_MIN, LONG_MAX,
	    &c->o->min_free_blocks);
}

/* MaxMimeHeaderLength: N[/M]; M defaults to N/2 */
static int
set_max_mime(struct opt_ctx *c, const char *val)
{
	struct options *o = c->o;
	const char *slash = strchr(val, '/');
	char n[64];

	if (slash != NULL) {
		sm_strlcpy(n, val, (size_t)(slash - val) + 1 < sizeof(n) ?
		    (size_t)(slash - val) + 1 : sizeof(n));
		if (opt_int(c, "MaxMimeHeaderLength", n, &o->max_mime_header_length) < 0)
			return -1;
		if (slash[1] == '\0')
			o->max_mime_field_length = o->max_mime_header_length / 2;
		else if (opt_int(c, "MaxMimeHeaderLength", slash + 1,
		    &o->max_mime_field_length) < 0)
			return -1;
	} else {
		if (opt_int(c, "MaxMimeHeaderLength", val, &o->max_mime_header_length) < 0)
			return -1;
		o->max_mime_field_length = o->max_mime_header_length / 2;
	}
	if (o->max_mime_header_length <= 0)
		o->max_mime_header_length = 0;
	else if (o->max_mime_header_length < 128 && c->cfg != NULL)
		printf("Warning: MaxMimeHeaderLength: header length limit set lower than 128\n");
	if (o->max_mime_field_length <= 0)
		o->max_mime_field_length = 0;
	else if (o->max_mime_field_length < 40 && c->cfg != NULL)
		printf("Warning: MaxMimeHeaderLength: field length limit set lower than 40\n");
	return 0;
}

/* MaxHeadersLength: a number; a limit below 16384 is warned about on
 * stdout, each time it is set, as sendmail 8.17 does */
static int
set_max_headers(struct opt_ctx *c, const char *val)
{
	int *n = &c->o->max_headers_length;

	if (opt_int(c, "MaxHeadersLength", val, n) < 0)
		return -1;
	if (*n > 0 && *n < 16384 && c->cfg != NULL)
		printf("Warning: MaxHeadersLength: headers length limit set lower than 16384\n");
	return 0;
}

/* MustQuoteChars: a value of 40 characters or more is warned about on
 * stdout and ignored, as sendmail 8.17 does (measured) */
static int
set_must_quote(struct opt_ctx *c, const char *val)
{
	if (strlen(val) >= 40) {
		if (c->cfg != NULL)
			printf("Warning: MustQuoteChars too long, ignored.\n");
		return 0;
	}
	set_string(&c->o->must_quote_chars, val);
	return 0;
}

/* ConnectionCacheSize (k): negative means 0 */
static int
set_conn_cache(struct opt_ctx *c, const char *val)
{
	int r = opt_int(c, "ConnectionCacheSize", val, &c->o->conn_cache_size);

	if (c->o->conn_cache_size < 0)
		c->o->conn_cache_size = 0;
	return r;
}

/* M: define a macro, "xvalue" or "{name}value" */
static int
set_macro(struct opt_ctx *c, const char *val)
{
	char name[128];
	const char *rest;
	int id;

	if (*val == '\0')
		return opt_error(c, "Name required for macro/class");
	if (*val == '{') {
		const char *e = strchr(val, '}');

		if (e == NULL || e == val + 1 || (size_t)(e - val) + 2 > sizeof(name))
			return opt_error(c, "Name required for macro/class");
		sm_strlcpy(name, val, (size_t)(e - val) + 2);
		rest = e + 1;
	} else {
		name[0] = *val;
		name[1] = '\0';
		rest = val + 1;
	}
	if (c->cfg == NULL)
		return 0;
	id = macro_id(name, true);
	if (id < 0)
		return opt_error(c, "Name required for macro/class");
	macro_set(&c->cfg->mac, id, rest);
	return 0;
}

/* OpenSSL option names ServerSSLOptions and ClientSSLOptions know (those
 * the Debian build of 8.17 accepts) */
static const char *const ssl_op_names[] = {
	"SSL_OP_ALL", 	"SSL_OP_ALLOW_NO_DHE_KEX",
	"SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION", 	"SSL_OP_CIPHER_SERVER_PREFERENCE",
	"SSL_OP_CISCO_ANYCONNECT", 	"SSL_OP_COOKIE_EXCHANGE",
	"SSL_OP_CRYPTOPRO_TLSEXT_BUG", 	"SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS",
	"SSL_OP_ENABLE_MIDDLEBOX_COMPAT", 	"SSL_OP_EPHEMERAL_RSA",
	"SSL_OP_LEGACY_SERVER_CONNECT", 	"SSL_OP_MICROSOFT_BIG_SSLV3_BUFFER",
	"SSL_OP_MICROSOFT_SESS_ID_BUG", 	"SSL_OP_MSIE_SSLV2_RSA_PADDING",
	"SSL_OP_NETSCAPE_CA_DN_BUG", 	"SSL_OP_NETSCAPE_CHALLENGE_BUG",
	"SSL_OP_NETSCAPE_DEMO_CIPHER_CHANGE_BUG", 	"SSL_OP_NETSCAPE_REUSE_CIPHER_CHANGE_BUG",
	"SSL_OP_NO_ANTI_REPLAY", 	"SSL_OP_NO_COMPRESSION",
	"SSL_OP_NO_ENCRYPT_THEN_MAC", 	"SSL_OP_NO_QUERY_MTU",
	"SSL_OP_NO_RENEGOTIATION", 	"SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION",
	"SSL_OP_NO_SSLv2", 	"SSL_OP_NO_SSLv3",
	"SSL_OP_NO_TICKET", 	"SSL_OP_NO_TLSv1",
	"SSL_OP_NO_TLSv1_1", 	"SSL_OP_NO_TLSv1_2",
	"SSL_OP_NO_TLSv1_3", 	"SSL_OP_PKCS1_CHECK_1",
	"SSL_OP_PKCS1_CHECK_2", 	"SSL_OP_PRIORITIZE_CHACHA",
	"SSL_OP_SINGLE_DH_USE", 	"SSL_OP_SINGLE_ECDH_USE",
	"SSL_OP_SSLEAY_080_CLIENT_DH_BUG", 	"SSL_OP_SSLREF2_REUSE_CERT_TYPE_BUG",
	"SSL_OP_TLSEXT_PADDING", 	"SSL_OP_TLS_BLOCK_PADDING_BUG",
	"SSL_OP_TLS_D5_BUG", 	"SSL_OP_TLS_ROLLBACK_BUG",
};

/* ServerSSLOptions, ClientSSLOptions: [+-]name or a number, separated by
 * blanks or commas; kept as text for tls.c */
static int
set_ssl_options(struct opt_ctx *c, const char *val)
{
	const char *p = val;

	set_string(MEMBER(c, char *), val);
	while (*p != '\0') {
		char word[128];
		size_t n = 0, i;

		while (isspace((unsigned char)*p) || *p == ',')
			p++;
		if (*p == '\0')
			break;
		if (*p == '-' || *p == '+')
			p++;
		while (*p != '\0' && !isspace((unsigned char)*p) && *p != ',') {
			if (n < sizeof(word) - 1)
				word[n++] = *p;
			p++;
		}
		word[n] = '\0';
		if (isdigit((unsigned char)word[0]))
			continue;
		for (i = 0; i < SM_ARRAY_SIZE(ssl_op_names); i++)
			if (strcasecmp(word, ssl_op_names[i]) == 0)
				break;
		if (i == SM_ARRAY_SIZE(ssl_op_names))
			opt_error(c, "readcf: %s option value %s unrecognized", c->d->name, word);
	}
	return 0;
}

/* SmtpUTF8: like the Debian build (no USE_EAI), setting it is refused */
static int
set_smtp_utf8(struct opt_ctx *c, const char *val)
{
#ifdef SM_USE_EAI
	c->o->smtp_utf8 = atobool(val);
	return 0;
#else
	if (!atobool(val)) {
		if (c->cfg != NULL)
			printf("Warning: Option: SmtpUTF8 requires USE_EAI support\n");
		return 0;
	}
	return opt_error(c, "readcf: option: SmtpUTF8 set but no USE_EAI support");
#endif
}

/* ---- Timeout.* ---- */

enum to_kind { TK_ONE, TK_QRET, TK_QWARN, TK_RRETRANS, TK_RRETRY };

struct to_def {
	const char *name;
	enum to_kind kind;
	size_t off;		/* TK_ONE: offsetof(struct opt_timeouts, x) */
	int cls;		/* TOC_*, resolver 0 first / 1 normal, -1 all */
	bool star;		/* set by a bare "Timeout=value" */
};

#define TO(m) offsetof(struct opt_timeouts, m)

static const struct to_def to_tab[] = {
	{ "initial", TK_ONE, TO(initial), 0, false },
	{ "mail", TK_ONE, TO(mail), 0, true },
	{ "rcpt", TK_ONE, TO(rcpt), 0, true },
	{ "datainit", TK_ONE, TO(datainit), 0, true },
	{ "datablock", TK_ONE, TO(datablock), 0, true },
	{ "datafinal", TK_ONE, TO(datafinal), 0, true },
	{ "command", TK_ONE, TO(command), 0, true },
	{ "rset", TK_ONE, TO(rset), 0, false },
	{ "helo", TK_ONE, TO(helo), 0, false },
	{ "quit", TK_ONE, TO(quit), 0, false },
	{ "misc", TK_ONE, TO(misc), 0, false },
	{ "ident", TK_ONE, TO(ident), 0, false },
	{ "fileopen", TK_ONE, TO(fileopen), 0, false },
	{ "connect", TK_ONE, TO(connect), 0, false },
	{ "iconnect", TK_ONE, TO(iconnect), 0, false },
	{ "queuewarn", TK_QWARN, 0, -1, false },
	{ "queuewarn.*", TK_QWARN, 0, -1, false },
	{ "queuewarn.normal", TK_QWARN, 0, TOC_NORMAL, false },
	{ "queuewarn.urgent", TK_QWARN, 0, TOC_URGENT, false },
	{ "queuewarn.non-urgent", TK_QWARN, 0, TOC_NONURGENT, false },
	{ "queuereturn", TK_QRET, 0, -1, false },
	{ "queuereturn.*", TK_QRET, 0, -1, false },
	{ "queuereturn.normal", TK_QRET, 0, TOC_NORMAL, false },
	{ "queuereturn.urgent", TK_QRET, 0, TOC_URGENT, false },
	{ "queuereturn.non-urgent", TK_QRET, 0, TOC_NONURGENT, false },
	{ "hoststatus", TK_ONE, TO(hoststatus), 0, false },
	{ "resolver.retrans", TK_RRETRANS, 0, -1, false },
	{ "resolver.retrans.normal", TK_RRETRANS, 0, 1, false },
	{ "resolver.retrans.first", TK_RRETRANS, 0, 0, false },
	{ "resolver.retry", TK_RRETRY, 0, -1, false },
	{ "resolver.retry.normal", TK_RRETRY, 0, 1, false },
	{ "resolver.retry.first", TK_RRETRY, 0, 0, false },
	{ "control", TK_ONE, TO(control), 0, false },
	{ "lhlo", TK_ONE, TO(lhlo), 0, false },
	{ "auth", TK_ONE, TO(auth), 0, false },
	{ "starttls", TK_ONE, TO(starttls), 0, false },
	{ "aconnect", TK_ONE, TO(aconnect), 0, false },
	{ "queuewarn.dsn", TK_QWARN, 0, TOC_DSN, false },
	{ "queuereturn.dsn", TK_QRET, 0, TOC_DSN, false },
};

/* to_apply - store v into the slots row t names */
static void
to_apply(struct opt_timeouts *to, const struct to_def *t, time_t v)
{
	int i;

	switch (t->kind) {
	case TK_ONE:
		*(time_t *)(void *)((char *)to + t->off) = v;
		break;
	case TK_QRET:
	case TK_QWARN:
		for (i = 0; i < TOC_MAX; i++)
			if (t->cls < 0 || t->cls == i)
				(t->kind == TK_QRET ? to->q_return : to->q_warning)[i] = v;
		break;
	case TK_RRETRANS:
	case TK_RRETRY:
		for (i = 0; i < 2; i++)
			if (t->cls < 0 || t->cls == i)
				(t->kind == TK_RRETRY ? to->res_retry : to->res_retrans)[i] =
				    (int)(v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : v);
		break;
	}
}

#define TO_STICKY(o, i) ((o)->sticky_to[(i) / 8] & (1u << ((i) % 8)))

/* settimeout - one Timeout.name=val; sendmail converts the value as
 * minutes first and again in the sub-option's own unit, so a bad unit is
 * reported twice for those, as sendmail does */
static int
settimeout(struct opt_ctx *c, const char *name, const char *val)
{
	size_t i, j;
	time_t v;
	long n;

	for (i = 0; i < SM_ARRAY_SIZE(to_tab); i++)
		if (strcasecmp(to_tab[i].name, name) == 0)
			break;
	if (i == SM_ARRAY_SIZE(to_tab))
		return opt_error(c, "settimeout: invalid timeout %s", name);
	if (!c->sticky && TO_STICKY(c->o, i))
		return 0;
	(void)opt_time(c, val, 'm', &v);
	switch (to_tab[i].kind) {
	case TK_QWARN: (void)opt_time(c, val, 'h', &v); break;
	case TK_QRET: (void)opt_time(c, val, 'd', &v); break;
	case TK_RRETRANS: (void)opt_time(c, val, 's', &v); break;
	case TK_RRETRY:
		if (opt_number(c, "Timeout.resolver.retry", val, INT_MIN, INT_MAX, &n) == 0)
			v = n;
		break;
	case TK_ONE: break;
	}
	to_apply(&c->o->to, &to_tab[i], v);
	if (c->sticky)
		for (j = 0; j < SM_ARRAY_SIZE(to_tab); j++)
			if (j == i || (to_tab[j].kind == to_tab[i].kind &&
			    to_tab[i].kind != TK_ONE && to_tab[i].cls < 0))
				c->o->sticky_to[j / 8] |= (unsigned char)(1u << (j % 8));
	return 0;
}

/* Timeout (r) without a sub-option: "15m" sets the starred ones; a list
 * "name=val,name:val" sets each; other items are ignored, as in sendmail */
static int
timeout_list(struct opt_ctx *c, const char *val)
{
	char *copy = sm_strdup(val), *p = copy, *item;
	size_t i;

	while (*p != '\0') {
		char *q;

		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		item = p;
		p += strcspn(p, ",");
		if (*p != '\0')
			*p++ = '\0';
		if (isdigit((unsigned char)*item)) {
			time_t v;

			(void)opt_time(c, item, 'm', &v);
			for (i = 0; i < SM_ARRAY_SIZE(to_tab); i++) {
				if (!to_tab[i].star || (!c->sticky && TO_STICKY(c->o, i)))
					continue;
				to_apply(&c->o->to, &to_tab[i], v);
				if (c->sticky)
					c->o->sticky_to[i / 8] |= (unsigned char)(1u << (i % 8));
			}
			continue;
		}
		q = strchr(item, ':');
		if (q == NULL)
			q = strchr(item, '=');
		if (q == NULL)
			continue;
		*q++ = '\0';
		(void)settimeout(c, item, q);
	}
	free(copy);
	return 0;
}

static int
set_timeout(struct opt_ctx *c, const char *val)
{
	if (c->sub == NULL)
		return timeout_list(c, val);
	return settimeout(c, c->sub, val);
}

/* QueueTimeout (T): return[/warn] */
static int
set_queue_timeout(struct opt_ctx *c, const char *val)
{
	const char *slash = strchr(val, '/');
	char ret[256];

	if (slash != NULL) {
		(void)settimeout(c, "queuewarn", slash + 1);
		sm_strlcpy(ret, val, (size_t)(slash - val) + 1 < sizeof(ret) ?
		    (size_t)(slash - val) + 1 : sizeof(ret));
		val = ret;
	}
	return settimeout(c, "queuereturn", val);
}

/* ---- Milter.* ---- */

static const char *const milter_stages[MILTER_NSTAGES] = {
	"macros.connect", "macros.helo", "macros.envfrom", "macros.envrcpt",
	"macros.data", "macros.eoh", "macros.eom",
};

static int
set_milter(struct opt_ctx *c, const char *val)
{
	struct opt_milter *m = &c->o->milter;
	int i;

	if (c->sub == NULL)
		return opt_error(c, "milter_set_option: invalid Milter option, must specify suboption");
	if (strcasecmp(c->sub, "LogLevel") == 0)
		return opt_int(c, "Milter.LogLevel", val, &m->log_level);
	for (i = 0; i < MILTER_NSTAGES; i++) {
		if (strcasecmp(c->sub, milter_stages[i]) != 0)
			continue;
		if (m->macros[i] == NULL || *val == '\0') {
			if (m->macros[i] == NULL)
				m->macros[i] = sm_strdup(val);
		} else {
			size_t n = strlen(m->macros[i]) + strlen(val) + 3;
			char *s = sm_malloc(n);

			(void)sm_snprintf(s, n, "%s, %s", m->macros[i], val);
			free(m->macros[i]);
			m->macros[i] = s;
		}
		return 0;
	}
	return opt_error(c, "milter_set_option: invalid Milter option %s", c->sub);
}

/* ---- the table, in sendmail's order ---- */

#define S(n, ch, m, def, fl) { n, ch, OT_STR, OFF(m), def, 0, fl, NULL, NULL }
#define SE(n, ch, m, def, fl, e) { n, ch, OT_STR, OFF(m), def, 0, fl, NULL, e }
#define B(n, ch, m, def, fl) { n, ch, OT_BOOL, OFF(m), def, 0, fl, NULL, NULL }
#define I(n, ch, m, def, fl) { n, ch, OT_INT, OFF(m), def, 0, fl, NULL, NULL }
#define L(n, ch, m, def, fl) { n, ch, OT_LONG, OFF(m), def, 0, fl, NULL, NULL }
#define T(n, ch, m, def, u, fl) { n, ch, OT_TIME, OFF(m), def, u, fl, NULL, NULL }
#define MO(n, ch, m, def, fl) { n, ch, OT_MODE, OFF(m), def, 0, fl, NULL, NULL }
#define C(n, ch, m, def, fl, fn) { n, ch, OT_CUSTOM, OFF(m), def, 0, fl, fn, NULL }

static const struct opt_def opt_tab[] = {
	B("SevenBitInput", '7', seven_bit_input, NULL, OF_SAFE),
	C("EightBitMode", '8', eight_bit_mode, "p", OF_SAFE, set_eight_bit),
	C("AliasFile", 'A', alias_files, NULL, OF_LIST, set_alias_file),
	T("AliasWait", 'a', alias_wait, NULL, 'm', 0),
	C("BlankSub", 'B', blank_sub, " ", 0, set_blank_sub),
	C("MinFreeBlocks", 'b', min_free_blocks, "100", OF_SAFE, set_min_free),
	I("CheckpointInterval", 'C', checkpoint_interval, "10", OF_SAFE),
	B("HoldExpensive", 'c', hold_expensive, NULL, 0),
	C("DeliveryMode", 'd', delivery_mode, "b", OF_SAFE, set_delivery_mode),
	S("ErrorHeader", 'E', error_header, NULL, 0),
	C("ErrorMode", 'e', error_mode, "p", OF_SAFE, set_error_mode),
	MO("TempFileMode", 'F', temp_file_mode, "0600", 0),
	B("SaveFromLine", 'f', save_from_line, NULL, 0),
	B("MatchGECOS", 'G', match_gecos, NULL, 0),
	SE("HelpFile", 'H', help_file, NULL, 0, "helpfile"),
	I("MaxHopCount", 'h', max_hop_count, "25", 0),
	C("ResolverOptions", 'I', resolver_options, NULL, OF_STRMEM, set_resolver),
	B("IgnoreDots", 'i', ignore_dots, NULL, OF_SAFE),
	S("ForwardPath", 'J', forward_path, "$z/.forward", 0),
	B("SendMimeErrors", 'j', send_mime_errors, "True", OF_SAFE),
	C("ConnectionCacheSize", 'k', conn_cache_size, "1", 0, set_conn_cache),
	T("ConnectionCacheTimeout", 'K', conn_cache_timeout, "5m", 'm', 0),
	B("UseErrorsTo", 'l', use_errors_to, NULL, 0),
	I("LogLevel", 'L', log_level, "9", OF_SAFE),
	B("MeToo", 'm', me_too, "True", OF_SAFE),
	B("CheckAliases", 'n', check_aliases, NULL, 0),
	B("OldStyleHeaders", 'o', old_style_headers, NULL, OF_SAFE),
	C("DaemonPortOptions", 'O', daemon_ports, NULL, OF_LIST, set_ports),
	C("PrivacyOptions", 'p', privacy, NULL, OF_SAFE | OF_NOSTICKY, set_privacy),
	S("PostmasterCopy", 'P', postmaster_copy, NULL, 0),
	L("QueueFactor", 'q', queue_factor, "600000", 0),
	SE("QueueDirectory", 'Q', queue_dir, NULL, 0, "mqueue"),
	B("DontPruneRoutes", 'R', dont_prune_routes, NULL, 0),
	C("Timeout", 'r', to, NULL, OF_SUBOPT | OF_NOSTICKY, set_timeout),
	SE("StatusFile", 'S', status_file, NULL, 0, "statistics"),
	C("SuperSafe", 's', super_safe, "True", OF_SAFE, set_super_safe),
	C("QueueTimeout", 'T', to, NULL, OF_NOSTICKY, set_queue_timeout),
	S("TimeZoneSpec", 't', time_zone, NULL, 0),
	S("UserDatabaseSpec", 'U', user_database_spec, NULL, 0),
	C("DefaultUser", 'u', default_user, NULL, OF_STRMEM, set_default_user),
	S("FallbackMXhost", 'V', fallback_mx_host, NULL, 0),
	B("Verbose", 'v', verbose, NULL, OF_SAFE),
	B("TryNullMXList", 'w', try_null_mx_list, NULL, 0),
	I("QueueLA", 'x', queue_la, NULL, 0),
	I("RefuseLA", 'X', refuse_la, NULL, 0),
	L("RecipientFactor", 'y', recipient_factor, "30000", 0),
	B("ForkEachJob", 'Y', fork_each_job, NULL, 0),
	L("ClassFactor", 'z', class_factor, "1800", 0),
	L("RetryFactor", 'Z', retry_factor, "90000", 0),
	C("QueueSortOrder", 0, queue_sort_order, "priority", OF_SAFE, set_queue_sort),
	S("HostsFile", 0, hosts_file, "/etc/hosts", 0),
	T("MinQueueAge", 0, min_queue_age, NULL, 'm', OF_SAFE),
	S("DefaultCharSet", 0, default_charset, NULL, OF_SAFE),
	S("ServiceSwitchFile", 0, service_switch_file, "/etc/mail/service.switch", 0),
	T("DialDelay", 0, dial_delay, NULL, 's', OF_SAFE),
	C("NoRecipientAction", 0, no_rcpt_action, "none", OF_SAFE, set_norcpt),
	S("SafeFileEnvironment", 0, safe_file_env, NULL, 0),
	L("MaxMessageSize", 0, max_message_size, NULL, 0),
	B("ColonOkInAddr", 0, colon_ok_in_addr, "True", OF_SAFE),
	I("MaxQueueRunSize", 0, max_queue_run_size, NULL, OF_SAFE),
	I("MaxDaemonChildren", 0, max_daemon_children, NULL, 0),
	B("DontExpandCnames", 0, dont_expand_cnames, NULL, 0),
	C("MustQuoteChars", 0, must_quote_chars, "@,;:\\()[].'", OF_STRMEM, set_must_quote),
	S("SmtpGreetingMessage", 0, smtp_greeting, NULL, OF_MUNCH),
	S("UnixFromLine", 0, unix_from_line, NULL, OF_MUNCH),
	S("OperatorChars", 0, operator_chars, NULL, OF_MUNCH),
	B("DontInitGroups", 0, dont_init_groups, NULL, 0),
	B("SingleLineFromHeader", 0, single_line_from_header, NULL, OF_SAFE),
	B("AllowBogusHELO", 0, allow_bogus_helo, NULL, OF_SAFE),
	I("ConnectionRateThrottle", 0, conn_rate_throttle, NULL, 0),
	B("UnsafeGroupWrites", 0, unsafe_group_writes, "True", 0),
	S("DoubleBounceAddress", 0, double_bounce_addr, "postmaster", 0),
	S("HostStatusDirectory", 0, host_status_dir, NULL, 0),
	B("SingleThreadDelivery", 0, single_thread_delivery, NULL, 0),
	C("RunAsUser", 0, run_as_user, NULL, OF_STRMEM, set_run_as_user),
	B("RrtImpliesDsn", 0, rrt_implies_dsn, NULL, 0),
	S("PidFile", 0, pid_file, SM_PATH_PIDFILE, 0),
	C("DontBlameSendmail", 0, dont_blame, NULL, 0, set_dont_blame),
	C("DontProbeInterfaces", 0, dont_probe_ifaces, NULL, 0, set_dpi),
	I("MaxRecipientsPerMessage", 0, max_rcpts_per_message, NULL, OF_SAFE),
	S("DeadLetterDrop", 0, dead_letter_drop, NULL, 0),
	I("MaxAliasRecursion", 0, max_alias_recursion, "10", 0),
	S("ConnectOnlyTo", 0, connect_only_to, NULL, 0),
	C("TrustedUser", 0, trusted_user, NULL, OF_STRMEM, set_trusted_user),
	C("MaxMimeHeaderLength", 0, max_mime_header_length, "2048", 0, set_max_mime),
	S("ControlSocketName", 0, control_socket_name, NULL, 0),
	C("MaxHeadersLength", 0, max_headers_length, "32768", 0, set_max_headers),
	S("ProcessTitlePrefix", 0, process_title_prefix, NULL, 0),
	S("DefaultAuthInfo", 0, default_auth_info, NULL, 0),
	S("AuthMechanisms", 0, auth_mechanisms,
	    "EXTERNAL GSSAPI KERBEROS_V4 DIGEST-MD5 CRAM-MD5", 0),
	C("ClientPortOptions", 0, client_ports, NULL, OF_LIST, set_ports),
	I("DataFileBufferSize", 0, df_buffer_size, "4096", 0),
	I("XscriptFileBufferSize", 0, xf_buffer_size, "4096", 0),
	S("LDAPDefaultSpec", 0, ldap_default_spec, NULL, 0),
	S("ServerCertFile", 0, server_cert_file, NULL, 0),
	S("ServerKeyFile", 0, server_key_file, NULL, 0),
	S("ClientCertFile", 0, client_cert_file, NULL, 0),
	S("ClientKeyFile", 0, client_key_file, NULL, 0),
	S("CACertFile", 0, ca_cert_file, NULL, 0),
	S("CACertPath", 0, ca_cert_path, NULL, 0),
	S("DHParameters", 0, dh_parameters, NULL, 0),
	S("InputMailFilters", 0, input_mail_filters, NULL, 0),
	C("Milter", 0, milter, NULL, OF_SUBOPT | OF_NOSTICKY, set_milter),
	S("AuthOptions", 0, auth_options, NULL, 0),
	MO("QueueFileMode", 0, queue_file_mode, NULL, 0),
	S("CertFingerprintAlgorithm", 0, cert_fp_alg, NULL, 0),
	S("CipherList", 0, cipher_list, NULL, 0),
	S("RandFile", 0, rand_file, NULL, 0),
	S("TLSSrvOptions", 0, tls_srv_options, NULL, 0),
	I("BadRcptThrottle", 0, bad_rcpt_throttle, NULL, 0),
	T("DeliverByMin", 0, deliver_by_min, NULL, 's', 0),
	I("MaxQueueChildren", 0, max_queue_children, NULL, 0),
	I("MaxRunnersPerQueue", 0, max_runners_per_queue, "1", 0),
	S("DirectSubmissionModifiers", 0, direct_submission_mods, NULL, 0),
	I("NiceQueueRun", 0, nice_queue_run, NULL, 0),
	L("SharedMemoryKey", 0, shm_key, NULL, 0),
	I("AuthMaxBits", 0, auth_max_bits, "2147483647", 0),
	S("MailboxDatabase", 0, mailbox_database, "pw", 0),
	B("UseMSP", 0, use_msp, NULL, 0),
	I("DelayLA", 0, delay_la, NULL, 0),
	I("FastSplit", 0, fast_split, "1", 0),
	B("SoftBounce", 0, soft_bounce, NULL, 0),
	S("SharedMemoryKeyFile", 0, shm_key_file, NULL, 0),
	T("RejectLogInterval", 0, reject_log_interval, "3h", 'h', 0),
	B("RequiresDirfsync", 0, requires_dir_fsync, "True", 0),
	T("ConnectionRateWindowSize", 0, conn_rate_window, "60s", 's', 0),
	S("CRLFile", 0, crl_file, NULL, 0),
	S("FallbackSmartHost", 0, fallback_smart_host, NULL, 0),
	S("AuthRealm", 0, auth_realm, NULL, 0),
	S("CRLPath", 0, crl_path, NULL, 0),
	S("HeloName", 0, helo_name, NULL, 0),
	I("MaxNOOPCommands", 0, max_noop_commands, "20", 0),
	I("BadRcptShutdown", 0, bad_rcpt_shutdown, NULL, 0),
	I("BadRcptShutdownGood", 0, bad_rcpt_shutdown_good, NULL, 0),
	C("ServerSSLOptions", 0, server_ssl_options, NULL, OF_STRMEM, set_ssl_options),
	C("ClientSSLOptions", 0, client_ssl_options, NULL, OF_STRMEM, set_ssl_options),
	T("MaxQueueAge", 0, max_queue_age, NULL, 'm', 0),
	B("RejectNUL", 0, reject_nul, NULL, 0),
	B("UseCompressedIPv6Addresses", 0, use_compressed_ipv6, NULL, 0),
	S("SSLEngine", 0, ssl_engine, NULL, 0),
	S("SSLEnginePath", 0, ssl_engine_path, NULL, 0),
	B("TLSFallbacktoClear", 0, tls_fallback_to_clear, NULL, 0),
	B("SetCertAltnames", 0, set_cert_altnames, NULL, 0),
	C("SmtpUTF8", 0, smtp_utf8, NULL, 0, set_smtp_utf8),
	B("StrictTransportSecurity", 0, strict_transport_security, NULL, 0),
	S("CipherSuites", 0, cipher_suites, NULL, 0),
	/* one-letter options without a long name */
	C(NULL, 'g', default_gid, NULL, 0, set_default_group),
	C(NULL, 'M', more, NULL, OF_NOSTICKY | OF_SAFE, set_macro),
};

#undef S
#undef SE
#undef B
#undef I
#undef L
#undef T
#undef MO
#undef C

#define OPT_COUNT SM_ARRAY_SIZE(opt_tab)

_Static_assert(SM_ARRAY_SIZE(opt_tab) <= OPT_STICKY_BYTES * 8,
    "sticky bitmap too small");
_Static_assert(DBS_COUNT <= 64, "dont_blame is 64 bits");

/* apply - run value through row d's type or setter */
static int
apply(struct opt_ctx *c, const char *val)
{
	const struct opt_def *d = c->d;
	char *munched = NULL;
	long n;
	int r = 0;

	if (d->flags & OF_MUNCH)
		val = munched = munch(val);
	switch (d->type) {
	case OT_STR:
		set_string(MEMBER(c, char *),
		    *val == '\0' && d->empty != NULL ? d->empty : val);
		break;
	case OT_BOOL:
		*MEMBER(c, bool) = atobool(val);
		break;
	case OT_INT:
		r = opt_int(c, d->name, val, MEMBER(c, int));
		break;
	case OT_LONG:
		r = opt_number(c, d->name, val, LONG_MIN, LONG_MAX, MEMBER(c, long));
		break;
	case OT_TIME:
		r = opt_time(c, val, d->unit, MEMBER(c, time_t));
		break;
	case OT_MODE:
		/* sendmail's atooct: octal digits up to the first other byte */
		for (n = 0; *val >= '0' && *val <= '7'; val++)
			n = ((n << 3) | (*val - '0')) & 07777;
		*MEMBER(c, mode_t) = (mode_t)n;
		break;
	case OT_CUSTOM:
		r = d->set(c, val);
		break;
	}
	free(munched);
	return r;
}

/* clear_list - drop what the cf put into a list option */
static void
clear_list(struct options *o, const struct opt_def *d)
{
	if (d->off == OFF(alias_files)) {
		free_strv(o->alias_files, o->n_alias_files);
		o->alias_files = NULL;
		o->n_alias_files = 0;
		free(o->alias_file);
		o->alias_file = NULL;
	} else {
		portlist_free((struct opt_portlist *)(void *)((char *)o + d->off));
	}
}

/* find_long - sendmail's lookup: exact match, or a unique prefix */
static const struct opt_def *
find_long(struct opt_ctx *c, const char *name)
{
	const struct opt_def *sel = NULL, *d;
	size_t len = strlen(name), i;

	for (i = 0; i < OPT_COUNT; i++) {
		d = &opt_tab[i];
		if (d->name == NULL || strncasecmp(d->name, name, len) != 0)
			continue;
		if (strlen(d->name) == len)
			return d;
		if (sel != NULL) {
			opt_error(c, "readcf: ambiguous option name %s (matches %s and %s)",
			    name, sel->name, d->name);
			return NULL;
		}
		sel = d;
	}
	if (sel == NULL) {
		opt_error(c, "readcf: unknown option name %s", name);
		return NULL;
	}
	opt_msg(c, "Option %s used as abbreviation for %s", name, sel->name);
	return sel;
}

/* find_code - the row of a one-character option */
static const struct opt_def *
find_code(struct opt_ctx *c, int code)
{
	size_t i;

	for (i = 0; code != 0 && i < OPT_COUNT; i++)
		if (opt_tab[i].code == code)
			return &opt_tab[i];
	opt_error(c, "readcf: unknown option name 0x%x", code & 0xff);
	return NULL;
}

/* set_row - apply val to row d, honouring stickiness */
static int
set_row(struct opt_ctx *c, const char *val)
{
	struct options *o = c->o;
	size_t idx = (size_t)(c->d - opt_tab);
	bool was = o->sticky[idx / 8] & (1u << (idx % 8));

	if (!(c->d->flags & OF_NOSTICKY)) {
		if (!c->sticky && was)
			return c->nerr ? -1 : 0;
		if (c->sticky) {
			if (!was && (c->d->flags & OF_LIST))
				clear_list(o, c->d);
			o->sticky[idx / 8] |= (unsigned char)(1u << (idx % 8));
		}
	}
	(void)apply(c, val);
	return c->nerr ? -1 : 0;
}

/* set_long - "Name[.sub]" and its value */
static int
set_long(struct opt_ctx *c, const char *name, const char *val)
{
	char base[128];
	const char *dot = strchr(name, '.');

	if (dot != NULL) {
		sm_strlcpy(base, name, (size_t)(dot - name) + 1 < sizeof(base) ?
		    (size_t)(dot - name) + 1 : sizeof(base));
		name = base;
		c->sub = dot + 1;
	}
	c->d = find_long(c, name);
	if (c->d == NULL)
		return -1;
	if (c->sub != NULL && !(c->d->flags & OF_SUBOPT))
		c->sub = NULL;	/* sendmail: "does not support suboptions, ignoring" */
	return set_row(c, val);
}

static void
ctx_init(struct opt_ctx *c, struct config *cfg, enum opt_source src,
    struct sm_buf *err)
{
	memset(c, 0, sizeof(*c));
	c->o = &cfg->opt;
	c->cfg = cfg;
	c->sticky = src == OPT_SRC_CMDLINE;
	c->err = err;
}

/* parse_long_form - "Name = value" as sendmail's setoption(' ', ...) reads it:
 * blanks before '=' end the name, blanks after it are skipped */
static int
parse_long_form(struct opt_ctx *c, const char *text)
{
	const char *eq = strchr(text, '='), *end, *val;
	char name[256];
	size_t n;

	end = eq ? eq : text + strlen(text);
	while (end > text && end[-1] == ' ')
		end--;
	n = (size_t)(end - text);
	if (n == 0)
		return opt_error(c, "readcf: null option name");
	if (n >= sizeof(name))
		return opt_error(c, "readcf: unknown option name %.*s", (int)n, text);
	memcpy(name, text, n);
	name[n] = '\0';
	val = eq ? eq + 1 : end + strspn(end, " ");
	while (*val == ' ')
		val++;
	return set_long(c, name, val);
}

/* option_cf_line - an O line after the 'O': " Name=value" or "Xvalue"; 0 (err may hold a warning) or -1 + err */
int
option_cf_line(struct config *cfg, const char *text, struct sm_buf *err)
{
	struct opt_ctx c;

	ctx_init(&c, cfg, OPT_SRC_CF, err);
	if (text[0] == ' ')
		return parse_long_form(&c, text + 1);
	c.d = find_code(&c, (unsigned char)text[0]);
	if (c.d == NULL)
		return -1;
	return set_row(&c, text + 1);
}

/* option_cmdline - -O Name=value or -oXvalue; sticky against the cf; 0 or -1 + err */
int
option_cmdline(struct config *cfg, const char *arg, bool long_form,
    struct sm_buf *err)
{
	struct opt_ctx c;

	ctx_init(&c, cfg, OPT_SRC_CMDLINE, err);
	if (long_form)
		return parse_long_form(&c, arg);
	c.d = find_code(&c, (unsigned char)arg[0]);
	if (c.d == NULL)
		return -1;
	return set_row(&c, arg[0] ? arg + 1 : arg);
}

/* option_set - set option name (long, Name.sub, or one letter) to value; 0 or -1 + err */
int
option_set(struct config *cfg, const char *name, const char *value,
    enum opt_source src, struct sm_buf *err)
{
	struct opt_ctx c;

	ctx_init(&c, cfg, src, err);
	if (value == NULL)
		value = "";
	if (name[0] != '\0' && name[1] == '\0') {
		c.d = find_code(&c, (unsigned char)name[0]);
		if (c.d == NULL)
			return -1;
		return set_row(&c, value);
	}
	if (name[0] == '\0')
		return opt_error(&c, "readcf: null option name");
	return set_long(&c, name, value);
}

/* option_is_safe - whether the guide lists name as safe on the command line */
bool
option_is_safe(const char *name)
{
	size_t i;

	for (i = 0; i < OPT_COUNT; i++)
		if ((opt_tab[i].name && strcasecmp(opt_tab[i].name, name) == 0) ||
		    (name[0] && !name[1] && opt_tab[i].code == (unsigned char)name[0]))
			return (opt_tab[i].flags & OF_SAFE) != 0;
	return false;
}

/* default_user - sendmail's: mailnull, sendmail or daemon if not root, else 1:1 */
static void
default_user(struct options *o)
{
	static const char *const names[] = { "mailnull", "sendmail", "daemon" };
	size_t i;

	o->default_uid = 1;
	o->default_gid = 1;
	for (i = 0; i < SM_ARRAY_SIZE(names); i++) {
		struct passwd *pw = getpwnam(names[i]);

		if (pw != NULL && pw->pw_uid != 0) {
			o->default_uid = pw->pw_uid;
			o->default_gid = pw->pw_gid;
			o->default_user = sm_strdup(pw->pw_name);
			return;
		}
	}
}

/* options_defaults - sendmail's defaults into o (zeroed first; no allocation freed) */
void
options_defaults(struct options *o)
{
	static const time_t to_defaults[][2] = {
		{ TO(initial), 300 }, { TO(helo), 300 }, { TO(mail), 600 },
		{ TO(rcpt), 3600 }, { TO(datainit), 300 }, { TO(datablock), 3600 },
		{ TO(datafinal), 3600 }, { TO(rset), 300 }, { TO(quit), 120 },
		{ TO(misc), 120 }, { TO(command), 3600 }, { TO(ident), 5 },
		{ TO(fileopen), 60 }, { TO(control), 120 }, { TO(hoststatus), 1800 },
		{ TO(lhlo), 120 }, { TO(auth), 600 }, { TO(starttls), 3600 },
	};
	struct opt_ctx c;
	long ncpu;
	size_t i;

	memset(o, 0, sizeof(*o));
	memset(&c, 0, sizeof(c));
	c.o = o;
	for (i = 0; i < OPT_COUNT; i++) {
		if (opt_tab[i].def == NULL)
			continue;
		c.d = &opt_tab[i];
		(void)apply(&c, opt_tab[i].def);
	}
	for (i = 0; i < SM_ARRAY_SIZE(to_defaults); i++)
		*(time_t *)(void *)((char *)&o->to + to_defaults[i][0]) = to_defaults[i][1];
	for (i = 0; i < TOC_MAX; i++)
		o->to.q_return[i] = 5 * 86400;
	o->to.res_retrans[0] = o->to.res_retrans[1] = -1;
	o->to.res_retry[0] = o->to.res_retry[1] = -1;
	o->milter.log_level = -1;
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu < 1)
		ncpu = 1;
	o->queue_la = (int)(8 * ncpu);
	o->refuse_la = (int)(12 * ncpu);
	o->max_mime_field_length = o->max_mime_header_length / 2;
	default_user(o);
}

/* options_version - V6 and later configurations turn ColonOkInAddr off */
void
options_version(struct options *o, int version)
{
	size_t i;

	if (version < 6)
		return;
	for (i = 0; i < OPT_COUNT; i++)
		if (opt_tab[i].off == OFF(colon_ok_in_addr) && opt_tab[i].type == OT_BOOL &&
		    (o->sticky[i / 8] & (1u << (i % 8))))
			return;
	o->colon_ok_in_addr = false;
}

/* options_warn - see options.h */
void
options_warn(struct options *o)
{
	if (o->super_safe == SAFE_INTERACTIVE && o->delivery_mode != 'i')
		printf("WARNING: SuperSafe=interactive should only be used with\n"
		    "         DeliveryMode=interactive\n");
	if (o->host_status_dir != NULL && *o->host_status_dir != '\0' &&
	    o->conn_cache_size <= 0) {
		printf("Warning: HostStatusDirectory disabled with ConnectionCacheSize = 0\n");
		set_string(&o->host_status_dir, NULL);
	}
	if (o->single_thread_delivery &&
	    (o->host_status_dir == NULL || *o->host_status_dir == '\0')) {
		printf("Warning: HostStatusDirectory required for SingleThreadDelivery\n");
		o->single_thread_delivery = false;
	}
}

/* options_cmdline_delivery_mode - DeliveryMode when the command line set
 * it, else '\0' (sendmail -bt runs its envelope in interactive mode
 * whatever the cf says, but a -od or -O DeliveryMode wins) */
char
options_cmdline_delivery_mode(const struct options *o)
{
	size_t i;

	for (i = 0; i < OPT_COUNT; i++)
		if (opt_tab[i].off == OFF(delivery_mode) &&
		    (o->sticky[i / 8] & (1u << (i % 8))))
			return o->delivery_mode;
	return '\0';
}

/* options_free - free every string and list of o; the caller owns o itself */
void
options_free(struct options *o)
{
	size_t i;
	int k;

	for (i = 0; i < OPT_COUNT; i++)
		if (opt_tab[i].type == OT_STR || (opt_tab[i].flags & OF_STRMEM)) {
			char **s = (char **)(void *)((char *)o + opt_tab[i].off);

			free(*s);
			*s = NULL;
		}
	free(o->alias_file);
	o->alias_file = NULL;
	free_strv(o->alias_files, o->n_alias_files);
	o->alias_files = NULL;
	o->n_alias_files = 0;
	portlist_free(&o->daemon_ports);
	portlist_free(&o->client_ports);
	for (k = 0; k < MILTER_NSTAGES; k++) {
		free(o->milter.macros[k]);
		o->milter.macros[k] = NULL;
	}
}

/* print_time - seconds as sendmail writes intervals ("1h30m", "0") */
static void
print_time(FILE *fp, time_t t)
{
	static const struct { long secs; char unit; } units[] = {
		{ 604800, 'w' }, { 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' },
	};
	size_t i;

	if (t == 0) {
		fputs("0", fp);
		return;
	}
	if (t < 0) {
		fputc('-', fp);
		t = -t;
	}
	for (i = 0; i < SM_ARRAY_SIZE(units); i++)
		if (t >= units[i].secs) {
			fprintf(fp, "%ld%c", (long)(t / units[i].secs), units[i].unit);
			t %= units[i].secs;
		}
}

/* options_print - "Name=value" lines for every option, for debugging */
void
options_print(const struct options *o, FILE *fp)
{
	size_t i;
	int k;

	for (i = 0; i < OPT_COUNT; i++) {
		const struct opt_def *d = &opt_tab[i];
		const void *p = (const char *)o + d->off;

		if (d->name == NULL)
			continue;
		switch (d->type) {
		case OT_STR:
			fprintf(fp, "%s=%s\n", d->name, *(char *const *)p ? *(char *const *)p : "");
			break;
		case OT_BOOL:
			fprintf(fp, "%s=%s\n", d->name, *(const bool *)p ? "True" : "False");
			break;
		case OT_INT:
			fprintf(fp, "%s=%d\n", d->name, *(const int *)p);
			break;
		case OT_LONG:
			fprintf(fp, "%s=%ld\n", d->name, *(const long *)p);
			break;
		case OT_TIME:
			fprintf(fp, "%s=", d->name);
			print_time(fp, *(const time_t *)p);
			fputc('\n', fp);
			break;
		case OT_MODE:
			fprintf(fp, "%s=%04o\n", d->name, (unsigned)*(const mode_t *)p);
			break;
		case OT_CUSTOM:
			break;
		}
	}
	fprintf(fp, "AliasFile=%s\n", o->alias_file ? o->alias_file : "");
	fprintf(fp, "DeliveryMode=%c\nErrorMode=%c\nEightBitMode=%c\n",
	    o->delivery_mode, o->error_mode, o->eight_bit_mode);
	fprintf(fp, "QueueSortOrder=%c\nSuperSafe=%d\nPrivacyOptions=0x%x\n",
	    o->queue_sort_order, (int)o->super_safe, o->privacy);
	fprintf(fp, "DontBlameSendmail=0x%llx\n", (unsigned long long)o->dont_blame);
	fprintf(fp, "DefaultUser=%ld:%ld\n", (long)o->default_uid, (long)o->default_gid);
	for (i = 0; i < o->daemon_ports.n; i++)
		fprintf(fp, "DaemonPortOptions=%s\n", o->daemon_ports.v[i].raw);
	for (i = 0; i < o->client_ports.n; i++)
		fprintf(fp, "ClientPortOptions=%s\n", o->client_ports.v[i].raw);
	for (i = 0; i < SM_ARRAY_SIZE(to_tab); i++) {
		const struct to_def *t = &to_tab[i];

		if (t->kind != TK_ONE)
			continue;
		fprintf(fp, "Timeout.%s=", t->name);
		print_time(fp, *(const time_t *)(const void *)((const char *)&o->to + t->off));
		fputc('\n', fp);
	}
	for (k = 0; k < TOC_MAX; k++) {
		fprintf(fp, "Timeout.queuereturn[%d]=", k);
		print_time(fp, o->to.q_return[k]);
		fprintf(fp, "\nTimeout.queuewarn[%d]=", k);
		print_time(fp, o->to.q_warning[k]);
		fputc('\n', fp);
	}
	fprintf(fp, "Milter.LogLevel=%d\n", o->milter.log_level);
	for (k = 0; k < MILTER_NSTAGES; k++)
		fprintf(fp, "Milter.%s=%s\n", milter_stages[k],
		    o->milter.macros[k] ? o->milter.macros[k] : "");
}
