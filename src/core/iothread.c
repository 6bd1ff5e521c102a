/*
 * iothread.c - the epoll loop of an I/O thread (see iothread.h).
 *
 * Invariants: the table of watches is touched only before the thread starts
 * or by the thread itself (callbacks), so it needs no lock; the thread stops
 * when its own stop eventfd (in the epoll set from creation on) becomes
 * readable, and stop clears it again, so a stopped thread can be restarted.
 */
#include "core/iothread.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "core/log.h"
#include "core/sandbox.h"

#define IOTHREAD_MAX_WATCHES 64
#define IOTHREAD_BATCH	     16

struct io_watch {
	int fd;
	iothread_fd_fn fn;
	void *opaque;
};

struct iothread {
	char name[16];
	int epfd;
	int stop_fd;
	pthread_t thread;
	bool started;
	struct io_watch watches[IOTHREAD_MAX_WATCHES];
};

int iothread_event_create(void)
{
	int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

void iothread_event_signal(int efd)
{
	uint64_t one = 1;
	ssize_t n;

	do
		n = write(efd, &one, sizeof(one));
	while (n < 0 && errno == EINTR);
	/* EAGAIN means the counter is saturated: it is readable already. */
}

void iothread_event_clear(int efd)
{
	uint64_t v;
	ssize_t n;

	do
		n = read(efd, &v, sizeof(v));
	while (n < 0 && errno == EINTR);
}

struct iothread *iothread_create(const char *name)
{
	struct iothread *io = calloc(1, sizeof(*io));
	struct epoll_event stop_ev = {.events = EPOLLIN, .data.ptr = NULL};

	if (!io)
		return NULL;
	snprintf(io->name, sizeof(io->name), "%s", name ? name : "fvp-io");
	for (unsigned i = 0; i < IOTHREAD_MAX_WATCHES; i++)
		io->watches[i].fd = -1;
	io->epfd = epoll_create1(EPOLL_CLOEXEC);
	io->stop_fd = iothread_event_create();
	if (io->epfd < 0 || io->stop_fd < 0 ||
	    epoll_ctl(io->epfd, EPOLL_CTL_ADD, io->stop_fd, &stop_ev) < 0) {
		if (io->epfd >= 0)
			close(io->epfd);
		if (io->stop_fd >= 0)
			close(io->stop_fd);
		free(io);
		return NULL;
	}
	return io;
}

int iothread_add_fd(struct iothread *io, int fd, uint32_t events, iothread_fd_fn fn, void *opaque)
{
	struct epoll_event ev = {.events = events};

	for (unsigned i = 0; i < IOTHREAD_MAX_WATCHES; i++) {
		struct io_watch *w = &io->watches[i];

		if (w->fd >= 0)
			continue;
		ev.data.ptr = w;
		if (epoll_ctl(io->epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
			return -errno;
		w->fd = fd;
		w->fn = fn;
		w->opaque = opaque;
		return 0;
	}
	return -ENOSPC;
}

int iothread_del_fd(struct iothread *io, int fd)
{
	for (unsigned i = 0; i < IOTHREAD_MAX_WATCHES; i++) {
		if (io->watches[i].fd != fd)
			continue;
		io->watches[i].fd = -1;
		return epoll_ctl(io->epfd, EPOLL_CTL_DEL, fd, NULL) < 0 ? -errno : 0;
	}
	return -ENOENT;
}

static void *iothread_main(void *arg)
{
	struct iothread *io = arg;
	struct epoll_event evs[IOTHREAD_BATCH];

	pthread_setname_np(pthread_self(), io->name);
	sandbox_enter(SANDBOX_IO);
	for (;;) {
		int n = epoll_wait(io->epfd, evs, IOTHREAD_BATCH, -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			log_error("%s: epoll_wait failed: %s", io->name, strerror(errno));
			return NULL;
		}
		for (int i = 0; i < n; i++) {
			struct io_watch *w = evs[i].data.ptr;

			if (!w)
				return NULL; /* the stop event */
			if (w->fd >= 0)
				w->fn(w->opaque, w->fd, evs[i].events);
		}
	}
}

int iothread_start(struct iothread *io)
{
	int ret;

	if (io->started)
		return -EBUSY;
	ret = pthread_create(&io->thread, NULL, iothread_main, io);
	if (ret)
		return -ret;
	io->started = true;
	return 0;
}

void iothread_stop(struct iothread *io)
{
	if (!io || !io->started)
		return;
	iothread_event_signal(io->stop_fd);
	pthread_join(io->thread, NULL);
	iothread_event_clear(io->stop_fd); /* so that a later start runs */
	io->started = false;
}

void iothread_destroy(struct iothread *io)
{
	if (!io)
		return;
	iothread_stop(io);
	close(io->stop_fd);
	close(io->epfd);
	free(io);
}
