/*
 * test_linux_image.c - the RISC-V Linux Image kernel format through the
 * boot loader: either header magic, text_offset raising the load address,
 * image_size (or the file's size) as the span in RAM, and an image too big
 * for RAM refused with nothing written.
 */
#include <elf.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "arch/riscv64/linux_image.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (4ull << 20)

static const struct boot_rules rules = {
    .elf_machine = EM_RISCV,
    .isa = "RISC-V",
    .kernel = &rv64_linux_image,
};

struct fixture {
	struct address_space *as;
	char path[64];
	char err[256];
};

static int setup(void **state)
{
	static struct fixture f;
	int fd;

	memset(&f, 0, sizeof(f));
	f.as = as_create();
	assert_non_null(f.as);
	assert_int_equal(as_add_ram(f.as, RAM_BASE, RAM_SIZE), 0);
	memset(as_ram_ptr(f.as, RAM_BASE, RAM_SIZE), 0xaa, RAM_SIZE);
	snprintf(f.path, sizeof(f.path), "/tmp/fvp_test_linux_image_XXXXXX");
	fd = mkstemp(f.path);
	assert_true(fd >= 0);
	close(fd);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->path);
	as_destroy(f->as);
	return 0;
}

static void write_file(struct fixture *f, const void *data, size_t len)
{
	FILE *fp = fopen(f->path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static uint8_t *ram(struct fixture *f, uint64_t addr)
{
	return as_ram_ptr(f->as, addr, 1);
}

static bool ram_untouched(struct fixture *f)
{
	const uint8_t *p = ram(f, RAM_BASE);

	for (uint64_t i = 0; i < RAM_SIZE; i++)
		if (p[i] != 0xaa)
			return false;
	return true;
}

static int load(struct fixture *f, uint64_t addr, struct loaded_image *img)
{
	return boot_load_image(f->as, f->path, addr, &rules, img, f->err, sizeof(f->err));
}

/* magics: 1 the deprecated "RISCV\0\0\0" at 0x30, 2 "RSC\x05" at 0x38, 3 both */
static void make_image(uint8_t *buf, size_t len, uint64_t text_offset, uint64_t image_size,
		       unsigned magics)
{
	memset(buf, 0x11, len);
	for (int i = 0; i < 8; i++) {
		buf[8 + i] = (uint8_t)(text_offset >> (8 * i));
		buf[16 + i] = (uint8_t)(image_size >> (8 * i));
	}
	// NOLINTBEGIN(bugprone-not-null-terminated-result): the Image header magic, no NUL
	if (magics & 1)
		memcpy(buf + 0x30, "RISCV\0\0\0", 8);
	if (magics & 2)
		memcpy(buf + 0x38, "RSC\x05", 4);
	// NOLINTEND(bugprone-not-null-terminated-result)
}

static void test_linux_image(void **state)
{
	struct fixture *f = *state;
	struct loaded_image img;
	uint8_t buf[256];

	make_image(buf, sizeof(buf), 0x200000, 0x10000, 3);
	write_file(f, buf, sizeof(buf));
	assert_int_equal(load(f, RAM_BASE + 0x200000, &img), 0);
	assert_int_equal(img.format, IMAGE_KERNEL);
	assert_int_equal(img.entry, RAM_BASE + 0x200000);
	assert_int_equal(img.start, RAM_BASE + 0x200000);
	assert_int_equal(img.end, RAM_BASE + 0x200000 + 0x10000); /* image_size, not file size */
	assert_memory_equal(ram(f, RAM_BASE + 0x200000), buf, sizeof(buf));
}

static void test_linux_image_either_magic(void **state)
{
	struct fixture *f = *state;
	struct loaded_image img;
	uint8_t buf[128];

	for (unsigned magics = 0; magics < 3; magics++) {
		make_image(buf, sizeof(buf), 0x200000, 0, magics);
		write_file(f, buf, sizeof(buf));
		assert_int_equal(load(f, RAM_BASE + 0x1000, &img), 0);
		/* without a magic the file is raw bytes at the load address */
		assert_int_equal(img.format, magics ? IMAGE_KERNEL : IMAGE_RAW);
		assert_int_equal(img.start, magics ? RAM_BASE + 0x200000 : RAM_BASE + 0x1000);
	}
}

static void test_linux_image_text_offset_raises_load_address(void **state)
{
	struct fixture *f = *state;
	struct loaded_image img;
	uint8_t buf[128];

	make_image(buf, sizeof(buf), 0x200000, 0, 3);
	write_file(f, buf, sizeof(buf));
	assert_int_equal(load(f, RAM_BASE, &img), 0);
	assert_int_equal(img.start, RAM_BASE + 0x200000);
	assert_int_equal(img.end, RAM_BASE + 0x200000 + sizeof(buf)); /* image_size 0: file */
	/* never below the load address */
	assert_int_equal(load(f, RAM_BASE + 0x300000, &img), 0);
	assert_int_equal(img.start, RAM_BASE + 0x300000);
}

static void test_linux_image_too_big(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[128];

	make_image(buf, sizeof(buf), 0x200000, 8ull << 20, 3); /* 8 MiB image, 4 MiB RAM */
	write_file(f, buf, sizeof(buf));
	assert_int_equal(load(f, RAM_BASE + 0x200000, NULL), -ENOSPC);
	assert_non_null(strstr(f->err, f->path));
	assert_non_null(strstr(f->err, "Linux Image"));
	assert_true(ram_untouched(f));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_linux_image, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_linux_image_either_magic, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_linux_image_text_offset_raises_load_address, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_linux_image_too_big, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
