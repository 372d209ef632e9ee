/*
 * queue_list.c - -bp / mailq: the queue listing of sendmail 8.17.
 *
 * Two passes, as sendmail's gatherq() and print_single_queue(): first
 * every "qf*" entry of the qf directory (in readdir order) is opened, a
 * shared flock tried (failure: '*'), and its V T K N P lines read for the
 * priority and age; the list is sorted by priority only (ties keep the
 * directory order, as glibc's merge sort does for sendmail's qsort);
 * QueueSortOrder=time, host (two passes, locks spread per host),
 * filename, modification and none are followed too, the last three
 * without opening the qf files, as sendmail does.
 * Then each entry is printed from its qf lines read with a 2048-byte
 * line buffer: the id right-aligned in 13 columns, the state letter
 * ('*' locked, '-' too young, 'X' load too high, ' '), the df size in 8
 * columns, ctime()'s first 16 characters, the sender (39 characters),
 * then the body type and status message, and one line per recipient
 * (38 characters), unprintable bytes as \ooo.  -O Verbose=true gives
 * the wide form with the priority.
 *
 * -q[!]I/R/S limits are applied as gatherq() does (queue_list_print_limited,
 * queue_list_print_args for the command line's -q).
 *
 * Queue groups (queue_group.h): each group's directories are listed in
 * turn, mqueue first, a directory shared by groups once per group (a
 * path ending in '*' gives its matches in the parent's readdir order,
 * each with its own heading), then "Total requests: N" over all;
 * -qGname lists one group without the total (observed on sendmail 8.17).
 *
 * Missing: QueueSortOrder=random (sendmail's
 * is random too), the RestrictMailq permission check, and the other
 * diagnostics sendmail's readqf prints for broken qf files.
 */
#include "sm.h"
#include "queue.h"
#include "queue_list.h"
#include "queue_group.h"

#include <dirent.h>
#include <sys/file.h>

#define QL_MAXLINE	2048	/* sendmail's MAXLINE */
#define QL_MAXNAME	256	/* sendmail's MAXNAME */
#define QL_MAXQFNAME	20	/* sendmail's MAXQFNAME: longer names are skipped */
#define QL_NEWPRI	0x7fffffffL	/* priority of a qf without a P line yet */
#define QL_MAXLIMITS	64	/* -q limits taken from the command line */

/* One queue entry, as gathered. */
struct work {
	char name[QL_MAXQFNAME];	/* "qfID" */
	long pri;
	time_t ctime;
	bool lock;			/* another process holds it */
	bool tooyoung;			/* MinQueueAge not yet passed */
	time_t mtime;			/* the qf's modification time */
	char host[QL_MAXNAME + 1];	/* first recipient's domain reversed, lower case */
	bool has_host;
	bool skip;			/* failed a -q limit, or quarantined */
	size_t seq;			/* order before this sort, for stability */
};

/* The limits of one listing. */
struct limits {
	const struct queue_limit *v;
	size_t n;
};

#define NEED_P	0x01
#define NEED_T	0x02
#define NEED_H	0x04
#define NEED_S	0x08
#define NEED_R	0x10

struct worklist {
	struct work *v;
	size_t n, cap;
	size_t total;			/* qf entries seen, printed or not */
};

/* set_tz - sendmail unsets TZ unless the cf sets TimeZoneSpec */
static void
set_tz(const struct config *cfg)
{
	const char *tz = cfg->opt.time_zone;

	if (tz == NULL)
		(void)unsetenv("TZ");
	else if (*tz != '\0')
		(void)setenv("TZ", tz, 1);
	tzset();
}

/* strip_nl - sendmail's fixcrlf: drop the line end */
static void
strip_nl(char *buf)
{
	size_t n = strlen(buf);

	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
}

static bool sort_reads_qf(const struct config *cfg);

/* has_kind - whether lim has a limit of kind */
static bool
has_kind(const struct limits *lim, int kind)
{
	size_t i;

	for (i = 0; i < lim->n; i++)
		if (lim->v[i].kind == kind)
			return true;
	return false;
}

/* passes - sendmail's check: some limit of kind matches value (xor negate) */
static bool
passes(const struct limits *lim, int kind, const char *value)
{
	size_t i;
	bool found;

	for (i = 0; i < lim->n; i++) {
		if (lim->v[i].kind != kind)
			continue;
		found = kind == 'I' ? strstr(value, lim->v[i].match) != NULL :
		    strcasestr(value, lim->v[i].match) != NULL;
		if (found != lim->v[i].negate)
			return true;
	}
	return false;
}

/* set_host - w's host key: the domain reversed and lower-cased, as
 * sendmail's QueueSortOrder=host compares it */
static void
set_host(struct work *w, const char *domain)
{
	size_t n = strlen(domain), i;

	if (n >= sizeof(w->host))
		n = sizeof(w->host) - 1;
	for (i = 0; i < n; i++)
		w->host[i] = (char)tolower((unsigned char)domain[strlen(domain) - 1 - i]);
	w->host[n] = '\0';
	w->has_host = true;
}

/* gather_line - apply one qf line to w; clears the NEED_ bits it meets */
static void
gather_line(const struct config *cfg, const struct limits *lim, struct work *w,
    const char *line, int *need)
{
	time_t age, now = time(NULL);
	const char *at;

	switch (line[0]) {
	case 'P':
		w->pri = atol(line + 1);
		*need &= ~NEED_P;
		break;
	case 'T':
		w->ctime = (time_t)atol(line + 1);
		*need &= ~NEED_T;
		break;
	case 'K':
		age = now - (time_t)atol(line + 1);
		if (cfg->opt.max_queue_age > 0) {
			time_t delay = (time_t)atol(line + 1) - w->ctime;

			if (delay > cfg->opt.max_queue_age)
				delay = cfg->opt.max_queue_age;
			w->tooyoung = age < delay;
		} else if (age >= 0 && cfg->opt.min_queue_age > 0 &&
		    age < cfg->opt.min_queue_age)
			w->tooyoung = true;
		break;
	case 'N':
		if (atol(line + 1) == 0)
			w->tooyoung = false;
		break;
	case 'R':
		if (!w->has_host && (at = strrchr(line + 1, '@')) != NULL) {
			set_host(w, at + 1);
			*need &= ~NEED_H;
		}
		at = strchr(line + 1, ':');
		if ((*need & NEED_R) && passes(lim, 'R', at != NULL ? at + 1 : line + 1))
			*need &= ~NEED_R;
		break;
	case 'S':
		if ((*need & NEED_S) && passes(lim, 'S', line + 1))
			*need &= ~NEED_S;
		break;
	case 'q':
		w->skip = true;		/* quarantined: not in the normal listing */
		break;
	}
}

/* gather_one - open qf, try the shared lock, read the sort keys (and
 * the host when sorting by host) */
static void
gather_one(const struct config *cfg, const struct limits *lim, const char *path,
    struct work *w)
{
	char line[QL_MAXNAME + 1];
	int need = NEED_P | NEED_T | (cfg->opt.queue_sort_order == 'h' ? NEED_H : 0) |
	    (has_kind(lim, 'S') ? NEED_S : 0) | (has_kind(lim, 'R') ? NEED_R : 0), c;
	FILE *fp = fopen(path, "r");

	w->pri = QL_NEWPRI;
	if (fp == NULL)
		return;
	w->lock = flock(fileno(fp), LOCK_SH | LOCK_NB) < 0;
	while (need != 0 && fgets(line, sizeof(line), fp) != NULL) {
		if (strchr(line, '\n') == NULL)
			while ((c = getc(fp)) != EOF && c != '\n')
				continue;
		strip_nl(line);
		gather_line(cfg, lim, w, line, &need);
	}
	fclose(fp);
	if (need & (NEED_S | NEED_R))
		w->skip = true;
}

/* worth_listing - a regular file named qf* short enough for sendmail;
 * other qf* entries get gatherq's complaint on out (name: the queue's
 * printed name) */
static bool
worth_listing(FILE *out, const char *qname, const char *dir, const char *name,
    char *path, size_t size, time_t *mtime)
{
	struct stat st;

	if (name[0] != 'q' || name[1] != 'f' || strlen(name) >= QL_MAXQFNAME)
		return false;
	if (sm_snprintf(path, size, "%s/%s", dir, name) < 0 || stat(path, &st) < 0)
		return false;
	*mtime = st.st_mtime;
	if (S_ISREG(st.st_mode))
		return true;
	if (name[2] != '\0')
		fprintf(out, "gatherq: %s/%s is not a regular file\n", qname, name);
	return false;
}

/* gather - the qf entries of dir that pass lim into l (at most max
 * stored when max > 0; all counted in l->total) */
static void
gather(const struct config *cfg, const struct limits *lim, FILE *out, const char *qname,
    const char *dir, struct worklist *l, int max)
{
	char path[PATH_MAX];
	struct dirent *d;
	struct work w;
	time_t mtime = 0;
	DIR *dp = opendir(dir);

	if (dp == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (!worth_listing(out, qname, dir, d->d_name, path, sizeof(path), &mtime) ||
		    (has_kind(lim, 'I') && !passes(lim, 'I', d->d_name)))
			continue;
		memset(&w, 0, sizeof(w));
		(void)sm_strlcpy(w.name, d->d_name, sizeof(w.name));
		w.mtime = mtime;
		if (sort_reads_qf(cfg) || has_kind(lim, 'S') || has_kind(lim, 'R'))
			gather_one(cfg, lim, path, &w);
		if (w.skip)
			continue;
		l->total++;
		if (max > 0 && l->n >= (size_t)max)
			continue;
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 64;
			l->v = sm_reallocarray(l->v, l->cap, sizeof(*l->v));
		}
		w.seq = l->n;
		l->v[l->n++] = w;
	}
	closedir(dp);
}

/* stable - the order before this sort */
static int
stable(const struct work *x, const struct work *y)
{
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* by_priority - QueueSortOrder=priority */
static int
by_priority(const void *a, const void *b)
{
	const struct work *x = a, *y = b;

	if (x->pri != y->pri)
		return x->pri < y->pri ? -1 : 1;
	return stable(x, y);
}

/* by_time - QueueSortOrder=time: submission time */
static int
by_time(const void *a, const void *b)
{
	const struct work *x = a, *y = b;

	if (x->ctime != y->ctime)
		return x->ctime < y->ctime ? -1 : 1;
	return stable(x, y);
}

/* by_mtime - QueueSortOrder=modification: the qf's mtime */
static int
by_mtime(const void *a, const void *b)
{
	const struct work *x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? -1 : 1;
	return stable(x, y);
}

/* by_name - QueueSortOrder=filename */
static int
by_name(const void *a, const void *b)
{
	const struct work *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : stable(x, y);
}

/* host_cmp - hostless entries first, then the reversed domains */
static int
host_cmp(const struct work *x, const struct work *y)
{
	if (x->has_host != y->has_host)
		return x->has_host ? 1 : -1;
	return x->has_host ? strcasecmp(x->host, y->host) : 0;
}

/* by_host_lock - host, locked ones first, priority */
static int
by_host_lock(const void *a, const void *b)
{
	const struct work *x = a, *y = b;
	int c = host_cmp(x, y);

	if (c != 0)
		return c;
	if (x->lock != y->lock)
		return x->lock ? -1 : 1;
	return by_priority(a, b);
}

/* by_lock_host - unlocked ones first, host, priority */
static int
by_lock_host(const void *a, const void *b)
{
	const struct work *x = a, *y = b;
	int c;

	if (x->lock != y->lock)
		return x->lock ? 1 : -1;
	c = host_cmp(x, y);
	return c != 0 ? c : by_priority(a, b);
}

/* renumber - the current order becomes the stable order */
static void
renumber(struct worklist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		l->v[i].seq = i;
}

/* sort_by_host - sendmail's two passes: when one entry for a host is
 * locked, all later ones for that host count as locked */
static void
sort_by_host(struct worklist *l)
{
	size_t i = 0, j;

	qsort(l->v, l->n, sizeof(*l->v), by_host_lock);
	while (i < l->n) {
		if (!l->v[i].lock) {
			i++;
			continue;
		}
		for (j = i + 1; j < l->n && host_cmp(&l->v[i], &l->v[j]) == 0; j++)
			l->v[j].lock = true;
		i = j;
	}
	renumber(l);
	qsort(l->v, l->n, sizeof(*l->v), by_lock_host);
}

/* The QueueSortOrder letters; reads_qf: sendmail opens each qf to sort
 * (the others list entries unopened: no lock check, priority 0). */
static const struct sort_order {
	int letter;
	int (*cmp)(const void *, const void *);	/* NULL: readdir order */
	bool reads_qf;
} sort_orders[] = {
	{ 'p', by_priority, true }, { 't', by_time, true }, { 'h', NULL, true },
	{ 'f', by_name, false }, { 'm', by_mtime, false }, { 'n', NULL, false },
	{ 'r', NULL, false },
};

/* sort_order - the row of cfg's QueueSortOrder (priority when unknown) */
static const struct sort_order *
sort_order(const struct config *cfg)
{
	size_t i;

	for (i = 0; i < SM_ARRAY_SIZE(sort_orders); i++)
		if (sort_orders[i].letter == cfg->opt.queue_sort_order)
			return &sort_orders[i];
	return &sort_orders[0];
}

/* sort_reads_qf - whether gathering opens each qf for cfg's sort order */
static bool
sort_reads_qf(const struct config *cfg)
{
	return sort_order(cfg)->reads_qf;
}

/* sort_work - order l as sendmail's sortq does */
static void
sort_work(const struct config *cfg, struct worklist *l)
{
	const struct sort_order *so = sort_order(cfg);

	if (so->letter == 'h')
		sort_by_host(l);
	else if (so->cmp != NULL)
		qsort(l->v, l->n, sizeof(*l->v), so->cmp);
}

/* ------------------------------------------------------------ printing */

/* prtstr - at most ml columns of s: backslashes doubled, unprintable
 * bytes as \ooo (sendmail's prtstr) */
static void
prtstr(FILE *out, const char *s, int ml)
{
	int c;

	while (ml-- > 0 && (c = (unsigned char)*s++) != '\0') {
		if (c == '\\') {
			if (ml-- > 0)
				fputs("\\\\", out);
		} else if (c < 0x80 && isprint(c))
			putc(c, out);
		else if ((ml -= 3) > 0)
			fprintf(out, "\\%03o", c);
	}
}

/* Per-entry state while its qf lines are printed. */
struct entry {
	const struct work *w;
	long dfsize;
	time_t submit;
	bool warned;			/* F line has 'w' */
	int version;
	char statmsg[QL_MAXLINE];
	char quarmsg[QL_MAXLINE];
	char bodytype[QL_MAXNAME + 1];
};

/* copy_text - the rest of a line into a bounded field */
static void
copy_text(char *dst, size_t size, const char *src)
{
	(void)sm_strlcpy(dst, src, size);
}

/* state_letter - '*' locked, '-' too young, 'X' load too high, ' ' */
static int
state_letter(const struct config *cfg, const struct work *w)
{
	double la[1];
	long cur;

	if (w->lock)
		return '*';
	if (w->tooyoung)
		return '-';
	/* sendmail's load average is getloadavg()'s, rounded */
	if (getloadavg(la, 1) == 1 && (cur = (long)(la[0] + 0.5)) >= cfg->opt.queue_la &&
	    w->pri > cfg->opt.queue_factor / (cur - cfg->opt.queue_la + 1))
		return 'X';
	return ' ';
}

/* print_sender - the S line: size, time, sender, then the pending
 * quarantine reason, body type and status message */
static void
print_sender(const struct config *cfg, FILE *out, struct entry *en, const char *s)
{
	char tbuf[32] = "";
	bool verbose = cfg->opt.verbose;

	if (ctime_r(&en->submit, tbuf) == NULL)
		memset(tbuf, 0, sizeof(tbuf));
	if (verbose) {
		fprintf(out, "%8ld %10ld%c%.12s ", en->dfsize, en->w->pri,
		    en->warned ? '+' : ' ', tbuf + 4);
		prtstr(out, s, 78);
	} else {
		fprintf(out, "%8ld %.16s ", en->dfsize, tbuf);
		prtstr(out, s, 39);
	}
	if (en->quarmsg[0] != '\0') {
		fprintf(out, "\n     QUARANTINE: %.*s", verbose ? 100 : 60, en->quarmsg);
		en->quarmsg[0] = '\0';
	}
	if (en->statmsg[0] != '\0' || en->bodytype[0] != '\0') {
		fprintf(out, "\n    %10.10s", en->bodytype);
		if (en->statmsg[0] != '\0')
			fprintf(out, "   (%.*s)", verbose ? 100 : 60, en->statmsg);
		en->statmsg[0] = '\0';
	}
}

/* print_rcpt - an R line: the address after the flags */
static void
print_rcpt(const struct config *cfg, FILE *out, struct entry *en, const char *r)
{
	const char *p = r;

	if (en->version >= 1) {
		p = strchr(r, ':');
		if (p == NULL)
			return;
		p++;
	}
	if (cfg->opt.verbose) {
		fputs("\n\t\t\t\t\t\t", out);
		prtstr(out, p, 71);
		if (en->statmsg[0] != '\0') {
			fprintf(out, "\n\t\t (%.100s)", en->statmsg);
			en->statmsg[0] = '\0';
		}
	} else {
		fputs("\n\t\t\t\t\t ", out);
		prtstr(out, p, 38);
	}
}

/* print_line - one qf line of the entry being printed */
static void
print_line(const struct config *cfg, FILE *out, struct entry *en, const char *buf)
{
	const char *arg = buf + 1;

	switch (buf[0]) {
	case 'V': en->version = atoi(arg); break;
	case 'M': copy_text(en->statmsg, sizeof(en->statmsg), arg); break;
	case 'q': copy_text(en->quarmsg, sizeof(en->quarmsg), arg); break;
	case 'B': copy_text(en->bodytype, sizeof(en->bodytype), arg); break;
	case 'S': print_sender(cfg, out, en, arg); break;
	case 'R': print_rcpt(cfg, out, en, arg); break;
	case 'T': en->submit = (time_t)atol(arg); break;
	case 'F': en->warned = strchr(arg, 'w') != NULL; break;
	case 'C':
		if (cfg->opt.verbose)
			fprintf(out, "\n\t\t\t\t\t\t(---%.64s---)", arg);
		break;
	}
}

/* df_size - the size of the entry's df, -1 when it has none */
static long
df_size(const struct queue_dirs *d, const struct work *w)
{
	char path[PATH_MAX];
	struct stat st;

	if (sm_snprintf(path, sizeof(path), "%s/d%s", d->df, w->name + 1) < 0 ||
	    stat(path, &st) < 0)
		return -1;
	return (long)st.st_size;
}

/* readqf_note - sendmail reads the whole qf when the df is missing and
 * says so ("readqf: cannot open ./dfID: ...") unless the qf is empty,
 * locked or unreadable as a qf */
static void
readqf_note(FILE *out, const struct queue_dirs *d, const char *qf, const struct work *w)
{
	struct sm_buf err = SM_BUF_INIT(256);
	struct envelope *e = NULL;
	struct stat st;
	int r;

	if (w->lock || stat(qf, &st) < 0 || st.st_size == 0)
		return;
	r = queue_read(NULL, qf, true, &e, &err);
	if (r == 0)
		fprintf(out, "readqf: cannot open ./%sd%s: %s\n", d->sub_df ? "df/" : "",
		    w->name + 1, strerror(ENOENT));
	env_free(e);
	sm_buf_free(&err);
}

/* print_entry - one queue entry */
static void
print_entry(const struct config *cfg, FILE *out, const struct queue_dirs *d,
    const struct work *w)
{
	char path[PATH_MAX], buf[QL_MAXLINE];
	struct entry *en;
	FILE *fp;

	fprintf(out, "%13s", w->name + 2);
	if (sm_snprintf(path, sizeof(path), "%s/%s", d->qf, w->name) < 0 ||
	    (fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			fputs(" (job completed)\n", out);
		else if (errno == EPERM)
			fputs(" (permission denied)\n", out);
		else
			fprintf(out, " (%s)\n", strerror(errno));
		return;
	}
	en = sm_calloc(1, sizeof(*en));
	en->w = w;
	en->dfsize = df_size(d, w);
	if (en->dfsize < 0)
		readqf_note(out, d, path, w);
	putc(state_letter(cfg, w), out);
	while (fgets(buf, sizeof(buf), fp) != NULL) {
		strip_nl(buf);
		print_line(cfg, out, en, buf);
	}
	if (en->submit == 0)
		fputs(" (no control file)", out);
	putc('\n', out);
	fclose(fp);
	free(en);
}

/* print_queue - the listing of one queue directory; returns its count */
static size_t
print_queue(const struct config *cfg, const struct limits *lim, FILE *out,
    const struct queue_dirs *d, const char *name)
{
	struct worklist l = { NULL, 0, 0, 0 };
	int max = cfg->opt.max_queue_run_size;
	size_t i;

	gather(cfg, lim, out, name, d->qf, &l, max);
	if (l.total == 0) {
		fprintf(out, "%s is empty\n", name);
		free(l.v);
		return 0;
	}
	sort_work(cfg, &l);
	fprintf(out, "\t\t%s (%zu request%s", name, l.total, l.total == 1 ? "" : "s");
	if (max > 0 && l.total > (size_t)max)
		fprintf(out, ", only %d printed", max);
	fputs(cfg->opt.verbose ?
	    ")\n-----Q-ID----- --Size-- -Priority- ---Q-Time--- --------Sender/Recipient--------\n" :
	    ")\n-----Q-ID----- --Size-- -----Q-Time----- ------------Sender/Recipient-----------\n",
	    out);
	for (i = 0; i < l.n; i++)
		print_entry(cfg, out, d, &l.v[i]);
	free(l.v);
	return l.total;
}

/* queue_list_print - -bp without limits */
int
queue_list_print(const struct config *cfg, FILE *out)
{
	return queue_list_print_limited(cfg, NULL, 0, out);
}

/* list_dir - check one group's directory and list it; its count in
 * *n, EX_OK, or EX_CONFIG after "can not chdir(<dir>/): why" */
static int
list_dir(const struct config *cfg, const struct limits *lim, const char *dir,
    FILE *out, size_t *n)
{
	char slashed[PATH_MAX], name[PATH_MAX];
	struct sm_buf err = SM_BUF_INIT(256);
	struct queue_dirs d;
	int fd;

	(void)sm_snprintf(slashed, sizeof(slashed), "%s%s", dir,
	    dir[strlen(dir) - 1] == '/' ? "" : "/");
	fd = open(slashed, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || queue_dirs(dir, &d, &err) < 0) {
		fprintf(out, "can not chdir(%s): %s\n", slashed, strerror(errno));
		if (fd >= 0)
			(void)close(fd);
		sm_buf_free(&err);
		return EX_CONFIG;
	}
	(void)close(fd);
	sm_buf_free(&err);
	(void)sm_snprintf(name, sizeof(name), "%s%s", dir, d.sub_df ? "/df" : "");
	*n = print_queue(cfg, lim, out, &d, name);
	return EX_OK;
}

/* list_groups - every group's directories in order (a directory shared
 * by groups is listed for each, as sendmail does), or only group only
 * (>= 0: no total line then) */
static int
list_groups(const struct config *cfg, const struct limits *lim, int only, FILE *out)
{
	size_t i, k, n, total = 0;
	int r;

	set_tz(cfg);
	for (i = 0; i < qgroup_count(cfg); i++) {
		if (only >= 0 && (size_t)only != i)
			continue;
		for (k = 0; k < qgroup_ndirs(cfg, i); k++) {
			n = 0;
			r = list_dir(cfg, lim, qgroup_dir_at(cfg, i, k), out, &n);
			if (r != EX_OK)
				return r;
			total += n;
		}
	}
	if (only < 0)
		fprintf(out, "\t\tTotal requests: %zu\n", total);
	return EX_OK;
}

/* queue_list_print_limited - -bp: every group, then the total */
int
queue_list_print_limited(const struct config *cfg, const struct queue_limit *limv,
    size_t nlim, FILE *out)
{
	struct limits lim = { limv, nlim };

	return list_groups(cfg, &lim, -1, out);
}

/* queue_list_print_args - -bp with the -q arguments of the command line */
int
queue_list_print_args(const struct config *cfg, const char *const *args, size_t nargs,
    FILE *out)
{
	struct queue_limit v[QL_MAXLIMITS];
	struct limits lim = { v, 0 };
	const char *a, *group = NULL;
	size_t i;
	int only = -1;

	for (i = 0; i < nargs; i++) {
		a = args[i];
		if (*a == 'G' && a[1] != '\0') {
			group = a + 1;
			continue;
		}
		if (lim.n >= QL_MAXLIMITS)
			break;
		v[lim.n].negate = *a == '!';
		a += *a == '!';
		if ((*a != 'I' && *a != 'R' && *a != 'S') || a[1] == '\0')
			continue;	/* an interval, "f" ...: nothing to -bp */
		v[lim.n].kind = *a;
		v[lim.n++].match = a + 1;
	}
	if (qgroup_check(cfg, out) != EX_OK)
		return EX_CONFIG;
	if (group != NULL && (only = qgroup_find(cfg, group)) < 0) {
		fprintf(out, "Queue group %s unknown\n", group);
		return EX_OK;
	}
	return list_groups(cfg, &lim, only, out);
}
