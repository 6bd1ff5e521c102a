/*
 * test_random.h - the seeded pseudo-random source of the randomized unit
 * tests (xorshift64): reproducible from a seed, one state per test program.
 * Include from exactly one .c file of a test executable.
 */
#ifndef FVP_TESTS_UNIT_TEST_RANDOM_H
#define FVP_TESTS_UNIT_TEST_RANDOM_H

#include <stddef.h>
#include <stdint.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static inline uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static inline unsigned rnd_below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/* Edge values of 64-bit arithmetic (shift widths, sign and word boundaries), for edge[] tables. */
#define RND_EDGE_VALUES                                                                            \
	0, 1, 2, 31, 32, 63, 64, ~0ull, 1ull << 63, (1ull << 63) - 1, 0x80000000ull,               \
	    0x7fffffffull, 0xffffffff80000000ull, 0xffffffffull, 0x100000000ull, 0xff, 0x8000

/* One third an edge value from edge[], one third a small value, one third anything. */
static inline uint64_t rnd_interesting(const uint64_t *edge, size_t nedge)
{
	switch (rnd_below(3)) {
	case 0:
		return edge[rnd_below((unsigned)nedge)];
	case 1:
		return rnd() & 0xff;
	default:
		return rnd();
	}
}

#endif
