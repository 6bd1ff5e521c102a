/*
 * virtio_mmio.h - the virtio-mmio transport, version 2 (virtio 1.2 section
 * 4.2.2): a 0x200-byte register window in front of a struct virtio_dev.
 * ISA-independent: the board maps the window and wires the interrupt line
 * (a device-tree node on riscv64, an ACPI DSDT device on x86-64).
 */
#ifndef FVP_DEV_VIRTIO_VIRTIO_MMIO_H
#define FVP_DEV_VIRTIO_VIRTIO_MMIO_H

#include "core/memory.h"
#include "dev/virtio/virtio.h"

#define VIRTIO_MMIO_SIZE 0x200

#define VIRTIO_MMIO_MAGIC_VALUE		0x000
#define VIRTIO_MMIO_VERSION		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_VENDOR_ID		0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_SHM_SEL		0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW		0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH	0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW	0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH	0x0bc
#define VIRTIO_MMIO_QUEUE_RESET		0x0c0
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

#define VIRTIO_MMIO_MAGIC  0x74726976u /* "virt" */
#define VIRTIO_MMIO_VENDOR 0x554d4551u /* "QEMU", which Linux drivers know */

struct virtio_mmio;

/* The transport for d, interrupting through irq (stored into d). NULL if out of memory. */
struct virtio_mmio *virtio_mmio_create(struct virtio_dev *d, struct irq_line irq);
/* Frees the transport only; the device is its owner's to destroy. */
void virtio_mmio_destroy(struct virtio_mmio *m);

/* The region's opaque is the struct virtio_mmio. */
extern const struct mmio_ops virtio_mmio_ops;

#endif
