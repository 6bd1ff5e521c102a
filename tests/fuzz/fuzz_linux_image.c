/*
 * fuzz_linux_image.c - libFuzzer target for the riscv64 board's kernel
 * loading: the input is the --kernel file (read from an in-memory file),
 * loaded by boot_load_image under the virt board's rules, so a Linux Image
 * header goes through the format's match and place hooks
 * (src/arch/riscv64/linux_image.c) and the loader's checks, and anything
 * else through the ELF or raw paths.
 *
 * Invariants checked (by ASan/UBSan and by assertions): a refused file
 * leaves guest RAM untouched; an accepted Linux Image sits at or above the
 * load address, spans at least the file, lies in RAM clear of the reserved
 * range and holds the file's bytes; a raw file sits at the load address.
 *
 * Seeds (corpus-image/, make-seeds.py): Image headers with either magic,
 * with and without text_offset and image_size.
 */
#include <assert.h>
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "arch/riscv64/linux_image.h"
#include "core/log.h"
#include "fuzz_file.h"

#define RAM_BASE  0x80000000ull
#define RAM_SIZE  0x80000ull
#define LOAD_ADDR (RAM_BASE + 0x10000)
#define FILL	  0xa5

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Like the virt board's device tree at the top of RAM. */
static const struct boot_range reserved[] = {
    {RAM_BASE + RAM_SIZE - 0x1000, RAM_BASE + RAM_SIZE, "the device tree"},
};

static const struct boot_rules rules = {
    .elf_machine = EM_RISCV,
    .isa = "RISC-V",
    .kernel = &rv64_linux_image,
    .reserved = reserved,
    .nreserved = ARRAY_SIZE(reserved),
};

static struct address_space *as;
static uint8_t *ram, *fill;

static void setup_once(void)
{
	log_threshold = LOG_ERROR;
	as = as_create();
	if (!as || as_add_ram(as, RAM_BASE, RAM_SIZE))
		abort();
	ram = as_ram_ptr(as, RAM_BASE, RAM_SIZE);
	fill = malloc(RAM_SIZE);
	if (!ram || !fill)
		abort();
	memset(fill, FILL, RAM_SIZE);
	memset(ram, FILL, RAM_SIZE);
}

static void check_loaded(const uint8_t *data, size_t size, const struct loaded_image *img)
{
	switch (img->format) {
	case IMAGE_KERNEL:
		assert(rv64_linux_image.match(data, size));
		assert(img->start >= LOAD_ADDR && img->entry == img->start);
		assert(img->end > img->start && img->end - img->start >= size);
		assert(as_ram_ptr(as, img->start, img->end - img->start));
		assert(img->end <= reserved[0].start);
		assert(!memcmp(as_ram_ptr(as, img->start, size), data, size));
		break;
	case IMAGE_RAW:
		assert(img->start == LOAD_ADDR && img->entry == LOAD_ADDR);
		assert(img->end == LOAD_ADDR + size);
		assert(!memcmp(as_ram_ptr(as, LOAD_ADDR, size), data, size));
		break;
	case IMAGE_ELF:
		assert(boot_is_elf(data, size));
		break;
	}
	memset(ram, FILL, RAM_SIZE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loaded_image img = {0};
	char err[160] = "";
	int ret;

	if (!as)
		setup_once();
	ret = boot_load_image(as, fuzz_file(0, data, size), LOAD_ADDR, &rules, &img, err,
			      sizeof(err));
	assert(ret <= 0);
	if (ret)
		assert(err[0] && !memcmp(ram, fill, RAM_SIZE));
	else
		check_loaded(data, size, &img);
	return 0;
}
