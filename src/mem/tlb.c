/*
 * tlb.c - TLB flushes: all, all but the global entries, one page. Only the
 * owning vCPU thread calls these.
 */
#include "mem/mmu.h"
#include "mem/tlb.h"

static void tlb_entry_clear(struct tlb_entry *e)
{
	static uint32_t zero_word;

	e->tag_read = TLB_INVALID;
	e->tag_write = TLB_INVALID;
	e->tag_exec = TLB_INVALID;
	e->addend = 0;
	e->page_word = &zero_word;
	e->paddr = 0;
}

void tlb_flush_all(struct tlb *tlb)
{
	/* The first flush (at vCPU init, on a zeroed struct) clears everything; later ones
	 * clear only the entries filled since (tlb_note_fill keeps the list). */
	if (!tlb->ready) {
		for (unsigned m = 0; m < TLB_MODES; m++)
			for (unsigned i = 0; i < TLB_SIZE; i++)
				tlb_entry_clear(&tlb->e[m][i]);
		tlb->ready = true;
	}
	for (unsigned k = 0; k < tlb->nfilled; k++) {
		unsigned n = tlb->filled[k];
		tlb_entry_clear(&tlb->e[n / TLB_SIZE][n % TLB_SIZE]);
	}
	tlb->nfilled = 0;
	memset(tlb->listed, 0, sizeof(tlb->listed));
	memset(tlb->global, 0, sizeof(tlb->global));
	vaddr_span_clear(&tlb->global_span);
}

void tlb_flush_nonglobal(struct tlb *tlb)
{
	unsigned kept = 0;

	if (!tlb->ready) {
		tlb_flush_all(tlb);
		return;
	}
	for (unsigned k = 0; k < tlb->nfilled; k++) {
		unsigned n = tlb->filled[k];

		if (tlb_entry_global(tlb, n / TLB_SIZE, n % TLB_SIZE)) {
			tlb->filled[kept++] = (uint16_t)n;
		} else {
			tlb_entry_clear(&tlb->e[n / TLB_SIZE][n % TLB_SIZE]);
			tlb->listed[n / 64] &= ~(1ull << (n % 64));
		}
	}
	tlb->nfilled = kept;
}

/* Flush every regime's entry for the page holding vaddr. */
static void tlb_flush_page(struct tlb *tlb, uint64_t vaddr)
{
	for (unsigned m = 0; m < TLB_MODES; m++)
		tlb_entry_clear(&tlb->e[m][tlb_index(vaddr)]);
}

void vcpu_tlb_flush(struct vcpu *cpu)
{
	tlb_flush_all(&cpu->tlb);
	vcpu_request(cpu, EXIT_REQ_TLB_FLUSH);
}

void vcpu_tlb_flush_nonglobal(struct vcpu *cpu)
{
	tlb_flush_nonglobal(&cpu->tlb);
	vcpu_request(cpu, EXIT_REQ_TLB_FLUSH_NONGLOBAL);
}

void vcpu_tlb_flush_page(struct vcpu *cpu, uint64_t vaddr)
{
	tlb_flush_page(&cpu->tlb, vaddr);
	vcpu_request(cpu, tlb_may_hold_global(&cpu->tlb, vaddr) ? EXIT_REQ_TLB_FLUSH
								: EXIT_REQ_TLB_FLUSH_NONGLOBAL);
}
