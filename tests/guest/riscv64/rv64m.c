/*
 * RV64M: mul/mulh/mulhsu/mulhu/div/divu/rem/remu and their W forms, with the
 * architected edge cases: division by zero (quotient all ones, remainder the
 * dividend), signed overflow (quotient the dividend, remainder zero) and the
 * sign extension of every W result.
 */
#include "lib.h"
#include "insn.h"

#define MIN64 0x8000000000000000UL
#define ALL   0xffffffffffffffffUL

static void test_mul(void)
{
	CHECK_EQ(RR("mul", 7, -3L), (u64)-21);
	CHECK_EQ(RR("mul", 0x100000001UL, 0x100000001UL), 0x200000001UL);
	CHECK_EQ(RR("mul", MIN64, -1L), MIN64);
	CHECK_EQ(RR("mulh", -1L, -1L), 0);
	CHECK_EQ(RR("mulh", MIN64, MIN64), 0x4000000000000000UL);
	CHECK_EQ(RR("mulh", MIN64, 1), ALL);
	CHECK_EQ(RR("mulh", 0x7fffffffffffffffUL, 0x7fffffffffffffffUL), 0x3fffffffffffffffUL);
	CHECK_EQ(RR("mulhu", ALL, ALL), 0xfffffffffffffffeUL);
	CHECK_EQ(RR("mulhu", MIN64, 2), 1);
	CHECK_EQ(RR("mulhsu", -1L, ALL), ALL);
	CHECK_EQ(RR("mulhsu", MIN64, ALL), 0x8000000000000000UL);
	CHECK_EQ(RR("mulhsu", 2, ALL), 1);
	CHECK_EQ(RR("mulhsu", -2L, 3), ALL);
	CHECK_EQ(RR("mulw", 0x10000, 0x10000), 0);
	CHECK_EQ(RR("mulw", 0x7fffffff, 2), 0xfffffffffffffffeUL);
	CHECK_EQ(RR("mulw", 0xdeadbeef00000003UL, 0x1234567800000005UL), 15);
	CHECK_EQ(RR("mulw", 0x8000, 0x10000), 0xffffffff80000000UL);
}

static void test_div(void)
{
	CHECK_EQ(RR("div", 20, -3L), (u64)-6);
	CHECK_EQ(RR("rem", 20, -3L), 2);
	CHECK_EQ(RR("div", -20L, 3), (u64)-6);
	CHECK_EQ(RR("rem", -20L, 3), (u64)-2);
	CHECK_EQ(RR("divu", ALL, 2), 0x7fffffffffffffffUL);
	CHECK_EQ(RR("remu", ALL, 10), 5);
	/* Division by zero. */
	CHECK_EQ(RR("div", 1234, 0), ALL);
	CHECK_EQ(RR("div", -1234L, 0), ALL);
	CHECK_EQ(RR("divu", 1234, 0), ALL);
	CHECK_EQ(RR("rem", -1234L, 0), (u64)-1234);
	CHECK_EQ(RR("remu", 1234, 0), 1234);
	/* Signed overflow. */
	CHECK_EQ(RR("div", MIN64, -1L), MIN64);
	CHECK_EQ(RR("rem", MIN64, -1L), 0);
	/* W forms. */
	CHECK_EQ(RR("divw", 0xffffffff80000000UL, -1L), 0xffffffff80000000UL);
	CHECK_EQ(RR("divw", 0x80000000UL, -1L), 0xffffffff80000000UL); /* low 32 bits only */
	CHECK_EQ(RR("remw", 0x80000000UL, -1L), 0);
	CHECK_EQ(RR("divw", 7, 0), ALL);
	CHECK_EQ(RR("remw", 0x1234500000007UL, 0), 7);
	CHECK_EQ(RR("remw", 0x80000000UL, 0), 0xffffffff80000000UL);
	CHECK_EQ(RR("divuw", 0xffffffffUL, 0), ALL);
	CHECK_EQ(RR("divuw", 0xfffffffeUL, 1), 0xfffffffffffffffeUL); /* sign-extended */
	CHECK_EQ(RR("divuw", 0x1fffffffeUL, 2), 0x7fffffff);
	CHECK_EQ(RR("remuw", 0x80000005UL, 0), 0xffffffff80000005UL);
	CHECK_EQ(RR("remuw", 0xffffffffUL, 0x10), 15);
	CHECK_EQ(RR("divw", -21L, 4), (u64)-5);
	CHECK_EQ(RR("remw", -21L, 4), (u64)-1);
	CHECK_EQ(RR("divw", 0x100000015UL, 0x100000004UL), 5); /* upper halves ignored */
}

int main(long hartid, unsigned long dtb)
{
	gprintf("rv64m: start\n");
	test_mul();
	test_div();
	return 0;
}
