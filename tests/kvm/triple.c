/* triple.c - a triple fault (a divide error with an empty IDT: #DE, #GP, #DF, shutdown) must
 * stop FVP with a clear message and exit status 1; run-kvm.sh checks both. A hardware fault,
 * not int3: KVM may emulate software interrupts, and nested KVM can fail at that. */
#include "lib.h"

int main(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) empty = {0, 0};

	puts_serial("kvm triple fault test: faulting now\n");
	__asm__ volatile("lidt %0; xor %%ecx, %%ecx; div %%ecx"
			 :
			 : "m"(empty)
			 : "eax", "ecx", "edx");
	fail("still running after a triple fault");
}
