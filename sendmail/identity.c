/*
 * identity.c - the host's names and addresses, as sendmail finds them.
 *
 * Owns the startup macros sendmail defines itself (see identity.h): the
 * canonical name from gethostname(), qualified through the resolver only
 * when it has no dot; the uname node name; IPv4 interface literals (Linux
 * SIOCGIFCONF, which sendmail uses, lists IPv4 only, so we list IPv4
 * only), probed after the cf is read as DontProbeInterfaces allows, each
 * with the names gethostbyaddr() gives it and their "[name]" forms, as
 * sendmail's add_hostnames adds them to class w.  sendmail sleeps and
 * retries when it cannot qualify its name; we do not sleep.
 */
#include "sm.h"
#include "identity.h"
#include "config.h"
#include "macro.h"
#include "class.h"
#include "debug.h"

#include <ifaddrs.h>
#include <netdb.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>

/* qualify - replace an unqualified name by its canonical form, when known */
static void
qualify(char *name, size_t size)
{
	struct addrinfo hints, *res = NULL;

	if (strchr(name, '.') != NULL || name[0] == '\0')
		return;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_flags = AI_CANONNAME;
	if (getaddrinfo(name, NULL, &hints, &res) != 0)
		return;
	if (res != NULL && res->ai_canonname != NULL &&
	    strchr(res->ai_canonname, '.') != NULL)
		sm_strlcpy(name, res->ai_canonname, size);
	freeaddrinfo(res);
}

/* probe_names - canonical name, node name and user name */
static void
probe_names(struct identity *id)
{
	struct utsname u;
	struct passwd *pw;

	if (gethostname(id->canon, sizeof(id->canon)) != 0)
		sm_strlcpy(id->canon, "localhost", sizeof(id->canon));
	id->canon[sizeof(id->canon) - 1] = '\0';
	qualify(id->canon, sizeof(id->canon));
	if (uname(&u) == 0)
		sm_strlcpy(id->node, u.nodename, sizeof(id->node));
	else
		sm_strlcpy(id->node, id->canon, sizeof(id->node));
	pw = getpwuid(getuid());
	sm_strlcpy(id->user, pw != NULL ? pw->pw_name : "unknown", sizeof(id->user));
}

/* probe_skip - interfaces DontProbeInterfaces=loopback leaves out */
static bool
probe_skip(const struct config *cfg, const struct ifaddrs *ifa)
{
	return cfg->opt.dont_probe_ifaces == DPI_SKIPLOOPBACK &&
	    (ifa->ifa_flags & IFF_LOOPBACK) != 0;
}

/* add_hostname - one name of an interface into class w with its "[name]"
 * form, unless class w has the name already */
static void
add_hostname(struct config *cfg, const char *name, FILE *fp)
{
	char lit[IDENT_MAXNAME + 3];

	if (class_has(cfg, 'w', name))
		return;
	class_add(cfg, 'w', name);
	if (debug_on(0, 4))
		fprintf(fp, "\ta.k.a.: %s\n", name);
	if (strlen(name) + 3 <= sizeof(lit)) {
		sm_snprintf(lit, sizeof(lit), "[%s]", name);
		if (!class_has(cfg, 'w', lit))
			class_add(cfg, 'w', lit);
	}
}

/* add_hostnames - the names the resolver gives an interface address
 * (sendmail's add_hostnames: the name, then its aliases) */
static void
add_hostnames(struct config *cfg, const struct in_addr *in, FILE *fp)
{
	struct hostent *hp = gethostbyaddr(in, sizeof(*in), AF_INET);

	if (hp == NULL || hp->h_name == NULL)
		return;
	add_hostname(cfg, hp->h_name, fp);
	for (char **a = hp->h_aliases; a != NULL && *a != NULL; a++)
		add_hostname(cfg, *a, fp);
}

/* identity_probe_ifaces - "[a.b.c.d]" of every IPv4 interface, and the
 * names the resolver has for it, into class w */
void
identity_probe_ifaces(struct config *cfg, FILE *fp)
{
	struct ifaddrs *ifa0 = NULL, *ifa;
	char ip[INET_ADDRSTRLEN], lit[INET_ADDRSTRLEN + 2];

	if (cfg->opt.dont_probe_ifaces == DPI_PROBENONE || getifaddrs(&ifa0) != 0)
		return;
	for (ifa = ifa0; ifa != NULL; ifa = ifa->ifa_next) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)(void *)ifa->ifa_addr;

		if (sin == NULL || sin->sin_family != AF_INET || probe_skip(cfg, ifa))
			continue;
		if (inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip)) == NULL)
			continue;
		sm_snprintf(lit, sizeof(lit), "[%s]", ip);
		if (!class_has(cfg, 'w', lit)) {
			class_add(cfg, 'w', lit);
			if (debug_on(0, 4))
				fprintf(fp, "\ta.k.a.: %s\n", lit);
		}
		add_hostnames(cfg, &sin->sin_addr, fp);
	}
	freeifaddrs(ifa0);
}

/* identity_probe - find the host's names and addresses */
void
identity_probe(struct identity *id, FILE *fp)
{
	memset(id, 0, sizeof(*id));
	probe_names(id);
	if (debug_on(0, 4)) {
		fprintf(fp, "Canonical name: %s\n", id->canon);
		fprintf(fp, " UUCP nodename: %s\n", id->node);
	}
}

/* identity_arpadate - now in RFC 822 form, as sendmail's startup $b */
void
identity_arpadate(char *buf, size_t size)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	sm_snprintf(buf, size, "%s, %d %s %d %02d:%02d:%02d GMT", days[tm.tm_wday],
	    tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
}

/* set_default - define macro name unless the configuration did */
static void
set_default(struct config *cfg, const char *name, const char *value)
{
	int id = macro_id(name, true);

	if (id >= 0 && macro_get(&cfg->mac, id) == NULL)
		macro_set(&cfg->mac, id, value);
}

/* add_persistent - class {persistentMacros}: the macros a queue file keeps */
static void
add_persistent(struct config *cfg)
{
	static const char *const names[] = { "r", "s", "_", "{if_addr}", "{daemon_flags}" };
	int id = macro_id("{persistentMacros}", true);
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(names); i++)
		class_add(cfg, id, names[i]);
}

/* identity_apply - define the startup macros and classes in cfg */
void
identity_apply(struct config *cfg, const struct identity *id, int opmode)
{
	char buf[IDENT_MAXNAME + 16], mode[2] = { (char)opmode, '\0' };
	const char *dot = strchr(id->canon, '.');

	set_default(cfg, "w", id->canon);
	set_default(cfg, "j", id->canon);
	class_add(cfg, 'w', id->canon);
	if (dot != NULL && dot[1] != '\0') {
		set_default(cfg, "m", dot + 1);
		class_add(cfg, 'm', dot + 1);
	}
	set_default(cfg, "k", id->node);
	class_add(cfg, 'k', id->node);
	set_default(cfg, "v", SM_VERSION);
	sm_snprintf(buf, sizeof(buf), "%s@localhost", id->user);
	set_default(cfg, "_", buf);
	identity_arpadate(buf, sizeof(buf));
	set_default(cfg, "b", buf);
	set_default(cfg, "{opMode}", mode);
	add_persistent(cfg);
}

/* identity_short_w - cut $w to the short name, as a V5 or later V line
 * does in sendmail (at that line: a later Dw stays as written) */
void
identity_short_w(struct config *cfg)
{
	int w = macro_id("w", false);
	const char *v = macro_get(&cfg->mac, w);
	const char *dot;
	char *shortname;

	if (v != NULL && (dot = strchr(v, '.')) != NULL) {
		shortname = sm_strndup(v, (size_t)(dot - v));
		macro_set(&cfg->mac, w, shortname);
		free(shortname);
	}
}

/* add_mime_classes - the header names sendmail puts in its MIME check
 * classes after it reads the cf (added to what the cf put there) */
static void
add_mime_classes(struct config *cfg)
{
	static const struct {
		const char *cls, *word;
	} tab[] = {
		{ "{checkMIMETextHeaders}", "content-description" },
		{ "{checkMIMEFieldHeaders}", "content-type" },
		{ "{checkMIMEFieldHeaders}", "content-disposition" },
		{ "{checkMIMEHeaders}", "content-type" },
		{ "{checkMIMEHeaders}", "content-transfer-encoding" },
		{ "{checkMIMEHeaders}", "content-id" },
		{ "{checkMIMEHeaders}", "mime-version" },
		{ "{checkMIMEHeaders}", "content-disposition" },
	};

	for (size_t i = 0; i < SM_ARRAY_SIZE(tab); i++)
		class_add(cfg, macro_id(tab[i].cls, true), tab[i].word);
}

/* identity_after_readcf - the MIME check classes; warn on an unqualified $j */
void
identity_after_readcf(struct config *cfg, FILE *fp)
{
	int j = macro_id("j", false);
	const char *jv = macro_get(&cfg->mac, j);

	add_mime_classes(cfg);

	if (jv != NULL && strchr(jv, '.') == NULL)
		fprintf(fp, "WARNING: local host name (%s) is not qualified; "
		    "see cf/README: WHO AM I?\n", jv);
}
