/*
 * libc-probe.c - compiled (syntax only) at configure time to tell whether the
 * riscv64 cross compiler has its C library headers (libc6-dev-riscv64-cross,
 * only a Recommends of gcc-riscv64-linux-gnu), which the Linux builds of the
 * differential tests need.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	return (int)sizeof(uint64_t) - 8;
}
