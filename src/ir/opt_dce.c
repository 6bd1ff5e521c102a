/*
 * opt_dce.c - dead code elimination for temps.
 *
 * A backward scan with the set of live temps (none is live at block end,
 * since temps die there). An insn whose result is a temp that is not live
 * and that has no other effect (ALU ops, MOVI, and CALLs of IR_HF_PURE
 * helpers that neither trap nor write registers) becomes NOP. Loads are
 * kept even when dead: they may trap, and the trap is architectural.
 * Guest register slots are always live here; dead writes to them are the
 * business of opt_dead_reg_stores.c.
 */
#include <string.h>
#include "ir/ir.h"
#include "ir/ir_internal.h"

static bool is_temp(const struct ir_block *blk, unsigned slot)
{
	return slot >= blk->nregs && slot < IR_MAX_SLOTS;
}

unsigned ir_opt_dce(struct ir_block *blk)
{
	uint8_t live[IR_MAX_SLOTS];
	unsigned i, changes = 0;

	if (!ir_block_counts_ok(blk))
		return 0;
	memset(live, 0, sizeof(live));
	for (i = blk->ninsns; i-- > 0;) {
		struct ir_insn *insn = &blk->insns[i];
		unsigned def, in[3], nin;

		if (insn->op >= IR_OP_COUNT || insn->op == IR_NOP)
			continue;
		def = ir_insn_def(insn);
		if (is_temp(blk, def)) {
			if (!live[def] && ir_insn_is_pure(insn)) {
				ir_insn_make_nop(insn);
				changes++;
				continue;
			}
			live[def] = 0;
		}
		nin = ir_insn_inputs(insn, in);
		for (unsigned k = 0; k < nin; k++)
			if (is_temp(blk, in[k]))
				live[in[k]] = 1;
	}
	return changes;
}
