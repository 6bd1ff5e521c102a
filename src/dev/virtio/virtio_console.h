/*
 * virtio_console.h - virtio console (device ID 3), one port (hvc0), joined
 * to a chardev back-end (the same one the UART would use).
 */
#ifndef FVP_DEV_VIRTIO_VIRTIO_CONSOLE_H
#define FVP_DEV_VIRTIO_VIRTIO_CONSOLE_H

#include "dev/chardev.h"
#include "dev/virtio/virtio.h"

/* cd may be NULL (output dropped, no input). */
struct virtio_dev *virtio_console_create(struct chardev *cd, struct address_space *as,
					 struct iothread *io);

#endif
