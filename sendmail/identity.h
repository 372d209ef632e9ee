/*
 * identity.h - who this host is: the macros and classes sendmail sets itself.
 *
 * Owner: identity.c (the front end).  Before the configuration is read,
 * sendmail finds the canonical host name ($w and $j, class w), its domain
 * ($m, class m), the uname node name ($k, class k), the addresses of the
 * IPv4 interfaces as "[a.b.c.d]" literals (class w), the version ($v),
 * the invoking user ($_ = "user@localhost"), the date ($b) and the
 * operation mode (${opMode}).  The interfaces are probed after the cf is
 * read, since its DontProbeInterfaces option says whether to.  After the configuration is read, $w is cut
 * to the short name and an unqualified $j gets sendmail's warning.
 *
 * The version we answer with is sendmail's: we are a drop-in replacement
 * and rules, greetings and Received: lines read $v.
 */
#ifndef IDENTITY_H
#define IDENTITY_H

#include "sm.h"

struct config;

#define SM_VERSION "8.17.1.9"

#define IDENT_MAXNAME 256

struct identity {
	char canon[IDENT_MAXNAME];	/* canonical host name */
	char node[IDENT_MAXNAME];	/* uname node name */
	char user[IDENT_MAXNAME];	/* real user name */
};

/* identity_probe - find the host's names; prints the -d0.4 lines to fp */
void identity_probe(struct identity *id, FILE *fp);
/* identity_probe_ifaces - after the cf is read, unless DontProbeInterfaces:
 * add "[a.b.c.d]" of each IPv4 interface to class w ("a.k.a." at -d0.4) */
void identity_probe_ifaces(struct config *cfg, FILE *fp);
/* identity_apply - define $w $j $m $k $v $_ $b ${opMode} and classes w k m in cfg
 * (values the configuration already set are left alone) */
void identity_apply(struct config *cfg, const struct identity *id, int opmode);
/* identity_short_w - cut $w to its first label (the V line, level 5 up) */
void identity_short_w(struct config *cfg);
/* identity_after_readcf - sendmail's MIME check classes; warn on an
 * unqualified $j to fp */
void identity_after_readcf(struct config *cfg, FILE *fp);
/* identity_arpadate - now in RFC 822 form as $b holds it, into buf */
void identity_arpadate(char *buf, size_t size);

#endif
