/*
 * test_clock.c - virtual clock (monotonic, stands still while paused), timer
 * queue (fires, re-arms, disarms, destroy while armed), vCPU kicks and waits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/clock.h"
#include "core/vcpu.h"

static void test_vclock_pause(void **state)
{
	struct vclock c;
	uint64_t a, b;

	vclock_init(&c);
	a = vclock_ns(&c);
	usleep(2000);
	b = vclock_ns(&c);
	assert_true(b > a);
	vclock_pause(&c);
	a = vclock_ns(&c);
	usleep(5000);
	assert_int_equal(vclock_ns(&c), a); /* frozen */
	vclock_resume(&c);
	b = vclock_ns(&c);
	assert_true(b >= a);
	assert_true(c.paused_ns >= 5000000); /* the pause is accounted, not counted */
}

struct counter {
	int fired;
	uint64_t when;
	const struct vclock *clock;
};

static void count_fire(void *opaque)
{
	struct counter *c = opaque;

	__atomic_add_fetch(&c->fired, 1, __ATOMIC_SEQ_CST);
	c->when = vclock_ns(c->clock);
}

static void wait_fired(struct counter *c, int n)
{
	for (int i = 0; i < 2000 && __atomic_load_n(&c->fired, __ATOMIC_SEQ_CST) < n; i++)
		usleep(1000);
}

static void test_timer_queue(void **state)
{
	struct vclock clock;
	struct timer_queue *q;
	struct counter c1 = {0}, c2 = {0};
	struct vtimer *t1, *t2;
	uint64_t deadline;

	vclock_init(&clock);
	c1.clock = c2.clock = &clock;
	q = timer_queue_create(&clock);
	assert_non_null(q);
	t1 = vtimer_create(q, count_fire, &c1);
	t2 = vtimer_create(q, count_fire, &c2);
	deadline = vclock_ns(&clock) + 3000000;
	vtimer_arm(t1, deadline);
	wait_fired(&c1, 1);
	assert_int_equal(c1.fired, 1);
	assert_true(c1.when >= deadline); /* never early */
	/* re-arm; then disarm before it fires */
	vtimer_arm(t1, vclock_ns(&clock) + 1000000);
	wait_fired(&c1, 2);
	assert_int_equal(c1.fired, 2);
	vtimer_arm(t2, vclock_ns(&clock) + 50000000);
	vtimer_arm(t2, UINT64_MAX);
	usleep(60000);
	assert_int_equal(c2.fired, 0);
	/* a timer in the past fires at once */
	vtimer_arm(t2, 0);
	wait_fired(&c2, 1);
	assert_int_equal(c2.fired, 1);
	/* destroying an armed timer is safe */
	vtimer_arm(t1, vclock_ns(&clock) + 1000000000ull);
	vtimer_destroy(t1);
	vtimer_destroy(t2);
	timer_queue_destroy(q);
}

static void test_vcpu_kick(void **state)
{
	struct vcpu *cpu = calloc(1, sizeof(*cpu));
	uint64_t t0;

	assert_int_equal(vcpu_init(cpu, NULL, 3), 0);
	assert_int_equal(cpu->id, 3);
	assert_false(vcpu_has_requests(cpu));
	/* a wait with no kick returns (by its timeout) */
	vcpu_wait(cpu, 1000000);
	assert_false(vcpu_has_requests(cpu));
	/* a kick before the wait is not lost: the wait returns long before its 60 s */
	vcpu_kick(cpu, EXIT_REQ_IRQ);
	t0 = host_clock_ns();
	vcpu_wait(cpu, 60000000000ull);
	assert_true(host_clock_ns() - t0 < 30000000000ull);
	assert_int_equal(vcpu_take_requests(cpu), EXIT_REQ_IRQ);
	assert_false(vcpu_has_requests(cpu));
	vcpu_fini(cpu);
	free(cpu);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vclock_pause),
		cmocka_unit_test(test_timer_queue),
		cmocka_unit_test(test_vcpu_kick),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
