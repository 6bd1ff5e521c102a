/*
 * The guest of the gdb stub test (tests/guest/gdb-stub.sh), not a test of its own:
 * hart 0 calls gdb_target five times (gdb breaks there), spins until the debugger
 * sets gdb_release (it says "spinning" first: the interrupt test), then checks what it computed and
 * passes. Other harts count in secondary_main, so a second vCPU is busy, not in WFI.
 */
#include "lib.h"

volatile u64 gdb_counter;
volatile u64 gdb_release;
volatile u64 gdb_secondary_spins;

__attribute__((noinline)) void gdb_target(u64 i)
{
	gdb_counter += i;
}

void secondary_main(long hartid)
{
	for (;;)
		gdb_secondary_spins++;
}

int main(long hartid, unsigned long dtb)
{
	for (u64 i = 1; i <= 5; i++)
		gdb_target(i);
	CHECK_EQ(gdb_counter, 15);
	puts_raw("spinning\n"); /* the test interrupts it now */
	while (!gdb_release)
		asm volatile("nop");
	pass();
}
