/*
 * Runtime for the bare-metal riscv64 guest tests (see lib.h): NS16550A
 * output, the SiFive test device for pass/fail, trap dispatch for M and S
 * mode, and the run-in-lower-mode plumbing. Every path that ends a test goes
 * through guest_exit() so the emulator always sees 0x5555 or 0x3333|code<<16.
 */
#include "lib.h"

volatile trap_fn m_trap_hook;
volatile trap_fn s_trap_hook;
struct trap_log last_trap;
unsigned long boot_dtb;
volatile unsigned long checks_passed;
int quiet_exit;

extern char __hart_areas[];
extern char lower_trampoline[];
extern char resume_m[];

void uart_putc(int c)
{
	volatile u8 *uart = (volatile u8 *)UART_BASE;

	while (!(uart[5] & 0x20))
		;
	uart[0] = (u8)c;
}

void puts_raw(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

void gprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vprint(uart_putc, fmt, ap);
	va_end(ap);
}

void print_hex(u64 v)
{
	gprintf("0x%016lx", (unsigned long)v);
}

void print_dec(i64 v)
{
	gprintf("%ld", (long)v);
}

void pass(void)
{
	if (!quiet_exit)
		gprintf("PASS (%lu checks)\n", (unsigned long)checks_passed);
	for (;;)
		mmio_write32(TEST_DEV, 0x5555);
}

void fail(unsigned code)
{
	if (!quiet_exit)
		gprintf("FAIL (code %u)\n", code);
	code &= 0xffff;
	if (!code)
		code = 1;
	for (;;)
		mmio_write32(TEST_DEV, 0x3333 | (code << 16));
}

void guest_exit(int code)
{
	if (code == 0)
		pass();
	fail((unsigned)code);
}

void check_failed(const char *file, int line, const char *expr)
{
	gprintf("CHECK failed at %s:%d: %s\n", file, line, expr);
	fail((unsigned)line);
}

void check_eq_failed(const char *file, int line, const char *expr, u64 got, u64 want)
{
	gprintf("CHECK failed at %s:%d: %s\n  got  0x%016lx\n  want 0x%016lx\n", file, line, expr,
		(unsigned long)got, (unsigned long)want);
	fail((unsigned)line);
}

unsigned long hart_area(long hart)
{
	return (unsigned long)__hart_areas + (unsigned long)hart * HART_AREA;
}

int insn_len_at(unsigned long addr)
{
	u16 low = *(volatile u16 *)addr;

	return (low & 3) == 3 ? 4 : 2;
}

static void report_unexpected(const char *who, struct trap_frame *f)
{
	gprintf("unexpected %s trap: cause 0x%lx epc 0x%lx tval 0x%lx status 0x%lx\n", who,
		f->cause, f->epc, f->tval, f->status);
	fail(0xdead);
}

void frame_return_to_m(struct trap_frame *f, long result)
{
	f->epc = (unsigned long)resume_m;
	f->status = (f->status & ~MSTATUS_MPP) | (3UL << MSTATUS_MPP_SHIFT);
	f->regs[10] = (unsigned long)result;
	csr_write(sscratch, hart_area((long)csr_read(mhartid)) + S_TRAP_TOP);
}

void trap_dispatch_m(struct trap_frame *f)
{
	if ((f->cause == CAUSE_ECALL_U || f->cause == CAUSE_ECALL_S) && f->regs[10] == EXIT_MAGIC) {
		frame_return_to_m(f, (long)f->regs[11]);
		return;
	}
	if (m_trap_hook) {
		m_trap_hook(f);
		return;
	}
	report_unexpected("M", f);
}

void trap_dispatch_s(struct trap_frame *f)
{
	if (f->cause == CAUSE_ECALL_U && f->regs[10] == EXIT_MAGIC)
		exit_to_m((long)f->regs[11]);
	if (s_trap_hook) {
		s_trap_hook(f);
		return;
	}
	report_unexpected("S", f);
}

/* Works for M-mode handlers (mstatus) and S-mode handlers (sstatus) alike:
 * the instruction is read at epc, which tests keep identity-mapped. */
void record_and_skip(struct trap_frame *f)
{
	last_trap.count++;
	last_trap.cause = f->cause;
	last_trap.tval = f->tval;
	last_trap.epc = f->epc;
	last_trap.status = f->status;
	if (!(f->cause & CAUSE_INTR))
		f->epc += (unsigned long)insn_len_at(f->epc);
}

void trap_expect_begin(void)
{
	last_trap.count = 0;
	last_trap.cause = last_trap.tval = last_trap.epc = last_trap.status = ~0UL;
	m_trap_hook = record_and_skip;
	asm volatile("" ::: "memory");
}

long run_in_mode(int mode, long (*fn)(long), long arg)
{
	struct trap_frame f;
	long hart = (long)csr_read(mhartid);
	unsigned long status = csr_read(mstatus);

	memset(&f, 0, sizeof(f));
	f.regs[2] = hart_area(hart) + LOWER_STACK_TOP;
	f.regs[10] = (unsigned long)arg;
	f.regs[11] = (unsigned long)fn;
	f.epc = (unsigned long)lower_trampoline;
	status &= ~(MSTATUS_MPP | MSTATUS_MIE | MSTATUS_MPIE);
	status |= (unsigned long)mode << MSTATUS_MPP_SHIFT;
	f.status = status;
	return run_frame(&f);
}

void delay_ticks(u64 ticks)
{
	u64 start = mtime_read();

	while (mtime_read() - start < ticks)
		;
}

__attribute__((weak)) void secondary_main(long hartid)
{
	for (;;)
		asm volatile("wfi");
}

void *memset(void *d, int c, size_t n)
{
	u8 *p = d;

	while (n--)
		*p++ = (u8)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

void *memmove(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;

	if (dp < sp) {
		while (n--)
			*dp++ = *sp++;
	} else {
		while (n--)
			dp[n] = sp[n];
	}
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *pa = a, *pb = b;

	for (size_t i = 0; i < n; i++)
		if (pa[i] != pb[i])
			return pa[i] < pb[i] ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}
