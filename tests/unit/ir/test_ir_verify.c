/*
 * test_ir_verify.c - the verifier accepts well-formed blocks and rejects
 * malformed ones; the builder never overflows a block silently.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "ir/ir.h"

#define NREGS 4

static struct ir_block *new_block(void)
{
	struct ir_block *blk = ir_block_new(NREGS, NULL, NULL);

	assert_non_null(blk);
	ir_block_reset(blk, 0x1000, 0);
	ir_begin_guest(blk, 0x1000, NULL, 0);
	return blk;
}

static int verify(const struct ir_block *blk, char *msg)
{
	return ir_verify(blk, msg, 128);
}

static void test_good_block(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t = ir_temp(blk);
	char msg[128] = "";

	(void)state;
	ir_alu2i(blk, IR_ADD, t, 1, 8);
	ir_load(blk, IR_LD64, 2, t, 0);
	ir_call(blk, 0, IR_NO_SLOT, IR_NO_SLOT, t, 0);
	ir_begin_guest(blk, 0x1004, NULL, 0);
	ir_br(blk, IR_BREQ, 2, 3, 0x2000);
	ir_exit_ind(blk, 2);
	assert_int_equal(verify(blk, msg), 0);
	ir_block_free(blk);
}

static void test_slot_out_of_range(void **state)
{
	struct ir_block *blk = new_block();
	char msg[128] = "";

	(void)state;
	ir_alu2(blk, IR_ADD, 1, 2, NREGS + 3); /* temp never allocated */
	ir_exit(blk, 0x1004);
	assert_int_equal(verify(blk, msg), -EINVAL);
	assert_non_null(strstr(msg, "out of range"));
	ir_block_free(blk);

	blk = new_block();
	ir_movi(blk, NREGS, 1); /* dst temp never allocated */
	ir_exit(blk, 0x1004);
	assert_int_equal(verify(blk, msg), -EINVAL);
	ir_block_free(blk);
}

static void test_missing_exit(void **state)
{
	struct ir_block *blk = new_block();
	char msg[128] = "";

	(void)state;
	ir_movi(blk, 1, 5);
	assert_int_equal(verify(blk, msg), -EINVAL);
	assert_non_null(strstr(msg, "exit"));
	/* A side exit is not a block end. */
	ir_br(blk, IR_BRNE, 1, 2, 0x3000);
	assert_int_equal(verify(blk, msg), -EINVAL);
	ir_exit(blk, 0x1004);
	assert_int_equal(verify(blk, msg), 0);
	ir_block_free(blk);
}

static void test_empty_block(void **state)
{
	struct ir_block *blk = new_block();
	char msg[128] = "";

	(void)state;
	assert_int_equal(verify(blk, msg), -EINVAL);
	ir_block_free(blk);
}

static void test_op_after_exit(void **state)
{
	struct ir_block *blk = new_block();
	char msg[128] = "";

	(void)state;
	ir_exit(blk, 0x1004);
	ir_movi(blk, 1, 5);
	ir_exit(blk, 0x1008);
	assert_int_equal(verify(blk, msg), -EINVAL);
	assert_non_null(strstr(msg, "after block exit"));
	ir_block_free(blk);
}

static void test_temp_read_before_write(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t1 = ir_temp(blk), t2 = ir_temp(blk);
	char msg[128] = "";

	(void)state;
	ir_alu2(blk, IR_ADD, t1, 1, t2);
	ir_movi(blk, t2, 3);
	ir_exit(blk, 0x1004);
	assert_int_equal(verify(blk, msg), -EINVAL);
	assert_non_null(strstr(msg, "before written"));
	ir_block_free(blk);

	blk = new_block();
	t1 = ir_temp(blk);
	ir_store(blk, IR_ST32, t1, 1, 0); /* stored value never written */
	ir_exit(blk, 0x1004);
	assert_int_equal(verify(blk, msg), -EINVAL);
	ir_block_free(blk);
}

static void test_bad_op_and_gidx(void **state)
{
	struct ir_block *blk = new_block();
	struct ir_insn *insn;
	char msg[128] = "";

	(void)state;
	insn = ir_emit(blk, IR_MOVI, 1, IR_NO_SLOT, IR_NO_SLOT, 0);
	ir_exit(blk, 0x1004);
	insn->op = IR_OP_COUNT;
	assert_int_equal(verify(blk, msg), -EINVAL);
	insn->op = IR_MOVI;
	assert_int_equal(verify(blk, msg), 0);
	insn->gidx = 3; /* only one guest instruction */
	assert_int_equal(verify(blk, msg), -EINVAL);
	ir_block_free(blk);
}

static void test_overflow_is_rejected(void **state)
{
	struct ir_block *blk = new_block();
	unsigned i;
	char msg[128] = "";

	(void)state;
	for (i = 0; i < IR_MAX_INSNS + 10; i++)
		ir_movi(blk, 1, i);
	assert_int_equal(blk->ninsns, IR_MAX_INSNS);
	assert_false(ir_block_has_room(blk, 1, 0));
	ir_exit(blk, 0x1004);
	assert_int_equal(blk->ninsns, IR_MAX_INSNS);
	assert_int_equal(verify(blk, msg), -EINVAL);
	assert_non_null(strstr(msg, "overflow"));

	/* Temps: never a slot beyond the vCPU's slot array. */
	ir_block_reset(blk, 0x1000, 0);
	ir_begin_guest(blk, 0x1000, NULL, 0);
	for (i = 0; i < IR_MAX_TEMPS; i++)
		assert_int_equal(ir_temp(blk), NREGS + i);
	assert_true(ir_temp(blk) < IR_MAX_SLOTS);
	assert_int_equal(blk->ntemps, IR_MAX_TEMPS);
	ir_exit(blk, 0x1004);
	assert_int_equal(verify(blk, msg), -EINVAL);

	/* Guest instructions. */
	ir_block_reset(blk, 0x1000, 0);
	for (i = 0; i < IR_MAX_GUEST + 2; i++)
		ir_begin_guest(blk, 0x1000 + 4 * i, NULL, 0);
	assert_int_equal(blk->nguest, IR_MAX_GUEST);
	ir_exit(blk, 0x1004);
	assert_int_equal(verify(blk, msg), -EINVAL);
	ir_block_free(blk);
}

static void test_barrier_orderings(void **state)
{
	struct ir_block *blk = new_block();
	char msg[128] = "";

	(void)state;
	ir_barrier(blk, IR_BAR_ALL);
	ir_barrier(blk, 0);
	ir_exit(blk, 0x1004);
	assert_int_equal(verify(blk, msg), 0);
	blk->insns[1].imm = 0x10; /* not an IR_BAR_* bit */
	assert_int_equal(verify(blk, msg), -EINVAL);
	assert_non_null(strstr(msg, "barrier"));
	ir_block_free(blk);
}

/* ALU3's c is a slot operand, checked like a and b. */
static void test_alu3_operand_c(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t;
	char msg[128] = "";

	(void)state;
	ir_alu3(blk, IR_SELECT, 1, 2, 3, NREGS + 5); /* temp never allocated */
	ir_exit(blk, 0x1004);
	assert_int_equal(verify(blk, msg), -EINVAL);
	assert_non_null(strstr(msg, "out of range"));
	ir_block_free(blk);

	blk = new_block();
	t = ir_temp(blk);
	ir_alu3(blk, IR_ADC, 1, 2, 3, t); /* t read before written */
	ir_movi(blk, t, 1);
	ir_exit(blk, 0x1004);
	assert_int_equal(verify(blk, msg), -EINVAL);
	assert_non_null(strstr(msg, "before written"));
	blk->insns[0].c = 0;
	assert_int_equal(verify(blk, msg), 0);
	ir_block_free(blk);
}

/* A temp pair is two consecutive temps; one that does not fit poisons the block. */
static void test_temp_pair(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t = ir_temp(blk), p = ir_temp_pair(blk);
	char msg[128] = "";

	(void)state;
	assert_int_equal(p, t + 1);
	assert_int_equal(ir_temp(blk), p + 2);
	ir_movi(blk, p, 1);
	ir_movi(blk, p + 1, 2);
	ir_exit(blk, 0x1004);
	assert_int_equal(verify(blk, msg), 0);
	ir_block_free(blk);

	blk = new_block();
	for (unsigned i = 0; i < IR_MAX_TEMPS - 1; i++)
		ir_temp(blk);
	p = ir_temp_pair(blk);
	assert_true(p + 1 < NREGS + IR_MAX_TEMPS);
	ir_exit(blk, 0x1004);
	assert_int_equal(verify(blk, msg), -EINVAL);
	ir_block_free(blk);
}

static void test_has_room(void **state)
{
	struct ir_block *blk = new_block();

	(void)state;
	assert_true(ir_block_has_room(blk, 10, 10));
	assert_false(ir_block_has_room(blk, IR_MAX_INSNS, 0)); /* EXIT stays reserved */
	assert_true(ir_block_has_room(blk, IR_MAX_INSNS - 1, 0));
	assert_false(ir_block_has_room(blk, 0, IR_MAX_TEMPS + 1));
	ir_block_free(blk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_block),	    cmocka_unit_test(test_slot_out_of_range),
	    cmocka_unit_test(test_missing_exit),    cmocka_unit_test(test_empty_block),
	    cmocka_unit_test(test_op_after_exit),   cmocka_unit_test(test_temp_read_before_write),
	    cmocka_unit_test(test_bad_op_and_gidx), cmocka_unit_test(test_overflow_is_rejected),
	    cmocka_unit_test(test_has_room),	    cmocka_unit_test(test_barrier_orderings),
	    cmocka_unit_test(test_alu3_operand_c),  cmocka_unit_test(test_temp_pair),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
