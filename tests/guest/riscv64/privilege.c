/*
 * Privilege transitions: mret/sret updating MPP/SPP and the interrupt-enable
 * stack (MIE <- MPIE, MPIE <- 1, MPP <- U), traps recording the previous
 * mode, M-only and S-only instructions and CSRs trapping from lower modes,
 * mstatus.TVM trapping satp/sfence.vma in S, and MPRV making M-mode loads
 * and stores go through the S-mode page table (with MPP = S).
 */
#include "lib.h"
#include "insn.h"

static void test_mret_to_m(void)
{
	unsigned long before, after;

	/* MPP = M, MPIE = 1, MIE = 0: mret stays in M, MIE becomes 1, MPP becomes U. */
	csr_clear(mstatus, MSTATUS_MIE | MSTATUS_MPP);
	csr_set(mstatus, MSTATUS_MPIE | (3UL << MSTATUS_MPP_SHIFT));
	before = csr_read(mstatus);
	asm volatile("la t0, 1f\n\tcsrw mepc, t0\n\tmret\n1: csrr %0, mstatus"
		     : "=r"(after)
		     :
		     : "t0", "memory");
	CHECK_EQ((before & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, MODE_M);
	CHECK_EQ((after & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, MODE_U);
	CHECK_EQ(after & MSTATUS_MIE, MSTATUS_MIE);
	CHECK_EQ(after & MSTATUS_MPIE, MSTATUS_MPIE);
	csr_clear(mstatus, MSTATUS_MIE);
	/* MPIE = 0: mret leaves MIE clear. */
	csr_clear(mstatus, MSTATUS_MPIE);
	csr_set(mstatus, 3UL << MSTATUS_MPP_SHIFT);
	asm volatile("la t0, 1f\n\tcsrw mepc, t0\n\tmret\n1: csrr %0, mstatus"
		     : "=r"(after)
		     :
		     : "t0", "memory");
	CHECK_EQ(after & MSTATUS_MIE, 0);
	CHECK_EQ(after & MSTATUS_MPIE, MSTATUS_MPIE);
}

/* In S: sret to S with SPP = 1, SPIE = 1, SIE = 0; report sstatus after. */
static long s_sret_to_s(long arg)
{
	unsigned long after;

	csr_clear(sstatus, MSTATUS_SIE);
	csr_set(sstatus, MSTATUS_SPP | MSTATUS_SPIE);
	asm volatile("la t0, 1f\n\tcsrw sepc, t0\n\tsret\n1: csrr %0, sstatus"
		     : "=r"(after)
		     :
		     : "t0", "memory");
	csr_clear(sstatus, MSTATUS_SIE);
	return (long)after;
}

static void test_sret(void)
{
	unsigned long after = (unsigned long)run_in_mode(MODE_S, s_sret_to_s, 0);

	CHECK_EQ(after & MSTATUS_SPP, 0);
	CHECK_EQ(after & MSTATUS_SIE, MSTATUS_SIE);
	CHECK_EQ(after & MSTATUS_SPIE, MSTATUS_SPIE);
	/* sstatus is a view of mstatus: M/MPP fields are not visible in it. */
	CHECK_EQ(after & (MSTATUS_MPP | MSTATUS_MIE | MSTATUS_MPIE), 0);
}

static long s_probe_m_csr(long arg)
{
	(void)csr_read(mstatus);
	(void)csr_read(sstatus);
	asm volatile(".option push\n\t.option norvc\n\tmret\n\t.option pop" ::: "memory");
	return 1;
}

static long u_probe(long arg)
{
	(void)csr_read(sstatus);
	asm volatile(".option push\n\t.option norvc\n\tsret\n\t.option pop" ::: "memory");
	asm volatile("sfence.vma" ::: "memory");
	(void)csr_read(cycle); /* allowed by mcounteren.CY = scounteren.CY = 1 */
	return 2;
}

static volatile long illegal_count;
static volatile unsigned long prev_modes;

static void count_illegal(struct trap_frame *f)
{
	if (f->cause == CAUSE_ILLEGAL) {
		illegal_count++;
		prev_modes = (prev_modes << 2) | ((f->status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT);
	}
	record_and_skip(f);
}

static void test_lower_illegal(void)
{
	m_trap_hook = count_illegal;
	illegal_count = 0;
	prev_modes = 0;
	CHECK_EQ(run_in_mode(MODE_S, s_probe_m_csr, 0), 1);
	CHECK_EQ(illegal_count, 2); /* mstatus read, mret */
	CHECK_EQ(prev_modes, (MODE_S << 2) | MODE_S);
	csr_write(mcounteren, 7);
	csr_write(scounteren, 7);
	illegal_count = 0;
	prev_modes = 0;
	CHECK_EQ(run_in_mode(MODE_U, u_probe, 0), 2);
	CHECK_EQ(illegal_count, 3); /* sstatus, sret, sfence.vma */
	CHECK_EQ(prev_modes, 0);
	/* With mcounteren.CY = 0 the U-mode cycle read traps too. */
	csr_write(mcounteren, 0);
	illegal_count = 0;
	CHECK_EQ(run_in_mode(MODE_U, u_probe, 0), 2);
	CHECK_EQ(illegal_count, 4);
	csr_write(mcounteren, 7);
	m_trap_hook = 0;
}

static long s_touch_satp(long arg)
{
	unsigned long v = csr_read(satp);

	csr_write(satp, v);
	asm volatile("sfence.vma" ::: "memory");
	return 3;
}

static void test_tvm(void)
{
	m_trap_hook = count_illegal;
	illegal_count = 0;
	CHECK_EQ(run_in_mode(MODE_S, s_touch_satp, 0), 3);
	CHECK_EQ(illegal_count, 0);
	csr_set(mstatus, 1UL << 20); /* TVM */
	CHECK_EQ(run_in_mode(MODE_S, s_touch_satp, 0), 3);
	CHECK_EQ(illegal_count, 3);
	csr_clear(mstatus, 1UL << 20);
	m_trap_hook = 0;
}

/* MPRV: VA 0x40000000 -> data page; RAM identity. */
static u64 l2[512] __attribute__((aligned(4096)));
static u64 l1[512] __attribute__((aligned(4096)));
static u64 l0[512] __attribute__((aligned(4096)));
static u64 page[512] __attribute__((aligned(4096)));

#define PTE(pa, fl) ((((u64)(pa) >> 12) << 10) | (fl) | 1)

static void mprv_fault(struct trap_frame *f)
{
	record_and_skip(f);
	f->status &= ~MSTATUS_MPRV;
}

static void test_mprv(void)
{
	u64 v, va = 0x40000008;

	l2[1] = PTE(l1, 0);
	l2[2] = PTE(0x80000000UL, 0xce); /* RWX, A, D */
	l1[0] = PTE(l0, 0);
	l0[0] = PTE(page, 0xc6); /* RW, A, D */
	page[1] = 0x1234;
	csr_write(satp, (8UL << 60) | ((u64)l2 >> 12));
	asm volatile("sfence.vma" ::: "memory");
	csr_clear(mstatus, MSTATUS_MPP);
	csr_set(mstatus, (unsigned long)MODE_S << MSTATUS_MPP_SHIFT);
	asm volatile("csrs mstatus, %2\n\t"
		     "ld %0, 0(%1)\n\t"
		     "addi %0, %0, 1\n\t"
		     "sd %0, 8(%1)\n\t"
		     "csrc mstatus, %2"
		     : "=&r"(v)
		     : "r"(va), "r"(MSTATUS_MPRV)
		     : "memory");
	CHECK_EQ(v, 0x1235);
	CHECK_EQ(page[2], 0x1235);
	/* Unmapped VA under MPRV: page fault taken in M with mtval = VA. */
	m_trap_hook = mprv_fault;
	last_trap.count = 0;
	asm volatile("csrs mstatus, %1\n\t"
		     "ld t0, 0(%0)\n\t"
		     "csrc mstatus, %1" ::"r"(0x40001000UL),
		     "r"(MSTATUS_MPRV)
		     : "t0", "memory");
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_LOAD_PAGE);
	CHECK_EQ(last_trap.tval, 0x40001000UL);
	CHECK_EQ(csr_read(mstatus) & MSTATUS_MPRV, 0);
	/* MPRV with MPP = M: no translation. */
	csr_set(mstatus, MSTATUS_MPP);
	asm volatile("csrs mstatus, %2\n\t"
		     "ld %0, 0(%1)\n\t"
		     "csrc mstatus, %2"
		     : "=&r"(v)
		     : "r"(&page[2]), "r"(MSTATUS_MPRV)
		     : "memory");
	CHECK_EQ(v, 0x1235);
	m_trap_hook = 0;
	csr_write(satp, 0);
	asm volatile("sfence.vma" ::: "memory");
}

int main(long hartid, unsigned long dtb)
{
	gprintf("privilege: start\n");
	test_mret_to_m();
	test_sret();
	test_lower_illegal();
	test_tvm();
	test_mprv();
	return 0;
}
