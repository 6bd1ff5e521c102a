/*
 * opt_fold.c - constant folding and algebraic simplification.
 *
 * One forward scan over the straight-line block, tracking which slots hold
 * a known constant (set by MOVI, forgotten when the slot is written by
 * anything else, and for every guest register slot at a CALL flagged
 * IR_HF_WRITES_REGS). With that knowledge:
 *   - ALU ops whose operands are all constant become MOVI (values from
 *     ir_eval_alu, i.e. the interpreter's own semantics);
 *   - an ALU2 with a constant b (or a constant a, if the op commutes)
 *     becomes its immediate form;
 *   - identities are simplified: x+0, x|0, x^0, x<<0 -> mov; x&0, x*0 -> 0;
 *     x*2^k -> shl; x-c -> x+(-c); x op x for sub/xor/and/or/set*; ...
 *   - ALU3: select with a known condition (or equal arms) becomes mov; adc, sbb,
 *     carryc and borrowc with a carry input known to be 0 become add, sub,
 *     carry and borrow;
 *   - a BR* whose outcome is known becomes EXIT (taken; everything after it
 *     becomes NOP) or NOP (not taken); EXIT_IND of a constant becomes EXIT;
 *   - or(shr(x, k), shl(x, 64 - k)) becomes ror(x, k), and the same of the W
 *     and 32 forms rorw and ror32 (the rotates C compilers build for ISAs without one), when x
 *     was not written between the shifts and the or (the scan records the
 *     last writer of every slot).
 * Every rewrite keeps the insn's dst and gidx, so guest register slots see
 * exactly the same values at every trap point and exit.
 */
#include <string.h>
#include "ir/ir.h"
#include "ir/ir_internal.h"
#include "ir/ir_semantics.h"

struct fold_state {
	uint8_t known[IR_MAX_SLOTS];
	uint64_t val[IR_MAX_SLOTS];
	int16_t def[IR_MAX_SLOTS]; /* index of the insn that last wrote the slot, or -1 */
};

static bool is_const(const struct fold_state *st, unsigned slot, uint64_t *v)
{
	if (slot >= IR_MAX_SLOTS || !st->known[slot])
		return false;
	*v = st->val[slot];
	return true;
}

static int eval_cond(unsigned op, uint64_t a, uint64_t b)
{
	switch (op) {
#define COND_CASE(n, t)                                                                            \
	case IR_##n:                                                                               \
		return ir_cond_##n(a, b);
		IR_BRANCHES(COND_CASE)
#undef COND_CASE
	default:
		return 0;
	}
}

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static bool simplify_zero_imm(struct ir_insn *insn)
{
	switch (insn->op) {
	case IR_ADDI:
	case IR_SUBI:
	case IR_ORI:
	case IR_XORI:
	case IR_ANDNI:
	case IR_REMI:
	case IR_REMUI:
	case IR_MAXUI:
		ir_insn_make_mov(insn, insn->a);
		return true;
	case IR_ADDWI:
	case IR_SUBWI:
	case IR_REMWI:
	case IR_REMUWI:
		insn->op = IR_SEXT32;
		insn->imm = 0;
		return true;
	case IR_ADD32I:
	case IR_SUB32I:
		insn->op = IR_ZEXT32;
		insn->imm = 0;
		return true;
	case IR_ANDI:
	case IR_MULI:
	case IR_MULHI:
	case IR_MULHUI:
	case IR_MULHSUI:
	case IR_MULWI:
	case IR_MUL32I:
	case IR_MINUI:
	case IR_SETLTUI:
	case IR_CARRYI:
	case IR_BORROWI:
	case IR_ADDOVI:
	case IR_SUBOVI:
	case IR_CARRY32I:
	case IR_BORROW32I:
	case IR_ADDOV32I:
	case IR_SUBOV32I:
		ir_insn_make_movi(insn, 0);
		return true;
	case IR_SETGEUI:
		ir_insn_make_movi(insn, 1);
		return true;
	case IR_DIVI:
	case IR_DIVUI:
	case IR_DIVWI:
	case IR_DIVUWI:
		ir_insn_make_movi(insn, ~0ULL);
		return true;
	default:
		return false;
	}
}

static bool simplify_shift_imm(struct ir_insn *insn)
{
	uint64_t c = (uint64_t)insn->imm;

	switch (insn->op) {
	case IR_SHLI:
	case IR_SHRI:
	case IR_SARI:
	case IR_ROLI:
	case IR_RORI:
		if (c & 63)
			return false;
		ir_insn_make_mov(insn, insn->a);
		return true;
	case IR_SHLWI:
	case IR_SHRWI:
	case IR_SARWI:
	case IR_ROLWI:
	case IR_RORWI:
		if (c & 31)
			return false;
		insn->op = IR_SEXT32;
		insn->imm = 0;
		return true;
	case IR_SHL32I:
	case IR_SHR32I:
	case IR_SAR32I:
	case IR_ROL32I:
	case IR_ROR32I:
		if (c & 31)
			return false;
		insn->op = IR_ZEXT32;
		insn->imm = 0;
		return true;
	default:
		return false;
	}
}

static bool simplify_ones_imm(struct ir_insn *insn)
{
	switch (insn->op) {
	case IR_ANDI:
	case IR_ORNI:
	case IR_XNORI:
		ir_insn_make_mov(insn, insn->a);
		return true;
	case IR_ORI:
		ir_insn_make_movi(insn, ~0ULL);
		return true;
	case IR_ANDNI:
		ir_insn_make_movi(insn, 0);
		return true;
	case IR_XORI:
		insn->op = IR_NOT;
		insn->imm = 0;
		return true;
	case IR_MULI:
		insn->op = IR_NEG;
		insn->imm = 0;
		return true;
	default:
		return false;
	}
}

static bool simplify_pow2_imm(struct ir_insn *insn)
{
	uint64_t c = (uint64_t)insn->imm;
	int shift = __builtin_ctzll(c);

	switch (insn->op) {
	case IR_MULI:
		if (c == 1) {
			ir_insn_make_mov(insn, insn->a);
		} else {
			insn->op = IR_SHLI;
			insn->imm = shift;
		}
		return true;
	case IR_DIVUI:
		if (c == 1) {
			ir_insn_make_mov(insn, insn->a);
		} else {
			insn->op = IR_SHRI;
			insn->imm = shift;
		}
		return true;
	case IR_REMUI:
		if (c == 1) {
			ir_insn_make_movi(insn, 0);
		} else {
			insn->op = IR_ANDI;
			insn->imm = (int64_t)(c - 1);
		}
		return true;
	case IR_DIVI:
		if (c != 1)
			return false;
		ir_insn_make_mov(insn, insn->a);
		return true;
	case IR_REMI:
		if (c != 1)
			return false;
		ir_insn_make_movi(insn, 0);
		return true;
	case IR_MULWI:
	case IR_DIVWI:
	case IR_DIVUWI:
		if (c != 1)
			return false;
		insn->op = IR_SEXT32;
		insn->imm = 0;
		return true;
	case IR_MUL32I:
		if (c != 1)
			return false;
		insn->op = IR_ZEXT32;
		insn->imm = 0;
		return true;
	default:
		return false;
	}
}

/* Identities of an ALU2I op with a non-constant operand. */
static bool simplify_imm(struct ir_insn *insn)
{
	uint64_t c = (uint64_t)insn->imm;

	if (simplify_shift_imm(insn))
		return true;
	if (c == 0)
		return simplify_zero_imm(insn);
	if (c == ~0ULL && simplify_ones_imm(insn))
		return true;
	if (is_pow2(c) && simplify_pow2_imm(insn))
		return true;
	if (insn->op == IR_SUBI && c != (1ULL << 63)) {
		insn->op = IR_ADDI;
		insn->imm = (int64_t)-c;
		return true;
	}
	if (insn->op == IR_SUBWI || insn->op == IR_SUB32I) {
		insn->op = insn->op == IR_SUBWI ? IR_ADDWI : IR_ADD32I;
		insn->imm = (int64_t)ir_sext32(-c);
		return true;
	}
	return false;
}

/* Identities of an ALU2 op whose two operands are the same slot. */
static bool simplify_same_operands(struct ir_insn *insn)
{
	switch (insn->op) {
	case IR_SUB:
	case IR_XOR:
	case IR_ANDN:
	case IR_SUBW:
	case IR_SUB32:
	case IR_REM:
	case IR_REMU:
	case IR_REMW:
	case IR_REMUW:
	case IR_SETNE:
	case IR_SETLT:
	case IR_SETLTU:
	case IR_BORROW:
	case IR_BORROW32:
	case IR_SUBOV:
	case IR_SUBOV32:
		ir_insn_make_movi(insn, 0);
		return true;
	case IR_SETEQ:
	case IR_SETGE:
	case IR_SETGEU:
		ir_insn_make_movi(insn, 1);
		return true;
	case IR_ORN:
	case IR_XNOR:
		ir_insn_make_movi(insn, ~0ULL);
		return true;
	case IR_AND:
	case IR_OR:
	case IR_MIN:
	case IR_MAX:
	case IR_MINU:
	case IR_MAXU:
		ir_insn_make_mov(insn, insn->a);
		return true;
	default:
		return false;
	}
}

static bool fold_alu2(const struct fold_state *st, struct ir_insn *insn)
{
	uint64_t va, vb;
	bool ka = is_const(st, insn->a, &va), kb = is_const(st, insn->b, &vb);

	if (ka && kb) {
		ir_insn_make_movi(insn, ir_eval_alu(insn->op, va, vb, 0));
		return true;
	}
	if (kb) {
		insn->op++;
		insn->b = IR_NO_SLOT;
		insn->imm = (int64_t)vb;
		simplify_imm(insn);
		return true;
	}
	if (ka && (ir_info(insn)->flags & IR_OPF_COMMUTES)) {
		insn->op++;
		insn->a = insn->b;
		insn->b = IR_NO_SLOT;
		insn->imm = (int64_t)va;
		simplify_imm(insn);
		return true;
	}
	if (insn->a == insn->b)
		return simplify_same_operands(insn);
	return false;
}

/* ALU3: all constant -> movi; SELECT with a known condition or equal arms -> mov; a carry or
 * borrow input known to be 0 -> the two-input op. */
static bool fold_alu3(const struct fold_state *st, struct ir_insn *insn)
{
	static const uint8_t no_carry_in[IR_OP_COUNT] = {/* op + 1, 0: none */
							 [IR_ADC] = 1 + IR_ADD,
							 [IR_SBB] = 1 + IR_SUB,
							 [IR_CARRYC] = 1 + IR_CARRY,
							 [IR_BORROWC] = 1 + IR_BORROW};
	uint64_t va = 0, vb = 0, vc = 0;
	bool kc = is_const(st, insn->c, &vc);

	if (is_const(st, insn->a, &va) && is_const(st, insn->b, &vb) && kc) {
		ir_insn_make_movi(insn, ir_eval_alu3(insn->op, va, vb, vc));
		return true;
	}
	if (insn->op == IR_SELECT && (kc || insn->a == insn->b)) {
		ir_insn_make_mov(insn, !kc || vc ? insn->a : insn->b);
		return true;
	}
	if (kc && !(vc & 1) && no_carry_in[insn->op]) {
		insn->op = (uint8_t)(no_carry_in[insn->op] - 1);
		insn->c = 0;
		return true;
	}
	return false;
}

/* The insn that last wrote slot, if it is op; else NULL. */
static const struct ir_insn *def_by(const struct fold_state *st, const struct ir_block *blk,
				    unsigned slot, enum ir_op op)
{
	int d = slot < IR_MAX_SLOTS ? st->def[slot] : -1;

	return d >= 0 && blk->insns[d].op == op ? &blk->insns[d] : NULL;
}

/* or(shr(x, k), shl(x, w - k)) -> ror(x, k) (w = 64), and the W and 32 forms (w = 32). */
static bool fold_rotate(const struct fold_state *st, const struct ir_block *blk,
			struct ir_insn *insn)
{
	static const struct {
		uint8_t shr, shl, ror, width;
	} forms[] = {{IR_SHRI, IR_SHLI, IR_RORI, 64},
		     {IR_SHRWI, IR_SHLWI, IR_RORWI, 32},
		     {IR_SHR32I, IR_SHL32I, IR_ROR32I, 32}};

	if (insn->op != IR_OR)
		return false;
	for (unsigned f = 0; f < ARRAY_SIZE(forms); f++) {
		for (unsigned swap = 0; swap < 2; swap++) {
			const struct ir_insn *r =
			    def_by(st, blk, swap ? insn->b : insn->a, (enum ir_op)forms[f].shr);
			const struct ir_insn *l =
			    def_by(st, blk, swap ? insn->a : insn->b, (enum ir_op)forms[f].shl);
			uint64_t mask = forms[f].width - 1u, k;
			long first;

			if (!r || !l || r->a != l->a || r->a >= IR_MAX_SLOTS)
				continue;
			k = (uint64_t)r->imm & mask;
			first = r < l ? r - blk->insns : l - blk->insns;
			if (!k || ((uint64_t)l->imm & mask) != forms[f].width - k ||
			    st->def[r->a] >= first)
				continue;
			insn->op = forms[f].ror;
			insn->a = r->a;
			insn->b = IR_NO_SLOT;
			insn->imm = (int64_t)k;
			return true;
		}
	}
	return false;
}

/* Folds BR insn i; returns true if it changed (and NOPs the rest if it now exits). */
static bool fold_branch(const struct fold_state *st, struct ir_block *blk, unsigned i)
{
	struct ir_insn *insn = &blk->insns[i];
	uint64_t va = 0, vb = 0;
	unsigned j;

	if (insn->a != insn->b && !(is_const(st, insn->a, &va) && is_const(st, insn->b, &vb)))
		return false;
	if (!eval_cond(insn->op, va, vb)) {
		ir_insn_make_nop(insn);
		return true;
	}
	insn->op = IR_EXIT;
	insn->a = insn->b = IR_NO_SLOT;
	for (j = i + 1; j < blk->ninsns; j++)
		ir_insn_make_nop(&blk->insns[j]);
	return true;
}

static bool fold_insn(const struct fold_state *st, struct ir_block *blk, unsigned i)
{
	struct ir_insn *insn = &blk->insns[i];
	uint64_t va;

	switch (ir_kind(insn)) {
	case IR_K_ALU2:
		return fold_alu2(st, insn) || fold_rotate(st, blk, insn);
	case IR_K_ALU2I:
		if (is_const(st, insn->a, &va)) {
			ir_insn_make_movi(insn, ir_eval_alu(insn->op, va, 0, insn->imm));
			return true;
		}
		return simplify_imm(insn);
	case IR_K_ALU1:
		if (!is_const(st, insn->a, &va))
			return false;
		ir_insn_make_movi(insn, ir_eval_alu(insn->op, va, 0, 0));
		return true;
	case IR_K_ALU3:
		return fold_alu3(st, insn);
	case IR_K_BR:
		return fold_branch(st, blk, i);
	case IR_K_EXIT:
		if (insn->op != IR_EXIT_IND || !is_const(st, insn->a, &va))
			return false;
		insn->op = IR_EXIT;
		insn->a = IR_NO_SLOT;
		insn->imm = (int64_t)va;
		return true;
	default:
		return false;
	}
}

static void fold_track(struct fold_state *st, const struct ir_block *blk, unsigned i)
{
	const struct ir_insn *insn = &blk->insns[i];
	unsigned def = ir_insn_def(insn);

	if (insn->op == IR_CALL && (insn->flags & IR_HF_WRITES_REGS)) {
		memset(st->known, 0, blk->nregs);
		for (unsigned r = 0; r < blk->nregs; r++)
			st->def[r] = (int16_t)i;
	}
	if (def >= IR_MAX_SLOTS)
		return;
	st->known[def] = insn->op == IR_MOVI;
	st->val[def] = (uint64_t)insn->imm;
	st->def[def] = (int16_t)i;
}

unsigned ir_opt_fold(struct ir_block *blk)
{
	struct fold_state st;
	unsigned i, changes = 0;

	if (!ir_block_counts_ok(blk))
		return 0;
	memset(st.known, 0, sizeof(st.known));
	memset(st.def, 0xff, sizeof(st.def));
	for (i = 0; i < blk->ninsns; i++) {
		struct ir_insn *insn = &blk->insns[i];

		if (insn->op >= IR_OP_COUNT)
			return changes;
		if (fold_insn(&st, blk, i))
			changes++;
		if (ir_kind(insn) == IR_K_EXIT)
			break;
		fold_track(&st, blk, i);
	}
	return changes;
}
