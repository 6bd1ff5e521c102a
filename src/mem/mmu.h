/*
 * mmu.h - guest virtual memory accesses for software engines and frontends.
 *
 * The inline fast paths hit the vCPU's TLB; everything else (misses,
 * misaligned accesses, MMIO, stores to code or reserved pages, faults) goes
 * to the out-of-line slow paths, which call the frontend's page walker
 * (fe->mmu_translate), fill the TLB and dispatch MMIO. On a fault the slow
 * path records it in cpu->fault (kind, access, regime, address: the
 * frontend's do_trap makes it architectural) and returns -1; nothing has
 * been written.
 * Misaligned accesses are performed (as two or more aligned pieces of the
 * same page(s)); a fault on any piece faults the whole access first.
 * The fast paths access RAM with ram_load_aligned/ram_store_aligned
 * (core/memory.h: relaxed atomics, RAM being shared between threads).
 */
#ifndef FVP_MEM_MMU_H
#define FVP_MEM_MMU_H

#include "mem/soft_cpu.h"
#include "mem/tlb.h"

int mmu_load_slow(struct soft_cpu *cpu, uint64_t vaddr, unsigned size, uint64_t *val) __must_check;
int mmu_store_slow(struct soft_cpu *cpu, uint64_t vaddr, unsigned size, uint64_t val) __must_check;

/* Translate vaddr for the given access in regime mmu_idx; on success returns 0 and the
 * physical address; on fault records it and returns -1. Fills the TLB. */
int mmu_translate(struct soft_cpu *cpu, uint64_t vaddr, enum mmu_access acc, unsigned mmu_idx,
		  uint64_t *paddr) __must_check;
/* Host pointer for an access of size bytes that must be naturally aligned and in RAM (atomics).
 * Returns NULL with the fault recorded: FAULT_MISALIGNED, or FAULT_ACCESS if not RAM. */
void *mmu_host_ptr(struct soft_cpu *cpu, uint64_t vaddr, unsigned size, enum mmu_access acc);
/* Most instruction bytes one fetch may ask for (x86-64: 15): a fetch spans at most two pages. */
#define MMU_FETCH_MAX 16
/* Fetch the len (<= MMU_FETCH_MAX) instruction bytes at vaddr into buf, in memory order; they
 * may cross into the next page. Each page is translated for execute in the fetch regime
 * (cpu->mmu_fetch) and must be RAM. Returns 0, or -1 with the fetch fault recorded at the first
 * byte that cannot be fetched (the next page's first byte if only that page faults) and buf
 * untouched. A frontend of variable-length instructions fetches the bytes it knows it needs:
 * those left on the page first, then the rest once decoding asks for them. */
int mmu_fetch(struct soft_cpu *cpu, uint64_t vaddr, unsigned len, uint8_t *buf) __must_check;

static __always_inline int mmu_load(struct soft_cpu *cpu, uint64_t vaddr, unsigned size,
				    uint64_t *val)
{
	struct tlb_entry *e = &cpu->tlb_data[tlb_index(vaddr)];
	if (likely((vaddr & (PAGE_MASK | (size - 1))) == e->tag_read)) {
		void *p = (void *)(uintptr_t)(vaddr + e->addend);
		*val = ram_load_aligned(p, size);
		cpu->tlb.hits++;
		return 0;
	}
	return mmu_load_slow(cpu, vaddr, size, val);
}

static __always_inline int mmu_store(struct soft_cpu *cpu, uint64_t vaddr, unsigned size,
				     uint64_t val)
{
	struct tlb_entry *e = &cpu->tlb_data[tlb_index(vaddr)];
	if (likely((vaddr & (PAGE_MASK | (size - 1))) == e->tag_write &&
		   !(__atomic_load_n(e->page_word, __ATOMIC_RELAXED) & PAGE_FLAGS))) {
		void *p = (void *)(uintptr_t)(vaddr + e->addend);
		ram_store_aligned(p, size, val);
		cpu->tlb.hits++;
		return 0;
	}
	return mmu_store_slow(cpu, vaddr, size, val);
}

#endif
