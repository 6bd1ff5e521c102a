/*
 * block.h - disk images and the back-ends that do their I/O.
 *
 * An image is an open file with its size, its read-only flag and an
 * open-file-description lock (write lock for read-write, read lock for
 * read-only, as QEMU takes them) so two FVPs never write one image.
 * A back-end runs requests against an image; its completions run on the
 * I/O thread given at creation. Back-ends: "sync" (preadv/pwritev on the
 * I/O thread) and "io_uring" (asynchronous, completions signalled through
 * an eventfd). A caller submitting several requests in a row (one queue
 * kick) calls unplug after the last, so a back-end may send them to the
 * kernel together.
 */
#ifndef FVP_DEV_BLOCK_BLOCK_H
#define FVP_DEV_BLOCK_BLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>
#include "core/compiler.h"

struct iothread;

struct blk_image {
	int fd;
	uint64_t size;
	bool readonly;
	const char *path;
};

/* Open path for a disk. On failure returns -errno after logging one line saying why (missing,
 * unreadable, read-only file without readonly, locked by another process). */
int blk_image_open(struct blk_image *img, const char *path, bool readonly) __must_check;
void blk_image_close(struct blk_image *img);

enum blk_op { BLK_OP_READ, BLK_OP_WRITE, BLK_OP_FLUSH, BLK_OP_DISCARD, BLK_OP_WRITE_ZEROES };

struct blk_request {
	enum blk_op op;
	uint64_t offset; /* bytes */
	uint64_t len;	 /* bytes: the iovecs' total for READ and WRITE */
	const struct iovec *iov;
	unsigned iovcnt;
	/* I/O thread: the request finished with 0 or -errno. */
	void (*done)(struct blk_request *req, int ret);
};

struct blk_backend;

struct blk_backend_ops {
	const char *name;
	struct blk_backend *(*create)(int fd, struct iothread *io);
	/* Start req; done() runs later or before this returns. Returns 0 or -errno (then done()
	 * is not called). The back-end may hold req until the next unplug. */
	int (*submit)(struct blk_backend *be, struct blk_request *req);
	/* Optional: send the requests held since the last call, and finish those already done. */
	void (*unplug)(struct blk_backend *be);
	void (*destroy)(struct blk_backend *be);
};

struct blk_backend {
	const struct blk_backend_ops *ops;
};

extern const struct blk_backend_ops blk_sync_ops;
extern const struct blk_backend_ops blk_uring_ops;

/* The back-end named name ("sync", "io_uring"), or NULL. */
const struct blk_backend_ops *blk_backend_find(const char *name);

/* The synchronous operations, shared by the back-ends: 0 or -errno. */
int blk_sync_run(int fd, const struct blk_request *req);

#endif
