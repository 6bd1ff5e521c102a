/*
 * vblk: a bare-metal virtio-blk driver that keeps many requests in flight,
 * as a test of the device model and back-ends and as a benchmark that is
 * not limited by a guest kernel's cost per request.
 *
 * It scans the 8 virtio-mmio slots of the riscv64 virt board for a version 2
 * block device (FVP and QEMU may order the slots differently), resets it,
 * negotiates VIRTIO_F_VERSION_1 and VIRTIO_BLK_F_FLUSH only (no event index,
 * no indirect descriptors: the driver honours VIRTQ_USED_F_NO_NOTIFY and
 * always asks for interrupts), and sets up one split virtqueue in RAM above
 * the image. Then it writes the whole drive with a pattern naming each
 * sector (16 requests of 64 KiB in flight) and flushes, reads it all back
 * once checking every byte, and reads it for each (request size, depth)
 * pair, printing one "VBLK bs= depth= bytes= ticks= MBps=" line per pair,
 * timed with mtime (10 MHz).
 *
 * Invariants: request slot s owns descriptors 3s..3s+2 (header, data,
 * status), header s, status byte s and data buffer s; a used id must be the
 * head of a slot in flight, with the length the device wrote and status 0.
 * Before a read is submitted the first and last word of each of its sectors
 * and its status byte are poisoned, so data the device did not write is
 * caught; the timed reads check those words, the untimed verify pass checks
 * every word. Completions are awaited by WFI with mstatus.MIE clear, then
 * taken as a trap (PLIC claim, InterruptStatus, InterruptACK, complete), so
 * a completion between the check and the WFI is never lost; each wait arms
 * the CLINT timer TIMEOUT_TICKS ahead (left armed after it, to save an MMIO
 * write per request) and fails when it passes with nothing completed.
 */
#include "lib.h"

#define MMIO_SLOT_BASE	0x10001000UL
#define MMIO_SLOT_SIZE	0x1000UL
#define MMIO_SLOTS	8
#define MMIO_MAGIC	0x000
#define MMIO_VERSION	0x004
#define MMIO_DEVICE_ID	0x008
#define MMIO_DEV_FEAT	0x010
#define MMIO_DEV_SEL	0x014
#define MMIO_DRV_FEAT	0x020
#define MMIO_DRV_SEL	0x024
#define MMIO_QUEUE_SEL	0x030
#define MMIO_QUEUE_MAX	0x034
#define MMIO_QUEUE_NUM	0x038
#define MMIO_QUEUE_RDY	0x044
#define MMIO_NOTIFY	0x050
#define MMIO_IRQ_STATUS 0x060
#define MMIO_IRQ_ACK	0x064
#define MMIO_STATUS	0x070
#define MMIO_DESC_LO	0x080
#define MMIO_DESC_HI	0x084
#define MMIO_AVAIL_LO	0x090
#define MMIO_AVAIL_HI	0x094
#define MMIO_USED_LO	0x0a0
#define MMIO_USED_HI	0x0a4
#define MMIO_CONFIG_GEN 0x0fc
#define MMIO_CONFIG	0x100

#define VIRTIO_MAGIC	   0x74726976u
#define VIRTIO_ID_BLOCK	   2
#define STATUS_ACKNOWLEDGE 1u
#define STATUS_DRIVER	   2u
#define STATUS_DRIVER_OK   4u
#define STATUS_FEATURES_OK 8u
#define FEATURE_BLK_FLUSH  9 /* in word 0 */
#define FEATURE_VERSION_1  0 /* bit 32: in word 1 */
#define DESC_F_NEXT	   1
#define DESC_F_WRITE	   2
#define USED_F_NO_NOTIFY   1
#define BLK_T_IN	   0
#define BLK_T_OUT	   1
#define BLK_T_FLUSH	   4
#define BLK_S_OK	   0
#define STATUS_POISON	   0xa5
#define SECTOR_SIZE	   512
#define WORDS_PER_SECTOR   (SECTOR_SIZE / 8)
#define PATTERN_SIGNATURE  (0x76626c6bUL << 32) /* "vblk" */
#define POISON_WORD	   0xdeadbeefdeadbeefUL

#define PLIC_PRIORITY(src) (PLIC_BASE + 4UL * (src))
#define PLIC_ENABLE_CTX0   (PLIC_BASE + 0x2000UL)
#define PLIC_THRESHOLD0	   (PLIC_BASE + 0x200000UL)
#define PLIC_CLAIM0	   (PLIC_BASE + 0x200004UL)

#define MAX_QUEUE     256
#define MAX_DEPTH     64
#define MAX_BS	      65536
#define RING_BASE     0x80400000UL /* descriptors; avail +4 KiB; used +8 KiB; headers +12 KiB */
#define DATA_BASE     0x80800000UL /* MAX_DEPTH buffers of MAX_BS */
#define TIMEOUT_TICKS (3 * TIMEBASE_HZ)

struct virtq_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

struct virtq_avail {
	u16 flags;
	u16 idx;
	u16 ring[MAX_QUEUE];
};

struct virtq_used_elem {
	u32 id;
	u32 len;
};

struct virtq_used {
	u16 flags;
	u16 idx;
	struct virtq_used_elem ring[MAX_QUEUE];
};

struct blk_req_header {
	u32 type;
	u32 reserved;
	u64 sector;
};

struct request_slot {
	int in_flight;
	u32 type;
	u64 sector;
	u32 len;
};

extern char __image_end[];

static unsigned long dev_base;
static unsigned plic_source;
static unsigned queue_size, max_depth;
static int can_flush;
static u64 drive_bytes;
static u16 avail_idx, used_seen;
static struct request_slot slots[MAX_DEPTH];
static unsigned free_slots[MAX_DEPTH], free_count;
static volatile long irq_count, timer_count;

static struct virtq_desc *const descs = (struct virtq_desc *)RING_BASE;
static struct virtq_avail *const avail = (struct virtq_avail *)(RING_BASE + 0x1000);
static volatile struct virtq_used *const used = (volatile struct virtq_used *)(RING_BASE + 0x2000);
static struct blk_req_header *const headers = (struct blk_req_header *)(RING_BASE + 0x3000);
static volatile u8 *const status_bytes = (volatile u8 *)(RING_BASE + 0x3000 + 16 * MAX_DEPTH);

static u32 dev_read(unsigned long off)
{
	return mmio_read32(dev_base + off);
}

static void dev_write(unsigned long off, u32 v)
{
	mmio_write32(dev_base + off, v);
}

static u64 *slot_data(unsigned s)
{
	return (u64 *)(DATA_BASE + (unsigned long)s * MAX_BS);
}

static u64 pattern_word(u64 sector, unsigned word)
{
	return PATTERN_SIGNATURE + sector * WORDS_PER_SECTOR + word;
}

static void __attribute__((noreturn)) die(const char *what, u64 a, u64 b)
{
	gprintf("vblk: FAILED: %s (0x%lx, 0x%lx)\n", what, (unsigned long)a, (unsigned long)b);
	fail(1);
}

static void trap_handler(struct trap_frame *f)
{
	if (f->cause == (CAUSE_INTR | IRQ_MEI)) {
		u32 claimed = mmio_read32(PLIC_CLAIM0);

		if (claimed == 0)
			return;
		if (claimed != plic_source)
			die("interrupt from an unexpected PLIC source", claimed, plic_source);
		dev_write(MMIO_IRQ_ACK, dev_read(MMIO_IRQ_STATUS));
		irq_count++;
		mmio_write32(PLIC_CLAIM0, claimed);
		return;
	}
	if (f->cause == (CAUSE_INTR | IRQ_MTI)) {
		mmio_write64(CLINT_MTIMECMP(0), ~0ULL);
		timer_count++;
		return;
	}
	die("unexpected trap (cause, epc)", f->cause, f->epc);
}

static int find_device(void)
{
	for (unsigned i = 0; i < MMIO_SLOTS; i++) {
		unsigned long base = MMIO_SLOT_BASE + MMIO_SLOT_SIZE * i;

		if (mmio_read32(base + MMIO_MAGIC) == VIRTIO_MAGIC &&
		    mmio_read32(base + MMIO_VERSION) == 2 &&
		    mmio_read32(base + MMIO_DEVICE_ID) == VIRTIO_ID_BLOCK) {
			dev_base = base;
			plic_source = 1 + i;
			return 0;
		}
	}
	return -1;
}

static u64 read_capacity(void)
{
	u32 gen, lo, hi;

	do {
		gen = dev_read(MMIO_CONFIG_GEN);
		lo = dev_read(MMIO_CONFIG);
		hi = dev_read(MMIO_CONFIG + 4);
	} while (gen != dev_read(MMIO_CONFIG_GEN));
	return ((u64)hi << 32) | lo;
}

static void negotiate_features(void)
{
	u32 status = STATUS_ACKNOWLEDGE | STATUS_DRIVER;
	u32 offered_low, offered_high;

	dev_write(MMIO_STATUS, 0);
	if (dev_read(MMIO_STATUS) != 0)
		die("device did not reset", dev_read(MMIO_STATUS), 0);
	dev_write(MMIO_STATUS, STATUS_ACKNOWLEDGE);
	dev_write(MMIO_STATUS, status);
	dev_write(MMIO_DEV_SEL, 0);
	offered_low = dev_read(MMIO_DEV_FEAT);
	dev_write(MMIO_DEV_SEL, 1);
	offered_high = dev_read(MMIO_DEV_FEAT);
	if (!(offered_high & (1u << FEATURE_VERSION_1)))
		die("device does not offer VIRTIO_F_VERSION_1", offered_high, offered_low);
	can_flush = !!(offered_low & (1u << FEATURE_BLK_FLUSH));
	dev_write(MMIO_DRV_SEL, 0);
	dev_write(MMIO_DRV_FEAT, can_flush ? 1u << FEATURE_BLK_FLUSH : 0);
	dev_write(MMIO_DRV_SEL, 1);
	dev_write(MMIO_DRV_FEAT, 1u << FEATURE_VERSION_1);
	status |= STATUS_FEATURES_OK;
	dev_write(MMIO_STATUS, status);
	if (!(dev_read(MMIO_STATUS) & STATUS_FEATURES_OK))
		die("device refused our features", dev_read(MMIO_STATUS), 0);
}

static void setup_queue(void)
{
	u32 max;

	dev_write(MMIO_QUEUE_SEL, 0);
	if (dev_read(MMIO_QUEUE_RDY) != 0)
		die("queue 0 ready before set-up", 0, 0);
	max = dev_read(MMIO_QUEUE_MAX);
	if (max < 3)
		die("QueueNumMax too small", max, 0);
	for (queue_size = MAX_QUEUE; queue_size > max; queue_size /= 2)
		;
	max_depth = queue_size / 3 < MAX_DEPTH ? queue_size / 3 : MAX_DEPTH;
	memset((void *)RING_BASE, 0, 0x3000);
	dev_write(MMIO_QUEUE_NUM, queue_size);
	dev_write(MMIO_DESC_LO, (u32)RING_BASE);
	dev_write(MMIO_DESC_HI, (u32)(RING_BASE >> 32));
	dev_write(MMIO_AVAIL_LO, (u32)(RING_BASE + 0x1000));
	dev_write(MMIO_AVAIL_HI, (u32)((RING_BASE + 0x1000) >> 32));
	dev_write(MMIO_USED_LO, (u32)(RING_BASE + 0x2000));
	dev_write(MMIO_USED_HI, (u32)((RING_BASE + 0x2000) >> 32));
	dev_write(MMIO_QUEUE_RDY, 1);
	avail_idx = used_seen = 0;
}

static void setup_interrupts(void)
{
	m_trap_hook = trap_handler;
	mmio_write64(CLINT_MTIMECMP(0), ~0ULL);
	mmio_write32(PLIC_PRIORITY(plic_source), 1);
	mmio_write32(PLIC_THRESHOLD0, 0);
	mmio_write32(PLIC_ENABLE_CTX0 + 4 * (plic_source / 32), 1u << (plic_source % 32));
	csr_clear(mstatus, MSTATUS_MIE);
	csr_set(mie, (1UL << IRQ_MEI) | (1UL << IRQ_MTI));
}

static void submit(unsigned s, u32 type, u64 sector, u32 len)
{
	struct virtq_desc *d = &descs[3 * s];

	slots[s] =
	    (struct request_slot){.in_flight = 1, .type = type, .sector = sector, .len = len};
	headers[s] = (struct blk_req_header){.type = type, .sector = sector};
	status_bytes[s] = STATUS_POISON;
	d[0] = (struct virtq_desc){(u64)(unsigned long)&headers[s], sizeof(headers[s]), DESC_F_NEXT,
				   (u16)(3 * s + 1)};
	if (len)
		d[1] = (struct virtq_desc){
		    (u64)(unsigned long)slot_data(s), len,
		    (u16)(DESC_F_NEXT | (type == BLK_T_IN ? DESC_F_WRITE : 0)), (u16)(3 * s + 2)};
	else
		d[0].next = (u16)(3 * s + 2);
	d[2] = (struct virtq_desc){(u64)(unsigned long)&status_bytes[s], 1, DESC_F_WRITE, 0};
	avail->ring[avail_idx % queue_size] = (u16)(3 * s);
	asm volatile("fence w, w" ::: "memory");
	avail->idx = ++avail_idx;
}

static void notify(void)
{
	asm volatile("fence rw, rw" ::: "memory");
	if (!(used->flags & USED_F_NO_NOTIFY)) {
		asm volatile("fence w, o" ::: "memory");
		dev_write(MMIO_NOTIFY, 0);
	}
}

static void wait_for_used(void)
{
	u64 deadline = mtime_read() + TIMEOUT_TICKS;

	mmio_write64(CLINT_MTIMECMP(0), deadline);
	while (used->idx == used_seen) {
		if (mtime_read() >= deadline)
			die("timeout: nothing completed (device status, used idx)",
			    dev_read(MMIO_STATUS), used_seen);
		asm volatile("wfi");
		csr_set(mstatus, MSTATUS_MIE);
		csr_clear(mstatus, MSTATUS_MIE);
	}
	asm volatile("fence r, rw" ::: "memory");
}

static void fill_pattern(u64 *buf, u64 sector, u32 len)
{
	for (u32 i = 0; i < len / SECTOR_SIZE; i++, buf += WORDS_PER_SECTOR)
		for (unsigned w = 0; w < WORDS_PER_SECTOR; w++)
			buf[w] = pattern_word(sector + i, w);
}

static void poison_edges(u64 *buf, u32 len)
{
	for (u32 i = 0; i < len / SECTOR_SIZE; i++, buf += WORDS_PER_SECTOR) {
		buf[0] = POISON_WORD;
		buf[WORDS_PER_SECTOR - 1] = POISON_WORD;
	}
}

static void check_sectors(const u64 *buf, u64 sector, u32 len, int every_word)
{
	unsigned step = every_word ? 1 : WORDS_PER_SECTOR - 1;

	for (u32 i = 0; i < len / SECTOR_SIZE; i++, buf += WORDS_PER_SECTOR)
		for (unsigned w = 0; w < WORDS_PER_SECTOR; w += step)
			if (buf[w] != pattern_word(sector + i, w)) {
				gprintf("vblk: sector %lu word %u: got 0x%016lx want 0x%016lx\n",
					(unsigned long)(sector + i), w, (unsigned long)buf[w],
					(unsigned long)pattern_word(sector + i, w));
				die("wrong data read back (sector, word)", sector + i, w);
			}
}

/* Takes every used entry the device has published; returns how many. */
static unsigned reap(int every_word)
{
	unsigned done = 0;
	u16 idx = used->idx;

	asm volatile("fence r, rw" ::: "memory");
	if ((u16)(idx - used_seen) > max_depth)
		die("used idx ran ahead of the requests in flight", idx, used_seen);
	while (used_seen != idx) {
		struct virtq_used_elem e = used->ring[used_seen % queue_size];
		unsigned s = e.id / 3;
		struct request_slot *r = &slots[s];
		u32 want_len = (r->type == BLK_T_IN ? r->len : 0) + 1;

		if (e.id % 3 || s >= max_depth || !r->in_flight)
			die("used id that was not submitted (id, used idx)", e.id, used_seen);
		if (status_bytes[s] != BLK_S_OK)
			die("request failed (status, sector)", status_bytes[s], r->sector);
		if (e.len != want_len)
			die("used length (got, want)", e.len, want_len);
		if (r->type == BLK_T_IN)
			check_sectors(slot_data(s), r->sector, r->len, every_word);
		r->in_flight = 0;
		free_slots[free_count++] = s;
		used_seen++;
		done++;
	}
	return done;
}

/* Moves the whole drive in requests of bs bytes, depth of them in flight; returns mtime ticks. */
static u64 run_pass(u32 type, u32 bs, unsigned depth, int every_word)
{
	u64 next = 0, start;
	unsigned in_flight = 0;

	free_count = 0;
	for (unsigned s = depth; s-- > 0;)
		free_slots[free_count++] = s;
	start = mtime_read();
	while (next < drive_bytes || in_flight) {
		unsigned submitted = 0;

		while (in_flight < depth && next < drive_bytes) {
			unsigned s = free_slots[--free_count];
			u32 len = drive_bytes - next < bs ? (u32)(drive_bytes - next) : bs;

			if (type == BLK_T_OUT)
				fill_pattern(slot_data(s), next / SECTOR_SIZE, len);
			else
				poison_edges(slot_data(s), len);
			submit(s, type, next / SECTOR_SIZE, len);
			next += len;
			in_flight++;
			submitted++;
		}
		if (submitted)
			notify();
		if (used->idx == used_seen)
			wait_for_used();
		in_flight -= reap(every_word);
	}
	return mtime_read() - start;
}

static void flush(void)
{
	free_count = 0;
	submit(0, BLK_T_FLUSH, 0, 0);
	notify();
	wait_for_used();
	if (reap(0) != 1)
		die("flush did not complete alone", used_seen, avail_idx);
}

static void report(const char *what, u32 bs, unsigned depth, u64 ticks)
{
	u64 tenths = ticks ? drive_bytes * 100 / ticks : 0;

	gprintf("%s bs=%u depth=%u bytes=%lu ticks=%lu MBps=%lu.%lu\n", what, bs, depth,
		(unsigned long)drive_bytes, (unsigned long)ticks, (unsigned long)(tenths / 10),
		(unsigned long)(tenths % 10));
}

int main(long hartid, unsigned long dtb)
{
	static const u32 sizes[] = {4096, 65536};
	static const unsigned depths[] = {1, 4, 16, 64};
	u64 ticks;

	if ((unsigned long)__image_end > RING_BASE)
		die("image overlaps the rings", (unsigned long)__image_end, RING_BASE);
	if (find_device())
		die("no virtio-mmio version 2 block device in the 8 slots", MMIO_SLOT_BASE, 0);
	negotiate_features();
	setup_queue();
	setup_interrupts();
	dev_write(MMIO_STATUS, dev_read(MMIO_STATUS) | STATUS_DRIVER_OK);
	drive_bytes = read_capacity() * SECTOR_SIZE;
	gprintf("vblk: device at 0x%lx (PLIC source %u), %lu bytes, queue %u, depth up to %u, "
		"flush %s\n",
		dev_base, plic_source, (unsigned long)drive_bytes, queue_size, max_depth,
		can_flush ? "yes" : "no (write-through)");
	if (drive_bytes == 0 || drive_bytes % SECTOR_SIZE)
		die("empty drive", drive_bytes, 0);
	if (drive_bytes > (4UL << 30))
		die("drive larger than 4 GiB", drive_bytes, 0);

	ticks = run_pass(BLK_T_OUT, MAX_BS, max_depth < 16 ? max_depth : 16, 0);
	if (can_flush)
		flush();
	report("VBLK-WRITE", MAX_BS, max_depth < 16 ? max_depth : 16, ticks);
	ticks = run_pass(BLK_T_IN, MAX_BS, max_depth < 16 ? max_depth : 16, 1);
	report("VBLK-VERIFY", MAX_BS, max_depth < 16 ? max_depth : 16, ticks);
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (unsigned j = 0; j < sizeof(depths) / sizeof(depths[0]); j++) {
			unsigned depth = depths[j] < max_depth ? depths[j] : max_depth;

			ticks = run_pass(BLK_T_IN, sizes[i], depth, 0);
			report("VBLK", sizes[i], depth, ticks);
		}
	CHECK(irq_count > 0);
	gprintf("vblk: %ld device interrupts, %ld timer wake-ups\n", (long)irq_count,
		(long)timer_count);
	csr_clear(mie, (1UL << IRQ_MEI) | (1UL << IRQ_MTI));
	mmio_write64(CLINT_MTIMECMP(0), ~0ULL);
	dev_write(MMIO_STATUS, 0);
	return 0;
}
