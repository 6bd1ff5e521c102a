/* mmio.c - MMIO exits: the goldfish RTC (reads), an unmapped hole (all-ones), and the test
 * device (writes): a PASS write ends the run with exit status 0. */
#include "lib.h"

static uint64_t rtc_ns(void)
{
	uint64_t lo = mmio_read32(RTC_BASE + 0x00); /* TIME_LOW latches TIME_HIGH */

	return lo | (uint64_t)mmio_read32(RTC_BASE + 0x04) << 32;
}

int main(void)
{
	uint64_t t0, t1;

	puts_serial("kvm mmio test\n");
	t0 = rtc_ns();
	check(t0 > 1000000000ull * 1000000000ull, "RTC time is after 2001 (MMIO read exit)");
	for (unsigned i = 0; i < 100000; i++)
		cpu_relax();
	t1 = rtc_ns();
	check(t1 > t0, "RTC time advances");
	check(mmio_read32(0xd0100000ul) == 0xffffffffu, "unmapped MMIO reads all-ones");
	check(*(volatile uint8_t *)(0xd0100003ul) == 0xff, "unmapped 8-bit MMIO read");
	puts_serial("PASS (mmio)\n");
	mmio_write32(TEST_DEVICE, 0x5555); /* power off: exit status 0 */
	fail("the test device did not stop the VM");
}
