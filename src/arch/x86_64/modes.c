/*
 * modes.c - the x86 CPU outside 64-bit mode: which mode the code runs in,
 * segment registers with their base slots, far jumps, calls and returns
 * (real mode: CS.base = selector << 4; protected mode: a code descriptor
 * of the GDT/LDT, whose L bit enters 64-bit mode when EFER.LMA), real-mode
 * interrupts through the IVT, 32-bit protected-mode interrupt and trap
 * gates (same privilege), iret from them, and the PVH entry state.
 *
 * Invariants: cpu->pc is CS.base + EIP; every segment base is also in its
 * slot (x86_set_segment); a far transfer reads and checks everything that
 * may fault (descriptor, stack) before it changes any state, so a fault
 * leaves the instruction undone; each transfer ends its block (the helper
 * sets cpu->pc), as the code size may change.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/helpers.h"
#include "arch/x86_64/x86_decode.h"
#include "core/log.h"
#include "mem/mmu.h"

#define DESC_P	  0x80u
#define DESC_CODE 0x18u /* S and the code bit of the type */
#define REAL_ATTR 0x93u /* present, writable data; code: 0x9b */
#define ATTR_CODE 0x08u

static const uint8_t base_slot[X86_NSEGS] = {
    [X86_ES] = X86_SLOT_ES_BASE, [X86_CS] = X86_SLOT_CS_BASE, [X86_SS] = X86_SLOT_SS_BASE,
    [X86_DS] = X86_SLOT_DS_BASE, [X86_FS] = X86_SLOT_FS_BASE, [X86_GS] = X86_SLOT_GS_BASE,
};

void x86_set_segment(struct x86_cpu *x, unsigned seg, const struct x86_segment *s)
{
	x->seg[seg] = *s;
	x->common.slots[base_slot[seg]] = s->base;
}

unsigned x86_code_mode(const struct x86_cpu *x)
{
	uint16_t attr = x->seg[X86_CS].attr;

	if (!(x->cr0 & X86_CR0_PE))
		return X86_MODE_16;
	if ((x->efer & X86_EFER_LMA) && (attr & X86_SEG_ATTR_L))
		return X86_MODE_64;
	return (attr & X86_SEG_ATTR_D) ? X86_MODE_32 : X86_MODE_16;
}

/* A real-mode segment: base selector << 4, 64 KiB. */
void x86_real_segment(struct x86_cpu *x, unsigned seg, uint16_t sel)
{
	struct x86_segment s = {.selector = sel,
				.base = (uint64_t)sel << 4,
				.limit = 0xffff,
				.attr = (uint16_t)(REAL_ATTR | (seg == X86_CS ? ATTR_CODE : 0))};

	x86_set_segment(x, seg, &s);
}

static bool in_64bit(const struct x86_cpu *x)
{
	return x86_code_mode(x) == X86_MODE_64;
}

static uint64_t sp_mask(const struct x86_cpu *x)
{
	if (in_64bit(x))
		return ~0ull;
	return (x->seg[X86_SS].attr & X86_SEG_ATTR_D) ? 0xffffffffu : 0xffffu;
}

/* The linear address of stack offset sp: SS.base + sp in 32 bits outside 64-bit mode. */
static uint64_t stack_linear(const struct x86_cpu *x, uint64_t sp)
{
	return in_64bit(x) ? sp : (x->seg[X86_SS].base + sp) & 0xffffffffu;
}

/* Stack accesses with the pointer kept in *sp. */
static int stack_push(struct x86_cpu *x, uint64_t *sp, uint64_t v, unsigned size)
{
	*sp = (*sp - size) & sp_mask(x);
	return mmu_store(&x->common, stack_linear(x, *sp), size, v);
}

static int stack_pop(struct x86_cpu *x, uint64_t *sp, uint64_t *v, unsigned size)
{
	int rc = mmu_load(&x->common, stack_linear(x, *sp), size, v);

	*sp = (*sp + size) & sp_mask(x);
	return rc;
}

static void set_sp(struct x86_cpu *x, uint64_t sp)
{
	uint64_t m = sp_mask(x);

	x->common.slots[X86_RSP] = (x->common.slots[X86_RSP] & ~m) | (sp & m);
}

/* The code segment a far transfer to sel loads (checked, not yet loaded); -1 with the fault
 * recorded. */
static int code_segment(struct x86_cpu *x, uint16_t sel, struct x86_segment *s)
{
	uint64_t d;

	if (!(x->cr0 & X86_CR0_PE)) {
		*s = (struct x86_segment){
		    .selector = sel, .base = (uint64_t)sel << 4, .limit = 0xffff, .attr = 0x9b};
		return 0;
	}
	if ((sel & ~3u) == 0 || x86_read_descriptor(x, sel, &d)) {
		if ((sel & ~3u) == 0)
			vcpu_raise(&x->common, X86_EXC_GP | X86_FAULT_HAS_ERR, 0);
		return -1;
	}
	if (((d >> 40) & DESC_CODE) != DESC_CODE) {
		vcpu_raise(&x->common, X86_EXC_GP | X86_FAULT_HAS_ERR, sel & ~3u);
		return -1;
	}
	if (!((d >> 40) & DESC_P)) {
		vcpu_raise(&x->common, X86_EXC_NP | X86_FAULT_HAS_ERR, sel & ~3u);
		return -1;
	}
	x86_seg_from_desc(s, (uint16_t)((sel & ~3u) | x->cpl), d);
	if ((x->efer & X86_EFER_LMA) && (s->attr & X86_SEG_ATTR_L))
		s->base = 0;
	return 0;
}

static void load_cs(struct x86_cpu *x, const struct x86_segment *cs, uint64_t eip)
{
	x86_set_segment(x, X86_CS, cs);
	x->common.pc = cs->base + eip;
	x86_update_regimes(x);
}

/* ljmp/lcall: a = selector, b = offset, imm = next pc | operand size << 56 | 1 << 60 (call). */
uint64_t x86_helper_far_jump(struct soft_cpu *cpu, uint64_t sel, uint64_t off, uint64_t imm)
{
	struct x86_cpu *x = x86_cpu(cpu);
	unsigned size = (imm >> 56) & 15;
	uint64_t next_pc = imm & ((1ull << 56) - 1), sp = cpu->slots[X86_RSP];
	struct x86_segment cs;

	if (code_segment(x, (uint16_t)sel, &cs))
		return 0;
	if (imm >> 60) {
		uint64_t eip = next_pc - (in_64bit(x) ? 0 : x->seg[X86_CS].base);

		if (stack_push(x, &sp, x->seg[X86_CS].selector, size) ||
		    stack_push(x, &sp, eip, size))
			return 0;
		set_sp(x, sp);
	}
	load_cs(x, &cs, off & (size == 2 ? 0xffffu : size == 4 ? 0xffffffffu : ~0ull));
	return 0;
}

/* retf: a = bytes to release after cs, imm = operand size (8: retfq, 64-bit mode). */
uint64_t x86_helper_far_ret(struct soft_cpu *cpu, uint64_t extra, uint64_t b, uint64_t size)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint64_t sp = cpu->slots[X86_RSP], eip, sel;
	struct x86_segment cs;

	if (stack_pop(x, &sp, &eip, (unsigned)size) || stack_pop(x, &sp, &sel, (unsigned)size) ||
	    code_segment(x, (uint16_t)sel, &cs))
		return 0;
	set_sp(x, sp + extra);
	load_cs(x, &cs, eip);
	return 0;
}

/* Real-mode delivery of vector through the IVT: push flags, cs, ip; clear IF, TF, AC. */
int x86_deliver_real(struct x86_cpu *x, unsigned vector, uint64_t ret_pc)
{
	struct soft_cpu *cpu = &x->common;
	uint64_t sp = cpu->slots[X86_RSP], ent, rflags = x86_get_rflags(cpu);
	uint64_t ip = (ret_pc - x->seg[X86_CS].base) & 0xffff;

	if (vector * 4u + 3u > x->idtr.limit) {
		vcpu_raise(cpu, X86_EXC_GP | X86_FAULT_HAS_ERR, 0);
		return -1;
	}
	if (mmu_load(cpu, x->idtr.base + vector * 4u, 4, &ent) ||
	    stack_push(x, &sp, rflags & 0xffff, 2) ||
	    stack_push(x, &sp, x->seg[X86_CS].selector, 2) || stack_push(x, &sp, ip, 2))
		return -1;
	set_sp(x, sp);
	x86_set_rflags(cpu, rflags & ~(uint64_t)(X86_IF | X86_TF | X86_AC));
	x86_real_segment(x, X86_CS, (uint16_t)(ent >> 16));
	cpu->pc = x->seg[X86_CS].base + (ent & 0xffff);
	return 0;
}

/* The gate of vector in a 32-bit IDT: the handler's selector and offset, and whether it is an
 * interrupt gate (IF cleared); -1 with the fault recorded. */
static int gate32(struct x86_cpu *x, unsigned vector, bool soft, uint16_t *sel, uint32_t *off,
		  bool *intr)
{
	struct soft_cpu *cpu = &x->common;
	uint64_t g, err = vector * 8u + 2;
	unsigned type;

	if (vector * 8u + 7u > x->idtr.limit) {
		vcpu_raise(cpu, X86_EXC_GP | X86_FAULT_HAS_ERR, err);
		return -1;
	}
	if (mmu_load(cpu, (x->idtr.base + vector * 8u) & 0xffffffffu, 8, &g))
		return -1;
	type = (g >> 40) & 0x1f;
	if ((type != 0xe && type != 0xf) || (soft && ((g >> 45) & 3) < x->cpl)) {
		vcpu_raise(cpu, X86_EXC_GP | X86_FAULT_HAS_ERR, err);
		return -1;
	}
	if (!((g >> 40) & DESC_P)) {
		vcpu_raise(cpu, X86_EXC_NP | X86_FAULT_HAS_ERR, err);
		return -1;
	}
	*sel = (uint16_t)(g >> 16);
	*off = (uint32_t)((g & 0xffff) | ((g >> 32) & 0xffff0000));
	*intr = type == 0xe;
	return 0;
}

/* 32-bit protected-mode delivery through a 32-bit interrupt or trap gate to a handler at the
 * same privilege (a gate to another ring needs the TSS stack switch: #GP, logged). */
int x86_deliver_prot32(struct x86_cpu *x, unsigned vector, bool has_err, uint64_t err,
		       uint64_t ret_pc, bool soft)
{
	struct soft_cpu *cpu = &x->common;
	uint64_t sp = cpu->slots[X86_RSP], rflags = x86_get_rflags(cpu);
	struct x86_segment cs;
	uint16_t sel;
	uint32_t off;
	bool intr;

	if (gate32(x, vector, soft, &sel, &off, &intr) || code_segment(x, sel, &cs))
		return -1;
	if (((cs.attr >> 5) & 3) != x->cpl) {
		log_warn_limited("x86_64: 32-bit interrupt gate to another ring: not implemented");
		vcpu_raise(cpu, X86_EXC_GP | X86_FAULT_HAS_ERR, sel & ~3u);
		return -1;
	}
	if (stack_push(x, &sp, rflags & ~(uint64_t)X86_RF, 4) ||
	    stack_push(x, &sp, x->seg[X86_CS].selector, 4) ||
	    stack_push(x, &sp, (ret_pc - x->seg[X86_CS].base) & 0xffffffffu, 4) ||
	    (has_err && stack_push(x, &sp, err, 4)))
		return -1;
	set_sp(x, sp);
	rflags &= ~(uint64_t)(X86_TF | X86_NT | X86_RF | X86_VM | (intr ? X86_IF : 0));
	x86_set_rflags(cpu, rflags);
	load_cs(x, &cs, off);
	return 0;
}

/* iret in real mode or 16/32-bit protected mode to the same privilege: ip, cs, flags. */
int x86_iret_legacy(struct x86_cpu *x, unsigned size)
{
	struct soft_cpu *cpu = &x->common;
	uint64_t sp = cpu->slots[X86_RSP], eip, sel, fl, mask = X86_FLAGS_WRITABLE;
	struct x86_segment cs;

	if (stack_pop(x, &sp, &eip, size) || stack_pop(x, &sp, &sel, size) ||
	    stack_pop(x, &sp, &fl, size) || code_segment(x, (uint16_t)sel, &cs))
		return -1;
	if (size == 2)
		mask &= 0xffff;
	x86_set_rflags(cpu, (x86_get_rflags(cpu) & ~mask) | (fl & mask));
	set_sp(x, sp);
	load_cs(x, &cs, eip);
	return 0;
}

/* SF, ZF, PF of an 8-bit result (the BCD instructions' defined flags). */
static uint64_t szp8(unsigned v)
{
	v &= 0xff;
	return (v & 0x80 ? X86_SF : 0) | (v ? 0 : X86_ZF) | (__builtin_parity(v) ? 0 : X86_PF);
}

/* daa, das: decimal adjust of al after an addition (sub = 0) or a subtraction. */
static uint64_t decimal_adjust(uint64_t *ax, uint64_t fl, bool sub)
{
	unsigned al = *ax & 0xff, old = al, cf = 0, af = 0;

	if ((al & 0xf) > 9 || (fl & X86_AF)) {
		cf = (fl & X86_CF) || (sub ? al < 6 : al + 6 > 0xff);
		al = (sub ? al - 6 : al + 6) & 0xff;
		af = 1;
	}
	if (old > 0x99 || (fl & X86_CF)) {
		al = (sub ? al - 0x60 : al + 0x60) & 0xff;
		cf = 1;
	}
	*ax = (*ax & ~0xffull) | al;
	return szp8(al) | (cf ? X86_CF : 0) | (af ? X86_AF : 0);
}

/* aaa, aas: ASCII adjust of al (and ah) after an addition or a subtraction. */
static uint64_t ascii_adjust(uint64_t *ax, uint64_t fl, bool sub)
{
	uint64_t v = *ax & 0xffff, f = 0;

	if ((v & 0xf) > 9 || (fl & X86_AF)) {
		v = sub ? ((v - 6) & 0xff) | (((v >> 8) - 1) & 0xff) << 8 : v + 0x106;
		f = X86_AF | X86_CF;
	}
	*ax = (*ax & ~0xffffull) | (v & 0xff0f);
	return f;
}

/* daa das aaa aas aam aad: a = enum x86_op, b = the immediate (aam, aad); #DE for aam 0. */
uint64_t x86_helper_bcd(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	uint64_t fl = x86_get_rflags(cpu), ax = cpu->slots[X86_RAX], f;
	unsigned al = ax & 0xff, ah = (ax >> 8) & 0xff;

	switch (a) {
	case X86_OP_daa:
	case X86_OP_das:
		f = decimal_adjust(&ax, fl, a == X86_OP_das);
		break;
	case X86_OP_aaa:
	case X86_OP_aas:
		f = ascii_adjust(&ax, fl, a == X86_OP_aas);
		break;
	case X86_OP_aam:
		if (!b) {
			vcpu_raise(cpu, X86_EXC_DE, 0);
			return 0;
		}
		ax = (ax & ~0xffffull) | (al / b) << 8 | al % b;
		f = szp8(al % (unsigned)b);
		break;
	default: /* aad */
		al = (al + ah * (unsigned)b) & 0xff;
		ax = (ax & ~0xffffull) | al;
		f = szp8(al);
		break;
	}
	cpu->slots[X86_RAX] = ax;
	x86_set_rflags(cpu, (fl & ~(uint64_t)X86_ARITH_FLAGS) | f);
	return 0;
}

void x86_enter_protected_mode(struct x86_cpu *x, uint32_t eip, uint16_t cs, uint16_t ds)
{
	struct soft_cpu *cpu = &x->common;
	struct x86_segment data = {.selector = ds, .limit = 0xffffffff, .attr = 0xc093};
	struct x86_segment code = {.selector = cs, .limit = 0xffffffff, .attr = 0xc09b};

	x->cr0 = X86_CR0_PE | X86_CR0_ET;
	x->cr3 = x->cr4 = x->efer = 0;
	x->cpl = 0;
	for (unsigned i = 0; i < X86_NSEGS; i++)
		x86_set_segment(x, i, i == X86_CS ? &code : &data);
	x86_set_rflags(cpu, 0);
	cpu->pc = eip;
	x86_update_regimes(x);
	vcpu_tlb_flush(cpu);
}
