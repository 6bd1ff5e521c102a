/*
 * test_fdt.c - the virt board's device tree: built into a buffer and read
 * back with libfdt (chosen, memory, cpus and their ISA string, CLINT and
 * PLIC interrupts-extended, serial, power nodes), and too small a buffer.
 */
#include <errno.h>
#include <libfdt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arch/riscv64/cpu.h"
#include "arch/riscv64/virt_fdt.h"

static uint8_t blob[RV64_FDT_MAX_SIZE];

static const struct rv64_fdt_params params = {
    .ram_base = 0x80000000ull,
    .ram_size = 256ull << 20,
    .ncpus = 3,
    .bootargs = "console=ttyS0 fvp.halt=1",
    .initrd_start = 0x88200000ull,
    .initrd_end = 0x88300000ull,
};

static int build(void **state)
{
	assert_int_equal(rv64_fdt_build(&params, blob, sizeof(blob)), 0);
	assert_int_equal(fdt_check_header(blob), 0);
	return 0;
}

static int node(const char *path)
{
	int off = fdt_path_offset(blob, path);

	if (off < 0)
		fail_msg("node %s missing: %s", path, fdt_strerror(off));
	return off;
}

static const void *prop(const char *path, const char *name, int *len)
{
	const void *p = fdt_getprop(blob, node(path), name, len);

	if (!p)
		fail_msg("%s:%s missing", path, name);
	return p;
}

static uint32_t cell(const void *p, int i)
{
	return fdt32_to_cpu(((const fdt32_t *)p)[i]);
}

static uint64_t u64_prop(const char *path, const char *name)
{
	int len;
	const void *p = prop(path, name, &len);

	assert_int_equal(len, 8);
	return (uint64_t)cell(p, 0) << 32 | cell(p, 1);
}

static void test_root_and_chosen(void **state)
{
	int len;

	assert_int_equal(cell(prop("/", "#address-cells", &len), 0), 2);
	assert_int_equal(cell(prop("/", "#size-cells", &len), 0), 2);
	assert_string_equal(prop("/", "compatible", &len), "riscv-virtio");
	assert_string_equal(prop("/chosen", "bootargs", &len), "console=ttyS0 fvp.halt=1");
	assert_string_equal(prop("/chosen", "stdout-path", &len), "/soc/serial@10000000");
	assert_int_equal(u64_prop("/chosen", "linux,initrd-start"), 0x88200000ull);
	assert_int_equal(u64_prop("/chosen", "linux,initrd-end"), 0x88300000ull);
}

static void test_no_initrd_no_bootargs(void **state)
{
	struct rv64_fdt_params p = params;

	p.bootargs = NULL;
	p.initrd_start = p.initrd_end = 0;
	assert_int_equal(rv64_fdt_build(&p, blob, sizeof(blob)), 0);
	assert_null(fdt_getprop(blob, node("/chosen"), "bootargs", NULL));
	assert_null(fdt_getprop(blob, node("/chosen"), "linux,initrd-start", NULL));
	assert_non_null(fdt_getprop(blob, node("/chosen"), "stdout-path", NULL));
	build(state);
}

static void test_memory(void **state)
{
	int len;
	const void *reg = prop("/memory@80000000", "reg", &len);

	assert_int_equal(len, 16);
	assert_int_equal(cell(reg, 1), 0x80000000u);
	assert_int_equal(cell(reg, 3), 256u << 20);
	assert_string_equal(prop("/memory@80000000", "device_type", &len), "memory");
}

static void test_cpus(void **state)
{
	int len, count = 0, off;
	const char *isa;

	assert_int_equal(cell(prop("/cpus", "timebase-frequency", &len), 0), 10000000);
	fdt_for_each_subnode(off, blob, node("/cpus"))
	{
		const char *type = fdt_getprop(blob, off, "device_type", NULL);

		if (type && !strcmp(type, "cpu"))
			count++;
	}
	assert_int_equal(count, 3);
	assert_int_equal(cell(prop("/cpus/cpu@2", "reg", &len), 0), 2);
	assert_string_equal(prop("/cpus/cpu@2", "status", &len), "okay");
	assert_string_equal(prop("/cpus/cpu@2", "compatible", &len), "riscv");
	assert_string_equal(prop("/cpus/cpu@2", "mmu-type", &len), "riscv,sv57");
	isa = prop("/cpus/cpu@0", "riscv,isa", &len);
	/* Linux 6.1 wants "rv64" then single letters, multi-letter extensions after '_' */
	assert_int_equal(strncmp(isa, "rv64imafdc", 10), 0);
	assert_int_equal(isa[10], '_');
	assert_string_equal(prop("/cpus/cpu@1/interrupt-controller", "compatible", &len),
			    "riscv,cpu-intc");
	assert_int_equal(
	    cell(prop("/cpus/cpu@1/interrupt-controller", "#interrupt-cells", &len), 0), 1);
	assert_non_null(prop("/cpus/cpu@1/interrupt-controller", "interrupt-controller", &len));
	assert_int_equal(len, 0);
	assert_non_null(prop("/cpus/cpu-map/cluster0/core2", "cpu", &len));
}

/* Check <intc(h) a intc(h) b> for every hart, with intc(h) the hart's controller phandle. */
static void check_per_hart(const char *path, uint32_t a, uint32_t b)
{
	int len;
	const void *p = prop(path, "interrupts-extended", &len);

	assert_int_equal(len, 16 * 3);
	for (int h = 0; h < 3; h++) {
		char intc[64];

		snprintf(intc, sizeof(intc), "/cpus/cpu@%d/interrupt-controller", h);
		assert_int_equal(cell(p, 4 * h), fdt_get_phandle(blob, node(intc)));
		assert_int_equal(cell(p, 4 * h + 1), a);
		assert_int_equal(cell(p, 4 * h + 2), fdt_get_phandle(blob, node(intc)));
		assert_int_equal(cell(p, 4 * h + 3), b);
	}
}

static void test_clint_and_plic(void **state)
{
	int len;

	assert_int_equal(
	    fdt_node_check_compatible(blob, node("/soc/clint@2000000"), "riscv,clint0"), 0);
	check_per_hart("/soc/clint@2000000", RV_IRQ_MSI, RV_IRQ_MTI);
	assert_int_equal(
	    fdt_node_check_compatible(blob, node("/soc/plic@c000000"), "sifive,plic-1.0.0"), 0);
	check_per_hart("/soc/plic@c000000", RV_IRQ_MEI, RV_IRQ_SEI);
	assert_int_equal(cell(prop("/soc/plic@c000000", "riscv,ndev", &len), 0), 95);
	assert_non_null(prop("/soc/plic@c000000", "interrupt-controller", &len));
	assert_string_equal(prop("/soc", "compatible", &len), "simple-bus");
}

static void test_serial_rtc_and_power(void **state)
{
	int len;
	uint32_t plic = fdt_get_phandle(blob, node("/soc/plic@c000000"));
	uint32_t test = fdt_get_phandle(blob, node("/soc/test@100000"));
	const void *reg = prop("/soc/serial@10000000", "reg", &len);

	assert_int_not_equal(plic, 0);
	assert_int_not_equal(test, 0);
	assert_int_equal(cell(reg, 1), 0x10000000u);
	assert_int_equal(cell(reg, 3), 0x100);
	assert_string_equal(prop("/soc/serial@10000000", "compatible", &len), "ns16550a");
	assert_int_equal(cell(prop("/soc/serial@10000000", "clock-frequency", &len), 0), 3686400);
	assert_int_equal(cell(prop("/soc/serial@10000000", "interrupts", &len), 0), 10);
	assert_int_equal(cell(prop("/soc/serial@10000000", "interrupt-parent", &len), 0), plic);
	assert_int_equal(cell(prop("/soc/rtc@101000", "interrupts", &len), 0), 11);
	assert_int_equal(fdt_node_check_compatible(blob, node("/soc/test@100000"), "syscon"), 0);
	assert_int_equal(cell(prop("/poweroff", "regmap", &len), 0), test);
	assert_int_equal(cell(prop("/poweroff", "value", &len), 0), 0x5555);
	assert_int_equal(cell(prop("/reboot", "value", &len), 0), 0x7777);
	assert_string_equal(prop("/reboot", "compatible", &len), "syscon-reboot");
	/* no virtio-mmio nodes yet */
	assert_true(fdt_path_offset(blob, "/soc/virtio_mmio@10001000") < 0);
}

static void test_errors(void **state)
{
	struct rv64_fdt_params p = params;
	uint8_t small[256];

	assert_int_equal(rv64_fdt_build(&params, small, sizeof(small)), -ENOSPC);
	p.ncpus = 0;
	assert_int_equal(rv64_fdt_build(&p, blob, sizeof(blob)), -EINVAL);
	build(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_root_and_chosen), cmocka_unit_test(test_no_initrd_no_bootargs),
	    cmocka_unit_test(test_memory),	    cmocka_unit_test(test_cpus),
	    cmocka_unit_test(test_clint_and_plic),  cmocka_unit_test(test_serial_rtc_and_power),
	    cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, build, NULL);
}
