/*
 * jit_alu.c - the JIT's pure ops: ALU1, ALU2 and their immediate forms, MOVI.
 *
 * Each op computes exactly what ir_semantics.h says. Ops with no short x86
 * sequence (division, mulhsu, clz/ctz/cpop, orc.b) call a C wrapper around
 * the very same ir_sem_* function. ALU ops compute straight into the
 * destination's pin when that cannot clobber operand b.
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
    [IR_ADD] = 1 + ALU_ADD,  [IR_ADDI] = 1 + ALU_ADD,  [IR_SUB] = 1 + ALU_SUB,
    [IR_SUBI] = 1 + ALU_SUB, [IR_AND] = 1 + ALU_AND,   [IR_ANDI] = 1 + ALU_AND,
    [IR_OR] = 1 + ALU_OR,    [IR_ORI] = 1 + ALU_OR,    [IR_XOR] = 1 + ALU_XOR,
    [IR_XORI] = 1 + ALU_XOR, [IR_ADDW] = 1 + ALU_ADD,  [IR_ADDWI] = 1 + ALU_ADD,
    [IR_SUBW] = 1 + ALU_SUB, [IR_SUBWI] = 1 + ALU_SUB,
};

/* Condition of SET* ops (true -> 1) and cmov condition of MIN/MAX ops (replace a by b). */
static const int8_t op_cc[IR_OP_COUNT] = {
    [IR_SETEQ] = CC_E,	[IR_SETEQI] = CC_E,  [IR_SETNE] = CC_NE,  [IR_SETNEI] = CC_NE,
    [IR_SETLT] = CC_L,	[IR_SETLTI] = CC_L,  [IR_SETLTU] = CC_B,  [IR_SETLTUI] = CC_B,
    [IR_SETGE] = CC_GE, [IR_SETGEI] = CC_GE, [IR_SETGEU] = CC_AE, [IR_SETGEUI] = CC_AE,
    [IR_MIN] = CC_G,	[IR_MINI] = CC_G,    [IR_MAX] = CC_L,	  [IR_MAXI] = CC_L,
    [IR_MINU] = CC_A,	[IR_MINUI] = CC_A,   [IR_MAXU] = CC_B,	  [IR_MAXUI] = CC_B,
    [IR_BREQ] = CC_E,	[IR_BRNE] = CC_NE,   [IR_BRLT] = CC_L,	  [IR_BRGE] = CC_GE,
    [IR_BRLTU] = CC_B,	[IR_BRGEU] = CC_AE,
};

/* x86 shift op + 1 (0: none) */
static const uint8_t shift_op[IR_OP_COUNT] = {
    [IR_SHL] = 1 + SH_SHL,   [IR_SHLI] = 1 + SH_SHL,  [IR_SHR] = 1 + SH_SHR,
    [IR_SHRI] = 1 + SH_SHR,  [IR_SAR] = 1 + SH_SAR,   [IR_SARI] = 1 + SH_SAR,
    [IR_ROL] = 1 + SH_ROL,   [IR_ROLI] = 1 + SH_ROL,  [IR_ROR] = 1 + SH_ROR,
    [IR_RORI] = 1 + SH_ROR,  [IR_SHLW] = 1 + SH_SHL,  [IR_SHLWI] = 1 + SH_SHL,
    [IR_SHRW] = 1 + SH_SHR,  [IR_SHRWI] = 1 + SH_SHR, [IR_SARW] = 1 + SH_SAR,
    [IR_SARWI] = 1 + SH_SAR, [IR_ROLW] = 1 + SH_ROL,  [IR_ROLWI] = 1 + SH_ROL,
    [IR_RORW] = 1 + SH_ROR,  [IR_RORWI] = 1 + SH_ROR,
};

static bool is_word_op(enum ir_op op)
{
	int reg = ir_op_reg_form(op);
	enum ir_op r = reg >= 0 ? (enum ir_op)reg : op;

	return r == IR_ADDW || r == IR_SUBW || r == IR_SHLW || r == IR_SHRW || r == IR_SARW ||
	       r == IR_ROLW || r == IR_RORW || r == IR_MULW;
}

/* rcx = operand b (slot or immediate). */
static void emit_operand_b(struct compiler *c, const struct ir_insn *in)
{
	if (ir_op_info[in->op].kind == IR_K_ALU2I)
		emit_mov_imm(&c->b, RCX, (uint64_t)in->imm);
	else
		jit_get(c, RCX, in->b);
}

static void compile_alu2(struct compiler *c, const struct ir_insn *in)
{
	struct x86_buf *b = &c->b;
	enum ir_op op = (enum ir_op)in->op;
	int reg = ir_op_reg_form(op);
	enum ir_op base = reg >= 0 ? (enum ir_op)reg : op;
	bool imm = ir_op_info[op].kind == IR_K_ALU2I;
	bool word = is_word_op(op);
	int w = base == IR_MULH || base == IR_MULHU ? RAX : jit_work_reg(c, in, !imm);

	jit_get(c, w, in->a);
	if (simple_alu[op]) {
		enum x86_alu alu = (enum x86_alu)(simple_alu[op] - 1);
		if (imm && x86_fits_i32(in->imm)) {
			emit_alu_ri(b, !word, alu, w, (int32_t)in->imm);
		} else if (imm) {
			emit_mov_imm(b, RCX, (uint64_t)in->imm);
			emit_alu_rr(b, !word, alu, w, RCX);
		} else {
			jit_alu_slot(c, !word, alu, w, in->b);
		}
	} else if (shift_op[op]) {
		enum x86_shift sh = (enum x86_shift)(shift_op[op] - 1);
		if (imm) {
			emit_shift_ri(b, !word, sh, w, (uint8_t)(in->imm & (word ? 31 : 63)));
		} else {
			jit_get(c, RCX, in->b);
			emit_shift_cl(b, !word, sh, w);
		}
	} else {
		emit_operand_b(c, in);
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
			emit_imul_rr(b, false, w, RCX);
			break;
		case IR_MULH:
		case IR_MULHU:
			emit_op_rr(b, 0, true, 0xf7, base == IR_MULH ? 5 : 4, RCX, false);
			emit_mov_rr(b, true, RAX, RDX);
			break;
		case IR_MIN:
		case IR_MAX:
		case IR_MINU:
		case IR_MAXU:
			emit_alu_rr(b, true, ALU_CMP, w, RCX);
			emit_cmov(b, (enum x86_cc)op_cc[op], w, RCX);
			break;
		default: /* SET* */
			emit_alu_rr(b, true, ALU_CMP, w, RCX);
			emit_setcc(b, (enum x86_cc)op_cc[op], w);
			emit_ext_rr(b, 1, false, w, w);
			break;
		}
	}
	if (word)
		emit_movsxd_rr(b, w, w);
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
	case IR_K_MOVI:
		compile_movi(c, in);
		return true;
	default:
		return false;
	}
}
