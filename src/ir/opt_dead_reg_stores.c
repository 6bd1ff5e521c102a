/*
 * opt_dead_reg_stores.c - removes writes to guest register slots that can
 * never be observed.
 *
 * A write to a guest register slot is dead when a later insn overwrites the
 * slot and, in between, nothing reads it and nothing can observe the
 * register file: no op that may trap (loads, stores, trapping helpers), no
 * BR* or EXIT*, no CALL that reads or writes registers. At each of those
 * points every guest register must hold its architectural value, so they
 * make every pending write live again.
 *
 * Backward scan keeping overwritten[r] = "r is written later with nothing
 * observing it in between". Within one insn the order is: its own write
 * (happens last), then the barrier (a trap happens before the write), then
 * its reads (a, b and an ALU3's c). Only pure writes (ALU ops, MOVI) are removed.
 */
#include <string.h>
#include "ir/ir.h"
#include "ir/ir_internal.h"

unsigned ir_opt_dead_reg_stores(struct ir_block *blk)
{
	uint8_t overwritten[IR_MAX_REGS];
	unsigned i, nregs = blk->nregs, changes = 0;

	if (nregs > IR_MAX_REGS)
		return 0;
	if (!ir_block_counts_ok(blk))
		return 0;
	memset(overwritten, 0, sizeof(overwritten));
	for (i = blk->ninsns; i-- > 0;) {
		struct ir_insn *insn = &blk->insns[i];
		unsigned def, in[3], nin;

		if (insn->op >= IR_OP_COUNT || insn->op == IR_NOP)
			continue;
		def = ir_insn_def(insn);
		if (def < nregs) {
			if (overwritten[def] && ir_insn_is_pure(insn) && insn->op != IR_CALL) {
				ir_insn_make_nop(insn);
				changes++;
				continue;
			}
			overwritten[def] = 1;
		}
		if (ir_insn_is_reg_barrier(insn))
			memset(overwritten, 0, nregs);
		nin = ir_insn_inputs(insn, in);
		for (unsigned k = 0; k < nin; k++)
			if (in[k] < nregs)
				overwritten[in[k]] = 0;
	}
	return changes;
}
