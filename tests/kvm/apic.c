/* apic.c - the local APIC timer in one-shot, periodic and TSC-deadline modes, self IPIs and
 * the task priority, an NMI IPI, the PIT's channel 2 as Linux's calibration reads it (gate and
 * OUT2 in port 0x61), the CMOS RTC's date in BCD and binary, and the 8259s' interrupts through
 * LINT0 in ExtINT mode (virtual wire). Interrupts are counted by vector in the IDT handler. */
#include "lib.h"

#define LAPIC_LVT_TIMER	 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR	 0x390
#define LAPIC_TIMER_DIV	 0x3e0
#define LAPIC_IRR	 0x200
#define LAPIC_LINT0	 0x350
#define LVT_EXTINT	 0x700u
#define VEC_PIC		 0x50
#define LVT_MASKED	 0x10000u
#define LVT_PERIODIC	 0x20000u
#define LVT_TSC_DEADLINE 0x40000u
#define MSR_TSC_DEADLINE 0x6e0
#define VEC_ONESHOT	 0x30
#define VEC_PERIODIC	 0x31
#define VEC_DEADLINE	 0x32
#define VEC_SELF	 0x40
#define VEC_LOW		 0x35
#define ICR_SELF	 0x00040000u
#define ICR_NMI		 0x00000400u

static volatile unsigned irqs[256];
static volatile unsigned order[4], norder;

void irq_handler(unsigned vector)
{
	irqs[vector]++;
	if (norder < 4)
		order[norder++] = vector;
	if (vector >= VEC_PIC && vector < VEC_PIC + 8)
		outb(0x20, 0x20); /* the master 8259's EOI: ExtINTs are not in the APIC's ISR */
	else if (vector != 2 && vector != 0xff)
		lapic_eoi();
}

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static bool wait_irqs(unsigned vector, unsigned n)
{
	for (unsigned long i = 0; i < 4000000000ul && irqs[vector] < n; i++)
		cpu_relax();
	return irqs[vector] >= n;
}

static void spin(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		cpu_relax();
}

static void lapic_write(unsigned reg, uint32_t v)
{
	mmio_write32(LAPIC_BASE + reg, v);
}

static uint32_t lapic_read(unsigned reg)
{
	return mmio_read32(LAPIC_BASE + reg);
}

static void test_oneshot(void)
{
	uint32_t first, second;

	lapic_write(LAPIC_TIMER_DIV, 0xb); /* divide by 1 */
	lapic_write(LAPIC_LVT_TIMER, VEC_ONESHOT);
	lapic_write(LAPIC_TIMER_INIT, 2000000);
	first = lapic_read(LAPIC_TIMER_CUR);
	spin(1000);
	second = lapic_read(LAPIC_TIMER_CUR);
	check(first <= 2000000 && second < first, "one-shot: the current count runs down");
	check(wait_irqs(VEC_ONESHOT, 1), "one-shot: the interrupt comes");
	check(lapic_read(LAPIC_TIMER_CUR) == 0, "one-shot: the count stays at 0");
	spin(200000);
	check(irqs[VEC_ONESHOT] == 1, "one-shot: one interrupt only");
}

static void test_periodic(void)
{
	unsigned n;

	lapic_write(LAPIC_TIMER_DIV, 0x3); /* divide by 16 */
	lapic_write(LAPIC_LVT_TIMER, VEC_PERIODIC | LVT_PERIODIC);
	lapic_write(LAPIC_TIMER_INIT, 20000);
	check(wait_irqs(VEC_PERIODIC, 5), "periodic: 5 interrupts");
	lapic_write(LAPIC_LVT_TIMER, VEC_PERIODIC | LVT_PERIODIC | LVT_MASKED);
	lapic_write(LAPIC_TIMER_INIT, 0);
	spin(10000); /* one that fired before the mask is taken now */
	n = irqs[VEC_PERIODIC];
	spin(200000);
	check(irqs[VEC_PERIODIC] == n, "periodic: stopped by an initial count of 0");
}

static void test_tsc_deadline(void)
{
	uint64_t deadline;
	uint32_t r[4];

	cpuid(1, 0, r);
	if (!(r[2] & (1u << 24))) {
		puts_serial("skip: no TSC-deadline timer in CPUID\n");
		return;
	}
	lapic_write(LAPIC_LVT_TIMER, VEC_DEADLINE | LVT_TSC_DEADLINE);
	wrmsr(MSR_TSC_DEADLINE, rdtsc() + 2000000);
	check(rdmsr(MSR_TSC_DEADLINE) != 0, "TSC deadline: armed");
	check(wait_irqs(VEC_DEADLINE, 1), "TSC deadline: the interrupt comes");
	check(rdmsr(MSR_TSC_DEADLINE) == 0, "TSC deadline: disarmed once it fired");
	wrmsr(MSR_TSC_DEADLINE, 1); /* in the past: at once */
	check(wait_irqs(VEC_DEADLINE, 2), "TSC deadline: a past deadline fires at once");
	/* 300 ms ahead, disarmed at once; then wait until 50 ms after it */
	deadline = rdtsc() + 300000000;
	wrmsr(MSR_TSC_DEADLINE, deadline);
	wrmsr(MSR_TSC_DEADLINE, 0);
	check(rdmsr(MSR_TSC_DEADLINE) == 0, "TSC deadline: writing 0 reads back 0");
	while (rdtsc() < deadline + 50000000)
		cpu_relax();
	check(irqs[VEC_DEADLINE] == 2, "TSC deadline: writing 0 disarms");
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
}

static void test_ipis(void)
{
	__asm__ volatile("cli");
	lapic_write(LAPIC_ICR_LO, ICR_SELF | VEC_SELF);
	check(lapic_read(LAPIC_IRR + 0x10 * (VEC_SELF / 32)) & (1u << (VEC_SELF % 32)),
	      "self IPI: pending in IRR while IF=0");
	check(irqs[VEC_SELF] == 0, "self IPI: not taken while IF=0");
	__asm__ volatile("sti; nop");
	check(wait_irqs(VEC_SELF, 1), "self IPI: taken after sti");

	/* sti's shadow: the interrupt pending at sti is taken after hlt (which it wakes), not
	 * before it, which would leave hlt waiting for an interrupt that never comes */
	__asm__ volatile("cli");
	lapic_write(LAPIC_ICR_LO, ICR_SELF | VEC_SELF);
	__asm__ volatile("sti; hlt");
	check(irqs[VEC_SELF] == 2, "sti; hlt: the pending interrupt wakes hlt");

	lapic_write(LAPIC_TPR, 0x40);
	lapic_write(LAPIC_ICR_LO, ICR_SELF | VEC_LOW);
	spin(10000);
	check(irqs[VEC_LOW] == 0, "TPR 0x40 holds vector 0x35 back");
	lapic_write(LAPIC_TPR, 0);
	spin(10000);
	check(irqs[VEC_LOW] == 1, "TPR 0: vector 0x35 taken");

	lapic_write(LAPIC_ICR_HI, 0); /* APIC id 0: this vCPU */
	lapic_write(LAPIC_ICR_LO, ICR_NMI);
	spin(10000);
	check(irqs[2] == 1, "NMI IPI taken through vector 2");
}

static void test_pit_channel2(void)
{
	unsigned long i;

	if (inb(0x61) == 0xff) { /* bits 6-7 are never both set on a PC */
		puts_serial("skip: nothing at port 0x61 (KVM's PIT without its speaker port)\n");
		return;
	}
	outb(0x61, (inb(0x61) & ~0x02) | 0x01); /* gate 2 on, speaker off */
	outb(0x43, 0xb0);			/* channel 2, lobyte/hibyte, mode 0 */
	outb(0x42, 0x9c);			/* 11932: 10 ms */
	outb(0x42, 0x2e);
	check(!(inb(0x61) & 0x20), "PIT channel 2: OUT2 low while counting");
	for (i = 0; i < 4000000000ul && !(inb(0x61) & 0x20); i++)
		cpu_relax();
	check(inb(0x61) & 0x20, "PIT channel 2: OUT2 high at terminal count");
}

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static bool is_bcd(uint8_t v, unsigned max)
{
	return (v & 0xf) < 10 && (v >> 4) < 10 && (v >> 4) * 10u + (v & 0xf) <= max;
}

static void test_rtc(void)
{
	uint8_t sec, min, hour, day, mon, year, b = cmos(0x0b);

	for (unsigned long i = 0; i < 1000000 && (cmos(0x0a) & 0x80); i++) /* UIP */
		cpu_relax();
	sec = cmos(0), min = cmos(2), hour = cmos(4), day = cmos(7), mon = cmos(8), year = cmos(9);
	check(!(b & 0x04), "RTC: BCD by default");
	check(is_bcd(sec, 59) && is_bcd(min, 59) && is_bcd(day, 31) && is_bcd(mon, 12) &&
		  is_bcd(year, 99) && day && mon,
	      "RTC: date and time are BCD in range");
	check(year >= 0x24, "RTC: the year is 2024 or later");
	check(cmos(0x0d) & 0x80, "RTC: status D says the time is valid");
	outb(0x70, 0x0b);
	outb(0x71, b | 0x04); /* binary */
	check(cmos(9) == (year >> 4) * 10 + (year & 0xf), "RTC: binary mode gives the same year");
	outb(0x70, 0x0b);
	outb(0x71, b);
	(void)hour;
}

/* Virtual wire mode: the PIT's IRQ 0 through the 8259s and LINT0 in ExtINT mode. */
static void test_extint(void)
{
	outb(0x20, 0x11); /* ICW1-4: master at vector 0x50, slave 0x58 */
	outb(0x21, VEC_PIC);
	outb(0x21, 0x04);
	outb(0x21, 0x01);
	outb(0xa0, 0x11);
	outb(0xa1, VEC_PIC + 8);
	outb(0xa1, 0x02);
	outb(0xa1, 0x01);
	outb(0xa1, 0xff);
	outb(0x21, 0xfe); /* IRQ 0 only */
	lapic_write(LAPIC_LINT0, LVT_EXTINT);
	outb(0x43, 0x34); /* PIT channel 0, mode 2, 1 kHz */
	outb(0x40, 1193 & 0xff);
	outb(0x40, 1193 >> 8);
	check(wait_irqs(VEC_PIC, 3), "ExtINT: PIT interrupts through the 8259s and LINT0");
	outb(0x21, 0xff);
	lapic_write(LAPIC_LINT0, LVT_EXTINT | LVT_MASKED);
}

int main(void)
{
	puts_serial("apic test\n");
	idt_init();
	lapic_enable();
	__asm__ volatile("sti");
	test_oneshot();
	test_periodic();
	test_tsc_deadline();
	test_ipis();
	test_pit_channel2();
	test_rtc();
	test_extint();
	__asm__ volatile("cli");
	pass("apic");
}
