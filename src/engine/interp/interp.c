/*
 * interp.c - the interpreter engine: the shared translation cache and run
 * loop (src/engine/tcache.c) with every block run by interp_exec().
 */
#include "engine/engine.h"
#include "engine/tcache.h"

static int interp_vcpu_init(struct vcpu *cpu)
{
	return tcache_vcpu_init(cpu, TCACHE_INTERP);
}

const struct engine_ops interp_engine_ops = {
    .name = "interp",
    .vcpu_init = interp_vcpu_init,
    .vcpu_fini = tcache_vcpu_fini,
    .vcpu_run = tcache_run,
    .print_stats = tcache_print_stats,
    .vcpu_stats = tcache_vcpu_stats,
};
