/*
 * engine_ops.h - the interface every execution engine implements (one const table).
 *
 * An engine runs one vCPU on the calling thread until the VM stops. It owns
 * the vCPU's translations and, through vm_init, any per-VM state it needs
 * (vm->engine_priv: KVM's VM file descriptor). The VM core only creates,
 * starts and stops; which engine runs a VM is chosen above the core
 * (src/arch/machine.c).
 */
#ifndef FVP_CORE_ENGINE_OPS_H
#define FVP_CORE_ENGINE_OPS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct vm;
struct vcpu;

/* One vCPU's counters as an engine keeps them (what it does not count stays 0). */
struct vcpu_stats {
	uint64_t pc;
	uint64_t instructions;
	uint64_t blocks_translated;
	uint64_t blocks_executed;
	uint64_t block_lookups, block_lookup_hits;   /* the run loop's block cache */
	uint64_t jump_cache_probes, jump_cache_hits; /* compiled code's inline probes */
	uint64_t tlb_hits, tlb_misses;
	bool tlb_hits_counted;	    /* compiled code may count no hits (tlb_hits 0) */
	uint64_t traps, interrupts; /* exits from the guest's flow */
};

struct engine_ops {
	const char *name;
	/* Optional: per-VM state, before any vCPU exists (vm->engine_priv); 0 or -errno with
	 * one line logged. vm_fini runs after every vCPU's vcpu_fini, also after a failed
	 * vm_init. */
	int (*vm_init)(struct vm *vm);
	void (*vm_fini)(struct vm *vm);
	int (*vcpu_init)(struct vcpu *cpu);
	void (*vcpu_fini)(struct vcpu *cpu);
	/* Run until EXIT_REQ_STOP; returns 0 or a negative error (host failure). */
	int (*vcpu_run)(struct vcpu *cpu);
	void (*print_stats)(struct vcpu *const *cpus, unsigned n, double seconds, FILE *out);
	/* Optional: cpu's pc and counters. Only while its thread is parked (vm_pause) or
	 * gone: they are the thread's own, unsynchronized. */
	void (*vcpu_stats)(struct vcpu *cpu, struct vcpu_stats *out);
	/* Optional: make a vCPU running guest code outside FVP's loop (KVM_RUN) notice its
	 * exit_request bits soon. Called by vcpu_kick with the vCPU's wait_lock held. */
	void (*kick)(struct vcpu *cpu);
};

#endif
