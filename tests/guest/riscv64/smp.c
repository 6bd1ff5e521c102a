/*
 * SMP: every hart enters at _start; hart 0 counts the harts in the device
 * tree (/cpus/cpu@N), wakes the others with msip IPIs, and all harts
 * increment a shared counter with amoadd.d and another with an LR/SC loop,
 * ITERS times each; the totals must be exact. Finally an IPI travels round
 * the ring 0 -> 1 -> ... -> 0, each hart waking from WFI on its msip.
 */
#include "lib.h"

#define ITERS 100000

static volatile u64 amo_counter, lrsc_counter;
static volatile u64 checked_in, finished;
static volatile u64 ring_hops;

static u32 be32(const void *p)
{
	const u8 *b = p;

	return ((u32)b[0] << 24) | ((u32)b[1] << 16) | ((u32)b[2] << 8) | b[3];
}

static int starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

/* Count /cpus/cpu@* nodes; returns -1 if there is no valid tree. */
static int count_cpus(unsigned long fdt)
{
	if (!fdt || be32((void *)fdt) != 0xd00dfeed)
		return -1;
	const u8 *p = (const u8 *)fdt + be32((u8 *)fdt + 8);
	int depth = 0, in_cpus = 0, cpus = 0;

	for (int guard = 0; guard < 100000; guard++) {
		u32 token = be32(p);

		p += 4;
		if (token == 1) {
			const char *name = (const char *)p;
			size_t len = strlen(name) + 1;

			depth++;
			if (depth == 2 && starts_with(name, "cpus") &&
			    (name[4] == 0 || name[4] == '@'))
				in_cpus = 1;
			else if (depth == 3 && in_cpus && starts_with(name, "cpu@"))
				cpus++;
			p += (len + 3) & ~3UL;
		} else if (token == 2) {
			if (depth == 2)
				in_cpus = 0;
			depth--;
		} else if (token == 3) {
			u32 len = be32(p);

			p += 8 + ((len + 3) & ~3U);
		} else if (token == 4) {
			continue;
		} else {
			break;
		}
	}
	return cpus;
}

static void send_ipi(long hart)
{
	mmio_write32(CLINT_MSIP(hart), 1);
}

/* MIE stays clear: WFI returns once MSIP is pending, and we consume it here. */
static int wait_ipi(long hart, u64 timeout)
{
	u64 start = mtime_read();

	csr_set(mie, 1UL << IRQ_MSI);
	while (!(csr_read(mip) & (1UL << IRQ_MSI))) {
		if (timeout && mtime_read() - start > timeout)
			return -1;
		asm volatile("wfi");
	}
	mmio_write32(CLINT_MSIP(hart), 0);
	while (csr_read(mip) & (1UL << IRQ_MSI))
		;
	return 0;
}

static void count_work(void)
{
	for (int i = 0; i < ITERS; i++)
		asm volatile("amoadd.d zero, %1, (%0)" ::"r"(&amo_counter), "r"(1UL) : "memory");
	for (int i = 0; i < ITERS; i++) {
		u64 tmp, failed;

		asm volatile("1: lr.d %0, (%2)\n\t"
			     "addi %0, %0, 1\n\t"
			     "sc.d %1, %0, (%2)\n\t"
			     "bnez %1, 1b"
			     : "=&r"(tmp), "=&r"(failed)
			     : "r"(&lrsc_counter)
			     : "memory");
	}
}

static long nharts;

void secondary_main(long hart)
{
	__atomic_fetch_add(&checked_in, 1, __ATOMIC_SEQ_CST);
	wait_ipi(hart, 0);
	count_work();
	__atomic_fetch_add(&finished, 1, __ATOMIC_SEQ_CST);
	wait_ipi(hart, 0);
	__atomic_fetch_add(&ring_hops, 1, __ATOMIC_SEQ_CST);
	send_ipi(hart + 1 < nharts ? hart + 1 : 0);
	for (;;)
		asm volatile("wfi");
}

int main(long hartid, unsigned long dtb)
{
	int from_tree = count_cpus(boot_dtb);
	u64 second = TIMEBASE_HZ;

	nharts = from_tree;
	if (from_tree <= 0) {
		/* No device tree: count whoever checks in within two seconds. */
		delay_ticks(2 * second);
		nharts = (long)checked_in + 1;
	}
	if (nharts > MAX_HARTS)
		nharts = MAX_HARTS;
	gprintf("smp: %ld harts (%s)\n", nharts, from_tree > 0 ? "device tree" : "check-in");
	u64 start = mtime_read();

	while ((long)checked_in < nharts - 1 && mtime_read() - start < 30 * second)
		;
	CHECK_EQ(checked_in, nharts - 1);
	asm volatile("fence rw, rw" ::: "memory");
	for (long h = 1; h < nharts; h++)
		send_ipi(h);
	count_work();
	__atomic_fetch_add(&finished, 1, __ATOMIC_SEQ_CST);
	start = mtime_read();
	while ((long)finished < nharts && mtime_read() - start < 100 * second)
		;
	CHECK_EQ(finished, nharts);
	CHECK_EQ(amo_counter, (u64)nharts * ITERS);
	CHECK_EQ(lrsc_counter, (u64)nharts * ITERS);
	gprintf("smp: counters %lu %lu\n", (unsigned long)amo_counter, (unsigned long)lrsc_counter);
	if (nharts > 1) {
		send_ipi(1);
		CHECK_EQ(wait_ipi(0, 30 * second), 0);
		CHECK_EQ(ring_hops, nharts - 1);
	}
	return 0;
}
