/*
 * test_pit.c - the 8254 (pit.c) on a fake clock: channel 0 in mode 2 counts down from the
 * reload value at 1.193182 MHz and pulses IRQ 0 every period, lobyte/hibyte access with the
 * counter latch and the read-back status, mode 0's single interrupt and OUT, channel 2's gate
 * and OUT2 in port 0x61, and the minimum interrupt period.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/x86_64/pit.h"
#include "fake_clock.h"

static unsigned rising;
static bool level;

static void record_irq(void *ctrl, unsigned irq, bool l)
{
	assert_int_equal(irq, 0);
	(void)ctrl;
	if (l && !level)
		rising++;
	level = l;
}

static struct pit *make(void)
{
	struct irq_line line = {.set = record_irq, .irq = 0};
	struct pit *p;

	fake_clock_reset();
	rising = 0;
	level = false;
	p = pit_create(NULL, &fake_clock, line);
	assert_non_null(p);
	return p;
}

static void out(struct pit *p, unsigned port, uint8_t v)
{
	pit_mmio_ops.write(p, port - PIT_PORT, v, 1);
}

static uint8_t in(struct pit *p, unsigned port)
{
	return (uint8_t)pit_mmio_ops.read(p, port - PIT_PORT, 1);
}

static uint16_t read_count(struct pit *p, unsigned port)
{
	uint8_t lo = in(p, port);

	return (uint16_t)(lo | in(p, port) << 8);
}

static void test_mode2_counts_and_irqs(void **state)
{
	struct pit *p = make();

	(void)state;
	out(p, 0x43, 0x34); /* channel 0, lobyte/hibyte, mode 2 */
	out(p, 0x40, 1193 & 0xff);
	out(p, 0x40, 1193 >> 8);
	advance_to(500000); /* 0.5 ms: 596 ticks */
	assert_int_equal(read_count(p, 0x40), 1193 - 596);
	assert_int_equal(rising, 0);
	advance_to(1000000); /* 1193 ticks: the first terminal count */
	assert_int_equal(rising, 1);
	for (unsigned ms = 2; ms <= 10; ms++)
		advance_to(ms * 1000000ull + 1000);
	assert_int_equal(rising, 10);
	/* latch: the count of the latch time, whatever time does after */
	out(p, 0x43, 0x00);
	advance_to(now_ns + 100000);
	{
		uint16_t latched = read_count(p, 0x40);
		uint16_t live = read_count(p, 0x40);

		assert_true(latched != live);
	}
	/* read-back status of channel 0: OUT high, access 3, mode 2 */
	out(p, 0x43, 0xe2);
	assert_int_equal(in(p, 0x40) & 0x3f, 0x34);
	pit_destroy(p);
}

static void test_mode0_and_channel2_gate(void **state)
{
	struct pit *p = make();

	(void)state;
	out(p, 0x43, 0x30); /* channel 0, mode 0 */
	out(p, 0x40, 0x00);
	out(p, 0x40, 0x10); /* 4096 ticks: 3.43 ms */
	advance_to(3000000);
	assert_int_equal(rising, 0);
	advance_to(4000000);
	assert_int_equal(rising, 1);
	advance_to(100000000);
	assert_int_equal(rising, 1); /* once */

	/* channel 2 as Linux's calibration: gate on, mode 0, wait for OUT2 */
	pit_port61_mmio_ops.write(p, 0, 0x01, 1);
	out(p, 0x43, 0xb0);
	out(p, 0x42, 0x9c);
	out(p, 0x42, 0x2e); /* 11932 ticks: 10 ms */
	assert_int_equal(pit_port61_mmio_ops.read(p, 0, 1) & 0x21, 0x01);
	advance_to(now_ns + 5000000);
	pit_port61_mmio_ops.write(p, 0, 0x00, 1); /* gate off: stops */
	{
		uint16_t held = read_count(p, 0x42);

		advance_to(now_ns + 50000000);
		assert_int_equal(read_count(p, 0x42), held);
		assert_int_equal(pit_port61_mmio_ops.read(p, 0, 1) & 0x20, 0);
	}
	pit_port61_mmio_ops.write(p, 0, 0x01, 1); /* continues */
	advance_to(now_ns + 5100000);
	assert_int_equal(pit_port61_mmio_ops.read(p, 0, 1) & 0x20, 0x20);
	pit_destroy(p);
}

static void test_min_period(void **state)
{
	struct pit *p = make();

	(void)state;
	out(p, 0x43, 0x34);
	out(p, 0x40, 2); /* 1.7 us: stretched to 100 us between interrupts */
	out(p, 0x40, 0);
	for (uint64_t t = 0; t <= 1000000; t += 1000)
		advance_to(t);
	assert_true(rising >= 9 && rising <= 11);
	pit_destroy(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mode2_counts_and_irqs),
	    cmocka_unit_test(test_mode0_and_channel2_gate),
	    cmocka_unit_test(test_min_period),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
