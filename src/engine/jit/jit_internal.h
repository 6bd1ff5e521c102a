/*
 * jit_internal.h - state shared by the JIT's code buffer (jit.c) and its
 * compiler (jit_compile.c). Not for use outside src/engine/jit/.
 *
 * Offsets into the buffer are the same in both views; rw + off is where the
 * compiler writes, rx + off is what the host executes. [0, prologue_end) holds
 * the shared entry trampoline and the common exit sequence.
 */
#ifndef FVP_ENGINE_JIT_JIT_INTERNAL_H
#define FVP_ENGINE_JIT_JIT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "engine/jit/jit.h"

typedef uint64_t (*jit_entry_fn)(struct soft_cpu *cpu, struct tcache *tc, void *code);

struct jit_ctx {
	uint8_t *rw;
	uint8_t *rx;
	size_t size;
	size_t used;	     /* bump pointer */
	size_t prologue_end; /* first byte available to blocks */
	size_t exit_off;     /* common exit: restores callee-saved registers, returns rax */
	jit_entry_fn enter;
};

static inline void *jit_rx_ptr(const struct jit_ctx *j, size_t off)
{
	return j->rx + off;
}

static inline size_t jit_rx_off(const struct jit_ctx *j, const void *rx)
{
	return (size_t)((const uint8_t *)rx - j->rx);
}

/* -d out_asm: print the code of tb at buffer offsets [start, end) (run-loop entry at entry). */
void jit_log_block(const struct jit_ctx *j, const struct tb *tb, const struct soft_cpu *cpu,
		   size_t start, size_t entry, size_t end);

#endif
