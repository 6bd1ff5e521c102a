/*
 * plic.c - the SiFive platform-level interrupt controller, as on QEMU's
 * virt board.
 *
 * Map: priority[src] at 0x0 + 4*src, pending bits at 0x1000, enable bits
 * of context c at 0x2000 + 0x80*c, threshold of c at 0x200000 + 0x1000*c
 * and claim/complete at +4.
 *
 * Sources are level-triggered: a source is pending while its line is high
 * and it is not claimed (in service); a claim returns the highest-priority
 * pending source enabled for the context with priority above its
 * threshold (ties to the lowest id), clears its pending bit and marks it
 * in service; completing it ends the service and, if the line is still
 * high, makes it pending again.
 *
 * Invariants: all state is under p->lock (lines change on device threads,
 * registers on vCPU threads); after every change each context's output is
 * recomputed and notify is called only when its level changes.
 */
#include "arch/riscv64/plic.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include "core/log.h"
#include "core/snapshot_state.h"

#define PLIC_WORDS ((PLIC_NUM_SOURCES + 31) / 32)

struct plic_context {
	uint32_t enable[PLIC_WORDS];
	uint32_t threshold;
	bool output;
};

struct plic {
	pthread_mutex_t lock;
	plic_notify_fn notify;
	void *opaque;
	unsigned ncontexts;
	uint32_t priority[PLIC_NUM_SOURCES];
	uint32_t pending[PLIC_WORDS];
	uint32_t level[PLIC_WORDS];	 /* current line levels */
	uint32_t in_service[PLIC_WORDS]; /* claimed, not yet completed */
	struct plic_context ctx[];
};

static bool bit_get(const uint32_t *words, unsigned n)
{
	return words[n / 32] >> (n % 32) & 1;
}

static void bit_put(uint32_t *words, unsigned n, bool v)
{
	if (v)
		words[n / 32] |= 1u << (n % 32);
	else
		words[n / 32] &= ~(1u << (n % 32));
}

/* Best claimable source of context c, or 0. */
static unsigned plic_best_locked(const struct plic *p, const struct plic_context *c)
{
	unsigned best = 0;
	uint32_t best_prio = c->threshold;

	for (unsigned w = 0; w < PLIC_WORDS; w++) {
		uint32_t cand = p->pending[w] & c->enable[w];

		while (cand) {
			unsigned src = w * 32 + (unsigned)__builtin_ctz(cand);

			cand &= cand - 1;
			if (p->priority[src] > best_prio) {
				best_prio = p->priority[src];
				best = src;
			}
		}
	}
	return best;
}

static void plic_update_locked(struct plic *p)
{
	for (unsigned i = 0; i < p->ncontexts; i++) {
		struct plic_context *c = &p->ctx[i];
		bool out = plic_best_locked(p, c) != 0;

		if (out != c->output) {
			c->output = out;
			if (p->notify)
				p->notify(p->opaque, i, out);
		}
	}
}

void plic_set_irq(void *opaque, unsigned irq, bool level)
{
	struct plic *p = opaque;

	if (irq == 0 || irq >= PLIC_NUM_SOURCES)
		return;
	pthread_mutex_lock(&p->lock);
	bit_put(p->level, irq, level);
	bit_put(p->pending, irq, level && !bit_get(p->in_service, irq));
	plic_update_locked(p);
	pthread_mutex_unlock(&p->lock);
}

static uint32_t plic_claim_locked(struct plic *p, struct plic_context *c)
{
	unsigned src = plic_best_locked(p, c);

	if (src) {
		bit_put(p->pending, src, false);
		bit_put(p->in_service, src, true);
	}
	return src;
}

static void plic_complete_locked(struct plic *p, uint32_t src)
{
	if (src == 0 || src >= PLIC_NUM_SOURCES || !bit_get(p->in_service, src))
		return;
	bit_put(p->in_service, src, false);
	if (bit_get(p->level, src))
		bit_put(p->pending, src, true);
}

static uint64_t plic_read(void *opaque, uint64_t offset, unsigned size)
{
	struct plic *p = opaque;
	uint64_t val = 0;

	if (size != 4 || offset % 4)
		return 0;
	pthread_mutex_lock(&p->lock);
	if (offset < PLIC_PENDING_BASE) {
		unsigned src = (unsigned)(offset / 4);

		val = src < PLIC_NUM_SOURCES ? p->priority[src] : 0;
	} else if (offset < PLIC_ENABLE_BASE) {
		unsigned w = (unsigned)((offset - PLIC_PENDING_BASE) / 4);

		val = w < PLIC_WORDS ? p->pending[w] : 0;
	} else if (offset < PLIC_CONTEXT_BASE) {
		unsigned ci = (unsigned)((offset - PLIC_ENABLE_BASE) / PLIC_ENABLE_STRIDE);
		unsigned w = (unsigned)((offset - PLIC_ENABLE_BASE) % PLIC_ENABLE_STRIDE / 4);

		val = ci < p->ncontexts && w < PLIC_WORDS ? p->ctx[ci].enable[w] : 0;
	} else {
		unsigned ci = (unsigned)((offset - PLIC_CONTEXT_BASE) / PLIC_CONTEXT_STRIDE);
		unsigned reg = (unsigned)((offset - PLIC_CONTEXT_BASE) % PLIC_CONTEXT_STRIDE);

		if (ci < p->ncontexts && reg == 0) {
			val = p->ctx[ci].threshold;
		} else if (ci < p->ncontexts && reg == 4) {
			val = plic_claim_locked(p, &p->ctx[ci]);
			plic_update_locked(p);
		}
	}
	pthread_mutex_unlock(&p->lock);
	return val;
}

static void plic_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
	struct plic *p = opaque;
	uint32_t v = (uint32_t)value;

	if (size != 4 || offset % 4) {
		log_class(unimp, "plic: %u-byte write at +0x%llx ignored", size,
			  (unsigned long long)offset);
		return;
	}
	pthread_mutex_lock(&p->lock);
	if (offset < PLIC_PENDING_BASE) {
		unsigned src = (unsigned)(offset / 4);

		if (src > 0 && src < PLIC_NUM_SOURCES)
			p->priority[src] = v & PLIC_MAX_PRIORITY;
	} else if (offset < PLIC_ENABLE_BASE) {
		/* pending bits are read-only */
	} else if (offset < PLIC_CONTEXT_BASE) {
		unsigned ci = (unsigned)((offset - PLIC_ENABLE_BASE) / PLIC_ENABLE_STRIDE);
		unsigned w = (unsigned)((offset - PLIC_ENABLE_BASE) % PLIC_ENABLE_STRIDE / 4);

		if (ci < p->ncontexts && w < PLIC_WORDS)
			p->ctx[ci].enable[w] = w == 0 ? v & ~1u : v; /* source 0 does not exist */
	} else {
		unsigned ci = (unsigned)((offset - PLIC_CONTEXT_BASE) / PLIC_CONTEXT_STRIDE);
		unsigned reg = (unsigned)((offset - PLIC_CONTEXT_BASE) % PLIC_CONTEXT_STRIDE);

		if (ci < p->ncontexts && reg == 0)
			p->ctx[ci].threshold = v & PLIC_MAX_PRIORITY;
		else if (ci < p->ncontexts && reg == 4)
			plic_complete_locked(p, v);
	}
	plic_update_locked(p);
	pthread_mutex_unlock(&p->lock);
}

static void plic_enc_words(struct snap_enc *e, const uint32_t *words, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		snap_enc_u64(e, words[i]);
}

static void plic_dec_words(struct snap_dec *d, uint32_t *words, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		words[i] = (uint32_t)snap_dec_u64(d);
}

/* mmio_ops.save: priorities, the pending, level and in-service bits, each context's enables
 * and threshold. */
static int plic_save(void *opaque, struct snap_enc *e)
{
	struct plic *p = opaque;

	pthread_mutex_lock(&p->lock);
	snap_enc_u64(e, p->ncontexts);
	plic_enc_words(e, p->priority, PLIC_NUM_SOURCES);
	plic_enc_words(e, p->pending, PLIC_WORDS);
	plic_enc_words(e, p->level, PLIC_WORDS);
	plic_enc_words(e, p->in_service, PLIC_WORDS);
	for (unsigned i = 0; i < p->ncontexts; i++) {
		plic_enc_words(e, p->ctx[i].enable, PLIC_WORDS);
		snap_enc_u64(e, p->ctx[i].threshold);
	}
	pthread_mutex_unlock(&p->lock);
	return e->failed ? -ENOMEM : 0;
}

/* mmio_ops.load: the state, then every context's output line driven to match it. */
static int plic_load(void *opaque, struct snap_dec *d)
{
	struct plic *p = opaque;
	int ret = 0;

	pthread_mutex_lock(&p->lock);
	if (snap_dec_u64(d) != p->ncontexts)
		ret = -EINVAL;
	plic_dec_words(d, p->priority, PLIC_NUM_SOURCES);
	plic_dec_words(d, p->pending, PLIC_WORDS);
	plic_dec_words(d, p->level, PLIC_WORDS);
	plic_dec_words(d, p->in_service, PLIC_WORDS);
	for (unsigned i = 0; i < p->ncontexts && !ret; i++) {
		plic_dec_words(d, p->ctx[i].enable, PLIC_WORDS);
		p->ctx[i].threshold = (uint32_t)snap_dec_u64(d) & PLIC_MAX_PRIORITY;
	}
	if (!ret)
		ret = snap_dec_finish(d);
	for (unsigned i = 0; i < p->ncontexts && !ret; i++) {
		p->ctx[i].output = plic_best_locked(p, &p->ctx[i]) != 0;
		if (p->notify)
			p->notify(p->opaque, i, p->ctx[i].output);
	}
	pthread_mutex_unlock(&p->lock);
	return ret;
}

const struct mmio_ops plic_mmio_ops = {
    .read = plic_read,
    .write = plic_write,
    .save = plic_save,
    .load = plic_load,
};

struct plic *plic_create(unsigned ncontexts, plic_notify_fn notify, void *opaque)
{
	struct plic *p;

	if (ncontexts == 0 || ncontexts > PLIC_MAX_CONTEXTS)
		return NULL;
	p = calloc(1, sizeof(*p) + ncontexts * sizeof(p->ctx[0]));
	if (!p)
		return NULL;
	if (pthread_mutex_init(&p->lock, NULL)) {
		free(p);
		return NULL;
	}
	p->notify = notify;
	p->opaque = opaque;
	p->ncontexts = ncontexts;
	return p;
}

void plic_destroy(struct plic *p)
{
	if (!p)
		return;
	pthread_mutex_destroy(&p->lock);
	free(p);
}
