/*
 * chardev.h - a byte-stream back-end (console) joined to a front-end device.
 *
 * The back-end (the CLI's terminal console, a test's pipe, a buffer) owns
 * output; the front-end device (UART, virtio-console) registers a receive
 * callback for input. Input is pushed from the back-end's thread; output is
 * written from a vCPU thread under the device's own lock.
 */
#ifndef FVP_DEV_CHARDEV_H
#define FVP_DEV_CHARDEV_H

#include <stddef.h>
#include <stdint.h>

struct chardev;

struct chardev_ops {
	/* Write len bytes of guest output; never blocks the guest for long. */
	void (*write)(struct chardev *cd, const uint8_t *buf, size_t len);
};

struct chardev {
	const struct chardev_ops *ops;
	/* set by the front-end: how many bytes it can take now, and take them */
	size_t (*can_receive)(void *fe_opaque);
	void (*receive)(void *fe_opaque, const uint8_t *buf, size_t len);
	void *fe_opaque;
};

static inline void chardev_write(struct chardev *cd, const uint8_t *buf, size_t len)
{
	if (cd && cd->ops && cd->ops->write)
		cd->ops->write(cd, buf, len);
}

/* Front-end side: attach input callbacks. */
void chardev_attach(struct chardev *cd, size_t (*can_receive)(void *),
		    void (*receive)(void *, const uint8_t *, size_t), void *fe_opaque);
/* Back-end side: deliver input; returns bytes taken (0 if no front-end or it is full). */
size_t chardev_push_input(struct chardev *cd, const uint8_t *buf, size_t len);

/* Called once, from the writing thread, when a descriptor fails for good (err: errno). */
typedef void (*chardev_closed_fn)(void *opaque, int err);

/* A chardev writing to a file descriptor (stdout); closed (may be NULL) hears of its end. */
struct chardev *chardev_fd_create(int out_fd, chardev_closed_fn closed, void *opaque);
void chardev_fd_destroy(struct chardev *cd);

#endif
