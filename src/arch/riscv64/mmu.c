/*
 * mmu.c - riscv64 address translation: the Sv39/Sv48/Sv57 page-table
 * walker and physical memory protection (PMP).
 *
 * The walker is called by the soft MMU on a TLB miss for one access in one
 * regime (enum rv_mmu_idx). It caches nothing. It reports the rights the
 * regime has on the whole 4 KiB page so the TLB may cache read, write and
 * execute separately: R/W/X only once A is set (it sets A for the access
 * being made), W only once D is set (set here when the access is a write),
 * and PROT_NO_CACHE when PMP does not treat the whole 4 KiB page alike;
 * PROT_GLOBAL when a PTE on the way had G set (or nothing is translated).
 * A/D updates are a compare-and-swap on the PTE in guest RAM; if the PTE
 * changed under us the walk restarts. Page-table reads are checked by PMP
 * as S-mode accesses; the final address as the regime's privilege.
 * Faults are recorded as memory faults (soft_cpu_fault: page or access,
 * the access, the regime, vaddr) and return -1; do_trap (system.c) turns
 * them into the RISC-V cause with tval = vaddr.
 */
#include <inttypes.h>
#include "arch/riscv64/csr.h"
#include "core/log.h"

#define PTE_V	       (1ULL << 0)
#define PTE_R	       (1ULL << 1)
#define PTE_W	       (1ULL << 2)
#define PTE_X	       (1ULL << 3)
#define PTE_U	       (1ULL << 4)
#define PTE_G	       (1ULL << 5)
#define PTE_A	       (1ULL << 6)
#define PTE_D	       (1ULL << 7)
#define PTE_PPN_SHIFT  10
#define PTE_PPN_MASK   ((1ULL << 44) - 1)
#define PTE_RESERVED   (~0ULL << 54) /* N, PBMT and reserved bits: no Svnapot/Svpbmt */
#define PT_LEVEL_BITS  9
#define PT_ENTRIES     512u
#define WALK_MAX_RETRY 1000

static unsigned regime_priv(unsigned mmu_idx)
{
	switch (mmu_idx) {
	case RV_MMU_U:
		return RV_PRIV_U;
	case RV_MMU_M:
		return RV_PRIV_M;
	default:
		return RV_PRIV_S;
	}
}

/* Inclusive byte range [*start, *end] of PMP entry i; false if it matches nothing. */
static bool pmp_range(const struct rv64_cpu *rv, unsigned i, uint64_t *start, uint64_t *end)
{
	unsigned mode = (rv->pmpcfg[i] & PMP_A) >> PMP_A_SHIFT;
	uint64_t addr = rv->pmpaddr[i];

	switch (mode) {
	case PMP_A_TOR: {
		uint64_t lo = i ? rv->pmpaddr[i - 1] << 2 : 0;
		uint64_t hi = addr << 2;
		if (lo >= hi)
			return false;
		*start = lo;
		*end = hi - 1;
		return true;
	}
	case PMP_A_NA4:
		*start = addr << 2;
		*end = *start + 3;
		return true;
	case PMP_A_NAPOT: {
		unsigned ones = (unsigned)__builtin_ctzll(~addr); /* addr < 2^54: ones <= 54 */
		uint64_t size = 1ULL << (ones + 3);
		*start = (addr & ~((1ULL << ones) - 1)) << 2;
		*end = *start + size - 1;
		return true;
	}
	default:
		return false;
	}
}

/* Lowest-numbered entry matching any byte of [lo, hi], by the entries themselves. */
static int pmp_match_entries(const struct rv64_cpu *rv, uint64_t lo, uint64_t hi, bool *full)
{
	for (unsigned i = 0; i < RV_PMP_COUNT; i++) {
		uint64_t start, end;
		if (!pmp_range(rv, i, &start, &end) || hi < start || lo > end)
			continue;
		*full = lo >= start && hi <= end;
		return (int)i;
	}
	return -1;
}

void rv64_pmp_rebuild(struct rv64_cpu *rv)
{
	uint64_t cut[2 * RV_PMP_COUNT + 1], start, end;
	unsigned ncut = 0, n = 0;

	/* Every span starts at 0 or at an entry's first byte or the byte after its last one. */
	cut[ncut++] = 0;
	for (unsigned i = 0; i < RV_PMP_COUNT; i++) {
		if (!pmp_range(rv, i, &start, &end))
			continue;
		cut[ncut++] = start;
		if (end != UINT64_MAX)
			cut[ncut++] = end + 1;
	}
	for (unsigned i = 1; i < ncut; i++)
		for (unsigned j = i; j > 0 && cut[j - 1] > cut[j]; j--) {
			uint64_t t = cut[j];
			cut[j] = cut[j - 1];
			cut[j - 1] = t;
		}
	for (unsigned k = 0; k < ncut; k++) {
		uint64_t span_end = k + 1 < ncut ? cut[k + 1] - 1 : UINT64_MAX;
		bool full;
		int entry;

		if (k + 1 < ncut && cut[k + 1] == cut[k])
			continue;
		/* no entry boundary inside the span: the entry holding its first byte holds all */
		entry = pmp_match_entries(rv, cut[k], cut[k], &full);
		if (n && rv->pmp_spans[n - 1].entry == entry) {
			rv->pmp_spans[n - 1].end = span_end;
			continue;
		}
		rv->pmp_spans[n++] = (struct rv64_pmp_span){cut[k], span_end, entry};
	}
	rv->pmp_nspans = n;
	rv->pmp_last = 0;
}

/* Lowest-numbered entry matching any byte of [lo, hi]; -1 if none. *full: it matches all. */
static int pmp_match(struct rv64_cpu *rv, uint64_t lo, uint64_t hi, bool *full)
{
	const struct rv64_pmp_span *s = &rv->pmp_spans[rv->pmp_last];

	if (lo < s->start || lo > s->end) {
		unsigned k = 0;

		while (k + 1 < rv->pmp_nspans && lo > rv->pmp_spans[k].end)
			k++;
		rv->pmp_last = k;
		s = &rv->pmp_spans[k];
	}
	if (hi > s->end) /* straddles spans: rare, ask the entries */
		return pmp_match_entries(rv, lo, hi, full);
	*full = true;
	return s->entry;
}

/* PMP_R/W/X rights entry i grants at priv (M ignores unlocked entries). */
static unsigned pmp_entry_rights(const struct rv64_cpu *rv, unsigned i, unsigned priv)
{
	uint8_t cfg = rv->pmpcfg[i];

	if (priv == RV_PRIV_M && !(cfg & PMP_L))
		return PMP_R | PMP_W | PMP_X;
	return cfg & (PMP_R | PMP_W | PMP_X);
}

static unsigned pmp_right_for(enum mmu_access acc)
{
	switch (acc) {
	case MMU_READ:
		return PMP_R;
	case MMU_WRITE:
		return PMP_W;
	default:
		return PMP_X;
	}
}

bool rv64_pmp_allows(struct rv64_cpu *rv, uint64_t paddr, unsigned size, enum mmu_access acc,
		     unsigned priv)
{
	bool full;
	int i = pmp_match(rv, paddr, paddr + (size ? size : 1) - 1, &full);

	if (i < 0) /* no match: M allowed; S/U denied because PMP entries are implemented */
		return priv == RV_PRIV_M;
	if (!full)
		return false;
	return pmp_entry_rights(rv, (unsigned)i, priv) & pmp_right_for(acc);
}

/* PROT_* rights PMP grants on the whole 4 KiB page at page, or PROT_NO_CACHE if not uniform. */
static unsigned pmp_page_prot(struct rv64_cpu *rv, uint64_t page, unsigned priv)
{
	bool full;
	int i = pmp_match(rv, page, page + PAGE_SIZE - 1, &full);
	unsigned rights;

	if (i < 0)
		return priv == RV_PRIV_M ? (PROT_R | PROT_W | PROT_X) : 0;
	if (!full)
		return PROT_NO_CACHE;
	rights = pmp_entry_rights(rv, (unsigned)i, priv);
	return ((rights & PMP_R) ? PROT_R : 0) | ((rights & PMP_W) ? PROT_W : 0) |
	       ((rights & PMP_X) ? PROT_X : 0);
}

static int page_fault(struct soft_cpu *cpu, uint64_t vaddr, enum mmu_access acc, unsigned mmu_idx,
		      const char *why)
{
	log_class(mmu, "hart %u: page fault (%s) vaddr 0x%" PRIx64 " acc %d", cpu->vcpu.id, why,
		  vaddr, (int)acc);
	soft_cpu_fault(cpu, FAULT_PAGE, acc, mmu_idx, vaddr);
	return -1;
}

static int access_fault(struct soft_cpu *cpu, uint64_t vaddr, enum mmu_access acc, unsigned mmu_idx,
			uint64_t paddr)
{
	log_class(mmu, "hart %u: access fault vaddr 0x%" PRIx64 " paddr 0x%" PRIx64 " acc %d",
		  cpu->vcpu.id, vaddr, paddr, (int)acc);
	soft_cpu_fault(cpu, FAULT_ACCESS, acc, mmu_idx, vaddr);
	return -1;
}

/* Rights (PROT_*) a leaf PTE gives the regime, before the A/D rules. */
static unsigned leaf_rights(const struct rv64_cpu *rv, uint64_t pte, unsigned mmu_idx)
{
	bool user_page = pte & PTE_U;
	unsigned prot = 0;

	switch (mmu_idx) {
	case RV_MMU_U:
		if (!user_page)
			return 0;
		break;
	case RV_MMU_S:
		if (user_page)
			return 0;
		break;
	default: /* S with SUM: user pages readable/writable, never executable */
		break;
	}
	if ((pte & PTE_R) || ((rv->mstatus & MSTATUS_MXR) && (pte & PTE_X)))
		prot |= PROT_R;
	if (pte & PTE_W)
		prot |= PROT_W;
	if ((pte & PTE_X) && !(user_page && mmu_idx != RV_MMU_U))
		prot |= PROT_X;
	return prot;
}

static unsigned prot_for(enum mmu_access acc)
{
	switch (acc) {
	case MMU_READ:
		return PROT_R;
	case MMU_WRITE:
		return PROT_W;
	default:
		return PROT_X;
	}
}

enum walk_result { WALK_OK, WALK_FAULT, WALK_RETRY };

static enum walk_result walk_once(struct rv64_cpu *rv, uint64_t vaddr, enum mmu_access acc,
				  unsigned mmu_idx, unsigned levels, uint64_t *paddr,
				  unsigned *prot)
{
	struct soft_cpu *cpu = &rv->common;
	uint64_t table = (rv->satp & SATP_PPN_MASK) << PAGE_SHIFT;
	bool global = false; /* G in a pointer makes everything below it global */

	for (int level = (int)levels - 1; level >= 0; level--) {
		unsigned shift = PAGE_SHIFT + PT_LEVEL_BITS * (unsigned)level;
		uint64_t pte_addr = table + ((vaddr >> shift) & (PT_ENTRIES - 1)) * 8;
		uint64_t *host = NULL;
		uint64_t pte, ppn, offset_mask, want;

		if (rv64_pmp_allows(rv, pte_addr, 8, MMU_READ, RV_PRIV_S))
			host = as_ram_ptr(cpu->as, pte_addr, 8);
		if (!host) {
			access_fault(cpu, vaddr, acc, mmu_idx, pte_addr);
			return WALK_FAULT;
		}
		pte = __atomic_load_n(host, __ATOMIC_ACQUIRE);
		if (!(pte & PTE_V) || ((pte & (PTE_R | PTE_W)) == PTE_W) || (pte & PTE_RESERVED)) {
			page_fault(cpu, vaddr, acc, mmu_idx, "invalid pte");
			return WALK_FAULT;
		}
		ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
		global |= pte & PTE_G;
		if (!(pte & (PTE_R | PTE_X))) { /* pointer to the next level */
			if (level == 0) {
				page_fault(cpu, vaddr, acc, mmu_idx, "no leaf");
				return WALK_FAULT;
			}
			table = ppn << PAGE_SHIFT;
			continue;
		}
		*prot = leaf_rights(rv, pte, mmu_idx);
		if (!(*prot & prot_for(acc))) {
			page_fault(cpu, vaddr, acc, mmu_idx, "permission");
			return WALK_FAULT;
		}
		offset_mask = (1ULL << shift) - 1;
		if (ppn & (offset_mask >> PAGE_SHIFT)) {
			page_fault(cpu, vaddr, acc, mmu_idx, "misaligned superpage");
			return WALK_FAULT;
		}
		want = pte | PTE_A | (acc == MMU_WRITE ? PTE_D : 0);
		if (want != pte) {
			if (!rv64_pmp_allows(rv, pte_addr, 8, MMU_WRITE, RV_PRIV_S)) {
				access_fault(cpu, vaddr, acc, mmu_idx, pte_addr);
				return WALK_FAULT;
			}
			if (!__atomic_compare_exchange_n(host, &pte, want, false, __ATOMIC_SEQ_CST,
							 __ATOMIC_SEQ_CST))
				return WALK_RETRY;
		}
		if (!(want & PTE_D))
			*prot &= ~PROT_W;
		if (global)
			*prot |= PROT_GLOBAL;
		*paddr = (ppn << PAGE_SHIFT) | (vaddr & offset_mask);
		if (level > 0)
			vaddr_span_add(&rv->superpage_span, vaddr & ~offset_mask,
				       vaddr | offset_mask);
		return WALK_OK;
	}
	return WALK_FAULT; /* not reached: level 0 always returns */
}

static int walk(struct rv64_cpu *rv, uint64_t vaddr, enum mmu_access acc, unsigned mmu_idx,
		unsigned mode, uint64_t *paddr, unsigned *prot)
{
	unsigned levels = 3 + (mode - SATP_MODE_SV39);
	unsigned va_bits = PAGE_SHIFT + PT_LEVEL_BITS * levels;

	if ((uint64_t)sext64(vaddr, va_bits) != vaddr)
		return page_fault(&rv->common, vaddr, acc, mmu_idx, "non-canonical");
	for (unsigned tries = 0; tries < WALK_MAX_RETRY; tries++) {
		switch (walk_once(rv, vaddr, acc, mmu_idx, levels, paddr, prot)) {
		case WALK_OK:
			return 0;
		case WALK_FAULT:
			return -1;
		case WALK_RETRY:
			break;
		}
	}
	/* The PTE keeps changing under us: let the guest retry the instruction later. */
	return page_fault(&rv->common, vaddr, acc, mmu_idx, "pte contention");
}

int rv64_mmu_translate(struct soft_cpu *cpu, uint64_t vaddr, enum mmu_access acc, unsigned mmu_idx,
		       uint64_t *paddr, unsigned *prot)
{
	struct rv64_cpu *rv = rv64_cpu(cpu);
	unsigned mode = (unsigned)(rv->satp >> SATP_MODE_SHIFT);
	unsigned priv = regime_priv(mmu_idx);
	unsigned pmp_prot;

	if (mmu_idx == RV_MMU_M || mode == SATP_MODE_BARE) {
		/* the same whatever satp's ASID and root; a change of mode flushes everything */
		*paddr = vaddr;
		*prot = PROT_R | PROT_W | PROT_X | PROT_GLOBAL;
	} else if (walk(rv, vaddr, acc, mmu_idx, mode, paddr, prot) < 0) {
		return -1;
	}
	pmp_prot = pmp_page_prot(rv, *paddr & PAGE_MASK, priv);
	if (pmp_prot & PROT_NO_CACHE) {
		/* PMP treats the page unevenly: check the byte itself, cache nothing */
		if (!rv64_pmp_allows(rv, *paddr, 1, acc, priv))
			return access_fault(cpu, vaddr, acc, mmu_idx, *paddr);
		*prot |= PROT_NO_CACHE;
		return 0;
	}
	if (!(pmp_prot & prot_for(acc)))
		return access_fault(cpu, vaddr, acc, mmu_idx, *paddr);
	*prot &= pmp_prot | PROT_GLOBAL;
	return 0;
}
