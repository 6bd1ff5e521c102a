/*
 * ir_verify.c - structural checks on a block before it is optimized or run.
 *
 * A well-formed block: counts within their limits and not overflowed by the
 * builder; every op known; gidx non-decreasing and below nguest; every slot
 * an op reads or writes is a valid slot (CALL operands may be IR_NO_SLOT);
 * every temp is written before it is read; ALU2I ops have no b operand; a
 * BARRIER's ordering has only IR_BAR_* bits; the last non-NOP insn is an EXIT* and nothing but NOPs
 * follows the first EXIT*. The interpreter and the JIT rely on these and check nothing.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include "ir/ir.h"
#include "ir/ir_internal.h"

static __printf(3, 4) int verify_fail(char *msg, size_t msglen, const char *fmt, ...)
{
	if (msg && msglen) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(msg, msglen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool slot_ok(const struct ir_block *blk, unsigned slot)
{
	return slot < blk->nregs + blk->ntemps;
}

static int verify_header(const struct ir_block *blk, char *msg, size_t msglen)
{
	if (blk->cur_gidx == IR_GIDX_OVERFLOW)
		return verify_fail(msg, msglen, "block overflowed while building");
	if (blk->nregs > IR_MAX_REGS || blk->ntemps > IR_MAX_TEMPS)
		return verify_fail(msg, msglen, "too many slots: %u regs, %u temps", blk->nregs,
				   blk->ntemps);
	if (blk->ninsns == 0 || blk->ninsns > IR_MAX_INSNS)
		return verify_fail(msg, msglen, "bad insn count %u", blk->ninsns);
	if (blk->nguest > IR_MAX_GUEST)
		return verify_fail(msg, msglen, "too many guest insns %u", blk->nguest);
	return 0;
}

/* Check that slot is valid and, for temps, already written. */
static int verify_read(const struct ir_block *blk, const uint8_t *written, unsigned i,
		       unsigned slot, char *msg, size_t msglen)
{
	if (!slot_ok(blk, slot))
		return verify_fail(msg, msglen, "insn %u: slot %u out of range", i, slot);
	if (slot >= blk->nregs && !written[slot - blk->nregs])
		return verify_fail(msg, msglen, "insn %u: temp t%u read before written", i, slot);
	return 0;
}

static int verify_operands(const struct ir_block *blk, uint8_t *written, unsigned i, char *msg,
			   size_t msglen)
{
	const struct ir_insn *insn = &blk->insns[i];
	unsigned flags = ir_op_info[insn->op].flags;
	bool is_call = insn->op == IR_CALL;
	int err;

	if (flags & IR_OPF_USES_A) {
		if (!(is_call && insn->a == IR_NO_SLOT)) {
			err = verify_read(blk, written, i, insn->a, msg, msglen);
			if (err)
				return err;
		}
	}
	if (flags & IR_OPF_USES_B) {
		if (!(is_call && insn->b == IR_NO_SLOT)) {
			err = verify_read(blk, written, i, insn->b, msg, msglen);
			if (err)
				return err;
		}
	}
	if (flags & IR_OPF_USES_C) {
		err = verify_read(blk, written, i, insn->c, msg, msglen);
		if (err)
			return err;
	}
	if (flags & IR_OPF_HAS_DST) {
		if (is_call && insn->dst == IR_NO_SLOT)
			return 0;
		if (!slot_ok(blk, insn->dst))
			return verify_fail(msg, msglen, "insn %u: dst slot %u out of range", i,
					   insn->dst);
		if (insn->dst >= blk->nregs)
			written[insn->dst - blk->nregs] = 1;
	}
	return 0;
}

int ir_verify(const struct ir_block *blk, char *msg, size_t msglen)
{
	uint8_t written[IR_MAX_TEMPS];
	unsigned i, last_gidx = 0, nguest = blk->nguest ? blk->nguest : 1;
	bool exited = false;
	int err;

	err = verify_header(blk, msg, msglen);
	if (err)
		return err;
	memset(written, 0, sizeof(written));
	for (i = 0; i < blk->ninsns; i++) {
		const struct ir_insn *insn = &blk->insns[i];

		if (insn->op >= IR_OP_COUNT)
			return verify_fail(msg, msglen, "insn %u: unknown op %u", i, insn->op);
		if (insn->op == IR_NOP)
			continue;
		if (exited)
			return verify_fail(msg, msglen, "insn %u: %s after block exit", i,
					   ir_op_info[insn->op].name);
		if (insn->gidx >= nguest || insn->gidx < last_gidx)
			return verify_fail(msg, msglen, "insn %u: bad gidx %u", i, insn->gidx);
		last_gidx = insn->gidx;
		err = verify_operands(blk, written, i, msg, msglen);
		if (err)
			return err;
		if (insn->op == IR_BARRIER && ((uint64_t)insn->imm & ~(uint64_t)IR_BAR_ALL))
			return verify_fail(msg, msglen, "insn %u: barrier ordering 0x%llx", i,
					   (unsigned long long)insn->imm);
		if (ir_op_info[insn->op].kind == IR_K_EXIT)
			exited = true;
	}
	if (!exited)
		return verify_fail(msg, msglen, "block does not end with an exit");
	return 0;
}
