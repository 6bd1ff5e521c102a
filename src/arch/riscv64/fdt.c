/*
 * fdt.c - the flattened device tree of the riscv64 virt board, written with
 * libfdt's sequential-write API in the layout of QEMU's virt machine, so
 * OpenSBI and Linux find the devices where board_virt.c maps them.
 *
 * Invariants: phandles are fixed up front (one per hart interrupt
 * controller and per cpu node, then the PLIC and the test device), every
 * node's properties precede its subnodes, and the blob never exceeds the
 * caller's buffer (libfdt reports -FDT_ERR_NOSPACE, returned as -ENOSPC).
 */
#include "arch/riscv64/virt_fdt.h"

#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>
#include "arch/riscv64/board_virt.h"
#include "arch/riscv64/clint.h"
#include "arch/riscv64/cpu.h"
#include "arch/riscv64/plic.h"
#include "core/vm.h"
#include "dev/goldfish_rtc.h"
#include "dev/sifive_test.h"
#include "dev/uart16550.h"
#include "dev/virtio/virtio_mmio.h"

/* Phandle layout: harts' interrupt controllers, then cpu nodes, then the rest. */
static uint32_t phandle_intc(unsigned hart)
{
	return 1 + hart;
}

static uint32_t phandle_cpu(unsigned hart)
{
	return 1 + VM_MAX_CPUS + hart;
}

#define PHANDLE_PLIC (1 + 2 * VM_MAX_CPUS)
#define PHANDLE_TEST (2 + 2 * VM_MAX_CPUS)

/* Stop at the first libfdt error: every helper below returns it. */
#define TRY(expr)                                                                                  \
	do {                                                                                       \
		int try_ret_ = (expr);                                                             \
		if (try_ret_ < 0)                                                                  \
			return try_ret_;                                                           \
	} while (0)

static int prop_reg(void *fdt, uint64_t base, uint64_t size)
{
	fdt64_t reg[2] = {cpu_to_fdt64(base), cpu_to_fdt64(size)};

	return fdt_property(fdt, "reg", reg, sizeof(reg));
}

static int prop_strings(void *fdt, const char *name, const char *const *list, unsigned n)
{
	char buf[128];
	size_t len = 0;

	for (unsigned i = 0; i < n; i++) {
		size_t l = strlen(list[i]) + 1;

		if (len + l > sizeof(buf))
			return -FDT_ERR_NOSPACE;
		memcpy(buf + len, list[i], l);
		len += l;
	}
	return fdt_property(fdt, name, buf, (int)len);
}

static int begin_node_at(void *fdt, const char *name, uint64_t addr)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s@%llx", name, (unsigned long long)addr);
	return fdt_begin_node(fdt, buf);
}

static int build_cpus(void *fdt, const struct rv64_fdt_params *p)
{
	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	TRY(fdt_property_u32(fdt, "timebase-frequency", (uint32_t)CLINT_TIMEBASE_HZ));
	for (unsigned i = 0; i < p->ncpus; i++) {
		TRY(begin_node_at(fdt, "cpu", i));
		TRY(fdt_property_u32(fdt, "phandle", phandle_cpu(i)));
		TRY(fdt_property_string(fdt, "device_type", "cpu"));
		TRY(fdt_property_u32(fdt, "reg", i));
		TRY(fdt_property_string(fdt, "status", "okay"));
		TRY(fdt_property_string(fdt, "compatible", "riscv"));
		TRY(fdt_property_string(fdt, "riscv,isa", RV64_FDT_ISA));
		TRY(fdt_property_string(fdt, "mmu-type", "riscv,sv57"));
		TRY(fdt_begin_node(fdt, "interrupt-controller"));
		TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
		TRY(fdt_property_u32(fdt, "#address-cells", 0));
		TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
		TRY(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
		TRY(fdt_property_u32(fdt, "phandle", phandle_intc(i)));
		TRY(fdt_end_node(fdt));
		TRY(fdt_end_node(fdt));
	}
	TRY(fdt_begin_node(fdt, "cpu-map"));
	TRY(fdt_begin_node(fdt, "cluster0"));
	for (unsigned i = 0; i < p->ncpus; i++) {
		char name[16];

		snprintf(name, sizeof(name), "core%u", i);
		TRY(fdt_begin_node(fdt, name));
		TRY(fdt_property_u32(fdt, "cpu", phandle_cpu(i)));
		TRY(fdt_end_node(fdt));
	}
	TRY(fdt_end_node(fdt));
	TRY(fdt_end_node(fdt));
	return fdt_end_node(fdt);
}

/* interrupts-extended = <intc(h) a intc(h) b> for every hart h. */
static int prop_per_hart_irqs(void *fdt, const struct rv64_fdt_params *p, uint32_t a, uint32_t b)
{
	fdt32_t cells[4 * VM_MAX_CPUS];

	for (unsigned i = 0; i < p->ncpus; i++) {
		cells[4 * i + 0] = cpu_to_fdt32(phandle_intc(i));
		cells[4 * i + 1] = cpu_to_fdt32(a);
		cells[4 * i + 2] = cpu_to_fdt32(phandle_intc(i));
		cells[4 * i + 3] = cpu_to_fdt32(b);
	}
	return fdt_property(fdt, "interrupts-extended", cells, (int)(16 * p->ncpus));
}

static int build_soc(void *fdt, const struct rv64_fdt_params *p)
{
	static const char *const clint_compat[] = {"sifive,clint0", "riscv,clint0"};
	static const char *const plic_compat[] = {"sifive,plic-1.0.0", "riscv,plic0"};
	static const char *const test_compat[] = {"sifive,test1", "sifive,test0", "syscon"};

	TRY(fdt_begin_node(fdt, "soc"));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_string(fdt, "compatible", "simple-bus"));
	TRY(fdt_property(fdt, "ranges", NULL, 0));

	TRY(begin_node_at(fdt, "clint", VIRT_CLINT_BASE));
	TRY(prop_strings(fdt, "compatible", clint_compat, ARRAY_SIZE(clint_compat)));
	TRY(prop_reg(fdt, VIRT_CLINT_BASE, CLINT_MMIO_SIZE));
	TRY(prop_per_hart_irqs(fdt, p, RV_IRQ_MSI, RV_IRQ_MTI));
	TRY(fdt_end_node(fdt));

	TRY(begin_node_at(fdt, "plic", VIRT_PLIC_BASE));
	TRY(fdt_property_u32(fdt, "phandle", PHANDLE_PLIC));
	TRY(prop_strings(fdt, "compatible", plic_compat, ARRAY_SIZE(plic_compat)));
	TRY(prop_reg(fdt, VIRT_PLIC_BASE, PLIC_MMIO_SIZE));
	TRY(fdt_property_u32(fdt, "riscv,ndev", PLIC_NUM_SOURCES - 1));
	TRY(prop_per_hart_irqs(fdt, p, RV_IRQ_MEI, RV_IRQ_SEI));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	TRY(fdt_property_u32(fdt, "#address-cells", 0));
	TRY(fdt_end_node(fdt));

	TRY(begin_node_at(fdt, "serial", VIRT_UART_BASE));
	TRY(fdt_property_string(fdt, "compatible", "ns16550a"));
	TRY(prop_reg(fdt, VIRT_UART_BASE, UART16550_MMIO_SIZE));
	TRY(fdt_property_u32(fdt, "clock-frequency", UART16550_CLOCK_HZ));
	TRY(fdt_property_u32(fdt, "interrupts", VIRT_UART_IRQ));
	TRY(fdt_property_u32(fdt, "interrupt-parent", PHANDLE_PLIC));
	TRY(fdt_end_node(fdt));

	TRY(begin_node_at(fdt, "test", VIRT_TEST_BASE));
	TRY(fdt_property_u32(fdt, "phandle", PHANDLE_TEST));
	TRY(prop_strings(fdt, "compatible", test_compat, ARRAY_SIZE(test_compat)));
	TRY(prop_reg(fdt, VIRT_TEST_BASE, SIFIVE_TEST_MMIO_SIZE));
	TRY(fdt_end_node(fdt));

	TRY(begin_node_at(fdt, "rtc", VIRT_RTC_BASE));
	TRY(fdt_property_string(fdt, "compatible", "google,goldfish-rtc"));
	TRY(prop_reg(fdt, VIRT_RTC_BASE, GOLDFISH_RTC_MMIO_SIZE));
	TRY(fdt_property_u32(fdt, "interrupts", VIRT_RTC_IRQ));
	TRY(fdt_property_u32(fdt, "interrupt-parent", PHANDLE_PLIC));
	TRY(fdt_end_node(fdt));

	/* Slots in use only, in slot order: Linux probes them in this order (first is vda). */
	for (unsigned i = 0; i < p->nvirtio; i++) {
		uint64_t base = VIRT_VIRTIO_BASE + VIRT_VIRTIO_STRIDE * i;

		TRY(begin_node_at(fdt, "virtio_mmio", base));
		TRY(fdt_property_string(fdt, "compatible", "virtio,mmio"));
		TRY(prop_reg(fdt, base, VIRTIO_MMIO_SIZE));
		TRY(fdt_property_u32(fdt, "interrupts", VIRT_VIRTIO_IRQ + i));
		TRY(fdt_property_u32(fdt, "interrupt-parent", PHANDLE_PLIC));
		TRY(fdt_end_node(fdt));
	}

	return fdt_end_node(fdt);
}

static int build_syscon_node(void *fdt, const char *name, const char *compat, uint32_t value)
{
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "compatible", compat));
	TRY(fdt_property_u32(fdt, "regmap", PHANDLE_TEST));
	TRY(fdt_property_u32(fdt, "offset", 0));
	TRY(fdt_property_u32(fdt, "value", value));
	return fdt_end_node(fdt);
}

static int build_tree(void *fdt, const struct rv64_fdt_params *p)
{
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property_string(fdt, "compatible", "riscv-virtio"));
	TRY(fdt_property_string(fdt, "model", "riscv-virtio,fvp"));

	TRY(fdt_begin_node(fdt, "chosen"));
	if (p->bootargs)
		TRY(fdt_property_string(fdt, "bootargs", p->bootargs));
	TRY(fdt_property_string(fdt, "stdout-path", VIRT_STDOUT_PATH));
	if (p->initrd_end > p->initrd_start) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", p->initrd_start));
		TRY(fdt_property_u64(fdt, "linux,initrd-end", p->initrd_end));
	}
	TRY(fdt_end_node(fdt));

	TRY(begin_node_at(fdt, "memory", p->ram_base));
	TRY(fdt_property_string(fdt, "device_type", "memory"));
	TRY(prop_reg(fdt, p->ram_base, p->ram_size));
	TRY(fdt_end_node(fdt));

	TRY(build_cpus(fdt, p));
	TRY(build_soc(fdt, p));
	TRY(build_syscon_node(fdt, "poweroff", "syscon-poweroff", SIFIVE_TEST_PASS));
	TRY(build_syscon_node(fdt, "reboot", "syscon-reboot", SIFIVE_TEST_RESET));

	TRY(fdt_end_node(fdt));
	return fdt_finish(fdt);
}

int rv64_fdt_build(const struct rv64_fdt_params *p, void *buf, size_t size)
{
	int ret;

	if (!p || !buf || p->ncpus == 0 || p->ncpus > VM_MAX_CPUS || size > INT32_MAX ||
	    p->nvirtio > VIRT_VIRTIO_SLOTS)
		return -EINVAL;
	ret = fdt_create(buf, (int)size);
	if (ret == 0)
		ret = build_tree(buf, p);
	if (ret == -FDT_ERR_NOSPACE)
		return -ENOSPC;
	return ret < 0 ? -EINVAL : 0;
}
