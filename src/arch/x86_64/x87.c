/*
 * x87.c - x87 and MMX -> IR: each instruction is one call of its helper (x86_helper_x87 with
 * the operation of x87_ops.h, x86_helper_mmx with that of mmx_ops.h) with the operands the
 * helper cannot find itself: a memory operand's address, a GPR's value, the instruction's pc
 * (FIP), the 11-bit FOP (the host stub that runs it).
 *
 * Checks made at translation from the block flags (CR0.EM and TS, CR4.OSFXSR are in the
 * key): an x87 instruction raises #NM when CR0.EM or TS is set; an MMX one #UD with EM, else
 * #NM with TS; the MMX <-> SSE conversions also #UD without OSFXSR (or SSE on the host); wait
 * checks CR0.MP and TS itself (helper). A pending x87 exception (#MF) is the helpers'.
 */
#include "arch/x86_64/mmx_ops.h"
#include "arch/x86_64/sse_ops.h"
#include "arch/x86_64/translate.h"
#include "arch/x86_64/x87_ops.h"

static bool is_reg(const struct x86_operand *o, unsigned rclass)
{
	return o->kind == X86_OPND_REG && o->rclass == rclass;
}

static void tr_x87(struct x86_tr *t, const struct x87_op *e)
{
	const struct x86_inst *in = t->in;
	const struct x86_operand *m = NULL;
	unsigned a = IR_NO_SLOT, msize = 0, fop = 0, r = x86_tmp(t);

	if (in->op != X86_OP_wait && (t->blk->flags & (X86_BF_EM | X86_BF_TS))) {
		x86_emit_raise(t, X86_EXC_NM, false, 0);
		return;
	}
	for (unsigned i = 0; i < in->nopnd; i++)
		if (in->opnd[i].kind == X86_OPND_MEM)
			m = &in->opnd[i];
	if (e->flags & X87_RD16)
		a = x86_read(t, m, 2);
	else if (m && !(e->flags & X87_WR16))
		a = x86_addr(t, m);
	if (e->host) {
		msize = m ? m->size : 0;
		fop = (in->opcode & 7u) << 8 | in->modrm;
	}
	ir_call(t->blk, X86_H_X87, r, a, x86_const(t, t->pc),
		(int64_t)(X87_PACK(in->op, fop, msize) | (in->opsize == 2 ? X87_O16 : 0)));
	if (e->flags & X87_WR16)
		x86_write(t, &in->opnd[0], 2, r);
	if (e->flags & X87_EFL)
		t->cc = X86_CC_EFLAGS;
}

/* The source operand: an mm or XMM register, memory, a GPR's value or the immediate. */
static uint64_t mmx_source(struct x86_tr *t, const struct x86_operand *s, unsigned *a)
{
	if (s->kind == X86_OPND_IMM)
		return MMX_S_IMM;
	if (s->kind == X86_OPND_MEM) {
		*a = x86_addr(t, s);
		return SSE_PACK(0, 0, 0, s->size, 0);
	}
	if (is_reg(s, X86_RC_MMX))
		return MMX_S_MM | SSE_PACK(0, 0, s->reg & 7u, 0, 0);
	if (is_reg(s, X86_RC_XMM))
		return MMX_S_XMM | SSE_PACK(0, 0, s->reg, 0, 0);
	*a = x86_read(t, s, s->size);
	return MMX_S_GPR;
}

/* The destination: an mm or XMM register, memory (the helper stores), or a GPR (written
 * here). maskmovq's first operand is its data: the helper stores it at rdi. */
static uint64_t mmx_dest(struct x86_tr *t, const struct x86_operand *d, unsigned *a)
{
	if (t->in->op == X86_OP_maskmovq)
		return SSE_PACK(0, d->reg & 7u, 0, 0, 0);
	if (is_reg(d, X86_RC_MMX))
		return MMX_D_MM | SSE_PACK(0, d->reg & 7u, 0, 0, 0);
	if (is_reg(d, X86_RC_XMM))
		return MMX_D_XMM | SSE_PACK(0, d->reg, 0, 0, 0);
	if (d->kind == X86_OPND_MEM) {
		*a = x86_addr(t, d);
		return SSE_PACK(0, 0, 0, d->size, 0);
	}
	return 0;
}

static void tr_mmx(struct x86_tr *t)
{
	const struct x86_inst *in = t->in;
	const struct x86_operand *d = &in->opnd[0];
	unsigned a = IR_NO_SLOT, imm8 = 0, r = x86_tmp(t);
	uint64_t w = SSE_PACK(in->op, 0, 0, 0, 0);

	bool sse = x86_mmx_ops[in->op].sse;

	if (!x86_mmx_ops[in->op].fn || (t->blk->flags & X86_BF_EM) ||
	    (sse && ((t->blk->flags & X86_BF_NOFXSR) || !x86_sse_host_ok()))) {
		x86_emit_ud(t);
		return;
	}
	if (t->blk->flags & X86_BF_TS) {
		x86_emit_raise(t, X86_EXC_NM, false, 0);
		return;
	}
	for (unsigned i = 1; i < in->nopnd; i++)
		if (in->opnd[i].kind == X86_OPND_IMM)
			imm8 = (unsigned)in->opnd[i].imm & 0xff;
	if (in->nopnd >= 2)
		w |= mmx_source(t, &in->opnd[1], &a) | mmx_dest(t, d, &a);
	ir_call(t->blk, X86_H_MMX, r, a, IR_NO_SLOT, (int64_t)(w | SSE_PACK(0, 0, 0, 0, imm8)));
	if (is_reg(d, X86_RC_GPR))
		x86_write(t, d, d->size, r);
}

static bool is_mmx(const struct x86_inst *in)
{
	if (in->op == X86_OP_emms || x86_mmx_ops[in->op].sse)
		return true;
	for (unsigned i = 0; i < in->nopnd; i++)
		if (is_reg(&in->opnd[i], X86_RC_MMX))
			return true;
	return false;
}

bool x86_translate_x87(struct x86_tr *t)
{
	const struct x87_op *e = &x86_x87_ops[t->in->op];

	if (e->host || e->fn)
		tr_x87(t, e);
	else if (is_mmx(t->in))
		tr_mmx(t);
	else
		return false;
	return true;
}
