/*
 * clock.c - the virtual clock and the timer queue.
 *
 * The timer queue is one thread sleeping on a condition variable (on
 * CLOCK_MONOTONIC) until the earliest armed deadline; callbacks run on that
 * thread without the queue lock held, one at a time, overdue ones in deadline
 * order. Deadlines are guest ns. q->running names the timer whose callback
 * runs; vtimer_destroy waits until it is not its timer (unless called from
 * that very callback), so no callback runs on a freed timer and no lock is
 * held across one. While the clock is paused no deadline can come, so the
 * thread sleeps without a timeout until timer_queue_wake (the VM calls it
 * on resume) or a change of timers wakes it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include "core/clock.h"
#include "core/sandbox.h"

uint64_t host_clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void vclock_init(struct vclock *c)
{
	c->seq = 0;
	c->start_ns = host_clock_ns();
	c->paused_ns = 0;
	c->pause_began_ns = 0;
}

/* Writers (one at a time: the VM's lock) make seq odd while they change the clock, and take
 * the host time only after readers can see that: a reader that returns a time read the host
 * clock before any change, so no reading is ever later than the time a pause freezes. */
static void vclock_write_begin(struct vclock *c)
{
	__atomic_store_n(&c->seq, __atomic_load_n(&c->seq, __ATOMIC_RELAXED) + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void vclock_write_end(struct vclock *c)
{
	__atomic_store_n(&c->seq, __atomic_load_n(&c->seq, __ATOMIC_RELAXED) + 1, __ATOMIC_RELEASE);
}

static uint64_t vclock_load(const uint64_t *field)
{
	return __atomic_load_n(field, __ATOMIC_RELAXED);
}

uint64_t vclock_ns(const struct vclock *c)
{
	for (;;) {
		uint32_t seq = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);
		uint64_t now, began, start, paused;

		if (seq & 1)
			continue; /* a writer is at work: a few instructions */
		now = host_clock_ns();
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		began = vclock_load(&c->pause_began_ns);
		start = vclock_load(&c->start_ns);
		paused = vclock_load(&c->paused_ns);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (__atomic_load_n(&c->seq, __ATOMIC_RELAXED) == seq)
			return (began ? began : now) - start - paused;
	}
}

void vclock_set(struct vclock *c, uint64_t ns)
{
	uint64_t now, began;

	vclock_write_begin(c);
	now = host_clock_ns();
	began = vclock_load(&c->pause_began_ns);
	__atomic_store_n(&c->start_ns, (began ? began : now) - ns - vclock_load(&c->paused_ns),
			 __ATOMIC_RELAXED);
	vclock_write_end(c);
}

void vclock_pause(struct vclock *c)
{
	if (vclock_load(&c->pause_began_ns))
		return;
	vclock_write_begin(c);
	__atomic_store_n(&c->pause_began_ns, host_clock_ns(), __ATOMIC_RELAXED);
	vclock_write_end(c);
}

static bool vclock_paused(const struct vclock *c)
{
	return __atomic_load_n(&c->pause_began_ns, __ATOMIC_ACQUIRE) != 0;
}

void vclock_resume(struct vclock *c)
{
	uint64_t began = vclock_load(&c->pause_began_ns);

	if (!began)
		return;
	vclock_write_begin(c);
	__atomic_store_n(&c->paused_ns, vclock_load(&c->paused_ns) + host_clock_ns() - began,
			 __ATOMIC_RELAXED);
	__atomic_store_n(&c->pause_began_ns, 0, __ATOMIC_RELAXED);
	vclock_write_end(c);
}

struct vtimer {
	struct timer_queue *q;
	vtimer_fn fn;
	void *opaque;
	uint64_t deadline; /* UINT64_MAX: disarmed */
	struct vtimer *next;
};

struct timer_queue {
	const struct vclock *clock;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_cond_t callback_done; /* running went back to NULL */
	struct vtimer *running;	      /* the timer whose callback runs now, or NULL */
	struct vtimer *timers;
	bool quit;
	uint64_t wakeups; /* times the thread woke up, for tests and statistics */
};

/* The armed timer with the earliest deadline, or NULL. */
static struct vtimer *timer_queue_earliest(struct timer_queue *q)
{
	struct vtimer *first = NULL;

	for (struct vtimer *t = q->timers; t; t = t->next)
		if (t->deadline != UINT64_MAX && (!first || t->deadline < first->deadline))
			first = t;
	return first;
}

static void *timer_queue_thread(void *arg)
{
	struct timer_queue *q = arg;

	sandbox_enter(SANDBOX_TIMER);
	pthread_mutex_lock(&q->lock);
	while (!q->quit) {
		uint64_t now = vclock_ns(q->clock);
		struct vtimer *t = timer_queue_earliest(q);

		if (!t || (t->deadline > now && vclock_paused(q->clock))) {
			pthread_cond_wait(&q->cond, &q->lock);
			q->wakeups++;
			continue;
		}
		if (t->deadline > now) {
			uint64_t abs = host_clock_ns() + (t->deadline - now);
			struct timespec ts = {.tv_sec = (time_t)(abs / 1000000000ull),
					      .tv_nsec = (long)(abs % 1000000000ull)};
			pthread_cond_timedwait(&q->cond, &q->lock, &ts);
			q->wakeups++;
			continue;
		}
		/* overdue timers fire one at a time, earliest deadline first */
		t->deadline = UINT64_MAX;
		q->running = t;
		pthread_mutex_unlock(&q->lock);
		t->fn(t->opaque);
		pthread_mutex_lock(&q->lock);
		q->running = NULL;
		pthread_cond_broadcast(&q->callback_done);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct timer_queue *timer_queue_create(const struct vclock *clock)
{
	struct timer_queue *q = calloc(1, sizeof(*q));
	pthread_condattr_t attr;

	if (!q)
		return NULL;
	q->clock = clock;
	pthread_mutex_init(&q->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&q->cond, &attr);
	pthread_condattr_destroy(&attr);
	pthread_cond_init(&q->callback_done, NULL);
	if (pthread_create(&q->thread, NULL, timer_queue_thread, q)) {
		free(q);
		return NULL;
	}
	return q;
}

void timer_queue_wake(struct timer_queue *q)
{
	pthread_mutex_lock(&q->lock);
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
}

uint64_t timer_queue_wakeups(struct timer_queue *q)
{
	uint64_t n;

	pthread_mutex_lock(&q->lock);
	n = q->wakeups;
	pthread_mutex_unlock(&q->lock);
	return n;
}

void timer_queue_destroy(struct timer_queue *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->lock);
	q->quit = true;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	while (q->timers) {
		struct vtimer *t = q->timers;
		q->timers = t->next;
		free(t);
	}
	pthread_cond_destroy(&q->callback_done);
	pthread_cond_destroy(&q->cond);
	pthread_mutex_destroy(&q->lock);
	free(q);
}

struct vtimer *vtimer_create(struct timer_queue *q, vtimer_fn fn, void *opaque)
{
	struct vtimer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->q = q;
	t->fn = fn;
	t->opaque = opaque;
	t->deadline = UINT64_MAX;
	pthread_mutex_lock(&q->lock);
	t->next = q->timers;
	q->timers = t;
	pthread_mutex_unlock(&q->lock);
	return t;
}

void vtimer_destroy(struct vtimer *t)
{
	struct timer_queue *q;
	struct vtimer **pp;

	if (!t)
		return;
	q = t->q;
	pthread_mutex_lock(&q->lock);
	for (pp = &q->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	/* wait for a callback of t that may be running right now, unless this is that callback */
	while (q->running == t && !pthread_equal(pthread_self(), q->thread))
		pthread_cond_wait(&q->callback_done, &q->lock);
	pthread_mutex_unlock(&q->lock);
	free(t);
}

void vtimer_arm(struct vtimer *t, uint64_t deadline_ns)
{
	struct timer_queue *q = t->q;

	pthread_mutex_lock(&q->lock);
	t->deadline = deadline_ns;
	pthread_cond_signal(&q->cond);
	pthread_mutex_unlock(&q->lock);
}
