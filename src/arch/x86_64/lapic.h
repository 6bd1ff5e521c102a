/*
 * lapic.h - the local APICs of the x86_64 board's software engines and the APIC bus that
 * joins them to the I/O APIC: xAPIC registers, the timer (one-shot, periodic, TSC-deadline),
 * IPIs (fixed, lowest priority, NMI, INIT, SIPI; shorthands) and what the software CPU
 * accepts from its APIC.
 *
 * Threads: registers are written by their vCPU (MMIO through its per-vCPU alias, MSRs),
 * messages arrive from other vCPUs (IPIs), device threads (I/O APIC) and the timer thread;
 * each APIC keeps its state under its own mutex and tells its vCPU through notify (the board
 * kicks the vCPU with EXIT_REQ_IRQ) whenever something may have become deliverable.
 */
#ifndef FVP_ARCH_X86_64_LAPIC_H
#define FVP_ARCH_X86_64_LAPIC_H

#include <stdbool.h>
#include <stdint.h>
#include "core/clock.h"
#include "core/memory.h"

/* Per-vCPU aliases of the xAPIC page: the software CPU's page walker maps the APIC base page
 * of vCPU i to X86_LAPIC_ALIAS + i * 0x1000, beyond any address a page table can name. */
#define X86_LAPIC_ALIAS	      (1ull << 52)
#define X86_LAPIC_PAGE	      0x1000ull
#define LAPIC_TIMER_HZ	      25000000ull /* the core crystal clock of CPUID leaf 0x15 */
#define LAPIC_DELIVERY_FIXED  0u
#define LAPIC_DELIVERY_LOWEST 1u
#define LAPIC_DELIVERY_SMI    2u
#define LAPIC_DELIVERY_NMI    4u
#define LAPIC_DELIVERY_INIT   5u
#define LAPIC_DELIVERY_SIPI   6u
#define LAPIC_DELIVERY_EXTINT 7u

struct apic_bus;

/* A message on the APIC bus: an I/O APIC redirection entry or an ICR. */
struct apic_msg {
	uint8_t vector;
	uint8_t delivery; /* LAPIC_DELIVERY_* */
	uint8_t dest;	  /* APIC id, or a logical destination */
	bool logical;
	bool level; /* level-triggered: EOI is broadcast back to the I/O APIC */
};

/* The vCPU of APIC id learns that its interrupt state may have changed. */
typedef void apic_notify_fn(void *opaque, unsigned id);
/* The I/O APIC's end of interrupt for vector (a level-triggered one was EOIed). */
typedef void apic_eoi_fn(void *opaque, unsigned vector);

/* The 8259s' INTR output as an APIC's LINT0 sees it in ExtINT mode: whether it is high, and
 * the acknowledge cycle that returns the vector. Called under an APIC's lock. */
struct apic_extint {
	bool (*pending)(void *opaque);
	unsigned (*ack)(void *opaque);
	void *opaque;
};

struct apic_bus *apic_bus_create(unsigned ncpus, struct timer_queue *timers,
				 const struct vclock *clock, apic_notify_fn *notify, void *opaque);
void apic_bus_destroy(struct apic_bus *bus);
void apic_bus_set_eoi(struct apic_bus *bus, apic_eoi_fn *eoi, void *opaque);
void apic_bus_set_extint(struct apic_bus *bus, const struct apic_extint *extint);
/* The 8259s' output changed: every vCPU re-checks (any thread; takes no APIC lock). */
void apic_bus_extint_changed(void *bus);
/* Deliver m to the APICs it names (any thread). */
void apic_bus_deliver(struct apic_bus *bus, const struct apic_msg *m);

/* The alias region (ncpus pages at X86_LAPIC_ALIAS; opaque = the bus). */
extern const struct mmio_ops lapic_alias_mmio_ops;

/* The vCPU's side (its own thread; id = the vCPU index). */
enum lapic_event {
	LAPIC_EV_NONE,
	LAPIC_EV_INIT, /* enter the wait-for-SIPI state */
	LAPIC_EV_SIPI, /* start at vector * 0x1000 (only taken while waiting for SIPI) */
	LAPIC_EV_NMI,
	LAPIC_EV_INTR, /* a maskable interrupt: *vector */
};
/* What the CPU takes next, highest priority first: INIT, SIPI (waiting only), NMI (unless
 * blocked), the highest interrupt above the processor priority (if intr_open). Taking it
 * acknowledges it (IRR -> ISR); then, with intr_open, an ExtINT from the 8259s when LINT0
 * is unmasked in ExtINT mode (acknowledged at the 8259s; nothing goes in service here). */
enum lapic_event lapic_take(struct apic_bus *bus, unsigned id, bool waiting_sipi, bool nmi_blocked,
			    bool intr_open, unsigned *vector);
/* Whether lapic_take would return something other than NONE (hlt wake-up); no change. */
bool lapic_pending(struct apic_bus *bus, unsigned id, bool waiting_sipi, bool nmi_blocked,
		   bool intr_open);
/* CR8 (TPR bits 7:4). */
unsigned lapic_get_cr8(struct apic_bus *bus, unsigned id);
void lapic_set_cr8(struct apic_bus *bus, unsigned id, unsigned cr8);
/* IA32_TSC_DEADLINE: tsc_offset = guest TSC - VM clock ns (the TSC runs at 1 GHz). */
uint64_t lapic_get_tsc_deadline(struct apic_bus *bus, unsigned id);
void lapic_set_tsc_deadline(struct apic_bus *bus, unsigned id, uint64_t tsc, int64_t tsc_offset);
/* Register access by offset within the page (for tests and the alias region). */
uint32_t lapic_read(struct apic_bus *bus, unsigned id, unsigned offset);
void lapic_write(struct apic_bus *bus, unsigned id, unsigned offset, uint32_t value);

#endif
