/*
 * Interrupts: the CLINT machine timer (MTI taken once mtimecmp passes, with
 * mcause = interrupt | 7 and mepc at the interrupted code), machine software
 * interrupts through msip, WFI waking on a pending timer with MIE clear,
 * supervisor timer interrupts delegated through mideleg (M forwards by
 * setting mip.STIP, S clears it through an ecall), and the PLIC: priority,
 * enable and threshold registers, claim returning 0 with nothing pending,
 * and the UART's THR-empty interrupt arriving as source 10.
 */
#include "lib.h"

#define ECALL_CLEAR_STIP 0x5717

static volatile long mti_count, msi_count, meip_count, sti_count;
static volatile unsigned long last_cause, last_epc;

static u64 ticks_per_ms(void)
{
	return TIMEBASE_HZ / 1000;
}

static void set_mtimecmp(u64 v)
{
	mmio_write64(CLINT_MTIMECMP(0), v);
}

static void m_handler(struct trap_frame *f)
{
	last_cause = f->cause;
	last_epc = f->epc;
	if (f->cause == (CAUSE_INTR | IRQ_MTI)) {
		mti_count++;
		set_mtimecmp(~0ULL);
		/* Forward to S if it asked for timer events. */
		if (csr_read(mideleg) & (1UL << IRQ_STI))
			csr_set(mip, 1UL << IRQ_STI);
		return;
	}
	if (f->cause == (CAUSE_INTR | IRQ_MSI)) {
		msi_count++;
		mmio_write32(CLINT_MSIP(0), 0);
		return;
	}
	if (f->cause == CAUSE_ECALL_S && f->regs[10] == ECALL_CLEAR_STIP) {
		csr_clear(mip, 1UL << IRQ_STI);
		f->epc += 4;
		return;
	}
	gprintf("unexpected trap cause 0x%lx epc 0x%lx\n", f->cause, f->epc);
	fail(0xbad);
}

static int wait_for(volatile long *counter, long want, u64 timeout_ticks)
{
	u64 start = mtime_read();

	while (*counter < want) {
		if (mtime_read() - start > timeout_ticks)
			return -1;
	}
	return 0;
}

static void test_timer(void)
{
	mti_count = 0;
	set_mtimecmp(~0ULL);
	csr_set(mie, 1UL << IRQ_MTI);
	csr_set(mstatus, MSTATUS_MIE);
	delay_ticks(ticks_per_ms());
	CHECK_EQ(mti_count, 0); /* not yet due */
	u64 now = mtime_read();

	set_mtimecmp(now + ticks_per_ms());
	CHECK_EQ(wait_for(&mti_count, 1, 2000 * ticks_per_ms()), 0);
	CHECK_EQ(mti_count, 1);
	CHECK_EQ(last_cause, CAUSE_INTR | IRQ_MTI);
	CHECK(mtime_read() >= now + ticks_per_ms());
	CHECK_EQ(csr_read(mip) & (1UL << IRQ_MTI), 0); /* cleared by moving mtimecmp */
	/* Masked by mstatus.MIE: pending but not taken. */
	csr_clear(mstatus, MSTATUS_MIE);
	set_mtimecmp(0);
	delay_ticks(ticks_per_ms() / 10);
	CHECK(csr_read(mip) & (1UL << IRQ_MTI));
	CHECK_EQ(mti_count, 1);
	csr_set(mstatus, MSTATUS_MIE); /* taken right here */
	csr_clear(mstatus, MSTATUS_MIE);
	CHECK_EQ(mti_count, 2);
	csr_clear(mie, 1UL << IRQ_MTI);
}

static void test_wfi(void)
{
	/* MIE off, MTIE on: wfi returns once the timer is pending. */
	set_mtimecmp(~0ULL);
	csr_set(mie, 1UL << IRQ_MTI);
	u64 due = mtime_read() + ticks_per_ms() * 2;

	set_mtimecmp(due);
	for (int i = 0; i < 1000 && !(csr_read(mip) & (1UL << IRQ_MTI)); i++)
		asm volatile("wfi");
	CHECK(csr_read(mip) & (1UL << IRQ_MTI));
	CHECK(mtime_read() >= due);
	set_mtimecmp(~0ULL);
	csr_clear(mie, 1UL << IRQ_MTI);
}

static void test_software(void)
{
	msi_count = 0;
	csr_set(mie, 1UL << IRQ_MSI);
	csr_set(mstatus, MSTATUS_MIE);
	mmio_write32(CLINT_MSIP(0), 1);
	CHECK_EQ(wait_for(&msi_count, 1, 1000 * ticks_per_ms()), 0);
	CHECK_EQ(last_cause, CAUSE_INTR | IRQ_MSI);
	CHECK_EQ(mmio_read32(CLINT_MSIP(0)), 0);
	CHECK_EQ(csr_read(mip) & (1UL << IRQ_MSI), 0);
	/* Only bit 0 of msip is writable. */
	csr_clear(mstatus, MSTATUS_MIE);
	mmio_write32(CLINT_MSIP(0), 0xfffffffe);
	CHECK_EQ(mmio_read32(CLINT_MSIP(0)), 0);
	csr_clear(mie, 1UL << IRQ_MSI);
}

/* ---- S-mode timer through delegation ---- */
static void s_handler(struct trap_frame *f)
{
	if (f->cause == (CAUSE_INTR | IRQ_STI)) {
		sti_count++;
		register long a0 asm("a0") = ECALL_CLEAR_STIP;

		asm volatile("ecall" : "+r"(a0)::"memory");
		return;
	}
	gprintf("unexpected S trap cause 0x%lx\n", f->cause);
	fail(0xbad2);
}

static long supervisor_timer(long arg)
{
	csr_set(sie, 1UL << IRQ_STI);
	/* M programs the timer for us via a direct CLINT write (S may touch MMIO). */
	set_mtimecmp(mtime_read() + ticks_per_ms());
	u64 start = mtime_read();

	/* Check and wait with SIE clear, take the interrupt in the window after wfi: an interrupt
	 * taken between the check and a wfi would leave wfi waiting for one that never comes. wfi
	 * wakes on a pending enabled interrupt whatever SIE says. */
	while (sti_count == 0 && mtime_read() - start < 2000 * ticks_per_ms()) {
		asm volatile("wfi");
		csr_set(sstatus, MSTATUS_SIE);
		csr_clear(sstatus, MSTATUS_SIE);
	}
	return sti_count;
}

static void test_supervisor_timer(void)
{
	sti_count = 0;
	mti_count = 0;
	/* Make sure Sstc (if any) does not own STIP: clear menvcfg.STCE, tolerating absence. */
	trap_fn saved = m_trap_hook;

	trap_expect_begin();
	asm volatile("csrc 0x30a, %0" ::"r"(1UL << 63));
	m_trap_hook = saved;
	csr_write(mideleg, 1UL << IRQ_STI);
	CHECK(csr_read(mideleg) & (1UL << IRQ_STI));
	csr_set(mie, (1UL << IRQ_MTI) | (1UL << IRQ_STI));
	s_trap_hook = s_handler;
	CHECK_EQ(run_in_mode(MODE_S, supervisor_timer, 0), 1);
	CHECK_EQ(mti_count, 1);
	CHECK_EQ(csr_read(mip) & (1UL << IRQ_STI), 0);
	/* sip.STIP mirrors mip.STIP and S cannot clear it itself. */
	csr_write(mideleg, 0);
	csr_clear(mie, (1UL << IRQ_MTI) | (1UL << IRQ_STI));
	s_trap_hook = 0;
}

#define PLIC_PRIORITY(src)  (PLIC_BASE + 4UL * (src))
#define PLIC_PENDING	    (PLIC_BASE + 0x1000UL)
#define PLIC_ENABLE(ctx)    (PLIC_BASE + 0x2000UL + 0x80UL * (ctx))
#define PLIC_THRESHOLD(ctx) (PLIC_BASE + 0x200000UL + 0x1000UL * (ctx))
#define PLIC_CLAIM(ctx)	    (PLIC_BASE + 0x200004UL + 0x1000UL * (ctx))
#define UART_IRQ	    10

static void test_plic(void)
{
	volatile u8 *uart = (volatile u8 *)UART_BASE;

	mmio_write32(PLIC_PRIORITY(UART_IRQ), 1);
	CHECK_EQ(mmio_read32(PLIC_PRIORITY(UART_IRQ)), 1);
	mmio_write32(PLIC_THRESHOLD(0), 0);
	CHECK_EQ(mmio_read32(PLIC_THRESHOLD(0)), 0);
	mmio_write32(PLIC_ENABLE(0), 1U << UART_IRQ);
	CHECK_EQ(mmio_read32(PLIC_ENABLE(0)) & (1U << UART_IRQ), 1U << UART_IRQ);
	/* Nothing pending: claim returns 0. */
	uart[1] = 0;
	CHECK_EQ(mmio_read32(PLIC_CLAIM(0)), 0);

	/* THR-empty interrupt: enabling ETBEI with an idle transmitter raises the line. */
	uart[1] = 0x02;
	u64 start = mtime_read();

	while (!(csr_read(mip) & (1UL << IRQ_MEI)) && mtime_read() - start < 1000 * ticks_per_ms())
		;
	CHECK(csr_read(mip) & (1UL << IRQ_MEI));
	CHECK(mmio_read32(PLIC_PENDING) & (1U << UART_IRQ));
	u32 claimed = mmio_read32(PLIC_CLAIM(0));

	CHECK_EQ(claimed, UART_IRQ);
	CHECK_EQ((uart[2] & 0x0f), 0x02); /* IIR: THR empty */
	uart[1] = 0;			  /* drop the source, then complete */
	mmio_write32(PLIC_CLAIM(0), claimed);
	CHECK_EQ(mmio_read32(PLIC_CLAIM(0)), 0);
	CHECK_EQ(csr_read(mip) & (1UL << IRQ_MEI), 0);
	/* A threshold at the priority masks the source. */
	mmio_write32(PLIC_THRESHOLD(0), 1);
	uart[1] = 0x02;
	delay_ticks(ticks_per_ms());
	CHECK_EQ(csr_read(mip) & (1UL << IRQ_MEI), 0);
	uart[1] = 0;
	mmio_write32(PLIC_THRESHOLD(0), 0);
	mmio_write32(PLIC_ENABLE(0), 0);
	/* Drain anything that got latched while masked. */
	u32 left = mmio_read32(PLIC_CLAIM(0));

	if (left)
		mmio_write32(PLIC_CLAIM(0), left);
	mmio_write32(PLIC_PRIORITY(UART_IRQ), 0);
}

int main(long hartid, unsigned long dtb)
{
	gprintf("interrupts: start\n");
	m_trap_hook = m_handler;
	test_timer();
	test_wfi();
	test_software();
	test_supervisor_timer();
	m_trap_hook = m_handler;
	test_plic();
	m_trap_hook = 0;
	return 0;
}
