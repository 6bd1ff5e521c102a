/*
 * tlb.h - the soft MMU's per-vCPU translation lookaside buffer and the
 * load/store fast paths shared by every software engine.
 *
 * One direct-mapped table per translation regime (mmu_idx, chosen by the
 * frontend: e.g. riscv64 U, S, S+SUM, M; the frontend says how many, and
 * tlb_init allocates that many tables, one after the other). An entry caches one guest page:
 * separate read/write/execute tags (vaddr page, or TLB_INVALID) and the host
 * addend (host = vaddr + addend) for RAM pages. MMIO pages are never entered
 * with a matching tag; their accesses take the slow path every time.
 * A hit is: index, compare (the tag compare also rejects misaligned
 * accesses), add, access. Stores additionally check the page word
 * (memory.h) so that stores to code pages or reserved granules are seen.
 * Entries remember whether their translation is global (the same in every
 * address space): an address-space switch flushes only the others, so a
 * guest kernel's own mappings survive its context switches.
 * Only the owning vCPU thread touches its TLB.
 */
#ifndef FVP_MEM_TLB_H
#define FVP_MEM_TLB_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "core/compiler.h"
#include "core/mem_access.h"
#include "core/memory.h"

#define TLB_BITS    8
#define TLB_SIZE    (1u << TLB_BITS)
#define TLB_INVALID (~0ULL)

#define TLB_MAX_REGIMES 256 /* regime * TLB_SIZE + index fits the 16-bit fill list */

/* Page protection returned by a frontend's page walker. */
#define PROT_R	      1u
#define PROT_W	      2u
#define PROT_X	      4u
#define PROT_NO_CACHE 8u /* walker: the result holds for this access only; do not fill */
/* walker: the translation is global, the same in every address space (riscv64 G bit; also
 * untranslated regimes), so it survives tlb_flush_nonglobal */
#define PROT_GLOBAL 16u

/* Tag bit of MMIO pages: never matches a fast-path compare, recognised by the slow path. */
#define TLB_IO 0x800u

/* An inclusive range of virtual addresses, empty when lo > hi. */
struct vaddr_span {
	uint64_t lo, hi;
};

static inline void vaddr_span_clear(struct vaddr_span *s)
{
	s->lo = UINT64_MAX;
	s->hi = 0;
}

static inline void vaddr_span_add(struct vaddr_span *s, uint64_t lo, uint64_t hi)
{
	if (lo < s->lo)
		s->lo = lo;
	if (hi > s->hi)
		s->hi = hi;
}

static inline bool vaddr_span_holds(const struct vaddr_span *s, uint64_t vaddr)
{
	return vaddr >= s->lo && vaddr <= s->hi;
}

struct tlb_entry {
	uint64_t tag_read;
	uint64_t tag_write;
	uint64_t tag_exec;
	uintptr_t addend;
	uint32_t *page_word;
	uint64_t paddr; /* physical page */
};

struct tlb {
	struct tlb_entry *e; /* nregimes tables of TLB_SIZE entries: regime r at e[r * TLB_SIZE] */
	unsigned nregimes;
	uint64_t hits, misses; /* slow-path entries counted as misses */
	/* Entries filled since the last full flush, so a flush (frequent: every satp write
	 * without ASIDs) clears only those instead of every entry. */
	uint16_t *filled; /* nregimes * TLB_SIZE */
	unsigned nfilled;
	uint64_t *listed; /* bitmaps of nregimes * TLB_SIZE bits */
	uint64_t *global; /* entries holding a global translation */
	/* Virtual pages filled with global translations since the last full flush: a page
	 * outside the span has no global translation to flush. */
	struct vaddr_span global_span;
};

/* The table of regime r. */
static inline struct tlb_entry *tlb_regime(const struct tlb *tlb, unsigned r)
{
	return &tlb->e[(size_t)r * TLB_SIZE];
}

/* Record that entry index of regime mode now holds page (global or not); called by the fill. */
static inline void tlb_note_fill(struct tlb *tlb, unsigned mode, unsigned index, uint64_t page,
				 bool global)
{
	unsigned n = mode * TLB_SIZE + index;
	uint64_t bit = 1ull << (n % 64);

	if (!(tlb->listed[n / 64] & bit)) {
		tlb->listed[n / 64] |= bit;
		tlb->filled[tlb->nfilled++] = (uint16_t)n;
	}
	if (global) {
		tlb->global[n / 64] |= bit;
		vaddr_span_add(&tlb->global_span, page, page);
	} else {
		tlb->global[n / 64] &= ~bit;
	}
}

/* Does entry index of regime mode hold a global translation? */
static inline bool tlb_entry_global(const struct tlb *tlb, unsigned mode, unsigned index)
{
	unsigned n = mode * TLB_SIZE + index;

	return tlb->global[n / 64] & (1ull << (n % 64));
}

/* May a global translation of the page holding vaddr be cached? */
static inline bool tlb_may_hold_global(const struct tlb *tlb, uint64_t vaddr)
{
	return vaddr_span_holds(&tlb->global_span, vaddr & PAGE_MASK);
}

static inline unsigned tlb_index(uint64_t vaddr)
{
	return (vaddr >> PAGE_SHIFT) & (TLB_SIZE - 1);
}

/* Allocate nregimes (1..TLB_MAX_REGIMES) empty tables; 0 or -ENOMEM / -EINVAL. */
int tlb_init(struct tlb *tlb, unsigned nregimes) __must_check;
void tlb_fini(struct tlb *tlb);
void tlb_flush_all(struct tlb *tlb);
/* Flush every entry but the global ones (an address-space switch). */
void tlb_flush_nonglobal(struct tlb *tlb);
/* Flush every regime's entry for the page holding vaddr. */
void tlb_flush_page(struct tlb *tlb, uint64_t vaddr);

#endif
