/*
 * interp_exec.c - the IR interpreter's block executor, the hot loop of every
 * software run.
 *
 * Threaded code: a dispatch table built from the X-macros of ir_ops.h maps
 * each op to a label (GNU labels-as-values), and every handler ends with an
 * indirect jump to the next insn's handler, so there is no switch and no
 * per-insn call. Operands are read from and written to cpu->slots directly
 * (guest registers below nregs, temps above). ALU handlers expand the inline
 * functions of ir/ir_semantics.h, the same ones ir_eval_alu() and the
 * constant folder use.
 *
 * Exit invariants (interp_exec.h): at a taken BR* or EXIT*, instret grows by
 * gidx + 1 and cpu->pc is the next pc; at a trap (memory access or a helper
 * flagged IR_HF_MAY_TRAP that recorded a fault) cpu->pc is the pc of guest
 * instruction gidx, instret grows by gidx, and the trapping insn has written
 * nothing. The block must have passed ir_verify(): nothing is checked here.
 */
#include "engine/interp/interp_exec.h"
#include "core/frontend_ops.h"
#include "ir/ir_semantics.h"
#include "mem/mmu.h"

enum interp_exit interp_exec(struct soft_cpu *cpu, const struct ir_insn *insns,
			     const uint16_t *guest_off)
{
	/* clang-format off */
	static const void *const dispatch[IR_OP_COUNT] = {
#define LABEL_BIN(n, t)      [IR_##n] = &&op_##n, [IR_##n##I] = &&op_##n##I,
#define LABEL_UN(n, t)       [IR_##n] = &&op_##n,
#define LABEL_LD(n, t, w, s) [IR_##n] = &&op_##n,
#define LABEL_ST(n, t, w)    [IR_##n] = &&op_##n,
		// cppcheck-suppress assignBoolToPointer ; &&label: a label's address (GNU C)
		IR_BINOPS(LABEL_BIN)
		IR_UNOPS(LABEL_UN)
		IR_LOADS(LABEL_LD)
		IR_STORES(LABEL_ST)
		IR_BRANCHES(LABEL_UN)
		IR_TERNOPS(LABEL_UN)
#undef LABEL_BIN
#undef LABEL_UN
#undef LABEL_LD
#undef LABEL_ST
		[IR_MOVI] = &&op_MOVI,
		[IR_CALL] = &&op_CALL,
		[IR_EXIT] = &&op_EXIT,
		[IR_EXIT_IND] = &&op_EXIT_IND,
		[IR_EXIT_CPU] = &&op_EXIT_CPU,
		[IR_BARRIER] = &&op_BARRIER,
		[IR_NOP] = &&op_NOP,
	};
	/* clang-format on */
	uint64_t *const s = cpu->slots;
	const uint64_t block_pc = cpu->pc;
	const struct ir_insn *ip = insns;

#define DISPATCH() goto *dispatch[ip->op] // NOLINT(bugprone-macro-parentheses): a statement
#define NEXT()                                                                                     \
	do {                                                                                       \
		ip++;                                                                              \
		DISPATCH();                                                                        \
	} while (0)

	DISPATCH();

	/* clang-format off */
#define EXEC_BIN(n, t)                                                                             \
	op_##n:                                                                                    \
		s[ip->dst] = ir_sem_##n(s[ip->a], s[ip->b]);                                       \
		NEXT();                                                                            \
	op_##n##I:                                                                                 \
		s[ip->dst] = ir_sem_##n(s[ip->a], (uint64_t)ip->imm);                              \
		NEXT();
#define EXEC_UN(n, t)                                                                              \
	op_##n:                                                                                    \
		s[ip->dst] = ir_sem_##n(s[ip->a]);                                                 \
		NEXT();
#define EXEC_LD(n, t, w, sg)                                                                       \
	op_##n: {                                                                                  \
		uint64_t v;                                                                        \
		if (unlikely(mmu_load(cpu, s[ip->a] + (uint64_t)ip->imm, w, &v)))                  \
			goto trap;                                                                 \
		s[ip->dst] = (sg) ? (uint64_t)sext64(v, 8 * (w)) : v;                              \
		NEXT();                                                                            \
	}
#define EXEC_ST(n, t, w)                                                                           \
	op_##n:                                                                                    \
		if (unlikely(mmu_store(cpu, s[ip->a] + (uint64_t)ip->imm, w, s[ip->b])))           \
			goto trap;                                                                 \
		NEXT();
#define EXEC_BR(n, t)                                                                              \
	op_##n:                                                                                    \
		if (ir_cond_##n(s[ip->a], s[ip->b]))                                               \
			goto taken;                                                                \
		NEXT();
	IR_BINOPS(EXEC_BIN)
	IR_UNOPS(EXEC_UN)
	IR_LOADS(EXEC_LD)
	IR_STORES(EXEC_ST)
#define EXEC_TERN(n, t)                                                                            \
	op_##n:                                                                                    \
		s[ip->dst] = ir_sem3_##n(s[ip->a], s[ip->b], s[ip->c]);                            \
		NEXT();
	IR_BRANCHES(EXEC_BR)
	IR_TERNOPS(EXEC_TERN)
#undef EXEC_TERN
#undef EXEC_BIN
#undef EXEC_UN
#undef EXEC_LD
#undef EXEC_ST
#undef EXEC_BR

op_MOVI:
	s[ip->dst] = (uint64_t)ip->imm;
	NEXT();

op_CALL: {
	uint64_t a = ip->a != IR_NO_SLOT ? s[ip->a] : 0;
	uint64_t b = ip->b != IR_NO_SLOT ? s[ip->b] : 0;
	uint64_t r = cpu->fe->helpers[ip->c].fn(cpu, a, b, (uint64_t)ip->imm);

	/* A trapping helper's instruction writes nothing, not even its dst. */
	if ((ip->flags & IR_HF_MAY_TRAP) && unlikely(soft_cpu_faulted(cpu)))
		goto trap;
	if (ip->dst != IR_NO_SLOT)
		s[ip->dst] = r;
	NEXT();
}

/* Guest accesses are relaxed atomics: store-load order needs a full fence, the other orders
 * only keep the compiler from moving accesses across (x86-64 hardware keeps them). */
op_BARRIER:
	if (ip->imm & IR_BAR_SL)
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	else
		__atomic_thread_fence(__ATOMIC_ACQ_REL);
	NEXT();

op_NOP:
	NEXT();

taken:
op_EXIT:
	cpu->pc = (uint64_t)ip->imm;
	cpu->instret += ip->gidx + 1u;
	return INTERP_EXIT_PC;

op_EXIT_IND:
	cpu->pc = s[ip->a];
	cpu->instret += ip->gidx + 1u;
	return INTERP_EXIT_PC;

op_EXIT_CPU:
	cpu->instret += ip->gidx + 1u;
	return INTERP_EXIT_PC;

trap:
	cpu->pc = block_pc + guest_off[ip->gidx];
	cpu->instret += ip->gidx;
	return INTERP_EXIT_TRAP;
	/* clang-format on */

#undef DISPATCH
#undef NEXT
}
