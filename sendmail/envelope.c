/*
 * envelope.c - create, fill and free struct envelope (see envelope.h).
 *
 * Owns the envelope's memory and the two flag alphabets sendmail writes
 * into a qf file: the F line (envelope flags, in the order w r 8 b d n s)
 * and the letters of an R line before its ':' (P N S F D B A).
 */
#include "sm.h"
#include "envelope.h"

/* One flag letter: its bit, in sendmail's output order. */
struct flag_letter {
	int letter;
	unsigned bit;
};

static const struct flag_letter env_letters[] = {
	{ 'w', ENV_WARNING }, { 'r', ENV_RESPONSE }, { '8', ENV_HAS8BIT },
	{ 'b', ENV_DELETE_BCC }, { 'd', ENV_RET_PARAM }, { 'n', ENV_NO_BODY_RETN },
	{ 's', ENV_SPLIT },
};

static const struct flag_letter rcpt_letters[] = {
	{ 'P', RCPT_PRIMARY }, { 'N', RCPT_HASNOTIFY }, { 'S', RCPT_NOTIFY_SUCCESS },
	{ 'F', RCPT_NOTIFY_FAILURE }, { 'D', RCPT_NOTIFY_DELAY }, { 'B', RCPT_INTBCC },
	{ 'A', RCPT_ALIAS },
};

/* letters_of - the letters of bits set in flags, table order */
static const char *
letters_of(const struct flag_letter *t, size_t n, unsigned flags, char *buf, size_t size)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 1 < size; i++)
		if (flags & t[i].bit)
			buf[k++] = (char)t[i].letter;
	if (size > 0)
		buf[k] = '\0';
	return buf;
}

/* bits_of - the bits of the letters in s, up to ':' or the end */
static unsigned
bits_of(const struct flag_letter *t, size_t n, const char *s)
{
	unsigned bits = 0;
	size_t i;

	for (; *s != '\0' && *s != ':'; s++)
		for (i = 0; i < n; i++)
			if (t[i].letter == *s)
				bits |= t[i].bit;
	return bits;
}

/* env_flag_letters - F line letters of flags */
const char *
env_flag_letters(unsigned flags, char *buf, size_t size)
{
	return letters_of(env_letters, SM_ARRAY_SIZE(env_letters), flags, buf, size);
}

/* env_flags_parse - ENV_* bits of F line letters */
unsigned
env_flags_parse(const char *letters)
{
	return bits_of(env_letters, SM_ARRAY_SIZE(env_letters), letters);
}

/* rcpt_flag_letters - R line letters of flags */
const char *
rcpt_flag_letters(unsigned flags, char *buf, size_t size)
{
	return letters_of(rcpt_letters, SM_ARRAY_SIZE(rcpt_letters), flags, buf, size);
}

/* rcpt_flags_parse - RCPT_* bits of R line letters */
unsigned
rcpt_flags_parse(const char *letters)
{
	return bits_of(rcpt_letters, SM_ARRAY_SIZE(rcpt_letters), letters);
}

/* env_new - an empty envelope */
struct envelope *
env_new(const struct macros *parent)
{
	struct envelope *e = sm_calloc(1, sizeof(*e));

	macros_init(&e->mac, parent);
	e->msg_size = -1;
	e->lock_fd = -1;
	return e;
}

/* env_set_str - replace a string member */
void
env_set_str(char **field, const char *value)
{
	free(*field);
	*field = value != NULL ? sm_strdup(value) : NULL;
}

/* rcpt_free - the strings of one recipient */
static void
rcpt_free(struct rcpt *r)
{
	free(r->addr);
	free(r->orcpt);
	free(r->final_rcpt);
	free(r->ctl);
	free(r->owner);
	free(r->message);
	free(r->mailer);
	free(r->host);
	free(r->user);
	free(r->dsn_status);
	free(r->dsn_diag);
}

/* fail_free - free what failure record f holds */
static void
fail_free(struct rcpt_fail *f)
{
	free(f->addr);
	free(f->from);
	free(f->actual);
	free(f->dsn_status);
	free(f->message);
}

/* fails_renumber - recipient i was removed: its failures go, the later
 * recipients' move up */
static void
fails_renumber(struct envelope *e, size_t i)
{
	size_t k, n = 0;

	for (k = 0; k < e->nfails; k++) {
		if (e->fails[k].rcpt == i) {
			fail_free(&e->fails[k]);
			continue;
		}
		if (e->fails[k].rcpt > i)
			e->fails[k].rcpt--;
		e->fails[n++] = e->fails[k];
	}
	e->nfails = n;
}

/* env_free - free the envelope and all it holds */
void
env_free(struct envelope *e)
{
	size_t i;

	if (e == NULL)
		return;
	if (e->lock_fd >= 0)
		(void)close(e->lock_fd);
	for (i = 0; i < e->nrcpts; i++)
		rcpt_free(&e->rcpts[i]);
	free(e->rcpts);
	for (i = 0; i < e->nhdrs; i++) {
		free(e->hdrs[i].name);
		free(e->hdrs[i].value);
		free(e->hdrs[i].cond);
	}
	free(e->hdrs);
	env_clear_fails(e);
	free(e->fails);
	macros_free(&e->mac);
	free(e->sender);
	free(e->fullname);
	free(e->auth_param);
	free(e->body_type);
	free(e->envid);
	free(e->quarantine);
	free(e->message);
	free(e->qf_path);
	free(e->df_path);
	free(e->qdir);
	env_free(e->split_next);
	free(e);
}

/* env_remove_rcpt - drop recipient i, the later ones move up */
void
env_remove_rcpt(struct envelope *e, size_t i)
{
	if (i >= e->nrcpts)
		return;
	rcpt_free(&e->rcpts[i]);
	memmove(&e->rcpts[i], &e->rcpts[i + 1], (e->nrcpts - i - 1) * sizeof(*e->rcpts));
	e->nrcpts--;
	fails_renumber(e, i);
}

/* env_add_fail - append a failure record */
struct rcpt_fail *
env_add_fail(struct envelope *e, size_t i, const char *addr, const char *from,
    const char *actual, const char *dsn_status, const char *message)
{
	struct rcpt_fail *f;

	if (e->nfails == e->fails_cap) {
		e->fails_cap = e->fails_cap ? e->fails_cap * 2 : 8;
		e->fails = sm_reallocarray(e->fails, e->fails_cap, sizeof(*e->fails));
	}
	f = &e->fails[e->nfails++];
	memset(f, 0, sizeof(*f));
	f->rcpt = i;
	f->addr = sm_strdup(addr);
	f->from = from != NULL ? sm_strdup(from) : NULL;
	f->actual = sm_strdup(actual != NULL ? actual : addr);
	f->dsn_status = sm_strdup(dsn_status != NULL ? dsn_status : "5.0.0");
	f->message = sm_strdup(message != NULL ? message : "failed");
	f->when = time(NULL);
	return f;
}

/* env_clear_fails - free every failure record */
void
env_clear_fails(struct envelope *e)
{
	size_t i;

	for (i = 0; i < e->nfails; i++)
		fail_free(&e->fails[i]);
	e->nfails = 0;
}

/* env_add_rcpt - append a recipient */
struct rcpt *
env_add_rcpt(struct envelope *e, const char *addr, unsigned flags)
{
	struct rcpt *r;

	if (e->nrcpts == e->rcpts_cap) {
		e->rcpts_cap = e->rcpts_cap ? e->rcpts_cap * 2 : 8;
		e->rcpts = sm_reallocarray(e->rcpts, e->rcpts_cap, sizeof(*e->rcpts));
	}
	r = &e->rcpts[e->nrcpts++];
	memset(r, 0, sizeof(*r));
	r->addr = sm_strdup(addr);
	r->flags = flags;
	r->state = RS_QUEUED;
	return r;
}

/* env_add_header - append a header */
struct header *
env_add_header(struct envelope *e, const char *name, const char *value, const char *cond)
{
	struct header *h;

	if (e->nhdrs == e->hdrs_cap) {
		e->hdrs_cap = e->hdrs_cap ? e->hdrs_cap * 2 : 16;
		e->hdrs = sm_reallocarray(e->hdrs, e->hdrs_cap, sizeof(*e->hdrs));
	}
	h = &e->hdrs[e->nhdrs++];
	h->name = sm_strdup(name);
	h->value = sm_strdup(value != NULL ? value : "");
	h->cond = sm_strdup(cond != NULL ? cond : "");
	return h;
}

/* env_header - first header of a name */
struct header *
env_header(const struct envelope *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->nhdrs; i++)
		if (strcasecmp(e->hdrs[i].name, name) == 0)
			return &e->hdrs[i];
	return NULL;
}
