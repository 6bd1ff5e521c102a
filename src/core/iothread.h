/*
 * iothread.h - an I/O thread: an epoll loop that runs device work off the
 * vCPU threads. Devices register file descriptors (eventfds for queue
 * notifications, io_uring completion eventfds, sockets) with a callback;
 * the callback runs on the I/O thread. A vCPU thread never blocks on I/O:
 * to hand work over it only writes an eventfd (iothread_event_signal).
 *
 * Invariants: callbacks run only on the I/O thread, one at a time; after
 * iothread_destroy returns no callback runs any more. Registration is
 * allowed before iothread_start and from the I/O thread itself.
 */
#ifndef FVP_CORE_IOTHREAD_H
#define FVP_CORE_IOTHREAD_H

#include <stdint.h>
#include "core/compiler.h"

struct iothread;

typedef void (*iothread_fd_fn)(void *opaque, int fd, uint32_t events);

/* NULL on failure (no memory, no epoll or eventfd). */
struct iothread *iothread_create(const char *name);
/* Start (or restart after iothread_stop) the thread. Returns 0, -EBUSY if it runs, or -errno. */
int iothread_start(struct iothread *io) __must_check;
/* Stop the thread (if started) and wait for it; registrations stay usable (and may change) until
 * the next iothread_start. NULL is allowed. */
void iothread_stop(struct iothread *io);
/* Stop the thread (if running), wait for it and free everything. NULL is allowed. */
void iothread_destroy(struct iothread *io);

/* Watch fd for events (EPOLLIN ...). Returns 0 or -errno. */
int iothread_add_fd(struct iothread *io, int fd, uint32_t events, iothread_fd_fn fn,
		    void *opaque) __must_check;
int iothread_del_fd(struct iothread *io, int fd);

/* An eventfd (non-blocking, close-on-exec): -errno on failure. */
int iothread_event_create(void);
/* Any thread: make the eventfd readable. Never blocks. */
void iothread_event_signal(int efd);
/* I/O thread: reset the eventfd to not readable. */
void iothread_event_clear(int efd);

#endif
