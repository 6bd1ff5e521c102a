/*
 * virtio_net.h - virtio network card (device ID 1) on user networking
 * (libslirp: DHCP, DNS, the host as 10.0.2.2, TCP port forwards) or a
 * host tap interface. Two queues (receive 0, transmit 1), the MAC and link
 * status in the configuration space, the 12-byte virtio_net_hdr_v1 before
 * every frame, no offloads.
 */
#ifndef FVP_DEV_VIRTIO_VIRTIO_NET_H
#define FVP_DEV_VIRTIO_VIRTIO_NET_H

#include "config/vm_config.h"
#include "dev/virtio/virtio.h"

struct net_backend;

#define VIRTIO_NET_F_MAC    5
#define VIRTIO_NET_F_STATUS 16

#define VIRTIO_NET_S_LINK_UP 1

#define VIRTIO_NET_RX_Q	    0
#define VIRTIO_NET_TX_Q	    1
#define VIRTIO_NET_HDR_SIZE 12 /* virtio_net_hdr_v1 (VERSION_1) */

/* Opens the back-end (one error line on failure) and returns the device, or NULL. */
struct virtio_dev *virtio_net_create(const struct vm_net_config *cfg, struct address_space *as,
				     struct iothread *io);
/* The card on an already created back-end, which it owns from now on (destroyed on failure
 * too) and starts. NULL on failure (logged). */
struct virtio_dev *virtio_net_create_backend(struct net_backend *be, const uint8_t mac[6],
					     struct address_space *as, struct iothread *io);

#endif
