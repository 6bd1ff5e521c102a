/*
 * translate.c - riscv64 guest code to IR, one block at a time.
 *
 * A block is a run of instructions from cpu->pc on one guest page. It ends
 * after any branch or jump, before a SYSTEM-opcode instruction or FENCE.I
 * (each of those is translated alone, as the only instruction of its own
 * block, and runs in its helper), before the next page, before an
 * instruction that cannot be fetched, and when the IR block is full.
 *
 * Invariants kept:
 *   - slot 0 (x0) is never written: results for rd = x0 are dropped, and a
 *     load to x0 (which may still trap) goes to a temp;
 *   - a guest register slot is written only by the last IR op of the
 *     instruction that writes it, after every op of that instruction that
 *     may trap, so a trap leaves the architectural state of the previous
 *     instruction (JALR computes its target in a temp before writing rd);
 *   - F/D instructions are illegal while mstatus.FS is Off (RV_BF_FS of the
 *     block flags); an FP load marks FS dirty once per block unless the
 *     block was translated with FS already Dirty;
 *   - unknown or illegal encodings raise the illegal-instruction trap with
 *     the encoding as tval and end the block;
 *   - an instruction that runs in a helper calls its own helper (helpers.h)
 *     with its decoded operands: source registers as a and b, rd as dst, the
 *     rest in the operand word. What the encoding and the block flags decide
 *     (reserved static rounding modes, privilege, ECALL's cause, EBREAK) is
 *     decided here, so helpers check only state that can change at run time.
 */
#include "arch/riscv64/cpu.h"
#include "arch/riscv64/decode.h"
#include "mem/mmu.h"

/* Generous bounds on one guest instruction's IR: see rv_translate_insn. */
#define RV_MAX_IR_PER_INSN    8
#define RV_MAX_TEMPS_PER_INSN 4

#define RV_FS_DIRTY 3u

/* Translation kinds of instructions that map to one IR op. */
enum rv_tr_kind {
	RV_TK_SPECIAL = 0, /* handled by name in rv_translate_insn */
	RV_TK_ALU,	   /* rd = rs1 op rs2 */
	RV_TK_ALUI,	   /* rd = rs1 op imm */
	RV_TK_UNARY,	   /* rd = op rs1 */
	RV_TK_LOAD,	   /* rd = mem[rs1 + imm] */
	RV_TK_STORE,	   /* mem[rs1 + imm] = rs2 */
	RV_TK_BRANCH,	   /* if (rs1 cond rs2) goto pc + imm */
};

struct rv_tr_desc {
	uint8_t kind;
	uint16_t op; /* enum ir_op (register form for RV_TK_ALUI) */
};

#define ALU(id, irop)	 [RV64_##id] = {RV_TK_ALU, IR_##irop}
#define ALUI(id, irop)	 [RV64_##id] = {RV_TK_ALUI, IR_##irop}
#define UNARY(id, irop)	 [RV64_##id] = {RV_TK_UNARY, IR_##irop}
#define LOAD(id, irop)	 [RV64_##id] = {RV_TK_LOAD, IR_##irop}
#define STORE(id, irop)	 [RV64_##id] = {RV_TK_STORE, IR_##irop}
#define BRANCH(id, irop) [RV64_##id] = {RV_TK_BRANCH, IR_##irop}

static const struct rv_tr_desc rv_tr_table[RV64_INSN_COUNT] = {
    ALU(ADD, ADD),	  ALU(SUB, SUB),	 ALU(SLL, SHL),		ALU(SLT, SETLT),
    ALU(SLTU, SETLTU),	  ALU(XOR, XOR),	 ALU(SRL, SHR),		ALU(SRA, SAR),
    ALU(OR, OR),	  ALU(AND, AND),	 ALU(ADDW, ADDW),	ALU(SUBW, SUBW),
    ALU(SLLW, SHLW),	  ALU(SRLW, SHRW),	 ALU(SRAW, SARW),	ALU(MUL, MUL),
    ALU(MULH, MULH),	  ALU(MULHSU, MULHSU),	 ALU(MULHU, MULHU),	ALU(DIV, DIV),
    ALU(DIVU, DIVU),	  ALU(REM, REM),	 ALU(REMU, REMU),	ALU(MULW, MULW),
    ALU(DIVW, DIVW),	  ALU(DIVUW, DIVUW),	 ALU(REMW, REMW),	ALU(REMUW, REMUW),
    ALU(ANDN, ANDN),	  ALU(ORN, ORN),	 ALU(XNOR, XNOR),	ALU(MIN, MIN),
    ALU(MAX, MAX),	  ALU(MINU, MINU),	 ALU(MAXU, MAXU),	ALU(ROL, ROL),
    ALU(ROR, ROR),	  ALU(ROLW, ROLW),	 ALU(RORW, RORW),	ALUI(ADDI, ADD),
    ALUI(SLTI, SETLT),	  ALUI(SLTIU, SETLTU),	 ALUI(XORI, XOR),	ALUI(ORI, OR),
    ALUI(ANDI, AND),	  ALUI(SLLI, SHL),	 ALUI(SRLI, SHR),	ALUI(SRAI, SAR),
    ALUI(ADDIW, ADDW),	  ALUI(SLLIW, SHLW),	 ALUI(SRLIW, SHRW),	ALUI(SRAIW, SARW),
    ALUI(RORI, ROR),	  ALUI(RORIW, RORW),	 UNARY(CLZ, CLZ),	UNARY(CTZ, CTZ),
    UNARY(CPOP, CPOP),	  UNARY(CLZW, CLZW),	 UNARY(CTZW, CTZW),	UNARY(CPOPW, CPOPW),
    UNARY(SEXT_B, SEXT8), UNARY(SEXT_H, SEXT16), UNARY(ZEXT_H, ZEXT16), UNARY(ORC_B, ORCB),
    UNARY(REV8, BSWAP64), LOAD(LB, LD8S),	 LOAD(LH, LD16S),	LOAD(LW, LD32S),
    LOAD(LD, LD64),	  LOAD(LBU, LD8U),	 LOAD(LHU, LD16U),	LOAD(LWU, LD32U),
    STORE(SB, ST8),	  STORE(SH, ST16),	 STORE(SW, ST32),	STORE(SD, ST64),
    BRANCH(BEQ, BREQ),	  BRANCH(BNE, BRNE),	 BRANCH(BLT, BRLT),	BRANCH(BGE, BRGE),
    BRANCH(BLTU, BRLTU),  BRANCH(BGEU, BRGEU),
};

#undef ALU
#undef ALUI
#undef UNARY
#undef LOAD
#undef STORE
#undef BRANCH

/* FENCE predecessor/successor set bits (imm bits 7:4 and 3:0). */
#define RV_FENCE_I	8u
#define RV_FENCE_O	4u
#define RV_FENCE_R	2u
#define RV_FENCE_W	1u
#define RV_FENCE_FM_TSO 8u /* FENCE.TSO: orders all but earlier stores before later loads */

/* The helper of each instruction that runs in one; F, D and A helpers have the decoder's ids. */
static const uint16_t rv_helper_of[RV64_INSN_COUNT] = {
#define RV_HELPER_OF(id, ...) [RV64_##id] = RV64_H_##id,
    RV64_FP_HELPERS(RV_HELPER_OF) RV64_AMO_HELPERS(RV_HELPER_OF)
#undef RV_HELPER_OF
	[RV64_FENCE_I] = RV64_H_FENCE_I,
    [RV64_MRET] = RV64_H_MRET,
    [RV64_SRET] = RV64_H_SRET,
    [RV64_WFI] = RV64_H_WFI,
    [RV64_SFENCE_VMA] = RV64_H_SFENCE_VMA,
    [RV64_CSRRW] = RV64_H_CSRRW,
    [RV64_CSRRS] = RV64_H_CSRRS,
    [RV64_CSRRC] = RV64_H_CSRRC,
    [RV64_CSRRWI] = RV64_H_CSRRW,
    [RV64_CSRRSI] = RV64_H_CSRRS,
    [RV64_CSRRCI] = RV64_H_CSRRC,
};

/* F/D instructions with a rounding-mode field: their helpers are the ones that may trap. */
static const bool rv_fp_has_rm[RV64_INSN_COUNT] = {
#define RV_FP_HAS_RM(id, name, flags, ...) [RV64_##id] = ((flags)&IR_HF_MAY_TRAP) != 0,
    RV64_FP_HELPERS(RV_FP_HAS_RM)
#undef RV_FP_HAS_RM
};

#define RV_RM_RESERVED_LO 5 /* rounding modes 5 and 6 are reserved, 7 is dynamic */
#define RV_RM_RESERVED_HI 6

struct rv_tr {
	struct ir_block *blk;
	const struct rv64_insn *d;
	uint64_t pc;	/* of the instruction being translated */
	unsigned fs;	/* mstatus.FS the block was translated under */
	bool fs_marked; /* FS_DIRTY already called in this block */
	bool ended;	/* the instruction ended the block */
};

static inline unsigned rv_x(unsigned r)
{
	return RV_SLOT_X(r);
}

static inline unsigned rv_f(unsigned r)
{
	return RV_SLOT_F(r);
}

static uint64_t rv_next_pc(const struct rv_tr *t)
{
	return t->pc + t->d->len;
}

/* Raise cause with tval at this instruction and end the block. */
static void rv_emit_raise(struct rv_tr *t, uint64_t cause, uint64_t tval)
{
	unsigned tc = ir_temp(t->blk), tv = ir_temp(t->blk);

	ir_movi(t->blk, tc, (int64_t)cause);
	ir_movi(t->blk, tv, (int64_t)tval);
	ir_call(t->blk, RV64_H_RAISE, IR_NO_SLOT, tc, tv, 0);
	/* Unreachable, but keeps the block well formed. */
	ir_exit(t->blk, rv_next_pc(t));
	t->ended = true;
}

static void rv_emit_illegal(struct rv_tr *t)
{
	rv_emit_raise(t, RV_EXC_ILLEGAL, t->d->raw);
}

/* F and D instructions need mstatus.FS != Off; returns false after emitting the trap. */
static bool rv_fp_enabled(struct rv_tr *t)
{
	if (t->fs != 0)
		return true;
	rv_emit_illegal(t);
	return false;
}

static void rv_mark_fs_dirty(struct rv_tr *t)
{
	if (t->fs == RV_FS_DIRTY || t->fs_marked)
		return;
	ir_call(t->blk, RV64_H_FS_DIRTY, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
	t->fs_marked = true;
}

static void rv_emit_fp_load(struct rv_tr *t)
{
	const struct rv64_insn *d = t->d;

	if (!rv_fp_enabled(t))
		return;
	rv_mark_fs_dirty(t);
	if (d->id == RV64_FLW) {
		unsigned tmp = ir_temp(t->blk);

		ir_load(t->blk, IR_LD32U, tmp, rv_x(d->rs1), d->imm);
		ir_alu2i(t->blk, IR_OR, rv_f(d->rd), tmp, (int64_t)0xffffffff00000000ULL);
	} else {
		ir_load(t->blk, IR_LD64, rv_f(d->rd), rv_x(d->rs1), d->imm);
	}
}

static void rv_emit_fp_store(struct rv_tr *t)
{
	const struct rv64_insn *d = t->d;

	if (!rv_fp_enabled(t))
		return;
	ir_store(t->blk, d->id == RV64_FSW ? IR_ST32 : IR_ST64, rv_f(d->rs2), rv_x(d->rs1), d->imm);
}

/* rd = (zext32(rs1) if uw) << shift + rs2: Zba sh*add, add.uw. */
static void rv_emit_shadd(struct rv_tr *t, unsigned shift, bool uw)
{
	const struct rv64_insn *d = t->d;
	unsigned tmp = ir_temp(t->blk), src = rv_x(d->rs1);

	if (uw) {
		ir_alu1(t->blk, IR_ZEXT32, tmp, src);
		src = tmp;
	}
	if (shift) {
		ir_alu2i(t->blk, IR_SHL, tmp, src, shift);
		src = tmp;
	}
	ir_alu2(t->blk, IR_ADD, rv_x(d->rd), src, rv_x(d->rs2));
}

/* Zbs register forms: mask = 1 << (rs2 & 63), then rd = rs1 op mask. */
static void rv_emit_bit_reg(struct rv_tr *t, enum ir_op op)
{
	const struct rv64_insn *d = t->d;
	unsigned mask = ir_temp(t->blk);

	ir_movi(t->blk, mask, 1);
	ir_alu2(t->blk, IR_SHL, mask, mask, rv_x(d->rs2));
	ir_alu2(t->blk, op, rv_x(d->rd), rv_x(d->rs1), mask);
}

static void rv_emit_bext(struct rv_tr *t, bool imm_form)
{
	const struct rv64_insn *d = t->d;
	unsigned tmp = ir_temp(t->blk);

	if (imm_form)
		ir_alu2i(t->blk, IR_SHR, tmp, rv_x(d->rs1), d->imm);
	else
		ir_alu2(t->blk, IR_SHR, tmp, rv_x(d->rs1), rv_x(d->rs2));
	ir_alu2i(t->blk, IR_AND, rv_x(d->rd), tmp, 1);
}

static void rv_emit_jalr(struct rv_tr *t)
{
	const struct rv64_insn *d = t->d;
	unsigned target = ir_temp(t->blk);

	/* Target first: rd may be rs1. */
	ir_alu2i(t->blk, IR_ADD, target, rv_x(d->rs1), d->imm);
	ir_alu2i(t->blk, IR_AND, target, target, ~(int64_t)1);
	if (d->rd)
		ir_movi(t->blk, rv_x(d->rd), (int64_t)rv_next_pc(t));
	ir_exit_ind(t->blk, target);
	t->ended = true;
}

/* The operand word of a helper call (helpers.h): fields a format does not use are 0. */
static uint64_t rv_opw(const struct rv64_insn *d)
{
	return d->raw | (uint64_t)d->rm << RV64_OPW_RM_SHIFT |
	       (uint64_t)d->rs3 << RV64_OPW_RS3_SHIFT | (uint64_t)d->csr << RV64_OPW_CSR_SHIFT;
}

static void rv_emit_amo(struct rv_tr *t)
{
	const struct rv64_insn *d = t->d;
	unsigned dst = d->rd ? rv_x(d->rd) : ir_temp(t->blk);

	ir_call(t->blk, rv_helper_of[d->id], dst, rv_x(d->rs1), rv_x(d->rs2), (int64_t)rv_opw(d));
}

/* F/D arithmetic, compares, conversions, moves: a = rs1 (f, or x for X2F), b = f rs2 (FR, FR4
 * and FCMP), dst = rd (x for FCMP and F2X, dropped for x0). */
static void rv_emit_fp(struct rv_tr *t)
{
	const struct rv64_insn *d = t->d;
	bool x_src = d->fmt == RV_FMT_X2F, x_dst = d->fmt == RV_FMT_FCMP || d->fmt == RV_FMT_F2X;
	bool has_b = d->fmt == RV_FMT_FR || d->fmt == RV_FMT_FR4 || d->fmt == RV_FMT_FCMP;
	unsigned a = x_src ? rv_x(d->rs1) : rv_f(d->rs1);
	unsigned b = has_b ? rv_f(d->rs2) : IR_NO_SLOT;
	unsigned dst = x_dst ? (d->rd ? rv_x(d->rd) : IR_NO_SLOT) : rv_f(d->rd);

	if (!rv_fp_enabled(t))
		return;
	if (rv_fp_has_rm[d->id] && (d->rm == RV_RM_RESERVED_LO || d->rm == RV_RM_RESERVED_HI)) {
		rv_emit_illegal(t);
		return;
	}
	ir_call(t->blk, rv_helper_of[d->id], dst, a, b, (int64_t)rv_opw(d));
}

/* FENCE: a BARRIER with the orderings the guest asked for (R and I are loads, W and O stores,
 * so a FENCE whose predecessor set has W or O and whose successor set has R or I orders stores
 * before loads); FENCE.TSO leaves store -> load out. The engine emits only what its host lacks:
 * on x86-64 (TSO) store -> load is a full host barrier and every other ordering is free. */
static void rv_emit_fence(struct rv_tr *t)
{
	unsigned fm = ((uint32_t)t->d->imm >> 8) & 0xf;
	unsigned pred = ((uint32_t)t->d->imm >> 4) & 0xf, succ = (uint32_t)t->d->imm & 0xf;
	bool pl = pred & (RV_FENCE_I | RV_FENCE_R), ps = pred & (RV_FENCE_O | RV_FENCE_W);
	bool sl = succ & (RV_FENCE_I | RV_FENCE_R), ss = succ & (RV_FENCE_O | RV_FENCE_W);
	unsigned order = (pl && sl ? IR_BAR_LL : 0) | (pl && ss ? IR_BAR_LS : 0) |
			 (ps && sl ? IR_BAR_SL : 0) | (ps && ss ? IR_BAR_SS : 0);

	if (fm == RV_FENCE_FM_TSO)
		order &= ~(unsigned)IR_BAR_SL;
	if (order)
		ir_barrier(t->blk, order);
}

/* Instructions that are not one IR op. Called only for rd != 0 unless the instruction has an
 * effect besides writing rd. */
static void rv_translate_special(struct rv_tr *t)
{
	const struct rv64_insn *d = t->d;
	struct ir_block *blk = t->blk;
	unsigned rd = rv_x(d->rd), rs1 = rv_x(d->rs1);
	int64_t bit = (int64_t)(1ULL << (d->imm & 63));

	switch (d->id) {
	case RV64_LUI:
		ir_movi(blk, rd, d->imm);
		break;
	case RV64_AUIPC:
		ir_movi(blk, rd, (int64_t)(t->pc + (uint64_t)d->imm));
		break;
	case RV64_SH1ADD:
		rv_emit_shadd(t, 1, false);
		break;
	case RV64_SH2ADD:
		rv_emit_shadd(t, 2, false);
		break;
	case RV64_SH3ADD:
		rv_emit_shadd(t, 3, false);
		break;
	case RV64_ADD_UW:
		rv_emit_shadd(t, 0, true);
		break;
	case RV64_SH1ADD_UW:
		rv_emit_shadd(t, 1, true);
		break;
	case RV64_SH2ADD_UW:
		rv_emit_shadd(t, 2, true);
		break;
	case RV64_SH3ADD_UW:
		rv_emit_shadd(t, 3, true);
		break;
	case RV64_SLLI_UW: {
		unsigned tmp = ir_temp(blk);

		ir_alu1(blk, IR_ZEXT32, tmp, rs1);
		ir_alu2i(blk, IR_SHL, rd, tmp, d->imm);
		break;
	}
	case RV64_BSET:
		rv_emit_bit_reg(t, IR_OR);
		break;
	case RV64_BCLR:
		rv_emit_bit_reg(t, IR_ANDN);
		break;
	case RV64_BINV:
		rv_emit_bit_reg(t, IR_XOR);
		break;
	case RV64_BEXT:
		rv_emit_bext(t, false);
		break;
	case RV64_BSETI:
		ir_alu2i(blk, IR_OR, rd, rs1, bit);
		break;
	case RV64_BCLRI:
		ir_alu2i(blk, IR_AND, rd, rs1, ~bit);
		break;
	case RV64_BINVI:
		ir_alu2i(blk, IR_XOR, rd, rs1, bit);
		break;
	case RV64_BEXTI:
		rv_emit_bext(t, true);
		break;
	default:
		rv_emit_illegal(t);
		break;
	}
}

static void rv_translate_insn(struct rv_tr *t)
{
	const struct rv64_insn *d = t->d;
	const struct rv_tr_desc *desc = &rv_tr_table[d->id];
	struct ir_block *blk = t->blk;
	unsigned rd = rv_x(d->rd), rs1 = rv_x(d->rs1), rs2 = rv_x(d->rs2);

	switch (desc->kind) {
	case RV_TK_ALU:
		if (d->rd)
			ir_alu2(blk, desc->op, rd, rs1, rs2);
		return;
	case RV_TK_ALUI:
		if (d->rd)
			ir_alu2i(blk, desc->op, rd, rs1, d->imm);
		return;
	case RV_TK_UNARY:
		if (d->rd)
			ir_alu1(blk, desc->op, rd, rs1);
		return;
	case RV_TK_LOAD:
		ir_load(blk, desc->op, d->rd ? rd : ir_temp(blk), rs1, d->imm);
		return;
	case RV_TK_STORE:
		ir_store(blk, desc->op, rs2, rs1, d->imm);
		return;
	case RV_TK_BRANCH:
		ir_br(blk, desc->op, rs1, rs2, t->pc + (uint64_t)d->imm);
		ir_exit(blk, rv_next_pc(t));
		t->ended = true;
		return;
	}

	switch (d->fmt) {
	case RV_FMT_JAL:
		if (d->rd)
			ir_movi(blk, rd, (int64_t)rv_next_pc(t));
		ir_exit(blk, t->pc + (uint64_t)d->imm);
		t->ended = true;
		return;
	case RV_FMT_JALR:
		rv_emit_jalr(t);
		return;
	case RV_FMT_FENCE:
		rv_emit_fence(t);
		return;
	case RV_FMT_LR:
	case RV_FMT_AMO:
		rv_emit_amo(t);
		return;
	case RV_FMT_FLOAD:
		rv_emit_fp_load(t);
		return;
	case RV_FMT_FSTORE:
		rv_emit_fp_store(t);
		return;
	case RV_FMT_FR:
	case RV_FMT_FR4:
	case RV_FMT_FR1:
	case RV_FMT_FCMP:
	case RV_FMT_F2X:
	case RV_FMT_X2F:
		rv_emit_fp(t);
		return;
	default:
		break;
	}
	if (d->rd)
		rv_translate_special(t);
}

/* SYSTEM-opcode instructions and FENCE.I run alone in a block. */
static bool rv_is_system(const struct rv64_insn *d)
{
	switch (d->fmt) {
	case RV_FMT_NONE:
	case RV_FMT_SFENCE:
	case RV_FMT_CSR:
	case RV_FMT_CSRI:
		return d->id != RV64_ILLEGAL;
	default:
		return false;
	}
}

/* CSR*: a = x rs1 or the uimm, dst = rd; the operand word says whether to read and write. */
static void rv_emit_csr(struct rv_tr *t)
{
	const struct rv64_insn *d = t->d;
	bool uimm = d->fmt == RV_FMT_CSRI;
	unsigned helper = rv_helper_of[d->id], src = rv_x(d->rs1);
	bool write = helper == RV64_H_CSRRW || (uimm ? d->imm != 0 : d->rs1 != 0);
	bool read = helper != RV64_H_CSRRW || d->rd != 0;
	uint64_t opw =
	    rv_opw(d) | (read ? RV64_OPW_CSR_READ : 0) | (write ? RV64_OPW_CSR_WRITE : 0);

	if (uimm) {
		src = ir_temp(t->blk);
		ir_movi(t->blk, src, d->imm);
	}
	ir_call(t->blk, helper, d->rd ? rv_x(d->rd) : IR_NO_SLOT, src, IR_NO_SLOT, (int64_t)opw);
}

/* SYSTEM instructions and FENCE.I, alone in their block. The block's privilege decides ECALL's
 * cause and whether MRET (M only), SRET, WFI and SFENCE.VMA (not U) are legal. */
static void rv_translate_system(struct rv_tr *t)
{
	static const uint64_t ecall_cause[4] = {RV_EXC_ECALL_U, RV_EXC_ECALL_S, 0, RV_EXC_ECALL_M};
	const struct rv64_insn *d = t->d;
	unsigned priv = RV_BF_PRIV(t->blk->flags);
	uint64_t opw = rv_opw(d) | (d->rs1 ? RV64_OPW_RS1 : 0) | (d->rs2 ? RV64_OPW_RS2 : 0);

	switch (d->id) {
	case RV64_ECALL:
		rv_emit_raise(t, ecall_cause[priv], 0);
		return;
	case RV64_EBREAK:
		rv_emit_raise(t, RV_EXC_BREAKPOINT, t->pc);
		return;
	case RV64_MRET:
		if (priv != RV_PRIV_M) {
			rv_emit_illegal(t);
			return;
		}
		break;
	case RV64_SRET:
	case RV64_WFI:
	case RV64_SFENCE_VMA:
		if (priv == RV_PRIV_U) {
			rv_emit_illegal(t);
			return;
		}
		break;
	default:
		break;
	}
	if (d->fmt == RV_FMT_CSR || d->fmt == RV_FMT_CSRI)
		rv_emit_csr(t);
	else
		ir_call(t->blk, rv_helper_of[d->id], IR_NO_SLOT, rv_x(d->rs1), rv_x(d->rs2),
			(int64_t)opw);
	ir_exit_cpu(t->blk);
	t->ended = true;
}

static void rv_translate_one(struct rv_tr *t)
{
	if (t->d->id == RV64_ILLEGAL)
		rv_emit_illegal(t);
	else if (rv_is_system(t->d))
		rv_translate_system(t);
	else
		rv_translate_insn(t);
}

bool rv64_translate_insn(struct ir_block *blk, const struct rv64_insn *d, uint64_t pc)
{
	struct rv_tr t = {.blk = blk, .d = d, .pc = pc, .fs = RV_BF_FS(blk->flags)};
	const uint8_t bytes[4] = {(uint8_t)d->raw, (uint8_t)(d->raw >> 8), (uint8_t)(d->raw >> 16),
				  (uint8_t)(d->raw >> 24)};

	ir_begin_guest(blk, pc, bytes, d->len);
	rv_translate_one(&t);
	return t.ended;
}

/* Fetch one instruction's bytes into buf (the first parcel, then the second only for a 32-bit
 * instruction, which may lie on the next page) and its encoding into *raw. Returns 0, or -1
 * with the fetch fault recorded (a second parcel's at its own address). */
static int rv_fetch(struct soft_cpu *cpu, uint64_t pc, uint8_t buf[4], uint32_t *raw)
{
	unsigned len;

	if ((pc & 3) == 0) {
		/* Both parcels in one aligned word: one page, one PMP granule. */
		if (mmu_fetch(cpu, pc, 4, buf))
			return -1;
		len = rv64_insn_len(buf[0]);
	} else {
		if (mmu_fetch(cpu, pc, 2, buf))
			return -1;
		len = rv64_insn_len(buf[0]);
		if (len == 4 && mmu_fetch(cpu, pc + 2, 2, buf + 2))
			return -1;
	}
	*raw = rv64_insn_raw(buf, len);
	return 0;
}

int rv64_translate_block(struct soft_cpu *cpu, struct ir_block *blk)
{
	struct rv_tr t = {.blk = blk, .fs = RV_BF_FS(blk->flags)};
	uint64_t page = blk->pc & PAGE_MASK;
	uint64_t pc = blk->pc;

	for (;;) {
		struct rv64_insn d;
		uint8_t bytes[4];
		uint32_t raw;
		bool first = blk->nguest == 0;

		if (!first &&
		    ((pc & PAGE_MASK) != page ||
		     !ir_block_has_room(blk, RV_MAX_IR_PER_INSN, RV_MAX_TEMPS_PER_INSN))) {
			ir_exit(blk, pc);
			break;
		}
		if (rv_fetch(cpu, pc, bytes, &raw)) {
			if (first)
				return -1;
			/* The trap belongs to whoever executes this pc: not raised now. */
			soft_cpu_clear_fault(cpu);
			ir_exit(blk, pc);
			break;
		}
		rv64_decode(raw, &d);
		if (rv_is_system(&d) && !first) {
			ir_exit(blk, pc);
			break;
		}
		t.d = &d;
		t.pc = pc;
		ir_begin_guest(blk, pc, bytes, d.len);
		rv_translate_one(&t);
		pc += d.len;
		if (t.ended)
			break;
	}
	blk->end_pc = pc;
	return 0; /* -d in_asm and -d ir: the engine prints the block (tcache.c), once */
}
