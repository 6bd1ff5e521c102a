/*
 * interp_exec.h - the IR interpreter proper: runs one translated block.
 */
#ifndef FVP_ENGINE_INTERP_EXEC_H
#define FVP_ENGINE_INTERP_EXEC_H

#include "ir/ir.h"
#include "mem/soft_cpu.h"

enum interp_exit {
	INTERP_EXIT_PC = 0, /* block left normally: cpu->pc is the next pc */
	INTERP_EXIT_TRAP,   /* cpu->fault pending: cpu->pc is the faulting instruction's pc */
};

/*
 * Run the IR insns of one block. On entry cpu->pc is the block's first guest pc
 * (block_pc). guest_off[gidx] is each guest instruction's byte offset from block_pc.
 * On exit cpu->pc is set as above and cpu->instret has been advanced by the number of
 * guest instructions completed (gidx + 1 at an exit or taken branch, gidx at a trap).
 * CALLs go to cpu->fe->helpers[insn.c].fn; after a CALL flagged IR_HF_MAY_TRAP the
 * interpreter checks cpu->fault. EXIT_CPU leaves cpu->pc as the helper set it.
 */
enum interp_exit interp_exec(struct soft_cpu *cpu, const struct ir_insn *insns,
			     const uint16_t *guest_off);

#endif
