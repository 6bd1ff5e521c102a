/*
 * board_x86.c - the x86_64 "microvm" board (KVM engine only): RAM with a
 * 3-4 GiB hole, the in-kernel PIC/IOAPIC/LAPIC and PIT, a 16550 UART at
 * port 0x3f8 on IRQ 4, a minimal i8042 for the keyboard-controller reset,
 * and two MMIO devices for bare-metal tests (see board_x86.h for the map).
 *
 * Reset: a guest reset request (i8042 pulse 0xfe, as Linux's reboot=k
 * does) stops the VM with VM_STOP_POWEROFF, i.e. exit status 0 (issue 4:
 * an x86 guest "reboot" ends the run successfully).
 *
 * Invariants: setup either finishes or returns -errno after one logged
 * line; whatever it created hangs off vm->board_priv, which teardown frees.
 */
#include "arch/x86_64/board_x86.h"

#include <errno.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "core/log.h"
#include "dev/goldfish_rtc.h"
#include "dev/sifive_test.h"
#include "dev/uart16550.h"
#include "engine/kvm/kvm.h"

#define X86_MIN_RAM (16ull << 20)
#define X86_MAX_RAM (64ull << 30)

#define I8042_CMD_PULSE_RESET 0xfe
#define I8042_STATUS_SYSFLAG  0x04 /* self-test passed; input and output buffers empty */

struct x86_board {
	struct address_space *pio;
	struct uart16550 *uart;
	struct goldfish_rtc *rtc;
};

static uint64_t i8042_read(void *opaque, uint64_t offset, unsigned size)
{
	(void)opaque;
	(void)offset;
	(void)size;
	return I8042_STATUS_SYSFLAG; /* status: nothing to read, ready for commands; data: 0 */
}

static void i8042_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct vm *vm = opaque;

	/* The region is port 0x64 only: the command register. */
	if ((value & 0xff) == I8042_CMD_PULSE_RESET)
		vm_request_stop(vm, VM_STOP_POWEROFF, "guest reset through the i8042");
	else
		log_class(unimp, "i8042: command 0x%02llx ignored", (unsigned long long)value);
}

static const struct mmio_ops i8042_cmd_ops = {
    .read = i8042_read,
    .write = i8042_write,
};

static const struct mmio_ops i8042_data_ops = {
    .read = i8042_read,
};

static int x86_map(struct address_space *as, uint64_t base, uint64_t size,
		   const struct mmio_ops *ops, void *opaque, const char *name)
{
	int ret;

	if (!opaque) {
		log_error("x86_64: out of memory creating the %s device", name);
		return -ENOMEM;
	}
	ret = as_add_mmio(as, base, size, ops, opaque, name);
	if (ret)
		log_error("x86_64: cannot map %s at 0x%llx: %s", name, (unsigned long long)base,
			  strerror(-ret));
	return ret;
}

static int x86_create_ram(struct vm *vm)
{
	uint64_t mem = vm->cfg.mem_size;
	int ret;

	if (mem < X86_MIN_RAM || mem > X86_MAX_RAM || mem % (2ull << 20)) {
		log_error("x86_64: --mem %llu MiB: use 16 MiB to 64 GiB, a multiple of 2 MiB",
			  (unsigned long long)(mem >> 20));
		return -EINVAL;
	}
	ret = as_add_ram(vm->as, 0, mem < X86_MMIO_GAP ? mem : X86_MMIO_GAP);
	if (!ret && mem > X86_MMIO_GAP)
		ret = as_add_ram(vm->as, X86_4G, mem - X86_MMIO_GAP);
	if (ret) {
		log_error("x86_64: cannot allocate %llu MiB of guest RAM: %s",
			  (unsigned long long)(mem >> 20), strerror(-ret));
		return ret;
	}
	return kvm_map_ram(vm);
}

static int x86_create_devices(struct vm *vm, struct x86_board *xb)
{
	struct kvm_pit_config pit = {.flags = 0};
	struct irq_line uart_irq = {.set = kvm_irq_line_set, .ctrl = vm, .irq = X86_UART_IRQ};
	struct irq_line rtc_irq = {.set = kvm_irq_line_set, .ctrl = vm, .irq = X86_RTC_IRQ};
	int ret;

	if (ioctl(kvm_vm_fd(vm), KVM_CREATE_PIT2, &pit) < 0) {
		ret = -errno;
		log_error("x86_64: cannot create the in-kernel PIT: %s", strerror(-ret));
		return ret;
	}
	xb->pio = as_create();
	if (!xb->pio) {
		log_error("x86_64: out of memory creating the port-I/O space");
		return -ENOMEM;
	}
	kvm_set_pio_space(vm, xb->pio);
	xb->uart = uart16550_create(vm->cfg.console_virtio ? NULL : vm->cfg.console, uart_irq);
	ret = x86_map(xb->pio, X86_UART_PORT, 8, &uart16550_mmio_ops, xb->uart, "uart");
	if (!ret)
		ret = x86_map(xb->pio, X86_I8042_DATA_PORT, 1, &i8042_data_ops, vm, "i8042");
	if (!ret)
		ret = x86_map(xb->pio, X86_I8042_CMD_PORT, 1, &i8042_cmd_ops, vm, "i8042");
	if (!ret)
		ret = x86_map(vm->as, X86_TEST_BASE, SIFIVE_TEST_MMIO_SIZE, &sifive_test_mmio_ops,
			      vm, "test");
	if (ret)
		return ret;
	xb->rtc = goldfish_rtc_create(vm->timers, &vm->clock, rtc_irq);
	return x86_map(vm->as, X86_RTC_BASE, GOLDFISH_RTC_MMIO_SIZE, &goldfish_rtc_mmio_ops,
		       xb->rtc, "rtc");
}

static int x86_setup(struct vm *vm)
{
	struct x86_board *xb = calloc(1, sizeof(*xb));
	struct x86_boot_info bi = {0};
	int ret;

	if (!xb)
		return -ENOMEM;
	vm->board_priv = xb;
	if (kvm_vm_fd(vm) < 0) {
		log_error("x86_64 guests need --engine kvm (no software frontend yet)");
		return -ENODEV;
	}
	if (vm->cfg.nvirtio)
		log_warn("x86_64: virtio devices are not wired on this board yet: ignored");
	ret = x86_create_ram(vm);
	if (!ret)
		ret = x86_create_devices(vm, xb);
	if (!ret)
		ret = x86_boot_load(vm, &bi);
	if (!ret)
		ret = x86_cpus_setup(vm, &bi);
	return ret;
}

static void x86_teardown(struct vm *vm)
{
	struct x86_board *xb = vm->board_priv;

	if (!xb)
		return;
	kvm_set_pio_space(vm, NULL);
	uart16550_destroy(xb->uart);
	goldfish_rtc_destroy(xb->rtc);
	as_destroy(xb->pio);
	free(xb);
	vm->board_priv = NULL;
}

static void x86_reset_cpu(struct vm *vm, struct vcpu *cpu)
{
	(void)vm;
	(void)cpu; /* x86_cpus_setup already set every vCPU's state during setup */
}

const struct board_ops x86_microvm_board = {
    .name = "microvm",
    .arch = "x86_64",
    .fe = &x86_64_frontend_ops,
    .setup = x86_setup,
    .teardown = x86_teardown,
    .reset_cpu = x86_reset_cpu,
};
