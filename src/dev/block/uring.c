/*
 * uring.c - the "io_uring" block back-end (liburing): reads, writes and
 * flushes are queued to the kernel and complete on the I/O thread, which
 * watches an eventfd registered with the ring. Discard and write zeroes,
 * rare, run synchronously on the I/O thread (blk_sync_run). Requests of one
 * queue kick are queued in the submission ring and sent by unplug with one
 * io_uring_enter; unplug then reaps what the kernel finished inline (reads
 * from the page cache), without waiting for the eventfd round trip.
 *
 * Page-cache fast path: on a buffered descriptor a read or write is first
 * tried at submit with preadv2/pwritev2(RWF_NOWAIT), which the kernel
 * completes only if it needs no I/O (data cached, no writeback throttling).
 * Such a request completes before submit returns, so the guest sees it
 * while the rest of the kick is still being popped, as with aio=sync; the
 * others (EAGAIN, a short transfer) go to the ring whole. O_DIRECT
 * descriptors skip the attempt: their reads always wait for the disk.
 *
 * Invariants: inflight counts requests queued or held by the kernel (queued
 * of them not yet sent); outside a kick nothing stays queued; destroy sends
 * and waits for all of them, so no completion writes into guest memory after
 * teardown. A transfer shorter than asked is -EIO (regular files do not give
 * short transfers inside their size, which the device checked). On a
 * cache=none image an unaligned request is queued on its bounce buffer,
 * which is copied out and freed at completion (or at destroy).
 */
#include "dev/block/block.h"

#include <errno.h>
#include <limits.h>
#include <liburing.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>
#include "core/iothread.h"

#define URING_ENTRIES 256

struct blk_uring {
	struct blk_backend be;
	const struct blk_image *img;
	int efd;
	struct iothread *io;
	struct io_uring ring;
	unsigned inflight;
	unsigned queued;    /* prepared entries not yet sent to the kernel */
	bool nowait_writes; /* pwritev2(RWF_NOWAIT) is worth trying (cleared at EOPNOTSUPP) */
};

static void uring_complete_one(struct blk_uring *u, struct io_uring_cqe *cqe)
{
	struct blk_request *req = io_uring_cqe_get_data(cqe);
	int res = cqe->res;

	io_uring_cqe_seen(&u->ring, cqe);
	u->inflight--;
	if (res >= 0 && req->op != BLK_OP_FLUSH && (uint64_t)res != req->len)
		res = -EIO;
	if (req->bounce)
		blk_bounce_finish(req, res < 0 ? res : 0);
	req->done(req, res < 0 ? res : 0);
}

static void uring_reap(struct blk_uring *u)
{
	struct io_uring_cqe *cqe;

	while (io_uring_peek_cqe(&u->ring, &cqe) == 0)
		uring_complete_one(u, cqe);
}

static void uring_event(void *opaque, int fd, uint32_t events)
{
	iothread_event_clear(fd);
	uring_reap(opaque);
}

static void uring_destroy(struct blk_backend *be)
{
	struct blk_uring *u = (struct blk_uring *)be;
	struct io_uring_cqe *cqe;

	if (u->queued)
		io_uring_submit(&u->ring);
	while (u->inflight && io_uring_wait_cqe(&u->ring, &cqe) == 0) {
		struct blk_request *req = io_uring_cqe_get_data(cqe);

		if (req->bounce)
			blk_bounce_finish(req, -ECANCELED);
		io_uring_cqe_seen(&u->ring, cqe);
		u->inflight--;
	}
	if (u->efd >= 0) {
		if (u->io)
			iothread_del_fd(u->io, u->efd);
		close(u->efd);
	}
	io_uring_queue_exit(&u->ring);
	free(u);
}

static struct blk_backend *uring_create(const struct blk_image *img, struct iothread *io)
{
	struct blk_uring *u = calloc(1, sizeof(*u));

	if (!u)
		return NULL;
	u->be.ops = &blk_uring_ops;
	u->img = img;
	u->efd = -1;
	if (io_uring_queue_init(URING_ENTRIES, &u->ring, 0) < 0) {
		free(u);
		return NULL;
	}
	u->efd = iothread_event_create();
	if (u->efd < 0 || io_uring_register_eventfd(&u->ring, u->efd) < 0 ||
	    iothread_add_fd(io, u->efd, EPOLLIN, uring_event, u)) {
		uring_destroy(&u->be);
		return NULL;
	}
	u->io = io;
	u->nowait_writes = true;
	return &u->be;
}

static struct io_uring_sqe *uring_get_sqe(struct blk_uring *u)
{
	struct io_uring_sqe *sqe = io_uring_get_sqe(&u->ring);
	struct io_uring_cqe *cqe;

	while (!sqe) {
		/* Ring full: push what is queued and finish one request to make room. */
		if (io_uring_submit(&u->ring) >= 0)
			u->queued = 0;
		if (io_uring_wait_cqe(&u->ring, &cqe) == 0)
			uring_complete_one(u, cqe);
		sqe = io_uring_get_sqe(&u->ring);
	}
	return sqe;
}

/* A read or write, on the descriptor and buffers its path (direct.c) calls for. */
static int uring_prep_rw(struct blk_uring *u, struct blk_request *req, enum blk_path path,
			 struct io_uring_sqe **sqe)
{
	bool read = req->op == BLK_OP_READ;
	int fd = u->img->fd, ret;

	switch (path) {
	case BLK_PATH_BUFFERED:
		fd = u->img->buffered_fd;
		break;
	case BLK_PATH_BOUNCE:
		ret = blk_bounce_start(u->img, req);
		if (ret)
			return ret;
		*sqe = uring_get_sqe(u);
		if (read)
			io_uring_prep_read(*sqe, fd, req->bounce, (unsigned)req->len, req->offset);
		else
			io_uring_prep_write(*sqe, fd, req->bounce, (unsigned)req->len, req->offset);
		return 0;
	case BLK_PATH_AS_IS:
		break;
	}
	*sqe = uring_get_sqe(u);
	if (read)
		io_uring_prep_readv(*sqe, fd, req->iov, req->iovcnt, req->offset);
	else
		io_uring_prep_writev(*sqe, fd, req->iov, req->iovcnt, req->offset);
	return 0;
}

/* The page-cache fast path (top of file) for a request on path: true if req completed here. */
static bool uring_try_nowait(struct blk_uring *u, struct blk_request *req, enum blk_path path)
{
	bool read = req->op == BLK_OP_READ;
	int fd;
	ssize_t n;

	if ((!read && !u->nowait_writes) || req->iovcnt > IOV_MAX)
		return false;
	if (path == BLK_PATH_BUFFERED)
		fd = u->img->buffered_fd;
	else if (path == BLK_PATH_AS_IS && !u->img->direct)
		fd = u->img->fd;
	else
		return false; /* O_DIRECT: the read would wait for the disk */
	if (read)
		n = preadv2(fd, req->iov, (int)req->iovcnt, (off_t)req->offset, RWF_NOWAIT);
	else
		n = pwritev2(fd, req->iov, (int)req->iovcnt, (off_t)req->offset, RWF_NOWAIT);
	if (n < 0 && errno == EOPNOTSUPP && !read)
		u->nowait_writes = false;
	if (n < 0 || (uint64_t)n != req->len)
		return false;
	req->done(req, 0);
	return true;
}

static int uring_submit(struct blk_backend *be, struct blk_request *req)
{
	struct blk_uring *u = (struct blk_uring *)be;
	struct io_uring_sqe *sqe;
	enum blk_path path;
	int ret;

	req->bounce = NULL;
	switch (req->op) {
	case BLK_OP_READ:
	case BLK_OP_WRITE:
		path = blk_direct_path(u->img, req);
		if (uring_try_nowait(u, req, path))
			return 0;
		ret = uring_prep_rw(u, req, path, &sqe);
		if (ret)
			return ret;
		break;
	case BLK_OP_FLUSH:
		sqe = uring_get_sqe(u);
		io_uring_prep_fsync(sqe, u->img->fd, IORING_FSYNC_DATASYNC);
		break;
	default:
		req->done(req, blk_sync_run(u->img, req));
		return 0;
	}
	io_uring_sqe_set_data(sqe, req);
	u->inflight++;
	u->queued++;
	return 0;
}

static void uring_unplug(struct blk_backend *be)
{
	struct blk_uring *u = (struct blk_uring *)be;

	/* A failed submit leaves the entries queued: the next unplug or the ring-full path
	 * sends them, so a request is never lost nor completed twice. */
	if (u->queued && io_uring_submit(&u->ring) >= 0)
		u->queued = 0;
	uring_reap(u);
}

const struct blk_backend_ops blk_uring_ops = {
    .name = "io_uring",
    .create = uring_create,
    .submit = uring_submit,
    .unplug = uring_unplug,
    .destroy = uring_destroy,
};
