/* virtio.c - a virtio-rng driver over virtio-mmio slot 0 (0xd0100000, IOAPIC pin 5; run
 * with --rng): feature negotiation, one queue, then many requests, each kicked through
 * QueueNotify (a KVM ioeventfd in FVP) and completed by an interrupt (a KVM irqfd) that the
 * handler acknowledges. Checks the bytes arrive and every request raises its interrupt. */
#include "lib.h"

#define VIRTIO_BASE 0xd0100000ul
#define VIRTIO_IRQ  5
#define VEC_VIRTIO  0x25
#define QSIZE	    8
#define REQUESTS    200
#define BUF_LEN	    16

#define REG(off) (VIRTIO_BASE + (off))

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

static struct desc descs[QSIZE] __attribute__((aligned(16)));
static struct {
	uint16_t flags, idx, ring[QSIZE], used_event;
} avail __attribute__((aligned(2)));
static struct {
	uint16_t flags, idx;
	struct {
		uint32_t id, len;
	} ring[QSIZE];
	uint16_t avail_event;
} used __attribute__((aligned(4)));
static uint8_t buf[REQUESTS][BUF_LEN];
static volatile unsigned irqs, isr_bits;

static void barrier(void)
{
	__asm__ volatile("mfence" ::: "memory");
}

void irq_handler(unsigned vector)
{
	if (vector == VEC_VIRTIO) {
		uint32_t isr = mmio_read32(REG(0x60));

		isr_bits |= isr;
		mmio_write32(REG(0x64), isr); /* InterruptACK */
		irqs++;
		lapic_eoi();
		return;
	}
	if (vector == 0xff)
		return;
	fail("interrupt on an unexpected vector");
}

static void wait_irqs(unsigned n)
{
	for (unsigned long i = 0; i < 2000000000ul && irqs < n; i++)
		cpu_relax();
}

static void setup_device(void)
{
	check(mmio_read32(REG(0x00)) == 0x74726976, "virtio-mmio magic at slot 0");
	check(mmio_read32(REG(0x04)) == 2, "virtio-mmio version 2");
	check(mmio_read32(REG(0x08)) == 4, "device ID 4 (entropy)");
	mmio_write32(REG(0x70), 0);
	mmio_write32(REG(0x70), 1 | 2); /* ACKNOWLEDGE | DRIVER */
	mmio_write32(REG(0x14), 1);
	check(mmio_read32(REG(0x10)) & 1, "VIRTIO_F_VERSION_1 offered");
	mmio_write32(REG(0x24), 1);
	mmio_write32(REG(0x20), 1); /* VERSION_1 only: no event index, no indirect tables */
	mmio_write32(REG(0x24), 0);
	mmio_write32(REG(0x20), 0);
	mmio_write32(REG(0x70), 1 | 2 | 8);
	check(mmio_read32(REG(0x70)) & 8, "FEATURES_OK accepted");
	mmio_write32(REG(0x30), 0);
	check(mmio_read32(REG(0x34)) >= QSIZE, "queue 0 holds 8 entries");
	mmio_write32(REG(0x38), QSIZE);
	mmio_write32(REG(0x80), (uint32_t)(uintptr_t)descs);
	mmio_write32(REG(0x84), 0);
	mmio_write32(REG(0x90), (uint32_t)(uintptr_t)&avail);
	mmio_write32(REG(0x94), 0);
	mmio_write32(REG(0xa0), (uint32_t)(uintptr_t)&used);
	mmio_write32(REG(0xa4), 0);
	mmio_write32(REG(0x44), 1);
	mmio_write32(REG(0x70), 1 | 2 | 8 | 4); /* DRIVER_OK */
}

int main(void)
{
	unsigned nonzero = 0, bad_len = 0;

	puts_serial("kvm virtio test\n");
	idt_init();
	lapic_enable();
	ioapic_route(VIRTIO_IRQ, VEC_VIRTIO, 0);
	__asm__ volatile("sti");
	setup_device();

	for (unsigned r = 0; r < REQUESTS; r++) {
		unsigned slot = r % QSIZE;

		descs[slot] = (struct desc){
		    .addr = (uint64_t)(uintptr_t)buf[r], .len = BUF_LEN, .flags = 2 /* WRITE */};
		avail.ring[avail.idx % QSIZE] = (uint16_t)slot;
		barrier();
		avail.idx++;
		barrier();
		mmio_write32(REG(0x50), 0); /* QueueNotify: queue 0 */
		wait_irqs(r + 1);
		if (irqs != r + 1) {
			puts_serial("request ");
			put_hex(r);
			fail("no interrupt for a virtio-rng request");
		}
		barrier();
		if (used.idx != (uint16_t)(r + 1) || used.ring[r % QSIZE].len != BUF_LEN ||
		    used.ring[r % QSIZE].id != slot)
			bad_len++;
		for (unsigned i = 0; i < BUF_LEN; i++)
			if (buf[r][i]) {
				nonzero++;
				break;
			}
	}
	check(bad_len == 0, "every request used with 16 bytes, in order");
	check(nonzero >= REQUESTS - 1, "the device filled the buffers with random bytes");
	check(isr_bits == 1, "only used-buffer interrupts (ISR bit 0)");
	check(mmio_read32(REG(0x70)) == (1 | 2 | 8 | 4), "device status still DRIVER_OK");
	__asm__ volatile("cli");
	pass("virtio");
}
