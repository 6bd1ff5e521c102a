/*
 * virtio_rng.h - virtio entropy device fed by the host's getrandom(2).
 */
#ifndef FVP_DEV_VIRTIO_VIRTIO_RNG_H
#define FVP_DEV_VIRTIO_VIRTIO_RNG_H

#include "dev/virtio/virtio.h"

struct virtio_dev *virtio_rng_create(struct address_space *as, struct iothread *io);

#endif
