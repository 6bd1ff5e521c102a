/*
 * test_clint.c - the CLINT: mtime follows the guest clock at 10 MHz,
 * mtimecmp writes (64-bit and two 32-bit halves) set or clear MTIP and arm
 * the hart's timer for the right instant, the timer firing raises MTIP,
 * mtime writes shift the clock, and msip drives MSIP.
 *
 * The lines go to a recorder (mip per hart, as the board maps them), and the
 * guest clock and the timer queue are replaced here, so time is under the
 * test's control.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "arch/riscv64/clint.h"
#include "arch/riscv64/cpu.h"
#include "core/vm.h"

#define MIP_MSIP (1ull << RV_IRQ_MSI)
#define MIP_MTIP (1ull << RV_IRQ_MTI)

static struct vm the_vm;
static uint64_t mip[2];
static uint64_t now_ns;

struct vtimer {
	vtimer_fn fn;
	void *opaque;
	uint64_t deadline;
};

static struct vtimer *timers[4];
static unsigned ntimers;

static void record_line(void *opaque, unsigned hart, enum clint_line line, bool level)
{
	uint64_t mask = line == CLINT_MTI ? MIP_MTIP : MIP_MSIP;

	assert_ptr_equal(opaque, &the_vm);
	assert_true(hart < 2);
	if (level)
		mip[hart] |= mask;
	else
		mip[hart] &= ~mask;
}

uint64_t vclock_ns(const struct vclock *c)
{
	assert_ptr_equal(c, &the_vm.clock);
	return now_ns;
}

struct vtimer *vtimer_create(struct timer_queue *q, vtimer_fn fn, void *opaque)
{
	struct vtimer *t = calloc(1, sizeof(*t));

	t->fn = fn;
	t->opaque = opaque;
	t->deadline = UINT64_MAX;
	timers[ntimers++] = t;
	return t;
}

void vtimer_destroy(struct vtimer *t)
{
	for (unsigned i = 0; i < ntimers; i++)
		if (timers[i] == t)
			timers[i] = NULL;
	free(t);
}

void vtimer_arm(struct vtimer *t, uint64_t deadline_ns)
{
	t->deadline = deadline_ns;
}

/* Move the guest clock to ns and run the timers that are due, as the queue thread would. */
static void advance_to(uint64_t ns)
{
	now_ns = ns;
	for (unsigned i = 0; i < ntimers; i++) {
		struct vtimer *t = timers[i];

		if (t && t->deadline <= now_ns) {
			t->deadline = UINT64_MAX;
			t->fn(t->opaque);
		}
	}
}

static int setup(void **state)
{
	struct clint *c;

	the_vm.ncpus = 2;
	mip[0] = mip[1] = 0;
	now_ns = 0;
	ntimers = 0;
	c = clint_create(&the_vm, record_line, &the_vm);
	assert_non_null(c);
	assert_int_equal(ntimers, 2);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	clint_destroy(*state);
	return 0;
}

static uint64_t rd(struct clint *c, uint64_t off, unsigned size)
{
	return clint_mmio_ops.read(c, off, size);
}

static void wr(struct clint *c, uint64_t off, uint64_t v, unsigned size)
{
	clint_mmio_ops.write(c, off, v, size);
}

static void test_mtime_is_guest_ns_over_100(void **state)
{
	struct clint *c = *state;

	now_ns = 123456789;
	assert_int_equal(rd(c, CLINT_MTIME, 8), 1234567);
	assert_int_equal(clint_mtime(c), 1234567);
	now_ns = 100ull * 0x123456789ull;
	assert_int_equal(rd(c, CLINT_MTIME, 4), 0x23456789);
	assert_int_equal(rd(c, CLINT_MTIME + 4, 4), 0x1);
}

static void test_mtimecmp_reset_value_and_readback(void **state)
{
	struct clint *c = *state;

	assert_int_equal(rd(c, CLINT_MTIMECMP_BASE, 8), UINT64_MAX);
	wr(c, CLINT_MTIMECMP_BASE + 8, 0x1122334455667788ull, 8);
	assert_int_equal(rd(c, CLINT_MTIMECMP_BASE + 8, 8), 0x1122334455667788ull);
	assert_int_equal(rd(c, CLINT_MTIMECMP_BASE + 8, 4), 0x55667788);
	assert_int_equal(rd(c, CLINT_MTIMECMP_BASE + 12, 4), 0x11223344);
	assert_int_equal(mip[0] | mip[1], 0);
}

static void test_mtip_on_write_and_on_timer(void **state)
{
	struct clint *c = *state;

	now_ns = 1000; /* mtime 10 */
	wr(c, CLINT_MTIMECMP_BASE, 5, 8);
	assert_true(mip[0] & MIP_MTIP); /* already due */
	assert_false(mip[1] & MIP_MTIP);
	wr(c, CLINT_MTIMECMP_BASE, 50, 8);
	assert_false(mip[0] & MIP_MTIP); /* re-evaluated: cleared */
	assert_int_equal(timers[0]->deadline, 5000);
	advance_to(4999);
	assert_false(mip[0] & MIP_MTIP);
	advance_to(5000);
	assert_true(mip[0] & MIP_MTIP);
	/* disarm with all ones */
	wr(c, CLINT_MTIMECMP_BASE, UINT64_MAX, 8);
	assert_false(mip[0] & MIP_MTIP);
	assert_int_equal(timers[0]->deadline, UINT64_MAX);
}

static void test_mtimecmp_32bit_halves(void **state)
{
	struct clint *c = *state;

	now_ns = 0;
	/* the usual RV32-style sequence: high to all ones, low, then high */
	wr(c, CLINT_MTIMECMP_BASE + 12, 0xffffffff, 4);
	wr(c, CLINT_MTIMECMP_BASE + 8, 200, 4);
	wr(c, CLINT_MTIMECMP_BASE + 12, 0, 4);
	assert_int_equal(rd(c, CLINT_MTIMECMP_BASE + 8, 8), 200);
	assert_int_equal(timers[1]->deadline, 20000);
	assert_false(mip[1] & MIP_MTIP);
	advance_to(20000);
	assert_true(mip[1] & MIP_MTIP);
	assert_false(mip[0] & MIP_MTIP);
}

static void test_deadline_rounds_to_tick(void **state)
{
	struct clint *c = *state;

	now_ns = 1050; /* mtime 10, half a tick in */
	wr(c, CLINT_MTIMECMP_BASE, 11, 8);
	assert_int_equal(timers[0]->deadline, 1100);
}

static void test_mtime_write_shifts_clock(void **state)
{
	struct clint *c = *state;

	now_ns = 1000;
	wr(c, CLINT_MTIMECMP_BASE, 1000, 8);
	assert_false(mip[0] & MIP_MTIP);
	wr(c, CLINT_MTIME, 5000, 8);
	assert_int_equal(rd(c, CLINT_MTIME, 8), 5000);
	assert_true(mip[0] & MIP_MTIP); /* mtime jumped past mtimecmp */
	now_ns = 2000;
	assert_int_equal(clint_mtime(c), 5010);
}

static void test_msip(void **state)
{
	struct clint *c = *state;

	wr(c, 4, 1, 4);
	assert_true(mip[1] & MIP_MSIP);
	assert_false(mip[0] & MIP_MSIP);
	assert_int_equal(rd(c, 4, 4), 1);
	wr(c, 4, 0, 4);
	assert_false(mip[1] & MIP_MSIP);
	wr(c, 0, 0xfffffffe, 4); /* only bit 0 counts */
	assert_false(mip[0] & MIP_MSIP);
	/* harts that do not exist and unknown offsets are ignored */
	wr(c, 8, 1, 4);
	wr(c, 0x8000, 1, 4);
	assert_int_equal(rd(c, 8, 4), 0);
	assert_int_equal(mip[0] | mip[1], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_mtime_is_guest_ns_over_100, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mtimecmp_reset_value_and_readback, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_mtip_on_write_and_on_timer, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mtimecmp_32bit_halves, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_deadline_rounds_to_tick, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_mtime_write_shifts_clock, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_msip, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
