/*
 * translate.h - what the x86-64 translator's files share: the state of one
 * block's translation, operand access and the lazy-flags emitters.
 *
 * Operands are read into slots holding the value zero-extended from its size
 * (x86_read) and written back with x86's merge rules (x86_write: a 32-bit
 * write zeroes the upper half, 8- and 16-bit writes keep the rest). A memory
 * operand's address is computed once per instruction (x86_addr) and both a
 * read and a write of it use that slot.
 */
#ifndef FVP_ARCH_X86_64_TRANSLATE_H
#define FVP_ARCH_X86_64_TRANSLATE_H

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/helpers.h"
#include "arch/x86_64/x86_decode.h"

#define X86_CC_UNKNOWN 0xffu /* t->cc: the cc_op slot's value is not known at translation */

struct x86_tr {
	struct ir_block *blk;
	const struct x86_inst *in;
	uint64_t pc;	  /* of the instruction being translated */
	uint64_t next_pc; /* of the one after it */
	unsigned cc;	  /* the cc_op value the cc slots hold, or X86_CC_UNKNOWN */
	unsigned addr;	  /* the memory operand's address slot, IR_NO_SLOT until computed */
	unsigned mode;	  /* enum x86_mode of the block's code */
	unsigned ssize;	  /* stack pointer size: 8 in 64-bit mode, else 4 (SS.B) or 2 */
	bool ended;	  /* the instruction ended the block */
};

static inline unsigned x86_lsz(unsigned size)
{
	return size == 8 ? 3 : size == 4 ? 2 : size == 2 ? 1 : 0;
}

static inline uint64_t x86_mask(unsigned size)
{
	return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

/* translate.c */
unsigned x86_tmp(struct x86_tr *t);
unsigned x86_const(struct x86_tr *t, uint64_t v);
unsigned x86_addr(struct x86_tr *t, const struct x86_operand *o);
/* The slot holding the base of segment seg (enum x86_seg). */
unsigned x86_seg_base_slot(unsigned seg);
unsigned x86_read(struct x86_tr *t, const struct x86_operand *o, unsigned size);
/* The same, but a general register (not ah..bh) comes as its whole slot: bits above size are
 * garbage, for operations whose result is cut to size anyway. */
unsigned x86_read_raw(struct x86_tr *t, const struct x86_operand *o, unsigned size);
void x86_write(struct x86_tr *t, const struct x86_operand *o, unsigned size, unsigned val);
/* dst = zero-extension of src from size bytes (a copy when size is 8). */
void x86_zext(struct x86_tr *t, unsigned dst, unsigned src, unsigned size);
void x86_sext(struct x86_tr *t, unsigned dst, unsigned src, unsigned size);
/* Raise exception vector (with error code err if has_err) at this instruction; ends the block. */
void x86_emit_raise(struct x86_tr *t, unsigned vector, bool has_err, uint64_t err);
void x86_emit_ud(struct x86_tr *t);
/* Call helper id with a and b, imm = the next pc; for an instruction that ends the block with
 * the helper's pc (EXIT_CPU). */
void x86_emit_helper_exit(struct x86_tr *t, unsigned id, unsigned a, unsigned b);

/* flags.c: record the flags of an operation: dst zero-extended from size, the sources as
 * they are (flags.c masks them). */
void x86_set_cc(struct x86_tr *t, enum x86_cc_kind kind, unsigned size, unsigned dst, unsigned src1,
		unsigned src2);
/* A slot holding 1 if condition cc (0-15, jcc's low nibble) holds, else 0. */
unsigned x86_cond(struct x86_tr *t, unsigned cc);
/* Leave the block for target if condition cc holds (a direct compare when it can). */
void x86_branch(struct x86_tr *t, unsigned cc, uint64_t target);
/* A slot holding CF (0 or 1). */
unsigned x86_carry(struct x86_tr *t);
/* Fold the cc state into the rflags slot (cc_op becomes EFLAGS): before code that reads or
 * writes rflags as a whole. */
void x86_flush_flags(struct x86_tr *t);

/* atomic.c: lock-prefixed read-modify-writes and xchg with memory; false if in is not one. */
bool x86_translate_atomic(struct x86_tr *t);

/* The translator of one instruction (translate.c's table, indexed by mnemonic). */
typedef void (*x86_tr_fn)(struct x86_tr *t);

/* alu.c: the arithmetic, logic, shift, multiply/divide and bit instructions. */
void x86_tr_binop(struct x86_tr *t);
void x86_tr_unary(struct x86_tr *t);
void x86_tr_shift(struct x86_tr *t);
void x86_tr_shift_double(struct x86_tr *t);
void x86_tr_mul(struct x86_tr *t);
void x86_tr_imul(struct x86_tr *t);
void x86_tr_div(struct x86_tr *t);
void x86_tr_bit(struct x86_tr *t);
void x86_tr_bitscan(struct x86_tr *t);
void x86_tr_xadd(struct x86_tr *t);
void x86_tr_cmpxchg(struct x86_tr *t);
void x86_tr_cmpxchg16b(struct x86_tr *t);
void x86_tr_crc32(struct x86_tr *t);

/* translate_system.c: the privileged instructions (CPL 0 only: translate.c raises #GP for
 * them at CPL 3) and the other system instructions. */
extern const x86_tr_fn x86_tr_system[X86_OP_COUNT];
bool x86_is_privileged(const struct x86_inst *in);
/* mov to or from a control or debug register. */
void x86_tr_mov_cr(struct x86_tr *t);

/* x87.c: x87 and MMX; false if in is neither. */
bool x86_translate_x87(struct x86_tr *t);

/* sse.c: SSE to SSE4.2, ldmxcsr/stmxcsr, fxsave/fxrstor; false if in is not one of them. */
bool x86_translate_sse(struct x86_tr *t);

#endif
