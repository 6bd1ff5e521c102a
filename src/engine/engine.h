/*
 * engine.h - the execution engines FVP has (struct engine_ops, the interface, is in
 * core/engine_ops.h): interp (reference), jit, hybrid (interpret, compile when hot) and
 * kvm (the host CPU runs the guest).
 */
#ifndef FVP_ENGINE_ENGINE_H
#define FVP_ENGINE_ENGINE_H

#include "core/engine_ops.h"

extern const struct engine_ops interp_engine_ops;
extern const struct engine_ops jit_engine_ops;
extern const struct engine_ops hybrid_engine_ops;
extern const struct engine_ops kvm_engine_ops;

/* The engine named name ("interp", "jit", "hybrid", "kvm"), or NULL. */
const struct engine_ops *engine_find(const char *name);

#endif
