/*
 * reservation.c - the LR/SC reservation registry (see reservation.h).
 *
 * One table per address space, found through a short lock-free list (tables
 * are never freed, only recycled by reservation_forget_as). A table holds
 * one word per hart: (granule address | 1) while the hart holds a
 * reservation, else 0.
 *
 * Locking: every change of a slot whose value lies in page P, and every
 * change of P's PAGE_RESERVED flag, happens under P's stripe (one of
 * RES_STRIPES mutexes chosen by hashing address space and page). That
 * keeps the invariant the soft MMU relies on: while some hart holds a
 * reservation in P, P's page word has PAGE_RESERVED, so every store to P
 * leaves the TLB fast path and reaches reservation_store_hit. When the last
 * reservation of a page goes away the flag is cleared again, so pages do
 * not stay on the slow store path forever.
 */
#include <pthread.h>
#include <stdlib.h>
#include "core/vm.h"
#include "mem/reservation.h"

#define RES_STRIPES 64u
#define RES_VALID   1ULL

struct res_table {
	struct address_space *as; /* NULL: free for reuse */
	uint64_t slot[VM_MAX_CPUS];
	struct res_table *next;
};

static struct res_table *res_tables;
static pthread_mutex_t res_tables_lock = PTHREAD_MUTEX_INITIALIZER;

static pthread_mutex_t res_stripes[RES_STRIPES] = {
    [0 ... RES_STRIPES - 1] = PTHREAD_MUTEX_INITIALIZER,
};

static uint64_t granule_of(uint64_t paddr)
{
	return paddr & ~(uint64_t)(RESERVATION_GRANULE - 1);
}

static pthread_mutex_t *stripe_of(struct address_space *as, uint64_t paddr)
{
	uint64_t h = (paddr >> PAGE_SHIFT) ^ ((uintptr_t)as >> 6);

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;
	return &res_stripes[(h >> 40) % RES_STRIPES];
}

static struct res_table *table_find(const struct address_space *as)
{
	for (struct res_table *t = __atomic_load_n(&res_tables, __ATOMIC_ACQUIRE); t; t = t->next)
		if (__atomic_load_n(&t->as, __ATOMIC_ACQUIRE) == as)
			return t;
	return NULL;
}

static struct res_table *table_get(struct address_space *as)
{
	struct res_table *t = table_find(as);

	if (t)
		return t;
	pthread_mutex_lock(&res_tables_lock);
	t = table_find(as);
	if (!t) {
		for (t = res_tables; t && t->as; t = t->next)
			;
		if (t) {
			__atomic_store_n(&t->as, as, __ATOMIC_RELEASE);
		} else {
			t = calloc(1, sizeof(*t));
			if (t) {
				t->as = as;
				t->next = res_tables;
				__atomic_store_n(&res_tables, t, __ATOMIC_RELEASE);
			}
		}
	}
	pthread_mutex_unlock(&res_tables_lock);
	if (t)
		__atomic_store_n(&as->break_reservations, reservation_store_hit, __ATOMIC_RELEASE);
	return t;
}

static uint64_t slot_load(struct res_table *t, unsigned cpu)
{
	return __atomic_load_n(&t->slot[cpu], __ATOMIC_SEQ_CST);
}

/* Clear PAGE_RESERVED of page if no reservation lies in it (caller holds its stripe). */
static void page_flag_update(struct address_space *as, struct res_table *t, uint64_t page)
{
	uint32_t *word;

	for (unsigned i = 0; i < VM_MAX_CPUS; i++) {
		uint64_t v = slot_load(t, i);
		if ((v & RES_VALID) && (v & PAGE_MASK) == page)
			return;
	}
	word = as_page_word(as, page);
	if (word)
		__atomic_fetch_and(word, ~PAGE_RESERVED, __ATOMIC_SEQ_CST);
}

/* Drop cpu's reservation, whatever page it is in. */
static void slot_drop(struct address_space *as, struct res_table *t, unsigned cpu)
{
	uint64_t v = slot_load(t, cpu);
	pthread_mutex_t *lock;

	if (!(v & RES_VALID))
		return;
	lock = stripe_of(as, v);
	pthread_mutex_lock(lock);
	if (slot_load(t, cpu) == v) {
		__atomic_store_n(&t->slot[cpu], 0, __ATOMIC_SEQ_CST);
		page_flag_update(as, t, v & PAGE_MASK);
	}
	pthread_mutex_unlock(lock);
}

void reservation_set(struct address_space *as, unsigned cpu_id, uint64_t paddr)
{
	struct res_table *t = table_get(as);
	uint64_t g = granule_of(paddr);
	uint32_t *word = as_page_word(as, paddr);
	pthread_mutex_t *lock = stripe_of(as, paddr);

	if (!t || !word || cpu_id >= VM_MAX_CPUS)
		return; /* no reservation: the store-conditional will fail */
	slot_drop(as, t, cpu_id);
	pthread_mutex_lock(lock);
	__atomic_fetch_or(word, PAGE_RESERVED, __ATOMIC_SEQ_CST);
	__atomic_store_n(&t->slot[cpu_id], g | RES_VALID, __ATOMIC_SEQ_CST);
	pthread_mutex_unlock(lock);
}

/* Consume cpu's reservation of granule g (caller holds g's stripe). */
static bool take_reservation(struct res_table *t, unsigned cpu_id, uint64_t g)
{
	if (slot_load(t, cpu_id) != (g | RES_VALID))
		return false;
	__atomic_store_n(&t->slot[cpu_id], 0, __ATOMIC_SEQ_CST);
	return true;
}

/* Break every reservation of granule g (caller holds g's stripe). */
static void break_granule(struct res_table *t, uint64_t g)
{
	for (unsigned i = 0; i < VM_MAX_CPUS; i++)
		if (slot_load(t, i) == (g | RES_VALID))
			__atomic_store_n(&t->slot[i], 0, __ATOMIC_SEQ_CST);
}

static bool cas_sized(void *host, unsigned size, uint64_t expected, uint64_t value)
{
	if (size == 4) {
		uint32_t e32 = (uint32_t)expected;
		return __atomic_compare_exchange_n((uint32_t *)host, &e32, (uint32_t)value, false,
						   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	}
	return __atomic_compare_exchange_n((uint64_t *)host, &expected, value, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

bool reservation_store_conditional(struct address_space *as, unsigned cpu_id, uint64_t paddr,
				   void *host, unsigned size, uint64_t expected, uint64_t value)
{
	struct res_table *t = table_find(as);
	uint64_t g = granule_of(paddr);
	pthread_mutex_t *lock = stripe_of(as, paddr);
	bool ok;

	if (!t || cpu_id >= VM_MAX_CPUS)
		return false;
	pthread_mutex_lock(lock);
	ok = take_reservation(t, cpu_id, g);
	if (ok) {
		ok = cas_sized(host, size, expected, value);
		if (ok)
			break_granule(t, g);
		page_flag_update(as, t, g & PAGE_MASK);
	}
	pthread_mutex_unlock(lock);
	if (!ok)
		slot_drop(as, t, cpu_id);
	return ok;
}

void reservation_store_hit(struct address_space *as, uint64_t paddr, unsigned size)
{
	struct res_table *t = table_find(as);
	uint64_t first, last;

	if (!t || size == 0)
		return;
	first = granule_of(paddr);
	last = granule_of(paddr + size - 1);
	for (uint64_t g = first;; g += RESERVATION_GRANULE) {
		pthread_mutex_t *lock = stripe_of(as, g);
		pthread_mutex_lock(lock);
		break_granule(t, g);
		page_flag_update(as, t, g & PAGE_MASK);
		pthread_mutex_unlock(lock);
		if (g == last)
			break;
	}
}

void reservation_clear(struct address_space *as, unsigned cpu_id)
{
	struct res_table *t = table_find(as);

	if (t && cpu_id < VM_MAX_CPUS)
		slot_drop(as, t, cpu_id);
}

void reservation_forget_as(struct address_space *as)
{
	struct res_table *t;

	pthread_mutex_lock(&res_tables_lock);
	t = table_find(as);
	if (t) {
		for (unsigned i = 0; i < VM_MAX_CPUS; i++)
			__atomic_store_n(&t->slot[i], 0, __ATOMIC_SEQ_CST);
		__atomic_store_n(&t->as, NULL, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&res_tables_lock);
}
