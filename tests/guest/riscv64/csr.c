/*
 * CSR access semantics: csrrw/csrrs/csrrc and their immediate forms on
 * mscratch (old value returned, x0 source not writing), misa contents,
 * mhartid, an unimplemented CSR and writes to read-only CSRs raising
 * illegal-instruction with mtval = the instruction encoding, and the
 * counters (mcycle, minstret, cycle, instret, time) moving forward.
 */
#include "lib.h"

static void test_scratch(void)
{
	unsigned long saved = csr_read(mscratch), old, v;

	csr_write(mscratch, 0x1234);
	asm volatile("csrrw %0, mscratch, %1" : "=r"(old) : "r"(0xff00UL));
	CHECK_EQ(old, 0x1234);
	asm volatile("csrrs %0, mscratch, %1" : "=r"(old) : "r"(0x00ffUL));
	CHECK_EQ(old, 0xff00);
	asm volatile("csrrc %0, mscratch, %1" : "=r"(old) : "r"(0x0f0fUL));
	CHECK_EQ(old, 0xffff);
	CHECK_EQ(csr_read(mscratch), 0xf0f0);
	asm volatile("csrrwi %0, mscratch, 31" : "=r"(old));
	CHECK_EQ(old, 0xf0f0);
	asm volatile("csrrsi %0, mscratch, 0x40 >> 2" : "=r"(old));
	CHECK_EQ(old, 31);
	asm volatile("csrrci %0, mscratch, 1" : "=r"(old));
	CHECK_EQ(old, 31);
	CHECK_EQ(csr_read(mscratch), 30);
	/* rs1 = x0 (or uimm 0) reads without writing. */
	asm volatile("csrrs %0, mscratch, x0\n\tcsrrc %1, mscratch, x0" : "=r"(old), "=r"(v));
	CHECK_EQ(old, 30);
	CHECK_EQ(v, 30);
	/* csrrw with rd = x0 still writes. */
	asm volatile("csrrw x0, mscratch, %0" ::"r"(~0UL));
	CHECK_EQ(csr_read(mscratch), ~0UL);
	/* Full 64 bits are kept. */
	csr_write(mscratch, 0x8000000000000001UL);
	CHECK_EQ(csr_read(mscratch), 0x8000000000000001UL);
	csr_write(mscratch, saved);
}

static void test_ids(long hartid)
{
	unsigned long misa = csr_read(misa);

	CHECK_EQ(misa >> 62, 2); /* MXL = 64 */
	for (const char *e = "IMAFDCSU"; *e; e++)
		CHECK(misa & (1UL << (*e - 'A')));
	CHECK_EQ(csr_read(mhartid), (unsigned long)hartid);
	CHECK_EQ(csr_read(mhartid), 0);
	/* mvendorid/marchid/mimpid exist (may be zero) and read without trapping. */
	trap_expect_begin();
	(void)csr_read(mvendorid);
	(void)csr_read(marchid);
	(void)csr_read(mimpid);
	CHECK_EQ(last_trap.count, 0);
}

static void test_illegal(void)
{
	/* csrr a0, 0x8ff (custom read/write, unimplemented) = 0x8ff02573 */
	trap_expect_begin();
	asm volatile(".option push\n\t.option norvc\n\t.word 0x8ff02573\n\t.option pop" ::: "a0");
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_ILLEGAL);
	CHECK_EQ(last_trap.tval, 0x8ff02573);
	/* csrw mhartid, a0 (read-only CSR): csrrw x0, 0xf14, a0 = 0xf1451073 */
	trap_expect_begin();
	asm volatile(".word 0xf1451073");
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_ILLEGAL);
	CHECK_EQ(last_trap.tval, 0xf1451073);
	/* csrs cycle, a0 with a0 != x0 writes a read-only CSR: csrrs x0, 0xc00, a0 = 0xc0052073 */
	trap_expect_begin();
	asm volatile(".word 0xc0052073");
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_ILLEGAL);
	CHECK_EQ(last_trap.tval, 0xc0052073);
	/* ...but csrrs with rs1 = x0 only reads: legal. */
	trap_expect_begin();
	(void)csr_read(cycle);
	(void)csr_read(mhartid);
	CHECK_EQ(last_trap.count, 0);
	m_trap_hook = 0;
}

static void test_counters(void)
{
	unsigned long c0 = csr_read(mcycle), i0 = csr_read(minstret), t0 = csr_read(time);
	unsigned long uc0 = csr_read(cycle), ui0 = csr_read(instret);
	volatile unsigned long sink = 0;

	for (int i = 0; i < 1000; i++)
		sink += (unsigned long)i;
	unsigned long i1 = csr_read(minstret), ui1 = csr_read(instret);

	CHECK(i1 - i0 >= 1000);
	CHECK(ui1 - ui0 >= 1000);
	CHECK(csr_read(mcycle) > c0);
	CHECK(csr_read(cycle) > uc0);
	/* time follows the CLINT mtime; wait until it moves (bounded). */
	unsigned long spins = 0;

	while (csr_read(time) == t0 && spins < 100000000UL)
		spins++;
	CHECK(csr_read(time) > t0);
	unsigned long mt = mtime_read(), tm = csr_read(time);

	CHECK(tm >= mt);
	CHECK(tm - mt < TIMEBASE_HZ); /* within a second of each other */
}

int main(long hartid, unsigned long dtb)
{
	gprintf("csr: start\n");
	test_scratch();
	test_ids(hartid);
	test_illegal();
	test_counters();
	return 0;
}
