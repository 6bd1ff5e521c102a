/*
 * direct.c - alignment for cache=none (O_DIRECT) images, shared by the
 * back-ends (see block.h): which path a read or write takes, and the
 * aligned bounce buffer for requests whose guest buffers O_DIRECT refuses.
 *
 * Choice: a request with any unaligned iovec is bounced as a whole (one
 * allocation, one copy) rather than iovec by iovec: a Linux guest sends
 * page-aligned page-cache pages and sector-aligned O_DIRECT buffers, so the
 * bounce is the rare path and one code path is easier to get right.
 *
 * Invariants: req->bounce is NULL outside blk_bounce_start..finish; a
 * bounce buffer is req->len bytes (rounded up to offset_align) aligned to at
 * least mem_align, so O_DIRECT accepts it whatever the guest sent.
 */
#include "dev/block/block.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dev/virtio/iov.h"

#define BOUNCE_MIN_ALIGN 4096u
/* Largest request bounced: bigger unaligned ones fail rather than let a guest make the host
 * allocate gigabytes (a Linux guest's requests are a few MiB at most). */
#define BOUNCE_MAX (32u << 20)

static bool aligned(uint64_t v, uint32_t align)
{
	return !(v & (align - 1));
}

enum blk_path blk_direct_path(const struct blk_image *img, const struct blk_request *req)
{
	if (!img->direct)
		return BLK_PATH_AS_IS;
	if (!aligned(req->offset | req->len, img->offset_align))
		return BLK_PATH_BUFFERED;
	for (unsigned i = 0; i < req->iovcnt; i++) {
		if (!aligned((uintptr_t)req->iov[i].iov_base, img->mem_align) ||
		    !aligned(req->iov[i].iov_len, img->offset_align))
			return BLK_PATH_BOUNCE;
	}
	return BLK_PATH_AS_IS;
}

int blk_bounce_start(const struct blk_image *img, struct blk_request *req)
{
	size_t align = img->mem_align > BOUNCE_MIN_ALIGN ? img->mem_align : BOUNCE_MIN_ALIGN;
	size_t size = (req->len + img->offset_align - 1) & ~((size_t)img->offset_align - 1);

	req->bounce = NULL;
	if (req->len > BOUNCE_MAX)
		return -EINVAL;
	if (posix_memalign(&req->bounce, align, size ? size : align))
		return -ENOMEM;
	if (req->op == BLK_OP_WRITE)
		iov_to_buf(req->iov, req->iovcnt, 0, req->bounce, req->len);
	return 0;
}

void blk_bounce_finish(struct blk_request *req, int ret)
{
	if (!ret && req->op == BLK_OP_READ)
		iov_from_buf(req->iov, req->iovcnt, 0, req->bounce, req->len);
	free(req->bounce);
	req->bounce = NULL;
}
