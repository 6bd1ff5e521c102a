/*
 * mmu.c - the soft MMU's slow paths: TLB fill, misaligned and MMIO
 * accesses, stores to code or reserved pages, instruction fetch.
 *
 * Invariants: a fault is recorded before any byte of the access is
 * performed (all pages of an access are translated first; a fetch writes
 * nothing to its buffer); a TLB entry's
 * tags only grant what the page walker granted for that regime; MMIO pages
 * carry TLB_IO in their tags so the fast paths never take them; a page with a
 * debugger's watchpoint gets no read or write tag, so every load and store of
 * it comes here and is checked (the access stops with FAULT_WATCH).
 */
#include <string.h>
#include "core/debug.h"
#include "core/frontend_ops.h"
#include "core/memory.h"
#include "core/vm.h"
#include "mem/mmu.h"
#include "mem/reservation.h"

/* The VM's debugger state while it has watchpoints, else NULL (the common case). */
static inline const struct vm_debug *watching(const struct soft_cpu *cpu)
{
	const struct vm *vm = cpu->vcpu.vm;

	return unlikely(vm && vm->debug && vm->debug->nwatchpoints) ? vm->debug : NULL;
}

/* Record a watchpoint stop if the access hits one (the access does not happen). */
static int watch_check(struct soft_cpu *cpu, uint64_t vaddr, unsigned size, enum mmu_access acc)
{
	const struct vm_debug *d = watching(cpu);
	const struct debug_watchpoint *w;
	uint64_t at;

	if (!d || cpu->watch_suspended)
		return 0;
	w = debug_watch_hit(d, vaddr, size, acc == MMU_WRITE, &at);
	if (!w)
		return 0;
	soft_cpu_fault(cpu, FAULT_WATCH, acc, cpu->mmu_data, at);
	cpu->fault.code = w->kind;
	return -1;
}

static void tlb_fill(struct soft_cpu *cpu, struct tlb_entry *e, uint64_t page, uint64_t ppage,
		     unsigned prot)
{
	struct ram_region *r = as_find_ram(cpu->as, ppage);
	uint64_t io = 0;

	if (r) {
		e->addend = (uintptr_t)(r->host + (ppage - r->base)) - page;
		e->page_word = &r->page_words[(ppage - r->base) >> PAGE_SHIFT];
	} else {
		io = TLB_IO;
		e->addend = 0;
	}
	e->paddr = ppage;
	tlb_note_fill(&cpu->tlb, (unsigned)((e - cpu->tlb.e) / TLB_SIZE),
		      (unsigned)((e - cpu->tlb.e) % TLB_SIZE), page, prot & PROT_GLOBAL);
	e->tag_read = (prot & PROT_R) ? page | io : TLB_INVALID;
	e->tag_write = (prot & PROT_W) ? page | io : TLB_INVALID;
	e->tag_exec = (prot & PROT_X) ? page | io : TLB_INVALID;
}

int mmu_translate(struct soft_cpu *cpu, uint64_t vaddr, enum mmu_access acc, unsigned mmu_idx,
		  uint64_t *paddr)
{
	struct tlb_entry *e = &tlb_regime(&cpu->tlb, mmu_idx)[tlb_index(vaddr)];
	uint64_t page = vaddr & PAGE_MASK;
	uint64_t tag = acc == MMU_READ	  ? e->tag_read
		       : acc == MMU_WRITE ? e->tag_write
					  : e->tag_exec;
	uint64_t pa;
	unsigned prot;

	if ((tag & ~(uint64_t)TLB_IO) == page) {
		*paddr = e->paddr | (vaddr & ~PAGE_MASK);
		return 0;
	}
	cpu->tlb.misses++;
	if (cpu->fe->mmu_translate(cpu, vaddr, acc, mmu_idx, &pa, &prot))
		return -1;
	/* a watched page's loads and stores all come here (its TLB entry executes only) */
	if (watching(cpu) && debug_watch_page(watching(cpu), page))
		prot &= ~(PROT_R | PROT_W);
	if (!(prot & PROT_NO_CACHE))
		tlb_fill(cpu, e, page, pa & PAGE_MASK, prot);
	*paddr = pa;
	return 0;
}

/* Store size bytes to RAM at host p (page word w), or to MMIO at paddr. */
static int mmu_store_phys(struct soft_cpu *cpu, uint64_t vaddr, uint64_t paddr, unsigned size,
			  uint64_t val)
{
	struct ram_region *r = as_find_ram(cpu->as, paddr);
	uint32_t *word;
	uint32_t flags;

	if (!r || size > r->size - (paddr - r->base)) {
		if (as_store(cpu->as, paddr, size, val)) {
			soft_cpu_fault(cpu, FAULT_ACCESS, MMU_WRITE, cpu->mmu_data, vaddr);
			return -1;
		}
		return 0;
	}
	/* aligned (a misaligned access comes byte by byte): a relaxed atomic, as the fast path */
	ram_store_aligned(r->host + (paddr - r->base), size, val);
	word = &r->page_words[(paddr - r->base) >> PAGE_SHIFT];
	flags = __atomic_load_n(word, __ATOMIC_SEQ_CST) & PAGE_FLAGS;
	if (flags & PAGE_RESERVED) {
		reservation_store_hit(cpu->as, paddr, size);
		/* A store between LR and SC leaves the constrained LR/SC loop: SC may fail, so
		 * drop our own reservation too, or a reservation whose LR took the no-SC path
		 * keeps its page on this slow path until the next trap. */
		reservation_clear(cpu->as, cpu->vcpu.id);
	}
	if (flags & PAGE_CODE)
		page_word_note_store(word);
	return 0;
}

static int mmu_load_phys(struct soft_cpu *cpu, uint64_t vaddr, uint64_t paddr, unsigned size,
			 uint64_t *val)
{
	if (as_load(cpu->as, paddr, size, val)) {
		soft_cpu_fault(cpu, FAULT_ACCESS, MMU_READ, cpu->mmu_data, vaddr);
		return -1;
	}
	return 0;
}

/* Translate both pages of a misaligned access (the first and the last byte) before any byte
 * is touched, so a fault on either leaves memory as it was. */
static int mmu_translate_span(struct soft_cpu *cpu, uint64_t vaddr, unsigned size,
			      enum mmu_access acc, uint64_t pa, uint64_t *pa_last)
{
	uint64_t last = vaddr + size - 1;

	if ((last & PAGE_MASK) == (vaddr & PAGE_MASK)) {
		*pa_last = pa + size - 1;
		return 0;
	}
	return mmu_translate(cpu, last, acc, cpu->mmu_data, pa_last);
}

/* Physical address of byte i of a misaligned access at vaddr (first page pa, last pa_last). */
static uint64_t span_byte_paddr(uint64_t vaddr, uint64_t pa, uint64_t pa_last, unsigned i)
{
	uint64_t a = vaddr + i;

	if ((a & PAGE_MASK) == (vaddr & PAGE_MASK))
		return pa + i;
	return (pa_last & PAGE_MASK) | (a & ~PAGE_MASK);
}

int mmu_load_slow(struct soft_cpu *cpu, uint64_t vaddr, unsigned size, uint64_t *val)
{
	uint64_t pa, pa_last, v = 0;

	if (mmu_translate(cpu, vaddr, MMU_READ, cpu->mmu_data, &pa) ||
	    watch_check(cpu, vaddr, size, MMU_READ))
		return -1;
	if (likely(!(vaddr & (size - 1))))
		return mmu_load_phys(cpu, vaddr, pa, size, val);
	if (mmu_translate_span(cpu, vaddr, size, MMU_READ, pa, &pa_last))
		return -1;
	for (unsigned i = 0; i < size; i++) {
		uint64_t b;
		if (mmu_load_phys(cpu, vaddr + i, span_byte_paddr(vaddr, pa, pa_last, i), 1, &b))
			return -1;
		v |= (b & 0xff) << (8 * i);
	}
	*val = v;
	return 0;
}

int mmu_store_slow(struct soft_cpu *cpu, uint64_t vaddr, unsigned size, uint64_t val)
{
	uint64_t pa, pa_last;

	if (mmu_translate(cpu, vaddr, MMU_WRITE, cpu->mmu_data, &pa) ||
	    watch_check(cpu, vaddr, size, MMU_WRITE))
		return -1;
	if (likely(!(vaddr & (size - 1))))
		return mmu_store_phys(cpu, vaddr, pa, size, val);
	if (mmu_translate_span(cpu, vaddr, size, MMU_WRITE, pa, &pa_last))
		return -1;
	for (unsigned i = 0; i < size; i++)
		if (mmu_store_phys(cpu, vaddr + i, span_byte_paddr(vaddr, pa, pa_last, i), 1,
				   (val >> (8 * i)) & 0xff))
			return -1;
	return 0;
}

void *mmu_host_ptr(struct soft_cpu *cpu, uint64_t vaddr, unsigned size, enum mmu_access acc)
{
	uint64_t pa;
	void *p;

	if (vaddr & (size - 1)) {
		soft_cpu_fault(cpu, FAULT_MISALIGNED, acc, cpu->mmu_data, vaddr);
		return NULL;
	}
	if (mmu_translate(cpu, vaddr, acc, cpu->mmu_data, &pa) ||
	    watch_check(cpu, vaddr, size, acc))
		return NULL;
	p = as_ram_ptr(cpu->as, pa, size);
	if (!p) {
		soft_cpu_fault(cpu, FAULT_ACCESS, acc, cpu->mmu_data, vaddr);
		return NULL;
	}
	if (acc == MMU_WRITE) {
		uint32_t *word = as_page_word(cpu->as, pa);
		if (__atomic_load_n(word, __ATOMIC_SEQ_CST) & PAGE_CODE)
			page_word_note_store(word);
	}
	return p;
}

/* Host pointer to the len instruction bytes at vaddr, all on one page: translated for execute in
 * the fetch regime, in RAM. NULL with the fetch fault recorded at vaddr. */
static const void *fetch_page(struct soft_cpu *cpu, uint64_t vaddr, unsigned len)
{
	uint64_t pa;
	const void *p;

	if (mmu_translate(cpu, vaddr, MMU_EXEC, cpu->mmu_fetch, &pa))
		return NULL;
	p = as_ram_ptr(cpu->as, pa, len);
	if (!p)
		soft_cpu_fault(cpu, FAULT_ACCESS, MMU_EXEC, cpu->mmu_fetch, vaddr);
	return p;
}

int mmu_fetch(struct soft_cpu *cpu, uint64_t vaddr, unsigned len, uint8_t *buf)
{
	unsigned first = len;
	const void *p0, *p1 = NULL;

	if (!len)
		return 0;
	if (((vaddr + len - 1) & PAGE_MASK) != (vaddr & PAGE_MASK))
		first = (unsigned)(PAGE_SIZE - (vaddr & ~PAGE_MASK));
	p0 = fetch_page(cpu, vaddr, first);
	if (!p0)
		return -1;
	if (first < len) {
		p1 = fetch_page(cpu, vaddr + first, len - first);
		if (!p1)
			return -1;
	}
	memcpy(buf, p0, first);
	if (p1)
		memcpy(buf + first, p1, len - first);
	return 0;
}
