/*
 * memory.h - the guest-physical address space: RAM regions and MMIO regions.
 *
 * Invariants: regions never overlap; each RAM region is one host mapping
 * (huge pages advised), so any range inside one region is a plain host
 * pointer. Every RAM page has one atomic 32-bit "page word":
 *   bit 0       PAGE_CODE: some vCPU holds translations of this page;
 *   bit 1       PAGE_RESERVED: some hart holds an LR reservation in it;
 *   bits 2..31  generation, bumped whenever a store hits a code page.
 * Stores check the page word (fast path: word has no flag bits set).
 * Devices see only (opaque, offset, size); they never know the engine or ISA.
 */
#ifndef FVP_CORE_MEMORY_H
#define FVP_CORE_MEMORY_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "core/compiler.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE  (1ULL << PAGE_SHIFT)
#define PAGE_MASK  (~(PAGE_SIZE - 1))

#define PAGE_CODE     1u
#define PAGE_RESERVED 2u
#define PAGE_FLAGS    3u
#define PAGE_GEN_INC  4u

struct snap_enc;
struct snap_dec;

/* A device's register window. Accesses are 1, 2, 4 or 8 bytes, offset relative to the base.
 * Reads of unimplemented registers return 0; writes to them are ignored (logged under -d unimp).
 * save and load carry the device's state in a snapshot (core/snapshot_state.h), called with
 * the VM paused; a device without them cannot be snapshotted, so a stateless device gives
 * ones that write and read nothing. load runs on a freshly created device, before the vCPUs
 * start, and re-raises its interrupt lines and re-arms its timers; 0 or -errno. */
struct mmio_ops {
	uint64_t (*read)(void *opaque, uint64_t offset, unsigned size);
	void (*write)(void *opaque, uint64_t offset, uint64_t value, unsigned size);
	int (*save)(void *opaque, struct snap_enc *e);
	int (*load)(void *opaque, struct snap_dec *d);
};

/* An interrupt line into an interrupt controller. */
struct irq_line {
	void (*set)(void *ctrl, unsigned irq, bool level);
	void *ctrl;
	unsigned irq;
};

static inline void irq_set(const struct irq_line *line, bool level)
{
	if (line->set)
		line->set(line->ctrl, line->irq, level);
}

/* One naturally aligned access of size 1, 2, 4 or 8 bytes to guest RAM at host pointer p. RAM
 * is shared with other vCPUs and device threads, so it is a relaxed atomic (a plain aligned
 * move on x86-64): a guest's racy accesses are the guest's business, not host undefined
 * behaviour, and ThreadSanitizer sees them as such. */
static __always_inline uint64_t ram_load_aligned(const void *p, unsigned size)
{
	switch (size) {
	case 1:
		return __atomic_load_n((const uint8_t *)p, __ATOMIC_RELAXED);
	case 2:
		return __atomic_load_n((const uint16_t *)p, __ATOMIC_RELAXED);
	case 4:
		return __atomic_load_n((const uint32_t *)p, __ATOMIC_RELAXED);
	default:
		return __atomic_load_n((const uint64_t *)p, __ATOMIC_RELAXED);
	}
}

static __always_inline void ram_store_aligned(void *p, unsigned size, uint64_t val)
{
	switch (size) {
	case 1:
		__atomic_store_n((uint8_t *)p, (uint8_t)val, __ATOMIC_RELAXED);
		break;
	case 2:
		__atomic_store_n((uint16_t *)p, (uint16_t)val, __ATOMIC_RELAXED);
		break;
	case 4:
		__atomic_store_n((uint32_t *)p, (uint32_t)val, __ATOMIC_RELAXED);
		break;
	default:
		__atomic_store_n((uint64_t *)p, val, __ATOMIC_RELAXED);
		break;
	}
}

struct ram_region {
	uint64_t base;
	uint64_t size;
	uint8_t *host;
	uint32_t *page_words; /* one per page, see above */
};

struct mmio_region {
	uint64_t base;
	uint64_t size;
	const struct mmio_ops *ops;
	void *opaque;
	const char *name;
};

#define AS_MAX_RAM  4
#define AS_MAX_MMIO 64

/* Breaks LR reservations in [paddr, paddr + len) of one page (installed by the reservation
 * registry of src/mem when it first records a reservation in this address space). */
struct address_space;
typedef void (*as_reservation_breaker)(struct address_space *as, uint64_t paddr, unsigned len);

struct address_space {
	struct ram_region ram[AS_MAX_RAM];
	unsigned nram;
	struct mmio_region mmio[AS_MAX_MMIO];
	unsigned nmmio;
	as_reservation_breaker break_reservations; /* NULL until a reservation exists */
	struct mmio_region unassigned; /* ops NULL: an access to nothing fails (-EFAULT) */
};

struct address_space *as_create(void);
void as_destroy(struct address_space *as);
/* Map size bytes of anonymous RAM at base. Returns 0, -EINVAL (overlap, alignment), -ENOMEM. */
int as_add_ram(struct address_space *as, uint64_t base, uint64_t size) __must_check;
int as_add_mmio(struct address_space *as, uint64_t base, uint64_t size, const struct mmio_ops *ops,
		void *opaque, const char *name) __must_check;

struct ram_region *as_find_ram(struct address_space *as, uint64_t paddr);
/* The MMIO region at paddr; the unassigned handler's region (base 0) where nothing is mapped,
 * if the board set one; else NULL. */
struct mmio_region *as_find_mmio(struct address_space *as, uint64_t paddr);
/* Give accesses that hit nothing to ops (offset = the physical address) instead of failing:
 * a bus that answers every address, such as x86's, where such reads return all-ones. */
void as_set_unassigned(struct address_space *as, const struct mmio_ops *ops, void *opaque);

/* Host pointer for [paddr, paddr+len) if it lies inside one RAM region, else NULL. */
void *as_ram_ptr(struct address_space *as, uint64_t paddr, uint64_t len);
/* Bulk copies for loaders and devices; RAM only, page-contiguous memcpy.
 * Return 0 or -EFAULT if any byte is outside RAM. Writes invalidate code pages. */
int as_read(struct address_space *as, uint64_t paddr, void *buf, uint64_t len) __must_check;
int as_write(struct address_space *as, uint64_t paddr, const void *buf, uint64_t len) __must_check;
/* Single access to RAM or MMIO. Returns 0 or -EFAULT if nothing is mapped there. */
int as_load(struct address_space *as, uint64_t paddr, unsigned size, uint64_t *val) __must_check;
int as_store(struct address_space *as, uint64_t paddr, unsigned size, uint64_t val) __must_check;

/* Page-word handling (code tracking and reservations). */
uint32_t *as_page_word(struct address_space *as, uint64_t paddr);
/* Called after a store landed on a page whose word had flags: invalidates translations. */
void page_word_note_store(uint32_t *word);
/* A device (or the host) wrote [paddr, paddr + len) of RAM behind the vCPUs' backs (DMA through
 * iovecs): drop translations of code there and break LR reservations there, as a store by
 * another hart would. as_write and as_store do this themselves. */
void as_note_dma_write(struct address_space *as, uint64_t paddr, uint64_t len);

#endif
