/*
 * Floating-point kernels printed as exact hex bits: dot products, Horner
 * polynomials, Newton iterations against fsqrt, an 8x8 matrix product,
 * float/double conversions and fused multiply-add.
 */
#include "common.h"

#define M 8

static double a[M][M], b[M][M], c[M][M];

int diff_main(void)
{
	for (int i = 0; i < M; i++)
		for (int j = 0; j < M; j++) {
			a[i][j] = (double)(i * M + j + 1) / 7.0;
			b[i][j] = (double)(j - i) * 0.3125 + 1.0 / (double)(i + j + 1);
		}
	for (int i = 0; i < M; i++)
		for (int j = 0; j < M; j++) {
			double s = 0;

			for (int k = 0; k < M; k++)
				s += a[i][k] * b[k][j];
			c[i][j] = s;
		}
	uint64_t h = 0;

	for (int i = 0; i < M; i++)
		for (int j = 0; j < M; j++)
			h = h * 1000003 ^ double_bits(c[i][j]);
	out_printf("matmul hash %016lx c[3][5] %016lx\n", (unsigned long)h,
		   (unsigned long)double_bits(c[3][5]));

	static const double coef[] = {1.0, -0.5, 0.041666666666666664, -0.001388888888888889,
				      2.48015873015873e-05};
	for (int i = 0; i <= 8; i++) {
		double x = (double)i * 0.25, x2 = x * x, p = 0;

		for (int k = 4; k >= 0; k--)
			p = p * x2 + coef[k];
		out_printf("cos-poly(%d/4) = %016lx\n", i, (unsigned long)double_bits(p));
	}
	for (int i = 1; i <= 6; i++) {
		double v = (double)i * 1.7, r = v;

		for (int it = 0; it < 30; it++)
			r = 0.5 * (r + v / r);
		double s = __builtin_sqrt(v);

		out_printf("sqrt %d newton %016lx hw %016lx\n", i, (unsigned long)double_bits(r),
			   (unsigned long)double_bits(s));
	}
	float fs = 0;
	double ds = 0;

	for (int i = 1; i <= 1000; i++) {
		fs += 1.0f / (float)i;
		ds += 1.0 / (double)i;
	}
	out_printf("harmonic float %08x double %016lx\n", float_bits(fs),
		   (unsigned long)double_bits(ds));
	out_printf("fma %016lx\n", (unsigned long)double_bits(__builtin_fma(0.1, 10.0, -1.0)));
	out_printf("cvt %ld %ld %lu %08x\n", (long)(int64_t)-2.75, (long)(int32_t)1e9,
		   (unsigned long)(uint64_t)1.5e19, float_bits((float)(1.0 / 3.0)));
	volatile double zero = 0.0, big = 1e308;

	out_printf("inf %016lx ovf %016lx tiny %016lx\n", (unsigned long)double_bits(1.0 / zero),
		   (unsigned long)double_bits(big * 10.0),
		   (unsigned long)double_bits(1e-308 / 1e10));
	return 0;
}
