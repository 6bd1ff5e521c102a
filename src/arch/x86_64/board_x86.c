/*
 * board_x86.c - the x86_64 "microvm" board: RAM with a 3-4 GiB hole, a
 * 16550 UART at port 0x3f8 on IRQ 4, a minimal i8042 for the
 * keyboard-controller reset, the ACPI PM registers and reset register its
 * ACPI tables declare (dev/acpi_pm.c), the CMOS RTC, a port 0x80 sink, two
 * MMIO devices for bare-metal tests (see board_x86.h for the map), the
 * virtio-mmio slots of --drive/--net/--rng/--console virtio; under KVM the
 * in-kernel PIC/IOAPIC/LAPIC and PIT.
 *
 * On the software engines the board has its own local APICs, I/O APIC,
 * 8259s and PIT (lapic.c, ioapic.c, i8259.c, pit.c): every ISA line (the
 * SCI's too) and virtio pin n goes to the 8259s and to I/O APIC pin n, and
 * an APIC kicks its vCPU with EXIT_REQ_IRQ. vCPU 0 starts in long mode (the
 * same boot GDT and page tables as under KVM), or in 32-bit protected mode
 * for a PVH entry; the others wait for INIT and SIPI. Virtio queue kicks
 * take the transport's MMIO path.
 *
 * Virtio: slot i is announced to Linux in the ACPI DSDT (an LNRO0005
 * device, acpi_x86.c). A queue kick is a KVM ioeventfd on the QueueNotify
 * register (datamatch = queue index) read by the I/O thread, and the
 * interrupt is a KVM irqfd written by the I/O thread: neither needs the
 * vCPU to leave to userspace. Where the host lacks either, the transport's
 * MMIO path and KVM_IRQ_LINE do the same work.
 *
 * Reset: a guest reset request through the i8042 (pulse 0xfe, as Linux's
 * reboot=k does) stops the VM with VM_STOP_POWEROFF, i.e. exit status 0
 * (issue 4: an x86 guest "reboot" ends the run successfully); the ACPI reset
 * register (port 0xcf9, Linux's default reboot) with VM_STOP_RESET (status
 * 2), and ACPI S5 (poweroff) with VM_STOP_POWEROFF (dev/acpi_pm.c).
 *
 * Invariants: setup either finishes or returns -errno after one logged
 * line; whatever it created hangs off vm->board_priv, which teardown frees.
 */
#include "arch/x86_64/board_x86.h"
#include "arch/x86_64/cmos_rtc.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/i8259.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/pit.h"

#include <errno.h>
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "core/iothread.h"
#include "core/log.h"
#include "dev/acpi_pm.h"
#include "dev/goldfish_rtc.h"
#include "dev/sifive_test.h"
#include "dev/uart16550.h"
#include "dev/virtio/virtio_mmio.h"
#include "dev/virtio/virtio_set.h"
#include "engine/kvm/kvm.h"

#define X86_MIN_RAM (16ull << 20)
#define X86_MAX_RAM (64ull << 30)

#define I8042_CMD_PULSE_RESET 0xfe
#define I8042_STATUS_SYSFLAG  0x04 /* self-test passed; input and output buffers empty */

#define X86_NR_ISA_IRQS 16

/* A queue's ioeventfd: the I/O thread runs the queue when KVM signals fd. */
struct x86_virtio_notify {
	struct virtio_dev *dev;
	unsigned q;
	int fd;
};

/* The interrupt and timer devices of the software engines (under KVM they are in-kernel);
 * the CMOS RTC on every engine. */
struct x86_soft_chips {
	struct apic_bus *apic;
	struct ioapic *ioapic;
	struct i8259 *pic;
	struct pit *pit;
	struct cmos_rtc *cmos;
};

struct x86_board {
	struct vm *vm;
	struct address_space *pio;
	struct uart16550 *uart;
	struct goldfish_rtc *rtc;
	struct acpi_pm *acpi_pm;
	struct x86_soft_chips chips;
	struct virtio_set *virtio;
	int irqfd[X86_NR_ISA_IRQS]; /* -1: the line is driven with KVM_IRQ_LINE */
	struct x86_virtio_notify notify[VM_MAX_VIRTIO * VIRTIO_MAX_QUEUES];
	unsigned nnotify;
	struct x86_boot_info boot; /* how vCPU 0 enters the guest */
};

static bool on_kvm(struct vm *vm)
{
	return kvm_vm_fd(vm) >= 0;
}

/* irq_line.set of an ISA IRQ (or a virtio slot's pin) on the software engines: the 8259s
 * see it (Linux probes them), the I/O APIC's pin of the same number delivers it. */
static void x86_isa_irq_set(void *ctrl, unsigned irq, bool level)
{
	struct x86_board *xb = ctrl;

	i8259_set_irq(xb->chips.pic, irq, level);
	ioapic_set_irq(xb->chips.ioapic, irq, level);
}

/* An APIC's state changed: its vCPU re-checks (any thread). */
static void x86_apic_notify(void *opaque, unsigned id)
{
	struct vm *vm = opaque;
	struct vcpu *cpu = id < vm->ncpus ? vm->cpus[id] : NULL;

	if (cpu)
		vcpu_kick(cpu, EXIT_REQ_IRQ);
}

/* LINT0's ExtINT source: the 8259s' output and acknowledge cycle. */
static bool x86_extint_pending(void *pic)
{
	return i8259_output(pic);
}

static unsigned x86_extint_ack(void *pic)
{
	return i8259_ack(pic);
}

/* Port 0x80, the POST code port: writes are dropped (Linux's I/O delay). */
static uint64_t post_read(void *opaque, uint64_t offset, unsigned size)
{
	(void)opaque;
	(void)offset;
	(void)size;
	return 0xff;
}

static void post_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	(void)opaque;
	(void)offset;
	(void)value;
	(void)size;
}

static const struct mmio_ops post_ops = {
    .read = post_read,
    .write = post_write,
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

/* Physical addresses where nothing is mapped: reads return all-ones, writes are dropped. */
static uint64_t x86_unassigned_read(void *opaque, uint64_t paddr, unsigned size)
{
	(void)opaque;
	log_class(unimp, "x86_64: %u-byte read of unassigned physical address 0x%llx", size,
		  (unsigned long long)paddr);
	return ~0ull;
}

static void x86_unassigned_write(void *opaque, uint64_t paddr, uint64_t value, unsigned size)
{
	(void)opaque;
	(void)value;
	log_class(unimp, "x86_64: %u-byte write to unassigned physical address 0x%llx dropped",
		  size, (unsigned long long)paddr);
}

static const struct mmio_ops x86_unassigned_ops = {
    .read = x86_unassigned_read,
    .write = x86_unassigned_write,
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
	return on_kvm(vm) ? kvm_map_ram(vm) : 0;
}

/* The ACPI PM1a blocks, PM timer and reset register that the FADT declares (acpi_x86.c). */
static int x86_create_acpi_pm(struct vm *vm, struct x86_board *xb)
{
	struct irq_line sci = {.set = on_kvm(vm) ? kvm_irq_line_set : x86_isa_irq_set,
			       .ctrl = on_kvm(vm) ? (void *)vm : (void *)xb,
			       .irq = X86_SCI_IRQ};
	int ret;

	xb->acpi_pm = acpi_pm_create(vm, &vm->clock, vm->timers, sci);
	ret = x86_map(xb->pio, X86_ACPI_PM_PORT, ACPI_PM_SIZE, &acpi_pm_mmio_ops, xb->acpi_pm,
		      "acpi-pm");
	if (!ret)
		ret = x86_map(xb->pio, X86_RESET_PORT, ACPI_RESET_SIZE, &acpi_reset_mmio_ops,
			      xb->acpi_pm, "acpi-reset");
	return ret;
}

/* The software engines' APICs, 8259s and PIT. */
static int x86_create_soft_chips(struct vm *vm, struct x86_board *xb)
{
	struct x86_soft_chips *c = &xb->chips;
	struct irq_line irq0 = {.set = x86_isa_irq_set, .ctrl = xb, .irq = 0};
	int ret;

	c->apic = apic_bus_create(vm->ncpus, vm->timers, &vm->clock, x86_apic_notify, vm);
	ret = x86_map(vm->as, X86_LAPIC_ALIAS, vm->ncpus * X86_LAPIC_PAGE, &lapic_alias_mmio_ops,
		      c->apic, "lapic");
	if (!ret) {
		c->ioapic = ioapic_create(c->apic, vm->ncpus); /* the MP table's IOAPIC id */
		ret = x86_map(vm->as, X86_IOAPIC_BASE, IOAPIC_MMIO_SIZE, &ioapic_mmio_ops,
			      c->ioapic, "ioapic");
	}
	if (!ret) {
		c->pic = i8259_create(apic_bus_extint_changed, c->apic);
		apic_bus_set_extint(c->apic, &(struct apic_extint){.pending = x86_extint_pending,
								   .ack = x86_extint_ack,
								   .opaque = c->pic});
		ret = x86_map(xb->pio, I8259_MASTER_PORT, 2, &i8259_master_mmio_ops, c->pic, "pic");
	}
	if (!ret)
		ret = x86_map(xb->pio, I8259_SLAVE_PORT, 2, &i8259_slave_mmio_ops, c->pic, "pic");
	if (!ret)
		ret = x86_map(xb->pio, I8259_ELCR_PORT, 2, &i8259_elcr_mmio_ops, c->pic, "elcr");
	if (!ret) {
		c->pit = pit_create(vm->timers, &vm->clock, irq0);
		ret = x86_map(xb->pio, PIT_PORT, PIT_PORTS, &pit_mmio_ops, c->pit, "pit");
	}
	if (!ret)
		ret = x86_map(xb->pio, PIT_PORT_61H, 1, &pit_port61_mmio_ops, c->pit, "port 0x61");
	return ret;
}

static void x86_destroy_soft_chips(struct x86_soft_chips *c)
{
	pit_destroy(c->pit);
	ioapic_destroy(c->ioapic);
	apic_bus_destroy(c->apic);
	i8259_destroy(c->pic);
	cmos_rtc_destroy(c->cmos);
}

static int x86_create_devices(struct vm *vm, struct x86_board *xb)
{
	struct kvm_pit_config pit = {.flags = 0};
	void (*line_set)(void *ctrl, unsigned irq, bool level) =
	    on_kvm(vm) ? kvm_irq_line_set : x86_isa_irq_set;
	void *line_ctrl = on_kvm(vm) ? (void *)vm : (void *)xb;
	struct irq_line uart_irq = {.set = line_set, .ctrl = line_ctrl, .irq = X86_UART_IRQ};
	struct irq_line rtc_irq = {.set = line_set, .ctrl = line_ctrl, .irq = X86_RTC_IRQ};
	int ret;

	if (on_kvm(vm) && ioctl(kvm_vm_fd(vm), KVM_CREATE_PIT2, &pit) < 0) {
		ret = -errno;
		log_error("x86_64: cannot create the in-kernel PIT: %s", strerror(-ret));
		return ret;
	}
	xb->pio = as_create();
	if (!xb->pio) {
		log_error("x86_64: out of memory creating the port-I/O space");
		return -ENOMEM;
	}
	if (on_kvm(vm))
		kvm_set_pio_space(vm, xb->pio);
	ret = on_kvm(vm) ? 0 : x86_create_soft_chips(vm, xb);
	if (ret)
		return ret;
	as_set_unassigned(vm->as, &x86_unassigned_ops, NULL);
	xb->uart = uart16550_create(vm->cfg.console_virtio ? NULL : vm->cfg.console, uart_irq);
	ret = x86_map(xb->pio, X86_UART_PORT, 8, &uart16550_mmio_ops, xb->uart, "uart");
	if (!ret)
		ret = x86_map(xb->pio, X86_I8042_DATA_PORT, 1, &i8042_data_ops, vm, "i8042");
	if (!ret)
		ret = x86_map(xb->pio, X86_I8042_CMD_PORT, 1, &i8042_cmd_ops, vm, "i8042");
	if (!ret)
		ret = x86_map(vm->as, X86_TEST_BASE, SIFIVE_TEST_MMIO_SIZE, &sifive_test_mmio_ops,
			      vm, "test");
	if (!ret) {
		xb->chips.cmos = cmos_rtc_create(NULL);
		ret = x86_map(xb->pio, CMOS_PORT, CMOS_PORTS, &cmos_rtc_mmio_ops, xb->chips.cmos,
			      "cmos");
	}
	if (!ret)
		ret = x86_map(xb->pio, X86_POST_PORT, 1, &post_ops, xb, "port 0x80");
	if (ret)
		return ret;
	xb->rtc = goldfish_rtc_create(vm->timers, &vm->clock, rtc_irq);
	return x86_map(vm->as, X86_RTC_BASE, GOLDFISH_RTC_MMIO_SIZE, &goldfish_rtc_mmio_ops,
		       xb->rtc, "rtc");
}

/* irq_line.set of a virtio slot (ctrl = the board): a rising level pulses the irqfd (the
 * pin is edge-triggered, ISA style); without an irqfd the level goes to KVM_IRQ_LINE. */
static void x86_virtio_irq_set(void *ctrl, unsigned gsi, bool level)
{
	struct x86_board *xb = ctrl;

	if (!on_kvm(xb->vm))
		x86_isa_irq_set(xb, gsi, level);
	else if (xb->irqfd[gsi] < 0)
		kvm_irq_line_set(xb->vm, gsi, level);
	else if (level)
		iothread_event_signal(xb->irqfd[gsi]);
}

/* I/O thread: KVM saw the driver write this queue's index to QueueNotify. */
static void x86_virtio_notify(void *opaque, int fd, uint32_t events)
{
	struct x86_virtio_notify *n = opaque;

	(void)events;
	iothread_event_clear(fd);
	n->dev->ops->queue_notify(n->dev, n->q);
}

/* Drive line gsi through an irqfd when KVM offers one (else KVM_IRQ_LINE). */
static void x86_virtio_wire_irq(struct x86_board *xb, unsigned gsi)
{
	int fd = iothread_event_create();

	if (fd >= 0 && !kvm_irqfd_add(xb->vm, gsi, fd)) {
		xb->irqfd[gsi] = fd;
		return;
	}
	if (fd >= 0)
		close(fd);
	log_class(unimp, "x86_64: no irqfd for IRQ %u: using KVM_IRQ_LINE", gsi);
}

/* One ioeventfd per queue of device dev at base. The I/O thread watches each fd before KVM
 * may signal it; where KVM refuses, kicks keep taking the MMIO exit path (virtio_kick). */
static void x86_virtio_wire_notify(struct x86_board *xb, struct virtio_dev *dev, uint64_t base)
{
	for (unsigned q = 0; q < dev->nvqs; q++) {
		struct x86_virtio_notify *n = &xb->notify[xb->nnotify];
		int fd = iothread_event_create();

		if (fd < 0)
			return;
		n->dev = dev;
		n->q = q;
		n->fd = fd;
		if (iothread_add_fd(dev->io, fd, EPOLLIN, x86_virtio_notify, n)) {
			close(fd);
			return;
		}
		if (kvm_ioeventfd_add(xb->vm, base + VIRTIO_MMIO_QUEUE_NOTIFY, 4, q, fd)) {
			log_class(unimp, "x86_64: no ioeventfd for %s queue %u", dev->ops->name, q);
			iothread_del_fd(dev->io, fd);
			close(fd);
			return;
		}
		xb->nnotify++;
	}
}

static int x86_create_virtio(struct vm *vm, struct x86_board *xb)
{
	if (!vm->cfg.nvirtio)
		return 0;
	if (vm->cfg.nvirtio > VM_MAX_VIRTIO) {
		log_error("x86_64: %u virtio devices asked for: the board has %u slots",
			  vm->cfg.nvirtio, (unsigned)VM_MAX_VIRTIO);
		return -E2BIG;
	}
	xb->virtio = virtio_set_create(vm);
	if (!xb->virtio)
		return -ENOMEM; /* logged */
	for (unsigned i = 0; i < virtio_set_count(xb->virtio); i++) {
		uint64_t base = X86_VIRTIO_BASE + X86_VIRTIO_STRIDE * i;
		unsigned gsi = x86_virtio_irq(i);
		struct irq_line irq = {.set = x86_virtio_irq_set, .ctrl = xb, .irq = gsi};
		int ret = virtio_set_map(xb->virtio, vm->as, i, base, irq);

		if (ret)
			return ret;
		if (on_kvm(vm)) {
			x86_virtio_wire_irq(xb, gsi);
			x86_virtio_wire_notify(xb, virtio_set_dev(xb->virtio, i), base);
		}
	}
	return virtio_set_start(xb->virtio);
}

static int x86_setup(struct vm *vm)
{
	struct x86_board *xb = calloc(1, sizeof(*xb));
	int ret;

	if (!xb)
		return -ENOMEM;
	vm->board_priv = xb;
	xb->vm = vm;
	for (unsigned i = 0; i < X86_NR_ISA_IRQS; i++)
		xb->irqfd[i] = -1;
	ret = x86_create_ram(vm);
	if (!ret)
		ret = x86_create_devices(vm, xb);
	if (!ret)
		ret = x86_create_acpi_pm(vm, xb);
	if (!ret)
		ret = x86_create_virtio(vm, xb);
	if (!ret)
		ret = x86_boot_load(vm, &xb->boot);
	if (!ret && on_kvm(vm))
		ret = x86_cpus_setup(vm, &xb->boot);
	return ret;
}

static void x86_teardown(struct vm *vm)
{
	struct x86_board *xb = vm->board_priv;

	if (!xb)
		return;
	if (on_kvm(vm))
		kvm_set_pio_space(vm, NULL);
	virtio_set_destroy(xb->virtio); /* stops the I/O thread: no callback uses the fds below */
	for (unsigned i = 0; i < xb->nnotify; i++)
		close(xb->notify[i].fd);
	for (unsigned i = 0; i < X86_NR_ISA_IRQS; i++)
		if (xb->irqfd[i] >= 0)
			close(xb->irqfd[i]);
	uart16550_destroy(xb->uart);
	goldfish_rtc_destroy(xb->rtc);
	acpi_pm_destroy(xb->acpi_pm);
	x86_destroy_soft_chips(&xb->chips);
	as_destroy(xb->pio);
	free(xb);
	vm->board_priv = NULL;
}

/* Under KVM, x86_cpus_setup already set every vCPU's state during setup. On the software
 * engines vCPU 0 enters long mode, or 32-bit protected mode with paging off for a PVH entry,
 * as x86_cpu.c does under KVM; the others halt. */
static void x86_reset_cpu(struct vm *vm, struct vcpu *cpu)
{
	struct x86_board *xb = vm->board_priv;
	struct x86_cpu *x;

	if (on_kvm(vm))
		return;
	x = x86_cpu(soft_cpu_of(cpu));
	x->pio = xb->pio;
	x->apic = xb->chips.apic;
	if (cpu->id != 0) {
		x86_cpu_wait_for_sipi(x);
		return;
	}
	if (xb->boot.mode == X86_ENTRY_PVH)
		x86_enter_protected_mode(x, (uint32_t)xb->boot.entry, X86_BOOT_CS32, X86_BOOT_DS);
	else
		x86_enter_long_mode(x, xb->boot.entry, X86_PML4_ADDR, X86_BOOT_CS, X86_BOOT_DS);
	x->gdtr = (struct x86_dtr){.base = X86_GDT_ADDR, .limit = X86_GDT_ENTRIES * 8 - 1};
	x->tr = (struct x86_segment){.selector = X86_BOOT_TR, .limit = 0x67, .attr = 0x8b};
	x->common.slots[X86_RSI] = xb->boot.rsi;
	x->common.slots[X86_RBX] = xb->boot.rbx;
	x->common.slots[X86_RSP] = X86_BOOT_PARAMS_ADDR - 16;
}

/* board_ops.device_counters: the virtio devices' (the others count nothing). */
static unsigned x86_device_counters(struct vm *vm, struct device_counters *out, unsigned max)
{
	const struct x86_board *xb = vm->board_priv;

	return virtio_set_counters(xb->virtio, out, max);
}

const struct board_ops x86_microvm_board = {
    .name = "microvm",
    .arch = "x86_64",
    .fe = &x86_64_frontend_ops,
    .kvm = &x86_kvm_ops,
    .setup = x86_setup,
    .teardown = x86_teardown,
    .reset_cpu = x86_reset_cpu,
    .device_counters = x86_device_counters,
};
