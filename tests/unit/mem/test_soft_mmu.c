/*
 * test_soft_mmu.c - the soft MMU: TLB fill and hits, regimes, misaligned
 * and page-crossing accesses, MMIO, faults (the record: kind, access,
 * regime, address), code-page and reservation
 * slow paths, instruction fetch, flushes. A fake frontend maps virtual
 * page V to physical page V + offset with rights chosen per test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "core/frontend_ops.h"
#include "core/memory.h"
#include "mem/mmu.h"

#define RAM_BASE   0x80000000ull
#define RAM_SIZE   (1u << 20)
#define MMIO_BASE  0x10000000ull
#define VA_OFFSET  0x40000000ull /* vaddr = paddr - VA_OFFSET */
#define WALK_FAULT 0x40080000ull /* the walker faults on this virtual page (FAULT_PAGE) */

static unsigned walk_prot = PROT_R | PROT_W | PROT_X;
static unsigned walks;
static uint64_t mmio_last_off, mmio_last_val;
static unsigned mmio_reads;

static int fake_walk(struct soft_cpu *cpu, uint64_t vaddr, enum mmu_access acc, unsigned idx,
		     uint64_t *paddr, unsigned *prot)
{
	walks++;
	if ((vaddr & PAGE_MASK) == WALK_FAULT || !(walk_prot & (acc == MMU_READ	   ? PROT_R
								: acc == MMU_WRITE ? PROT_W
										   : PROT_X))) {
		soft_cpu_fault(cpu, FAULT_PAGE, acc, idx, vaddr);
		return -1;
	}
	*paddr = vaddr + VA_OFFSET;
	*prot = walk_prot;
	return 0;
}

static uint64_t fake_mmio_read(void *opaque, uint64_t off, unsigned size)
{
	mmio_reads++;
	return 0xabc0 + off;
}

static void fake_mmio_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
	mmio_last_off = off;
	mmio_last_val = val;
}

static const struct mmio_ops fake_mmio = {.read = fake_mmio_read, .write = fake_mmio_write};

static const struct frontend_ops fake_fe = {
    .name = "fake",
    .tlb_regimes = 4,
    .mmu_translate = fake_walk,
};

struct fixture {
	struct soft_cpu *cpu;
	struct address_space *as;
	uint8_t *ram;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->as = as_create();
	assert_int_equal(as_add_ram(f->as, RAM_BASE, RAM_SIZE), 0);
	assert_int_equal(as_add_mmio(f->as, MMIO_BASE, 0x1000, &fake_mmio, NULL, "fake"), 0);
	f->ram = as_ram_ptr(f->as, RAM_BASE, RAM_SIZE);
	f->cpu = calloc(1, sizeof(*f->cpu));
	assert_int_equal(soft_cpu_init(f->cpu, NULL, 0, &fake_fe), 0);
	f->cpu->as = f->as;
	walk_prot = PROT_R | PROT_W | PROT_X;
	walks = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	soft_cpu_fini(f->cpu);
	free(f->cpu);
	as_destroy(f->as);
	free(f);
	return 0;
}

static uint64_t va(uint64_t paddr)
{
	return paddr - VA_OFFSET;
}

/* The pending fault is a memory fault of this kind, access, regime and address. */
static void assert_fault(const struct soft_cpu *cpu, enum fault_kind kind, enum mmu_access acc,
			 unsigned regime, uint64_t addr)
{
	assert_int_equal(cpu->fault.kind, kind);
	assert_int_equal(cpu->fault.access, acc);
	assert_int_equal(cpu->fault.regime, regime);
	assert_int_equal(cpu->fault.addr, addr);
}

static void test_fill_then_hit(void **state)
{
	struct fixture *f = *state;
	uint64_t v;

	memcpy(f->ram + 0x1008, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x1008), 8, &v), 0);
	assert_int_equal(v, 0x8877665544332211ull);
	assert_int_equal(walks, 1);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x100c), 4, &v), 0);
	assert_int_equal(v, 0x88776655);
	assert_int_equal(walks, 1); /* hit */
	assert_int_equal(mmu_store(f->cpu, va(RAM_BASE + 0x1010), 2, 0xbeef), 0);
	assert_int_equal(f->ram[0x1010], 0xef);
	assert_int_equal(f->ram[0x1011], 0xbe);
	/* another regime misses */
	soft_cpu_set_regimes(f->cpu, 2, 0);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x1008), 1, &v), 0);
	assert_int_equal(walks, 2); /* the read fill granted write too; regime 2 walks */
}

static void test_read_only_page(void **state)
{
	struct fixture *f = *state;
	uint64_t v;

	walk_prot = PROT_R;
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x2000), 8, &v), 0);
	f->ram[0x2000] = 0x5a;
	assert_int_equal(mmu_store(f->cpu, va(RAM_BASE + 0x2000), 1, 0xff), -1);
	assert_fault(f->cpu, FAULT_PAGE, MMU_WRITE, 0, va(RAM_BASE + 0x2000));
	assert_int_equal(f->ram[0x2000], 0x5a);
}

static void test_misaligned_across_pages(void **state)
{
	struct fixture *f = *state;
	uint64_t v;

	for (unsigned i = 0; i < 8; i++)
		f->ram[0x2ffc + i] = (uint8_t)(0xa0 + i);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x2ffc), 8, &v), 0);
	assert_int_equal(v, 0xa7a6a5a4a3a2a1a0ull);
	assert_int_equal(mmu_store(f->cpu, va(RAM_BASE + 0x2ffe), 4, 0x01020304), 0);
	assert_int_equal(f->ram[0x2ffe], 0x04);
	assert_int_equal(f->ram[0x3001], 0x01);
	/* a misaligned store whose second page faults writes nothing */
	f->ram[WALK_FAULT + VA_OFFSET - RAM_BASE - 1] = 0x77;
	soft_cpu_clear_fault(f->cpu);
	assert_int_equal(mmu_store(f->cpu, WALK_FAULT - 1, 2, 0xffff), -1);
	assert_fault(f->cpu, FAULT_PAGE, MMU_WRITE, 0, WALK_FAULT);
	assert_int_equal(f->ram[WALK_FAULT + VA_OFFSET - RAM_BASE - 1], 0x77);
}

static void test_mmio(void **state)
{
	struct fixture *f = *state;
	uint64_t v;

	mmio_reads = 0;
	assert_int_equal(mmu_load(f->cpu, va(MMIO_BASE + 0x10), 4, &v), 0);
	assert_int_equal(v, 0xabc0 + 0x10);
	assert_int_equal(mmu_load(f->cpu, va(MMIO_BASE + 0x10), 4, &v), 0);
	assert_int_equal(mmio_reads, 2); /* never a fast-path hit */
	assert_int_equal(walks, 1);	 /* but the translation is cached */
	assert_int_equal(mmu_store(f->cpu, va(MMIO_BASE + 0x20), 1, 0x42), 0);
	assert_int_equal(mmio_last_off, 0x20);
	assert_int_equal(mmio_last_val, 0x42);
	/* nothing mapped: access fault with the virtual address */
	assert_int_equal(mmu_load(f->cpu, va(0x20000000), 4, &v), -1);
	assert_fault(f->cpu, FAULT_ACCESS, MMU_READ, 0, va(0x20000000));
	assert_int_equal(mmu_store(f->cpu, va(0x20000000), 4, 1), -1);
	assert_fault(f->cpu, FAULT_ACCESS, MMU_WRITE, 0, va(0x20000000));
}

/* The record of each memory fault kind names the access, the regime it was made in and the
 * faulting address: a misaligned atomic store, an access with nothing (not even MMIO) behind
 * it, a page fault in a non-zero regime. */
static void test_fault_records(void **state)
{
	struct fixture *f = *state;
	uint64_t v;

	soft_cpu_set_regimes(f->cpu, 3, 2);
	assert_false(soft_cpu_faulted(f->cpu));
	assert_null(mmu_host_ptr(f->cpu, va(RAM_BASE + 0x5002), 4, MMU_WRITE));
	assert_true(soft_cpu_faulted(f->cpu));
	assert_fault(f->cpu, FAULT_MISALIGNED, MMU_WRITE, 3, va(RAM_BASE + 0x5002));
	soft_cpu_clear_fault(f->cpu);
	assert_int_equal(mmu_store(f->cpu, va(0x30000010), 8, 1), -1);
	assert_fault(f->cpu, FAULT_ACCESS, MMU_WRITE, 3, va(0x30000010));
	assert_int_equal(mmu_load(f->cpu, WALK_FAULT + 0x18, 8, &v), -1);
	assert_fault(f->cpu, FAULT_PAGE, MMU_READ, 3, WALK_FAULT + 0x18);
	/* a misaligned plain store is performed, not a fault */
	soft_cpu_clear_fault(f->cpu);
	assert_int_equal(mmu_store(f->cpu, va(RAM_BASE + 0x5003), 4, 0x01020304), 0);
	assert_false(soft_cpu_faulted(f->cpu));
}

static void test_code_page_store(void **state)
{
	struct fixture *f = *state;
	uint32_t *w = as_page_word(f->as, RAM_BASE + 0x4000);
	uint32_t gen;

	assert_int_equal(mmu_store(f->cpu, va(RAM_BASE + 0x4000), 8, 1), 0); /* fills the TLB */
	__atomic_or_fetch(w, PAGE_CODE, __ATOMIC_SEQ_CST);
	gen = *w & ~PAGE_FLAGS;
	assert_int_equal(mmu_store(f->cpu, va(RAM_BASE + 0x4008), 8, 2), 0);
	assert_int_equal(*w & ~PAGE_FLAGS, gen + PAGE_GEN_INC);
	assert_int_equal(*w & PAGE_CODE, 0);
	assert_int_equal(f->ram[0x4008], 2);
}

static void test_host_ptr(void **state)
{
	struct fixture *f = *state;
	uint8_t *p;

	p = mmu_host_ptr(f->cpu, va(RAM_BASE + 0x5008), 8, MMU_WRITE);
	assert_ptr_equal(p, f->ram + 0x5008);
	assert_null(mmu_host_ptr(f->cpu, va(RAM_BASE + 0x5004), 8, MMU_WRITE));
	assert_fault(f->cpu, FAULT_MISALIGNED, MMU_WRITE, 0, va(RAM_BASE + 0x5004));
	assert_null(mmu_host_ptr(f->cpu, va(RAM_BASE + 0x5004), 8, MMU_READ));
	assert_fault(f->cpu, FAULT_MISALIGNED, MMU_READ, 0, va(RAM_BASE + 0x5004));
	assert_null(mmu_host_ptr(f->cpu, va(MMIO_BASE), 4, MMU_READ));
	assert_fault(f->cpu, FAULT_ACCESS, MMU_READ, 0, va(MMIO_BASE));
}

static void test_fetch(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[4];

	memcpy(f->ram + 0x6ffe, "\x13\x05\x15\x00", 4);
	assert_int_equal(mmu_fetch(f->cpu, va(RAM_BASE + 0x6ffe), 4, buf), 0);
	assert_memory_equal(buf, "\x13\x05\x15\x00", 4);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(mmu_fetch(f->cpu, va(RAM_BASE + 0x6ffe), 2, buf), 0);
	assert_memory_equal(buf, "\x13\x05\0\0", 4);
	/* fetch from MMIO is an access fault */
	assert_int_equal(mmu_fetch(f->cpu, va(MMIO_BASE), 4, buf), -1);
	assert_fault(f->cpu, FAULT_ACCESS, MMU_EXEC, 0, va(MMIO_BASE));
	/* no execute right */
	walk_prot = PROT_R | PROT_W;
	soft_cpu_set_regimes(f->cpu, 0, 1);
	assert_int_equal(mmu_fetch(f->cpu, va(RAM_BASE + 0x7000), 4, buf), -1);
	assert_fault(f->cpu, FAULT_PAGE, MMU_EXEC, 1, va(RAM_BASE + 0x7000));
}

/* 15 bytes (an x86-64 instruction's most) across a page boundary: from both pages when both are
 * mapped; else the fault is at the first byte of the second page and buf is left as it was. */
static void test_fetch_across_pages(void **state)
{
	struct fixture *f = *state;
	const uint64_t fault_pa = WALK_FAULT + VA_OFFSET; /* where WALK_FAULT would map */
	uint8_t buf[15], want[15];

	for (unsigned i = 0; i < sizeof(want); i++)
		want[i] = (uint8_t)(0xa0 + i);
	memcpy(f->ram + (fault_pa - PAGE_SIZE - 6 - RAM_BASE), want, sizeof(want));
	assert_int_equal(mmu_fetch(f->cpu, va(fault_pa - PAGE_SIZE - 6), 15, buf), 0);
	assert_memory_equal(buf, want, sizeof(want));
	/* the second page faults in the walker: tval is its first byte, not the fetch's */
	memcpy(f->ram + (fault_pa - 6 - RAM_BASE), want, 6);
	memset(buf, 0x55, sizeof(buf));
	soft_cpu_clear_fault(f->cpu);
	assert_int_equal(mmu_fetch(f->cpu, WALK_FAULT - 6, 15, buf), -1);
	assert_fault(f->cpu, FAULT_PAGE, MMU_EXEC, 0, WALK_FAULT);
	for (unsigned i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0x55);
	/* a second page that is not RAM: an access fault, again at its first byte */
	memset(buf, 0x55, sizeof(buf));
	assert_int_equal(mmu_fetch(f->cpu, va(RAM_BASE + RAM_SIZE - 6), 15, buf), -1);
	assert_fault(f->cpu, FAULT_ACCESS, MMU_EXEC, 0, va(RAM_BASE + RAM_SIZE));
	for (unsigned i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0x55);
}

static void test_flush(void **state)
{
	struct fixture *f = *state;
	uint64_t v;

	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x8000), 8, &v), 0);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x9000), 8, &v), 0);
	assert_int_equal(walks, 2);
	vcpu_tlb_flush_page(f->cpu, va(RAM_BASE + 0x8000));
	/* no global translation cached: only the non-global lookups need re-checking */
	assert_int_equal(vcpu_take_requests(&f->cpu->vcpu), EXIT_REQ_TLB_FLUSH_NONGLOBAL);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x9000), 8, &v), 0);
	assert_int_equal(walks, 2);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x8000), 8, &v), 0);
	assert_int_equal(walks, 3);
	vcpu_tlb_flush(f->cpu);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x9000), 8, &v), 0);
	assert_int_equal(walks, 4);
}

/* tlb_flush_nonglobal keeps exactly the entries the walker called global, in every regime,
 * and a later fill of the same slot with a non-global translation is flushed again. */
static void test_flush_nonglobal(void **state)
{
	struct fixture *f = *state;
	uint64_t v;

	walk_prot = PROT_R | PROT_W | PROT_X | PROT_GLOBAL;
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x8000), 8, &v), 0);
	walk_prot = PROT_R | PROT_W | PROT_X;
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x9000), 8, &v), 0);
	soft_cpu_set_regimes(f->cpu, 1, 0);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0xa000), 8, &v), 0);
	soft_cpu_set_regimes(f->cpu, 0, 0);
	assert_int_equal(walks, 3);
	vcpu_tlb_flush_nonglobal(f->cpu);
	assert_int_equal(vcpu_take_requests(&f->cpu->vcpu), EXIT_REQ_TLB_FLUSH_NONGLOBAL);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x8000), 8, &v), 0);
	assert_int_equal(walks, 3);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x9000), 8, &v), 0);
	assert_int_equal(walks, 4);
	soft_cpu_set_regimes(f->cpu, 1, 0);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0xa000), 8, &v), 0);
	assert_int_equal(walks, 5);
	soft_cpu_set_regimes(f->cpu, 0, 0);
	/* a page flush inside the global span asks for every lookup to be re-checked */
	vcpu_tlb_flush_page(f->cpu, va(RAM_BASE + 0x8000));
	assert_int_equal(vcpu_take_requests(&f->cpu->vcpu), EXIT_REQ_TLB_FLUSH);
	/* the global page's slot refilled by a non-global translation: flushed */
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x8000), 8, &v), 0);
	assert_int_equal(walks, 6);
	vcpu_tlb_flush_nonglobal(f->cpu);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x8000), 8, &v), 0);
	assert_int_equal(walks, 7);
	/* a full flush drops the global ones too */
	vcpu_tlb_flush_page(f->cpu, va(RAM_BASE + 0x8000));
	walk_prot = PROT_R | PROT_W | PROT_X | PROT_GLOBAL;
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x8000), 8, &v), 0);
	assert_int_equal(walks, 8);
	vcpu_tlb_flush(f->cpu);
	assert_int_equal(mmu_load(f->cpu, va(RAM_BASE + 0x8000), 8, &v), 0);
	assert_int_equal(walks, 9);
	walk_prot = PROT_R | PROT_W | PROT_X;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_fill_then_hit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_read_only_page, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_misaligned_across_pages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mmio, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fault_records, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_code_page_store, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_host_ptr, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fetch, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_fetch_across_pages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_flush, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_flush_nonglobal, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
