/*
 * machine.h - composition of a VM: board by --arch, engine by --engine (machine.c).
 */
#ifndef FVP_ARCH_MACHINE_H
#define FVP_ARCH_MACHINE_H

#include "core/vm.h"

/* The board for --arch arch, or NULL. */
const struct board_ops *board_find(const char *arch);
/* The engine for --engine name (NULL or "auto": the best one) on board; NULL with one line
 * logged saying why (unknown engine, no software frontend, KVM unusable and how to fix it). */
const struct engine_ops *machine_engine(const struct board_ops *board, const char *name);
/* vm_create with the board and engine cfg names; NULL with one line logged. */
struct vm *machine_create(const struct vm_config *cfg);

#endif
