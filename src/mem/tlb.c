/*
 * tlb.c - TLB set-up and flushes: all, all but the global entries, one
 * page. Only the owning vCPU thread calls these. Every entry of a table is
 * cleared once at tlb_init (a zeroed entry would match page 0); later full
 * flushes clear only the entries filled since (tlb_note_fill keeps the list).
 */
#include <errno.h>
#include <stdlib.h>
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

int tlb_init(struct tlb *tlb, unsigned nregimes)
{
	size_t n = (size_t)nregimes * TLB_SIZE;

	*tlb = (struct tlb){.nregimes = nregimes};
	if (!nregimes || nregimes > TLB_MAX_REGIMES)
		return -EINVAL;
	tlb->e = calloc(n, sizeof(*tlb->e));
	tlb->filled = calloc(n, sizeof(*tlb->filled));
	tlb->listed = calloc(n / 64, sizeof(*tlb->listed));
	tlb->global = calloc(n / 64, sizeof(*tlb->global));
	if (!tlb->e || !tlb->filled || !tlb->listed || !tlb->global) {
		tlb_fini(tlb);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		tlb_entry_clear(&tlb->e[i]);
	vaddr_span_clear(&tlb->global_span);
	return 0;
}

void tlb_fini(struct tlb *tlb)
{
	free(tlb->e);
	free(tlb->filled);
	free(tlb->listed);
	free(tlb->global);
	*tlb = (struct tlb){0};
}

void tlb_flush_all(struct tlb *tlb)
{
	for (unsigned k = 0; k < tlb->nfilled; k++)
		tlb_entry_clear(&tlb->e[tlb->filled[k]]);
	tlb->nfilled = 0;
	memset(tlb->listed, 0, tlb->nregimes * TLB_SIZE / 8);
	memset(tlb->global, 0, tlb->nregimes * TLB_SIZE / 8);
	vaddr_span_clear(&tlb->global_span);
}

void tlb_flush_nonglobal(struct tlb *tlb)
{
	unsigned kept = 0;

	for (unsigned k = 0; k < tlb->nfilled; k++) {
		unsigned n = tlb->filled[k];

		if (tlb_entry_global(tlb, n / TLB_SIZE, n % TLB_SIZE)) {
			tlb->filled[kept++] = (uint16_t)n;
		} else {
			tlb_entry_clear(&tlb->e[n]);
			tlb->listed[n / 64] &= ~(1ull << (n % 64));
		}
	}
	tlb->nfilled = kept;
}

void tlb_flush_page(struct tlb *tlb, uint64_t vaddr)
{
	for (unsigned m = 0; m < tlb->nregimes; m++)
		tlb_entry_clear(&tlb_regime(tlb, m)[tlb_index(vaddr)]);
}
