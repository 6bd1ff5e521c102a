/*
 * plic.h - the SiFive PLIC of the riscv64 virt board: 96 level-triggered
 * sources (1..95), 7 priority levels, and per-context enables, threshold
 * and claim/complete. The board maps context 2*hart to MEIP and 2*hart+1
 * to SEIP through the notify callback.
 */
#ifndef FVP_ARCH_RISCV64_PLIC_H
#define FVP_ARCH_RISCV64_PLIC_H

#include <stdbool.h>
#include <stdint.h>
#include "core/memory.h"

#define PLIC_MMIO_SIZE	    0x600000
#define PLIC_NUM_SOURCES    96 /* source 0 is "no interrupt" */
#define PLIC_MAX_PRIORITY   7
#define PLIC_PRIORITY_BASE  0x0
#define PLIC_PENDING_BASE   0x1000
#define PLIC_ENABLE_BASE    0x2000
#define PLIC_ENABLE_STRIDE  0x80
#define PLIC_CONTEXT_BASE   0x200000
#define PLIC_CONTEXT_STRIDE 0x1000
#define PLIC_MAX_CONTEXTS   64

struct plic;

/* Called (under the PLIC lock) when context ctx's interrupt output changes level. */
typedef void (*plic_notify_fn)(void *opaque, unsigned ctx, bool level);

struct plic *plic_create(unsigned ncontexts, plic_notify_fn notify, void *opaque);
void plic_destroy(struct plic *p);
/* struct irq_line set function: ctrl is the struct plic, irq the source (1..95). */
void plic_set_irq(void *plic, unsigned irq, bool level);

/* The region's opaque is the struct plic. */
extern const struct mmio_ops plic_mmio_ops;

#endif
