/*
 * ir_eval.c - ir_eval_alu(): the reference value of every pure op on
 * constants, used by constant folding and by tests. Every case expands the
 * shared inline semantics of ir_semantics.h, exactly as the interpreter does.
 * ir_eval_alu3() does the same for the three-input ops. Ops that are not pure
 * ALU ops (of the function's kinds) evaluate to 0.
 */
#include "ir/ir.h"
#include "ir/ir_semantics.h"

uint64_t ir_eval_alu(enum ir_op op, uint64_t a, uint64_t b, int64_t imm)
{
	switch (op) {
#define EVAL_BIN(n, t)                                                                             \
	case IR_##n:                                                                               \
		return ir_sem_##n(a, b);                                                           \
	case IR_##n##I:                                                                            \
		return ir_sem_##n(a, (uint64_t)imm);
#define EVAL_UN(n, t)                                                                              \
	case IR_##n:                                                                               \
		return ir_sem_##n(a);
		IR_BINOPS(EVAL_BIN)
		IR_UNOPS(EVAL_UN)
#undef EVAL_BIN
#undef EVAL_UN
	case IR_MOVI:
		return (uint64_t)imm;
	default:
		return 0;
	}
}

uint64_t ir_eval_alu3(enum ir_op op, uint64_t a, uint64_t b, uint64_t c)
{
	switch (op) {
#define EVAL_TERN(n, t)                                                                            \
	case IR_##n:                                                                               \
		return ir_sem3_##n(a, b, c);
		IR_TERNOPS(EVAL_TERN)
#undef EVAL_TERN
	default:
		return 0;
	}
}
