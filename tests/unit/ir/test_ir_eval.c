/*
 * test_ir_eval.c - reference semantics of the pure IR ops (ir_eval_alu) on
 * their edge cases: division by zero and overflow, shift amounts at and
 * beyond the width, W ops' sign extension and 32 ops' zero extension, clz/ctz of 0, orcb, rotates,
 * carry/borrow/overflow outputs and the three-input ops (ir_eval_alu3).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "ir/ir.h"

#define MIN64 0x8000000000000000ULL
#define ONES  0xffffffffffffffffULL

static uint64_t ev(enum ir_op op, uint64_t a, uint64_t b)
{
	return ir_eval_alu(op, a, b, 0);
}

static uint64_t ev1(enum ir_op op, uint64_t a)
{
	return ir_eval_alu(op, a, 0, 0);
}

static void test_division(void **state)
{
	(void)state;
	assert_int_equal(ev(IR_DIV, 7, 0), ONES);
	assert_int_equal(ev(IR_DIVU, 7, 0), ONES);
	assert_int_equal(ev(IR_REM, 7, 0), 7);
	assert_int_equal(ev(IR_REMU, 7, 0), 7);
	assert_int_equal(ev(IR_DIV, MIN64, ONES), MIN64);
	assert_int_equal(ev(IR_REM, MIN64, ONES), 0);
	assert_int_equal(ev(IR_DIV, (uint64_t)-7, 2), (uint64_t)-3);
	assert_int_equal(ev(IR_REM, (uint64_t)-7, 2), (uint64_t)-1);
	assert_int_equal(ev(IR_DIVU, (uint64_t)-7, 2), 0x7ffffffffffffffcULL);
	assert_int_equal(ev(IR_DIVW, 5, 0), ONES);
	assert_int_equal(ev(IR_DIVUW, 5, 0), ONES);
	assert_int_equal(ev(IR_REMW, 0x80000005ULL, 0), 0xffffffff80000005ULL);
	assert_int_equal(ev(IR_REMUW, 0x80000005ULL, 0), 0xffffffff80000005ULL);
	assert_int_equal(ev(IR_DIVW, 0x80000000ULL, 0xffffffffULL), 0xffffffff80000000ULL);
	assert_int_equal(ev(IR_REMW, 0x80000000ULL, 0xffffffffULL), 0);
	/* Upper bits of W inputs are ignored. */
	assert_int_equal(ev(IR_DIVUW, 0x1234567800000010ULL, 0xff00000000000004ULL), 4);
	assert_int_equal(ev(IR_DIVUW, 0xfffffffeULL, 1), 0xfffffffffffffffeULL);
	/* Immediate form agrees with the register form. */
	assert_int_equal(ir_eval_alu(IR_DIVI, 7, 99, 0), ONES);
	assert_int_equal(ir_eval_alu(IR_REMUI, 7, 99, 4), 3);
}

static void test_shifts(void **state)
{
	(void)state;
	assert_int_equal(ev(IR_SHL, 1, 64), 1);
	assert_int_equal(ev(IR_SHL, 1, 65), 2);
	assert_int_equal(ev(IR_SHR, MIN64, 63), 1);
	assert_int_equal(ev(IR_SAR, MIN64, 63), ONES);
	assert_int_equal(ev(IR_SAR, MIN64, 127), ONES);
	assert_int_equal(ev(IR_SHLW, 1, 31), 0xffffffff80000000ULL);
	assert_int_equal(ev(IR_SHLW, 1, 32), 1);
	assert_int_equal(ev(IR_SHRW, 0xffffffff80000000ULL, 31), 1);
	assert_int_equal(ev(IR_SHRW, 0x80000000ULL, 0), 0xffffffff80000000ULL);
	assert_int_equal(ev(IR_SARW, 0x80000000ULL, 4), 0xfffffffff8000000ULL);
	assert_int_equal(ev(IR_SARW, 0x0000000180000000ULL, 36), 0xfffffffff8000000ULL);
	assert_int_equal(ir_eval_alu(IR_SHLI, 3, 0, 66), 12);
}

static void test_rotates(void **state)
{
	(void)state;
	assert_int_equal(ev(IR_ROL, MIN64 | 1, 1), 3);
	assert_int_equal(ev(IR_ROR, 3, 1), MIN64 | 1);
	assert_int_equal(ev(IR_ROL, 0x1234, 0), 0x1234);
	assert_int_equal(ev(IR_ROR, 0x1234, 64), 0x1234);
	assert_int_equal(ev(IR_ROLW, 0x80000001ULL, 1), 3);
	assert_int_equal(ev(IR_RORW, 1, 1), 0xffffffff80000000ULL);
	assert_int_equal(ev(IR_RORW, 0xdead00000001ULL, 32), 1);
}

static void test_w_ops(void **state)
{
	(void)state;
	assert_int_equal(ev(IR_ADDW, 0x7fffffff, 1), 0xffffffff80000000ULL);
	assert_int_equal(ev(IR_SUBW, 0, 1), ONES);
	assert_int_equal(ev(IR_ADDW, 0xffffffff00000001ULL, 0x100000001ULL), 2);
	assert_int_equal(ev(IR_MULW, 0x10000, 0x8000), 0xffffffff80000000ULL);
	assert_int_equal(ir_eval_alu(IR_ADDWI, 0x7fffffff, 0, 1), 0xffffffff80000000ULL);
}

/* The 32 forms: low halves in, the 32-bit result zero-extended (the W forms sign-extend it). */
static void test_32_forms(void **state)
{
	(void)state;
	assert_int_equal(ev(IR_ADD32, 0x7fffffff, 1), 0x80000000ULL);
	assert_int_equal(ev(IR_ADD32, 0xffffffff00000001ULL, 0x1ffffffffULL), 0);
	assert_int_equal(ev(IR_SUB32, 0, 1), 0xffffffffULL);
	assert_int_equal(ev(IR_SHL32, 0xdead00000001ULL, 31), 0x80000000ULL);
	assert_int_equal(ev(IR_SHL32, 0xdead00000001ULL, 32), 1); /* count mod 32 */
	assert_int_equal(ev(IR_SHR32, 0xffffffff80000000ULL, 31), 1);
	assert_int_equal(ev(IR_SAR32, 0x80000000ULL, 4), 0xf8000000ULL);
	assert_int_equal(ev(IR_SAR32, 0xffffffff00000000ULL, 36), 0);
	assert_int_equal(ev(IR_ROL32, 0x80000001ULL, 1), 3);
	assert_int_equal(ev(IR_ROR32, 1, 1), 0x80000000ULL);
	assert_int_equal(ev(IR_ROR32, 0xdead00000001ULL, 32), 1);
	assert_int_equal(ev(IR_MUL32, 0x10000, 0x8000), 0x80000000ULL);
	assert_int_equal(ev(IR_MUL32, ONES, ONES), 1);
	assert_int_equal(ir_eval_alu(IR_ADD32I, 0x7fffffff, 0, 1), 0x80000000ULL);
	assert_int_equal(ir_eval_alu(IR_SUB32I, 5, 0, 0x100000006LL), 0xffffffffULL);
}

static void test_mul_high(void **state)
{
	(void)state;
	assert_int_equal(ev(IR_MULH, ONES, ONES), 0);
	assert_int_equal(ev(IR_MULHU, ONES, ONES), ONES - 1);
	assert_int_equal(ev(IR_MULHSU, ONES, 2), ONES);
	assert_int_equal(ev(IR_MULH, MIN64, 2), ONES);
	assert_int_equal(ev(IR_MULHU, MIN64, 2), 1);
}

static void test_bits(void **state)
{
	(void)state;
	assert_int_equal(ev1(IR_CLZ, 0), 64);
	assert_int_equal(ev1(IR_CTZ, 0), 64);
	assert_int_equal(ev1(IR_CLZ, 1), 63);
	assert_int_equal(ev1(IR_CTZ, MIN64), 63);
	assert_int_equal(ev1(IR_CLZW, 0xffffffff00000000ULL), 32);
	assert_int_equal(ev1(IR_CTZW, 0xffffffff00000000ULL), 32);
	assert_int_equal(ev1(IR_CLZW, 0x8000), 16);
	assert_int_equal(ev1(IR_CPOP, ONES), 64);
	assert_int_equal(ev1(IR_CPOPW, ONES), 32);
	assert_int_equal(ev1(IR_ORCB, 0x0001008000ff1000ULL), 0x00ff00ff00ffff00ULL);
	assert_int_equal(ev1(IR_ORCB, 0), 0);
	assert_int_equal(ev1(IR_ORCB, 0x8080808080808080ULL), ONES);
	assert_int_equal(ev1(IR_BSWAP64, 0x0102030405060708ULL), 0x0807060504030201ULL);
}

static void test_unary_and_compare(void **state)
{
	(void)state;
	assert_int_equal(ev1(IR_SEXT8, 0x180), 0xffffffffffffff80ULL);
	assert_int_equal(ev1(IR_SEXT16, 0x7fff), 0x7fff);
	assert_int_equal(ev1(IR_SEXT32, 0x80000000ULL), 0xffffffff80000000ULL);
	assert_int_equal(ev1(IR_ZEXT8, ONES), 0xff);
	assert_int_equal(ev1(IR_ZEXT16, ONES), 0xffff);
	assert_int_equal(ev1(IR_ZEXT32, ONES), 0xffffffffULL);
	assert_int_equal(ev1(IR_NEG, 1), ONES);
	assert_int_equal(ev1(IR_NOT, 0), ONES);
	assert_int_equal(ev(IR_SETLT, ONES, 0), 1);
	assert_int_equal(ev(IR_SETLTU, ONES, 0), 0);
	assert_int_equal(ev(IR_SETGE, 0, ONES), 1);
	assert_int_equal(ev(IR_SETGEU, 0, ONES), 0);
	assert_int_equal(ev(IR_MIN, ONES, 1), ONES);
	assert_int_equal(ev(IR_MINU, ONES, 1), 1);
	assert_int_equal(ev(IR_MAX, ONES, 1), 1);
	assert_int_equal(ev(IR_MAXU, ONES, 1), ONES);
	assert_int_equal(ev(IR_ANDN, 0xff, 0x0f), 0xf0);
	assert_int_equal(ev(IR_ORN, 0, ONES - 1), 1);
	assert_int_equal(ev(IR_XNOR, 5, 5), ONES);
	assert_int_equal(ir_eval_alu(IR_MOVI, 1, 2, -5), (uint64_t)-5);
}

static uint64_t ev3(enum ir_op op, uint64_t a, uint64_t b, uint64_t c)
{
	return ir_eval_alu3(op, a, b, c);
}

/* Carry, borrow and overflow outputs, 64- and 32-bit, against their definitions. */
static void test_carry_overflow(void **state)
{
	(void)state;
	assert_int_equal(ev(IR_CARRY, ONES, 1), 1);
	assert_int_equal(ev(IR_CARRY, ONES, 0), 0);
	assert_int_equal(ev(IR_CARRY, MIN64, MIN64), 1);
	assert_int_equal(ev(IR_BORROW, 0, 1), 1);
	assert_int_equal(ev(IR_BORROW, 1, 1), 0);
	assert_int_equal(ev(IR_ADDOV, 0x7fffffffffffffffULL, 1), 1);
	assert_int_equal(ev(IR_ADDOV, MIN64, ONES), 1);
	assert_int_equal(ev(IR_ADDOV, MIN64, 1), 0);
	assert_int_equal(ev(IR_SUBOV, MIN64, 1), 1);
	assert_int_equal(ev(IR_SUBOV, 0, MIN64), 1);
	assert_int_equal(ev(IR_SUBOV, ONES, MIN64), 0);
	/* 32-bit forms: the low halves only */
	assert_int_equal(ev(IR_CARRY32, 0xffffffffULL, 1), 1);
	assert_int_equal(ev(IR_CARRY32, 0x1ffffffffULL, 0x100000000ULL), 0);
	assert_int_equal(ev(IR_BORROW32, 0x100000000ULL, 1), 1);
	assert_int_equal(ev(IR_BORROW32, 5, 0xffffffff00000004ULL), 0);
	assert_int_equal(ev(IR_ADDOV32, 0x7fffffffULL, 1), 1);
	assert_int_equal(ev(IR_ADDOV32, 0x80000000ULL, 0x80000000ULL), 1);
	assert_int_equal(ev(IR_ADDOV32, 0xffffffff7fffffffULL, 0), 0);
	assert_int_equal(ev(IR_SUBOV32, 0x80000000ULL, 1), 1);
	assert_int_equal(ev(IR_SUBOV32, 0, 0x80000000ULL), 1);
	assert_int_equal(ev(IR_SUBOV32, 0x80000000ULL, 0x80000000ULL), 0);
	assert_int_equal(ir_eval_alu(IR_CARRYI, ONES, 0, 1), 1);
}

/* Three-input ops: select, add/sub with a carry or borrow in (bit 0 of c) and their outputs. */
static void test_alu3(void **state)
{
	(void)state;
	assert_int_equal(ev3(IR_SELECT, 1, 2, 0), 2);
	assert_int_equal(ev3(IR_SELECT, 1, 2, MIN64), 1);
	assert_int_equal(ev3(IR_ADC, 1, 2, 1), 4);
	assert_int_equal(ev3(IR_ADC, 1, 2, 2), 3); /* only bit 0 */
	assert_int_equal(ev3(IR_ADC, ONES, 0, 1), 0);
	assert_int_equal(ev3(IR_SBB, 5, 2, 3), 2);
	assert_int_equal(ev3(IR_SBB, 0, 0, 1), ONES);
	assert_int_equal(ev3(IR_CARRYC, ONES, 0, 1), 1);
	assert_int_equal(ev3(IR_CARRYC, ONES, 0, 0), 0);
	assert_int_equal(ev3(IR_CARRYC, ONES, ONES, 1), 1);
	assert_int_equal(ev3(IR_CARRYC, MIN64, 0x7fffffffffffffffULL, 1), 1);
	assert_int_equal(ev3(IR_CARRYC, MIN64, 0x7fffffffffffffffULL, 0), 0);
	assert_int_equal(ev3(IR_BORROWC, 0, 0, 1), 1);
	assert_int_equal(ev3(IR_BORROWC, 1, 0, 1), 0);
	assert_int_equal(ev3(IR_BORROWC, 1, 1, 1), 1);
	assert_int_equal(ev3(IR_BORROWC, 0, ONES, 0), 1);
	assert_int_equal(ev3(IR_BORROWC, ONES, ONES, 1), 1);
	assert_int_equal(ev3(IR_ADD, 1, 2, 3), 0); /* not an ALU3 op */
	/* 128-bit arithmetic from 64-bit halves: (2^64 - 1) + 1 = 2^64 */
	assert_int_equal(ev3(IR_ADC, 0, 0, ev(IR_CARRY, ONES, 1)), 1);
}

static void test_forms(void **state)
{
	(void)state;
	assert_int_equal(ir_op_imm_form(IR_ADD), IR_ADDI);
	assert_int_equal(ir_op_reg_form(IR_REMUWI), IR_REMUW);
	assert_int_equal(ir_op_imm_form(IR_ADDI), -1);
	assert_int_equal(ir_op_imm_form(IR_LD64), -1);
	assert_int_equal(ir_op_reg_form(IR_MOV), -1);
	assert_string_equal(ir_op_info[IR_XORI].name, "xori");
	assert_int_equal(ir_op_info[IR_LD16S].width, 2);
	assert_int_equal(ir_op_info[IR_LD16S].is_signed, 1);
	assert_true(ir_op_info[IR_ST8].flags & IR_OPF_MAY_TRAP);
	assert_true(ir_op_info[IR_ADD].flags & IR_OPF_COMMUTES);
	assert_false(ir_op_info[IR_SUB].flags & IR_OPF_COMMUTES);
	assert_true(ir_op_info[IR_CARRY].flags & IR_OPF_COMMUTES);
	assert_false(ir_op_info[IR_BORROW].flags & IR_OPF_COMMUTES);
	assert_int_equal(ir_op_info[IR_SELECT].kind, IR_K_ALU3);
	assert_true(ir_op_info[IR_ADC].flags & IR_OPF_USES_C);
	assert_false(ir_op_info[IR_CALL].flags & IR_OPF_USES_C);
	assert_int_equal(ir_op_imm_form(IR_SELECT), -1);
	for (unsigned op = 0; op < IR_OP_COUNT; op++)
		assert_non_null(ir_op_info[op].name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_division),	      cmocka_unit_test(test_shifts),
	    cmocka_unit_test(test_rotates),	      cmocka_unit_test(test_w_ops),
	    cmocka_unit_test(test_mul_high),	      cmocka_unit_test(test_bits),
	    cmocka_unit_test(test_unary_and_compare), cmocka_unit_test(test_forms),
	    cmocka_unit_test(test_carry_overflow),    cmocka_unit_test(test_alu3),
	    cmocka_unit_test(test_32_forms),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
