/*
 * engine.h - the interface every execution engine implements.
 *
 * An engine runs one vCPU on the calling thread until the VM stops. It
 * owns the vCPU's translations; the VM core only creates, starts and stops.
 */
#ifndef FVP_ENGINE_ENGINE_H
#define FVP_ENGINE_ENGINE_H

#include <stdio.h>
#include "core/vcpu.h"

struct engine_ops {
	const char *name;
	int (*vcpu_init)(struct vcpu *cpu);
	void (*vcpu_fini)(struct vcpu *cpu);
	/* Run until EXIT_REQ_STOP; returns 0 or a negative error (host failure). */
	int (*vcpu_run)(struct vcpu *cpu);
	/* Drop every translation of this vCPU (own thread only). */
	void (*flush)(struct vcpu *cpu);
	void (*print_stats)(struct vcpu *const *cpus, unsigned n, double seconds, FILE *out);
	/* Optional: make a vCPU running guest code outside FVP's loop (KVM_RUN) notice its
	 * exit_request bits soon. Called by vcpu_kick with the vCPU's wait_lock held. */
	void (*kick)(struct vcpu *cpu);
};

extern const struct engine_ops interp_engine_ops;
extern const struct engine_ops jit_engine_ops;
extern const struct engine_ops hybrid_engine_ops;
extern const struct engine_ops kvm_engine_ops;

const struct engine_ops *engine_find(const char *name);
/* The engine for --engine name (NULL or "auto": the best one) and --arch arch; NULL with one
 * line logged saying why (unknown engine, wrong arch, KVM unusable and how to fix it). */
const struct engine_ops *engine_select(const char *name, const char *arch);

#endif
