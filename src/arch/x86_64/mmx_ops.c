/*
 * mmx_ops.c - the MMX operations of mmx_ops.h: the host's own instruction on the guest's
 * values (mm0 the destination, mm1 the source, then emms so the host's x87 is empty again, as
 * the ABI wants it between functions), and the data movement in C.
 */
#include "arch/x86_64/mmx_ops.h"
#include "arch/x86_64/x86_decode.h"

#define MMX_DECL(name, kind) static void mmx_##name(struct x86_mmx_args *x);
X86_MMX_OPS(MMX_DECL)
#undef MMX_DECL

#define MMX_GEN_A2(name)                                                                           \
	static void mmx_##name(struct x86_mmx_args *x)                                             \
	{                                                                                          \
		__asm__ volatile("movq %[d], %%mm0\n\tmovq %[s], %%mm1\n\t" #name                  \
				 " %%mm1, %%mm0\n\tmovq %%mm0, %[d]\n\temms"                       \
				 : [d] "+m"(x->d[0])                                               \
				 : [s] "m"(x->s[0])                                                \
				 : "mm0", "mm1");                                                  \
	}
#define MMX_GEN_C(name)	    /* written below */
#define MMX_GEN_S(name)	    /* written below */
#define MMX_GEN(name, kind) MMX_GEN_##kind(name)
X86_MMX_OPS(MMX_GEN)
#undef MMX_GEN

#define MMX_SSE_A2 false
#define MMX_SSE_C  false
#define MMX_SSE_S  true
const struct x86_mmx_op x86_mmx_ops[X86_OP_COUNT] = {
#define MMX_ENTRY(name, kind) [X86_OP_##name] = {.fn = mmx_##name, .sse = MMX_SSE_##kind},
    X86_MMX_OPS(MMX_ENTRY)
#undef MMX_ENTRY
};

static uint16_t word(uint64_t v, unsigned i)
{
	return (uint16_t)(v >> (16 * (i & 3)));
}

static void mmx_movd(struct x86_mmx_args *x)
{
	x->d[0] = (uint32_t)x->s[0];
}

static void mmx_movq(struct x86_mmx_args *x)
{
	x->d[0] = x->s[0];
}

static void mmx_movntq(struct x86_mmx_args *x)
{
	x->d[0] = x->s[0];
}

static void mmx_movq2dq(struct x86_mmx_args *x)
{
	x->d[0] = x->s[0];
	x->d[1] = 0;
}

static void mmx_movdq2q(struct x86_mmx_args *x)
{
	x->d[0] = x->s[0];
}

static void mmx_pshufw(struct x86_mmx_args *x)
{
	uint64_t r = 0;

	for (unsigned i = 0; i < 4; i++)
		r |= (uint64_t)word(x->s[0], x->imm >> (2 * i)) << (16 * i);
	x->d[0] = r;
}

static void mmx_pinsrw(struct x86_mmx_args *x)
{
	unsigned sh = 16 * (x->imm & 3);

	x->d[0] = (x->d[0] & ~(0xffffull << sh)) | (uint64_t)(uint16_t)x->s[0] << sh;
}

static void mmx_pextrw(struct x86_mmx_args *x)
{
	x->d[0] = word(x->s[0], x->imm);
}

static void mmx_pmovmskb(struct x86_mmx_args *x)
{
	uint64_t r = 0;

	for (unsigned i = 0; i < 8; i++)
		r |= (x->s[0] >> (8 * i + 7) & 1) << i;
	x->d[0] = r;
}

static void mmx_maskmovq(struct x86_mmx_args *x)
{
}

static void mmx_emms(struct x86_mmx_args *x)
{
}

/* The conversions: "op %src, %dst" with the guest's MXCSR (exceptions masked, flags clear),
 * then the host's MXCSR back and emms, in one asm statement. */
#define MMX_SSE_RUN(text, ...)                                                                     \
	do {                                                                                       \
		uint32_t host_;                                                                    \
		__asm__ volatile("stmxcsr %[h_]\n\tldmxcsr %[g_]\n\t" text                         \
				 "\n\tstmxcsr %[g_]\n\tldmxcsr %[h_]\n\temms"                      \
				 : [h_] "=m"(host_), [g_] "+m"(x->mxcsr), __VA_ARGS__);            \
	} while (0)

/* mm -> xmm: cvtpi2ps writes the low half, cvtpi2pd both. */
#define MMX_CVT_TO_XMM(name)                                                                       \
	static void mmx_##name(struct x86_mmx_args *x)                                             \
	{                                                                                          \
		MMX_SSE_RUN("movq %[s], %%mm1\n\tmovdqu %[d], %%xmm0\n\t" #name                    \
			    " %%mm1, %%xmm0\n\tmovdqu %%xmm0, %[d]",                               \
			    [d] "+m"(x->d)                                                         \
			    : [s] "m"(x->s[0])                                                     \
			    : "mm1", "xmm0");                                                      \
	}
/* xmm -> mm: two singles (the low half) or two doubles. */
#define MMX_CVT_TO_MM(name)                                                                        \
	static void mmx_##name(struct x86_mmx_args *x)                                             \
	{                                                                                          \
		MMX_SSE_RUN("movdqu %[s], %%xmm1\n\t" #name " %%xmm1, %%mm0\n\tmovq %%mm0, %[d]",  \
			    [d] "=m"(x->d[0])                                                      \
			    : [s] "m"(x->s)                                                        \
			    : "mm0", "xmm1");                                                      \
	}
MMX_CVT_TO_XMM(cvtpi2ps)
MMX_CVT_TO_XMM(cvtpi2pd)
MMX_CVT_TO_MM(cvtps2pi)
MMX_CVT_TO_MM(cvttps2pi)
MMX_CVT_TO_MM(cvtpd2pi)
MMX_CVT_TO_MM(cvttpd2pi)
