/*
 * test_loader.c - boot image loading: raw binaries, the RISC-V Linux Image
 * header (text_offset, image_size), ELF validation (class, machine,
 * truncation, segments outside RAM) with .bss zeroing and virtual-entry
 * mapping, initrd blobs, and that a failed load leaves RAM untouched.
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

#include "boot/loader.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (4ull << 20)

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
	snprintf(f.path, sizeof(f.path), "/tmp/fvp_test_loader_XXXXXX");
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

static void test_raw(void **state)
{
	struct fixture *f = *state;
	struct loaded_image img;
	const uint8_t data[5] = {1, 2, 3, 4, 5};

	write_file(f, data, sizeof(data));
	assert_int_equal(
	    boot_load_image(f->as, f->path, RAM_BASE + 0x1000, &img, f->err, sizeof(f->err)), 0);
	assert_int_equal(img.format, IMAGE_RAW);
	assert_int_equal(img.entry, RAM_BASE + 0x1000);
	assert_int_equal(img.end, RAM_BASE + 0x1005);
	assert_memory_equal(ram(f, RAM_BASE + 0x1000), data, 5);
}

static void test_raw_too_large_for_ram(void **state)
{
	struct fixture *f = *state;
	size_t len = 2 << 20;
	uint8_t *data = calloc(1, len);
	int ret;

	write_file(f, data, len);
	free(data);
	/* 2 MiB at 3 MiB into 4 MiB of RAM */
	ret = boot_load_image(f->as, f->path, RAM_BASE + (3 << 20), NULL, f->err, sizeof(f->err));
	assert_true(ret < 0);
	assert_non_null(strstr(f->err, f->path));
	assert_non_null(strstr(f->err, "RAM"));
	assert_true(ram_untouched(f));
}

static void make_image(uint8_t *buf, size_t len, uint64_t text_offset, uint64_t image_size)
{
	memset(buf, 0x11, len);
	for (int i = 0; i < 8; i++) {
		buf[8 + i] = (uint8_t)(text_offset >> (8 * i));
		buf[16 + i] = (uint8_t)(image_size >> (8 * i));
	}
	// NOLINTBEGIN(bugprone-not-null-terminated-result): the Image header magic, no NUL
	memcpy(buf + 0x30, "RISCV\0\0\0", 8);
	memcpy(buf + 0x38, "RSC\x05", 4);
	// NOLINTEND(bugprone-not-null-terminated-result)
}

static void test_linux_image(void **state)
{
	struct fixture *f = *state;
	struct loaded_image img;
	uint8_t buf[256];

	make_image(buf, sizeof(buf), 0x200000, 0x10000);
	write_file(f, buf, sizeof(buf));
	assert_int_equal(
	    boot_load_image(f->as, f->path, RAM_BASE + 0x200000, &img, f->err, sizeof(f->err)), 0);
	assert_int_equal(img.format, IMAGE_RISCV_LINUX);
	assert_int_equal(img.entry, RAM_BASE + 0x200000);
	assert_int_equal(img.start, RAM_BASE + 0x200000);
	assert_int_equal(img.end, RAM_BASE + 0x200000 + 0x10000); /* image_size, not file size */
	assert_memory_equal(ram(f, RAM_BASE + 0x200000), buf, sizeof(buf));
}

static void test_linux_image_text_offset_raises_load_address(void **state)
{
	struct fixture *f = *state;
	struct loaded_image img;
	uint8_t buf[128];

	make_image(buf, sizeof(buf), 0x200000, 0);
	write_file(f, buf, sizeof(buf));
	assert_int_equal(boot_load_image(f->as, f->path, RAM_BASE, &img, f->err, sizeof(f->err)),
			 0);
	assert_int_equal(img.start, RAM_BASE + 0x200000);
	assert_int_equal(img.end, RAM_BASE + 0x200000 + sizeof(buf)); /* image_size 0: file */
}

static void test_linux_image_too_big(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[128];
	int ret;

	make_image(buf, sizeof(buf), 0x200000, 8ull << 20); /* 8 MiB image, 4 MiB RAM */
	write_file(f, buf, sizeof(buf));
	ret = boot_load_image(f->as, f->path, RAM_BASE + 0x200000, NULL, f->err, sizeof(f->err));
	assert_int_equal(ret, -ENOSPC);
	assert_non_null(strstr(f->err, f->path));
	assert_true(ram_untouched(f));
}

struct elf_file {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[2];
	uint8_t text[16];
	uint8_t data[8];
};

static void make_elf(struct elf_file *e)
{
	memset(e, 0, sizeof(*e));
	memcpy(e->eh.e_ident, ELFMAG, SELFMAG);
	e->eh.e_ident[EI_CLASS] = ELFCLASS64;
	e->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	e->eh.e_ident[EI_VERSION] = EV_CURRENT;
	e->eh.e_type = ET_EXEC;
	e->eh.e_machine = EM_RISCV;
	e->eh.e_version = EV_CURRENT;
	e->eh.e_entry = 0xffffffff80000004ull; /* virtual, inside segment 0 */
	e->eh.e_phoff = offsetof(struct elf_file, ph);
	e->eh.e_ehsize = sizeof(Elf64_Ehdr);
	e->eh.e_phentsize = sizeof(Elf64_Phdr);
	e->eh.e_phnum = 2;
	e->ph[0] = (Elf64_Phdr){.p_type = PT_LOAD,
				.p_offset = offsetof(struct elf_file, text),
				.p_vaddr = 0xffffffff80000000ull,
				.p_paddr = RAM_BASE + 0x10000,
				.p_filesz = 16,
				.p_memsz = 16};
	e->ph[1] = (Elf64_Phdr){.p_type = PT_LOAD,
				.p_offset = offsetof(struct elf_file, data),
				.p_vaddr = 0xffffffff80001000ull,
				.p_paddr = RAM_BASE + 0x11000,
				.p_filesz = 8,
				.p_memsz = 64};
	memset(e->text, 0x13, sizeof(e->text));
	memset(e->data, 0x77, sizeof(e->data));
}

static void test_elf(void **state)
{
	struct fixture *f = *state;
	struct loaded_image img;
	struct elf_file e;

	make_elf(&e);
	write_file(f, &e, sizeof(e));
	assert_int_equal(boot_load_image(f->as, f->path, RAM_BASE, &img, f->err, sizeof(f->err)),
			 0);
	assert_int_equal(img.format, IMAGE_ELF);
	assert_int_equal(img.entry, RAM_BASE + 0x10004); /* mapped through p_vaddr -> p_paddr */
	assert_int_equal(img.start, RAM_BASE + 0x10000);
	assert_int_equal(img.end, RAM_BASE + 0x11040);
	assert_memory_equal(ram(f, RAM_BASE + 0x10000), e.text, 16);
	assert_memory_equal(ram(f, RAM_BASE + 0x11000), e.data, 8);
	for (unsigned i = 8; i < 64; i++) /* .bss zeroed */
		assert_int_equal(*ram(f, RAM_BASE + 0x11000 + i), 0);
	assert_int_equal(*ram(f, RAM_BASE + 0x11040), 0xaa);
}

static void expect_elf_error(struct fixture *f, const void *data, size_t len, const char *what)
{
	int ret;

	write_file(f, data, len);
	ret = boot_load_image(f->as, f->path, RAM_BASE, NULL, f->err, sizeof(f->err));
	assert_true(ret < 0);
	assert_non_null(strstr(f->err, f->path));
	if (!strstr(f->err, what))
		fail_msg("error '%s' does not mention '%s'", f->err, what);
	assert_true(ram_untouched(f));
}

static void test_elf_bad_machine(void **state)
{
	struct elf_file e;

	make_elf(&e);
	e.eh.e_machine = EM_X86_64;
	expect_elf_error(*state, &e, sizeof(e), "not RISC-V");
}

static void test_elf_32bit(void **state)
{
	struct elf_file e;

	make_elf(&e);
	e.eh.e_ident[EI_CLASS] = ELFCLASS32;
	expect_elf_error(*state, &e, sizeof(e), "64-bit");
}

static void test_elf_truncated(void **state)
{
	struct elf_file e;

	make_elf(&e);
	/* header only: program headers missing */
	expect_elf_error(*state, &e, sizeof(e.eh) + 10, "truncated");
	/* program headers present, segment data cut short */
	expect_elf_error(*state, &e, offsetof(struct elf_file, data) + 4, "truncated");
	/* not even a whole ELF header */
	expect_elf_error(*state, &e, 40, "truncated");
}

static void test_elf_segment_outside_ram(void **state)
{
	struct elf_file e;

	make_elf(&e);
	e.ph[1].p_paddr = RAM_BASE + RAM_SIZE - 16; /* 64 bytes of memsz run past the end */
	expect_elf_error(*state, &e, sizeof(e), "RAM");
	make_elf(&e);
	e.ph[0].p_paddr = 0x1000; /* below RAM */
	expect_elf_error(*state, &e, sizeof(e), "RAM");
}

static void test_missing_and_empty_files(void **state)
{
	struct fixture *f = *state;
	int ret;

	ret = boot_load_image(f->as, "/nonexistent/fvp-image", RAM_BASE, NULL, f->err,
			      sizeof(f->err));
	assert_int_equal(ret, -ENOENT);
	assert_non_null(strstr(f->err, "/nonexistent/fvp-image"));
	write_file(f, "", 0);
	ret = boot_load_image(f->as, f->path, RAM_BASE, NULL, f->err, sizeof(f->err));
	assert_true(ret < 0);
	assert_non_null(strstr(f->err, "empty"));
	ret = boot_load_image(f->as, "/tmp", RAM_BASE, NULL, f->err, sizeof(f->err));
	assert_true(ret < 0);
	assert_true(ram_untouched(f));
}

static void test_load_file_bound(void **state)
{
	struct fixture *f = *state;
	void *data;
	size_t len;

	write_file(f, "0123456789", 10);
	assert_int_equal(load_file(f->path, 9, &data, &len, f->err, sizeof(f->err)), -EFBIG);
	assert_null(data);
	assert_int_equal(load_file(f->path, 10, &data, &len, f->err, sizeof(f->err)), 0);
	assert_int_equal(len, 10);
	assert_memory_equal(data, "0123456789", 10);
	free(data);
}

static void test_file_size(void **state)
{
	struct fixture *f = *state;

	write_file(f, "initrd!", 7);
	assert_int_equal(boot_file_size(f->path, f->err, sizeof(f->err)), 7);
	write_file(f, "", 0);
	assert_int_equal(boot_file_size(f->path, f->err, sizeof(f->err)), -EINVAL);
	assert_non_null(strstr(f->err, "not a non-empty regular file"));
	assert_int_equal(boot_file_size("/tmp", f->err, sizeof(f->err)), -EINVAL);
	assert_int_equal(boot_file_size("/nonexistent/initrd", f->err, sizeof(f->err)), -ENOENT);
	assert_non_null(strstr(f->err, "/nonexistent/initrd: cannot open"));
}

static void test_blob(void **state)
{
	struct fixture *f = *state;
	uint64_t size = 0;

	write_file(f, "initrd!", 7);
	assert_int_equal(
	    boot_load_blob(f->as, f->path, RAM_BASE + 0x300000, &size, f->err, sizeof(f->err)), 0);
	assert_int_equal(size, 7);
	assert_memory_equal(ram(f, RAM_BASE + 0x300000), "initrd!", 7);
	assert_true(boot_load_blob(f->as, f->path, RAM_BASE + RAM_SIZE - 3, &size, f->err,
				   sizeof(f->err)) < 0);
	assert_non_null(strstr(f->err, "RAM"));
	assert_int_equal(*ram(f, RAM_BASE + RAM_SIZE - 3), 0xaa);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_raw, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_raw_too_large_for_ram, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_linux_image, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_linux_image_text_offset_raises_load_address, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_linux_image_too_big, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_bad_machine, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_32bit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_truncated, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_segment_outside_ram, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_and_empty_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_file_bound, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_size, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_blob, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
