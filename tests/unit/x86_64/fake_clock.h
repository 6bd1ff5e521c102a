/*
 * fake_clock.h - the VM clock and timer queue replaced for the x86 device tests (one test
 * program includes it once): time moves only when the test says, and advance_to runs the
 * timers that are due, as the queue's thread would.
 */
#ifndef FVP_TEST_X86_FAKE_CLOCK_H
#define FVP_TEST_X86_FAKE_CLOCK_H

#include <stdint.h>
#include <stdlib.h>
#include "core/clock.h"

struct vtimer {
	vtimer_fn fn;
	void *opaque;
	uint64_t deadline;
};

static struct vclock fake_clock;
static uint64_t now_ns;
static struct vtimer *fake_timers[8];
static unsigned nfake_timers;

uint64_t vclock_ns(const struct vclock *c)
{
	(void)c;
	return now_ns;
}

struct vtimer *vtimer_create(struct timer_queue *q, vtimer_fn fn, void *opaque)
{
	struct vtimer *t = calloc(1, sizeof(*t));

	(void)q;
	t->fn = fn;
	t->opaque = opaque;
	t->deadline = UINT64_MAX;
	fake_timers[nfake_timers++] = t;
	return t;
}

void vtimer_destroy(struct vtimer *t)
{
	for (unsigned i = 0; i < nfake_timers; i++)
		if (fake_timers[i] == t)
			fake_timers[i] = NULL;
	free(t);
}

void vtimer_arm(struct vtimer *t, uint64_t deadline_ns)
{
	t->deadline = deadline_ns;
}

/* Move the clock to ns, running each due timer (a timer re-armed for a time still due runs
 * again, as on the queue's thread). */
static void advance_to(uint64_t ns)
{
	now_ns = ns;
	for (unsigned i = 0; i < nfake_timers; i++) {
		struct vtimer *t = fake_timers[i];

		while (t && t->deadline <= now_ns) {
			t->deadline = UINT64_MAX;
			t->fn(t->opaque);
		}
	}
}

static void fake_clock_reset(void)
{
	now_ns = 0;
	nfake_timers = 0;
}

#endif
