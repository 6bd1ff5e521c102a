/*
 * ioapic.c - the I/O APIC (ioapic.h): IOREGSEL at 0x00, IOWIN at 0x10; registers ID,
 * version (0x00170011), arbitration and the 24 redirection entries (vector, delivery mode,
 * physical or logical destination, polarity, trigger, mask; delivery status and remote IRR
 * read-only).
 *
 * An edge-triggered pin sends its message on each rising edge of its active level while
 * unmasked; a level-triggered pin sends it while active and unmasked with remote IRR clear,
 * and sets remote IRR (fixed and lowest-priority messages) until a local APIC's EOI of its
 * vector clears it, after which a still active pin sends again. Writes to read-only bits and
 * reserved registers are ignored.
 *
 * Invariants: state under io->lock, which is held while a message goes out (the lock order
 * is I/O APIC, then local APIC; the APICs call the EOI hook without their locks).
 */
#include "arch/x86_64/ioapic.h"

#include <pthread.h>
#include <stdlib.h>

#define IOAPIC_VERSION	(0x11u | (IOAPIC_PINS - 1u) << 16)
#define RTE_VECTOR	0xffull
#define RTE_DELIVERY(e) ((unsigned)((e) >> 8) & 7u)
#define RTE_LOGICAL	(1ull << 11)
#define RTE_LOW_ACTIVE	(1ull << 13)
#define RTE_REMOTE_IRR	(1ull << 14)
#define RTE_LEVEL	(1ull << 15)
#define RTE_MASKED	(1ull << 16)
#define RTE_READ_ONLY	((1ull << 12) | RTE_REMOTE_IRR)
#define RTE_WRITABLE	(0xff0000000001ffffull & ~RTE_READ_ONLY)

struct ioapic {
	pthread_mutex_t lock;
	struct apic_bus *bus;
	uint32_t id, regsel;
	uint32_t lines; /* pin levels as driven */
	uint64_t rte[IOAPIC_PINS];
};

static bool active_locked(const struct ioapic *io, unsigned pin)
{
	bool level = (io->lines >> pin) & 1u;

	return level != ((io->rte[pin] & RTE_LOW_ACTIVE) != 0);
}

static void send_locked(struct ioapic *io, unsigned pin)
{
	uint64_t e = io->rte[pin];
	struct apic_msg m = {.vector = (uint8_t)(e & RTE_VECTOR),
			     .delivery = (uint8_t)RTE_DELIVERY(e),
			     .dest = (uint8_t)(e >> 56),
			     .logical = (e & RTE_LOGICAL) != 0,
			     .level = (e & RTE_LEVEL) != 0};

	if (m.level && m.delivery <= LAPIC_DELIVERY_LOWEST)
		io->rte[pin] |= RTE_REMOTE_IRR;
	apic_bus_deliver(io->bus, &m);
}

/* A level-triggered pin: send if active, unmasked and not awaiting EOI. */
static void level_check_locked(struct ioapic *io, unsigned pin)
{
	uint64_t e = io->rte[pin];

	if ((e & RTE_LEVEL) && !(e & (RTE_MASKED | RTE_REMOTE_IRR)) && active_locked(io, pin))
		send_locked(io, pin);
}

void ioapic_set_irq(void *opaque, unsigned pin, bool level)
{
	struct ioapic *io = opaque;
	bool was;

	if (pin >= IOAPIC_PINS)
		return;
	pthread_mutex_lock(&io->lock);
	was = active_locked(io, pin);
	io->lines = (io->lines & ~(1u << pin)) | (uint32_t)level << pin;
	if (io->rte[pin] & RTE_LEVEL)
		level_check_locked(io, pin);
	else if (!was && active_locked(io, pin) && !(io->rte[pin] & RTE_MASKED))
		send_locked(io, pin);
	pthread_mutex_unlock(&io->lock);
}

static void ioapic_eoi(void *opaque, unsigned vector)
{
	struct ioapic *io = opaque;

	pthread_mutex_lock(&io->lock);
	for (unsigned pin = 0; pin < IOAPIC_PINS; pin++) {
		uint64_t e = io->rte[pin];

		if ((e & RTE_LEVEL) && (e & RTE_REMOTE_IRR) && (e & RTE_VECTOR) == vector) {
			io->rte[pin] &= ~RTE_REMOTE_IRR;
			level_check_locked(io, pin);
		}
	}
	pthread_mutex_unlock(&io->lock);
}

static uint32_t read_reg_locked(const struct ioapic *io, uint32_t reg)
{
	if (reg == 0)
		return io->id << 24;
	if (reg == 1)
		return IOAPIC_VERSION;
	if (reg == 2)
		return io->id << 24; /* arbitration id */
	if (reg >= 0x10 && reg < 0x10 + 2 * IOAPIC_PINS) {
		uint64_t e = io->rte[(reg - 0x10) / 2];

		return (uint32_t)(reg % 2 ? e >> 32 : e);
	}
	return 0;
}

static void write_reg_locked(struct ioapic *io, uint32_t reg, uint32_t v)
{
	unsigned pin = (reg - 0x10) / 2;
	uint64_t e;

	if (reg == 0) {
		io->id = (v >> 24) & 0xf;
		return;
	}
	if (reg < 0x10 || reg >= 0x10 + 2 * IOAPIC_PINS)
		return;
	e = io->rte[pin];
	if (reg % 2)
		e = (e & 0xffffffffull) | (uint64_t)v << 32;
	else
		e = (e & ~0xffffffffull) | v;
	io->rte[pin] = (e & RTE_WRITABLE) | (io->rte[pin] & RTE_READ_ONLY);
	if (!(io->rte[pin] & RTE_LEVEL))
		io->rte[pin] &= ~RTE_REMOTE_IRR;
	level_check_locked(io, pin); /* unmasking an active level-triggered pin sends */
}

static uint64_t ioapic_read(void *opaque, uint64_t offset, unsigned size)
{
	struct ioapic *io = opaque;
	uint64_t v = 0;

	(void)size;
	pthread_mutex_lock(&io->lock);
	if (offset == 0)
		v = io->regsel;
	else if (offset == 0x10)
		v = read_reg_locked(io, io->regsel);
	pthread_mutex_unlock(&io->lock);
	return v;
}

static void ioapic_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct ioapic *io = opaque;

	(void)size;
	pthread_mutex_lock(&io->lock);
	if (offset == 0)
		io->regsel = (uint32_t)value & 0xff;
	else if (offset == 0x10)
		write_reg_locked(io, io->regsel, (uint32_t)value);
	pthread_mutex_unlock(&io->lock);
}

const struct mmio_ops ioapic_mmio_ops = {
    .read = ioapic_read,
    .write = ioapic_write,
};

uint64_t ioapic_entry(struct ioapic *io, unsigned pin)
{
	uint64_t e;

	pthread_mutex_lock(&io->lock);
	e = pin < IOAPIC_PINS ? io->rte[pin] : 0;
	pthread_mutex_unlock(&io->lock);
	return e;
}

struct ioapic *ioapic_create(struct apic_bus *bus, unsigned id)
{
	struct ioapic *io = calloc(1, sizeof(*io));

	if (!io)
		return NULL;
	if (pthread_mutex_init(&io->lock, NULL)) {
		free(io);
		return NULL;
	}
	io->bus = bus;
	io->id = id & 0xf;
	for (unsigned pin = 0; pin < IOAPIC_PINS; pin++)
		io->rte[pin] = RTE_MASKED;
	apic_bus_set_eoi(bus, ioapic_eoi, io);
	return io;
}

void ioapic_destroy(struct ioapic *io)
{
	if (!io)
		return;
	pthread_mutex_destroy(&io->lock);
	free(io);
}
