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
				 : [d] "+m"(x->d)                                                  \
				 : [s] "m"(x->s)                                                   \
				 : "mm0", "mm1");                                                  \
	}
#define MMX_GEN_C(name)	    /* written below */
#define MMX_GEN(name, kind) MMX_GEN_##kind(name)
X86_MMX_OPS(MMX_GEN)
#undef MMX_GEN

void (*const x86_mmx_ops[X86_OP_COUNT])(struct x86_mmx_args *x) = {
#define MMX_ENTRY(name, kind) [X86_OP_##name] = mmx_##name,
    X86_MMX_OPS(MMX_ENTRY)
#undef MMX_ENTRY
};

static uint16_t word(uint64_t v, unsigned i)
{
	return (uint16_t)(v >> (16 * (i & 3)));
}

static void mmx_movd(struct x86_mmx_args *x)
{
	x->d = (uint32_t)x->s;
}

static void mmx_movq(struct x86_mmx_args *x)
{
	x->d = x->s;
}

static void mmx_movntq(struct x86_mmx_args *x)
{
	x->d = x->s;
}

static void mmx_movq2dq(struct x86_mmx_args *x)
{
	x->d = x->s;
}

static void mmx_movdq2q(struct x86_mmx_args *x)
{
	x->d = x->s;
}

static void mmx_pshufw(struct x86_mmx_args *x)
{
	uint64_t r = 0;

	for (unsigned i = 0; i < 4; i++)
		r |= (uint64_t)word(x->s, x->imm >> (2 * i)) << (16 * i);
	x->d = r;
}

static void mmx_pinsrw(struct x86_mmx_args *x)
{
	unsigned sh = 16 * (x->imm & 3);

	x->d = (x->d & ~(0xffffull << sh)) | (uint64_t)(uint16_t)x->s << sh;
}

static void mmx_pextrw(struct x86_mmx_args *x)
{
	x->d = word(x->s, x->imm);
}

static void mmx_pmovmskb(struct x86_mmx_args *x)
{
	uint64_t r = 0;

	for (unsigned i = 0; i < 8; i++)
		r |= (x->s >> (8 * i + 7) & 1) << i;
	x->d = r;
}

static void mmx_maskmovq(struct x86_mmx_args *x)
{
}

static void mmx_emms(struct x86_mmx_args *x)
{
}
