/*
 * uart16550.h - an NS16550A UART (reg-shift 0, byte registers) joined to a
 * chardev back-end and one interrupt line.
 */
#ifndef FVP_DEV_UART16550_H
#define FVP_DEV_UART16550_H

#include "core/memory.h"
#include "dev/chardev.h"

#define UART16550_MMIO_SIZE 0x100
#define UART16550_RX_FIFO   64u
#define UART16550_CLOCK_HZ  3686400u

struct uart16550;

/* cd may be NULL (output dropped, no input). NULL on allocation failure. */
struct uart16550 *uart16550_create(struct chardev *cd, struct irq_line irq);
void uart16550_destroy(struct uart16550 *u);

/* The region's opaque is the struct uart16550. */
extern const struct mmio_ops uart16550_mmio_ops;

#endif
