/*
 * optimize.c - the pass pipeline: fold, copy propagation, dead temps and
 * dead guest-register writes, repeated until nothing changes (at most
 * IR_OPT_MAX_ROUNDS rounds), then NOPs are compacted away.
 *
 * ir_compact keeps the relative order of all remaining insns and their gidx,
 * so the guest-instruction boundaries stay exact.
 */
#include "ir/ir.h"
#include "ir/ir_internal.h"

#define IR_OPT_MAX_ROUNDS 8

void ir_compact(struct ir_block *blk)
{
	unsigned i, n = 0;

	if (!ir_block_counts_ok(blk))
		return;
	for (i = 0; i < blk->ninsns; i++) {
		if (blk->insns[i].op == IR_NOP)
			continue;
		if (n != i)
			blk->insns[n] = blk->insns[i];
		n++;
	}
	blk->ninsns = n;
}

void ir_optimize(struct ir_block *blk)
{
	for (unsigned round = 0; round < IR_OPT_MAX_ROUNDS; round++) {
		unsigned changes = ir_opt_fold(blk);

		changes += ir_opt_copyprop(blk);
		changes += ir_opt_dce(blk);
		changes += ir_opt_dead_reg_stores(blk);
		if (!changes)
			break;
	}
	ir_compact(blk);
}
