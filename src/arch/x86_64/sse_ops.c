/*
 * sse_ops.c - the SSE operations of sse_ops.h: each runs the host's own instruction on the
 * guest's operand values, so results and MXCSR flags are the hardware's, bit for bit.
 *
 * SSE_RUN saves the host's MXCSR, loads the guest's (exceptions masked, flags clear: the
 * helper decides about unmasked exceptions from the flags that come back), runs the
 * instruction, stores the flags and restores the host's, all in one asm statement so no
 * compiled code runs with the guest's rounding. An immediate operand cannot be a run-time
 * value in asm: where its meaning is data movement it is done in C; where it selects an
 * arithmetic (cmp's predicate, round's mode, dpps's masks, the string compares' control),
 * a switch has one case per value that matters (SSE_CASES*).
 *
 * The host must have SSE4.2 (x86_sse_host_ok); the guest sees SSE only then.
 */
#include <stdbool.h>
#include <string.h>
#include "arch/x86_64/sse_ops.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/x86_decode.h"

#define SSE_RUN(text, ...)                                                                         \
	do {                                                                                       \
		uint32_t host_;                                                                    \
		__asm__ volatile("stmxcsr %[h_]\n\tldmxcsr %[g_]\n\t" text                         \
				 "\n\tstmxcsr %[g_]\n\tldmxcsr %[h_]"                              \
				 : [h_] "=m"(host_), [g_] "+m"(x->mxcsr), __VA_ARGS__);            \
	} while (0)

/* One switch case per immediate value: C(arg, n) for n in [base, base + count). */
#define SSE_CASES2(C, a, n)   C(a, n) C(a, (n) + 1)
#define SSE_CASES4(C, a, n)   SSE_CASES2(C, a, n) SSE_CASES2(C, a, (n) + 2)
#define SSE_CASES8(C, a, n)   SSE_CASES4(C, a, n) SSE_CASES4(C, a, (n) + 4)
#define SSE_CASES16(C, a, n)  SSE_CASES8(C, a, n) SSE_CASES8(C, a, (n) + 8)
#define SSE_CASES32(C, a, n)  SSE_CASES16(C, a, n) SSE_CASES16(C, a, (n) + 16)
#define SSE_CASES64(C, a, n)  SSE_CASES32(C, a, n) SSE_CASES32(C, a, (n) + 32)
#define SSE_CASES128(C, a, n) SSE_CASES64(C, a, n) SSE_CASES64(C, a, (n) + 64)
#define SSE_CASES256(C, a, n) SSE_CASES128(C, a, n) SSE_CASES128(C, a, (n) + 128)

/* "insn $imm, %src, %dst" for one immediate value. */
#define SSE_CASE_XXI(insn, n)                                                                      \
	case (n):                                                                                  \
		SSE_RUN(insn " %[i], %[s], %[d]", [d] "+x"(x->d.v) : [s] "x"(x->s.v), [i] "i"(n)); \
		break;

#define SSE_DECL(name, kind, flags) static void sse_##name(struct x86_sse_args *x);
X86_SSE_OPS(SSE_DECL)
#undef SSE_DECL

#define SSE_GEN_A2(name)                                                                           \
	static void sse_##name(struct x86_sse_args *x)                                             \
	{                                                                                          \
		SSE_RUN(#name " %[s], %[d]", [d] "+x"(x->d.v) : [s] "x"(x->s.v));                  \
	}
#define SSE_GEN_AV(name)                                                                           \
	static void sse_##name(struct x86_sse_args *x)                                             \
	{                                                                                          \
		SSE_RUN(#name " %[z], %[s], %[d]", [d] "+x"(x->d.v)                                \
			: [s] "x"(x->s.v), [z] "Yz"(x->x0.v));                                     \
	}
#define SSE_GEN_C(name)		   /* written below */
#define SSE_GEN(name, kind, flags) SSE_GEN_##kind(name)
X86_SSE_OPS(SSE_GEN)
#undef SSE_GEN

const struct x86_sse_op x86_sse_ops[X86_OP_COUNT] = {
#define SSE_ENTRY(name, kind, fl) [X86_OP_##name] = {.fn = sse_##name, .flags = (fl)},
    X86_SSE_OPS(SSE_ENTRY)
#undef SSE_ENTRY
};

/* Compares: the predicate is imm bits 0-2 (bits 3-7 need VEX). */
#define SSE_CMP(name)                                                                              \
	static void sse_##name(struct x86_sse_args *x)                                             \
	{                                                                                          \
		switch (x->imm & 7) {                                                              \
			SSE_CASES8(SSE_CASE_XXI, #name, 0)                                         \
		}                                                                                  \
	}
SSE_CMP(cmpps)
SSE_CMP(cmppd)
SSE_CMP(cmpss)
SSE_CMP(cmpsd)

/* round*: imm bits 0-3 (rounding mode, MXCSR.RC instead, no precision exception). */
#define SSE_ROUND(name)                                                                            \
	static void sse_##name(struct x86_sse_args *x)                                             \
	{                                                                                          \
		switch (x->imm & 15) {                                                             \
			SSE_CASES16(SSE_CASE_XXI, #name, 0)                                        \
		}                                                                                  \
	}
SSE_ROUND(roundps)
SSE_ROUND(roundpd)
SSE_ROUND(roundss)
SSE_ROUND(roundsd)

/* Dot products and mpsadbw: every imm bit may matter. */
#define SSE_IMM256(name)                                                                           \
	static void sse_##name(struct x86_sse_args *x)                                             \
	{                                                                                          \
		switch (x->imm) {                                                                  \
			SSE_CASES256(SSE_CASE_XXI, #name, 0)                                       \
		}                                                                                  \
	}
SSE_IMM256(dpps)
SSE_IMM256(dppd)

static void sse_mpsadbw(struct x86_sse_args *x)
{
	switch (x->imm & 7) {
		SSE_CASES8(SSE_CASE_XXI, "mpsadbw", 0)
	}
}

/* (u)comis*: ZF PF CF from the compare, OF SF AF cleared. */
#define SSE_COMI(name)                                                                             \
	static void sse_##name(struct x86_sse_args *x)                                             \
	{                                                                                          \
		bool z, p, c;                                                                      \
                                                                                                   \
		SSE_RUN(#name " %[s], %[d]", "=@ccz"(z), "=@ccp"(p), "=@ccc"(c)                    \
			: [d] "x"(x->d.v), [s] "x"(x->s.v));                                       \
		x->eflags = (z ? X86_ZF : 0) | (p ? X86_PF : 0) | (c ? X86_CF : 0);                \
	}
SSE_COMI(comiss)
SSE_COMI(comisd)
SSE_COMI(ucomiss)
SSE_COMI(ucomisd)

static void sse_ptest(struct x86_sse_args *x)
{
	bool z, c;

	SSE_RUN("ptest %[s], %[d]", "=@ccz"(z), "=@ccc"(c) : [d] "x"(x->d.v), [s] "x"(x->s.v));
	x->eflags = (z ? X86_ZF : 0) | (c ? X86_CF : 0);
}

/* Integer -> scalar float: a 32- or 64-bit source. */
#define SSE_CVTSI(name)                                                                            \
	static void sse_##name(struct x86_sse_args *x)                                             \
	{                                                                                          \
		if (x->wide)                                                                       \
			SSE_RUN(#name "q %[g], %[d]", [d] "+x"(x->d.v) : [g] "r"(x->g));           \
		else                                                                               \
			SSE_RUN(#name "l %k[g], %[d]", [d] "+x"(x->d.v) : [g] "r"(x->g));          \
	}
SSE_CVTSI(cvtsi2ss)
SSE_CVTSI(cvtsi2sd)

/* Scalar float -> integer: a 32- or 64-bit result. */
#define SSE_CVT2SI(name)                                                                           \
	static void sse_##name(struct x86_sse_args *x)                                             \
	{                                                                                          \
		uint64_t g = 0;                                                                    \
                                                                                                   \
		if (x->wide)                                                                       \
			SSE_RUN(#name " %[s], %q[g]", [g] "+r"(g) : [s] "x"(x->s.v));              \
		else                                                                               \
			SSE_RUN(#name " %[s], %k[g]", [g] "+r"(g) : [s] "x"(x->s.v));              \
		x->g = x->wide ? g : (uint32_t)g;                                                  \
	}
SSE_CVT2SI(cvtss2si)
SSE_CVT2SI(cvttss2si)
SSE_CVT2SI(cvtsd2si)
SSE_CVT2SI(cvttsd2si)

static void sse_movmskps(struct x86_sse_args *x)
{
	x->g = (x->s.d[0] >> 31) | (x->s.d[1] >> 31) << 1 | (x->s.d[2] >> 31) << 2 |
	       (x->s.d[3] >> 31) << 3;
}

static void sse_movmskpd(struct x86_sse_args *x)
{
	x->g = (x->s.q[0] >> 63) | (x->s.q[1] >> 63) << 1;
}

static void sse_pmovmskb(struct x86_sse_args *x)
{
	x->g = 0;
	for (unsigned i = 0; i < 16; i++)
		x->g |= (uint64_t)(x->s.b[i] >> 7) << i;
}

/* String compares: imm bits 0-6 (bit 7 is reserved); explicit lengths in eax/edx (a 64-bit
 * length is clamped: the instruction saturates its magnitude to the element count). */
static int32_t sse_len(uint64_t v, bool wide)
{
	int64_t l = wide ? (int64_t)v : (int32_t)v;

	return l > 16 ? 16 : l < -16 ? -16 : (int32_t)l;
}

#define SSE_CASE_STRI(insn, n)                                                                     \
	case (n):                                                                                  \
		SSE_RUN(insn " %[i], %[s], %[d]", "=c"(idx), "=@ccc"(c), "=@ccz"(z), "=@ccs"(s),   \
			"=@cco"(o)                                                                 \
			: [d] "x"(x->d.v), [s] "x"(x->s.v), [i] "i"(n), "a"(la), "d"(ld));         \
		break;
#define SSE_CASE_STRM(insn, n)                                                                     \
	case (n):                                                                                  \
		SSE_RUN(insn " %[i], %[s], %[d]", "=Yz"(m), "=@ccc"(c), "=@ccz"(z), "=@ccs"(s),    \
			"=@cco"(o)                                                                 \
			: [d] "x"(x->d.v), [s] "x"(x->s.v), [i] "i"(n), "a"(la), "d"(ld));         \
		break;

static uint32_t sse_str_flags(bool c, bool z, bool s, bool o)
{
	return (c ? X86_CF : 0) | (z ? X86_ZF : 0) | (s ? X86_SF : 0) | (o ? X86_OF : 0);
}

#define SSE_STRI(name)                                                                             \
	static void sse_##name(struct x86_sse_args *x)                                             \
	{                                                                                          \
		int32_t la = sse_len(x->rax, x->wide), ld = sse_len(x->rdx, x->wide);              \
		uint32_t idx = 0;                                                                  \
		bool c = false, z = false, s = false, o = false;                                   \
                                                                                                   \
		(void)la, (void)ld;                                                                \
		switch (x->imm & 0x7f) {                                                           \
			SSE_CASES128(SSE_CASE_STRI, #name, 0)                                      \
		}                                                                                  \
		x->g = idx;                                                                        \
		x->eflags = sse_str_flags(c, z, s, o);                                             \
	}
#define SSE_STRM(name)                                                                             \
	static void sse_##name(struct x86_sse_args *x)                                             \
	{                                                                                          \
		int32_t la = sse_len(x->rax, x->wide), ld = sse_len(x->rdx, x->wide);              \
		x86_sse_vec m = {0, 0};                                                            \
		bool c = false, z = false, s = false, o = false;                                   \
                                                                                                   \
		(void)la, (void)ld;                                                                \
		switch (x->imm & 0x7f) {                                                           \
			SSE_CASES128(SSE_CASE_STRM, #name, 0)                                      \
		}                                                                                  \
		x->d.v = m;                                                                        \
		x->eflags = sse_str_flags(c, z, s, o);                                             \
	}
SSE_STRI(pcmpestri)
SSE_STRI(pcmpistri)
SSE_STRM(pcmpestrm)
SSE_STRM(pcmpistrm)

/* Data movement selected by the immediate: plain C. */
static void sse_shufps(struct x86_sse_args *x)
{
	union x86_xmm r;

	r.d[0] = x->d.d[x->imm & 3];
	r.d[1] = x->d.d[x->imm >> 2 & 3];
	r.d[2] = x->s.d[x->imm >> 4 & 3];
	r.d[3] = x->s.d[x->imm >> 6 & 3];
	x->d = r;
}

static void sse_shufpd(struct x86_sse_args *x)
{
	union x86_xmm r;

	r.q[0] = x->d.q[x->imm & 1];
	r.q[1] = x->s.q[x->imm >> 1 & 1];
	x->d = r;
}

static void sse_pshufd(struct x86_sse_args *x)
{
	for (unsigned i = 0; i < 4; i++)
		x->d.d[i] = x->s.d[x->imm >> (2 * i) & 3];
}

static void sse_pshufhw(struct x86_sse_args *x)
{
	x->d.q[0] = x->s.q[0];
	for (unsigned i = 0; i < 4; i++)
		x->d.w[4 + i] = x->s.w[4 + (x->imm >> (2 * i) & 3)];
}

static void sse_pshuflw(struct x86_sse_args *x)
{
	x->d.q[1] = x->s.q[1];
	for (unsigned i = 0; i < 4; i++)
		x->d.w[i] = x->s.w[x->imm >> (2 * i) & 3];
}

/* psrldq/pslldq: the source is the destination register (the immediate is the count). */
static void sse_psrldq(struct x86_sse_args *x)
{
	union x86_xmm r = {.q = {0, 0}};

	if (x->imm < 16)
		memcpy(r.b, x->d.b + x->imm, 16u - x->imm);
	x->d = r;
}

static void sse_pslldq(struct x86_sse_args *x)
{
	union x86_xmm r = {.q = {0, 0}};

	if (x->imm < 16)
		memcpy(r.b + x->imm, x->d.b, 16u - x->imm);
	x->d = r;
}

/* palignr: bytes imm.. of the 32-byte dst:src, zero beyond. */
static void sse_palignr(struct x86_sse_args *x)
{
	uint8_t cat[48] = {0};

	memcpy(cat, x->s.b, 16);
	memcpy(cat + 16, x->d.b, 16);
	memcpy(x->d.b, cat + (x->imm < 32 ? x->imm : 32), 16);
}

static void sse_blendps(struct x86_sse_args *x)
{
	for (unsigned i = 0; i < 4; i++)
		if (x->imm >> i & 1)
			x->d.d[i] = x->s.d[i];
}

static void sse_blendpd(struct x86_sse_args *x)
{
	for (unsigned i = 0; i < 2; i++)
		if (x->imm >> i & 1)
			x->d.q[i] = x->s.q[i];
}

static void sse_pblendw(struct x86_sse_args *x)
{
	for (unsigned i = 0; i < 8; i++)
		if (x->imm >> i & 1)
			x->d.w[i] = x->s.w[i];
}

/* insertps: a register source gives element imm[7:6], memory its dword; imm[3:0] zero. */
static void sse_insertps(struct x86_sse_args *x)
{
	x->d.d[x->imm >> 4 & 3] = x->s.d[x->mem ? 0 : x->imm >> 6 & 3];
	for (unsigned i = 0; i < 4; i++)
		if (x->imm >> i & 1)
			x->d.d[i] = 0;
}

/* Element extracts (to a GPR or memory) and inserts (from a GPR or memory). */
static void sse_extractps(struct x86_sse_args *x)
{
	x->g = x->s.d[x->imm & 3];
}

static void sse_pextrb(struct x86_sse_args *x)
{
	x->g = x->s.b[x->imm & 15];
}

static void sse_pextrw(struct x86_sse_args *x)
{
	x->g = x->s.w[x->imm & 7];
}

static void sse_pextrd(struct x86_sse_args *x)
{
	x->g = x->s.d[x->imm & 3];
}

static void sse_pextrq(struct x86_sse_args *x)
{
	x->g = x->s.q[x->imm & 1];
}

static void sse_pinsrb(struct x86_sse_args *x)
{
	x->d.b[x->imm & 15] = (uint8_t)x->g;
}

static void sse_pinsrw(struct x86_sse_args *x)
{
	x->d.w[x->imm & 7] = (uint16_t)x->g;
}

static void sse_pinsrd(struct x86_sse_args *x)
{
	x->d.d[x->imm & 3] = (uint32_t)x->g;
}

static void sse_pinsrq(struct x86_sse_args *x)
{
	x->d.q[x->imm & 1] = x->g;
}
