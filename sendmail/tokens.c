/*
 * tokens.c - the tokenizer (sendmail's prescan), token printing (xputs,
 * printav) and joining tokens back into a string (cataddr).
 *
 * Owns: the three character-class tables of a configuration (external
 * addresses, internal rule text, and "no comment" -bt input of V9+ cfs),
 * built once from OperatorChars (or $o before V7) plus ()<>,;\r\n, and
 * the prescan state machine with sendmail's states OPR ATM QST SPC ONE ILL.
 * Errors are sendmail's usrerr texts as -bt shows them: "addr... text".
 * Rule operators are sendmail's meta bytes (tokens.h); $=X $~X $&x carry a
 * two-byte id after the meta byte, which the scanner keeps in one token.
 * Meta bytes typed raw into -bt print as sendmail prints them (checked
 * byte by byte against 8.17): the byte after $ $& $= $~ names a macro by
 * sendmail's one-byte ids (macro_smid_name), the byte after a $1 slot
 * byte shows as '^' and the byte with bit 0100 flipped.
 */
#include "sm.h"
#include "tokens.h"
#include "engine.h"
#include "macro.h"

enum { OPR, ATM, QST, SPC, ONE, ILL };
#define TYPE	017
#define M	020
#define B	040
#define MB	(M | B)
#define NOCHAR	(-1)
#define DELIMCHARS "()<>,;\r\n"

static const short state_tab[6][6] = {
	/*		OPR	 ATM	  QST	   SPC	     ONE      ILL */
	/*OPR*/	{ OPR | B, ATM | B, QST | B, SPC | MB, ONE | B, ILL | MB },
	/*ATM*/	{ OPR | B, ATM,	    QST | B, SPC | MB, ONE | B, ILL | MB },
	/*QST*/	{ QST,	   QST,	    OPR,     QST,      QST,	QST },
	/*SPC*/	{ OPR,	   ATM,	    QST,     SPC | M,  ONE,	ILL | MB },
	/*ONE*/	{ OPR,	   OPR,	    OPR,     OPR,      OPR,	ILL | MB },
	/*ILL*/	{ OPR | B, ATM | B, QST | B, SPC | MB, ONE | M, ILL | MB },
};

/* base_table - the external table before operator characters */
static void
base_table(unsigned char *t)
{
	for (int c = 0; c < 256; c++)
		t[c] = ATM;
	for (int c = '\t'; c <= '\r'; c++)
		t[c] = SPC;
	t[' '] = SPC;
	t['"'] = QST;
	t['('] = SPC;
	t[')'] = SPC;
}

/* meta_types - rule operator bytes in the internal tables */
static void
meta_types(unsigned char *t)
{
	static const unsigned char one[] = {
		TK_MACROEXPAND, TK_MACRODEXPAND, TK_MATCHCLASS,
		TK_MATCHNCLASS, TK_MATCHREPL
	};

	for (int c = 0200; c < 0240; c++)
		t[c] = OPR;
	for (size_t i = 0; i < sizeof(one); i++)
		t[one[i]] = ONE;
	t[0377] = ONE;		/* sendmail's METAQUOTE: quotes the next byte */
}

/* operator_source - OperatorChars, or $o before V7, or ".:@[]" */
static const char *
operator_source(const struct config *cfg)
{
	const char *oc = cfg->opt.operator_chars;

	if (oc == NULL && cfg->version < 7)
		oc = macro_get(&cfg->mac, 'o');
	return oc != NULL ? oc : ".:@[]";
}

/* operator_chars - the operator characters, expanded, with ()<>,;\r\n */
static void
operator_chars(const struct config *cfg, struct sm_buf *out)
{
	(void)macro_expand(&cfg->mac, operator_source(cfg), out);
	(void)sm_buf_puts(out, DELIMCHARS);
}

/* tokens_tables - build the prescan tables of cfg once (tokens.c) */
void
tokens_tables(const struct config *cfg)
{
	struct engine *e = engine_of(cfg);
	struct sm_buf ops = SM_BUF_INIT(4096);
	const unsigned char *p;

	/* rebuilt only when the operator characters changed */
	if (e->tables_ready && strcmp(e->opchars, operator_source(cfg)) == 0)
		return;
	free(e->opchars);
	e->opchars = sm_strdup(operator_source(cfg));
	operator_chars(cfg, &ops);
	base_table(e->ext_tab);
	base_table(e->int_tab);
	meta_types(e->int_tab);
	memcpy(e->noc_tab, e->int_tab, sizeof(e->noc_tab));
	e->noc_tab['('] = ATM;
	e->noc_tab[')'] = ATM;
	for (p = (const unsigned char *)sm_buf_str(&ops); *p; p++) {
		if (e->ext_tab[*p] == ATM)
			e->ext_tab[*p] = OPR;
		if (e->int_tab[*p] == ATM)
			e->int_tab[*p] = OPR;
		if (e->noc_tab[*p] == ATM)
			e->noc_tab[*p] = OPR;
	}
	sm_buf_free(&ops);
	e->tables_ready = true;
}

/* table_of - the table for tab */
static const unsigned char *
table_of(const struct config *cfg, enum tk_table tab)
{
	struct engine *e = engine_of(cfg);

	tokens_tables(cfg);
	if (tab == TK_INTERNAL)
		return e->int_tab;
	if (tab == TK_NOCOMMENT)
		return e->noc_tab;
	return e->ext_tab;
}

/* tk_atom_table - the internal table: entry c is nonzero for atom bytes
 * (for callers that test many tokens, e.g. the rewrite engine) */
const unsigned char *
tk_atom_table(const struct config *cfg)
{
	struct engine *e = engine_of(cfg);

	tokens_tables(cfg);
	for (int c = 0; c < 256; c++)
		e->atom_tab[c] = e->int_tab[c] == ATM;
	return e->atom_tab;
}

/* tk_is_atom - whether a token starts with an atom character (cataddr) */
bool
tk_is_atom(const struct config *cfg, const char *tok)
{
	return table_of(cfg, TK_INTERNAL)[(unsigned char)*tok] == ATM;
}

/* scan state shared by the helpers of tk_scan */
struct scan {
	const char *addr;
	const char *p;
	int delim;
	bool ignore;
	struct sm_buf *err;
	int cmntcnt, anglecnt;
	bool route_syntax, bslash;
	int state;
};

#define MAXSHORTSTR	203	/* sendmail's shortenstring() limit */

/* usrerr - "addr... text" as -bt prints a prescan error: the address cut
 * to addrmax bytes, then shortened to its first and last 100 bytes */
static void
usrerr(struct scan *s, const char *text, size_t addrmax)
{
	size_t n = strlen(s->addr);
	const size_t half = (MAXSHORTSTR - 3) / 2;

	if (s->err == NULL)
		return;
	if (n > addrmax)
		n = addrmax;
	if (n > MAXSHORTSTR) {
		(void)sm_buf_append(s->err, s->addr, half);
		(void)sm_buf_puts(s->err, "...");
		(void)sm_buf_append(s->err, s->addr + n - half, half);
	} else
		(void)sm_buf_append(s->err, s->addr, n);
	(void)sm_buf_printf(s->err, "... %s\n", text);
}

/* at_end - NUL reached: patch up unbalanced input; NOCHAR to stop */
static int
at_end(struct scan *s)
{
	int c;

	if (s->ignore)
		return NOCHAR;
	if (s->state == QST) {
		usrerr(s, "Unbalanced '\"'", SIZE_MAX);
		c = '"';
	} else if (s->cmntcnt > 0) {
		usrerr(s, "Unbalanced '('", SIZE_MAX);
		c = ')';
	} else if (s->anglecnt > 0) {
		usrerr(s, "Unbalanced '<'", SIZE_MAX);
		c = '>';
	} else
		return NOCHAR;
	s->p--;
	return c;
}

/* special - comments, angle brackets, backslashes; returns c or NOCHAR */
static int
special(struct scan *s, const unsigned char *tab, int c)
{
	if (c == '\\') {
		s->bslash = true;
	} else if (s->state == QST) {
		/* passes through */
	} else if (c == '(' && tab['('] == SPC) {
		s->cmntcnt++;
		c = NOCHAR;
	} else if (c == ')' && tab['('] == SPC) {
		if (s->cmntcnt <= 0) {
			if (!s->ignore) {
				usrerr(s, "Unbalanced ')'", SIZE_MAX);
				c = NOCHAR;
			}
		} else
			s->cmntcnt--;
	} else if (s->cmntcnt > 0) {
		c = NOCHAR;
	} else if (c == '<') {
		const char *q = s->p;

		s->anglecnt++;
		while (*q == ' ' || (*q >= '\t' && *q <= '\r'))
			q++;
		if (*q == '@')
			s->route_syntax = true;
	} else if (c == '>') {
		if (s->anglecnt <= 0) {
			if (!s->ignore) {
				usrerr(s, "Unbalanced '>'", SIZE_MAX);
				c = NOCHAR;
			}
		} else
			s->anglecnt--;
		s->route_syntax = false;
	} else if (s->delim == ' ' && (c == ' ' || (c >= '\t' && c <= '\r')))
		c = ' ';
	return c;
}

/* is_id_meta - meta bytes followed by a two-byte id in rule text */
static bool
is_id_meta(int c)
{
	return c == TK_MACRODEXPAND || c == TK_MATCHCLASS || c == TK_MATCHNCLASS;
}

/* tk_scan - prescan into a caller's buffer and pointer vector (tokens.c) */
int
tk_scan(const struct config *cfg, const char *addr, int delim,
    enum tk_table tabsel, bool ignore, char *buf, size_t bufsize,
    char **av, size_t maxav, size_t *nav, const char **endp,
    struct sm_buf *err)
{
	const unsigned char *tab = table_of(cfg, tabsel);
	struct scan s = { addr, addr, delim, ignore, err, 0, 0, false, false, ATM };
	char *q = buf, *tok;
	size_t n = 0;
	int c = NOCHAR, newstate, absorb = 0;
	bool internal = tabsel != TK_EXTERNAL;

	*nav = 0;
	do {
		tok = q;
		for (;;) {
			if (c != NOCHAR && !s.bslash) {
				if (q >= buf + bufsize - 5)
					goto toolong;
				if ((char)c == (char)-1)
					c &= 0x7f;
				*q++ = (char)c;
			}
			c = (unsigned char)*s.p++;
			if (absorb > 0 && c != '\0') {
				s.state = --absorb ? ONE : OPR;
				continue;
			}
			absorb = 0;
			if (c == '\0') {
				c = at_end(&s);
				if (c == NOCHAR) {
					c = '\0';
					break;
				}
			} else if (c == delim && s.cmntcnt <= 0 && s.state != QST) {
				if (s.anglecnt <= 0)
					break;
				if (delim == ',' && !s.route_syntax) {
					usrerr(&s, "Unbalanced '<'", SIZE_MAX);
					c = '>';
					s.p--;
				}
			}
			*q = '\0';
			if (s.bslash) {
				s.bslash = false;
				if (s.cmntcnt > 0) {
					c = NOCHAR;
					continue;
				} else if (c != '!' || s.state == QST) {
					if (q >= buf + bufsize - 5)
						goto toolong;
					*q++ = '\\';
					continue;
				}
			}
			c = special(&s, tab, c);
			if (c == NOCHAR)
				continue;
			if (c == delim && s.anglecnt <= 0 && s.state != QST)
				break;
			newstate = state_tab[s.state][tab[c & 0xff]];
			s.state = newstate & TYPE;
			if (s.state == ILL) {
				char m[64];

				if (c < 0x80 && isprint(c))
					sm_snprintf(m, sizeof(m), "Illegal character %c", c);
				else
					sm_snprintf(m, sizeof(m), "Illegal character 0x%02x", c & 0xff);
				usrerr(&s, m, SIZE_MAX);
			}
			if (internal && is_id_meta(c) && s.state == ONE)
				absorb = 2;
			if (newstate & M)
				c = NOCHAR;
			if (newstate & B)
				break;
		}
		if (tok != q) {
			if (q >= buf + bufsize - 5)
				goto toolong;
			*q++ = '\0';
			if (n >= maxav) {
				usrerr(&s, "prescan: too many tokens", SIZE_MAX);
				goto fail;
			}
			if ((size_t)(q - tok) > TK_MAXNAME) {
				usrerr(&s, "prescan: token too long", SIZE_MAX);
				goto fail;
			}
			av[n++] = tok;
		}
	} while (c != '\0' && (c != delim || s.anglecnt > 0));
	*nav = n;
	if (endp != NULL)
		*endp = s.p > addr ? s.p - 1 : s.p;
	return n == 0 ? -1 : 0;

toolong:
	usrerr(&s, "Address too long", SIZE_MAX);
fail:
	if (endp != NULL)
		*endp = s.p > addr ? s.p - 1 : s.p;
	*nav = 0;
	return -1;
}

void
tokens_init(struct tokens *t)
{
	t->v = NULL;
	t->n = 0;
	t->cap = 0;
}

void
tokens_clear(struct tokens *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	t->n = 0;
}

void
tokens_free(struct tokens *t)
{
	tokens_clear(t);
	free(t->v);
	tokens_init(t);
}

/* tokens_push - append a copy of s */
void
tokens_push(struct tokens *t, const char *s)
{
	if (t->n + 1 >= t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->v = sm_reallocarray(t->v, t->cap, sizeof(*t->v));
	}
	t->v[t->n++] = sm_strdup(s);
	t->v[t->n] = NULL;
}

/* tokens_prescan_tab - as tokens_prescan with a chosen table */
int
tokens_prescan_tab(const struct config *cfg, const char *addr, int delim,
    enum tk_table tab, bool ignore, struct tokens *out, const char **endp,
    struct sm_buf *err)
{
	char buf[TK_PSBUFSIZE];
	char *av[TK_MAXATOM + 1];
	size_t n;
	int rc;

	tokens_clear(out);
	rc = tk_scan(cfg, addr, delim, tab, ignore, buf, sizeof(buf), av,
	    TK_MAXATOM, &n, endp, err);
	for (size_t i = 0; i < n; i++)
		tokens_push(out, av[i]);
	return rc;
}

/* tokens_prescan - tokenize addr up to delim with the external table */
int
tokens_prescan(const struct config *cfg, const char *addr, int delim,
    struct tokens *out, const char **endp, struct sm_buf *err)
{
	return tokens_prescan_tab(cfg, addr, delim, TK_EXTERNAL, false, out,
	    endp, err);
}

/* meta_name - the character after '$' for a meta byte, or 0 */
static int
meta_name(int c)
{
	static const struct { unsigned char val; char name; } mm[] = {
		{ TK_MATCHZANY, '*' }, { TK_MATCHANY, '+' }, { TK_MATCHONE, '-' },
		{ TK_MATCHCLASS, '=' }, { TK_MATCHNCLASS, '~' },
		{ TK_CANONNET, '#' }, { TK_CANONHOST, '@' }, { TK_CANONUSER, ':' },
		{ TK_CALLSUBR, '>' }, { TK_CONDIF, '?' }, { TK_CONDELSE, '|' },
		{ TK_CONDFI, '.' }, { TK_HOSTBEGIN, '[' }, { TK_HOSTEND, ']' },
		{ TK_LOOKUPBEGIN, '(' }, { TK_LOOKUPEND, ')' },
		{ TK_MACRODEXPAND, '&' },
	};

	for (size_t i = 0; i < SM_ARRAY_SIZE(mm); i++)
		if (mm[i].val == c)
			return mm[i].name;
	return 0;
}

/* our_id - whether s starts with one of our two-byte macro/class ids:
 * 0200 and a printable one-character name with the high bit set, or a
 * byte 0202-0207 and a byte with the high bit naming a known long name.
 * (Raw input can hold the same bytes; sendmail could not tell either.) */
static bool
our_id(const unsigned char *s)
{
	int id;

	if (s[0] < 0x80 || s[0] > (unsigned char)TK_ID_HI(MACRO_MAX - 1) || s[1] < 0x80)
		return false;
	id = TK_ID((const char *)s);
	if (id < 256)
		return s[0] == 0x80 && id > ' ' && id < 0x7f;
	return macro_long_name(id) != NULL;
}

/* put_id - a macro/class name from two id bytes; returns bytes used */
static size_t
put_id(const unsigned char *s, FILE *fp)
{
	char name[300];

	fputs(macro_name(TK_ID((const char *)s), name, sizeof(name)), fp);
	return 2;
}

/* put_raw_id - the byte after $x $&x $=x $~x in text that came from
 * outside the cf: sendmail shows a byte below 0200 as it is and names the
 * others from its one-byte macro ids (prescan has made 0377 0177) */
static void
put_raw_id(int c, FILE *fp)
{
	char name[300];

	if (c < 0x80)
		putc(c, fp);
	else
		fputs(macro_smid_name(c, name, sizeof(name)), fp);
}

/* put_plain - one character as xputs shows it: \n \r \t escaped, other
 * control characters and DEL not at all (as sendmail 8.17 -bt shows them) */
static void
put_plain(int c, FILE *fp)
{
	if (c < 0x80 && isprint(c)) {
		putc(c, fp);
		return;
	}
	switch (c) {
	case '\n': fputs("\\n", fp); return;
	case '\r': fputs("\\r", fp); return;
	case '\t': fputs("\\t", fp); return;
	}
}

/* put_repl - the byte after $ (a $1..$9 slot): sendmail shows a byte
 * 0200 and up as '^' and the byte with bit 0100 flipped */
static void
put_repl(int c, FILE *fp)
{
	if (c >= 0x80) {
		putc('^', fp);
		putc(c ^ 0x40, fp);
	} else
		put_plain(c & 0x7f, fp);
}

/* tokens_xputs - one string as sendmail's xputs shows it */
void
tokens_xputs(const char *str, FILE *fp)
{
	const unsigned char *s = (const unsigned char *)str;
	int c, name;

	if (str == NULL) {
		fputs("<null>", fp);
		return;
	}
	while ((c = *s++) != '\0') {
		if (c < 0x80) {
			put_plain(c, fp);
			continue;
		}
		if (c == TK_MATCHREPL) {
			putc('$', fp);
			if (*s == '\0')
				break;
			put_repl(*s++, fp);
			continue;
		}
		if (c == TK_MACROEXPAND || is_id_meta(c)) {
			putc('$', fp);
			if (c != TK_MACROEXPAND)
				putc(meta_name(c), fp);
			if (our_id(s))
				s += put_id(s, fp);
			else if (*s != '\0')
				put_raw_id(*s++, fp);
			continue;
		}
		if ((name = meta_name(c)) != 0) {
			putc('$', fp);
			putc(name, fp);
			continue;
		}
		fputs("M-", fp);
		put_plain(c & 0177, fp);
	}
}

/* tokens_put_msgs - message lines as sendmail prints them; see tokens.h */
void
tokens_put_msgs(const char *text, FILE *fp)
{
	const unsigned char *s = (const unsigned char *)text;
	bool cut = false;

	for (; *s != '\0'; s++) {
		if (*s == '\n') {
			putc('\n', fp);
			cut = false;
		} else if ((*s & 0x7f) == 0)
			cut = true;
		else if (!cut)
			putc(*s & 0x7f, fp);
	}
}

/* tokens_print - the tokens as -bt shows them, separated by single spaces */
void
tokens_print(const struct tokens *t, FILE *fp)
{
	for (size_t i = 0; i < t->n; i++) {
		if (i)
			putc(' ', fp);
		tokens_xputs(t->v[i], fp);
	}
}

/* tokens_printav - sendmail's printav: " tok" for each token, then a newline */
void
tokens_printav(const struct tokens *t, FILE *fp)
{
	for (size_t i = 0; i < t->n; i++) {
		putc(' ', fp);
		tokens_xputs(t->v[i], fp);
	}
	putc('\n', fp);
}

/* atom_char - whether c is an atom character for cataddr (no config) */
static bool
atom_char(const unsigned char *tab, int c)
{
	return tab[c] == ATM;
}

/* tokens_cataddr_tab - cataddr over n tokens with table tab */
static int
cataddr_tab(const unsigned char *tab, char *const *v, size_t n, int spacesub,
    struct sm_buf *out)
{
	bool oatom = false, natom;

	for (size_t i = 0; i < n; i++) {
		natom = atom_char(tab, (unsigned char)v[i][0]);
		if (oatom && natom) {
			if (sm_buf_putc(out, spacesub ? spacesub : ' ') < 0)
				return -1;
		}
		if (sm_buf_puts(out, v[i]) < 0)
			return -1;
		oatom = natom;
	}
	return 0;
}

/* the internal table of the last config seen, for callers without one */
static unsigned char default_int_tab[256];
static bool default_ready;

/* fallback_tab - internal table with the default operator characters */
static const unsigned char *
fallback_tab(void)
{
	if (!default_ready) {
		const char *p;

		base_table(default_int_tab);
		meta_types(default_int_tab);
		for (p = ".:@[]" DELIMCHARS; *p; p++)
			if (default_int_tab[(unsigned char)*p] == ATM)
				default_int_tab[(unsigned char)*p] = OPR;
		default_ready = true;
	}
	return default_int_tab;
}

/* tokens_cataddr - cataddr over n tokens, spacesub between atoms */
int
tokens_cataddr(char *const *v, size_t n, int spacesub, struct sm_buf *out)
{
	return cataddr_tab(fallback_tab(), v, n, spacesub, out);
}

/* tokens_cataddr_cfg - cataddr with cfg's operator characters */
int
tokens_cataddr_cfg(const struct config *cfg, char *const *v, size_t n,
    int spacesub, struct sm_buf *out)
{
	return cataddr_tab(table_of(cfg, TK_INTERNAL), v, n, spacesub, out);
}

/* tokens_join - rebuild an address string from tokens [from, to) */
int
tokens_join(const struct tokens *t, size_t from, size_t to, struct sm_buf *out)
{
	if (to > t->n)
		to = t->n;
	if (from >= to)
		return 0;
	return tokens_cataddr(t->v + from, to - from, ' ', out);
}

/* tk_strvec - copy a NULL-terminated vector of n strings into one block */
char **
tk_strvec(char *const *v, size_t n)
{
	size_t bytes = (n + 1) * sizeof(char *);
	char **out;
	char *p;

	for (size_t i = 0; i < n; i++)
		bytes += strlen(v[i]) + 1;
	out = sm_malloc(bytes);
	p = (char *)(out + n + 1);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(v[i]) + 1;

		memcpy(p, v[i], l);
		out[i] = p;
		p += l;
	}
	out[n] = NULL;
	return out;
}
