/*
 * virtqueue.h - the device side of a virtio split virtqueue (virtio 1.2
 * section 2.7): descriptor chains, indirect descriptors, the event index.
 *
 * Guest buffers become iovecs that point straight into guest RAM (host
 * mappings from as_ram_ptr); nothing is copied. Every index, address,
 * length and flag the guest wrote is checked against the queue size and
 * the RAM regions before use; descriptors are copied out of guest memory
 * once and only the copy is checked and used, so a guest changing a ring
 * under the device's feet cannot make it touch memory outside guest RAM.
 *
 * Not thread-safe: the owner (struct virtio_dev) serializes calls.
 */
#ifndef FVP_DEV_VIRTIO_VIRTQUEUE_H
#define FVP_DEV_VIRTIO_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>
#include "core/compiler.h"
#include "core/memory.h"

#define VIRTQ_MAX_SIZE	256 /* largest queue a device offers (QueueNumMax) */
#define VIRTQ_MAX_CHAIN 256 /* buffers in one chain, indirect tables included */

#define VIRTQ_DESC_F_NEXT     1
#define VIRTQ_DESC_F_WRITE    2
#define VIRTQ_DESC_F_INDIRECT 4

#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

/* One popped chain: device-readable buffers first (out), then device-writable ones (in). */
struct virtq_elem {
	uint16_t head;
	uint16_t out_num;
	uint16_t in_num;
	uint32_t generation;  /* of the queue when popped: stale after a reset */
	struct iovec *in_iov; /* = iov + out_num */
	struct iovec iov[VIRTQ_MAX_CHAIN];
	uint64_t addr[VIRTQ_MAX_CHAIN]; /* guest-physical address of each buffer */
};

struct virtq {
	/* set by the transport while the queue is not ready */
	uint16_t num;
	uint64_t desc_addr, avail_addr, used_addr;
	/* set by virtq_enable */
	bool ready;
	bool event_idx;
	bool indirect;
	struct address_space *as;
	struct virtq_desc *desc;
	uint16_t *avail; /* flags, idx, ring[num], used_event */
	uint16_t *used;	 /* flags, idx, {u32 id, u32 len}[num], avail_event */
	uint16_t last_avail;
	uint16_t used_idx;
	uint16_t notified_used;
	uint32_t generation;
};

/* Map the rings the driver configured. Returns 0, -EINVAL (size not a power of two from 1 to
 * VIRTQ_MAX_SIZE, misaligned ring) or -EFAULT (a ring outside RAM). */
int virtq_enable(struct virtq *vq, struct address_space *as, bool event_idx,
		 bool indirect) __must_check;
/* Back to the reset state (not ready, no addresses); in-flight elements become stale. */
void virtq_reset(struct virtq *vq);
/* Take the next available chain. Returns 1 with *elem filled, 0 if none is available, or
 * -EIO if the driver broke the ring (the device must then stop and ask for a reset). */
int virtq_pop(struct virtq *vq, struct virtq_elem *elem) __must_check;
/* Return a chain to the driver with len bytes written into its in-buffers. Pages of those
 * bytes holding translated code are invalidated. Stale elements are dropped. */
void virtq_push(struct virtq *vq, const struct virtq_elem *elem, uint32_t len);
/* After pushes: does the driver want an interrupt now? (event index or NO_INTERRUPT flag) */
bool virtq_should_notify(struct virtq *vq);
/* Does the ring hold chains not yet popped? */
bool virtq_has_work(struct virtq *vq);

#endif
