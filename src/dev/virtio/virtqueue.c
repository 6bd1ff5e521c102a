/*
 * virtqueue.c - split virtqueues, device side (see virtqueue.h).
 *
 * Ring layout (little-endian, as the host is): the descriptor table holds
 * num 16-byte descriptors; the driver area is flags, idx, ring[num],
 * used_event (u16 each); the device area is flags, idx, num {id, len}
 * pairs of u32, avail_event. Indices are free-running u16 counters.
 *
 * Memory ordering against the driver's vCPUs: the avail index is loaded
 * with acquire before the ring entries and descriptors it publishes are
 * read; used entries are stored before the used index (release); a full
 * fence separates publishing from reading the driver's event index or
 * flags, and writing avail_event from re-reading the avail index.
 *
 * A malformed ring (index beyond the queue, a chain longer than the table
 * it lives in, hence any loop, a nested or malformed indirect table, a
 * buffer outside RAM, a device-readable buffer after a device-writable one,
 * more than VIRTQ_MAX_CHAIN buffers, an avail index more than num ahead)
 * makes virtq_pop return -EIO without consuming anything.
 */
#include "dev/virtio/virtqueue.h"

#include <errno.h>
#include <string.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "virtio rings are little-endian");

#define AVAIL_FLAGS 0
#define AVAIL_IDX   1
#define AVAIL_RING  2
#define USED_FLAGS  0
#define USED_IDX    1

static uint16_t *used_event_ptr(struct virtq *vq)
{
	return &vq->avail[AVAIL_RING + vq->num];
}

static uint16_t *avail_event_ptr(struct virtq *vq)
{
	return &vq->used[2 + 4 * vq->num];
}

static uint16_t load_u16(const uint16_t *p, int order)
{
	return __atomic_load_n(p, order);
}

int virtq_enable(struct virtq *vq, struct address_space *as, bool event_idx, bool indirect)
{
	uint64_t num = vq->num;

	if (num == 0 || num > VIRTQ_MAX_SIZE || (num & (num - 1)))
		return -EINVAL;
	if ((vq->desc_addr & 15) || (vq->avail_addr & 1) || (vq->used_addr & 3))
		return -EINVAL;
	vq->desc = as_ram_ptr(as, vq->desc_addr, 16 * num);
	vq->avail = as_ram_ptr(as, vq->avail_addr, 6 + 2 * num);
	vq->used = as_ram_ptr(as, vq->used_addr, 6 + 8 * num);
	if (!vq->desc || !vq->avail || !vq->used) {
		vq->desc = NULL;
		vq->avail = vq->used = NULL;
		return -EFAULT;
	}
	vq->as = as;
	vq->event_idx = event_idx;
	vq->indirect = indirect;
	vq->last_avail = 0;
	vq->used_idx = 0;
	vq->notified_used = 0;
	vq->ready = true;
	return 0;
}

void virtq_reset(struct virtq *vq)
{
	uint32_t generation = vq->generation + 1;

	memset(vq, 0, sizeof(*vq));
	vq->generation = generation;
}

/* Add one buffer of a chain to elem. */
static int elem_add(struct virtq *vq, struct virtq_elem *elem, const struct virtq_desc *d,
		    bool *seen_write)
{
	unsigned n = elem->out_num + elem->in_num;
	void *host;

	if (d->flags & VIRTQ_DESC_F_WRITE)
		*seen_write = true;
	else if (*seen_write)
		return -EIO; /* device-readable after device-writable */
	if (d->len == 0)
		return 0;
	if (n == VIRTQ_MAX_CHAIN)
		return -EIO;
	host = as_ram_ptr(vq->as, d->addr, d->len);
	if (!host)
		return -EIO;
	elem->iov[n].iov_base = host;
	elem->iov[n].iov_len = d->len;
	elem->addr[n] = d->addr;
	if (d->flags & VIRTQ_DESC_F_WRITE)
		elem->in_num++;
	else
		elem->out_num++;
	return 0;
}

static int walk_chain(struct virtq *vq, uint16_t head, struct virtq_elem *elem)
{
	const struct virtq_desc *table = vq->desc;
	unsigned table_len = vq->num, visited = 0, idx = head;
	bool in_indirect = false, seen_write = false;
	int ret;

	elem->head = head;
	elem->out_num = elem->in_num = 0;
	for (;;) {
		struct virtq_desc d;

		if (idx >= table_len || ++visited > table_len)
			return -EIO; /* out of the table, or a loop */
		memcpy(&d, &table[idx], sizeof(d));
		if (d.flags & VIRTQ_DESC_F_INDIRECT) {
			if (!vq->indirect || in_indirect || (d.flags & VIRTQ_DESC_F_NEXT))
				return -EIO;
			if (d.len == 0 || d.len % sizeof(d) || d.len / sizeof(d) > VIRTQ_MAX_CHAIN)
				return -EIO;
			table = as_ram_ptr(vq->as, d.addr, d.len);
			if (!table)
				return -EIO;
			table_len = d.len / sizeof(d);
			in_indirect = true;
			visited = 0;
			idx = 0;
			continue;
		}
		ret = elem_add(vq, elem, &d, &seen_write);
		if (ret)
			return ret;
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			break;
		idx = d.next;
	}
	elem->in_iov = elem->iov + elem->out_num;
	elem->generation = vq->generation;
	return 0;
}

int virtq_pop(struct virtq *vq, struct virtq_elem *elem)
{
	uint16_t avail_idx, head;
	int ret;

	if (!vq->ready)
		return 0;
	avail_idx = load_u16(&vq->avail[AVAIL_IDX], __ATOMIC_ACQUIRE);
	if (avail_idx == vq->last_avail && vq->event_idx) {
		/* Ask for a kick at the next buffer, then look again: one may have raced in. */
		__atomic_store_n(avail_event_ptr(vq), avail_idx, __ATOMIC_RELAXED);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		avail_idx = load_u16(&vq->avail[AVAIL_IDX], __ATOMIC_ACQUIRE);
	}
	if ((uint16_t)(avail_idx - vq->last_avail) > vq->num)
		return -EIO;
	if (avail_idx == vq->last_avail)
		return 0;
	head = load_u16(&vq->avail[AVAIL_RING + vq->last_avail % vq->num], __ATOMIC_RELAXED);
	if (head >= vq->num)
		return -EIO;
	ret = walk_chain(vq, head, elem);
	if (ret)
		return ret;
	vq->last_avail++;
	if (vq->event_idx)
		__atomic_store_n(avail_event_ptr(vq), vq->last_avail, __ATOMIC_RELAXED);
	return 1;
}

bool virtq_has_work(struct virtq *vq)
{
	return vq->ready && load_u16(&vq->avail[AVAIL_IDX], __ATOMIC_ACQUIRE) != vq->last_avail;
}

/* The device wrote len bytes into the in-buffers: drop translations of code in those pages and
 * break LR reservations there. */
static void note_dma_write(struct virtq *vq, const struct virtq_elem *elem, uint32_t len)
{
	for (unsigned i = 0; i < elem->in_num && len; i++) {
		uint32_t n =
		    elem->in_iov[i].iov_len < len ? (uint32_t)elem->in_iov[i].iov_len : len;

		as_note_dma_write(vq->as, elem->addr[elem->out_num + i], n);
		len -= n;
	}
}

void virtq_push(struct virtq *vq, const struct virtq_elem *elem, uint32_t len)
{
	uint32_t *entry;

	if (!vq->ready || elem->generation != vq->generation)
		return;
	note_dma_write(vq, elem, len);
	entry = (uint32_t *)&vq->used[2] + 2 * (vq->used_idx % vq->num);
	__atomic_store_n(&entry[0], (uint32_t)elem->head, __ATOMIC_RELAXED);
	__atomic_store_n(&entry[1], len, __ATOMIC_RELAXED);
	vq->used_idx++;
	__atomic_store_n(&vq->used[USED_IDX], vq->used_idx, __ATOMIC_RELEASE);
}

bool virtq_should_notify(struct virtq *vq)
{
	uint16_t old = vq->notified_used, new = vq->used_idx;

	if (!vq->ready || old == new)
		return false;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vq->notified_used = new;
	if (vq->event_idx) {
		uint16_t event = load_u16(used_event_ptr(vq), __ATOMIC_RELAXED);

		return (uint16_t)(new - event - 1) < (uint16_t)(new - old);
	}
	return !(load_u16(&vq->avail[AVAIL_FLAGS], __ATOMIC_RELAXED) & VIRTQ_AVAIL_F_NO_INTERRUPT);
}
