/*
 * chardev.c - joining a byte-stream back-end to its front-end device, and
 * the file-descriptor back-end (the console on stdout).
 *
 * Invariants: input is delivered only to an attached front-end and never
 * more than it says it can take; output to a descriptor is written whole
 * unless the descriptor fails (then the rest is dropped, the guest never
 * blocks on it for long). A descriptor that fails for good (a closed pipe:
 * EPIPE, SIGPIPE being ignored) is reported once through the closed
 * callback and written no more.
 */
#include "dev/chardev.h"
#include "core/compiler.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

void chardev_attach(struct chardev *cd, size_t (*can_receive)(void *),
		    void (*receive)(void *, const uint8_t *, size_t), void *fe_opaque)
{
	if (!cd)
		return;
	cd->can_receive = can_receive;
	cd->receive = receive;
	cd->fe_opaque = fe_opaque;
}

size_t chardev_push_input(struct chardev *cd, const uint8_t *buf, size_t len)
{
	size_t room;

	if (!cd || !cd->receive || len == 0)
		return 0;
	room = cd->can_receive ? cd->can_receive(cd->fe_opaque) : len;
	if (room > len)
		room = len;
	if (room)
		cd->receive(cd->fe_opaque, buf, room);
	return room;
}

struct chardev_fd {
	struct chardev cd;
	int fd;
	chardev_closed_fn closed;
	void *closed_opaque;
	bool gone; /* failed for good: output is dropped */
};

/* A full pipe or terminal gets this long to drain before output is dropped. */
#define CHARDEV_FD_WAIT_MS 100

static void chardev_fd_write(struct chardev *cd, const uint8_t *buf, size_t len)
{
	struct chardev_fd *cfd = container_of(cd, struct chardev_fd, cd);

	while (len && !cfd->gone) {
		ssize_t n = write(cfd->fd, buf, len);

		if (n > 0) {
			buf += n;
			len -= (size_t)n;
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else if (n < 0 && errno == EAGAIN) {
			struct pollfd pfd = {.fd = cfd->fd, .events = POLLOUT};

			if (poll(&pfd, 1, CHARDEV_FD_WAIT_MS) <= 0)
				return;
		} else {
			int err = n < 0 ? errno : EIO;

			cfd->gone = true;
			if (cfd->closed)
				cfd->closed(cfd->closed_opaque, err);
		}
	}
}

static const struct chardev_ops chardev_fd_ops = {
    .write = chardev_fd_write,
};

struct chardev *chardev_fd_create(int out_fd, chardev_closed_fn closed, void *opaque)
{
	struct chardev_fd *cfd;

	if (out_fd < 0)
		return NULL;
	cfd = calloc(1, sizeof(*cfd));
	if (!cfd)
		return NULL;
	cfd->cd.ops = &chardev_fd_ops;
	cfd->fd = out_fd;
	cfd->closed = closed;
	cfd->closed_opaque = opaque;
	return &cfd->cd;
}

void chardev_fd_destroy(struct chardev *cd)
{
	if (cd)
		free(container_of(cd, struct chardev_fd, cd));
}
