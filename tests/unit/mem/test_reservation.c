/*
 * test_reservation.c - LR/SC reservations against writes from outside the harts: a device's
 * DMA (as_note_dma_write) or as_write into a reserved granule makes the store-conditional
 * fail even when it wrote the value already there (the case a value compare cannot catch);
 * writes elsewhere, in the same page or not, leave the reservation alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "core/memory.h"
#include "mem/reservation.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (64u << 10)
#define RESERVED (RAM_BASE + 2 * PAGE_SIZE + 0x40) /* a granule in the third page */

static struct address_space *as;

static int setup(void **state)
{
	as = as_create();
	if (!as || as_add_ram(as, RAM_BASE, RAM_SIZE))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	reservation_forget_as(as);
	as_destroy(as);
	return 0;
}

/* LR at RESERVED, run the write, then SC RESERVED from its current value to 42. */
static bool sc_after(void (*write)(void))
{
	uint64_t *host = as_ram_ptr(as, RESERVED, 8), old;

	assert_non_null(host);
	reservation_set(as, 0, RESERVED);
	old = __atomic_load_n(host, __ATOMIC_SEQ_CST);
	write();
	return reservation_store_conditional(as, 0, RESERVED, host, 8, old, 42);
}

static void no_write(void)
{
}

/* the device writes the bytes already there: only the reservation can tell */
static void dma_same_value(void)
{
	as_note_dma_write(as, RESERVED, 8);
}

static void dma_covering_two_pages(void)
{
	as_note_dma_write(as, RAM_BASE + PAGE_SIZE + 16, PAGE_SIZE + 0x100);
}

static void dma_same_page_other_granule(void)
{
	as_note_dma_write(as, RESERVED + 8, 64);
}

static void dma_other_page(void)
{
	as_note_dma_write(as, RAM_BASE, PAGE_SIZE);
}

static void as_write_same_value(void)
{
	uint64_t v;

	assert_int_equal(as_read(as, RESERVED, &v, sizeof(v)), 0);
	assert_int_equal(as_write(as, RESERVED, &v, sizeof(v)), 0);
}

static void test_sc_succeeds_without_writes(void **state)
{
	assert_true(sc_after(no_write));
}

static void test_dma_breaks(void **state)
{
	assert_false(sc_after(dma_same_value));
	assert_false(sc_after(dma_covering_two_pages));
	assert_false(sc_after(as_write_same_value));
}

static void test_dma_elsewhere_keeps(void **state)
{
	assert_true(sc_after(dma_same_page_other_granule));
	assert_true(sc_after(dma_other_page));
}

/* once the reservation is gone the page leaves the slow path again */
static void test_page_flag_cleared(void **state)
{
	uint32_t *word = as_page_word(as, RESERVED);

	assert_false(sc_after(dma_same_value));
	assert_int_equal(__atomic_load_n(word, __ATOMIC_SEQ_CST) & PAGE_RESERVED, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_sc_succeeds_without_writes, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dma_breaks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_dma_elsewhere_keeps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_page_flag_cleared, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
