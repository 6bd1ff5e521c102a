/*
 * ir_internal.h - small helpers shared by the IR library's own files (builder,
 * verifier, passes). Not part of the IR's public contract.
 */
#ifndef FVP_IR_IR_INTERNAL_H
#define FVP_IR_IR_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include "ir/ir.h"

/* cur_gidx value marking a block the builder could not hold (the verifier rejects it). */
#define IR_GIDX_OVERFLOW 0xffffu

/* Counts within their limits: passes may index arrays by them. */
static inline bool ir_block_counts_ok(const struct ir_block *blk)
{
	return blk->nregs <= IR_MAX_REGS && blk->ntemps <= IR_MAX_TEMPS &&
	       blk->ninsns <= IR_MAX_INSNS && blk->nguest <= IR_MAX_GUEST;
}

static inline const struct ir_op_info *ir_info(const struct ir_insn *insn)
{
	return &ir_op_info[insn->op];
}

static inline unsigned ir_kind(const struct ir_insn *insn)
{
	return ir_op_info[insn->op].kind;
}

/* Slot written by insn, or IR_NO_SLOT. */
static inline unsigned ir_insn_def(const struct ir_insn *insn)
{
	return (ir_info(insn)->flags & IR_OPF_HAS_DST) ? insn->dst : IR_NO_SLOT;
}

static inline bool ir_insn_uses_a(const struct ir_insn *insn)
{
	return (ir_info(insn)->flags & IR_OPF_USES_A) && insn->a != IR_NO_SLOT;
}

static inline bool ir_insn_uses_b(const struct ir_insn *insn)
{
	return (ir_info(insn)->flags & IR_OPF_USES_B) && insn->b != IR_NO_SLOT;
}

static inline bool ir_insn_uses_c(const struct ir_insn *insn)
{
	return (ir_info(insn)->flags & IR_OPF_USES_C) && insn->c != IR_NO_SLOT;
}

/* The slots insn reads, in operand order (a, b, c); returns how many (at most 3). Passes that
 * look at inputs go through this or the ir_insn_uses_* tests, never insn->a/b alone. */
static inline unsigned ir_insn_inputs(const struct ir_insn *insn, unsigned in[3])
{
	unsigned n = 0;

	if (ir_insn_uses_a(insn))
		in[n++] = insn->a;
	if (ir_insn_uses_b(insn))
		in[n++] = insn->b;
	if (ir_insn_uses_c(insn))
		in[n++] = insn->c;
	return n;
}

/* Points where every guest register slot must hold its architectural value:
 * ops that may trap, side exits, block exits and calls that look at (or may
 * change, or trap with) the register file. */
static inline bool ir_insn_is_reg_barrier(const struct ir_insn *insn)
{
	unsigned f = ir_info(insn)->flags;

	if (f & (IR_OPF_MAY_TRAP | IR_OPF_EXIT))
		return true;
	return insn->op == IR_CALL &&
	       (insn->flags & (IR_HF_READS_REGS | IR_HF_WRITES_REGS | IR_HF_MAY_TRAP));
}

/* Pure value computation: removable when its result is dead. */
static inline bool ir_insn_is_pure(const struct ir_insn *insn)
{
	unsigned k = ir_kind(insn);

	if (k == IR_K_ALU1 || k == IR_K_ALU2 || k == IR_K_ALU2I || k == IR_K_ALU3 || k == IR_K_MOVI)
		return true;
	return insn->op == IR_CALL && (insn->flags & IR_HF_PURE) &&
	       !(insn->flags & (IR_HF_WRITES_REGS | IR_HF_MAY_TRAP));
}

static inline void ir_insn_make_nop(struct ir_insn *insn)
{
	insn->op = IR_NOP;
	insn->flags = 0;
	insn->dst = insn->a = insn->b = IR_NO_SLOT;
	insn->c = 0;
	insn->imm = 0;
}

static inline void ir_insn_make_movi(struct ir_insn *insn, uint64_t val)
{
	insn->op = IR_MOVI;
	insn->a = insn->b = IR_NO_SLOT;
	insn->c = 0;
	insn->imm = (int64_t)val;
}

static inline void ir_insn_make_mov(struct ir_insn *insn, unsigned src)
{
	insn->op = IR_MOV;
	insn->a = (uint16_t)src;
	insn->b = IR_NO_SLOT;
	insn->c = 0;
	insn->imm = 0;
}

#endif
