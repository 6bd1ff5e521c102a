/*
 * test_run_insn.h - run one riscv64 instruction the way the engines do, for the tests of the
 * helpers (FPU, SYSTEM, atomics): decode it, translate it alone under the hart's block flags
 * (rv64_translate_insn), and execute that IR here. A helper-run instruction translates to
 * MOVIs, one CALL and an exit, so those are all this runs; like the interpreter, a CALL that
 * traps writes nothing.
 */
#ifndef FVP_TEST_RV64_RUN_INSN_H
#define FVP_TEST_RV64_RUN_INSN_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/riscv64/cpu.h"
#include "arch/riscv64/decode.h"

static inline void run_ir_call(struct soft_cpu *cpu, const struct ir_insn *in)
{
	uint64_t a = in->a != IR_NO_SLOT ? cpu->slots[in->a] : 0;
	uint64_t b = in->b != IR_NO_SLOT ? cpu->slots[in->b] : 0;
	uint64_t r = rv64_helpers[in->c].fn(cpu, a, b, (uint64_t)in->imm);

	if (!soft_cpu_faulted(cpu) && in->dst != IR_NO_SLOT)
		cpu->slots[in->dst] = r;
}

/* Run raw at the hart's pc; returns true if it trapped. */
static inline bool run_insn(struct rv64_cpu *rv, uint32_t raw)
{
	struct soft_cpu *cpu = &rv->common;
	struct ir_block *blk = ir_block_new(RV_NREGS, rv64_helpers, NULL);
	struct rv64_insn d;

	assert_non_null(blk);
	rv64_decode(raw, &d);
	ir_block_reset(blk, cpu->pc, rv64_block_flags(cpu));
	rv64_translate_insn(blk, &d, cpu->pc);
	soft_cpu_clear_fault(cpu);
	for (unsigned i = 0; i < blk->ninsns && !soft_cpu_faulted(cpu); i++) {
		const struct ir_insn *in = &blk->insns[i];

		if (in->op == IR_MOVI)
			cpu->slots[in->dst] = (uint64_t)in->imm;
		else if (in->op == IR_CALL)
			run_ir_call(cpu, in);
		else if (in->op == IR_EXIT || in->op == IR_EXIT_CPU)
			break;
		else
			fail_msg("0x%08x: unexpected IR op %u", raw, in->op);
	}
	ir_block_free(blk);
	return soft_cpu_faulted(cpu);
}

#endif
