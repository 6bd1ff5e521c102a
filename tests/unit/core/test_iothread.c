/*
 * test_iothread.c - the I/O thread of src/core/iothread.c: callbacks run on the I/O thread
 * (named as asked) when a watched eventfd is signalled; a removed fd is no longer watched;
 * registration errors (bad fd, regular file, twice, table full); registration from a callback;
 * stop, restart and double start; creation failing cleanly when no fd can be had; eventfd
 * signal/clear semantics. Waits for callbacks have a generous timeout and never assert timing.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/clock.h"
#include "core/iothread.h"

#define EVENT_TIMEOUT_NS (30ull * 1000000000ull)
#define MAX_WATCHES	 64 /* IOTHREAD_MAX_WATCHES */

struct watch {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned calls;
	int fd, last_fd;
	uint32_t last_events;
	pthread_t caller;
	char thread_name[16];
	struct iothread *io; /* on_event_add_next: where to register next */
	struct watch *next;  /* on_event_add_next: registered from the callback */
	int next_add_ret;
};

static void watch_init(struct watch *w)
{
	pthread_condattr_t attr;

	memset(w, 0, sizeof(*w));
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cond, &attr);
	pthread_condattr_destroy(&attr);
	w->fd = iothread_event_create();
	assert_true(w->fd >= 0);
}

static void watch_fini(struct watch *w)
{
	close(w->fd);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
}

static unsigned watch_calls(struct watch *w)
{
	unsigned n;

	pthread_mutex_lock(&w->lock);
	n = w->calls;
	pthread_mutex_unlock(&w->lock);
	return n;
}

/* Wait until the callback of w ran at least want times; false after EVENT_TIMEOUT_NS. */
static bool watch_wait(struct watch *w, unsigned want)
{
	uint64_t abs = host_clock_ns() + EVENT_TIMEOUT_NS;
	struct timespec ts = {.tv_sec = (time_t)(abs / 1000000000ull),
			      .tv_nsec = (long)(abs % 1000000000ull)};
	bool reached;

	pthread_mutex_lock(&w->lock);
	while (w->calls < want)
		if (pthread_cond_timedwait(&w->cond, &w->lock, &ts) == ETIMEDOUT)
			break;
	reached = w->calls >= want;
	pthread_mutex_unlock(&w->lock);
	return reached;
}

static void on_event(void *opaque, int fd, uint32_t events)
{
	struct watch *w = opaque;

	iothread_event_clear(fd);
	pthread_mutex_lock(&w->lock);
	w->calls++;
	w->last_fd = fd;
	w->last_events = events;
	w->caller = pthread_self();
	pthread_getname_np(pthread_self(), w->thread_name, sizeof(w->thread_name));
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

/* Registers w->next from the I/O thread, then counts like on_event. */
static void on_event_add_next(void *opaque, int fd, uint32_t events)
{
	struct watch *w = opaque;

	w->next_add_ret = iothread_add_fd(w->io, w->next->fd, EPOLLIN, on_event, w->next);
	on_event(opaque, fd, events);
}

static bool readable(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static void test_callback_runs_on_io_thread(void **state)
{
	struct iothread *io = iothread_create("io-test");
	struct watch a;

	(void)state;
	assert_non_null(io);
	watch_init(&a);
	assert_int_equal(iothread_add_fd(io, a.fd, EPOLLIN, on_event, &a), 0);
	assert_int_equal(iothread_start(io), 0);
	iothread_event_signal(a.fd);
	assert_true(watch_wait(&a, 1));
	assert_int_equal(a.last_fd, a.fd);
	assert_true(a.last_events & EPOLLIN);
	assert_false(pthread_equal(a.caller, pthread_self()));
	assert_string_equal(a.thread_name, "io-test");
	/* the callback cleared the event, so a second signal makes a second call */
	iothread_event_signal(a.fd);
	assert_true(watch_wait(&a, 2));
	iothread_destroy(io);
	watch_fini(&a);
}

static void test_default_name(void **state)
{
	struct iothread *io = iothread_create(NULL);
	struct watch a;

	(void)state;
	assert_non_null(io);
	watch_init(&a);
	assert_int_equal(iothread_add_fd(io, a.fd, EPOLLIN, on_event, &a), 0);
	assert_int_equal(iothread_start(io), 0);
	iothread_event_signal(a.fd);
	assert_true(watch_wait(&a, 1));
	assert_string_equal(a.thread_name, "fvp-io");
	iothread_destroy(io);
	watch_fini(&a);
}

static void test_del_fd(void **state)
{
	struct iothread *io = iothread_create("io-del");
	struct watch a, b;

	(void)state;
	assert_non_null(io);
	watch_init(&a);
	watch_init(&b);
	assert_int_equal(iothread_add_fd(io, a.fd, EPOLLIN, on_event, &a), 0);
	assert_int_equal(iothread_add_fd(io, b.fd, EPOLLIN, on_event, &b), 0);
	assert_int_equal(iothread_start(io), 0);
	assert_int_equal(iothread_del_fd(io, a.fd), 0);
	assert_int_equal(iothread_del_fd(io, a.fd), -ENOENT);
	assert_int_equal(iothread_del_fd(io, 12345), -ENOENT);
	/* a is removed from the epoll set before either signal: only b can be reported */
	iothread_event_signal(a.fd);
	iothread_event_signal(b.fd);
	assert_true(watch_wait(&b, 1));
	iothread_destroy(io);
	assert_int_equal(watch_calls(&a), 0);
	assert_true(readable(a.fd)); /* nobody consumed a's event */
	watch_fini(&a);
	watch_fini(&b);
}

static void test_add_fd_errors(void **state)
{
	struct iothread *io = iothread_create("io-err");
	struct watch a;
	int fds[MAX_WATCHES];
	FILE *regular = tmpfile();

	(void)state;
	assert_non_null(io);
	assert_non_null(regular);
	watch_init(&a);
	assert_int_equal(iothread_add_fd(io, -1, EPOLLIN, on_event, &a), -EBADF);
	assert_int_equal(iothread_add_fd(io, fileno(regular), EPOLLIN, on_event, &a), -EPERM);
	assert_int_equal(iothread_add_fd(io, a.fd, EPOLLIN, on_event, &a), 0);
	assert_int_equal(iothread_add_fd(io, a.fd, EPOLLIN, on_event, &a), -EEXIST);
	/* a failed registration did not use up a slot: 63 more fit, the 65th does not */
	for (unsigned i = 0; i < MAX_WATCHES; i++) {
		fds[i] = iothread_event_create();
		assert_true(fds[i] >= 0);
	}
	for (unsigned i = 0; i < MAX_WATCHES - 1; i++)
		assert_int_equal(iothread_add_fd(io, fds[i], EPOLLIN, on_event, &a), 0);
	assert_int_equal(iothread_add_fd(io, fds[MAX_WATCHES - 1], EPOLLIN, on_event, &a), -ENOSPC);
	/* removing one frees its slot */
	assert_int_equal(iothread_del_fd(io, fds[5]), 0);
	assert_int_equal(iothread_add_fd(io, fds[MAX_WATCHES - 1], EPOLLIN, on_event, &a), 0);
	iothread_destroy(io);
	for (unsigned i = 0; i < MAX_WATCHES; i++)
		close(fds[i]);
	assert_int_equal(fclose(regular), 0);
	watch_fini(&a);
}

static void test_add_from_callback(void **state)
{
	struct iothread *io = iothread_create("io-nest");
	struct watch a, b;

	(void)state;
	assert_non_null(io);
	watch_init(&a);
	watch_init(&b);
	a.io = io;
	a.next = &b;
	a.next_add_ret = 1;
	assert_int_equal(iothread_add_fd(io, a.fd, EPOLLIN, on_event_add_next, &a), 0);
	assert_int_equal(iothread_start(io), 0);
	iothread_event_signal(a.fd);
	assert_true(watch_wait(&a, 1));
	assert_int_equal(a.next_add_ret, 0);
	iothread_event_signal(b.fd); /* watched since a's callback */
	assert_true(watch_wait(&b, 1));
	assert_int_equal(b.last_fd, b.fd);
	iothread_destroy(io);
	watch_fini(&a);
	watch_fini(&b);
}

static void test_stop_and_restart(void **state)
{
	struct iothread *io = iothread_create("io-restart");
	struct watch a;

	(void)state;
	assert_non_null(io);
	watch_init(&a);
	iothread_stop(io); /* never started: nothing to do */
	iothread_stop(NULL);
	assert_int_equal(iothread_add_fd(io, a.fd, EPOLLIN, on_event, &a), 0);
	assert_int_equal(iothread_start(io), 0);
	assert_int_equal(iothread_start(io), -EBUSY); /* one thread per iothread */
	iothread_event_signal(a.fd);
	assert_true(watch_wait(&a, 1));
	iothread_stop(io);
	/* no thread any more: the event stays pending */
	iothread_event_signal(a.fd);
	assert_int_equal(watch_calls(&a), 1);
	assert_true(readable(a.fd));
	/* a restarted thread picks up the pending event */
	assert_int_equal(iothread_start(io), 0);
	assert_true(watch_wait(&a, 2));
	iothread_destroy(io);
	iothread_destroy(NULL);
	watch_fini(&a);
}

/* The lowest free fd number (what the next epoll_create1 or eventfd gets). */
static int lowest_free_fd(void)
{
	int fd = dup(0);

	assert_true(fd >= 0);
	close(fd);
	return fd;
}

static void test_create_without_fds(void **state)
{
	struct rlimit saved, low;
	int first = lowest_free_fd();
	struct iothread *no_stop_fd, *no_epoll;
	int efd;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
	low = saved;
	/* room for the epoll fd but not for the stop eventfd */
	low.rlim_cur = (rlim_t)first + 1;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	no_stop_fd = iothread_create("io-nofd");
	efd = iothread_event_create(); /* takes first: the failed create closed its epoll fd */
	/* room for nothing */
	low.rlim_cur = (rlim_t)first;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	no_epoll = iothread_create("io-nofd");
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
	assert_null(no_stop_fd);
	assert_null(no_epoll);
	assert_int_equal(efd, first);
	close(efd);
	assert_int_equal(lowest_free_fd(), first); /* nothing leaked */
}

static void test_event_fd_semantics(void **state)
{
	int efd = iothread_event_create();
	uint64_t near_max = UINT64_MAX - 1; /* the largest count an eventfd holds */

	(void)state;
	assert_true(efd >= 0);
	assert_true(fcntl(efd, F_GETFL) & O_NONBLOCK);
	assert_true(fcntl(efd, F_GETFD) & FD_CLOEXEC);
	assert_false(readable(efd));
	iothread_event_signal(efd);
	iothread_event_signal(efd);
	assert_true(readable(efd));
	iothread_event_clear(efd); /* one clear resets any count */
	assert_false(readable(efd));
	iothread_event_clear(efd); /* clearing a clear eventfd does not block */
	assert_false(readable(efd));
	/* a saturated counter: signal returns at once and the fd stays readable */
	assert_int_equal(write(efd, &near_max, sizeof(near_max)), sizeof(near_max));
	iothread_event_signal(efd);
	assert_true(readable(efd));
	iothread_event_clear(efd);
	assert_false(readable(efd));
	close(efd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_callback_runs_on_io_thread),
	    cmocka_unit_test(test_default_name),
	    cmocka_unit_test(test_del_fd),
	    cmocka_unit_test(test_add_fd_errors),
	    cmocka_unit_test(test_add_from_callback),
	    cmocka_unit_test(test_stop_and_restart),
	    cmocka_unit_test(test_create_without_fds),
	    cmocka_unit_test(test_event_fd_semantics),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
