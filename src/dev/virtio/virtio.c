/*
 * virtio.c - the transport-independent part of a virtio device (see
 * virtio.h): status and feature negotiation, reset, interrupt status, and
 * queue notifications handed to the I/O thread.
 *
 * Invariants: FEATURES_OK sticks only if the driver accepted VERSION_1 and
 * no feature the device did not offer; queues are processed only while
 * DRIVER_OK is set and DEVICE_NEEDS_RESET is not; the interrupt line's
 * level always equals (isr != 0), driven only on a change.
 */
#include "dev/virtio/virtio.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>
#include "core/iothread.h"
#include "core/log.h"

static void update_irq_locked(struct virtio_dev *d)
{
	bool level = d->isr != 0;

	if (level != d->irq_level) {
		d->irq_level = level;
		d->interrupts += level;
		irq_set(&d->irq, level);
	}
}

static bool running_locked(const struct virtio_dev *d)
{
	return (d->status & VIRTIO_STATUS_DRIVER_OK) &&
	       !(d->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

bool virtio_running(struct virtio_dev *d)
{
	bool r;

	pthread_mutex_lock(&d->lock);
	r = running_locked(d);
	pthread_mutex_unlock(&d->lock);
	return r;
}

static void kick_handler(void *opaque, int fd, uint32_t events)
{
	struct virtio_dev *d = opaque;
	uint32_t pending;

	iothread_event_clear(fd);
	pthread_mutex_lock(&d->lock);
	d->notifying = true; /* a snapshot waits until the popped chains are pushed */
	pending = __atomic_exchange_n(&d->kick_pending, 0, __ATOMIC_ACQ_REL);
	pthread_mutex_unlock(&d->lock);
	for (unsigned q = 0; q < d->nvqs; q++)
		if (pending & (1u << q))
			d->ops->queue_notify(d, q);
	pthread_mutex_lock(&d->lock);
	d->notifying = false;
	pthread_mutex_unlock(&d->lock);
}

void virtio_kick(struct virtio_dev *d, unsigned q)
{
	if (q >= d->nvqs)
		return;
	__atomic_fetch_or(&d->kick_pending, 1u << q, __ATOMIC_RELEASE);
	__atomic_fetch_add(&d->notifications, 1, __ATOMIC_RELAXED);
	iothread_event_signal(d->kick_fd);
}

void virtio_dev_counters(struct virtio_dev *d, const char *name, struct device_counters *out)
{
	snprintf(out->name, sizeof(out->name), "%s", name);
	out->n = 4;
	out->c[0].name = "notifications";
	out->c[0].value = __atomic_load_n(&d->notifications, __ATOMIC_RELAXED);
	pthread_mutex_lock(&d->lock);
	out->c[1].name = "requests";
	out->c[1].value = d->requests;
	out->c[2].name = "completions";
	out->c[2].value = d->completions;
	out->c[3].name = "interrupts";
	out->c[3].value = d->interrupts;
	pthread_mutex_unlock(&d->lock);
}

int virtio_dev_init(struct virtio_dev *d, const struct virtio_dev_ops *ops,
		    struct address_space *as, struct iothread *io, unsigned nvqs, uint64_t features,
		    void *config, uint32_t config_len)
{
	int ret;

	if (nvqs == 0 || nvqs > VIRTIO_MAX_QUEUES)
		return -EINVAL;
	d->ops = ops;
	d->as = as;
	d->io = io;
	d->nvqs = nvqs;
	d->host_features = features | VIRTIO_BIT(VIRTIO_F_VERSION_1) |
			   VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) | VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX);
	d->config = config;
	d->config_len = config_len;
	for (unsigned q = 0; q < VIRTIO_MAX_QUEUES; q++)
		virtq_reset(&d->vqs[q]);
	pthread_mutex_init(&d->lock, NULL);
	d->kick_fd = iothread_event_create();
	if (d->kick_fd < 0)
		return d->kick_fd;
	ret = io ? iothread_add_fd(io, d->kick_fd, EPOLLIN, kick_handler, d) : 0;
	if (ret) {
		close(d->kick_fd);
		d->kick_fd = -1;
	}
	return ret;
}

void virtio_dev_cleanup(struct virtio_dev *d)
{
	if (d->kick_fd >= 0)
		close(d->kick_fd);
	d->kick_fd = -1;
	pthread_mutex_destroy(&d->lock);
}

void virtio_dev_destroy(struct virtio_dev *d)
{
	if (d)
		d->ops->destroy(d);
}

static void reset_locked(struct virtio_dev *d)
{
	if (d->ops->reset)
		d->ops->reset(d);
	for (unsigned q = 0; q < VIRTIO_MAX_QUEUES; q++)
		virtq_reset(&d->vqs[q]);
	d->guest_features = 0;
	d->status = 0;
	d->isr = 0;
	update_irq_locked(d);
}

void virtio_set_status_locked(struct virtio_dev *d, uint8_t status)
{
	uint8_t old = d->status;

	if (status == 0) {
		reset_locked(d);
		return;
	}
	if ((status & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK)) {
		uint64_t g = d->guest_features;

		if ((g & ~d->host_features) || !(g & VIRTIO_BIT(VIRTIO_F_VERSION_1)))
			status &= (uint8_t)~VIRTIO_STATUS_FEATURES_OK;
	}
	d->status = status | (old & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	if ((status & VIRTIO_STATUS_DRIVER_OK) && !(old & VIRTIO_STATUS_DRIVER_OK)) {
		if (d->ops->driver_ok)
			d->ops->driver_ok(d);
		/* Notifications that came before DRIVER_OK were not served: look at every queue. */
		__atomic_fetch_or(&d->kick_pending, (1u << d->nvqs) - 1, __ATOMIC_RELEASE);
		iothread_event_signal(d->kick_fd);
	}
}

int virtio_queue_enable_locked(struct virtio_dev *d, unsigned q)
{
	struct virtq *vq = &d->vqs[q];
	int ret;

	if (q >= d->nvqs)
		return -EINVAL;
	ret = virtq_enable(vq, d->as, d->guest_features & VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX),
			   d->guest_features & VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC));
	if (ret) {
		log_warn_limited(
		    "%s: queue %u rings are not in RAM or misaligned: device needs a reset",
		    d->ops->name, q);
		d->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
		d->isr |= VIRTIO_ISR_CONFIG;
		update_irq_locked(d);
	}
	return ret;
}

void virtio_ack_irq_locked(struct virtio_dev *d, uint32_t bits)
{
	d->isr &= ~bits;
	update_irq_locked(d);
}

static void needs_reset_locked(struct virtio_dev *d, const char *why)
{
	if (d->status & VIRTIO_STATUS_DEVICE_NEEDS_RESET)
		return;
	log_warn_limited("%s: %s: device needs a reset", d->ops->name, why);
	d->status |= VIRTIO_STATUS_DEVICE_NEEDS_RESET;
	if (d->status & VIRTIO_STATUS_DRIVER_OK) {
		d->isr |= VIRTIO_ISR_CONFIG;
		update_irq_locked(d);
	}
}

void virtio_set_needs_reset(struct virtio_dev *d, const char *why)
{
	pthread_mutex_lock(&d->lock);
	needs_reset_locked(d, why);
	pthread_mutex_unlock(&d->lock);
}

int virtio_pop(struct virtio_dev *d, unsigned q, struct virtq_elem *elem)
{
	int ret = 0;

	pthread_mutex_lock(&d->lock);
	if (q < d->nvqs && running_locked(d)) {
		ret = virtq_pop(&d->vqs[q], elem);
		if (ret < 0)
			needs_reset_locked(d, "malformed virtqueue");
		else if (ret > 0)
			d->requests++;
	}
	pthread_mutex_unlock(&d->lock);
	return ret;
}

void virtio_push(struct virtio_dev *d, unsigned q, const struct virtq_elem *elem, uint32_t len)
{
	struct virtq *vq = &d->vqs[q];

	pthread_mutex_lock(&d->lock);
	if (running_locked(d)) {
		virtq_push(vq, elem, len);
		d->completions++;
		if (virtq_should_notify(vq)) {
			d->isr |= VIRTIO_ISR_QUEUE;
			update_irq_locked(d);
		}
	}
	pthread_mutex_unlock(&d->lock);
}
