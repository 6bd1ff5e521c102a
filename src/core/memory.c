/*
 * memory.c - the guest-physical address space.
 *
 * RAM regions are anonymous host mappings (MADV_HUGEPAGE advised) with a
 * page-word array beside them (see memory.h). MMIO regions dispatch to
 * device ops. Regions are added only before the VM runs, so lookups take
 * no lock. Bulk copies are memcpy per region; writes bump the generation
 * of code pages they touch, so stale translations are never reused, and
 * break the LR reservations in pages marked PAGE_RESERVED.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "core/log.h"
#include "core/memory.h"

struct address_space *as_create(void)
{
	return calloc(1, sizeof(struct address_space));
}

void as_destroy(struct address_space *as)
{
	if (!as)
		return;
	for (unsigned i = 0; i < as->nram; i++) {
		munmap(as->ram[i].host, as->ram[i].size);
		free(as->ram[i].page_words);
	}
	free(as);
}

static bool as_overlaps(struct address_space *as, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < as->nram; i++)
		if (base < as->ram[i].base + as->ram[i].size && as->ram[i].base < base + size)
			return true;
	for (unsigned i = 0; i < as->nmmio; i++)
		if (base < as->mmio[i].base + as->mmio[i].size && as->mmio[i].base < base + size)
			return true;
	return false;
}

int as_add_ram(struct address_space *as, uint64_t base, uint64_t size)
{
	struct ram_region *r;
	void *host;

	if (!size || (base | size) & (PAGE_SIZE - 1) || base + size < base)
		return -EINVAL;
	if (as->nram == AS_MAX_RAM || as_overlaps(as, base, size))
		return -EINVAL;
	host = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		    -1, 0);
	if (host == MAP_FAILED)
		return -ENOMEM;
	madvise(host, size, MADV_HUGEPAGE);
	r = &as->ram[as->nram];
	r->page_words = calloc(size >> PAGE_SHIFT, sizeof(uint32_t));
	if (!r->page_words) {
		munmap(host, size);
		return -ENOMEM;
	}
	r->base = base;
	r->size = size;
	r->host = host;
	as->nram++;
	return 0;
}

int as_add_mmio(struct address_space *as, uint64_t base, uint64_t size, const struct mmio_ops *ops,
		void *opaque, const char *name)
{
	struct mmio_region *m;

	if (!size || base + size < base || as->nmmio == AS_MAX_MMIO || as_overlaps(as, base, size))
		return -EINVAL;
	m = &as->mmio[as->nmmio++];
	m->base = base;
	m->size = size;
	m->ops = ops;
	m->opaque = opaque;
	m->name = name;
	return 0;
}

struct ram_region *as_find_ram(struct address_space *as, uint64_t paddr)
{
	for (unsigned i = 0; i < as->nram; i++)
		if (paddr - as->ram[i].base < as->ram[i].size)
			return &as->ram[i];
	return NULL;
}

struct mmio_region *as_find_mmio(struct address_space *as, uint64_t paddr)
{
	for (unsigned i = 0; i < as->nmmio; i++)
		if (paddr - as->mmio[i].base < as->mmio[i].size)
			return &as->mmio[i];
	return as->unassigned.ops ? &as->unassigned : NULL;
}

void as_set_unassigned(struct address_space *as, const struct mmio_ops *ops, void *opaque)
{
	as->unassigned = (struct mmio_region){
	    .base = 0, .size = ~0ull, .ops = ops, .opaque = opaque, .name = "unassigned"};
}

void *as_ram_ptr(struct address_space *as, uint64_t paddr, uint64_t len)
{
	struct ram_region *r = as_find_ram(as, paddr);

	if (!r || len > r->size - (paddr - r->base))
		return NULL;
	return r->host + (paddr - r->base);
}

uint32_t *as_page_word(struct address_space *as, uint64_t paddr)
{
	struct ram_region *r = as_find_ram(as, paddr);

	return r ? &r->page_words[(paddr - r->base) >> PAGE_SHIFT] : NULL;
}

void page_word_note_store(uint32_t *word)
{
	uint32_t old = __atomic_load_n(word, __ATOMIC_SEQ_CST);

	/* Bump the generation and drop PAGE_CODE in one step; keep PAGE_RESERVED. */
	while (old & PAGE_CODE) {
		uint32_t new = ((old & ~PAGE_FLAGS) + PAGE_GEN_INC) | (old & PAGE_RESERVED);
		if (__atomic_compare_exchange_n(word, &old, new, false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			break;
	}
}

/* Page by page: translations of code pages are dropped, reservations broken. */
static void as_note_write(struct address_space *as, struct ram_region *r, uint64_t off,
			  uint64_t len)
{
	uint64_t first = off >> PAGE_SHIFT, last = (off + len - 1) >> PAGE_SHIFT;

	for (uint64_t p = first; p <= last; p++) {
		uint32_t flags = __atomic_load_n(&r->page_words[p], __ATOMIC_SEQ_CST);

		if (flags & PAGE_CODE)
			page_word_note_store(&r->page_words[p]);
		if (flags & PAGE_RESERVED) {
			as_reservation_breaker brk =
			    __atomic_load_n(&as->break_reservations, __ATOMIC_ACQUIRE);
			uint64_t start = p == first ? off : p << PAGE_SHIFT;
			uint64_t end = p == last ? off + len : (p + 1) << PAGE_SHIFT;

			if (brk)
				brk(as, r->base + start, (unsigned)(end - start));
		}
	}
}

void as_note_dma_write(struct address_space *as, uint64_t paddr, uint64_t len)
{
	struct ram_region *r = as_find_ram(as, paddr);

	if (r && len && len <= r->size - (paddr - r->base))
		as_note_write(as, r, paddr - r->base, len);
}

int as_read(struct address_space *as, uint64_t paddr, void *buf, uint64_t len)
{
	struct ram_region *r = as_find_ram(as, paddr);

	if (!len)
		return 0;
	if (!r || len > r->size - (paddr - r->base))
		return -EFAULT;
	memcpy(buf, r->host + (paddr - r->base), len);
	return 0;
}

int as_write(struct address_space *as, uint64_t paddr, const void *buf, uint64_t len)
{
	struct ram_region *r = as_find_ram(as, paddr);

	if (!len)
		return 0;
	if (!r || len > r->size - (paddr - r->base))
		return -EFAULT;
	memcpy(r->host + (paddr - r->base), buf, len);
	as_note_write(as, r, paddr - r->base, len);
	return 0;
}

/* size is 1, 2, 4 or 8 and p a multiple of it */
static bool naturally_aligned(const void *p, unsigned size)
{
	return (size == 1 || size == 2 || size == 4 || size == 8) &&
	       ((uintptr_t)p & (size - 1)) == 0;
}

/* An access to RAM: naturally aligned ones as ram_load_aligned/ram_store_aligned (memory.h), as
 * the fast paths of mem/mmu.h make them; anything else a memcpy. */
static uint64_t ram_load(const void *p, unsigned size)
{
	uint64_t v = 0;

	if (naturally_aligned(p, size))
		return ram_load_aligned(p, size);
	memcpy(&v, p, size);
	return v;
}

static void ram_store(void *p, unsigned size, uint64_t val)
{
	if (naturally_aligned(p, size))
		ram_store_aligned(p, size, val);
	else
		memcpy(p, &val, size);
}

/* The bits of an access of size bytes: devices see and give exactly those. */
static inline uint64_t size_mask(unsigned size)
{
	return size < 8 ? (1ull << (size * 8)) - 1 : ~0ull;
}

int as_load(struct address_space *as, uint64_t paddr, unsigned size, uint64_t *val)
{
	struct ram_region *r = as_find_ram(as, paddr);
	struct mmio_region *m;

	if (r && size <= r->size - (paddr - r->base)) {
		*val = ram_load(r->host + (paddr - r->base), size);
		return 0;
	}
	m = as_find_mmio(as, paddr);
	if (!m || size > m->size - (paddr - m->base))
		return -EFAULT;
	*val = m->ops->read ? m->ops->read(m->opaque, paddr - m->base, size) : 0;
	*val &= size_mask(size); /* a device may answer with a whole register */
	return 0;
}

int as_store(struct address_space *as, uint64_t paddr, unsigned size, uint64_t val)
{
	struct ram_region *r = as_find_ram(as, paddr);
	struct mmio_region *m;

	if (r && size <= r->size - (paddr - r->base)) {
		ram_store(r->host + (paddr - r->base), size, val);
		as_note_write(as, r, paddr - r->base, size);
		return 0;
	}
	m = as_find_mmio(as, paddr);
	if (!m || size > m->size - (paddr - m->base))
		return -EFAULT;
	if (m->ops->write)
		m->ops->write(m->opaque, paddr - m->base, val & size_mask(size), size);
	return 0;
}
