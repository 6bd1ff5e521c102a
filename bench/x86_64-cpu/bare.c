/* bare.c - the workload (work.h) as a bare-metal x86-64 guest (tests/kvm runtime): prints its
 * checksum on the serial port and ends through the i8042 reset (exit status 0). */
#include "lib.h"
#include "work.h"

int main(void)
{
	puts_serial("checksum ");
	put_hex(cpu_work(CPU_WORK_ROUNDS));
	puts_serial("\n");
	pass("x86_64-cpu");
}
