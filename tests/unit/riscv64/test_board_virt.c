/*
 * test_board_virt.c - the virt board end to end without a CPU: setup loads
 * firmware, a Linux Image and an initrd where OpenSBI and Linux expect
 * them, writes a device tree that points at the initrd (and to --dtb-out),
 * reset_cpu passes hart id and DTB address, the devices answer at QEMU's
 * addresses with the UART interrupt routed through the PLIC, and bad
 * configurations fail with a logged line that names the file.
 *
 * The CPU side (rv64_set_mip, rv64_cpu_reset, the frontend table) and
 * vm_request_stop are recorders here.
 */
#include <elf.h>
#include <errno.h>
#include <libfdt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "arch/riscv64/board_virt.h"
#include "arch/riscv64/cpu.h"
#include "core/log.h"
#include "dev/chardev.h"

const struct frontend_ops rv64_frontend_ops = {.name = "riscv64-test-stub"};

static struct rv64_cpu cpus[2];
static uint64_t mip[2];
static uint64_t reset_pc[2];
static enum vm_stop_reason stop_reason;

void rv64_set_mip(struct vcpu *cpu, uint64_t mask, bool level)
{
	unsigned i = cpu->id;

	assert_true(i < 2);
	if (level)
		mip[i] |= mask;
	else
		mip[i] &= ~mask;
}

void rv64_cpu_reset(struct rv64_cpu *rv, uint64_t pc)
{
	reset_pc[rv->common.vcpu.id] = pc;
	rv->common.pc = pc;
}

void vm_request_stop(struct vm *vm, enum vm_stop_reason reason, const char *msg)
{
	stop_reason = reason;
}

struct capture {
	struct chardev cd;
	char out[64];
	size_t len;
};

static void capture_write(struct chardev *cd, const uint8_t *buf, size_t len)
{
	struct capture *c = (struct capture *)cd;

	memcpy(c->out + c->len, buf, len);
	c->len += len;
}

static const struct chardev_ops capture_ops = {.write = capture_write};

#define MEM (64ull << 20)

struct fixture {
	struct vm *vm;
	struct capture console;
	char fw[64], kernel[64], initrd[64], dtb_out[64], log[64];
};

static void make_temp(char path[64])
{
	static const char tmpl[] = "/tmp/fvp_test_board_XXXXXX";
	int fd;

	memcpy(path, tmpl, sizeof(tmpl));
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void write_image(const char *path, uint64_t image_size)
{
	uint8_t buf[4096];

	memset(buf, 0x5a, sizeof(buf));
	memset(buf + 8, 0, 16);
	buf[10] = 0x20; /* text_offset 0x200000 */
	for (int i = 0; i < 8; i++)
		buf[16 + i] = (uint8_t)(image_size >> (8 * i));
	// NOLINTNEXTLINE(bugprone-not-null-terminated-result): the Image header magic, no NUL
	memcpy(buf + 0x30, "RISCV\0\0\0RSC\x05", 12);
	write_file(path, buf, sizeof(buf));
}

static int setup(void **state)
{
	static struct fixture f;
	uint8_t initrd[5000];

	memset(&f, 0, sizeof(f));
	memset(cpus, 0, sizeof(cpus));
	memset(mip, 0, sizeof(mip));
	memset(reset_pc, 0, sizeof(reset_pc));
	stop_reason = VM_STOP_NONE;
	make_temp(f.fw);
	make_temp(f.kernel);
	make_temp(f.initrd);
	make_temp(f.dtb_out);
	make_temp(f.log);
	write_file(f.fw, "FIRMWARE", 8);
	write_image(f.kernel, 1 << 20);
	for (size_t i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i * 7);
	write_file(f.initrd, initrd, sizeof(initrd));
	f.console.cd.ops = &capture_ops;

	f.vm = calloc(1, sizeof(*f.vm));
	assert_non_null(f.vm);
	f.vm->cfg = (struct vm_config){
	    .arch = "riscv64",
	    .bios = f.fw,
	    .kernel = f.kernel,
	    .initrd = f.initrd,
	    .append = "console=ttyS0",
	    .dtb_out = f.dtb_out,
	    .mem_size = MEM,
	    .smp = 2,
	    .console = &f.console.cd,
	};
	f.vm->as = as_create();
	vclock_init(&f.vm->clock);
	f.vm->timers = timer_queue_create(&f.vm->clock);
	assert_non_null(f.vm->timers);
	f.vm->ncpus = 2;
	for (unsigned i = 0; i < 2; i++) {
		cpus[i].common.vcpu.id = i;
		f.vm->cpus[i] = &cpus[i].common.vcpu;
	}
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	rv64_virt_board.teardown(f->vm);
	assert_null(f->vm->board_priv);
	timer_queue_destroy(f->vm->timers);
	as_destroy(f->vm->as);
	free(f->vm);
	unlink(f->fw);
	unlink(f->kernel);
	unlink(f->initrd);
	unlink(f->dtb_out);
	unlink(f->log);
	return 0;
}

static const uint8_t *ram(struct fixture *f, uint64_t addr, uint64_t len)
{
	const uint8_t *p = as_ram_ptr(f->vm->as, addr, len);

	assert_non_null(p);
	return p;
}

static uint64_t chosen_u64(const void *fdt, const char *name)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), name, &len);

	assert_non_null(p);
	if (len == 4)
		return fdt32_to_cpu(p[0]);
	assert_int_equal(len, 8);
	return (uint64_t)fdt32_to_cpu(p[0]) << 32 | fdt32_to_cpu(p[1]);
}

static void test_boot_layout(void **state)
{
	struct fixture *f = *state;
	uint64_t dtb = VIRT_RAM_BASE + MEM - 64 * 1024;
	uint64_t initrd_start, initrd_end;
	const void *fdt;
	uint8_t file_blob[64 * 1024];
	FILE *fp;
	size_t n;

	assert_int_equal(rv64_virt_board.setup(f->vm), 0);
	assert_memory_equal(ram(f, VIRT_RAM_BASE, 8), "FIRMWARE", 8);
	assert_int_equal(ram(f, VIRT_KERNEL_BASE + 0x30, 1)[0], 'R');
	assert_int_equal(ram(f, VIRT_KERNEL_BASE + 100, 1)[0], 0x5a);

	fdt = ram(f, dtb, 64 * 1024);
	assert_int_equal(fdt_check_header(fdt), 0);
	assert_string_equal(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL),
			    "console=ttyS0");
	initrd_start = chosen_u64(fdt, "linux,initrd-start");
	initrd_end = chosen_u64(fdt, "linux,initrd-end");
	assert_int_equal(initrd_end - initrd_start, 5000);
	assert_int_equal(initrd_start % 4096, 0);
	assert_true(initrd_start >= VIRT_KERNEL_BASE + (1 << 20)); /* above image_size */
	assert_true(initrd_end <= dtb);
	assert_true(dtb - initrd_end < 2 * 4096); /* as high as it goes */
	for (unsigned i = 0; i < 5000; i++)
		assert_int_equal(ram(f, initrd_start + i, 1)[0], (uint8_t)(i * 7));

	/* --dtb-out got the same blob */
	fp = fopen(f->dtb_out, "rb");
	assert_non_null(fp);
	n = fread(file_blob, 1, sizeof(file_blob), fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(n, fdt_totalsize(fdt));
	assert_memory_equal(file_blob, fdt, n);

	for (unsigned i = 0; i < 2; i++) {
		rv64_virt_board.reset_cpu(f->vm, &cpus[i].common.vcpu);
		assert_int_equal(reset_pc[i], VIRT_RAM_BASE);
		assert_int_equal(cpus[i].common.slots[10], i);
		assert_int_equal(cpus[i].common.slots[11], dtb);
		assert_int_equal(cpus[i].common.slots[12], 0);
	}
}

static void test_devices_at_qemu_addresses(void **state)
{
	struct fixture *f = *state;
	struct address_space *as = f->vm->as;
	uint64_t v;

	assert_int_equal(rv64_virt_board.setup(f->vm), 0);
	/* UART output */
	assert_int_equal(as_store(as, VIRT_UART_BASE, 1, 'A'), 0);
	assert_int_equal(f->console.len, 1);
	assert_int_equal(f->console.out[0], 'A');
	assert_int_equal(as_load(as, VIRT_UART_BASE + 5, 1, &v), 0);
	assert_int_equal(v & 0x60, 0x60);
	/* UART THRE interrupt -> PLIC source 10 -> S-mode context of hart 1 (context 3) */
	assert_int_equal(as_store(as, VIRT_PLIC_BASE + 4 * 10, 4, 1), 0);
	assert_int_equal(as_store(as, VIRT_PLIC_BASE + 0x2000 + 0x80 * 3, 4, 1u << 10), 0);
	assert_int_equal(mip[1], 0);
	assert_int_equal(as_store(as, VIRT_UART_BASE + 1, 1, 0x02), 0);
	assert_int_equal(mip[1], 1ull << RV_IRQ_SEI);
	assert_int_equal(mip[0], 0);
	assert_int_equal(as_load(as, VIRT_PLIC_BASE + 0x200000 + 0x1000 * 3 + 4, 4, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(mip[1], 0);
	/* CLINT: msip of hart 1, mtimecmp of hart 0 already due */
	assert_int_equal(as_store(as, VIRT_CLINT_BASE + 4, 4, 1), 0);
	assert_int_equal(mip[1], 1ull << RV_IRQ_MSI);
	assert_int_equal(as_store(as, VIRT_CLINT_BASE + 0x4000, 8, 0), 0);
	assert_int_equal(mip[0], 1ull << RV_IRQ_MTI);
	assert_int_equal(as_load(as, VIRT_CLINT_BASE + 0xbff8, 8, &v), 0);
	/* reset hands each hart the CLINT's mtime as its time source */
	rv64_virt_board.reset_cpu(f->vm, &cpus[0].common.vcpu);
	assert_non_null(cpus[0].time.read);
	assert_true(v <= cpus[0].time.read(cpus[0].time.opaque));
	/* RTC answers with a plausible time (after 2020) */
	assert_int_equal(as_load(as, VIRT_RTC_BASE, 4, &v), 0);
	assert_int_equal(as_load(as, VIRT_RTC_BASE + 4, 4, &v), 0);
	assert_true(v > (1577836800ull * 1000000000ull) >> 32);
	/* test device powers off */
	assert_int_equal(as_store(as, VIRT_TEST_BASE, 4, 0x5555), 0);
	assert_int_equal(stop_reason, VM_STOP_POWEROFF);
}

static void test_bios_none_runs_elf_entry(void **state)
{
	struct fixture *f = *state;
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
		uint32_t code[4];
	} elf = {0};

	memcpy(elf.eh.e_ident, ELFMAG, SELFMAG);
	elf.eh.e_ident[EI_CLASS] = ELFCLASS64;
	elf.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	elf.eh.e_type = ET_EXEC;
	elf.eh.e_machine = EM_RISCV;
	elf.eh.e_entry = VIRT_RAM_BASE + 8;
	elf.eh.e_phoff = offsetof(__typeof__(elf), ph);
	elf.eh.e_phentsize = sizeof(Elf64_Phdr);
	elf.eh.e_phnum = 1;
	elf.ph = (Elf64_Phdr){.p_type = PT_LOAD,
			      .p_offset = offsetof(__typeof__(elf), code),
			      .p_vaddr = VIRT_RAM_BASE,
			      .p_paddr = VIRT_RAM_BASE,
			      .p_filesz = 16,
			      .p_memsz = 16};
	write_file(f->kernel, &elf, sizeof(elf));
	f->vm->cfg.bios = NULL;
	f->vm->cfg.bios_none = true;
	f->vm->cfg.initrd = NULL;
	assert_int_equal(rv64_virt_board.setup(f->vm), 0);
	rv64_virt_board.reset_cpu(f->vm, &cpus[1].common.vcpu);
	assert_int_equal(reset_pc[1], VIRT_RAM_BASE + 8);
	assert_int_equal(cpus[1].common.slots[10], 1);
}

/* setup fails with a negative errno and one logged line naming what. */
static void expect_setup_error(struct fixture *f, const char *what)
{
	char buf[512] = {0};
	FILE *fp;
	int ret;

	assert_int_equal(log_open(f->log), 0);
	ret = rv64_virt_board.setup(f->vm);
	log_close();
	assert_true(ret < 0);
	fp = fopen(f->log, "r");
	assert_non_null(fp);
	assert_int_not_equal(fread(buf, 1, sizeof(buf) - 1, fp), 0);
	assert_int_equal(fclose(fp), 0);
	if (!strstr(buf, what))
		fail_msg("log '%s' does not name '%s'", buf, what);
	assert_non_null(strchr(buf, '\n'));
	assert_null(strchr(strchr(buf, '\n') + 1, '\n')); /* one line */
}

static void test_missing_firmware(void **state)
{
	struct fixture *f = *state;

	f->vm->cfg.bios = "/nonexistent/fw_jump.bin";
	expect_setup_error(f, "/nonexistent/fw_jump.bin");
}

static void test_kernel_too_big_for_ram(void **state)
{
	struct fixture *f = *state;

	write_image(f->kernel, 80ull << 20); /* image_size 80 MiB, RAM 64 MiB */
	expect_setup_error(f, f->kernel);
}

static void test_initrd_avoids_fw_jump_fdt_copy(void **state)
{
	struct fixture *f = *state;
	size_t len = 30ull << 20; /* at the top of 64 MiB it would cover RAM + 34 MiB */
	uint8_t *big = calloc(1, len);
	const void *fdt;
	uint64_t start, end;

	write_file(f->initrd, big, len);
	free(big);
	assert_int_equal(rv64_virt_board.setup(f->vm), 0);
	fdt = ram(f, VIRT_RAM_BASE + MEM - 64 * 1024, 64 * 1024);
	start = chosen_u64(fdt, "linux,initrd-start");
	end = chosen_u64(fdt, "linux,initrd-end");
	assert_int_equal(end - start, len);
	assert_true(end <= VIRT_RAM_BASE + 0x2200000);
	assert_true(start >= VIRT_KERNEL_BASE + (1 << 20));
}

static void test_initrd_does_not_fit(void **state)
{
	struct fixture *f = *state;
	size_t len = 63ull << 20; /* RAM 64 MiB minus kernel and DTB leaves less */
	uint8_t *big = calloc(1, len);

	write_file(f->initrd, big, len);
	free(big);
	expect_setup_error(f, f->initrd);
}

static void test_bad_configs(void **state)
{
	struct fixture *f = *state;

	f->vm->cfg.bios_none = true;
	f->vm->cfg.kernel = NULL;
	expect_setup_error(f, "--kernel");
	rv64_virt_board.teardown(f->vm);
	f->vm->cfg.mem_size = 1 << 20;
	expect_setup_error(f, "--mem");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_boot_layout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_devices_at_qemu_addresses, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bios_none_runs_elf_entry, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_firmware, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kernel_too_big_for_ram, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_initrd_avoids_fw_jump_fdt_copy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_initrd_does_not_fit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_configs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
