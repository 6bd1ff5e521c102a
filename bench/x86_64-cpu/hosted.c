/* hosted.c - the workload (work.h) as a host program: prints its checksum. */
#include <inttypes.h>
#include <stdio.h>
#include "work.h"

int main(void)
{
	printf("checksum 0x%016" PRIx64 "\n", cpu_work(CPU_WORK_ROUNDS));
	return 0;
}
