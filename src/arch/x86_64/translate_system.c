/*
 * translate_system.c - the x86-64 system instructions to IR: control and
 * debug registers, MSRs, descriptor tables, task register, invlpg, swapgs,
 * the fast system calls, hlt, cli/sti, iretq, software interrupts, cpuid,
 * rdtsc and port I/O. Nearly all run in a helper (helpers.h); those that
 * change the translation mode or the pc end the block (EXIT_CPU).
 *
 * Invariant: the privileged ones (x86_is_privileged) are reached only at
 * CPL 0 (x86_translate_one raises #GP(0) for them at CPL 3, from the block
 * flags), so their helpers check only what can change at run time (IOPL
 * for cli/sti and port I/O, EFER.SCE, SYSENTER_CS).
 */
#include "arch/x86_64/translate.h"

/* Debug registers read their reset values and ignore writes (no hardware breakpoints). */
#define X86_DR6_RESET 0xffff0ff0u
#define X86_DR7_RESET 0x400u

bool x86_is_privileged(const struct x86_inst *in)
{
	static const bool privileged[X86_OP_COUNT] = {
	    [X86_OP_hlt] = true,    [X86_OP_wrmsr] = true,   [X86_OP_rdmsr] = true,
	    [X86_OP_lgdt] = true,   [X86_OP_lidt] = true,    [X86_OP_ltr] = true,
	    [X86_OP_lldt] = true,   [X86_OP_invlpg] = true,  [X86_OP_swapgs] = true,
	    [X86_OP_sysret] = true, [X86_OP_sysexit] = true, [X86_OP_wbinvd] = true,
	    [X86_OP_invd] = true,   [X86_OP_lmsw] = true,    [X86_OP_clts] = true,
	};
	const struct x86_operand *a = &in->opnd[0], *b = &in->opnd[1];

	if (in->op == X86_OP_mov)
		return a->rclass == X86_RC_CR || a->rclass == X86_RC_DR || b->rclass == X86_RC_CR ||
		       b->rclass == X86_RC_DR;
	return privileged[in->op];
}

void x86_tr_mov_cr(struct x86_tr *t)
{
	const struct x86_operand *d = &t->in->opnd[0], *s = &t->in->opnd[1];
	unsigned v;

	if (d->rclass == X86_RC_CR) {
		x86_emit_helper_exit(t, X86_H_WRITE_CR, s->reg, x86_const(t, d->reg));
	} else if (s->rclass == X86_RC_CR) {
		v = x86_tmp(t);
		ir_call(t->blk, X86_H_READ_CR, v, x86_const(t, s->reg), IR_NO_SLOT, 0);
		ir_mov(t->blk, d->reg, v);
	} else if (s->rclass == X86_RC_DR) {
		ir_movi(t->blk, d->reg,
			s->reg == 6   ? X86_DR6_RESET
			: s->reg == 7 ? X86_DR7_RESET
				      : 0);
	}
}

static void tr_hlt(struct x86_tr *t)
{
	x86_emit_helper_exit(t, X86_H_HLT, IR_NO_SLOT, IR_NO_SLOT);
}

static void tr_wrmsr(struct x86_tr *t)
{
	x86_emit_helper_exit(t, X86_H_WRMSR, IR_NO_SLOT, IR_NO_SLOT);
}

static void tr_rdmsr(struct x86_tr *t)
{
	ir_call(t->blk, X86_H_RDMSR, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
}

/* lgdt, lidt (b = 1 for the IDT), sgdt, sidt. */
static void tr_dtr(struct x86_tr *t)
{
	uint16_t op = t->in->op;
	bool idt = op == X86_OP_lidt || op == X86_OP_sidt;
	bool load = op == X86_OP_lgdt || op == X86_OP_lidt;

	ir_call(t->blk, load ? X86_H_LOAD_DTR : X86_H_STORE_DTR, IR_NO_SLOT,
		x86_addr(t, &t->in->opnd[0]), x86_const(t, idt),
		t->mode == X86_MODE_64 ? 8 : t->in->opsize);
}

static void tr_ltr(struct x86_tr *t)
{
	ir_call(t->blk, X86_H_LTR, IR_NO_SLOT, x86_read(t, &t->in->opnd[0], 2),
		x86_const(t, t->in->op == X86_OP_lldt), 0);
}

/* lar, lsl (register destination), verr, verw: all in the helper, which sets ZF. */
static void tr_desc_query(struct x86_tr *t)
{
	const struct x86_inst *in = t->in;
	bool has_dst = in->op == X86_OP_lar || in->op == X86_OP_lsl;
	const struct x86_operand *sel = &in->opnd[has_dst ? 1 : 0];
	uint64_t b =
	    in->op | (has_dst ? (uint64_t)in->opnd[0].reg << 16 | (uint64_t)in->opsize << 24 : 0);

	ir_call(t->blk, X86_H_DESC_QUERY, IR_NO_SLOT, x86_read(t, sel, 2), x86_const(t, b), 0);
	t->cc = X86_CC_UNKNOWN;
}

static void tr_invlpg(struct x86_tr *t)
{
	x86_emit_helper_exit(t, X86_H_INVLPG, x86_addr(t, &t->in->opnd[0]), IR_NO_SLOT);
}

static void tr_swapgs(struct x86_tr *t)
{
	ir_call(t->blk, X86_H_SWAPGS, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
}

/* syscall, sysret, sysenter, sysexit: b = the operand size (sysret/sysexit's REX.W). */
static void tr_fast_call(struct x86_tr *t)
{
	static const uint8_t helper[X86_OP_COUNT] = {
	    [X86_OP_syscall] = X86_H_SYSCALL,
	    [X86_OP_sysret] = X86_H_SYSRET,
	    [X86_OP_sysenter] = X86_H_SYSENTER,
	    [X86_OP_sysexit] = X86_H_SYSEXIT,
	};

	x86_emit_helper_exit(t, helper[t->in->op], IR_NO_SLOT, x86_const(t, t->in->opsize));
}

/* clts and lmsw: CR0 read, changed in IR, written back by the helper (which ends the block).
 * lmsw loads PE MP EM TS from its operand but cannot clear PE. */
static void tr_cr0_bits(struct x86_tr *t)
{
	unsigned v = x86_tmp(t);

	ir_call(t->blk, X86_H_READ_CR, v, x86_const(t, 0), IR_NO_SLOT, 0);
	if (t->in->op == X86_OP_clts) {
		ir_alu2i(t->blk, IR_AND, v, v, ~(int64_t)X86_CR0_TS);
	} else {
		unsigned src = x86_tmp(t), pe = x86_tmp(t);

		ir_alu2i(t->blk, IR_AND, src, x86_read(t, &t->in->opnd[0], 2), 0xf);
		ir_alu2i(t->blk, IR_AND, pe, v, X86_CR0_PE);
		ir_alu2i(t->blk, IR_AND, v, v, ~(int64_t)0xf);
		ir_alu2(t->blk, IR_OR, v, v, src);
		ir_alu2(t->blk, IR_OR, v, v, pe);
	}
	x86_emit_helper_exit(t, X86_H_WRITE_CR, v, x86_const(t, 0));
}

static void tr_smsw(struct x86_tr *t)
{
	const struct x86_operand *o = &t->in->opnd[0];
	unsigned v = x86_tmp(t);

	ir_call(t->blk, X86_H_READ_CR, v, x86_const(t, 0), IR_NO_SLOT, 0);
	x86_write(t, o, o->kind == X86_OPND_MEM ? 2 : t->in->opsize, v);
}

static void tr_cli(struct x86_tr *t)
{
	ir_call(t->blk, X86_H_CLI, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
}

static void tr_sti(struct x86_tr *t)
{
	x86_emit_helper_exit(t, X86_H_STI, IR_NO_SLOT, IR_NO_SLOT);
}

/* ljmp/lcall: ptr16:16/32 (two immediates) or m16:16/32/64 (offset, then selector). */
static void tr_far_jump(struct x86_tr *t)
{
	const struct x86_inst *in = t->in;
	unsigned sel, off, size = in->opsize;
	uint64_t call = in->op == X86_OP_lcall ? 1 : 0;

	if (in->opnd[0].kind == X86_OPND_IMM) {
		off = x86_const(t, (uint64_t)in->opnd[0].imm);
		sel = x86_const(t, (uint64_t)in->opnd[1].imm & 0xffff);
	} else {
		unsigned a = x86_addr(t, &in->opnd[0]), sa = x86_tmp(t);

		off = x86_tmp(t);
		sel = x86_tmp(t);
		ir_load(t->blk, size == 2 ? IR_LD16U : size == 4 ? IR_LD32U : IR_LD64, off, a, 0);
		ir_alu2i(t->blk, IR_ADD, sa, a, size);
		ir_load(t->blk, IR_LD16U, sel, sa, 0);
	}
	ir_call(t->blk, X86_H_FAR_JUMP, IR_NO_SLOT, sel, off,
		(int64_t)(t->next_pc | (uint64_t)size << 56 | call << 60));
	ir_exit_cpu(t->blk);
	t->ended = true;
	t->cc = X86_CC_UNKNOWN;
}

/* retf, retfq: eip (rip), then cs, popped by the helper (same privilege only). */
static void tr_far_ret(struct x86_tr *t)
{
	int64_t extra = t->in->nopnd ? t->in->opnd[0].imm & 0xffff : 0;

	ir_call(t->blk, X86_H_FAR_RET, IR_NO_SLOT, x86_const(t, (uint64_t)extra), IR_NO_SLOT,
		t->in->opsize);
	ir_exit_cpu(t->blk);
	t->ended = true;
	t->cc = X86_CC_UNKNOWN;
}

static void tr_iret(struct x86_tr *t)
{
	x86_emit_helper_exit(t, X86_H_IRET, IR_NO_SLOT, x86_const(t, t->in->opsize));
}

/* int3, int n, into, int1: int3, int n and into (when OF is set) push the next instruction's rip
 * (SOFT_INT, with the length as the value); int1 is #DB. */
static void tr_int(struct x86_tr *t)
{
	uint16_t op = t->in->op;
	unsigned vector = op == X86_OP_int3   ? X86_EXC_BP
			  : op == X86_OP_int1 ? X86_EXC_DB
			  : op == X86_OP_into ? X86_EXC_OF
					      : (unsigned)t->in->opnd[0].imm & 0xff;

	if (op == X86_OP_int1) {
		x86_emit_raise(t, X86_EXC_DB, false, 0);
		return;
	}
	if (op == X86_OP_into) /* only with OF set: else on to the next instruction */
		x86_branch(t, 1, t->next_pc);
	ir_call(t->blk, X86_H_RAISE, IR_NO_SLOT, x86_const(t, vector | X86_FAULT_SOFT_INT),
		x86_const(t, t->in->len), 0);
	ir_exit(t->blk, t->next_pc);
	t->ended = true;
}

static void tr_cpuid(struct x86_tr *t)
{
	ir_call(t->blk, X86_H_CPUID, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
}

static void tr_rdtsc(struct x86_tr *t)
{
	ir_call(t->blk, X86_H_RDTSC, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT,
		t->in->op == X86_OP_rdtscp);
}

/* in, out: the port from an immediate or dx, the accumulator of the operand's size. */
static void tr_in_out(struct x86_tr *t)
{
	const struct x86_inst *in = t->in;
	bool out = in->op == X86_OP_out;
	const struct x86_operand *port_o = &in->opnd[out ? 0 : 1], *acc = &in->opnd[out ? 1 : 0];
	unsigned size = acc->size, port = x86_tmp(t), v;

	if (port_o->kind == X86_OPND_IMM)
		ir_movi(t->blk, port, port_o->imm & 0xff);
	else
		ir_alu1(t->blk, IR_ZEXT16, port, X86_RDX);
	if (out) {
		ir_call(t->blk, X86_H_OUT, IR_NO_SLOT, port, x86_read(t, acc, size), size);
		return;
	}
	v = x86_tmp(t);
	ir_call(t->blk, X86_H_IN, v, port, IR_NO_SLOT, size);
	x86_write(t, acc, size, v);
}

/* wbinvd, invd: there are no caches to write back or drop. */
static void tr_no_cache(struct x86_tr *t)
{
	(void)t;
}

const x86_tr_fn x86_tr_system[X86_OP_COUNT] = {
    [X86_OP_hlt] = tr_hlt,	     [X86_OP_wrmsr] = tr_wrmsr,
    [X86_OP_rdmsr] = tr_rdmsr,	     [X86_OP_lgdt] = tr_dtr,
    [X86_OP_lidt] = tr_dtr,	     [X86_OP_sgdt] = tr_dtr,
    [X86_OP_sidt] = tr_dtr,	     [X86_OP_ltr] = tr_ltr,
    [X86_OP_lldt] = tr_ltr,	     [X86_OP_invlpg] = tr_invlpg,
    [X86_OP_swapgs] = tr_swapgs,     [X86_OP_syscall] = tr_fast_call,
    [X86_OP_sysret] = tr_fast_call,  [X86_OP_sysenter] = tr_fast_call,
    [X86_OP_sysexit] = tr_fast_call, [X86_OP_smsw] = tr_smsw,
    [X86_OP_cli] = tr_cli,	     [X86_OP_sti] = tr_sti,
    [X86_OP_iret] = tr_iret,	     [X86_OP_ljmp] = tr_far_jump,
    [X86_OP_lcall] = tr_far_jump,    [X86_OP_retf] = tr_far_ret,
    [X86_OP_int3] = tr_int,	     [X86_OP_int] = tr_int,
    [X86_OP_into] = tr_int,	     [X86_OP_int1] = tr_int,
    [X86_OP_cpuid] = tr_cpuid,	     [X86_OP_rdtsc] = tr_rdtsc,
    [X86_OP_rdtscp] = tr_rdtsc,	     [X86_OP_in] = tr_in_out,
    [X86_OP_out] = tr_in_out,	     [X86_OP_wbinvd] = tr_no_cache,
    [X86_OP_invd] = tr_no_cache,     [X86_OP_clts] = tr_cr0_bits,
    [X86_OP_lmsw] = tr_cr0_bits,     [X86_OP_lar] = tr_desc_query,
    [X86_OP_lsl] = tr_desc_query,    [X86_OP_verr] = tr_desc_query,
    [X86_OP_verw] = tr_desc_query,
};
