/*
 * x87 kernels as a compiler writes them (x86-64 only): long double sums, products, divisions
 * and square roots, conversions between long double and float, double and 16/32/64-bit
 * integers (fild, fist/fisttp, the control-word dance for truncation), compares and selects
 * (fucomip, fcmov), printed as exact bits (64-bit significand and 16-bit sign/exponent).
 */
#include "common.h"

static void put_ld(const char *what, int i, long double v)
{
	union {
		long double v;
		struct {
			uint64_t m;
			uint16_t se;
		} b;
	} u = {.v = v};

	out_printf("%s %d %04x %016lx\n", what, i, u.b.se, (unsigned long)u.b.m);
}

static long double ld_sqrt(long double v)
{
	return __builtin_sqrtl(v);
}

int diff_main(void)
{
	volatile long double h = 0, p = 1;

	for (int i = 1; i <= 2000; i++) {
		h += 1.0L / (long double)i;
		p *= 1.0L + 1.0L / (long double)(i * i);
	}
	put_ld("harmonic", 2000, h);
	put_ld("product", 2000, p);
	for (int i = 1; i <= 12; i++) {
		long double v = (long double)i * 1.7L, r = v;

		for (int it = 0; it < 40; it++)
			r = 0.5L * (r + v / r);
		put_ld("newton", i, r);
		put_ld("fsqrt", i, ld_sqrt(v));
	}
	for (int i = -6; i <= 6; i++) {
		volatile long double v = (long double)i * 1234567.891L / 7.0L;
		volatile float f = (float)v;
		volatile double d = (double)v;
		long long ll = (long long)(v * 1e9L);
		int in = (int)v;
		short sh = (short)(v / 100.0L);

		float fc = f;
		double dc = d;
		uint32_t fb;
		uint64_t db;

		__builtin_memcpy(&fb, &fc, sizeof(fb));
		__builtin_memcpy(&db, &dc, sizeof(db));
		put_ld("scaled", i, v);
		out_printf("conv %d %08x %016lx %016lx %08x %04x\n", i, (unsigned)fb,
			   (unsigned long)db, (unsigned long)ll, (unsigned)in,
			   (unsigned)(uint16_t)sh);
		put_ld("back", i, (long double)f + (long double)d + (long double)ll);
	}
	long double best = 0;

	for (int i = 0; i < 40; i++) {
		long double x = (long double)((i * 37) % 41) / 3.0L - 6.0L;

		best = x > best ? x : best;
		put_ld("select", i, x < 0 ? -x : x * best);
	}
	put_ld("max", 0, best);
	return 0;
}
