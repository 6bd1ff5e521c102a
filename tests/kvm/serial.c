/* serial.c - port I/O exits: the 16550 at 0x3f8, an unmapped port, CPUID as FVP filters it;
 * ends with the i8042 reset (exit status 0). */
#include "lib.h"

int main(void)
{
	uint32_t r[4];

	puts_serial("kvm serial test\n");
	outb(UART + 7, 0xa5);
	check(inb(UART + 7) == 0xa5, "UART scratch register round trip (port I/O exits)");
	outb(UART + 7, 0x5a);
	check(inb(UART + 7) == 0x5a, "UART scratch register second value");
	check((inb(UART + 5) & 0x60) == 0x60, "UART LSR: transmitter empty");
	check(inb(0x2f8 + 5) == 0xff, "unmapped port reads all-ones");
	check(inw(0x2f8) == 0xffff, "unmapped 16-bit port read is all-ones");
	check((inb(0x64) & 0x02) == 0, "i8042 status: input buffer empty");
	cpuid(1, 0, r);
	check(r[2] & (1u << 31), "CPUID.1 ECX: hypervisor bit set");
	check((r[1] >> 24) == 0, "CPUID.1 EBX: boot vCPU has APIC id 0");
	pass("serial");
}
