/*
 * sse_helpers.c - the SSE helpers: the one that runs an operation of sse_ops.h on XMM
 * registers and memory, MXCSR (ldmxcsr, stmxcsr, SIMD floating-point exceptions), the
 * alignment check of the aligned moves, and fxsave/fxrstor.
 *
 * x86_helper_sse gets what sse.c packs (SSE_* below): the operation (its mnemonic), the
 * destination and source XMM numbers, the size of a memory source (then a is its address), the
 * immediate. It loads everything first, so a page fault or #GP(0) for a misaligned operand
 * leaves the registers alone; it runs the operation with exceptions masked and then, if a flag
 * came back whose exception the guest unmasked, sets the flags and raises #XM (#UD when
 * CR4.OSXMMEXCPT is clear) without writing the result. Unmasked exceptions are reported as a
 * masked run detects them: all its flags, except that a precomputation exception (invalid,
 * denormal, divide by zero) suppresses the others, as it stops the hardware before the
 * computation; an exact tiny result does not raise UE with UM clear (the hardware does).
 *
 * fxsave writes the legacy 512-byte image (the x87 state from x87_helpers.c, 64-bit pointers
 * for fxsave64, MXCSR, MXCSR_MASK 0xffff, XMM0-15) and leaves bytes 416-511 alone; fxrstor
 * reads it all before it changes anything and raises #GP(0) for reserved MXCSR bits.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/helpers.h"
#include "arch/x86_64/sse_ops.h"
#include "mem/mmu.h"

#define MXCSR_FLAGS	   0x3fu
#define MXCSR_MASKS	   0x1f80u
#define MXCSR_PRECOMPUTE   0x7u /* IE DE ZE */
#define MXCSR_MASK	   0xffffu
#define FXSAVE_XMM	   160
#define FXSAVE_IMAGE_BYTES 416

bool x86_sse_host_ok(void)
{
	return __builtin_cpu_supports("sse4.2");
}

static void get_xmm(const struct soft_cpu *cpu, unsigned n, union x86_xmm *v)
{
	v->q[0] = cpu->slots[X86_SLOT_XMM0 + 2 * n];
	v->q[1] = cpu->slots[X86_SLOT_XMM0 + 2 * n + 1];
}

static void set_xmm(struct soft_cpu *cpu, unsigned n, const union x86_xmm *v)
{
	cpu->slots[X86_SLOT_XMM0 + 2 * n] = v->q[0];
	cpu->slots[X86_SLOT_XMM0 + 2 * n + 1] = v->q[1];
}

static bool misaligned(struct soft_cpu *cpu, uint64_t addr)
{
	if (!(addr & 15))
		return false;
	vcpu_raise(cpu, X86_EXC_GP | X86_FAULT_HAS_ERR, 0);
	return true;
}

/* Load size (1..16) bytes at addr into v, zero-extended. Returns 0 or -1 (fault recorded). */
static int load_bytes(struct soft_cpu *cpu, uint64_t addr, unsigned size, union x86_xmm *v)
{
	v->q[0] = v->q[1] = 0;
	if (size == 16)
		return mmu_load(cpu, addr, 8, &v->q[0]) || mmu_load(cpu, addr + 8, 8, &v->q[1]) ? -1
												: 0;
	return mmu_load(cpu, addr, size, &v->q[0]) ? -1 : 0;
}

bool x86_sse_exception(struct x86_cpu *x, unsigned flags)
{
	unsigned unmasked = flags & ~(x->mxcsr >> 7) & MXCSR_FLAGS;

	if (!unmasked) {
		x->mxcsr |= flags;
		return false;
	}
	if (unmasked & MXCSR_PRECOMPUTE)
		flags &= MXCSR_PRECOMPUTE;
	x->mxcsr |= flags;
	vcpu_raise(&x->common, (x->cr4 & X86_CR4_OSXMMEXCPT) ? X86_EXC_XM : X86_EXC_UD, 0);
	return true;
}

/* The operands of one call: returns 0, or -1 with a fault recorded. */
static int sse_operands(struct soft_cpu *cpu, const struct x86_sse_op *e, uint64_t a, uint64_t imm,
			struct x86_sse_args *r)
{
	unsigned msize = SSE_MSIZE(imm);

	if (msize) {
		if (msize == 16 && !(e->flags & SSE_UNAL) && misaligned(cpu, a))
			return -1;
		if (load_bytes(cpu, a, msize, &r->s))
			return -1;
		r->g = r->s.q[0];
		r->mem = true;
	} else if (imm & SSE_SRC_IMM) {
		r->s.q[0] = r->imm;
		r->s.q[1] = 0;
	} else if (e->flags & SSE_GIN) {
		r->g = a;
	} else {
		get_xmm(cpu, SSE_SRC(imm), &r->s);
	}
	get_xmm(cpu, SSE_DST(imm), &r->d);
	get_xmm(cpu, 0, &r->x0);
	r->rax = cpu->slots[X86_RAX];
	r->rdx = cpu->slots[X86_RDX];
	return 0;
}

uint64_t x86_helper_sse(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	struct x86_cpu *x = x86_cpu(cpu);
	const struct x86_sse_op *e = &x86_sse_ops[SSE_OP(imm)];
	struct x86_sse_args r = {.imm = (uint8_t)SSE_IMM8(imm), .wide = (imm & SSE_WIDE) != 0};

	if (sse_operands(cpu, e, a, imm, &r))
		return 0;
	r.mxcsr = (x->mxcsr & ~MXCSR_FLAGS) | MXCSR_MASKS;
	e->fn(&r);
	if (x86_sse_exception(x, r.mxcsr & MXCSR_FLAGS))
		return 0;
	if (!(e->flags & (SSE_GOUT | SSE_NOWR)))
		set_xmm(cpu, (e->flags & SSE_X0) ? 0 : SSE_DST(imm), &r.d);
	if (e->flags & SSE_EFL)
		x86_set_rflags(cpu, (x86_get_rflags(cpu) & ~X86_ARITH_FLAGS) | r.eflags);
	return r.g;
}

uint64_t x86_helper_sse_align(struct soft_cpu *cpu, uint64_t addr, uint64_t b, uint64_t imm)
{
	misaligned(cpu, addr);
	return 0;
}

static bool mxcsr_ok(struct soft_cpu *cpu, uint64_t v)
{
	if (!(v & ~(uint64_t)MXCSR_MASK))
		return true;
	vcpu_raise(cpu, X86_EXC_GP | X86_FAULT_HAS_ERR, 0);
	return false;
}

uint64_t x86_helper_ldmxcsr(struct soft_cpu *cpu, uint64_t v, uint64_t b, uint64_t imm)
{
	if (mxcsr_ok(cpu, v))
		x86_cpu(cpu)->mxcsr = (uint32_t)v;
	return 0;
}

uint64_t x86_helper_stmxcsr(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	return x86_cpu(cpu)->mxcsr;
}

uint64_t x86_helper_fxsave(struct soft_cpu *cpu, uint64_t addr, uint64_t b, uint64_t imm)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint64_t img[FXSAVE_IMAGE_BYTES / 8] = {0};

	if (misaligned(cpu, addr))
		return 0;
	x86_fpu_fxsave(x, img, imm != 0);
	img[3] = x->mxcsr | (uint64_t)MXCSR_MASK << 32;
	for (unsigned i = 0; i < 32; i++)
		img[FXSAVE_XMM / 8 + i] = cpu->slots[X86_SLOT_XMM0 + i];
	for (unsigned i = 0; i < FXSAVE_IMAGE_BYTES / 8; i++)
		if (mmu_store(cpu, addr + 8 * i, 8, img[i]))
			return 0;
	return 0;
}

uint64_t x86_helper_fxrstor(struct soft_cpu *cpu, uint64_t addr, uint64_t b, uint64_t imm)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint64_t img[FXSAVE_IMAGE_BYTES / 8];

	if (misaligned(cpu, addr))
		return 0;
	for (unsigned i = 0; i < FXSAVE_IMAGE_BYTES / 8; i++)
		if (mmu_load(cpu, addr + 8 * i, 8, &img[i]))
			return 0;
	if (!mxcsr_ok(cpu, (uint32_t)img[3]))
		return 0;
	x86_fpu_fxrstor(x, img, imm != 0);
	x->mxcsr = (uint32_t)img[3];
	for (unsigned i = 0; i < 32; i++)
		cpu->slots[X86_SLOT_XMM0 + i] = img[FXSAVE_XMM / 8 + i];
	return 0;
}

/* maskmovdqu, one half: a = the address of the 16 bytes, imm = the data slot, the mask slot
 * << 8 and the half << 16. The bytes whose mask byte has its top bit set are stored, one at
 * a time (a fault leaves the earlier ones written). */
uint64_t x86_helper_maskmov(struct soft_cpu *cpu, uint64_t addr, uint64_t b, uint64_t imm)
{
	uint64_t data = cpu->slots[imm & 0xff], mask = cpu->slots[(imm >> 8) & 0xff];
	uint64_t base = addr + 8 * ((imm >> 16) & 1);

	for (unsigned i = 0; i < 8; i++)
		if ((mask >> (8 * i + 7) & 1) &&
		    mmu_store(cpu, base + i, 1, data >> (8 * i) & 0xff))
			return 0;
	return 0;
}
