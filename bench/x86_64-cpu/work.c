/* work.c - the workload (work.h): no libc, general registers only, so the host build and the
 * bare-metal builds run the same instructions. */
#include "work.h"

#define N     32768
#define BYTES 65536

static uint32_t keys[N];
static uint8_t src[BYTES], dst[BYTES];
static uint32_t crc_table[256];

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static void sift_down(uint32_t *a, unsigned start, unsigned end)
{
	unsigned root = start;

	while (2 * root + 1 < end) {
		unsigned child = 2 * root + 1;
		uint32_t t;

		if (child + 1 < end && a[child] < a[child + 1])
			child++;
		if (a[root] >= a[child])
			return;
		t = a[root];
		a[root] = a[child];
		a[child] = t;
		root = child;
	}
}

static void heap_sort(uint32_t *a, unsigned n)
{
	for (unsigned i = n / 2; i-- > 0;)
		sift_down(a, i, n);
	for (unsigned end = n - 1; end > 0; end--) {
		uint32_t t = a[0];

		a[0] = a[end];
		a[end] = t;
		sift_down(a, 0, end);
	}
}

static uint32_t crc32(const uint8_t *p, unsigned len)
{
	uint32_t c = ~0u;

	for (unsigned i = 0; i < len; i++)
		c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return ~c;
}

static void copy(void *d, const void *s, unsigned long n)
{
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}

static void fill(void *d, uint8_t v, unsigned long n)
{
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(v) : "memory");
}

static unsigned count_byte_pairs(const uint8_t *p, unsigned len, uint8_t a, uint8_t b)
{
	unsigned n = 0;

	for (unsigned i = 0; i + 1 < len; i++)
		n += p[i] == a && p[i + 1] == b;
	return n;
}

static uint64_t divisions(uint64_t *s, unsigned n)
{
	uint64_t acc = 0;

	for (unsigned i = 0; i < n; i++) {
		uint64_t x = xorshift(s), y = (xorshift(s) >> 40) | 1;

		acc += x / y + x % y;
	}
	return acc;
}

uint64_t cpu_work(unsigned rounds)
{
	uint64_t seed = 0x9e3779b97f4a7c15ull, sum = 0;

	for (unsigned i = 0; i < 256; i++) {
		uint32_t c = i;

		for (unsigned k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & -(c & 1));
		crc_table[i] = c;
	}
	for (unsigned r = 0; r < rounds; r++) {
		for (unsigned i = 0; i < N; i++)
			keys[i] = (uint32_t)xorshift(&seed);
		heap_sort(keys, N);
		sum = sum * 31 + keys[r % N] + keys[N / 2];
		for (unsigned i = 0; i < BYTES; i++)
			src[i] = (uint8_t)(xorshift(&seed) >> 56);
		for (unsigned k = 0; k < 8; k++) {
			copy(dst, src + k, BYTES - k);
			sum = sum * 31 + crc32(dst, BYTES - k);
			fill(dst, (uint8_t)k, BYTES / 2);
			sum += count_byte_pairs(dst, BYTES, (uint8_t)k, src[k]);
		}
		sum ^= divisions(&seed, 20000);
	}
	return sum;
}
