/*
 * block.h - disk images and the back-ends that do their I/O.
 *
 * An image is an open file with its size, its read-only flag and an
 * open-file-description lock (write lock for read-write, read lock for
 * read-only, as QEMU takes them) so two FVPs never write one image.
 * A back-end runs requests against an image; its completions run on the
 * I/O thread given at creation. Back-ends: "sync" (preadv/pwritev on the
 * I/O thread) and "io_uring" (asynchronous, completions signalled through
 * an eventfd; on a buffered descriptor a read the page cache can serve
 * completes inside submit). A caller submitting several requests in a row
 * (one queue kick) calls unplug after the last, so a back-end may send them
 * to the kernel together.
 *
 * cache=none (direct): the image is opened O_DIRECT, so reads and writes
 * bypass the host page cache. O_DIRECT needs every buffer address aligned to
 * mem_align and every file offset and segment length to offset_align (from
 * statx STATX_DIOALIGN). Guest buffers are arbitrary guest RAM, so each
 * request is classified (blk_direct_path): aligned ones go straight through,
 * a request with any unaligned iovec is copied through one aligned bounce
 * buffer as a whole, and one whose offset or length the host cannot take
 * (offset_align above 512, a guest writing single 512-byte sectors) runs on
 * a second, buffered descriptor of the same file. Flush still fdatasyncs.
 */
#ifndef FVP_DEV_BLOCK_BLOCK_H
#define FVP_DEV_BLOCK_BLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>
#include "core/compiler.h"

struct iothread;

/* The largest O_DIRECT alignment an image may ask for (larger ones are refused at open). */
#define BLK_DIO_MAX_ALIGN 65536u

struct blk_image {
	int fd;
	uint64_t size;
	bool readonly;
	bool direct;	    /* cache=none: fd is O_DIRECT */
	int buffered_fd;    /* direct with offset_align > 512: the file without O_DIRECT, else -1 */
	uint32_t mem_align; /* direct: buffer address alignment (power of two) */
	uint32_t offset_align; /* direct: file offset and segment length alignment */
	const char *path;
};

/* Open path for a disk, O_DIRECT if direct. On failure returns -errno after logging one line
 * saying why (missing, unreadable, read-only file without readonly, locked by another process,
 * no O_DIRECT on its file system). */
int blk_image_open(struct blk_image *img, const char *path, bool readonly,
		   bool direct) __must_check;
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
	void *bounce; /* the back-end's: aligned copy of the data while in flight, or NULL */
};

struct blk_backend;

struct blk_backend_ops {
	const char *name;
	struct blk_backend *(*create)(const struct blk_image *img, struct iothread *io);
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
int blk_sync_run(const struct blk_image *img, const struct blk_request *req);

/* How a read or write runs on img (see the top of this file). */
enum blk_path {
	BLK_PATH_AS_IS,	   /* img->fd with the request's own iovecs */
	BLK_PATH_BOUNCE,   /* img->fd through an aligned copy (blk_bounce_*) */
	BLK_PATH_BUFFERED, /* img->buffered_fd with the request's own iovecs */
};
enum blk_path blk_direct_path(const struct blk_image *img, const struct blk_request *req);

/* BLK_PATH_BOUNCE: allocate req->bounce (req->len bytes, aligned for img) and, for a write,
 * copy the data into it. 0 or -ENOMEM. */
int blk_bounce_start(const struct blk_image *img, struct blk_request *req) __must_check;
/* Finish a bounced request that ended with ret: a successful read's data is copied out to
 * the request's iovecs; the copy is freed. */
void blk_bounce_finish(struct blk_request *req, int ret);

#endif
