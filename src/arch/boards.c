/*
 * boards.c - the list of boards, one per guest architecture (x86_64: KVM only).
 */
#include <string.h>
#include "arch/riscv64/board_virt.h"
#include "arch/x86_64/board_x86.h"
#include "core/vm.h"

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
