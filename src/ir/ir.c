/*
 * ir.c - the op info table (generated from the X-macros in ir_ops.h) and the
 * block builder.
 *
 * Builder invariants: ninsns <= IR_MAX_INSNS, ntemps <= IR_MAX_TEMPS and
 * nguest <= IR_MAX_GUEST at all times, and every recorded instruction's bytes
 * lie inside guest_bytes; nothing is ever written outside the block. A
 * frontend is expected to check ir_block_has_room() before each
 * guest instruction; if it overflows the block anyway, the block is marked
 * overflowed (cur_gidx = IR_GIDX_OVERFLOW), further emits are dropped and
 * ir_verify() rejects the block.
 */
#include <stdlib.h>
#include <string.h>
#include "ir/ir.h"
#include "ir/ir_internal.h"

#define F_ALU2	(IR_OPF_HAS_DST | IR_OPF_USES_A | IR_OPF_USES_B)
#define F_ALU2I (IR_OPF_HAS_DST | IR_OPF_USES_A | IR_OPF_IMM)
#define F_ALU1	(IR_OPF_HAS_DST | IR_OPF_USES_A)
#define F_ALU3	(IR_OPF_HAS_DST | IR_OPF_USES_A | IR_OPF_USES_B | IR_OPF_USES_C)
#define F_LOAD	(IR_OPF_HAS_DST | IR_OPF_USES_A | IR_OPF_IMM | IR_OPF_MAY_TRAP)
#define F_STORE (IR_OPF_USES_A | IR_OPF_USES_B | IR_OPF_IMM | IR_OPF_MAY_TRAP | IR_OPF_SIDE)
#define F_BR	(IR_OPF_USES_A | IR_OPF_USES_B | IR_OPF_IMM | IR_OPF_SIDE | IR_OPF_EXIT)
/* CALL operands are optional (IR_NO_SLOT); trapping is per helper (insn.flags). */
#define F_CALL (IR_OPF_HAS_DST | IR_OPF_USES_A | IR_OPF_USES_B | IR_OPF_IMM | IR_OPF_SIDE)

#define IR_IS_COMMUTATIVE(op)                                                                      \
	((op) == IR_ADD || (op) == IR_AND || (op) == IR_OR || (op) == IR_XOR || (op) == IR_XNOR || \
	 (op) == IR_MUL || (op) == IR_MULH || (op) == IR_MULHU || (op) == IR_MIN ||                \
	 (op) == IR_MAX || (op) == IR_MINU || (op) == IR_MAXU || (op) == IR_SETEQ ||               \
	 (op) == IR_SETNE || (op) == IR_ADDW || (op) == IR_MULW || (op) == IR_CARRY ||             \
	 (op) == IR_ADDOV || (op) == IR_CARRY32 || (op) == IR_ADDOV32 || (op) == IR_ADD32 ||       \
	 (op) == IR_MUL32)

const struct ir_op_info ir_op_info[IR_OP_COUNT] = {
#define INFO_BIN(n, t)                                                                             \
	[IR_##n] = {.name = (t),                                                                   \
		    .kind = IR_K_ALU2,                                                             \
		    .flags = F_ALU2 | (IR_IS_COMMUTATIVE(IR_##n) ? IR_OPF_COMMUTES : 0)},          \
	[IR_##n##I] = {.name = t "i", .kind = IR_K_ALU2I, .flags = F_ALU2I},
#define INFO_UN(n, t) [IR_##n] = {.name = (t), .kind = IR_K_ALU1, .flags = F_ALU1},
#define INFO_LD(n, t, w, s)                                                                        \
	[IR_##n] = {                                                                               \
	    .name = (t), .kind = IR_K_LOAD, .flags = F_LOAD, .width = (w), .is_signed = (s)},
#define INFO_ST(n, t, w)                                                                           \
	[IR_##n] = {.name = (t), .kind = IR_K_STORE, .flags = F_STORE, .width = (w)},
#define INFO_BR(n, t)	[IR_##n] = {.name = (t), .kind = IR_K_BR, .flags = F_BR},
#define INFO_TERN(n, t) [IR_##n] = {.name = (t), .kind = IR_K_ALU3, .flags = F_ALU3},
    IR_BINOPS(INFO_BIN) IR_UNOPS(INFO_UN) IR_LOADS(INFO_LD) IR_STORES(INFO_ST) IR_BRANCHES(INFO_BR)
	IR_TERNOPS(INFO_TERN)
#undef INFO_TERN
#undef INFO_BIN
#undef INFO_UN
#undef INFO_LD
#undef INFO_ST
#undef INFO_BR
	    [IR_MOVI] = {.name = "movi", .kind = IR_K_MOVI, .flags = IR_OPF_HAS_DST | IR_OPF_IMM},
    [IR_CALL] = {.name = "call", .kind = IR_K_CALL, .flags = F_CALL},
    [IR_EXIT] = {.name = "exit",
		 .kind = IR_K_EXIT,
		 .flags = IR_OPF_IMM | IR_OPF_SIDE | IR_OPF_EXIT},
    [IR_EXIT_IND] = {.name = "exit_ind",
		     .kind = IR_K_EXIT,
		     .flags = IR_OPF_USES_A | IR_OPF_SIDE | IR_OPF_EXIT},
    [IR_EXIT_CPU] = {.name = "exit_cpu", .kind = IR_K_EXIT, .flags = IR_OPF_SIDE | IR_OPF_EXIT},
    [IR_BARRIER] = {.name = "barrier", .kind = IR_K_BARRIER, .flags = IR_OPF_IMM | IR_OPF_SIDE},
    [IR_NOP] = {.name = "nop", .kind = IR_K_NOP, .flags = 0},
};

/* The immediate form directly follows its register form (see enum ir_op). */
#define IR_CHECK_PAIR(n, t) _Static_assert(IR_##n##I == IR_##n + 1, "imm form follows reg form");
IR_BINOPS(IR_CHECK_PAIR)
#undef IR_CHECK_PAIR

int ir_op_imm_form(enum ir_op op)
{
	if ((unsigned)op >= IR_OP_COUNT || ir_op_info[op].kind != IR_K_ALU2)
		return -1;
	return (int)op + 1;
}

int ir_op_reg_form(enum ir_op op)
{
	if ((unsigned)op >= IR_OP_COUNT || ir_op_info[op].kind != IR_K_ALU2I)
		return -1;
	return (int)op - 1;
}

struct ir_block *ir_block_new(unsigned nregs, const struct ir_helper *helpers,
			      const char *const *reg_names)
{
	struct ir_block *blk;

	if (nregs > IR_MAX_REGS)
		return NULL;
	blk = calloc(1, sizeof(*blk));
	if (!blk)
		return NULL;
	blk->nregs = nregs;
	blk->max_guest = IR_MAX_GUEST;
	blk->helpers = helpers;
	blk->reg_names = reg_names;
	return blk;
}

void ir_block_free(struct ir_block *blk)
{
	free(blk);
}

void ir_block_reset(struct ir_block *blk, uint64_t pc, uint32_t flags)
{
	blk->pc = pc;
	blk->end_pc = pc;
	blk->flags = flags;
	blk->ntemps = 0;
	blk->ninsns = 0;
	blk->nguest = 0;
	blk->max_guest = IR_MAX_GUEST;
	blk->cur_gidx = 0;
}

static inline bool ir_block_overflowed(const struct ir_block *blk)
{
	return blk->cur_gidx == IR_GIDX_OVERFLOW;
}

bool ir_block_has_room(const struct ir_block *blk, unsigned max_ir, unsigned max_temps)
{
	/* One insn stays reserved for the EXIT that ends the block. */
	return !ir_block_overflowed(blk) && blk->nguest < blk->max_guest &&
	       (uint64_t)blk->ninsns + max_ir + 1 <= IR_MAX_INSNS &&
	       (uint64_t)blk->ntemps + max_temps <= IR_MAX_TEMPS;
}

void ir_begin_guest(struct ir_block *blk, uint64_t pc, const uint8_t *bytes, unsigned len)
{
	uint64_t off = pc - blk->pc;

	if (ir_block_overflowed(blk))
		return;
	if (blk->nguest >= IR_MAX_GUEST || len > IR_MAX_INSN_BYTES ||
	    off + len > IR_MAX_GUEST_BYTES) {
		blk->cur_gidx = IR_GIDX_OVERFLOW;
		return;
	}
	blk->guest_off[blk->nguest] = (uint16_t)off;
	blk->guest_len[blk->nguest] = (uint8_t)len;
	if (len)
		memcpy(&blk->guest_bytes[off], bytes, len);
	blk->cur_gidx = (uint16_t)blk->nguest;
	blk->nguest++;
}

unsigned ir_temp(struct ir_block *blk)
{
	if (blk->ntemps >= IR_MAX_TEMPS) {
		/* An in-range slot, so even an unverified block cannot write out of bounds. */
		blk->cur_gidx = IR_GIDX_OVERFLOW;
		return blk->nregs + IR_MAX_TEMPS - 1;
	}
	return blk->nregs + blk->ntemps++;
}

unsigned ir_temp_pair(struct ir_block *blk)
{
	if (blk->ntemps + 2 > IR_MAX_TEMPS) {
		blk->cur_gidx = IR_GIDX_OVERFLOW; /* in-range slots, as ir_temp */
		return blk->nregs + IR_MAX_TEMPS - 2;
	}
	blk->ntemps += 2;
	return blk->nregs + blk->ntemps - 2;
}

struct ir_insn *ir_emit(struct ir_block *blk, enum ir_op op, unsigned dst, unsigned a, unsigned b,
			int64_t imm)
{
	struct ir_insn *insn;

	if (blk->ninsns >= IR_MAX_INSNS || ir_block_overflowed(blk)) {
		/* Poisoned: the verifier rejects the block; hand back an in-bounds insn. */
		blk->cur_gidx = IR_GIDX_OVERFLOW;
		return &blk->insns[IR_MAX_INSNS - 1];
	}
	insn = &blk->insns[blk->ninsns++];
	*insn = (struct ir_insn){
	    .op = (uint8_t)op,
	    .flags = 0,
	    .gidx = blk->cur_gidx,
	    .dst = (uint16_t)dst,
	    .a = (uint16_t)a,
	    .b = (uint16_t)b,
	    .c = 0,
	    .imm = imm,
	};
	return insn;
}

void ir_mov(struct ir_block *blk, unsigned dst, unsigned src)
{
	ir_emit(blk, IR_MOV, dst, src, IR_NO_SLOT, 0);
}

void ir_movi(struct ir_block *blk, unsigned dst, int64_t imm)
{
	ir_emit(blk, IR_MOVI, dst, IR_NO_SLOT, IR_NO_SLOT, imm);
}

void ir_alu2(struct ir_block *blk, enum ir_op op, unsigned dst, unsigned a, unsigned b)
{
	ir_emit(blk, op, dst, a, b, 0);
}

void ir_alu2i(struct ir_block *blk, enum ir_op op, unsigned dst, unsigned a, int64_t imm)
{
	int imm_op = ir_op_imm_form(op);

	/* An op without an immediate form is emitted as given; the verifier rejects it. */
	ir_emit(blk, imm_op >= 0 ? (enum ir_op)imm_op : op, dst, a, IR_NO_SLOT, imm);
}

void ir_alu1(struct ir_block *blk, enum ir_op op, unsigned dst, unsigned a)
{
	ir_emit(blk, op, dst, a, IR_NO_SLOT, 0);
}

void ir_alu3(struct ir_block *blk, enum ir_op op, unsigned dst, unsigned a, unsigned b, unsigned c)
{
	struct ir_insn *insn = ir_emit(blk, op, dst, a, b, 0);

	if (!ir_block_overflowed(blk))
		insn->c = (uint16_t)c;
}

void ir_load(struct ir_block *blk, enum ir_op op, unsigned dst, unsigned base, int64_t off)
{
	ir_emit(blk, op, dst, base, IR_NO_SLOT, off);
}

void ir_store(struct ir_block *blk, enum ir_op op, unsigned val, unsigned base, int64_t off)
{
	ir_emit(blk, op, IR_NO_SLOT, base, val, off);
}

void ir_call(struct ir_block *blk, unsigned helper, unsigned dst, unsigned a, unsigned b,
	     int64_t imm)
{
	struct ir_insn *insn = ir_emit(blk, IR_CALL, dst, a, b, imm);

	if (ir_block_overflowed(blk))
		return;
	insn->c = (uint16_t)helper;
	insn->flags = blk->helpers ? (uint8_t)blk->helpers[helper].flags : 0;
}

void ir_br(struct ir_block *blk, enum ir_op cond, unsigned a, unsigned b, uint64_t target)
{
	ir_emit(blk, cond, IR_NO_SLOT, a, b, (int64_t)target);
}

void ir_exit(struct ir_block *blk, uint64_t target)
{
	ir_emit(blk, IR_EXIT, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, (int64_t)target);
}

void ir_exit_ind(struct ir_block *blk, unsigned slot)
{
	ir_emit(blk, IR_EXIT_IND, IR_NO_SLOT, slot, IR_NO_SLOT, 0);
}

void ir_exit_cpu(struct ir_block *blk)
{
	ir_emit(blk, IR_EXIT_CPU, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
}

void ir_barrier(struct ir_block *blk, unsigned order)
{
	ir_emit(blk, IR_BARRIER, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, (int64_t)order);
}
