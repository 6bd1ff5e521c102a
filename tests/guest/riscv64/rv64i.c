/*
 * RV64I base integer instructions: ALU with register and immediate operands,
 * W forms and their sign extension, shifts by large amounts, compares,
 * every branch condition taken and not taken, jal/jalr (rd == rs1 too),
 * lui/auipc, loads and stores of each width with sign/zero extension, and
 * writes to x0 being discarded.
 */
#include "lib.h"
#include "insn.h"

static void test_alu(void)
{
	CHECK_EQ(RR("add", 5, 7), 12);
	CHECK_EQ(RR("add", 0x7fffffffffffffffUL, 1), 0x8000000000000000UL);
	CHECK_EQ(RR("sub", 5, 7), (u64)-2);
	CHECK_EQ(RR("sub", 0x8000000000000000UL, 1), 0x7fffffffffffffffUL);
	CHECK_EQ(RR("and", 0xff00ff00ff00ff00UL, 0x0ff00ff00ff00ff0UL), 0x0f000f000f000f00UL);
	CHECK_EQ(RR("or", 0xff00ff00ff00ff00UL, 0x0ff00ff00ff00ff0UL), 0xfff0fff0fff0fff0UL);
	CHECK_EQ(RR("xor", 0xff00ff00ff00ff00UL, 0x0ff00ff00ff00ff0UL), 0xf0f0f0f0f0f0f0f0UL);
	CHECK_EQ(RI("addi", 10, -2048), (u64)-2038);
	CHECK_EQ(RI("addi", 10, 2047), 2057);
	CHECK_EQ(RI("andi", 0x1234, -1), 0x1234);
	CHECK_EQ(RI("andi", 0xfffffffffffffff0UL, 0x7ff), 0x7f0);
	CHECK_EQ(RI("ori", 0, -2048), 0xfffffffffffff800UL);
	CHECK_EQ(RI("xori", 0x5555, -1), ~0x5555UL);
	/* W forms sign-extend bit 31 of the 32-bit result. */
	CHECK_EQ(RR("addw", 0x7fffffff, 1), 0xffffffff80000000UL);
	CHECK_EQ(RR("addw", 0x123456789UL, 0), 0x23456789);
	CHECK_EQ(RR("subw", 0, 1), (u64)-1);
	CHECK_EQ(RR("subw", 0x80000000UL, 1), 0x7fffffff);
	CHECK_EQ(RI("addiw", 0xffffffffUL, 1), 0);
	CHECK_EQ(RI("addiw", 0x7fffffffUL, 0), 0x7fffffff);
	CHECK_EQ(RI("addiw", 0x80000000UL, 0), 0xffffffff80000000UL);
}

static void test_shifts(void)
{
	CHECK_EQ(RR("sll", 1, 63), 0x8000000000000000UL);
	CHECK_EQ(RR("sll", 1, 64), 1); /* only the low 6 bits count */
	CHECK_EQ(RR("sll", 3, 65), 6);
	CHECK_EQ(RR("srl", 0x8000000000000000UL, 63), 1);
	CHECK_EQ(RR("sra", 0x8000000000000000UL, 63), (u64)-1);
	CHECK_EQ(RR("sra", 0x8000000000000000UL, 127), (u64)-1);
	CHECK_EQ(RI("slli", 0xff, 56), 0xff00000000000000UL);
	CHECK_EQ(RI("srli", 0xff00000000000000UL, 60), 0xf);
	CHECK_EQ(RI("srai", 0xff00000000000000UL, 60), (u64)-1);
	CHECK_EQ(RI("srai", 0x7f00000000000000UL, 60), 7);
	CHECK_EQ(RR("sllw", 1, 31), 0xffffffff80000000UL);
	CHECK_EQ(RR("sllw", 1, 32), 1); /* low 5 bits */
	CHECK_EQ(RR("srlw", 0xffffffff80000000UL, 31), 1);
	CHECK_EQ(RR("srlw", 0xffffffff80000000UL, 0), 0xffffffff80000000UL);
	CHECK_EQ(RR("sraw", 0x80000000UL, 31), (u64)-1);
	CHECK_EQ(RR("sraw", 0x1234567880000000UL, 4), 0xfffffffff8000000UL);
	CHECK_EQ(RI("slliw", 0x1, 31), 0xffffffff80000000UL);
	CHECK_EQ(RI("srliw", 0xfffffffffffffff0UL, 4), 0x0fffffff);
	CHECK_EQ(RI("sraiw", 0x00000000f0000000UL, 4), 0xffffffffff000000UL);
	CHECK_EQ(RI("srliw", 0x80000000UL, 0), 0xffffffff80000000UL);
}

static void test_compare(void)
{
	CHECK_EQ(RR("slt", -1L, 0), 1);
	CHECK_EQ(RR("slt", 0, -1L), 0);
	CHECK_EQ(RR("slt", 5, 5), 0);
	CHECK_EQ(RR("sltu", -1L, 0), 0);
	CHECK_EQ(RR("sltu", 0, -1L), 1);
	CHECK_EQ(RI("slti", -5L, -4), 1);
	CHECK_EQ(RI("slti", -4L, -4), 0);
	CHECK_EQ(RI("sltiu", 0, -1), 1); /* immediate sign-extended, then unsigned */
	CHECK_EQ(RI("sltiu", -2L, -1), 1);
	CHECK_EQ(RI("sltiu", -1L, -1), 0);
	CHECK_EQ(RI("sltiu", 0, 1), 1); /* seqz */
	CHECK_EQ(RR("sltu", 0, 7), 1);	/* snez */
}

#define BR(insn, a, b)                                                                             \
	({                                                                                         \
		unsigned long __t;                                                                 \
		asm volatile("li %0, 1\n\t" insn " %1, %2, 1f\n\t"                                 \
			     "li %0, 0\n"                                                          \
			     "1:"                                                                  \
			     : "=&r"(__t)                                                          \
			     : "r"((unsigned long)(a)), "r"((unsigned long)(b)));                  \
		__t;                                                                               \
	})

static void test_branches(void)
{
	CHECK_EQ(BR("beq", 3, 3), 1);
	CHECK_EQ(BR("beq", 3, 4), 0);
	CHECK_EQ(BR("bne", 3, 4), 1);
	CHECK_EQ(BR("bne", 3, 3), 0);
	CHECK_EQ(BR("blt", -1L, 0), 1);
	CHECK_EQ(BR("blt", 0, -1L), 0);
	CHECK_EQ(BR("blt", 2, 2), 0);
	CHECK_EQ(BR("bge", 0, -1L), 1);
	CHECK_EQ(BR("bge", 2, 2), 1);
	CHECK_EQ(BR("bge", -1L, 0), 0);
	CHECK_EQ(BR("bltu", 0, -1L), 1);
	CHECK_EQ(BR("bltu", -1L, 0), 0);
	CHECK_EQ(BR("bltu", 2, 2), 0);
	CHECK_EQ(BR("bgeu", -1L, 0), 1);
	CHECK_EQ(BR("bgeu", 2, 2), 1);
	CHECK_EQ(BR("bgeu", 0, -1L), 0);
	/* Backward branch: count a loop down. */
	unsigned long n = 10, iters = 0;

	asm volatile("1: addi %1, %1, 1\n\taddi %0, %0, -1\n\tbnez %0, 1b" : "+r"(n), "+r"(iters));
	CHECK_EQ(iters, 10);
}

static void test_jumps(void)
{
	unsigned long link, target, got;

	asm volatile("jal %0, 1f\n\t"
		     "2: nop\n"
		     "1: la %1, 2b"
		     : "=r"(link), "=r"(target));
	CHECK_EQ(link, target);
	/* jalr with rd == rs1: target computed from the old value. */
	asm volatile(".option push\n\t.option norvc\n\t"
		     "la %0, 1f\n\t"
		     "la %1, 2f\n\t"
		     "jalr %0, 0(%0)\n\t"
		     "2: j 3f\n"
		     "1: nop\n"
		     "3:\n\t.option pop"
		     : "=&r"(got), "=&r"(target));
	CHECK_EQ(got, target);
	/* jalr clears bit 0 of the target and adds the offset. */
	asm volatile(".option push\n\t.option norvc\n\t"
		     "la t0, 1f\n\t"
		     "addi t0, t0, -3\n\t"
		     "li %0, 0\n\t"
		     "jalr ra, 4(t0)\n\t"
		     "li %0, 99\n"
		     "1: addi %0, %0, 1\n\t.option pop"
		     : "=&r"(got)
		     :
		     : "t0", "ra");
	CHECK_EQ(got, 1);
}

static void test_upper(void)
{
	unsigned long v, pc1, pc2;

	asm volatile("lui %0, 0x80000" : "=r"(v));
	CHECK_EQ(v, 0xffffffff80000000UL);
	asm volatile("lui %0, 0x7ffff" : "=r"(v));
	CHECK_EQ(v, 0x7ffff000UL);
	asm volatile("1: auipc %0, 0\n\tla %1, 1b" : "=r"(pc1), "=r"(pc2));
	CHECK_EQ(pc1, pc2);
	asm volatile("1: auipc %0, 0x1\n\tla %1, 1b" : "=r"(pc1), "=r"(pc2));
	CHECK_EQ(pc1, pc2 + 0x1000);
	asm volatile("1: auipc %0, 0xfffff\n\tla %1, 1b" : "=r"(pc1), "=r"(pc2));
	CHECK_EQ(pc1, pc2 - 0x1000);
}

static u64 mem_buf[4] __attribute__((aligned(16)));

#define LOAD(insn, ptr)                                                                            \
	({                                                                                         \
		unsigned long __r;                                                                 \
		asm volatile(insn " %0, 0(%1)" : "=r"(__r) : "r"(ptr) : "memory");                 \
		__r;                                                                               \
	})
#define STORE(insn, ptr, v)                                                                        \
	asm volatile(insn " %0, 0(%1)" ::"r"((unsigned long)(v)), "r"(ptr) : "memory")

static void test_memory(void)
{
	u8 *b = (u8 *)mem_buf;

	mem_buf[0] = 0x8182838485868788UL;
	mem_buf[1] = 0x0102030405060708UL;
	CHECK_EQ(LOAD("lb", b), 0xffffffffffffff88UL);
	CHECK_EQ(LOAD("lbu", b), 0x88);
	CHECK_EQ(LOAD("lh", b), 0xffffffffffff8788UL);
	CHECK_EQ(LOAD("lhu", b), 0x8788);
	CHECK_EQ(LOAD("lw", b), 0xffffffff85868788UL);
	CHECK_EQ(LOAD("lwu", b), 0x85868788UL);
	CHECK_EQ(LOAD("ld", b), 0x8182838485868788UL);
	CHECK_EQ(LOAD("lb", b + 8), 0x08);
	CHECK_EQ(LOAD("lh", b + 8), 0x0708);
	CHECK_EQ(LOAD("lw", b + 8), 0x05060708);
	CHECK_EQ(LOAD("lb", b + 7), 0xffffffffffffff81UL);
	CHECK_EQ(LOAD("lh", b + 6), 0xffffffffffff8182UL);
	CHECK_EQ(LOAD("lw", b + 4), 0xffffffff81828384UL);
	/* Negative and positive offsets. */
	unsigned long v;

	asm volatile("ld %0, -8(%1)" : "=r"(v) : "r"(b + 16) : "memory");
	CHECK_EQ(v, 0x0102030405060708UL);
	asm volatile("lbu %0, 15(%1)" : "=r"(v) : "r"(b) : "memory");
	CHECK_EQ(v, 0x01);

	mem_buf[2] = 0;
	STORE("sb", b + 16, 0x1122334455667788UL);
	CHECK_EQ(mem_buf[2], 0x88);
	STORE("sh", b + 18, 0xaabbccddUL);
	CHECK_EQ(mem_buf[2], 0xccdd0088UL);
	STORE("sw", b + 20, 0xdeadbeefcafef00dUL);
	CHECK_EQ(mem_buf[2], 0xcafef00dccdd0088UL);
	STORE("sd", b + 24, 0x0123456789abcdefUL);
	CHECK_EQ(mem_buf[3], 0x0123456789abcdefUL);
	CHECK_EQ(mem_buf[2], 0xcafef00dccdd0088UL);
}

static void test_x0(void)
{
	unsigned long v;

	asm volatile("li t0, 123\n\t"
		     "add x0, t0, t0\n\t"
		     "addi x0, x0, 5\n\t"
		     "lui x0, 0x12345\n\t"
		     "ld x0, 0(%1)\n\t"
		     "mv %0, x0"
		     : "=r"(v)
		     : "r"(mem_buf)
		     : "t0", "memory");
	CHECK_EQ(v, 0);
	/* jal x0 is a plain jump and leaves x0 at zero. */
	asm volatile("jal x0, 1f\n\tnop\n1: add %0, x0, x0" : "=r"(v));
	CHECK_EQ(v, 0);
}

int main(long hartid, unsigned long dtb)
{
	gprintf("rv64i: start\n");
	test_alu();
	test_shifts();
	test_compare();
	test_branches();
	test_jumps();
	test_upper();
	test_memory();
	test_x0();
	return 0;
}
