/*
 * test_loader.c - boot image loading under a board's rules: raw binaries, a
 * board's kernel format (a toy one here; the RISC-V Linux Image has its own
 * test in tests/unit/riscv64), ELF validation (class, machine, truncation,
 * segments outside RAM or on a reserved range) with .bss zeroing and
 * virtual- or physical-entry mapping, ELF notes, initrd blobs and their
 * placement, and that a failed load leaves RAM untouched.
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

/* A toy kernel format: "TOY!", then a 32-bit offset from the load address and a 32-bit size
 * in RAM (little-endian); the entry is 16 bytes into the image. */
static const uint8_t toy_magic[4] = {'T', 'O', 'Y', '!'};

static bool toy_match(const uint8_t *data, size_t len)
{
	return len >= 12 && !memcmp(data, toy_magic, sizeof(toy_magic));
}

static int toy_place(struct address_space *as, const uint8_t *data, size_t len, uint64_t load_addr,
		     struct loaded_image *out)
{
	uint32_t offset, size;

	if (!as_find_ram(as, load_addr))
		return -ENOSPC;
	memcpy(&offset, data + 4, 4);
	memcpy(&size, data + 8, 4);
	out->start = load_addr + offset;
	out->entry = out->start + 16;
	out->end = out->start + (size > len ? size : len);
	return 0;
}

static const struct boot_kernel_format toy_format = {
    .name = "toy kernel",
    .match = toy_match,
    .place = toy_place,
};

#define RESERVED_START (RAM_BASE + 0x20000)

static const struct boot_range reserved[] = {
    {RESERVED_START, RESERVED_START + 0x1000, "the test tables"},
};

static const struct boot_rules rules = {
    .elf_machine = EM_RISCV,
    .isa = "RISC-V",
    .kernel = &toy_format,
    .reserved = reserved,
    .nreserved = ARRAY_SIZE(reserved),
};

static int load(struct fixture *f, uint64_t addr, struct loaded_image *img)
{
	return boot_load_image(f->as, f->path, addr, &rules, img, f->err, sizeof(f->err));
}

static void test_raw(void **state)
{
	struct fixture *f = *state;
	struct loaded_image img;
	const uint8_t data[5] = {1, 2, 3, 4, 5};

	write_file(f, data, sizeof(data));
	assert_int_equal(load(f, RAM_BASE + 0x1000, &img), 0);
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
	ret = load(f, RAM_BASE + (3 << 20), NULL);
	assert_true(ret < 0);
	assert_non_null(strstr(f->err, f->path));
	assert_non_null(strstr(f->err, "RAM"));
	assert_true(ram_untouched(f));
}

static void make_toy(uint8_t *buf, size_t len, uint32_t offset, uint32_t size)
{
	memset(buf, 0x11, len);
	memcpy(buf, toy_magic, sizeof(toy_magic));
	memcpy(buf + 4, &offset, 4);
	memcpy(buf + 8, &size, 4);
}

static void test_kernel_format(void **state)
{
	struct fixture *f = *state;
	struct loaded_image img;
	uint8_t buf[256];

	make_toy(buf, sizeof(buf), 0x2000, 0x10000);
	write_file(f, buf, sizeof(buf));
	assert_int_equal(load(f, RAM_BASE + 0x100000, &img), 0);
	assert_int_equal(img.format, IMAGE_KERNEL);
	assert_int_equal(img.entry, RAM_BASE + 0x102010);
	assert_int_equal(img.start, RAM_BASE + 0x102000);
	assert_int_equal(img.end, RAM_BASE + 0x102000 + 0x10000); /* its size, not the file's */
	assert_memory_equal(ram(f, RAM_BASE + 0x102000), buf, sizeof(buf));
}

static void test_kernel_format_errors(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[128];

	make_toy(buf, sizeof(buf), 0, 8u << 20); /* 8 MiB in 4 MiB of RAM */
	write_file(f, buf, sizeof(buf));
	assert_int_equal(load(f, RAM_BASE, NULL), -ENOSPC);
	assert_non_null(strstr(f->err, f->path));
	assert_non_null(strstr(f->err, "toy kernel"));
	assert_non_null(strstr(f->err, "increase --mem"));
	make_toy(buf, sizeof(buf), 0, 0);
	write_file(f, buf, sizeof(buf));
	assert_int_equal(load(f, 0x1000, NULL), -ENOSPC); /* the load address is not RAM */
	assert_non_null(strstr(f->err, "not in RAM"));
	make_toy(buf, sizeof(buf), 0x20000, 0); /* onto the reserved range */
	write_file(f, buf, sizeof(buf));
	assert_int_equal(load(f, RAM_BASE, NULL), -ENOEXEC);
	assert_non_null(strstr(f->err, "overlaps the test tables"));
	assert_true(ram_untouched(f));
}

static void test_kernel_format_needs_rules(void **state)
{
	static const struct boot_rules no_kernel = {.elf_machine = EM_RISCV, .isa = "RISC-V"};
	struct fixture *f = *state;
	struct loaded_image img;
	uint8_t buf[64];

	make_toy(buf, sizeof(buf), 0x2000, 0);
	write_file(f, buf, sizeof(buf));
	assert_int_equal(
	    boot_load_image(f->as, f->path, RAM_BASE, &no_kernel, &img, f->err, sizeof(f->err)), 0);
	assert_int_equal(img.format, IMAGE_RAW); /* a board without the format loads raw bytes */
	assert_int_equal(img.start, RAM_BASE);
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
	assert_int_equal(load(f, RAM_BASE, &img), 0);
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
	ret = load(f, RAM_BASE, NULL);
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

static void test_elf_reserved_range(void **state)
{
	struct elf_file e;

	make_elf(&e);
	e.ph[1].p_paddr = RESERVED_START - 0x20; /* .bss runs onto the reserved range */
	expect_elf_error(*state, &e, sizeof(e), "ELF segment 1");
	expect_elf_error(*state, &e, sizeof(e), "overlaps the test tables");
}

static void test_elf_physical_entry(void **state)
{
	struct fixture *f = *state;
	struct loaded_image img;
	struct elf_file e;

	make_elf(&e);
	e.eh.e_entry = RAM_BASE + 0x12000; /* in no segment's virtual or physical range */
	expect_elf_error(f, &e, sizeof(e), "outside every loadable segment");
	e.eh.e_entry = RAM_BASE + 0x11008; /* no segment's virtual range: segment 1's physical */
	write_file(f, &e, sizeof(e));
	assert_int_equal(load(f, RAM_BASE, &img), 0);
	assert_int_equal(img.entry, RAM_BASE + 0x11008);
}

/* boot_load_elf on a file already in memory, under another board's machine. */
static void test_elf_machine_of_the_rules(void **state)
{
	static const struct boot_rules x86 = {.elf_machine = EM_X86_64, .isa = "x86-64"};
	struct fixture *f = *state;
	struct loaded_image img;
	struct elf_file e;

	make_elf(&e);
	assert_int_equal(
	    boot_load_elf(f->as, "vmlinux", &e, sizeof(e), &x86, &img, f->err, sizeof(f->err)),
	    -ENOEXEC);
	assert_string_equal(f->err, "vmlinux: ELF machine 243 is not x86-64 (62)");
	assert_true(ram_untouched(f));
	e.eh.e_machine = EM_X86_64;
	assert_int_equal(
	    boot_load_elf(f->as, "vmlinux", &e, sizeof(e), &x86, &img, f->err, sizeof(f->err)), 0);
	assert_int_equal(img.entry, RAM_BASE + 0x10004);
	assert_memory_equal(ram(f, RAM_BASE + 0x10000), e.text, 16);
}

/* An ELF with one PT_NOTE segment holding a "GNU" note of type 3 and a "Xen" note of type 18
 * whose 8-byte descriptor the segment leaves 4 bytes short of. */
struct note_file {
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	uint32_t notes[11];
};

static void make_note_file(struct note_file *n)
{
	static const uint32_t notes[11] = {4, 4, 3, 0, 0xdeadbeef, 4, 8, 18, 0, 0x12345, 0};

	memset(n, 0, sizeof(*n));
	memcpy(n->eh.e_ident, ELFMAG, SELFMAG);
	n->eh.e_ident[EI_CLASS] = ELFCLASS64;
	n->eh.e_phoff = offsetof(struct note_file, ph);
	n->eh.e_phentsize = sizeof(Elf64_Phdr);
	n->eh.e_phnum = 1;
	n->ph = (Elf64_Phdr){.p_type = PT_NOTE,
			     .p_offset = offsetof(struct note_file, notes),
			     .p_filesz = sizeof(n->notes) - 4}; /* cuts the Xen descriptor short */
	memcpy(n->notes, notes, sizeof(notes));
	memcpy(&n->notes[3], "GNU", 4);
	memcpy(&n->notes[8], "Xen", 4);
}

static void test_elf_find_note(void **state)
{
	struct note_file n;
	const uint8_t *desc = NULL;
	uint32_t descsz = 0, v;

	make_note_file(&n);
	n.ph.p_filesz += 4;
	assert_int_equal(boot_elf_find_note(&n, sizeof(n), "Xen", 18, &desc, &descsz), 0);
	assert_int_equal(descsz, 8);
	memcpy(&v, desc, 4);
	assert_int_equal(v, 0x12345);
	assert_int_equal(boot_elf_find_note(&n, sizeof(n), "GNU", 3, &desc, &descsz), 0);
	assert_int_equal(descsz, 4);
	assert_int_equal(boot_elf_find_note(&n, sizeof(n), "Xen", 17, &desc, &descsz), -ENOENT);
	assert_int_equal(boot_elf_find_note(&n, sizeof(n), "Xe", 18, &desc, &descsz), -ENOENT);
	/* a descriptor running past its segment, a segment past the file, not an ELF file */
	make_note_file(&n);
	assert_int_equal(boot_elf_find_note(&n, sizeof(n), "Xen", 18, &desc, &descsz), -ENOENT);
	assert_int_equal(boot_elf_find_note(&n, offsetof(struct note_file, notes) + 16, "GNU", 3,
					    &desc, &descsz),
			 -ENOENT);
	assert_int_equal(boot_elf_find_note("RSC", 4, "Xen", 18, &desc, &descsz), -ENOENT);
}

static void test_missing_and_empty_files(void **state)
{
	struct fixture *f = *state;
	int ret;

	ret = boot_load_image(f->as, "/nonexistent/fvp-image", RAM_BASE, &rules, NULL, f->err,
			      sizeof(f->err));
	assert_int_equal(ret, -ENOENT);
	assert_non_null(strstr(f->err, "/nonexistent/fvp-image"));
	write_file(f, "", 0);
	ret = load(f, RAM_BASE, NULL);
	assert_true(ret < 0);
	assert_non_null(strstr(f->err, "empty"));
	ret = boot_load_image(f->as, "/tmp", RAM_BASE, &rules, NULL, f->err, sizeof(f->err));
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

static void test_place_initrd(void **state)
{
	static const struct boot_range fdt[] = {{0x2200000, 0x2210000, "the firmware's FDT"}};
	static const struct boot_range two[] = {{0xe000, 0x10000, "a"}, {0xc800, 0xe000, "b"}};
	uint64_t at = 0;

	/* As high as it fits, page-aligned: x86-64's top of low RAM, above the kernel. */
	assert_int_equal(boot_place_initrd(0x1800, 0x100000, 0x9fc00, NULL, 0, &at), -ENOSPC);
	assert_int_equal(boot_place_initrd(0x1800, 0x1000, 0x9fc00, NULL, 0, &at), 0);
	assert_int_equal(at, 0x9e000);
	/* riscv64: below the device tree; moved below the firmware's copy it would cover. */
	assert_int_equal(boot_place_initrd(0x5000, 0x200000, 0xfff0000, fdt, 1, &at), 0);
	assert_int_equal(at, 0xffeb000);
	assert_int_equal(boot_place_initrd(0x5000, 0x200000, 0x2212000, fdt, 1, &at), 0);
	assert_int_equal(at, 0x21fb000);
	assert_int_equal(boot_place_initrd(0x5000, 0x21fc000, 0x2212000, fdt, 1, &at), -ENOSPC);
	/* Moving below one range may land on another: below both. */
	assert_int_equal(boot_place_initrd(0x1000, 0, 0x10000, two, 2, &at), 0);
	assert_int_equal(at, 0xb000);
	/* Exactly fits; one byte more does not; nothing wraps around. */
	assert_int_equal(boot_place_initrd(0x2000, 0x4000, 0x6000, NULL, 0, &at), 0);
	assert_int_equal(at, 0x4000);
	assert_int_equal(boot_place_initrd(0x2001, 0x4000, 0x6000, NULL, 0, &at), -ENOSPC);
	assert_int_equal(boot_place_initrd(UINT64_MAX, 0, 0x6000, NULL, 0, &at), -ENOSPC);
	assert_int_equal(boot_place_initrd(0x1000, 0x7000, 0x6000, NULL, 0, &at), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_raw, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_raw_too_large_for_ram, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kernel_format, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kernel_format_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kernel_format_needs_rules, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_bad_machine, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_32bit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_truncated, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_segment_outside_ram, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_reserved_range, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_physical_entry, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_machine_of_the_rules, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_elf_find_note, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_and_empty_files, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_load_file_bound, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_size, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_blob, setup, teardown),
	    cmocka_unit_test(test_place_initrd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
