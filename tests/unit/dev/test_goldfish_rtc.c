/*
 * test_goldfish_rtc.c - the Goldfish RTC reads host wall-clock ns, can be
 * set by the guest, and raises its line for an alarm already due.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include "dev/goldfish_rtc.h"

static bool line;

static void fake_irq_set(void *ctrl, unsigned irq, bool level)
{
	line = level;
}

static uint64_t wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t read_time(struct goldfish_rtc *rtc)
{
	uint64_t lo = goldfish_rtc_mmio_ops.read(rtc, 0x00, 4);
	uint64_t hi = goldfish_rtc_mmio_ops.read(rtc, 0x04, 4);

	return hi << 32 | lo;
}

static void test_time_is_wall_clock(void **state)
{
	struct goldfish_rtc *rtc = goldfish_rtc_create(NULL, NULL, (struct irq_line){0});
	uint64_t before = wall_ns(), t = read_time(rtc), after = wall_ns();

	assert_true(t >= before && t <= after);
	goldfish_rtc_destroy(rtc);
}

static void test_set_time(void **state)
{
	struct goldfish_rtc *rtc = goldfish_rtc_create(NULL, NULL, (struct irq_line){0});
	uint64_t want = 1000000000ull * 3600 * 24 * 365; /* 1971 */
	uint64_t t;

	goldfish_rtc_mmio_ops.write(rtc, 0x04, want >> 32, 4);
	goldfish_rtc_mmio_ops.write(rtc, 0x00, (uint32_t)want, 4);
	t = read_time(rtc);
	assert_true(t >= want && t < want + 1000000000ull);
	goldfish_rtc_destroy(rtc);
}

static void test_alarm_in_the_past_fires(void **state)
{
	struct goldfish_rtc *rtc =
	    goldfish_rtc_create(NULL, NULL, (struct irq_line){fake_irq_set, NULL, 11});
	uint64_t past = wall_ns() - 1000000000ull;

	line = false;
	goldfish_rtc_mmio_ops.write(rtc, 0x10, 1, 4); /* IRQ_ENABLED */
	goldfish_rtc_mmio_ops.write(rtc, 0x0c, past >> 32, 4);
	goldfish_rtc_mmio_ops.write(rtc, 0x08, (uint32_t)past, 4);
	assert_true(line);
	assert_int_equal(goldfish_rtc_mmio_ops.read(rtc, 0x18, 4), 0); /* no longer armed */
	goldfish_rtc_mmio_ops.write(rtc, 0x1c, 1, 4);		       /* CLEAR_INTERRUPT */
	assert_false(line);
	/* an alarm far in the future stays armed and silent, and can be cleared */
	goldfish_rtc_mmio_ops.write(rtc, 0x0c, 0xffffffffu, 4);
	goldfish_rtc_mmio_ops.write(rtc, 0x08, 0, 4);
	assert_int_equal(goldfish_rtc_mmio_ops.read(rtc, 0x18, 4), 1);
	assert_false(line);
	goldfish_rtc_mmio_ops.write(rtc, 0x14, 1, 4);
	assert_int_equal(goldfish_rtc_mmio_ops.read(rtc, 0x18, 4), 0);
	/* unknown registers are harmless */
	goldfish_rtc_mmio_ops.write(rtc, 0x800, 1, 4);
	assert_int_equal(goldfish_rtc_mmio_ops.read(rtc, 0x800, 4), 0);
	goldfish_rtc_destroy(rtc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_time_is_wall_clock),
	    cmocka_unit_test(test_set_time),
	    cmocka_unit_test(test_alarm_in_the_past_fires),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
