/*
 * Sv39 (default) or Sv48 (-DSV48) paging seen from S and U mode: 4 KiB
 * pages, 2 MiB and 1 GiB superpages (and a 512 GiB one under Sv48), A/D bits
 * set by the hardware walker, load/store/fetch page faults delegated to S
 * with scause/stval/sepc, non-canonical addresses, misaligned superpages,
 * U-mode access to an S page, SUM, MXR, sfence.vma after a PTE change, and
 * an instruction that crosses into a page whose mapping then changes or goes.
 */
#include "lib.h"
#include "insn.h"

#ifdef SV48
#define SATP_MODE    (9UL << 60)
#define NAME	     "paging_sv48"
#define NONCANONICAL 0x0000800000000000UL
#else
#define SATP_MODE    (8UL << 60)
#define NAME	     "paging_sv39"
#define NONCANONICAL 0x0000004000000000UL
#endif

#define PTE_V  0x01UL
#define PTE_R  0x02UL
#define PTE_W  0x04UL
#define PTE_X  0x08UL
#define PTE_U  0x10UL
#define PTE_G  0x20UL
#define PTE_A  0x40UL
#define PTE_D  0x80UL
#define PTE_AD (PTE_A | PTE_D)

#define TEST_VA	   0x40000000UL /* 4 KiB pages, see page_* below */
#define MEGA_VA	   0x40200000UL /* 2 MiB leaf -> MEGA_PA */
#define BADMEGA_VA 0x40400000UL /* 2 MiB leaf with a misaligned PPN */
#define GIGA_VA	   0xc0000000UL /* 1 GiB leaf -> RAM base */
#define MEGA_PA	   0x80400000UL
#define TERA_VA	   0x8000000000UL /* Sv48 only: 512 GiB leaf -> PA 0 */

enum {
	PAGE_AD,
	PAGE_RO,
	PAGE_NONE,
	PAGE_XONLY,
	PAGE_USER,
	PAGE_REMAP,
	PAGE_CODE,	/* code_pages[0]: its last two bytes start an instruction... */
	PAGE_CODE_NEXT, /* ...that ends here: code_pages[1], later code_pages[2], then none */
	PAGE_COUNT
};

typedef u64 table_t[512];
static table_t tables[8] __attribute__((aligned(4096)));
static int tables_used;
static u64 data_pages[4][512] __attribute__((aligned(4096)));
static u8 code_pages[3][4096] __attribute__((aligned(4096)));
static u64 *leaf_table;
static u64 s_root, u_root;

static u64 *new_table(void)
{
	u64 *t = tables[tables_used++];

	memset(t, 0, 4096);
	return t;
}

static u64 pte(u64 pa, u64 flags)
{
	return ((pa >> 12) << 10) | flags | PTE_V;
}

static u64 va_of(int page)
{
	return TEST_VA + 4096UL * (u64)page;
}

/* Build a table tree; ram_flags decides whether RAM is an S or a U mapping. */
static u64 build_root(u64 ram_flags, int with_mmio)
{
	u64 *l2 = new_table();
	u64 *l1 = new_table();

	if (with_mmio)
		l2[0] = pte(0, PTE_R | PTE_W | PTE_AD | PTE_G);
	l2[1] = pte((u64)l1, 0);
	l2[2] = pte(0x80000000UL, ram_flags | PTE_AD);
	l2[3] = pte(0x80000000UL, PTE_R | PTE_W | PTE_AD);
	l1[0] = pte((u64)leaf_table, 0);
	l1[1] = pte(MEGA_PA, PTE_R | PTE_W | PTE_AD);
	l1[2] = pte(MEGA_PA + 0x1000, PTE_R | PTE_W | PTE_AD);
#ifdef SV48
	u64 *l3 = new_table();

	l3[0] = pte((u64)l2, 0);
	l3[1] = pte(0, PTE_R | PTE_W | PTE_AD);
	return SATP_MODE | ((u64)l3 >> 12);
#else
	return SATP_MODE | ((u64)l2 >> 12);
#endif
}

static void build_tables(void)
{
	leaf_table = new_table();
	leaf_table[PAGE_AD] = pte((u64)data_pages[0], PTE_R | PTE_W);
	leaf_table[PAGE_RO] = pte((u64)data_pages[1], PTE_R | PTE_AD);
	leaf_table[PAGE_XONLY] = pte((u64)data_pages[2], PTE_X | PTE_AD);
	leaf_table[PAGE_USER] = pte((u64)data_pages[3], PTE_R | PTE_W | PTE_U | PTE_AD);
	leaf_table[PAGE_REMAP] = pte((u64)data_pages[0], PTE_R | PTE_W | PTE_AD);
	leaf_table[PAGE_CODE] = pte((u64)code_pages[0], PTE_R | PTE_X | PTE_AD);
	leaf_table[PAGE_CODE_NEXT] = pte((u64)code_pages[1], PTE_R | PTE_X | PTE_AD);
	s_root = build_root(PTE_R | PTE_W | PTE_X, 1);
	u_root = build_root(PTE_R | PTE_W | PTE_X | PTE_U, 0);
}

/* ---- S-mode part ---- */
static volatile long s_faults;
static volatile unsigned long s_cause, s_tval, s_epc;

static void s_fault_handler(struct trap_frame *f)
{
	s_faults++;
	s_cause = f->cause;
	s_tval = f->tval;
	s_epc = f->epc;
	if (f->cause == CAUSE_FETCH_PAGE)
		f->epc = f->regs[1]; /* the probe jumped with jalr ra */
	else
		f->epc += (unsigned long)insn_len_at(f->epc);
}

static void expect_begin(void)
{
	s_faults = 0;
	s_cause = s_tval = ~0UL;
}

static u64 load64(u64 va)
{
	u64 v;

	asm volatile("ld %0, 0(%1)" : "=r"(v) : "r"(va) : "memory");
	return v;
}

static void store64(u64 va, u64 v)
{
	asm volatile("sd %0, 0(%1)" ::"r"(v), "r"(va) : "memory");
}

static void fetch_probe(u64 va)
{
	asm volatile("jalr ra, 0(%0)" ::"r"(va) : "ra", "memory");
}

static void check_fault(u64 cause, u64 va)
{
	CHECK_EQ(s_faults, 1);
	CHECK_EQ(s_cause, cause);
	CHECK_EQ(s_tval, va);
}

/* code_pages[0] ends with the first parcel of "addi a0, zero, 1" (0x00100513); code_pages[1]
 * starts with its second, code_pages[2] with that of "addi a0, zero, 2" (0x00200513); both
 * go on with "c.jr ra". */
static void write_code(void)
{
	static const u8 first[2] = {0x13, 0x05}, one[4] = {0x10, 0x00, 0x82, 0x80},
			two[4] = {0x20, 0x00, 0x82, 0x80};

	memcpy(&code_pages[0][4094], first, 2);
	memcpy(code_pages[1], one, 4);
	memcpy(code_pages[2], two, 4);
	asm volatile("fence.i" ::: "memory");
}

/* Run the instruction that crosses from PAGE_CODE into PAGE_CODE_NEXT; returns its a0. */
static long run_crossing(void)
{
	register long a0 asm("a0") = 0;

	asm volatile("jalr ra, 0(%1)" : "+r"(a0) : "r"(va_of(PAGE_CODE) + 4094) : "ra", "memory");
	return a0;
}

static long s_tests(long arg)
{
	u64 base = (u64)data_pages;

	/* Identity RAM, then translated reads of data written physically by M. */
	CHECK_EQ(load64(va_of(PAGE_RO)), 0x1111);

	/* A/D set by the walker. */
	CHECK_EQ(leaf_table[PAGE_AD] & PTE_AD, 0);
	CHECK_EQ(load64(va_of(PAGE_AD) + 16), 0xabcd);
	CHECK_EQ(leaf_table[PAGE_AD] & PTE_AD, PTE_A);
	store64(va_of(PAGE_AD) + 24, 0x5678);
	CHECK_EQ(leaf_table[PAGE_AD] & PTE_AD, PTE_AD);
	CHECK_EQ(data_pages[0][3], 0x5678);

	/* Load/store/fetch faults with stval = address. */
	expect_begin();
	store64(va_of(PAGE_RO) + 8, 1);
	check_fault(CAUSE_STORE_PAGE, va_of(PAGE_RO) + 8);
	CHECK_EQ(data_pages[1][1], 0);
	expect_begin();
	(void)load64(va_of(PAGE_NONE) + 0x10);
	check_fault(CAUSE_LOAD_PAGE, va_of(PAGE_NONE) + 0x10);
	extern char s_load_site[];

	expect_begin();
	asm volatile(".globl s_load_site\ns_load_site: ld t0, 0(%0)" ::"r"(va_of(PAGE_NONE))
		     : "t0", "memory");
	CHECK_EQ(s_epc, (u64)s_load_site);
	expect_begin();
	fetch_probe(va_of(PAGE_NONE));
	check_fault(CAUSE_FETCH_PAGE, va_of(PAGE_NONE));
	expect_begin();
	fetch_probe(va_of(PAGE_RO));
	check_fault(CAUSE_FETCH_PAGE, va_of(PAGE_RO));
	/* Unmapped gigabyte and a non-canonical address. */
	expect_begin();
	(void)load64(0x100000000UL);
	check_fault(CAUSE_LOAD_PAGE, 0x100000000UL);
	expect_begin();
	(void)load64(NONCANONICAL);
	check_fault(CAUSE_LOAD_PAGE, NONCANONICAL);

	/* Superpages. */
	CHECK_EQ(load64(MEGA_VA + 0x1238), 0x2222);
	CHECK_EQ(load64(MEGA_VA + 0x1ff000), 0x3333);
	expect_begin();
	(void)load64(BADMEGA_VA);
	check_fault(CAUSE_LOAD_PAGE, BADMEGA_VA);
	CHECK_EQ(load64(GIGA_VA + (base - 0x80000000UL) + 3 * 4096 + 8), 0xfeed);
#ifdef SV48
	CHECK_EQ(load64(TERA_VA + base + 3 * 4096 + 8), 0xfeed);
#endif

	/* SUM: S may touch U pages only with sstatus.SUM. */
	expect_begin();
	(void)load64(va_of(PAGE_USER));
	check_fault(CAUSE_LOAD_PAGE, va_of(PAGE_USER));
	csr_set(sstatus, MSTATUS_SUM);
	expect_begin();
	CHECK_EQ(load64(va_of(PAGE_USER) + 8), 0xfeed);
	store64(va_of(PAGE_USER) + 16, 0xbeef);
	CHECK_EQ(s_faults, 0);
	CHECK_EQ(data_pages[3][2], 0xbeef);
	csr_clear(sstatus, MSTATUS_SUM);

	/* MXR: execute-only pages become readable. */
	expect_begin();
	(void)load64(va_of(PAGE_XONLY));
	check_fault(CAUSE_LOAD_PAGE, va_of(PAGE_XONLY));
	csr_set(sstatus, MSTATUS_MXR);
	expect_begin();
	CHECK_EQ(load64(va_of(PAGE_XONLY) + 8), 0x4444);
	CHECK_EQ(s_faults, 0);
	csr_clear(sstatus, MSTATUS_MXR);

	/* sfence.vma after changing a PTE. */
	CHECK_EQ(load64(va_of(PAGE_REMAP) + 16), 0xabcd);
	leaf_table[PAGE_REMAP] = pte((u64)data_pages[1], PTE_R | PTE_W | PTE_AD);
	asm volatile("sfence.vma %0, zero" ::"r"(va_of(PAGE_REMAP)) : "memory");
	CHECK_EQ(load64(va_of(PAGE_REMAP)), 0x1111);
	leaf_table[PAGE_NONE] = pte((u64)data_pages[2], PTE_R | PTE_AD);
	asm volatile("sfence.vma" ::: "memory");
	CHECK_EQ(load64(va_of(PAGE_NONE) + 8), 0x4444);
	leaf_table[PAGE_NONE] = 0;
	asm volatile("sfence.vma" ::: "memory");

	/* An instruction that crosses pages runs the bytes its second page maps to now: a new
	 * page there after sfence.vma (same first page), then none (a fetch fault at the second
	 * page's first byte, sepc at the instruction). */
	expect_begin();
	CHECK_EQ(run_crossing(), 1);
	leaf_table[PAGE_CODE_NEXT] = pte((u64)code_pages[2], PTE_R | PTE_X | PTE_AD);
	asm volatile("sfence.vma" ::: "memory");
	CHECK_EQ(run_crossing(), 2);
	CHECK_EQ(s_faults, 0);
	leaf_table[PAGE_CODE_NEXT] = 0;
	asm volatile("sfence.vma" ::: "memory");
	(void)run_crossing();
	check_fault(CAUSE_FETCH_PAGE, va_of(PAGE_CODE_NEXT));
	CHECK_EQ(s_epc, va_of(PAGE_CODE) + 4094);
	return 0x600d;
}

/* ---- U-mode part (RAM mapped U; faults go to M) ---- */
static long u_tests(long arg)
{
	u64 v = load64(va_of(PAGE_USER) + 8);

	(void)load64(va_of(PAGE_RO)); /* S page: faults */
	store64(va_of(PAGE_USER) + 32, v + 1);
	return (long)v;
}

int main(long hartid, unsigned long dtb)
{
	gprintf(NAME ": start\n");
	build_tables();
	write_code();
	data_pages[0][2] = 0xabcd;
	data_pages[1][0] = 0x1111;
	data_pages[2][1] = 0x4444;
	data_pages[3][1] = 0xfeed;
	*(volatile u64 *)(MEGA_PA + 0x1238) = 0x2222;
	*(volatile u64 *)(MEGA_PA + 0x1ff000) = 0x3333;

	csr_write(satp, s_root);
	CHECK_EQ(csr_read(satp), s_root);
	asm volatile("sfence.vma" ::: "memory");
	csr_write(medeleg,
		  (1UL << CAUSE_FETCH_PAGE) | (1UL << CAUSE_LOAD_PAGE) | (1UL << CAUSE_STORE_PAGE));
	s_trap_hook = s_fault_handler;
	CHECK_EQ(run_in_mode(MODE_S, s_tests, 0), 0x600d);
	gprintf(NAME ": S-mode checks done\n");

	/* M mode is not translated even with satp set. */
	CHECK_EQ(*(volatile u64 *)&data_pages[0][2], 0xabcd);

	csr_write(medeleg, 0);
	csr_write(satp, u_root);
	asm volatile("sfence.vma" ::: "memory");
	trap_expect_begin();
	CHECK_EQ(run_in_mode(MODE_U, u_tests, 0), 0xfeed);
	CHECK_EQ(last_trap.count, 1);
	CHECK_EQ(last_trap.cause, CAUSE_LOAD_PAGE);
	CHECK_EQ(last_trap.tval, va_of(PAGE_RO));
	CHECK_EQ(data_pages[3][4], 0xfeee);
	m_trap_hook = 0;
	csr_write(satp, 0);
	asm volatile("sfence.vma" ::: "memory");
	return 0;
}
