/*
 * test_atomic.c - riscv64 LR/SC and AMOs (decoded, translated, run through their helpers) on
 * harts in M mode over a
 * real address_space and the soft MMU, including SC failures after other harts' stores and a
 * multi-threaded LR/SC counter.
 */
#include <pthread.h>
#include <string.h>
#include "mem/reservation.h"
#include "test_system_harness.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (1ULL << 20)
#define VAR	 (RAM_BASE + 0x1000)

enum {
	F5_ADD = 0x00,
	F5_SWAP = 0x01,
	F5_LR = 0x02,
	F5_SC = 0x03,
	F5_XOR = 0x04,
	F5_OR = 0x08,
	F5_AND = 0x0c,
	F5_MIN = 0x10,
	F5_MAX = 0x14,
	F5_MINU = 0x18,
	F5_MAXU = 0x1c
};
#define W32 2
#define D64 3

static struct address_space *as;
static struct rv64_cpu *h0, *h1;

static int setup(void **state)
{
	as = as_create();
	assert_non_null(as);
	assert_int_equal(as_add_ram(as, RAM_BASE, RAM_SIZE), 0);
	h0 = hart_new(as, 0);
	h1 = hart_new(as, 1);
	return 0;
}

static int teardown(void **state)
{
	hart_free(h0);
	hart_free(h1);
	reservation_forget_as(as);
	as_destroy(as);
	return 0;
}

static uint64_t amo(struct rv64_cpu *rv, unsigned f5, unsigned f3, uint64_t addr, uint64_t val)
{
	rv->common.slots[RV_SLOT_X(10)] = 0;
	rv->common.slots[RV_SLOT_X(11)] = addr;
	rv->common.slots[RV_SLOT_X(12)] = val;
	run_insn(rv, enc_amo(f5, f3, 10, 11, f5 == F5_LR ? 0 : 12));
	return rv->common.slots[RV_SLOT_X(10)];
}

static uint64_t *var64(uint64_t paddr)
{
	uint64_t *p = as_ram_ptr(as, paddr, 8);
	assert_non_null(p);
	return p;
}

static void test_amo_arith(void **state)
{
	uint64_t *v = var64(VAR);

	*v = 0x00000000fffffff0ULL;
	assert_int_equal(amo(h0, F5_ADD, W32, VAR, 0x20),
			 0xfffffffffffffff0ULL); /* sign-extended */
	assert_int_equal(*v, 0x10);
	assert_int_equal(amo(h0, F5_SWAP, D64, VAR, 0x1122334455667788ULL), 0x10);
	assert_int_equal(amo(h0, F5_XOR, D64, VAR, 0xff), 0x1122334455667788ULL);
	assert_int_equal(*v, 0x1122334455667777ULL);
	amo(h0, F5_AND, D64, VAR, 0xffff);
	assert_int_equal(*v, 0x7777);
	amo(h0, F5_OR, D64, VAR, 0x10000);
	assert_int_equal(*v, 0x17777);

	*v = 5;
	amo(h0, F5_MIN, D64, VAR, (uint64_t)-3);
	assert_int_equal(*v, (uint64_t)-3);
	amo(h0, F5_MINU, D64, VAR, 7);
	assert_int_equal(*v, 7);
	amo(h0, F5_MAX, D64, VAR, (uint64_t)-1);
	assert_int_equal(*v, 7);
	amo(h0, F5_MAXU, D64, VAR, (uint64_t)-1);
	assert_int_equal(*v, (uint64_t)-1);
	/* 32-bit signed compare on the low word only; the high word is untouched */
	*v = 0xaaaaaaaa00000005ULL;
	amo(h0, F5_MIN, W32, VAR, 0x80000000);
	assert_int_equal(*v, 0xaaaaaaaa80000000ULL);
	amo(h0, F5_MAXU, W32, VAR + 4, 0xbbbbbbbb);
	assert_int_equal(*v, 0xbbbbbbbb80000000ULL);
	assert_false(soft_cpu_faulted(&h0->common));
}

static void test_amo_faults(void **state)
{
	amo(h0, F5_ADD, D64, VAR + 4, 1);
	assert_true(soft_cpu_faulted(&h0->common));
	assert_int_equal(fault_code(&h0->common), RV_EXC_STORE_MISALIGNED);
	assert_int_equal(fault_value(&h0->common), VAR + 4);
	amo(h0, F5_LR, W32, VAR + 2, 0);
	assert_int_equal(fault_code(&h0->common), RV_EXC_LOAD_MISALIGNED);
	amo(h0, F5_SC, W32, VAR + 2, 0);
	assert_int_equal(fault_code(&h0->common), RV_EXC_STORE_MISALIGNED);
	amo(h0, F5_SWAP, W32, 0x1000, 0); /* not RAM */
	assert_int_equal(fault_code(&h0->common), RV_EXC_STORE_ACCESS);
	amo(h0, F5_LR, D64, 0x1000, 0);
	assert_int_equal(fault_code(&h0->common), RV_EXC_LOAD_ACCESS);
	/* bad funct5 / width */
	amo(h0, 0x1f, D64, VAR, 0);
	assert_int_equal(fault_code(&h0->common), RV_EXC_ILLEGAL);
	amo(h0, F5_ADD, 4, VAR, 0);
	assert_int_equal(fault_code(&h0->common), RV_EXC_ILLEGAL);
}

static void test_lr_sc_success(void **state)
{
	uint64_t *v = var64(VAR);
	uint32_t *word = as_page_word(as, VAR);

	*v = 0xffffffff80000001ULL;
	assert_int_equal(amo(h0, F5_LR, W32, VAR, 0), 0xffffffff80000001ULL);
	assert_true(*word & PAGE_RESERVED);
	assert_true(h0->res_valid);
	assert_int_equal(amo(h0, F5_SC, W32, VAR, 0x1234), 0);
	assert_int_equal(*v, 0xffffffff00001234ULL);
	/* the reservation is consumed */
	assert_int_equal(amo(h0, F5_SC, W32, VAR, 0x5678), 1);
	assert_int_equal(*v, 0xffffffff00001234ULL);
	/* SC without LR, SC to another address, SC of another size */
	assert_int_equal(amo(h0, F5_SC, D64, VAR, 1), 1);
	amo(h0, F5_LR, D64, VAR, 0);
	assert_int_equal(amo(h0, F5_SC, D64, VAR + 8, 1), 1);
	amo(h0, F5_LR, D64, VAR, 0);
	assert_int_equal(amo(h0, F5_SC, W32, VAR, 1), 1);
	assert_int_equal(*v, 0xffffffff00001234ULL);
	assert_false(soft_cpu_faulted(&h0->common));
}

static void test_sc_fails_after_other_store(void **state)
{
	uint64_t *v = var64(VAR);

	/* a plain store by hart 1, as the soft MMU's slow path reports it */
	*v = 1;
	amo(h0, F5_LR, D64, VAR, 0);
	*v = 2;
	reservation_store_hit(as, VAR, 8);
	*v = 1; /* ABA: the value is back, the reservation is still gone */
	assert_int_equal(amo(h0, F5_SC, D64, VAR, 3), 1);
	assert_int_equal(*v, 1);

	/* a store to a byte of the granule breaks it too */
	amo(h0, F5_LR, D64, VAR, 0);
	reservation_store_hit(as, VAR + 7, 1);
	assert_int_equal(amo(h0, F5_SC, D64, VAR, 3), 1);

	/* a store to another granule does not */
	amo(h0, F5_LR, D64, VAR, 0);
	reservation_store_hit(as, VAR + 8, 8);
	assert_int_equal(amo(h0, F5_SC, D64, VAR, 3), 0);
	assert_int_equal(*v, 3);

	/* an AMO by hart 1 */
	amo(h0, F5_LR, D64, VAR, 0);
	amo(h1, F5_ADD, D64, VAR, 0);
	assert_int_equal(amo(h0, F5_SC, D64, VAR, 4), 1);

	/* an SC by hart 1 to the same granule */
	amo(h0, F5_LR, D64, VAR, 0);
	amo(h1, F5_LR, D64, VAR, 0);
	assert_int_equal(amo(h1, F5_SC, D64, VAR, 5), 0);
	assert_int_equal(amo(h0, F5_SC, D64, VAR, 6), 1);
	assert_int_equal(*v, 5);

	/* a store that slipped past the page word (value changed, no hit): the CAS catches it */
	amo(h0, F5_LR, D64, VAR, 0);
	*v = 77;
	assert_int_equal(amo(h0, F5_SC, D64, VAR, 6), 1);
	assert_int_equal(*v, 77);
}

static void test_page_flag_follows_reservations(void **state)
{
	uint32_t *word = as_page_word(as, VAR);

	amo(h1, F5_LR, D64, VAR + 16, 0);
	amo(h0, F5_LR, D64, VAR, 0);
	assert_int_equal(amo(h0, F5_SC, D64, VAR, 1), 0);
	assert_true(*word & PAGE_RESERVED); /* hart 1 still holds one in this page */
	assert_int_equal(amo(h1, F5_SC, D64, VAR + 16, 1), 0);
	assert_false(*word & PAGE_RESERVED);
	/* moving a reservation to another page releases the old page */
	amo(h0, F5_LR, D64, VAR, 0);
	amo(h0, F5_LR, D64, VAR + 0x1000, 0);
	assert_false(*word & PAGE_RESERVED);
	assert_true(*as_page_word(as, VAR + 0x1000) & PAGE_RESERVED);
	/* a store hit on the last reservation of the page clears it too */
	reservation_store_hit(as, VAR + 0x1000, 8);
	assert_false(*as_page_word(as, VAR + 0x1000) & PAGE_RESERVED);
}

static void test_soft_mmu_store_breaks_reservation(void **state)
{
	amo(h0, F5_LR, D64, VAR, 0);
	assert_int_equal(mmu_store(&h1->common, VAR, 4, 9), 0);
	assert_int_equal(amo(h0, F5_SC, D64, VAR, 1), 1);
}

static void test_trap_clears_reservation(void **state)
{
	amo(h0, F5_LR, D64, VAR, 0);
	vcpu_raise(&h0->common, RV_EXC_ECALL_M, 0);
	rv64_do_trap(&h0->common);
	assert_false(h0->res_valid);
	assert_int_equal(amo(h0, F5_SC, D64, VAR, 1), 1);
}

#define THREAD_HARTS 4
#define ITERATIONS   20000

static void *lr_sc_worker(void *arg)
{
	struct rv64_cpu *rv = arg;

	for (unsigned i = 0; i < ITERATIONS; i++) {
		uint64_t v;
		do {
			v = amo(rv, F5_LR, D64, VAR, 0);
		} while (amo(rv, F5_SC, D64, VAR, v + 1) != 0);
		amo(rv, F5_ADD, W32, VAR + 8, 1);
	}
	return NULL;
}

static void test_lr_sc_threads(void **state)
{
	struct rv64_cpu *harts[THREAD_HARTS];
	pthread_t threads[THREAD_HARTS];
	uint64_t *v = var64(VAR);

	v[0] = 0;
	v[1] = 0;
	for (unsigned i = 0; i < THREAD_HARTS; i++) {
		harts[i] = hart_new(as, 2 + i);
		assert_int_equal(pthread_create(&threads[i], NULL, lr_sc_worker, harts[i]), 0);
	}
	for (unsigned i = 0; i < THREAD_HARTS; i++) {
		pthread_join(threads[i], NULL);
		hart_free(harts[i]);
	}
	assert_int_equal(v[0], (uint64_t)THREAD_HARTS * ITERATIONS);
	assert_int_equal((uint32_t)v[1], THREAD_HARTS * ITERATIONS);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_amo_arith),
	    T(test_amo_faults),
	    T(test_lr_sc_success),
	    T(test_sc_fails_after_other_store),
	    T(test_page_flag_follows_reservations),
	    T(test_soft_mmu_store_breaks_reservation),
	    T(test_trap_clears_reservation),
	    T(test_lr_sc_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
