/*
 * sse_ops.h - the SSE operations that run in the helper (x86_helper_sse), as one table: every
 * SSE to SSE4.2 instruction that is not a plain move or a bitwise operation (sse.c emits those
 * as IR), with how the helper calls it.
 *
 * X(mnemonic, kind, flags):
 *   kind A2  the host's own instruction of that name, "op %src, %dst", run on the operand
 *            values with the guest's MXCSR loaded (sse_ops.c generates the function)
 *        AV  the same with xmm0 as the implicit third operand (blendv*)
 *        C   a function written by hand in sse_ops.c (an immediate operand, a GPR, flags)
 *   flags    SSE_FP (may raise SIMD floating-point exceptions), SSE_UNAL (a 16-byte memory
 *            operand need not be aligned), SSE_GIN (the source is an integer: a GPR or memory),
 *            SSE_GOUT (the result is an integer for a GPR or memory, no XMM is written),
 *            SSE_EFL (sets CF PF AF ZF SF OF), SSE_NOWR (writes no XMM), SSE_X0 (the XMM
 *            result goes to xmm0)
 *
 * A memory source is loaded (its size from the decoder) into the low bytes of the source
 * operand, the rest zero, and the register form runs: for every instruction listed here that
 * is what the memory form computes. Operations are identified by their mnemonic (enum x86_op).
 */
#ifndef FVP_ARCH_X86_64_SSE_OPS_H
#define FVP_ARCH_X86_64_SSE_OPS_H

#include <stdbool.h>
#include <stdint.h>

/* The helper's imm word (x86_helper_sse): operation (enum x86_op), destination and source XMM,
 * size of a memory source (0: a register; a is then its address, or the integer source of
 * SSE_GIN), the immediate, REX.W, and SSE_SRC_IMM for a shift count in the immediate. */
#define SSE_PACK(op, dst, src, msize, imm8)                                                        \
	((uint64_t)(op) | (uint64_t)(dst) << 10 | (uint64_t)(src) << 14 |                          \
	 (uint64_t)(msize) << 18 | (uint64_t)((imm8)&0xff) << 24)
#define SSE_OP(w)    ((unsigned)(w)&0x3ffu)
#define SSE_DST(w)   ((unsigned)((w) >> 10) & 15u)
#define SSE_SRC(w)   ((unsigned)((w) >> 14) & 15u)
#define SSE_MSIZE(w) ((unsigned)((w) >> 18) & 31u)
#define SSE_IMM8(w)  ((unsigned)((w) >> 24) & 0xffu)
#define SSE_WIDE     (1ull << 32)
#define SSE_SRC_IMM  (1ull << 33)

/* clang-format off */
#define X86_SSE_OPS(X)                                                                             \
	/* SSE/SSE2 arithmetic */                                                                  \
	X(addps, A2, SSE_FP) X(addpd, A2, SSE_FP) X(addss, A2, SSE_FP) X(addsd, A2, SSE_FP)        \
	X(subps, A2, SSE_FP) X(subpd, A2, SSE_FP) X(subss, A2, SSE_FP) X(subsd, A2, SSE_FP)        \
	X(mulps, A2, SSE_FP) X(mulpd, A2, SSE_FP) X(mulss, A2, SSE_FP) X(mulsd, A2, SSE_FP)        \
	X(divps, A2, SSE_FP) X(divpd, A2, SSE_FP) X(divss, A2, SSE_FP) X(divsd, A2, SSE_FP)        \
	X(minps, A2, SSE_FP) X(minpd, A2, SSE_FP) X(minss, A2, SSE_FP) X(minsd, A2, SSE_FP)        \
	X(maxps, A2, SSE_FP) X(maxpd, A2, SSE_FP) X(maxss, A2, SSE_FP) X(maxsd, A2, SSE_FP)        \
	X(sqrtps, A2, SSE_FP) X(sqrtpd, A2, SSE_FP) X(sqrtss, A2, SSE_FP) X(sqrtsd, A2, SSE_FP)    \
	X(rsqrtps, A2, 0) X(rsqrtss, A2, 0) X(rcpps, A2, 0) X(rcpss, A2, 0)                        \
	X(cmpps, C, SSE_FP) X(cmppd, C, SSE_FP) X(cmpss, C, SSE_FP) X(cmpsd, C, SSE_FP)            \
	X(comiss, C, SSE_FP | SSE_EFL | SSE_NOWR) X(comisd, C, SSE_FP | SSE_EFL | SSE_NOWR)        \
	X(ucomiss, C, SSE_FP | SSE_EFL | SSE_NOWR) X(ucomisd, C, SSE_FP | SSE_EFL | SSE_NOWR)      \
	/* conversions */                                                                          \
	X(cvtps2pd, A2, SSE_FP) X(cvtpd2ps, A2, SSE_FP) X(cvtss2sd, A2, SSE_FP)                    \
	X(cvtsd2ss, A2, SSE_FP) X(cvtdq2ps, A2, SSE_FP) X(cvtps2dq, A2, SSE_FP)                    \
	X(cvttps2dq, A2, SSE_FP) X(cvttpd2dq, A2, SSE_FP) X(cvtdq2pd, A2, SSE_FP)                  \
	X(cvtpd2dq, A2, SSE_FP)                                                                    \
	X(cvtsi2ss, C, SSE_FP | SSE_GIN) X(cvtsi2sd, C, SSE_FP | SSE_GIN)                          \
	X(cvtss2si, C, SSE_FP | SSE_GOUT) X(cvttss2si, C, SSE_FP | SSE_GOUT)                       \
	X(cvtsd2si, C, SSE_FP | SSE_GOUT) X(cvttsd2si, C, SSE_FP | SSE_GOUT)                       \
	/* shuffles, unpacks, masks */                                                             \
	X(unpcklps, A2, 0) X(unpcklpd, A2, 0) X(unpckhps, A2, 0) X(unpckhpd, A2, 0)                \
	X(shufps, C, 0) X(shufpd, C, 0) X(pshufd, C, 0) X(pshufhw, C, 0) X(pshuflw, C, 0)          \
	X(movmskps, C, SSE_GOUT) X(movmskpd, C, SSE_GOUT) X(pmovmskb, C, SSE_GOUT)                 \
	X(pextrw, C, SSE_GOUT) X(pinsrw, C, SSE_GIN)                                               \
	/* SSE2 integer */                                                                         \
	X(punpcklbw, A2, 0) X(punpcklwd, A2, 0) X(punpckldq, A2, 0) X(punpcklqdq, A2, 0)           \
	X(punpckhbw, A2, 0) X(punpckhwd, A2, 0) X(punpckhdq, A2, 0) X(punpckhqdq, A2, 0)           \
	X(packsswb, A2, 0) X(packuswb, A2, 0) X(packssdw, A2, 0)                                   \
	X(pcmpgtb, A2, 0) X(pcmpgtw, A2, 0) X(pcmpgtd, A2, 0)                                      \
	X(pcmpeqb, A2, 0) X(pcmpeqw, A2, 0) X(pcmpeqd, A2, 0)                                      \
	X(paddb, A2, 0) X(paddw, A2, 0) X(paddd, A2, 0) X(paddq, A2, 0)                            \
	X(psubb, A2, 0) X(psubw, A2, 0) X(psubd, A2, 0) X(psubq, A2, 0)                            \
	X(paddsb, A2, 0) X(paddsw, A2, 0) X(paddusb, A2, 0) X(paddusw, A2, 0)                      \
	X(psubsb, A2, 0) X(psubsw, A2, 0) X(psubusb, A2, 0) X(psubusw, A2, 0)                      \
	X(pmullw, A2, 0) X(pmulhw, A2, 0) X(pmulhuw, A2, 0) X(pmuludq, A2, 0)                      \
	X(pmaddwd, A2, 0) X(psadbw, A2, 0) X(pavgb, A2, 0) X(pavgw, A2, 0)                         \
	X(pminub, A2, 0) X(pmaxub, A2, 0) X(pminsw, A2, 0) X(pmaxsw, A2, 0)                        \
	X(psrlw, A2, 0) X(psrld, A2, 0) X(psrlq, A2, 0) X(psraw, A2, 0) X(psrad, A2, 0)            \
	X(psllw, A2, 0) X(pslld, A2, 0) X(psllq, A2, 0) X(psrldq, C, 0) X(pslldq, C, 0)            \
	/* SSE3 */                                                                                 \
	X(haddps, A2, SSE_FP) X(haddpd, A2, SSE_FP) X(hsubps, A2, SSE_FP) X(hsubpd, A2, SSE_FP)    \
	X(addsubps, A2, SSE_FP) X(addsubpd, A2, SSE_FP)                                            \
	X(movsldup, A2, 0) X(movshdup, A2, 0) X(movddup, A2, 0)                                    \
	/* SSSE3 */                                                                                \
	X(pshufb, A2, 0) X(phaddw, A2, 0) X(phaddd, A2, 0) X(phaddsw, A2, 0) X(phsubw, A2, 0)      \
	X(phsubd, A2, 0) X(phsubsw, A2, 0) X(pmaddubsw, A2, 0) X(psignb, A2, 0)                    \
	X(psignw, A2, 0) X(psignd, A2, 0) X(pmulhrsw, A2, 0) X(pabsb, A2, 0) X(pabsw, A2, 0)       \
	X(pabsd, A2, 0) X(palignr, C, 0)                                                           \
	/* SSE4.1 */                                                                               \
	X(pblendvb, AV, 0) X(blendvps, AV, 0) X(blendvpd, AV, 0)                                   \
	X(blendps, C, 0) X(blendpd, C, 0) X(pblendw, C, 0)                                         \
	X(ptest, C, SSE_EFL | SSE_NOWR)                                                            \
	X(pmovsxbw, A2, 0) X(pmovsxbd, A2, 0) X(pmovsxbq, A2, 0) X(pmovsxwd, A2, 0)                \
	X(pmovsxwq, A2, 0) X(pmovsxdq, A2, 0) X(pmovzxbw, A2, 0) X(pmovzxbd, A2, 0)                \
	X(pmovzxbq, A2, 0) X(pmovzxwd, A2, 0) X(pmovzxwq, A2, 0) X(pmovzxdq, A2, 0)                \
	X(pmuldq, A2, 0) X(pmulld, A2, 0) X(pcmpeqq, A2, 0) X(packusdw, A2, 0)                     \
	X(pminsb, A2, 0) X(pminsd, A2, 0) X(pminuw, A2, 0) X(pminud, A2, 0)                        \
	X(pmaxsb, A2, 0) X(pmaxsd, A2, 0) X(pmaxuw, A2, 0) X(pmaxud, A2, 0)                        \
	X(phminposuw, A2, 0)                                                                       \
	X(roundps, C, SSE_FP) X(roundpd, C, SSE_FP) X(roundss, C, SSE_FP) X(roundsd, C, SSE_FP)    \
	X(dpps, C, SSE_FP) X(dppd, C, SSE_FP) X(mpsadbw, C, 0) X(insertps, C, 0)                   \
	X(extractps, C, SSE_GOUT) X(pextrb, C, SSE_GOUT) X(pextrd, C, SSE_GOUT)                    \
	X(pextrq, C, SSE_GOUT) X(pinsrb, C, SSE_GIN) X(pinsrd, C, SSE_GIN) X(pinsrq, C, SSE_GIN)   \
	/* SSE4.2 */                                                                               \
	X(pcmpgtq, A2, 0)                                                                          \
	X(pcmpestri, C, SSE_UNAL | SSE_GOUT | SSE_EFL) X(pcmpistri, C, SSE_UNAL | SSE_GOUT | SSE_EFL) \
	X(pcmpestrm, C, SSE_UNAL | SSE_X0 | SSE_EFL) X(pcmpistrm, C, SSE_UNAL | SSE_X0 | SSE_EFL)
/* clang-format on */

enum {
	SSE_FP = 1u << 0,
	SSE_UNAL = 1u << 1,
	SSE_GIN = 1u << 2,
	SSE_GOUT = 1u << 3,
	SSE_EFL = 1u << 4,
	SSE_NOWR = 1u << 5,
	SSE_X0 = 1u << 6,
};

/* An XMM value. */
typedef long long x86_sse_vec __attribute__((vector_size(16)));
union x86_xmm {
	x86_sse_vec v;
	uint64_t q[2];
	uint32_t d[4];
	uint16_t w[8];
	uint8_t b[16];
};

/* What an operation gets and gives. */
struct x86_sse_args {
	union x86_xmm d, s, x0; /* destination (in and out), source, xmm0 */
	uint64_t g;		/* SSE_GIN: the integer source; SSE_GOUT: the result */
	uint64_t rax, rdx;	/* pcmpestr*'s lengths */
	uint32_t mxcsr;		/* the guest's MXCSR, flags clear, exceptions masked; flags out */
	uint32_t eflags;	/* SSE_EFL: the arithmetic flags (RFLAGS bits) */
	uint8_t imm;		/* the immediate operand */
	bool wide;		/* REX.W: 64-bit GPR operand */
	bool mem;		/* the source came from memory */
};

struct x86_sse_op {
	void (*fn)(struct x86_sse_args *x);
	unsigned flags;
};

/* Indexed by enum x86_op; fn is NULL for mnemonics not in X86_SSE_OPS. */
extern const struct x86_sse_op x86_sse_ops[];

#endif
