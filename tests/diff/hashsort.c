/*
 * Integer workload: LCG data, FNV-1a and a 64-bit mixer, quicksort and
 * bottom-up merge sort (results must agree), binary searches, 128-bit
 * products, signed division and remainder over mixed signs.
 */
#include "common.h"

#define N 3000

static uint64_t state = 0x9e3779b97f4a7c15ULL;
static int64_t data[N], sorted_q[N], sorted_m[N], tmp[N];

static uint64_t lcg(void)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return state;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

static uint32_t fnv1a(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

static void quicksort(int64_t *a, long lo, long hi)
{
	while (lo < hi) {
		int64_t pivot = a[lo + (hi - lo) / 2];
		long i = lo, j = hi;

		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				int64_t t = a[i];

				a[i++] = a[j];
				a[j--] = t;
			}
		}
		if (j - lo < hi - i) {
			quicksort(a, lo, j);
			lo = i;
		} else {
			quicksort(a, i, hi);
			hi = j;
		}
	}
}

static void mergesort(int64_t *a, long n)
{
	for (long width = 1; width < n; width *= 2) {
		for (long lo = 0; lo < n; lo += 2 * width) {
			long mid = lo + width < n ? lo + width : n;
			long hi = lo + 2 * width < n ? lo + 2 * width : n;
			long i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
			while (i < mid)
				tmp[k++] = a[i++];
			while (j < hi)
				tmp[k++] = a[j++];
		}
		memcpy(a, tmp, sizeof(int64_t) * (size_t)n);
	}
}

static long bsearch_i64(const int64_t *a, long n, int64_t key)
{
	long lo = 0, hi = n - 1;

	while (lo <= hi) {
		long mid = lo + (hi - lo) / 2;

		if (a[mid] == key)
			return mid;
		if (a[mid] < key)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -(lo + 1);
}

int diff_main(void)
{
	for (int i = 0; i < N; i++)
		data[i] = (int64_t)(lcg() >> (i % 17)) - (int64_t)(1ULL << 40);
	memcpy(sorted_q, data, sizeof(data));
	memcpy(sorted_m, data, sizeof(data));
	quicksort(sorted_q, 0, N - 1);
	mergesort(sorted_m, N);
	out_printf("sorted equal: %d\n", memcmp(sorted_q, sorted_m, sizeof(data)) == 0);
	out_printf("fnv data %08x sorted %08x\n", fnv1a(data, sizeof(data)),
		   fnv1a(sorted_q, sizeof(sorted_q)));
	for (int i = 0; i < 5; i++)
		out_printf("min[%d] = %ld max[%d] = %ld\n", i, (long)sorted_q[i], i,
			   (long)sorted_q[N - 1 - i]);
	out_printf("median %ld\n", (long)sorted_q[N / 2]);
	for (int i = 0; i < 8; i++) {
		int64_t key = i & 1 ? data[i * 37] : data[i * 37] + 1;

		out_printf("search %d -> %ld\n", i, bsearch_i64(sorted_q, N, key));
	}
	uint64_t acc = 0;

	for (int i = 0; i < N; i++)
		acc = mix64(acc ^ (uint64_t)data[i]);
	out_printf("mix %016lx\n", (unsigned long)acc);
	for (int i = 0; i < 6; i++) {
		unsigned __int128 p = (unsigned __int128)(uint64_t)data[i] * (uint64_t)data[i + 6];
		__int128 s = (__int128)data[i] * data[i + 12];

		out_printf("mul128 %016lx%016lx %016lx%016lx\n", (unsigned long)(p >> 64),
			   (unsigned long)p, (unsigned long)((unsigned __int128)s >> 64),
			   (unsigned long)s);
	}
	static const int64_t num[] = {7, -7, 1000000007, -1, INT64_MIN, 123456789012345LL};
	static const int64_t den[] = {2, -3, 3, 7, -1, -1000};

	for (int i = 0; i < 6; i++) {
		volatile int64_t n = num[i], d = den[i];

		if (n == INT64_MIN && d == -1)
			out_printf("div skipped (UB in C)\n");
		else
			out_printf("%ld / %ld = %ld rem %ld\n", (long)n, (long)d, (long)(n / d),
				   (long)(n % d));
	}
	return 0;
}
