/*
 * test_mmu.c - the riscv64 page walker (Sv39, Sv48) and PMP, over page tables built in the
 * RAM of a real address_space. Calls rv64_mmu_translate directly (no TLB involved).
 */
#include <string.h>
#include "test_system_harness.h"
#include "../test_random.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (16ULL << 20)
#define PT_ROOT	 (RAM_BASE + 0x100000)
#define PT_L1	 (RAM_BASE + 0x101000)
#define PT_L0	 (RAM_BASE + 0x102000)
#define PT_L2	 (RAM_BASE + 0x103000) /* Sv48: the level under the root */
#define DATA_PA	 (RAM_BASE + 0x200000)

#define V (1ULL << 0)
#define R (1ULL << 1)
#define W (1ULL << 2)
#define X (1ULL << 3)
#define U (1ULL << 4)
#define G (1ULL << 5)
#define A (1ULL << 6)
#define D (1ULL << 7)

static struct address_space *as;
static struct rv64_cpu *hart;

static uint64_t *pte_ptr(uint64_t table, unsigned index)
{
	uint64_t *p = as_ram_ptr(as, table + 8ULL * index, 8);
	assert_non_null(p);
	return p;
}

static void set_pte(uint64_t table, unsigned index, uint64_t pa, uint64_t flags)
{
	*pte_ptr(table, index) = ((pa >> 12) << 10) | flags;
}

static unsigned vpn(uint64_t va, unsigned level)
{
	return (va >> (12 + 9 * level)) & 511;
}

/* Sv39 chain root -> L1 -> L0 for va; the leaf gets pa and flags. */
static void map_4k(uint64_t va, uint64_t pa, uint64_t flags)
{
	set_pte(PT_ROOT, vpn(va, 2), PT_L1, V);
	set_pte(PT_L1, vpn(va, 1), PT_L0, V);
	set_pte(PT_L0, vpn(va, 0), pa, flags);
}

static void pmp_allow_all(void)
{
	hart->pmpaddr[15] = PMPADDR_MASK;
	hart->pmpcfg[15] = (PMP_A_NAPOT << PMP_A_SHIFT) | PMP_R | PMP_W | PMP_X;
	rv64_pmp_rebuild(hart);
}

static int setup(void **state)
{
	as = as_create();
	assert_non_null(as);
	assert_int_equal(as_add_ram(as, RAM_BASE, RAM_SIZE), 0);
	hart = hart_new(as, 0);
	pmp_allow_all();
	hart->satp = (8ULL << 60) | (PT_ROOT >> 12);
	hart_set_priv(hart, RV_PRIV_S);
	return 0;
}

static int teardown(void **state)
{
	hart_free(hart);
	as_destroy(as);
	return 0;
}

static int xlate(uint64_t va, enum mmu_access acc, unsigned idx, uint64_t *pa, unsigned *prot)
{
	soft_cpu_clear_fault(&hart->common);
	return rv64_mmu_translate(&hart->common, va, acc, idx, pa, prot);
}

static void assert_fault(uint64_t va, enum mmu_access acc, unsigned idx, uint64_t cause)
{
	uint64_t pa;
	unsigned prot;

	assert_int_equal(xlate(va, acc, idx, &pa, &prot), -1);
	assert_true(soft_cpu_faulted(&hart->common));
	assert_int_equal(fault_code(&hart->common), cause);
	assert_int_equal(fault_value(&hart->common), va);
}

static void test_sv39_basic(void **state)
{
	uint64_t va = 0x40003123, pa;
	unsigned prot;

	map_4k(va, DATA_PA, V | R | W | X | A | D);
	assert_int_equal(xlate(va, MMU_READ, RV_MMU_S, &pa, &prot), 0);
	assert_int_equal(pa, DATA_PA + 0x123);
	assert_int_equal(prot, PROT_R | PROT_W | PROT_X);
	/* M ignores satp */
	assert_int_equal(xlate(va, MMU_READ, RV_MMU_M, &pa, &prot), 0);
	assert_int_equal(pa, va);
	/* unmapped neighbour */
	assert_fault(va + 0x1000, MMU_READ, RV_MMU_S, RV_EXC_LOAD_PAGE);
	assert_fault(va + 0x1000, MMU_WRITE, RV_MMU_S, RV_EXC_STORE_PAGE);
	assert_fault(va + 0x1000, MMU_EXEC, RV_MMU_S, RV_EXC_INSN_PAGE);
}

/* G on the leaf, or on a pointer above it, makes the translation global; nothing else does. */
static void test_global_bit(void **state)
{
	uint64_t va = 0x40007000, pa;
	unsigned prot;

	map_4k(va, DATA_PA, V | R | W | A | D);
	assert_int_equal(xlate(va, MMU_READ, RV_MMU_S, &pa, &prot), 0);
	assert_int_equal(prot, PROT_R | PROT_W);
	map_4k(va, DATA_PA, V | R | W | A | D | G);
	assert_int_equal(xlate(va, MMU_READ, RV_MMU_S, &pa, &prot), 0);
	assert_int_equal(prot, PROT_R | PROT_W | PROT_GLOBAL);
	map_4k(va, DATA_PA, V | R | W | A | D);
	set_pte(PT_L1, vpn(va, 1), PT_L0, V | G);
	assert_int_equal(xlate(va, MMU_READ, RV_MMU_S, &pa, &prot), 0);
	assert_int_equal(prot, PROT_R | PROT_W | PROT_GLOBAL);
	/* PMP narrowing the rights keeps the flag */
	hart->pmpcfg[15] = (PMP_A_NAPOT << PMP_A_SHIFT) | PMP_R;
	rv64_pmp_rebuild(hart);
	assert_int_equal(xlate(va, MMU_READ, RV_MMU_S, &pa, &prot), 0);
	assert_int_equal(prot, PROT_R | PROT_GLOBAL);
}

/* Is va's page cached for reads in the S regime's TLB? */
static bool tlb_holds(uint64_t va)
{
	const struct tlb_entry *e = &tlb_regime(&hart->common.tlb, RV_MMU_S)[tlb_index(va)];

	return e->tag_read == (va & PAGE_MASK);
}

static void load_both(uint64_t a, uint64_t b)
{
	uint64_t v;

	assert_int_equal(mmu_load(&hart->common, a, 8, &v), 0);
	assert_int_equal(mmu_load(&hart->common, b, 8, &v), 0);
	assert_true(tlb_holds(a) && tlb_holds(b));
	vcpu_take_requests(&hart->common.vcpu);
}

/* sfence.vma rs1, rs2 */
static void sfence(unsigned rs1, unsigned rs2)
{
	assert_false(run_system(hart, 0x12000073u | rs2 << 20 | rs1 << 15));
}

/* satp writes and sfence.vma against a filled TLB: a new ASID keeps the global entries only
 * and asks for the non-global lookups alone to be re-checked; sfence.vma naming another ASID
 * drops nothing, naming satp's drops the non-global entries, x0, x0 drops all; a new mode
 * drops all. */
static void test_asid_switch_keeps_global(void **state)
{
	uint64_t gva = 0x40008000, nva = 0x40009000, root = hart->satp;

	map_4k(gva, DATA_PA, V | R | W | A | D | G);
	map_4k(nva, DATA_PA + 0x1000, V | R | W | A | D);
	assert_true(csr_set(hart, CSR_SATP, root | (1ULL << 44)));
	load_both(gva, nva);
	assert_true(csr_set(hart, CSR_SATP, root | (2ULL << 44)));
	assert_true(tlb_holds(gva));
	assert_false(tlb_holds(nva));
	assert_int_equal(vcpu_take_requests(&hart->common.vcpu), EXIT_REQ_TLB_FLUSH_NONGLOBAL);

	load_both(gva, nva);
	hart->common.slots[7] = 1;
	sfence(0, 7);
	assert_true(tlb_holds(gva) && tlb_holds(nva));
	assert_int_equal(vcpu_take_requests(&hart->common.vcpu), 0);
	hart->common.slots[7] = 2;
	sfence(0, 7);
	assert_true(tlb_holds(gva));
	assert_false(tlb_holds(nva));
	assert_int_equal(vcpu_take_requests(&hart->common.vcpu), EXIT_REQ_TLB_FLUSH_NONGLOBAL);

	/* one page of satp's ASID, outside every global page: the global lookups stay valid */
	load_both(gva, nva);
	hart->common.slots[8] = nva;
	sfence(8, 7);
	assert_true(tlb_holds(gva));
	assert_false(tlb_holds(nva));
	assert_int_equal(vcpu_take_requests(&hart->common.vcpu), EXIT_REQ_TLB_FLUSH_NONGLOBAL);
	/* one global page: every lookup is re-checked */
	hart->common.slots[8] = gva;
	sfence(8, 0);
	assert_false(tlb_holds(gva));
	assert_int_equal(vcpu_take_requests(&hart->common.vcpu), EXIT_REQ_TLB_FLUSH);

	load_both(gva, nva);
	sfence(0, 0);
	assert_false(tlb_holds(gva) || tlb_holds(nva));
	assert_int_equal(vcpu_take_requests(&hart->common.vcpu), EXIT_REQ_TLB_FLUSH);

	load_both(gva, nva);
	assert_true(csr_set(hart, CSR_SATP, (9ULL << 60) | (PT_ROOT >> 12) | (2ULL << 44)));
	assert_false(tlb_holds(gva) || tlb_holds(nva));
	assert_int_equal(vcpu_take_requests(&hart->common.vcpu), EXIT_REQ_TLB_FLUSH);
}

static void test_accessed_dirty(void **state)
{
	uint64_t va = 0x40005000, pa;
	unsigned prot;

	map_4k(va, DATA_PA, V | R | W);
	assert_int_equal(xlate(va, MMU_READ, RV_MMU_S, &pa, &prot), 0);
	assert_int_equal(*pte_ptr(PT_L0, vpn(va, 0)) & (A | D), A);
	assert_int_equal(prot, PROT_R); /* W only once D is set */
	assert_int_equal(xlate(va, MMU_WRITE, RV_MMU_S, &pa, &prot), 0);
	assert_int_equal(*pte_ptr(PT_L0, vpn(va, 0)) & (A | D), A | D);
	assert_int_equal(prot, PROT_R | PROT_W);
	/* a faulting access sets nothing */
	map_4k(va, DATA_PA, V | R);
	assert_fault(va, MMU_WRITE, RV_MMU_S, RV_EXC_STORE_PAGE);
	assert_int_equal(*pte_ptr(PT_L0, vpn(va, 0)) & (A | D), 0);
}

static void test_user_supervisor(void **state)
{
	uint64_t va = 0x40007000, pa;
	unsigned prot;

	map_4k(va, DATA_PA, V | R | W | X | U | A | D);
	assert_int_equal(xlate(va, MMU_EXEC, RV_MMU_U, &pa, &prot), 0);
	assert_int_equal(prot, PROT_R | PROT_W | PROT_X);
	assert_fault(va, MMU_READ, RV_MMU_S, RV_EXC_LOAD_PAGE);
	assert_fault(va, MMU_EXEC, RV_MMU_S, RV_EXC_INSN_PAGE);
	/* SUM: user data readable and writable from S, never executable */
	assert_int_equal(xlate(va, MMU_WRITE, RV_MMU_S_SUM, &pa, &prot), 0);
	assert_int_equal(prot, PROT_R | PROT_W);
	assert_fault(va, MMU_EXEC, RV_MMU_S_SUM, RV_EXC_INSN_PAGE);
	/* supervisor pages are never reachable from U */
	map_4k(va, DATA_PA, V | R | W | X | A | D);
	assert_fault(va, MMU_READ, RV_MMU_U, RV_EXC_LOAD_PAGE);
	assert_int_equal(xlate(va, MMU_READ, RV_MMU_S_SUM, &pa, &prot), 0);
}

static void test_mxr_and_reserved(void **state)
{
	uint64_t va = 0x40009000, pa;
	unsigned prot;

	map_4k(va, DATA_PA, V | X | A);
	assert_fault(va, MMU_READ, RV_MMU_S, RV_EXC_LOAD_PAGE);
	hart->mstatus |= MSTATUS_MXR;
	assert_int_equal(xlate(va, MMU_READ, RV_MMU_S, &pa, &prot), 0);
	assert_int_equal(prot, PROT_R | PROT_X);
	hart->mstatus &= ~MSTATUS_MXR;
	/* W without R is reserved, even for a write */
	map_4k(va, DATA_PA, V | W | A | D);
	assert_fault(va, MMU_WRITE, RV_MMU_S, RV_EXC_STORE_PAGE);
	/* bits 63:54 set (no Svpbmt/Svnapot) */
	map_4k(va, DATA_PA, V | R | A | (1ULL << 61));
	assert_fault(va, MMU_READ, RV_MMU_S, RV_EXC_LOAD_PAGE);
	/* invalid entry */
	map_4k(va, DATA_PA, R | W | A | D);
	assert_fault(va, MMU_READ, RV_MMU_S, RV_EXC_LOAD_PAGE);
	/* a pointer at level 0 */
	map_4k(va, DATA_PA, V);
	assert_fault(va, MMU_READ, RV_MMU_S, RV_EXC_LOAD_PAGE);
}

static void test_canonical(void **state)
{
	assert_fault(0x0000004000000000ULL, MMU_READ, RV_MMU_S, RV_EXC_LOAD_PAGE);
	assert_fault(0xffff800000000000ULL, MMU_WRITE, RV_MMU_S, RV_EXC_STORE_PAGE);
}

static void test_superpages(void **state)
{
	uint64_t va = 0xffffffffc0200000ULL + 0x12345, pa;
	unsigned prot;

	set_pte(PT_ROOT, vpn(va, 2), PT_L1, V);
	set_pte(PT_L1, vpn(va, 1), RAM_BASE + 0x400000, V | R | W | A | D);
	assert_int_equal(xlate(va, MMU_READ, RV_MMU_S, &pa, &prot), 0);
	assert_int_equal(pa, RAM_BASE + 0x400000 + 0x12345);
	assert_true(hart->superpage_span.lo <= va && va <= hart->superpage_span.hi);
	assert_int_equal(hart->superpage_span.lo, 0xffffffffc0200000ULL);
	assert_int_equal(hart->superpage_span.hi, 0xffffffffc03fffffULL);
	/* sfence.vma of an address inside the superpage flushes everything */
	hart->common.slots[7] = va;
	assert_false(run_system(hart, 0x12038073)); /* sfence.vma x7, x0 */
	assert_true(hart->superpage_span.lo > hart->superpage_span.hi);
	/* misaligned superpage */
	set_pte(PT_L1, vpn(va, 1), RAM_BASE + 0x401000, V | R | W | A | D);
	assert_fault(va, MMU_READ, RV_MMU_S, RV_EXC_LOAD_PAGE);
	/* 1 GiB leaf at the root */
	set_pte(PT_ROOT, 1, 0x40000000, V | R | A);
	assert_int_equal(xlate(0x40000000 + 0x1234567, MMU_READ, RV_MMU_S, &pa, &prot), 0);
	assert_int_equal(pa, 0x40000000 + 0x1234567);
}

static void test_pte_outside_ram(void **state)
{
	uint64_t va = 0x4000b000;

	set_pte(PT_ROOT, vpn(va, 2), 0x1000, V); /* L1 table at 0x1000: not RAM */
	assert_fault(va, MMU_READ, RV_MMU_S, RV_EXC_LOAD_ACCESS);
	assert_fault(va, MMU_EXEC, RV_MMU_S, RV_EXC_INSN_ACCESS);
	assert_fault(va, MMU_WRITE, RV_MMU_S, RV_EXC_STORE_ACCESS);
}

static void test_sv48(void **state)
{
	uint64_t va = 0x0000123456789abcULL, pa;
	unsigned prot;

	hart->satp = (9ULL << 60) | (PT_ROOT >> 12);
	set_pte(PT_ROOT, vpn(va, 3), PT_L2, V);
	set_pte(PT_L2, vpn(va, 2), PT_L1, V);
	set_pte(PT_L1, vpn(va, 1), PT_L0, V);
	set_pte(PT_L0, vpn(va, 0), DATA_PA, V | R | A | U);
	assert_int_equal(xlate(va, MMU_READ, RV_MMU_U, &pa, &prot), 0);
	assert_int_equal(pa, DATA_PA + 0xabc);
	assert_int_equal(prot, PROT_R);
	assert_fault(0x0000800000000000ULL, MMU_READ, RV_MMU_U, RV_EXC_LOAD_PAGE);
}

static void test_bare_mode(void **state)
{
	uint64_t pa;
	unsigned prot;

	hart->satp = 0;
	assert_int_equal(xlate(RAM_BASE + 0x42, MMU_WRITE, RV_MMU_S, &pa, &prot), 0);
	assert_int_equal(pa, RAM_BASE + 0x42);
	/* untranslated: the same in every address space */
	assert_int_equal(prot, PROT_R | PROT_W | PROT_X | PROT_GLOBAL);
}

static void test_pmp_matching(void **state)
{
	memset(hart->pmpcfg, 0, sizeof(hart->pmpcfg));
	rv64_pmp_rebuild(hart);
	/* no entry: M allowed, S/U denied */
	assert_true(rv64_pmp_allows(hart, RAM_BASE, 8, MMU_READ, RV_PRIV_M));
	assert_false(rv64_pmp_allows(hart, RAM_BASE, 8, MMU_READ, RV_PRIV_S));

	/* entry 0: NAPOT 64 KiB at RAM_BASE, RW */
	hart->pmpaddr[0] = (RAM_BASE >> 2) | ((0x10000 >> 3) - 1);
	hart->pmpcfg[0] = (PMP_A_NAPOT << PMP_A_SHIFT) | PMP_R | PMP_W;
	rv64_pmp_rebuild(hart);
	assert_true(rv64_pmp_allows(hart, RAM_BASE + 0xfff8, 8, MMU_WRITE, RV_PRIV_S));
	assert_false(rv64_pmp_allows(hart, RAM_BASE + 0x10, 4, MMU_EXEC, RV_PRIV_U));
	assert_false(rv64_pmp_allows(hart, RAM_BASE + 0x10000, 4, MMU_READ, RV_PRIV_S));
	assert_false(
	    rv64_pmp_allows(hart, RAM_BASE + 0xfffc, 8, MMU_READ, RV_PRIV_S));	     /* partial */
	assert_true(rv64_pmp_allows(hart, RAM_BASE + 0x10, 4, MMU_EXEC, RV_PRIV_M)); /* unlocked */

	/* entry 1: TOR [RAM_BASE + 64K, RAM_BASE + 72K) X only; entry 2 NA4 read-only */
	hart->pmpaddr[1] = (RAM_BASE + 0x12000) >> 2;
	hart->pmpcfg[1] = (PMP_A_TOR << PMP_A_SHIFT) | PMP_X;
	rv64_pmp_rebuild(hart);
	assert_true(rv64_pmp_allows(hart, RAM_BASE + 0x11ffc, 4, MMU_EXEC, RV_PRIV_S));
	assert_false(rv64_pmp_allows(hart, RAM_BASE + 0x12000, 4, MMU_EXEC, RV_PRIV_S));
	assert_false(rv64_pmp_allows(hart, RAM_BASE + 0x10000, 4, MMU_READ, RV_PRIV_S));
	hart->pmpaddr[2] = (RAM_BASE + 0x20000) >> 2;
	hart->pmpcfg[2] = (PMP_A_NA4 << PMP_A_SHIFT) | PMP_R;
	rv64_pmp_rebuild(hart);
	assert_true(rv64_pmp_allows(hart, RAM_BASE + 0x20000, 4, MMU_READ, RV_PRIV_U));
	assert_false(rv64_pmp_allows(hart, RAM_BASE + 0x20004, 4, MMU_READ, RV_PRIV_U));

	/* a locked entry binds M too; the lowest-numbered match wins */
	hart->pmpcfg[0] |= PMP_L;
	rv64_pmp_rebuild(hart);
	assert_false(rv64_pmp_allows(hart, RAM_BASE + 0x10, 4, MMU_EXEC, RV_PRIV_M));
	hart->pmpcfg[3] = (PMP_A_NAPOT << PMP_A_SHIFT) | PMP_R | PMP_W | PMP_X;
	hart->pmpaddr[3] = PMPADDR_MASK;
	rv64_pmp_rebuild(hart);
	assert_false(rv64_pmp_allows(hart, RAM_BASE + 0x10, 4, MMU_EXEC, RV_PRIV_S));
	assert_true(rv64_pmp_allows(hart, RAM_BASE + 0x30000, 4, MMU_EXEC, RV_PRIV_S));
}

/* PMP straight from the privileged spec (3.7.1), byte by byte: the reference for the decoded
 * spans of mmu.c. */
static bool pmp_entry_holds(const struct rv64_cpu *rv, unsigned i, uint64_t byte)
{
	uint64_t a = rv->pmpaddr[i];

	switch ((rv->pmpcfg[i] & PMP_A) >> PMP_A_SHIFT) {
	case PMP_A_TOR:
		return byte >= (i ? rv->pmpaddr[i - 1] << 2 : 0) && byte < a << 2;
	case PMP_A_NA4:
		return byte >> 2 == a;
	case PMP_A_NAPOT: {
		/* k trailing ones: 2^(k+3) aligned bytes, word addresses equal above bit k */
		unsigned k = (unsigned)__builtin_ctzll(~a);
		return (byte >> 2) >> (k + 1) == a >> (k + 1);
	}
	default:
		return false;
	}
}

static bool pmp_reference(const struct rv64_cpu *rv, uint64_t addr, unsigned size,
			  enum mmu_access acc, unsigned priv)
{
	static const unsigned right[] = {
	    [MMU_READ] = PMP_R, [MMU_WRITE] = PMP_W, [MMU_EXEC] = PMP_X};

	for (unsigned i = 0; i < RV_PMP_COUNT; i++) {
		unsigned held = 0;

		for (unsigned b = 0; b < size; b++)
			held += pmp_entry_holds(rv, i, addr + b);
		if (held == 0)
			continue;
		if (held != size)
			return false;
		if (priv == RV_PRIV_M && !(rv->pmpcfg[i] & PMP_L))
			return true;
		return rv->pmpcfg[i] & right[acc];
	}
	return priv == RV_PRIV_M;
}

/* Random overlapping TOR/NA4/NAPOT entries near RAM_BASE against the reference, including
 * accesses and pages that straddle entry boundaries. */
static void test_pmp_spans_match_reference(void **state)
{
	static const unsigned sizes[] = {1, 2, 4, 8, 64, 4096};
	static const unsigned privs[] = {RV_PRIV_U, RV_PRIV_S, RV_PRIV_M};

	for (unsigned round = 0; round < 300; round++) {
		memset(hart->pmpcfg, 0, sizeof(hart->pmpcfg));
		memset(hart->pmpaddr, 0, sizeof(hart->pmpaddr));
		for (unsigned n = 1 + rnd_below(6), k = 0; k < n; k++) {
			unsigned i = rnd_below(RV_PMP_COUNT);
			uint64_t addr = (RAM_BASE + rnd_below(0x20000)) >> 2;

			hart->pmpcfg[i] = (uint8_t)(((1 + rnd_below(3)) << PMP_A_SHIFT) |
						    (rnd() & (PMP_R | PMP_W | PMP_X | PMP_L)));
			if (((hart->pmpcfg[i] & PMP_A) >> PMP_A_SHIFT) == PMP_A_NAPOT)
				addr = (addr & ~0x1fffull) | ((1ull << rnd_below(13)) - 1);
			hart->pmpaddr[i] = addr;
		}
		rv64_pmp_rebuild(hart);
		for (unsigned q = 0; q < 200; q++) {
			unsigned size = sizes[rnd_below(6)];
			uint64_t addr = RAM_BASE - 0x1000 + (rnd_below(0x24000) & ~(size - 1ull));
			enum mmu_access acc = (enum mmu_access)rnd_below(3);
			unsigned priv = privs[rnd_below(3)];

			if (rv64_pmp_allows(hart, addr, size, acc, priv) !=
			    pmp_reference(hart, addr, size, acc, priv))
				fail_msg("round %u: %u bytes at 0x%llx acc %d priv %u: differs",
					 round, size, (unsigned long long)addr, acc, priv);
		}
	}
}

static void test_pmp_in_translation(void **state)
{
	uint64_t pa;
	unsigned prot;

	hart->satp = 0;
	memset(hart->pmpcfg, 0, sizeof(hart->pmpcfg));
	rv64_pmp_rebuild(hart);
	/* 256 bytes at the start of a page: the page is not uniform, so not cacheable */
	hart->pmpaddr[0] = (RAM_BASE >> 2) | ((256 >> 3) - 1);
	hart->pmpcfg[0] = (PMP_A_NAPOT << PMP_A_SHIFT) | PMP_R | PMP_W;
	rv64_pmp_rebuild(hart);
	assert_int_equal(xlate(RAM_BASE + 0x10, MMU_READ, RV_MMU_S, &pa, &prot), 0);
	assert_true(prot & PROT_NO_CACHE);
	assert_fault(RAM_BASE + 0x100, MMU_READ, RV_MMU_S, RV_EXC_LOAD_ACCESS);
	assert_fault(RAM_BASE + 0x10, MMU_EXEC, RV_MMU_S, RV_EXC_INSN_ACCESS);
	/* a whole page: the rights are cached as PMP grants them */
	hart->pmpaddr[0] = (RAM_BASE >> 2) | ((0x1000 >> 3) - 1);
	rv64_pmp_rebuild(hart);
	assert_int_equal(xlate(RAM_BASE + 0x10, MMU_READ, RV_MMU_S, &pa, &prot), 0);
	assert_int_equal(prot, PROT_R | PROT_W | PROT_GLOBAL); /* bare: untranslated */
	/* M with no locked entry: everything */
	assert_int_equal(xlate(RAM_BASE + 0x5000, MMU_EXEC, RV_MMU_M, &pa, &prot), 0);
	assert_int_equal(prot, PROT_R | PROT_W | PROT_X | PROT_GLOBAL);

	/* page-table reads are checked as S: table outside the allowed region */
	hart->satp = (8ULL << 60) | (PT_ROOT >> 12);
	assert_fault(0x40003000, MMU_READ, RV_MMU_S, RV_EXC_LOAD_ACCESS);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_sv39_basic),		T(test_accessed_dirty),
	    T(test_user_supervisor),	T(test_mxr_and_reserved),
	    T(test_canonical),		T(test_superpages),
	    T(test_pte_outside_ram),	T(test_sv48),
	    T(test_bare_mode),		T(test_pmp_matching),
	    T(test_pmp_in_translation), T(test_pmp_spans_match_reference),
	    T(test_global_bit),		T(test_asid_switch_keeps_global),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
