/*
 * test_memory.c - the guest-physical address space: regions, bulk copies,
 * MMIO dispatch, code-page generations.
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
	assert_int_equal(as_add_ram(as, 0x90000001, 4096), -EINVAL);	 /* alignment */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_copies_and_mmio),
		cmocka_unit_test(test_code_generation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
