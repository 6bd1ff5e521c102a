/*
 * gdbtarget.c - the guest of the x86-64 gdb stub test (tests/kvm/gdb-x86.sh), not a test
 * of its own: it enables SSE, leaves known values in xmm0 and on the x87 stack (st0 = pi,
 * st1 = 1), then calls gdb_target(1), gdb_target(2), gdb_target(3) (gdb breaks there:
 * its first instruction is a 10-byte movabs, so a stepi moves rip by exactly 10) and
 * passes if gdb_counter is 6. Built with -g for gdb's symbols.
 */
#include "lib.h"

#define CR4_OSFXSR (1ul << 9)

volatile uint64_t gdb_counter;

void gdb_target(uint64_t i);
__asm__(".text\n"
	".globl gdb_target\n"
	".type gdb_target, @function\n"
	"gdb_target:\n"
	"	movabs $0x1122334455667788, %rax\n"
	"	add %rdi, gdb_counter(%rip)\n"
	"	ret\n"
	".size gdb_target, . - gdb_target\n");

static void enable_sse(void)
{
	uint64_t cr4;

	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr4 | CR4_OSFXSR) : "memory");
}

int main(void)
{
	static const uint64_t xmm0[2] = {0x0123456789abcdefull, 0xfedcba9876543210ull};

	enable_sse();
	__asm__ volatile("movdqu %0, %%xmm0" : : "m"(xmm0) : "xmm0");
	__asm__ volatile("fninit\n\tfld1\n\tfldpi" : : : "st", "st(1)");
	for (uint64_t i = 1; i <= 3; i++)
		gdb_target(i);
	check(gdb_counter == 6, "gdb_target ran three times (gdb_counter 6)");
	pass("gdbtarget");
}
