/*
 * flags.c - lazy flags: the arithmetic flags derived from the last
 * flag-setting operation (cpu.h), at run time in C and at translation time
 * as IR.
 *
 * An instruction that sets flags writes cc_op, cc_dst and the operands it
 * needs (x86_set_cc); a reader of one condition gets inline IR when the
 * translator knows which operation is in the cc slots (cmp then jcc, test
 * then setcc: the common cases), and otherwise calls the flags helper and
 * picks bits. cc_dst holds the result zero-extended from the operation's
 * size; cc_src1 and cc_src2 may hold garbage above that size (a 32-bit add
 * records its source registers as they are), so their readers mask. What the architecture leaves
 * undefined (AF after logic and shifts, OF after multi-bit shifts) is computed by one rule, the one
 * the random differential test does not compare.
 */
#include "arch/x86_64/translate.h"

static bool parity_even(uint64_t v)
{
	return !(__builtin_popcount((unsigned)(v & 0xff)) & 1);
}

/* CF and OF of the operation in the cc slots (kind not EFLAGS). */
static void carry_overflow(unsigned kind, unsigned bits, uint64_t dst, uint64_t s1, uint64_t s2,
			   bool *cf, bool *of)
{
	uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1, sign = 1ull << (bits - 1);
	uint64_t cin;

	switch (kind) {
	case X86_CCK_ADD:
	case X86_CCK_ADC:
		cin = (dst - s1 - s2) & mask;
		*cf = cin ? dst <= s1 : dst < s1;
		*of = ((s1 ^ dst) & (s2 ^ dst) & sign) != 0;
		return;
	case X86_CCK_SUB:
	case X86_CCK_SBB:
		cin = (s1 - s2 - dst) & mask;
		*cf = cin ? s1 <= s2 : s1 < s2;
		*of = ((s1 ^ s2) & (s1 ^ dst) & sign) != 0;
		return;
	case X86_CCK_INC:
		*cf = s2 & 1;
		*of = dst == sign;
		return;
	case X86_CCK_DEC:
		*cf = s2 & 1;
		*of = dst == sign - 1;
		return;
	case X86_CCK_SHL:
		*cf = s2 <= bits && ((s1 << (s2 - 1)) & sign) != 0;
		*of = ((dst & sign) != 0) != *cf;
		return;
	case X86_CCK_SHR:
		*cf = s2 <= 64 && ((s1 >> (s2 - 1)) & 1);
		*of = (s1 & sign) != 0;
		return;
	case X86_CCK_SAR: /* the last bit shifted out; past the top, the sign */
		*cf = s2 - 1 >= bits - 1 ? (s1 >> (bits - 1)) & 1 : (s1 >> (s2 - 1)) & 1;
		*of = false;
		return;
	case X86_CCK_MUL:
		*cf = *of = s1 != 0;
		return;
	default:
		*cf = *of = false;
		return;
	}
}

/* The flags of the operation in cc slots base .. base + 3 (cc_op, dst, src1, src2), a
 * rotate's excepted. */
static uint64_t flags_of(const struct soft_cpu *cpu, unsigned base)
{
	uint64_t op = cpu->slots[base], dst = cpu->slots[base + 1];
	uint64_t s1 = cpu->slots[base + 2], s2 = cpu->slots[base + 3];
	unsigned kind = X86_CC_KIND(op), bits = 8u << X86_CC_LSZ(op);
	uint64_t sign = 1ull << (bits - 1), mask = (sign << 1) - 1, f = 0;
	bool cf, of;

	if (kind == X86_CCK_EFLAGS || kind >= X86_CCK_COUNT || X86_CC_IS_ROTATE(op))
		return cpu->slots[X86_SLOT_RFLAGS] & X86_ARITH_FLAGS;
	dst &= mask;
	s1 &= mask;
	s2 &= mask;
	carry_overflow(kind, bits, dst, s1, s2, &cf, &of);
	f |= cf ? X86_CF : 0;
	f |= of ? X86_OF : 0;
	f |= ((dst << (64 - bits)) == 0) ? X86_ZF : 0;
	f |= (dst & sign) ? X86_SF : 0;
	f |= parity_even(dst) ? X86_PF : 0;
	switch (kind) {
	case X86_CCK_ADD:
	case X86_CCK_ADC:
	case X86_CCK_SUB:
	case X86_CCK_SBB:
		f |= (s1 ^ s2 ^ dst) & X86_AF;
		break;
	case X86_CCK_INC:
	case X86_CCK_DEC:
		f |= (s1 ^ 1 ^ dst) & X86_AF;
		break;
	default:
		break;
	}
	return f;
}

/* After rol/ror: CF is bit 0 (rol) or the sign (ror), OF as for a count of 1; the other
 * flags are those of the operation before, in the cc2 slots. */
static uint64_t flags_after_rotate(const struct soft_cpu *cpu)
{
	uint64_t op = cpu->slots[X86_SLOT_CC_OP], dst = cpu->slots[X86_SLOT_CC_DST];
	unsigned bits = 8u << X86_CC_LSZ(op);
	uint64_t sign = 1ull << (bits - 1), f;
	bool rol = X86_CC_KIND(op) == X86_CCK_ROL, cf, of;

	cf = rol ? dst & 1 : (dst & sign) != 0;
	of = rol ? ((dst & sign) != 0) != cf : ((dst ^ dst << 1) & sign) != 0;
	f = flags_of(cpu, X86_SLOT_CC2_OP) & ~(uint64_t)(X86_CF | X86_OF);
	return f | (cf ? X86_CF : 0) | (of ? X86_OF : 0);
}

/* The positive condition c (0 O, 1 B, 2 Z, 3 BE, 4 S, 5 P, 6 L, 7 LE) from RFLAGS bits f. */
static bool cond_of_flags(uint64_t f, unsigned c)
{
	bool sf = f & X86_SF, of = f & X86_OF, zf = f & X86_ZF;

	switch (c) {
	case 0:
		return of;
	case 1:
		return f & X86_CF;
	case 2:
		return zf;
	case 3:
		return (f & X86_CF) || zf;
	case 4:
		return sf;
	case 5:
		return f & X86_PF;
	case 6:
		return sf != of;
	default:
		return zf || sf != of;
	}
}

/* Condition c after a cmp/sub or a logic operation, straight from the cc slots; -1 for the
 * ones that need every flag (O and P, and what other kinds leave). */
static int cond_fast(const struct soft_cpu *cpu, unsigned c)
{
	uint64_t op = cpu->slots[X86_SLOT_CC_OP];
	unsigned kind = X86_CC_KIND(op), bits = 8u << X86_CC_LSZ(op);
	uint64_t sign = 1ull << (bits - 1), mask = (sign << 1) - 1;
	uint64_t dst = cpu->slots[X86_SLOT_CC_DST] & mask, s1 = cpu->slots[X86_SLOT_CC_SRC1] & mask;
	uint64_t s2 = cpu->slots[X86_SLOT_CC_SRC2] & mask;
	int64_t a = (int64_t)((s1 ^ sign) - sign), b = (int64_t)((s2 ^ sign) - sign);

	if (kind == X86_CCK_SUB) {
		switch (c) {
		case 1:
			return s1 < s2;
		case 3:
			return s1 <= s2;
		case 6:
			return a < b;
		case 7:
			return a <= b;
		default:
			break;
		}
	} else if (kind == X86_CCK_LOGIC && (c == 1 || c == 6 || c == 3 || c == 7)) {
		return c == 1	? 0
		       : c == 6 ? (dst & sign) != 0
		       : c == 3 ? dst == 0
				: dst == 0 || (dst & sign);
	}
	if (kind == X86_CCK_EFLAGS || kind >= X86_CCK_COUNT || X86_CC_IS_ROTATE(op))
		return -1;
	if (c == 2)
		return dst == 0;
	if (c == 4)
		return (dst & sign) != 0;
	return -1;
}

/* Helper: the positive condition imm's value, 0 or 1, without computing every flag when the
 * cc slots' operation gives it directly. */
uint64_t x86_helper_cond(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t cc)
{
	int r = cond_fast(cpu, (unsigned)cc >> 1);

	return r >= 0 ? (uint64_t)r : cond_of_flags(x86_arith_flags(cpu), (unsigned)cc >> 1);
}

uint64_t x86_arith_flags(const struct soft_cpu *cpu)
{
	if (X86_CC_IS_ROTATE(cpu->slots[X86_SLOT_CC_OP]))
		return flags_after_rotate(cpu);
	return flags_of(cpu, X86_SLOT_CC_OP);
}

uint64_t x86_get_rflags(const struct soft_cpu *cpu)
{
	return (cpu->slots[X86_SLOT_RFLAGS] & ~(uint64_t)X86_ARITH_FLAGS) | x86_arith_flags(cpu) |
	       X86_FLAGS_FIXED;
}

void x86_set_rflags(struct soft_cpu *cpu, uint64_t rflags)
{
	cpu->slots[X86_SLOT_RFLAGS] = rflags | X86_FLAGS_FIXED;
	cpu->slots[X86_SLOT_CC_OP] = X86_CC_EFLAGS;
}

void x86_set_cc(struct x86_tr *t, enum x86_cc_kind kind, unsigned size, unsigned dst, unsigned src1,
		unsigned src2)
{
	unsigned cc = X86_CC(kind, x86_lsz(size));

	ir_mov(t->blk, X86_SLOT_CC_DST, dst);
	if (src1 != IR_NO_SLOT)
		ir_mov(t->blk, X86_SLOT_CC_SRC1, src1);
	if (src2 != IR_NO_SLOT)
		ir_mov(t->blk, X86_SLOT_CC_SRC2, src2);
	if (t->cc != cc)
		ir_movi(t->blk, X86_SLOT_CC_OP, cc);
	t->cc = cc;
}

void x86_flush_flags(struct x86_tr *t)
{
	if (t->cc == X86_CC_EFLAGS)
		return;
	ir_call(t->blk, X86_H_FLUSH_FLAGS, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
	t->cc = X86_CC_EFLAGS;
}

/* Bit b of slot f, as 0 or 1, into a new temp. */
static unsigned bit_of(struct x86_tr *t, unsigned f, unsigned b)
{
	unsigned r = x86_tmp(t);

	ir_alu2i(t->blk, IR_SHR, r, f, b);
	ir_alu2i(t->blk, IR_AND, r, r, 1);
	return r;
}

/* The positive condition (cc & ~1) from an RFLAGS-format slot f. */
static unsigned cond_from_flags(struct x86_tr *t, unsigned f, unsigned cc)
{
	struct ir_block *blk = t->blk;
	unsigned r, o;

	switch (cc >> 1) {
	case 0:
		return bit_of(t, f, 11);
	case 1:
		return bit_of(t, f, 0);
	case 2:
		return bit_of(t, f, 6);
	case 3:
		r = x86_tmp(t);
		ir_alu2i(blk, IR_AND, r, f, X86_CF | X86_ZF);
		ir_alu2i(blk, IR_SETNE, r, r, 0);
		return r;
	case 4:
		return bit_of(t, f, 7);
	case 5:
		return bit_of(t, f, 2);
	default:
		r = x86_tmp(t);
		ir_alu2i(blk, IR_SHR, r, f, 4); /* SF (7) over OF (11) */
		ir_alu2(blk, IR_XOR, r, r, f);
		o = bit_of(t, r, 7);
		if ((cc >> 1) == 7)
			ir_alu2(blk, IR_OR, o, o, bit_of(t, f, 6));
		return o;
	}
}

/* The sign bit of the cc_dst slot for an operation of size lsz. */
static unsigned sign_of_dst(struct x86_tr *t, unsigned lsz)
{
	return bit_of(t, X86_SLOT_CC_DST, (8u << lsz) - 1);
}

static unsigned setcc_slots(struct x86_tr *t, enum ir_op op, unsigned a, unsigned b)
{
	unsigned r = x86_tmp(t);

	ir_alu2(t->blk, op, r, a, b);
	return r;
}

static unsigned sext_of(struct x86_tr *t, unsigned slot, unsigned lsz)
{
	unsigned r = x86_tmp(t);

	x86_sext(t, r, slot, 1u << lsz);
	return r;
}

static unsigned zext_of(struct x86_tr *t, unsigned slot, unsigned lsz)
{
	unsigned r;

	if (lsz == 3)
		return slot;
	r = x86_tmp(t);
	x86_zext(t, r, slot, 1u << lsz);
	return r;
}

/* Inline IR for positive condition cc after a cmp/sub (t->cc known); IR_NO_SLOT if none. */
static unsigned cond_after_sub(struct x86_tr *t, unsigned cc, unsigned lsz)
{
	unsigned s1 = X86_SLOT_CC_SRC1, s2 = X86_SLOT_CC_SRC2, r;

	switch (cc >> 1) {
	case 1:
		return setcc_slots(t, IR_SETLTU, zext_of(t, s1, lsz), zext_of(t, s2, lsz));
	case 2:
		r = x86_tmp(t);
		ir_alu2i(t->blk, IR_SETEQ, r, X86_SLOT_CC_DST, 0);
		return r;
	case 3:
		return setcc_slots(t, IR_SETGEU, zext_of(t, s2, lsz), zext_of(t, s1, lsz));
	case 4:
		return sign_of_dst(t, lsz);
	case 6:
		return setcc_slots(t, IR_SETLT, sext_of(t, s1, lsz), sext_of(t, s2, lsz));
	case 7:
		return setcc_slots(t, IR_SETGE, sext_of(t, s2, lsz), sext_of(t, s1, lsz));
	default:
		return IR_NO_SLOT;
	}
}

/* Inline IR after a logic operation (CF = OF = 0). */
static unsigned cond_after_logic(struct x86_tr *t, unsigned cc, unsigned lsz)
{
	unsigned r;

	switch (cc >> 1) {
	case 0:
	case 1:
		return x86_const(t, 0);
	case 2:
	case 3:
		r = x86_tmp(t);
		ir_alu2i(t->blk, IR_SETEQ, r, X86_SLOT_CC_DST, 0);
		return r;
	case 4:
	case 6:
		return sign_of_dst(t, lsz);
	case 7:
		r = x86_tmp(t);
		ir_alu2i(t->blk, IR_SETEQ, r, X86_SLOT_CC_DST, 0);
		ir_alu2(t->blk, IR_OR, r, r, sign_of_dst(t, lsz));
		return r;
	default:
		return IR_NO_SLOT;
	}
}

/* Z and S after any operation (dst is the result). */
static unsigned cond_zs(struct x86_tr *t, unsigned cc, unsigned lsz)
{
	if ((cc >> 1) == 2) {
		unsigned r = x86_tmp(t);

		ir_alu2i(t->blk, IR_SETEQ, r, X86_SLOT_CC_DST, 0);
		return r;
	}
	if ((cc >> 1) == 4)
		return sign_of_dst(t, lsz);
	return IR_NO_SLOT;
}

static unsigned cond_inline(struct x86_tr *t, unsigned cc)
{
	unsigned kind = X86_CC_KIND(t->cc), lsz = X86_CC_LSZ(t->cc);

	if (t->cc == X86_CC_UNKNOWN || X86_CC_IS_ROTATE(t->cc))
		return IR_NO_SLOT;
	switch (kind) {
	case X86_CCK_SUB:
		return cond_after_sub(t, cc, lsz);
	case X86_CCK_LOGIC:
		return cond_after_logic(t, cc, lsz);
	case X86_CCK_EFLAGS:
		return cond_from_flags(t, X86_SLOT_RFLAGS, cc);
	case X86_CCK_INC:
	case X86_CCK_DEC:
		if ((cc >> 1) == 1)
			return bit_of(t, X86_SLOT_CC_SRC2, 0);
		return cond_zs(t, cc, lsz);
	default:
		return cond_zs(t, cc, lsz);
	}
}

unsigned x86_cond(struct x86_tr *t, unsigned cc)
{
	unsigned r = cond_inline(t, cc & ~1u);

	if (r == IR_NO_SLOT) {
		r = x86_tmp(t);
		ir_call(t->blk, X86_H_COND, r, IR_NO_SLOT, IR_NO_SLOT, cc & ~1u);
	}
	if (cc & 1)
		ir_alu2i(t->blk, IR_XOR, r, r, 1);
	return r;
}

unsigned x86_carry(struct x86_tr *t)
{
	return x86_cond(t, 2);
}

/* A direct compare-and-branch for condition cc after a cmp/sub, or a Z test after anything
 * else the translator knows is in the cc slots; false when the condition needs computing. */
static bool branch_direct(struct x86_tr *t, unsigned cc, enum ir_op *op, unsigned *a, unsigned *b)
{
	static const enum ir_op pos[8] = {
	    [1] = IR_BRLTU, [2] = IR_BREQ, [3] = IR_BRGEU, [6] = IR_BRLT, [7] = IR_BRGE};
	static const enum ir_op neg[8] = {
	    [1] = IR_BRGEU, [2] = IR_BRNE, [3] = IR_BRLTU, [6] = IR_BRGE, [7] = IR_BRLT};
	unsigned kind = X86_CC_KIND(t->cc), lsz = X86_CC_LSZ(t->cc), c = cc >> 1;
	unsigned s1 = X86_SLOT_CC_SRC1, s2 = X86_SLOT_CC_SRC2;

	if (t->cc == X86_CC_UNKNOWN || kind == X86_CCK_EFLAGS || X86_CC_IS_ROTATE(t->cc))
		return false;
	if (kind != X86_CCK_SUB || c == 2) {
		if (c != 2)
			return false;
		*op = (cc & 1) ? IR_BRNE : IR_BREQ;
		*a = X86_SLOT_CC_DST;
		*b = x86_const(t, 0);
		return true;
	}
	if (!pos[c])
		return false;
	if (c >= 6 && lsz < 3) {
		s1 = sext_of(t, s1, lsz);
		s2 = sext_of(t, s2, lsz);
	} else {
		s1 = zext_of(t, s1, lsz);
		s2 = zext_of(t, s2, lsz);
	}
	*op = (cc & 1) ? neg[c] : pos[c];
	/* BE, A, LE and G compare the other way round */
	*a = (c == 3 || c == 7) ? s2 : s1;
	*b = (c == 3 || c == 7) ? s1 : s2;
	return true;
}

void x86_branch(struct x86_tr *t, unsigned cc, uint64_t target)
{
	enum ir_op op;
	unsigned a, b;

	if (!branch_direct(t, cc, &op, &a, &b)) {
		op = IR_BRNE;
		a = x86_cond(t, cc);
		b = x86_const(t, 0);
	}
	ir_br(t->blk, op, a, b, target);
}
