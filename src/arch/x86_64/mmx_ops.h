/*
 * mmx_ops.h - the MMX operations (0F forms without a 66 prefix on mm registers), as one
 * table, and the helper's word that says where each operand is.
 *
 * X(mnemonic, kind):
 *   kind A2  the host's own MMX instruction of that name, "op %mm1, %mm0", on the operand
 *            values (mmx_ops.c generates the function; emms after it)
 *        C   a function written by hand in mmx_ops.c (an immediate, a GPR or XMM operand)
 *        S   a conversion between MMX and SSE registers: the host's instruction with the
 *            guest's MXCSR (cvtpi2ps with a memory source is no MMX instruction: no x87
 *            state change; cvtpd2pi's 16-byte memory source must be aligned)
 *
 * The translator resolves the operands (x87.c): the source is an mm or XMM register, memory
 * (its size from the decoder), a GPR value or the immediate (shifts by an immediate run the
 * shift-by-register instruction); the result goes to an mm or XMM register, or out (a GPR, or
 * memory the helper stores). Every operation with an mm operand puts the x87 unit in MMX mode
 * (TOP 0, all tags valid) and checks for a pending x87 exception first; emms empties the tags.
 */
#ifndef FVP_ARCH_X86_64_MMX_OPS_H
#define FVP_ARCH_X86_64_MMX_OPS_H

#include <stdbool.h>
#include <stdint.h>

/* The helper's imm word: SSE_PACK's fields (sse_ops.h: operation, destination and source
 * register, memory size, immediate) and where the operands are. */
#define MMX_S_MM  (1ull << 34) /* source: mm<src> */
#define MMX_S_XMM (1ull << 35) /* source: the low half of xmm<src> */
#define MMX_S_GPR (1ull << 36) /* source: a (a GPR's value) */
#define MMX_S_IMM (1ull << 37) /* source: the immediate */
#define MMX_D_MM  (1ull << 38) /* result to mm<dst> */
#define MMX_D_XMM (1ull << 39) /* result to xmm<dst> (both halves: d[1] comes from it) */
/* Neither D bit: the result goes out, to memory at a (memory size set) or returned. */

/* clang-format off */
#define X86_MMX_OPS(X)                                                                             \
	X(punpcklbw, A2) X(punpcklwd, A2) X(punpckldq, A2) X(punpckhbw, A2) X(punpckhwd, A2)       \
	X(punpckhdq, A2) X(packsswb, A2) X(packuswb, A2) X(packssdw, A2)                           \
	X(pcmpgtb, A2) X(pcmpgtw, A2) X(pcmpgtd, A2) X(pcmpeqb, A2) X(pcmpeqw, A2) X(pcmpeqd, A2)  \
	X(paddb, A2) X(paddw, A2) X(paddd, A2) X(paddq, A2) X(psubb, A2) X(psubw, A2)              \
	X(psubd, A2) X(psubq, A2) X(paddsb, A2) X(paddsw, A2) X(paddusb, A2) X(paddusw, A2)        \
	X(psubsb, A2) X(psubsw, A2) X(psubusb, A2) X(psubusw, A2)                                  \
	X(pmullw, A2) X(pmulhw, A2) X(pmulhuw, A2) X(pmuludq, A2) X(pmaddwd, A2) X(psadbw, A2)     \
	X(pavgb, A2) X(pavgw, A2) X(pminub, A2) X(pmaxub, A2) X(pminsw, A2) X(pmaxsw, A2)          \
	X(psrlw, A2) X(psrld, A2) X(psrlq, A2) X(psraw, A2) X(psrad, A2) X(psllw, A2)              \
	X(pslld, A2) X(psllq, A2) X(pand, A2) X(pandn, A2) X(por, A2) X(pxor, A2)                  \
	/* SSSE3 */                                                                                \
	X(pshufb, A2) X(phaddw, A2) X(phaddd, A2) X(phaddsw, A2) X(phsubw, A2) X(phsubd, A2)       \
	X(phsubsw, A2) X(pmaddubsw, A2) X(psignb, A2) X(psignw, A2) X(psignd, A2)                  \
	X(pmulhrsw, A2) X(pabsb, A2) X(pabsw, A2) X(pabsd, A2)                                     \
	/* moves, shuffles, element access */                                                      \
	X(movd, C) X(movq, C) X(movntq, C) X(movq2dq, C) X(movdq2q, C) X(pshufw, C)                \
	X(pinsrw, C) X(pextrw, C) X(pmovmskb, C) X(maskmovq, C) X(emms, C)                         \
	/* conversions between MMX and SSE registers (SSE instructions: MXCSR) */                  \
	X(cvtpi2ps, S) X(cvtpi2pd, S) X(cvtps2pi, S) X(cvttps2pi, S) X(cvtpd2pi, S)                \
	X(cvttpd2pi, S)
/* clang-format on */

struct x86_mmx_args {
	uint64_t d[2], s[2]; /* destination (in and out), source; [1]: an XMM's upper half */
	uint32_t mxcsr;	     /* S: the guest's MXCSR, flags clear, exceptions masked; flags out */
	uint8_t imm;
};

struct x86_mmx_op {
	void (*fn)(struct x86_mmx_args *x);
	bool sse; /* kind S: an SSE instruction (CR4.OSFXSR, MXCSR, #XM) */
};

/* Indexed by enum x86_op; fn is NULL for mnemonics not in X86_MMX_OPS. maskmovq and emms are
 * the helper's own (they store bytes, or only change the tags): their functions do nothing. */
extern const struct x86_mmx_op x86_mmx_ops[];

#endif
