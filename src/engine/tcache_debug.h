/*
 * tcache_debug.h - the translation cache's run loop under a debugger
 * (core/debug.h): breakpoints, single steps and held vCPUs.
 */
#ifndef FVP_ENGINE_TCACHE_DEBUG_H
#define FVP_ENGINE_TCACHE_DEBUG_H

#include <stdbool.h>
#include "core/debug.h"
#include "ir/ir.h"
#include "mem/soft_cpu.h"

enum tcache_debug_verdict {
	TCACHE_DEBUG_RUN,   /* look up and run the block at pc */
	TCACHE_DEBUG_AGAIN, /* back to the top of the run loop (requests first) */
	TCACHE_DEBUG_STOP,  /* the VM stops: leave the run loop */
};

/* Before each block the run loop dispatches: stop at a breakpoint, execute a step or
 * wait while held or while another vCPU's stop is pending. */
enum tcache_debug_verdict tcache_debug_gate(struct soft_cpu *cpu, struct vm_debug *d);
/* The index of the first instruction of blk (after its first) at a breakpoint, or 0: the
 * block must end before it. */
unsigned tcache_debug_cut(const struct vm_debug *d, const struct ir_block *blk);
/* cpu->fault is a watchpoint's (FAULT_WATCH): clear it and stop there (the instruction
 * is not executed; with the frontend's watch_stops_after, it is, then the stop). */
enum tcache_debug_verdict tcache_debug_watch_stop(struct soft_cpu *cpu, struct vm_debug *d);
/* True while cpu must not take interrupts (a step with interrupts masked, a held vCPU). */
bool tcache_debug_masks_irqs(const struct soft_cpu *cpu, const struct vm_debug *d);

#endif
