/*
 * virtio_mmio.c - virtio-mmio version 2 registers (see virtio_mmio.h).
 *
 * Invariants: every register access is 32 bits wide except the
 * configuration space (any width); other accesses are ignored (reads give
 * 0). Queue registers only change while the selected queue is not ready.
 * All device state is under the device's lock; QueueNotify takes no lock:
 * it only hands the queue index to the I/O thread.
 */
#include "dev/virtio/virtio_mmio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "core/snapshot_state.h"

struct virtio_mmio {
	struct virtio_dev *dev;
	uint32_t device_features_sel;
	uint32_t driver_features_sel;
	uint32_t queue_sel;
};

struct virtio_mmio *virtio_mmio_create(struct virtio_dev *d, struct irq_line irq)
{
	struct virtio_mmio *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->dev = d;
	d->irq = irq;
	return m;
}

void virtio_mmio_destroy(struct virtio_mmio *m)
{
	free(m);
}

static uint64_t config_read(struct virtio_dev *d, uint64_t off, unsigned size)
{
	uint64_t v = 0;

	if (off + size > d->config_len)
		return 0;
	memcpy(&v, d->config + off, size);
	return v;
}

static struct virtq *selected_queue(struct virtio_mmio *m)
{
	return m->queue_sel < m->dev->nvqs ? &m->dev->vqs[m->queue_sel] : NULL;
}

static uint32_t reg_read(struct virtio_mmio *m, uint64_t off)
{
	struct virtio_dev *d = m->dev;
	struct virtq *vq = selected_queue(m);

	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION:
		return 2;
	case VIRTIO_MMIO_DEVICE_ID:
		return d->ops->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return VIRTIO_MMIO_VENDOR;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		return m->device_features_sel < 2
			   ? (uint32_t)(d->host_features >> (32 * m->device_features_sel))
			   : 0;
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return vq ? VIRTQ_MAX_SIZE : 0;
	case VIRTIO_MMIO_QUEUE_READY:
		return vq ? vq->ready : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		return d->isr;
	case VIRTIO_MMIO_STATUS:
		return d->status;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
		return vq ? (uint32_t)vq->desc_addr : 0;
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		return vq ? (uint32_t)(vq->desc_addr >> 32) : 0;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
		return vq ? (uint32_t)vq->avail_addr : 0;
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		return vq ? (uint32_t)(vq->avail_addr >> 32) : 0;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
		return vq ? (uint32_t)vq->used_addr : 0;
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		return vq ? (uint32_t)(vq->used_addr >> 32) : 0;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
		return 0xffffffffu; /* no shared memory regions */
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return d->config_generation;
	default:
		log_class(unimp, "%s: read of register 0x%llx", d->ops->name,
			  (unsigned long long)off);
		return 0;
	}
}

/* Set the low or high half of a 64-bit queue address while the queue is not ready. */
static void set_half(uint64_t *addr, bool high, uint32_t v)
{
	if (high)
		*addr = (*addr & 0xffffffffull) | ((uint64_t)v << 32);
	else
		*addr = (*addr & ~0xffffffffull) | v;
}

static void queue_write(struct virtio_mmio *m, uint64_t off, uint32_t v)
{
	struct virtio_dev *d = m->dev;
	struct virtq *vq = selected_queue(m);

	if (!vq || (vq->ready && off != VIRTIO_MMIO_QUEUE_READY))
		return;
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM:
		vq->num = v <= VIRTQ_MAX_SIZE ? (uint16_t)v : 0;
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_half(&vq->desc_addr, off == VIRTIO_MMIO_QUEUE_DESC_HIGH, v);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		set_half(&vq->avail_addr, off == VIRTIO_MMIO_QUEUE_DRIVER_HIGH, v);
		break;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		set_half(&vq->used_addr, off == VIRTIO_MMIO_QUEUE_DEVICE_HIGH, v);
		break;
	case VIRTIO_MMIO_QUEUE_READY:
		if (v & 1) {
			if (!vq->ready)
				(void)virtio_queue_enable_locked(d, m->queue_sel);
		} else if (vq->ready) {
			uint16_t num = vq->num;
			uint64_t desc = vq->desc_addr, avail = vq->avail_addr, used = vq->used_addr;

			virtq_reset(vq);
			vq->num = num;
			vq->desc_addr = desc;
			vq->avail_addr = avail;
			vq->used_addr = used;
		}
		break;
	}
}

static void reg_write(struct virtio_mmio *m, uint64_t off, uint32_t v)
{
	struct virtio_dev *d = m->dev;

	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		m->device_features_sel = v;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		m->driver_features_sel = v;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if (m->driver_features_sel < 2 && !(d->status & VIRTIO_STATUS_FEATURES_OK))
			set_half(&d->guest_features, m->driver_features_sel == 1, v);
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		m->queue_sel = v;
		break;
	case VIRTIO_MMIO_QUEUE_NUM:
	case VIRTIO_MMIO_QUEUE_READY:
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		queue_write(m, off, v);
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		virtio_ack_irq_locked(d, v);
		break;
	case VIRTIO_MMIO_STATUS:
		virtio_set_status_locked(d, (uint8_t)v);
		if (v == 0) {
			m->device_features_sel = m->driver_features_sel = 0;
			m->queue_sel = 0;
		}
		break;
	default:
		log_class(unimp, "%s: write 0x%x to register 0x%llx", d->ops->name, v,
			  (unsigned long long)off);
		break;
	}
}

static uint64_t virtio_mmio_read(void *opaque, uint64_t offset, unsigned size)
{
	struct virtio_mmio *m = opaque;
	struct virtio_dev *d = m->dev;
	uint64_t v;

	if (offset >= VIRTIO_MMIO_CONFIG) {
		pthread_mutex_lock(&d->lock);
		v = config_read(d, offset - VIRTIO_MMIO_CONFIG, size);
		pthread_mutex_unlock(&d->lock);
		return v;
	}
	if (size != 4 || (offset & 3))
		return 0;
	pthread_mutex_lock(&d->lock);
	v = reg_read(m, offset);
	pthread_mutex_unlock(&d->lock);
	return v;
}

static void virtio_mmio_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct virtio_mmio *m = opaque;
	struct virtio_dev *d = m->dev;

	if (offset >= VIRTIO_MMIO_CONFIG) {
		uint64_t off = offset - VIRTIO_MMIO_CONFIG;

		pthread_mutex_lock(&d->lock);
		if (d->ops->write_config && off + size <= d->config_len)
			d->ops->write_config(d, (uint32_t)off, &value, size);
		pthread_mutex_unlock(&d->lock);
		return;
	}
	if (size != 4 || (offset & 3))
		return;
	if (offset == VIRTIO_MMIO_QUEUE_NOTIFY) {
		virtio_kick(d, (uint32_t)value & 0xffff);
		return;
	}
	pthread_mutex_lock(&d->lock);
	reg_write(m, offset, (uint32_t)value);
	pthread_mutex_unlock(&d->lock);
}

/* mmio_ops.save: the transport's selectors, then the device (virtio_dev_save). */
static int virtio_mmio_save(void *opaque, struct snap_enc *e)
{
	struct virtio_mmio *m = opaque;

	snap_enc_u64(e, m->device_features_sel);
	snap_enc_u64(e, m->driver_features_sel);
	snap_enc_u64(e, m->queue_sel);
	return virtio_dev_save(m->dev, e);
}

static int virtio_mmio_load(void *opaque, struct snap_dec *d)
{
	struct virtio_mmio *m = opaque;

	m->device_features_sel = (uint32_t)snap_dec_u64(d);
	m->driver_features_sel = (uint32_t)snap_dec_u64(d);
	m->queue_sel = (uint32_t)snap_dec_u64(d);
	return d->failed ? -EINVAL : virtio_dev_load(m->dev, d);
}

const struct mmio_ops virtio_mmio_ops = {
    .read = virtio_mmio_read,
    .write = virtio_mmio_write,
    .save = virtio_mmio_save,
    .load = virtio_mmio_load,
};
