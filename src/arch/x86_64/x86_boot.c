/*
 * x86_boot.c - boot images and boot-time tables of the x86_64 microvm board.
 *
 * Kernel formats: a bzImage through the Linux x86 boot protocol (64-bit
 * entry at load address + 0x200, rsi = boot_params); an x86-64 ELF with a
 * PVH note (XEN_ELFNOTE_PHYS32_ENTRY: Linux's vmlinux) entered in 32-bit
 * protected mode without paging, ebx = hvm_start_info (version 1, with the
 * memory map; --initrd is module 0); any other x86-64 ELF executable (tests,
 * bare-metal programs) entered at its entry point in long mode. The long-mode
 * entries share one CPU state: the boot GDT and an identity map of the first
 * 4 GiB with 2 MiB pages (see board_x86.h). ELF files go through the shared
 * loader (boot/loader.h), which keeps their segments out of the boot
 * structures' ranges; the PVH note is read here.
 *
 * The MP table stays beside the ACPI tables: Linux uses the MADT when both
 * are there, and the MP table when ACPI is off (acpi=off) or absent.
 *
 * Invariants: every file is validated before anything is written to guest
 * RAM; the boot structures are written after the images, and an image
 * overlapping them is refused.
 */
#include <errno.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include "arch/x86_64/board_x86.h"
#include "boot/loader.h"
#include "core/log.h"

#define X86_KERNEL_MAX_FILE (512ull << 20)

/* Boot protocol offsets (Documentation/arch/x86/boot.rst, zero page). */
#define BP_ACPI_RSDP_ADDR    0x070
#define BP_EXT_RAMDISK_IMAGE 0x0c0
#define BP_EXT_RAMDISK_SIZE  0x0c4
#define BP_EXT_CMD_LINE_PTR  0x0c8
#define BP_E820_ENTRIES	     0x1e8
#define BP_SETUP_SECTS	     0x1f1
#define BP_VID_MODE	     0x1fa
#define BP_BOOT_FLAG	     0x1fe
#define BP_JUMP		     0x200
#define BP_HEADER	     0x202
#define BP_VERSION	     0x206
#define BP_TYPE_OF_LOADER    0x210
#define BP_LOADFLAGS	     0x211
#define BP_RAMDISK_IMAGE     0x218
#define BP_RAMDISK_SIZE	     0x21c
#define BP_HEAP_END_PTR	     0x224
#define BP_CMD_LINE_PTR	     0x228
#define BP_INITRD_ADDR_MAX   0x22c
#define BP_XLOADFLAGS	     0x236
#define BP_CMDLINE_SIZE	     0x238
#define BP_INIT_SIZE	     0x260
#define BP_E820_TABLE	     0x2d0
#define BP_E820_MAX	     128
#define BP_SIZE		     0x1000

/* PVH boot (Xen's arch-x86/hvm/start_info.h, version 1). */
#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define HVM_START_MAGIC		 0x336ec578
#define HVM_START_INFO_SIZE	 56
#define HVM_RSDP_PADDR		 32
#define HVM_MODLIST_ENTRY_SIZE	 32
#define HVM_MEMMAP_ENTRY_SIZE	 24
#define X86_PVH_MODLIST_ADDR	 (X86_BOOT_PARAMS_ADDR + 0x40)
#define X86_PVH_MEMMAP_ADDR	 (X86_BOOT_PARAMS_ADDR + 0x80)

#define LOADED_HIGH   0x01
#define CAN_USE_HEAP  0x80
#define XLF_KERNEL_64 0x01

/* The decompressor of a relocatable kernel moves itself to at least CONFIG_PHYSICAL_START. */
#define X86_LINUX_PHYS_START 0x1000000ull

enum e820_type { E820_RAM = 1, E820_RESERVED = 2, E820_ACPI = 3 };

struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	for (unsigned i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t x86_low_ram_end(const struct vm *vm)
{
	return vm->cfg.mem_size < X86_MMIO_GAP ? vm->cfg.mem_size : X86_MMIO_GAP;
}

static unsigned x86_e820(const struct vm *vm, struct e820_entry *e)
{
	uint64_t low_end = x86_low_ram_end(vm);
	unsigned n = 0;

	e[n++] = (struct e820_entry){0, X86_LOW_RAM_END, E820_RAM};
	e[n++] = (struct e820_entry){X86_LOW_RAM_END, 0xa0000 - X86_LOW_RAM_END, E820_RESERVED};
	e[n++] = (struct e820_entry){X86_ACPI_ADDR, X86_ACPI_SIZE, E820_ACPI};
	e[n++] = (struct e820_entry){X86_BIOS_AREA, X86_HIGH_RAM - X86_BIOS_AREA, E820_RESERVED};
	e[n++] = (struct e820_entry){X86_HIGH_RAM, low_end - X86_HIGH_RAM, E820_RAM};
	if (vm->cfg.mem_size > X86_MMIO_GAP)
		e[n++] = (struct e820_entry){X86_4G, vm->cfg.mem_size - X86_MMIO_GAP, E820_RAM};
	return n;
}

/* Ranges the boot structures own; ELF images must keep out of them. */
static const struct boot_range x86_boot_ranges[] = {
    {X86_GDT_ADDR, X86_GDT_ADDR + 0x100, "the boot GDT"},
    {X86_BOOT_PARAMS_ADDR, X86_BOOT_PARAMS_ADDR + BP_SIZE, "the boot parameters"},
    {X86_PML4_ADDR, X86_PD_ADDR + 4 * PAGE_SIZE, "the boot page tables"},
    {X86_CMDLINE_ADDR, X86_CMDLINE_ADDR + X86_CMDLINE_MAX, "the kernel command line"},
    {X86_MPTABLE_ADDR, 0xa0000, "the MP table"},
    {X86_ACPI_ADDR, X86_ACPI_ADDR + X86_ACPI_SIZE, "the ACPI tables"},
};

static const struct boot_rules x86_elf_rules = {
    .elf_machine = EM_X86_64,
    .isa = "x86-64",
    .reserved = x86_boot_ranges,
    .nreserved = ARRAY_SIZE(x86_boot_ranges),
};

/* An x86-64 ELF at its physical addresses, entered in long mode at its entry point; or, with a
 * PVH note (Xen's PHYS32_ENTRY: 4 or 8 bytes), in 32-bit mode at the note's entry. */
static int x86_load_elf(struct vm *vm, const char *path, const uint8_t *data, size_t len,
			struct x86_boot_info *bi)
{
	struct loaded_image img;
	const uint8_t *desc;
	uint32_t descsz;
	char err[256];
	int ret = boot_load_elf(vm->as, path, data, len, &x86_elf_rules, &img, err, sizeof(err));

	if (ret) {
		log_error("%s", err);
		return ret;
	}
	bi->entry = img.entry;
	bi->rsi = 0;
	bi->image_end = img.end;
	if (!boot_elf_find_note(data, len, "Xen", XEN_ELFNOTE_PHYS32_ENTRY, &desc, &descsz) &&
	    (descsz == 4 || descsz == 8)) {
		bi->entry = get32(desc);
		bi->mode = X86_ENTRY_PVH;
	}
	return 0;
}

/* Load --initrd at the top of low RAM, below ADDR_MAX (0: no limit) and above KERNEL_END.
 * *start and *loaded are 0 unless it returns 0. */
static int x86_load_initrd(struct vm *vm, uint64_t addr_max, uint64_t kernel_end, uint64_t *start,
			   uint64_t *loaded)
{
	uint64_t limit = x86_low_ram_end(vm), at;
	char err[256];
	int64_t size = boot_file_size(vm->cfg.initrd, err, sizeof(err));
	int ret;

	*start = *loaded = 0;
	if (size < 0) {
		log_error("%s", err);
		return (int)size;
	}
	if (addr_max > 1 && addr_max < limit)
		limit = addr_max;
	if (boot_place_initrd((uint64_t)size, kernel_end, limit, NULL, 0, &at)) {
		log_error("%s: %lld bytes do not fit in RAM above the kernel (increase --mem)",
			  vm->cfg.initrd, (long long)size);
		return -ENOSPC;
	}
	ret = boot_load_blob(vm->as, vm->cfg.initrd, at, loaded, err, sizeof(err));
	if (ret) {
		*loaded = 0;
		log_error("%s", err);
		return ret;
	}
	*start = at;
	return 0;
}

/* The kernel command line: --append then the board's options, at X86_CMDLINE_ADDR. */
static int x86_write_cmdline(struct vm *vm, const struct x86_boot_info *bi, uint32_t max)
{
	const char *extra = bi->cmdline_extra ? bi->cmdline_extra : "";
	const char *append = vm->cfg.append ? vm->cfg.append : "";
	size_t len = strlen(append) + strlen(extra);
	char *cmdline;
	int ret;

	if (len >= max || len >= X86_CMDLINE_MAX) {
		log_error("--append: %zu bytes is longer than the kernel accepts (%u)", len,
			  (unsigned)(max < X86_CMDLINE_MAX ? max : X86_CMDLINE_MAX) - 1);
		return -E2BIG;
	}
	cmdline = malloc(len + 1);
	if (!cmdline)
		return -ENOMEM;
	snprintf(cmdline, len + 1, "%s%s", append, extra);
	log_debug("x86_64: kernel command line: %s", cmdline);
	ret = as_write(vm->as, X86_CMDLINE_ADDR, cmdline, len + 1);
	free(cmdline);
	return ret;
}

static int x86_load_bzimage(struct vm *vm, const char *path, const uint8_t *data, size_t len,
			    struct x86_boot_info *bi)
{
	unsigned setup_sects = data[BP_SETUP_SECTS] ? data[BP_SETUP_SECTS] : 4;
	size_t setup_size = (setup_sects + 1) * 512ull;
	size_t hdr_end = BP_JUMP + 2 + data[BP_JUMP + 1];
	uint16_t version = get16(data + BP_VERSION);
	uint64_t init_size, kernel_end, initrd, initrd_size;
	struct e820_entry e820[8];
	uint8_t *bp;
	unsigned n;
	int ret;

	if (get16(data + BP_BOOT_FLAG) != 0xaa55 || version < 0x206) {
		log_error("%s: boot protocol %u.%02u: FVP needs 2.06 or newer", path, version >> 8,
			  version & 0xff);
		return -ENOEXEC;
	}
	if (!(data[BP_LOADFLAGS] & LOADED_HIGH)) {
		log_error("%s: a zImage (loaded low) is not supported: use a bzImage", path);
		return -ENOEXEC;
	}
	if (version >= 0x20c && !(data[BP_XLOADFLAGS] & XLF_KERNEL_64)) {
		log_error("%s: the kernel has no 64-bit entry point (XLF_KERNEL_64)", path);
		return -ENOEXEC;
	}
	if (setup_size >= len || hdr_end > BP_SIZE || hdr_end > len) {
		log_error("%s: truncated bzImage (setup of %zu bytes)", path, setup_size);
		return -ENOEXEC;
	}
	init_size = version >= 0x20a ? get32(data + BP_INIT_SIZE) : 0;
	if (init_size < len - setup_size)
		init_size = len - setup_size;
	kernel_end = X86_LINUX_PHYS_START + init_size;
	if (kernel_end > x86_low_ram_end(vm)) {
		log_error("%s: the kernel needs %llu MiB of RAM to unpack: increase --mem", path,
			  (unsigned long long)(kernel_end >> 20) + 1);
		return -ENOSPC;
	}
	ret = x86_write_cmdline(vm, bi, get32(data + BP_CMDLINE_SIZE));
	if (ret)
		return ret;
	bp = calloc(1, BP_SIZE);
	if (!bp)
		return -ENOMEM;
	memcpy(bp + BP_SETUP_SECTS, data + BP_SETUP_SECTS, hdr_end - BP_SETUP_SECTS);
	put16(bp + BP_VID_MODE, 0xffff);
	bp[BP_TYPE_OF_LOADER] = 0xff;
	bp[BP_LOADFLAGS] |= CAN_USE_HEAP;
	put16(bp + BP_HEAP_END_PTR, 0xfe00);
	put32(bp + BP_CMD_LINE_PTR, (uint32_t)X86_CMDLINE_ADDR);
	put32(bp + BP_EXT_CMD_LINE_PTR, 0);
	put64(bp + BP_ACPI_RSDP_ADDR, X86_ACPI_ADDR);
	n = x86_e820(vm, e820);
	bp[BP_E820_ENTRIES] = (uint8_t)n;
	for (unsigned i = 0; i < n; i++) {
		uint8_t *ent = bp + BP_E820_TABLE + 20 * i;

		put64(ent, e820[i].addr);
		put64(ent + 8, e820[i].size);
		put32(ent + 16, e820[i].type);
	}
	ret = as_write(vm->as, X86_KERNEL_ADDR, data + setup_size, len - setup_size);
	if (!ret && vm->cfg.initrd) {
		ret = x86_load_initrd(vm, (uint64_t)get32(bp + BP_INITRD_ADDR_MAX) + 1, kernel_end,
				      &initrd, &initrd_size);
		put32(bp + BP_RAMDISK_IMAGE, (uint32_t)initrd);
		put32(bp + BP_RAMDISK_SIZE, (uint32_t)initrd_size);
		put32(bp + BP_EXT_RAMDISK_IMAGE, (uint32_t)(initrd >> 32));
		put32(bp + BP_EXT_RAMDISK_SIZE, (uint32_t)(initrd_size >> 32));
	}
	if (!ret)
		ret = as_write(vm->as, X86_BOOT_PARAMS_ADDR, bp, BP_SIZE);
	free(bp);
	if (ret == -EFAULT)
		log_error("%s: the kernel does not fit in RAM: increase --mem", path);
	bi->entry = X86_KERNEL_ADDR + 0x200;
	bi->rsi = X86_BOOT_PARAMS_ADDR;
	bi->image_end = kernel_end;
	return ret;
}

/* PVH: hvm_start_info (version 1) at X86_BOOT_PARAMS_ADDR, the module list (the initrd) and
 * the memory map after it, the command line at X86_CMDLINE_ADDR; ebx points to the first. */
static int x86_write_pvh_start_info(struct vm *vm, struct x86_boot_info *bi)
{
	uint8_t si[HVM_START_INFO_SIZE] = {0}, mod[HVM_MODLIST_ENTRY_SIZE] = {0};
	uint8_t map[8 * HVM_MEMMAP_ENTRY_SIZE] = {0};
	struct e820_entry e820[8];
	unsigned n = x86_e820(vm, e820);
	uint64_t initrd, initrd_size;
	int ret;

	put32(si, HVM_START_MAGIC);
	put32(si + 4, 1);
	put64(si + 16, X86_PVH_MODLIST_ADDR);
	put64(si + 24, X86_CMDLINE_ADDR);
	put64(si + HVM_RSDP_PADDR, X86_ACPI_ADDR);
	put64(si + 40, X86_PVH_MEMMAP_ADDR);
	put32(si + 48, n);
	for (unsigned i = 0; i < n; i++) {
		put64(map + i * HVM_MEMMAP_ENTRY_SIZE, e820[i].addr);
		put64(map + i * HVM_MEMMAP_ENTRY_SIZE + 8, e820[i].size);
		put32(map + i * HVM_MEMMAP_ENTRY_SIZE + 16, e820[i].type);
	}
	ret = x86_write_cmdline(vm, bi, X86_CMDLINE_MAX);
	if (!ret && vm->cfg.initrd) {
		ret = x86_load_initrd(vm, 0, bi->image_end, &initrd, &initrd_size);
		put64(mod, initrd);
		put64(mod + 8, initrd_size);
		put32(si + 12, 1);
	}
	if (!ret)
		ret = as_write(vm->as, X86_PVH_MODLIST_ADDR, mod, sizeof(mod));
	if (!ret)
		ret = as_write(vm->as, X86_PVH_MEMMAP_ADDR, map, n * HVM_MEMMAP_ENTRY_SIZE);
	if (!ret)
		ret = as_write(vm->as, X86_BOOT_PARAMS_ADDR, si, sizeof(si));
	bi->rbx = X86_BOOT_PARAMS_ADDR;
	return ret;
}

static uint8_t checksum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum = (uint8_t)(sum + *p++);
	return (uint8_t)-sum;
}

/* Intel MP specification 1.4 tables: one processor entry per vCPU, the ISA bus, the IOAPIC
 * and ISA IRQ i -> IOAPIC pin i (the in-kernel irqchip's default routing). */
static int x86_write_mptable(struct vm *vm)
{
	uint8_t t[1024] = {0};
	uint8_t *cfg = t + 16, *e = cfg + 44;
	unsigned count = 0;
	uint8_t ioapic_id = (uint8_t)vm->ncpus;

	for (unsigned i = 0; i < vm->ncpus; i++, e += 20, count++) {
		e[0] = 0; /* processor */
		e[1] = (uint8_t)i;
		e[2] = 0x14;
		e[3] = (uint8_t)(1 | (i == 0 ? 2 : 0)); /* enabled, boot processor */
		put32(e + 4, 0x600);			/* family 6 */
		put32(e + 8, 0x201);			/* FPU, APIC */
	}
	e[0] = 1; /* bus */
	memcpy(e + 2, "ISA   ", 6);
	e += 8, count++;
	e[0] = 2; /* IOAPIC */
	e[1] = ioapic_id;
	e[2] = 0x11;
	e[3] = 1;
	put32(e + 4, (uint32_t)X86_IOAPIC_BASE);
	e += 8, count++;
	/* I/O interrupt entries: type, interrupt type (0 INT, 1 NMI, 3 ExtINT), flags (0:
	 * conforming polarity and trigger), source bus 0 (ISA), source IRQ, destination IOAPIC id
	 * (or 0xff: every local APIC) and pin (or LINTIN#) */
	for (unsigned irq = 0; irq < 16; irq++, e += 8, count++) {
		e[0] = 3;
		e[5] = (uint8_t)irq;
		e[6] = ioapic_id;
		e[7] = (uint8_t)irq;
	}
	e[0] = 4, e[1] = 3, e[6] = 0xff, e[7] = 0; /* ExtINT -> every LAPIC's LINT0 */
	e += 8, count++;
	e[0] = 4, e[1] = 1, e[6] = 0xff, e[7] = 1; /* NMI -> LINT1 */
	e += 8, count++;

	memcpy(cfg, "PCMP", 4);
	put16(cfg + 4, (uint16_t)(e - cfg));
	cfg[6] = 4;
	// NOLINTNEXTLINE(bugprone-not-null-terminated-result): fixed-width field, no NUL
	memcpy(cfg + 8, "FVP     ", 8);
	// NOLINTNEXTLINE(bugprone-not-null-terminated-result): fixed-width field, no NUL
	memcpy(cfg + 16, "MICROVM     ", 12);
	put16(cfg + 34, (uint16_t)count);
	put32(cfg + 36, (uint32_t)X86_LAPIC_BASE);
	cfg[7] = checksum(cfg, (size_t)(e - cfg));

	// NOLINTNEXTLINE(bugprone-not-null-terminated-result): a signature, not a string
	memcpy(t, "_MP_", 4);
	put32(t + 4, (uint32_t)(X86_MPTABLE_ADDR + 16));
	t[8] = 1;
	t[9] = 4;
	t[10] = checksum(t, 16);
	if ((size_t)(e - t) > sizeof(t) || (uint64_t)(e - t) > 0xa0000 - X86_MPTABLE_ADDR)
		return -E2BIG;
	return as_write(vm->as, X86_MPTABLE_ADDR, t, (uint64_t)(e - t));
}

/* The ACPI tables (acpi_x86.c) at X86_ACPI_ADDR, where boot_params and the PVH start info
 * point; a legacy scan of 0xe0000-0xfffff finds the RSDP there too. */
static int x86_write_acpi(struct vm *vm)
{
	struct acpi_tables *t = x86_acpi_build(vm->ncpus, vm->cfg.nvirtio);
	int ret;

	if (!t)
		return -ENOMEM; /* logged */
	ret = as_write(vm->as, X86_ACPI_ADDR, acpi_tables_data(t), acpi_tables_size(t));
	acpi_tables_destroy(t);
	return ret;
}

static int x86_write_gdt_and_page_tables(struct vm *vm)
{
	static const uint64_t gdt[X86_GDT_ENTRIES] = {
	    0,
	    0,
	    0x00af9b000000ffffull, /* 0x10: 64-bit code */
	    0x00cf93000000ffffull, /* 0x18: data */
	    0x00008b0000000067ull, /* 0x20: 64-bit TSS (busy), base 0: two slots */
	    0,
	    0x00cf9b000000ffffull, /* 0x30: 32-bit code (PVH entry) */
	};
	uint64_t pml4[512] = {0}, pdpt[512] = {0};
	uint64_t *pd = calloc(4 * 512, sizeof(uint64_t));
	int ret;

	if (!pd)
		return -ENOMEM;
	pml4[0] = X86_PDPT_ADDR | 3;
	for (unsigned i = 0; i < 4; i++)
		pdpt[i] = (X86_PD_ADDR + i * PAGE_SIZE) | 3;
	for (unsigned i = 0; i < 4 * 512; i++)
		pd[i] = ((uint64_t)i << 21) | 0x83; /* present, writable, 2 MiB page */
	ret = as_write(vm->as, X86_GDT_ADDR, gdt, sizeof(gdt));
	if (!ret)
		ret = as_write(vm->as, X86_PML4_ADDR, pml4, sizeof(pml4));
	if (!ret)
		ret = as_write(vm->as, X86_PDPT_ADDR, pdpt, sizeof(pdpt));
	if (!ret)
		ret = as_write(vm->as, X86_PD_ADDR, pd, 4 * 512 * sizeof(uint64_t));
	free(pd);
	return ret;
}

int x86_boot_load(struct vm *vm, struct x86_boot_info *bi)
{
	const char *path = vm->cfg.kernel;
	void *file;
	size_t len;
	char err[256];
	int ret;

	if (!path) {
		log_error("x86_64: --kernel FILE is required (there is no firmware)");
		return -EINVAL;
	}
	ret = load_file(path, X86_KERNEL_MAX_FILE, &file, &len, err, sizeof(err));
	if (ret) {
		log_error("%s", err);
		return ret;
	}
	const uint8_t *data = file;
	if (boot_is_elf(data, len)) {
		ret = x86_load_elf(vm, path, data, len, bi);
	} else if (len > BP_SIZE && !memcmp(data + BP_HEADER, "HdrS", 4)) {
		ret = x86_load_bzimage(vm, path, data, len, bi);
	} else {
		log_error("%s: neither a bzImage nor an x86-64 ELF executable", path);
		ret = -ENOEXEC;
	}
	free(file);
	if (ret)
		return ret;
	if (bi->mode == X86_ENTRY_PVH) {
		ret = x86_write_pvh_start_info(vm, bi);
		if (ret)
			return ret;
	} else if (vm->cfg.initrd && !bi->rsi) {
		log_error("--initrd needs a Linux kernel (a bzImage, or an ELF vmlinux with a PVH "
			  "note)");
		return -EINVAL;
	}
	ret = x86_write_mptable(vm);
	if (!ret)
		ret = x86_write_acpi(vm);
	if (!ret)
		ret = x86_write_gdt_and_page_tables(vm);
	if (ret == -EFAULT || ret == -E2BIG)
		log_error("x86_64: cannot write the boot tables: RAM too small (increase --mem)");
	return ret;
}
