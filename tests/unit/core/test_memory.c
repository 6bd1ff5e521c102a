/*
 * test_memory.c - the guest-physical address space: regions, bulk copies,
 * MMIO dispatch, code-page generations, and the error paths: region limits,
 * overlaps, alignment, wrap-around, accesses that leave a region, devices
 * without read or write handlers.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "core/memory.h"

struct fake_dev {
	uint64_t last_off, last_val;
	unsigned last_size, writes;
};

static uint64_t fake_read(void *opaque, uint64_t off, unsigned size)
{
	return 0x1000 + off + size;
}

static void fake_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
	struct fake_dev *d = opaque;
	d->last_off = off;
	d->last_val = val;
	d->last_size = size;
	d->writes++;
}

static const struct mmio_ops fake_ops = {.read = fake_read, .write = fake_write};

static void test_regions(void **state)
{
	struct address_space *as = as_create();
	struct fake_dev dev = {0};

	assert_int_equal(as_add_ram(as, 0x80000000, 1 << 20), 0);
	assert_int_equal(as_add_ram(as, 0x80080000, 1 << 20), -EINVAL); /* overlap */
	assert_int_equal(as_add_ram(as, 0x90000001, 4096), -EINVAL);	/* alignment */
	assert_int_equal(as_add_mmio(as, 0x10000000, 0x100, &fake_ops, &dev, "fake"), 0);
	assert_int_equal(as_add_mmio(as, 0x100000ff, 0x10, &fake_ops, &dev, "x"), -EINVAL);
	assert_non_null(as_ram_ptr(as, 0x80000000, 16));
	assert_null(as_ram_ptr(as, 0x800ffff8, 16)); /* runs off the end */
	assert_null(as_ram_ptr(as, 0x7ffffff0, 4));
	as_destroy(as);
}

static void test_copies_and_mmio(void **state)
{
	struct address_space *as = as_create();
	struct fake_dev dev = {0};
	uint8_t buf[64], back[64];
	uint64_t v;

	assert_int_equal(as_add_ram(as, 0x80000000, 1 << 20), 0);
	assert_int_equal(as_add_mmio(as, 0x10000000, 0x100, &fake_ops, &dev, "fake"), 0);
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7);
	assert_int_equal(as_write(as, 0x80000ff0, buf, sizeof(buf)), 0);
	assert_int_equal(as_read(as, 0x80000ff0, back, sizeof(back)), 0);
	assert_memory_equal(buf, back, sizeof(buf));
	assert_int_equal(as_write(as, 0x800ffff0, buf, sizeof(buf)), -EFAULT);
	assert_int_equal(as_read(as, 0x20000000, back, 4), -EFAULT);
	assert_int_equal(as_load(as, 0x80000ff1, 2, &v), 0);
	assert_int_equal(v, (uint64_t)buf[1] | (uint64_t)buf[2] << 8);
	assert_int_equal(as_load(as, 0x10000010, 4, &v), 0);
	assert_int_equal(v, 0x1000 + 0x10 + 4);
	assert_int_equal(as_store(as, 0x10000008, 1, 0xab), 0);
	assert_int_equal(dev.last_off, 8);
	assert_int_equal(dev.last_val, 0xab);
	assert_int_equal(dev.last_size, 1);
	assert_int_equal(as_store(as, 0x30000000, 4, 1), -EFAULT);
	assert_int_equal(as_load(as, 0x100000fe, 4, &v), -EFAULT); /* straddles the end */
	as_destroy(as);
}

static void test_code_generation(void **state)
{
	struct address_space *as = as_create();
	uint32_t *w, before;
	uint8_t byte = 1;

	assert_int_equal(as_add_ram(as, 0x80000000, 1 << 20), 0);
	w = as_page_word(as, 0x80003010);
	assert_non_null(w);
	assert_ptr_equal(w, as_page_word(as, 0x80003ff8));
	assert_ptr_not_equal(w, as_page_word(as, 0x80004000));
	/* a write to a page without code leaves the word alone */
	assert_int_equal(as_write(as, 0x80003000, &byte, 1), 0);
	assert_int_equal(*w, 0);
	/* with code: generation bumps and PAGE_CODE drops */
	*w |= PAGE_CODE;
	before = *w & ~PAGE_FLAGS;
	assert_int_equal(as_write(as, 0x80003004, &byte, 1), 0);
	assert_int_equal(*w & PAGE_CODE, 0);
	assert_int_equal(*w & ~PAGE_FLAGS, before + PAGE_GEN_INC);
	/* reservation flag survives a generation bump */
	*w |= PAGE_CODE | PAGE_RESERVED;
	assert_int_equal(as_store(as, 0x80003008, 8, 5), 0);
	assert_int_equal(*w & PAGE_FLAGS, PAGE_RESERVED);
	assert_int_equal(*w & ~PAGE_FLAGS, before + 2 * PAGE_GEN_INC);
	as_destroy(as);
}

static void test_region_errors(void **state)
{
	struct address_space *as = as_create();
	struct fake_dev dev = {0};

	(void)state;
	assert_non_null(as);
	assert_int_equal(as_add_ram(as, 0x80000000, 0), -EINVAL);      /* empty */
	assert_int_equal(as_add_ram(as, 0x80000000, 0x1800), -EINVAL); /* size not in pages */
	assert_int_equal(as_add_ram(as, ~0xfffull, 0x2000), -EINVAL);  /* wraps around */
	assert_int_equal(as_add_mmio(as, 0x10000000, 0, &fake_ops, &dev, "x"), -EINVAL);
	assert_int_equal(as_add_mmio(as, ~0xffull, 0x200, &fake_ops, &dev, "x"), -EINVAL);
	assert_int_equal(as->nram, 0);
	assert_int_equal(as->nmmio, 0);
	/* MMIO and RAM may touch but not overlap, in either order */
	assert_int_equal(as_add_ram(as, 0x80000000, 0x10000), 0);
	assert_int_equal(as_add_mmio(as, 0x8000f000, 0x2000, &fake_ops, &dev, "x"), -EINVAL);
	assert_int_equal(as_add_mmio(as, 0x80010000, 0x1000, &fake_ops, &dev, "after"), 0);
	assert_int_equal(as_add_mmio(as, 0x7ffff000, 0x1000, &fake_ops, &dev, "before"), 0);
	assert_int_equal(as_add_ram(as, 0x80010000, 0x1000), -EINVAL);	/* over "after" */
	assert_int_equal(as_add_ram(as, 0x7fff0000, 0x10000), -EINVAL); /* over "before" */
	assert_int_equal(as_add_ram(as, 0x80011000, 0x1000), 0);	/* touches "after" */
	assert_int_equal(as->nram, 2);
	assert_int_equal(as->nmmio, 2);
	assert_string_equal(as_find_mmio(as, 0x80010fff)->name, "after");
	assert_string_equal(as_find_mmio(as, 0x7ffff000)->name, "before");
	assert_null(as_find_mmio(as, 0x80011000));
	assert_null(as_find_ram(as, 0x7fffffff));
	as_destroy(as);
	as_destroy(NULL); /* allowed */
}

static void test_region_limits(void **state)
{
	struct address_space *as = as_create();
	struct fake_dev dev = {0};
	unsigned i;

	(void)state;
	for (i = 0; i < AS_MAX_RAM; i++)
		assert_int_equal(as_add_ram(as, 0x80000000 + i * 0x100000ull, 0x1000), 0);
	assert_int_equal(as_add_ram(as, 0x90000000, 0x1000), -EINVAL);
	for (i = 0; i < AS_MAX_MMIO; i++)
		assert_int_equal(
		    as_add_mmio(as, 0x10000000 + i * 0x1000ull, 0x100, &fake_ops, &dev, "dev"), 0);
	assert_int_equal(as_add_mmio(as, 0x20000000, 0x100, &fake_ops, &dev, "dev"), -EINVAL);
	assert_int_equal(as->nram, AS_MAX_RAM);
	assert_int_equal(as->nmmio, AS_MAX_MMIO);
	/* every region still answers */
	for (i = 0; i < AS_MAX_RAM; i++)
		assert_non_null(as_ram_ptr(as, 0x80000ff8 + i * 0x100000ull, 8));
	assert_non_null(as_find_mmio(as, 0x10000000 + (AS_MAX_MMIO - 1) * 0x1000ull + 0xff));
	as_destroy(as);
}

static const struct mmio_ops no_ops = {.read = NULL, .write = NULL};

static void test_mmio_dispatch_edges(void **state)
{
	struct address_space *as = as_create();
	struct fake_dev a = {0}, b = {0};
	uint64_t v;

	(void)state;
	assert_int_equal(as_add_mmio(as, 0x10000000, 0x100, &fake_ops, &a, "a"), 0);
	assert_int_equal(as_add_mmio(as, 0x10000100, 0x100, &fake_ops, &b, "b"), 0);
	assert_int_equal(as_add_mmio(as, 0x10001000, 0x10, &no_ops, NULL, "silent"), 0);
	/* each device gets offsets relative to its own base */
	for (unsigned size = 1; size <= 8; size <<= 1) {
		uint64_t mask = size == 8 ? ~0ull : (1ull << (size * 8)) - 1;

		assert_int_equal(as_store(as, 0x10000100 + size, size, 0x1122334455667788ull), 0);
		assert_int_equal(b.last_off, size);
		assert_int_equal(b.last_size, size);
		assert_int_equal(b.last_val, 0x1122334455667788ull & mask); /* size bytes only */
		assert_int_equal(as_load(as, 0x100000f8, size, &v), 0);
		assert_int_equal(v, (0x1000 + 0xf8 + size) & mask);
	}
	assert_int_equal(a.writes, 0);
	assert_int_equal(b.writes, 4);
	/* the last byte of a is a's; an access running into b is refused, not split */
	assert_int_equal(as_store(as, 0x100000ff, 1, 7), 0);
	assert_int_equal(a.writes, 1);
	assert_int_equal(as_store(as, 0x100000fc, 8, 7), -EFAULT);
	assert_int_equal(as_load(as, 0x100000fc, 8, &v), -EFAULT);
	assert_int_equal(a.writes, 1);
	assert_int_equal(b.writes, 4);
	/* a device without handlers reads as zero and ignores writes */
	v = 0xdead;
	assert_int_equal(as_load(as, 0x10001008, 8, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(as_store(as, 0x10001000, 4, 1), 0);
	assert_int_equal(as_load(as, 0x10001010, 1, &v), -EFAULT); /* just past it */
	as_destroy(as);
}

static void test_ram_access_edges(void **state)
{
	struct address_space *as = as_create();
	uint8_t buf[16] = {0};
	uint64_t v = 0;

	(void)state;
	assert_int_equal(as_add_ram(as, 0x80000000, 0x2000), 0);
	/* little-endian, sized loads and stores */
	assert_int_equal(as_store(as, 0x80001ff8, 8, 0x0807060504030201ull), 0);
	assert_int_equal(as_load(as, 0x80001ff8, 1, &v), 0);
	assert_int_equal(v, 0x01);
	assert_int_equal(as_load(as, 0x80001ffa, 2, &v), 0);
	assert_int_equal(v, 0x0403);
	assert_int_equal(as_load(as, 0x80001ffc, 4, &v), 0);
	assert_int_equal(v, 0x08070605);
	assert_int_equal(as_store(as, 0x80001ffc, 2, 0xbeef), 0);
	assert_int_equal(as_load(as, 0x80001ff8, 8, &v), 0);
	assert_int_equal(v, 0x0807beef04030201ull);
	/* an access that leaves RAM fails whole and changes nothing */
	assert_int_equal(as_store(as, 0x80001ffc, 8, ~0ull), -EFAULT);
	assert_int_equal(as_load(as, 0x80001ffc, 8, &v), -EFAULT);
	assert_int_equal(as_load(as, 0x80001ff8, 8, &v), 0);
	assert_int_equal(v, 0x0807beef04030201ull);
	assert_int_equal(as_load(as, 0x7ffffffc, 8, &v), -EFAULT); /* starts below RAM */
	assert_int_equal(as_write(as, 0x80001ff8, buf, 9), -EFAULT);
	assert_int_equal(as_read(as, 0x80001ff8, buf, 9), -EFAULT);
	assert_int_equal(as_read(as, 0x80002000, buf, 1), -EFAULT);
	assert_int_equal(as_write(as, ~0ull, buf, 2), -EFAULT);
	/* empty copies succeed anywhere */
	assert_int_equal(as_read(as, 0x10, buf, 0), 0);
	assert_int_equal(as_write(as, 0x10, buf, 0), 0);
	/* bulk copies see what single accesses stored */
	assert_int_equal(as_read(as, 0x80001ff8, buf, 8), 0);
	assert_int_equal(buf[0], 0x01);
	assert_int_equal(buf[4], 0xef);
	assert_int_equal(buf[7], 0x08);
	assert_null(as_page_word(as, 0x80002000));
	assert_null(as_ram_ptr(as, 0x80001000, 0x1001));
	assert_non_null(as_ram_ptr(as, 0x80001000, 0x1000));
	as_destroy(as);
}

static uint64_t wide_read(void *opaque, uint64_t off, unsigned size)
{
	return 0xb34ad9af12345678ull; /* whatever the size, as a 32/64-bit register file might */
}

static const struct mmio_ops wide_ops = {.read = wide_read};

/* An MMIO load of N bytes yields N bytes, whatever the device answered (a goldfish RTC lbu
 * used to give all 32 bits). */
static void test_mmio_read_width(void **state)
{
	struct address_space *as = as_create();
	uint64_t v = 0;

	(void)state;
	assert_int_equal(as_add_mmio(as, 0x10000000, 0x100, &wide_ops, NULL, "wide"), 0);
	assert_int_equal(as_load(as, 0x10000000, 1, &v), 0);
	assert_int_equal(v, 0x78);
	assert_int_equal(as_load(as, 0x10000000, 2, &v), 0);
	assert_int_equal(v, 0x5678);
	assert_int_equal(as_load(as, 0x10000000, 4, &v), 0);
	assert_int_equal(v, 0x12345678);
	assert_int_equal(as_load(as, 0x10000000, 8, &v), 0);
	assert_int_equal(v, 0xb34ad9af12345678ull);
	as_destroy(as);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_regions),	     cmocka_unit_test(test_copies_and_mmio),
	    cmocka_unit_test(test_code_generation),  cmocka_unit_test(test_region_errors),
	    cmocka_unit_test(test_region_limits),    cmocka_unit_test(test_mmio_dispatch_edges),
	    cmocka_unit_test(test_ram_access_edges), cmocka_unit_test(test_mmio_read_width),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
