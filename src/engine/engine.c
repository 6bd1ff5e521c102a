/*
 * engine.c - the table of execution engines: interp (reference), jit (every block compiled
 * to x86-64) and hybrid (interpreted first, compiled when hot; the default).
 */
#include <string.h>
#include "core/log.h"
#include "engine/engine.h"
#include "engine/kvm/kvm.h"

static const struct engine_ops *const engines[] = {
    &interp_engine_ops,
    &jit_engine_ops,
    &hybrid_engine_ops,
};

const struct engine_ops *engine_find(const char *name)
{
	/* The only software frontend (riscv64) runs fastest on the hybrid engine: cold code is
	 * interpreted, hot blocks compiled to x86-64. */
	if (!name || !strcmp(name, "auto"))
		name = "hybrid";
	for (unsigned i = 0; i < ARRAY_SIZE(engines); i++)
		if (!strcmp(engines[i]->name, name))
			return engines[i];
	return NULL;
}

const struct engine_ops *engine_select(const char *name, const char *arch)
{
	bool auto_choice = !name || !strcmp(name, "auto");
	const struct engine_ops *e;

	/* x86_64 has no software frontend: it runs only under KVM, which must be usable. */
	if (arch && !strcmp(arch, "x86_64")) {
		char why[200];

		if (!auto_choice && strcmp(name, "kvm") != 0) {
			log_error("x86_64 guests need --engine kvm (no software frontend yet)");
			return NULL;
		}
		if (kvm_probe(why, sizeof(why))) {
			log_error("%s", why);
			return NULL;
		}
		return &kvm_engine_ops;
	}
	if (!auto_choice && !strcmp(name, "kvm")) {
		log_error("--engine kvm runs x86_64 guests only: use --engine auto for %s",
			  arch ? arch : "this guest");
		return NULL;
	}
	e = engine_find(name);
	if (!e)
		log_error("--engine '%s' is not available for %s in this build: use interp", name,
			  arch ? arch : "this guest");
	return e;
}
