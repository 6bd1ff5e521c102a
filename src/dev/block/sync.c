/*
 * sync.c - the "sync" block back-end: each request runs to the end with
 * preadv/pwritev/fdatasync/fallocate on the I/O thread (never a vCPU), and
 * completes before submit returns. Also the fallback for operations the
 * io_uring back-end does not queue (discard, write zeroes).
 *
 * Invariants: short transfers are continued until the whole request is
 * done; an unexpected end of file is -EIO.
 */
#include "dev/block/block.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "dev/virtio/iov.h"

#define SYNC_MAX_IOV 1024
#define ZERO_CHUNK   (64u * 1024)

static int rw_all(int fd, const struct blk_request *req)
{
	struct iovec iov[SYNC_MAX_IOV];
	uint64_t done = 0;

	while (done < req->len) {
		int cnt =
		    iov_slice(req->iov, req->iovcnt, done, req->len - done, iov, SYNC_MAX_IOV);
		ssize_t n;

		if (cnt < 0)
			return -EINVAL;
		if (req->op == BLK_OP_READ)
			n = preadv(fd, iov, cnt, (off_t)(req->offset + done));
		else
			n = pwritev(fd, iov, cnt, (off_t)(req->offset + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		done += (uint64_t)n;
	}
	return 0;
}

static int write_zeroes_slow(int fd, uint64_t offset, uint64_t len)
{
	static const uint8_t zeros[ZERO_CHUNK];

	while (len) {
		size_t chunk = len < ZERO_CHUNK ? (size_t)len : ZERO_CHUNK;
		ssize_t n = pwrite(fd, zeros, chunk, (off_t)offset);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		offset += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return 0;
}

static bool falloc_unsupported(int err)
{
	return err == EOPNOTSUPP || err == ENOSYS || err == EINVAL || err == ENODEV;
}

int blk_sync_run(int fd, const struct blk_request *req)
{
	switch (req->op) {
	case BLK_OP_READ:
	case BLK_OP_WRITE:
		return rw_all(fd, req);
	case BLK_OP_FLUSH:
		return fdatasync(fd) < 0 ? -errno : 0;
	case BLK_OP_DISCARD:
		/* Advisory: a file system that cannot punch holes just keeps the data. */
		if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)req->offset,
			      (off_t)req->len) < 0 &&
		    !falloc_unsupported(errno))
			return -errno;
		return 0;
	case BLK_OP_WRITE_ZEROES:
		if (fallocate(fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, (off_t)req->offset,
			      (off_t)req->len) == 0)
			return 0;
		if (!falloc_unsupported(errno))
			return -errno;
		if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)req->offset,
			      (off_t)req->len) == 0)
			return 0;
		if (!falloc_unsupported(errno))
			return -errno;
		return write_zeroes_slow(fd, req->offset, req->len);
	}
	return -EINVAL;
}

struct blk_sync {
	struct blk_backend be;
	int fd;
};

static struct blk_backend *sync_create(int fd, struct iothread *io)
{
	struct blk_sync *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->be.ops = &blk_sync_ops;
	s->fd = fd;
	return &s->be;
}

static int sync_submit(struct blk_backend *be, struct blk_request *req)
{
	struct blk_sync *s = (struct blk_sync *)be;

	req->done(req, blk_sync_run(s->fd, req));
	return 0;
}

static void sync_destroy(struct blk_backend *be)
{
	free(be);
}

const struct blk_backend_ops blk_sync_ops = {
    .name = "sync",
    .create = sync_create,
    .submit = sync_submit,
    .destroy = sync_destroy,
};

const struct blk_backend_ops *blk_backend_find(const char *name)
{
	if (!strcmp(name, "sync"))
		return &blk_sync_ops;
	if (!strcmp(name, "io_uring"))
		return &blk_uring_ops;
	return NULL;
}
