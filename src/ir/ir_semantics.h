/*
 * ir_semantics.h - the one definition of what every pure IR op computes.
 *
 * Each ALU2 op NAME (and its immediate form NAMEI) computes ir_sem_NAME(a, b),
 * each ALU1 op computes ir_sem_NAME(a), each ALU3 op ir_sem3_NAME(a, b, c), and
 * each BR* op tests ir_cond_NAME(a, b).
 * The names are derived from the X-macros in ir_ops.h, so the interpreter
 * (src/engine/interp/interp_exec.c), ir_eval_alu() and the constant folder
 * cannot disagree: all three expand the same inline functions.
 *
 * Invariants (see ir_ops.h): division never traps (x / 0 = all ones,
 * x % 0 = x, INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0); shift and rotate
 * amounts are taken modulo the operand width; "W" ops read the low 32 bits and
 * sign-extend the 32-bit result, "32" ops read the low 32 bits and zero-extend
 * it; SET*, CARRY*, BORROW* and *OV* produce 0 or 1.
 */
#ifndef FVP_IR_IR_SEMANTICS_H
#define FVP_IR_IR_SEMANTICS_H

#include <stdint.h>
#include "core/compiler.h"

static __always_inline uint64_t ir_sext32(uint64_t v)
{
	return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
}

static __always_inline uint64_t ir_rotl64(uint64_t v, unsigned n)
{
	n &= 63;
	return n ? (v << n) | (v >> (64 - n)) : v;
}

static __always_inline uint32_t ir_rotl32(uint32_t v, unsigned n)
{
	n &= 31;
	return n ? (v << n) | (v >> (32 - n)) : v;
}

/* Binary ops: a op b. */
static __always_inline uint64_t ir_sem_ADD(uint64_t a, uint64_t b)
{
	return a + b;
}
static __always_inline uint64_t ir_sem_SUB(uint64_t a, uint64_t b)
{
	return a - b;
}
static __always_inline uint64_t ir_sem_AND(uint64_t a, uint64_t b)
{
	return a & b;
}
static __always_inline uint64_t ir_sem_OR(uint64_t a, uint64_t b)
{
	return a | b;
}
static __always_inline uint64_t ir_sem_XOR(uint64_t a, uint64_t b)
{
	return a ^ b;
}
static __always_inline uint64_t ir_sem_SHL(uint64_t a, uint64_t b)
{
	return a << (b & 63);
}
static __always_inline uint64_t ir_sem_SHR(uint64_t a, uint64_t b)
{
	return a >> (b & 63);
}
static __always_inline uint64_t ir_sem_SAR(uint64_t a, uint64_t b)
{
	return (uint64_t)((int64_t)a >> (b & 63));
}
static __always_inline uint64_t ir_sem_ROL(uint64_t a, uint64_t b)
{
	return ir_rotl64(a, (unsigned)(b & 63));
}
static __always_inline uint64_t ir_sem_ROR(uint64_t a, uint64_t b)
{
	return ir_rotl64(a, (unsigned)((64 - (b & 63)) & 63));
}
static __always_inline uint64_t ir_sem_ANDN(uint64_t a, uint64_t b)
{
	return a & ~b;
}
static __always_inline uint64_t ir_sem_ORN(uint64_t a, uint64_t b)
{
	return a | ~b;
}
static __always_inline uint64_t ir_sem_XNOR(uint64_t a, uint64_t b)
{
	return ~(a ^ b);
}
static __always_inline uint64_t ir_sem_MUL(uint64_t a, uint64_t b)
{
	return a * b;
}
static __always_inline uint64_t ir_sem_MULH(uint64_t a, uint64_t b)
{
	return (uint64_t)(((__int128)(int64_t)a * (__int128)(int64_t)b) >> 64);
}
static __always_inline uint64_t ir_sem_MULHU(uint64_t a, uint64_t b)
{
	return (uint64_t)(((unsigned __int128)a * (unsigned __int128)b) >> 64);
}
static __always_inline uint64_t ir_sem_MULHSU(uint64_t a, uint64_t b)
{
	return (uint64_t)(((__int128)(int64_t)a * (__int128)(unsigned __int128)b) >> 64);
}
static __always_inline uint64_t ir_sem_DIV(uint64_t a, uint64_t b)
{
	if (unlikely(b == 0))
		return ~0ULL;
	if (unlikely(a == (1ULL << 63) && b == ~0ULL))
		return a;
	return (uint64_t)((int64_t)a / (int64_t)b);
}
static __always_inline uint64_t ir_sem_DIVU(uint64_t a, uint64_t b)
{
	return likely(b != 0) ? a / b : ~0ULL;
}
static __always_inline uint64_t ir_sem_REM(uint64_t a, uint64_t b)
{
	if (unlikely(b == 0))
		return a;
	if (unlikely(a == (1ULL << 63) && b == ~0ULL))
		return 0;
	return (uint64_t)((int64_t)a % (int64_t)b);
}
static __always_inline uint64_t ir_sem_REMU(uint64_t a, uint64_t b)
{
	return likely(b != 0) ? a % b : a;
}
static __always_inline uint64_t ir_sem_MIN(uint64_t a, uint64_t b)
{
	return (int64_t)a < (int64_t)b ? a : b;
}
static __always_inline uint64_t ir_sem_MAX(uint64_t a, uint64_t b)
{
	return (int64_t)a > (int64_t)b ? a : b;
}
static __always_inline uint64_t ir_sem_MINU(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}
static __always_inline uint64_t ir_sem_MAXU(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}
static __always_inline uint64_t ir_sem_SETEQ(uint64_t a, uint64_t b)
{
	return a == b;
}
static __always_inline uint64_t ir_sem_SETNE(uint64_t a, uint64_t b)
{
	return a != b;
}
static __always_inline uint64_t ir_sem_SETLT(uint64_t a, uint64_t b)
{
	return (int64_t)a < (int64_t)b;
}
static __always_inline uint64_t ir_sem_SETLTU(uint64_t a, uint64_t b)
{
	return a < b;
}
static __always_inline uint64_t ir_sem_SETGE(uint64_t a, uint64_t b)
{
	return (int64_t)a >= (int64_t)b;
}
static __always_inline uint64_t ir_sem_SETGEU(uint64_t a, uint64_t b)
{
	return a >= b;
}
static __always_inline uint64_t ir_sem_ADDW(uint64_t a, uint64_t b)
{
	return ir_sext32(a + b);
}
static __always_inline uint64_t ir_sem_SUBW(uint64_t a, uint64_t b)
{
	return ir_sext32(a - b);
}
static __always_inline uint64_t ir_sem_SHLW(uint64_t a, uint64_t b)
{
	return ir_sext32((uint32_t)a << (b & 31));
}
static __always_inline uint64_t ir_sem_SHRW(uint64_t a, uint64_t b)
{
	return ir_sext32((uint32_t)a >> (b & 31));
}
static __always_inline uint64_t ir_sem_SARW(uint64_t a, uint64_t b)
{
	return ir_sext32((uint32_t)((int32_t)(uint32_t)a >> (b & 31)));
}
static __always_inline uint64_t ir_sem_ROLW(uint64_t a, uint64_t b)
{
	return ir_sext32(ir_rotl32((uint32_t)a, (unsigned)(b & 31)));
}
static __always_inline uint64_t ir_sem_RORW(uint64_t a, uint64_t b)
{
	return ir_sext32(ir_rotl32((uint32_t)a, (unsigned)((32 - (b & 31)) & 31)));
}
static __always_inline uint64_t ir_sem_MULW(uint64_t a, uint64_t b)
{
	return ir_sext32((uint32_t)a * (uint32_t)b);
}
static __always_inline uint64_t ir_sem_DIVW(uint64_t a, uint64_t b)
{
	int32_t x = (int32_t)(uint32_t)a, y = (int32_t)(uint32_t)b;

	if (unlikely(y == 0))
		return ~0ULL;
	if (unlikely(x == INT32_MIN && y == -1))
		return ir_sext32((uint32_t)x);
	return ir_sext32((uint32_t)(x / y));
}
static __always_inline uint64_t ir_sem_DIVUW(uint64_t a, uint64_t b)
{
	uint32_t x = (uint32_t)a, y = (uint32_t)b;

	return likely(y != 0) ? ir_sext32(x / y) : ~0ULL;
}
static __always_inline uint64_t ir_sem_REMW(uint64_t a, uint64_t b)
{
	int32_t x = (int32_t)(uint32_t)a, y = (int32_t)(uint32_t)b;

	if (unlikely(y == 0))
		return ir_sext32((uint32_t)x);
	if (unlikely(x == INT32_MIN && y == -1))
		return 0;
	return ir_sext32((uint32_t)(x % y));
}
static __always_inline uint64_t ir_sem_REMUW(uint64_t a, uint64_t b)
{
	uint32_t x = (uint32_t)a, y = (uint32_t)b;

	return ir_sext32(likely(y != 0) ? x % y : x);
}

/* 32 forms: the low 32 bits of the inputs, the 32-bit result zero-extended (x86-64, AArch64). */
static __always_inline uint64_t ir_sem_ADD32(uint64_t a, uint64_t b)
{
	return (uint32_t)(a + b);
}
static __always_inline uint64_t ir_sem_SUB32(uint64_t a, uint64_t b)
{
	return (uint32_t)(a - b);
}
static __always_inline uint64_t ir_sem_SHL32(uint64_t a, uint64_t b)
{
	return (uint32_t)((uint32_t)a << (b & 31));
}
static __always_inline uint64_t ir_sem_SHR32(uint64_t a, uint64_t b)
{
	return (uint32_t)a >> (b & 31);
}
static __always_inline uint64_t ir_sem_SAR32(uint64_t a, uint64_t b)
{
	return (uint32_t)((int32_t)(uint32_t)a >> (b & 31));
}
static __always_inline uint64_t ir_sem_ROL32(uint64_t a, uint64_t b)
{
	return ir_rotl32((uint32_t)a, (unsigned)(b & 31));
}
static __always_inline uint64_t ir_sem_ROR32(uint64_t a, uint64_t b)
{
	return ir_rotl32((uint32_t)a, (unsigned)((32 - (b & 31)) & 31));
}
static __always_inline uint64_t ir_sem_MUL32(uint64_t a, uint64_t b)
{
	return (uint32_t)((uint32_t)a * (uint32_t)b);
}

/* Carry, borrow and signed overflow of a + b and a - b: 0 or 1. The 32 forms look at the low
 * 32 bits only (the flags of a 32-bit add or sub). */
static __always_inline uint64_t ir_sem_CARRY(uint64_t a, uint64_t b)
{
	return a + b < a;
}
static __always_inline uint64_t ir_sem_BORROW(uint64_t a, uint64_t b)
{
	return a < b;
}
static __always_inline uint64_t ir_sem_ADDOV(uint64_t a, uint64_t b)
{
	uint64_t r = a + b;

	return ((a ^ r) & (b ^ r)) >> 63; /* operands of one sign, result of the other */
}
static __always_inline uint64_t ir_sem_SUBOV(uint64_t a, uint64_t b)
{
	uint64_t r = a - b;

	return ((a ^ b) & (a ^ r)) >> 63; /* operands of different signs, result not a's */
}
static __always_inline uint64_t ir_sem_CARRY32(uint64_t a, uint64_t b)
{
	return ((uint64_t)(uint32_t)a + (uint32_t)b) >> 32;
}
static __always_inline uint64_t ir_sem_BORROW32(uint64_t a, uint64_t b)
{
	return (uint32_t)a < (uint32_t)b;
}
static __always_inline uint64_t ir_sem_ADDOV32(uint64_t a, uint64_t b)
{
	uint64_t r = a + b;

	return (((a ^ r) & (b ^ r)) >> 31) & 1;
}
static __always_inline uint64_t ir_sem_SUBOV32(uint64_t a, uint64_t b)
{
	uint64_t r = a - b;

	return (((a ^ b) & (a ^ r)) >> 31) & 1;
}

/* Unary ops. */
static __always_inline uint64_t ir_sem_MOV(uint64_t a)
{
	return a;
}
static __always_inline uint64_t ir_sem_NOT(uint64_t a)
{
	return ~a;
}
static __always_inline uint64_t ir_sem_NEG(uint64_t a)
{
	return -a;
}
static __always_inline uint64_t ir_sem_SEXT8(uint64_t a)
{
	return (uint64_t)(int64_t)(int8_t)(uint8_t)a;
}
static __always_inline uint64_t ir_sem_SEXT16(uint64_t a)
{
	return (uint64_t)(int64_t)(int16_t)(uint16_t)a;
}
static __always_inline uint64_t ir_sem_SEXT32(uint64_t a)
{
	return ir_sext32(a);
}
static __always_inline uint64_t ir_sem_ZEXT8(uint64_t a)
{
	return (uint8_t)a;
}
static __always_inline uint64_t ir_sem_ZEXT16(uint64_t a)
{
	return (uint16_t)a;
}
static __always_inline uint64_t ir_sem_ZEXT32(uint64_t a)
{
	return (uint32_t)a;
}
static __always_inline uint64_t ir_sem_CLZ(uint64_t a)
{
	return a ? (uint64_t)__builtin_clzll(a) : 64;
}
static __always_inline uint64_t ir_sem_CTZ(uint64_t a)
{
	return a ? (uint64_t)__builtin_ctzll(a) : 64;
}
static __always_inline uint64_t ir_sem_CPOP(uint64_t a)
{
	return (uint64_t)__builtin_popcountll(a);
}
static __always_inline uint64_t ir_sem_CLZW(uint64_t a)
{
	return (uint32_t)a ? (uint64_t)__builtin_clz((uint32_t)a) : 32;
}
static __always_inline uint64_t ir_sem_CTZW(uint64_t a)
{
	return (uint32_t)a ? (uint64_t)__builtin_ctz((uint32_t)a) : 32;
}
static __always_inline uint64_t ir_sem_CPOPW(uint64_t a)
{
	return (uint64_t)__builtin_popcount((uint32_t)a);
}
static __always_inline uint64_t ir_sem_BSWAP64(uint64_t a)
{
	return __builtin_bswap64(a);
}
static __always_inline uint64_t ir_sem_ORCB(uint64_t a)
{
	/* Per byte: 0xff if any bit of the byte is set, else 0x00. */
	uint64_t lo7 = 0x7f7f7f7f7f7f7f7fULL;
	uint64_t nonzero = ((a & lo7) + lo7) | a; /* bit 7 of each byte: byte != 0 */

	return ((nonzero >> 7) & 0x0101010101010101ULL) * 0xff;
}

/* Three-input ops: op(a, b, c); a carry or borrow input is bit 0 of c. */
static __always_inline uint64_t ir_sem3_SELECT(uint64_t a, uint64_t b, uint64_t c)
{
	return c ? a : b;
}
static __always_inline uint64_t ir_sem3_ADC(uint64_t a, uint64_t b, uint64_t c)
{
	return a + b + (c & 1);
}
static __always_inline uint64_t ir_sem3_SBB(uint64_t a, uint64_t b, uint64_t c)
{
	return a - b - (c & 1);
}
static __always_inline uint64_t ir_sem3_CARRYC(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t s = a + b;

	return (s < a) | (s + (c & 1) < s); /* at most one of the two adds carries */
}
static __always_inline uint64_t ir_sem3_BORROWC(uint64_t a, uint64_t b, uint64_t c)
{
	return (a < b) | (a - b < (c & 1)); /* a < b + cin, without overflowing b + cin */
}

/* Side-exit conditions. */
static __always_inline int ir_cond_BREQ(uint64_t a, uint64_t b)
{
	return a == b;
}
static __always_inline int ir_cond_BRNE(uint64_t a, uint64_t b)
{
	return a != b;
}
static __always_inline int ir_cond_BRLT(uint64_t a, uint64_t b)
{
	return (int64_t)a < (int64_t)b;
}
static __always_inline int ir_cond_BRGE(uint64_t a, uint64_t b)
{
	return (int64_t)a >= (int64_t)b;
}
static __always_inline int ir_cond_BRLTU(uint64_t a, uint64_t b)
{
	return a < b;
}
static __always_inline int ir_cond_BRGEU(uint64_t a, uint64_t b)
{
	return a >= b;
}

#endif
