/*
 * ioapic.h - the I/O APIC of the x86_64 board's software engines (82093AA register set,
 * version 0x11, 24 pins) at X86_IOAPIC_BASE: pins in, APIC-bus messages out.
 */
#ifndef FVP_ARCH_X86_64_IOAPIC_H
#define FVP_ARCH_X86_64_IOAPIC_H

#include <stdbool.h>
#include "arch/x86_64/lapic.h"
#include "core/memory.h"

#define IOAPIC_PINS	 24
#define IOAPIC_MMIO_SIZE 0x1000

struct ioapic;

/* id: its APIC id (the MP table's). Registers itself as the bus's EOI hook. */
struct ioapic *ioapic_create(struct apic_bus *bus, unsigned id);
void ioapic_destroy(struct ioapic *io);
/* irq_line.set: pin's level (any thread). */
void ioapic_set_irq(void *opaque, unsigned pin, bool level);
/* The redirection entry of pin (tests). */
uint64_t ioapic_entry(struct ioapic *io, unsigned pin);

extern const struct mmio_ops ioapic_mmio_ops;

#endif
