/*
 * virtio.h - a virtio device independent of its transport: feature bits,
 * device status, configuration space, interrupt status, virtqueues, and
 * the hand-over of queue notifications to an I/O thread.
 *
 * Threads: the transport calls in from vCPU threads (register accesses);
 * device work (ops->queue_notify) runs on the device's I/O thread. A
 * queue notification from a vCPU only sets a bit and writes an eventfd.
 * d->lock guards status, features, queues and the interrupt status; it is
 * held only for short bookkeeping, never across I/O.
 *
 * Malformed rings set DEVICE_NEEDS_RESET (status bit 64), raise a
 * configuration-change interrupt and stop all processing until the driver
 * resets the device (status 0).
 */
#ifndef FVP_DEV_VIRTIO_VIRTIO_H
#define FVP_DEV_VIRTIO_VIRTIO_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "core/board_ops.h"
#include "core/compiler.h"
#include "core/memory.h"
#include "dev/virtio/virtqueue.h"

struct iothread;

#define VIRTIO_MAX_QUEUES 16

/* Device status bits */
#define VIRTIO_STATUS_ACKNOWLEDGE	 1u
#define VIRTIO_STATUS_DRIVER		 2u
#define VIRTIO_STATUS_DRIVER_OK		 4u
#define VIRTIO_STATUS_FEATURES_OK	 8u
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED		 128u

/* Interrupt status bits */
#define VIRTIO_ISR_QUEUE  1u
#define VIRTIO_ISR_CONFIG 2u

/* Transport-independent feature bits */
#define VIRTIO_F_INDIRECT_DESC	 28
#define VIRTIO_F_RING_EVENT_IDX	 29
#define VIRTIO_F_VERSION_1	 32
#define VIRTIO_F_ACCESS_PLATFORM 33

#define VIRTIO_ID_NET	  1
#define VIRTIO_ID_BLOCK	  2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG	  4

#define VIRTIO_BIT(n) (1ull << (n))

struct virtio_dev;

struct virtio_dev_ops {
	const char *name;
	uint32_t device_id;
	/* I/O thread: the driver notified queue q. Called without d->lock. */
	void (*queue_notify)(struct virtio_dev *d, unsigned q);
	/* Under d->lock, from a vCPU thread: driver wrote config bytes (may be NULL). */
	void (*write_config)(struct virtio_dev *d, uint32_t offset, const void *buf, unsigned len);
	/* Under d->lock: the device is being reset (may be NULL). */
	void (*reset)(struct virtio_dev *d);
	/* Under d->lock: the driver set DRIVER_OK (may be NULL). */
	void (*driver_ok)(struct virtio_dev *d);
	/* Free the device-specific part (d itself is embedded in it). Called with no I/O thread
	 * running any more. */
	void (*destroy)(struct virtio_dev *d);
	/* The device's whole state is the common part once its queues are idle (no chain popped
	 * and not yet pushed, no notification being served), so a snapshot may save it
	 * (virtio_snapshot.c). False: the device holds more (a network back-end's packets, a
	 * console's input) and a snapshot is refused. */
	bool snapshot;
};

struct virtio_dev {
	const struct virtio_dev_ops *ops;
	pthread_mutex_t lock;
	struct address_space *as;
	struct iothread *io;
	struct irq_line irq;
	bool irq_level;
	uint64_t host_features;
	uint64_t guest_features;
	uint8_t status;
	uint32_t isr;
	uint32_t config_generation;
	uint8_t *config; /* device-specific configuration space, owned by the device */
	uint32_t config_len;
	unsigned nvqs;
	struct virtq vqs[VIRTIO_MAX_QUEUES];
	int kick_fd;
	uint32_t kick_pending;	/* bit q: queue q was notified (atomic) */
	bool notifying;		/* under lock: the I/O thread serves notifications */
	uint64_t notifications; /* queue notifications from the driver (atomic) */
	uint64_t requests, completions, interrupts; /* under lock */
};

/* Set up the common part: host features get VERSION_1, INDIRECT_DESC and RING_EVENT_IDX added.
 * Registers the kick eventfd with io. Returns 0 or -errno. */
int virtio_dev_init(struct virtio_dev *d, const struct virtio_dev_ops *ops,
		    struct address_space *as, struct iothread *io, unsigned nvqs, uint64_t features,
		    void *config, uint32_t config_len) __must_check;
/* Release the common part (the I/O thread must be stopped). Does not call ops->destroy. */
void virtio_dev_cleanup(struct virtio_dev *d);
/* Destroy a whole device through ops->destroy. NULL is allowed. */
void virtio_dev_destroy(struct virtio_dev *d);

/* Transport side, under d->lock */
void virtio_set_status_locked(struct virtio_dev *d, uint8_t status);
int virtio_queue_enable_locked(struct virtio_dev *d, unsigned q);
void virtio_ack_irq_locked(struct virtio_dev *d, uint32_t bits);
/* Transport side, any thread, lock-free: the driver notified queue q. */
void virtio_kick(struct virtio_dev *d, unsigned q);
/* Any thread: d's counters as vm.counters reports them, named name. */
void virtio_dev_counters(struct virtio_dev *d, const char *name, struct device_counters *out);

/* virtio_snapshot.c: d's state in a snapshot record, and back (any thread, the vCPUs parked).
 * save waits (up to 5 s) for the queues to be idle: 0, -ENOTSUP (ops->snapshot is false),
 * -EBUSY (requests still in flight), -ENOMEM. load (a fresh device, same options): 0 or
 * -EINVAL; it maps the enabled queues' rings again, drives the interrupt line and, for a
 * running device, looks at every queue as after DRIVER_OK. */
struct snap_enc;
struct snap_dec;
int virtio_dev_save(struct virtio_dev *d, struct snap_enc *e) __must_check;
int virtio_dev_load(struct virtio_dev *d, struct snap_dec *dec) __must_check;

/* Device side (I/O thread), each takes d->lock itself */
/* Pop from queue q: 1 got one, 0 none (or the device is not running), -EIO ring broken. */
int virtio_pop(struct virtio_dev *d, unsigned q, struct virtq_elem *elem) __must_check;
/* Return elem with len bytes written and interrupt the driver if it wants one. */
void virtio_push(struct virtio_dev *d, unsigned q, const struct virtq_elem *elem, uint32_t len);
/* The driver broke the protocol: set DEVICE_NEEDS_RESET, stop processing, tell the driver. */
void virtio_set_needs_reset(struct virtio_dev *d, const char *why);
/* Is the device running (DRIVER_OK, not needing a reset)? */
bool virtio_running(struct virtio_dev *d);

#endif
