/*
 * RV64A: every AMO in .w and .d form (old value returned, memory updated,
 * .w results sign-extended, only 32 bits written), LR/SC success, SC failure
 * without a reservation, SC to a different address failing, and a short
 * LR/SC increment loop.
 */
#include "lib.h"
#include "insn.h"

static volatile u64 cell[2] __attribute__((aligned(16)));
static volatile u64 far_cell[512] __attribute__((aligned(4096)));

#define AMO(insn, addr, v)                                                                         \
	({                                                                                         \
		unsigned long __r;                                                                 \
		asm volatile(insn " %0, %1, (%2)"                                                  \
			     : "=r"(__r)                                                           \
			     : "r"((unsigned long)(v)), "r"(addr)                                  \
			     : "memory");                                                          \
		__r;                                                                               \
	})

#define AMO_D(insn, init, v, want_old, want_mem)                                                   \
	do {                                                                                       \
		cell[0] = (init);                                                                  \
		CHECK_EQ(AMO(insn, &cell[0], v), want_old);                                        \
		CHECK_EQ(cell[0], want_mem);                                                       \
	} while (0)

/* .w: operate on the low word of cell[0]; the high word must stay intact. */
#define AMO_W(insn, init32, v, want_old, want_mem32)                                               \
	do {                                                                                       \
		cell[0] = 0xa5a5a5a500000000UL | (u32)(init32);                                    \
		CHECK_EQ(AMO(insn, &cell[0], v), want_old);                                        \
		CHECK_EQ(cell[0], 0xa5a5a5a500000000UL | (u32)(want_mem32));                       \
	} while (0)

static void test_amo_d(void)
{
	AMO_D("amoswap.d", 0x1111, 0x2222, 0x1111, 0x2222);
	AMO_D("amoadd.d", 0xffffffffffffffffUL, 2, 0xffffffffffffffffUL, 1);
	AMO_D("amoand.d", 0xff00ff00ff00ff00UL, 0x0ff0UL, 0xff00ff00ff00ff00UL, 0x0f00);
	AMO_D("amoor.d", 0xf0, 0x0f00000000000000UL, 0xf0, 0x0f000000000000f0UL);
	AMO_D("amoxor.d", 0xffff, 0x0ff0, 0xffff, 0xf00f);
	AMO_D("amomax.d", (u64)-5, 3, (u64)-5, 3);
	AMO_D("amomax.d", 7, (u64)-3, 7, 7);
	AMO_D("amomin.d", (u64)-5, 3, (u64)-5, (u64)-5);
	AMO_D("amomaxu.d", (u64)-5, 3, (u64)-5, (u64)-5);
	AMO_D("amominu.d", (u64)-5, 3, (u64)-5, 3);
	AMO_D("amoswap.d.aqrl", 1, 2, 1, 2);
	AMO_D("amoadd.d.aq", 40, 2, 40, 42);
	AMO_D("amoadd.d.rl", 40, 2, 40, 42);
}

static void test_amo_w(void)
{
	AMO_W("amoswap.w", 0x80000000, 0x1234, 0xffffffff80000000UL, 0x1234);
	AMO_W("amoadd.w", 0xffffffff, 1, 0xffffffffffffffffUL, 0);
	AMO_W("amoadd.w", 0x7fffffff, 1, 0x7fffffff, 0x80000000);
	AMO_W("amoand.w", 0xf0f0f0f0, 0xffff0000UL, 0xfffffffff0f0f0f0UL, 0xf0f00000);
	AMO_W("amoor.w", 0x0f, 0x80000000UL, 0x0f, 0x8000000f);
	AMO_W("amoxor.w", 0xffffffff, 0x0f0f0f0fUL, 0xffffffffffffffffUL, 0xf0f0f0f0);
	AMO_W("amomax.w", 0xfffffffe, 1, 0xfffffffffffffffeUL, 1);
	AMO_W("amomin.w", 0xfffffffe, 1, 0xfffffffffffffffeUL, 0xfffffffe);
	AMO_W("amomaxu.w", 0xfffffffe, 1, 0xfffffffffffffffeUL, 0xfffffffe);
	AMO_W("amominu.w", 0xfffffffe, 1, 0xfffffffffffffffeUL, 1);
	/* The upper 32 bits of rs2 are ignored by .w max/min. */
	AMO_W("amomax.w", 5, 0x1fffffffeUL, 5, 5);
	/* The high word of memory is untouched on the other half too. */
	cell[0] = 0x00000001ffffffffUL;
	CHECK_EQ(AMO("amoadd.w", (u8 *)&cell[0] + 4, 1), 1);
	CHECK_EQ(cell[0], 0x00000002ffffffffUL);
}

static void test_lrsc(void)
{
	unsigned long old, fail;

	cell[0] = 100;
	asm volatile("lr.d %0, (%2)\n\t"
		     "addi %0, %0, 1\n\t"
		     "sc.d %1, %0, (%2)"
		     : "=&r"(old), "=&r"(fail)
		     : "r"(&cell[0])
		     : "memory");
	CHECK_EQ(fail, 0);
	CHECK_EQ(cell[0], 101);

	/* A second SC has no reservation any more: it fails and writes nothing. */
	asm volatile("lr.d %0, (%2)\n\t"
		     "sc.d %1, %0, (%2)\n\t"
		     "li %0, 555\n\t"
		     "sc.d %1, %0, (%2)"
		     : "=&r"(old), "=&r"(fail)
		     : "r"(&cell[0])
		     : "memory");
	CHECK(fail != 0);
	CHECK_EQ(cell[0], 101);

	/* SC to an address outside the reservation fails. */
	far_cell[0] = 7;
	asm volatile("lr.d %0, (%2)\n\t"
		     "li %0, 9\n\t"
		     "sc.d %1, %0, (%3)"
		     : "=&r"(old), "=&r"(fail)
		     : "r"(&cell[0]), "r"(&far_cell[0])
		     : "memory");
	CHECK(fail != 0);
	CHECK_EQ(far_cell[0], 7);
	asm volatile("sc.d %0, zero, (%1)" : "=r"(fail) : "r"(&cell[0]) : "memory");

	/* lr.w sign-extends; sc.w writes only 32 bits. */
	cell[0] = 0x12345678fffffffeUL;
	asm volatile("lr.w %0, (%2)\n\t"
		     "sc.w %1, zero, (%2)"
		     : "=&r"(old), "=&r"(fail)
		     : "r"(&cell[0])
		     : "memory");
	CHECK_EQ(old, 0xfffffffffffffffeUL);
	CHECK_EQ(fail, 0);
	CHECK_EQ(cell[0], 0x1234567800000000UL);

	/* Increment loop with retry. */
	cell[1] = 0;
	for (int i = 0; i < 1000; i++) {
		asm volatile("1: lr.d.aq %0, (%2)\n\t"
			     "addi %0, %0, 3\n\t"
			     "sc.d.rl %1, %0, (%2)\n\t"
			     "bnez %1, 1b"
			     : "=&r"(old), "=&r"(fail)
			     : "r"(&cell[1])
			     : "memory");
	}
	CHECK_EQ(cell[1], 3000);
}

int main(long hartid, unsigned long dtb)
{
	gprintf("rv64a: start\n");
	test_amo_d();
	test_amo_w();
	test_lrsc();
	return 0;
}
