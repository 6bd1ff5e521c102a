/*
 * lib.h - runtime of the bare-metal x86-64 KVM tests: port and MMIO access, the serial
 * console (16550 at 0x3f8), the interrupt controllers and the ways a test ends.
 * A test passes by printing "PASS (name)" and asking for a reset through the i8042, which
 * FVP turns into exit status 0; it fails through the test device (exit status 3).
 */
#ifndef KVM_TEST_LIB_H
#define KVM_TEST_LIB_H

#include <stdbool.h>
#include <stdint.h>

#define UART	    0x3f8
#define TEST_DEVICE 0xd0000000ul
#define RTC_BASE    0xd0001000ul
#define IOAPIC_BASE 0xfec00000ul
#define LAPIC_BASE  0xfee00000ul

#define LAPIC_ID     0x20
#define LAPIC_TPR    0x80
#define LAPIC_EOI    0xb0
#define LAPIC_SVR    0xf0
#define LAPIC_ICR_LO 0x300
#define LAPIC_ICR_HI 0x310

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

void putc_serial(char c);
void puts_serial(const char *s);
void put_hex(uint64_t v);
void check(bool ok, const char *what);
__attribute__((noreturn)) void pass(const char *name);
__attribute__((noreturn)) void fail(const char *why);

/* Interrupts: an IDT whose vectors 32..255 call irq_handler(vector); LAPIC on, IOAPIC pins. */
void idt_init(void);
void irq_handler(unsigned vector);
void lapic_enable(void);
void lapic_eoi(void);
void ioapic_route(unsigned pin, unsigned vector, unsigned apic_id);

#endif
