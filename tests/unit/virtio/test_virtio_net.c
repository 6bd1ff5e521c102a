/*
 * test_virtio_net.c - virtio-net behind the virtio-mmio transport, driven
 * through its registers like a driver, on a running I/O thread: the MAC
 * and link status, transmit (header stripped, frame handed to the
 * back-end), receive (frames waiting for buffers, header written), frames
 * too large for a buffer, malformed chains setting DEVICE_NEEDS_RESET; and
 * the user back-end (libslirp) answering an ARP request for 10.0.2.2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/iothread.h"
#include "dev/net/net.h"
#include "dev/virtio/virtio_mmio.h"
#include "dev/virtio/virtio_net.h"
#include "ring.h"

#define QNUM	   16
#define Q_BASE(q)  (T_RAM_BASE + 0x8000ull * (q))
#define Q_DESC(q)  (Q_BASE(q))
#define Q_AVAIL(q) (Q_BASE(q) + 0x1000)
#define Q_USED(q)  (Q_BASE(q) + 0x2000)
#define T_BUF(i)   (T_RAM_BASE + 0x20000 + 0x1000ull * (i))
#define FRAME_LEN  60
#define MAX_SENT   8

/* A back-end that records what the card sends; the test injects received frames itself. */
struct fake_backend {
	struct net_backend be;
	unsigned nsent;
	size_t sent_len[MAX_SENT];
	uint8_t sent[MAX_SENT][256];
};

struct fixture {
	struct address_space *as;
	struct iothread *io;
	struct virtio_dev *dev;
	struct virtio_mmio *mmio;
	struct fake_backend *fake;
	uint16_t avail_idx[2];
	uint16_t used_seen[2];
};

static int fake_start(struct net_backend *be)
{
	return 0;
}

static void fake_send(struct net_backend *be, const struct iovec *iov, unsigned cnt)
{
	struct fake_backend *f = (struct fake_backend *)be;
	size_t len = 0;

	if (f->nsent == MAX_SENT)
		return;
	for (unsigned i = 0; i < cnt; i++) {
		assert_true(len + iov[i].iov_len <= sizeof(f->sent[0]));
		memcpy(f->sent[f->nsent] + len, iov[i].iov_base, iov[i].iov_len);
		len += iov[i].iov_len;
	}
	f->sent_len[f->nsent] = len;
	__atomic_store_n(&f->nsent, f->nsent + 1, __ATOMIC_RELEASE);
}

static void fake_destroy(struct net_backend *be)
{
	free(be);
}

static const struct net_backend_ops fake_ops = {
    .name = "fake", .start = fake_start, .send = fake_send, .destroy = fake_destroy};

static void irq_set_cb(void *ctrl, unsigned irq, bool level)
{
}

static uint32_t rd(struct fixture *f, uint64_t off, unsigned size)
{
	return (uint32_t)virtio_mmio_ops.read(f->mmio, off, size);
}

static void wr(struct fixture *f, uint64_t off, uint32_t v)
{
	virtio_mmio_ops.write(f->mmio, off, v, 4);
}

static void *ptr(struct fixture *f, uint64_t paddr, uint64_t len)
{
	return as_ram_ptr(f->as, paddr, len);
}

static void desc(struct fixture *f, unsigned q, unsigned i, uint64_t addr, uint32_t len,
		 uint16_t flags, uint16_t next)
{
	struct virtq_desc d = {.addr = addr, .len = len, .flags = flags, .next = next};

	memcpy(ptr(f, Q_DESC(q) + 16 * i, 16), &d, 16);
}

static void offer(struct fixture *f, unsigned q, uint16_t head)
{
	uint16_t *avail = ptr(f, Q_AVAIL(q), 6 + 2 * QNUM);

	avail[2 + f->avail_idx[q] % QNUM] = head;
	f->avail_idx[q]++;
	__atomic_store_n(&avail[1], f->avail_idx[q], __ATOMIC_RELEASE);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, q);
}

static uint32_t used_len(struct fixture *f, unsigned q, unsigned i)
{
	uint16_t *used = ptr(f, Q_USED(q), 6 + 8 * QNUM);

	return ((uint32_t *)&used[2])[2 * (i % QNUM) + 1];
}

/* Wait (at most 5 s) for one more used chain on queue q; false on timeout. */
static bool wait_used(struct fixture *f, unsigned q)
{
	uint16_t *used = ptr(f, Q_USED(q), 6 + 8 * QNUM);

	for (int i = 0; i < 5000; i++) {
		if (__atomic_load_n(&used[1], __ATOMIC_ACQUIRE) != f->used_seen[q]) {
			f->used_seen[q]++;
			return true;
		}
		usleep(1000);
	}
	return false;
}

static bool wait_status(struct fixture *f, uint32_t bit)
{
	for (int i = 0; i < 5000; i++) {
		if (rd(f, VIRTIO_MMIO_STATUS, 4) & bit)
			return true;
		usleep(1000);
	}
	return false;
}

static void driver_init(struct fixture *f)
{
	uint32_t features;

	wr(f, VIRTIO_MMIO_STATUS, 0);
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	features = rd(f, VIRTIO_MMIO_DEVICE_FEATURES, 4);
	assert_true(features & VIRTIO_BIT(VIRTIO_NET_F_MAC));
	assert_true(features & VIRTIO_BIT(VIRTIO_NET_F_STATUS));
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES,
	   VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_STATUS));
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 1); /* VERSION_1 */
	wr(f, VIRTIO_MMIO_STATUS, 0xb);
	for (unsigned q = 0; q < 2; q++) {
		memset(ptr(f, Q_BASE(q), 0x3000), 0, 0x3000);
		f->avail_idx[q] = f->used_seen[q] = 0;
		wr(f, VIRTIO_MMIO_QUEUE_SEL, q);
		wr(f, VIRTIO_MMIO_QUEUE_NUM, QNUM);
		wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)Q_DESC(q));
		wr(f, VIRTIO_MMIO_QUEUE_DESC_HIGH, 0);
		wr(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)Q_AVAIL(q));
		wr(f, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, 0);
		wr(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)Q_USED(q));
		wr(f, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, 0);
		wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
	}
	wr(f, VIRTIO_MMIO_STATUS, 0xf);
}

static int setup(void **state)
{
	static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
	struct fixture *f = calloc(1, sizeof(*f));

	f->as = as_create();
	assert_int_equal(as_add_ram(f->as, T_RAM_BASE, T_RAM_SIZE), 0);
	f->io = iothread_create("test-io");
	assert_non_null(f->io);
	f->fake = calloc(1, sizeof(*f->fake));
	f->fake->be.ops = &fake_ops;
	f->dev = virtio_net_create_backend(&f->fake->be, mac, f->as, f->io);
	assert_non_null(f->dev);
	f->mmio =
	    virtio_mmio_create(f->dev, (struct irq_line){.set = irq_set_cb, .ctrl = f, .irq = 1});
	assert_non_null(f->mmio);
	assert_int_equal(iothread_start(f->io), 0);
	driver_init(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	iothread_stop(f->io);
	virtio_dev_destroy(f->dev);
	virtio_mmio_destroy(f->mmio);
	iothread_destroy(f->io);
	as_destroy(f->as);
	free(f);
	return 0;
}

static void make_frame(uint8_t *frame, size_t len, uint8_t seed)
{
	for (size_t i = 0; i < len; i++)
		frame[i] = (uint8_t)(seed + i * 3);
}

/* Inject a frame as the back-end would, from this (non-I/O) thread. */
static void inject(struct fixture *f, const uint8_t *frame, size_t len)
{
	f->fake->be.receive(f->fake->be.opaque, frame, len);
}

static void test_config(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_ID, 4), VIRTIO_ID_NET);
	assert_int_equal(rd(f, VIRTIO_MMIO_CONFIG + 0, 1), 0x52);
	assert_int_equal(rd(f, VIRTIO_MMIO_CONFIG + 3, 1), 0xab);
	assert_int_equal(rd(f, VIRTIO_MMIO_CONFIG + 5, 1), 0xef);
	assert_int_equal(rd(f, VIRTIO_MMIO_CONFIG + 6, 2), VIRTIO_NET_S_LINK_UP);
}

static void test_tx(void **state)
{
	struct fixture *f = *state;
	uint8_t frame[FRAME_LEN];

	make_frame(frame, sizeof(frame), 7);
	memset(ptr(f, T_BUF(0), VIRTIO_NET_HDR_SIZE), 0, VIRTIO_NET_HDR_SIZE);
	memcpy(ptr(f, T_BUF(1), 20), frame, 20);
	memcpy(ptr(f, T_BUF(2), FRAME_LEN - 20), frame + 20, FRAME_LEN - 20);
	desc(f, VIRTIO_NET_TX_Q, 0, T_BUF(0), VIRTIO_NET_HDR_SIZE, VIRTQ_DESC_F_NEXT, 1);
	desc(f, VIRTIO_NET_TX_Q, 1, T_BUF(1), 20, VIRTQ_DESC_F_NEXT, 2);
	desc(f, VIRTIO_NET_TX_Q, 2, T_BUF(2), FRAME_LEN - 20, 0, 0);
	offer(f, VIRTIO_NET_TX_Q, 0);
	assert_true(wait_used(f, VIRTIO_NET_TX_Q));
	assert_int_equal(used_len(f, VIRTIO_NET_TX_Q, 0), 0);
	assert_int_equal(__atomic_load_n(&f->fake->nsent, __ATOMIC_ACQUIRE), 1);
	assert_int_equal(f->fake->sent_len[0], FRAME_LEN);
	assert_memory_equal(f->fake->sent[0], frame, FRAME_LEN);
}

static void post_rx(struct fixture *f, unsigned head, uint64_t addr, uint32_t len)
{
	desc(f, VIRTIO_NET_RX_Q, head, addr, len, VIRTQ_DESC_F_WRITE, 0);
	offer(f, VIRTIO_NET_RX_Q, (uint16_t)head);
}

static void test_rx(void **state)
{
	struct fixture *f = *state;
	uint8_t frame1[FRAME_LEN], frame2[FRAME_LEN];
	const uint8_t *buf;

	make_frame(frame1, sizeof(frame1), 1);
	make_frame(frame2, sizeof(frame2), 2);
	inject(f, frame1, sizeof(frame1)); /* no buffer yet: it waits */
	inject(f, frame2, sizeof(frame2));
	usleep(20000);
	assert_int_equal(((uint16_t *)ptr(f, Q_USED(VIRTIO_NET_RX_Q), 4))[1], 0);
	post_rx(f, 0, T_BUF(0), 2048);
	assert_true(wait_used(f, VIRTIO_NET_RX_Q));
	assert_int_equal(used_len(f, VIRTIO_NET_RX_Q, 0), VIRTIO_NET_HDR_SIZE + FRAME_LEN);
	buf = ptr(f, T_BUF(0), 2048);
	assert_int_equal(buf[0], 0);		     /* flags */
	assert_int_equal(buf[10] | buf[11] << 8, 1); /* num_buffers */
	assert_memory_equal(buf + VIRTIO_NET_HDR_SIZE, frame1, FRAME_LEN);
	post_rx(f, 1, T_BUF(1), 2048);
	assert_true(wait_used(f, VIRTIO_NET_RX_Q));
	assert_memory_equal((uint8_t *)ptr(f, T_BUF(1), 2048) + VIRTIO_NET_HDR_SIZE, frame2,
			    FRAME_LEN);
	/* A buffer posted first, the frame after it. */
	post_rx(f, 2, T_BUF(2), 2048);
	usleep(20000);
	inject(f, frame2, sizeof(frame2));
	assert_true(wait_used(f, VIRTIO_NET_RX_Q));
	assert_memory_equal((uint8_t *)ptr(f, T_BUF(2), 2048) + VIRTIO_NET_HDR_SIZE, frame2,
			    FRAME_LEN);
}

static void test_rx_too_large(void **state)
{
	struct fixture *f = *state;
	uint8_t big[1514], small[FRAME_LEN];

	make_frame(big, sizeof(big), 3);
	make_frame(small, sizeof(small), 4);
	inject(f, big, sizeof(big));
	inject(f, small, sizeof(small));
	post_rx(f, 0, T_BUF(0), VIRTIO_NET_HDR_SIZE + 100); /* big is dropped, small fits */
	assert_true(wait_used(f, VIRTIO_NET_RX_Q));
	assert_int_equal(used_len(f, VIRTIO_NET_RX_Q, 0), VIRTIO_NET_HDR_SIZE + FRAME_LEN);
	assert_memory_equal((uint8_t *)ptr(f, T_BUF(0), 200) + VIRTIO_NET_HDR_SIZE, small,
			    FRAME_LEN);
	assert_false(rd(f, VIRTIO_MMIO_STATUS, 4) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

static void test_bad_tx(void **state)
{
	struct fixture *f = *state;

	desc(f, VIRTIO_NET_TX_Q, 0, T_BUF(0), 4, 0, 0); /* shorter than the header */
	offer(f, VIRTIO_NET_TX_Q, 0);
	assert_true(wait_status(f, VIRTIO_STATUS_DEVICE_NEEDS_RESET));
	assert_int_equal(__atomic_load_n(&f->fake->nsent, __ATOMIC_ACQUIRE), 0);
	driver_init(f);
	assert_false(rd(f, VIRTIO_MMIO_STATUS, 4) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

static void test_bad_rx(void **state)
{
	struct fixture *f = *state;
	uint8_t frame[FRAME_LEN];

	make_frame(frame, sizeof(frame), 5);
	desc(f, VIRTIO_NET_RX_Q, 0, T_BUF(0), 2048, 0, 0); /* device-readable receive buffer */
	offer(f, VIRTIO_NET_RX_Q, 0);
	inject(f, frame, sizeof(frame));
	assert_true(wait_status(f, VIRTIO_STATUS_DEVICE_NEEDS_RESET));
	/* Out of RAM is broken too (checked by the ring code). */
	driver_init(f);
	desc(f, VIRTIO_NET_RX_Q, 0, 0x1000, 2048, VIRTQ_DESC_F_WRITE, 0);
	offer(f, VIRTIO_NET_RX_Q, 0);
	inject(f, frame, sizeof(frame));
	assert_true(wait_status(f, VIRTIO_STATUS_DEVICE_NEEDS_RESET));
}

/* The user back-end on its own thread: ARP for the host must be answered by slirp. */
struct arp_sink {
	uint8_t frame[1514];
	size_t len; /* atomic: set last */
};

static void arp_receive(void *opaque, const uint8_t *frame, size_t len)
{
	struct arp_sink *s = opaque;

	if (__atomic_load_n(&s->len, __ATOMIC_ACQUIRE) || len > sizeof(s->frame))
		return;
	memcpy(s->frame, frame, len);
	__atomic_store_n(&s->len, len, __ATOMIC_RELEASE);
}

static void test_user_arp(void **state)
{
	static const uint8_t guest_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
	struct vm_net_config cfg = {.tap = false};
	struct arp_sink sink = {.len = 0};
	uint8_t req[42] = {0};
	struct iovec iov = {.iov_base = req, .iov_len = sizeof(req)};
	struct net_backend *be = net_user_create(&cfg);

	assert_non_null(be);
	be->receive = arp_receive;
	be->opaque = &sink;
	assert_int_equal(be->ops->start(be), 0);
	memset(req, 0xff, 6); /* broadcast */
	memcpy(req + 6, guest_mac, 6);
	req[12] = 0x08, req[13] = 0x06;			    /* ARP */
	req[14] = 0, req[15] = 1;			    /* Ethernet */
	req[16] = 0x08, req[17] = 0;			    /* IPv4 */
	req[18] = 6, req[19] = 4, req[20] = 0, req[21] = 1; /* request */
	memcpy(req + 22, guest_mac, 6);
	memcpy(req + 28, (uint8_t[]){10, 0, 2, 15}, 4);
	memcpy(req + 38, (uint8_t[]){10, 0, 2, 2}, 4);
	be->ops->send(be, &iov, 1);
	for (int i = 0; i < 5000 && !__atomic_load_n(&sink.len, __ATOMIC_ACQUIRE); i++)
		usleep(1000);
	be->ops->destroy(be);
	assert_true(sink.len >= 42);
	assert_memory_equal(sink.frame, guest_mac, 6); /* to the guest */
	assert_int_equal(sink.frame[12] << 8 | sink.frame[13], 0x0806);
	assert_int_equal(sink.frame[20] << 8 | sink.frame[21], 2); /* reply */
	assert_memory_equal(sink.frame + 28, ((uint8_t[]){10, 0, 2, 2}), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_config, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tx, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rx, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rx_too_large, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_tx, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_rx, setup, teardown),
	    cmocka_unit_test(test_user_arp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
