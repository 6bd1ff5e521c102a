/*
 * clint.h - the SiFive CLINT of the riscv64 virt board: per-hart software
 * interrupt (msip) and machine timer (mtimecmp), and the shared mtime at the
 * 10 MHz timebase.
 */
#ifndef FVP_ARCH_RISCV64_CLINT_H
#define FVP_ARCH_RISCV64_CLINT_H

#include <stdbool.h>
#include <stdint.h>
#include "core/memory.h"

struct vm;

#define CLINT_MMIO_SIZE	    0x10000
#define CLINT_MSIP_BASE	    0x0
#define CLINT_MTIMECMP_BASE 0x4000
#define CLINT_MTIME	    0xbff8
#define CLINT_TIMEBASE_HZ   10000000ull
#define CLINT_NS_PER_TICK   (1000000000ull / CLINT_TIMEBASE_HZ)

struct clint;

/* The two interrupt lines the CLINT drives into each hart. */
enum clint_line { CLINT_MSI, CLINT_MTI };
/* Sets or clears a hart's line (the board maps it to the hart's mip); any thread, called
 * with the CLINT's lock held. */
typedef void clint_notify_fn(void *opaque, unsigned hart, enum clint_line line, bool level);

/* One msip and mtimecmp per hart, i < vm->ncpus; timers from vm->timers; lines through
 * notify. */
struct clint *clint_create(struct vm *vm, clint_notify_fn *notify, void *opaque);
void clint_destroy(struct clint *c);
/* mtime in timebase ticks (any thread). */
uint64_t clint_mtime(struct clint *c);

/* The region's opaque is the struct clint. */
extern const struct mmio_ops clint_mmio_ops;

#endif
