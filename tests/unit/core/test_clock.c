/*
 * test_clock.c - virtual clock (monotonic, also for a reader racing pauses; stands still
 * while paused; set to a snapshot's time), timer queue (fires, re-arms, disarms, destroy while
 * armed; overdue timers fire in deadline order; a disarmed timer never fires; a callback may re-arm
 * its own timer; the queue frees timers left armed), vCPU kicks and waits.
 *
 * The ordering and cancellation tests hold the queue thread inside a "gate"
 * callback while they arm timers, so what the thread sees when it goes on is
 * fixed and nothing depends on scheduling.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <stdlib.h>
#include <pthread.h>
#include <sched.h>
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

/* vclock_set makes the clock read a given time and go on from there (a restored snapshot),
 * paused or running. */
static void test_vclock_set(void **state)
{
	struct vclock c;

	(void)state;
	vclock_init(&c);
	vclock_pause(&c);
	vclock_set(&c, 5000000000ull); /* while paused: stands at the time set */
	usleep(1000);
	assert_int_equal(vclock_ns(&c), 5000000000ull);
	vclock_resume(&c);
	assert_true(vclock_ns(&c) >= 5000000000ull);
	vclock_set(&c, 7000000000ull); /* while running: goes on from it */
	usleep(1000);
	assert_true(vclock_ns(&c) >= 7001000000ull);
}

struct clock_reader {
	struct vclock *clock;
	int stop;      /* atomic */
	int went_back; /* atomic */
	uint64_t readings;
};

static void *read_clock(void *arg)
{
	struct clock_reader *r = arg;
	uint64_t prev = 0;

	while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
		uint64_t now = vclock_ns(r->clock);

		if (now < prev)
			__atomic_store_n(&r->went_back, 1, __ATOMIC_RELEASE);
		prev = now;
		__atomic_add_fetch(&r->readings, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* A thread reading the clock while another pauses and resumes it never sees it go back (a
 * reading taken just as a pause began could be later than the time the pause froze). */
static void test_vclock_monotonic_across_pauses(void **state)
{
	struct vclock c;
	struct clock_reader r = {.clock = &c};
	pthread_t t;

	(void)state;
	vclock_init(&c);
	assert_int_equal(pthread_create(&t, NULL, read_clock, &r), 0);
	while (!__atomic_load_n(&r.readings, __ATOMIC_ACQUIRE))
		sched_yield(); /* the reader runs */
	for (int i = 0; i < 500000; i++) {
		vclock_pause(&c);
		vclock_resume(&c);
	}
	__atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(r.went_back, 0);
}

struct counter {
	int fired;
	uint64_t when;
	const struct vclock *clock;
};

static void count_fire(void *opaque)
{
	struct counter *c = opaque;

	c->when = vclock_ns(c->clock); /* before the count that publishes it */
	__atomic_add_fetch(&c->fired, 1, __ATOMIC_SEQ_CST);
}

/* Poll (up to 30 s: a generous bound, not a timing assertion) until c fired n times. */
static void wait_fired(struct counter *c, int n)
{
	for (int i = 0; i < 30000 && __atomic_load_n(&c->fired, __ATOMIC_SEQ_CST) < n; i++)
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

/* A paused clock brings no deadline nearer: the queue thread sleeps until resumed (it used to
 * wake every time the host time to the frozen deadline had passed, ~1000 times a second). */
static void test_timer_queue_sleeps_while_paused(void **state)
{
	struct vclock clock;
	struct timer_queue *q;
	struct counter c = {0};
	struct vtimer *t;
	uint64_t before;

	vclock_init(&clock);
	c.clock = &clock;
	q = timer_queue_create(&clock);
	assert_non_null(q);
	t = vtimer_create(q, count_fire, &c);
	vclock_pause(&clock);
	vtimer_arm(t, vclock_ns(&clock) + 1000000);
	usleep(10000);
	before = timer_queue_wakeups(q);
	usleep(50000);
	assert_true(timer_queue_wakeups(q) - before <= 1);
	assert_int_equal(c.fired, 0);
	vclock_resume(&clock);
	timer_queue_wake(q);
	wait_fired(&c, 1);
	assert_int_equal(c.fired, 1);
	vtimer_destroy(t);
	timer_queue_destroy(q);
}

static void test_vclock_pause_twice(void **state)
{
	struct vclock c;
	uint64_t began, frozen;

	vclock_init(&c);
	vclock_resume(&c); /* not paused: nothing to account */
	assert_int_equal(c.paused_ns, 0);
	vclock_pause(&c);
	began = c.pause_began_ns;
	frozen = vclock_ns(&c);
	assert_true(began != 0);
	vclock_pause(&c); /* a second pause does not move the start of the first */
	assert_int_equal(c.pause_began_ns, began);
	assert_int_equal(vclock_ns(&c), frozen);
	vclock_resume(&c);
	assert_int_equal(c.pause_began_ns, 0);
	assert_true(vclock_ns(&c) >= frozen);
}

/* A callback that holds the queue thread until the test opens the gate. */
struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool inside, open;
};

static void gate_hold(void *opaque)
{
	struct gate *g = opaque;

	pthread_mutex_lock(&g->lock);
	g->inside = true;
	pthread_cond_broadcast(&g->cond);
	while (!g->open)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

/* Arm the gate timer and wait until the queue thread is held inside it. */
static void gate_close(struct gate *g, struct vtimer *t)
{
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->cond, NULL);
	g->inside = g->open = false;
	vtimer_arm(t, 0);
	pthread_mutex_lock(&g->lock);
	while (!g->inside)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

static void gate_open(struct gate *g)
{
	pthread_mutex_lock(&g->lock);
	g->open = true;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

struct order_log {
	unsigned n;
	int seq[8];
};

struct ordered {
	struct order_log *log;
	int tag;
	struct counter fired;
};

static void record_order(void *opaque)
{
	struct ordered *o = opaque;

	o->log->seq[o->log->n++] = o->tag; /* the queue runs one callback at a time */
	count_fire(&o->fired);
}

static void test_timer_overdue_order(void **state)
{
	struct vclock clock;
	struct timer_queue *q;
	struct gate g;
	struct order_log log = {0};
	struct ordered o[3];
	struct vtimer *gate_timer, *t[3];

	vclock_init(&clock);
	q = timer_queue_create(&clock);
	assert_non_null(q);
	gate_timer = vtimer_create(q, gate_hold, &g);
	/* created in deadline order, so the queue's list holds them in reverse */
	for (int i = 0; i < 3; i++) {
		o[i] = (struct ordered){.log = &log, .tag = i + 1, .fired = {.clock = &clock}};
		t[i] = vtimer_create(q, record_order, &o[i]);
		assert_non_null(t[i]);
	}
	gate_close(&g, gate_timer);
	while (vclock_ns(&clock) <= 3)
		; /* guest time passes 3 ns at once in practice */
	vtimer_arm(t[2], 3);
	vtimer_arm(t[0], 1);
	vtimer_arm(t[1], 2);
	gate_open(&g); /* all three are overdue now */
	wait_fired(&o[2].fired, 1);
	wait_fired(&o[1].fired, 1);
	wait_fired(&o[0].fired, 1);
	assert_int_equal(log.n, 3);
	assert_int_equal(log.seq[0], 1); /* earliest deadline first */
	assert_int_equal(log.seq[1], 2);
	assert_int_equal(log.seq[2], 3);
	for (int i = 0; i < 3; i++)
		vtimer_destroy(t[i]);
	vtimer_destroy(gate_timer);
	timer_queue_destroy(q);
}

static void test_timer_cancel(void **state)
{
	struct vclock clock;
	struct timer_queue *q;
	struct gate g;
	struct counter cancelled = {0}, sentinel = {0};
	struct vtimer *gate_timer, *tc, *ts;

	vclock_init(&clock);
	cancelled.clock = sentinel.clock = &clock;
	q = timer_queue_create(&clock);
	assert_non_null(q);
	gate_timer = vtimer_create(q, gate_hold, &g);
	tc = vtimer_create(q, count_fire, &cancelled);
	ts = vtimer_create(q, count_fire, &sentinel);
	gate_close(&g, gate_timer);
	vtimer_arm(tc, 1);	    /* overdue ... */
	vtimer_arm(tc, UINT64_MAX); /* ... and disarmed before the thread looks */
	vtimer_arm(ts, 2);
	gate_open(&g);
	wait_fired(&sentinel, 1);
	assert_int_equal(sentinel.fired, 1);
	assert_int_equal(cancelled.fired,
			 0); /* it had the earlier deadline: it would have been first */
	vtimer_destroy(tc);
	vtimer_destroy(ts);
	vtimer_destroy(gate_timer);
	vtimer_destroy(NULL); /* allowed */
	timer_queue_destroy(q);
}

struct periodic {
	struct vtimer *t;
	struct counter c;
	int left;
};

static void rearm_self(void *opaque)
{
	struct periodic *p = opaque;

	if (--p->left > 0)
		vtimer_arm(p->t, vclock_ns(p->c.clock)); /* due at once */
	count_fire(&p->c);
}

static void test_timer_rearms_itself(void **state)
{
	struct vclock clock;
	struct timer_queue *q;
	struct periodic p = {.left = 4};

	vclock_init(&clock);
	p.c.clock = &clock;
	q = timer_queue_create(&clock);
	assert_non_null(q);
	p.t = vtimer_create(q, rearm_self, &p);
	vtimer_arm(p.t, 0);
	wait_fired(&p.c, 4);
	assert_int_equal(p.c.fired, 4);
	assert_int_equal(p.left, 0);
	vtimer_destroy(p.t);
	timer_queue_destroy(q);
}

static void test_timer_queue_frees_leftovers(void **state)
{
	struct vclock clock;
	struct timer_queue *q;
	struct counter c = {0};

	vclock_init(&clock);
	c.clock = &clock;
	q = timer_queue_create(&clock);
	assert_non_null(q);
	/* armed an hour ahead and never destroyed: the queue frees them (ASan would see a leak) */
	vtimer_arm(vtimer_create(q, count_fire, &c), vclock_ns(&clock) + 3600000000000ull);
	vtimer_arm(vtimer_create(q, count_fire, &c), UINT64_MAX);
	timer_queue_destroy(q);
	timer_queue_destroy(NULL); /* allowed */
	assert_int_equal(c.fired, 0);
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
	    cmocka_unit_test(test_vclock_pause_twice),
	    cmocka_unit_test(test_vclock_set),
	    cmocka_unit_test(test_vclock_monotonic_across_pauses),
	    cmocka_unit_test(test_timer_queue_sleeps_while_paused),
	    cmocka_unit_test(test_timer_queue),
	    cmocka_unit_test(test_timer_overdue_order),
	    cmocka_unit_test(test_timer_cancel),
	    cmocka_unit_test(test_timer_rearms_itself),
	    cmocka_unit_test(test_timer_queue_frees_leftovers),
	    cmocka_unit_test(test_vcpu_kick),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
