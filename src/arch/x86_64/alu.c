/*
 * alu.c - the x86-64 arithmetic, logic, shift, multiply/divide, bit and
 * exchange-and-add instructions, in IR with lazy flags (flags.c).
 *
 * Results are computed in temps from operands read once; a memory
 * destination is stored before the cc slots are written, a register
 * destination after (its old value may be one of the recorded operands),
 * so a faulting store leaves the previous instruction's flags. rol and ror
 * by an immediate are IR with lazy flags (X86_CCK_ROL/ROR); the other
 * rotates, double shifts, division and cmpxchg16b run in helpers; a rotate
 * or double shift calls its helper twice, once for the result and, after
 * the store, once for the flags.
 */
#include "arch/x86_64/translate.h"

/* Rotate/double-shift helper imm: size (bits 0-3), kind (4-7), the flags phase (bit 8), the
 * count is CL (bit 9), an immediate count (bits 16-23). */
#define X86_ROT_FLAGS_PHASE (1u << 8)
#define X86_ROT_COUNT_CL    (1u << 9)

static unsigned opnd_size(const struct x86_tr *t, const struct x86_operand *o)
{
	return o->size ? o->size : t->in->opsize;
}

static bool is_mem(const struct x86_operand *o)
{
	return o->kind == X86_OPND_MEM;
}

/* Write result r to d and record the flags (see the file comment for the order). */
static void finish(struct x86_tr *t, const struct x86_operand *d, unsigned size, unsigned r,
		   enum x86_cc_kind kind, unsigned s1, unsigned s2)
{
	if (is_mem(d)) {
		x86_write(t, d, size, r);
		x86_set_cc(t, kind, size, r, s1, s2);
	} else {
		x86_set_cc(t, kind, size, r, s1, s2);
		x86_write(t, d, size, r);
	}
}

/* The binary ALU operations: sources read raw, the result cut to size (32-bit forms zero-extend
 * in the op itself). */
void x86_tr_binop(struct x86_tr *t)
{
	static const struct {
		uint16_t op;
		uint8_t ir, ir32, kind;
	} ops[] = {
	    {X86_OP_add, IR_ADD, IR_ADD32, X86_CCK_ADD},
	    {X86_OP_sub, IR_SUB, IR_SUB32, X86_CCK_SUB},
	    {X86_OP_cmp, IR_SUB, IR_SUB32, X86_CCK_SUB},
	    {X86_OP_and, IR_AND, 0, X86_CCK_LOGIC},
	    {X86_OP_test, IR_AND, 0, X86_CCK_LOGIC},
	    {X86_OP_or, IR_OR, 0, X86_CCK_LOGIC},
	    {X86_OP_xor, IR_XOR, 0, X86_CCK_LOGIC},
	    {X86_OP_adc, IR_ADC, 0, X86_CCK_ADC},
	    {X86_OP_sbb, IR_SBB, 0, X86_CCK_SBB},
	};
	const struct x86_operand *d = &t->in->opnd[0];
	unsigned size = opnd_size(t, d), a = x86_read_raw(t, d, size), r = x86_tmp(t), i = 0;
	unsigned b = x86_read_raw(t, &t->in->opnd[1], size);

	while (ops[i].op != t->in->op)
		i++;
	if (ops[i].ir == IR_ADC || ops[i].ir == IR_SBB)
		ir_alu3(t->blk, ops[i].ir, r, a, b, x86_carry(t));
	else
		ir_alu2(t->blk, size == 4 && ops[i].ir32 ? ops[i].ir32 : ops[i].ir, r, a, b);
	if (size < 8 && !(size == 4 && ops[i].ir32))
		x86_zext(t, r, r, size);
	if (ops[i].kind == X86_CCK_LOGIC)
		a = b = IR_NO_SLOT;
	if (t->in->op == X86_OP_cmp || t->in->op == X86_OP_test)
		x86_set_cc(t, ops[i].kind, size, r, a, b);
	else
		finish(t, d, size, r, ops[i].kind, a, b);
}

void x86_tr_unary(struct x86_tr *t)
{
	const struct x86_operand *d = &t->in->opnd[0];
	unsigned size = opnd_size(t, d), a = x86_read(t, d, size), r = x86_tmp(t);
	struct ir_block *blk = t->blk;

	switch (t->in->op) {
	case X86_OP_not:
		ir_alu1(blk, IR_NOT, r, a);
		x86_write(t, d, size, r);
		return;
	case X86_OP_neg: {
		unsigned zero = x86_const(t, 0);

		ir_alu2(blk, IR_SUB, r, zero, a);
		x86_zext(t, r, r, size);
		finish(t, d, size, r, X86_CCK_SUB, zero, a);
		return;
	}
	default: { /* inc, dec: CF is kept (in src2) */
		unsigned cf = x86_carry(t);

		ir_alu2i(blk, IR_ADD, r, a, t->in->op == X86_OP_inc ? 1 : -1);
		x86_zext(t, r, r, size);
		finish(t, d, size, r, t->in->op == X86_OP_inc ? X86_CCK_INC : X86_CCK_DEC, a, cf);
		return;
	}
	}
}

/* The shift count slot (masked as the hardware masks it) and, when it is an immediate, its
 * value in *imm (else -1). */
static unsigned shift_count(struct x86_tr *t, unsigned size, int *imm)
{
	const struct x86_operand *c = &t->in->opnd[1];
	unsigned mask = size == 8 ? 63 : 31, r;

	if (c->kind == X86_OPND_IMM) {
		*imm = (int)((uint64_t)c->imm & mask);
		return x86_const(t, (uint64_t)*imm);
	}
	if (c->kind == X86_OPND_NONE) { /* D0/D1 forms: the decoder names the count One */
		*imm = 1;
		return x86_const(t, 1);
	}
	*imm = -1;
	r = x86_tmp(t);
	ir_alu2i(t->blk, IR_AND, r, X86_RCX, mask);
	return r;
}

/* Record the flags of a shift whose count is only known at run time: unchanged if it is 0. */
static void set_cc_if_count(struct x86_tr *t, enum x86_cc_kind kind, unsigned size, unsigned r,
			    unsigned a, unsigned cnt)
{
	struct ir_block *blk = t->blk;
	unsigned nz = x86_tmp(t), op = x86_const(t, X86_CC(kind, x86_lsz(size)));

	ir_alu2i(blk, IR_SETNE, nz, cnt, 0);
	ir_alu3(blk, IR_SELECT, X86_SLOT_CC_OP, op, X86_SLOT_CC_OP, nz);
	ir_alu3(blk, IR_SELECT, X86_SLOT_CC_DST, r, X86_SLOT_CC_DST, nz);
	ir_alu3(blk, IR_SELECT, X86_SLOT_CC_SRC1, a, X86_SLOT_CC_SRC1, nz);
	ir_alu3(blk, IR_SELECT, X86_SLOT_CC_SRC2, cnt, X86_SLOT_CC_SRC2, nz);
	t->cc = X86_CC_UNKNOWN;
}

static bool shift_operands_one(const struct x86_inst *in)
{
	return in->nopnd < 2 || in->opnd[1].kind == X86_OPND_NONE;
}

/* Rotates and double shifts: the helper for the result, then (after the store) for flags. */
static void tr_rotate_helper(struct x86_tr *t, unsigned helper, unsigned kind, unsigned b,
			     unsigned cnt_imm_or_cl)
{
	const struct x86_operand *d = &t->in->opnd[0];
	unsigned size = opnd_size(t, d), a = x86_tmp(t), r = x86_tmp(t);
	uint64_t imm = size | kind << 4 | cnt_imm_or_cl;

	ir_mov(t->blk, a, x86_read(t, d, size));
	ir_call(t->blk, helper, r, a, b, (int64_t)imm);
	if (is_mem(d))
		x86_write(t, d, size, r);
	ir_call(t->blk, helper, IR_NO_SLOT, a, b, (int64_t)(imm | X86_ROT_FLAGS_PHASE));
	if (!is_mem(d))
		x86_write(t, d, size, r);
	t->cc = X86_CC_UNKNOWN;
}

/* Keep the flags before a rotate in the cc2 slots: the cc slots' operation, unless that is a
 * rotate already (its cc2 slots hold what came before it). */
static void save_cc_before_rotate(struct x86_tr *t)
{
	struct ir_block *blk = t->blk;
	unsigned keep;

	if (t->cc != X86_CC_UNKNOWN && X86_CC_IS_ROTATE(t->cc))
		return;
	if (t->cc != X86_CC_UNKNOWN) {
		for (unsigned i = 0; i < 4; i++)
			ir_mov(blk, X86_SLOT_CC2_OP + i, X86_SLOT_CC_OP + i);
		return;
	}
	keep = x86_tmp(t);
	ir_alu2i(blk, IR_SHR, keep, X86_SLOT_CC_OP, 3);
	ir_alu2(blk, IR_SETEQ, keep, keep, x86_const(t, X86_CCK_ROL / 2));
	for (unsigned i = 0; i < 4; i++)
		ir_alu3(blk, IR_SELECT, X86_SLOT_CC2_OP + i, X86_SLOT_CC2_OP + i,
			X86_SLOT_CC_OP + i, keep);
}

/* rol, ror by an immediate count in IR (8- and 16-bit values rotate as a 32-bit word holding
 * copies of them); the flags lazily (X86_CCK_ROL/ROR). A count that masks to 0 changes no
 * flag. */
static void tr_rotate_imm(struct x86_tr *t, bool left, unsigned n)
{
	const struct x86_operand *d = &t->in->opnd[0];
	unsigned size = opnd_size(t, d), bits = size * 8, a = x86_tmp(t), r = x86_tmp(t);

	n &= size == 8 ? 63 : 31;
	ir_mov(t->blk, a, x86_read(t, d, size));
	if (n == 0) {
		x86_write(t, d, size, a);
		return;
	}
	if (size == 8) {
		ir_alu2i(t->blk, left ? IR_ROL : IR_ROR, r, a, n);
	} else {
		if (size < 4)
			ir_alu2i(t->blk, IR_MUL, a, a, size == 1 ? 0x01010101 : 0x00010001);
		ir_alu2i(t->blk, left ? IR_ROL32 : IR_ROR32, r, a, n % bits);
		if (size < 4)
			x86_zext(t, r, r, size);
	}
	save_cc_before_rotate(t);
	finish(t, d, size, r, left ? X86_CCK_ROL : X86_CCK_ROR, IR_NO_SLOT, IR_NO_SLOT);
}

void x86_tr_shift(struct x86_tr *t)
{
	static const uint16_t rot_ops[] = {X86_OP_rol, X86_OP_ror, X86_OP_rcl, X86_OP_rcr};
	const struct x86_operand *d = &t->in->opnd[0];
	unsigned size = opnd_size(t, d), a, r, cnt;
	enum x86_cc_kind kind;
	int imm;

	for (unsigned k = 0; k < ARRAY_SIZE(rot_ops); k++) {
		if (t->in->op == rot_ops[k]) {
			const struct x86_operand *c = &t->in->opnd[1];
			bool cl = !shift_operands_one(t->in) && c->kind == X86_OPND_REG;
			unsigned n = shift_operands_one(t->in) ? 1u
				     : c->kind == X86_OPND_IMM ? (unsigned)c->imm & 0xff
							       : 0;

			if (k < 2 && !cl) {
				tr_rotate_imm(t, k == 0, n);
				return;
			}
			tr_rotate_helper(t, X86_H_ROTATE, k, IR_NO_SLOT,
					 cl ? X86_ROT_COUNT_CL : n << 16);
			return;
		}
	}
	cnt = shift_count(t, size, &imm);
	a = x86_read(t, d, size);
	r = x86_tmp(t);
	if (t->in->op == X86_OP_shr) {
		ir_alu2(t->blk, IR_SHR, r, a, cnt);
		kind = X86_CCK_SHR;
	} else if (t->in->op == X86_OP_sar) {
		x86_sext(t, r, a, size);
		ir_alu2(t->blk, IR_SAR, r, r, cnt);
		kind = X86_CCK_SAR;
	} else { /* shl, sal */
		ir_alu2(t->blk, IR_SHL, r, a, cnt);
		kind = X86_CCK_SHL;
	}
	if (size < 8)
		x86_zext(t, r, r, size);
	if (imm == 0) {
		x86_write(t, d, size, r);
	} else if (imm > 0) {
		finish(t, d, size, r, kind, a, cnt);
	} else if (is_mem(d)) {
		x86_write(t, d, size, r);
		set_cc_if_count(t, kind, size, r, a, cnt);
	} else {
		set_cc_if_count(t, kind, size, r, a, cnt);
		x86_write(t, d, size, r);
	}
}

void x86_tr_shift_double(struct x86_tr *t)
{
	const struct x86_operand *c = &t->in->opnd[2];
	unsigned b = x86_tmp(t);
	unsigned n = c->kind == X86_OPND_IMM ? (unsigned)c->imm & 0xff : 0;

	ir_mov(t->blk, b, x86_read(t, &t->in->opnd[1], opnd_size(t, &t->in->opnd[0])));
	tr_rotate_helper(t, X86_H_SHIFT_DOUBLE, t->in->op == X86_OP_shrd, b,
			 c->kind == X86_OPND_IMM ? n << 16 : X86_ROT_COUNT_CL);
}

/* mul and imul with one operand: rdx:rax (ax for bytes) = rax * src. */
static void tr_mul1(struct x86_tr *t, bool sign)
{
	struct ir_block *blk = t->blk;
	unsigned size = opnd_size(t, &t->in->opnd[0]), bits = size * 8;
	unsigned s = x86_read(t, &t->in->opnd[0], size), lo = x86_tmp(t), hi = x86_tmp(t);
	unsigned ov = x86_tmp(t), a = x86_tmp(t), b = x86_tmp(t);
	struct x86_operand ax = {.kind = X86_OPND_REG, .reg = X86_RAX};
	struct x86_operand dx = {.kind = X86_OPND_REG, .reg = X86_RDX};

	if (size == 8) {
		ir_alu2(blk, IR_MUL, lo, X86_RAX, s);
		ir_alu2(blk, sign ? IR_MULH : IR_MULHU, hi, X86_RAX, s);
		if (sign) {
			ir_alu2i(blk, IR_SAR, ov, lo, 63);
			ir_alu2(blk, IR_SETNE, ov, hi, ov);
		} else {
			ir_alu2i(blk, IR_SETNE, ov, hi, 0);
		}
	} else {
		if (sign) {
			x86_sext(t, a, X86_RAX, size);
			x86_sext(t, b, s, size);
		} else {
			x86_zext(t, a, X86_RAX, size);
			ir_mov(blk, b, s);
		}
		ir_alu2(blk, IR_MUL, a, a, b); /* the whole product fits in 64 bits */
		x86_zext(t, lo, a, size);
		ir_alu2i(blk, sign ? IR_SAR : IR_SHR, hi, a, bits);
		x86_zext(t, hi, hi, size);
		x86_sext(t, b, lo, size);
		ir_alu2(blk, IR_SETNE, ov, a, sign ? b : lo);
	}
	x86_set_cc(t, X86_CCK_MUL, size, lo, ov, IR_NO_SLOT);
	if (size == 1) {
		x86_write(t, &ax, 2, a);
		return;
	}
	x86_write(t, &ax, size, lo);
	x86_write(t, &dx, size, hi);
}

/* imul with two or three operands: dst = src1 * src2, truncated. */
void x86_tr_imul(struct x86_tr *t)
{
	struct ir_block *blk = t->blk;
	const struct x86_inst *in = t->in;
	unsigned size = in->opsize, lo = x86_tmp(t), ov = x86_tmp(t), a = x86_tmp(t);
	unsigned b = x86_tmp(t);
	const struct x86_operand *s1 = &in->opnd[in->nopnd == 3 ? 1 : 0];
	const struct x86_operand *s2 = &in->opnd[in->nopnd == 3 ? 2 : 1];

	if (in->nopnd == 1 || in->opnd[1].kind == X86_OPND_NONE) {
		tr_mul1(t, true);
		return;
	}
	x86_sext(t, a, x86_read(t, s1, size), size);
	if (s2->kind == X86_OPND_IMM)
		ir_movi(blk, b, s2->imm);
	else
		x86_sext(t, b, x86_read(t, s2, size), size);
	ir_alu2(blk, IR_MUL, lo, a, b);
	if (size == 8) {
		unsigned hi = x86_tmp(t);

		ir_alu2(blk, IR_MULH, hi, a, b);
		ir_alu2i(blk, IR_SAR, ov, lo, 63);
		ir_alu2(blk, IR_SETNE, ov, hi, ov);
	} else {
		x86_sext(t, ov, lo, size);
		ir_alu2(blk, IR_SETNE, ov, ov, lo);
		x86_zext(t, lo, lo, size);
	}
	x86_set_cc(t, X86_CCK_MUL, size, lo, ov, IR_NO_SLOT);
	x86_write(t, &in->opnd[0], size, lo);
}

void x86_tr_div(struct x86_tr *t)
{
	const struct x86_operand *o = &t->in->opnd[0];
	unsigned size = opnd_size(t, o);

	ir_call(t->blk, t->in->op == X86_OP_div ? X86_H_DIV : X86_H_IDIV, IR_NO_SLOT,
		x86_read(t, o, size), IR_NO_SLOT, size);
}

/* bt, bts, btr, btc: CF = the bit; a register bit offset may address memory beyond the
 * operand. */
void x86_tr_bit(struct x86_tr *t)
{
	struct ir_block *blk = t->blk;
	const struct x86_inst *in = t->in;
	struct x86_operand d = in->opnd[0];
	const struct x86_operand *s = &in->opnd[1];
	unsigned size = opnd_size(t, &d), bits = size * 8, bit = x86_tmp(t), v, cf = x86_tmp(t);
	unsigned mask = x86_tmp(t), r = x86_tmp(t);

	if (s->kind == X86_OPND_IMM) {
		ir_movi(blk, bit, s->imm & (bits - 1));
	} else {
		unsigned off = x86_read(t, s, size);

		ir_alu2i(blk, IR_AND, bit, off, bits - 1);
		if (is_mem(&d)) {
			unsigned q = x86_tmp(t), a = x86_tmp(t);

			x86_sext(t, q, off, size);
			ir_alu2i(blk, IR_SAR, q, q, __builtin_ctz(bits));
			ir_alu2i(blk, IR_SHL, q, q, x86_lsz(size));
			ir_alu2(blk, IR_ADD, a, x86_addr(t, &d), q);
			t->addr = a;
		}
	}
	v = x86_read(t, &d, size);
	ir_alu2(blk, IR_SHR, cf, v, bit);
	ir_alu2i(blk, IR_AND, cf, cf, 1);
	ir_movi(blk, mask, 1);
	ir_alu2(blk, IR_SHL, mask, mask, bit);
	x86_flush_flags(t); /* representation only: the flags' value is unchanged */
	if (in->op != X86_OP_bt) {
		ir_alu2(blk,
			in->op == X86_OP_bts   ? IR_OR
			: in->op == X86_OP_btr ? IR_ANDN
					       : IR_XOR,
			r, v, mask);
		if (is_mem(&d))
			x86_write(t, &d, size, r);
	}
	ir_alu2i(blk, IR_AND, X86_SLOT_RFLAGS, X86_SLOT_RFLAGS, ~(int64_t)X86_CF);
	ir_alu2(blk, IR_OR, X86_SLOT_RFLAGS, X86_SLOT_RFLAGS, cf);
	if (in->op != X86_OP_bt && !is_mem(&d))
		x86_write(t, &d, size, r);
}

/* bsf, bsr (the destination keeps its value for a zero source), popcnt. */
void x86_tr_bitscan(struct x86_tr *t)
{
	struct ir_block *blk = t->blk;
	const struct x86_operand *d = &t->in->opnd[0];
	unsigned size = t->in->opsize, s = x86_read(t, &t->in->opnd[1], size);
	unsigned z = x86_tmp(t), r = x86_tmp(t), old = x86_read(t, d, size);

	ir_alu2i(blk, IR_SETEQ, z, s, 0);
	if (t->in->op == X86_OP_popcnt) {
		ir_alu1(blk, IR_CPOP, r, s);
		x86_flush_flags(t);
		ir_alu2i(blk, IR_AND, X86_SLOT_RFLAGS, X86_SLOT_RFLAGS, ~(int64_t)X86_ARITH_FLAGS);
		ir_alu2i(blk, IR_SHL, z, z, 6);
		ir_alu2(blk, IR_OR, X86_SLOT_RFLAGS, X86_SLOT_RFLAGS, z);
		x86_write(t, d, size, r);
		return;
	}
	if (t->in->op == X86_OP_bsf) {
		ir_alu1(blk, IR_CTZ, r, s);
	} else {
		ir_alu1(blk, IR_CLZ, r, s);
		ir_alu2i(blk, IR_XOR, r, r, 63);
	}
	x86_set_cc(t, X86_CCK_LOGIC, size, s, IR_NO_SLOT, IR_NO_SLOT);
	if (size == 4) { /* kept whole: a zero source does not zero-extend the register */
		x86_zext(t, r, r, size);
		ir_alu3(blk, IR_SELECT, r, d->reg, r, z);
		ir_mov(blk, d->reg, r);
		return;
	}
	ir_alu3(blk, IR_SELECT, r, old, r, z);
	x86_write(t, d, size, r);
}

void x86_tr_xadd(struct x86_tr *t)
{
	const struct x86_operand *d = &t->in->opnd[0], *s = &t->in->opnd[1];
	unsigned size = opnd_size(t, d), a = x86_tmp(t), b = x86_tmp(t), r = x86_tmp(t);

	ir_mov(t->blk, a, x86_read(t, d, size));
	ir_mov(t->blk, b, x86_read(t, s, size));
	ir_alu2(t->blk, IR_ADD, r, a, b);
	x86_zext(t, r, r, size);
	if (is_mem(d))
		x86_write(t, d, size, r);
	x86_set_cc(t, X86_CCK_ADD, size, r, a, b);
	x86_write(t, s, size, a);
	if (!is_mem(d))
		x86_write(t, d, size, r); /* xadd r, r: the sum wins */
}

void x86_tr_cmpxchg(struct x86_tr *t)
{
	struct ir_block *blk = t->blk;
	const struct x86_operand *d = &t->in->opnd[0];
	unsigned size = opnd_size(t, d), acc = x86_tmp(t), a = x86_tmp(t), eq = x86_tmp(t);
	unsigned nv = x86_tmp(t), diff = x86_tmp(t), nrax = x86_tmp(t);
	unsigned s = x86_read(t, &t->in->opnd[1], size);
	struct x86_operand ax = {.kind = X86_OPND_REG, .reg = X86_RAX};

	x86_zext(t, acc, X86_RAX, size);
	ir_mov(blk, a, x86_read(t, d, size));
	ir_alu2(blk, IR_SETEQ, eq, acc, a);
	ir_alu3(blk, IR_SELECT, nv, s, a, eq);
	ir_alu2(blk, IR_SUB, diff, acc, a);
	x86_zext(t, diff, diff, size);
	if (is_mem(d))
		x86_write(t, d, size,
			  nv); /* written back even when unequal, as the hardware does */
	x86_set_cc(t, X86_CCK_SUB, size, diff, acc, a);
	/* rax: kept when equal (no 32-bit zero-extension either), else the old destination */
	if (size == 4) {
		unsigned ne = x86_tmp(t);

		ir_alu2i(blk, IR_XOR, ne, eq, 1);
		ir_alu3(blk, IR_SELECT, nrax, a, X86_RAX, ne);
		ir_mov(blk, X86_RAX, nrax);
	} else {
		ir_alu3(blk, IR_SELECT, nrax, acc, a, eq);
		x86_write(t, &ax, size, nrax);
	}
	/* a 32-bit register destination is not written at all (nor zero-extended) when unequal */
	if (!is_mem(d) && size == 4) {
		x86_zext(t, nv, s, size);
		ir_alu3(blk, IR_SELECT, nv, nv, d->reg, eq);
		ir_mov(blk, d->reg, nv);
	} else if (!is_mem(d)) {
		x86_write(t, d, size, nv);
	}
}

void x86_tr_mul(struct x86_tr *t)
{
	tr_mul1(t, false);
}

void x86_tr_cmpxchg16b(struct x86_tr *t)
{
	ir_call(t->blk, X86_H_CMPXCHG16B, IR_NO_SLOT, x86_addr(t, &t->in->opnd[0]), IR_NO_SLOT,
		t->in->op == X86_OP_cmpxchg16b ? 16 : 8);
	t->cc = X86_CC_UNKNOWN;
}

void x86_tr_crc32(struct x86_tr *t)
{
	const struct x86_operand *d = &t->in->opnd[0], *s = &t->in->opnd[1];
	unsigned ssz = opnd_size(t, s), r = x86_tmp(t), c = x86_tmp(t);

	x86_zext(t, c, d->reg, 4);
	ir_call(t->blk, X86_H_CRC32, r, c, x86_read(t, s, ssz), ssz);
	ir_alu1(t->blk, IR_ZEXT32, d->reg, r);
}
