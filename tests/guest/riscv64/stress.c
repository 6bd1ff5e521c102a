/*
 * Random-instruction stress in U mode. Each round fills a code page with
 * pseudo-random 32-bit words (LCG, fixed seed printed on the UART) ending
 * in ecall, and runs it in U mode under Sv39 with only that page (RX) and
 * one scratch page (RW) mapped, all registers pointing into the scratch
 * page. The M-mode handler skips every faulting instruction (mepc += 4 or 2)
 * and counts it; the round ends at the final ecall, on a fetch fault, or
 * when a timer interrupt cuts off an endless loop. The machine must survive
 * every round with its M-mode state intact.
 */
#include "lib.h"

#define ROUNDS		    300
#define WORDS		    256
#define CODE_VA		    0x40000000UL
#define SCRATCH_VA	    0x40001000UL
#define SEED		    0x2545f4914f6cdd1dUL
#define PTE_FLAGS_CODE	    0x5bUL /* V R X U A */
#define PTE_FLAGS_DATA	    0xd7UL /* V R W U A D */
#define MAX_TRAPS_PER_ROUND 20000

static u32 code_page[1024] __attribute__((aligned(4096)));
static u64 scratch_page[512] __attribute__((aligned(4096)));
static u64 l2[512] __attribute__((aligned(4096)));
static u64 l1[512] __attribute__((aligned(4096)));
static u64 l0[512] __attribute__((aligned(4096)));

static u64 rng_state = SEED;
static volatile u64 canary = 0x0123456789abcdefUL;
static unsigned long cause_hist[16];
static unsigned long timeouts, fetch_ends, ecall_ends, busy_ends, skipped, round_traps;

static u64 rng(void)
{
	rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
	return rng_state >> 32;
}

static int in_code(unsigned long va)
{
	return va >= CODE_VA && va < CODE_VA + 4096;
}

static void end_round(struct trap_frame *f, long why)
{
	mmio_write64(CLINT_MTIMECMP(0), ~0ULL);
	frame_return_to_m(f, why);
}

static void handler(struct trap_frame *f)
{
	if (((f->status & MSTATUS_MPP) >> MSTATUS_MPP_SHIFT) != MODE_U) {
		gprintf("stress: trap from M/S: cause 0x%lx epc 0x%lx tval 0x%lx\n", f->cause,
			f->epc, f->tval);
		fail(0xdead);
	}
	if (f->cause == (CAUSE_INTR | IRQ_MTI)) {
		timeouts++;
		end_round(f, 1);
		return;
	}
	if (f->cause & CAUSE_INTR) {
		gprintf("stress: unexpected interrupt 0x%lx\n", f->cause);
		fail(0xbad);
	}
	if (f->cause < 16)
		cause_hist[f->cause]++;
	if (f->cause == CAUSE_MISALIGNED_FETCH || f->cause == CAUSE_FETCH_ACCESS ||
	    f->cause == CAUSE_FETCH_PAGE || !in_code(f->epc)) {
		fetch_ends++;
		end_round(f, 2);
		return;
	}
	if (f->cause == CAUSE_ECALL_U && f->epc >= CODE_VA + 4 * (WORDS - 1)) {
		ecall_ends++;
		end_round(f, 3);
		return;
	}
	if (++round_traps > MAX_TRAPS_PER_ROUND) {
		busy_ends++;
		end_round(f, 4);
		return;
	}
	u16 low = *(volatile u16 *)((unsigned long)code_page + (f->epc - CODE_VA));
	unsigned long len = (low & 3) == 3 ? 4 : 2;

	skipped++;
	f->epc += len;
	if (!in_code(f->epc)) {
		fetch_ends++;
		end_round(f, 2);
	}
}

static void setup(void)
{
	l2[1] = (((u64)l1 >> 12) << 10) | 1;
	l1[0] = (((u64)l0 >> 12) << 10) | 1;
	l0[0] = (((u64)code_page >> 12) << 10) | PTE_FLAGS_CODE;
	l0[1] = (((u64)scratch_page >> 12) << 10) | PTE_FLAGS_DATA;
	csr_write(satp, (8UL << 60) | ((u64)l2 >> 12));
	asm volatile("sfence.vma" ::: "memory");
	csr_write(medeleg, 0);
	csr_write(mideleg, 0);
	csr_write(mcounteren, 0);
	csr_set(mstatus, MSTATUS_TW);
	mmio_write64(CLINT_MTIMECMP(0), ~0ULL);
	csr_write(mie, 1UL << IRQ_MTI);
}

static long run_round(void)
{
	struct trap_frame f;

	for (int i = 0; i < 1024; i++)
		code_page[i] = 0x00000073; /* ecall */
	for (int i = 0; i < WORDS - 1; i++)
		code_page[i] = (u32)rng();
	asm volatile("fence.i" ::: "memory");
	memset(&f, 0, sizeof(f));
	for (int r = 1; r < 32; r++)
		f.regs[r] = SCRATCH_VA + (rng() & 0xff8);
	f.epc = CODE_VA;
	f.status = (csr_read(mstatus) & ~(MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_MIE)) | (1UL << 13) |
		   MSTATUS_MPIE;
	round_traps = 0;
	mmio_write64(CLINT_MTIMECMP(0), mtime_read() + TIMEBASE_HZ / 50);
	return run_frame(&f);
}

int main(long hartid, unsigned long dtb)
{
	unsigned long mtvec = csr_read(mtvec);

	gprintf("stress: seed 0x%lx, %d rounds of %d words\n", (unsigned long)SEED, ROUNDS, WORDS);
	setup();
	m_trap_hook = handler;
	int done = 0;

	for (int round = 0; round < ROUNDS; round++) {
		long why = run_round();

		CHECK(why >= 1 && why <= 4);
		done++;
	}
	m_trap_hook = 0;
	csr_write(satp, 0);
	asm volatile("sfence.vma" ::: "memory");
	csr_clear(mstatus, MSTATUS_TW);
	csr_write(mie, 0);
	CHECK_EQ(done, ROUNDS);
	CHECK_EQ(timeouts + fetch_ends + ecall_ends + busy_ends, ROUNDS);
	CHECK_EQ(canary, 0x0123456789abcdefUL);
	CHECK_EQ(csr_read(mtvec), mtvec);
	CHECK_EQ((csr_read(mstatus) & MSTATUS_MPRV), 0);
	CHECK(skipped > 0);
	gprintf(
	    "stress: rounds ended by ecall %lu, fetch fault %lu, timer %lu; %lu insns skipped\n",
	    ecall_ends, fetch_ends, timeouts, skipped);
	gprintf("stress: causes illegal %lu load-pf %lu store-pf %lu misaligned %lu/%lu ecall %lu "
		"break %lu\n",
		cause_hist[2], cause_hist[13], cause_hist[15], cause_hist[4], cause_hist[6],
		cause_hist[8], cause_hist[3]);
	return 0;
}
