/*
 * clock.h - the virtual clock and one-shot timers.
 *
 * Guest time is host CLOCK_MONOTONIC minus the time spent paused, in ns
 * from VM creation. A timer queue runs callbacks on its own thread at
 * their deadlines (devices such as the CLINT use it to raise interrupts);
 * callbacks must be short and may not re-arm the timer that is running
 * them from another thread concurrently.
 */
#ifndef FVP_CORE_CLOCK_H
#define FVP_CORE_CLOCK_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/compiler.h"

/* Read by any thread (vclock_ns); changed by one writer at a time (the VM's lock). */
struct vclock {
	uint32_t seq; /* odd while a writer changes the fields below */
	uint64_t start_ns;
	uint64_t paused_ns;
	uint64_t pause_began_ns; /* 0 when running */
};

uint64_t host_clock_ns(void);
void vclock_init(struct vclock *c);
uint64_t vclock_ns(const struct vclock *c);
/* Make the clock read ns now, and go on from there (a restored snapshot's time: no jump).
 * Before any timer is armed on it. */
void vclock_set(struct vclock *c, uint64_t ns);
void vclock_pause(struct vclock *c);
void vclock_resume(struct vclock *c);

struct timer_queue;
struct vtimer;
typedef void (*vtimer_fn)(void *opaque);

struct timer_queue *timer_queue_create(const struct vclock *clock);
void timer_queue_destroy(struct timer_queue *q);
/* Make the queue look at its clock again (after vclock_resume: deadlines can come again). */
void timer_queue_wake(struct timer_queue *q);
/* How many times the queue's thread has woken up so far. */
uint64_t timer_queue_wakeups(struct timer_queue *q);
struct vtimer *vtimer_create(struct timer_queue *q, vtimer_fn fn, void *opaque);
void vtimer_destroy(struct vtimer *t);
/* Arm at guest time deadline_ns (replacing any earlier deadline); UINT64_MAX disarms. */
void vtimer_arm(struct vtimer *t, uint64_t deadline_ns);

#endif
