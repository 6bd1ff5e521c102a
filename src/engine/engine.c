/*
 * engine.c - the table of execution engines: interp (reference), jit (every block compiled
 * to x86-64), hybrid (interpreted first, compiled when hot) and kvm.
 */
#include <string.h>
#include "core/compiler.h"
#include "engine/engine.h"

static const struct engine_ops *const engines[] = {
    &interp_engine_ops,
    &jit_engine_ops,
    &hybrid_engine_ops,
    &kvm_engine_ops,
};

const struct engine_ops *engine_find(const char *name)
{
	for (unsigned i = 0; name && i < ARRAY_SIZE(engines); i++)
		if (!strcmp(engines[i]->name, name))
			return engines[i];
	return NULL;
}
