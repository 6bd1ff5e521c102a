/*
 * test_plic.c - the PLIC: priorities and threshold, per-context enables,
 * claim order (priority, then lowest id), level-triggered re-pending after
 * complete, and the context outputs seen by a fake interrupt sink.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/riscv64/plic.h"

#define NCTX 4

static bool out[NCTX];
static unsigned notifications;

static void sink(void *opaque, unsigned ctx, bool level)
{
	assert_true(ctx < NCTX);
	assert_true(out[ctx] != level); /* only called on changes */
	out[ctx] = level;
	notifications++;
}

static int setup(void **state)
{
	struct plic *p = plic_create(NCTX, sink, NULL);

	assert_non_null(p);
	for (unsigned i = 0; i < NCTX; i++)
		out[i] = false;
	notifications = 0;
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	plic_destroy(*state);
	return 0;
}

static uint32_t rd(struct plic *p, uint64_t off)
{
	return (uint32_t)plic_mmio_ops.read(p, off, 4);
}

static void wr(struct plic *p, uint64_t off, uint32_t v)
{
	plic_mmio_ops.write(p, off, v, 4);
}

static void set_priority(struct plic *p, unsigned src, uint32_t prio)
{
	wr(p, PLIC_PRIORITY_BASE + 4 * src, prio);
}

static void enable(struct plic *p, unsigned ctx, unsigned src)
{
	uint64_t off = PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * ctx + 4 * (src / 32);

	wr(p, off, rd(p, off) | 1u << (src % 32));
}

static uint64_t claim_reg(unsigned ctx)
{
	return PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * ctx + 4;
}

static uint64_t threshold_reg(unsigned ctx)
{
	return PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * ctx;
}

static void test_registers(void **state)
{
	struct plic *p = *state;

	set_priority(p, 10, 5);
	assert_int_equal(rd(p, 4 * 10), 5);
	set_priority(p, 10, 0xff); /* 3 priority bits */
	assert_int_equal(rd(p, 4 * 10), 7);
	set_priority(p, 0, 3); /* source 0 does not exist */
	assert_int_equal(rd(p, 0), 0);
	wr(p, PLIC_ENABLE_BASE, 0xffffffff);
	assert_int_equal(rd(p, PLIC_ENABLE_BASE), 0xfffffffe);
	wr(p, threshold_reg(1), 3);
	assert_int_equal(rd(p, threshold_reg(1)), 3);
	/* contexts that do not exist read as zero and ignore writes */
	wr(p, threshold_reg(NCTX), 3);
	assert_int_equal(rd(p, threshold_reg(NCTX)), 0);
	assert_int_equal(rd(p, claim_reg(NCTX)), 0);
}

static void test_pending_needs_enable_and_priority(void **state)
{
	struct plic *p = *state;

	plic_set_irq(p, 10, true);
	assert_int_equal(rd(p, PLIC_PENDING_BASE) & (1u << 10), 1u << 10);
	assert_false(out[0]); /* not enabled, priority 0 */
	enable(p, 0, 10);
	assert_false(out[0]); /* priority 0 never interrupts */
	set_priority(p, 10, 1);
	assert_true(out[0]);
	assert_false(out[1]); /* only the enabling context */
	wr(p, threshold_reg(0), 1);
	assert_false(out[0]); /* priority must exceed the threshold */
	wr(p, threshold_reg(0), 0);
	assert_true(out[0]);
	plic_set_irq(p, 10, false);
	assert_false(out[0]);
	assert_int_equal(rd(p, PLIC_PENDING_BASE), 0);
}

static void test_claim_order_and_complete(void **state)
{
	struct plic *p = *state;

	set_priority(p, 3, 2);
	set_priority(p, 40, 6);
	set_priority(p, 7, 2);
	enable(p, 1, 3);
	enable(p, 1, 40);
	enable(p, 1, 7);
	plic_set_irq(p, 3, true);
	plic_set_irq(p, 7, true);
	plic_set_irq(p, 40, true);
	assert_true(out[1]);
	assert_int_equal(rd(p, claim_reg(1)), 40); /* highest priority */
	assert_int_equal(rd(p, claim_reg(1)), 3);  /* tie: lowest id */
	assert_int_equal(rd(p, claim_reg(1)), 7);
	assert_false(out[1]);
	assert_int_equal(rd(p, claim_reg(1)), 0); /* nothing left */
	/* lines still high: nothing re-pends until complete */
	assert_int_equal(rd(p, PLIC_PENDING_BASE) & (1u << 3), 0);
	wr(p, claim_reg(1), 3);
	assert_true(out[1]);
	assert_int_equal(rd(p, claim_reg(1)), 3);
	/* a line that dropped while in service does not come back */
	plic_set_irq(p, 7, false);
	wr(p, claim_reg(1), 7);
	assert_int_equal(rd(p, PLIC_PENDING_BASE) & (1u << 7), 0);
	/* completing a source that is not in service changes nothing */
	wr(p, claim_reg(1), 50);
	wr(p, claim_reg(1), 0);
	assert_false(out[1]);
}

static void test_threshold_masks_low_priority(void **state)
{
	struct plic *p = *state;

	set_priority(p, 1, 1);
	set_priority(p, 2, 4);
	enable(p, 2, 1);
	enable(p, 2, 2);
	wr(p, threshold_reg(2), 3);
	plic_set_irq(p, 1, true);
	assert_false(out[2]);
	assert_int_equal(rd(p, claim_reg(2)), 0);
	plic_set_irq(p, 2, true);
	assert_true(out[2]);
	assert_int_equal(rd(p, claim_reg(2)), 2);
	assert_false(out[2]);
}

static void test_two_contexts_share_a_source(void **state)
{
	struct plic *p = *state;

	set_priority(p, 33, 1);
	enable(p, 0, 33);
	enable(p, 3, 33);
	plic_set_irq(p, 33, true);
	assert_true(out[0]);
	assert_true(out[3]);
	assert_int_equal(rd(p, PLIC_PENDING_BASE + 4), 1u << 1);
	assert_int_equal(rd(p, claim_reg(3)), 33);
	assert_false(out[0]); /* claimed by context 3: no longer pending anywhere */
	assert_int_equal(rd(p, claim_reg(0)), 0);
	wr(p, claim_reg(3), 33);
	assert_true(out[0]);
}

static void test_bad_input_is_harmless(void **state)
{
	struct plic *p = *state;

	plic_set_irq(p, 0, true);
	plic_set_irq(p, PLIC_NUM_SOURCES, true);
	plic_set_irq(p, 1000, true);
	assert_int_equal(notifications, 0);
	assert_int_equal(plic_mmio_ops.read(p, 2, 1), 0);
	plic_mmio_ops.write(p, 0x28, 5, 1); /* narrow write ignored */
	assert_int_equal(rd(p, 0x28), 0);
	assert_null(plic_create(0, sink, NULL));
	assert_null(plic_create(PLIC_MAX_CONTEXTS + 1, sink, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_registers, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_pending_needs_enable_and_priority, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_claim_order_and_complete, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_threshold_masks_low_priority, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_two_contexts_share_a_source, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_input_is_harmless, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
