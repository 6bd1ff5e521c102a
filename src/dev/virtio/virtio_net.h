/*
 * virtio_net.h - virtio network card (device ID 1) on user networking
 * (libslirp: DHCP, DNS, the host as 10.0.2.2, TCP port forwards) or a
 * host tap interface. Packets move on the device's own network thread.
 */
#ifndef FVP_DEV_VIRTIO_VIRTIO_NET_H
#define FVP_DEV_VIRTIO_VIRTIO_NET_H

#include "core/vm.h"
#include "dev/virtio/virtio.h"

#define VIRTIO_NET_F_MAC 5

/* Opens the back-end (one error line on failure) and returns the device, or NULL. */
struct virtio_dev *virtio_net_create(const struct vm_net_config *cfg, struct address_space *as,
				     struct iothread *io);

#endif
