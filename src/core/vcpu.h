/*
 * vcpu.h - the ISA-neutral part of a virtual CPU, shared by engines,
 * frontends and the soft MMU. A frontend's CPU state embeds struct vcpu
 * as its first member (container_of gets the frontend's state back).
 *
 * Threading: each vCPU runs on its own host thread; only that thread
 * touches slots, pc, tlb and the engine's data. Other threads talk to it
 * only through exit_request (atomic bits) and vcpu_kick().
 */
#ifndef FVP_CORE_VCPU_H
#define FVP_CORE_VCPU_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/compiler.h"
#include "ir/ir.h"
#include "mem/tlb.h"

struct vm;
struct frontend_ops;

/* exit_request bits: the engine leaves the block loop to handle them. */
#define EXIT_REQ_IRQ		     0x01u /* interrupt state may have changed: re-check */
#define EXIT_REQ_STOP		     0x02u /* VM is stopping */
#define EXIT_REQ_PAUSE		     0x04u /* VM is pausing */
#define EXIT_REQ_TLB_FLUSH	     0x08u /* flush TLB and jump cache (remote sfence.vma) */
#define EXIT_REQ_ICACHE		     0x10u /* drop stale translations (remote fence.i) */
#define EXIT_REQ_TLB_FLUSH_NONGLOBAL 0x20u /* address-space switch: re-check non-global lookups */

struct vcpu_stats {
	uint64_t blocks_translated;
	uint64_t blocks_executed;
	uint64_t lookups;     /* block lookups */
	uint64_t lookup_hits; /* found already translated */
	uint64_t traps;
	uint64_t interrupts;
};

struct vcpu {
	/* guest register slots [0, fe->nregs), then IR temps; hot, keep first */
	uint64_t slots[IR_MAX_SLOTS];
	uint64_t pc;
	unsigned mmu_data;  /* TLB regime for loads and stores */
	unsigned mmu_fetch; /* TLB regime for instruction fetch */
	/* a trap raised by a memory access or a helper; the frontend delivers it */
	bool trap_pending;
	uint64_t trap_cause;
	uint64_t trap_tval;
	bool halted;	       /* in WFI: waits until fe->wakeup_pending */
	uint32_t exit_request; /* atomic, EXIT_REQ_* */
	uint64_t instret;      /* guest instructions retired */
	struct tlb tlb;

	struct vm *vm;
	struct address_space *as;
	const struct frontend_ops *fe;
	void *engine_priv;
	unsigned id;
	pthread_t thread;
	pthread_mutex_t wait_lock;
	pthread_cond_t wait_cond;
	struct vcpu_stats stats;
};

static inline void vcpu_request(struct vcpu *cpu, uint32_t bits)
{
	__atomic_fetch_or(&cpu->exit_request, bits, __ATOMIC_SEQ_CST);
}

static inline uint32_t vcpu_take_requests(struct vcpu *cpu)
{
	return __atomic_exchange_n(&cpu->exit_request, 0, __ATOMIC_SEQ_CST);
}

static inline bool vcpu_has_requests(const struct vcpu *cpu)
{
	return __atomic_load_n(&cpu->exit_request, __ATOMIC_RELAXED) != 0;
}

/* Set request bits and wake the vCPU if it waits in WFI. Any thread. */
void vcpu_kick(struct vcpu *cpu, uint32_t bits);
/* Raise a guest trap from a memory access or helper (vCPU thread only). */
static inline void vcpu_raise(struct vcpu *cpu, uint64_t cause, uint64_t tval)
{
	cpu->trap_pending = true;
	cpu->trap_cause = cause;
	cpu->trap_tval = tval;
}

int vcpu_init(struct vcpu *cpu, struct vm *vm, unsigned id) __must_check;
void vcpu_fini(struct vcpu *cpu);
/* Block the calling vCPU thread until a kick or until timeout_ns passes. */
void vcpu_wait(struct vcpu *cpu, uint64_t timeout_ns);

#endif
