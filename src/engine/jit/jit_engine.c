/*
 * jit_engine.c - the "jit" engine (every block compiled to x86-64 at first
 * sight) and the "hybrid" engine (blocks interpreted until they have run
 * TCACHE_HOT_THRESHOLD times, then compiled). Both share the translation
 * cache and run loop of src/engine/tcache.c; a block the JIT cannot compile
 * stays interpreted.
 */
#include "engine/engine.h"
#include "engine/tcache.h"

static int jit_vcpu_init(struct vcpu *cpu)
{
	return tcache_vcpu_init(cpu, TCACHE_JIT);
}

static int hybrid_vcpu_init(struct vcpu *cpu)
{
	return tcache_vcpu_init(cpu, TCACHE_HYBRID);
}

const struct engine_ops jit_engine_ops = {
    .name = "jit",
    .vcpu_init = jit_vcpu_init,
    .vcpu_fini = tcache_vcpu_fini,
    .vcpu_run = tcache_run,
    .print_stats = tcache_print_stats,
    .vcpu_stats = tcache_vcpu_stats,
};

const struct engine_ops hybrid_engine_ops = {
    .name = "hybrid",
    .vcpu_init = hybrid_vcpu_init,
    .vcpu_fini = tcache_vcpu_fini,
    .vcpu_run = tcache_run,
    .print_stats = tcache_print_stats,
    .vcpu_stats = tcache_vcpu_stats,
};
