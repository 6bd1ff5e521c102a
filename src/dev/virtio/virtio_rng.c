/*
 * virtio_rng.c - virtio entropy device (device ID 4): every device-writable
 * buffer the driver offers is filled from getrandom(2) on the I/O thread.
 *
 * Invariants: a buffer is returned with exactly the bytes written; the
 * call never blocks for long (GRND_NONBLOCK; a short fill is returned as
 * is, which the driver accepts).
 */
#include "dev/virtio/virtio_rng.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/random.h>
#include "core/log.h"

struct virtio_rng {
	struct virtio_dev vdev;
	struct virtq_elem elem;
};

static uint32_t rng_fill(const struct virtq_elem *e)
{
	uint32_t total = 0;

	for (unsigned i = 0; i < e->in_num; i++) {
		size_t done = 0;

		while (done < e->in_iov[i].iov_len) {
			ssize_t n = getrandom((char *)e->in_iov[i].iov_base + done,
					      e->in_iov[i].iov_len - done, GRND_NONBLOCK);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return total + (uint32_t)done;
			done += (size_t)n;
		}
		total += (uint32_t)done;
	}
	return total;
}

static void rng_queue_notify(struct virtio_dev *d, unsigned q)
{
	struct virtio_rng *r = container_of(d, struct virtio_rng, vdev);

	while (virtio_pop(d, q, &r->elem) > 0)
		virtio_push(d, q, &r->elem, rng_fill(&r->elem));
}

static void rng_destroy(struct virtio_dev *d)
{
	virtio_dev_cleanup(d);
	free(container_of(d, struct virtio_rng, vdev));
}

static const struct virtio_dev_ops virtio_rng_ops = {
    .name = "virtio-rng",
    .device_id = VIRTIO_ID_RNG,
    .queue_notify = rng_queue_notify,
    .destroy = rng_destroy,
    .snapshot = true,
};

struct virtio_dev *virtio_rng_create(struct address_space *as, struct iothread *io)
{
	struct virtio_rng *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	if (virtio_dev_init(&r->vdev, &virtio_rng_ops, as, io, 1, 0, NULL, 0)) {
		free(r);
		return NULL;
	}
	return &r->vdev;
}
