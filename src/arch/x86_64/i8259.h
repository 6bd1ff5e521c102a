/*
 * i8259.h - the two cascaded 8259A interrupt controllers of a PC (master at ports 0x20-0x21,
 * slave at 0xa0-0xa1 on the master's IRQ 2) and the edge/level control registers (ELCR,
 * ports 0x4d0-0x4d1).
 */
#ifndef FVP_ARCH_X86_64_I8259_H
#define FVP_ARCH_X86_64_I8259_H

#include <stdbool.h>
#include "core/memory.h"

#define I8259_MASTER_PORT 0x20
#define I8259_SLAVE_PORT  0xa0
#define I8259_ELCR_PORT	  0x4d0

struct i8259;

/* changed (may be NULL): the INTR output went high (called with the 8259s' lock held). */
struct i8259 *i8259_create(void (*changed)(void *opaque), void *opaque);
void i8259_destroy(struct i8259 *pic);
/* irq_line.set of ISA IRQ 0-15 (any thread). */
void i8259_set_irq(void *opaque, unsigned irq, bool level);
/* The INTR output: some unmasked request outranks everything in service. */
bool i8259_output(struct i8259 *pic);
/* The interrupt acknowledge cycle: the vector of the highest request (IRR -> ISR); 7 of the
 * chip's base (spurious) when none. */
unsigned i8259_ack(struct i8259 *pic);

/* Regions of 2 ports (opaque = the pic): master and slave; ELCR. */
extern const struct mmio_ops i8259_master_mmio_ops;
extern const struct mmio_ops i8259_slave_mmio_ops;
extern const struct mmio_ops i8259_elcr_mmio_ops;

#endif
