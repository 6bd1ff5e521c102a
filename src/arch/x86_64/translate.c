/*
 * translate.c - x86-64 guest code to IR, one block at a time: fetch and
 * decode (x86_decode.c), operand access, moves, stack, control flow and
 * the instructions that run in a helper (alu.c has the arithmetic).
 *
 * A block is a run of instructions from cpu->pc that start on one guest
 * page. It ends after a jump, call, return or any instruction whose helper
 * sets the pc (string instructions, hlt, control-register and MSR writes,
 * sti, popf, iretq, syscall ...), before an instruction that cannot be
 * fetched, and when the IR block is full.
 *
 * Invariants: guest register slots (the cc slots included) are written
 * only after every op of the instruction that may trap (cpu.h); an
 * encoding FVP does not implement raises #UD (#GP for one longer than 15
 * bytes); only 64-bit code is translated (other modes raise #UD, logged).
 */
#include <errno.h>
#include "arch/x86_64/translate.h"
#include "core/log.h"
#include "mem/mmu.h"

_Static_assert((int)X86_SEG_FS == (int)X86_FS && (int)X86_SEG_GS == (int)X86_GS &&
		   (int)X86_SEG_SS == (int)X86_SS,
	       "the decoder's segment numbers are the CPU's");

/* Generous bounds on one instruction's IR (the flags of a condition, a merge, a push). */
#define X86_MAX_IR_PER_INSN    80
#define X86_MAX_TEMPS_PER_INSN 40

unsigned x86_tmp(struct x86_tr *t)
{
	return ir_temp(t->blk);
}

unsigned x86_const(struct x86_tr *t, uint64_t v)
{
	unsigned r = x86_tmp(t);

	ir_movi(t->blk, r, (int64_t)v);
	return r;
}

void x86_zext(struct x86_tr *t, unsigned dst, unsigned src, unsigned size)
{
	static const enum ir_op op[4] = {IR_ZEXT8, IR_ZEXT16, IR_ZEXT32, IR_MOV};

	ir_alu1(t->blk, op[x86_lsz(size)], dst, src);
}

void x86_sext(struct x86_tr *t, unsigned dst, unsigned src, unsigned size)
{
	static const enum ir_op op[4] = {IR_SEXT8, IR_SEXT16, IR_SEXT32, IR_MOV};

	ir_alu1(t->blk, op[x86_lsz(size)], dst, src);
}

unsigned x86_addr(struct x86_tr *t, const struct x86_operand *o)
{
	struct ir_block *blk = t->blk;
	unsigned a;

	if (t->addr != IR_NO_SLOT)
		return t->addr;
	a = x86_tmp(t);
	if (o->rip) {
		ir_movi(blk, a, (int64_t)(t->next_pc + (uint64_t)o->disp));
	} else if (o->base >= 0) {
		ir_alu2i(blk, IR_ADD, a, (unsigned)o->base, o->disp);
	} else {
		ir_movi(blk, a, o->disp);
	}
	if (o->index >= 0) {
		unsigned ix = (unsigned)o->index;

		if (o->scale > 1) {
			ix = x86_tmp(t);
			ir_alu2i(blk, IR_SHL, ix, (unsigned)o->index, __builtin_ctz(o->scale));
		}
		ir_alu2(blk, IR_ADD, a, a, ix);
	}
	if (t->in->addrsize == 4)
		ir_alu1(blk, IR_ZEXT32, a, a);
	if (o->seg == X86_SEG_FS || o->seg == X86_SEG_GS)
		ir_alu2(blk, IR_ADD, a, a,
			o->seg == X86_SEG_FS ? X86_SLOT_FS_BASE : X86_SLOT_GS_BASE);
	t->addr = a;
	return a;
}

static const enum ir_op load_op[4] = {IR_LD8U, IR_LD16U, IR_LD32U, IR_LD64};
static const enum ir_op store_op[4] = {IR_ST8, IR_ST16, IR_ST32, IR_ST64};

unsigned x86_read(struct x86_tr *t, const struct x86_operand *o, unsigned size)
{
	unsigned r;

	switch (o->kind) {
	case X86_OPND_REG:
		if (o->rclass == X86_RC_SEG) {
			r = x86_tmp(t);
			ir_call(t->blk, X86_H_READ_SEG, r, x86_const(t, o->reg), IR_NO_SLOT, 0);
			return r;
		}
		if (o->high8) {
			r = x86_tmp(t);
			ir_alu2i(t->blk, IR_SHR, r, o->reg - 4u, 8);
			ir_alu1(t->blk, IR_ZEXT8, r, r);
			return r;
		}
		if (size == 8)
			return o->reg;
		r = x86_tmp(t);
		x86_zext(t, r, o->reg, size);
		return r;
	case X86_OPND_MEM:
		r = x86_tmp(t);
		ir_load(t->blk, load_op[x86_lsz(size)], r, x86_addr(t, o), 0);
		return r;
	default:
		return x86_const(t, (uint64_t)o->imm & x86_mask(size));
	}
}

unsigned x86_read_raw(struct x86_tr *t, const struct x86_operand *o, unsigned size)
{
	if (o->kind == X86_OPND_REG && o->rclass == X86_RC_GPR && !o->high8)
		return o->reg;
	return x86_read(t, o, size);
}

/* reg = reg with bits [shift, shift + 8 * size) replaced by val's low bits. */
static void merge_reg(struct x86_tr *t, unsigned reg, unsigned val, unsigned size, unsigned shift)
{
	unsigned keep = x86_tmp(t), part = x86_tmp(t);

	ir_alu2i(t->blk, IR_AND, keep, reg, (int64_t) ~(x86_mask(size) << shift));
	x86_zext(t, part, val, size);
	if (shift)
		ir_alu2i(t->blk, IR_SHL, part, part, shift);
	ir_alu2(t->blk, IR_OR, reg, keep, part);
}

void x86_write(struct x86_tr *t, const struct x86_operand *o, unsigned size, unsigned val)
{
	if (o->kind == X86_OPND_MEM) {
		ir_store(t->blk, store_op[x86_lsz(size)], val, x86_addr(t, o), 0);
		return;
	}
	if (o->high8)
		merge_reg(t, o->reg - 4u, val, 1, 8);
	else if (size == 8)
		ir_mov(t->blk, o->reg, val);
	else if (size == 4)
		ir_alu1(t->blk, IR_ZEXT32, o->reg, val);
	else
		merge_reg(t, o->reg, val, size, 0);
}

void x86_emit_raise(struct x86_tr *t, unsigned vector, bool has_err, uint64_t err)
{
	uint64_t code = vector | (has_err ? X86_FAULT_HAS_ERR : 0);

	ir_call(t->blk, X86_H_RAISE, IR_NO_SLOT, x86_const(t, code), x86_const(t, err), 0);
	ir_exit(t->blk, t->next_pc); /* unreachable; keeps the block well formed */
	t->ended = true;
}

void x86_emit_ud(struct x86_tr *t)
{
	x86_emit_raise(t, X86_EXC_UD, false, 0);
}

void x86_emit_helper_exit(struct x86_tr *t, unsigned id, unsigned a, unsigned b)
{
	ir_call(t->blk, id, IR_NO_SLOT, a, b, (int64_t)t->next_pc);
	ir_exit_cpu(t->blk);
	t->ended = true;
	t->cc = X86_CC_UNKNOWN;
}

/* Raise a software interrupt (int n, int3): pushed rip is the next instruction's. */
static void emit_soft_int(struct x86_tr *t, unsigned vector)
{
	uint64_t code = vector | X86_FAULT_SOFT_INT;

	ir_call(t->blk, X86_H_RAISE, IR_NO_SLOT, x86_const(t, code), x86_const(t, t->in->len), 0);
	ir_exit(t->blk, t->next_pc);
	t->ended = true;
}

/* Stack: push val (size bytes), pop into a new temp; rsp is written last. */
static void emit_push(struct x86_tr *t, unsigned val, unsigned size)
{
	unsigned sp = x86_tmp(t);

	ir_alu2i(t->blk, IR_SUB, sp, X86_RSP, size);
	ir_store(t->blk, store_op[x86_lsz(size)], val, sp, 0);
	ir_mov(t->blk, X86_RSP, sp);
}

static unsigned emit_pop_value(struct x86_tr *t, unsigned size)
{
	unsigned v = x86_tmp(t);

	ir_load(t->blk, load_op[x86_lsz(size)], v, X86_RSP, 0);
	return v;
}

static unsigned stack_size(const struct x86_inst *in)
{
	return in->opsize == 2 ? 2 : 8;
}

static void tr_push(struct x86_tr *t)
{
	const struct x86_operand *o = &t->in->opnd[0];
	unsigned size = stack_size(t->in);

	emit_push(t, x86_read(t, o, o->kind == X86_OPND_IMM ? 8 : size), size);
}

static void tr_pop(struct x86_tr *t)
{
	const struct x86_operand *o = &t->in->opnd[0];
	unsigned size = stack_size(t->in), v = emit_pop_value(t, size);

	if (o->kind == X86_OPND_MEM) {
		x86_write(t, o, size, v);
		ir_alu2i(t->blk, IR_ADD, X86_RSP, X86_RSP, size);
	} else if (o->rclass == X86_RC_SEG) {
		ir_call(t->blk, X86_H_LOAD_SEG, IR_NO_SLOT, v, x86_const(t, o->reg), 0);
		ir_alu2i(t->blk, IR_ADD, X86_RSP, X86_RSP, size);
	} else {
		ir_alu2i(t->blk, IR_ADD, X86_RSP, X86_RSP, size);
		x86_write(t, o, size, v); /* pop rsp: the value wins */
	}
}

static void tr_mov(struct x86_tr *t)
{
	const struct x86_operand *d = &t->in->opnd[0], *s = &t->in->opnd[1];
	unsigned size = d->size ? d->size : t->in->opsize;

	if (d->kind == X86_OPND_REG && d->rclass == X86_RC_SEG) {
		if (d->reg == X86_SEG_CS) {
			x86_emit_ud(t);
			return;
		}
		ir_call(t->blk, X86_H_LOAD_SEG, IR_NO_SLOT, x86_read(t, s, 2), x86_const(t, d->reg),
			0);
		return;
	}
	if (s->kind == X86_OPND_REG && s->rclass == X86_RC_SEG) {
		unsigned v = x86_read(t, s, 2);

		x86_write(t, d, d->kind == X86_OPND_MEM ? 2 : size, v);
		return;
	}
	x86_write(t, d, size, x86_read(t, s, size));
}

static void tr_mov_cr(struct x86_tr *t)
{
	const struct x86_operand *d = &t->in->opnd[0], *s = &t->in->opnd[1];

	if (X86_BF_CPL(t->blk->flags)) {
		x86_emit_raise(t, X86_EXC_GP, true, 0);
		return;
	}
	if (d->rclass == X86_RC_CR) {
		x86_emit_helper_exit(t, X86_H_WRITE_CR, s->reg, x86_const(t, d->reg));
	} else if (s->rclass == X86_RC_CR) {
		unsigned v = x86_tmp(t);

		ir_call(t->blk, X86_H_READ_CR, v, x86_const(t, s->reg), IR_NO_SLOT, 0);
		ir_mov(t->blk, d->reg, v);
	} else if (s->rclass == X86_RC_DR) {
		/* Debug registers read their reset values; writes are ignored (no hardware
		 * breakpoints yet). */
		ir_movi(t->blk, d->reg, s->reg == 6 ? 0xffff0ff0 : s->reg == 7 ? 0x400 : 0);
	}
}

static void tr_movx(struct x86_tr *t, bool sign)
{
	const struct x86_operand *d = &t->in->opnd[0], *s = &t->in->opnd[1];
	unsigned v = x86_read(t, s, s->size), r = x86_tmp(t);

	if (sign)
		x86_sext(t, r, v, s->size);
	else
		ir_mov(t->blk, r, v);
	x86_write(t, d, t->in->opsize, r);
}

static void tr_lea(struct x86_tr *t)
{
	struct x86_operand m = t->in->opnd[1];

	m.seg = X86_SEG_NONE; /* lea computes the offset: no segment base */
	x86_write(t, &t->in->opnd[0], t->in->opsize, x86_addr(t, &m));
}

static void tr_xchg(struct x86_tr *t)
{
	const struct x86_operand *a = &t->in->opnd[0], *b = &t->in->opnd[1];
	unsigned size = t->in->opsize == 8 || a->size == 0 ? t->in->opsize : a->size;
	unsigned va = x86_tmp(t), vb = x86_tmp(t);

	ir_mov(t->blk, va, x86_read(t, a, size));
	ir_mov(t->blk, vb, x86_read(t, b, size));
	/* the memory operand (if any) is a: store first, it may trap */
	x86_write(t, a, size, vb);
	x86_write(t, b, size, va);
}

/* cbw/cwde/cdqe and cwd/cdq/cqo. */
static void tr_convert(struct x86_tr *t, bool to_rdx)
{
	unsigned size = t->in->opsize, r = x86_tmp(t);
	struct x86_operand ax = {.kind = X86_OPND_REG, .rclass = X86_RC_GPR, .reg = X86_RAX};
	struct x86_operand dx = {.kind = X86_OPND_REG, .rclass = X86_RC_GPR, .reg = X86_RDX};

	if (to_rdx) {
		x86_sext(t, r, X86_RAX, size);
		ir_alu2i(t->blk, IR_SAR, r, r, 63);
		x86_write(t, &dx, size, r);
	} else {
		x86_sext(t, r, X86_RAX, size / 2);
		x86_write(t, &ax, size, r);
	}
}

static void tr_setcc(struct x86_tr *t)
{
	x86_write(t, &t->in->opnd[0], 1, x86_cond(t, t->in->cc));
}

static void tr_cmov(struct x86_tr *t)
{
	const struct x86_operand *d = &t->in->opnd[0];
	unsigned size = t->in->opsize, v = x86_read(t, &t->in->opnd[1], size);
	unsigned old = x86_read(t, d, size), c = x86_cond(t, t->in->cc), r = x86_tmp(t);

	ir_alu3(t->blk, IR_SELECT, r, v, old, c);
	x86_write(t, d, size, r); /* a 32-bit cmov zero-extends even when it does not move */
}

static uint64_t branch_target(const struct x86_tr *t, const struct x86_operand *o)
{
	return t->next_pc + (uint64_t)o->imm;
}

static void tr_jcc(struct x86_tr *t)
{
	x86_branch(t, t->in->cc, branch_target(t, &t->in->opnd[0]));
	ir_exit(t->blk, t->next_pc);
	t->ended = true;
}

static void tr_jmp_call(struct x86_tr *t, bool call)
{
	const struct x86_operand *o = &t->in->opnd[0];
	unsigned target = IR_NO_SLOT;

	if (o->kind != X86_OPND_REL) {
		target = x86_tmp(t);
		ir_mov(t->blk, target, x86_read(t, o, 8));
	}
	if (call)
		emit_push(t, x86_const(t, t->next_pc), 8);
	if (target == IR_NO_SLOT)
		ir_exit(t->blk, branch_target(t, o));
	else
		ir_exit_ind(t->blk, target);
	t->ended = true;
}

static void tr_ret(struct x86_tr *t)
{
	unsigned v = emit_pop_value(t, 8);
	int64_t extra = t->in->nopnd ? t->in->opnd[0].imm & 0xffff : 0;

	ir_alu2i(t->blk, IR_ADD, X86_RSP, X86_RSP, 8 + extra);
	ir_exit_ind(t->blk, v);
	t->ended = true;
}

/* loop, loope, loopne, jrcxz: the counter is rcx or ecx (address size). */
static void tr_loop(struct x86_tr *t)
{
	struct ir_block *blk = t->blk;
	unsigned asz = t->in->addrsize, cnt = x86_tmp(t), go = x86_tmp(t);
	struct x86_operand cx = {.kind = X86_OPND_REG, .rclass = X86_RC_GPR, .reg = X86_RCX};
	uint16_t op = t->in->op;

	x86_zext(t, cnt, X86_RCX, asz);
	if (op == X86_OP_jrcxz) {
		ir_alu2i(blk, IR_SETEQ, go, cnt, 0);
	} else {
		ir_alu2i(blk, IR_SUB, cnt, cnt, 1);
		x86_zext(t, cnt, cnt, asz);
		ir_alu2i(blk, IR_SETNE, go, cnt, 0);
		if (op != X86_OP_loop)
			ir_alu2(blk, IR_AND, go, go, x86_cond(t, op == X86_OP_loope ? 5 : 4));
		x86_write(t, &cx, asz, cnt);
	}
	ir_br(blk, IR_BRNE, go, x86_const(t, 0), branch_target(t, &t->in->opnd[0]));
	ir_exit(blk, t->next_pc);
	t->ended = true;
}

static void tr_leave(struct x86_tr *t)
{
	unsigned size = stack_size(t->in), v = x86_tmp(t);
	struct x86_operand bp = {.kind = X86_OPND_REG, .rclass = X86_RC_GPR, .reg = X86_RBP};

	ir_load(t->blk, load_op[x86_lsz(size)], v, X86_RBP, 0);
	ir_alu2i(t->blk, IR_ADD, X86_RSP, X86_RBP, size);
	x86_write(t, &bp, size, v);
}

/* String instructions: the helper runs (a bounded number of) iterations and sets the pc. */
static void tr_string(struct x86_tr *t, unsigned helper)
{
	const struct x86_inst *in = t->in;
	unsigned size = in->op == X86_OP_movsb || in->op == X86_OP_cmpsb ||
				in->op == X86_OP_stosb || in->op == X86_OP_lodsb ||
				in->op == X86_OP_scasb || in->op == X86_OP_insb ||
				in->op == X86_OP_outsb
			    ? 1
			    : in->opsize;
	unsigned rep = (in->prefixes & X86_P_REP)     ? X86_STR_REP
		       : (in->prefixes & X86_P_REPNE) ? X86_STR_REPNE
						      : 0;
	uint64_t opw = size | rep << 4 | (uint64_t)in->addrsize << 8 |
		       (uint64_t)(in->seg & 15) << 12 | (uint64_t)in->len << 16;

	x86_emit_helper_exit(t, helper, x86_const(t, opw), IR_NO_SLOT);
}

static void tr_in_out(struct x86_tr *t, bool out)
{
	const struct x86_inst *in = t->in;
	const struct x86_operand *port_o = &in->opnd[out ? 0 : 1], *acc = &in->opnd[out ? 1 : 0];
	unsigned size = acc->size, port = x86_tmp(t);

	if (port_o->kind == X86_OPND_IMM)
		ir_movi(t->blk, port, port_o->imm & 0xff);
	else
		ir_alu1(t->blk, IR_ZEXT16, port, X86_RDX);
	if (out) {
		ir_call(t->blk, X86_H_OUT, IR_NO_SLOT, port, x86_read(t, acc, size), size);
	} else {
		unsigned v = x86_tmp(t);

		ir_call(t->blk, X86_H_IN, v, port, IR_NO_SLOT, size);
		x86_write(t, acc, size, v);
	}
}

/* clc, stc, cmc, cld, std, lahf, sahf. */
static void tr_flag_op(struct x86_tr *t)
{
	struct ir_block *blk = t->blk;
	unsigned f = X86_SLOT_RFLAGS;

	switch (t->in->op) {
	case X86_OP_cld:
		ir_alu2i(blk, IR_AND, f, f, ~(int64_t)X86_DF);
		return;
	case X86_OP_std:
		ir_alu2i(blk, IR_OR, f, f, X86_DF);
		return;
	case X86_OP_lahf: {
		unsigned v = x86_tmp(t);
		struct x86_operand ah = {.kind = X86_OPND_REG, .reg = 4, .high8 = true};

		ir_call(blk, X86_H_PUSHF, v, IR_NO_SLOT, IR_NO_SLOT, 0);
		x86_write(t, &ah, 1, v);
		return;
	}
	default:
		break;
	}
	x86_flush_flags(t);
	if (t->in->op == X86_OP_clc) {
		ir_alu2i(blk, IR_AND, f, f, ~(int64_t)X86_CF);
	} else if (t->in->op == X86_OP_stc) {
		ir_alu2i(blk, IR_OR, f, f, X86_CF);
	} else if (t->in->op == X86_OP_cmc) {
		ir_alu2i(blk, IR_XOR, f, f, X86_CF);
	} else { /* sahf: SF ZF AF PF CF from ah */
		unsigned v = x86_tmp(t), keep = x86_tmp(t);
		const int64_t bits = X86_SF | X86_ZF | X86_AF | X86_PF | X86_CF;

		ir_alu2i(blk, IR_SHR, v, X86_RAX, 8);
		ir_alu2i(blk, IR_AND, v, v, bits);
		ir_alu2i(blk, IR_AND, keep, f, ~bits);
		ir_alu2(blk, IR_OR, f, keep, v);
	}
}

static void tr_pushf_popf(struct x86_tr *t, bool pop)
{
	unsigned size = stack_size(t->in);

	if (pop) {
		unsigned v = emit_pop_value(t, size);

		ir_alu2i(t->blk, IR_ADD, X86_RSP, X86_RSP, size);
		x86_emit_helper_exit(t, X86_H_POPF, v, x86_const(t, size));
	} else {
		unsigned v = x86_tmp(t);

		ir_call(t->blk, X86_H_PUSHF, v, IR_NO_SLOT, IR_NO_SLOT, 0);
		emit_push(t, v, size);
	}
}

static void tr_bswap(struct x86_tr *t)
{
	const struct x86_operand *o = &t->in->opnd[0];
	unsigned r = x86_tmp(t);

	ir_alu1(t->blk, IR_BSWAP64, r, o->reg);
	if (t->in->opsize == 4)
		ir_alu2i(t->blk, IR_SHR, r, r, 32);
	x86_write(t, o, t->in->opsize, r);
}

static void tr_xlat(struct x86_tr *t)
{
	unsigned a = x86_tmp(t), v = x86_tmp(t);
	struct x86_operand al = {.kind = X86_OPND_REG, .reg = X86_RAX};

	ir_alu1(t->blk, IR_ZEXT8, a, X86_RAX);
	ir_alu2(t->blk, IR_ADD, a, a, X86_RBX);
	if (t->in->addrsize == 4)
		ir_alu1(t->blk, IR_ZEXT32, a, a);
	ir_load(t->blk, IR_LD8U, v, a, 0);
	x86_write(t, &al, 1, v);
}

/* Privileged instructions (CPL 0 only) that run in a helper. */
static bool tr_system(struct x86_tr *t)
{
	const struct x86_inst *in = t->in;
	const struct x86_operand *o = &in->opnd[0];
	unsigned v;

	switch (in->op) {
	case X86_OP_hlt:
		x86_emit_helper_exit(t, X86_H_HLT, IR_NO_SLOT, IR_NO_SLOT);
		return true;
	case X86_OP_wrmsr:
		x86_emit_helper_exit(t, X86_H_WRMSR, IR_NO_SLOT, IR_NO_SLOT);
		return true;
	case X86_OP_rdmsr:
		ir_call(t->blk, X86_H_RDMSR, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
		return true;
	case X86_OP_lgdt:
	case X86_OP_lidt:
		ir_call(t->blk, X86_H_LOAD_DTR, IR_NO_SLOT, x86_addr(t, o),
			x86_const(t, in->op == X86_OP_lidt), 0);
		return true;
	case X86_OP_ltr:
	case X86_OP_lldt:
		ir_call(t->blk, X86_H_LTR, IR_NO_SLOT, x86_read(t, o, 2),
			x86_const(t, in->op == X86_OP_lldt), 0);
		return true;
	case X86_OP_invlpg:
		x86_emit_helper_exit(t, X86_H_INVLPG, x86_addr(t, o), IR_NO_SLOT);
		return true;
	case X86_OP_swapgs:
		ir_call(t->blk, X86_H_SWAPGS, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
		return true;
	case X86_OP_sysret:
		x86_emit_helper_exit(t, X86_H_SYSRET, IR_NO_SLOT, x86_const(t, in->opsize));
		return true;
	case X86_OP_sysexit:
		x86_emit_helper_exit(t, X86_H_SYSEXIT, IR_NO_SLOT, x86_const(t, in->opsize));
		return true;
	case X86_OP_mov:
		tr_mov_cr(t);
		return true;
	case X86_OP_wbinvd:
	case X86_OP_invd:
		return true; /* no caches to write back */
	case X86_OP_smsw:
		v = x86_tmp(t);
		ir_call(t->blk, X86_H_READ_CR, v, x86_const(t, 0), IR_NO_SLOT, 0);
		x86_write(t, o, o->kind == X86_OPND_MEM ? 2 : in->opsize, v);
		return true;
	default:
		return false;
	}
}

static bool is_privileged(const struct x86_inst *in)
{
	switch (in->op) {
	case X86_OP_hlt:
	case X86_OP_wrmsr:
	case X86_OP_rdmsr:
	case X86_OP_lgdt:
	case X86_OP_lidt:
	case X86_OP_ltr:
	case X86_OP_lldt:
	case X86_OP_invlpg:
	case X86_OP_swapgs:
	case X86_OP_sysret:
	case X86_OP_sysexit:
	case X86_OP_wbinvd:
	case X86_OP_invd:
		return true;
	case X86_OP_mov:
		return in->opnd[0].rclass == X86_RC_CR || in->opnd[0].rclass == X86_RC_DR ||
		       in->opnd[1].rclass == X86_RC_CR || in->opnd[1].rclass == X86_RC_DR;
	default:
		return false;
	}
}

/* Instructions that are moves, stack, control flow or a helper of their own. */
static bool tr_misc(struct x86_tr *t)
{
	const struct x86_inst *in = t->in;

	switch (in->op) {
	case X86_OP_mov:
		tr_mov(t);
		return true;
	case X86_OP_movzx:
		tr_movx(t, false);
		return true;
	case X86_OP_movsx:
	case X86_OP_movsxd:
		tr_movx(t, true);
		return true;
	case X86_OP_lea:
		tr_lea(t);
		return true;
	case X86_OP_xchg:
		tr_xchg(t);
		return true;
	case X86_OP_push:
		tr_push(t);
		return true;
	case X86_OP_pop:
		tr_pop(t);
		return true;
	case X86_OP_cbw:
	case X86_OP_cwd:
		tr_convert(t, in->op == X86_OP_cwd);
		return true;
	case X86_OP_setcc:
		tr_setcc(t);
		return true;
	case X86_OP_cmovcc:
		tr_cmov(t);
		return true;
	case X86_OP_jcc:
		tr_jcc(t);
		return true;
	case X86_OP_jmp:
	case X86_OP_call:
		tr_jmp_call(t, in->op == X86_OP_call);
		return true;
	case X86_OP_ret:
		tr_ret(t);
		return true;
	case X86_OP_loop:
	case X86_OP_loope:
	case X86_OP_loopne:
	case X86_OP_jrcxz:
		tr_loop(t);
		return true;
	case X86_OP_leave:
		tr_leave(t);
		return true;
	case X86_OP_bswap:
		tr_bswap(t);
		return true;
	case X86_OP_xlatb:
		tr_xlat(t);
		return true;
	default:
		return false;
	}
}

/* Instructions that run in a helper or are no-ops. */
static bool tr_helper_insn(struct x86_tr *t)
{
	const struct x86_inst *in = t->in;
	static const struct {
		uint16_t op, helper;
	} strings[] = {
	    {X86_OP_movsb, X86_H_MOVS}, {X86_OP_movs, X86_H_MOVS},  {X86_OP_stosb, X86_H_STOS},
	    {X86_OP_stos, X86_H_STOS},	{X86_OP_lodsb, X86_H_LODS}, {X86_OP_lods, X86_H_LODS},
	    {X86_OP_cmpsb, X86_H_CMPS}, {X86_OP_cmps, X86_H_CMPS},  {X86_OP_scasb, X86_H_SCAS},
	    {X86_OP_scas, X86_H_SCAS},	{X86_OP_insb, X86_H_INS},   {X86_OP_ins, X86_H_INS},
	    {X86_OP_outsb, X86_H_OUTS}, {X86_OP_outs, X86_H_OUTS},
	};

	for (unsigned i = 0; i < ARRAY_SIZE(strings); i++) {
		if (strings[i].op == in->op) {
			tr_string(t, strings[i].helper);
			return true;
		}
	}
	switch (in->op) {
	case X86_OP_nop:
	case X86_OP_pause:
	case X86_OP_endbr64:
	case X86_OP_endbr32:
	case X86_OP_prefetchw:
	case X86_OP_prefetchnta:
	case X86_OP_prefetcht0:
	case X86_OP_prefetcht1:
	case X86_OP_prefetcht2:
	case X86_OP_clflush:
	case X86_OP_lfence: /* x86-64 hosts order loads already */
	case X86_OP_sfence:
		return true;
	case X86_OP_mfence:
		ir_barrier(t->blk, IR_BAR_ALL);
		return true;
	case X86_OP_in:
	case X86_OP_out:
		tr_in_out(t, in->op == X86_OP_out);
		return true;
	case X86_OP_cpuid:
		ir_call(t->blk, X86_H_CPUID, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
		return true;
	case X86_OP_rdtsc:
	case X86_OP_rdtscp:
		ir_call(t->blk, X86_H_RDTSC, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT,
			in->op == X86_OP_rdtscp);
		return true;
	case X86_OP_int3:
		emit_soft_int(t, X86_EXC_BP);
		return true;
	case X86_OP_int:
		emit_soft_int(t, (unsigned)in->opnd[0].imm & 0xff);
		return true;
	case X86_OP_int1:
		x86_emit_raise(t, X86_EXC_DB, false, 0);
		return true;
	case X86_OP_iret:
		x86_emit_helper_exit(t, X86_H_IRET, IR_NO_SLOT, x86_const(t, in->opsize));
		return true;
	case X86_OP_syscall:
		x86_emit_helper_exit(t, X86_H_SYSCALL, IR_NO_SLOT, IR_NO_SLOT);
		return true;
	case X86_OP_sysenter:
		x86_emit_helper_exit(t, X86_H_SYSENTER, IR_NO_SLOT, IR_NO_SLOT);
		return true;
	case X86_OP_cli:
		ir_call(t->blk, X86_H_CLI, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
		return true;
	case X86_OP_sti:
		x86_emit_helper_exit(t, X86_H_STI, IR_NO_SLOT, IR_NO_SLOT);
		return true;
	case X86_OP_pushf:
	case X86_OP_popf:
		tr_pushf_popf(t, in->op == X86_OP_popf);
		return true;
	case X86_OP_clc:
	case X86_OP_stc:
	case X86_OP_cmc:
	case X86_OP_cld:
	case X86_OP_std:
	case X86_OP_lahf:
	case X86_OP_sahf:
		tr_flag_op(t);
		return true;
	case X86_OP_sgdt:
	case X86_OP_sidt:
		ir_call(t->blk, X86_H_STORE_DTR, IR_NO_SLOT, x86_addr(t, &in->opnd[0]),
			x86_const(t, in->op == X86_OP_sidt), 0);
		return true;
	case X86_OP_enter:
		ir_call(t->blk, X86_H_ENTER, IR_NO_SLOT, x86_const(t, in->opnd[0].imm & 0xffff),
			x86_const(t, in->opnd[1].imm & 0x1f), 0);
		return true;
	default:
		return false;
	}
}

static void x86_translate_one(struct x86_tr *t)
{
	const struct x86_inst *in = t->in;

	if (in->ud) {
		x86_emit_raise(t, in->ud == X86_UD_TOO_LONG ? X86_EXC_GP : X86_EXC_UD,
			       in->ud == X86_UD_TOO_LONG, 0);
		return;
	}
	if (is_privileged(in)) {
		if (X86_BF_CPL(t->blk->flags))
			x86_emit_raise(t, X86_EXC_GP, true, 0);
		else if (!tr_system(t))
			x86_emit_ud(t);
		return;
	}
	if (x86_translate_atomic(t) || tr_misc(t) || x86_translate_alu(t) || tr_helper_insn(t))
		return;
	x86_emit_ud(t); /* x87, MMX, SSE and the rest: not implemented yet */
}

/* Fetch and decode the instruction at pc: the bytes left on its page first, the rest only if
 * decoding needs them. Returns 0, or -1 with the fetch fault recorded. */
static int x86_fetch_decode(struct soft_cpu *cpu, uint64_t pc, uint8_t *buf, struct x86_inst *in)
{
	unsigned on_page = PAGE_SIZE - (unsigned)(pc & ~PAGE_MASK);
	unsigned avail = on_page < X86_MAX_LEN ? on_page : X86_MAX_LEN;
	int rc;

	if (mmu_fetch(cpu, pc, avail, buf))
		return -1;
	rc = x86_decode(in, buf, avail, X86_MODE_64);
	if (rc == -EAGAIN) {
		if (mmu_fetch(cpu, pc + avail, X86_MAX_LEN - avail, buf + avail))
			return -1;
		rc = x86_decode(in, buf, X86_MAX_LEN, X86_MODE_64);
	}
	return rc;
}

uint32_t x86_block_flags(struct soft_cpu *cpu)
{
	struct x86_cpu *x = x86_cpu(cpu);

	return x->cpl | ((x->cr0 & X86_CR0_PG) ? X86_BF_PG : 0);
}

int x86_translate_block(struct soft_cpu *cpu, struct ir_block *blk)
{
	struct x86_tr t = {.blk = blk, .cc = X86_CC_UNKNOWN};
	uint64_t page = blk->pc & PAGE_MASK, pc = blk->pc;
	bool long_mode = x86_cpu(cpu)->seg[X86_CS].attr & X86_SEG_ATTR_L;

	for (;;) {
		struct x86_inst in;
		uint8_t bytes[X86_MAX_LEN + 1];
		bool first = blk->nguest == 0;

		if (!first &&
		    ((pc & PAGE_MASK) != page ||
		     !ir_block_has_room(blk, X86_MAX_IR_PER_INSN, X86_MAX_TEMPS_PER_INSN))) {
			ir_exit(blk, pc);
			break;
		}
		if (x86_fetch_decode(cpu, pc, bytes, &in)) {
			if (first)
				return -1;
			soft_cpu_clear_fault(cpu); /* raised when this pc runs, not now */
			ir_exit(blk, pc);
			break;
		}
		t.in = &in;
		t.pc = pc;
		t.next_pc = pc + in.len;
		t.addr = IR_NO_SLOT;
		ir_begin_guest(blk, pc, bytes, in.len);
		if (!long_mode) {
			log_warn_limited("x86_64: 16/32-bit code at %#llx is not translated yet",
					 (unsigned long long)pc);
			x86_emit_ud(&t);
		} else {
			x86_translate_one(&t);
		}
		pc = t.next_pc;
		if (t.ended)
			break;
	}
	blk->end_pc = pc;
	return 0;
}
