/*
 * fuzz_bzimage.c - libFuzzer target for the x86-64 microvm board's boot
 * loading (src/arch/x86_64/x86_boot.c): a bzImage through the Linux boot
 * protocol, an x86-64 ELF with or without a PVH note, and the initrd placed
 * above either, with the boot parameters or PVH start info, the MP table,
 * GDT and page tables written as for a real VM.
 *
 * Input: byte 0 picks the RAM size (17 + b % 48 MiB), byte 1 the options
 * (bit 0 an --initrd, bit 1 an --append string, bits 2-6 the vCPU count
 * minus one), bytes 2-3 the initrd's length n (little-endian; only with
 * bit 0); then n bytes of initrd and the rest is the --kernel file. Both
 * files are in-memory files.
 *
 * Invariants checked (by ASan/UBSan and by assertions): 0 or a negative
 * errno; an accepted bzImage is entered at 0x100200 with rsi pointing at
 * boot_params that name FVP's loader and the command line, and its initrd
 * lies page-aligned above the kernel's unpacked end, below RAM's end and
 * the kernel's initrd_addr_max, holding the file's bytes.
 *
 * Seeds (corpus-bzimage/, make-seeds.py): bzImage headers of protocol 2.06
 * to 2.15, with and without an initrd, and x86-64 ELF files.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "arch/x86_64/board_x86.h"
#include "core/log.h"
#include "fuzz_file.h"

#define RAM_MAX (64ull << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct vm vm;

static void setup_once(void)
{
	log_threshold = LOG_ERROR;
	if (log_open("/dev/null"))
		abort();
	vm.as = as_create();
	if (!vm.as || as_add_ram(vm.as, 0, RAM_MAX))
		abort();
}

static uint32_t get32(uint64_t addr)
{
	uint32_t v;

	assert(!as_read(vm.as, addr, &v, sizeof(v)));
	return v;
}

static void check_bzimage(const struct x86_boot_info *bi, const uint8_t *initrd, size_t n)
{
	uint64_t bp = X86_BOOT_PARAMS_ADDR, start, len, limit = vm.cfg.mem_size;
	uint8_t loader;

	assert(bi->mode == X86_ENTRY_LONG && bi->entry == X86_KERNEL_ADDR + 0x200);
	assert(!as_read(vm.as, bp + 0x210, &loader, 1) && loader == 0xff);
	assert(get32(bp + 0x228) == X86_CMDLINE_ADDR);
	assert(get32(bp + 0x70) == X86_ACPI_ADDR && get32(bp + 0x74) == 0); /* acpi_rsdp_addr */
	if (!vm.cfg.initrd)
		return;
	start = get32(bp + 0x218) | (uint64_t)get32(bp + 0xc0) << 32;
	len = get32(bp + 0x21c) | (uint64_t)get32(bp + 0xc4) << 32;
	if ((uint64_t)get32(bp + 0x22c) + 1 > 1 && (uint64_t)get32(bp + 0x22c) + 1 < limit)
		limit = (uint64_t)get32(bp + 0x22c) + 1;
	assert(len == n && start % PAGE_SIZE == 0);
	assert(start >= bi->image_end && start + len <= limit);
	assert(!memcmp(as_ram_ptr(vm.as, start, len), initrd, n));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct x86_boot_info bi = {.cmdline_extra = " console=ttyS0"};
	const uint8_t *initrd = NULL;
	size_t n = 0;
	int ret;

	if (!vm.as)
		setup_once();
	if (size < 4)
		return 0;
	vm.cfg.mem_size = (17ull + data[0] % 48) << 20;
	vm.cfg.append = data[1] & 2 ? "root=/dev/vda rw" : NULL;
	vm.ncpus = 1 + (data[1] >> 2 & 31);
	vm.cfg.initrd = NULL;
	if (data[1] & 1) {
		n = (size_t)(data[2] | data[3] << 8);
		if (n > size - 4)
			n = size - 4;
		initrd = data + 4;
		vm.cfg.initrd = fuzz_file(1, initrd, n);
	}
	vm.cfg.kernel = fuzz_file(0, data + 4 + n, size - 4 - n);
	ret = x86_boot_load(&vm, &bi);
	assert(ret <= 0);
	if (!ret && bi.rsi)
		check_bzimage(&bi, initrd, n);
	if (!ret && !bi.rsi)
		assert(bi.mode == X86_ENTRY_PVH || !vm.cfg.initrd);
	return 0;
}
