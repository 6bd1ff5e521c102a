/*
 * opt_copyprop.c - copy and constant propagation over the straight-line block.
 *
 * A forward scan keeps, for every slot (guest registers included), the slot it
 * is known to be a copy of ("root", recorded at MOV) and the constant it is
 * known to hold (recorded at MOVI). Each slot carries a version number that
 * is bumped whenever the slot is written, so a copy recorded as (root,
 * version) silently dies when its root is overwritten. A CALL flagged
 * IR_HF_WRITES_REGS bumps every guest register slot.
 *
 * Rewrites: every slot operand (a, b and an ALU3's c) is replaced by its root; "mov d, s" becomes
 * "movi d, c" when s holds the constant c, and becomes NOP when d already
 * holds that value (d == s, d is already a copy of s, or d already holds the
 * same constant). Rewritten operands hold the same value as the originals, and
 * writes to guest register slots are never removed unless they would store
 * the value the slot already holds, so architectural state at trap points
 * and exits is unchanged. DCE then removes the copies that became dead.
 */
#include <string.h>
#include "ir/ir.h"
#include "ir/ir_internal.h"

struct copy_state {
	uint32_t version[IR_MAX_SLOTS];
	uint32_t copy_ver[IR_MAX_SLOTS];
	uint16_t copy_src[IR_MAX_SLOTS];
	uint8_t known[IR_MAX_SLOTS];
	uint64_t val[IR_MAX_SLOTS];
};

static unsigned root_of(const struct copy_state *st, unsigned slot)
{
	unsigned src;

	if (slot >= IR_MAX_SLOTS)
		return slot;
	src = st->copy_src[slot];
	if (src != IR_NO_SLOT && st->version[src] == st->copy_ver[slot])
		return src;
	return slot;
}

static void clobber(struct copy_state *st, unsigned slot)
{
	st->version[slot]++;
	st->copy_src[slot] = IR_NO_SLOT;
	st->known[slot] = 0;
}

/* Replace the operand in *field (if used) by its root. */
static unsigned rewrite_one(const struct copy_state *st, bool used, uint16_t *field)
{
	unsigned r;

	if (!used)
		return 0;
	r = root_of(st, *field);
	if (r == *field)
		return 0;
	*field = (uint16_t)r;
	return 1;
}

static unsigned rewrite_operands(const struct copy_state *st, struct ir_insn *insn)
{
	return rewrite_one(st, ir_insn_uses_a(insn), &insn->a) +
	       rewrite_one(st, ir_insn_uses_b(insn), &insn->b) +
	       rewrite_one(st, ir_insn_uses_c(insn), &insn->c);
}

/* Simplify a MOV/MOVI whose effect is known; returns true if it changed. */
static bool simplify_move(const struct copy_state *st, struct ir_insn *insn)
{
	unsigned d = insn->dst;

	if (d >= IR_MAX_SLOTS)
		return false;
	if (insn->op == IR_MOVI) {
		if (st->known[d] && st->val[d] == (uint64_t)insn->imm) {
			ir_insn_make_nop(insn);
			return true;
		}
		return false;
	}
	if (insn->a == d || root_of(st, d) == insn->a) {
		ir_insn_make_nop(insn);
		return true;
	}
	if (insn->a < IR_MAX_SLOTS && st->known[insn->a]) {
		if (st->known[d] && st->val[d] == st->val[insn->a])
			ir_insn_make_nop(insn);
		else
			ir_insn_make_movi(insn, st->val[insn->a]);
		return true;
	}
	return false;
}

static void track(struct copy_state *st, const struct ir_block *blk, const struct ir_insn *insn)
{
	unsigned def = ir_insn_def(insn);

	if (insn->op == IR_CALL && (insn->flags & IR_HF_WRITES_REGS)) {
		for (unsigned r = 0; r < blk->nregs; r++)
			clobber(st, r);
	}
	if (def >= IR_MAX_SLOTS)
		return;
	clobber(st, def);
	if (insn->op == IR_MOVI) {
		st->known[def] = 1;
		st->val[def] = (uint64_t)insn->imm;
	} else if (insn->op == IR_MOV && insn->a < IR_MAX_SLOTS) {
		st->copy_src[def] = insn->a;
		st->copy_ver[def] = st->version[insn->a];
	}
}

unsigned ir_opt_copyprop(struct ir_block *blk)
{
	static _Thread_local struct copy_state st;
	unsigned i, changes = 0, nslots = blk->nregs + blk->ntemps;

	if (!ir_block_counts_ok(blk))
		return 0;
	memset(st.version, 0, nslots * sizeof(st.version[0]));
	memset(st.copy_src, 0xff, nslots * sizeof(st.copy_src[0]));
	memset(st.known, 0, nslots);
	for (i = 0; i < blk->ninsns; i++) {
		struct ir_insn *insn = &blk->insns[i];

		if (insn->op >= IR_OP_COUNT)
			break;
		changes += rewrite_operands(&st, insn);
		if ((insn->op == IR_MOV || insn->op == IR_MOVI) && simplify_move(&st, insn))
			changes++;
		if (ir_kind(insn) == IR_K_EXIT)
			break;
		track(&st, blk, insn);
	}
	return changes;
}
