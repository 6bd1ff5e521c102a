/*
 * test_lapic.c - the local APICs and the I/O APIC (lapic.c, ioapic.c) on a fake clock: reset
 * values, TPR/PPR and priority classes, EOI of the highest in-service vector, the timer in
 * one-shot (current count, one interrupt), periodic (every period, divide configuration,
 * the minimum period) and TSC-deadline modes, IPIs (physical, logical flat and cluster,
 * shorthands, NMI, INIT then SIPI, an illegal vector in ESR), LINT0 in ExtINT mode, the I/O
 * APIC's
 * redirection: masking, edge on rising edges only, level with remote IRR until EOI, then
 * sent again while the pin stays high.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/lapic.h"
#include "fake_clock.h"

#define NCPUS 4

static unsigned notified[NCPUS];

static void record_notify(void *opaque, unsigned id)
{
	assert_ptr_equal(opaque, &fake_clock);
	assert_true(id < NCPUS);
	notified[id]++;
}

static int setup(void **state)
{
	fake_clock_reset();
	for (unsigned i = 0; i < NCPUS; i++)
		notified[i] = 0;
	*state = apic_bus_create(NCPUS, NULL, &fake_clock, record_notify, &fake_clock);
	assert_non_null(*state);
	return 0;
}

static int teardown(void **state)
{
	apic_bus_destroy(*state);
	return 0;
}

static void enable(struct apic_bus *bus, unsigned id)
{
	lapic_write(bus, id, 0xf0, 0x1ff);
}

/* The next maskable interrupt of APIC id (IF set), or -1. */
static int take(struct apic_bus *bus, unsigned id)
{
	unsigned v = 0;

	return lapic_take(bus, id, false, false, true, &v) == LAPIC_EV_INTR ? (int)v : -1;
}

static void send_fixed(struct apic_bus *bus, unsigned dest, unsigned vector)
{
	struct apic_msg m = {.vector = (uint8_t)vector, .dest = (uint8_t)dest};

	apic_bus_deliver(bus, &m);
}

static void test_reset_values(void **state)
{
	struct apic_bus *bus = *state;

	assert_int_equal(lapic_read(bus, 2, 0x20), 2u << 24);
	assert_int_equal(lapic_read(bus, 0, 0x30), 0x00050014);
	assert_int_equal(lapic_read(bus, 0, 0xf0), 0xff);
	assert_int_equal(lapic_read(bus, 0, 0xe0), 0xffffffffu);
	for (unsigned off = 0x320; off <= 0x370; off += 0x10)
		assert_int_equal(lapic_read(bus, 0, off) & 0x10000, 0x10000);
	/* software-disabled: an LVT cannot be unmasked, nothing is delivered */
	lapic_write(bus, 0, 0x320, 0x30);
	assert_int_equal(lapic_read(bus, 0, 0x320), 0x10030);
	send_fixed(bus, 0, 0x40);
	assert_int_equal(take(bus, 0), -1);
	enable(bus, 0);
	assert_int_equal(take(bus, 0), 0x40);
}

static void test_priority_and_eoi(void **state)
{
	struct apic_bus *bus = *state;

	enable(bus, 0);
	send_fixed(bus, 0, 0x51);
	send_fixed(bus, 0, 0x62);
	assert_int_equal(take(bus, 0), 0x62);
	assert_int_equal(lapic_read(bus, 0, 0xa0), 0x60); /* PPR: the in-service class */
	assert_int_equal(take(bus, 0), -1);		  /* 0x51 is below class 6 */
	lapic_write(bus, 0, 0xb0, 0);			  /* EOI 0x62 */
	assert_int_equal(lapic_read(bus, 0, 0x100 + 0x10 * (0x62 / 32)), 0);
	lapic_write(bus, 0, 0x80, 0x50); /* TPR class 5 holds 0x51 back */
	assert_int_equal(take(bus, 0), -1);
	assert_int_equal(lapic_get_cr8(bus, 0), 5);
	lapic_set_cr8(bus, 0, 4);
	assert_int_equal(lapic_read(bus, 0, 0x80), 0x40);
	assert_int_equal(take(bus, 0), 0x51);
	/* IF clear: pending, not taken; lapic_pending agrees */
	send_fixed(bus, 0, 0x70);
	assert_false(lapic_pending(bus, 0, false, false, false));
	assert_true(lapic_pending(bus, 0, false, false, true));
}

static void test_timer_oneshot(void **state)
{
	struct apic_bus *bus = *state;

	enable(bus, 0);
	lapic_write(bus, 0, 0x3e0, 0xb); /* divide by 1: 40 ns a tick */
	lapic_write(bus, 0, 0x320, 0x30);
	lapic_write(bus, 0, 0x380, 1000); /* 40 us */
	advance_to(10000);
	assert_int_equal(lapic_read(bus, 0, 0x390), 750);
	assert_int_equal(take(bus, 0), -1);
	advance_to(40000);
	assert_int_equal(lapic_read(bus, 0, 0x390), 0);
	assert_int_equal(take(bus, 0), 0x30);
	lapic_write(bus, 0, 0xb0, 0);
	advance_to(1000000);
	assert_int_equal(take(bus, 0), -1);
	/* divide by 2 (DCR 0): 80 ns a tick */
	lapic_write(bus, 0, 0x3e0, 0);
	lapic_write(bus, 0, 0x380, 100);
	advance_to(1000000 + 4000);
	assert_int_equal(lapic_read(bus, 0, 0x390), 50);
	/* masked: counts, no interrupt */
	lapic_write(bus, 0, 0x320, 0x10030);
	advance_to(2000000);
	assert_int_equal(take(bus, 0), -1);
}

static void test_timer_periodic(void **state)
{
	struct apic_bus *bus = *state;
	unsigned n = 0;

	enable(bus, 0);
	lapic_write(bus, 0, 0x3e0, 0x3); /* divide by 16: 640 ns a tick */
	lapic_write(bus, 0, 0x320, 0x20031);
	lapic_write(bus, 0, 0x380, 1000); /* 640 us */
	for (uint64_t t = 640000; t <= 6400000; t += 640000) {
		advance_to(t);
		if (take(bus, 0) == 0x31) {
			n++;
			lapic_write(bus, 0, 0xb0, 0);
		}
	}
	assert_int_equal(n, 10);
	advance_to(6400000 + 320000);
	assert_int_equal(lapic_read(bus, 0, 0x390), 500);
	/* a period below 100 us is stretched to 100 us */
	lapic_write(bus, 0, 0x3e0, 0xb);
	lapic_write(bus, 0, 0x380, 1);
	advance_to(now_ns + 50000);
	assert_int_equal(take(bus, 0), -1);
	advance_to(now_ns + 50000);
	assert_int_equal(take(bus, 0), 0x31);
	lapic_write(bus, 0, 0x380, 0); /* stops */
	lapic_write(bus, 0, 0xb0, 0);
	advance_to(now_ns + 10000000);
	assert_int_equal(take(bus, 0), -1);
}

static void test_timer_tsc_deadline(void **state)
{
	struct apic_bus *bus = *state;

	enable(bus, 1);
	lapic_set_tsc_deadline(bus, 1, 5000, 0); /* not in deadline mode: ignored */
	assert_int_equal(lapic_get_tsc_deadline(bus, 1), 0);
	lapic_write(bus, 1, 0x320, 0x40032);
	lapic_set_tsc_deadline(bus, 1, 1000000 + 5000, 1000000); /* TSC = ns + 1e6 */
	assert_int_equal(lapic_get_tsc_deadline(bus, 1), 1005000);
	assert_int_equal(lapic_read(bus, 1, 0x390), 0);
	advance_to(4999);
	assert_int_equal(take(bus, 1), -1);
	advance_to(5000);
	assert_int_equal(take(bus, 1), 0x32);
	assert_int_equal(lapic_get_tsc_deadline(bus, 1), 0);
	lapic_write(bus, 1, 0xb0, 0);
	lapic_set_tsc_deadline(bus, 1, 10000, 0);
	lapic_set_tsc_deadline(bus, 1, 0, 0); /* disarmed */
	advance_to(20000);
	assert_int_equal(take(bus, 1), -1);
	lapic_set_tsc_deadline(bus, 1, 30000, 0);
	lapic_write(bus, 1, 0x320, 0x32); /* leaving deadline mode disarms */
	advance_to(40000);
	assert_int_equal(take(bus, 1), -1);
}

static void test_ipis(void **state)
{
	struct apic_bus *bus = *state;
	unsigned v = 0;

	for (unsigned i = 0; i < NCPUS; i++)
		enable(bus, i);
	/* all excluding self, from APIC 1 */
	lapic_write(bus, 1, 0x300, 0x000c0045);
	assert_int_equal(take(bus, 0), 0x45);
	assert_int_equal(take(bus, 1), -1);
	assert_int_equal(take(bus, 3), 0x45);
	assert_int_equal(take(bus, 2), 0x45);
	for (unsigned i = 0; i < NCPUS; i++)
		lapic_write(bus, i, 0xb0, 0);
	assert_int_equal(lapic_read(bus, 1, 0x300) & 0x1000, 0); /* delivered: idle */
	/* self */
	lapic_write(bus, 2, 0x300, 0x00040046);
	assert_int_equal(take(bus, 2), 0x46);
	assert_int_equal(take(bus, 0), -1);
	lapic_write(bus, 2, 0xb0, 0);
	/* logical flat: LDR bits 1 << 1 on APIC 3 */
	lapic_write(bus, 3, 0xd0, 0x02000000);
	lapic_write(bus, 0, 0x310, 0x02000000);
	lapic_write(bus, 0, 0x300, 0x00000847);
	assert_int_equal(take(bus, 3), 0x47);
	assert_int_equal(take(bus, 1), -1);
	lapic_write(bus, 3, 0xb0, 0);
	/* logical cluster: cluster 1, member bit 2 */
	lapic_write(bus, 2, 0xe0, 0x0fffffff);
	lapic_write(bus, 2, 0xd0, 0x14000000);
	lapic_write(bus, 0, 0x310, 0x16000000);
	lapic_write(bus, 0, 0x300, 0x00000848);
	assert_int_equal(take(bus, 2), 0x48);
	/* illegal vector: not sent, ESR says so after a write */
	lapic_write(bus, 0, 0x300, 0x00040005);
	lapic_write(bus, 0, 0x280, 0);
	assert_int_equal(lapic_read(bus, 0, 0x280), 0x20);
	/* NMI to APIC 1: taken unless blocked, whatever IF */
	lapic_write(bus, 0, 0x310, 0x01000000);
	lapic_write(bus, 0, 0x300, 0x00000400);
	assert_int_equal(lapic_take(bus, 1, false, true, false, &v), LAPIC_EV_NONE);
	assert_int_equal(lapic_take(bus, 1, false, false, false, &v), LAPIC_EV_NMI);
	/* INIT then SIPI to APIC 3: INIT resets it, the SIPI waits for the wait-for-SIPI state */
	lapic_write(bus, 0, 0x310, 0x03000000);
	lapic_write(bus, 0, 0x300, 0x00004500);
	lapic_write(bus, 0, 0x300, 0x00004608);
	assert_true(lapic_pending(bus, 3, false, false, false));
	assert_int_equal(lapic_take(bus, 3, false, false, true, &v), LAPIC_EV_INIT);
	assert_int_equal(lapic_read(bus, 3, 0xf0), 0xff);
	assert_int_equal(lapic_read(bus, 3, 0xd0), 0);
	assert_int_equal(lapic_take(bus, 3, true, false, true, &v), LAPIC_EV_SIPI);
	assert_int_equal(v, 8);
	assert_int_equal(lapic_take(bus, 3, true, false, true, &v), LAPIC_EV_NONE);
	/* a SIPI to a running CPU is dropped */
	lapic_write(bus, 0, 0x300, 0x00004609);
	assert_int_equal(lapic_take(bus, 3, false, false, true, &v), LAPIC_EV_NONE);
	assert_int_equal(lapic_take(bus, 3, true, false, true, &v), LAPIC_EV_NONE);
	assert_true(notified[3] > 0);
}

static bool extint_high;
static unsigned extint_acks;

static bool fake_extint_pending(void *opaque)
{
	assert_ptr_equal(opaque, &extint_high);
	return extint_high;
}

static unsigned fake_extint_ack(void *opaque)
{
	(void)opaque;
	extint_acks++;
	extint_high = false;
	return 0x68;
}

/* LINT0 in ExtINT mode: the 8259s' vector, after the APIC's own, only with IF set, nothing in
 * service; masked or in another mode, nothing. */
static void test_extint(void **state)
{
	struct apic_bus *bus = *state;
	struct apic_extint x = {
	    .pending = fake_extint_pending, .ack = fake_extint_ack, .opaque = &extint_high};
	unsigned v = 0;

	apic_bus_set_extint(bus, &x);
	enable(bus, 0);
	extint_high = true;
	extint_acks = 0;
	assert_int_equal(take(bus, 0), -1); /* LINT0 masked at reset */
	lapic_write(bus, 0, 0x350, 0x400);  /* NMI mode: not ExtINT */
	assert_int_equal(take(bus, 0), -1);
	lapic_write(bus, 0, 0x350, 0x700);
	assert_false(lapic_pending(bus, 0, false, false, false));
	assert_true(lapic_pending(bus, 0, false, false, true));
	assert_int_equal(extint_acks, 0);
	send_fixed(bus, 0, 0x30);
	assert_int_equal(take(bus, 0), 0x30); /* the APIC's own first */
	assert_int_equal(lapic_take(bus, 0, false, false, true, &v), LAPIC_EV_INTR);
	assert_int_equal(v, 0x68);
	assert_int_equal(extint_acks, 1);
	assert_int_equal(lapic_read(bus, 0, 0x100 + 0x10 * (0x68 / 32)), 0); /* not in service */
	assert_int_equal(take(bus, 0), -1);
	notified[1] = 0;
	apic_bus_extint_changed(bus);
	assert_int_equal(notified[1], 1);
}

static void ioapic_set_entry(struct ioapic *io, unsigned pin, uint64_t e)
{
	ioapic_mmio_ops.write(io, 0, 0x10 + 2 * pin, 4);
	ioapic_mmio_ops.write(io, 0x10, (uint32_t)e, 4);
	ioapic_mmio_ops.write(io, 0, 0x11 + 2 * pin, 4);
	ioapic_mmio_ops.write(io, 0x10, e >> 32, 4);
}

static void test_ioapic(void **state)
{
	struct apic_bus *bus = *state;
	struct ioapic *io = ioapic_create(bus, NCPUS);

	assert_non_null(io);
	enable(bus, 0);
	enable(bus, 2);
	ioapic_mmio_ops.write(io, 0, 1, 4);
	assert_int_equal(ioapic_mmio_ops.read(io, 0x10, 4), 0x00170011);
	ioapic_mmio_ops.write(io, 0, 0, 4);
	assert_int_equal(ioapic_mmio_ops.read(io, 0x10, 4), (uint32_t)NCPUS << 24);
	/* masked at reset */
	ioapic_set_irq(io, 4, true);
	ioapic_set_irq(io, 4, false);
	assert_int_equal(take(bus, 0), -1);
	/* edge: rising edges only, to APIC 2 */
	ioapic_set_entry(io, 4, 0x0200000000000024ull);
	ioapic_set_irq(io, 4, true);
	ioapic_set_irq(io, 4, true);
	assert_int_equal(take(bus, 2), 0x24);
	lapic_write(bus, 2, 0xb0, 0);
	assert_int_equal(take(bus, 2), -1);
	ioapic_set_irq(io, 4, false);
	ioapic_set_irq(io, 4, true);
	assert_int_equal(take(bus, 2), 0x24);
	lapic_write(bus, 2, 0xb0, 0);
	/* level: remote IRR until EOI, then again while the line is high */
	ioapic_set_entry(io, 9, 0x0000000000008039ull);
	ioapic_set_irq(io, 9, true);
	assert_int_equal(take(bus, 0), 0x39);
	assert_true(ioapic_entry(io, 9) & (1u << 14));
	assert_int_equal(lapic_read(bus, 0, 0x180 + 0x10 * (0x39 / 32)) & (1u << (0x39 % 32)),
			 1u << (0x39 % 32)); /* TMR */
	lapic_write(bus, 0, 0xb0, 0);
	assert_int_equal(take(bus, 0), 0x39); /* still high: sent again */
	ioapic_set_irq(io, 9, false);
	lapic_write(bus, 0, 0xb0, 0);
	assert_false(ioapic_entry(io, 9) & (1u << 14));
	assert_int_equal(take(bus, 0), -1);
	/* read-only bits are kept; writes to them ignored */
	ioapic_set_entry(io, 9, 0x0000000000015039ull);
	assert_int_equal(ioapic_entry(io, 9) & 0x5000, 0);
	ioapic_destroy(io);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_reset_values, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_priority_and_eoi, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_timer_oneshot, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_timer_periodic, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_timer_tsc_deadline, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ipis, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ioapic, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_extint, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
