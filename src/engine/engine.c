/*
 * engine.c - the table of execution engines.
 */
#include <string.h>
#include "engine/engine.h"

static const struct engine_ops *const engines[] = {
	&interp_engine_ops,
};

const struct engine_ops *engine_find(const char *name)
{
	/* Until the JIT lands, every software choice runs on the interpreter. */
	if (!name || !strcmp(name, "auto"))
		name = "interp";
	for (unsigned i = 0; i < ARRAY_SIZE(engines); i++)
		if (!strcmp(engines[i]->name, name))
			return engines[i];
	return NULL;
}
