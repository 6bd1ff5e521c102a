/*
 * Zba, Zbb and Zbs: every instruction with edge operands (zero, all ones,
 * sign bits, shift amounts past the word size, the .uw zero extension).
 */
#include "lib.h"
#include "insn.h"

#define ALL 0xffffffffffffffffUL

static void test_zba(void)
{
	CHECK_EQ(RR("sh1add", 3, 100), 106);
	CHECK_EQ(RR("sh2add", 3, 100), 112);
	CHECK_EQ(RR("sh3add", 3, 100), 124);
	CHECK_EQ(RR("sh3add", 0x8000000000000000UL, 1), 1);
	CHECK_EQ(RR("add.uw", 0xffffffff80000000UL, 1), 0x80000001UL);
	CHECK_EQ(RR("add.uw", ALL, ALL), 0xfffffffeUL);
	CHECK_EQ(RR("sh1add.uw", 0xffffffff80000000UL, 1), 0x100000001UL);
	CHECK_EQ(RR("sh2add.uw", 0x1ffffffffUL, 0), 0x3fffffffcUL);
	CHECK_EQ(RR("sh3add.uw", 0xffffffffUL, 8), 0x800000000UL);
	CHECK_EQ(RI("slli.uw", 0xffffffff80000001UL, 4), 0x800000010UL);
	CHECK_EQ(RI("slli.uw", 0xffffffffffffffffUL, 63), 0x8000000000000000UL);
	CHECK_EQ(RI("slli.uw", 0x123456789UL, 0), 0x23456789UL);
}

static void test_zbb(void)
{
	CHECK_EQ(RR("andn", 0xff, 0x0f), 0xf0);
	CHECK_EQ(RR("orn", 0, ALL), 0);
	CHECK_EQ(RR("orn", 0xf0, 0xff), 0xfffffffffffffff0UL);
	CHECK_EQ(RR("xnor", 0xff, 0x0f), 0xffffffffffffff0fUL);
	CHECK_EQ(R1("clz", 0), 64);
	CHECK_EQ(R1("clz", 1), 63);
	CHECK_EQ(R1("clz", 0x8000000000000000UL), 0);
	CHECK_EQ(R1("clzw", 0), 32);
	CHECK_EQ(R1("clzw", 0xffffffff00000001UL), 31);
	CHECK_EQ(R1("clzw", 0x80000000UL), 0);
	CHECK_EQ(R1("ctz", 0), 64);
	CHECK_EQ(R1("ctz", 0x8000000000000000UL), 63);
	CHECK_EQ(R1("ctzw", 0), 32);
	CHECK_EQ(R1("ctzw", 0x100000000UL), 32);
	CHECK_EQ(R1("ctzw", 0x80000000UL), 31);
	CHECK_EQ(R1("cpop", ALL), 64);
	CHECK_EQ(R1("cpop", 0x5555), 8);
	CHECK_EQ(R1("cpopw", ALL), 32);
	CHECK_EQ(R1("cpopw", 0xffff00000000000fUL), 4);
	CHECK_EQ(RR("max", -1L, 1), 1);
	CHECK_EQ(RR("maxu", -1L, 1), ALL);
	CHECK_EQ(RR("min", -1L, 1), ALL);
	CHECK_EQ(RR("minu", -1L, 1), 1);
	CHECK_EQ(RR("max", 0x8000000000000000UL, 0x7fffffffffffffffUL), 0x7fffffffffffffffUL);
	CHECK_EQ(R1("sext.b", 0x80), 0xffffffffffffff80UL);
	CHECK_EQ(R1("sext.b", 0x17f), 0x7f);
	CHECK_EQ(R1("sext.h", 0x8000), 0xffffffffffff8000UL);
	CHECK_EQ(R1("sext.h", 0x12347fff), 0x7fff);
	CHECK_EQ(R1("zext.h", 0xffffffffffff8001UL), 0x8001);
	CHECK_EQ(RR("rol", 0x8000000000000001UL, 1), 3);
	CHECK_EQ(RR("rol", 0x8000000000000001UL, 65), 3);
	CHECK_EQ(RR("ror", 3, 1), 0x8000000000000001UL);
	CHECK_EQ(RI("rori", 0x1234, 8), 0x3400000000000012UL);
	CHECK_EQ(RI("rori", 0x1234, 0), 0x1234);
	CHECK_EQ(RR("rolw", 0x80000001UL, 1), 3);
	CHECK_EQ(RR("rolw", 0x40000000UL, 1), 0xffffffff80000000UL);
	CHECK_EQ(RR("rorw", 1, 1), 0xffffffff80000000UL);
	CHECK_EQ(RR("rorw", 0xffffffff00000002UL, 33), 1);
	CHECK_EQ(RI("roriw", 0x12345678UL, 4), 0xffffffff81234567UL);
	CHECK_EQ(RI("roriw", 0xffffffff12345678UL, 0), 0x12345678UL);
	CHECK_EQ(R1("orc.b", 0x0001000080000010UL), 0x00ff0000ff0000ffUL);
	CHECK_EQ(R1("orc.b", 0), 0);
	CHECK_EQ(R1("rev8", 0x0102030405060708UL), 0x0807060504030201UL);
	/* zext.w is the add.uw alias. */
	CHECK_EQ(R1("zext.w", 0xffffffff80000000UL), 0x80000000UL);
}

static void test_zbs(void)
{
	CHECK_EQ(RR("bset", 0, 63), 0x8000000000000000UL);
	CHECK_EQ(RR("bset", 0, 64), 1); /* index taken mod 64 */
	CHECK_EQ(RR("bclr", ALL, 0), 0xfffffffffffffffeUL);
	CHECK_EQ(RR("bclr", ALL, 127), 0x7fffffffffffffffUL);
	CHECK_EQ(RR("binv", 0x10, 4), 0);
	CHECK_EQ(RR("binv", 0, 36), 0x1000000000UL);
	CHECK_EQ(RR("bext", 0x8000000000000000UL, 63), 1);
	CHECK_EQ(RR("bext", 0x8000000000000000UL, 62), 0);
	CHECK_EQ(RI("bseti", 0, 40), 0x10000000000UL);
	CHECK_EQ(RI("bclri", ALL, 63), 0x7fffffffffffffffUL);
	CHECK_EQ(RI("binvi", 0, 0), 1);
	CHECK_EQ(RI("bexti", 0x20, 5), 1);
	CHECK_EQ(RI("bexti", 0x20, 6), 0);
}

int main(long hartid, unsigned long dtb)
{
	gprintf("zb: start\n");
	test_zba();
	test_zbb();
	test_zbs();
	return 0;
}
