/*
 * fuzz_initrd.c - libFuzzer target for initrd placement and loading
 * (boot_place_initrd, boot_file_size and boot_load_blob in
 * src/boot/loader.c), which both boards use.
 *
 * Input: byte 0 picks the mode and the number of ranges to avoid (bit 0:
 * wide, bits 1-2: 0 to 3 ranges). Narrow mode reads size, floor, top and
 * each range's start and length as 16-bit numbers in units of 16 or 256
 * bytes (placements within 16 MiB), and compares the result with a search
 * of every page; wide mode reads them as 64-bit numbers and checks the
 * invariants only. Then 3 bytes pick a floor in a 1 MiB RAM, and the rest
 * of the input is an initrd file, placed in that RAM above the floor and
 * loaded there.
 *
 * Invariants checked: a placement is page-aligned, inside [floor, top),
 * clear of every range, and the highest such address (narrow mode: the
 * search agrees, also on refusals); a placed initrd is loaded whole, at its
 * place; an empty one is refused.
 *
 * Seeds (corpus-initrd/, make-seeds.py): the boards' cases (riscv64 below
 * the device tree, moved below the firmware's copy; x86-64 below
 * initrd_addr_max), each with a small initrd.
 */
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "boot/loader.h"
#include "core/log.h"
#include "fuzz_file.h"

#define RAM_BASE  0x80000000ull
#define RAM_SIZE  0x100000ull
#define MAX_AVOID 3

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct reader {
	const uint8_t *p;
	size_t left;
};

/* The next n bytes as a little-endian number (zero past the end). */
static uint64_t next(struct reader *r, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n && r->left; i++, r->p++, r->left--)
		v |= (uint64_t)*r->p << (8 * i);
	return v;
}

static bool overlaps(uint64_t at, uint64_t size, const struct boot_range *r)
{
	return at < r->end && r->start < at + size;
}

/* The highest page that fits, by trying every one from the top. */
static int search(uint64_t size, uint64_t floor, uint64_t top, const struct boot_range *avoid,
		  unsigned navoid, uint64_t *addr)
{
	if (floor > top || size > top - floor)
		return -ENOSPC;
	for (uint64_t at = ALIGN_DOWN(top - size, PAGE_SIZE);; at -= PAGE_SIZE) {
		bool clear = at >= floor;

		for (unsigned i = 0; clear && i < navoid; i++)
			clear = !overlaps(at, size, &avoid[i]);
		if (clear) {
			*addr = at;
			return 0;
		}
		if (at < floor + PAGE_SIZE)
			return -ENOSPC;
	}
}

static void check_placement(struct reader *r, bool wide, unsigned navoid)
{
	unsigned n = wide ? 8 : 2, unit = wide ? 0 : 8;
	uint64_t size = next(r, n) << (unit / 2), floor = next(r, n) << unit;
	uint64_t top = next(r, n) << unit, at = 0, want = 0;
	struct boot_range avoid[MAX_AVOID];
	int ret;

	for (unsigned i = 0; i < navoid; i++) {
		avoid[i].start = next(r, n) << unit;
		avoid[i].end = avoid[i].start + (next(r, n) << (unit / 2));
		avoid[i].what = "a range";
	}
	ret = boot_place_initrd(size, floor, top, avoid, navoid, &at);
	assert(ret == 0 || ret == -ENOSPC);
	if (!ret) {
		assert(at % PAGE_SIZE == 0 && at >= floor && at <= top && size <= top - at);
		for (unsigned i = 0; i < navoid; i++)
			assert(!overlaps(at, size, &avoid[i]));
	}
	if (!wide) {
		assert(search(size, floor, top, avoid, navoid, &want) == ret);
		assert(ret || at == want);
	}
}

/* The initrd data[0, size) placed in RAM above floor and loaded there. */
static void check_load(struct address_space *as, const uint8_t *data, size_t size, uint64_t floor)
{
	const char *path = fuzz_file(0, data, size);
	char err[160] = "";
	uint64_t at = 0, want = 0, loaded = 0;
	int64_t fsize = boot_file_size(path, err, sizeof(err));
	int ret;

	if (!size) {
		assert(fsize == -EINVAL && err[0]);
		assert(boot_load_blob(as, path, RAM_BASE, &loaded, err, sizeof(err)) == -EINVAL);
		return;
	}
	assert(fsize == (int64_t)size);
	ret = boot_place_initrd(size, floor, RAM_BASE + RAM_SIZE, NULL, 0, &at);
	assert(search(size, floor, RAM_BASE + RAM_SIZE, NULL, 0, &want) == ret);
	if (ret)
		return;
	assert(at == want);
	assert(!boot_load_blob(as, path, at, &loaded, err, sizeof(err)) && loaded == size);
	assert(!memcmp(as_ram_ptr(as, at, size), data, size));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct address_space *as;
	struct reader r = {data, size};
	unsigned mode = (unsigned)next(&r, 1);
	uint64_t floor;

	if (!as) {
		log_threshold = LOG_ERROR;
		as = as_create();
		if (!as || as_add_ram(as, RAM_BASE, RAM_SIZE))
			abort();
	}
	check_placement(&r, mode & 1, (mode >> 1) % 4);
	floor = RAM_BASE + next(&r, 3) % RAM_SIZE;
	check_load(as, r.p, r.left, floor);
	return 0;
}
