/*
 * virtio_snapshot.c - a virtio device's common state in a snapshot (virtio.h): features,
 * status, interrupt status, configuration space and each queue's addresses and indexes.
 *
 * A chain the device popped but has not pushed lives only in the I/O thread (and in the
 * kernel, for a disk request), so a save waits until there is none: no notification being
 * served (d->notifying), none pending, and every enabled queue's pushes caught up with its
 * pops. The vCPUs are parked, so no new notification comes; a device whose state is more
 * than this (ops->snapshot false) is refused.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include "core/iothread.h"
#include "core/snapshot_state.h"
#include "dev/virtio/virtio.h"

#define VIRTIO_SAVE_WAIT_MS 5000

static bool idle_locked(const struct virtio_dev *d)
{
	if (d->notifying || __atomic_load_n(&d->kick_pending, __ATOMIC_ACQUIRE))
		return false;
	for (unsigned q = 0; q < d->nvqs; q++)
		if (d->vqs[q].ready && d->vqs[q].last_avail != d->vqs[q].used_idx)
			return false;
	return true;
}

static void save_locked(const struct virtio_dev *d, struct snap_enc *e)
{
	snap_enc_u64(e, d->host_features);
	snap_enc_u64(e, d->guest_features);
	snap_enc_u64(e, d->status);
	snap_enc_u64(e, d->isr);
	snap_enc_u64(e, d->config_generation);
	snap_enc_bytes(e, d->config, d->config_len);
	snap_enc_u64(e, d->nvqs);
	for (unsigned q = 0; q < d->nvqs; q++) {
		const struct virtq *vq = &d->vqs[q];

		snap_enc_u64(e, vq->num);
		snap_enc_u64(e, vq->desc_addr);
		snap_enc_u64(e, vq->avail_addr);
		snap_enc_u64(e, vq->used_addr);
		snap_enc_u64(e, vq->ready);
		snap_enc_u64(e, vq->last_avail);
		snap_enc_u64(e, vq->used_idx);
		snap_enc_u64(e, vq->notified_used);
	}
}

int virtio_dev_save(struct virtio_dev *d, struct snap_enc *e)
{
	const struct timespec ms = {.tv_nsec = 1000000};

	if (!d->ops->snapshot)
		return -ENOTSUP;
	for (unsigned waited = 0;; waited++) {
		pthread_mutex_lock(&d->lock);
		if (idle_locked(d)) {
			save_locked(d, e);
			pthread_mutex_unlock(&d->lock);
			return e->failed ? -ENOMEM : 0;
		}
		pthread_mutex_unlock(&d->lock);
		if (waited == VIRTIO_SAVE_WAIT_MS)
			return -EBUSY;
		nanosleep(&ms, NULL);
	}
}

/* Queue q as saved: addresses, and for an enabled one its rings mapped and its indexes. */
static int load_queue_locked(struct virtio_dev *d, unsigned q, struct snap_dec *dec)
{
	struct virtq *vq = &d->vqs[q];
	uint64_t num = snap_dec_u64(dec);
	bool ready;
	uint16_t last_avail, used_idx, notified_used;

	vq->desc_addr = snap_dec_u64(dec);
	vq->avail_addr = snap_dec_u64(dec);
	vq->used_addr = snap_dec_u64(dec);
	ready = snap_dec_u64(dec) != 0;
	last_avail = (uint16_t)snap_dec_u64(dec);
	used_idx = (uint16_t)snap_dec_u64(dec);
	notified_used = (uint16_t)snap_dec_u64(dec);
	if (dec->failed || num > VIRTQ_MAX_SIZE)
		return -EINVAL;
	vq->num = (uint16_t)num;
	if (!ready)
		return 0;
	if (virtio_queue_enable_locked(d, q))
		return -EINVAL;
	vq->last_avail = last_avail;
	vq->used_idx = used_idx;
	vq->notified_used = notified_used;
	return 0;
}

static int load_locked(struct virtio_dev *d, struct snap_dec *dec)
{
	int ret = 0;

	if (snap_dec_u64(dec) != d->host_features)
		return -EINVAL; /* built with other options */
	d->guest_features = snap_dec_u64(dec);
	d->status = (uint8_t)snap_dec_u64(dec);
	d->isr = (uint32_t)snap_dec_u64(dec);
	d->config_generation = (uint32_t)snap_dec_u64(dec);
	if (snap_dec_bytes(dec, d->config, d->config_len) != d->config_len ||
	    snap_dec_u64(dec) != d->nvqs)
		return -EINVAL;
	for (unsigned q = 0; q < d->nvqs && !ret; q++)
		ret = load_queue_locked(d, q, dec);
	if (!ret)
		ret = snap_dec_finish(dec);
	return ret;
}

int virtio_dev_load(struct virtio_dev *d, struct snap_dec *dec)
{
	int ret;

	pthread_mutex_lock(&d->lock);
	ret = load_locked(d, dec);
	if (!ret) {
		d->irq_level = d->isr != 0;
		irq_set(&d->irq, d->irq_level);
		if (d->status & VIRTIO_STATUS_DRIVER_OK) {
			/* chains the driver made available before the snapshot get served */
			__atomic_fetch_or(&d->kick_pending, (1u << d->nvqs) - 1, __ATOMIC_RELEASE);
			iothread_event_signal(d->kick_fd);
		}
	}
	pthread_mutex_unlock(&d->lock);
	return ret;
}
