/*
 * queue.c - df/qf files: create, commit durably, read back, lock.
 *
 * The commit follows sendmail's SuperSafe discipline, in this order:
 * fsync(df), write tf, fsync(tf), rename(tf, qf), fsync(directory).  Only
 * then may the SMTP server say 250.  The qf is written in sendmail 8.17's
 * version-8 format and line order (V T K N P I B q M F $ S Z A ! then per
 * recipient M C Q r R, then H lines and "."), as its queueup() does; the
 * reader accepts every line letter sendmail's readqf() knows.
 *
 * Every failure leaves the queue as it was: a commit that fails removes
 * its tf and df and keeps the errno (ENOSPC, EDQUOT for a full disk) for
 * the SMTP reply.  Only a crash leaves files behind: a df without a qf
 * (before the commit), a tf (during it): like sendmail, queue runs and
 * -bp ignore them (test/t/5100).
 *
 * Queue groups (queue_group.h): a message goes to its group's directory
 * (e->qdir; queue_read sets it from the qf's path).  With Q lines,
 * queue_commit splits an envelope whose recipients are in several groups
 * as sendmail 8.17 does (observed): the envelope keeps its first
 * recipient's group (mqueue when that one has none) and the recipients
 * without a group of their own; each other group's recipients get a qf
 * of their own under a new id (in ascending group order) in that
 * group's directory, the df shared by a hard link (a copy across file
 * systems), the same P line for all.  Then a group's r= (only as
 * written on its Q line) splits each part further: the part keeps its
 * first r= recipients, each further r= get a qf under the next id, and
 * the "split: maxrcpts=..., ids=..." and "split: count=..." lines are
 * logged (LogLevel > 8) in sendmail's order (struct part below).  Last,
 * recipients that came through an owner- list (rcpt owner, set at -odq
 * submission) get a qf per owner other than the part's sender, the
 * owner as its S line ("X: Y: clone: owner=Z" at LogLevel > 4); when
 * nothing is left to e, e takes over one of those clones (its id, df
 * and sender), and its own id is never queued, as sendmail's.  The
 * split qfs are written first and removed again when a later step
 * fails; the split envelopes stay locked on e->split_next for the
 * caller.
 *
 * A path ending in '*' (QueueDirectory, P=) gives a group several
 * directories: qgroup_dir picks one at random for each new message.
 *
 * Missing: the 'd' line (df in another queue directory) is read but
 * not written, the ${persistentMacros} class of the cf is not consulted
 * (the built-in list r s _ {daemon_flags} {if_addr} is); which clone e
 * takes over and the order of e->split_next are ours (sendmail's
 * envelope order shows only in the order of its to= lines).
 */
#include "sm.h"
#include "queue.h"
#include "queue_id.h"
#include "queue_group.h"

#include <sys/file.h>
#include <sys/sysmacros.h>

#define QF_VERSION	8
#define QF_MAX		(64 * 1024 * 1024)	/* largest qf we read or write */
#define QF_LINE_MAX	(1024 * 1024)

/* The macros sendmail always saves in the qf, in its output order. */
static const char *const persistent_macros[] = {
	"_", "r", "s", "{daemon_flags}", "{if_addr}",
};

/* ------------------------------------------------------------ paths */

/* is_dir - whether path names a directory */
static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* sub_dir - base/name into out when that is a directory, else base */
static bool
sub_dir(const char *base, const char *name, char *out, size_t size)
{
	if (sm_snprintf(out, size, "%s/%s", base, name) == 0 && is_dir(out))
		return true;
	(void)sm_strlcpy(out, base, size);
	return false;
}

/* queue_dirs - the qf/df/xf directories of dir */
int
queue_dirs(const char *dir, struct queue_dirs *d, struct sm_buf *err)
{
	struct stat st;

	if (dir == NULL || *dir == '\0')
		dir = "mqueue";
	memset(d, 0, sizeof(*d));
	if (sm_strlcpy(d->base, dir, sizeof(d->base)) >= sizeof(d->base)) {
		(void)sm_buf_printf(err, "%s: %s", dir, strerror(ENAMETOOLONG));
		return -1;
	}
	if (stat(dir, &st) < 0) {
		(void)sm_buf_puts(err, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(void)sm_buf_puts(err, strerror(ENOTDIR));
		return -1;
	}
	d->sub_qf = sub_dir(dir, "qf", d->qf, sizeof(d->qf));
	d->sub_df = sub_dir(dir, "df", d->df, sizeof(d->df));
	d->sub_xf = sub_dir(dir, "xf", d->xf, sizeof(d->xf));
	return 0;
}

/* file_path - dir/<letter>f<id> into a new string */
static char *
file_path(const char *dir, int letter, const char *id)
{
	struct sm_buf b = SM_BUF_INIT(PATH_MAX);

	if (sm_buf_printf(&b, "%s/%cf%s", dir, letter, id) < 0) {
		sm_buf_free(&b);
		return NULL;
	}
	return sm_buf_detach(&b);
}

/* queue_file_path - letter's directory of d, then <letter>f<id> */
char *
queue_file_path(const struct queue_dirs *d, int letter, const char *id)
{
	const char *dir = letter == 'd' ? d->df : letter == 'x' ? d->xf : d->qf;

	return file_path(dir, letter, id);
}

/* file_mode - the mode of new queue files */
static mode_t
file_mode(const struct config *cfg)
{
	return cfg->opt.queue_file_mode != 0 ? cfg->opt.queue_file_mode : 0600;
}

/* must_sync - whether SuperSafe asks for fsync */
static bool
must_sync(const struct config *cfg)
{
	return cfg->opt.super_safe != SAFE_NO;
}

/* sync_dir - fsync the directory holding path */
static int
sync_dir(const char *path)
{
	char dir[PATH_MAX];
	char *slash;
	int fd, r;

	if (sm_strlcpy(dir, path, sizeof(dir)) >= sizeof(dir))
		return -1;
	slash = strrchr(dir, '/');
	if (slash == NULL)
		(void)sm_strlcpy(dir, ".", sizeof(dir));
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	r = fsync(fd);
	(void)close(fd);
	return r;
}

/* env_dir - the queue directory of e: its group's, else QueueDirectory */
static const char *
env_dir(const struct config *cfg, const struct envelope *e)
{
	if (e->qdir != NULL)
		return e->qdir;
	return cfg->opt.queue_dir != NULL && *cfg->opt.queue_dir != '\0' ?
	    cfg->opt.queue_dir : "mqueue";
}

/* ------------------------------------------------------------ df */

/* df_create - the df of id in d (a fresh id when id is ""): its fd (id
 * and path set), -1 when the id is taken (errno EEXIST) or the file
 * cannot be made */
static int
df_create(const struct config *cfg, const struct queue_dirs *d, char *id,
    size_t idsize, char **dfp)
{
	struct stat st;
	char *qf;
	int fd;

	*dfp = NULL;
	if ((id[0] == '\0' && queue_id_new(id, idsize) < 0) ||
	    (qf = file_path(d->qf, 'q', id)) == NULL) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = stat(qf, &st) == 0 ? -1 : 0;
	free(qf);
	if (fd < 0) {
		errno = EEXIST;		/* a qf of that id is still queued */
		return -1;
	}
	if ((*dfp = file_path(d->df, 'd', id)) == NULL) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(*dfp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, file_mode(cfg));
	if (fd < 0) {
		free(*dfp);
		*dfp = NULL;
	} else
		(void)fchmod(fd, file_mode(cfg));
	return fd;
}

/* queue_df_open - a new id and its df (see queue.h) */
int
queue_df_open(const struct config *cfg, struct envelope *e, struct sm_buf *err)
{
	struct queue_dirs d;
	char id[QUEUE_ID_MAX];
	char *df;
	int fd = -1, tries;
	const char *dir = qgroup_dir(cfg, 0);	/* QueueDirectory, or one of q* */

	if (queue_dirs(dir, &d, err) < 0)
		return -1;
	for (tries = 0; tries < 100 && fd < 0; tries++) {
		/* an id given at MAIL (smtp_log_envelope) is tried first */
		(void)sm_strlcpy(id, tries == 0 ? e->id : "", sizeof(id));
		fd = df_create(cfg, &d, id, sizeof(id), &df);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		(void)sm_buf_printf(err, "cannot create data file in %s: %s", d.df,
		    strerror(errno));
		return -1;
	}
	(void)sm_strlcpy(e->id, id, sizeof(e->id));
	free(e->df_path);
	e->df_path = df;
	env_set_str(&e->qdir, dir);
	if (e->ctime == 0)
		e->ctime = time(NULL);
	macro_set(&e->mac, 'i', id);
	return fd;
}

/* ------------------------------------------------------------ qf text */

/* put_text - text with newlines made blanks (sendmail's denlstring), newline */
static int
put_text(struct sm_buf *out, const char *text)
{
	const char *p;
	int r = 0;

	for (p = text; r == 0 && *p != '\0'; p++)
		r = sm_buf_putc(out, *p == '\n' || *p == '\r' ? ' ' : *p);
	return r == 0 ? sm_buf_putc(out, '\n') : -1;
}

/* put_line - one qf line: letter, then text as put_text writes it */
static int
put_line(struct sm_buf *out, int letter, const char *text)
{
	return sm_buf_putc(out, letter) == 0 ? put_text(out, text) : -1;
}

/* put_folded - text whose newlines are kept when a blank follows them */
static int
put_folded(struct sm_buf *out, const char *text)
{
	const char *p;
	int r = 0;

	for (p = text; r == 0 && *p != '\0'; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n' && p[1] != ' ' && p[1] != '\t')
			r = sm_buf_putc(out, ' ');
		else
			r = sm_buf_putc(out, *p);
	}
	return r == 0 ? sm_buf_putc(out, '\n') : -1;
}

/* put_macros - the persistent macros e itself sets */
static int
put_macros(const struct envelope *e, struct sm_buf *out)
{
	char name[64];
	size_t i;
	int id, r = 0;

	for (i = 0; r == 0 && i < SM_ARRAY_SIZE(persistent_macros); i++) {
		id = macro_id(persistent_macros[i], true);
		if (id < 0 || e->mac.val[id] == NULL)
			continue;
		r = sm_buf_printf(out, "$%s", macro_name(id, name, sizeof(name)));
		if (r == 0)
			r = put_text(out, e->mac.val[id]);
	}
	return r;
}

/* put_ctl - a C line when the controlling user changes from *last (a
 * bare "C" when it goes away), as sendmail's printctladdr */
static int
put_ctl(const struct rcpt *rc, const char **last, struct sm_buf *out)
{
	const char *ctl = rc->ctl;

	if (ctl == NULL) {
		if (*last == NULL)
			return 0;
		*last = NULL;
		return sm_buf_puts(out, "C\n");
	}
	if (*last != NULL && strcmp(*last, ctl) == 0)
		return 0;
	*last = ctl;
	return put_line(out, 'C', ctl);
}

/* put_rcpt - the M C Q r R lines of one undelivered recipient */
static int
put_rcpt(const struct rcpt *rc, const char **lastctl, struct sm_buf *out)
{
	char fl[16];
	int r = 0;

	if (rc->message != NULL)
		r |= put_line(out, 'M', rc->message);
	r |= put_ctl(rc, lastctl, out);
	if (rc->orcpt != NULL)
		r |= put_line(out, 'Q', rc->orcpt);
	if (rc->final_rcpt != NULL)
		r |= put_line(out, 'r', rc->final_rcpt);
	r |= sm_buf_printf(out, "R%s:", rcpt_flag_letters(rc->flags, fl, sizeof(fl)));
	return r | put_text(out, rc->addr);
}

/* put_envelope - the lines before the recipients */
static int
put_envelope(const struct envelope *e, struct sm_buf *out)
{
	char fl[16];
	int r;

	r = sm_buf_printf(out, "V%d\nT%lld\nK%lld\nN%d\nP%ld\n", QF_VERSION,
	    (long long)e->ctime, (long long)e->dtime, e->ntries, e->priority);
	if (e->has_dfino)
		r |= sm_buf_printf(out, "I%ld/%ld/%llu\n", (long)major(e->df_dev),
		    (long)minor(e->df_dev), (unsigned long long)e->df_ino);
	if (e->body_type != NULL)
		r |= put_line(out, 'B', e->body_type);
	if (e->quarantine != NULL)
		r |= put_line(out, 'q', e->quarantine);
	if (e->message != NULL)
		r |= put_line(out, 'M', e->message);
	if (*env_flag_letters(e->flags, fl, sizeof(fl)) != '\0')
		r |= put_line(out, 'F', fl);
	r |= put_macros(e, out);
	r |= put_line(out, 'S', e->sender != NULL ? e->sender : "<>");
	if (e->envid != NULL)
		r |= put_line(out, 'Z', e->envid);
	if (e->auth_param != NULL)
		r |= put_line(out, 'A', e->auth_param);
	if (e->deliver_by_flag != '\0')
		r |= sm_buf_printf(out, "!%c %ld\n", e->deliver_by_flag, e->deliver_by);
	return r;
}

/* queue_format_qf - e as version-8 qf text */
int
queue_format_qf(const struct envelope *e, struct sm_buf *out)
{
	const char *lastctl = NULL;
	size_t i;
	int r = put_envelope(e, out);

	for (i = 0; i < e->nrcpts; i++)
		if (e->rcpts[i].state == RS_QUEUED || e->rcpts[i].state == RS_DEFERRED)
			r |= put_rcpt(&e->rcpts[i], &lastctl, out);
	for (i = 0; i < e->nhdrs; i++) {
		r |= sm_buf_printf(out, "H?%s?%s:", e->hdrs[i].cond, e->hdrs[i].name);
		r |= put_folded(out, e->hdrs[i].value);
	}
	r |= sm_buf_puts(out, ".\n");
	return r != 0 ? -1 : 0;
}

/* ------------------------------------------------------------ commit */

/* write_all - the whole of p to fd */
static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* write_tf - create, lock, fill and sync tf; the open fd, or -1 with err
 * and errno set and no tf left (a full disk is ENOSPC or EDQUOT) */
static int
write_tf(const struct config *cfg, const struct envelope *e, const char *tf,
    struct sm_buf *err)
{
	struct sm_buf text = SM_BUF_INIT(QF_MAX);
	const char *step = "create";
	int error, fd = open(tf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, file_mode(cfg));

	if (fd < 0 && errno == EEXIST && unlink(tf) == 0)	/* left by a crash */
		fd = open(tf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, file_mode(cfg));
	if (fd >= 0) {
		(void)fchmod(fd, file_mode(cfg));
		step = "lock";
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			step = "format";
			if (queue_format_qf(e, &text) == 0) {
				step = "write";
				if (write_all(fd, text.data, text.len) == 0) {
					step = "fsync";
					if (!must_sync(cfg) || fsync(fd) == 0)
						step = NULL;
				}
			}
		}
	}
	if (step == NULL) {
		sm_buf_free(&text);
		return fd;
	}
	error = errno;
	sm_buf_free(&text);
	(void)sm_buf_printf(err, "cannot %s control file %s: %s", step, tf, strerror(error));
	if (fd >= 0) {
		(void)close(fd);
		(void)unlink(tf);
	}
	errno = error;
	return -1;
}

/* sync_df - fsync and close the df; -1 with err and errno set */
static int
sync_df(const struct config *cfg, struct envelope *e, int dfd, struct sm_buf *err)
{
	int error = 0;

	if (dfd < 0)
		return 0;
	if (must_sync(cfg) && fsync(dfd) < 0)
		error = errno;
	if (close(dfd) < 0 && error == 0)
		error = errno;
	if (error == 0)
		return 0;
	(void)sm_buf_printf(err, "error writing data file %s: %s",
	    e->df_path != NULL ? e->df_path : "", strerror(error));
	errno = error;
	return -1;
}

/* install_tf - write tf and rename it over qf; the locked fd, or -1
 * with err and errno set and no tf left.  When the directory cannot be
 * synced, a new message (undo) is taken back; a rewritten qf has
 * replaced the old one already and stays. */
static int
install_tf(const struct config *cfg, struct envelope *e, bool undo, struct sm_buf *err)
{
	struct queue_dirs d;
	char *tf = NULL, *qf = NULL;
	int fd = -1, error = 0;

	if (queue_dirs(env_dir(cfg, e), &d, err) == 0 &&
	    (tf = file_path(d.qf, 't', e->id)) != NULL &&
	    (qf = file_path(d.qf, 'q', e->id)) != NULL &&
	    (fd = write_tf(cfg, e, tf, err)) >= 0) {
		if (rename(tf, qf) < 0) {
			error = errno;
			(void)sm_buf_printf(err, "cannot rename(%s, %s): %s", tf, qf,
			    strerror(error));
			(void)close(fd);
			(void)unlink(tf);
			fd = -1;
		} else if (must_sync(cfg) && cfg->opt.requires_dir_fsync &&
		    (sync_dir(qf) < 0 || (d.sub_df && sync_dir(e->df_path) < 0))) {
			/* not durable: take it back, the client will retry */
			error = errno;
			(void)sm_buf_printf(err, "cannot fsync directory of %s: %s", qf,
			    strerror(error));
			if (undo) {
				(void)close(fd);
				(void)unlink(qf);
				fd = -1;
			}
		}
	} else
		error = errno;
	if (fd >= 0) {
		free(e->qf_path);
		e->qf_path = qf;
		qf = NULL;
	}
	free(tf);
	free(qf);
	if (fd < 0)
		errno = error != 0 ? error : EIO;
	return fd;
}

/* ------------------------------------------------------------ groups */

/* copy_file - from into the new file to (mode of cfg); 0 or -1 */
static int
copy_file(const struct config *cfg, const char *from, const char *to)
{
	char chunk[8192];
	ssize_t n = 0;
	int in = open(from, O_RDONLY | O_CLOEXEC), out = -1, r = -1;

	if (in >= 0)
		out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, file_mode(cfg));
	if (out >= 0) {
		while ((n = read(in, chunk, sizeof(chunk))) > 0 &&
		    write_all(out, chunk, (size_t)n) == 0)
			continue;
		r = n == 0 && (!must_sync(cfg) || fsync(out) == 0) ? 0 : -1;
		if (close(out) < 0 || r < 0) {
			(void)unlink(to);
			r = -1;
		}
	}
	if (in >= 0)
		(void)close(in);
	return r;
}

/* share_df - the df at from also as the df of id in dir (a hard link, a
 * copy across file systems); its path (caller frees), or NULL with err */
static char *
share_df(const struct config *cfg, const char *from, const char *dir, const char *id,
    struct sm_buf *err)
{
	struct queue_dirs d;
	char *to;
	int error;

	if (queue_dirs(dir, &d, err) < 0 || (to = file_path(d.df, 'd', id)) == NULL)
		return NULL;
	if (link(from, to) == 0 || (errno == EXDEV && copy_file(cfg, from, to) == 0)) {
		if (must_sync(cfg) && cfg->opt.requires_dir_fsync && sync_dir(to) < 0)
			(void)sm_buf_printf(err, "cannot fsync directory of %s: %s", to,
			    strerror(errno));	/* a note: the qf's sync follows */
		return to;
	}
	error = errno;
	(void)sm_buf_printf(err, "cannot link %s to %s: %s", from, to, strerror(error));
	free(to);
	errno = error;
	return NULL;
}

/* rcpt_groups - the group of each pending recipient of e into g (others
 * get SIZE_MAX): its own (queue_group.h), else the envelope's, which is
 * the first pending recipient's own group, else mqueue (observed on
 * sendmail 8.17); all mqueue when the cf has no Q line.  Returns the
 * envelope's group, SIZE_MAX when no recipient is pending. */
static size_t
rcpt_groups(struct config *cfg, struct envelope *e, size_t *g)
{
	size_t i, eg = SIZE_MAX;
	int own;

	for (i = 0; i < e->nrcpts; i++) {
		g[i] = SIZE_MAX;
		if (e->rcpts[i].state != RS_QUEUED && e->rcpts[i].state != RS_DEFERRED)
			continue;
		own = qgroup_count(cfg) < 2 ? 0 : qgroup_of_rcpt(cfg, e, &e->rcpts[i]);
		if (eg == SIZE_MAX)
			eg = own >= 0 ? (size_t)own : 0;
		g[i] = own >= 0 ? (size_t)own : eg;
	}
	return eg;
}

/*
 * The split plan.  Part 0 is e as committed; every other part is a qf
 * of its own, numbered in the order sendmail 8.17 gives out their ids
 * (observed): first the other queue groups' parts (ascending group
 * order), then each group part's r= chunks (the parts in envelope
 * order), the group line logged, e's own r= chunks, and last the
 * owners' clones of each part in envelope order.  The envelope order
 * (chain) is e, its chunks newest first, then the group parts newest
 * first, each followed by its chunks newest first.
 */
struct part {
	char id[QUEUE_ID_MAX];
	size_t group;		/* its queue group */
	const char *sender;	/* NULL: e's; else an owner (a clone's) */
	bool chunk;		/* made by r=: no 's' flag for SMTP mail */
};

struct plan {
	struct part *v;
	size_t n;
	size_t *of;		/* the part of each recipient, SIZE_MAX: none */
	size_t *chain;		/* the parts in envelope order */
	size_t nchain;
	bool logsplit, logclone;	/* LogLevel > 8, > 4 */
};

/* plan_part - a new part of group gi (its id the next one, but the
 * first part's, which is e's own and set by the caller): its index */
static size_t
plan_part(struct plan *pl, size_t gi, const char *sender)
{
	struct part *p;

	pl->v = sm_reallocarray(pl->v, pl->n + 1, sizeof(*pl->v));
	pl->chain = sm_reallocarray(pl->chain, pl->n + 1, sizeof(*pl->chain));
	p = &pl->v[pl->n];
	memset(p, 0, sizeof(*p));
	if (pl->n > 0)
		(void)queue_id_new(p->id, sizeof(p->id));
	p->group = gi;
	p->sender = sender;
	return pl->n++;
}

/* chain_insert - part k into the envelope order right after part after */
static void
chain_insert(struct plan *pl, size_t after, size_t k)
{
	size_t i = 0;

	while (i < pl->nchain && pl->chain[i] != after)
		i++;
	i = i < pl->nchain ? i + 1 : pl->nchain;
	memmove(&pl->chain[i + 1], &pl->chain[i], (pl->nchain - i) * sizeof(*pl->chain));
	pl->chain[i] = k;
	pl->nchain++;
}

/* ids_text - the ids of parts v[0..n-1] as sendmail lists them: "id=X"
 * for one, "ids=X; Y" for more */
static void
ids_text(const struct plan *pl, const size_t *v, size_t n, struct sm_buf *b)
{
	size_t i;

	(void)sm_buf_puts(b, n == 1 ? "id=" : "ids=");
	for (i = 0; i < n; i++)
		(void)sm_buf_printf(b, "%s%s", i > 0 ? "; " : "", pl->v[v[i]].id);
}

/* plan_chunks - part k's recipients beyond its group's r= into new
 * parts of r= each, logged as sendmail logs it */
static void
plan_chunks(struct plan *pl, const struct config *cfg, const struct envelope *e, size_t k)
{
	struct sm_buf b = SM_BUF_INIT(64 * 1024);
	size_t i, n = 0, *made, nmade = 0;
	int max = qgroup_max_rcpts(cfg, pl->v[k].group);

	for (i = 0; i < e->nrcpts; i++)
		n += pl->of[i] == k;
	if (max <= 0 || n <= (size_t)max)
		return;
	made = sm_calloc(n / (size_t)max + 1, sizeof(*made));
	for (i = 0, n = 0; i < e->nrcpts; i++) {
		if (pl->of[i] != k)
			continue;
		if (n > 0 && n % (size_t)max == 0) {
			made[nmade] = plan_part(pl, pl->v[k].group, pl->v[k].sender);
			pl->v[made[nmade]].chunk = true;
			chain_insert(pl, k, made[nmade++]);
		}
		if (nmade > 0)
			pl->of[i] = made[nmade - 1];
		n++;
	}
	if (pl->logsplit) {
		ids_text(pl, made, nmade, &b);
		sm_log(LOG_NOTICE, "%s: split: maxrcpts=%d, rcpts=%zu, count=%zu, %s",
		    pl->v[k].id, max, n, nmade, sm_buf_str(&b));
	}
	sm_buf_free(&b);
	free(made);
}

/* plan_groups - a part for each group other than e's (low) that has
 * recipients, ascending; then their chunks, the group line, e's chunks */
static void
plan_groups(struct plan *pl, const struct config *cfg, const struct envelope *e,
    const size_t *g, size_t low)
{
	struct sm_buf b = SM_BUF_INIT(64 * 1024);
	size_t i, k, gi, *made = sm_calloc(qgroup_count(cfg) + 1, sizeof(*made));
	size_t nmade = 0;

	for (gi = 0; gi < qgroup_count(cfg); gi++) {
		for (i = 0; gi != low && i < e->nrcpts && g[i] != gi; i++)
			continue;
		if (gi == low || i == e->nrcpts)
			continue;
		k = plan_part(pl, gi, NULL);
		for (; i < e->nrcpts; i++)
			if (g[i] == gi)
				pl->of[i] = k;
		made[nmade++] = k;
		chain_insert(pl, 0, k);
	}
	for (i = nmade; i-- > 0; )		/* newest first */
		plan_chunks(pl, cfg, e, made[i]);
	if (nmade > 0 && pl->logsplit) {
		for (i = 0; i < nmade / 2; i++) {	/* listed newest first */
			k = made[i];
			made[i] = made[nmade - 1 - i];
			made[nmade - 1 - i] = k;
		}
		ids_text(pl, made, nmade, &b);
		sm_log(LOG_NOTICE, "%s: split: count=%zu, %s", e->id, nmade, sm_buf_str(&b));
	}
	plan_chunks(pl, cfg, e, 0);
	sm_buf_free(&b);
	free(made);
}

/* part_sender - the envelope sender part k is written with */
static const char *
part_sender(const struct plan *pl, const struct envelope *e, size_t k)
{
	return pl->v[k].sender != NULL ? pl->v[k].sender :
	    e->sender != NULL ? e->sender : "<>";
}

/* plan_owners - part k's recipients that came through an owner- list
 * other than its sender into a clone per owner, as sendmail does when
 * it sends (observed): the owners are met from the last recipient
 * back, the first met first.  A part split off (k > 0) whose
 * recipients all have an owner takes its first one's as its sender
 * instead; e (k 0) never does (its expanded addresses have none) */
static void
plan_owners(struct plan *pl, const struct envelope *e, size_t k)
{
	const char **owners = sm_calloc(e->nrcpts + 1, sizeof(*owners));
	const char *first = NULL;
	size_t i, j, n = 0, c;
	bool all = k > 0;

	for (i = 0; i < e->nrcpts; i++)
		if (pl->of[i] == k) {
			if (first == NULL)
				first = e->rcpts[i].owner;
			all = all && e->rcpts[i].owner != NULL;
		}
	if (all && first != NULL)
		pl->v[k].sender = first;
	for (i = e->nrcpts; i-- > 0; ) {
		const char *o = e->rcpts[i].owner;

		if (pl->of[i] != k || o == NULL || strcmp(o, part_sender(pl, e, k)) == 0)
			continue;
		for (j = 0; j < n && strcmp(owners[j], o) != 0; j++)
			continue;
		if (j == n)
			owners[n++] = o;
	}
	for (j = 0; j < n; j++) {
		c = plan_part(pl, pl->v[k].group, owners[j]);
		chain_insert(pl, k, c);
		for (i = 0; i < e->nrcpts; i++)
			if (pl->of[i] == k && e->rcpts[i].owner != NULL &&
			    strcmp(e->rcpts[i].owner, owners[j]) == 0)
				pl->of[i] = c;
		if (pl->logclone)
			sm_log(LOG_INFO, "%s: %s: clone: owner=%s", pl->v[k].id,
			    pl->v[c].id, owners[j]);
	}
	free(owners);
}

/* plan_make - the whole plan for e (see struct part); false when e
 * has no pending recipient */
static bool
plan_make(struct plan *pl, const struct config *cfg, struct envelope *e)
{
	size_t *g = sm_calloc(e->nrcpts + 1, sizeof(*g));
	size_t i, n, low = rcpt_groups((struct config *)cfg, e, g);

	if (low == SIZE_MAX) {
		free(g);
		return false;
	}
	pl->logsplit = cfg->opt.log_level > 8;
	pl->logclone = cfg->opt.log_level > 4;
	pl->of = sm_calloc(e->nrcpts + 1, sizeof(*pl->of));
	for (i = 0; i < e->nrcpts; i++)
		pl->of[i] = g[i] == SIZE_MAX ? SIZE_MAX : 0;
	(void)plan_part(pl, low, NULL);
	(void)sm_strlcpy(pl->v[0].id, e->id, sizeof(pl->v[0].id));
	pl->chain[pl->nchain++] = 0;
	plan_groups(pl, cfg, e, g, low);
	free(g);
	n = pl->nchain;
	g = sm_calloc(n, sizeof(*g));
	memcpy(g, pl->chain, n * sizeof(*g));	/* the order before the clones */
	for (i = 0; i < n; i++)
		plan_owners(pl, e, g[i]);
	free(g);
	return true;
}

/* plan_free - what a plan holds */
static void
plan_free(struct plan *pl)
{
	free(pl->v);
	free(pl->of);
	free(pl->chain);
	memset(pl, 0, sizeof(*pl));
}

/* What part_swap changes in e, to be put back. */
struct saved {
	enum rcpt_state *state;
	char id[sizeof(((struct envelope *)0)->id)];
	char *qdir, *sender, *message;
	unsigned flags;
};

/* part_swap - make e look like part k for the qf (recipients of other
 * parts hidden as sent, its id, directory and sender; an owner's
 * without the envelope M line; an r= part of SMTP mail without the 's'
 * flag), or back again (undo) from sv */
static void
part_swap(const struct config *cfg, struct envelope *e, const struct plan *pl,
    size_t k, struct saved *sv, bool undo)
{
	size_t i;

	if (undo) {
		for (i = 0; i < e->nrcpts; i++)
			e->rcpts[i].state = sv->state[i];
		(void)sm_strlcpy(e->id, sv->id, sizeof(e->id));
		e->qdir = sv->qdir;
		e->sender = sv->sender;
		e->message = sv->message;
		e->flags = sv->flags;
		free(sv->state);
		return;
	}
	sv->state = sm_calloc(e->nrcpts + 1, sizeof(*sv->state));
	(void)sm_strlcpy(sv->id, e->id, sizeof(sv->id));
	sv->qdir = e->qdir;
	sv->sender = e->sender;
	sv->message = e->message;
	sv->flags = e->flags;
	if (pl->v[k].chunk && (e->flags & ENV_SMTP))
		e->flags &= ~ENV_SPLIT;		/* observed on SMTP mail only */
	for (i = 0; i < e->nrcpts; i++) {
		sv->state[i] = e->rcpts[i].state;
		if (pl->of[i] != k && pl->of[i] != SIZE_MAX)
			e->rcpts[i].state = RS_SENT;	/* not this part's: not written */
	}
	(void)sm_strlcpy(e->id, pl->v[k].id, sizeof(e->id));
	e->qdir = (char *)qgroup_dir(cfg, pl->v[k].group);
	if (pl->v[k].sender != NULL) {
		e->sender = (char *)pl->v[k].sender;
		e->message = NULL;
	}
}

/* write_part - the qf of part k (k > 0) under its id in its group's
 * directory, its df shared with e's; the new envelope (qf locked)
 * chained on e, 0; -1 with err and nothing left of it */
static int
write_part(const struct config *cfg, struct envelope *e, const struct plan *pl,
    size_t k, struct sm_buf *err)
{
	struct saved sv;
	struct envelope *se = NULL, **tail;
	char *df;
	int fd = -1;

	part_swap(cfg, e, pl, k, &sv, false);
	df = share_df(cfg, e->df_path, e->qdir, e->id, err);
	if (df != NULL)
		fd = install_tf(cfg, e, true, err);
	if (fd >= 0 && queue_read(cfg, e->qf_path, false, &se, err) == 0) {
		se->lock_fd = fd;
		for (tail = &e->split_next; *tail != NULL; tail = &(*tail)->split_next)
			continue;
		*tail = se;
	} else if (fd >= 0) {
		(void)close(fd);
		(void)unlink(e->qf_path);
	}
	if (se == NULL && df != NULL)
		(void)unlink(df);
	free(df);
	part_swap(cfg, e, pl, k, &sv, true);
	return se != NULL ? 0 : -1;
}

/* take_part - e becomes part k: the others' recipients go, e gets k's
 * id, sender (a clone's M line goes) and group directory, its df
 * moved there under that id; 0 or -1 with err */
static int
take_part(const struct config *cfg, struct envelope *e, const struct plan *pl,
    size_t k, struct sm_buf *err)
{
	const struct part *p = &pl->v[k];
	const char *dir;
	char *df;
	size_t i;

	if (k != 0 || !qgroup_has_dir(cfg, p->group, env_dir(cfg, e))) {
		dir = qgroup_dir(cfg, p->group);
		if ((df = share_df(cfg, e->df_path, dir, p->id, err)) == NULL)
			return -1;
		(void)unlink(e->df_path);
		free(e->df_path);
		e->df_path = df;
		env_set_str(&e->qdir, dir);
	}
	if (k != 0) {
		(void)sm_strlcpy(e->id, p->id, sizeof(e->id));
		env_set_str(&e->sender, p->sender);
		env_set_str(&e->message, NULL);
	}
	for (i = e->nrcpts; i-- > 0; )
		if (pl->of[i] != k && pl->of[i] != SIZE_MAX)
			env_remove_rcpt(e, i);
	return 0;
}

/* split_env - sendmail's split of e before it is queued (see struct
 * part): the other parts written (in envelope order on e->split_next),
 * then e made its own part (or, when all its recipients went to
 * owners, the first clone's).  0, or -1 with err (split_undo takes
 * back what was written) */
static int
split_env(const struct config *cfg, struct envelope *e, struct sm_buf *err)
{
	struct plan pl = { 0 };
	size_t i, own = 0, n0 = 0;
	int r = 0;

	if (e->nrcpts == 0 || !plan_make(&pl, cfg, e)) {
		plan_free(&pl);
		return 0;
	}
	for (i = 0; i < e->nrcpts; i++)
		n0 += pl.of[i] == 0;
	if (n0 == 0)
		own = pl.chain[1];	/* e's clone next to it */
	for (i = 1; r == 0 && i < pl.nchain; i++)
		if (pl.chain[i] != own)
			r = write_part(cfg, e, &pl, pl.chain[i], err);
	if (r == 0)
		r = take_part(cfg, e, &pl, own, err);
	plan_free(&pl);
	return r;
}

/* split_undo - remove the envelopes split_env committed */
static void
split_undo(struct envelope *e)
{
	struct envelope *se;

	for (se = e->split_next; se != NULL; se = se->split_next) {
		if (se->qf_path != NULL)
			(void)unlink(se->qf_path);
		if (se->df_path != NULL)
			(void)unlink(se->df_path);
	}
	env_free(e->split_next);
	e->split_next = NULL;
}

/* queue_commit - df synced, tf written and synced, renamed, directory synced */
int
queue_commit(const struct config *cfg, struct envelope *e, int dfd, struct sm_buf *err)
{
	int fd, error;

	if (e->id[0] == '\0' || e->df_path == NULL) {
		(void)sm_buf_puts(err, "queue_commit: envelope has no data file");
		if (dfd >= 0)
			(void)close(dfd);
		errno = EINVAL;
		return -1;
	}
	if (sync_df(cfg, e, dfd, err) < 0 || split_env(cfg, e, err) < 0 ||
	    (fd = install_tf(cfg, e, true, err)) < 0) {
		error = errno;
		split_undo(e);
		queue_abort(e);
		errno = error;
		return -1;
	}
	if (e->lock_fd >= 0)
		(void)close(e->lock_fd);
	e->lock_fd = fd;
	return 0;
}

/* queue_rewrite - a new qf for a locked envelope, through a tf */
int
queue_rewrite(const struct config *cfg, struct envelope *e, struct sm_buf *err)
{
	int fd = install_tf(cfg, e, false, err);

	if (fd < 0)
		return -1;
	if (e->lock_fd >= 0)
		(void)close(e->lock_fd);
	e->lock_fd = fd;
	return 0;
}

/* queue_abort - forget an uncommitted message */
void
queue_abort(struct envelope *e)
{
	if (e->df_path != NULL)
		(void)unlink(e->df_path);
	queue_unlock(e);
}

/* queue_unlock - drop the qf lock */
void
queue_unlock(struct envelope *e)
{
	if (e->lock_fd >= 0)
		(void)close(e->lock_fd);
	e->lock_fd = -1;
}

/* queue_priority - sendmail's initial msgpriority */
long
queue_priority(const struct config *cfg, const struct envelope *e)
{
	long size = e->msg_size > 0 ? e->msg_size : 0;

	return size - (long)e->msg_class * cfg->opt.class_factor +
	    (long)e->nrcpts * cfg->opt.recipient_factor;
}

/* ------------------------------------------------------------ reading */

/* Parser state across lines. */
struct qf_parse {
	struct envelope *e;
	char *orcpt, *final_rcpt, *ctl, *message;	/* pending for the next R */
	int version;
	bool done;			/* "." seen */
};

typedef int (*qf_line_fn)(struct qf_parse *ps, char *arg);

static int
qf_V(struct qf_parse *ps, char *arg)
{
	ps->version = atoi(arg);
	return ps->version <= QF_VERSION ? 0 : -1;
}

static int
qf_T(struct qf_parse *ps, char *arg)
{
	ps->e->ctime = (time_t)atoll(arg);
	return 0;
}

static int
qf_K(struct qf_parse *ps, char *arg)
{
	ps->e->dtime = (time_t)atoll(arg);
	return 0;
}

static int
qf_N(struct qf_parse *ps, char *arg)
{
	ps->e->ntries = atoi(arg);
	return 0;
}

static int
qf_P(struct qf_parse *ps, char *arg)
{
	ps->e->priority = atol(arg);
	return 0;
}

static int
qf_I(struct qf_parse *ps, char *arg)
{
	unsigned long long ino;
	long maj, min;

	if (sscanf(arg, "%ld/%ld/%llu", &maj, &min, &ino) == 3) {
		ps->e->has_dfino = true;
		ps->e->df_dev = makedev((unsigned)maj, (unsigned)min);
		ps->e->df_ino = (ino_t)ino;
	}
	return 0;
}

static int
qf_B(struct qf_parse *ps, char *arg)
{
	env_set_str(&ps->e->body_type, arg);
	return 0;
}

static int
qf_q(struct qf_parse *ps, char *arg)
{
	env_set_str(&ps->e->quarantine, arg);
	return 0;
}

/* M before the first R is the envelope's, later ones a recipient's */
static int
qf_M(struct qf_parse *ps, char *arg)
{
	if (ps->e->sender == NULL)
		env_set_str(&ps->e->message, arg);
	else
		env_set_str(&ps->message, arg);
	return 0;
}

static int
qf_F(struct qf_parse *ps, char *arg)
{
	if (strncmp(arg, "rom ", 4) == 0)	/* "From " line: not a qf */
		return -1;
	ps->e->flags |= env_flags_parse(arg);
	return 0;
}

static int
qf_macro(struct qf_parse *ps, char *arg)
{
	const char *end = NULL;
	int id = macro_id_parse(arg, &end);

	if (id < 0 || end == NULL)
		return -1;
	macro_set(&ps->e->mac, id, end);
	return 0;
}

static int
qf_S(struct qf_parse *ps, char *arg)
{
	env_set_str(&ps->e->sender, arg);
	return 0;
}

static int
qf_Z(struct qf_parse *ps, char *arg)
{
	env_set_str(&ps->e->envid, arg);
	return 0;
}

static int
qf_A(struct qf_parse *ps, char *arg)
{
	env_set_str(&ps->e->auth_param, arg);
	return 0;
}

static int
qf_bang(struct qf_parse *ps, char *arg)
{
	if (arg[0] == '\0')
		return -1;
	ps->e->deliver_by_flag = arg[0];
	ps->e->deliver_by = arg[1] != '\0' ? strtol(arg + 2, NULL, 10) : 0;
	return 0;
}

static int
qf_C(struct qf_parse *ps, char *arg)
{
	env_set_str(&ps->ctl, *arg != '\0' ? arg : NULL);
	return 0;
}

static int
qf_Q(struct qf_parse *ps, char *arg)
{
	env_set_str(&ps->orcpt, arg);
	return 0;
}

static int
qf_r(struct qf_parse *ps, char *arg)
{
	env_set_str(&ps->final_rcpt, arg);
	return 0;
}

/* qf_R - a recipient: flags ':' address; takes the pending Q r C M */
static int
qf_R(struct qf_parse *ps, char *arg)
{
	char *colon = strchr(arg, ':');
	struct rcpt *r;

	if (colon == NULL)
		return -1;
	r = env_add_rcpt(ps->e, colon + 1, rcpt_flags_parse(arg));
	r->orcpt = ps->orcpt;
	r->final_rcpt = ps->final_rcpt;
	r->message = ps->message;
	r->ctl = ps->ctl != NULL ? sm_strdup(ps->ctl) : NULL;
	ps->orcpt = ps->final_rcpt = ps->message = NULL;
	return 0;
}

/* qf_H - "?cond?Name: value" (the ?..? part is optional) */
static int
qf_H(struct qf_parse *ps, char *arg)
{
	char *cond = "", *name = arg, *colon, *q;

	if (*arg == '?' && (q = strchr(arg + 1, '?')) != NULL) {
		*q = '\0';
		cond = arg + 1;
		name = q + 1;
	}
	colon = strchr(name, ':');
	if (colon == NULL || colon == name)
		return -1;
	*colon = '\0';
	(void)env_add_header(ps->e, name, colon + 1, cond);
	return 0;
}

static int
qf_ignore(struct qf_parse *ps, char *arg)
{
	(void)ps;
	(void)arg;
	return 0;
}

static int
qf_dot(struct qf_parse *ps, char *arg)
{
	(void)arg;
	ps->done = true;
	return 0;
}

static const struct {
	int letter;
	qf_line_fn fn;
} qf_lines[] = {
	{ 'V', qf_V }, { 'T', qf_T }, { 'K', qf_K }, { 'N', qf_N }, { 'P', qf_P },
	{ 'I', qf_I }, { 'B', qf_B }, { 'q', qf_q }, { 'M', qf_M }, { 'F', qf_F },
	{ '$', qf_macro }, { 'S', qf_S }, { 'Z', qf_Z }, { 'A', qf_A },
	{ '!', qf_bang }, { 'C', qf_C }, { 'Q', qf_Q }, { 'r', qf_r }, { 'R', qf_R },
	{ 'H', qf_H }, { 'D', qf_ignore }, { 'd', qf_ignore }, { 'E', qf_ignore },
	{ 'L', qf_ignore }, { '.', qf_dot },
};

/* qf_dispatch - run the handler of one logical line */
static int
qf_dispatch(struct qf_parse *ps, char *line)
{
	size_t i;

	if (ps->done)
		return -1;		/* data after "." */
	for (i = 0; i < SM_ARRAY_SIZE(qf_lines); i++)
		if (qf_lines[i].letter == (unsigned char)line[0])
			return qf_lines[i].fn(ps, line + 1);
	return -1;
}

/* next_line - the logical line at *pos (continuations, which start with
 * a blank, joined with their newline kept) into line; false at the end */
static bool
next_line(const char *text, size_t len, size_t *pos, struct sm_buf *line)
{
	size_t p = *pos;

	sm_buf_reset(line);
	if (p >= len)
		return false;
	for (;;) {
		const char *nl = memchr(text + p, '\n', len - p);
		size_t n = nl != NULL ? (size_t)(nl - (text + p)) : len - p;

		(void)sm_buf_append(line, text + p, n);
		p += n + (nl != NULL);
		if (p >= len || (text[p] != ' ' && text[p] != '\t'))
			break;
		(void)sm_buf_putc(line, '\n');
	}
	*pos = p;
	return true;
}

/* parse_free - pending strings nobody took */
static void
parse_free(struct qf_parse *ps)
{
	free(ps->orcpt);
	free(ps->final_rcpt);
	free(ps->ctl);
	free(ps->message);
}

/* queue_parse_qf - qf text into e, one handler per line letter */
int
queue_parse_qf(const char *text, size_t len, struct envelope *e, struct sm_buf *err)
{
	struct qf_parse ps = { e, NULL, NULL, NULL, NULL, 0, false };
	struct sm_buf line = SM_BUF_INIT(QF_LINE_MAX);
	size_t pos = 0;
	int lineno = 0, r = 0;

	while (r == 0 && next_line(text, len, &pos, &line)) {
		lineno++;
		if (line.len == 0 || memchr(line.data, '\0', line.len) != NULL)
			r = -1;
		else
			r = qf_dispatch(&ps, line.data);
	}
	if (r < 0)
		(void)sm_buf_printf(err, "line %d: bad line \"%.40s\"", lineno,
		    sm_buf_str(&line));
	else if (!ps.done) {
		(void)sm_buf_puts(err, "incomplete queue file read");
		r = -1;
	}
	parse_free(&ps);
	sm_buf_free(&line);
	return r;
}

/* read_fd - the whole file of fd into b */
static int
read_fd(int fd, struct sm_buf *b)
{
	char chunk[8192];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || sm_buf_append(b, chunk, (size_t)n) < 0)
			return -1;
	}
	return 0;
}

/* same_file - whether fd is still the file at path (sendmail's check
 * after locking: a rename may have replaced it meanwhile) */
static bool
same_file(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino && a.st_nlink == b.st_nlink && a.st_size == b.st_size;
}

/* id_of - the id in a qf path ("/q/qfID" -> "ID") */
static const char *
id_of(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base != NULL ? base + 1 : path;
	return strlen(base) > 2 ? base + 2 : "";
}

/* df_of - the df path of a qf path: same directory, or ../df when the
 * qf is in a qf/ subdirectory that has a df/ sibling */
static char *
df_of(const char *qf, const char *id)
{
	char dir[PATH_MAX], alt[PATH_MAX];
	char *slash;

	if (sm_strlcpy(dir, qf, sizeof(dir)) >= sizeof(dir))
		return NULL;
	slash = strrchr(dir, '/');
	if (slash == NULL)
		(void)sm_strlcpy(dir, ".", sizeof(dir));
	else
		*slash = '\0';
	slash = strrchr(dir, '/');
	if (slash != NULL && strcmp(slash, "/qf") == 0) {
		*slash = '\0';
		if (sub_dir(dir, "df", alt, sizeof(alt)))
			return file_path(alt, 'd', id);
	}
	return file_path(dir, 'd', id);
}

/* base_of - the queue directory of a qf path: its directory, or the
 * one above when the qf is in a qf/ subdirectory; a new string */
static char *
base_of(const char *qf)
{
	char dir[PATH_MAX], alt[PATH_MAX];
	char *slash;

	if (sm_strlcpy(dir, qf, sizeof(dir)) >= sizeof(dir))
		return NULL;
	slash = strrchr(dir, '/');
	if (slash == NULL)
		return sm_strdup(".");
	*slash = '\0';
	slash = strrchr(dir, '/');
	if (slash != NULL && strcmp(slash, "/qf") == 0) {
		*slash = '\0';
		if (sub_dir(dir, "qf", alt, sizeof(alt)))
			return sm_strdup(dir);
		*slash = '/';
	}
	return sm_strdup(dir);
}

/* queue_read - open (and lock) a qf and parse it into a new envelope */
int
queue_read(const struct config *cfg, const char *path, bool lock,
    struct envelope **out, struct sm_buf *err)
{
	struct sm_buf text = SM_BUF_INIT(QF_MAX);
	struct envelope *e;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*out = NULL;
	if (fd < 0) {
		(void)sm_buf_printf(err, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (lock && (flock(fd, LOCK_EX | LOCK_NB) < 0 || !same_file(fd, path))) {
		(void)close(fd);
		return 1;
	}
	if (read_fd(fd, &text) < 0) {
		(void)sm_buf_printf(err, "cannot read %s: %s", path, strerror(errno));
		(void)close(fd);
		sm_buf_free(&text);
		return -1;
	}
	e = env_new(cfg != NULL ? &cfg->mac : NULL);
	if (queue_parse_qf(text.data != NULL ? text.data : "", text.len, e, err) < 0) {
		(void)close(fd);
		sm_buf_free(&text);
		env_free(e);
		return -1;
	}
	sm_buf_free(&text);
	(void)sm_strlcpy(e->id, id_of(path), sizeof(e->id));
	e->qf_path = sm_strdup(path);
	e->df_path = df_of(path, e->id);
	e->qdir = base_of(path);
	if (lock)
		e->lock_fd = fd;
	else
		(void)close(fd);
	*out = e;
	return 0;
}
