/*
 * map_arith.c - the "arith" map class: $(arith OP $@ A $@ B $).
 *
 * The key is the operator (+ - * / % | & l = r); the first two $@
 * arguments are the operands, read with strtol base 0.  "l" and "=" give
 * TRUE or FALSE, "r" a random number in [A, B].  Division by zero and an
 * empty range find nothing; an unknown operator or missing operands are
 * EX_CONFIG, as in sendmail 8.17.  The result is not rewritten (-a does
 * not apply).  Arithmetic wraps instead of overflowing.
 */
#include "sm.h"
#include "map.h"

/* wrap - v reinterpreted as a long, without signed overflow */
static long
wrap(unsigned long v)
{
	long r;

	memcpy(&r, &v, sizeof(r));
	return r;
}

/* arith_op - apply op to a, b; 0, or -1 for no result, -2 unknown op */
static int
arith_op(int op, long a, long b, struct sm_buf *out)
{
	long r;

	switch (op) {
	case '|': r = a | b; break;
	case '&': r = a & b; break;
	case '+': r = wrap((unsigned long)a + (unsigned long)b); break;
	case '-': r = wrap((unsigned long)a - (unsigned long)b); break;
	case '*': r = wrap((unsigned long)a * (unsigned long)b); break;
	case '%':
	case '/':
		if (b == 0)
			return -1;
		if (a == LONG_MIN && b == -1)
			r = op == '/' ? LONG_MIN : 0;
		else
			r = op == '/' ? a / b : a % b;
		break;
	case 'l':
		return sm_buf_puts(out, a < b ? "TRUE" : "FALSE");
	case '=':
		return sm_buf_puts(out, a == b ? "TRUE" : "FALSE");
	case 'r': {
		unsigned long span = (unsigned long)b - (unsigned long)a + 1;

		if (b < a || span == 0)
			return -1;
		r = wrap((unsigned long)a + (unsigned long)random() % span);
		break;
	}
	default:
		return -2;
	}
	return sm_buf_printf(out, "%ld", r);
}

/* arith_lookup - compute key applied to the first two arguments */
static enum map_result
arith_lookup(struct map *m, struct map_req *req, struct sm_buf *result)
{
	long v[2];
	int i;

	(void)m;
	if (req->nargs < 2 || req->key == NULL) {
		req->status = EX_CONFIG;
		return MAP_ERROR;
	}
	for (i = 0; i < 2; i++)
		v[i] = strtol(req->args[i], NULL, 0);
	switch (arith_op((unsigned char)req->key[0], v[0], v[1], result)) {
	case 0:
		return MAP_FOUND;
	case -2:
		req->status = EX_CONFIG;
		return MAP_ERROR;
	default:
		return MAP_NOTFOUND;
	}
}

const struct map_class map_class_arith = {
	"arith", MCF_OPTFILE, map_parseargs, NULL, arith_lookup, NULL
};
