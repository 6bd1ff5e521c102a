/*
 * Self-modifying code: write instructions into a RAM buffer, fence.i, call
 * it; rewrite it (same address, same length) and call again: the new code
 * must run. Also patches a single immediate inside a hot loop body, and
 * rewrites a 32-bit instruction into two compressed ones.
 */
#include "lib.h"

static u32 code[64] __attribute__((aligned(64)));

/* addi a0, zero, imm  /  ret */
static u32 addi_a0(int imm)
{
	return ((u32)(imm & 0xfff) << 20) | (10 << 7) | 0x13;
}

#define RET 0x00008067U

typedef long (*fn_t)(long);

static long call(void)
{
	asm volatile("fence.i" ::: "memory");
	return ((fn_t)(void *)code)(0);
}

int main(long hartid, unsigned long dtb)
{
	gprintf("selfmod: start\n");
	code[0] = addi_a0(42);
	code[1] = RET;
	CHECK_EQ(call(), 42);
	code[0] = addi_a0(-7);
	CHECK_EQ(call(), (u64)-7);

	/* A loop body executed many times, then patched: slli a0,a0,1 -> addi a0,a0,3. */
	code[0] = 0x00151513; /* slli a0, a0, 1 */
	code[1] = RET;
	long acc = 1;

	for (int round = 0; round < 3; round++) {
		asm volatile("fence.i" ::: "memory");
		for (int i = 0; i < 10; i++)
			acc = ((fn_t)(void *)code)(acc);
		if (round == 0)
			CHECK_EQ(acc, 1024);
		code[0] = 0x00350513; /* addi a0, a0, 3 */
	}
	CHECK_EQ(acc, 1024 + 60);

	/* Replace one 32-bit instruction by two compressed ones: c.li a0, 5; c.addi a0, 6. */
	code[0] = addi_a0(1);
	CHECK_EQ(call(), 1);
	code[0] = 0x4515U | (0x0519U << 16);
	CHECK_EQ(call(), 11);

	/* A longer block: sum of a0 + 1 + 2 + ... + 20 built from addi instructions. */
	for (int i = 0; i < 20; i++)
		code[i] = (((u32)(i + 1)) << 20) | (10 << 15) | (10 << 7) | 0x13;
	code[20] = RET;
	asm volatile("fence.i" ::: "memory");
	CHECK_EQ(((fn_t)(void *)code)(1000), 1210);
	code[10] = RET; /* truncate in the middle */
	asm volatile("fence.i" ::: "memory");
	CHECK_EQ(((fn_t)(void *)code)(1000), 1055);
	return 0;
}
