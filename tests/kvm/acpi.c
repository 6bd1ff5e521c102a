/*
 * acpi.c - the ACPI tables and PM device as a guest sees them: the RSDP found by the legacy
 * scan at 0xe0000, the XSDT's FADT and MADT (one local APIC per vCPU), the PM timer counting
 * and PM1_CNT.SCI_EN set at the FADT's ports; then S5 through PM1a_CNT, which must power the
 * VM off (exit status 0). If it does not, the test device reports the failure (status 3).
 */
#include "acpi_find.h"
#include "lib.h"

#define FADT_SCI_INT   46
#define FADT_PM1A_CNT  64
#define FADT_PM_TMR    76
#define FADT_FLAGS     112
#define FADT_RESET_REG 116
#define FADT_X_DSDT    140
#define RESET_REG_SUP  (1u << 10)
#define SLP_TYP_S5     5 /* the DSDT's \_S5 */
#define SLP_EN	       (1u << 13)

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static unsigned madt_lapics(const volatile uint8_t *madt)
{
	unsigned n = 0;

	for (uint32_t at = 44; at + 2 <= get32(madt + 4); at += madt[at + 1])
		if (madt[at] == 0 && (madt[at + 4] & 1))
			n++;
	return n;
}

int main(void)
{
	const volatile uint8_t *rsdp = acpi_find_rsdp(), *fadt, *madt, *dsdt;
	uint16_t cnt, tmr;
	uint32_t t0, t;
	unsigned spins = 0;

	puts_serial("acpi test\n");
	check(rsdp == (const volatile uint8_t *)0xe0000,
	      "RSDP found by the legacy scan at 0xe0000");
	check(rsdp[15] == 2 && acpi_sum(rsdp, 36) == 0, "RSDP revision 2, extended checksum");
	fadt = acpi_find_table(rsdp, "FACP");
	madt = acpi_find_table(rsdp, "APIC");
	check(fadt && madt, "the XSDT lists the FADT and the MADT (checksums valid)");
	dsdt = (const volatile uint8_t *)(uintptr_t)get64(fadt + FADT_X_DSDT);
	check(same(dsdt, "DSDT", 4) && acpi_sum(dsdt, get32(dsdt + 4)) == 0, "FADT -> DSDT");
	check(madt_lapics(madt) == 2, "MADT: one enabled local APIC per vCPU (--smp 2)");
	check((fadt[FADT_SCI_INT] | fadt[FADT_SCI_INT + 1] << 8) == 9, "FADT: SCI on IRQ 9");
	check((get32(fadt + FADT_FLAGS) & RESET_REG_SUP) &&
		  get64(fadt + FADT_RESET_REG + 4) == 0xcf9,
	      "FADT: reset register at port 0xcf9");
	cnt = (uint16_t)get32(fadt + FADT_PM1A_CNT);
	tmr = (uint16_t)get32(fadt + FADT_PM_TMR);
	check(inw(cnt) & 1, "PM1a_CNT: SCI_EN set (ACPI mode)");
	t0 = inl(tmr);
	do
		t = inl(tmr);
	while (t == t0 && ++spins < 100000000);
	check(t != t0, "PM timer counts");
	puts_serial("PASS (acpi)\n");
	outw(cnt, SLP_TYP_S5 << 10 | SLP_EN);
	for (spins = 0; spins < 1000000; spins++)
		cpu_relax();
	fail("S5 through PM1a_CNT did not power the VM off");
}
