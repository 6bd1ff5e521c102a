/*
 * A tiny stack-machine interpreter (switch dispatch) running three programs:
 * iterative Fibonacci, a prime count by trial division, and Collatz lengths.
 */
#include "common.h"

enum op { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, LT, JZ, JMP, PRINT, HALT, DUP, DIV };

struct insn {
	enum op op;
	int64_t arg;
};

static int64_t run(const struct insn *prog, int64_t *vars, long *steps)
{
	int64_t stack[64];
	int sp = 0;
	long pc = 0;

	for (*steps = 0; *steps < 10000000; (*steps)++) {
		const struct insn *i = &prog[pc++];

		if (sp < 0 || sp > 60)
			return -2;

		switch (i->op) {
		case PUSH:
			stack[sp++] = i->arg;
			break;
		case LOAD:
			stack[sp++] = vars[i->arg];
			break;
		case STORE:
			vars[i->arg] = stack[--sp];
			break;
		case DUP:
			stack[sp] = stack[sp - 1];
			sp++;
			break;
		case ADD:
			sp--;
			stack[sp - 1] += stack[sp];
			break;
		case SUB:
			sp--;
			stack[sp - 1] -= stack[sp];
			break;
		case MUL:
			sp--;
			stack[sp - 1] *= stack[sp];
			break;
		case DIV:
			sp--;
			stack[sp - 1] /= stack[sp];
			break;
		case MOD:
			sp--;
			stack[sp - 1] %= stack[sp];
			break;
		case LT:
			sp--;
			stack[sp - 1] = stack[sp - 1] < stack[sp];
			break;
		case JZ:
			if (!stack[--sp])
				pc = i->arg;
			break;
		case JMP:
			pc = i->arg;
			break;
		case PRINT:
			out_printf("  out %ld\n", (long)stack[--sp]);
			break;
		case HALT:
			return sp ? stack[sp - 1] : 0;
		}
	}
	return -1;
}

/* vars: 0 = a, 1 = b, 2 = i, 3 = n */
static const struct insn fib[] = {
    {PUSH, 0},
    {STORE, 0},
    {PUSH, 1},
    {STORE, 1},
    {PUSH, 0},
    {STORE, 2},
    /* 6: while i < n */
    {LOAD, 2},
    {LOAD, 3},
    {LT, 0},
    {JZ, 22},
    {LOAD, 0},
    {LOAD, 1},
    {ADD, 0},
    {LOAD, 1},
    {STORE, 0},
    {STORE, 1},
    {LOAD, 2},
    {PUSH, 1},
    {ADD, 0},
    {STORE, 2},
    {JMP, 6},
    {HALT, 0},
    /* 22 */ {LOAD, 0},
    {HALT, 0},
};

/* vars: 0 = candidate, 1 = divisor, 2 = count, 3 = limit */
static const struct insn primes[] = {
    {PUSH, 2},
    {STORE, 0},
    {PUSH, 0},
    {STORE, 2},
    /* 4: while candidate < limit */
    {LOAD, 0},
    {LOAD, 3},
    {LT, 0},
    {JZ, 36},
    {PUSH, 2},
    {STORE, 1},
    /* 10: if !(divisor * divisor < candidate + 1) -> prime */
    {LOAD, 1},
    {LOAD, 1},
    {MUL, 0},
    {LOAD, 0},
    {PUSH, 1},
    {ADD, 0},
    {LT, 0},
    {JZ, 27},
    /* 18: if candidate % divisor == 0 -> composite */
    {LOAD, 0},
    {LOAD, 1},
    {MOD, 0},
    {JZ, 31},
    /* 22: divisor++ */
    {LOAD, 1},
    {PUSH, 1},
    {ADD, 0},
    {STORE, 1},
    {JMP, 10},
    /* 27: prime: count++ */
    {LOAD, 2},
    {PUSH, 1},
    {ADD, 0},
    {STORE, 2},
    /* 31: next candidate */
    {LOAD, 0},
    {PUSH, 1},
    {ADD, 0},
    {STORE, 0},
    {JMP, 4},
    /* 36 */ {LOAD, 2},
    {HALT, 0},
};

/* vars: 0 = x, 1 = steps */
static const struct insn collatz[] = {
    {PUSH, 0},
    {STORE, 1},
    /* 2: while 1 < x */
    {PUSH, 1},
    {LOAD, 0},
    {LT, 0},
    {JZ, 26},
    /* 6: odd? */
    {LOAD, 0},
    {PUSH, 2},
    {MOD, 0},
    {JZ, 17},
    /* 10: x = 3x + 1 */
    {LOAD, 0},
    {PUSH, 3},
    {MUL, 0},
    {PUSH, 1},
    {ADD, 0},
    {STORE, 0},
    {JMP, 21},
    /* 17: x = x / 2 */
    {LOAD, 0},
    {PUSH, 2},
    {DIV, 0},
    {STORE, 0},
    /* 21: steps++ */
    {LOAD, 1},
    {PUSH, 1},
    {ADD, 0},
    {STORE, 1},
    {JMP, 2},
    /* 26 */ {LOAD, 1},
    {HALT, 0},
};

int diff_main(void)
{
	int64_t vars[8];
	long steps;

	for (int n = 0; n <= 90; n += 15) {
		memset(vars, 0, sizeof(vars));
		vars[3] = n;
		int64_t r = run(fib, vars, &steps);

		out_printf("fib(%d) = %ld in %ld steps\n", n, (long)r, steps);
	}
	memset(vars, 0, sizeof(vars));
	vars[3] = 2000;
	out_printf("primes below 2000: %ld in %ld steps\n", (long)run(primes, vars, &steps), steps);
	static const int64_t starts[] = {1, 7, 27, 97, 871};

	for (int i = 0; i < 5; i++) {
		memset(vars, 0, sizeof(vars));
		vars[0] = starts[i];
		int64_t r = run(collatz, vars, &steps);

		out_printf("collatz(%ld) -> %ld (x=%ld) in %ld steps\n", (long)starts[i], (long)r,
			   (long)vars[0], steps);
	}
	return 0;
}
