/*
 * Synchronous exceptions: ecall from M/S/U (causes 11/9/8 with mepc at the
 * ecall and MPP telling the origin), ebreak, illegal instructions (32-bit,
 * compressed, FP with mstatus.FS off) with mtval = encoding, load/store
 * access faults on an unmapped address with mtval = address, mret/sret round
 * trips M -> S -> U -> M, and medeleg delegating exceptions to S mode with
 * scause/sepc/stval set and M never seeing them.
 */
#include "lib.h"
#include "insn.h"

extern char ecall_site[], ebreak_site[], illegal_site[];

static __attribute__((noinline)) long ecall_probe(long arg)
{
	asm volatile(".option push\n\t.option norvc\n\t"
		     "li a0, 1\n"
		     ".globl ecall_site\n"
		     "ecall_site: ecall\n\t.option pop" ::
			 : "a0", "memory");
	return arg + 1;
}

static void test_ecall(void)
{
	trap_expect_begin();
	ecall_probe(0);
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_ECALL_M);
	CHECK_EQ(last_trap.epc, (unsigned long)ecall_site);
	CHECK_EQ((last_trap.status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, MODE_M);

	trap_expect_begin();
	CHECK_EQ(run_in_mode(MODE_S, ecall_probe, 41), 42);
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_ECALL_S);
	CHECK_EQ(last_trap.epc, (unsigned long)ecall_site);
	CHECK_EQ((last_trap.status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, MODE_S);

	trap_expect_begin();
	CHECK_EQ(run_in_mode(MODE_U, ecall_probe, 7), 8);
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_ECALL_U);
	CHECK_EQ((last_trap.status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, MODE_U);
	m_trap_hook = 0;
}

static __attribute__((noinline)) void test_ebreak_illegal(void)
{
	trap_expect_begin();
	asm volatile(".option push\n\t.option norvc\n"
		     ".globl ebreak_site\n"
		     "ebreak_site: ebreak\n\t.option pop" ::
			 : "memory");
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_BREAKPOINT);
	CHECK_EQ(last_trap.epc, (unsigned long)ebreak_site);
	CHECK(last_trap.tval == 0 || last_trap.tval == (unsigned long)ebreak_site);

	trap_expect_begin();
	asm volatile(".globl illegal_site\nillegal_site: .word 0x1234500b" ::: "memory");
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_ILLEGAL);
	CHECK_EQ(last_trap.epc, (unsigned long)illegal_site);
	CHECK_EQ(last_trap.tval, 0x1234500b);

	/* The all-zero 16-bit parcel is the defined illegal instruction. */
	trap_expect_begin();
	asm volatile(".2byte 0x0000" ::: "memory");
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_ILLEGAL);
	CHECK_EQ(last_trap.tval, 0);

	/* FP instruction with mstatus.FS = Off. */
	csr_clear(mstatus, MSTATUS_FS);
	trap_expect_begin();
	asm volatile(".option push\n\t.option norvc\n\tfadd.d ft0, ft0, ft0\n\t.option pop" ::
			 : "memory");
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_ILLEGAL);
	csr_set(mstatus, 1UL << 13);
	trap_expect_begin();
	asm volatile("fadd.d ft0, ft0, ft0" ::: "memory");
	CHECK_EQ(last_trap.count, 0);
	/* Dirty after an FP write. */
	CHECK_EQ(csr_read(mstatus) & MSTATUS_FS, MSTATUS_FS);
	CHECK(csr_read(mstatus) >> 63);
	m_trap_hook = 0;
}

static void test_access_fault(void)
{
	volatile u32 *bad = OPAQUE((volatile u32 *)0x0);
	u32 v;

	trap_expect_begin();
	v = *bad;
	(void)v;
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_LOAD_ACCESS);
	CHECK_EQ(last_trap.tval, 0);
	trap_expect_begin();
	*OPAQUE((volatile u64 *)0x8) = 5;
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_STORE_ACCESS);
	CHECK_EQ(last_trap.tval, 8);
	m_trap_hook = 0;
}

static long user_part(long arg)
{
	return arg * 3;
}

/* In S mode: drop to U with sret; U's exit ecall goes straight to M. */
static long supervisor_part(long arg)
{
	/* We were entered by mret, so SPP is whatever it was; return to U. */
	csr_clear(sstatus, MSTATUS_SPP);
	register long a0 asm("a0") = arg + 1;
	register unsigned long a1 asm("a1") = (unsigned long)user_part;
	asm volatile("la ra, exit_to_m\n\tcsrw sepc, %2\n\tsret"
		     :
		     : "r"(a0), "r"(a1), "r"(a1)
		     : "ra", "memory");
	__builtin_unreachable();
}

static void test_round_trips(void)
{
	CHECK_EQ(run_in_mode(MODE_S, supervisor_part, 4), 15);
	/* After the round trip M is intact. */
	CHECK_EQ((csr_read(mstatus) & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT, MODE_U);
}

static volatile long m_seen, s_seen;
static volatile unsigned long s_cause, s_tval, s_status, s_epc;

static void count_m(struct trap_frame *f)
{
	m_seen++;
	record_and_skip(f);
}

/* Runs in S mode: must not touch M-only state. */
static void count_s(struct trap_frame *f)
{
	s_seen++;
	s_cause = f->cause;
	s_tval = f->tval;
	s_status = f->status;
	s_epc = f->epc;
	f->epc += (unsigned long)insn_len_at(f->epc);
}

extern char deleg_illegal_site[];

static __attribute__((noinline)) long user_delegated(long arg)
{
	asm volatile(".globl deleg_illegal_site\ndeleg_illegal_site: .word 0x0000100b" ::
			 : "memory");
	asm volatile("li a0, 2\n\tecall" ::: "a0", "memory");
	return arg;
}

static void test_delegation(void)
{
	csr_write(medeleg, (1UL << CAUSE_ILLEGAL) | (1UL << CAUSE_ECALL_U));
	CHECK_EQ(csr_read(medeleg) & 0x104, 0x104);
	m_seen = s_seen = 0;
	m_trap_hook = count_m;
	s_trap_hook = count_s;
	/* Exit magic from U goes to S (delegated), which forwards it to M. */
	CHECK_EQ(run_in_mode(MODE_U, user_delegated, 77), 77);
	CHECK_EQ(s_seen, 2);
	CHECK_EQ(s_cause, CAUSE_ECALL_U);
	CHECK_EQ(m_seen, 0);

	m_seen = s_seen = 0;
	csr_write(medeleg, 1UL << CAUSE_ILLEGAL);
	CHECK_EQ(run_in_mode(MODE_U, user_delegated, 5), 5);
	CHECK_EQ(s_seen, 1);
	CHECK_EQ(s_cause, CAUSE_ILLEGAL);
	CHECK_EQ(s_tval, 0x0000100b);
	CHECK_EQ(s_epc, (unsigned long)deleg_illegal_site);
	CHECK_EQ(s_status & MSTATUS_SPP, 0); /* came from U */
	CHECK_EQ(m_seen, 1);		     /* the non-delegated ecall */
	CHECK_EQ(last_trap.cause, CAUSE_ECALL_U);

	/* Delegated trap taken from S itself: SPP = 1; S ecall still goes to M. */
	m_seen = s_seen = 0;
	CHECK_EQ(run_in_mode(MODE_S, user_delegated, 6), 6);
	CHECK_EQ(s_seen, 1);
	CHECK_EQ(s_cause, CAUSE_ILLEGAL);
	CHECK_EQ(s_status & MSTATUS_SPP, MSTATUS_SPP);
	CHECK_EQ(m_seen, 1);
	CHECK_EQ(last_trap.cause, CAUSE_ECALL_S);
	csr_write(medeleg, 0);
	s_trap_hook = 0;
	m_trap_hook = 0;
}

int main(long hartid, unsigned long dtb)
{
	gprintf("traps: start\n");
	test_ecall();
	test_ebreak_illegal();
	test_access_fault();
	test_round_trips();
	test_delegation();
	return 0;
}
