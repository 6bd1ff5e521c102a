/*
 * board_virt.c - the riscv64 "virt" machine with QEMU's memory map:
 *
 *   0x0010_0000  SiFive test (power off / reset / fail)
 *   0x0010_1000  Goldfish RTC, PLIC source 11
 *   0x0200_0000  CLINT (msip, mtimecmp, mtime at 10 MHz)
 *   0x0c00_0000  PLIC (contexts 2*hart = M, 2*hart+1 = S)
 *   0x1000_0000  NS16550A UART, PLIC source 10
 *   0x1000_1000  virtio-mmio slots: slot i at + 0x1000 * i, PLIC source 1 + i, one per
 *                --drive/--net/--rng/--console virtio in command-line order
 *   0x8000_0000  RAM: firmware at the base, kernel at +2 MiB, device tree in
 *                the last 64 KiB, initrd just below it
 *
 * Boot: every hart starts at the firmware (or, with bios_none, the
 * kernel's entry in M mode) with a0 = hart id, a1 = device tree address,
 * a2 = 0, as OpenSBI fw_jump and Linux expect.
 *
 * Invariants: setup either finishes or returns -errno after one logged
 * line; whatever it created hangs off vm->board_priv, which teardown frees
 * (vm_destroy calls teardown after a failed setup too).
 */
#include "arch/riscv64/board_virt.h"

#include <elf.h>
#include <errno.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>
#include "arch/riscv64/clint.h"
#include "arch/riscv64/cpu.h"
#include "arch/riscv64/linux_image.h"
#include "arch/riscv64/plic.h"
#include "arch/riscv64/virt_fdt.h"
#include "boot/loader.h"
#include "core/file.h"
#include "core/log.h"
#include "dev/goldfish_rtc.h"
#include "dev/sifive_test.h"
#include "dev/uart16550.h"
#include "dev/virtio/virtio_set.h"

/* The kernel and firmware need room: refuse RAM that cannot hold a device tree and a kernel. */
#define VIRT_MIN_RAM (16ull << 20)
#define VIRT_MAX_RAM (64ull << 30)
/* OpenSBI fw_jump (generic platform) copies the device tree here before entering the kernel. */
#define VIRT_FW_JUMP_FDT_ADDR (VIRT_RAM_BASE + 0x2200000ull)
/* The longest --append: half the device tree, which leaves the rest of the tree its room. */
#define VIRT_APPEND_MAX (RV64_FDT_MAX_SIZE / 2)

struct virt_board {
	struct clint *clint;
	struct plic *plic;
	struct uart16550 *uart;
	struct goldfish_rtc *rtc;
	struct virtio_set *virtio;
	uint64_t entry;
	uint64_t dtb_addr;
};

/* The harts' time source: the CLINT's mtime. */
static uint64_t virt_mtime(void *clint)
{
	return clint_mtime(clint);
}

static void virt_clint_notify(void *opaque, unsigned hart, enum clint_line line, bool level)
{
	struct vm *vm = opaque;

	rv64_set_mip(vm->cpus[hart], line == CLINT_MTI ? 1ull << RV_IRQ_MTI : 1ull << RV_IRQ_MSI,
		     level);
}

static void virt_plic_notify(void *opaque, unsigned ctx, bool level)
{
	struct vm *vm = opaque;
	unsigned hart = ctx / 2;

	if (hart < vm->ncpus)
		rv64_set_mip(vm->cpus[hart], ctx % 2 ? 1ull << RV_IRQ_SEI : 1ull << RV_IRQ_MEI,
			     level);
}

static struct irq_line virt_plic_line(struct virt_board *vb, unsigned irq)
{
	return (struct irq_line){.set = plic_set_irq, .ctrl = vb->plic, .irq = irq};
}

static int virt_add_mmio(struct vm *vm, uint64_t base, uint64_t size, const struct mmio_ops *ops,
			 void *opaque, const char *name)
{
	int ret;

	if (!opaque) {
		log_error("virt: out of memory creating the %s device", name);
		return -ENOMEM;
	}
	ret = as_add_mmio(vm->as, base, size, ops, opaque, name);
	if (ret)
		log_error("virt: cannot map %s at 0x%llx: %s", name, (unsigned long long)base,
			  strerror(-ret));
	return ret;
}

static int virt_create_virtio(struct vm *vm, struct virt_board *vb)
{
	if (!vm->cfg.nvirtio)
		return 0;
	if (vm->cfg.nvirtio > VIRT_VIRTIO_SLOTS) {
		log_error("virt: %u virtio devices asked for: the board has %u slots",
			  vm->cfg.nvirtio, (unsigned)VIRT_VIRTIO_SLOTS);
		return -EINVAL;
	}
	vb->virtio = virtio_set_create(vm);
	if (!vb->virtio)
		return -EINVAL; /* logged */
	for (unsigned i = 0; i < virtio_set_count(vb->virtio); i++) {
		int ret =
		    virtio_set_map(vb->virtio, vm->as, i, VIRT_VIRTIO_BASE + VIRT_VIRTIO_STRIDE * i,
				   virt_plic_line(vb, VIRT_VIRTIO_IRQ + i));

		if (ret)
			return ret;
	}
	return virtio_set_start(vb->virtio);
}

static int virt_create_devices(struct vm *vm, struct virt_board *vb)
{
	int ret;

	vb->clint = clint_create(vm, virt_clint_notify, vm);
	ret = virt_add_mmio(vm, VIRT_CLINT_BASE, CLINT_MMIO_SIZE, &clint_mmio_ops, vb->clint,
			    "clint");
	if (ret)
		return ret;
	vb->plic = plic_create(2 * vm->ncpus, virt_plic_notify, vm);
	ret = virt_add_mmio(vm, VIRT_PLIC_BASE, PLIC_MMIO_SIZE, &plic_mmio_ops, vb->plic, "plic");
	if (ret)
		return ret;
	/* With --console virtio the UART stays idle: the back-end belongs to virtio-console. */
	vb->uart = uart16550_create(vm->cfg.console_virtio ? NULL : vm->cfg.console,
				    virt_plic_line(vb, VIRT_UART_IRQ));
	ret = virt_add_mmio(vm, VIRT_UART_BASE, UART16550_MMIO_SIZE, &uart16550_mmio_ops, vb->uart,
			    "uart");
	if (ret)
		return ret;
	ret = virt_add_mmio(vm, VIRT_TEST_BASE, SIFIVE_TEST_MMIO_SIZE, &sifive_test_mmio_ops, vm,
			    "sifive_test");
	if (ret)
		return ret;
	vb->rtc = goldfish_rtc_create(vm->timers, &vm->clock, virt_plic_line(vb, VIRT_RTC_IRQ));
	ret = virt_add_mmio(vm, VIRT_RTC_BASE, GOLDFISH_RTC_MMIO_SIZE, &goldfish_rtc_mmio_ops,
			    vb->rtc, "rtc");
	if (ret)
		return ret;
	return virt_create_virtio(vm, vb);
}

/* Firmware and kernels: RISC-V ELF, a Linux Image, or raw bytes at the load address. */
static const struct boot_rules virt_boot_rules = {
    .elf_machine = EM_RISCV,
    .isa = "RISC-V",
    .kernel = &rv64_linux_image,
};

static int virt_load(struct address_space *as, const char *path, uint64_t addr,
		     struct loaded_image *img)
{
	char err[256];
	int ret = boot_load_image(as, path, addr, &virt_boot_rules, img, err, sizeof(err));

	if (ret)
		log_error("%s", err);
	return ret;
}

/*
 * The initrd goes as high as it can: just below the device tree, 4 KiB aligned. With a firmware,
 * it also keeps clear of where OpenSBI fw_jump copies the device tree (RAM + 34 MiB), moving
 * below that spot if it would cover it. It never overlaps the kernel's image_size.
 */
static int virt_load_initrd(struct vm *vm, uint64_t kernel_end, struct rv64_fdt_params *fp)
{
	static const struct boot_range fw_fdt = {VIRT_FW_JUMP_FDT_ADDR,
						 VIRT_FW_JUMP_FDT_ADDR + RV64_FDT_MAX_SIZE,
						 "the firmware's copy of the device tree"};
	struct virt_board *vb = vm->board_priv;
	char err[256];
	int64_t size = boot_file_size(vm->cfg.initrd, err, sizeof(err));
	uint64_t start, loaded;
	int ret;

	if (size < 0) {
		log_error("%s", err);
		return (int)size;
	}
	if (boot_place_initrd((uint64_t)size, kernel_end, vb->dtb_addr, &fw_fdt,
			      vm->cfg.bios_none ? 0 : 1, &start)) {
		log_error("%s: %lld bytes do not fit in RAM between the kernel and the device "
			  "tree (increase --mem)",
			  vm->cfg.initrd, (long long)size);
		return -ENOSPC;
	}
	ret = boot_load_blob(vm->as, vm->cfg.initrd, start, &loaded, err, sizeof(err));
	if (ret) {
		log_error("%s", err);
		return ret;
	}
	fp->initrd_start = start;
	fp->initrd_end = start + loaded;
	return 0;
}

static int virt_build_dtb(struct vm *vm, const struct rv64_fdt_params *fp)
{
	struct virt_board *vb = vm->board_priv;
	void *blob = calloc(1, RV64_FDT_MAX_SIZE);
	size_t len;
	int ret;

	if (!blob) {
		log_error("virt: out of memory for the device tree");
		return -ENOMEM;
	}
	ret = rv64_fdt_build(fp, blob, RV64_FDT_MAX_SIZE);
	if (ret) {
		log_error("virt: cannot build the device tree: %s", strerror(-ret));
		goto out;
	}
	len = fdt_totalsize(blob);
	ret = as_write(vm->as, vb->dtb_addr, blob, len);
	if (ret) {
		log_error("virt: cannot place the device tree at 0x%llx",
			  (unsigned long long)vb->dtb_addr);
		goto out;
	}
	if (vm->cfg.dtb_out)
		ret = file_write_whole(vm->cfg.dtb_out, blob, len);
out:
	free(blob);
	return ret;
}

static int virt_load_images(struct vm *vm)
{
	const struct vm_config *cfg = &vm->cfg;
	struct virt_board *vb = vm->board_priv;
	struct rv64_fdt_params fp = {
	    .ram_base = VIRT_RAM_BASE,
	    .ram_size = cfg->mem_size,
	    .ncpus = vm->ncpus,
	    .bootargs = cfg->append,
	    .nvirtio = virtio_set_count(vb->virtio),
	};
	struct loaded_image fw = {0}, kernel = {0};
	const char *bios = cfg->bios ? cfg->bios : VIRT_DEFAULT_BIOS;
	uint64_t kernel_end = VIRT_KERNEL_BASE;
	int ret;

	vb->dtb_addr = VIRT_RAM_BASE + cfg->mem_size - RV64_FDT_MAX_SIZE;
	if (cfg->append && strlen(cfg->append) > VIRT_APPEND_MAX) {
		log_error("virt: --append is %zu bytes: the board's device tree takes a kernel "
			  "command line of at most %u bytes",
			  strlen(cfg->append), VIRT_APPEND_MAX);
		return -E2BIG;
	}
	if (cfg->bios_none && !cfg->kernel) {
		log_error("virt: --bios none needs a --kernel to run");
		return -EINVAL;
	}
	if (!cfg->bios_none) {
		ret = virt_load(vm->as, bios, VIRT_RAM_BASE, &fw);
		if (ret)
			return ret;
		vb->entry = VIRT_RAM_BASE;
	}
	if (cfg->kernel) {
		ret = virt_load(vm->as, cfg->kernel, VIRT_KERNEL_BASE, &kernel);
		if (ret)
			return ret;
		if (!cfg->bios_none && kernel.start < fw.end && fw.start < kernel.end) {
			log_error("%s: kernel [0x%llx, 0x%llx) overlaps the firmware %s",
				  cfg->kernel, (unsigned long long)kernel.start,
				  (unsigned long long)kernel.end, bios);
			return -EINVAL;
		}
		if (kernel.end > vb->dtb_addr) {
			log_error("%s: kernel ends at 0x%llx, over the device tree at 0x%llx "
				  "(increase --mem)",
				  cfg->kernel, (unsigned long long)kernel.end,
				  (unsigned long long)vb->dtb_addr);
			return -ENOSPC;
		}
		kernel_end = kernel.end;
		if (cfg->bios_none)
			vb->entry = kernel.entry;
	}
	if (!cfg->kernel && fw.end > kernel_end)
		kernel_end = fw.end; /* an initrd must not land on the firmware either */
	if (cfg->initrd) {
		ret = virt_load_initrd(vm, kernel_end, &fp);
		if (ret)
			return ret;
	}
	return virt_build_dtb(vm, &fp);
}

static int virt_setup(struct vm *vm)
{
	struct virt_board *vb;
	uint64_t mem = vm->cfg.mem_size;
	int ret;

	if (mem < VIRT_MIN_RAM || mem > VIRT_MAX_RAM || mem % PAGE_SIZE) {
		log_error(
		    "virt: --mem %llu bytes: use a multiple of 4 KiB from %llu MiB to %llu GiB",
		    (unsigned long long)mem, VIRT_MIN_RAM >> 20, VIRT_MAX_RAM >> 30);
		return -EINVAL;
	}
	vb = calloc(1, sizeof(*vb));
	if (!vb) {
		log_error("virt: out of memory");
		return -ENOMEM;
	}
	vm->board_priv = vb;
	ret = as_add_ram(vm->as, VIRT_RAM_BASE, mem);
	if (ret) {
		log_error("virt: cannot allocate %llu MiB of guest RAM: %s",
			  (unsigned long long)(mem >> 20), strerror(-ret));
		return ret;
	}
	ret = virt_create_devices(vm, vb);
	if (ret)
		return ret;
	return virt_load_images(vm);
}

static void virt_teardown(struct vm *vm)
{
	struct virt_board *vb = vm->board_priv;

	if (!vb)
		return;
	/* The I/O thread and timers first: their callbacks touch the interrupt controllers. */
	virtio_set_destroy(vb->virtio);
	goldfish_rtc_destroy(vb->rtc);
	clint_destroy(vb->clint);
	uart16550_destroy(vb->uart);
	plic_destroy(vb->plic);
	free(vb);
	vm->board_priv = NULL;
}

static void virt_reset_cpu(struct vm *vm, struct vcpu *cpu)
{
	struct virt_board *vb = vm->board_priv;
	struct rv64_cpu *rv = rv64_hart(cpu);

	rv64_cpu_reset(rv, vb->entry);
	rv->time = (struct rv64_time_source){.read = virt_mtime, .opaque = vb->clint};
	rv->common.slots[RV_SLOT_X(10)] = cpu->id;
	rv->common.slots[RV_SLOT_X(11)] = vb->dtb_addr;
	rv->common.slots[RV_SLOT_X(12)] = 0;
}

/* board_ops.device_counters: the virtio devices' (the others count nothing). */
static unsigned virt_device_counters(struct vm *vm, struct device_counters *out, unsigned max)
{
	const struct virt_board *vb = vm->board_priv;

	return virtio_set_counters(vb->virtio, out, max);
}

const struct board_ops rv64_virt_board = {
    .name = "virt",
    .arch = "riscv64",
    .fe = &rv64_frontend_ops,
    .setup = virt_setup,
    .teardown = virt_teardown,
    .reset_cpu = virt_reset_cpu,
    .device_counters = virt_device_counters,
};
