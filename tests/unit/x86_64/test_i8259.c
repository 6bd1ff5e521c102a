/*
 * test_i8259.c - the 8259 pair (i8259.c): Linux's probe (the mask reads back), the ICW1-ICW4
 * sequence (vector bases 0x20 and 0x28, cascade), masking, edge requests latched on rising
 * edges, level requests (ELCR) following the line, the slave through the master's IRQ 2,
 * acknowledge and the non-specific and specific EOIs, reading IRR and ISR (OCW3), poll.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/x86_64/i8259.h"

static void out_master(struct i8259 *p, unsigned port, uint8_t v)
{
	i8259_master_mmio_ops.write(p, port, v, 1);
}

static void out_slave(struct i8259 *p, unsigned port, uint8_t v)
{
	i8259_slave_mmio_ops.write(p, port, v, 1);
}

static uint8_t in_master(struct i8259 *p, unsigned port)
{
	return (uint8_t)i8259_master_mmio_ops.read(p, port, 1);
}

/* Linux's init_8259A. */
static void linux_init(struct i8259 *p)
{
	out_master(p, 1, 0xff);
	out_slave(p, 1, 0xff);
	out_master(p, 0, 0x11); /* ICW1: edge, cascade, ICW4 */
	out_master(p, 1, 0x20); /* ICW2: vectors 0x20-0x27 */
	out_master(p, 1, 0x04); /* ICW3: slave on IRQ 2 */
	out_master(p, 1, 0x01); /* ICW4: 8086 mode */
	out_slave(p, 0, 0x11);
	out_slave(p, 1, 0x28);
	out_slave(p, 1, 0x02);
	out_slave(p, 1, 0x01);
}

static void test_probe_and_init(void **state)
{
	struct i8259 *p = i8259_create(NULL, NULL);

	(void)state;
	assert_non_null(p);
	out_master(p, 1, 0xff);
	assert_int_equal(in_master(p, 1), 0xff);
	out_master(p, 1, 0xa5);
	assert_int_equal(in_master(p, 1), 0xa5);
	linux_init(p);
	assert_int_equal(in_master(p, 1), 0); /* ICW1 clears the mask */
	out_master(p, 1, 0xfb);		      /* all but the cascade masked */
	out_slave(p, 1, 0xff);
	i8259_set_irq(p, 3, true);
	assert_false(i8259_output(p));
	out_master(p, 1, 0xf3); /* unmask IRQ 3 */
	assert_true(i8259_output(p));
	assert_int_equal(i8259_ack(p), 0x23);
	assert_false(i8259_output(p));
	/* IRR (default read) is clear, ISR holds IRQ 3 */
	assert_int_equal(in_master(p, 0), 0x00);
	out_master(p, 0, 0x0b); /* OCW3: read ISR */
	assert_int_equal(in_master(p, 0), 0x08);
	out_master(p, 0, 0x20); /* non-specific EOI */
	assert_int_equal(in_master(p, 0), 0x00);
	i8259_destroy(p);
}

static void test_edge_level_cascade(void **state)
{
	struct i8259 *p = i8259_create(NULL, NULL);

	(void)state;
	linux_init(p);
	/* edge: the line staying high requests once */
	i8259_set_irq(p, 1, true);
	assert_int_equal(i8259_ack(p), 0x21);
	out_master(p, 0, 0x61); /* specific EOI 1 */
	assert_false(i8259_output(p));
	i8259_set_irq(p, 1, false);
	/* level (ELCR bit 10 = slave IRQ 2): follows the line */
	i8259_elcr_mmio_ops.write(p, 1, 0x04, 1);
	assert_int_equal(i8259_elcr_mmio_ops.read(p, 1, 1), 0x04);
	i8259_set_irq(p, 10, true);
	assert_true(i8259_output(p));
	assert_int_equal(i8259_ack(p), 0x2a);
	out_slave(p, 0, 0x20);
	out_master(p, 0, 0x20);
	assert_true(i8259_output(p)); /* still high: requested again */
	/* gone before the acknowledge: the master latched the cascade's edge, the slave has
	 * nothing, so the acknowledge gives the slave's spurious vector (IRQ 15) */
	i8259_set_irq(p, 10, false);
	assert_int_equal(i8259_ack(p), 0x2f);
	out_master(p, 0, 0x20);
	assert_false(i8259_output(p));
	/* priority: IRQ 0 outranks IRQ 5; in service 0 holds 5 back */
	i8259_set_irq(p, 5, true);
	i8259_set_irq(p, 0, true);
	assert_int_equal(i8259_ack(p), 0x20);
	assert_false(i8259_output(p));
	out_master(p, 0, 0x20);
	/* poll mode: 0x80 | the IRQ, acknowledged */
	out_master(p, 0, 0x0c);
	assert_int_equal(in_master(p, 0), 0x85);
	assert_false(i8259_output(p));
	/* nothing pending: spurious IRQ 7 */
	out_master(p, 0, 0x20);
	assert_int_equal(i8259_ack(p), 0x27);
	i8259_destroy(p);
}

static unsigned rises;

static void count_rise(void *opaque)
{
	assert_ptr_equal(opaque, &rises);
	rises++;
}

/* The output's rising edges reach the APICs (ExtINT), once each. */
static void test_output_notifies(void **state)
{
	struct i8259 *p = i8259_create(count_rise, &rises);

	(void)state;
	linux_init(p);
	rises = 0;
	i8259_set_irq(p, 4, true);
	i8259_set_irq(p, 3, true);
	assert_int_equal(rises, 1);
	assert_int_equal(i8259_ack(p), 0x23);
	out_master(p, 0, 0x20); /* IRQ 4 still requested: high again */
	assert_int_equal(rises, 2);
	i8259_destroy(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_probe_and_init),
	    cmocka_unit_test(test_edge_level_cascade),
	    cmocka_unit_test(test_output_notifies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
