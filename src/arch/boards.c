/*
 * boards.c - the list of boards, one per guest architecture.
 */
#include <string.h>
#include "arch/riscv64/board_virt.h"
#include "core/vm.h"

static const struct board_ops *const boards[] = {
	&rv64_virt_board,
};

const struct board_ops *board_find(const char *arch)
{
	for (unsigned i = 0; i < ARRAY_SIZE(boards); i++)
		if (arch && !strcmp(boards[i]->arch, arch))
			return boards[i];
	return NULL;
}
