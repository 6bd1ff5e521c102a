/*
 * sse.c - SSE to SSE4.2 -> IR: the moves and bitwise operations as 64-bit IR on the two
 * slots of each XMM register (cpu.h), everything else as one call of x86_helper_sse with the
 * operation of sse_ops.h; ldmxcsr/stmxcsr, fxsave/fxrstor and movnti.
 *
 * Checks, decided at translation from the block flags (CR0 and CR4 are part of the key):
 * an SSE instruction raises #UD when CR0.EM is set or CR4.OSFXSR clear, else #NM when CR0.TS
 * is set; fxsave/fxrstor raise #NM when CR0.TS or CR0.EM is set. A 16-byte memory operand
 * must be 16-byte aligned (#GP(0)) except for the unaligned moves (movups, movupd, movdqu,
 * lddqu) and the string compares. Instructions with an MMX operand, and the conversions
 * between MMX and SSE registers, are x87.c's (it comes first).
 *
 * Invariants: every load (and the alignment check) of an instruction comes before its first
 * register write; a 16-byte store is two 8-byte stores, so a fault on the second page of a
 * store that crosses pages leaves the first 8 bytes written (the instruction restarts whole).
 */
#include "arch/x86_64/sse_ops.h"
#include "arch/x86_64/translate.h"

_Static_assert(X86_OP_COUNT <= 0x400, "a mnemonic fits SSE_OP's 10 bits");

#define XMM_LO(n) (X86_SLOT_XMM0 + 2u * (n))
#define XMM_HI(n) (XMM_LO(n) + 1u)

static bool is_xmm(const struct x86_operand *o)
{
	return o->kind == X86_OPND_REG && o->rclass == X86_RC_XMM;
}

/* An instruction with no MMX operand and an XMM one or an operation of sse_ops.h (cvtsd2si
 * with a memory source has no XMM operand), or ldmxcsr/stmxcsr. */
static bool is_sse(const struct x86_inst *in)
{
	bool xmm = in->op == X86_OP_ldmxcsr || in->op == X86_OP_stmxcsr || x86_sse_ops[in->op].fn;

	for (unsigned i = 0; i < in->nopnd; i++) {
		if (in->opnd[i].kind != X86_OPND_REG)
			continue;
		if (in->opnd[i].rclass == X86_RC_MMX)
			return false;
		xmm |= in->opnd[i].rclass == X86_RC_XMM;
	}
	return xmm;
}

/* #UD or #NM as CR0 and CR4 say (fx: fxsave/fxrstor); true if the instruction may run. */
static bool sse_allowed(struct x86_tr *t, bool fx)
{
	uint32_t f = t->blk->flags;

	if (!x86_sse_host_ok() || (!fx && (f & (X86_BF_EM | X86_BF_NOFXSR)))) {
		x86_emit_ud(t);
		return false;
	}
	if ((f & X86_BF_TS) || (fx && (f & X86_BF_EM))) {
		x86_emit_raise(t, X86_EXC_NM, false, 0);
		return false;
	}
	return true;
}

/* The 128-bit value of o: its slots, or two loads (after the alignment check if aligned). */
static void read128(struct x86_tr *t, const struct x86_operand *o, bool aligned, unsigned v[2])
{
	unsigned a;

	if (is_xmm(o)) {
		v[0] = XMM_LO(o->reg);
		v[1] = XMM_HI(o->reg);
		return;
	}
	a = x86_addr(t, o);
	if (aligned)
		ir_call(t->blk, X86_H_SSE_ALIGN, IR_NO_SLOT, a, IR_NO_SLOT, 0);
	v[0] = x86_tmp(t);
	v[1] = x86_tmp(t);
	ir_load(t->blk, IR_LD64, v[0], a, 0);
	ir_load(t->blk, IR_LD64, v[1], a, 8);
}

static void write128(struct x86_tr *t, const struct x86_operand *o, bool aligned,
		     const unsigned v[2])
{
	unsigned a;

	if (is_xmm(o)) {
		ir_mov(t->blk, XMM_LO(o->reg), v[0]);
		ir_mov(t->blk, XMM_HI(o->reg), v[1]);
		return;
	}
	a = x86_addr(t, o);
	if (aligned)
		ir_call(t->blk, X86_H_SSE_ALIGN, IR_NO_SLOT, a, IR_NO_SLOT, 0);
	ir_store(t->blk, IR_ST64, v[0], a, 0);
	ir_store(t->blk, IR_ST64, v[1], a, 8);
}

static void tr_move128(struct x86_tr *t, bool aligned)
{
	unsigned v[2];

	read128(t, &t->in->opnd[1], aligned, v);
	write128(t, &t->in->opnd[0], aligned, v);
}

/* movss/movsd: register to register merges the low element; a load zeroes the rest. */
static void tr_move_scalar(struct x86_tr *t, unsigned size)
{
	const struct x86_operand *d = &t->in->opnd[0], *s = &t->in->opnd[1];
	unsigned v;

	if (!is_xmm(d)) {
		x86_write(t, d, size, XMM_LO(s->reg));
	} else if (!is_xmm(s)) {
		v = x86_read(t, s, size);
		ir_mov(t->blk, XMM_LO(d->reg), v);
		ir_movi(t->blk, XMM_HI(d->reg), 0);
	} else if (size == 8) {
		ir_mov(t->blk, XMM_LO(d->reg), XMM_LO(s->reg));
	} else {
		unsigned keep = x86_tmp(t), low = x86_tmp(t);

		ir_alu2i(t->blk, IR_AND, keep, XMM_LO(d->reg), (int64_t)0xffffffff00000000ull);
		ir_alu1(t->blk, IR_ZEXT32, low, XMM_LO(s->reg));
		ir_alu2(t->blk, IR_OR, XMM_LO(d->reg), keep, low);
	}
}

/* movlps/movlpd/movhps/movhpd (one half to or from memory), movhlps, movlhps. */
static void tr_move_half(struct x86_tr *t, bool dst_high, bool src_high)
{
	const struct x86_operand *d = &t->in->opnd[0], *s = &t->in->opnd[1];
	unsigned v;

	if (!is_xmm(d)) {
		x86_write(t, d, 8, src_high ? XMM_HI(s->reg) : XMM_LO(s->reg));
		return;
	}
	v = is_xmm(s) ? (src_high ? XMM_HI(s->reg) : XMM_LO(s->reg)) : x86_read(t, s, 8);
	ir_mov(t->blk, dst_high ? XMM_HI(d->reg) : XMM_LO(d->reg), v);
}

/* movd/movq: to an XMM register the upper bits are zeroed; from one, its low bits. */
static void tr_movd_movq(struct x86_tr *t)
{
	const struct x86_operand *d = &t->in->opnd[0], *s = &t->in->opnd[1];
	unsigned size = t->in->op == X86_OP_movd ? 4 : 8, v;

	if (!is_xmm(d)) {
		x86_write(t, d, size, XMM_LO(s->reg));
		return;
	}
	if (is_xmm(s)) {
		v = x86_tmp(t);
		ir_mov(t->blk, v, XMM_LO(s->reg));
	} else {
		v = x86_read(t, s, size);
	}
	ir_mov(t->blk, XMM_LO(d->reg), v);
	ir_movi(t->blk, XMM_HI(d->reg), 0);
}

/* pand, pandn, por, pxor and the ps/pd forms: both halves with one IR op. */
static void tr_bitwise(struct x86_tr *t, enum ir_op op, bool invert_dst)
{
	const struct x86_operand *d = &t->in->opnd[0];
	unsigned v[2];

	read128(t, &t->in->opnd[1], true, v);
	for (unsigned i = 0; i < 2; i++) {
		unsigned dv = XMM_LO(d->reg) + i;

		if (invert_dst) {
			unsigned n = x86_tmp(t);

			ir_alu2i(t->blk, IR_XOR, n, dv, -1);
			dv = n;
		}
		ir_alu2(t->blk, op, XMM_LO(d->reg) + i, dv, v[i]);
	}
}

/* Everything else: one helper call (sse_ops.h says what it reads and writes). */
static void tr_helper(struct x86_tr *t, const struct x86_sse_op *e)
{
	const struct x86_inst *in = t->in;
	const struct x86_operand *d = &in->opnd[0], *s = &in->opnd[1];
	unsigned a = IR_NO_SLOT, src = 0, msize = 0, imm8 = 0, r = x86_tmp(t);
	uint64_t w;

	for (unsigned i = 1; i < in->nopnd; i++)
		if (in->opnd[i].kind == X86_OPND_IMM)
			imm8 = (unsigned)in->opnd[i].imm & 0xff;
	if (s->kind == X86_OPND_MEM) {
		a = x86_addr(t, s);
		msize = s->size;
	} else if (is_xmm(s)) {
		src = s->reg;
	} else if (s->kind == X86_OPND_REG) {
		a = x86_read(t, s, s->size);
	}
	w = SSE_PACK(in->op, is_xmm(d) ? d->reg : 0, src, msize, imm8) |
	    (s->kind == X86_OPND_IMM ? SSE_SRC_IMM : 0) | ((in->rex & 8) ? SSE_WIDE : 0);
	ir_call(t->blk, X86_H_SSE, r, a, IR_NO_SLOT, (int64_t)w);
	if (e->flags & SSE_GOUT) {
		struct x86_operand ecx = {
		    .kind = X86_OPND_REG, .rclass = X86_RC_GPR, .reg = X86_RCX};

		if (is_xmm(d)) /* pcmpXstri: the index goes to ecx */
			x86_write(t, &ecx, 4, r);
		else
			x86_write(t, d, d->size, r);
	}
	if (e->flags & SSE_EFL)
		t->cc = X86_CC_EFLAGS;
}

static bool tr_move(struct x86_tr *t)
{
	switch (t->in->op) {
	case X86_OP_movaps:
	case X86_OP_movapd:
	case X86_OP_movdqa:
	case X86_OP_movntps:
	case X86_OP_movntpd:
	case X86_OP_movntdq:
	case X86_OP_movntdqa:
		tr_move128(t, true);
		return true;
	case X86_OP_movups:
	case X86_OP_movupd:
	case X86_OP_movdqu:
	case X86_OP_lddqu:
		tr_move128(t, false);
		return true;
	case X86_OP_movss:
	case X86_OP_movsd:
		tr_move_scalar(t, t->in->op == X86_OP_movss ? 4 : 8);
		return true;
	case X86_OP_movlps:
	case X86_OP_movlpd:
	case X86_OP_movlhps:
		tr_move_half(t, t->in->op == X86_OP_movlhps, false);
		return true;
	case X86_OP_movhps:
	case X86_OP_movhpd:
	case X86_OP_movhlps:
		tr_move_half(t, t->in->op != X86_OP_movhlps, true);
		return true;
	case X86_OP_movd:
	case X86_OP_movq:
		tr_movd_movq(t);
		return true;
	default:
		return false;
	}
}

static bool tr_bitwise_op(struct x86_tr *t)
{
	static const struct {
		uint16_t op;
		uint8_t ir_op;
		bool invert;
	} ops[] = {
	    {X86_OP_pand, IR_AND, false},  {X86_OP_andps, IR_AND, false},
	    {X86_OP_andpd, IR_AND, false}, {X86_OP_pandn, IR_AND, true},
	    {X86_OP_andnps, IR_AND, true}, {X86_OP_andnpd, IR_AND, true},
	    {X86_OP_por, IR_OR, false},	   {X86_OP_orps, IR_OR, false},
	    {X86_OP_orpd, IR_OR, false},   {X86_OP_pxor, IR_XOR, false},
	    {X86_OP_xorps, IR_XOR, false}, {X86_OP_xorpd, IR_XOR, false},
	};

	for (unsigned i = 0; i < ARRAY_SIZE(ops); i++) {
		if (ops[i].op == t->in->op) {
			tr_bitwise(t, ops[i].ir_op, ops[i].invert);
			return true;
		}
	}
	return false;
}

/* ldmxcsr, stmxcsr, fxsave, fxrstor. */
static bool tr_state(struct x86_tr *t)
{
	const struct x86_operand *o = &t->in->opnd[0];
	unsigned v;

	switch (t->in->op) {
	case X86_OP_ldmxcsr:
		ir_call(t->blk, X86_H_LDMXCSR, IR_NO_SLOT, x86_read(t, o, 4), IR_NO_SLOT, 0);
		return true;
	case X86_OP_stmxcsr:
		v = x86_tmp(t);
		ir_call(t->blk, X86_H_STMXCSR, v, IR_NO_SLOT, IR_NO_SLOT, 0);
		x86_write(t, o, 4, v);
		return true;
	default:
		return false;
	}
}

static void tr_fx(struct x86_tr *t, bool restore)
{
	if (!sse_allowed(t, true))
		return;
	ir_call(t->blk, restore ? X86_H_FXRSTOR : X86_H_FXSAVE, IR_NO_SLOT,
		x86_addr(t, &t->in->opnd[0]), IR_NO_SLOT, (t->in->rex & 8) ? 1 : 0);
}

/* maskmovdqu: the bytes of the first XMM whose byte in the second has its top bit set, stored
 * to [rdi] (ds:edi outside 64-bit mode), a helper call per half. */
static void tr_maskmovdqu(struct x86_tr *t)
{
	unsigned a = x86_tmp(t), data = t->in->opnd[0].reg, mask = t->in->opnd[1].reg;

	ir_mov(t->blk, a, X86_RDI);
	x86_zext(t, a, a, t->in->addrsize);
	if (t->mode != X86_MODE_64) {
		ir_alu2(t->blk, IR_ADD, a, a,
			x86_seg_base_slot(t->in->seg == X86_SEG_NONE ? X86_SEG_DS : t->in->seg));
		ir_alu1(t->blk, IR_ZEXT32, a, a);
	}
	for (unsigned half = 0; half < 2; half++)
		ir_call(t->blk, X86_H_MASKMOV, IR_NO_SLOT, a, IR_NO_SLOT,
			(int64_t)((XMM_LO(data) + half) | (uint64_t)(XMM_LO(mask) + half) << 8 |
				  (uint64_t)half << 16));
}

bool x86_translate_sse(struct x86_tr *t)
{
	const struct x86_inst *in = t->in;

	switch (in->op) {
	case X86_OP_movnti:
		x86_write(t, &in->opnd[0], in->opsize, in->opnd[1].reg);
		return true;
	case X86_OP_fxsave:
	case X86_OP_fxsave64:
	case X86_OP_fxrstor:
	case X86_OP_fxrstor64:
		tr_fx(t, in->op == X86_OP_fxrstor || in->op == X86_OP_fxrstor64);
		return true;
	default:
		break;
	}
	if (!is_sse(in))
		return false;
	if (!sse_allowed(t, false) || tr_move(t) || tr_bitwise_op(t) || tr_state(t))
		return true;
	if (x86_sse_ops[in->op].fn)
		tr_helper(t, &x86_sse_ops[in->op]);
	else if (in->op == X86_OP_maskmovdqu)
		tr_maskmovdqu(t);
	else
		x86_emit_ud(t);
	return true;
}
