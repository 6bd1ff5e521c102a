/*
 * virtio_blk.c - virtio-blk: IN, OUT, FLUSH, GET_ID, DISCARD and
 * WRITE_ZEROES (virtio 1.2 section 5.2) on one or more request queues
 * (VIRTIO_BLK_F_MQ; by default one per vCPU, so a Linux guest gives each
 * CPU its own queue and picks no I/O scheduler). All queues share the
 * device's back-end and I/O thread; a request completes on its own queue.
 *
 * A request is a 16-byte header {type, reserved, sector} in device-readable
 * buffers, data, and a status byte as the last device-writable byte. Data
 * moves between the image and guest RAM through the chain's iovecs.
 *
 * Invariants: a request reaching the back-end lies inside the image (bad
 * sector ranges, writes to a read-only disk and unknown requests complete
 * with an error status and never touch the file); a chain without room
 * for the header or status is a driver bug that sets DEVICE_NEEDS_RESET.
 * FLUSH completes only after fdatasync, with cache=none too. Requests run
 * on the I/O thread.
 */
#include "dev/virtio/virtio_blk.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "dev/block/block.h"
#include "dev/virtio/iov.h"

struct virtio_blk_config {
	uint64_t capacity;
	uint32_t size_max;
	uint32_t seg_max;
	uint16_t cylinders;
	uint8_t heads;
	uint8_t sectors;
	uint32_t blk_size;
	uint8_t physical_block_exp;
	uint8_t alignment_offset;
	uint16_t min_io_size;
	uint32_t opt_io_size;
	uint8_t writeback;
	uint8_t unused0;
	uint16_t num_queues;
	uint32_t max_discard_sectors;
	uint32_t max_discard_seg;
	uint32_t discard_sector_alignment;
	uint32_t max_write_zeroes_sectors;
	uint32_t max_write_zeroes_seg;
	uint8_t write_zeroes_may_unmap;
	uint8_t unused1[3];
} __attribute__((packed));

_Static_assert(sizeof(struct virtio_blk_config) == 60, "virtio_blk_config layout");

struct virtio_blk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

struct virtio_blk_discard {
	uint64_t sector;
	uint32_t num_sectors;
	uint32_t flags;
};

#define DISCARD_F_UNMAP 1u
/* Largest discard or write-zeroes range in one request (sectors). */
#define BLK_MAX_ZERO_SECTORS (1u << 22)

struct blk_req;

struct virtio_blk {
	struct virtio_dev vdev;
	struct virtio_blk_config config;
	struct blk_image img;
	struct blk_backend *be;
	struct blk_req *free_reqs; /* finished requests kept for reuse (I/O thread only) */
	char serial[VIRTIO_BLK_ID_LEN];
	bool readonly;
};

struct blk_req {
	struct virtio_blk *blk;
	struct blk_req *next_free;
	unsigned queue;
	struct blk_request io;
	uint8_t *status;
	uint32_t used_len;
	struct iovec data[VIRTQ_MAX_CHAIN];
	struct virtq_elem elem;
};

/* Requests are ~10 KiB (iovec arrays for the longest chain) and up to a queue's worth are in
 * flight: reusing them keeps malloc from trimming and refaulting its heap at every batch. */
static struct blk_req *blk_req_get(struct virtio_blk *b)
{
	struct blk_req *r = b->free_reqs;

	if (!r)
		return malloc(sizeof(*r));
	b->free_reqs = r->next_free;
	return r;
}

static void blk_req_put(struct virtio_blk *b, struct blk_req *r)
{
	r->next_free = b->free_reqs;
	b->free_reqs = r;
}

static void blk_complete(struct blk_req *r, uint8_t status)
{
	*r->status = status;
	virtio_push(&r->blk->vdev, r->queue, &r->elem, r->used_len + 1);
	blk_req_put(r->blk, r);
}

static void blk_io_done(struct blk_request *io, int ret)
{
	struct blk_req *r = container_of(io, struct blk_req, io);

	if (ret) {
		log_class(unimp, "virtio-blk: %s: request failed: %s", r->blk->img.path,
			  strerror(-ret));
		r->used_len = 0;
	}
	blk_complete(r, ret ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK);
}

/* Is [sector, sector + bytes / 512) inside the image? */
static bool blk_range_ok(const struct virtio_blk *b, uint64_t sector, uint64_t bytes)
{
	uint64_t sectors = b->img.size / VIRTIO_BLK_SECTOR;

	return sector <= sectors && bytes / VIRTIO_BLK_SECTOR <= sectors - sector;
}

static void blk_submit(struct blk_req *r)
{
	int ret = r->blk->be->ops->submit(r->blk->be, &r->io);

	if (ret)
		blk_io_done(&r->io, ret);
}

static void blk_rw(struct blk_req *r, const struct virtio_blk_req_hdr *h, bool write)
{
	struct virtq_elem *e = &r->elem;
	size_t out_len = iov_size(e->iov, e->out_num), in_len = iov_size(e->in_iov, e->in_num);
	uint64_t len = write ? out_len - sizeof(*h) : in_len - 1;
	int cnt;

	if (write && r->blk->readonly)
		return blk_complete(r, VIRTIO_BLK_S_IOERR);
	if (len % VIRTIO_BLK_SECTOR || !blk_range_ok(r->blk, h->sector, len))
		return blk_complete(r, VIRTIO_BLK_S_IOERR);
	if (write)
		cnt = iov_slice(e->iov, e->out_num, sizeof(*h), len, r->data, VIRTQ_MAX_CHAIN);
	else
		cnt = iov_slice(e->in_iov, e->in_num, 0, len, r->data, VIRTQ_MAX_CHAIN);
	if (cnt < 0)
		return blk_complete(r, VIRTIO_BLK_S_IOERR);
	r->io.op = write ? BLK_OP_WRITE : BLK_OP_READ;
	r->io.offset = h->sector * VIRTIO_BLK_SECTOR;
	r->io.len = len;
	r->io.iov = r->data;
	r->io.iovcnt = (unsigned)cnt;
	r->used_len = write ? 0 : (uint32_t)len;
	if (len == 0)
		return blk_complete(r, VIRTIO_BLK_S_OK);
	blk_submit(r);
}

static void blk_get_id(struct blk_req *r)
{
	struct virtq_elem *e = &r->elem;
	size_t room = iov_size(e->in_iov, e->in_num) - 1;
	size_t n = room < VIRTIO_BLK_ID_LEN ? room : VIRTIO_BLK_ID_LEN;

	r->used_len = (uint32_t)iov_from_buf(e->in_iov, e->in_num, 0, r->blk->serial, n);
	blk_complete(r, VIRTIO_BLK_S_OK);
}

static void blk_discard(struct blk_req *r, bool zeroes)
{
	struct virtq_elem *e = &r->elem;
	struct virtio_blk_discard seg;
	size_t len = iov_size(e->iov, e->out_num) - sizeof(struct virtio_blk_req_hdr);

	if (r->blk->readonly)
		return blk_complete(r, VIRTIO_BLK_S_IOERR);
	if (len != sizeof(seg) || iov_to_buf(e->iov, e->out_num, sizeof(struct virtio_blk_req_hdr),
					     &seg, sizeof(seg)) != sizeof(seg))
		return blk_complete(r, VIRTIO_BLK_S_UNSUPP); /* we offer one segment */
	if ((seg.flags & ~DISCARD_F_UNMAP) || (!zeroes && (seg.flags & DISCARD_F_UNMAP)))
		return blk_complete(r, VIRTIO_BLK_S_UNSUPP);
	if (seg.num_sectors > BLK_MAX_ZERO_SECTORS ||
	    !blk_range_ok(r->blk, seg.sector, (uint64_t)seg.num_sectors * VIRTIO_BLK_SECTOR))
		return blk_complete(r, VIRTIO_BLK_S_IOERR);
	r->io.op = zeroes ? BLK_OP_WRITE_ZEROES : BLK_OP_DISCARD;
	r->io.offset = seg.sector * VIRTIO_BLK_SECTOR;
	r->io.len = (uint64_t)seg.num_sectors * VIRTIO_BLK_SECTOR;
	if (r->io.len == 0)
		return blk_complete(r, VIRTIO_BLK_S_OK);
	blk_submit(r);
}

static void blk_handle(struct blk_req *r)
{
	struct virtq_elem *e = &r->elem;
	struct virtio_blk_req_hdr h;
	const struct iovec *last;

	if (e->in_num == 0 || iov_to_buf(e->iov, e->out_num, 0, &h, sizeof(h)) != sizeof(h)) {
		virtio_set_needs_reset(&r->blk->vdev, "request without header or status byte");
		blk_req_put(r->blk, r);
		return;
	}
	last = &e->in_iov[e->in_num - 1];
	r->status = (uint8_t *)last->iov_base + last->iov_len - 1;
	r->used_len = 0;
	r->io.done = blk_io_done;
	r->io.iov = NULL;
	r->io.iovcnt = 0;
	switch (h.type) {
	case VIRTIO_BLK_T_IN:
		return blk_rw(r, &h, false);
	case VIRTIO_BLK_T_OUT:
		return blk_rw(r, &h, true);
	case VIRTIO_BLK_T_FLUSH:
		r->io.op = BLK_OP_FLUSH;
		r->io.offset = r->io.len = 0;
		return blk_submit(r);
	case VIRTIO_BLK_T_GET_ID:
		return blk_get_id(r);
	case VIRTIO_BLK_T_DISCARD:
		return blk_discard(r, false);
	case VIRTIO_BLK_T_WRITE_ZEROES:
		return blk_discard(r, true);
	default:
		return blk_complete(r, VIRTIO_BLK_S_UNSUPP);
	}
}

/* Pops every available chain, then lets the back-end send the batch (unplug). */
static void blk_queue_notify(struct virtio_dev *d, unsigned q)
{
	struct virtio_blk *b = container_of(d, struct virtio_blk, vdev);

	for (;;) {
		struct blk_req *r = blk_req_get(b);
		int ret;

		if (!r) {
			virtio_set_needs_reset(d, "out of host memory");
			break;
		}
		ret = virtio_pop(d, q, &r->elem);
		if (ret <= 0) {
			blk_req_put(b, r);
			break;
		}
		r->blk = b;
		r->queue = q;
		blk_handle(r);
	}
	if (b->be->ops->unplug)
		b->be->ops->unplug(b->be);
}

static void blk_destroy(struct virtio_dev *d)
{
	struct virtio_blk *b = container_of(d, struct virtio_blk, vdev);

	if (b->be)
		b->be->ops->destroy(b->be);
	while (b->free_reqs) {
		struct blk_req *r = b->free_reqs;

		b->free_reqs = r->next_free;
		free(r);
	}
	blk_image_close(&b->img);
	virtio_dev_cleanup(d);
	free(b);
}

static const struct virtio_dev_ops virtio_blk_ops = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .queue_notify = blk_queue_notify,
    .destroy = blk_destroy,
    .snapshot = true,
};

static struct blk_backend *blk_backend_open(const struct vm_drive_config *cfg,
					    const struct blk_image *img, struct iothread *io)
{
	const char *aio = cfg->aio ? cfg->aio : "io_uring";
	const struct blk_backend_ops *ops = blk_backend_find(aio);
	struct blk_backend *be;

	if (!ops) {
		log_error("%s: unknown aio=%s: use io_uring or sync", cfg->file, aio);
		return NULL;
	}
	be = ops->create(img, io);
	if (!be && !cfg->aio) {
		log_warn("%s: io_uring is not available here: using aio=sync", cfg->file);
		be = blk_sync_ops.create(img, io);
	}
	if (!be)
		log_error("%s: cannot set up aio=%s", cfg->file, aio);
	return be;
}

struct virtio_dev *virtio_blk_create(const struct vm_drive_config *cfg, struct address_space *as,
				     struct iothread *io)
{
	struct virtio_blk *b = calloc(1, sizeof(*b));
	uint64_t features = VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) |
			    VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);

	if (!b) {
		log_error("%s: out of memory", cfg->file);
		return NULL;
	}
	b->img.fd = -1;
	b->img.buffered_fd = -1;
	b->readonly = cfg->readonly;
	if (cfg->num_queues < 1 || cfg->num_queues > VM_BLK_MAX_QUEUES ||
	    virtio_dev_init(&b->vdev, &virtio_blk_ops, as, io, cfg->num_queues, 0, &b->config,
			    sizeof(b->config))) {
		log_error("%s: cannot set up the virtio device", cfg->file);
		free(b);
		return NULL;
	}
	if (blk_image_open(&b->img, cfg->file, cfg->readonly, cfg->direct))
		goto fail;
	b->be = blk_backend_open(cfg, &b->img, io);
	if (!b->be)
		goto fail;
	if (cfg->num_queues > 1)
		features |= VIRTIO_BIT(VIRTIO_BLK_F_MQ);
	if (cfg->readonly)
		features |= VIRTIO_BIT(VIRTIO_BLK_F_RO);
	else
		features |=
		    VIRTIO_BIT(VIRTIO_BLK_F_DISCARD) | VIRTIO_BIT(VIRTIO_BLK_F_WRITE_ZEROES);
	b->vdev.host_features |= features;
	memcpy(b->serial, cfg->serial, strnlen(cfg->serial, VIRTIO_BLK_ID_LEN));
	b->config.capacity = b->img.size / VIRTIO_BLK_SECTOR;
	b->config.seg_max = VIRTQ_MAX_CHAIN - 2;
	b->config.blk_size = VIRTIO_BLK_SECTOR;
	b->config.num_queues = (uint16_t)cfg->num_queues;
	b->config.max_discard_sectors = BLK_MAX_ZERO_SECTORS;
	b->config.max_discard_seg = 1;
	b->config.discard_sector_alignment = 8;
	b->config.max_write_zeroes_sectors = BLK_MAX_ZERO_SECTORS;
	b->config.max_write_zeroes_seg = 1;
	b->config.write_zeroes_may_unmap = 1;
	return &b->vdev;
fail:
	blk_destroy(&b->vdev);
	return NULL;
}
