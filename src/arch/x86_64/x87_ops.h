/*
 * x87_ops.h - the x87 instructions as one table, and the host run that executes them.
 *
 * X(mnemonic, kind, flags):
 *   kind H  the host executes the guest's own instruction (x87_ops.c: a stub per register
 *           form D8-DF C0-FF, and per memory form with the operand at [rdi]) on the guest's
 *           state loaded into the host's x87 (frstor, run, fnsave)
 *        C  written in C (x87_helpers.c: control words, environment, save and restore)
 *   flags   X87_MW (the memory operand is the destination), X87_EFL (sets ZF PF CF: fcomi),
 *           X87_NOWAIT (no check for a pending exception: the fn* control instructions),
 *           X87_RD16 (the translator reads the 16-bit operand and passes its value: fldcw),
 *           X87_WR16 (the helper returns a 16-bit value the translator writes: fnstsw, fnstcw)
 *
 * Every H instruction runs with the guest's FCW (its rounding, precision and masks) and its
 * FSW's exception flags cleared; the host's flags afterwards are the new exceptions. An
 * unmasked one does on the host what it does on the guest (operands left alone, a wrapped
 * exponent, ES set): the host never traps, as fnsave, the next x87 instruction, does not
 * wait. The guest then takes #MF at its next waiting x87 or MMX instruction.
 */
#ifndef FVP_ARCH_X86_64_X87_OPS_H
#define FVP_ARCH_X86_64_X87_OPS_H

#include <stdbool.h>
#include <stdint.h>

/* The helper's imm word: operation (enum x86_op), the 11-bit FOP (the escape's low 3 bits and
 * ModRM: selects the host stub), the memory operand's size in bytes (0: none). */
#define X87_PACK(op, fop, msize) ((uint64_t)(op) | (uint64_t)(fop) << 10 | (uint64_t)(msize) << 21)
#define X87_OP(w)		 ((unsigned)(w)&0x3ffu)
#define X87_FOP(w)		 ((unsigned)((w) >> 10) & 0x7ffu)
#define X87_MSIZE(w)		 ((unsigned)((w) >> 21) & 15u)
#define X87_O16			 (1ull << 25) /* a 66 prefix: the 16-bit environment layout */

/* clang-format off */
#define X86_X87_OPS(X)                                                                             \
	/* arithmetic */                                                                           \
	X(fadd, H, 0) X(fmul, H, 0) X(fsub, H, 0) X(fsubr, H, 0) X(fdiv, H, 0) X(fdivr, H, 0)      \
	X(faddp, H, 0) X(fmulp, H, 0) X(fsubp, H, 0) X(fsubrp, H, 0) X(fdivp, H, 0)               \
	X(fdivrp, H, 0) X(fiadd, H, 0) X(fimul, H, 0) X(fisub, H, 0) X(fisubr, H, 0)               \
	X(fidiv, H, 0) X(fidivr, H, 0) X(fsqrt, H, 0) X(fscale, H, 0) X(fprem, H, 0)               \
	X(fprem1, H, 0) X(frndint, H, 0) X(fxtract, H, 0) X(fabs, H, 0) X(fchs, H, 0)              \
	/* transcendental */                                                                       \
	X(fsin, H, 0) X(fcos, H, 0) X(fsincos, H, 0) X(fptan, H, 0) X(fpatan, H, 0)                \
	X(f2xm1, H, 0) X(fyl2x, H, 0) X(fyl2xp1, H, 0)                                             \
	/* compares */                                                                             \
	X(fcom, H, 0) X(fcomp, H, 0) X(fcompp, H, 0) X(fucom, H, 0) X(fucomp, H, 0)                \
	X(fucompp, H, 0) X(ficom, H, 0) X(ficomp, H, 0) X(ftst, H, 0) X(fxam, H, 0)                \
	X(fcomi, H, X87_EFL) X(fcomip, H, X87_EFL) X(fucomi, H, X87_EFL) X(fucomip, H, X87_EFL)    \
	/* loads, stores, constants, conditional moves, stack */                                   \
	X(fld, H, 0) X(fild, H, 0) X(fbld, H, 0) X(fst, H, X87_MW) X(fstp, H, X87_MW)              \
	X(fist, H, X87_MW) X(fistp, H, X87_MW) X(fisttp, H, X87_MW) X(fbstp, H, X87_MW)            \
	X(fld1, H, 0) X(fldl2t, H, 0) X(fldl2e, H, 0) X(fldpi, H, 0) X(fldlg2, H, 0)               \
	X(fldln2, H, 0) X(fldz, H, 0)                                                              \
	X(fcmovb, H, 0) X(fcmove, H, 0) X(fcmovbe, H, 0) X(fcmovu, H, 0) X(fcmovnb, H, 0)          \
	X(fcmovne, H, 0) X(fcmovnbe, H, 0) X(fcmovnu, H, 0)                                        \
	X(fxch, H, 0) X(ffree, H, 0) X(ffreep, H, 0) X(fincstp, H, 0) X(fdecstp, H, 0)             \
	X(fnop, H, 0)                                                                              \
	/* control */                                                                              \
	X(fninit, C, X87_NOWAIT) X(fnclex, C, X87_NOWAIT) X(fldcw, C, X87_RD16)                    \
	X(fnstcw, C, X87_NOWAIT | X87_WR16) X(fnstsw, C, X87_NOWAIT | X87_WR16)                    \
	X(fnstenv, C, X87_NOWAIT) X(fldenv, C, 0) X(fnsave, C, X87_NOWAIT) X(frstor, C, 0)         \
	X(wait, C, X87_NOWAIT)
/* clang-format on */

enum {
	X87_MW = 1u << 0,
	X87_EFL = 1u << 1,
	X87_NOWAIT = 1u << 2,
	X87_RD16 = 1u << 3,
	X87_WR16 = 1u << 4,
};

struct x86_cpu;

/* What a C entry gets: a is the memory operand's address (fldcw: its value), imm the helper's
 * word; returns the X87_WR16 value, or 0; a fault is recorded with vcpu_raise or the MMU. */
struct x87_op {
	uint64_t (*fn)(struct x86_cpu *x, uint64_t a, uint64_t imm);
	unsigned flags;
	bool host;
};

/* Indexed by enum x86_op; neither fn nor host for mnemonics not in X86_X87_OPS. */
extern const struct x87_op x86_x87_ops[];

/* The fnsave image in the 32-bit protected-mode format (what 64-bit mode uses). */
struct x87_image {
	uint32_t cw, sw, tw, fip, fop_cs, fdp, fds;
	uint8_t st[8][10];
} __attribute__((packed));

/* x87_ops.c: run the instruction of FOP fop (mem: its memory operand at [rdi]) on the host's
 * x87 loaded from img, RFLAGS' arithmetic flags from *rflags; img and *rflags get the state
 * after it. The host's own x87 state (its control word) is kept. */
void x87_host_run(struct x87_image *img, unsigned fop, void *mem, uint64_t *rflags);

#endif
