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
 * bytes).
 *
 * 16- and 32-bit code (the block key names the mode and SS.B): every data
 * address is cut to the address size and gets its segment's base (a slot,
 * so segment loads need not end the block) and is cut to 32 bits; the stack
 * pointer is sp or esp as SS.B says; near branches run in the linear space
 * (cpu->pc = CS.base + EIP): a relative target is next pc + displacement cut
 * to 32 bits (16-bit IP wraparound of relative branches is not modelled),
 * indirect targets and returns get the CS base slot added, calls push
 * next pc - CS base.
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
	if (t->mode != X86_MODE_64) {
		x86_zext(t, a, a, t->in->addrsize);
		ir_alu2(blk, IR_ADD, a, a, x86_seg_base_slot(o->seg));
		ir_alu1(blk, IR_ZEXT32, a, a);
	} else if (t->in->addrsize == 4) {
		ir_alu1(blk, IR_ZEXT32, a, a);
	}
	if (t->mode == X86_MODE_64 && (o->seg == X86_SEG_FS || o->seg == X86_SEG_GS))
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

unsigned x86_seg_base_slot(unsigned seg)
{
	static const uint8_t slot[X86_NSEGS] = {
	    [X86_ES] = X86_SLOT_ES_BASE, [X86_CS] = X86_SLOT_CS_BASE, [X86_SS] = X86_SLOT_SS_BASE,
	    [X86_DS] = X86_SLOT_DS_BASE, [X86_FS] = X86_SLOT_FS_BASE, [X86_GS] = X86_SLOT_GS_BASE,
	};

	return slot[seg < X86_NSEGS ? seg : X86_DS];
}

/* The linear address of stack pointer value sp: itself in 64-bit mode, else SS.base + sp. */
static unsigned stack_addr(struct x86_tr *t, unsigned sp)
{
	unsigned a;

	if (t->mode == X86_MODE_64)
		return sp;
	a = x86_tmp(t);
	x86_zext(t, a, sp, t->ssize);
	ir_alu2(t->blk, IR_ADD, a, a, X86_SLOT_SS_BASE);
	ir_alu1(t->blk, IR_ZEXT32, a, a);
	return a;
}

/* rsp += delta (esp or sp outside 64-bit mode, as SS.B says). */
static void adjust_sp(struct x86_tr *t, unsigned from, int64_t delta)
{
	struct x86_operand sp = {.kind = X86_OPND_REG, .rclass = X86_RC_GPR, .reg = X86_RSP};
	unsigned v = from;

	if (delta) {
		v = x86_tmp(t);
		ir_alu2i(t->blk, IR_ADD, v, from, delta);
	}
	x86_write(t, &sp, t->ssize, v);
}

/* Stack: push val (size bytes), pop into a new temp; rsp is written last. */
static void emit_push(struct x86_tr *t, unsigned val, unsigned size)
{
	unsigned sp = x86_tmp(t);

	ir_alu2i(t->blk, IR_SUB, sp, X86_RSP, size);
	ir_store(t->blk, store_op[x86_lsz(size)], val, stack_addr(t, sp), 0);
	adjust_sp(t, sp, 0);
}

static unsigned emit_pop_value(struct x86_tr *t, unsigned size)
{
	unsigned v = x86_tmp(t);

	ir_load(t->blk, load_op[x86_lsz(size)], v, stack_addr(t, X86_RSP), 0);
	return v;
}

static unsigned stack_size(const struct x86_tr *t)
{
	if (t->mode != X86_MODE_64)
		return t->in->opsize;
	return t->in->opsize == 2 ? 2 : 8;
}

static void tr_push(struct x86_tr *t)
{
	const struct x86_operand *o = &t->in->opnd[0];
	unsigned size = stack_size(t);

	emit_push(t, x86_read(t, o, o->kind == X86_OPND_IMM ? 8 : size), size);
}

/* Loading SS outside 64-bit mode may change the stack size (SS.B, in the block key). */
static void end_after_ss_load(struct x86_tr *t, unsigned seg)
{
	if (seg != X86_SEG_SS || t->mode == X86_MODE_64)
		return;
	ir_exit(t->blk, t->next_pc);
	t->ended = true;
}

static void tr_pop(struct x86_tr *t)
{
	const struct x86_operand *o = &t->in->opnd[0];
	unsigned size = stack_size(t), v = emit_pop_value(t, size);

	if (o->kind == X86_OPND_MEM) {
		x86_write(t, o, size, v);
		adjust_sp(t, X86_RSP, size);
	} else if (o->rclass == X86_RC_SEG) {
		ir_call(t->blk, X86_H_LOAD_SEG, IR_NO_SLOT, v, x86_const(t, o->reg), 0);
		adjust_sp(t, X86_RSP, size);
		end_after_ss_load(t, o->reg);
	} else {
		adjust_sp(t, X86_RSP, size);
		x86_write(t, o, size, v); /* pop rsp: the value wins */
	}
}

static void tr_mov(struct x86_tr *t)
{
	const struct x86_operand *d = &t->in->opnd[0], *s = &t->in->opnd[1];
	unsigned size = d->size ? d->size : t->in->opsize;

	if (d->rclass == X86_RC_CR || d->rclass == X86_RC_DR || s->rclass == X86_RC_CR ||
	    s->rclass == X86_RC_DR) {
		x86_tr_mov_cr(t);
		return;
	}
	if (d->kind == X86_OPND_REG && d->rclass == X86_RC_SEG) {
		if (d->reg == X86_SEG_CS) {
			x86_emit_ud(t);
			return;
		}
		ir_call(t->blk, X86_H_LOAD_SEG, IR_NO_SLOT, x86_read(t, s, 2), x86_const(t, d->reg),
			0);
		end_after_ss_load(t, d->reg);
		return;
	}
	if (s->kind == X86_OPND_REG && s->rclass == X86_RC_SEG) {
		unsigned v = x86_read(t, s, 2);

		x86_write(t, d, d->kind == X86_OPND_MEM ? 2 : size, v);
		return;
	}
	x86_write(t, d, size, x86_read(t, s, size));
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
	uint64_t target = t->next_pc + (uint64_t)o->imm;

	return t->mode == X86_MODE_64 ? target : (uint32_t)target;
}

/* An indirect target or return address (an offset in CS) as a linear pc. */
static unsigned code_target(struct x86_tr *t, unsigned eip, unsigned size)
{
	unsigned r = x86_tmp(t);

	if (t->mode == X86_MODE_64) {
		ir_mov(t->blk, r, eip);
		return r;
	}
	x86_zext(t, r, eip, size);
	ir_alu2(t->blk, IR_ADD, r, r, X86_SLOT_CS_BASE);
	ir_alu1(t->blk, IR_ZEXT32, r, r);
	return r;
}

/* The return address a call pushes: next pc, less CS.base outside 64-bit mode. */
static unsigned return_address(struct x86_tr *t)
{
	unsigned r = x86_const(t, t->next_pc);

	if (t->mode != X86_MODE_64)
		ir_alu2(t->blk, IR_SUB, r, r, X86_SLOT_CS_BASE);
	return r;
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
	unsigned target = IR_NO_SLOT, size = t->mode == X86_MODE_64 ? 8 : t->in->opsize;

	if (o->kind != X86_OPND_REL)
		target = code_target(t, x86_read(t, o, size), size);
	if (call)
		emit_push(t, return_address(t), size);
	if (target == IR_NO_SLOT)
		ir_exit(t->blk, branch_target(t, o));
	else
		ir_exit_ind(t->blk, target);
	t->ended = true;
}

static void tr_ret(struct x86_tr *t)
{
	unsigned size = t->mode == X86_MODE_64 ? 8 : t->in->opsize, v = emit_pop_value(t, size);
	int64_t extra = t->in->nopnd ? t->in->opnd[0].imm & 0xffff : 0;

	v = code_target(t, v, size);
	adjust_sp(t, X86_RSP, size + extra);
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
	unsigned size = stack_size(t), v = x86_tmp(t);
	struct x86_operand bp = {.kind = X86_OPND_REG, .rclass = X86_RC_GPR, .reg = X86_RBP};

	ir_load(t->blk, load_op[x86_lsz(size)], v, stack_addr(t, X86_RBP), 0);
	adjust_sp(t, X86_RBP, size);
	x86_write(t, &bp, size, v);
}

/* String instructions: the helper runs (a bounded number of) iterations and sets the pc. Its
 * id, and 1 for the byte forms (0: the operand size). */
static const struct {
	uint8_t helper, size;
} string_ops[X86_OP_COUNT] = {
    [X86_OP_movsb] = {X86_H_MOVS, 1}, [X86_OP_movs] = {X86_H_MOVS, 0},
    [X86_OP_stosb] = {X86_H_STOS, 1}, [X86_OP_stos] = {X86_H_STOS, 0},
    [X86_OP_lodsb] = {X86_H_LODS, 1}, [X86_OP_lods] = {X86_H_LODS, 0},
    [X86_OP_cmpsb] = {X86_H_CMPS, 1}, [X86_OP_cmps] = {X86_H_CMPS, 0},
    [X86_OP_scasb] = {X86_H_SCAS, 1}, [X86_OP_scas] = {X86_H_SCAS, 0},
    [X86_OP_insb] = {X86_H_INS, 1},   [X86_OP_ins] = {X86_H_INS, 0},
    [X86_OP_outsb] = {X86_H_OUTS, 1}, [X86_OP_outs] = {X86_H_OUTS, 0},
};

static void tr_string(struct x86_tr *t)
{
	const struct x86_inst *in = t->in;
	unsigned helper = string_ops[in->op].helper;
	unsigned size = string_ops[in->op].size ? 1 : in->opsize;
	unsigned rep = (in->prefixes & X86_P_REP)     ? X86_STR_REP
		       : (in->prefixes & X86_P_REPNE) ? X86_STR_REPNE
						      : 0;
	uint64_t opw = size | rep << 4 | (uint64_t)in->addrsize << 8 |
		       (uint64_t)(in->seg & 15) << 12 | (uint64_t)in->len << 16;

	x86_emit_helper_exit(t, helper, x86_const(t, opw), IR_NO_SLOT);
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
	unsigned size = stack_size(t);

	if (pop) {
		unsigned v = emit_pop_value(t, size);

		adjust_sp(t, X86_RSP, size);
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
	x86_zext(t, a, a, t->in->addrsize);
	if (t->mode != X86_MODE_64) {
		ir_alu2(t->blk, IR_ADD, a, a,
			x86_seg_base_slot(t->in->seg == X86_SEG_NONE ? X86_SEG_DS : t->in->seg));
		ir_alu1(t->blk, IR_ZEXT32, a, a);
	}
	ir_load(t->blk, IR_LD8U, v, a, 0);
	x86_write(t, &al, 1, v);
}

static void tr_movzx(struct x86_tr *t)
{
	tr_movx(t, false);
}

static void tr_movsx(struct x86_tr *t)
{
	tr_movx(t, true);
}

static void tr_cbw(struct x86_tr *t)
{
	tr_convert(t, false);
}

static void tr_cwd(struct x86_tr *t)
{
	tr_convert(t, true);
}

static void tr_jmp(struct x86_tr *t)
{
	tr_jmp_call(t, false);
}

static void tr_call(struct x86_tr *t)
{
	tr_jmp_call(t, true);
}

static void tr_pushf(struct x86_tr *t)
{
	tr_pushf_popf(t, false);
}

static void tr_popf(struct x86_tr *t)
{
	tr_pushf_popf(t, true);
}

/* nop, pause, endbr, prefetches, clflush, lfence and sfence (an x86-64 host keeps loads and
 * stores in order already). */
static void tr_nothing(struct x86_tr *t)
{
	(void)t;
}

static void tr_mfence(struct x86_tr *t)
{
	ir_barrier(t->blk, IR_BAR_ALL);
}

static void tr_enter(struct x86_tr *t)
{
	ir_call(t->blk, X86_H_ENTER, IR_NO_SLOT, x86_const(t, t->in->opnd[0].imm & 0xffff),
		x86_const(t, t->in->opnd[1].imm & 0x1f), 0);
}

/* pusha: ax cx dx bx, sp as it was, bp si di; every store before sp changes. */
static void tr_pusha(struct x86_tr *t)
{
	unsigned size = t->in->opsize;

	for (unsigned r = 0; r < 8; r++) {
		unsigned a = x86_tmp(t);

		ir_alu2i(t->blk, IR_SUB, a, X86_RSP, (int64_t)size * (r + 1));
		ir_store(t->blk, store_op[x86_lsz(size)], r, stack_addr(t, a), 0);
	}
	adjust_sp(t, X86_RSP, -(int64_t)(8 * size));
}

/* popa: di si bp (sp skipped) bx dx cx ax; every load before a register changes. */
static void tr_popa(struct x86_tr *t)
{
	unsigned size = t->in->opsize, v[8];

	for (unsigned r = 0; r < 8; r++) {
		unsigned a = x86_tmp(t);

		v[r] = x86_tmp(t);
		ir_alu2i(t->blk, IR_ADD, a, X86_RSP, (int64_t)size * (7 - r));
		ir_load(t->blk, load_op[x86_lsz(size)], v[r], stack_addr(t, a), 0);
	}
	adjust_sp(t, X86_RSP, 8 * size);
	for (unsigned r = 0; r < 8; r++) {
		struct x86_operand reg = {.kind = X86_OPND_REG, .rclass = X86_RC_GPR, .reg = r};

		if (r != X86_RSP)
			x86_write(t, &reg, size, v[r]);
	}
}

/* les, lds, lss, lfs, lgs: offset to the register, selector to the segment register. */
static void tr_load_far_ptr(struct x86_tr *t)
{
	static const uint8_t seg_of[X86_OP_COUNT] = {[X86_OP_les] = X86_SEG_ES,
						     [X86_OP_lds] = X86_SEG_DS,
						     [X86_OP_lss] = X86_SEG_SS,
						     [X86_OP_lfs] = X86_SEG_FS,
						     [X86_OP_lgs] = X86_SEG_GS};
	const struct x86_inst *in = t->in;
	unsigned seg = seg_of[in->op], a = x86_addr(t, &in->opnd[1]), sa = x86_tmp(t);
	unsigned off = x86_tmp(t), sel = x86_tmp(t);

	ir_load(t->blk, load_op[x86_lsz(in->opsize)], off, a, 0);
	ir_alu2i(t->blk, IR_ADD, sa, a, in->opsize);
	ir_load(t->blk, IR_LD16U, sel, sa, 0);
	ir_call(t->blk, X86_H_LOAD_SEG, IR_NO_SLOT, sel, x86_const(t, seg), 0);
	x86_write(t, &in->opnd[0], in->opsize, off);
	end_after_ss_load(t, seg);
}

/* daa das aaa aas aam aad (16/32-bit code only): in a helper, which sets RFLAGS. */
static void tr_bcd(struct x86_tr *t)
{
	uint64_t imm = t->in->nopnd ? (uint64_t)t->in->opnd[0].imm & 0xff : 0;

	ir_call(t->blk, X86_H_BCD, IR_NO_SLOT, x86_const(t, t->in->op), x86_const(t, imm), 0);
	t->cc = X86_CC_UNKNOWN;
}

/* salc: al = CF ? 0xff : 0 (16/32-bit code only). */
static void tr_salc(struct x86_tr *t)
{
	struct x86_operand al = {.kind = X86_OPND_REG, .rclass = X86_RC_GPR, .reg = X86_RAX};
	unsigned v = x86_tmp(t);

	ir_alu2(t->blk, IR_SUB, v, x86_const(t, 0), x86_carry(t));
	x86_write(t, &al, 1, v);
}

/* The user-level instructions, by mnemonic (translate_system.c has the system ones). */
static const x86_tr_fn tr_table[X86_OP_COUNT] = {
    [X86_OP_mov] = tr_mov,
    [X86_OP_movzx] = tr_movzx,
    [X86_OP_movsx] = tr_movsx,
    [X86_OP_movsxd] = tr_movsx,
    [X86_OP_lea] = tr_lea,
    [X86_OP_xchg] = tr_xchg,
    [X86_OP_push] = tr_push,
    [X86_OP_pop] = tr_pop,
    [X86_OP_cbw] = tr_cbw,
    [X86_OP_cwd] = tr_cwd,
    [X86_OP_setcc] = tr_setcc,
    [X86_OP_cmovcc] = tr_cmov,
    [X86_OP_jcc] = tr_jcc,
    [X86_OP_jmp] = tr_jmp,
    [X86_OP_call] = tr_call,
    [X86_OP_ret] = tr_ret,
    [X86_OP_loop] = tr_loop,
    [X86_OP_loope] = tr_loop,
    [X86_OP_loopne] = tr_loop,
    [X86_OP_jrcxz] = tr_loop,
    [X86_OP_enter] = tr_enter,
    [X86_OP_pusha] = tr_pusha,
    [X86_OP_salc] = tr_salc,
    [X86_OP_daa] = tr_bcd,
    [X86_OP_das] = tr_bcd,
    [X86_OP_aaa] = tr_bcd,
    [X86_OP_aas] = tr_bcd,
    [X86_OP_aam] = tr_bcd,
    [X86_OP_aad] = tr_bcd,
    [X86_OP_popa] = tr_popa,
    [X86_OP_les] = tr_load_far_ptr,
    [X86_OP_lds] = tr_load_far_ptr,
    [X86_OP_lss] = tr_load_far_ptr,
    [X86_OP_lfs] = tr_load_far_ptr,
    [X86_OP_lgs] = tr_load_far_ptr,
    [X86_OP_leave] = tr_leave,
    [X86_OP_bswap] = tr_bswap,
    [X86_OP_xlatb] = tr_xlat,
    [X86_OP_pushf] = tr_pushf,
    [X86_OP_popf] = tr_popf,
    [X86_OP_clc] = tr_flag_op,
    [X86_OP_stc] = tr_flag_op,
    [X86_OP_cmc] = tr_flag_op,
    [X86_OP_cld] = tr_flag_op,
    [X86_OP_std] = tr_flag_op,
    [X86_OP_lahf] = tr_flag_op,
    [X86_OP_sahf] = tr_flag_op,
    [X86_OP_movsb] = tr_string,
    [X86_OP_movs] = tr_string,
    [X86_OP_stosb] = tr_string,
    [X86_OP_stos] = tr_string,
    [X86_OP_lodsb] = tr_string,
    [X86_OP_lods] = tr_string,
    [X86_OP_cmpsb] = tr_string,
    [X86_OP_cmps] = tr_string,
    [X86_OP_scasb] = tr_string,
    [X86_OP_scas] = tr_string,
    [X86_OP_insb] = tr_string,
    [X86_OP_ins] = tr_string,
    [X86_OP_outsb] = tr_string,
    [X86_OP_outs] = tr_string,
    [X86_OP_nop] = tr_nothing,
    [X86_OP_pause] = tr_nothing,
    [X86_OP_endbr64] = tr_nothing,
    [X86_OP_endbr32] = tr_nothing,
    [X86_OP_prefetchw] = tr_nothing,
    [X86_OP_prefetchnta] = tr_nothing,
    [X86_OP_prefetcht0] = tr_nothing,
    [X86_OP_prefetcht1] = tr_nothing,
    [X86_OP_prefetcht2] = tr_nothing,
    [X86_OP_clflush] = tr_nothing,
    [X86_OP_lfence] = tr_nothing,
    [X86_OP_sfence] = tr_nothing,
    [X86_OP_mfence] = tr_mfence,
    [X86_OP_add] = x86_tr_binop,
    [X86_OP_or] = x86_tr_binop,
    [X86_OP_adc] = x86_tr_binop,
    [X86_OP_sbb] = x86_tr_binop,
    [X86_OP_and] = x86_tr_binop,
    [X86_OP_sub] = x86_tr_binop,
    [X86_OP_xor] = x86_tr_binop,
    [X86_OP_cmp] = x86_tr_binop,
    [X86_OP_test] = x86_tr_binop,
    [X86_OP_not] = x86_tr_unary,
    [X86_OP_neg] = x86_tr_unary,
    [X86_OP_inc] = x86_tr_unary,
    [X86_OP_dec] = x86_tr_unary,
    [X86_OP_rol] = x86_tr_shift,
    [X86_OP_ror] = x86_tr_shift,
    [X86_OP_rcl] = x86_tr_shift,
    [X86_OP_rcr] = x86_tr_shift,
    [X86_OP_shl] = x86_tr_shift,
    [X86_OP_sal] = x86_tr_shift,
    [X86_OP_shr] = x86_tr_shift,
    [X86_OP_sar] = x86_tr_shift,
    [X86_OP_shld] = x86_tr_shift_double,
    [X86_OP_shrd] = x86_tr_shift_double,
    [X86_OP_mul] = x86_tr_mul,
    [X86_OP_imul] = x86_tr_imul,
    [X86_OP_div] = x86_tr_div,
    [X86_OP_idiv] = x86_tr_div,
    [X86_OP_bt] = x86_tr_bit,
    [X86_OP_bts] = x86_tr_bit,
    [X86_OP_btr] = x86_tr_bit,
    [X86_OP_btc] = x86_tr_bit,
    [X86_OP_bsf] = x86_tr_bitscan,
    [X86_OP_bsr] = x86_tr_bitscan,
    [X86_OP_popcnt] = x86_tr_bitscan,
    [X86_OP_xadd] = x86_tr_xadd,
    [X86_OP_cmpxchg] = x86_tr_cmpxchg,
    [X86_OP_cmpxchg8b] = x86_tr_cmpxchg16b,
    [X86_OP_cmpxchg16b] = x86_tr_cmpxchg16b,
    [X86_OP_crc32] = x86_tr_crc32,
};

static void x86_translate_one(struct x86_tr *t)
{
	const struct x86_inst *in = t->in;
	x86_tr_fn fn;

	if (in->ud) {
		x86_emit_raise(t, in->ud == X86_UD_TOO_LONG ? X86_EXC_GP : X86_EXC_UD,
			       in->ud == X86_UD_TOO_LONG, 0);
		return;
	}
	if (x86_is_privileged(in) && X86_BF_CPL(t->blk->flags)) {
		x86_emit_raise(t, X86_EXC_GP, true, 0);
		return;
	}
	if (x86_translate_atomic(t))
		return;
	fn = tr_table[in->op] ? tr_table[in->op] : x86_tr_system[in->op];
	if (fn)
		fn(t);
	else if (!x86_translate_x87(t) && !x86_translate_sse(t))
		x86_emit_ud(t);
}

/* Fetch and decode the instruction at pc: the bytes left on its page first, the rest only if
 * decoding needs them. Returns 0, or -1 with the fetch fault recorded. */
static int x86_fetch_decode(struct soft_cpu *cpu, uint64_t pc, uint8_t *buf, struct x86_inst *in,
			    enum x86_mode mode)
{
	unsigned on_page = PAGE_SIZE - (unsigned)(pc & ~PAGE_MASK);
	unsigned avail = on_page < X86_MAX_LEN ? on_page : X86_MAX_LEN;
	int rc;

	if (mmu_fetch(cpu, pc, avail, buf))
		return -1;
	rc = x86_decode(in, buf, avail, mode);
	if (rc == -EAGAIN) {
		if (mmu_fetch(cpu, pc + avail, X86_MAX_LEN - avail, buf + avail))
			return -1;
		rc = x86_decode(in, buf, X86_MAX_LEN, mode);
	}
	return rc;
}

uint32_t x86_block_flags(struct soft_cpu *cpu)
{
	struct x86_cpu *x = x86_cpu(cpu);

	unsigned mode = x86_code_mode(x);
	/* SS.B only outside 64-bit mode: 64-bit code does not look at it */
	bool ss32 = mode != X86_MODE_64 && (x->seg[X86_SS].attr & X86_SEG_ATTR_D);

	return x->cpl | mode << 6 | (ss32 ? X86_BF_SS32 : 0) |
	       ((x->cr0 & X86_CR0_PG) ? X86_BF_PG : 0) | ((x->cr0 & X86_CR0_EM) ? X86_BF_EM : 0) |
	       ((x->cr0 & X86_CR0_TS) ? X86_BF_TS : 0) |
	       ((x->cr4 & X86_CR4_OSFXSR) ? 0 : X86_BF_NOFXSR) |
	       ((x->sti_shadow && cpu->pc == x->shadow_pc) ? X86_BF_SHADOW : 0);
}

int x86_translate_block(struct soft_cpu *cpu, struct ir_block *blk)
{
	struct x86_tr t = {.blk = blk, .cc = X86_CC_UNKNOWN, .mode = X86_BF_MODE(blk->flags)};
	uint64_t page = blk->pc & PAGE_MASK, pc = blk->pc;

	t.ssize = t.mode == X86_MODE_64 ? 8 : (blk->flags & X86_BF_SS32) ? 4 : 2;
	for (;;) {
		struct x86_inst in;
		uint8_t bytes[X86_MAX_LEN + 1];
		bool first = blk->nguest == 0;

		if (!first &&
		    ((pc & PAGE_MASK) != page || (blk->flags & X86_BF_SHADOW) ||
		     !ir_block_has_room(blk, X86_MAX_IR_PER_INSN, X86_MAX_TEMPS_PER_INSN))) {
			ir_exit(blk, pc);
			break;
		}
		if (x86_fetch_decode(cpu, pc, bytes, &in, t.mode)) {
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
		if (first && (blk->flags & X86_BF_SHADOW))
			ir_call(blk, X86_H_SHADOW_END, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
		x86_translate_one(&t);
		pc = t.next_pc;
		if (t.ended)
			break;
	}
	blk->end_pc = pc;
	return 0;
}
