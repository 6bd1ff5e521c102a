/*
 * fuzz_virtqueue.c - libFuzzer target for the virtqueue parser and the
 * request paths of virtio-blk and virtio-net: the fuzz input becomes the
 * guest's RAM (descriptor table, rings, buffers, indirect tables, request
 * headers, all at once) and the device processes its queues in this thread
 * exactly as the I/O thread would.
 *
 * Input: byte 0 picks the queue size (1 << (b % 9)), byte 1 the features
 * (bit 0 event index, bit 1 indirect descriptors) and the device (bit 2:
 * virtio-net, else virtio-blk); the rest is copied to guest-physical 0 of a
 * 64 KiB RAM. Queue q has its descriptor table at 0x3000 * q, its driver area
 * 0x1000 above, its device area 0x2000 above (virtio-net: receive queue 0,
 * transmit queue 1; virtio-blk: two request queues, both run). For
 * virtio-net the last 64 bytes are also received as a frame.
 *
 * Invariant checked (by ASan and by assertions): whatever the guest wrote,
 * the device touches only guest RAM, never crashes, and either completes
 * requests or sets DEVICE_NEEDS_RESET.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "core/log.h"
#include "core/memory.h"
#include "dev/net/net.h"
#include "dev/virtio/virtio_blk.h"
#include "dev/virtio/virtio_mmio.h"
#include "dev/virtio/virtio_net.h"

#define RAM_SIZE   0x10000u
#define QUEUE_AREA 0x3000u
#define DESC_ADDR  0x0000u
#define AVAIL_ADDR 0x1000u
#define USED_ADDR  0x2000u
#define DISK_SIZE  (64u * 1024)
#define FRAME_LEN  64u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct null_backend {
	struct net_backend be;
};

static int null_start(struct net_backend *be)
{
	return 0;
}

static void null_send(struct net_backend *be, const struct iovec *iov, unsigned cnt)
{
	volatile uint8_t sink = 0;

	for (unsigned i = 0; i < cnt; i++) /* touch every byte: ASan checks the iovecs */
		for (size_t j = 0; j < iov[i].iov_len; j++)
			sink ^= ((const uint8_t *)iov[i].iov_base)[j];
}

static void null_destroy(struct net_backend *be)
{
	free(be);
}

static const struct net_backend_ops null_ops = {
    .name = "null", .start = null_start, .send = null_send, .destroy = null_destroy};

static void irq_nop(void *ctrl, unsigned irq, bool level)
{
}

struct target {
	struct virtio_dev *dev;
	struct virtio_mmio *mmio;
};

static struct address_space *as;
static uint8_t *ram;
static struct target blk, net;
static struct null_backend *null_be;

static void setup_once(void)
{
	static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
	struct vm_drive_config drive = {.aio = "sync", .num_queues = 2};
	struct null_backend *nb = calloc(1, sizeof(*nb));
	char path[] = "/tmp/fvp-fuzz-disk-XXXXXX";
	int fd = mkstemp(path);
	struct irq_line irq = {.set = irq_nop};

	log_threshold = LOG_ERROR;
	as = as_create();
	if (!as || as_add_ram(as, 0, RAM_SIZE) || fd < 0 || ftruncate(fd, DISK_SIZE) || !nb)
		abort();
	ram = as_ram_ptr(as, 0, RAM_SIZE);
	/* Inaccessible pages around RAM where the address space is free, so that any access
	 * just outside guest RAM faults (ASan does not watch mmap'd memory). */
	mmap(ram - 0x10000, 0x10000, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
	     -1, 0);
	mmap(ram + RAM_SIZE, 0x10000, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
	     -1, 0);
	drive.file = path;
	blk.dev = virtio_blk_create(&drive, as, NULL);
	close(fd);
	unlink(path); /* the device keeps its own descriptor */
	nb->be.ops = &null_ops;
	null_be = nb;
	net.dev = virtio_net_create_backend(&nb->be, mac, as, NULL);
	if (!ram || !blk.dev || !net.dev)
		abort();
	blk.mmio = virtio_mmio_create(blk.dev, irq);
	net.mmio = virtio_mmio_create(net.dev, irq);
	if (!blk.mmio || !net.mmio)
		abort();
}

static void wr(struct target *t, uint64_t off, uint32_t v)
{
	virtio_mmio_ops.write(t->mmio, off, v, 4);
}

static uint32_t rd(struct target *t, uint64_t off)
{
	return (uint32_t)virtio_mmio_ops.read(t->mmio, off, 4);
}

/* The driver's initialization with the rings at their fixed places; false if refused. */
static bool driver_init(struct target *t, unsigned nvqs, uint32_t num, uint32_t features)
{
	wr(t, VIRTIO_MMIO_STATUS, 0);
	wr(t, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(t, VIRTIO_MMIO_DRIVER_FEATURES, features);
	wr(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(t, VIRTIO_MMIO_DRIVER_FEATURES, 1); /* VERSION_1 */
	wr(t, VIRTIO_MMIO_STATUS, 0xb);
	if (!(rd(t, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
		return false;
	for (unsigned q = 0; q < nvqs; q++) {
		wr(t, VIRTIO_MMIO_QUEUE_SEL, q);
		wr(t, VIRTIO_MMIO_QUEUE_NUM, num);
		wr(t, VIRTIO_MMIO_QUEUE_DESC_LOW, QUEUE_AREA * q + DESC_ADDR);
		wr(t, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
		wr(t, VIRTIO_MMIO_QUEUE_DRIVER_LOW, QUEUE_AREA * q + AVAIL_ADDR);
		wr(t, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
		wr(t, VIRTIO_MMIO_QUEUE_DEVICE_LOW, QUEUE_AREA * q + USED_ADDR);
		wr(t, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
		wr(t, VIRTIO_MMIO_QUEUE_READY, 1);
	}
	wr(t, VIRTIO_MMIO_STATUS, 0xf);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t num, features = 0;
	bool use_net;
	struct target *t;

	if (!as)
		setup_once();
	if (size < 2)
		return 0;
	num = 1u << (data[0] % 9);
	if (data[1] & 1)
		features |= 1u << VIRTIO_F_RING_EVENT_IDX;
	if (data[1] & 2)
		features |= 1u << VIRTIO_F_INDIRECT_DESC;
	use_net = data[1] & 4;
	t = use_net ? &net : &blk;
	memset(ram, 0, RAM_SIZE);
	memcpy(ram, data + 2, size - 2 < RAM_SIZE ? size - 2 : RAM_SIZE);
	if (!driver_init(t, 2, num, features))
		abort(); /* the features offered are always accepted */
	if (use_net) {
		uint8_t frame[FRAME_LEN] = {0};
		size_t n = size < FRAME_LEN ? size : FRAME_LEN;

		memcpy(frame, data + size - n, n);
		t->dev->ops->queue_notify(t->dev, VIRTIO_NET_TX_Q);
		null_be->be.receive(null_be->be.opaque, frame, sizeof(frame));
		t->dev->ops->queue_notify(t->dev, VIRTIO_NET_RX_Q);
	} else {
		t->dev->ops->queue_notify(t->dev, 0);
		t->dev->ops->queue_notify(t->dev, 1);
	}
	wr(t, VIRTIO_MMIO_STATUS, 0);
	return 0;
}
