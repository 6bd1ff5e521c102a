/*
 * sync.c - the "sync" block back-end: each request runs to the end with
 * preadv/pwritev/fdatasync/fallocate on the I/O thread (never a vCPU), and
 * completes before submit returns. Also the fallback for operations the
 * io_uring back-end does not queue (discard, write zeroes).
 *
 * Invariants: short transfers are continued until the whole request is
 * done; an unexpected end of file is -EIO. On a cache=none image every
 * transfer is aligned for O_DIRECT (direct.c decides how).
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
#define ZERO_CHUNK   BLK_DIO_MAX_ALIGN

static int rw_all(int fd, enum blk_op op, uint64_t offset, uint64_t len, const struct iovec *src,
		  unsigned srccnt)
{
	struct iovec iov[SYNC_MAX_IOV];
	uint64_t done = 0;

	while (done < len) {
		int cnt = iov_slice(src, srccnt, done, len - done, iov, SYNC_MAX_IOV);
		ssize_t n;

		if (cnt < 0)
			return -EINVAL;
		if (op == BLK_OP_READ)
			n = preadv(fd, iov, cnt, (off_t)(offset + done));
		else
			n = pwritev(fd, iov, cnt, (off_t)(offset + done));
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

static int rw_request(const struct blk_image *img, const struct blk_request *req)
{
	struct blk_request copy = *req;
	struct iovec bounce;
	int ret;

	switch (blk_direct_path(img, req)) {
	case BLK_PATH_BUFFERED:
		return rw_all(img->buffered_fd, req->op, req->offset, req->len, req->iov,
			      req->iovcnt);
	case BLK_PATH_BOUNCE:
		ret = blk_bounce_start(img, &copy);
		if (ret)
			return ret;
		bounce = (struct iovec){.iov_base = copy.bounce, .iov_len = req->len};
		ret = rw_all(img->fd, req->op, req->offset, req->len, &bounce, 1);
		blk_bounce_finish(&copy, ret);
		return ret;
	case BLK_PATH_AS_IS:
		break;
	}
	return rw_all(img->fd, req->op, req->offset, req->len, req->iov, req->iovcnt);
}

/* Aligned for any O_DIRECT image, whose alignments are at most BLK_DIO_MAX_ALIGN. */
static const uint8_t zeros[ZERO_CHUNK] __attribute__((aligned(ZERO_CHUNK)));

static int write_zeroes_slow(const struct blk_image *img, uint64_t offset, uint64_t len)
{
	const struct blk_request whole = {.op = BLK_OP_WRITE, .offset = offset, .len = len};
	int fd = blk_direct_path(img, &whole) == BLK_PATH_BUFFERED ? img->buffered_fd : img->fd;

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

int blk_sync_run(const struct blk_image *img, const struct blk_request *req)
{
	int fd = img->fd;

	switch (req->op) {
	case BLK_OP_READ:
	case BLK_OP_WRITE:
		return rw_request(img, req);
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
		return write_zeroes_slow(img, req->offset, req->len);
	}
	return -EINVAL;
}

struct blk_sync {
	struct blk_backend be;
	const struct blk_image *img;
};

static struct blk_backend *sync_create(const struct blk_image *img, struct iothread *io)
{
	struct blk_sync *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->be.ops = &blk_sync_ops;
	s->img = img;
	return &s->be;
}

static int sync_submit(struct blk_backend *be, struct blk_request *req)
{
	struct blk_sync *s = (struct blk_sync *)be;

	req->done(req, blk_sync_run(s->img, req));
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
