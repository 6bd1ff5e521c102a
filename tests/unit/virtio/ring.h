/*
 * ring.h - hand-built split virtqueues in a RAM region, for the virtio unit
 * tests: the test plays the driver (writes descriptors, the avail ring,
 * reads the used ring) exactly as the virtio 1.2 layout says.
 */
#ifndef FVP_TESTS_VIRTIO_RING_H
#define FVP_TESTS_VIRTIO_RING_H

#include <stdint.h>
#include <string.h>
#include "core/memory.h"
#include "dev/virtio/virtqueue.h"

#define T_RAM_BASE 0x80000000ull
#define T_RAM_SIZE (4ull << 20)
#define T_DESC	   (T_RAM_BASE + 0x0000)
#define T_AVAIL	   (T_RAM_BASE + 0x2000)
#define T_USED	   (T_RAM_BASE + 0x3000)
#define T_INDIRECT (T_RAM_BASE + 0x8000)
#define T_DATA	   (T_RAM_BASE + 0x10000)

struct t_ring {
	struct address_space *as;
	uint16_t num;
	uint16_t avail_idx;
};

static inline void *t_ptr(struct t_ring *r, uint64_t paddr, uint64_t len)
{
	return as_ram_ptr(r->as, paddr, len);
}

static inline void t_desc_at(struct t_ring *r, uint64_t table, unsigned i, uint64_t addr,
			     uint32_t len, uint16_t flags, uint16_t next)
{
	struct virtq_desc d = {.addr = addr, .len = len, .flags = flags, .next = next};

	memcpy(t_ptr(r, table + 16 * i, 16), &d, 16);
}

static inline void t_desc(struct t_ring *r, unsigned i, uint64_t addr, uint32_t len, uint16_t flags,
			  uint16_t next)
{
	t_desc_at(r, T_DESC, i, addr, len, flags, next);
}

/* Offer the chain at head: ring entry, then the index. */
static inline void t_offer(struct t_ring *r, uint16_t head)
{
	uint16_t *avail = t_ptr(r, T_AVAIL, 6 + 2 * r->num);

	avail[2 + r->avail_idx % r->num] = head;
	r->avail_idx++;
	/* a driver's write barrier: the device (another thread) must see the entry first */
	__atomic_store_n(&avail[1], r->avail_idx, __ATOMIC_RELEASE);
}

static inline uint16_t *t_avail(struct t_ring *r)
{
	return t_ptr(r, T_AVAIL, 6 + 2 * r->num);
}

static inline uint16_t *t_used(struct t_ring *r)
{
	return t_ptr(r, T_USED, 6 + 8 * r->num);
}

/* used ring entry i: {id, len} */
static inline uint32_t t_used_id(struct t_ring *r, unsigned i)
{
	return ((uint32_t *)&t_used(r)[2])[2 * (i % r->num)];
}

static inline uint32_t t_used_len(struct t_ring *r, unsigned i)
{
	return ((uint32_t *)&t_used(r)[2])[2 * (i % r->num) + 1];
}

static inline void t_ring_clear(struct t_ring *r)
{
	memset(t_ptr(r, T_RAM_BASE, 0x10000), 0, 0x10000);
	r->avail_idx = 0;
}

#endif
