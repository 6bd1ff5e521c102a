/*
 * test_acpi_pm.c - the ACPI PM device (src/dev/acpi_pm.c) on a frozen VM
 * clock: the PM timer counts 3.579545 MHz of VM time in 32 bits and sets
 * TMR_STS when bit 31 turns over (write-1-to-clear, the SCI follows TMR_EN,
 * raised by the timer thread at the carry itself);
 * PM1_CNT reads SCI_EN and keeps SLP_TYP; SLP_EN with S5 powers off, other
 * sleep types do nothing; the reset register resets on bit 2 only; byte
 * accesses and reads past the block behave.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <cmocka.h>

#include "core/clock.h"
#include "dev/acpi_pm.h"

static unsigned stops;
static enum vm_stop_reason last_reason;
static int sci_level = -1;
static struct vm the_vm;

void vm_request_stop(struct vm *vm, enum vm_stop_reason reason, const char *msg)
{
	(void)msg;
	assert_ptr_equal(vm, &the_vm);
	stops++;
	last_reason = reason;
}

/* May run on the timer thread: records, asserts nothing. */
static void fake_sci(void *ctrl, unsigned irq, bool level)
{
	(void)ctrl;
	__atomic_store_n(&sci_level, irq == 9 ? (int)level : -2, __ATOMIC_RELEASE);
}

/* A clock that reads ns until changed: paused at ns since a start of 0. */
static struct vclock frozen(uint64_t ns)
{
	return (struct vclock){.start_ns = 0, .paused_ns = 0, .pause_began_ns = ns};
}

static struct acpi_pm *create(const struct vclock *clock)
{
	stops = 0;
	last_reason = VM_STOP_NONE;
	sci_level = -1;
	return acpi_pm_create(&the_vm, clock, NULL, (struct irq_line){fake_sci, NULL, 9});
}

static uint64_t rd(struct acpi_pm *pm, uint64_t offset, unsigned size)
{
	return acpi_pm_mmio_ops.read(pm, offset, size);
}

static void wr(struct acpi_pm *pm, uint64_t offset, uint64_t value, unsigned size)
{
	acpi_pm_mmio_ops.write(pm, offset, value, size);
}

static void test_timer(void **state)
{
	struct vclock clock = frozen(1000000000ull); /* one second: 3579545 ticks */
	struct acpi_pm *pm = create(&clock);

	(void)state;
	assert_int_equal(rd(pm, ACPI_PM_TMR_OFFSET, 4), 3579545);
	assert_int_equal(rd(pm, ACPI_PM_TMR_OFFSET + 1, 1), (3579545 >> 8) & 0xff);
	assert_int_equal(rd(pm, ACPI_PM1_EVT_OFFSET, 2), 0); /* no TMR_STS yet */
	/* 2^31 ticks later (600 s): bit 31 turned over; the counter wraps at 2^32. */
	clock = frozen(1000000000ull + 600 * 1000000000ull);
	assert_int_equal(rd(pm, ACPI_PM_TMR_OFFSET, 4), (uint32_t)(3579545ull * 601));
	assert_int_equal(rd(pm, ACPI_PM1_EVT_OFFSET, 2) & 1, 1);
	wr(pm, ACPI_PM1_EVT_OFFSET + 2, 1, 2); /* TMR_EN: the SCI rises */
	assert_int_equal(sci_level, 1);
	assert_int_equal(rd(pm, ACPI_PM1_EVT_OFFSET + 2, 2), 1);
	wr(pm, ACPI_PM1_EVT_OFFSET, 1, 2); /* clear TMR_STS: the SCI falls */
	assert_int_equal(sci_level, 0);
	assert_int_equal(rd(pm, ACPI_PM1_EVT_OFFSET, 2) & 1, 0);
	wr(pm, ACPI_PM_TMR_OFFSET, 0, 4); /* read-only */
	assert_int_equal(rd(pm, ACPI_PM_TMR_OFFSET, 4), (uint32_t)(3579545ull * 601));
	assert_int_equal(stops, 0);
	acpi_pm_destroy(pm);
}

/* With a timer queue, the carry raises the SCI without any register access. */
static void test_timer_carry_interrupt(void **state)
{
	struct vclock clock = frozen(1000000000ull);
	struct timer_queue *q = timer_queue_create(&clock);
	struct acpi_pm *pm;
	struct timespec ms = {.tv_nsec = 1000000};

	(void)state;
	assert_non_null(q);
	sci_level = -1;
	pm = acpi_pm_create(&the_vm, &clock, q, (struct irq_line){fake_sci, NULL, 9});
	assert_non_null(pm);
	wr(pm, ACPI_PM1_EVT_OFFSET + 2, 1, 2); /* TMR_EN */
	assert_int_equal(__atomic_load_n(&sci_level, __ATOMIC_ACQUIRE), 0);
	__atomic_store_n(&clock.pause_began_ns, 700 * 1000000000ull, __ATOMIC_RELEASE);
	timer_queue_wake(q);
	for (unsigned i = 0; i < 10000 && __atomic_load_n(&sci_level, __ATOMIC_ACQUIRE) != 1; i++)
		nanosleep(&ms, NULL); /* a bounded wait for the timer thread, not a measurement */
	assert_int_equal(__atomic_load_n(&sci_level, __ATOMIC_ACQUIRE), 1);
	wr(pm, ACPI_PM1_EVT_OFFSET, 1, 2); /* clear TMR_STS: low, and armed for the next carry */
	assert_int_equal(__atomic_load_n(&sci_level, __ATOMIC_ACQUIRE), 0);
	acpi_pm_destroy(pm);
	timer_queue_destroy(q);
}

static void test_s5_powers_off(void **state)
{
	struct vclock clock = frozen(1);
	struct acpi_pm *pm = create(&clock);

	(void)state;
	assert_int_equal(rd(pm, ACPI_PM1_CNT_OFFSET, 2), 1); /* SCI_EN */
	wr(pm, ACPI_PM1_CNT_OFFSET, 5u << 10, 2);	     /* SLP_TYP alone */
	assert_int_equal(rd(pm, ACPI_PM1_CNT_OFFSET, 2), 1 | 5u << 10);
	assert_int_equal(stops, 0);
	wr(pm, ACPI_PM1_CNT_OFFSET, 3u << 10 | 1u << 13, 2); /* S3: not declared, ignored */
	assert_int_equal(stops, 0);
	assert_int_equal(rd(pm, ACPI_PM1_CNT_OFFSET, 2), 1 | 3u << 10); /* SLP_EN reads 0 */
	wr(pm, ACPI_PM1_CNT_OFFSET + 1, (5u << 10 | 1u << 13) >> 8, 1); /* high byte only */
	assert_int_equal(stops, 1);
	assert_int_equal(last_reason, VM_STOP_POWEROFF);
	acpi_pm_destroy(pm);
}

static void test_reset_register(void **state)
{
	struct vclock clock = frozen(1);
	struct acpi_pm *pm = create(&clock);

	(void)state;
	acpi_reset_mmio_ops.write(pm, 0, 0x02, 1); /* SYS_RST without RST_CPU: kept */
	assert_int_equal(stops, 0);
	assert_int_equal(acpi_reset_mmio_ops.read(pm, 0, 1), 0x02);
	acpi_reset_mmio_ops.write(pm, 0, ACPI_RESET_VALUE, 1);
	assert_int_equal(stops, 1);
	assert_int_equal(last_reason, VM_STOP_RESET);
	acpi_pm_destroy(pm);
}

static void test_bad_accesses(void **state)
{
	struct vclock clock = frozen(1);
	struct acpi_pm *pm = create(&clock);

	(void)state;
	assert_int_equal(rd(pm, ACPI_PM_SIZE - 2, 4), 0xffff0000);
	wr(pm, ACPI_PM1_EVT_OFFSET + 2, 0xffff, 2); /* only the defined enable bits stick */
	assert_int_equal(rd(pm, ACPI_PM1_EVT_OFFSET + 2, 2), 0x0721);
	wr(pm, ACPI_PM_SIZE - 1, 0xffffffff, 4); /* past the end: nothing */
	wr(pm, 6, 0xffff, 2);			 /* the unused half of the control block */
	assert_int_equal(rd(pm, ACPI_PM1_CNT_OFFSET, 4), 1);
	assert_int_equal(stops, 0);
	acpi_pm_destroy(pm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_timer),	  cmocka_unit_test(test_timer_carry_interrupt),
	    cmocka_unit_test(test_s5_powers_off), cmocka_unit_test(test_reset_register),
	    cmocka_unit_test(test_bad_accesses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
