/*
 * tlb.c - TLB flushes. Only the owning vCPU thread calls these.
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
}

void tlb_flush_page(struct tlb *tlb, uint64_t vaddr)
{
	for (unsigned m = 0; m < TLB_MODES; m++)
		tlb_entry_clear(&tlb->e[m][tlb_index(vaddr)]);
}

void vcpu_tlb_flush(struct vcpu *cpu)
{
	tlb_flush_all(&cpu->tlb);
	vcpu_request(cpu, EXIT_REQ_TLB_FLUSH);
}

void vcpu_tlb_flush_page(struct vcpu *cpu, uint64_t vaddr)
{
	tlb_flush_page(&cpu->tlb, vaddr);
	vcpu_request(cpu, EXIT_REQ_TLB_FLUSH);
}
