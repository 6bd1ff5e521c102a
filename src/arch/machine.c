/*
 * machine.c - composition: which board runs a guest architecture, which engine runs the
 * board, and the VM they make. The only place that knows every board and every engine;
 * the VM core (core/vm.c) is handed both.
 *
 * Engine choice (--engine): "auto" is kvm where the board runs under KVM and /dev/kvm is
 * usable, else hybrid where the board's frontend translates guest code (with one line on
 * stderr saying why KVM is not used when it could have been). kvm needs a board that runs
 * under KVM and a usable /dev/kvm; the software engines need a frontend that translates.
 */
#include <stdio.h>
#include <string.h>
#include "arch/machine.h"
#include "arch/riscv64/board_virt.h"
#include "arch/x86_64/board_x86.h"
#include "core/frontend_ops.h"
#include "core/log.h"
#include "engine/engine.h"
#include "engine/kvm/kvm.h"

static const struct board_ops *const boards[] = {
    &rv64_virt_board,
    &x86_microvm_board,
};

const struct board_ops *board_find(const char *arch)
{
	for (unsigned i = 0; i < ARRAY_SIZE(boards); i++)
		if (arch && !strcmp(boards[i]->arch, arch))
			return boards[i];
	return NULL;
}

static bool board_has_software_cpu(const struct board_ops *board)
{
	return board->fe && board->fe->translate_block;
}

static const struct engine_ops *kvm_select(const struct board_ops *board)
{
	char why[200];

	if (!board->kvm) {
		char archs[64] = "";

		for (unsigned i = 0; i < ARRAY_SIZE(boards); i++)
			if (boards[i]->kvm)
				snprintf(archs + strlen(archs), sizeof(archs) - strlen(archs),
					 "%s%s", *archs ? ", " : "", boards[i]->arch);
		log_error("--engine kvm runs %s guests only: use --engine auto for %s", archs,
			  board->arch);
		return NULL;
	}
	if (kvm_probe(board->kvm, why, sizeof(why))) {
		log_error("%s", why);
		return NULL;
	}
	return &kvm_engine_ops;
}

/* --engine auto: kvm if it can run the board here, else the software engine. */
static const char *auto_engine(const struct board_ops *board)
{
	char why[200];

	if (!board->kvm)
		return board_has_software_cpu(board) ? "hybrid" : "kvm";
	if (!board_has_software_cpu(board) || !kvm_probe(board->kvm, why, sizeof(why)))
		return "kvm";
	log_warn("%s; running %s on the software engine (hybrid)", why, board->arch);
	return "hybrid";
}

const struct engine_ops *machine_engine(const struct board_ops *board, const char *name)
{
	const struct engine_ops *e;

	if (!name || !strcmp(name, "auto"))
		name = auto_engine(board);
	if (!strcmp(name, "kvm"))
		return kvm_select(board);
	e = engine_find(name);
	if (!e) {
		log_error("--engine '%s' is not available: use auto, interp, jit, hybrid or kvm",
			  name);
		return NULL;
	}
	if (!board_has_software_cpu(board)) {
		log_error("%s guests need --engine kvm (no software frontend yet)", board->arch);
		return NULL;
	}
	return e;
}

struct vm *machine_create(const struct vm_config *cfg)
{
	const struct board_ops *board = board_find(cfg->arch);
	const struct engine_ops *engine;

	if (!board) {
		log_error("unknown --arch '%s': supported: riscv64, x86_64", cfg->arch);
		return NULL;
	}
	engine = machine_engine(board, cfg->engine);
	return engine ? vm_create(cfg, board, engine) : NULL;
}
