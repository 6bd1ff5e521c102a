/*
 * jit_alu.c - the JIT's pure ops: ALU1, ALU2 and their immediate forms, ALU3
 * (select, add/sub with a carry or borrow in), MOVI.
 *
 * Each op computes exactly what ir_semantics.h says. Ops with no short x86
 * sequence (division, mulhsu, clz/ctz/cpop, orc.b) call a C wrapper around
 * the very same ir_sem_* function. ALU ops compute straight into the
 * destination's pin when that cannot clobber operand b. Flag results (set*,
 * carry, borrow, overflow) are one x86 op and a setcc; a carry input is
 * loaded into CF with bt and consumed by adc/sbb.
 */
#include "engine/jit/jit_compiler.h"
#include "ir/ir_semantics.h"

/* C wrappers for ops compiled as calls: the same inline semantics as the interpreter. */
#define SEM2(n, t)                                                                                 \
	static uint64_t sem2_##n(uint64_t a, uint64_t b)                                           \
	{                                                                                          \
		return ir_sem_##n(a, b);                                                           \
	}
#define SEM1(n, t)                                                                                 \
	static uint64_t sem1_##n(uint64_t a, uint64_t b)                                           \
	{                                                                                          \
		(void)b;                                                                           \
		return ir_sem_##n(a);                                                              \
	}
IR_BINOPS(SEM2)
IR_UNOPS(SEM1)
#undef SEM2
#undef SEM1

typedef uint64_t (*sem_fn)(uint64_t a, uint64_t b);
static const sem_fn sem_table[IR_OP_COUNT] = {
#define SEM2_ENTRY(n, t) [IR_##n] = sem2_##n, [IR_##n##I] = sem2_##n,
#define SEM1_ENTRY(n, t) [IR_##n] = sem1_##n,
    IR_BINOPS(SEM2_ENTRY) IR_UNOPS(SEM1_ENTRY)
#undef SEM2_ENTRY
#undef SEM1_ENTRY
};

bool jit_op_inline(enum ir_op op)
{
	int reg = ir_op_reg_form(op);
	enum ir_op base = reg >= 0 ? (enum ir_op)reg : op;

	switch (base) {
	case IR_MULHSU:
	case IR_DIV:
	case IR_DIVU:
	case IR_REM:
	case IR_REMU:
	case IR_DIVW:
	case IR_DIVUW:
	case IR_REMW:
	case IR_REMUW:
	case IR_CLZ:
	case IR_CTZ:
	case IR_CPOP:
	case IR_CLZW:
	case IR_CTZW:
	case IR_CPOPW:
	case IR_ORCB:
		return false;
	default:
		return true;
	}
}

/* d = sem(a, b-or-imm) through the C wrapper. */
static void compile_sem_call(struct compiler *c, const struct ir_insn *in)
{
	struct x86_buf *b = &c->b;
	enum ir_kind kind = ir_op_info[in->op].kind;

	jit_get(c, RDI, in->a);
	if (kind == IR_K_ALU2)
		jit_get(c, RSI, in->b);
	else if (kind == IR_K_ALU2I)
		emit_mov_imm(b, RSI, (uint64_t)in->imm);
	jit_call_spill(c, false);
	jit_call_abs(b, (const void *)sem_table[in->op]);
	jit_put(c, in->dst, RAX);
}

/* x86 ALU op + 1 (0: none) */
static const uint8_t simple_alu[IR_OP_COUNT] = {
    [IR_ADD] = 1 + ALU_ADD,    [IR_ADDI] = 1 + ALU_ADD,	 [IR_SUB] = 1 + ALU_SUB,
    [IR_SUBI] = 1 + ALU_SUB,   [IR_AND] = 1 + ALU_AND,	 [IR_ANDI] = 1 + ALU_AND,
    [IR_OR] = 1 + ALU_OR,      [IR_ORI] = 1 + ALU_OR,	 [IR_XOR] = 1 + ALU_XOR,
    [IR_XORI] = 1 + ALU_XOR,   [IR_ADDW] = 1 + ALU_ADD,	 [IR_ADDWI] = 1 + ALU_ADD,
    [IR_SUBW] = 1 + ALU_SUB,   [IR_SUBWI] = 1 + ALU_SUB, [IR_ADD32] = 1 + ALU_ADD,
    [IR_ADD32I] = 1 + ALU_ADD, [IR_SUB32] = 1 + ALU_SUB, [IR_SUB32I] = 1 + ALU_SUB,
};

/* Ops whose result is one x86 flag: "op w, b" (alu, 64- or 32-bit), then setcc (cc). */
struct flag_op {
	uint8_t alu; /* enum x86_alu + 1; 0: not a flag op */
	uint8_t cc;
	bool w32;
};
#define FLAG(n, a, c, w)                                                                           \
	[IR_##n] = {.alu = 1 + (a), .cc = (c), .w32 = (w)},                                        \
	[IR_##n##I] = {.alu = 1 + (a), .cc = (c), .w32 = (w)}
static const struct flag_op flag_ops[IR_OP_COUNT] = {
    FLAG(SETEQ, ALU_CMP, CC_E, false),	FLAG(SETNE, ALU_CMP, CC_NE, false),
    FLAG(SETLT, ALU_CMP, CC_L, false),	FLAG(SETLTU, ALU_CMP, CC_B, false),
    FLAG(SETGE, ALU_CMP, CC_GE, false), FLAG(SETGEU, ALU_CMP, CC_AE, false),
    FLAG(CARRY, ALU_ADD, CC_B, false),	FLAG(BORROW, ALU_CMP, CC_B, false),
    FLAG(ADDOV, ALU_ADD, CC_O, false),	FLAG(SUBOV, ALU_CMP, CC_O, false),
    FLAG(CARRY32, ALU_ADD, CC_B, true), FLAG(BORROW32, ALU_CMP, CC_B, true),
    FLAG(ADDOV32, ALU_ADD, CC_O, true), FLAG(SUBOV32, ALU_CMP, CC_O, true),
};
#undef FLAG

/* cmov condition of MIN/MAX ops (replace a by b). */
static const int8_t minmax_cc[IR_OP_COUNT] = {
    [IR_MIN] = CC_G,  [IR_MINI] = CC_G,	 [IR_MAX] = CC_L,  [IR_MAXI] = CC_L,
    [IR_MINU] = CC_A, [IR_MINUI] = CC_A, [IR_MAXU] = CC_B, [IR_MAXUI] = CC_B,
};

/* x86 shift op + 1 (0: none) */
static const uint8_t shift_op[IR_OP_COUNT] = {
    [IR_SHL] = 1 + SH_SHL,    [IR_SHLI] = 1 + SH_SHL,	[IR_SHR] = 1 + SH_SHR,
    [IR_SHRI] = 1 + SH_SHR,   [IR_SAR] = 1 + SH_SAR,	[IR_SARI] = 1 + SH_SAR,
    [IR_ROL] = 1 + SH_ROL,    [IR_ROLI] = 1 + SH_ROL,	[IR_ROR] = 1 + SH_ROR,
    [IR_RORI] = 1 + SH_ROR,   [IR_SHLW] = 1 + SH_SHL,	[IR_SHLWI] = 1 + SH_SHL,
    [IR_SHRW] = 1 + SH_SHR,   [IR_SHRWI] = 1 + SH_SHR,	[IR_SARW] = 1 + SH_SAR,
    [IR_SARWI] = 1 + SH_SAR,  [IR_ROLW] = 1 + SH_ROL,	[IR_ROLWI] = 1 + SH_ROL,
    [IR_RORW] = 1 + SH_ROR,   [IR_RORWI] = 1 + SH_ROR,	[IR_SHL32] = 1 + SH_SHL,
    [IR_SHL32I] = 1 + SH_SHL, [IR_SHR32] = 1 + SH_SHR,	[IR_SHR32I] = 1 + SH_SHR,
    [IR_SAR32] = 1 + SH_SAR,  [IR_SAR32I] = 1 + SH_SAR, [IR_ROL32] = 1 + SH_ROL,
    [IR_ROL32I] = 1 + SH_ROL, [IR_ROR32] = 1 + SH_ROR,	[IR_ROR32I] = 1 + SH_ROR,
};

/* The x86 operand size of an op: 64-bit, or 32-bit with the result sign-extended after (the W
 * forms) or zero-extended by the 32-bit op itself (the 32 forms). */
enum op_width { OW_64, OW_W, OW_32 };

static enum op_width op_width(enum ir_op op)
{
	int reg = ir_op_reg_form(op);

	switch (reg >= 0 ? (enum ir_op)reg : op) {
	case IR_ADDW:
	case IR_SUBW:
	case IR_SHLW:
	case IR_SHRW:
	case IR_SARW:
	case IR_ROLW:
	case IR_RORW:
	case IR_MULW:
		return OW_W;
	case IR_ADD32:
	case IR_SUB32:
	case IR_SHL32:
	case IR_SHR32:
	case IR_SAR32:
	case IR_ROL32:
	case IR_ROR32:
	case IR_MUL32:
		return OW_32;
	default:
		return OW_64;
	}
}

/* w = w shifted by b (the immediate or cl). A 32-bit shift or rotate by 0 leaves its register
 * alone on paper, so a 32 form that may shift by 0 zero-extends explicitly. */
static void emit_shift(struct compiler *c, const struct ir_insn *in, enum op_width width, int w)
{
	struct x86_buf *b = &c->b;
	enum x86_shift sh = (enum x86_shift)(shift_op[in->op] - 1);
	bool w64 = width == OW_64;
	bool may_be_0 = true;

	if (ir_op_info[in->op].kind == IR_K_ALU2I) {
		uint8_t n = (uint8_t)(in->imm & (w64 ? 63 : 31));

		emit_shift_ri(b, w64, sh, w, n);
		may_be_0 = n == 0;
	} else {
		jit_get(c, RCX, in->b);
		emit_shift_cl(b, w64, sh, w);
	}
	if (width == OW_32 && may_be_0)
		emit_mov_rr(b, false, w, w);
}

/* rcx = operand b (slot or immediate). */
static void emit_operand_b(struct compiler *c, const struct ir_insn *in)
{
	if (ir_op_info[in->op].kind == IR_K_ALU2I)
		emit_mov_imm(&c->b, RCX, (uint64_t)in->imm);
	else
		jit_get(c, RCX, in->b);
}

/* "alu w, b" with b the operand's pin, its slot in memory or the immediate; 64- or 32-bit (a
 * 32-bit op only sees the immediate's low half). */
static void emit_alu_b(struct compiler *c, const struct ir_insn *in, bool w64, enum x86_alu alu,
		       int w)
{
	struct x86_buf *b = &c->b;

	if (ir_op_info[in->op].kind != IR_K_ALU2I) {
		jit_alu_slot(c, w64, alu, w, in->b);
	} else if (!w64 || x86_fits_i32(in->imm)) {
		emit_alu_ri(b, w64, alu, w, (int32_t)(uint32_t)(uint64_t)in->imm);
	} else {
		emit_mov_imm(b, RCX, (uint64_t)in->imm);
		emit_alu_rr(b, w64, alu, w, RCX);
	}
}

/* w = w op rcx for the ALU2 ops with no table entry. */
static void emit_alu2_other(struct compiler *c, enum ir_op op, enum ir_op base, int w)
{
	struct x86_buf *b = &c->b;

	switch (base) {
	case IR_ANDN:
		emit_not(b, true, RCX);
		emit_alu_rr(b, true, ALU_AND, w, RCX);
		break;
	case IR_ORN:
		emit_not(b, true, RCX);
		emit_alu_rr(b, true, ALU_OR, w, RCX);
		break;
	case IR_XNOR:
		emit_alu_rr(b, true, ALU_XOR, w, RCX);
		emit_not(b, true, w);
		break;
	case IR_MUL:
		emit_imul_rr(b, true, w, RCX);
		break;
	case IR_MULW:
	case IR_MUL32:
		emit_imul_rr(b, false, w, RCX);
		break;
	case IR_MULH:
	case IR_MULHU:
		emit_op_rr(b, 0, true, 0xf7, base == IR_MULH ? 5 : 4, RCX, false);
		emit_mov_rr(b, true, RAX, RDX);
		break;
	default: /* MIN, MAX, MINU, MAXU */
		emit_alu_rr(b, true, ALU_CMP, w, RCX);
		emit_cmov(b, (enum x86_cc)minmax_cc[op], w, RCX);
		break;
	}
}

static void compile_alu2(struct compiler *c, const struct ir_insn *in)
{
	struct x86_buf *b = &c->b;
	enum ir_op op = (enum ir_op)in->op;
	int reg = ir_op_reg_form(op);
	enum ir_op base = reg >= 0 ? (enum ir_op)reg : op;
	bool imm = ir_op_info[op].kind == IR_K_ALU2I;
	enum op_width width = op_width(op);
	int w = base == IR_MULH || base == IR_MULHU ? RAX : jit_work_reg(c, in, !imm);

	jit_get(c, w, in->a);
	if (simple_alu[op]) {
		emit_alu_b(c, in, width == OW_64, (enum x86_alu)(simple_alu[op] - 1), w);
	} else if (flag_ops[op].alu) {
		emit_alu_b(c, in, !flag_ops[op].w32, (enum x86_alu)(flag_ops[op].alu - 1), w);
		emit_setcc(b, (enum x86_cc)flag_ops[op].cc, w);
		emit_ext_rr(b, 1, false, w, w);
	} else if (shift_op[op]) {
		emit_shift(c, in, width, w);
	} else {
		emit_operand_b(c, in);
		emit_alu2_other(c, op, base, w);
	}
	if (width == OW_W)
		emit_movsxd_rr(b, w, w);
	jit_put(c, in->dst, w);
}

/* d = c ? a : b: w = b, then cmovne w, a after testing c. */
static void compile_select(struct compiler *c, const struct ir_insn *in)
{
	struct x86_buf *b = &c->b;
	int p = jit_pin_of(c, in->dst);
	int w = p >= 0 && in->dst != in->a && in->dst != in->c ? jit_pin_regs[p] : RAX;
	int rc = jit_use_reg(c, in->c), ra = jit_use_reg(c, in->a);

	if (rc < 0) {
		emit_load(b, true, RCX, SLOT(in->c));
		rc = RCX;
	}
	if (ra < 0) {
		emit_load(b, true, RDX, SLOT(in->a));
		ra = RDX;
	}
	jit_get(c, w, in->b);
	emit_test_rr(b, true, rc, rc);
	emit_cmov(b, CC_NE, w, ra);
	jit_put(c, in->dst, w);
}

/* adc, sbb and their carry or borrow out: CF = bit 0 of c, then "adc/sbb w, b" with w = a. Only
 * moves and loads come between the bt and the adc/sbb, so CF survives. */
static void compile_carry_in(struct compiler *c, const struct ir_insn *in)
{
	struct x86_buf *b = &c->b;
	bool sub = in->op == IR_SBB || in->op == IR_BORROWC;
	int w = jit_work_reg(c, in, true);
	int rc = jit_use_reg(c, in->c);

	if (rc < 0) {
		emit_load(b, true, RCX, SLOT(in->c));
		rc = RCX;
	}
	emit_bt_ri(b, rc, 0);
	jit_get(c, w, in->a);
	jit_alu_slot(c, true, sub ? ALU_SBB : ALU_ADC, w, in->b);
	if (in->op == IR_CARRYC || in->op == IR_BORROWC) {
		emit_setcc(b, CC_B, w);
		emit_ext_rr(b, 1, false, w, w);
	}
	jit_put(c, in->dst, w);
}

static bool compile_alu1(struct compiler *c, const struct ir_insn *in)
{
	struct x86_buf *b = &c->b;
	int w = jit_work_reg(c, in, false);

	if (!jit_op_inline((enum ir_op)in->op)) {
		compile_sem_call(c, in);
		return true;
	}
	jit_get(c, w, in->a);
	switch (in->op) {
	case IR_MOV:
		break;
	case IR_NOT:
		emit_not(b, true, w);
		break;
	case IR_NEG:
		emit_neg(b, true, w);
		break;
	case IR_SEXT8:
		emit_ext_rr(b, 1, true, w, w);
		break;
	case IR_SEXT16:
		emit_ext_rr(b, 2, true, w, w);
		break;
	case IR_SEXT32:
		emit_movsxd_rr(b, w, w);
		break;
	case IR_ZEXT8:
		emit_ext_rr(b, 1, false, w, w);
		break;
	case IR_ZEXT16:
		emit_ext_rr(b, 2, false, w, w);
		break;
	case IR_ZEXT32:
		emit_mov_rr(b, false, w, w);
		break;
	case IR_BSWAP64:
		emit_bswap(b, w);
		break;
	default:
		return false;
	}
	jit_put(c, in->dst, w);
	return true;
}

static void compile_movi(struct compiler *c, const struct ir_insn *in)
{
	int p = jit_pin_of(c, in->dst);

	if (p >= 0) {
		emit_mov_imm(&c->b, jit_pin_regs[p], (uint64_t)in->imm);
		jit_put(c, in->dst, jit_pin_regs[p]);
	} else if (x86_fits_i32(in->imm)) {
		emit_store_imm32(&c->b, true, SLOT(in->dst), (int32_t)in->imm);
	} else {
		emit_mov_imm(&c->b, RAX, (uint64_t)in->imm);
		emit_store(&c->b, true, SLOT(in->dst), RAX);
	}
}

bool jit_compile_alu(struct compiler *c, const struct ir_insn *in)
{
	switch (ir_op_info[in->op].kind) {
	case IR_K_ALU2:
	case IR_K_ALU2I:
		if (jit_op_inline((enum ir_op)in->op))
			compile_alu2(c, in);
		else
			compile_sem_call(c, in);
		return true;
	case IR_K_ALU1:
		return compile_alu1(c, in);
	case IR_K_ALU3:
		if (in->op == IR_SELECT)
			compile_select(c, in);
		else
			compile_carry_in(c, in);
		return true;
	case IR_K_MOVI:
		compile_movi(c, in);
		return true;
	default:
		return false;
	}
}
