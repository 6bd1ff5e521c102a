/*
 * mmu.c - x86-64 address translation: 4-level paging (4 KiB, 2 MiB and
 * 1 GiB pages) with NX, write protection (CR0.WP), SMEP and global pages,
 * for the soft MMU's TLB misses.
 *
 * The walker reports the rights of the regime (kernel or user) on the 4 KiB
 * page holding vaddr: read once the accessed bit is set (set here), write
 * only once the dirty bit is set (set here on a write), execute unless NX
 * or SMEP forbids it; PROT_GLOBAL for a global leaf with CR4.PGE. A/D
 * updates are a compare-and-swap on the entry in guest RAM; if it changed
 * under us the walk restarts. A refusal is recorded as a page fault whose
 * code is the #PF error code; a non-canonical address as
 * X86_PF_NONCANONICAL (delivered as #GP). With paging off (regime PHYS),
 * virtual is physical. The page of the APIC base MSR, when the board has local APICs and
 * this one is enabled, becomes this vCPU's alias of it (lapic.h): each vCPU reaches its own
 * APIC at the same address.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/lapic.h"
#include "core/memory.h"
#include "mem/tlb.h"

#define PTE_P	 (1ull << 0)
#define PTE_W	 (1ull << 1)
#define PTE_U	 (1ull << 2)
#define PTE_A	 (1ull << 5)
#define PTE_D	 (1ull << 6)
#define PTE_PS	 (1ull << 7)
#define PTE_G	 (1ull << 8)
#define PTE_NX	 (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull
#define PTE_RESERVED                                                                               \
	0x7ff0000000000000ull /* above 52-bit addresses, below NX (bits 52-62 ignored) */
#define WALK_RETRIES 1000

struct walk {
	uint64_t leaf;	    /* the leaf entry */
	uint64_t leaf_addr; /* its guest-physical address */
	uint64_t page_size;
	bool w, u, nx; /* rights accumulated down the walk */
};

static int page_fault(struct soft_cpu *cpu, uint64_t vaddr, enum mmu_access acc, unsigned idx,
		      uint64_t err)
{
	struct x86_cpu *x = x86_cpu(cpu);

	err |= acc == MMU_WRITE ? X86_PF_W : 0;
	err |= idx == X86_MMU_USER ? X86_PF_U : 0;
	if (acc == MMU_EXEC && ((x->efer & X86_EFER_NXE) || (x->cr4 & X86_CR4_SMEP)))
		err |= X86_PF_I;
	soft_cpu_fault(cpu, FAULT_PAGE, acc, idx, vaddr);
	cpu->fault.code = err;
	return -1;
}

/* Walk the tables for vaddr: 0 with *w filled, or the #PF error code's P/RSVD bits + 1 << 40
 * when not mapped (the caller adds W/U/I). */
static uint64_t walk_tables(struct x86_cpu *x, uint64_t vaddr, struct walk *w)
{
	uint64_t table = x->cr3 & PTE_ADDR, nx_ok = (x->efer & X86_EFER_NXE) != 0;

	*w = (struct walk){.w = true, .u = true};
	for (int level = 3; level >= 0; level--) {
		uint64_t addr = table + ((vaddr >> (12 + 9 * level)) & 511) * 8, pte;

		if (as_load(x->common.as, addr, 8, &pte) || !(pte & PTE_P))
			return 1ull << 40;
		if ((pte & PTE_RESERVED) || ((pte & PTE_NX) && !nx_ok) ||
		    ((pte & PTE_PS) && level == 3))
			return 1ull << 40 | X86_PF_P | X86_PF_RSVD;
		w->w &= (pte & PTE_W) != 0;
		w->u &= (pte & PTE_U) != 0;
		w->nx |= (pte & PTE_NX) != 0;
		if (level == 0 || (pte & PTE_PS)) {
			w->leaf = pte;
			w->leaf_addr = addr;
			w->page_size = 1ull << (12 + 9 * level);
			return 0;
		}
		table = pte & PTE_ADDR;
	}
	return 1ull << 40;
}

/* The access's permission in regime idx; a #PF error code (P set) when refused, else 0. */
static uint64_t check_rights(const struct x86_cpu *x, const struct walk *w, enum mmu_access acc,
			     unsigned idx)
{
	bool user = idx == X86_MMU_USER;

	if (user && !w->u)
		return X86_PF_P;
	if (acc == MMU_WRITE && !w->w && (user || (x->cr0 & X86_CR0_WP)))
		return X86_PF_P;
	if (acc == MMU_EXEC && (w->nx || (!user && w->u && (x->cr4 & X86_CR4_SMEP))))
		return X86_PF_P;
	return 0;
}

/* Set A (and D for a write) in the leaf: 0, 1 if the entry changed under us, -1 if not RAM. */
static int update_ad(struct x86_cpu *x, const struct walk *w, enum mmu_access acc)
{
	uint64_t want = w->leaf | PTE_A | (acc == MMU_WRITE ? PTE_D : 0), old = w->leaf;
	uint64_t *p;

	if (want == w->leaf)
		return 0;
	p = as_ram_ptr(x->common.as, w->leaf_addr, 8);
	if (!p)
		return -1;
	return __atomic_compare_exchange_n(p, &old, want, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
		   ? 0
		   : 1;
}

static unsigned page_prot(const struct x86_cpu *x, const struct walk *w, unsigned idx, bool dirty)
{
	bool user = idx == X86_MMU_USER;
	unsigned prot = PROT_R;

	if (dirty && (w->w || (!user && !(x->cr0 & X86_CR0_WP))))
		prot |= PROT_W;
	if (!w->nx && (user || !w->u || !(x->cr4 & X86_CR4_SMEP)))
		prot |= PROT_X;
	if ((w->leaf & PTE_G) && (x->cr4 & X86_CR4_PGE))
		prot |= PROT_GLOBAL;
	return prot;
}

/* The APIC page of this vCPU becomes its alias. */
static uint64_t apic_alias(const struct x86_cpu *x, uint64_t paddr)
{
	uint64_t base = x->apic_base & ~(X86_LAPIC_PAGE - 1) & 0xffffffffffull;

	if (!x->apic || !(x->apic_base & (1u << 11)) || (paddr & ~(X86_LAPIC_PAGE - 1)) != base)
		return paddr;
	return X86_LAPIC_ALIAS + x->common.vcpu.id * X86_LAPIC_PAGE +
	       (paddr & (X86_LAPIC_PAGE - 1));
}

int x86_mmu_translate(struct soft_cpu *cpu, uint64_t vaddr, enum mmu_access acc, unsigned mmu_idx,
		      uint64_t *paddr, unsigned *prot)
{
	struct x86_cpu *x = x86_cpu(cpu);
	struct walk w;

	if (mmu_idx == X86_MMU_PHYS) {
		*paddr = apic_alias(x, vaddr);
		*prot = PROT_R | PROT_W | PROT_X | PROT_GLOBAL;
		return 0;
	}
	if ((uint64_t)((int64_t)(vaddr << 16) >> 16) != vaddr) {
		soft_cpu_fault(cpu, FAULT_PAGE, acc, mmu_idx, vaddr);
		cpu->fault.code = X86_PF_NONCANONICAL;
		return -1;
	}
	for (unsigned tries = 0; tries < WALK_RETRIES; tries++) {
		uint64_t err = walk_tables(x, vaddr, &w);
		int ad;

		if (err)
			return page_fault(cpu, vaddr, acc, mmu_idx, err & 0xffff);
		err = check_rights(x, &w, acc, mmu_idx);
		if (err)
			return page_fault(cpu, vaddr, acc, mmu_idx, err);
		ad = update_ad(x, &w, acc);
		if (ad < 0)
			return page_fault(cpu, vaddr, acc, mmu_idx, 0);
		if (ad > 0)
			continue;
		*paddr = apic_alias(x, (w.leaf & PTE_ADDR & ~(w.page_size - 1)) |
					   (vaddr & (w.page_size - 1)));
		*prot = page_prot(x, &w, mmu_idx, acc == MMU_WRITE || (w.leaf & PTE_D));
		return 0;
	}
	return page_fault(cpu, vaddr, acc, mmu_idx, 0);
}
