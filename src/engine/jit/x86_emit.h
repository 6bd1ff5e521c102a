/*
 * x86_emit.h - a small x86-64 instruction emitter for the JIT.
 *
 * Each emit_* helper appends one instruction to a code buffer. A buffer that
 * runs out of room sets its overflow flag and ignores further bytes, so the
 * caller checks once at the end of a block (failable, Blink style) instead of
 * after every instruction. Operands are registers (enum x86_reg, with REX
 * prefixes added as needed) or memory operands base + index * scale + disp32.
 * Invariants: "w" selects 64-bit operand size (REX.W); byte registers 4-7 get
 * an empty REX so they mean spl/bpl/sil/dil, never ah/ch/dh/bh.
 */
#ifndef FVP_ENGINE_JIT_X86_EMIT_H
#define FVP_ENGINE_JIT_X86_EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#if !defined(__x86_64__)
#error "the FVP JIT emits x86-64 code and needs an x86-64 host"
#endif

enum x86_reg { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };
#define X86_NO_REG (-1)

/* Condition codes (low nibble of jcc/setcc/cmovcc). */
enum x86_cc {
	CC_O,
	CC_NO,
	CC_B,
	CC_AE,
	CC_E,
	CC_NE,
	CC_BE,
	CC_A,
	CC_S,
	CC_NS,
	CC_P,
	CC_NP,
	CC_L,
	CC_GE,
	CC_LE,
	CC_G
};

/* Group-1 ALU ops: the /digit of 0x81/0x83 and (digit << 3) | 1 is the r/m, r opcode. */
enum x86_alu {
	ALU_ADD = 0,
	ALU_OR = 1,
	ALU_ADC = 2,
	ALU_SBB = 3,
	ALU_AND = 4,
	ALU_SUB = 5,
	ALU_XOR = 6,
	ALU_CMP = 7
};
/* Group-2 shift ops: the /digit of 0xd3/0xc1. */
enum x86_shift { SH_ROL = 0, SH_ROR = 1, SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };

struct x86_mem {
	int base;	/* enum x86_reg or X86_NO_REG */
	int index;	/* enum x86_reg or X86_NO_REG (never RSP) */
	unsigned scale; /* 1, 2, 4 or 8 */
	int32_t disp;
};

struct x86_buf {
	uint8_t *start;
	uint8_t *p;
	uint8_t *end;
	bool overflow;
};

static inline struct x86_mem x86_mem_bd(int base, int32_t disp)
{
	return (struct x86_mem){.base = base, .index = X86_NO_REG, .scale = 1, .disp = disp};
}

static inline struct x86_mem x86_mem_bisd(int base, int index, unsigned scale, int32_t disp)
{
	return (struct x86_mem){.base = base, .index = index, .scale = scale, .disp = disp};
}

static inline bool x86_fits_i8(int64_t v)
{
	return v >= -128 && v <= 127;
}

static inline bool x86_fits_i32(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

static inline size_t x86_offset(const struct x86_buf *b)
{
	return (size_t)(b->p - b->start);
}

static inline void emit_u8(struct x86_buf *b, uint8_t v)
{
	if (b->p < b->end)
		*b->p++ = v;
	else
		b->overflow = true;
}

static inline void emit_u32(struct x86_buf *b, uint32_t v)
{
	if (b->end - b->p >= 4) {
		memcpy(b->p, &v, 4);
		b->p += 4;
	} else {
		b->overflow = true;
	}
}

static inline void emit_u64(struct x86_buf *b, uint64_t v)
{
	emit_u32(b, (uint32_t)v);
	emit_u32(b, (uint32_t)(v >> 32));
}

/* Write the REX prefix if any bit or the byte-register rule needs one. */
static inline void emit_rex(struct x86_buf *b, bool w, int reg, int index, int base, bool byte_regs)
{
	uint8_t rex = 0x40;

	if (w)
		rex |= 8;
	if (reg >= 8)
		rex |= 4;
	if (index >= 8)
		rex |= 2;
	if (base >= 8)
		rex |= 1;
	if (rex != 0x40 || (byte_regs && ((reg >= 4 && reg < 8) ||
					  (base >= 4 && base < 8 && index == X86_NO_REG))))
		emit_u8(b, rex);
}

static inline void emit_opcode(struct x86_buf *b, unsigned opc)
{
	if (opc > 0xffff)
		emit_u8(b, (uint8_t)(opc >> 16));
	if (opc > 0xff)
		emit_u8(b, (uint8_t)(opc >> 8));
	emit_u8(b, (uint8_t)opc);
}

static inline unsigned x86_scale_bits(unsigned scale)
{
	return scale == 8 ? 3 : scale == 4 ? 2 : scale == 2 ? 1 : 0;
}

/* ModRM (+SIB, +disp) for a memory operand. */
static inline void emit_modrm_mem(struct x86_buf *b, int reg, struct x86_mem m)
{
	unsigned r = (unsigned)reg & 7;
	unsigned mod;

	if (m.base == X86_NO_REG) {
		/* [index * scale + disp32] or [disp32] */
		emit_u8(b, (uint8_t)((r << 3) | 4));
		emit_u8(b,
			(uint8_t)((x86_scale_bits(m.scale) << 6) |
				  ((m.index == X86_NO_REG ? 4u : (unsigned)m.index & 7) << 3) | 5));
		emit_u32(b, (uint32_t)m.disp);
		return;
	}
	if (m.disp == 0 && (m.base & 7) != RBP)
		mod = 0;
	else if (x86_fits_i8(m.disp))
		mod = 1;
	else
		mod = 2;
	if (m.index != X86_NO_REG || (m.base & 7) == RSP) {
		unsigned idx = m.index == X86_NO_REG ? 4u : (unsigned)m.index & 7;
		emit_u8(b, (uint8_t)((mod << 6) | (r << 3) | 4));
		emit_u8(b, (uint8_t)((x86_scale_bits(m.scale) << 6) | (idx << 3) |
				     ((unsigned)m.base & 7)));
	} else {
		emit_u8(b, (uint8_t)((mod << 6) | (r << 3) | ((unsigned)m.base & 7)));
	}
	if (mod == 1)
		emit_u8(b, (uint8_t)m.disp);
	else if (mod == 2)
		emit_u32(b, (uint32_t)m.disp);
}

/* Generic forms: opcode with a register operand in ModRM.reg and a register or memory r/m. */
static inline void emit_op_rr(struct x86_buf *b, unsigned prefix, bool w, unsigned opc, int reg,
			      int rm, bool byte_regs)
{
	if (prefix)
		emit_u8(b, (uint8_t)prefix);
	emit_rex(b, w, reg, X86_NO_REG, rm, byte_regs);
	emit_opcode(b, opc);
	emit_u8(b, (uint8_t)(0xc0 | (((unsigned)reg & 7) << 3) | ((unsigned)rm & 7)));
}

static inline void emit_op_rm(struct x86_buf *b, unsigned prefix, bool w, unsigned opc, int reg,
			      struct x86_mem m, bool byte_regs)
{
	if (prefix)
		emit_u8(b, (uint8_t)prefix);
	emit_rex(b, w, reg, m.index, m.base, byte_regs && m.index == X86_NO_REG);
	emit_opcode(b, opc);
	emit_modrm_mem(b, reg, m);
}

/* ---- moves ---- */
static inline void emit_mov_rr(struct x86_buf *b, bool w, int dst, int src)
{
	emit_op_rr(b, 0, w, 0x89, src, dst, false);
}

static inline void emit_load(struct x86_buf *b, bool w, int dst, struct x86_mem m)
{
	emit_op_rm(b, 0, w, 0x8b, dst, m, false);
}

static inline void emit_store(struct x86_buf *b, bool w, struct x86_mem m, int src)
{
	emit_op_rm(b, 0, w, 0x89, src, m, false);
}

/* Store the low size bytes of src. */
static inline void emit_store_sized(struct x86_buf *b, unsigned size, struct x86_mem m, int src)
{
	switch (size) {
	case 1:
		emit_op_rm(b, 0, false, 0x88, src, m, true);
		break;
	case 2:
		emit_op_rm(b, 0x66, false, 0x89, src, m, false);
		break;
	case 4:
		emit_op_rm(b, 0, false, 0x89, src, m, false);
		break;
	default:
		emit_op_rm(b, 0, true, 0x89, src, m, false);
		break;
	}
}

/* Load size bytes zero- or sign-extended to 64 bits. */
static inline void emit_load_sized(struct x86_buf *b, unsigned size, bool sign, int dst,
				   struct x86_mem m)
{
	switch (size) {
	case 1:
		emit_op_rm(b, 0, sign, sign ? 0x0fbe : 0x0fb6, dst, m, false);
		break;
	case 2:
		emit_op_rm(b, 0, sign, sign ? 0x0fbf : 0x0fb7, dst, m, false);
		break;
	case 4:
		if (sign)
			emit_op_rm(b, 0, true, 0x63, dst, m, false);
		else
			emit_op_rm(b, 0, false, 0x8b, dst, m, false);
		break;
	default:
		emit_op_rm(b, 0, true, 0x8b, dst, m, false);
		break;
	}
}

static inline void emit_mov_imm(struct x86_buf *b, int dst, uint64_t imm)
{
	if (imm == 0) {
		emit_op_rr(b, 0, false, 0x31, dst, dst, false); /* xor r32, r32 */
	} else if (imm <= UINT32_MAX) {
		emit_rex(b, false, X86_NO_REG, X86_NO_REG, dst, false);
		emit_u8(b, (uint8_t)(0xb8 + (dst & 7)));
		emit_u32(b, (uint32_t)imm);
	} else if (x86_fits_i32((int64_t)imm)) {
		emit_rex(b, true, 0, X86_NO_REG, dst, false);
		emit_u8(b, 0xc7);
		emit_u8(b, (uint8_t)(0xc0 | (dst & 7)));
		emit_u32(b, (uint32_t)imm);
	} else {
		emit_rex(b, true, 0, X86_NO_REG, dst, false);
		emit_u8(b, (uint8_t)(0xb8 + (dst & 7)));
		emit_u64(b, imm);
	}
}

/* mov qword [m], simm32 */
static inline void emit_store_imm32(struct x86_buf *b, bool w, struct x86_mem m, int32_t imm)
{
	emit_op_rm(b, 0, w, 0xc7, 0, m, false);
	emit_u32(b, (uint32_t)imm);
}

static inline void emit_lea(struct x86_buf *b, int dst, struct x86_mem m)
{
	emit_op_rm(b, 0, true, 0x8d, dst, m, false);
}

static inline void emit_movsxd_rr(struct x86_buf *b, int dst, int src)
{
	emit_op_rr(b, 0, true, 0x63, dst, src, false);
}

/* movzx/movsx dst, src8/src16 (register) */
static inline void emit_ext_rr(struct x86_buf *b, unsigned size, bool sign, int dst, int src)
{
	unsigned opc = size == 1 ? (sign ? 0x0fbe : 0x0fb6) : (sign ? 0x0fbf : 0x0fb7);

	emit_op_rr(b, 0, sign, opc, dst, src, size == 1);
}

/* ---- arithmetic ---- */
static inline void emit_alu_rr(struct x86_buf *b, bool w, enum x86_alu op, int dst, int src)
{
	emit_op_rr(b, 0, w, ((unsigned)op << 3) | 1, src, dst, false);
}

static inline void emit_alu_rm(struct x86_buf *b, bool w, enum x86_alu op, int dst,
			       struct x86_mem m)
{
	emit_op_rm(b, 0, w, ((unsigned)op << 3) | 3, dst, m, false);
}

static inline void emit_alu_ri(struct x86_buf *b, bool w, enum x86_alu op, int dst, int32_t imm)
{
	if (x86_fits_i8(imm)) {
		emit_op_rr(b, 0, w, 0x83, (int)op, dst, false);
		emit_u8(b, (uint8_t)imm);
	} else {
		emit_op_rr(b, 0, w, 0x81, (int)op, dst, false);
		emit_u32(b, (uint32_t)imm);
	}
}

static inline void emit_alu_mi(struct x86_buf *b, bool w, enum x86_alu op, struct x86_mem m,
			       int32_t imm)
{
	if (x86_fits_i8(imm)) {
		emit_op_rm(b, 0, w, 0x83, (int)op, m, false);
		emit_u8(b, (uint8_t)imm);
	} else {
		emit_op_rm(b, 0, w, 0x81, (int)op, m, false);
		emit_u32(b, (uint32_t)imm);
	}
}

/* cmp byte [m], imm8 */
static inline void emit_cmp_m8_i(struct x86_buf *b, struct x86_mem m, uint8_t imm)
{
	emit_op_rm(b, 0, false, 0x80, 7, m, false);
	emit_u8(b, imm);
}

/* test byte [m], imm8 */
static inline void emit_test_m8_i(struct x86_buf *b, struct x86_mem m, uint8_t imm)
{
	emit_op_rm(b, 0, false, 0xf6, 0, m, false);
	emit_u8(b, imm);
}

static inline void emit_test_rr(struct x86_buf *b, bool w, int r1, int r2)
{
	emit_op_rr(b, 0, w, 0x85, r2, r1, false);
}

static inline void emit_shift_cl(struct x86_buf *b, bool w, enum x86_shift op, int dst)
{
	emit_op_rr(b, 0, w, 0xd3, (int)op, dst, false);
}

static inline void emit_shift_ri(struct x86_buf *b, bool w, enum x86_shift op, int dst, uint8_t imm)
{
	emit_op_rr(b, 0, w, 0xc1, (int)op, dst, false);
	emit_u8(b, imm);
}

/* Group-3 unary: not (2), neg (3), mul (4), imul (5) of a register. */
static inline void emit_not(struct x86_buf *b, bool w, int r)
{
	emit_op_rr(b, 0, w, 0xf7, 2, r, false);
}

static inline void emit_neg(struct x86_buf *b, bool w, int r)
{
	emit_op_rr(b, 0, w, 0xf7, 3, r, false);
}

/* rdx:rax = rax * [m] unsigned (mul) or signed (imul) */
static inline void emit_mul_wide_m(struct x86_buf *b, bool sign, struct x86_mem m)
{
	emit_op_rm(b, 0, true, 0xf7, sign ? 5 : 4, m, false);
}

static inline void emit_imul_rm(struct x86_buf *b, bool w, int dst, struct x86_mem m)
{
	emit_op_rm(b, 0, w, 0x0faf, dst, m, false);
}

static inline void emit_imul_rr(struct x86_buf *b, bool w, int dst, int src)
{
	emit_op_rr(b, 0, w, 0x0faf, dst, src, false);
}

static inline void emit_imul_rri(struct x86_buf *b, bool w, int dst, int src, int32_t imm)
{
	emit_op_rr(b, 0, w, 0x69, dst, src, false);
	emit_u32(b, (uint32_t)imm);
}

static inline void emit_bswap(struct x86_buf *b, int r)
{
	emit_rex(b, true, X86_NO_REG, X86_NO_REG, r, false);
	emit_u8(b, 0x0f);
	emit_u8(b, (uint8_t)(0xc8 + (r & 7)));
}

/* bt r64, imm8: CF = bit imm of r */
static inline void emit_bt_ri(struct x86_buf *b, int r, uint8_t bit)
{
	emit_op_rr(b, 0, true, 0x0fba, 4, r, false);
	emit_u8(b, bit);
}

static inline void emit_setcc(struct x86_buf *b, enum x86_cc cc, int r)
{
	emit_op_rr(b, 0, false, 0x0f90 + (unsigned)cc, 0, r, true);
}

static inline void emit_cmov(struct x86_buf *b, enum x86_cc cc, int dst, int src)
{
	emit_op_rr(b, 0, true, 0x0f40 + (unsigned)cc, dst, src, false);
}

/* lock or qword [rsp], 0: a full memory barrier (what GCC emits for a seq_cst fence). */
static inline void emit_full_fence(struct x86_buf *b)
{
	emit_u8(b, 0xf0);
	emit_alu_mi(b, true, ALU_OR, x86_mem_bd(RSP, 0), 0);
}

/* ---- control flow ---- */
/* Each returns the offset of its rel32 field for later patching. */
static inline size_t emit_jcc32(struct x86_buf *b, enum x86_cc cc)
{
	emit_u8(b, 0x0f);
	emit_u8(b, (uint8_t)(0x80 + cc));
	emit_u32(b, 0);
	return x86_offset(b) - 4;
}

static inline size_t emit_jmp32(struct x86_buf *b)
{
	emit_u8(b, 0xe9);
	emit_u32(b, 0);
	return x86_offset(b) - 4;
}

/* Point the rel32 at offset at (inside b) to target offset. */
static inline void x86_patch_rel32(struct x86_buf *b, size_t at, size_t target)
{
	int32_t rel = (int32_t)((int64_t)target - (int64_t)(at + 4));

	if (!b->overflow && at + 4 <= (size_t)(b->end - b->start))
		memcpy(b->start + at, &rel, 4);
}

static inline void emit_call_r(struct x86_buf *b, int r)
{
	emit_op_rr(b, 0, false, 0xff, 2, r, false);
}

static inline void emit_jmp_r(struct x86_buf *b, int r)
{
	emit_op_rr(b, 0, false, 0xff, 4, r, false);
}

static inline void emit_push(struct x86_buf *b, int r)
{
	emit_rex(b, false, X86_NO_REG, X86_NO_REG, r, false);
	emit_u8(b, (uint8_t)(0x50 + (r & 7)));
}

static inline void emit_pop(struct x86_buf *b, int r)
{
	emit_rex(b, false, X86_NO_REG, X86_NO_REG, r, false);
	emit_u8(b, (uint8_t)(0x58 + (r & 7)));
}

static inline void emit_ret(struct x86_buf *b)
{
	emit_u8(b, 0xc3);
}

#endif
