/* halt.c - for bench/kvm.sh, not a test: prints one line at once, then halts with interrupts
 * off until the host kills the VM (start-up time and idle memory of the VMM). */
#include "lib.h"

int main(void)
{
	puts_serial("kvm halt\n");
	for (;;)
		__asm__ volatile("cli; hlt");
}
