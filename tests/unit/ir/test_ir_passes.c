/*
 * test_ir_passes.c - golden tests for the printer and every optimizer pass:
 * each test builds a block with the builder, runs one pass, and compares
 * ir_print's output with the expected text. Every optimized block must
 * still pass the verifier.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "ir/ir.h"

#define NREGS 4
enum { X0, X1, X2, X3 };
enum { H_PURE, H_WREGS, H_TRAP, H_RREGS };

static const char *const reg_names[NREGS] = {"x0", "x1", "x2", "x3"};
static const struct ir_helper helpers[] = {
    [H_PURE] = {.name = "pure", .flags = IR_HF_PURE},
    [H_WREGS] = {.name = "wregs", .flags = IR_HF_WRITES_REGS},
    [H_TRAP] = {.name = "maytrap", .flags = IR_HF_MAY_TRAP},
    [H_RREGS] = {.name = "rregs", .flags = IR_HF_READS_REGS | IR_HF_NO_DST},
};

static struct ir_block *new_block(void)
{
	struct ir_block *blk = ir_block_new(NREGS, helpers, reg_names);

	assert_non_null(blk);
	ir_block_reset(blk, 0x80000000, 0);
	ir_begin_guest(blk, 0x80000000, NULL, 0);
	return blk;
}

static void check_print(const struct ir_block *blk, const char *expected)
{
	char *text = NULL, msg[128] = "";
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	ir_print(f, blk);
	assert_int_equal(fclose(f), 0);
	if (strcmp(text, expected) != 0)
		fprintf(stderr, "got:\n%s\nexpected:\n%s\n", text, expected);
	assert_string_equal(text, expected);
	free(text);
	assert_int_equal(ir_verify(blk, msg, sizeof(msg)), 0);
}

static void test_print(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t = ir_temp(blk);

	(void)state;
	ir_alu2i(blk, IR_ADD, t, X1, -16);
	ir_load(blk, IR_LD32S, X2, t, 8);
	ir_begin_guest(blk, 0x80000004, NULL, 0);
	ir_store(blk, IR_ST64, X2, t, -0x2000);
	ir_call(blk, H_TRAP, t, X1, IR_NO_SLOT, 5000);
	ir_call(blk, H_RREGS, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
	ir_begin_guest(blk, 0x80000006, NULL, 0);
	ir_br(blk, IR_BRLTU, X1, t, 0x80000100);
	ir_alu1(blk, IR_NOT, X3, X0);
	ir_movi(blk, X3, 4095);
	ir_barrier(blk, IR_BAR_SL);
	ir_barrier(blk, IR_BAR_LL | IR_BAR_LS | IR_BAR_SS);
	ir_exit_ind(blk, X3);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: t4 = addi x1, -16\n"
			 "   1: x2 = ld32s [t4 + 8]\n"
			 "-- guest 1 @+0x4\n"
			 "   2: st64 [t4 - 0x2000], x2\n"
			 "   3: t4 = call maytrap(x1, _, 0x1388)\n"
			 "   4: call rregs(_, _, 0)\n"
			 "-- guest 2 @+0x6\n"
			 "   5: brltu x1, t4 -> 0x80000100\n"
			 "   6: x3 = not x0\n"
			 "   7: x3 = movi 4095\n"
			 "   8: barrier sl\n"
			 "   9: barrier ll,ls,ss\n"
			 "  10: exit_ind x3\n");
	ir_block_free(blk);
}

static void test_fold_constants(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t1 = ir_temp(blk), t2 = ir_temp(blk), t3 = ir_temp(blk);

	(void)state;
	ir_movi(blk, t1, 6);
	ir_movi(blk, t2, 7);
	ir_alu2(blk, IR_MUL, t3, t1, t2); /* 42 */
	ir_alu2(blk, IR_ADD, X1, X2, t3); /* b constant -> addi */
	ir_alu2(blk, IR_AND, X2, t3, X3); /* a constant, commutes -> andi */
	ir_alu2(blk, IR_SUB, X3, t3, X1); /* a constant, does not commute: kept */
	ir_alu1(blk, IR_NEG, t1, t3);	  /* -42 */
	ir_alu2(blk, IR_DIVU, t2, t3, X0);
	ir_call(blk, H_WREGS, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
	ir_alu2(blk, IR_ADD, X1, X1, t1); /* temps still known after the call */
	ir_exit_ind(blk, t3);		  /* constant target */
	assert_true(ir_opt_fold(blk) > 0);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: t4 = movi 6\n"
			 "   1: t5 = movi 7\n"
			 "   2: t6 = movi 42\n"
			 "   3: x1 = addi x2, 42\n"
			 "   4: x2 = andi x3, 42\n"
			 "   5: x3 = sub t6, x1\n"
			 "   6: t4 = movi -42\n"
			 "   7: t5 = divu t6, x0\n"
			 "   8: call wregs(_, _, 0)\n"
			 "   9: x1 = addi x1, -42\n"
			 "  10: exit 0x2a\n");
	assert_int_equal(ir_opt_fold(blk), 0);
	ir_block_free(blk);
}

static void test_fold_regs_forgotten_at_call(void **state)
{
	struct ir_block *blk = new_block();

	(void)state;
	ir_movi(blk, X1, 3);
	ir_alu2(blk, IR_ADD, X2, X1, X1); /* x1 known: folds */
	ir_call(blk, H_WREGS, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
	ir_alu2(blk, IR_ADD, X3, X1, X1); /* x1 may have changed: kept */
	ir_exit(blk, 0x80000004);
	assert_true(ir_opt_fold(blk) > 0);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: x1 = movi 3\n"
			 "   1: x2 = movi 6\n"
			 "   2: call wregs(_, _, 0)\n"
			 "   3: x3 = add x1, x1\n"
			 "   4: exit 0x80000004\n");
	ir_block_free(blk);
}

static void test_fold_identities(void **state)
{
	struct ir_block *blk = new_block();

	(void)state;
	ir_alu2i(blk, IR_ADD, X1, X1, 0);
	ir_alu2i(blk, IR_AND, X1, X2, 0);
	ir_alu2i(blk, IR_MUL, X1, X2, 1);
	ir_alu2i(blk, IR_MUL, X1, X2, 8);
	ir_alu2i(blk, IR_OR, X1, X2, -1);
	ir_alu2i(blk, IR_XOR, X1, X2, -1);
	ir_alu2i(blk, IR_SUB, X1, X2, 5);
	ir_alu2i(blk, IR_SHL, X1, X2, 64);
	ir_alu2i(blk, IR_ADDW, X1, X2, 0);
	ir_alu2i(blk, IR_REMU, X1, X2, 16);
	ir_alu2(blk, IR_XOR, X1, X2, X2);
	ir_alu2(blk, IR_AND, X1, X2, X2);
	ir_alu2(blk, IR_SETGEU, X1, X2, X2);
	ir_alu2i(blk, IR_SHR, X1, X2, 3); /* nothing to do */
	ir_exit(blk, 0x80000004);
	assert_true(ir_opt_fold(blk) > 0);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: x1 = mov x1\n"
			 "   1: x1 = movi 0\n"
			 "   2: x1 = mov x2\n"
			 "   3: x1 = shli x2, 3\n"
			 "   4: x1 = movi -1\n"
			 "   5: x1 = not x2\n"
			 "   6: x1 = addi x2, -5\n"
			 "   7: x1 = mov x2\n"
			 "   8: x1 = sext32 x2\n"
			 "   9: x1 = andi x2, 15\n"
			 "  10: x1 = movi 0\n"
			 "  11: x1 = mov x2\n"
			 "  12: x1 = movi 1\n"
			 "  13: x1 = shri x2, 3\n"
			 "  14: exit 0x80000004\n");
	ir_block_free(blk);
}

/* The 32 forms' identities give zext32 (the W forms' give sext32), carries of 0 give 0. */
static void test_fold_32_forms(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t1 = ir_temp(blk), t2 = ir_temp(blk);

	(void)state;
	ir_alu2i(blk, IR_ADD32, X1, X2, 0);
	ir_alu2i(blk, IR_SHL32, X1, X2, 32);
	ir_alu2i(blk, IR_MUL32, X1, X2, 1);
	ir_alu2i(blk, IR_MUL32, X1, X2, 0);
	ir_alu2i(blk, IR_SUB32, X1, X2, 5);
	ir_alu2(blk, IR_SUB32, X1, X2, X2);
	ir_alu2i(blk, IR_CARRY32, X1, X2, 0);
	ir_alu2(blk, IR_SUBOV, X1, X2, X2);
	ir_alu2i(blk, IR_SHR32, t1, X3, 8);
	ir_alu2i(blk, IR_SHL32, t2, X3, 24);
	ir_alu2(blk, IR_OR, X2, t2, t1); /* a 32-bit rotate */
	ir_exit(blk, 0x80000004);
	assert_true(ir_opt_fold(blk) > 0);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: x1 = zext32 x2\n"
			 "   1: x1 = zext32 x2\n"
			 "   2: x1 = zext32 x2\n"
			 "   3: x1 = movi 0\n"
			 "   4: x1 = add32i x2, -5\n"
			 "   5: x1 = movi 0\n"
			 "   6: x1 = movi 0\n"
			 "   7: x1 = movi 0\n"
			 "   8: t4 = shr32i x3, 8\n"
			 "   9: t5 = shl32i x3, 24\n"
			 "  10: x2 = ror32i x3, 8\n"
			 "  11: exit 0x80000004\n");
	ir_block_free(blk);
	for (unsigned k = 1; k < 32; k++)
		assert_int_equal(ir_eval_alu(IR_ROR32I, 0xdead80000001ull, 0, k),
				 ir_eval_alu(IR_SHR32I, 0xdead80000001ull, 0, k) |
				     ir_eval_alu(IR_SHL32I, 0xdead80000001ull, 0, 32 - k));
}

/* Rotates built from two shifts and an or become one rotate, with the interpreter's semantics. */
static void test_fold_rotate(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t[6];

	(void)state;
	for (unsigned i = 0; i < 6; i++)
		t[i] = ir_temp(blk);
	ir_alu2i(blk, IR_SHR, t[0], X1, 7);
	ir_alu2i(blk, IR_SHL, t[1], X1, 57);
	ir_alu2(blk, IR_OR, X2, t[0], t[1]);
	ir_alu2i(blk, IR_SHLW, t[2], X1, 27);
	ir_alu2i(blk, IR_SHRW, t[3], X1, 5);
	ir_alu2(blk, IR_OR, X3, t[2], t[3]);
	ir_alu2i(blk, IR_SHR, t[4], X1, 3);
	ir_alu2(blk, IR_ADD, X1, X1, X3);
	ir_alu2i(blk, IR_SHL, t[5], X1, 61); /* x1 changed between the shifts: kept */
	ir_alu2(blk, IR_OR, X2, t[4], t[5]);
	ir_alu2(blk, IR_OR, X3, t[0], t[2]); /* shifts of different widths: kept */
	ir_exit(blk, 0x80000004);
	assert_true(ir_opt_fold(blk) > 0);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: t4 = shri x1, 7\n"
			 "   1: t5 = shli x1, 57\n"
			 "   2: x2 = rori x1, 7\n"
			 "   3: t6 = shlwi x1, 27\n"
			 "   4: t7 = shrwi x1, 5\n"
			 "   5: x3 = rorwi x1, 5\n"
			 "   6: t8 = shri x1, 3\n"
			 "   7: x1 = add x1, x3\n"
			 "   8: t9 = shli x1, 61\n"
			 "   9: x2 = or t8, t9\n"
			 "  10: x3 = or t4, t6\n"
			 "  11: exit 0x80000004\n");
	ir_block_free(blk);
	/* the rewrite is exact for every rotate amount, on values with either top bit */
	for (unsigned k = 1; k < 64; k++) {
		static const uint64_t vals[] = {0x8123456789abcdefull, 0x7edcba9876543210ull,
						0x80000001ull, ~0ull};
		for (unsigned v = 0; v < ARRAY_SIZE(vals); v++) {
			uint64_t x = vals[v];
			assert_int_equal(ir_eval_alu(IR_RORI, x, 0, k),
					 ir_eval_alu(IR_SHRI, x, 0, k) |
					     ir_eval_alu(IR_SHLI, x, 0, 64 - k));
			if (k < 32)
				assert_int_equal(ir_eval_alu(IR_RORWI, x, 0, k),
						 ir_eval_alu(IR_SHRWI, x, 0, k) |
						     ir_eval_alu(IR_SHLWI, x, 0, 32 - k));
		}
	}
}

static void test_fold_branches(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t1 = ir_temp(blk), t2 = ir_temp(blk);

	(void)state;
	ir_movi(blk, t1, -1);
	ir_movi(blk, t2, 1);
	ir_br(blk, IR_BRLT, t2, t1, 0x80001000); /* 1 < -1: never */
	ir_br(blk, IR_BRNE, X1, X1, 0x80002000); /* never */
	ir_begin_guest(blk, 0x80000004, NULL, 0);
	ir_br(blk, IR_BRLTU, t2, t1, 0x80003000); /* 1 <u ~0: always */
	ir_movi(blk, X1, 1);
	ir_begin_guest(blk, 0x80000008, NULL, 0);
	ir_exit(blk, 0x8000000c);
	assert_true(ir_opt_fold(blk) > 0);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: t4 = movi -1\n"
			 "   1: t5 = movi 1\n"
			 "   2: nop\n"
			 "   3: nop\n"
			 "-- guest 1 @+0x4\n"
			 "   4: exit 0x80003000\n"
			 "   5: nop\n"
			 "-- guest 2 @+0x8\n"
			 "   6: nop\n");
	ir_compact(blk);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: t4 = movi -1\n"
			 "   1: t5 = movi 1\n"
			 "-- guest 1 @+0x4\n"
			 "   2: exit 0x80003000\n");
	ir_block_free(blk);
}

static void test_copyprop(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t1 = ir_temp(blk), t2 = ir_temp(blk), t3 = ir_temp(blk);

	(void)state;
	ir_mov(blk, t1, X1);
	ir_mov(blk, t2, t1);
	ir_alu2(blk, IR_ADD, X2, t2, t1); /* -> add x1, x1 */
	ir_mov(blk, X3, X1);
	ir_mov(blk, X3, t2);		   /* x3 already equals x1: nop */
	ir_movi(blk, X1, 9);		   /* kills copies of x1 */
	ir_store(blk, IR_ST64, t2, X0, 0); /* t2's value is the old x1: stays t2 */
	ir_mov(blk, t3, X1);		   /* constant -> movi 9 */
	ir_movi(blk, X1, 9);		   /* already 9: nop */
	ir_call(blk, H_WREGS, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
	ir_mov(blk, t1, X3); /* x3 is no longer known to equal anything */
	ir_exit_ind(blk, t1);
	assert_true(ir_opt_copyprop(blk) > 0);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: t4 = mov x1\n"
			 "   1: t5 = mov x1\n"
			 "   2: x2 = add x1, x1\n"
			 "   3: x3 = mov x1\n"
			 "   4: nop\n"
			 "   5: x1 = movi 9\n"
			 "   6: st64 [x0], t5\n"
			 "   7: t6 = movi 9\n"
			 "   8: nop\n"
			 "   9: call wregs(_, _, 0)\n"
			 "  10: t4 = mov x3\n"
			 "  11: exit_ind x3\n");
	ir_block_free(blk);
}

static void test_dce(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t1 = ir_temp(blk), t2 = ir_temp(blk), t3 = ir_temp(blk), t4 = ir_temp(blk);

	(void)state;
	ir_alu2i(blk, IR_ADD, t1, X1, 4);    /* used only by dead t2: dead */
	ir_alu2(blk, IR_MUL, t2, t1, t1);    /* dead */
	ir_load(blk, IR_LD64, t3, X2, 0);    /* dead but may trap: kept */
	ir_call(blk, H_PURE, t4, X1, X2, 0); /* dead pure call: removed */
	ir_call(blk, H_TRAP, t4, X1, X2, 0); /* dead but may trap: kept */
	ir_movi(blk, t1, 1);		     /* live: stored */
	ir_store(blk, IR_ST8, t1, X3, 0);
	ir_movi(blk, X1, 2); /* guest register: not DCE's business */
	ir_movi(blk, t2, 5); /* dead at the block end */
	ir_exit(blk, 0x80000004);
	assert_int_equal(ir_opt_dce(blk), 4);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: nop\n"
			 "   1: nop\n"
			 "   2: t6 = ld64 [x2]\n"
			 "   3: nop\n"
			 "   4: t7 = call maytrap(x1, x2, 0)\n"
			 "   5: t4 = movi 1\n"
			 "   6: st8 [x3], t4\n"
			 "   7: x1 = movi 2\n"
			 "   8: nop\n"
			 "   9: exit 0x80000004\n");
	ir_block_free(blk);
}

static void test_dead_reg_stores(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t1 = ir_temp(blk);

	(void)state;
	ir_movi(blk, X1, 1); /* overwritten below with no read: dead */
	ir_movi(blk, X2, 2); /* read by the add: live */
	ir_alu2i(blk, IR_ADD, t1, X2, 1);
	ir_movi(blk, X1, 3);
	ir_movi(blk, X2, 4);
	ir_begin_guest(blk, 0x80000004, NULL, 0);
	ir_movi(blk, X3, 5);		  /* live: the load may trap */
	ir_load(blk, IR_LD64, X3, t1, 0); /* a load into x3 is never removed */
	ir_movi(blk, X3, 6);		  /* overwritten right below: dead */
	ir_movi(blk, X3, 11);
	ir_movi(blk, X2, 7); /* live: the call reads registers */
	ir_call(blk, H_RREGS, IR_NO_SLOT, IR_NO_SLOT, IR_NO_SLOT, 0);
	ir_movi(blk, X2, 8); /* live: the branch is a side exit */
	ir_br(blk, IR_BREQ, t1, t1, 0x80001000);
	ir_movi(blk, X2, 9);
	ir_movi(blk, X0, 1); /* live: the helper may trap */
	ir_call(blk, H_TRAP, t1, IR_NO_SLOT, IR_NO_SLOT, 0);
	ir_movi(blk, X0, 2);
	ir_movi(blk, X1, 10); /* live at the block end */
	ir_exit(blk, 0x80000008);
	assert_int_equal(ir_opt_dead_reg_stores(blk), 2);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: nop\n"
			 "   1: x2 = movi 2\n"
			 "   2: t4 = addi x2, 1\n"
			 "   3: x1 = movi 3\n"
			 "   4: x2 = movi 4\n"
			 "-- guest 1 @+0x4\n"
			 "   5: x3 = movi 5\n"
			 "   6: x3 = ld64 [t4]\n"
			 "   7: nop\n"
			 "   8: x3 = movi 11\n"
			 "   9: x2 = movi 7\n"
			 "  10: call rregs(_, _, 0)\n"
			 "  11: x2 = movi 8\n"
			 "  12: breq t4, t4 -> 0x80001000\n"
			 "  13: x2 = movi 9\n"
			 "  14: x0 = movi 1\n"
			 "  15: t4 = call maytrap(_, _, 0)\n"
			 "  16: x0 = movi 2\n"
			 "  17: x1 = movi 10\n"
			 "  18: exit 0x80000008\n");
	ir_block_free(blk);
}

static void test_optimize_pipeline(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t1 = ir_temp(blk), t2 = ir_temp(blk), t3 = ir_temp(blk);

	(void)state;
	/* addi x1, x0, 5 ; slli x2, x1, 2 ; sd x2, 0(x3) ; beq x1, x1, +8 (always) */
	ir_movi(blk, t1, 0);
	ir_alu2i(blk, IR_ADD, X1, t1, 5);
	ir_begin_guest(blk, 0x80000004, NULL, 0);
	ir_mov(blk, t2, X1);
	ir_alu2i(blk, IR_SHL, X2, t2, 2);
	ir_begin_guest(blk, 0x80000008, NULL, 0);
	ir_alu2i(blk, IR_ADD, t3, X3, 0);
	ir_store(blk, IR_ST64, X2, t3, 0);
	ir_begin_guest(blk, 0x8000000c, NULL, 0);
	ir_br(blk, IR_BREQ, X1, X1, 0x80000014);
	ir_exit(blk, 0x80000010);
	ir_optimize(blk);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: x1 = movi 5\n"
			 "-- guest 1 @+0x4\n"
			 "   1: x2 = movi 20\n"
			 "-- guest 2 @+0x8\n"
			 "   2: st64 [x3], x2\n"
			 "-- guest 3 @+0xc\n"
			 "   3: exit 0x80000014\n");
	ir_block_free(blk);
}

/* ALU3 folds: a known select condition or equal arms, a carry input known to be 0, constants. */
static void test_fold_alu3(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t1 = ir_temp(blk), t2 = ir_temp(blk), t3 = ir_temp(blk), t4 = ir_temp(blk);

	(void)state;
	ir_movi(blk, t1, 0);
	ir_movi(blk, t3, 2);
	ir_alu3(blk, IR_SELECT, X1, X2, X3, t1);  /* c = 0: b */
	ir_alu3(blk, IR_SELECT, X1, X2, X2, X3);  /* equal arms */
	ir_alu3(blk, IR_ADC, X2, X1, X3, t1);	  /* carry in 0: add */
	ir_alu3(blk, IR_CARRYC, t2, X1, X3, t3);  /* bit 0 of 2 is 0: carry */
	ir_alu3(blk, IR_BORROWC, X0, t2, X1, t1); /* borrow */
	ir_alu3(blk, IR_SBB, X3, X1, X2, X0);	  /* unknown borrow in: kept */
	ir_alu3(blk, IR_ADC, t4, t3, t3, t3);	  /* 2 + 2 + 0 */
	ir_alu3(blk, IR_SELECT, X3, t4, X1, t3);  /* c = 2: a */
	ir_exit(blk, 0x80000004);
	assert_true(ir_opt_fold(blk) > 0);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: t4 = movi 0\n"
			 "   1: t6 = movi 2\n"
			 "   2: x1 = mov x3\n"
			 "   3: x1 = mov x2\n"
			 "   4: x2 = add x1, x3\n"
			 "   5: t5 = carry x1, x3\n"
			 "   6: x0 = borrow t5, x1\n"
			 "   7: x3 = sbb x1, x2, x0\n"
			 "   8: t7 = movi 4\n"
			 "   9: x3 = mov t7\n"
			 "  10: exit 0x80000004\n");
	ir_block_free(blk);
}

/* The c operand is an input like a and b: copy propagation rewrites it, it keeps a temp live
 * and a guest register write before it alive; the printer shows select as c ? a : b. */
static void test_alu3_operand_c(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t1 = ir_temp(blk), t2 = ir_temp(blk);

	(void)state;
	ir_mov(blk, t1, X1);
	ir_alu2(blk, IR_CARRY, t2, X2, X3);
	ir_movi(blk, X0, 7);			 /* read by the adc below only: not dead */
	ir_alu3(blk, IR_ADC, X2, X3, X3, X0);	 /* x0 as c */
	ir_alu3(blk, IR_SBB, X3, X2, X3, t2);	 /* t2 only as c: live */
	ir_alu3(blk, IR_SELECT, X1, X2, X3, t1); /* c: t1 is a copy of x1 */
	ir_movi(blk, X0, 1);
	ir_exit(blk, 0x80000004);
	assert_true(ir_opt_copyprop(blk) > 0);
	assert_int_equal(ir_opt_dce(blk), 1);
	assert_int_equal(ir_opt_dead_reg_stores(blk), 0);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: nop\n"
			 "   1: t5 = carry x2, x3\n"
			 "   2: x0 = movi 7\n"
			 "   3: x2 = adc x3, x3, x0\n"
			 "   4: x3 = sbb x2, x3, t5\n"
			 "   5: x1 = select x1 ? x2 : x3\n"
			 "   6: x0 = movi 1\n"
			 "   7: exit 0x80000004\n");
	ir_block_free(blk);
}

/* A BARRIER has no operands and no result, but no pass may drop it or move accesses across. */
static void test_optimize_keeps_barrier(void **state)
{
	struct ir_block *blk = new_block();
	unsigned t1 = ir_temp(blk);

	(void)state;
	ir_store(blk, IR_ST64, X1, X0, 0);
	ir_barrier(blk, IR_BAR_SL);
	ir_load(blk, IR_LD64, t1, X0, 8); /* dead but kept: it may trap */
	ir_barrier(blk, IR_BAR_LL);
	ir_exit(blk, 0x80000004);
	ir_optimize(blk);
	check_print(blk, "-- guest 0 @+0x0\n"
			 "   0: st64 [x0], x1\n"
			 "   1: barrier sl\n"
			 "   2: t4 = ld64 [x0 + 8]\n"
			 "   3: barrier ll\n"
			 "   4: exit 0x80000004\n");
	ir_block_free(blk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_print),
	    cmocka_unit_test(test_fold_constants),
	    cmocka_unit_test(test_fold_regs_forgotten_at_call),
	    cmocka_unit_test(test_fold_identities),
	    cmocka_unit_test(test_fold_rotate),
	    cmocka_unit_test(test_fold_32_forms),
	    cmocka_unit_test(test_fold_branches),
	    cmocka_unit_test(test_copyprop),
	    cmocka_unit_test(test_dce),
	    cmocka_unit_test(test_dead_reg_stores),
	    cmocka_unit_test(test_optimize_pipeline),
	    cmocka_unit_test(test_optimize_keeps_barrier),
	    cmocka_unit_test(test_fold_alu3),
	    cmocka_unit_test(test_alu3_operand_c),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
