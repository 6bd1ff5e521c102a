/*
 * test_watchdog.h - stops a vCPU run that does not reach its end (an engine bug looping
 * forever) in the differential tests: a thread that, while a run is armed, asks the
 * running vCPU to stop once its deadline passes. One watchdog per test program; include
 * from exactly one .c file.
 *
 * Use: watchdog_start(); per run: watchdog_arm(vcpu, ns), run, timed_out =
 * watchdog_disarm(); at the end watchdog_stop().
 */
#ifndef FVP_TESTS_UNIT_TEST_WATCHDOG_H
#define FVP_TESTS_UNIT_TEST_WATCHDOG_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <unistd.h>
#include "core/clock.h"
#include "core/vcpu.h"

static struct {
	pthread_mutex_t lock;
	pthread_t thread;
	struct vcpu *running;
	uint64_t deadline;
	bool fired, quit;
} watchdog = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void *watchdog_main(void *arg)
{
	(void)arg;
	for (;;) {
		usleep(20000);
		pthread_mutex_lock(&watchdog.lock);
		if (watchdog.quit) {
			pthread_mutex_unlock(&watchdog.lock);
			return NULL;
		}
		if (watchdog.running && watchdog.deadline && host_clock_ns() > watchdog.deadline) {
			watchdog.fired = true;
			watchdog.deadline = 0;
			vcpu_request(watchdog.running, EXIT_REQ_STOP);
		}
		pthread_mutex_unlock(&watchdog.lock);
	}
}

static inline int watchdog_start(void)
{
	return pthread_create(&watchdog.thread, NULL, watchdog_main, NULL);
}

/* The run of cpu starting now must end within timeout_ns. */
static inline void watchdog_arm(struct vcpu *cpu, uint64_t timeout_ns)
{
	pthread_mutex_lock(&watchdog.lock);
	watchdog.running = cpu;
	watchdog.fired = false;
	watchdog.deadline = host_clock_ns() + timeout_ns;
	pthread_mutex_unlock(&watchdog.lock);
}

/* The run ended: true if the watchdog had to stop it. */
static inline bool watchdog_disarm(void)
{
	bool fired;

	pthread_mutex_lock(&watchdog.lock);
	watchdog.running = NULL;
	watchdog.deadline = 0;
	fired = watchdog.fired;
	pthread_mutex_unlock(&watchdog.lock);
	return fired;
}

static inline void watchdog_stop(void)
{
	pthread_mutex_lock(&watchdog.lock);
	watchdog.quit = true;
	pthread_mutex_unlock(&watchdog.lock);
	pthread_join(watchdog.thread, NULL);
}

#endif
