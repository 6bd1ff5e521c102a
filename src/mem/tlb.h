/*
 * tlb.h - the soft MMU's per-vCPU translation lookaside buffer and the
 * load/store fast paths shared by every software engine.
 *
 * One direct-mapped table per translation regime (mmu_idx, chosen by the
 * frontend: e.g. riscv64 U, S, S+SUM, M). An entry caches one guest page:
 * separate read/write/execute tags (vaddr page, or TLB_INVALID) and the host
 * addend (host = vaddr + addend) for RAM pages. MMIO pages are never entered
 * with a matching tag; their accesses take the slow path every time.
 * A hit is: index, compare (the tag compare also rejects misaligned
 * accesses), add, access. Stores additionally check the page word
 * (memory.h) so that stores to code pages or reserved granules are seen.
 * Only the owning vCPU thread touches its TLB.
 */
#ifndef FVP_MEM_TLB_H
#define FVP_MEM_TLB_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "core/compiler.h"
#include "core/memory.h"

#define TLB_BITS    8
#define TLB_SIZE    (1u << TLB_BITS)
#define TLB_MODES   4
#define TLB_INVALID (~0ULL)

enum mmu_access { MMU_READ = 0, MMU_WRITE = 1, MMU_EXEC = 2 };

/* Page protection returned by a frontend's page walker. */
#define PROT_R 1u
#define PROT_W 2u
#define PROT_X 4u
#define PROT_NO_CACHE 8u /* walker: the result holds for this access only; do not fill */

/* Tag bit of MMIO pages: never matches a fast-path compare, recognised by the slow path. */
#define TLB_IO 0x800u

struct tlb_entry {
	uint64_t tag_read;
	uint64_t tag_write;
	uint64_t tag_exec;
	uintptr_t addend;
	uint32_t *page_word;
	uint64_t paddr; /* physical page */
};

struct tlb {
	struct tlb_entry e[TLB_MODES][TLB_SIZE];
	uint64_t hits, misses; /* slow-path entries counted as misses */
	/* Entries filled since the last full flush, so a flush (frequent: every satp write
	 * without ASIDs) clears only those instead of every entry. */
	uint16_t filled[TLB_MODES * TLB_SIZE];
	unsigned nfilled;
	uint64_t listed[TLB_MODES * TLB_SIZE / 64];
	bool ready; /* every entry cleared once (a zeroed TLB would match page 0) */
};

/* Record that entry e[mode][index] now holds something (called by the fill). */
static inline void tlb_note_fill(struct tlb *tlb, unsigned mode, unsigned index)
{
	unsigned n = mode * TLB_SIZE + index;

	if (!(tlb->listed[n / 64] & (1ull << (n % 64)))) {
		tlb->listed[n / 64] |= 1ull << (n % 64);
		tlb->filled[tlb->nfilled++] = (uint16_t)n;
	}
}

static inline unsigned tlb_index(uint64_t vaddr)
{
	return (vaddr >> PAGE_SHIFT) & (TLB_SIZE - 1);
}

void tlb_flush_all(struct tlb *tlb);
/* Flush every regime's entry for the page holding vaddr. */
void tlb_flush_page(struct tlb *tlb, uint64_t vaddr);

#endif
