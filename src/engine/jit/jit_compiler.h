/*
 * jit_compiler.h - the JIT compiler's per-block state and the register
 * allocation primitives shared by its files (jit_compile.c: block layout,
 * memory, calls and exits; jit_regalloc.c: pins; jit_alu.c: ALU ops). Not for
 * use outside src/engine/jit/.
 *
 * Register use: rbx = struct soft_cpu *, r12 = struct tcache *, r13 = the TLB
 * regime's offset; rax, rcx, rdx, rsi are scratch; the pins (jit_pin_regs)
 * cache slots for the whole block.
 */
#ifndef FVP_ENGINE_JIT_JIT_COMPILER_H
#define FVP_ENGINE_JIT_JIT_COMPILER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mem/soft_cpu.h"
#include "engine/jit/jit_internal.h"
#include "engine/jit/x86_emit.h"
#include "ir/ir.h"

#define SLOT(i) x86_mem_bd(RBX, (int32_t)(8 * (i)))
#define CPU(f)	x86_mem_bd(RBX, (int32_t)offsetof(struct soft_cpu, f))
#define TC(f)	x86_mem_bd(R12, (int32_t)offsetof(struct tcache, f))

/* Host registers that cache slots ("pins", jit_regalloc.c): the first PINS_CALLEE are
 * callee-saved and the only ones a block that calls C uses. */
#define NPINS 8u
extern const uint8_t jit_pin_regs[NPINS];
#define PINS_CALLEE	3u
#define PINS_CALLER_SET ((uint8_t)(((1u << NPINS) - 1) & ~((1u << PINS_CALLEE) - 1)))

/*
 * Per-block register allocation: up to NPINS slots, the most used ones of the block, each live in
 * one host register for the whole block. A pin is loaded from cpu->slots on its first read and
 * written back where the architectural state must be in memory (exits, side exits, traps, calls
 * to helpers that see the guest registers); temps are never written back. loaded and dirty are
 * the state at the current point of the body (which is straight-line code); each cold stub
 * records the state at its jump.
 */
struct regalloc {
	unsigned n;
	uint16_t slot[NPINS];
	uint8_t guest;	/* pins holding guest registers */
	uint8_t loaded; /* pins whose host register holds the slot's value */
	uint8_t dirty;	/* pins whose value cpu->slots does not have yet */
};

enum stub_kind { STUB_LOAD, STUB_STORE, STUB_CALL_TRAP, STUB_BRANCH };

struct stub {
	uint8_t kind;
	uint32_t insn;	  /* index in tb->insns */
	uint32_t jcc_off; /* rel32 of the jump into the stub */
	uint32_t ret_off; /* where the stub resumes the body (loads, stores) */
	uint8_t loaded;	  /* struct regalloc state at the jump */
	uint8_t dirty;
};

struct compiler {
	struct x86_buf b;
	struct jit_ctx *j;
	struct soft_cpu *cpu;
	struct tb *tb;
	bool has_calls; /* a helper may have changed the block flags */
	unsigned nstubs, maxstubs;
	struct stub *stubs;
	unsigned nsites;
	size_t bail_jumps[2 + 2];
	unsigned nbail;
	struct regalloc ra;
};

static inline void jit_call_abs(struct x86_buf *b, const void *fn)
{
	emit_mov_imm(b, RAX, (uint64_t)(uintptr_t)fn);
	emit_call_r(b, RAX);
}

/* jit_regalloc.c */
/* Choose the pins of c->tb: the slots used at least twice, most used first. */
void jit_choose_pins(struct compiler *c);
int jit_pin_of(const struct compiler *c, unsigned slot);
/* The host register caching slot, loaded on first use; -1 when slot lives in memory. */
int jit_use_reg(struct compiler *c, unsigned slot);
/* reg = slot (0 for IR_NO_SLOT). */
void jit_get(struct compiler *c, int reg, unsigned slot);
/* Write reg to slot's home (its pin or cpu->slots) without touching the allocation state. */
void jit_put_raw(struct compiler *c, unsigned slot, int reg);
/* slot = reg, in the body. */
void jit_put(struct compiler *c, unsigned slot, int reg);
/* x86 "op dst, slot" with slot in its pin or in memory. */
void jit_alu_slot(struct compiler *c, bool w, enum x86_alu op, int dst, unsigned slot);
/* Store the pins in the set to cpu->slots / load them back. */
void jit_store_pins(struct compiler *c, uint8_t pins);
void jit_reload_pins(struct compiler *c, uint8_t pins);
/* Before a C call from the body: guest registers to memory if the callee sees them, the
 * caller-saved pins to memory (they are reloaded on their next use). */
void jit_call_spill(struct compiler *c, bool callee_sees_regs);
/* The register an op computes in: dst's pin when that cannot clobber operand b, else rax. */
int jit_work_reg(const struct compiler *c, const struct ir_insn *in, bool uses_b);

/* jit_alu.c */
/* False for ALU ops compiled as a call to their ir_sem_* wrapper. */
bool jit_op_inline(enum ir_op op);
/* Compile a pure op (ALU1, ALU2, ALU2I, ALU3, MOVI); false for any other kind. */
bool jit_compile_alu(struct compiler *c, const struct ir_insn *in);

#endif
