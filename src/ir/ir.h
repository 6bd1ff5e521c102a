/*
 * ir.h - IR instructions, blocks, builder, verifier, printer and passes.
 *
 * A block is an array of ir_insn in execution order. Every insn records
 * gidx, the index of the guest instruction it belongs to, so a trap can be
 * reported at the exact guest pc (block->guest_off[gidx]) with every earlier
 * guest instruction committed and nothing of a later one. The block also
 * keeps each guest instruction's length and bytes (for -d in_asm), whatever
 * the ISA: the bytes of instruction i are guest_bytes[guest_off[i] ..
 * guest_off[i] + guest_len[i]).
 *
 * Passes must keep: (1) guest register slots hold their architectural
 * values at every op that may trap or exit (IR_F_MAY_TRAP, BR*, EXIT*) and
 * at every CALL flagged IR_HF_READS_REGS; (2) stores, calls and exits keep
 * their order.
 */
#ifndef FVP_IR_IR_H
#define FVP_IR_IR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "core/compiler.h"
#include "ir/ir_ops.h"

struct soft_cpu;

#define IR_MAX_INSNS 2048 /* per block */
#define IR_MAX_TEMPS 1024 /* per block */
#define IR_MAX_GUEST 256  /* guest instructions per block */
#define IR_MAX_REGS  96	  /* guest register slots a frontend may define */
#define IR_MAX_SLOTS (IR_MAX_REGS + IR_MAX_TEMPS)
#define IR_NO_SLOT   0xffff

/* Bytes of one guest instruction (x86-64: 15), and of a block's guest code: every
 * instruction of a block starts on the block's first 4 KiB page (the translation cache
 * tracks two pages per block), so it spans at most a page plus one instruction. */
#define IR_MAX_INSN_BYTES  16
#define IR_MAX_GUEST_BYTES (4096 + IR_MAX_INSN_BYTES)

/* Per-op static properties (ir_op_info[op].flags). */
#define IR_OPF_HAS_DST	0x001
#define IR_OPF_USES_A	0x002
#define IR_OPF_USES_B	0x004
#define IR_OPF_IMM	0x008 /* imm is an operand */
#define IR_OPF_MAY_TRAP 0x010
#define IR_OPF_SIDE	0x020 /* has an effect besides dst: store, call, exit, branch */
#define IR_OPF_EXIT	0x040 /* leaves the block (conditionally for BR*) */
#define IR_OPF_COMMUTES 0x080
#define IR_OPF_USES_C	0x100 /* c is a slot operand (ALU3); CALL's c is a helper index */

enum ir_kind {
	IR_K_ALU2,
	IR_K_ALU2I,
	IR_K_ALU1,
	IR_K_ALU3,
	IR_K_MOVI,
	IR_K_LOAD,
	IR_K_STORE,
	IR_K_CALL,
	IR_K_BR,
	IR_K_EXIT,
	IR_K_BARRIER,
	IR_K_NOP
};

/* BARRIER orderings (imm bits): earlier accesses of the first kind are seen by other threads
 * and devices before later accesses of the second kind. An engine emits only what its host does
 * not already guarantee (x86-64's TSO: only store-load needs a fence). */
#define IR_BAR_LL  0x1 /* load -> load */
#define IR_BAR_LS  0x2 /* load -> store */
#define IR_BAR_SL  0x4 /* store -> load */
#define IR_BAR_SS  0x8 /* store -> store */
#define IR_BAR_ALL 0xf

struct ir_op_info {
	const char *name;
	uint8_t kind;	   /* enum ir_kind */
	uint16_t flags;	   /* IR_OPF_* */
	uint8_t width;	   /* loads and stores: bytes */
	uint8_t is_signed; /* loads */
};
extern const struct ir_op_info ir_op_info[IR_OP_COUNT];

/* Helper properties (struct ir_helper.flags, copied to ir_insn.flags of the CALL). */
#define IR_HF_READS_REGS  0x01 /* reads guest register slots directly (cpu->slots) */
#define IR_HF_WRITES_REGS 0x02 /* writes guest register slots directly */
#define IR_HF_MAY_TRAP	  0x04 /* may record cpu->fault: the block stops at this insn */
#define IR_HF_NO_DST	  0x08 /* returns nothing useful */
#define IR_HF_PURE	  0x10 /* result depends only on a, b, imm: may be folded or removed */

typedef uint64_t (*ir_helper_fn)(struct soft_cpu *cpu, uint64_t a, uint64_t b, uint64_t imm);

struct ir_helper {
	const char *name;
	ir_helper_fn fn;
	unsigned flags;
};

struct ir_insn {
	uint8_t op;    /* enum ir_op */
	uint8_t flags; /* CALL: IR_HF_* of the helper */
	uint16_t gidx; /* guest instruction index in the block */
	uint16_t dst;  /* slot or IR_NO_SLOT */
	uint16_t a;    /* slot or IR_NO_SLOT */
	uint16_t b;    /* slot or IR_NO_SLOT */
	uint16_t c;    /* ALU3: third slot operand; CALL: helper index in the frontend's table */
	int64_t imm;
};

struct ir_block {
	uint64_t pc;	 /* guest virtual pc of the first instruction */
	uint32_t flags;	 /* frontend's translation-mode key */
	unsigned nregs;	 /* guest register slots */
	unsigned ntemps; /* temps allocated: slots [nregs, nregs + ntemps) */
	unsigned ninsns;
	unsigned nguest;
	unsigned max_guest; /* at most this many guest instructions (reset: IR_MAX_GUEST) */
	uint64_t end_pc;    /* pc after the last guest instruction */
	const struct ir_helper *helpers; /* the frontend's helper table (for printing) */
	const char *const *reg_names;	 /* nregs names (for printing) */
	uint16_t cur_gidx;
	uint16_t guest_off[IR_MAX_GUEST]; /* byte offset of each guest instruction from pc */
	uint8_t guest_len[IR_MAX_GUEST];  /* its length in bytes (0: not recorded) */
	/* the guest instructions' bytes, instruction i's at guest_off[i] */
	uint8_t guest_bytes[IR_MAX_GUEST_BYTES];
	struct ir_insn insns[IR_MAX_INSNS];
};

/* Builder. A block is large (~60 KiB): allocate it once per vCPU and reuse. */
struct ir_block *ir_block_new(unsigned nregs, const struct ir_helper *helpers,
			      const char *const *reg_names);
void ir_block_free(struct ir_block *blk);
void ir_block_reset(struct ir_block *blk, uint64_t pc, uint32_t flags);
/* True when another guest instruction of up to max_ir IR insns and max_temps temps fits. */
bool ir_block_has_room(const struct ir_block *blk, unsigned max_ir, unsigned max_temps);
/* Start the next guest instruction at pc, whose len (<= IR_MAX_INSN_BYTES) bytes are bytes
 * (NULL if len is 0). */
void ir_begin_guest(struct ir_block *blk, uint64_t pc, const uint8_t *bytes, unsigned len);
unsigned ir_temp(struct ir_block *blk);
/* Two consecutive temps holding a 128-bit value (low half in the first, which is returned). A
 * frontend lays out its 128-bit registers the same way: two consecutive guest-register slots. */
unsigned ir_temp_pair(struct ir_block *blk);

struct ir_insn *ir_emit(struct ir_block *blk, enum ir_op op, unsigned dst, unsigned a, unsigned b,
			int64_t imm);
void ir_mov(struct ir_block *blk, unsigned dst, unsigned src);
void ir_movi(struct ir_block *blk, unsigned dst, int64_t imm);
void ir_alu2(struct ir_block *blk, enum ir_op op, unsigned dst, unsigned a, unsigned b);
/* op is the register form (IR_ADD); emits its immediate form (IR_ADDI). */
void ir_alu2i(struct ir_block *blk, enum ir_op op, unsigned dst, unsigned a, int64_t imm);
void ir_alu1(struct ir_block *blk, enum ir_op op, unsigned dst, unsigned a);
/* dst = op(a, b, c); SELECT: dst = c ? a : b. */
void ir_alu3(struct ir_block *blk, enum ir_op op, unsigned dst, unsigned a, unsigned b, unsigned c);
void ir_load(struct ir_block *blk, enum ir_op op, unsigned dst, unsigned base, int64_t off);
void ir_store(struct ir_block *blk, enum ir_op op, unsigned val, unsigned base, int64_t off);
/* dst may be IR_NO_SLOT; a and b may be IR_NO_SLOT (passed as 0). */
void ir_call(struct ir_block *blk, unsigned helper, unsigned dst, unsigned a, unsigned b,
	     int64_t imm);
void ir_br(struct ir_block *blk, enum ir_op cond, unsigned a, unsigned b, uint64_t target);
void ir_exit(struct ir_block *blk, uint64_t target);
void ir_exit_ind(struct ir_block *blk, unsigned slot);
void ir_exit_cpu(struct ir_block *blk);
/* Memory barrier with the IR_BAR_* orderings in order. */
void ir_barrier(struct ir_block *blk, unsigned order);
/* Register-form op for an immediate form and back; -1 if none. */
int ir_op_imm_form(enum ir_op op);
int ir_op_reg_form(enum ir_op op);

/* Verifier: 0 if well formed, else -EINVAL and a message in msg. */
int ir_verify(const struct ir_block *blk, char *msg, size_t msglen);
/* Printer: one line per insn, stable format used by golden tests. */
void ir_print(FILE *out, const struct ir_block *blk);
/* A frontend's disassembler (frontend_ops.disas): one instruction at pc from its bytes, of
 * which avail are given, in the mode of block flags flags; returns the bytes it consumed, or
 * -EINVAL if avail is too short. */
typedef int (*ir_disas_fn)(char *buf, size_t len, uint64_t pc, uint32_t flags, const uint8_t *bytes,
			   size_t avail);
/* -d in_asm: the block's guest instructions, one line each (pc, bytes, disas's text). */
void ir_print_guest(FILE *out, const struct ir_block *blk, ir_disas_fn disas);

/* Evaluate a pure ALU op (ALU1, ALU2, ALU2I kinds, MOVI) on constants; shared by the
 * interpreter's reference semantics and constant folding. */
uint64_t ir_eval_alu(enum ir_op op, uint64_t a, uint64_t b, int64_t imm);
/* The same for the ALU3 kind. */
uint64_t ir_eval_alu3(enum ir_op op, uint64_t a, uint64_t b, uint64_t c);

/* Passes; each returns the number of changes. ir_optimize runs them to a fixed point. */
unsigned ir_opt_fold(struct ir_block *blk);
unsigned ir_opt_copyprop(struct ir_block *blk);
unsigned ir_opt_dce(struct ir_block *blk);
unsigned ir_opt_dead_reg_stores(struct ir_block *blk);
void ir_compact(struct ir_block *blk); /* drops IR_NOP */
void ir_optimize(struct ir_block *blk);

#endif
