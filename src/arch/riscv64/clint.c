/*
 * clint.c - the CLINT: msip[hart] at 0x0 + 4*hart drives MSIP, mtimecmp[hart]
 * at 0x4000 + 8*hart and the shared mtime at 0xbff8 drive MTIP. mtime is the
 * VM's guest clock in 100 ns ticks plus an offset the guest may write.
 *
 * Invariants: MTIP of a hart is set exactly when mtime >= mtimecmp, which
 * is re-evaluated on every mtimecmp or mtime write and when the hart's
 * vtimer fires (armed for the instant mtime reaches mtimecmp, disarmed when
 * already due or never). State is under c->lock, which is also held while
 * arming so that a stale deadline never overwrites a newer one.
 * 32- and 64-bit accesses are accepted; narrower writes merge into the
 * register.
 */
#include "arch/riscv64/clint.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include "core/log.h"
#include "core/snapshot_state.h"
#include "core/vm.h"

struct clint;

struct clint_hart {
	struct clint *clint;
	unsigned index;
	struct vtimer *timer;
	uint64_t mtimecmp;
	bool msip;
};

struct clint {
	pthread_mutex_t lock;
	const struct vclock *clock;
	clint_notify_fn *notify;
	void *notify_opaque;
	int64_t mtime_offset; /* ticks added to the guest clock */
	unsigned nharts;
	struct clint_hart harts[VM_MAX_CPUS];
};

static uint64_t clint_mtime_at(const struct clint *c, uint64_t ns)
{
	return ns / CLINT_NS_PER_TICK +
	       (uint64_t)__atomic_load_n(&c->mtime_offset, __ATOMIC_RELAXED);
}

uint64_t clint_mtime(struct clint *c)
{
	return clint_mtime_at(c, vclock_ns(c->clock));
}

/* Set MTIP from mtime vs mtimecmp; arm the timer for when it becomes due. Under c->lock. */
static void clint_update_timer_locked(struct clint *c, struct clint_hart *h)
{
	uint64_t ns = vclock_ns(c->clock);
	uint64_t now = clint_mtime_at(c, ns);
	uint64_t delta, base;

	if (now >= h->mtimecmp) {
		c->notify(c->notify_opaque, h->index, CLINT_MTI, true);
		vtimer_arm(h->timer, UINT64_MAX);
		return;
	}
	c->notify(c->notify_opaque, h->index, CLINT_MTI, false);
	delta = h->mtimecmp - now;
	base = ns - ns % CLINT_NS_PER_TICK;
	if (delta > (UINT64_MAX - base) / CLINT_NS_PER_TICK)
		vtimer_arm(h->timer, UINT64_MAX);
	else
		vtimer_arm(h->timer, base + delta * CLINT_NS_PER_TICK);
}

static void clint_timer_fired(void *opaque)
{
	struct clint_hart *h = opaque;

	pthread_mutex_lock(&h->clint->lock);
	clint_update_timer_locked(h->clint, h);
	pthread_mutex_unlock(&h->clint->lock);
}

static uint64_t merge(uint64_t old, uint64_t value, unsigned byte_off, unsigned size)
{
	unsigned shift = byte_off * 8;
	uint64_t mask = size >= 8 ? ~0ull : ((1ull << (size * 8)) - 1);

	return (old & ~(mask << shift)) | ((value & mask) << shift);
}

static uint64_t extract(uint64_t reg, unsigned byte_off, unsigned size)
{
	uint64_t v = reg >> (byte_off * 8);

	return size >= 8 ? v : v & ((1ull << (size * 8)) - 1);
}

static uint64_t clint_read(void *opaque, uint64_t offset, unsigned size)
{
	struct clint *c = opaque;
	uint64_t val = 0;

	pthread_mutex_lock(&c->lock);
	if (offset < CLINT_MSIP_BASE + 4ull * c->nharts) {
		val = offset % 4 == 0 ? c->harts[offset / 4].msip : 0;
	} else if (offset >= CLINT_MTIMECMP_BASE &&
		   offset < CLINT_MTIMECMP_BASE + 8ull * c->nharts) {
		struct clint_hart *h = &c->harts[(offset - CLINT_MTIMECMP_BASE) / 8];

		val = extract(h->mtimecmp, offset % 8, size);
	} else if (offset >= CLINT_MTIME && offset < CLINT_MTIME + 8) {
		val = extract(clint_mtime(c), (unsigned)(offset - CLINT_MTIME), size);
	}
	pthread_mutex_unlock(&c->lock);
	return val;
}

static void clint_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct clint *c = opaque;

	pthread_mutex_lock(&c->lock);
	if (offset < CLINT_MSIP_BASE + 4ull * c->nharts) {
		struct clint_hart *h = &c->harts[offset / 4];

		if (offset % 4 == 0) {
			h->msip = value & 1;
			c->notify(c->notify_opaque, h->index, CLINT_MSI, h->msip);
		}
	} else if (offset >= CLINT_MTIMECMP_BASE &&
		   offset < CLINT_MTIMECMP_BASE + 8ull * c->nharts) {
		struct clint_hart *h = &c->harts[(offset - CLINT_MTIMECMP_BASE) / 8];

		h->mtimecmp = merge(h->mtimecmp, value, offset % 8, size);
		clint_update_timer_locked(c, h);
	} else if (offset >= CLINT_MTIME && offset < CLINT_MTIME + 8) {
		uint64_t ns = vclock_ns(c->clock);
		uint64_t now = clint_mtime_at(c, ns);
		uint64_t want = merge(now, value, (unsigned)(offset - CLINT_MTIME), size);

		__atomic_store_n(&c->mtime_offset, (int64_t)(want - ns / CLINT_NS_PER_TICK),
				 __ATOMIC_RELAXED);
		for (unsigned i = 0; i < c->nharts; i++)
			clint_update_timer_locked(c, &c->harts[i]);
	} else {
		log_class(unimp, "clint: write at +0x%llx ignored", (unsigned long long)offset);
	}
	pthread_mutex_unlock(&c->lock);
}

/* mmio_ops.save: mtime's offset from the guest clock, each hart's msip and mtimecmp. */
static int clint_save(void *opaque, struct snap_enc *e)
{
	struct clint *c = opaque;

	pthread_mutex_lock(&c->lock);
	snap_enc_u64(e, c->nharts);
	snap_enc_u64(e, (uint64_t)__atomic_load_n(&c->mtime_offset, __ATOMIC_RELAXED));
	for (unsigned i = 0; i < c->nharts; i++) {
		snap_enc_u64(e, c->harts[i].msip);
		snap_enc_u64(e, c->harts[i].mtimecmp);
	}
	pthread_mutex_unlock(&c->lock);
	return e->failed ? -ENOMEM : 0;
}

/* mmio_ops.load: the state, then each hart's MSIP and MTIP lines and timer from it (the guest
 * clock is restored before the devices). */
static int clint_load(void *opaque, struct snap_dec *d)
{
	struct clint *c = opaque;
	int ret = 0;

	pthread_mutex_lock(&c->lock);
	if (snap_dec_u64(d) != c->nharts)
		ret = -EINVAL;
	__atomic_store_n(&c->mtime_offset, (int64_t)snap_dec_u64(d), __ATOMIC_RELAXED);
	for (unsigned i = 0; i < c->nharts && !ret; i++) {
		c->harts[i].msip = snap_dec_u64(d) & 1;
		c->harts[i].mtimecmp = snap_dec_u64(d);
	}
	if (!ret)
		ret = snap_dec_finish(d);
	for (unsigned i = 0; i < c->nharts && !ret; i++) {
		c->notify(c->notify_opaque, i, CLINT_MSI, c->harts[i].msip);
		clint_update_timer_locked(c, &c->harts[i]);
	}
	pthread_mutex_unlock(&c->lock);
	return ret;
}

const struct mmio_ops clint_mmio_ops = {
    .read = clint_read,
    .write = clint_write,
    .save = clint_save,
    .load = clint_load,
};

struct clint *clint_create(struct vm *vm, clint_notify_fn *notify, void *opaque)
{
	struct clint *c;

	if (vm->ncpus > VM_MAX_CPUS)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	if (pthread_mutex_init(&c->lock, NULL)) {
		free(c);
		return NULL;
	}
	c->clock = &vm->clock;
	c->notify = notify;
	c->notify_opaque = opaque;
	c->nharts = vm->ncpus;
	for (unsigned i = 0; i < c->nharts; i++) {
		struct clint_hart *h = &c->harts[i];

		h->clint = c;
		h->index = i;
		h->mtimecmp = UINT64_MAX;
		h->timer = vtimer_create(vm->timers, clint_timer_fired, h);
		if (!h->timer) {
			clint_destroy(c);
			return NULL;
		}
	}
	return c;
}

void clint_destroy(struct clint *c)
{
	if (!c)
		return;
	for (unsigned i = 0; i < c->nharts; i++)
		if (c->harts[i].timer)
			vtimer_destroy(c->harts[i].timer);
	pthread_mutex_destroy(&c->lock);
	free(c);
}
