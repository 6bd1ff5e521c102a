/* smp.c - secondary vCPUs wait for INIT/SIPI: the boot vCPU broadcasts INIT and two SIPIs
 * (vector 8: the real-mode trampoline at 0x8000), each AP records its CPUID APIC id. Run with
 * --smp 4. */
#include "lib.h"

#define NCPUS	      4
#define ICR_INIT      0x00000500u
#define ICR_STARTUP   0x00000600u
#define ICR_ASSERT    0x00004000u
#define ICR_ALL_OTHER 0x000c0000u

extern volatile uint32_t ap_mask, ap_count;

static void delay(unsigned long n)
{
	for (unsigned long i = 0; i < n; i++)
		cpu_relax();
}

static void send_ipi(uint32_t icr)
{
	mmio_write32(LAPIC_BASE + LAPIC_ICR_HI, 0);
	mmio_write32(LAPIC_BASE + LAPIC_ICR_LO, icr);
	while (mmio_read32(LAPIC_BASE + LAPIC_ICR_LO) & 0x1000) /* delivery pending */
		cpu_relax();
}

int main(void)
{
	uint32_t r[4];

	puts_serial("kvm smp test\n");
	lapic_enable();
	check(mmio_read32(LAPIC_BASE + LAPIC_ID) >> 24 == 0, "boot vCPU LAPIC id 0");
	cpuid(1, 0, r);
	check(((r[1] >> 16) & 0xff) == NCPUS, "CPUID.1 EBX: 4 logical processors");
	cpuid(0, 0, r);
	if (r[0] >= 0xb) {
		cpuid(0xb, 1, r);
		check(r[1] == NCPUS, "CPUID.B core level: 4 processors");
	}
	check(ap_count == 0, "no AP ran before INIT/SIPI");
	send_ipi(ICR_ALL_OTHER | ICR_ASSERT | ICR_INIT);
	delay(100000);
	send_ipi(ICR_ALL_OTHER | ICR_STARTUP | 0x08);
	delay(10000);
	send_ipi(ICR_ALL_OTHER | ICR_STARTUP | 0x08);
	for (unsigned long i = 0; i < 4000000000ul && ap_count < NCPUS - 1; i++)
		cpu_relax();
	puts_serial("APs started: ");
	put_hex(ap_count);
	puts_serial(", APIC id mask ");
	put_hex(ap_mask);
	puts_serial("\n");
	check(ap_count == NCPUS - 1, "3 APs woke from INIT/SIPI");
	check(ap_mask == 0xe, "APs report APIC ids 1, 2 and 3");
	pass("smp");
}
