/*
 * test_virtio_blk.c - virtio-blk behind the virtio-mmio transport, driven
 * through its registers like a driver, with each block back-end (sync,
 * io_uring) on a running I/O thread: reads, writes, flush, GET_ID, write
 * zeroes, discard, bad ranges, read-only disks, feature negotiation, and a
 * malformed ring setting DEVICE_NEEDS_RESET until the driver resets; with
 * cache=none (O_DIRECT) also, reads and writes through guest buffers at odd
 * addresses (skipped where the temporary directory has no O_DIRECT); with
 * num_queues 2, VIRTIO_BLK_F_MQ and a request completing on its own queue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>
#include "core/iothread.h"
#include "dev/virtio/virtio_blk.h"
#include "dev/virtio/virtio_mmio.h"
#include "ring.h"

#define DISK_SIZE (1u << 20)
#define T_HDR	  (T_DATA)
#define T_BUF	  (T_DATA + 0x1000)
#define T_STATUS  (T_DATA + 0x3000)

struct fixture {
	const char *aio;
	bool direct;
	bool no_direct; /* direct asked, but the file system refuses O_DIRECT: no device */
	unsigned queues;
	struct t_ring r;
	struct iothread *io;
	struct virtio_dev *dev;
	struct virtio_mmio *mmio;
	char path[64];
	int fd;
	bool irq;
	uint16_t used_seen;
};

static void irq_set_cb(void *ctrl, unsigned irq, bool level)
{
	struct fixture *f = ctrl;

	__atomic_store_n(&f->irq, level, __ATOMIC_SEQ_CST);
}

static uint32_t rd(struct fixture *f, uint64_t off)
{
	return (uint32_t)virtio_mmio_ops.read(f->mmio, off, 4);
}

static void wr(struct fixture *f, uint64_t off, uint32_t v)
{
	virtio_mmio_ops.write(f->mmio, off, v, 4);
}

static void make_device(struct fixture *f, bool readonly)
{
	struct vm_drive_config cfg = {.file = f->path,
				      .readonly = readonly,
				      .aio = f->aio,
				      .direct = f->direct,
				      .num_queues = f->queues};

	strcpy(cfg.serial, "fvp-serial-1");
	f->dev = virtio_blk_create(&cfg, f->r.as, f->io);
	assert_non_null(f->dev);
	f->mmio =
	    virtio_mmio_create(f->dev, (struct irq_line){.set = irq_set_cb, .ctrl = f, .irq = 1});
	assert_non_null(f->mmio);
	assert_int_equal(iothread_start(f->io), 0);
}

static int setup_queues(void **state, const char *aio, bool readonly, bool direct, unsigned queues)
{
	struct fixture *f = calloc(1, sizeof(*f));
	uint8_t *pattern = malloc(DISK_SIZE);
	int probe;

	f->aio = aio;
	f->direct = direct;
	f->queues = queues;
	f->r.as = as_create();
	f->r.num = 16;
	assert_int_equal(as_add_ram(f->r.as, T_RAM_BASE, T_RAM_SIZE), 0);
	strcpy(f->path, "/tmp/fvp-test-blk-XXXXXX");
	f->fd = mkstemp(f->path);
	assert_true(f->fd >= 0);
	for (unsigned i = 0; i < DISK_SIZE; i++)
		pattern[i] = (uint8_t)(i * 7 + (i >> 9));
	assert_int_equal(pwrite(f->fd, pattern, DISK_SIZE, 0), DISK_SIZE);
	free(pattern);
	f->io = iothread_create("test-io");
	assert_non_null(f->io);
	probe = direct ? open(f->path, O_RDONLY | O_DIRECT) : 0;
	f->no_direct = probe < 0;
	if (probe > 0)
		close(probe);
	if (!f->no_direct)
		make_device(f, readonly);
	*state = f;
	return 0;
}

static int setup(void **state, const char *aio, bool readonly, bool direct)
{
	return setup_queues(state, aio, readonly, direct, 1);
}

static int setup_sync(void **state)
{
	return setup(state, "sync", false, false);
}
static int setup_uring(void **state)
{
	return setup(state, "io_uring", false, false);
}
static int setup_sync_ro(void **state)
{
	return setup(state, "sync", true, false);
}
static int setup_uring_ro(void **state)
{
	return setup(state, "io_uring", true, false);
}
static int setup_sync_direct(void **state)
{
	return setup(state, "sync", false, true);
}
static int setup_uring_direct(void **state)
{
	return setup(state, "io_uring", false, true);
}

static int setup_sync_mq(void **state)
{
	return setup_queues(state, "sync", false, false, 2);
}
static int setup_uring_mq(void **state)
{
	return setup_queues(state, "io_uring", false, false, 2);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	iothread_stop(f->io);
	if (f->dev)
		virtio_dev_destroy(f->dev);
	if (f->mmio)
		virtio_mmio_destroy(f->mmio);
	iothread_destroy(f->io);
	close(f->fd);
	unlink(f->path);
	as_destroy(f->r.as);
	free(f);
	return 0;
}

/* Give queue q its rings (queue size num) and make it ready. */
static void queue_setup(struct fixture *f, unsigned q, uint16_t num, uint64_t desc, uint64_t avail,
			uint64_t used)
{
	wr(f, VIRTIO_MMIO_QUEUE_SEL, q);
	assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTQ_MAX_SIZE);
	wr(f, VIRTIO_MMIO_QUEUE_NUM, num);
	wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	wr(f, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	wr(f, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
	wr(f, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
	wr(f, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
	wr(f, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
	wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 1);
}

/* The driver's initialization sequence (virtio 1.2 section 3.1.1). */
static void driver_init(struct fixture *f)
{
	uint64_t features;

	t_ring_clear(&f->r);
	f->used_seen = 0;
	wr(f, VIRTIO_MMIO_STATUS, 0);
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	wr(f, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	features = rd(f, VIRTIO_MMIO_DEVICE_FEATURES);
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	features |= (uint64_t)rd(f, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	assert_true(features & VIRTIO_BIT(VIRTIO_F_VERSION_1));
	features &= ~VIRTIO_BIT(VIRTIO_F_RING_EVENT_IDX); /* interrupt on every completion */
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	wr(f, VIRTIO_MMIO_STATUS, 0xb); /* ACK | DRIVER | FEATURES_OK */
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK,
			 VIRTIO_STATUS_FEATURES_OK);
	queue_setup(f, 0, f->r.num, T_DESC, T_AVAIL, T_USED);
	wr(f, VIRTIO_MMIO_STATUS, 0xf);
}

/* Wait (at most 5 s) for the device to use one more chain; false on timeout. */
static bool wait_used(struct fixture *f)
{
	for (int i = 0; i < 5000; i++) {
		if (__atomic_load_n(&t_used(&f->r)[1], __ATOMIC_ACQUIRE) != f->used_seen) {
			f->used_seen++;
			return true;
		}
		usleep(1000);
	}
	return false;
}

/* Wait (at most 5 s) for the interrupt line: the device raises it after publishing the used
 * index (or the status), from its own thread, so a test that saw those may still be early. */
static bool wait_irq(struct fixture *f)
{
	for (int i = 0; i < 5000 && !__atomic_load_n(&f->irq, __ATOMIC_SEQ_CST); i++)
		usleep(1000);
	return __atomic_load_n(&f->irq, __ATOMIC_SEQ_CST);
}

/* One request: header, optional data at guest address buf (device-writable for reads),
 * status. Returns status. */
static int request_at(struct fixture *f, uint32_t type, uint64_t sector, uint64_t buf, uint32_t len,
		      bool data_in)
{
	struct {
		uint32_t type, reserved;
		uint64_t sector;
	} h = {type, 0, sector};
	uint8_t *status = t_ptr(&f->r, T_STATUS, 1);

	memcpy(t_ptr(&f->r, T_HDR, sizeof(h)), &h, sizeof(h));
	*status = 0xee;
	t_desc(&f->r, 0, T_HDR, sizeof(h), VIRTQ_DESC_F_NEXT, 1);
	if (len) {
		t_desc(&f->r, 1, buf, len, VIRTQ_DESC_F_NEXT | (data_in ? VIRTQ_DESC_F_WRITE : 0),
		       2);
		t_desc(&f->r, 2, T_STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
	} else {
		t_desc(&f->r, 1, T_STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
	}
	t_offer(&f->r, 0);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_true(wait_used(f));
	assert_true(wait_irq(f));
	assert_int_equal(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_ISR_QUEUE, VIRTIO_ISR_QUEUE);
	wr(f, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_ISR_QUEUE);
	assert_false(__atomic_load_n(&f->irq, __ATOMIC_SEQ_CST));
	return *status;
}

static int request(struct fixture *f, uint32_t type, uint64_t sector, uint32_t len, bool data_in)
{
	return request_at(f, type, sector, T_BUF, len, data_in);
}

static void need_device(struct fixture *f)
{
	if (f->no_direct) {
		print_message("no O_DIRECT in /tmp: cache=none skipped\n");
		skip();
	}
}

/* cache=none: guest buffers O_DIRECT refuses (odd address) still carry the right bytes. */
static void test_unaligned_buffer(void **state)
{
	struct fixture *f = *state;
	uint8_t *buf = t_ptr(&f->r, T_BUF + 1, 1024), file[1024];

	need_device(f);
	driver_init(f);
	assert_int_equal(request_at(f, VIRTIO_BLK_T_IN, 5, T_BUF + 1, 1024, true), VIRTIO_BLK_S_OK);
	assert_int_equal(pread(f->fd, file, 1024, 5 * 512), 1024);
	assert_memory_equal(buf, file, 1024);
	memset(buf, 0xc3, 1024);
	assert_int_equal(request_at(f, VIRTIO_BLK_T_OUT, 40, T_BUF + 1, 1024, false),
			 VIRTIO_BLK_S_OK);
	assert_int_equal(request(f, VIRTIO_BLK_T_FLUSH, 0, 0, false), VIRTIO_BLK_S_OK);
	assert_int_equal(pread(f->fd, file, 1024, 40 * 512), 1024);
	for (unsigned i = 0; i < 1024; i++)
		assert_int_equal(file[i], 0xc3);
}

static void test_registers(void **state)
{
	struct fixture *f = *state;
	uint64_t cap;

	assert_int_equal(rd(f, VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	assert_int_equal(rd(f, VIRTIO_MMIO_VERSION), 2);
	assert_int_equal(rd(f, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
	cap = rd(f, VIRTIO_MMIO_CONFIG) | (uint64_t)rd(f, VIRTIO_MMIO_CONFIG + 4) << 32;
	assert_int_equal(cap, DISK_SIZE / 512);
	assert_int_equal(virtio_mmio_ops.read(f->mmio, VIRTIO_MMIO_CONFIG, 8), DISK_SIZE / 512);
	/* one request queue: no MULTIQUEUE feature, no second queue */
	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_false(rd(f, VIRTIO_MMIO_DEVICE_FEATURES) & (1u << VIRTIO_BLK_F_MQ));
	wr(f, VIRTIO_MMIO_QUEUE_SEL, 1);
	assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	/* a driver refusing VERSION_1 cannot get FEATURES_OK */
	wr(f, VIRTIO_MMIO_STATUS, 3);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 0);
	wr(f, VIRTIO_MMIO_STATUS, 0xb);
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK, 0);
	/* nor one asking for a feature not offered */
	wr(f, VIRTIO_MMIO_STATUS, 0);
	wr(f, VIRTIO_MMIO_STATUS, 3);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(f, VIRTIO_MMIO_DRIVER_FEATURES, 1 | (1u << 30));
	wr(f, VIRTIO_MMIO_STATUS, 0xb);
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK, 0);
}

static void test_read_write(void **state)
{
	struct fixture *f = *state;
	uint8_t *buf = t_ptr(&f->r, T_BUF, 0x2000), file[1024];

	driver_init(f);
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 3, 1024, true), VIRTIO_BLK_S_OK);
	assert_int_equal(t_used_len(&f->r, 0), 1025);
	assert_int_equal(pread(f->fd, file, 1024, 3 * 512), 1024);
	assert_memory_equal(buf, file, 1024);
	memset(buf, 0x5a, 1024);
	assert_int_equal(request(f, VIRTIO_BLK_T_OUT, 10, 1024, false), VIRTIO_BLK_S_OK);
	assert_int_equal(request(f, VIRTIO_BLK_T_FLUSH, 0, 0, false), VIRTIO_BLK_S_OK);
	assert_int_equal(pread(f->fd, file, 1024, 10 * 512), 1024);
	for (unsigned i = 0; i < 1024; i++)
		assert_int_equal(file[i], 0x5a);
	/* last sector is fine, one past it is not; nor is an overflowing sector */
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, DISK_SIZE / 512 - 1, 512, true),
			 VIRTIO_BLK_S_OK);
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, DISK_SIZE / 512 - 1, 1024, true),
			 VIRTIO_BLK_S_IOERR);
	assert_int_equal(request(f, VIRTIO_BLK_T_OUT, ~0ull >> 9, 512, false), VIRTIO_BLK_S_IOERR);
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 0, 100, true), VIRTIO_BLK_S_IOERR);
	assert_int_equal(request(f, 99, 0, 0, false), VIRTIO_BLK_S_UNSUPP);
}

static void test_read_write_direct(void **state)
{
	need_device(*state);
	test_read_write(state);
}

static void test_get_id(void **state)
{
	struct fixture *f = *state;

	driver_init(f);
	assert_int_equal(request(f, VIRTIO_BLK_T_GET_ID, 0, 20, true), VIRTIO_BLK_S_OK);
	assert_string_equal(t_ptr(&f->r, T_BUF, 20), "fvp-serial-1");
}

static void test_zeroes_discard(void **state)
{
	struct fixture *f = *state;
	struct {
		uint64_t sector;
		uint32_t num, flags;
	} seg = {20, 4, 0};
	uint8_t file[2048];

	driver_init(f);
	memcpy(t_ptr(&f->r, T_BUF, sizeof(seg)), &seg, sizeof(seg));
	assert_int_equal(request(f, VIRTIO_BLK_T_WRITE_ZEROES, 0, sizeof(seg), false),
			 VIRTIO_BLK_S_OK);
	assert_int_equal(pread(f->fd, file, sizeof(file), 20 * 512), sizeof(file));
	for (unsigned i = 0; i < sizeof(file); i++)
		assert_int_equal(file[i], 0);
	assert_int_equal(pread(f->fd, file, 1, 24 * 512), 1);
	assert_int_equal(file[0], (uint8_t)(24 * 512 * 7 + 24)); /* next sector untouched */
	assert_int_equal(request(f, VIRTIO_BLK_T_DISCARD, 0, sizeof(seg), false), VIRTIO_BLK_S_OK);
	seg.sector = DISK_SIZE / 512 - 2;
	memcpy(t_ptr(&f->r, T_BUF, sizeof(seg)), &seg, sizeof(seg));
	assert_int_equal(request(f, VIRTIO_BLK_T_WRITE_ZEROES, 0, sizeof(seg), false),
			 VIRTIO_BLK_S_IOERR);
}

static void test_readonly(void **state)
{
	struct fixture *f = *state;
	uint8_t file[512];

	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_true(rd(f, VIRTIO_MMIO_DEVICE_FEATURES) & (1u << VIRTIO_BLK_F_RO));
	driver_init(f);
	memset(t_ptr(&f->r, T_BUF, 512), 0x77, 512);
	assert_int_equal(request(f, VIRTIO_BLK_T_OUT, 0, 512, false), VIRTIO_BLK_S_IOERR);
	assert_int_equal(pread(f->fd, file, 512, 0), 512);
	assert_int_not_equal(file[1], 0x77);
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 0, 512, true), VIRTIO_BLK_S_OK);
}

static void test_needs_reset(void **state)
{
	struct fixture *f = *state;

	driver_init(f);
	t_desc(&f->r, 0, T_HDR, 16, VIRTQ_DESC_F_NEXT, 1);
	t_desc(&f->r, 1, T_STATUS, 1, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 0); /* loop */
	t_offer(&f->r, 0);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	for (int i = 0; i < 5000 && !(rd(f, VIRTIO_MMIO_STATUS) & 64); i++)
		usleep(1000);
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET,
			 VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_int_equal(rd(f, VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_ISR_CONFIG,
			 VIRTIO_ISR_CONFIG);
	assert_true(wait_irq(f));
	assert_int_equal(t_used(&f->r)[1], 0);
	/* a header without a status byte is also fatal */
	wr(f, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(rd(f, VIRTIO_MMIO_STATUS), 0);
	assert_false(__atomic_load_n(&f->irq, __ATOMIC_SEQ_CST));
	driver_init(f);
	t_desc(&f->r, 0, T_HDR, 16, 0, 0);
	t_offer(&f->r, 0);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	for (int i = 0; i < 5000 && !(rd(f, VIRTIO_MMIO_STATUS) & 64); i++)
		usleep(1000);
	assert_true(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	/* after a reset the device works again */
	driver_init(f);
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 0, 512, true), VIRTIO_BLK_S_OK);
	/* rings outside RAM: needs reset at QueueReady */
	wr(f, VIRTIO_MMIO_STATUS, 0);
	wr(f, VIRTIO_MMIO_QUEUE_SEL, 0);
	wr(f, VIRTIO_MMIO_QUEUE_NUM, 16);
	wr(f, VIRTIO_MMIO_QUEUE_DESC_LOW, 0x1000);
	wr(f, VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_READY), 0);
	assert_true(rd(f, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_DEVICE_NEEDS_RESET);
}

/* Queue 1's rings, away from queue 0's (ring.h) and from the data buffers. */
#define Q1_DESC		  (T_RAM_BASE + 0x100000)
#define Q1_AVAIL	  (T_RAM_BASE + 0x102000)
#define Q1_USED		  (T_RAM_BASE + 0x103000)
#define CONFIG_NUM_QUEUES 34 /* offset of num_queues in struct virtio_blk_config */

/* Two request queues: MQ offered, num_queues 2, a read on queue 1 completes on queue 1. */
static void test_multiqueue(void **state)
{
	struct fixture *f = *state;
	struct {
		uint32_t type, reserved;
		uint64_t sector;
	} h = {VIRTIO_BLK_T_IN, 0, 5};
	uint16_t *avail1 = t_ptr(&f->r, Q1_AVAIL, 6 + 2 * 16), *used1 = t_ptr(&f->r, Q1_USED, 6);
	uint8_t *buf = t_ptr(&f->r, T_BUF, 2048), file[2048];

	wr(f, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_true(rd(f, VIRTIO_MMIO_DEVICE_FEATURES) & (1u << VIRTIO_BLK_F_MQ));
	assert_int_equal(virtio_mmio_ops.read(f->mmio, VIRTIO_MMIO_CONFIG + CONFIG_NUM_QUEUES, 2),
			 2);
	driver_init(f); /* queue 0 */
	memset(t_ptr(&f->r, Q1_DESC, 0x4000), 0, 0x4000);
	wr(f, VIRTIO_MMIO_QUEUE_SEL, 2);
	assert_int_equal(rd(f, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	queue_setup(f, 1, 16, Q1_DESC, Q1_AVAIL, Q1_USED);

	memcpy(t_ptr(&f->r, T_HDR, sizeof(h)), &h, sizeof(h));
	*(uint8_t *)t_ptr(&f->r, T_STATUS, 1) = 0xee;
	memset(buf, 0, 2048);
	t_desc_at(&f->r, Q1_DESC, 3, T_HDR, sizeof(h), VIRTQ_DESC_F_NEXT, 4);
	t_desc_at(&f->r, Q1_DESC, 4, T_BUF, 2048, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 5);
	t_desc_at(&f->r, Q1_DESC, 5, T_STATUS, 1, VIRTQ_DESC_F_WRITE, 0);
	avail1[2] = 3;
	__atomic_store_n(&avail1[1], 1, __ATOMIC_RELEASE);
	wr(f, VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	for (int i = 0; i < 5000 && __atomic_load_n(&used1[1], __ATOMIC_ACQUIRE) == 0; i++)
		usleep(1000);
	assert_int_equal(__atomic_load_n(&used1[1], __ATOMIC_ACQUIRE), 1);
	assert_int_equal(((uint32_t *)&used1[2])[0], 3);    /* id: the head on queue 1 */
	assert_int_equal(((uint32_t *)&used1[2])[1], 2049); /* data and status byte */
	assert_int_equal(t_used(&f->r)[1], 0);		    /* nothing on queue 0 */
	assert_int_equal(*(uint8_t *)t_ptr(&f->r, T_STATUS, 1), VIRTIO_BLK_S_OK);
	assert_int_equal(pread(f->fd, file, 2048, 5 * 512), 2048);
	assert_memory_equal(buf, file, 2048);
	assert_true(wait_irq(f));
	/* queue 0 still works beside it */
	wr(f, VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_ISR_QUEUE);
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 7, 512, true), VIRTIO_BLK_S_OK);
	assert_int_equal(__atomic_load_n(&used1[1], __ATOMIC_ACQUIRE), 1);
}

#define BLK_TESTS(setup_fn)                                                                        \
	cmocka_unit_test_setup_teardown(test_registers, setup_fn, teardown),                       \
	    cmocka_unit_test_setup_teardown(test_read_write, setup_fn, teardown),                  \
	    cmocka_unit_test_setup_teardown(test_get_id, setup_fn, teardown),                      \
	    cmocka_unit_test_setup_teardown(test_zeroes_discard, setup_fn, teardown),              \
	    cmocka_unit_test_setup_teardown(test_needs_reset, setup_fn, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    BLK_TESTS(setup_sync),
	    BLK_TESTS(setup_uring),
	    cmocka_unit_test_setup_teardown(test_readonly, setup_sync_ro, teardown),
	    cmocka_unit_test_setup_teardown(test_readonly, setup_uring_ro, teardown),
	    cmocka_unit_test_setup_teardown(test_read_write_direct, setup_sync_direct, teardown),
	    cmocka_unit_test_setup_teardown(test_read_write_direct, setup_uring_direct, teardown),
	    cmocka_unit_test_setup_teardown(test_unaligned_buffer, setup_sync_direct, teardown),
	    cmocka_unit_test_setup_teardown(test_unaligned_buffer, setup_uring_direct, teardown),
	    cmocka_unit_test_setup_teardown(test_multiqueue, setup_sync_mq, teardown),
	    cmocka_unit_test_setup_teardown(test_multiqueue, setup_uring_mq, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
