/*
 * virtio_set.c - building a VM's virtio devices from its configuration
 * (see virtio_set.h).
 *
 * Invariants: destroy stops the I/O thread before any device is freed, so
 * no device callback runs on freed memory; devices keep the order of the
 * command line (the first --drive is the first slot, /dev/vda).
 */
#include "dev/virtio/virtio_set.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/iothread.h"
#include "core/log.h"
#include "dev/virtio/virtio_blk.h"
#include "dev/virtio/virtio_console.h"
#include "dev/virtio/virtio_mmio.h"
#include "dev/virtio/virtio_net.h"
#include "dev/virtio/virtio_rng.h"

struct virtio_set {
	struct iothread *io;
	unsigned n;
	struct virtio_dev *dev[VM_MAX_VIRTIO];
	struct virtio_mmio *mmio[VM_MAX_VIRTIO];
};

static struct virtio_dev *create_one(struct vm *vm, const struct vm_virtio_config *c,
				     struct iothread *io)
{
	struct virtio_dev *d = NULL;
	struct vm_drive_config drive;

	switch (c->kind) {
	case VM_VIRTIO_BLK:
		drive = c->drive;
		if (!drive.num_queues) /* one per vCPU, as QEMU's virtio-blk-pci */
			drive.num_queues =
			    vm->cfg.smp < VM_BLK_MAX_QUEUES ? vm->cfg.smp : VM_BLK_MAX_QUEUES;
		return virtio_blk_create(&drive, vm->as, io);
	case VM_VIRTIO_NET:
		return virtio_net_create(&c->net, vm->as, io);
	case VM_VIRTIO_RNG:
		d = virtio_rng_create(vm->as, io);
		break;
	case VM_VIRTIO_CONSOLE:
		d = virtio_console_create(vm->cfg.console, vm->as, io);
		break;
	}
	if (!d)
		log_error("cannot create a virtio device: out of memory");
	return d;
}

struct virtio_set *virtio_set_create(struct vm *vm)
{
	struct virtio_set *set = calloc(1, sizeof(*set));

	if (!set) {
		log_error("virtio: out of memory");
		return NULL;
	}
	set->io = iothread_create("fvp-virtio");
	if (!set->io) {
		log_error("virtio: cannot create the I/O thread");
		free(set);
		return NULL;
	}
	for (unsigned i = 0; i < vm->cfg.nvirtio && i < VM_MAX_VIRTIO; i++) {
		set->dev[i] = create_one(vm, &vm->cfg.virtio[i], set->io);
		if (!set->dev[i]) {
			virtio_set_destroy(set);
			return NULL;
		}
		set->n = i + 1;
	}
	return set;
}

unsigned virtio_set_count(const struct virtio_set *set)
{
	return set ? set->n : 0;
}

struct virtio_dev *virtio_set_dev(const struct virtio_set *set, unsigned i)
{
	return set && i < set->n ? set->dev[i] : NULL;
}

unsigned virtio_set_counters(const struct virtio_set *set, struct device_counters *out,
			     unsigned max)
{
	unsigned n = 0;

	for (; set && n < set->n && n < max; n++) {
		char name[32];

		snprintf(name, sizeof(name), "%s%u", set->dev[n]->ops->name, n);
		virtio_dev_counters(set->dev[n], name, &out[n]);
	}
	return n;
}

int virtio_set_map(struct virtio_set *set, struct address_space *as, unsigned i, uint64_t base,
		   struct irq_line irq)
{
	int ret;

	if (i >= set->n)
		return -EINVAL;
	set->mmio[i] = virtio_mmio_create(set->dev[i], irq);
	if (!set->mmio[i]) {
		log_error("virtio: out of memory");
		return -ENOMEM;
	}
	ret = as_add_mmio(as, base, VIRTIO_MMIO_SIZE, &virtio_mmio_ops, set->mmio[i],
			  set->dev[i]->ops->name);
	if (ret)
		log_error("virtio: cannot map %s at 0x%llx: %s", set->dev[i]->ops->name,
			  (unsigned long long)base, strerror(-ret));
	return ret;
}

int virtio_set_start(struct virtio_set *set)
{
	int ret = iothread_start(set->io);

	if (ret)
		log_error("virtio: cannot start the I/O thread: %s", strerror(-ret));
	return ret;
}

void virtio_set_destroy(struct virtio_set *set)
{
	if (!set)
		return;
	iothread_stop(set->io);
	for (unsigned i = 0; i < set->n; i++) {
		virtio_dev_destroy(set->dev[i]);
		virtio_mmio_destroy(set->mmio[i]);
	}
	iothread_destroy(set->io);
	free(set);
}
