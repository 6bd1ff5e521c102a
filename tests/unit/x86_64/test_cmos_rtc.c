/*
 * test_cmos_rtc.c - the CMOS RTC (cmos_rtc.c) on a fixed host time: BCD and 24-hour by
 * default, binary and 12-hour as register B says, century, status A/C/D, writing the time
 * moves the guest clock only, RAM bytes kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/x86_64/cmos_rtc.h"

static int64_t host_now;

static int64_t fixed_now(void)
{
	return host_now;
}

static uint8_t rd(struct cmos_rtc *r, uint8_t reg)
{
	cmos_rtc_mmio_ops.write(r, 0, reg, 1);
	return (uint8_t)cmos_rtc_mmio_ops.read(r, 1, 1);
}

static void wr(struct cmos_rtc *r, uint8_t reg, uint8_t v)
{
	cmos_rtc_mmio_ops.write(r, 0, reg, 1);
	cmos_rtc_mmio_ops.write(r, 1, v, 1);
}

static void test_bcd_binary_12h(void **state)
{
	struct cmos_rtc *r = cmos_rtc_create(fixed_now);

	(void)state;
	host_now = 1767225599; /* 2025-12-31 23:59:59 UTC, a Wednesday */
	assert_int_equal(rd(r, 0), 0x59);
	assert_int_equal(rd(r, 2), 0x59);
	assert_int_equal(rd(r, 4), 0x23);
	assert_int_equal(rd(r, 6), 4); /* Sunday = 1 */
	assert_int_equal(rd(r, 7), 0x31);
	assert_int_equal(rd(r, 8), 0x12);
	assert_int_equal(rd(r, 9), 0x25);
	assert_int_equal(rd(r, 0x32), 0x20);
	assert_int_equal(rd(r, 0x0a) & 0x80, 0); /* no update in progress */
	assert_int_equal(rd(r, 0x0d), 0x80);
	wr(r, 0x0b, 0x04); /* binary, 12-hour */
	assert_int_equal(rd(r, 0), 59);
	assert_int_equal(rd(r, 4), 0x80 | 11); /* 11 pm */
	assert_int_equal(rd(r, 9), 25);
	host_now += 1;
	assert_int_equal(rd(r, 9), 26);
	assert_int_equal(rd(r, 8), 1);
	assert_int_equal(rd(r, 4), 12); /* midnight: 12 am */
	cmos_rtc_destroy(r);
}

static void test_writes(void **state)
{
	struct cmos_rtc *r = cmos_rtc_create(fixed_now);

	(void)state;
	host_now = 1767225599;
	wr(r, 9, 0x30); /* 2030 */
	assert_int_equal(rd(r, 9), 0x30);
	assert_int_equal(rd(r, 0), 0x59);
	host_now += 60;
	assert_int_equal(rd(r, 9), 0x31); /* the guest's clock runs on from there */
	wr(r, 4, 0x05);
	assert_int_equal(rd(r, 4), 0x05);
	wr(r, 0x20, 0xab); /* RAM */
	assert_int_equal(rd(r, 0x20), 0xab);
	wr(r, 0x0d, 0); /* read-only */
	assert_int_equal(rd(r, 0x0d), 0x80);
	assert_int_equal(rd(r, 0x0c), 0);
	assert_int_equal(cmos_rtc_mmio_ops.read(r, 0, 1), 0xff);
	cmos_rtc_destroy(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bcd_binary_12h),
	    cmocka_unit_test(test_writes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
