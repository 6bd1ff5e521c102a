/*
 * acpi_reset.c - the FADT's reset register: writing RESET_VALUE there (Linux's default way to
 * reboot) makes FVP exit with status 2 (VM_STOP_RESET).
 */
#include "acpi_find.h"
#include "lib.h"

int main(void)
{
	const volatile uint8_t *rsdp = acpi_find_rsdp();
	const volatile uint8_t *fadt = rsdp ? acpi_find_table(rsdp, "FACP") : NULL;
	unsigned spins;

	if (!fadt)
		fail("no FADT found from the RSDP");
	check(fadt[116] == 1, "reset register in I/O space");
	outb((uint16_t)get64(fadt + 120), fadt[128]);
	for (spins = 0; spins < 1000000; spins++)
		cpu_relax();
	fail("the reset register did not reset");
}
