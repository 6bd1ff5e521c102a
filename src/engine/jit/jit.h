/*
 * jit.h - the x86-64 JIT: per-vCPU code buffer, block compiler, chaining.
 *
 * Code lives in a memfd mapped twice: a read-write view the compiler writes
 * and a read-execute view the host runs (no page is ever writable and
 * executable). Allocation is a bump pointer; when the buffer is full the
 * translation cache flushes every block and jit_reset() starts over.
 *
 * Generated code runs with rbx = struct soft_cpu *, r12 = struct tcache * (in a
 * frame set up by a shared entry trampoline) and returns to jit_enter():
 *   JIT_RET_PC    block left: cpu->pc is the next pc, instret advanced;
 *   JIT_RET_TRAP  cpu->fault pending: cpu->pc is the faulting instruction;
 *   otherwise     a struct jit_site * : left through a chainable direct exit
 *                 (cpu->pc set) that the run loop may link to the next block.
 * Exit and trap invariants are those of interp_exec() (interp_exec.h).
 */
#ifndef FVP_ENGINE_JIT_JIT_H
#define FVP_ENGINE_JIT_JIT_H

#include <stddef.h>
#include <stdint.h>
#include "mem/soft_cpu.h"
#include "engine/tcache.h"

#define JIT_RET_PC   0u
#define JIT_RET_TRAP 1u

/* A chainable exit of a compiled block: a jmp rel32 that targets the exit's own return stub
 * until linked to the chain entry of the block at target_pc. */
struct jit_site {
	uint64_t target_pc;
	struct tb *src;		  /* block owning this exit */
	struct tb *linked;	  /* block it jumps to, or NULL */
	struct jit_site *next_in; /* next site in linked->incoming */
	uint32_t rel32_off;	  /* code-buffer offset of the jmp's rel32 */
	uint32_t stub_off;	  /* code-buffer offset of the return stub */
};

struct jit_ctx;

struct jit_ctx *jit_ctx_new(size_t bytes);
void jit_ctx_free(struct jit_ctx *j);
/* Drop all code (the caller has dropped every block). */
void jit_reset(struct jit_ctx *j);
size_t jit_code_bytes(const struct jit_ctx *j);
/* Compile tb (its IR, pc, flags and page words) for cpu's frontend. 0 on success (tb->code,
 * tb->chain_entry, tb->sites set); -ENOSPC when the buffer is full; -ENOMEM. */
int jit_compile(struct jit_ctx *j, struct soft_cpu *cpu, struct tb *tb);
/* Run compiled code starting at code; returns JIT_RET_* or a struct jit_site *. */
uint64_t jit_enter(struct jit_ctx *j, struct soft_cpu *cpu, struct tcache *tc, void *code);
/* Patch site to jump to target's chain entry. */
void jit_link(struct jit_ctx *j, struct jit_site *site, struct tb *target);
/* Restore every site linked to tb to its return stub. */
void jit_unlink_incoming(struct jit_ctx *j, struct tb *tb);
/* Take tb's own linked sites off their targets' incoming lists. */
void jit_unlink_outgoing(struct tb *tb);

#endif
