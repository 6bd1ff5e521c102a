/*
 * soft_cpu.h - a software-emulated CPU: what the software engines (interp,
 * jit, hybrid) run and the soft MMU translates for, on top of the neutral
 * struct vcpu it embeds.
 *
 * It holds the guest register slots (IR slots: the frontend's registers,
 * then the block's temporaries), pc, the TLB and its current regimes, and
 * the pending fault. A frontend's CPU state embeds struct soft_cpu
 * (container_of gets it back); a KVM vCPU does not.
 *
 * Faults: a memory access, the instruction fetch, a page walk or a
 * frontend helper records at most one fault in cpu->fault and the
 * instruction stops there; the engine stops the block at the faulting
 * instruction (every earlier one committed) and calls the frontend's
 * do_trap, which turns the record into the architectural exception. The
 * shared code records memory faults (page, access, misaligned) with the
 * access, regime and address; a frontend's own exceptions (illegal
 * instruction, ecall, ...) carry its code and value (vcpu_raise).
 *
 * TLB regimes: the frontend names how many (frontend_ops.tlb_regimes) and
 * selects the current ones with soft_cpu_set_regimes, which also keeps
 * tlb_data, the data regime's table, so the load/store fast paths (mmu.h,
 * the JIT) index it with no extra load (DESIGN_DECISIONS.md 10).
 *
 * Only the vCPU's own thread touches any of this.
 */
#ifndef FVP_MEM_SOFT_CPU_H
#define FVP_MEM_SOFT_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include "core/compiler.h"
#include "core/mem_access.h"
#include "core/vcpu.h"
#include "mem/tlb.h"

struct address_space;
struct frontend_ops;

/* Register slots: a frontend's registers and an IR block's temporaries (the engines assert
 * that the IR's slot count fits). */
#define SOFT_CPU_SLOTS 1120

enum fault_kind {
	FAULT_NONE = 0,
	FAULT_PAGE,	  /* the page walk refused the access (no mapping, no permission) */
	FAULT_ACCESS,	  /* the physical access failed: nothing there, not RAM, PMP */
	FAULT_MISALIGNED, /* an access that must be aligned (atomics) was not */
	FAULT_ARCH,	  /* raised by the frontend itself: code and value are its own */
	FAULT_WATCH,	  /* a debugger's watchpoint (core/debug.h): the engine stops, no trap;
			   * addr is the watched byte, code the watchpoint's kind */
};

/* The pending fault. Memory faults (PAGE, ACCESS, MISALIGNED) fill access, regime and
 * addr; a write is access == MMU_WRITE (read-modify-write atomics translate as writes).
 * FAULT_ARCH fills code and value (riscv64: cause and tval). */
struct cpu_fault {
	enum fault_kind kind;
	enum mmu_access access; /* fetch (MMU_EXEC), load (MMU_READ) or store (MMU_WRITE) */
	unsigned regime;	/* TLB regime (the frontend's privilege/translation mode) */
	uint64_t addr;		/* the guest virtual address that faulted */
	uint64_t code, value;
};

struct soft_cpu_stats {
	uint64_t blocks_translated;
	uint64_t blocks_executed;
	uint64_t lookups;     /* block lookups */
	uint64_t lookup_hits; /* found already translated */
	uint64_t traps;
	uint64_t interrupts;
};

struct soft_cpu {
	/* guest register slots [0, fe->nregs), then IR temps; hot, keep first */
	uint64_t slots[SOFT_CPU_SLOTS];
	uint64_t pc;
	struct tlb_entry *tlb_data; /* regime mmu_data's table: the fast paths' base */
	unsigned mmu_data;	    /* TLB regime for loads and stores */
	unsigned mmu_fetch;	    /* TLB regime for instruction fetch */
	struct cpu_fault fault;	    /* kind FAULT_NONE unless a fault is pending */
	bool halted;		    /* in WFI: waits until fe->wakeup_pending */
	bool watch_suspended;	    /* executing the access a watchpoint stops after */
	uint64_t instret;	    /* guest instructions retired */
	struct tlb tlb;
	const struct frontend_ops *fe;
	struct address_space *as;
	struct soft_cpu_stats stats;
	struct vcpu vcpu;
};

static inline struct soft_cpu *soft_cpu_of(struct vcpu *v)
{
	return container_of(v, struct soft_cpu, vcpu);
}

/* Is a fault pending? */
static inline bool soft_cpu_faulted(const struct soft_cpu *cpu)
{
	return cpu->fault.kind != FAULT_NONE;
}

static inline void soft_cpu_clear_fault(struct soft_cpu *cpu)
{
	cpu->fault.kind = FAULT_NONE;
}

/* Record a memory fault of kind (FAULT_PAGE, FAULT_ACCESS, FAULT_MISALIGNED) at addr. */
static inline void soft_cpu_fault(struct soft_cpu *cpu, enum fault_kind kind, enum mmu_access acc,
				  unsigned regime, uint64_t addr)
{
	cpu->fault =
	    (struct cpu_fault){.kind = kind, .access = acc, .regime = regime, .addr = addr};
}

/* Raise the frontend's own exception code with its value (vCPU thread only). */
static inline void vcpu_raise(struct soft_cpu *cpu, uint64_t code, uint64_t value)
{
	cpu->fault = (struct cpu_fault){.kind = FAULT_ARCH, .code = code, .value = value};
}

/* Select the TLB regimes for loads/stores and for fetch (below fe->tlb_regimes). */
static inline void soft_cpu_set_regimes(struct soft_cpu *cpu, unsigned data, unsigned fetch)
{
	cpu->mmu_data = data;
	cpu->mmu_fetch = fetch;
	cpu->tlb_data = tlb_regime(&cpu->tlb, data);
}

/* Set up cpu for frontend fe (vcpu_init, a TLB of fe->tlb_regimes regimes, regime 0). */
int soft_cpu_init(struct soft_cpu *cpu, struct vm *vm, unsigned id,
		  const struct frontend_ops *fe) __must_check;
void soft_cpu_fini(struct soft_cpu *cpu);

/* Flush this vCPU's TLB (all regimes, or one page in every regime) and ask its engine to
 * drop virtual-pc lookups (jump cache) before the next block. vCPU thread only. */
void vcpu_tlb_flush(struct soft_cpu *cpu);
void vcpu_tlb_flush_page(struct soft_cpu *cpu, uint64_t vaddr);
/* The same for an address-space switch: global translations (PROT_GLOBAL) stay, in the TLB
 * and in the jump cache. */
void vcpu_tlb_flush_nonglobal(struct soft_cpu *cpu);

#endif
