/*
 * Counter writes and mcountinhibit (privileged spec 3.1.10-3.1.12), exact
 * to the instruction: each check runs one asm block, so no compiler-made
 * instruction sits between the ones counted.
 *
 * Rules checked: a read of minstret gives the count of instructions retired
 * before the reading one; a write to minstret replaces the writing
 * instruction's own increment, so the next instruction reads the value
 * written; mcountinhibit.IR/CY stop minstret/mcycle while set and a change
 * to them governs the instructions after the writing one (as in the Sail
 * model: the instruction that sets IR still counts, the one that clears it
 * does not); mcountinhibit keeps only CY and IR; instret and cycle read
 * minstret and mcycle; RV64 has no minstreth/mcycleh/instreth/cycleh.
 * FVP counts one cycle per retired instruction, so mcycle follows the same
 * rules; the checks on it allow any small number of cycles in between.
 */
#include "lib.h"

#define BIG	0x123456789abcdef0UL
#define INH_CY	1UL
#define INH_IR	4UL
#define NEAR(v) ((v)-BIG < 16) /* v - BIG, unsigned: also fails when v < BIG */

static void test_minstret_write(void)
{
	unsigned long a, b;

	asm volatile("csrwi minstret, 0\n\tcsrr %0, minstret" : "=r"(a));
	CHECK_EQ(a, 0);
	asm volatile("csrw minstret, %1\n\tcsrr %0, minstret" : "=&r"(a) : "r"(BIG));
	CHECK_EQ(a, BIG);
	/* the csrr that reads a and the nop retire before the second csrr */
	asm volatile("csrw minstret, %2\n\tcsrr %0, minstret\n\tnop\n\tcsrr %1, minstret"
		     : "=&r"(a), "=&r"(b)
		     : "r"(BIG));
	CHECK_EQ(a, BIG);
	CHECK_EQ(b, BIG + 2);
	/* the user-level view reads the same counter */
	asm volatile("csrw minstret, %1\n\tcsrr %0, instret" : "=&r"(a) : "r"(BIG));
	CHECK_EQ(a, BIG);
	/* csrrw returns the count before it: 7, + 1 for the nop */
	asm volatile("csrwi minstret, 7\n\tnop\n\tcsrrw %0, minstret, %1\n\tcsrr %1, minstret"
		     : "=&r"(a), "=&r"(b)
		     : "1"(BIG));
	CHECK_EQ(a, 8);
	CHECK_EQ(b, BIG);
	/* writes wrap like any other value */
	asm volatile("csrw minstret, %1\n\tnop\n\tcsrr %0, minstret" : "=&r"(a) : "r"(~0UL));
	CHECK_EQ(a, 0);
}

static void test_mcycle_write(void)
{
	unsigned long a, b;

	asm volatile("csrw mcycle, %1\n\tcsrr %0, mcycle" : "=&r"(a) : "r"(BIG));
	CHECK(NEAR(a));
	asm volatile("csrw mcycle, %1\n\tcsrr %0, cycle" : "=&r"(a) : "r"(BIG));
	CHECK(NEAR(a));
	asm volatile("csrwi mcycle, 0\n\tcsrr %0, mcycle" : "=r"(a));
	CHECK(a < 16);
	/* a write to mcycle leaves minstret alone: the csrw mcycle reads 0, the csrr 1 */
	asm volatile("csrwi minstret, 0\n\tcsrw mcycle, %2\n\tcsrr %0, minstret\n\tcsrr %1, mcycle"
		     : "=&r"(a), "=&r"(b)
		     : "r"(BIG));
	CHECK_EQ(a, 1);
	CHECK(NEAR(b));
}

static void test_inhibit_ir(void)
{
	unsigned long a, b, c, d;

	/* the csrr and the csrsi that sets IR both retire; nothing after counts */
	asm volatile("csrr %0, minstret\n\tcsrsi mcountinhibit, 4\n\tcsrr %1, minstret\n\t"
		     "nop\n\tnop\n\tnop\n\tcsrr %2, minstret"
		     : "=&r"(a), "=&r"(b), "=&r"(c));
	CHECK_EQ(b, a + 2);
	CHECK_EQ(c, b);
	/* the csrci that clears IR does not count; counting resumes after it */
	asm volatile("csrr %0, minstret\n\tnop\n\tcsrci mcountinhibit, 4\n\tcsrr %1, minstret\n\t"
		     "nop\n\tcsrr %2, minstret"
		     : "=&r"(a), "=&r"(b), "=&r"(c));
	CHECK_EQ(b, a);
	CHECK_EQ(c, a + 2);
	/* a write while inhibited is held, and counting resumes from it */
	asm volatile("csrsi mcountinhibit, 4\n\tcsrw minstret, %4\n\tcsrr %0, minstret\n\tnop\n\t"
		     "csrr %1, minstret\n\tcsrci mcountinhibit, 4\n\tcsrr %2, minstret\n\t"
		     "nop\n\tcsrr %3, minstret"
		     : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d)
		     : "r"(BIG));
	CHECK_EQ(a, BIG);
	CHECK_EQ(b, BIG);
	CHECK_EQ(c, BIG);
	CHECK_EQ(d, BIG + 2);
	/* IR stops minstret only */
	asm volatile(
	    "csrsi mcountinhibit, 4\n\tcsrr %0, mcycle\n\tnop\n\tnop\n\tcsrr %1, mcycle\n\t"
	    "csrci mcountinhibit, 4"
	    : "=&r"(a), "=&r"(b));
	CHECK(b > a);
}

static void test_inhibit_cy(void)
{
	unsigned long a, b, c, d;

	asm volatile("csrsi mcountinhibit, 1\n\tcsrr %0, mcycle\n\tnop\n\tnop\n\tnop\n\t"
		     "csrr %1, mcycle\n\tcsrr %2, cycle"
		     : "=&r"(a), "=&r"(b), "=&r"(c));
	CHECK_EQ(b, a);
	CHECK_EQ(c, a);
	/* resumes from the held value */
	asm volatile("csrci mcountinhibit, 1\n\tcsrr %0, mcycle\n\tnop\n\tnop\n\tcsrr %1, mcycle"
		     : "=&r"(c), "=&r"(d));
	CHECK(c >= a && c - a < 16);
	CHECK(d > c && d - c < 16);
	/* a write while inhibited is held */
	asm volatile("csrsi mcountinhibit, 1\n\tcsrw mcycle, %2\n\tnop\n\tcsrr %0, mcycle\n\t"
		     "csrci mcountinhibit, 1\n\tnop\n\tnop\n\tcsrr %1, mcycle"
		     : "=&r"(a), "=&r"(b)
		     : "r"(BIG));
	CHECK_EQ(a, BIG);
	CHECK(NEAR(b) && b > BIG);
	/* CY stops mcycle only */
	asm volatile("csrsi mcountinhibit, 1\n\tcsrr %0, minstret\n\tnop\n\tcsrr %1, minstret\n\t"
		     "csrci mcountinhibit, 1"
		     : "=&r"(a), "=&r"(b));
	CHECK_EQ(b, a + 2);
}

static void test_inhibit_warl(void)
{
	csr_write(mcountinhibit, ~0UL);
	CHECK_EQ(csr_read(mcountinhibit), INH_CY | INH_IR);
	csr_write(mcountinhibit, 0);
	CHECK_EQ(csr_read(mcountinhibit), 0);
	csr_write(mcountinhibit, 2UL | (1UL << 3) | (1UL << 31)); /* TM, HPM3, HPM31 */
	CHECK_EQ(csr_read(mcountinhibit), 0);
}

/* csrr a0, CSR encoded by hand: the assembler rejects the RV32-only names. */
#define EXPECT_ILLEGAL_READ(raw)                                                                   \
	do {                                                                                       \
		trap_expect_begin();                                                               \
		asm volatile(".word " #raw ::: "a0");                                              \
		CHECK_EQ(last_trap.count, 1);                                                      \
		CHECK_EQ(last_trap.cause, CAUSE_ILLEGAL);                                          \
		CHECK_EQ(last_trap.tval, raw);                                                     \
	} while (0)

static void test_no_high_halves(void)
{
	EXPECT_ILLEGAL_READ(0xb8002573); /* mcycleh */
	EXPECT_ILLEGAL_READ(0xb8202573); /* minstreth */
	EXPECT_ILLEGAL_READ(0xc8002573); /* cycleh */
	EXPECT_ILLEGAL_READ(0xc8202573); /* instreth */
	m_trap_hook = 0;
}

int main(long hartid, unsigned long dtb)
{
	gprintf("counters: start\n");
	test_minstret_write();
	test_mcycle_write();
	test_inhibit_ir();
	test_inhibit_cy();
	test_inhibit_warl();
	test_no_high_halves();
	return 0;
}
