/*
 * virtio_net.c - virtio network card (virtio 1.2 section 5.1): receive
 * queue 0, transmit queue 1, VIRTIO_NET_F_MAC and VIRTIO_NET_F_STATUS (link
 * always up), no control queue, no offloads, no mergeable buffers. Every
 * frame is preceded by the 12-byte virtio_net_hdr_v1; the device writes a
 * zero header with num_buffers = 1 and ignores the driver's.
 *
 * Frames from the back-end (any back-end thread) are copied into a bounded
 * FIFO, then moved into the driver's receive buffers on the I/O thread when
 * it has posted some; frames arriving while the driver is not running, or
 * with the FIFO full, are dropped as a wire drops them. Transmission runs
 * on the I/O thread.
 *
 * Invariants: a receive chain gets one whole frame or nothing (a frame
 * larger than the chain is dropped); a receive chain with device-readable
 * buffers or no room for the header, or a transmit chain shorter than the
 * header, is a driver bug that sets DEVICE_NEEDS_RESET. The FIFO is emptied
 * on reset. Lock order: d->lock before the FIFO's lock.
 */
#include "dev/virtio/virtio_net.h"

#include <stdlib.h>
#include <string.h>
#include "core/log.h"
#include "dev/net/net.h"
#include "dev/virtio/iov.h"

#define NET_RX_FIFO 1024 /* frames waiting for receive buffers */

struct virtio_net_config {
	uint8_t mac[6];
	uint16_t status;
	uint16_t max_virtqueue_pairs;
} __attribute__((packed));

struct virtio_net_hdr_v1 {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};

_Static_assert(sizeof(struct virtio_net_hdr_v1) == VIRTIO_NET_HDR_SIZE, "virtio_net_hdr_v1");

struct virtio_net {
	struct virtio_dev vdev;
	struct virtio_net_config config;
	struct net_backend *be;
	struct net_queue rxq;
	struct virtq_elem rx_elem;
	struct virtq_elem tx_elem;
	struct iovec tx_frame[VIRTQ_MAX_CHAIN];
};

/* Back-end thread: a frame for the guest. */
static void net_receive(void *opaque, const uint8_t *frame, size_t len)
{
	struct virtio_net *n = opaque;
	struct iovec iov = {.iov_base = (void *)frame, .iov_len = len};

	if (!virtio_running(&n->vdev))
		return;
	if (net_queue_push(&n->rxq, &iov, 1))
		virtio_kick(&n->vdev, VIRTIO_NET_RX_Q);
}

/* Put p (or nothing, when p is NULL) into the popped receive chain and return the chain. */
static void rx_fill(struct virtio_net *n, struct net_pkt *p)
{
	struct virtq_elem *e = &n->rx_elem;
	struct virtio_net_hdr_v1 hdr = {.num_buffers = 1};
	uint32_t len = 0;

	if (p) {
		iov_from_buf(e->in_iov, e->in_num, 0, &hdr, sizeof(hdr));
		iov_from_buf(e->in_iov, e->in_num, sizeof(hdr), p->data, p->len);
		len = (uint32_t)(sizeof(hdr) + p->len);
	}
	virtio_push(&n->vdev, VIRTIO_NET_RX_Q, e, len);
}

static void net_rx(struct virtio_net *n)
{
	struct virtio_dev *d = &n->vdev;
	struct virtq_elem *e = &n->rx_elem;

	for (;;) {
		struct net_pkt *p = net_queue_pop(&n->rxq);
		size_t room;

		if (!p)
			return;
		if (virtio_pop(d, VIRTIO_NET_RX_Q, e) <= 0) {
			net_queue_push_front(&n->rxq, p);
			return;
		}
		room = iov_size(e->in_iov, e->in_num);
		if (e->out_num || room < VIRTIO_NET_HDR_SIZE) {
			virtio_set_needs_reset(d, "receive buffer without room for the header");
			free(p);
			return;
		}
		room -= VIRTIO_NET_HDR_SIZE;
		/* Drop frames too large for this chain; if none fits, return it empty. */
		while (p && p->len > room) {
			log_class(unimp,
				  "virtio-net: dropped a %zu-byte frame: receive buffer of %zu",
				  p->len, room);
			free(p);
			p = net_queue_pop(&n->rxq);
		}
		rx_fill(n, p);
		free(p);
	}
}

static void net_tx(struct virtio_net *n)
{
	struct virtio_dev *d = &n->vdev;
	struct virtq_elem *e = &n->tx_elem;

	while (virtio_pop(d, VIRTIO_NET_TX_Q, e) > 0) {
		size_t size = iov_size(e->iov, e->out_num);
		int cnt;

		if (size < VIRTIO_NET_HDR_SIZE) {
			virtio_set_needs_reset(d, "transmit chain shorter than the header");
			return;
		}
		cnt = iov_slice(e->iov, e->out_num, VIRTIO_NET_HDR_SIZE, size - VIRTIO_NET_HDR_SIZE,
				n->tx_frame, VIRTQ_MAX_CHAIN);
		if (cnt > 0 && size - VIRTIO_NET_HDR_SIZE <= NET_MAX_FRAME)
			n->be->ops->send(n->be, n->tx_frame, (unsigned)cnt);
		virtio_push(d, VIRTIO_NET_TX_Q, e, 0);
	}
}

static void net_queue_notify(struct virtio_dev *d, unsigned q)
{
	struct virtio_net *n = container_of(d, struct virtio_net, vdev);

	if (q == VIRTIO_NET_RX_Q)
		net_rx(n);
	else
		net_tx(n);
}

static void net_reset(struct virtio_dev *d)
{
	struct virtio_net *n = container_of(d, struct virtio_net, vdev);

	net_queue_flush(&n->rxq);
}

static void net_destroy(struct virtio_dev *d)
{
	struct virtio_net *n = container_of(d, struct virtio_net, vdev);

	if (n->be)
		n->be->ops->destroy(n->be);
	net_queue_destroy(&n->rxq);
	virtio_dev_cleanup(d);
	free(n);
}

static const struct virtio_dev_ops virtio_net_ops = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .queue_notify = net_queue_notify,
    .reset = net_reset,
    .destroy = net_destroy,
};

struct virtio_dev *virtio_net_create_backend(struct net_backend *be, const uint8_t mac[6],
					     struct address_space *as, struct iothread *io)
{
	struct virtio_net *n = calloc(1, sizeof(*n));

	if (!n) {
		log_error("--net: out of memory");
		be->ops->destroy(be);
		return NULL;
	}
	net_queue_init(&n->rxq, NET_RX_FIFO);
	if (virtio_dev_init(&n->vdev, &virtio_net_ops, as, io, 2,
			    VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_STATUS),
			    &n->config, sizeof(n->config))) {
		log_error("--net: cannot set up the virtio device");
		net_queue_destroy(&n->rxq);
		free(n);
		be->ops->destroy(be);
		return NULL;
	}
	memcpy(n->config.mac, mac, sizeof(n->config.mac));
	n->config.status = VIRTIO_NET_S_LINK_UP;
	n->config.max_virtqueue_pairs = 1;
	n->be = be;
	be->receive = net_receive;
	be->opaque = n;
	if (be->ops->start(be)) {
		net_destroy(&n->vdev);
		return NULL;
	}
	return &n->vdev;
}

struct virtio_dev *virtio_net_create(const struct vm_net_config *cfg, struct address_space *as,
				     struct iothread *io)
{
	static const uint8_t default_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
	struct net_backend *be = cfg->tap ? net_tap_create(cfg, io) : net_user_create(cfg);

	if (!be)
		return NULL;
	return virtio_net_create_backend(be, cfg->has_mac ? cfg->mac : default_mac, as, io);
}
