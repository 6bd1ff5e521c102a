/*
 * system.c - the x86-64 software CPU's system state: privilege and TLB
 * regimes, segment and descriptor-table loads, exception and interrupt
 * delivery through the 64-bit IDT (error codes, CR2, IST and TSS stacks),
 * iretq, syscall/sysret, sysenter/sysexit, swapgs, hlt, cli/sti/popf, invlpg.
 *
 * Delivery: a fault while delivering an exception becomes #DF, and a fault
 * while delivering #DF a triple fault, which stops the VM (exit status 1,
 * "guest triple fault", as under KVM). Descriptor and stack accesses of a
 * delivery are supervisor accesses whatever the CPL. Only 64-bit mode is
 * delivered to (a 64-bit IDT); external interrupts and NMIs (interrupts.c) take the
 * same way.
 */
#include <inttypes.h>
#include <stdio.h>
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/helpers.h"
#include "arch/x86_64/x86_decode.h"
#include "core/log.h"
#include "core/vm.h"
#include "mem/mmu.h"

#define SEL_RPL(s)  ((unsigned)(s)&3u)
#define SEL_TI	    4u
#define DESC_P	    (1u << 7)
#define DESC_DPL(a) (((a) >> 5) & 3u)
#define GATE_INTR   0xeu
#define GATE_TRAP   0xfu
#define TSS_RSP0    4
#define TSS_IST1    36
#define TSS_BUSY    0x2u

void x86_update_regimes(struct x86_cpu *x)
{
	unsigned r = !(x->cr0 & X86_CR0_PG) ? X86_MMU_PHYS
		     : x->cpl == 3	    ? X86_MMU_USER
					    : X86_MMU_KERNEL;

	soft_cpu_set_regimes(&x->common, r, r);
}

/* Supervisor accesses of descriptor tables and stacks (regime switched for the access). */
static int sys_load(struct x86_cpu *x, uint64_t addr, unsigned size, uint64_t *v)
{
	struct soft_cpu *cpu = &x->common;
	unsigned data = cpu->mmu_data, fetch = cpu->mmu_fetch;
	int rc;

	soft_cpu_set_regimes(cpu, (x->cr0 & X86_CR0_PG) ? X86_MMU_KERNEL : X86_MMU_PHYS, fetch);
	rc = mmu_load(cpu, addr, size, v);
	soft_cpu_set_regimes(cpu, data, fetch);
	return rc;
}

static int sys_store(struct x86_cpu *x, uint64_t addr, unsigned size, uint64_t v)
{
	struct soft_cpu *cpu = &x->common;
	unsigned data = cpu->mmu_data, fetch = cpu->mmu_fetch;
	int rc;

	soft_cpu_set_regimes(cpu, (x->cr0 & X86_CR0_PG) ? X86_MMU_KERNEL : X86_MMU_PHYS, fetch);
	rc = mmu_store(cpu, addr, size, v);
	soft_cpu_set_regimes(cpu, data, fetch);
	return rc;
}

static void raise_err(struct soft_cpu *cpu, unsigned vector, uint64_t err)
{
	vcpu_raise(cpu, vector | X86_FAULT_HAS_ERR, err);
}

int x86_read_descriptor(struct x86_cpu *x, uint16_t sel, uint64_t *desc)
{
	const struct x86_dtr *t =
	    (sel & SEL_TI)
		? &(struct x86_dtr){.base = x->ldtr.base, .limit = (uint16_t)x->ldtr.limit}
		: &x->gdtr;
	unsigned idx = sel & ~7u;

	if (idx + 7u > t->limit) {
		raise_err(&x->common, X86_EXC_GP, sel & ~3u);
		return -1;
	}
	return sys_load(x, t->base + idx, 8, desc);
}

void x86_seg_from_desc(struct x86_segment *s, uint16_t sel, uint64_t d)
{
	s->selector = sel;
	s->base = ((d >> 16) & 0xffffff) | ((d >> 32) & 0xff000000);
	s->limit = (uint32_t)((d & 0xffff) | ((d >> 32) & 0xf0000));
	if (d & (1ull << 55))
		s->limit = s->limit << 12 | 0xfff;
	s->attr = (uint16_t)((d >> 40) & 0xf0ff);
}

/* Load data segment seg (ES, SS, DS, FS, GS) with sel; fs/gs also set their base slot. */
uint64_t x86_helper_load_seg(struct soft_cpu *cpu, uint64_t sel, uint64_t seg, uint64_t imm)
{
	struct x86_cpu *x = x86_cpu(cpu);
	struct x86_segment s = {.selector = (uint16_t)sel};
	uint64_t d;

	if (!(x->cr0 & X86_CR0_PE)) {
		x86_real_segment(x, (unsigned)seg, (uint16_t)sel);
		return 0;
	}
	if ((sel & ~3u) != 0) {
		if (x86_read_descriptor(x, (uint16_t)sel, &d))
			return 0;
		if (!((d >> 40) & DESC_P)) {
			raise_err(cpu, seg == X86_SS ? X86_EXC_SS : X86_EXC_NP, sel & ~3u);
			return 0;
		}
		x86_seg_from_desc(&s, (uint16_t)sel, d);
	} else if (seg == X86_SS && x->cpl == 3) {
		raise_err(cpu, X86_EXC_GP, 0);
		return 0;
	}
	x86_set_segment(x, (unsigned)seg, &s);
	return 0;
}

uint64_t x86_helper_read_seg(struct soft_cpu *cpu, uint64_t seg, uint64_t b, uint64_t imm)
{
	return x86_cpu(cpu)->seg[seg % X86_NSEGS].selector;
}

/* lgdt/lidt: imm = the operand size: a 64-bit base in 64-bit mode, else 32 bits (24 with a
 * 16-bit operand size). */
uint64_t x86_helper_load_dtr(struct soft_cpu *cpu, uint64_t addr, uint64_t idt, uint64_t size)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint64_t limit, base;

	if (mmu_load(cpu, addr, 2, &limit) || mmu_load(cpu, addr + 2, size == 8 ? 8 : 4, &base))
		return 0;
	if (size == 2)
		base &= 0xffffff;
	*(idt ? &x->idtr : &x->gdtr) = (struct x86_dtr){.base = base, .limit = (uint16_t)limit};
	return 0;
}

uint64_t x86_helper_store_dtr(struct soft_cpu *cpu, uint64_t addr, uint64_t idt, uint64_t imm)
{
	struct x86_cpu *x = x86_cpu(cpu);
	const struct x86_dtr *t = idt ? &x->idtr : &x->gdtr;

	if (mmu_store(cpu, addr, 2, t->limit) || mmu_store(cpu, addr + 2, 8, t->base))
		return 0;
	return 0;
}

/* ltr / lldt: a 16-byte system descriptor in the GDT; ltr marks the TSS busy. */
uint64_t x86_helper_ltr(struct soft_cpu *cpu, uint64_t sel, uint64_t ldt, uint64_t imm)
{
	struct x86_cpu *x = x86_cpu(cpu);
	struct x86_segment *s = ldt ? &x->ldtr : &x->tr;
	uint64_t lo, hi;

	if ((sel & ~3u) == 0 && ldt) {
		*s = (struct x86_segment){0};
		return 0;
	}
	if ((sel & SEL_TI) || (sel & ~3u) == 0 || (sel & ~7u) + 15u > x->gdtr.limit) {
		raise_err(cpu, X86_EXC_GP, sel & ~3u);
		return 0;
	}
	if (sys_load(x, x->gdtr.base + (sel & ~7u), 8, &lo) ||
	    sys_load(x, x->gdtr.base + (sel & ~7u) + 8, 8, &hi))
		return 0;
	if (!((lo >> 40) & DESC_P)) {
		raise_err(cpu, X86_EXC_NP, sel & ~3u);
		return 0;
	}
	if (!ldt && sys_store(x, x->gdtr.base + (sel & ~7u), 8, lo | (uint64_t)TSS_BUSY << 40))
		return 0;
	x86_seg_from_desc(s, (uint16_t)sel, lo);
	s->base |= hi << 32;
	return 0;
}

/* lar/lsl/verr/verw: which descriptor types each accepts (bit = type, S=0 types 0-15,
 * code/data types 16-31); privilege as the SDM's checks (conforming code exempt). */
#define DESC_TYPES_SYS_LSL ((1u << 2) | (1u << 9) | (1u << 11)) /* LDT, 64-bit TSS */
#define DESC_TYPES_SYS_LAR (DESC_TYPES_SYS_LSL | (1u << 12))	/* and call gates */

static bool desc_query_ok(const struct x86_cpu *x, uint16_t op, uint16_t sel, uint64_t d)
{
	unsigned attr = (unsigned)(d >> 40) & 0xff, type = attr & 0xf;
	bool code_data = attr & 0x10, code = code_data && (type & 8);
	bool conforming = code && (type & 4);
	unsigned dpl = DESC_DPL(attr);

	if (!(attr & DESC_P) && op != X86_OP_lar && op != X86_OP_lsl)
		return false;
	if (!conforming && (dpl < x->cpl || dpl < SEL_RPL(sel)))
		return false;
	switch (op) {
	case X86_OP_verr:
		return code_data && (!code || (type & 2));
	case X86_OP_verw:
		return code_data && !code && (type & 2);
	case X86_OP_lsl:
		return code_data || (DESC_TYPES_SYS_LSL >> type & 1);
	default:
		return code_data || (DESC_TYPES_SYS_LAR >> type & 1);
	}
}

/* lar, lsl, verr, verw: a = selector, b = mnemonic | dst register << 16 | size << 24. ZF
 * says whether the selector passed; lar and lsl write their register only then. A null or
 * out-of-table selector fails without a fault. */
uint64_t x86_helper_desc_query(struct soft_cpu *cpu, uint64_t sel, uint64_t b, uint64_t imm)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint16_t op = (uint16_t)b, s = (uint16_t)sel;
	unsigned reg = (unsigned)(b >> 16) & 0xff, size = (unsigned)(b >> 24);
	const struct x86_dtr *t =
	    (s & SEL_TI) ? &(struct x86_dtr){.base = x->ldtr.base, .limit = (uint16_t)x->ldtr.limit}
			 : &x->gdtr;
	uint64_t d = 0, f = x86_get_rflags(cpu) & ~(uint64_t)X86_ZF;
	bool ok = (s & ~3u) != 0 && (s & ~7u) + 7u <= t->limit;

	if (ok && sys_load(x, t->base + (s & ~7u), 8, &d))
		return 0;
	ok = ok && desc_query_ok(x, op, s, d);
	if (ok && (op == X86_OP_lar || op == X86_OP_lsl)) {
		struct x86_segment seg;
		uint64_t v;

		x86_seg_from_desc(&seg, s, d);
		v = op == X86_OP_lsl ? seg.limit : (d >> 32) & 0x00f0ff00;
		if (size == 2)
			cpu->slots[reg] = (cpu->slots[reg] & ~0xffffull) | (v & 0xffff);
		else
			cpu->slots[reg] = (uint32_t)v;
	}
	x86_set_rflags(cpu, f | (ok ? X86_ZF : 0));
	return 0;
}

/* Enter CPL cpl with code selector cs (its 64-bit descriptor's attributes). */
static void set_cs(struct x86_cpu *x, uint16_t cs, unsigned cpl)
{
	struct x86_segment s = {.selector = (uint16_t)((cs & ~3u) | cpl),
				.limit = 0xffffffff,
				.attr = (uint16_t)(0xa09b | (cpl << 5))};

	x86_set_segment(x, X86_CS, &s);
	x->cpl = cpl;
	x86_update_regimes(x);
}

static void push64(struct x86_cpu *x, uint64_t *sp, uint64_t v, int *err)
{
	*sp -= 8;
	if (!*err && sys_store(x, *sp, 8, v))
		*err = -1;
}

/* The stack a delivery switches to: IST entry ist, else RSP0 when entering CPL 0 from above. */
static int delivery_stack(struct x86_cpu *x, unsigned ist, unsigned new_cpl, uint64_t *sp)
{
	uint64_t off = ist ? TSS_IST1 + 8 * (ist - 1) : TSS_RSP0 + 8 * new_cpl;

	if (!ist && new_cpl == x->cpl) {
		*sp = x->common.slots[X86_RSP];
		return 0;
	}
	if (off + 7 > x->tr.limit) {
		raise_err(&x->common, X86_EXC_TS, x->tr.selector & ~3u);
		return -1;
	}
	return sys_load(x, x->tr.base + off, 8, sp);
}

/* Deliver vector through the IDT; ret_rip is the pushed return address. Returns -1 with a new
 * fault recorded when the delivery itself faults. */
static int deliver(struct x86_cpu *x, unsigned vector, bool has_err, uint64_t err, uint64_t ret_rip,
		   bool soft)
{
	struct soft_cpu *cpu = &x->common;
	uint64_t lo, hi, sp, rflags = x86_get_rflags(cpu), cs_desc;
	unsigned type, dpl, new_cpl, ist;
	uint16_t sel;
	int fail = 0;

	if (vector * 16u + 15u > x->idtr.limit) {
		raise_err(cpu, X86_EXC_GP, vector * 8u + 2);
		return -1;
	}
	if (sys_load(x, x->idtr.base + vector * 16u, 8, &lo) ||
	    sys_load(x, x->idtr.base + vector * 16u + 8, 8, &hi))
		return -1;
	type = (lo >> 40) & 0x1f;
	dpl = (unsigned)(lo >> 45) & 3;
	if ((type != GATE_INTR && type != GATE_TRAP) || (soft && dpl < x->cpl)) {
		raise_err(cpu, X86_EXC_GP, vector * 8u + 2);
		return -1;
	}
	if (!((lo >> 40) & DESC_P)) {
		raise_err(cpu, X86_EXC_NP, vector * 8u + 2);
		return -1;
	}
	sel = (uint16_t)(lo >> 16);
	if (x86_read_descriptor(x, sel, &cs_desc))
		return -1;
	new_cpl = DESC_DPL((unsigned)(cs_desc >> 40));
	ist = (unsigned)(lo >> 32) & 7;
	if (delivery_stack(x, ist, new_cpl, &sp))
		return -1;
	sp &= ~15ull;
	push64(x, &sp, x->seg[X86_SS].selector, &fail);
	push64(x, &sp, cpu->slots[X86_RSP], &fail);
	push64(x, &sp, rflags & ~(uint64_t)X86_RF, &fail);
	push64(x, &sp, x->seg[X86_CS].selector, &fail);
	push64(x, &sp, ret_rip, &fail);
	if (has_err)
		push64(x, &sp, err, &fail);
	if (fail)
		return -1;
	if (new_cpl != x->cpl)
		x86_set_segment(x, X86_SS, &(struct x86_segment){.selector = (uint16_t)new_cpl});
	rflags &= ~(uint64_t)(X86_TF | X86_NT | X86_RF | X86_VM);
	if (type == GATE_INTR)
		rflags &= ~(uint64_t)X86_IF;
	x86_set_rflags(cpu, rflags);
	cpu->slots[X86_RSP] = sp;
	set_cs(x, sel, new_cpl);
	cpu->pc = (lo & 0xffff) | ((lo >> 32) & 0xffff0000) | hi << 32;
	return 0;
}

/* The vector, error code and return address of the pending fault. */
static void fault_to_vector(struct soft_cpu *cpu, unsigned *vector, bool *has_err, uint64_t *err,
			    uint64_t *ret_rip, bool *soft)
{
	struct cpu_fault *f = &cpu->fault;

	*has_err = true;
	*err = 0;
	*ret_rip = cpu->pc;
	*soft = false;
	switch (f->kind) {
	case FAULT_PAGE:
		if (f->code == X86_PF_NONCANONICAL) {
			*vector = X86_EXC_GP;
			return;
		}
		*vector = X86_EXC_PF;
		*err = f->code;
		x86_cpu(cpu)->cr2 = f->addr;
		return;
	case FAULT_ARCH:
		*vector = (unsigned)f->code & 0xff;
		*has_err = f->code & X86_FAULT_HAS_ERR;
		*soft = f->code & X86_FAULT_SOFT_INT;
		*err = *has_err ? f->value : 0;
		if (*soft || *vector == X86_EXC_DB)
			*ret_rip = cpu->pc + (*soft ? f->value : 0);
		return;
	default: /* no RAM or device there, a misaligned cmpxchg16b */
		*vector = X86_EXC_GP;
		return;
	}
}

static void triple_fault(struct x86_cpu *x)
{
	struct soft_cpu *cpu = &x->common;
	char msg[96];

	snprintf(msg, sizeof(msg), "guest triple fault on vCPU %u (rip 0x%" PRIx64 ")",
		 cpu->vcpu.id, cpu->pc);
	cpu->halted = true;
	vm_request_stop(cpu->vcpu.vm, VM_STOP_ERROR, msg);
}

/* Classes of the double-fault rules (SDM vol. 3, 6.15, table 6-5). */
enum exc_class { EXC_BENIGN, EXC_CONTRIBUTORY, EXC_PAGE_FAULT, EXC_DOUBLE };

static enum exc_class exc_class(unsigned vector, bool soft)
{
	if (soft)
		return EXC_BENIGN;
	switch (vector) {
	case X86_EXC_DE:
	case X86_EXC_TS:
	case X86_EXC_NP:
	case X86_EXC_SS:
	case X86_EXC_GP:
		return EXC_CONTRIBUTORY;
	case X86_EXC_PF:
		return EXC_PAGE_FAULT;
	case X86_EXC_DF:
		return EXC_DOUBLE;
	default:
		return EXC_BENIGN;
	}
}

/* Deliver the pending fault; a fault while delivering it is delivered in turn, or becomes #DF
 * (contributory on contributory, anything but benign on a page fault), or during #DF a triple
 * fault. */
/* Delivery as the mode has it: IVT (real mode), 32-bit IDT, 64-bit IDT (long mode). */
static int deliver_any(struct x86_cpu *x, unsigned vector, bool has_err, uint64_t err,
		       uint64_t ret_rip, bool soft)
{
	if (!(x->cr0 & X86_CR0_PE))
		return x86_deliver_real(x, vector, ret_rip);
	if (!(x->efer & X86_EFER_LMA))
		return x86_deliver_prot32(x, vector, has_err, err, ret_rip, soft);
	return deliver(x, vector, has_err, err, ret_rip, soft);
}

void x86_do_trap(struct soft_cpu *cpu)
{
	struct x86_cpu *x = x86_cpu(cpu);
	enum exc_class first = EXC_BENIGN;

	for (unsigned depth = 0; depth < 4; depth++) {
		unsigned vector;
		bool has_err, soft;
		uint64_t err, ret_rip;
		enum exc_class now;

		fault_to_vector(cpu, &vector, &has_err, &err, &ret_rip, &soft);
		soft_cpu_clear_fault(cpu);
		now = exc_class(vector, soft);
		if (depth && first == EXC_DOUBLE && now != EXC_BENIGN)
			break;
		if (depth && now != EXC_BENIGN &&
		    (first == EXC_PAGE_FAULT ||
		     (first == EXC_CONTRIBUTORY && now == EXC_CONTRIBUTORY))) {
			vector = X86_EXC_DF;
			has_err = true;
			err = 0;
			soft = false;
			now = EXC_DOUBLE;
		}
		if (!deliver_any(x, vector, has_err, err, ret_rip, soft))
			return;
		first = now;
	}
	soft_cpu_clear_fault(cpu);
	triple_fault(x);
}

void x86_deliver_interrupt(struct x86_cpu *x, unsigned vector)
{
	if (deliver_any(x, vector, false, 0, x->common.pc, false))
		x86_do_trap(&x->common);
}

/* iretq (and iretd): rip, cs, rflags, rsp, ss from the stack. */
uint64_t x86_helper_iret(struct soft_cpu *cpu, uint64_t a, uint64_t size, uint64_t next_pc)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint64_t v[5], sp = cpu->slots[X86_RSP], rf, mask = X86_FLAGS_WRITABLE;
	unsigned new_cpl;

	if (!(x->efer & X86_EFER_LMA)) {
		if (!x86_iret_legacy(x, (unsigned)size)) {
			x->nmi_blocked = false;
			vcpu_request(&cpu->vcpu, EXIT_REQ_IRQ);
		}
		return 0;
	}

	for (unsigned i = 0; i < 5; i++)
		if (mmu_load(cpu, sp + i * size, (unsigned)size, &v[i]))
			return 0;
	new_cpl = SEL_RPL(v[1]);
	if (new_cpl < x->cpl || (v[1] & ~3u) == 0) {
		raise_err(cpu, X86_EXC_GP, v[1] & ~3u);
		return 0;
	}
	if (x->cpl > 0)
		mask &= ~(uint64_t)X86_IOPL;
	if (x->cpl > ((x86_get_rflags(cpu) & X86_IOPL) >> 12))
		mask &= ~(uint64_t)X86_IF;
	rf = (x86_get_rflags(cpu) & ~mask) | (v[2] & mask);
	x86_set_rflags(cpu, rf);
	cpu->slots[X86_RSP] = v[3];
	x86_set_segment(x, X86_SS, &(struct x86_segment){.selector = (uint16_t)v[4]});
	set_cs(x, (uint16_t)v[1], new_cpl);
	cpu->pc = v[0];
	x->nmi_blocked = false;
	vcpu_request(&cpu->vcpu, EXIT_REQ_IRQ);
	return 0;
}

uint64_t x86_helper_syscall(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t next_pc)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint64_t rf = x86_get_rflags(cpu);

	if (!(x->efer & X86_EFER_SCE)) {
		vcpu_raise(cpu, X86_EXC_UD, 0);
		return 0;
	}
	cpu->slots[X86_RCX] = next_pc;
	cpu->slots[X86_R8 + 3] = rf & ~(uint64_t)X86_RF; /* r11 */
	x86_set_rflags(cpu, rf & ~x->sfmask & ~(uint64_t)X86_RF);
	set_cs(x, (uint16_t)(x->star >> 32), 0);
	x86_set_segment(x, X86_SS,
			&(struct x86_segment){.selector = (uint16_t)((x->star >> 32) + 8)});
	cpu->pc = x->lstar;
	return 0;
}

uint64_t x86_helper_sysret(struct soft_cpu *cpu, uint64_t a, uint64_t size, uint64_t next_pc)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint64_t rcx = cpu->slots[X86_RCX], base = (x->star >> 48) & 0xffff;

	if (!(x->efer & X86_EFER_SCE)) {
		vcpu_raise(cpu, X86_EXC_UD, 0);
		return 0;
	}
	if (size != 8 || (uint64_t)((int64_t)(rcx << 16) >> 16) != rcx) {
		raise_err(cpu, X86_EXC_GP, 0); /* compatibility-mode return, non-canonical rip */
		return 0;
	}
	x86_set_rflags(cpu, (cpu->slots[X86_R8 + 3] & X86_FLAGS_WRITABLE & ~(uint64_t)X86_RF));
	set_cs(x, (uint16_t)(base + 16), 3);
	x86_set_segment(x, X86_SS, &(struct x86_segment){.selector = (uint16_t)((base + 8) | 3)});
	cpu->pc = rcx;
	vcpu_request(&cpu->vcpu, EXIT_REQ_IRQ);
	return 0;
}

/* sysenter: ring 0 at SYSENTER_EIP/ESP with CS from SYSENTER_CS (64-bit, as Intel CPUs do in
 * long mode). */
uint64_t x86_helper_sysenter(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t next_pc)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint16_t cs = (uint16_t)(x->sysenter_cs & ~3u);

	if (!(cs & ~7u)) {
		raise_err(cpu, X86_EXC_GP, 0);
		return 0;
	}
	x86_set_rflags(cpu, x86_get_rflags(cpu) & ~(uint64_t)(X86_IF | X86_VM | X86_RF));
	set_cs(x, cs, 0);
	x86_set_segment(x, X86_SS, &(struct x86_segment){.selector = (uint16_t)(cs + 8)});
	cpu->slots[X86_RSP] = x->sysenter_esp;
	cpu->pc = x->sysenter_eip;
	return 0;
}

/* sysexit with REX.W (to 64-bit ring 3: CS = SYSENTER_CS + 32, rip = rdx, rsp = rcx); the
 * 32-bit form returns to compatibility mode, which is not translated: #UD. */
uint64_t x86_helper_sysexit(struct soft_cpu *cpu, uint64_t a, uint64_t size, uint64_t next_pc)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint16_t cs = (uint16_t)(x->sysenter_cs & ~3u);

	if (size != 8) {
		log_warn_limited("x86_64: 32-bit sysexit (to compatibility mode) is not supported");
		vcpu_raise(cpu, X86_EXC_UD, 0);
		return 0;
	}
	if (!(cs & ~7u)) {
		raise_err(cpu, X86_EXC_GP, 0);
		return 0;
	}
	set_cs(x, (uint16_t)(cs + 32), 3);
	x86_set_segment(x, X86_SS, &(struct x86_segment){.selector = (uint16_t)((cs + 40) | 3)});
	cpu->slots[X86_RSP] = cpu->slots[X86_RCX];
	cpu->pc = cpu->slots[X86_RDX];
	vcpu_request(&cpu->vcpu, EXIT_REQ_IRQ);
	return 0;
}

uint64_t x86_helper_swapgs(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint64_t gs = cpu->slots[X86_SLOT_GS_BASE];

	cpu->slots[X86_SLOT_GS_BASE] = x->kernel_gs_base;
	x->kernel_gs_base = gs;
	return 0;
}

uint64_t x86_helper_hlt(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t next_pc)
{
	cpu->pc = next_pc;
	if (!x86_wakeup_pending(cpu))
		cpu->halted = true;
	return 0;
}

/* cli/sti at CPL > IOPL: #GP (no virtual interrupt flags). */
static bool if_allowed(struct soft_cpu *cpu)
{
	if (x86_cpu(cpu)->cpl <= ((cpu->slots[X86_SLOT_RFLAGS] & X86_IOPL) >> 12))
		return true;
	raise_err(cpu, X86_EXC_GP, 0);
	return false;
}

uint64_t x86_helper_cli(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm)
{
	if (if_allowed(cpu))
		cpu->slots[X86_SLOT_RFLAGS] &= ~(uint64_t)X86_IF;
	return 0;
}

uint64_t x86_helper_sti(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t next_pc)
{
	if (!if_allowed(cpu))
		return 0;
	if (!(cpu->slots[X86_SLOT_RFLAGS] & X86_IF)) {
		x86_cpu(cpu)->sti_shadow = true;
		x86_cpu(cpu)->shadow_pc = next_pc;
	}
	cpu->slots[X86_SLOT_RFLAGS] |= X86_IF;
	cpu->pc = next_pc;
	vcpu_request(&cpu->vcpu, EXIT_REQ_IRQ);
	return 0;
}

uint64_t x86_helper_popf(struct soft_cpu *cpu, uint64_t v, uint64_t size, uint64_t next_pc)
{
	struct x86_cpu *x = x86_cpu(cpu);
	uint64_t old = x86_get_rflags(cpu), mask = X86_FLAGS_WRITABLE & ~(uint64_t)X86_RF;

	if (x->cpl > 0)
		mask &= ~(uint64_t)X86_IOPL;
	if (x->cpl > ((old & X86_IOPL) >> 12))
		mask &= ~(uint64_t)X86_IF;
	if (size == 2)
		mask &= 0xffff;
	x86_set_rflags(cpu, (old & ~mask) | (v & mask));
	cpu->pc = next_pc;
	vcpu_request(&cpu->vcpu, EXIT_REQ_IRQ);
	return 0;
}

uint64_t x86_helper_invlpg(struct soft_cpu *cpu, uint64_t addr, uint64_t b, uint64_t next_pc)
{
	vcpu_tlb_flush_page(cpu, addr);
	cpu->pc = next_pc;
	return 0;
}

void x86_enter_long_mode(struct x86_cpu *x, uint64_t rip, uint64_t cr3, uint16_t cs, uint16_t ds)
{
	struct soft_cpu *cpu = &x->common;

	x->cr0 = X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE | X86_CR0_WP | X86_CR0_AM |
		 X86_CR0_PG;
	x->cr3 = cr3;
	x->cr4 = X86_CR4_PAE;
	x->efer = X86_EFER_LME | X86_EFER_LMA;
	for (unsigned i = 0; i < X86_NSEGS; i++)
		x86_set_segment(
		    x, i,
		    &(struct x86_segment){.selector = ds, .limit = 0xffffffff, .attr = 0xc093});
	set_cs(x, cs, 0);
	x86_set_rflags(cpu, 0);
	cpu->pc = rip;
	vcpu_tlb_flush(cpu);
}

void x86_dump_soft_state(struct vcpu *v, FILE *out)
{
	static const char *const names[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp",
					      "rsi", "rdi", "r8",  "r9",  "r10", "r11",
					      "r12", "r13", "r14", "r15"};
	struct soft_cpu *cpu = soft_cpu_of(v);
	struct x86_cpu *x = x86_cpu(cpu);

	fprintf(
	    out, "vCPU %u rip %016" PRIx64 " rflags %08" PRIx64 " cpl %u instret %" PRIu64 "%s\n",
	    v->id, cpu->pc, x86_get_rflags(cpu), x->cpl, cpu->instret, cpu->halted ? " (hlt)" : "");
	for (unsigned i = 0; i < 16; i++)
		fprintf(out, "%-3s %016" PRIx64 "%s", names[i], cpu->slots[i],
			(i % 4 == 3) ? "\n" : "  ");
	fprintf(out,
		"cr0 %016" PRIx64 " cr2 %016" PRIx64 " cr3 %016" PRIx64 " cr4 %016" PRIx64 "\n",
		x->cr0, x->cr2, x->cr3, x->cr4);
	fprintf(out,
		"efer %" PRIx64 " cs %04x ss %04x fs.base %016" PRIx64 " gs.base %016" PRIx64 "\n",
		x->efer, x->seg[X86_CS].selector, x->seg[X86_SS].selector,
		cpu->slots[X86_SLOT_FS_BASE], cpu->slots[X86_SLOT_GS_BASE]);
	fprintf(out, "gdt %016" PRIx64 "/%04x idt %016" PRIx64 "/%04x tr %04x\n", x->gdtr.base,
		x->gdtr.limit, x->idtr.base, x->idtr.limit, x->tr.selector);
	fprintf(out, "fcw %04x fsw %04x ftw %02x fop %03x fip %016" PRIx64 " mxcsr %08x\n",
		x->fpu.fcw, x->fpu.fsw, x->fpu.ftw, x->fpu.fop, x->fpu.fip, x->mxcsr);
}
