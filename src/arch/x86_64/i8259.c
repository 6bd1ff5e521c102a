/*
 * i8259.c - the master and slave 8259A (i8259.h): the ICW1-ICW4 initialization sequence
 * (vector base, cascade, auto-EOI), OCW1 (mask), OCW2 (non-specific and specific EOI; the
 * rotations act as the matching EOI), OCW3 (read IRR or ISR, poll), edge or level triggering
 * per IRQ from the ELCR. Priority is fixed (IRQ 0 highest; the slave's requests rank at the
 * master's IRQ 2). Special mask mode, rotation and buffered mode are not modelled.
 *
 * On the software board the output reaches the local APICs whose LINT0 is in ExtINT mode
 * (virtual wire); Linux finds the chips, initializes and masks them, and takes interrupts
 * from the I/O APIC.
 *
 * Invariants: both chips under pic->lock; an edge-triggered request is latched on a rising
 * edge of its line, a level-triggered one follows the line.
 */
#include "arch/x86_64/i8259.h"

#include <pthread.h>
#include <stdlib.h>

struct i8259_chip {
	uint8_t irr, isr, imr, elcr;
	uint8_t lines;	   /* line levels */
	uint8_t base;	   /* ICW2: vector of IRQ 0 */
	uint8_t init_step; /* 0: initialized; 2, 3, 4: the ICW expected next */
	bool icw4, single, auto_eoi, read_isr, poll;
};

struct i8259 {
	pthread_mutex_t lock;
	void (*changed)(void *opaque);
	void *opaque;
	bool output;
	struct i8259_chip chip[2];
};

/* The highest-priority bit of bits (bit 0 first), or -1. */
static int highest(uint8_t bits)
{
	return bits ? __builtin_ctz(bits) : -1;
}

/* The IRQ pin c would signal: requested, unmasked, above what is in service; or -1. */
static int pending_irq(const struct i8259_chip *c)
{
	int req = highest(c->irr & ~c->imr), svc = highest(c->isr);

	if (req < 0 || (svc >= 0 && svc <= req))
		return -1;
	return req;
}

static void set_line_locked(struct i8259 *pic, unsigned chip, unsigned pin, bool level)
{
	struct i8259_chip *c = &pic->chip[chip];
	uint8_t bit = (uint8_t)(1u << pin);
	bool was = c->lines & bit;

	c->lines = level ? c->lines | bit : c->lines & ~bit;
	if (c->elcr & bit)
		c->irr = level ? c->irr | bit : c->irr & ~bit;
	else if (level && !was)
		c->irr |= bit;
}

/* The slave's output is the master's IRQ 2; tell when the master's output goes high. */
static void cascade_locked(struct i8259 *pic)
{
	bool out;

	set_line_locked(pic, 0, 2, pending_irq(&pic->chip[1]) >= 0);
	out = pending_irq(&pic->chip[0]) >= 0;
	if (out && !pic->output && pic->changed)
		pic->changed(pic->opaque);
	pic->output = out;
}

void i8259_set_irq(void *opaque, unsigned irq, bool level)
{
	struct i8259 *pic = opaque;

	if (irq >= 16)
		return;
	pthread_mutex_lock(&pic->lock);
	set_line_locked(pic, irq / 8, irq % 8, level);
	cascade_locked(pic);
	pthread_mutex_unlock(&pic->lock);
}

bool i8259_output(struct i8259 *pic)
{
	bool out;

	pthread_mutex_lock(&pic->lock);
	out = pending_irq(&pic->chip[0]) >= 0;
	pthread_mutex_unlock(&pic->lock);
	return out;
}

/* Acknowledge c's highest request: its pin, or 7 (spurious) when none. */
static unsigned ack_chip_locked(struct i8259_chip *c)
{
	int irq = pending_irq(c);

	if (irq < 0)
		return 7;
	if (!(c->elcr & (1u << irq)))
		c->irr &= (uint8_t) ~(1u << irq);
	if (!c->auto_eoi)
		c->isr |= (uint8_t)(1u << irq);
	return (unsigned)irq;
}

static unsigned ack_locked(struct i8259 *pic)
{
	unsigned irq = ack_chip_locked(&pic->chip[0]);
	unsigned vector = pic->chip[0].base + irq;

	if (irq == 2 && !pic->chip[0].single)
		vector = pic->chip[1].base + ack_chip_locked(&pic->chip[1]);
	cascade_locked(pic);
	return vector;
}

unsigned i8259_ack(struct i8259 *pic)
{
	unsigned v;

	pthread_mutex_lock(&pic->lock);
	v = ack_locked(pic);
	pthread_mutex_unlock(&pic->lock);
	return v;
}

static void ocw2_locked(struct i8259_chip *c, uint8_t v)
{
	unsigned cmd = v >> 5;
	int irq = highest(c->isr);

	if (cmd == 1 || cmd == 5) { /* non-specific EOI (with rotation) */
		if (irq >= 0)
			c->isr &= (uint8_t) ~(1u << irq);
	} else if (cmd == 3 || cmd == 7) { /* specific EOI */
		c->isr &= (uint8_t) ~(1u << (v & 7u));
	}
}

static void write_command_locked(struct i8259 *pic, struct i8259_chip *c, uint8_t v)
{
	if (v & 0x10) { /* ICW1 */
		uint8_t elcr = c->elcr, lines = c->lines;

		*c = (struct i8259_chip){.elcr = elcr, .lines = lines, .init_step = 2};
		c->icw4 = v & 1u;
		c->single = v & 2u;
		c->irr = c->elcr & c->lines;
	} else if (v & 0x08) { /* OCW3 */
		if (v & 2u)
			c->read_isr = v & 1u;
		c->poll = v & 4u;
	} else {
		ocw2_locked(c, v);
	}
	cascade_locked(pic);
}

static void write_data_locked(struct i8259 *pic, struct i8259_chip *c, uint8_t v)
{
	switch (c->init_step) {
	case 2:
		c->base = v & 0xf8;
		c->init_step = c->single ? (c->icw4 ? 4 : 0) : 3;
		break;
	case 3: /* cascade wiring: fixed on a PC */
		c->init_step = c->icw4 ? 4 : 0;
		break;
	case 4:
		c->auto_eoi = v & 2u;
		c->init_step = 0;
		break;
	default:
		c->imr = v;
		break;
	}
	cascade_locked(pic);
}

static uint64_t chip_read(struct i8259 *pic, unsigned chip, uint64_t offset)
{
	struct i8259_chip *c = &pic->chip[chip];
	uint64_t v;

	pthread_mutex_lock(&pic->lock);
	if (offset == 1) {
		v = c->imr;
	} else if (c->poll) {
		int irq = pending_irq(c);

		c->poll = false;
		v = irq < 0 ? 0 : 0x80u | ack_chip_locked(c);
		cascade_locked(pic);
	} else {
		v = c->read_isr ? c->isr : c->irr;
	}
	pthread_mutex_unlock(&pic->lock);
	return v;
}

static void chip_write(struct i8259 *pic, unsigned chip, uint64_t offset, uint64_t value)
{
	pthread_mutex_lock(&pic->lock);
	if (offset == 0)
		write_command_locked(pic, &pic->chip[chip], (uint8_t)value);
	else
		write_data_locked(pic, &pic->chip[chip], (uint8_t)value);
	pthread_mutex_unlock(&pic->lock);
}

static uint64_t master_read(void *opaque, uint64_t offset, unsigned size)
{
	(void)size;
	return chip_read(opaque, 0, offset);
}

static void master_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	(void)size;
	chip_write(opaque, 0, offset, value);
}

static uint64_t slave_read(void *opaque, uint64_t offset, unsigned size)
{
	(void)size;
	return chip_read(opaque, 1, offset);
}

static void slave_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	(void)size;
	chip_write(opaque, 1, offset, value);
}

/* ELCR: IRQ 0, 1, 2, 8 and 13 are always edge-triggered. */
static const uint8_t elcr_writable[2] = {0xf8, 0xde};

static uint64_t elcr_read(void *opaque, uint64_t offset, unsigned size)
{
	struct i8259 *pic = opaque;
	uint64_t v;

	(void)size;
	pthread_mutex_lock(&pic->lock);
	v = pic->chip[offset & 1].elcr;
	pthread_mutex_unlock(&pic->lock);
	return v;
}

static void elcr_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct i8259 *pic = opaque;

	(void)size;
	pthread_mutex_lock(&pic->lock);
	pic->chip[offset & 1].elcr = (uint8_t)value & elcr_writable[offset & 1];
	pthread_mutex_unlock(&pic->lock);
}

const struct mmio_ops i8259_master_mmio_ops = {.read = master_read, .write = master_write};
const struct mmio_ops i8259_slave_mmio_ops = {.read = slave_read, .write = slave_write};
const struct mmio_ops i8259_elcr_mmio_ops = {.read = elcr_read, .write = elcr_write};

struct i8259 *i8259_create(void (*changed)(void *opaque), void *opaque)
{
	struct i8259 *pic = calloc(1, sizeof(*pic));

	if (!pic)
		return NULL;
	pic->changed = changed;
	pic->opaque = opaque;
	if (pthread_mutex_init(&pic->lock, NULL)) {
		free(pic);
		return NULL;
	}
	return pic;
}

void i8259_destroy(struct i8259 *pic)
{
	if (!pic)
		return;
	pthread_mutex_destroy(&pic->lock);
	free(pic);
}
