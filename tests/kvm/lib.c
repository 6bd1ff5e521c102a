/* lib.c - runtime of the bare-metal x86-64 KVM tests (see lib.h). */
#include "lib.h"

#define SIFIVE_TEST_FAIL 0x3333u

struct idt_gate {
	uint16_t offset_lo, selector;
	uint8_t ist, type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi, zero;
} __attribute__((packed));

static struct idt_gate idt[256] __attribute__((aligned(16)));
extern const char isr_stubs[];

void isr_dispatch(unsigned vector);

void putc_serial(char c)
{
	while (!(inb(UART + 5) & 0x20))
		cpu_relax();
	outb(UART, (uint8_t)c);
}

void puts_serial(const char *s)
{
	while (*s) {
		if (*s == '\n')
			putc_serial('\r');
		putc_serial(*s++);
	}
}

void put_hex(uint64_t v)
{
	puts_serial("0x");
	for (int shift = 60; shift >= 0; shift -= 4)
		putc_serial("0123456789abcdef"[(v >> shift) & 0xf]);
}

void fail(const char *why)
{
	puts_serial("FAIL: ");
	puts_serial(why);
	puts_serial("\n");
	mmio_write32(TEST_DEVICE, SIFIVE_TEST_FAIL | 1u << 16);
	for (;;)
		__asm__ volatile("cli; hlt");
}

void check(bool ok, const char *what)
{
	if (!ok)
		fail(what);
	puts_serial("ok: ");
	puts_serial(what);
	puts_serial("\n");
}

void pass(const char *name)
{
	puts_serial("PASS (");
	puts_serial(name);
	puts_serial(")\n");
	while (inb(0x64) & 0x02) /* i8042 input buffer busy */
		cpu_relax();
	outb(0x64, 0xfe); /* pulse the reset line: FVP exits with status 0 */
	for (;;)
		__asm__ volatile("cli; hlt");
}

__attribute__((weak)) void irq_handler(unsigned vector)
{
	puts_serial("unexpected interrupt vector ");
	put_hex(vector);
	fail("unexpected interrupt");
}

void isr_dispatch(unsigned vector)
{
	if (vector < 32 && vector != 2) { /* NMIs go to irq_handler too */
		puts_serial("exception vector ");
		put_hex(vector);
		puts_serial("\n");
		fail("unexpected exception");
	}
	irq_handler(vector);
}

void idt_init(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) idtr = {sizeof(idt) - 1, (uint64_t)(uintptr_t)idt};

	for (unsigned v = 0; v < 256; v++) {
		uint64_t a = (uint64_t)(uintptr_t)(isr_stubs + 16 * v);

		idt[v] = (struct idt_gate){
		    .offset_lo = (uint16_t)a,
		    .selector = 0x10,
		    .type_attr = 0x8e, /* present, ring 0, 64-bit interrupt gate */
		    .offset_mid = (uint16_t)(a >> 16),
		    .offset_hi = (uint32_t)(a >> 32),
		};
	}
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

void lapic_enable(void)
{
	/* KVM resets the boot vCPU's LINT0 to ExtINT (virtual wire): mask the 8259s, whose
	 * vectors would collide with exceptions, so only the IOAPIC delivers. */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
	mmio_write32(LAPIC_BASE + LAPIC_TPR, 0);
	mmio_write32(LAPIC_BASE + LAPIC_SVR, 0x100 | 0xff); /* enabled, spurious vector 0xff */
}

void lapic_eoi(void)
{
	mmio_write32(LAPIC_BASE + LAPIC_EOI, 0);
}

void ioapic_route(unsigned pin, unsigned vector, unsigned apic_id)
{
	mmio_write32(IOAPIC_BASE, 0x11 + 2 * pin);
	mmio_write32(IOAPIC_BASE + 0x10, apic_id << 24);
	mmio_write32(IOAPIC_BASE, 0x10 + 2 * pin);
	mmio_write32(IOAPIC_BASE + 0x10, vector); /* fixed, physical, edge, high, unmasked */
}
