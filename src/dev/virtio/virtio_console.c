/*
 * virtio_console.c - virtio console with a single port (hvc0): queue 0
 * receives (host to guest), queue 1 transmits (guest to host). No
 * multiport, no size feature.
 *
 * Input arrives on the back-end's thread into a small FIFO (under d->lock)
 * and is moved into the driver's receive buffers on the I/O thread; output
 * is written to the back-end from the I/O thread.
 *
 * Invariants: can_receive never promises more than the FIFO's free room,
 * so no input byte is dropped; the FIFO is emptied on reset.
 */
#include "dev/virtio/virtio_console.h"

#include <stdlib.h>
#include <string.h>
#include "dev/virtio/iov.h"

#define CONSOLE_RX_Q 0
#define CONSOLE_TX_Q 1
#define CONSOLE_FIFO 4096u

struct virtio_console {
	struct virtio_dev vdev;
	struct chardev *cd;
	uint8_t config[12]; /* cols, rows, max_nr_ports, emerg_wr: unused without features */
	uint8_t fifo[CONSOLE_FIFO];
	unsigned fifo_head, fifo_count;
	struct virtq_elem rx_elem;
	struct virtq_elem tx_elem;
};

static void console_rx(struct virtio_console *c)
{
	struct virtio_dev *d = &c->vdev;

	for (;;) {
		uint32_t n = 0;

		pthread_mutex_lock(&d->lock);
		bool empty = c->fifo_count == 0;
		pthread_mutex_unlock(&d->lock);
		if (empty || virtio_pop(d, CONSOLE_RX_Q, &c->rx_elem) <= 0)
			return;
		pthread_mutex_lock(&d->lock);
		while (c->fifo_count) {
			unsigned chunk = CONSOLE_FIFO - c->fifo_head;
			size_t done;

			if (chunk > c->fifo_count)
				chunk = c->fifo_count;
			done = iov_from_buf(c->rx_elem.in_iov, c->rx_elem.in_num, n,
					    c->fifo + c->fifo_head, chunk);
			n += (uint32_t)done;
			c->fifo_head = (c->fifo_head + (unsigned)done) % CONSOLE_FIFO;
			c->fifo_count -= (unsigned)done;
			if (done < chunk)
				break;
		}
		pthread_mutex_unlock(&d->lock);
		virtio_push(d, CONSOLE_RX_Q, &c->rx_elem, n);
	}
}

static void console_tx(struct virtio_console *c)
{
	struct virtio_dev *d = &c->vdev;

	while (virtio_pop(d, CONSOLE_TX_Q, &c->tx_elem) > 0) {
		for (unsigned i = 0; i < c->tx_elem.out_num; i++)
			chardev_write(c->cd, c->tx_elem.iov[i].iov_base, c->tx_elem.iov[i].iov_len);
		virtio_push(d, CONSOLE_TX_Q, &c->tx_elem, 0);
	}
}

static void console_queue_notify(struct virtio_dev *d, unsigned q)
{
	struct virtio_console *c = container_of(d, struct virtio_console, vdev);

	if (q == CONSOLE_RX_Q)
		console_rx(c);
	else
		console_tx(c);
}

static size_t console_can_receive(void *opaque)
{
	struct virtio_console *c = opaque;
	size_t room;

	pthread_mutex_lock(&c->vdev.lock);
	room = CONSOLE_FIFO - c->fifo_count;
	pthread_mutex_unlock(&c->vdev.lock);
	return room;
}

static void console_receive(void *opaque, const uint8_t *buf, size_t len)
{
	struct virtio_console *c = opaque;

	pthread_mutex_lock(&c->vdev.lock);
	for (size_t i = 0; i < len && c->fifo_count < CONSOLE_FIFO; i++) {
		c->fifo[(c->fifo_head + c->fifo_count) % CONSOLE_FIFO] = buf[i];
		c->fifo_count++;
	}
	pthread_mutex_unlock(&c->vdev.lock);
	virtio_kick(&c->vdev, CONSOLE_RX_Q);
}

static void console_reset(struct virtio_dev *d)
{
	struct virtio_console *c = container_of(d, struct virtio_console, vdev);

	c->fifo_head = c->fifo_count = 0;
}

static void console_destroy(struct virtio_dev *d)
{
	struct virtio_console *c = container_of(d, struct virtio_console, vdev);

	chardev_attach(c->cd, NULL, NULL, NULL);
	virtio_dev_cleanup(d);
	free(c);
}

static const struct virtio_dev_ops virtio_console_ops = {
    .name = "virtio-console",
    .device_id = VIRTIO_ID_CONSOLE,
    .queue_notify = console_queue_notify,
    .reset = console_reset,
    .destroy = console_destroy,
};

struct virtio_dev *virtio_console_create(struct chardev *cd, struct address_space *as,
					 struct iothread *io)
{
	struct virtio_console *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	if (virtio_dev_init(&c->vdev, &virtio_console_ops, as, io, 2, 0, c->config,
			    sizeof(c->config))) {
		free(c);
		return NULL;
	}
	c->cd = cd;
	chardev_attach(cd, console_can_receive, console_receive, c);
	return &c->vdev;
}
