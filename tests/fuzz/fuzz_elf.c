/*
 * fuzz_elf.c - libFuzzer target for the ELF loader (src/boot/loader.c):
 * the input is an ELF file, loaded from memory under the rules of both
 * boards (riscv64: RAM at 0x8000_0000, nothing reserved; x86-64: RAM at 0
 * with the boot structures' ranges reserved, as the microvm board has
 * them), and searched for the Xen PVH entry note.
 *
 * Invariants checked (by ASan/UBSan and by assertions): the loader returns
 * 0 or a negative errno with a message; a refused file leaves guest RAM
 * untouched; an accepted one has its entry point inside its loaded span and
 * every PT_LOAD segment's file bytes at its physical address; a note found
 * lies inside the file.
 *
 * Seeds (corpus-elf/, make-seeds.py): small riscv64 and x86-64 executables
 * (one or two segments, .bss, virtual or physical entry, a PVH note).
 */
#include <assert.h>
#include <elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "boot/loader.h"
#include "core/log.h"

#define RV_RAM_BASE  0x80000000ull
#define RV_RAM_SIZE  0x10000ull
#define X86_RAM_SIZE 0x40000ull
#define FILL	     0xa5

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct boot_range x86_reserved[] = {
    {0x500, 0x600, "the boot GDT"},
    {0x7000, 0x8000, "the boot parameters"},
    {0x9000, 0xf000, "the boot page tables"},
    {0x20000, 0x30000, "the kernel command line"},
};

static const struct boot_rules rules[] = {
    {.elf_machine = EM_RISCV, .isa = "RISC-V"},
    {.elf_machine = EM_X86_64,
     .isa = "x86-64",
     .reserved = x86_reserved,
     .nreserved = ARRAY_SIZE(x86_reserved)},
};

static struct address_space *as;
static uint8_t *rv_ram, *x86_ram, *fill;

static void setup_once(void)
{
	log_threshold = LOG_ERROR;
	as = as_create();
	if (!as || as_add_ram(as, RV_RAM_BASE, RV_RAM_SIZE) || as_add_ram(as, 0, X86_RAM_SIZE))
		abort();
	rv_ram = as_ram_ptr(as, RV_RAM_BASE, RV_RAM_SIZE);
	x86_ram = as_ram_ptr(as, 0, X86_RAM_SIZE);
	fill = malloc(X86_RAM_SIZE);
	if (!rv_ram || !x86_ram || !fill)
		abort();
	memset(fill, FILL, X86_RAM_SIZE);
	memset(rv_ram, FILL, RV_RAM_SIZE);
	memset(x86_ram, FILL, X86_RAM_SIZE);
}

static bool ram_untouched(void)
{
	return !memcmp(rv_ram, fill, RV_RAM_SIZE) && !memcmp(x86_ram, fill, X86_RAM_SIZE);
}

/* An accepted file: every loadable segment lies in RAM inside the loaded span; the last one
 * (segments may overlap: it wrote last) has its file bytes at its physical address. */
static void check_loaded(const uint8_t *data, const struct loaded_image *img)
{
	Elf64_Phdr ph, last = {0};
	Elf64_Ehdr eh;

	assert(img->format == IMAGE_ELF && img->start < img->end);
	assert(img->entry >= img->start && img->entry < img->end);
	memcpy(&eh, data, sizeof(eh));
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		memcpy(&ph, data + eh.e_phoff + (size_t)i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		assert(as_ram_ptr(as, ph.p_paddr, ph.p_memsz));
		assert(ph.p_paddr >= img->start && ph.p_paddr + ph.p_memsz <= img->end);
		last = ph;
	}
	assert(last.p_memsz);
	assert(!memcmp(as_ram_ptr(as, last.p_paddr, last.p_memsz), data + last.p_offset,
		       last.p_filesz));
	memset(rv_ram, FILL, RV_RAM_SIZE);
	memset(x86_ram, FILL, X86_RAM_SIZE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so ASan sees any read past the end. */
	uint8_t *copy = malloc(size ? size : 1);
	const uint8_t *desc;
	uint32_t descsz;

	if (!as)
		setup_once();
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	for (unsigned r = 0; r < ARRAY_SIZE(rules); r++) {
		struct loaded_image img = {0};
		char err[160] = "";
		int ret =
		    boot_load_elf(as, "fuzz.elf", copy, size, &rules[r], &img, err, sizeof(err));

		assert(ret <= 0);
		if (ret) {
			assert(err[0] && ram_untouched());
			continue;
		}
		check_loaded(copy, &img);
	}
	if (!boot_elf_find_note(copy, size, "Xen", 18, &desc, &descsz))
		assert(desc >= copy && descsz <= size && desc - copy <= (ptrdiff_t)(size - descsz));
	free(copy);
	return 0;
}
