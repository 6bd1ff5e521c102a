/*
 * vcpu.h - the ISA- and engine-neutral part of a virtual CPU: identity,
 * host thread, exit requests, the WFI wait and the engine's per-vCPU data.
 * Every vCPU embeds one: a KVM vCPU (src/arch/x86_64) nothing more, a
 * software-emulated CPU through struct soft_cpu (mem/soft_cpu.h), which
 * holds the guest registers, pc, TLB and pending fault. container_of gets
 * the embedding struct back.
 *
 * Threading: each vCPU runs on its own host thread; only that thread
 * touches its state and the engine's data. Other threads talk to it only
 * through exit_request (atomic bits) and vcpu_kick().
 */
#ifndef FVP_CORE_VCPU_H
#define FVP_CORE_VCPU_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/compiler.h"

struct vm;

/* exit_request bits: the engine leaves the block loop to handle them. */
#define EXIT_REQ_IRQ		     0x01u /* interrupt state may have changed: re-check */
#define EXIT_REQ_STOP		     0x02u /* VM is stopping */
#define EXIT_REQ_PAUSE		     0x04u /* VM is pausing */
#define EXIT_REQ_TLB_FLUSH	     0x08u /* flush TLB and jump cache (remote sfence.vma) */
#define EXIT_REQ_ICACHE		     0x10u /* drop stale translations (remote fence.i) */
#define EXIT_REQ_TLB_FLUSH_NONGLOBAL 0x20u /* address-space switch: re-check non-global lookups */

struct vcpu {
	uint32_t exit_request; /* atomic, EXIT_REQ_* */
	unsigned id;
	struct vm *vm;
	void *engine_priv;
	pthread_t thread;
	pthread_mutex_t wait_lock;
	pthread_cond_t wait_cond;
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
int vcpu_init(struct vcpu *cpu, struct vm *vm, unsigned id) __must_check;
void vcpu_fini(struct vcpu *cpu);
/* Block the calling vCPU thread until a kick or until timeout_ns passes. */
void vcpu_wait(struct vcpu *cpu, uint64_t timeout_ns);

#endif
