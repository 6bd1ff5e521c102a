/*
 * frontend_ops.h - the interface every guest ISA implements (one const table).
 *
 * Engines and the soft MMU know guests only through this table: translate a
 * block to IR, deliver traps and interrupts, walk page tables. The frontend
 * keeps all architectural state in its own struct, which embeds struct
 * soft_cpu (mem/soft_cpu.h) for a frontend the software engines run, or
 * only struct vcpu for one KVM runs (no translate_block). The table lives in
 * the core, below all its users (engines, soft MMU, boards), and names the
 * IR's and the soft CPU's types only by declaration.
 */
#ifndef FVP_CORE_FRONTEND_OPS_H
#define FVP_CORE_FRONTEND_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "core/mem_access.h"

struct vm;
struct vcpu;
struct soft_cpu;
struct ir_block;
struct ir_helper;
struct frontend_debug_ops;
struct snap_enc;
struct snap_dec;

/* Every frontend fills name, cpu_create, cpu_destroy and dump_state; the rest only a
 * frontend the software engines run. */
struct frontend_ops {
	const char *name;
	unsigned nregs;			 /* guest register slots */
	const char *const *reg_names;	 /* nregs names */
	const struct ir_helper *helpers; /* CALL targets, indexed by ir_insn.c */
	unsigned nhelpers;
	unsigned tlb_regimes; /* TLB regimes (mmu_idx values) of the soft MMU */

	/* Allocate and reset one CPU (returns its embedded struct vcpu), or NULL. */
	struct vcpu *(*cpu_create)(struct vm *vm, unsigned id);
	void (*cpu_destroy)(struct vcpu *cpu);
	/* Translation-mode key of the current state (privilege, FP enabled, ...): blocks are
	 * reused only under the same key. */
	uint32_t (*block_flags)(struct soft_cpu *cpu);
	/* Translate the block starting at cpu->pc into blk (reset by the caller with pc and
	 * flags), fetching with mmu_fetch and recording each instruction's bytes
	 * (ir_begin_guest). Every instruction starts on the block's first page; the last may
	 * cross into the next one, and blk->end_pc is the byte after it. Returns 0; -1 if the
	 * very first instruction cannot be fetched (fault pending). */
	int (*translate_block)(struct soft_cpu *cpu, struct ir_block *blk);
	/* Page walk: vaddr -> paddr for acc in regime mmu_idx; *prot gets the page's rights in
	 * that regime. Returns 0 or -1 with the fault recorded (soft_cpu_fault). */
	int (*mmu_translate)(struct soft_cpu *cpu, uint64_t vaddr, enum mmu_access acc,
			     unsigned mmu_idx, uint64_t *paddr, unsigned *prot);
	/* Deliver cpu->fault (pc = faulting instruction) as the architecture's exception. */
	void (*do_trap)(struct soft_cpu *cpu);
	/* Take the highest-priority enabled pending interrupt, if any; true if taken. */
	bool (*check_interrupts)(struct soft_cpu *cpu);
	/* True if some interrupt is pending (enabled or not): ends WFI. */
	bool (*wakeup_pending)(struct soft_cpu *cpu);
	/* Disassemble the instruction at pc for -d in_asm from its bytes (memory order), of which
	 * avail are given, in the mode of block flags flags; returns the bytes consumed, or
	 * -EINVAL if avail is too short. */
	int (*disas)(char *buf, size_t len, uint64_t pc, uint32_t flags, const uint8_t *bytes,
		     size_t avail);
	void (*dump_state)(struct vcpu *cpu, FILE *out);
	/* Optional, parked vCPUs only: the architectural state of cpu in a snapshot record
	 * (core/snapshot_state.h), and back over a reset vCPU. Derived state (TLB, translations,
	 * an LR reservation) is not saved: load drops it. 0 or -errno. */
	int (*save_cpu)(struct vcpu *cpu, struct snap_enc *e);
	int (*load_cpu)(struct vcpu *cpu, struct snap_dec *d);
	/* Optional: the privilege mode cpu runs in ("M", "S", "U"); parked vCPUs only. */
	const char *(*privilege_name)(struct vcpu *cpu);
	/* Debugger support (core/debug.h), or NULL. */
	const struct frontend_debug_ops *debug;
};

#endif
