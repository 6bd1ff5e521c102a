/*
 * Bit manipulation through Zbb-backed builtins (popcount, clz, ctz, bswap,
 * rotates, min/max) and Zba-style address arithmetic, folded into checksums
 * and a few explicit lines.
 */
#include "common.h"

static uint64_t rotl(uint64_t x, unsigned r)
{
	return (x << (r & 63)) | (x >> ((64 - r) & 63));
}

static uint32_t rotr32(uint32_t x, unsigned r)
{
	return (x >> (r & 31)) | (x << ((32 - r) & 31));
}

int diff_main(void)
{
	uint64_t x = 0x0123456789abcdefULL, acc = 0;
	static const uint64_t samples[] = {0,
					   1,
					   0x80000000ULL,
					   0xffffffffULL,
					   0x8000000000000000ULL,
					   0xffffffffffffffffULL,
					   0x00f0000000000f00ULL};

	for (unsigned i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		uint64_t v = samples[i];

		out_printf("v=%016lx pop=%d clz=%d ctz=%d pop32=%d bswap=%016lx\n",
			   (unsigned long)v, __builtin_popcountll(v), v ? __builtin_clzll(v) : 64,
			   v ? __builtin_ctzll(v) : 64, __builtin_popcount((uint32_t)v),
			   (unsigned long)__builtin_bswap64(v));
	}
	for (int i = 0; i < 20000; i++) {
		x = x * 0x5851f42d4c957f2dULL + 0x14057b7ef767814fULL;
		uint32_t w = (uint32_t)(x >> 17);

		acc += (uint64_t)__builtin_popcountll(x) << (i & 7);
		acc ^= rotl(x, (unsigned)i) + (x ? (uint64_t)__builtin_clzll(x) : 64);
		acc += rotr32(w, (unsigned)(i * 7)) ^ __builtin_bswap32(w);
		acc += (uint64_t)(w ? __builtin_ctz(w) : 32) * 3;
		int64_t a = (int64_t)x, b = (int64_t)acc;

		acc ^= (uint64_t)(a < b ? a : b) + (uint64_t)(x > acc ? x : acc);
		acc += (x & ~acc) | (acc ^ ~x);
		acc += (uint64_t)(uint32_t)w * 8 + (uint64_t)(w & 0xffff);
		acc ^= (uint64_t)(int64_t)(int8_t)w + (uint64_t)(int64_t)(int16_t)(w >> 3);
		acc ^= (x >> (i & 63)) & 1 ? (1ULL << (i & 63)) : 0;
	}
	out_printf("checksum %016lx\n", (unsigned long)acc);
	/* Bit reversal and Gray code tables. */
	uint32_t rev_acc = 0, gray_acc = 0;

	for (uint32_t v = 0; v < 4096; v++) {
		uint32_t r = 0;

		for (int b = 0; b < 12; b++)
			r |= ((v >> b) & 1u) << (11 - b);
		rev_acc = rev_acc * 31 + r;
		gray_acc = gray_acc * 17 + (v ^ (v >> 1));
	}
	out_printf("reverse %08x gray %08x\n", rev_acc, gray_acc);
	return 0;
}
