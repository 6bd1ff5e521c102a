/*
 * virtio_blk.h - virtio-blk (device ID 2) on a disk image, with the sync or
 * io_uring back-end (src/dev/block).
 */
#ifndef FVP_DEV_VIRTIO_VIRTIO_BLK_H
#define FVP_DEV_VIRTIO_VIRTIO_BLK_H

#include "config/vm_config.h"
#include "dev/virtio/virtio.h"

#define VIRTIO_BLK_F_SEG_MAX	  2
#define VIRTIO_BLK_F_RO		  5
#define VIRTIO_BLK_F_BLK_SIZE	  6
#define VIRTIO_BLK_F_FLUSH	  9
#define VIRTIO_BLK_F_MQ		  12
#define VIRTIO_BLK_F_DISCARD	  13
#define VIRTIO_BLK_F_WRITE_ZEROES 14

#define VIRTIO_BLK_T_IN		  0
#define VIRTIO_BLK_T_OUT	  1
#define VIRTIO_BLK_T_FLUSH	  4
#define VIRTIO_BLK_T_GET_ID	  8
#define VIRTIO_BLK_T_DISCARD	  11
#define VIRTIO_BLK_T_WRITE_ZEROES 13

#define VIRTIO_BLK_S_OK	    0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

#define VIRTIO_BLK_SECTOR 512u
#define VIRTIO_BLK_ID_LEN 20u

/* Opens the image (one error line on failure) and returns the device, or NULL. */
struct virtio_dev *virtio_blk_create(const struct vm_drive_config *cfg, struct address_space *as,
				     struct iothread *io);

#endif
