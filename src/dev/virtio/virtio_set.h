/*
 * virtio_set.h - the virtio devices of a VM, built from vm_config's list in
 * command-line order, each behind a virtio-mmio transport, sharing one I/O
 * thread. A board maps transport i at its slot i and wires its interrupt.
 */
#ifndef FVP_DEV_VIRTIO_VIRTIO_SET_H
#define FVP_DEV_VIRTIO_VIRTIO_SET_H

#include "core/vm.h"

struct virtio_set;

/* Create the devices of vm->cfg.virtio (images opened, errors logged). NULL on failure. */
struct virtio_set *virtio_set_create(struct vm *vm);
unsigned virtio_set_count(const struct virtio_set *set);
/* Device i (NULL past the end): a board wiring queue notifications straight to the I/O thread
 * (KVM ioeventfds) registers its fds with dev->io before virtio_set_start. */
struct virtio_dev *virtio_set_dev(const struct virtio_set *set, unsigned i);
/* Map device i's registers at base, interrupting through irq. Returns 0 or -errno (logged). */
int virtio_set_map(struct virtio_set *set, struct address_space *as, unsigned i, uint64_t base,
		   struct irq_line irq) __must_check;
/* Any thread: the counters of up to max devices, named by type and slot ("virtio-blk0");
 * returns how many. */
unsigned virtio_set_counters(const struct virtio_set *set, struct device_counters *out,
			     unsigned max);
/* Start the I/O thread. Returns 0 or -errno (logged). */
int virtio_set_start(struct virtio_set *set) __must_check;
/* Stop the I/O thread, then free devices and transports. NULL is allowed. */
void virtio_set_destroy(struct virtio_set *set);

#endif
