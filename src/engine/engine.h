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
};

extern const struct engine_ops interp_engine_ops;

const struct engine_ops *engine_find(const char *name);

#endif
