/*
 * RV64C: compressed instructions written explicitly (c.* mnemonics) and
 * checked against their expanded semantics: immediates with sign
 * extension, c.addi16sp/c.addi4spn, stack-relative loads/stores, the CL/CS
 * forms, register-register ALU ops including c.addw/c.subw, shifts, and
 * control flow (c.j, c.jr, c.jalr, c.beqz/c.bnez both ways).
 */
#include "lib.h"
#include "insn.h"

/* Run a block of compressed code with inputs in a0/a1 and the result in a0. */
#define CBLOCK(code, in0, in1)                                                                     \
	({                                                                                         \
		register unsigned long __a0 asm("a0") = (unsigned long)(in0);                      \
		register unsigned long __a1 asm("a1") = (unsigned long)(in1);                      \
		asm volatile(code                                                                  \
			     : "+r"(__a0), "+r"(__a1)::"a2", "a3", "a4", "a5", "s1", "t0", "t1",   \
			       "ra", "memory");                                                    \
		__a0;                                                                              \
	})

static u64 scratch[8] __attribute__((aligned(16)));

static void test_imm(void)
{
	CHECK_EQ(CBLOCK("c.li a0, -32", 0, 0), (u64)-32);
	CHECK_EQ(CBLOCK("c.li a0, 31", 0, 0), 31);
	CHECK_EQ(CBLOCK("c.lui a0, 0x1f", 0, 0), 0x1f000);
	CHECK_EQ(CBLOCK("c.lui a0, 0xfffe0", 0, 0), 0xfffffffffffe0000UL); /* nzimm = -32 */
	CHECK_EQ(CBLOCK("c.addi a0, -1", 0, 0), (u64)-1);
	CHECK_EQ(CBLOCK("c.addi a0, 31", 0x100, 0), 0x11f);
	CHECK_EQ(CBLOCK("c.addiw a0, 1", 0x7fffffff, 0), 0xffffffff80000000UL);
	CHECK_EQ(CBLOCK("c.addiw a0, 0", 0x1ffffffffUL, 0), (u64)-1); /* sext.w */
	CHECK_EQ(CBLOCK("c.slli a0, 63", 1, 0), 0x8000000000000000UL);
	CHECK_EQ(CBLOCK("mv s1, a0\n\tc.srli s1, 60\n\tmv a0, s1", 0xf000000000000000UL, 0), 0xf);
	CHECK_EQ(CBLOCK("mv s1, a0\n\tc.srai s1, 60\n\tmv a0, s1", 0xf000000000000000UL, 0),
		 (u64)-1);
	CHECK_EQ(CBLOCK("c.srai a0, 1", 0x8000000000000000UL, 0), 0xc000000000000000UL);
	CHECK_EQ(CBLOCK("c.andi a0, -16", 0xffffUL, 0), 0xfff0);
	CHECK_EQ(CBLOCK("c.andi a0, 5", 0xffffUL, 0), 5);
	CHECK_EQ(CBLOCK("c.nop\n\tc.addi a0, 2", 1, 0), 3);
}

static void test_reg(void)
{
	CHECK_EQ(CBLOCK("c.mv a0, a1", 1, 99), 99);
	CHECK_EQ(CBLOCK("c.add a0, a1", 40, 2), 42);
	CHECK_EQ(CBLOCK("c.sub a0, a1", 40, 42), (u64)-2);
	CHECK_EQ(CBLOCK("c.and a0, a1", 0xff0, 0x0ff), 0x0f0);
	CHECK_EQ(CBLOCK("c.or a0, a1", 0xf00, 0x00f), 0xf0f);
	CHECK_EQ(CBLOCK("c.xor a0, a1", 0xff, 0x0f), 0xf0);
	CHECK_EQ(CBLOCK("c.addw a0, a1", 0x7fffffff, 1), 0xffffffff80000000UL);
	CHECK_EQ(CBLOCK("c.subw a0, a1", 0x100000000UL, 1), (u64)-1);
	CHECK_EQ(CBLOCK("c.addw a0, a1", 0x1234500000001UL, 0x9876500000002UL), 3);
}

static void test_mem(void)
{
	scratch[0] = 0x8000000112345678UL;
	scratch[1] = 0xfffffffe00000000UL;
	CHECK_EQ(CBLOCK("c.ld a0, 0(a1)", 0, scratch), 0x8000000112345678UL);
	CHECK_EQ(CBLOCK("c.lw a0, 4(a1)", 0, scratch), 0xffffffff80000001UL);
	CHECK_EQ(CBLOCK("c.lw a0, 12(a1)", 0, scratch), 0xfffffffffffffffeUL);
	CBLOCK("c.sd a0, 16(a1)", 0x1122334455667788UL, scratch);
	CHECK_EQ(scratch[2], 0x1122334455667788UL);
	CBLOCK("c.sw a0, 20(a1)", 0xdeadbeefUL, scratch);
	CHECK_EQ(scratch[2], 0xdeadbeef55667788UL);
	/* Stack-pointer relative forms and the sp adjusters. */
	CHECK_EQ(CBLOCK("mv t0, sp\n\t"
			"c.addi16sp sp, -64\n\t"
			"c.sdsp a0, 40(sp)\n\t"
			"c.swsp a1, 8(sp)\n\t"
			"c.ldsp a2, 40(sp)\n\t"
			"c.lwsp a3, 8(sp)\n\t"
			"c.addi4spn a4, sp, 16\n\t"
			"sub a4, a4, sp\n\t"
			"sub a5, t0, sp\n\t"
			"c.addi16sp sp, 64\n\t"
			"sub t0, t0, sp\n\t"
			/* a0 = a2 ^ a3 ^ (a4 << 8) ^ (a5 << 16) ^ (t0 << 24) */
			"slli a4, a4, 8\n\t"
			"slli a5, a5, 16\n\t"
			"slli t0, t0, 24\n\t"
			"xor a0, a2, a3\n\t"
			"xor a0, a0, a4\n\t"
			"xor a0, a0, a5\n\t"
			"xor a0, a0, t0",
			0x5000000000000000UL, 0x80000007UL),
		 0x5000000000000000UL ^ 0xffffffff80000007UL ^ (16UL << 8) ^ (64UL << 16));
}

static void test_fp_mem(void)
{
	scratch[4] = 0x400921fb54442d18UL;
	CHECK_EQ(CBLOCK("c.fld fa0, 32(a1)\n\tc.fsd fa0, 40(a1)\n\tc.ld a0, 40(a1)", 0, scratch),
		 0x400921fb54442d18UL);
	CHECK_EQ(CBLOCK("c.addi16sp sp, -32\n\t"
			"sd a1, 16(sp)\n\t"
			"c.fldsp fa1, 16(sp)\n\t"
			"c.fsdsp fa1, 24(sp)\n\t"
			"c.ldsp a0, 24(sp)\n\t"
			"c.addi16sp sp, 32",
			0, 0x3ff0000000000001UL),
		 0x3ff0000000000001UL);
}

static long callee_add(long a, long b)
{
	return a + b * 2;
}

static void test_flow(void)
{
	CHECK_EQ(CBLOCK("c.li a2, 1\n\tc.beqz a0, 1f\n\tc.li a2, 0\n1: mv a0, a2", 0, 0), 1);
	CHECK_EQ(CBLOCK("c.li a2, 1\n\tc.beqz a0, 1f\n\tc.li a2, 0\n1: mv a0, a2", 5, 0), 0);
	CHECK_EQ(CBLOCK("c.li a2, 1\n\tc.bnez a0, 1f\n\tc.li a2, 0\n1: mv a0, a2", 5, 0), 1);
	CHECK_EQ(CBLOCK("c.li a2, 1\n\tc.bnez a0, 1f\n\tc.li a2, 0\n1: mv a0, a2", 0, 0), 0);
	/* Backward c.bnez loop. */
	CHECK_EQ(CBLOCK("mv s1, a0\n\tc.li a0, 0\n1: c.addi a0, 3\n\tc.addi s1, -1\n\t"
			"c.bnez s1, 1b",
			7, 0),
		 21);
	CHECK_EQ(CBLOCK("c.li a2, 7\n\tc.j 1f\n\tc.li a2, 9\n1: mv a0, a2", 0, 0), 7);
	CHECK_EQ(CBLOCK("la t0, 1f\n\tc.li a2, 7\n\tc.jr t0\n\tc.li a2, 9\n1: mv a0, a2", 0, 0), 7);
	/* c.jalr links the address of the next (2-byte) instruction. */
	CHECK_EQ(CBLOCK("la t0, 2f\n\t"
			"c.jalr t0\n"
			"1: la a1, 1b\n\t"
			"sub a0, ra, a1\n\t"
			"j 3f\n"
			"2: c.jr ra\n"
			"3:",
			0, 0),
		 0);
	register long a0 asm("a0") = 40;
	register long a1 asm("a1") = 1;
	register long (*fn)(long, long) asm("t1") = callee_add;

	asm volatile("c.jalr t1"
		     : "+r"(a0), "+r"(a1), "+r"(fn)
		     :
		     : "ra", "a2", "a3", "a4", "a5", "a6", "a7", "t0", "t2", "t3", "t4", "t5", "t6",
		       "memory");
	CHECK_EQ(a0, 42);
}

int main(long hartid, unsigned long dtb)
{
	gprintf("rv64c: start\n");
	test_imm();
	test_reg();
	test_mem();
	test_fp_mem();
	test_flow();
	return 0;
}
