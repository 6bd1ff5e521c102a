/*
 * Address spaces with ASIDs: two Sv39 spaces (ASID 1 and 2) map the same
 * virtual code and data pages to different physical pages, and share RAM
 * through a global gigapage. S mode switches satp between them with no
 * sfence.vma (different ASIDs need none) and must always fetch and load
 * through the current space, including once the blocks are compiled; then
 * ASID-selective sfence.vma after changing a leaf, in the current space and
 * in the other one. satp must keep all 16 ASID bits.
 */
#include "lib.h"

#define PTE_V  0x01UL
#define PTE_R  0x02UL
#define PTE_W  0x04UL
#define PTE_X  0x08UL
#define PTE_G  0x20UL
#define PTE_AD 0xc0UL

#define SATP_SV39 (8UL << 60)
#define ASID(n)	  ((u64)(n) << 44)
#define CODE_VA	  0x40000000UL
#define DATA_VA	  0x40001000UL
#define ROUNDS	  3000

#define INSN_LI_A0(n) (0x00000513u | ((u32)(n) << 20)) /* addi a0, zero, n */
#define INSN_RET      0x00008067u		       /* jalr zero, 0(ra) */

typedef u64 table_t[512];
static table_t tables[6] __attribute__((aligned(4096)));
static u32 code_pages[2][1024] __attribute__((aligned(4096)));
static u64 data_pages[3][512] __attribute__((aligned(4096)));
static u64 root_of[2];
static u64 *leaf_of[2];

static u64 pte(u64 pa, u64 flags)
{
	return ((pa >> 12) << 10) | flags | PTE_V;
}

/* Space i: MMIO and RAM global and identity-mapped, CODE_VA/DATA_VA its own pages. */
static u64 build_space(int i)
{
	u64 *l2 = tables[3 * i], *l1 = tables[3 * i + 1], *l0 = tables[3 * i + 2];

	l2[0] = pte(0, PTE_R | PTE_W | PTE_AD | PTE_G);
	l2[1] = pte((u64)l1, 0);
	l2[2] = pte(0x80000000UL, PTE_R | PTE_W | PTE_X | PTE_AD | PTE_G);
	l1[0] = pte((u64)l0, 0);
	l0[0] = pte((u64)code_pages[i], PTE_R | PTE_X | PTE_AD);
	l0[1] = pte((u64)data_pages[i], PTE_R | PTE_W | PTE_AD);
	leaf_of[i] = l0;
	return SATP_SV39 | ASID(i + 1) | ((u64)l2 >> 12);
}

static long call_code(void)
{
	return ((long (*)(void))CODE_VA)();
}

static u64 load_data(void)
{
	return *(volatile u64 *)DATA_VA;
}

static void sfence_asid(u64 va, u64 asid)
{
	asm volatile("sfence.vma %0, %1" ::"r"(va), "r"(asid) : "memory");
}

/* Switch back and forth, no sfence.vma: every call and load sees the current space. */
static long s_switches(long rounds)
{
	for (long r = 0; r < rounds; r++) {
		for (int i = 0; i < 2; i++) {
			csr_write(satp, root_of[i]);
			if (call_code() != i + 1)
				return -100 - i;
			if (load_data() != 0xa0UL + (u64)i)
				return -200 - i;
		}
	}
	return 0x600d;
}

/* Leaf changes followed by ASID-selective fences. */
static long s_fences(long arg)
{
	csr_write(satp, root_of[0]);
	if (load_data() != 0xa0)
		return -1;
	/* the current space: sfence.vma DATA_VA, its ASID */
	leaf_of[0][1] = pte((u64)data_pages[2], PTE_R | PTE_W | PTE_AD);
	sfence_asid(DATA_VA, 1);
	if (load_data() != 0xa2)
		return -2;
	/* the other space: sfence.vma zero, its ASID, before switching to it */
	leaf_of[1][1] = pte((u64)data_pages[2], PTE_R | PTE_W | PTE_AD);
	leaf_of[1][0] = pte((u64)code_pages[0], PTE_R | PTE_X | PTE_AD);
	sfence_asid(0, 2);
	csr_write(satp, root_of[1]);
	if (load_data() != 0xa2)
		return -3;
	if (call_code() != 1)
		return -4;
	/* back to the first space: its translations were not touched */
	csr_write(satp, root_of[0]);
	if (call_code() != 1)
		return -5;
	return 0x600d;
}

int main(long hartid, unsigned long dtb)
{
	u64 all_asids;

	gprintf("asid: start\n");
	for (int i = 0; i < 2; i++) {
		code_pages[i][0] = INSN_LI_A0(i + 1);
		code_pages[i][1] = INSN_RET;
		data_pages[i][0] = 0xa0UL + (u64)i;
		root_of[i] = build_space(i);
	}
	data_pages[2][0] = 0xa2;
	asm volatile("fence.i" ::: "memory");

	all_asids = SATP_SV39 | ASID(0xffff) | (root_of[0] & ((1UL << 44) - 1));
	csr_write(satp, all_asids);
	CHECK_EQ(csr_read(satp), all_asids);
	csr_write(satp, 0);
	asm volatile("sfence.vma" ::: "memory");

	CHECK_EQ(run_in_mode(MODE_S, s_switches, ROUNDS), 0x600d);
	gprintf("asid: %d switches done\n", 2 * ROUNDS);
	CHECK_EQ(run_in_mode(MODE_S, s_fences, 0), 0x600d);
	csr_write(satp, 0);
	asm volatile("sfence.vma" ::: "memory");
	return 0;
}
